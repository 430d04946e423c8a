/**
 * The first start's goal (issue #13): `npm start` on a fresh DATA_DIR serves `/health` within 10 s and is ready
 * (`/ready` → `status: "ready"`, the register's pages answer) within 60 s on a 2-core machine. Starts
 * `dieuphoi serve` as a child process on a fresh embedded store `--runs` times (default 3), polls `/health` and
 * `/ready` every 100 ms, checks that the register answers once ready (`GET /dossiers?limit=1`, a dossier's page,
 * `/indicators`), and prints per run: the seconds to `/health`, to each `/ready` state, the log's timeline of the
 * sample load, the server's CPU seconds (all its threads) at ready and the load average. With `--after` it waits
 * for the sample forecast and plan jobs to land too and prints when they did.
 *
 *   npm run bench:startup -- [--runs 3] [--after] [--keep DIR]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from './lib/free-port.ts';
import { hostLine } from './lib/host.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    after: { type: 'boolean', default: false },
    keep: { type: 'string' },
  },
});

const root = join(import.meta.dirname, '..');

/** CPU seconds (user + system, every thread) a process has used so far, from /proc (Linux; NaN elsewhere). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

const s = (ms: number) => (ms / 1000).toFixed(1);

async function getJson(url: string, headers: Record<string, string> = {}) {
  const r = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
  return { status: r.status, body: (await r.json().catch(() => undefined)) as Record<string, unknown> };
}

async function run(i: number) {
  const dir = values.keep ? `${values.keep}-${i}` : mkdtempSync(join(tmpdir(), 'dp-bench-startup-'));
  rmSync(dir, { recursive: true, force: true });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const load0 = loadavg()[0]!;
  const started = performance.now();
  const server: ChildProcess = spawn(process.execPath, [join(root, 'bin', 'dieuphoi.js'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: '',
      REDIS_URL: '',
      DATA_DIR: dir,
      PORT: String(port),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const timeline: string[] = [];
  let buf = '';
  server.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try {
        const j = JSON.parse(line) as Record<string, unknown> & { msg: string; seconds?: number };
        const split = ['waitSeconds', 'copySeconds', 'indexSeconds', 'refreshSeconds']
          .filter((k) => typeof j[k] === 'number')
          .map((k) => `${k.replace('Seconds', '')} ${(j[k] as number).toFixed(1)}`)
          .join(', ');
        if (/sample|plan|forecast|job/.test(j.msg))
          timeline.push(
            `${s(performance.now() - started)} s ${j.msg}${j.seconds ? ` (${j.seconds.toFixed(1)} s${split ? `: ${split}` : ''})` : ''}${
              j.queue ? ` ${j.queue}` : ''
            } (CPU ${cpuSeconds(server.pid!).toFixed(1)} s)`,
          );
      } catch {}
    }
  });
  let stderr = '';
  server.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  let health: number | undefined;
  const states: Record<string, number> = {};
  let ready: number | undefined;
  let cpuAtReady = Number.NaN;
  let load1AtReady = Number.NaN;
  while (ready === undefined) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}): ${stderr}`);
    const t = performance.now() - started;
    if (health === undefined) {
      const h = await getJson(`${base}/health`).catch(() => undefined);
      if (h?.status === 200) health = performance.now() - started;
    } else {
      const r = await getJson(`${base}/ready`).catch(() => undefined);
      if (r?.status === 200) {
        const key = `${r.body.status}${r.body.loading ? `: ${r.body.loading}` : ''}`;
        states[key] ??= t;
        if (r.body.status === 'ready') {
          ready = performance.now() - started;
          cpuAtReady = cpuSeconds(server.pid!);
          load1AtReady = loadavg()[0]!;
        }
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // Ready must mean ready: the register's pages answer.
  const keys = JSON.parse(readFileSync(join(dir, 'demo-keys.json'), 'utf8')).keys as Record<string, string>;
  const auth = { authorization: `Bearer ${keys.viewer}` };
  const page = await getJson(`${base}/dossiers?limit=1`, auth);
  const items = (page.body?.dossiers ?? []) as Array<{ code: string }>;
  const one = items[0]
    ? await getJson(`${base}/dossiers/${encodeURIComponent(items[0].code)}`, auth)
    : undefined;
  const ind = await getJson(`${base}/indicators?level=city&period=month&from=2025-07-01&to=2025-09-23`, auth);
  const checks = `GET /dossiers ${page.status} (${items.length} item), /dossiers/:code ${one?.status ?? '-'}, /indicators ${ind.status}`;
  let after = '';
  if (values.after) {
    for (;;) {
      const r = await getJson(`${base}/ready`).catch(() => undefined);
      if (r?.status === 200 && !r.body.pending) break;
      if (performance.now() - started > 300_000) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    after = `; forecast and plan landed at ${s(performance.now() - started)} s (CPU ${cpuSeconds(server.pid!).toFixed(1)} s)`;
  }
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    `run ${i}: /health ${s(health!)} s (goal ≤ 10: ${health! <= 10_000 ? 'MET' : 'NOT MET'}); ready ${s(ready)} s (goal ≤ 60: ${
      ready <= 60_000 ? 'MET' : 'NOT MET'
    }); server CPU at ready ${cpuAtReady.toFixed(1)} s; load average 1 min ${load0.toFixed(2)} at start, ${load1AtReady.toFixed(2)} at ready${after}\n  /ready states first seen: ${Object.entries(
      states,
    )
      .map(([k, v]) => `${s(v)} s ${k}`)
      .join('; ')}\n  ${checks}\n  log: ${timeline.join('\n       ')}\n`,
  );
}

process.stdout.write(`${hostLine()}\n`);
for (let i = 1; i <= Number(values.runs); i++) await run(i);
