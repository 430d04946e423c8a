// Worker-thread bootstrap: registers the TypeScript loader, then serves calls to one module's exports.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const mod = await import(workerData.module);
parentPort.on('message', async ({ id, fn, args }) => {
  try {
    const result = await mod[fn](...args);
    parentPort.postMessage({ id, ok: true, result });
  } catch (err) {
    parentPort.postMessage({
      id,
      ok: false,
      error: {
        message: err?.message ?? String(err),
        code: err?.code,
        details: err?.details,
        msg: err?.msg,
      },
    });
  }
});
parentPort.postMessage({ ready: true });
