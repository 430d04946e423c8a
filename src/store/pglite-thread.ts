/**
 * The embedded store in its own worker thread (loaded by a WorkerPool of one, see pglite.ts): PGlite runs
 * Postgres compiled to WebAssembly synchronously, so a big statement (reading a year of history, writing a
 * forecast run) would hold the thread it runs in for seconds. Here it holds only this thread: the API's event
 * loop keeps answering (/health, cached reads) and SIGTERM is always heard, even if the store hangs.
 */
import type { MessagePort } from 'node:worker_threads';
import { openPglite } from './pglite.ts';
import { serveDb } from './remote.ts';

/** Opens the store and answers requests on `port` until asked to close. */
export async function serveStore(opts: {
  dataDir: string;
  schema?: string;
  port: MessagePort;
}): Promise<void> {
  const db = await openPglite(opts.dataDir, opts.schema);
  let closed!: () => void;
  const done = new Promise<void>((r) => {
    closed = r;
  });
  serveDb(opts.port, db, async (m) => {
    if (m.op !== 'close') throw new Error(`unknown request ${m.op}`);
    await db.close();
    setImmediate(() => {
      opts.port.close();
      closed();
    });
    return undefined;
  });
  opts.port.postMessage({ ready: true });
  await done;
}
