/**
 * The Excel half of a register import, in a worker thread of its own: exceljs's streaming reader (unzip, XML,
 * cell objects) was ~60% of an XLSX import's CPU on the importing thread — measured on 200,000 sample dossiers —
 * while the store's thread sat half idle. Here the workbook's bytes arrive on a MessagePort as the importing
 * thread reads them, and the rows go back in batches, keyed by register column, with the credit the importing
 * thread gives (a few batches ahead at most: memory stays bounded whatever the file's size).
 */
import { PassThrough } from 'node:stream';
import type { MessagePort } from 'node:worker_threads';
import { isDomainError } from '../../core/errors.ts';
import { type HeaderNames, type RegisterSourceOptions, readXlsx } from './register-source.ts';

/** Importing thread → reader. */
export type ToReader = { chunk: Uint8Array } | { end: true } | { credit: number };
/** Reader → importing thread. */
export type FromReader =
  | { more: true }
  | { names: Array<[string, string]> }
  | { rows: unknown[] }
  | { done: true }
  | { error: { message: string; code?: string; details?: unknown; msg?: unknown } };

export async function streamXlsxRows(args: {
  port: MessagePort;
  opts: Omit<RegisterSourceOptions, 'format'>;
  /**
   * A folder of this import's own for exceljs's temporary files: a worksheet stored before the shared strings
   * (as Excel and exceljs write them) is spooled to a file that exceljs removes asynchronously or at the
   * process's exit — neither happens in a thread that is terminated, so each import left its sheet behind in
   * the system's temporary folder. The importing thread removes this folder once the thread is closed.
   */
  tmpDir?: string;
}): Promise<void> {
  const { port } = args;
  // os.tmpdir(), which exceljs's `tmp` reads on each file, follows TMPDIR: a thread has its own copy of the env.
  if (args.tmpDir) process.env.TMPDIR = args.tmpDir;
  const bytes = new PassThrough({ highWaterMark: 1 << 20 });
  let credit = 0;
  let wake: (() => void) | undefined;
  port.on('message', (m: ToReader) => {
    if ('chunk' in m) {
      if (bytes.write(Buffer.from(m.chunk.buffer, m.chunk.byteOffset, m.chunk.byteLength)))
        port.postMessage({ more: true } satisfies FromReader);
      else bytes.once('drain', () => port.postMessage({ more: true } satisfies FromReader));
    } else if ('end' in m) bytes.end();
    else {
      credit += m.credit;
      wake?.();
    }
  });
  port.postMessage({ more: true } satisfies FromReader);
  const names: HeaderNames = new Map();
  let sentNames = false;
  try {
    for await (const batch of readXlsx(bytes, { ...args.opts, format: 'xlsx' }, names)) {
      if (!sentNames) {
        port.postMessage({ names: [...names] } satisfies FromReader);
        sentNames = true;
      }
      while (credit <= 0) await new Promise<void>((r) => (wake = r));
      credit--;
      port.postMessage({ rows: batch } satisfies FromReader);
    }
    if (!sentNames) port.postMessage({ names: [...names] } satisfies FromReader);
    port.postMessage({ done: true } satisfies FromReader);
  } catch (err) {
    const e = err as { message?: string; code?: string; details?: unknown; msg?: unknown };
    port.postMessage({
      error: {
        message: e?.message ?? String(err),
        ...(isDomainError(err) ? { code: e.code, details: e.details, msg: e.msg } : {}),
      },
    } satisfies FromReader);
  } finally {
    bytes.destroy();
    port.close();
  }
}
