// Worker-thread bootstrap: lowers this thread's priority when asked (Linux: per thread), registers the
// TypeScript loader, then serves calls to one module's exports.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// On Linux, setpriority(PRIO_PROCESS, 0) changes the calling thread only; elsewhere it would lower the whole
// process, so it is left alone there.
if (workerData.nice > 0 && process.platform === 'linux') {
  try {
    setPriority(0, workerData.nice);
  } catch {
    // not allowed here (a container's seccomp profile): run at the process's priority
  }
}
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
