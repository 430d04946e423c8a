/**
 * API read throughput and latency (target: reads of plans and forecasts ≥ 1,000 req/s with p99 < 50 ms on
 * the sample data). Starts `dieuphoi serve` as a child process on the embedded store with the sample data
 * (rate limiting off: it would cap a single client), waits for /ready, then loads each read route with
 * autocannon on 127.0.0.1 and prints a table. Routes whose use case is not in this build yet (501) are
 * listed as such, not measured.
 *
 * Then a second phase with jobs (issue #18): a branch fan-out forecast and a plan draft run on the embedded
 * store while autocannon loads `/health` and the read routes; it prints their p99 against the goals (`/health`
 * ≤ 50 ms, reads ≤ 100 ms) with MET / NOT MET, and the load average. `--jobs-only` skips the first table.
 *
 * While the jobs run, a sampler reads `/metrics` (the API thread's event-loop delay) and the active jobs' stages
 * every second and prints the worst delay per stage, so that a slow phase can be told apart from the others.
 *
 * `--template DIR` keeps a started sample store in DIR (made at the first use, without the bench's jobs) and runs
 * each bench on a fresh copy of it: repeated runs skip the ~100 s sample load and still run their jobs afresh.
 * `--timeline FILE` writes the sampler's seconds as JSON lines.
 *
 *   npm run bench:api -- [--duration 5] [--connections 10] [--until 2024-06-30] [--read-cache-ms 2000] [--keep DIR]
 *                        [--template DIR] [--timeline FILE] [--jobs-only]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';
import { freePort } from './lib/free-port.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    until: { type: 'string', default: '2024-06-30' },
    keep: { type: 'string' },
    'read-cache-ms': { type: 'string', default: '2000' },
    'jobs-only': { type: 'boolean', default: false },
    template: { type: 'string' },
    timeline: { type: 'string' },
  },
});

const root = join(import.meta.dirname, '..');
const dataDir = values.keep ?? mkdtempSync(join(tmpdir(), 'dp-bench-api-'));

/** The fixed-schedule probes' period per route (ms). */
const PROBE_EVERY_MS = 50;

interface Result {
  requests: { average: number };
  latency: { p50: number; p99: number; average: number; max: number };
  errors: number;
  non2xx: number;
}

/** Starts `dieuphoi serve` on `dir` and waits for /ready. */
async function startServer(dir: string) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const server: ChildProcess = spawn(process.execPath, [join(root, 'bin', 'dieuphoi.js'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: '',
      REDIS_URL: '',
      DATA_DIR: dir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
      READ_CACHE_MS: values['read-cache-ms'],
      SAMPLE_HISTORY_UNTIL: values.until,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    const ready = await fetch(`${base}/ready`)
      .then((r) => r.json() as Promise<{ status: string }>)
      .catch(() => undefined);
    if (ready?.status === 'ready') break;
    if (server.exitCode !== null) throw new Error('the server exited');
    await new Promise((r) => setTimeout(r, 500));
  }
  const stop = async () => {
    if (server.exitCode !== null) return;
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  };
  return { base, started, stop, pid: server.pid! };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux; NaN elsewhere). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** The quantile `q` of sorted numbers. */
function quantile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : Number.NaN;
}

/**
 * Requests sent on a fixed schedule (every `everyMs`, whether or not the previous one was answered), each
 * timed from its own send: unlike the closed loop of autocannon, a stall of the server delays every request
 * sent during it, as it would a liveness probe or a user's click. The probes run in a worker thread of their
 * own: in this thread, autocannon's thousands of requests a second delayed their sends and their timings on a
 * busy machine (a liveness probe is a process of its own too). The thread's own event-loop delay is reported.
 */
const PROBE_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const probes = workerData.probes.map(({ url, headers }) => {
  const st = { ms: [], slow: [], failed: 0, inFlight: new Set() };
  st.timer = setInterval(() => {
    const t = performance.now();
    const p = fetch(url, { headers })
      .then(async (r) => {
        await r.arrayBuffer();
        if (r.status !== 200) st.failed++;
        const took = performance.now() - t;
        st.ms.push(took);
        if (took > 100) st.slow.push({ at: performance.timeOrigin + t, ms: took });
      })
      .catch(() => { st.failed++; })
      .finally(() => st.inFlight.delete(p));
    st.inFlight.add(p);
  }, workerData.everyMs);
  return st;
});
parentPort.once('message', async () => {
  for (const st of probes) clearInterval(st.timer);
  await Promise.all(probes.flatMap((st) => [...st.inFlight]));
  loop.disable();
  parentPort.postMessage({
    probes: probes.map((st) => ({ ms: st.ms.sort((a, b) => a - b), failed: st.failed, slow: st.slow })),
    loopP99Ms: loop.percentile(99) / 1e6,
    loopMaxMs: loop.max / 1e6,
  });
});
`;

interface Probed {
  ms: number[];
  failed: number;
  /** The slow ones (over 100 ms): when they were sent (epoch ms) and how long they took, for --timeline. */
  slow: Array<{ at: number; ms: number }>;
}

function probeThread(probes: Array<{ url: string; headers: Record<string, string> }>, everyMs: number) {
  const w = new Worker(PROBE_THREAD, { eval: true, workerData: { probes, everyMs } });
  return {
    async stop(): Promise<{ probes: Probed[]; loopP99Ms: number; loopMaxMs: number }> {
      const done = new Promise<{ probes: Probed[]; loopP99Ms: number; loopMaxMs: number }>((resolve) =>
        w.once('message', resolve),
      );
      w.postMessage('stop');
      const r = await done;
      await w.terminate();
      return r;
    },
  };
}

async function main() {
  if (values.template && !existsSync(join(values.template, 'demo-keys.json'))) {
    const t = await startServer(values.template);
    // The sample bootstrap's plan may still run after /ready: the template is stopped with no job in flight.
    const admin = JSON.parse(readFileSync(join(values.template, 'demo-keys.json'), 'utf8')).keys
      .admin as string;
    for (;;) {
      const busy = await Promise.all(
        ['active', 'waiting', 'waiting-children', 'delayed'].map(async (state) => {
          const r = await fetch(`${t.base}/jobs?state=${state}`, {
            headers: { authorization: `Bearer ${admin}` },
          });
          return ((await r.json()) as { jobs: unknown[] }).jobs.length;
        }),
      );
      if (busy.every((n) => n === 0)) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    await t.stop();
    process.stdout.write(
      `template store made in ${values.template} in ${((performance.now() - t.started) / 1000).toFixed(1)} s\n`,
    );
  }
  if (values.template) cpSync(values.template, dataDir, { recursive: true });
  const { base, started, stop, pid } = await startServer(dataDir);
  try {
    process.stdout.write(
      `server ready with the sample data (history 2024-01-01..${values.until}${values.template ? `, a copy of ${values.template}` : ''}) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    const key = JSON.parse(readFileSync(join(dataDir, 'demo-keys.json'), 'utf8')).keys.viewer as string;
    const headers = { authorization: `Bearer ${key}` };
    const get = async (path: string) => fetch(`${base}${path}`, { headers });
    const points = (await (await get('/points')).json()) as { points: Array<{ code: string }> };
    const point = points.points[0]!.code;
    const runs = (await (await get('/forecasts?limit=1')).json()) as { runs: Array<{ id: string }> };
    const plans =
      (await get('/plans')).status === 200
        ? (((await (await get('/plans')).json()) as { plans: Array<{ id: string }> }).plans ?? [])
        : [];
    const run = runs.runs[0]?.id;
    const gzip = { 'accept-encoding': 'gzip, deflate, br' };
    const targets: Array<[string, string | undefined, Record<string, string>?]> = [
      ['GET /forecasts (runs)', '/forecasts'],
      ['GET /forecasts/latest', '/forecasts/latest'],
      ['GET /forecasts/latest (gzip)', '/forecasts/latest', gzip],
      ['GET /forecasts/:id', run && `/forecasts/${run}`],
      ['GET /forecasts/:id (gzip)', run && `/forecasts/${run}`, gzip],
      ['GET /forecasts/:id?layout=rows', run && `/forecasts/${run}?layout=rows`],
      ['GET /forecasts/:id?point=', run && `/forecasts/${run}?point=${point}`],
      ['GET /forecasts/:id?level=series (gzip)', run && `/forecasts/${run}?level=series`, gzip],
      ['GET /forecasts/:id/actuals', run && `/forecasts/${run}/actuals`],
      ['GET /plans', '/plans'],
      ['GET /plans/:id', plans[0] ? `/plans/${plans[0].id}` : undefined],
      ['GET /points', '/points'],
      ['GET /points/:code', `/points/${point}`],
      ['GET /staff?point=', `/staff?point=${point}`],
      ['GET /volumes/totals (1 month)', `/volumes/totals?from=2024-03-01&to=2024-03-31&by=channel`],
      ['GET /calendar (1 year)', '/calendar?from=2026-01-01&to=2026-12-31'],
      ['GET /jobs', '/jobs'],
    ];
    const rows: string[][] = [];
    for (const [name, path, extra] of values['jobs-only'] ? [] : targets) {
      if (!path) {
        rows.push([name, '—', '—', '—', '—', '—', 'no data to read (no run or plan stored)']);
        continue;
      }
      // fetch asks for gzip unless told otherwise: the probe asks exactly what autocannon will.
      const probe = await fetch(`${base}${path}`, {
        headers: { 'accept-encoding': 'identity', ...headers, ...extra },
      });
      if (probe.status !== 200) {
        const body = (await probe.json().catch(() => ({}))) as { code?: string };
        rows.push([name, '—', '—', '—', '—', '—', `not measured: ${probe.status} ${body.code ?? ''}`]);
        continue;
      }
      // fetch decompresses: the bytes on the wire are the content-length when the server sent one.
      const wire = Number(probe.headers.get('content-length') ?? (await probe.arrayBuffer()).byteLength);
      const r = (await autocannon({
        url: `${base}${path}`,
        headers: { ...headers, ...extra },
        connections: Number(values.connections),
        duration: Number(values.duration),
      })) as Result;
      rows.push([
        name,
        wire >= 1024 ? `${(wire / 1024).toFixed(0)} KB` : `${wire} B`,
        r.requests.average.toFixed(0),
        r.latency.p50.toFixed(1),
        r.latency.p99.toFixed(1),
        String(r.errors + r.non2xx),
        r.requests.average >= 1000 && r.latency.p99 < 50 ? 'ok (≥ 1,000 req/s, p99 < 50 ms)' : 'below target',
      ]);
    }
    const header = ['route', 'answer', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'verdict'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
    process.stdout.write(
      `\nautocannon: ${values.connections} connections, ${values.duration} s per route, 127.0.0.1, embedded store, viewer key, READ_CACHE_MS=${values['read-cache-ms']}\n` +
        `${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.map(line).join('\n')}\n` +
        `answer: bytes on the wire of one answer; load average at the end: ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}\n`,
    );
    const adminKey = JSON.parse(readFileSync(join(dataDir, 'demo-keys.json'), 'utf8')).keys.admin as string;
    await withJobs(base, headers, adminKey, pid, plans[0]?.id ? `/plans/${plans[0].id}` : undefined);
  } finally {
    await stop();
    if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Adds days to an ISO date. */
function addDays(d: string, n: number): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Phase 2: a branch fan-out forecast and a plan draft (new ids, so nothing is reused) run while autocannon
 * loads /health and the read routes at once; prints p99 per route against the goals and the load average.
 */
async function withJobs(
  base: string,
  headers: Record<string, string>,
  adminKey: string,
  serverPid: number,
  planPath?: string,
) {
  const admin = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${base}${path}`, { method: 'POST', headers: admin, body: JSON.stringify(body) });
    if (r.status !== 202) throw new Error(`POST ${path}: ${r.status} ${await r.text()}`);
    return ((await r.json()) as { job: { id: string } }).job.id;
  };
  const asOf = addDays(values.until, -1);
  // Next Monday after the history, two weeks on: not the week the sample bootstrap planned.
  const day = new Date(Date.parse(`${values.until}T00:00:00Z`)).getUTCDay();
  const week = addDays(values.until, ((8 - day) % 7 || 7) + 14);
  const jobIds = [
    await post('/forecasts', { asOf, horizon: 14, fanOut: 'branch' }),
    await post('/plans', { week }),
  ];
  const state = async (id: string) =>
    ((await (await fetch(`${base}/jobs/${id}`, { headers: admin })).json()) as { state: string }).state;
  const load0 = loadavg()[0]!;
  const cpu0 = cpuSeconds(serverPid);
  const ownCpu0 = process.cpuUsage();
  const started = performance.now();
  const routes: Array<[string, string, number]> = [
    ['GET /health', '/health', 50],
    ['GET /plans', '/plans', 100],
    ['GET /forecasts/latest', '/forecasts/latest', 100],
    ['GET /points', '/points', 100],
    ...(planPath ? ([['GET /plans/:id', planPath, 100]] as Array<[string, string, number]>) : []),
  ];
  const sampler = sampleLoop(base, adminKey);
  const probes = probeThread(
    routes.map(([, path]) => ({ url: `${base}${path}`, headers: path === '/health' ? {} : headers })),
    PROBE_EVERY_MS,
  );
  // Every route loaded at once, for as long as the jobs run (at least --duration seconds), in rounds.
  const results = new Map<string, Result[]>();
  for (;;) {
    const round = await Promise.all(
      routes.map(
        ([, path]) =>
          autocannon({
            url: `${base}${path}`,
            headers: path === '/health' ? {} : headers,
            connections: Math.max(1, Math.floor(Number(values.connections) / routes.length)),
            duration: Number(values.duration),
          }) as Promise<Result>,
      ),
    );
    routes.forEach(([name], i) => {
      results.set(name, [...(results.get(name) ?? []), round[i]!]);
    });
    const states = await Promise.all(jobIds.map(state));
    if (states.every((s) => s === 'completed' || s === 'failed')) break;
  }
  const seconds = (performance.now() - started) / 1000;
  const probeRun = await probes.stop();
  const probed = probeRun.probes;
  const serverCpu = cpuSeconds(serverPid) - cpu0;
  const ownCpu = process.cpuUsage(ownCpu0);
  const samples = await sampler.stop();
  if (values.timeline)
    appendFileSync(
      values.timeline,
      routes
        .flatMap(([name], i) => probed[i]!.slow.map((x) => `\n${JSON.stringify({ probe: name, ...x })}`))
        .join(''),
    );
  const states = await Promise.all(jobIds.map(state));
  const rows = routes.map(([name, , goal], i) => {
    const rs = results.get(name)!;
    const p99 = Math.max(...rs.map((r) => r.latency.p99));
    const reqs = rs.reduce((a, r) => a + r.requests.average, 0) / rs.length;
    const errors = rs.reduce((a, r) => a + r.errors + r.non2xx, 0) + probed[i]!.failed;
    const probe = probed[i]!.ms;
    const probeP99 = quantile(probe, 0.99);
    const met = p99 <= goal && probeP99 <= goal;
    return [
      name,
      reqs.toFixed(0),
      Math.max(...rs.map((r) => r.latency.p50)).toFixed(1),
      p99.toFixed(1),
      Math.max(...rs.map((r) => r.latency.max)).toFixed(0),
      `${quantile(probe, 0.5).toFixed(1)} / ${probeP99.toFixed(1)} / ${(probe.at(-1) ?? Number.NaN).toFixed(0)} (${probe.length})`,
      String(errors),
      `${met ? 'MET' : 'NOT MET'} (p99 ≤ ${goal} ms, both)`,
    ];
  });
  const header = [
    'route (while jobs run)',
    'req/s',
    'p50 ms',
    'p99 ms',
    'max ms',
    `probe p50 / p99 / max ms (n)`,
    'errors',
    'goal',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(
    `\nwith jobs: fan-out forecast (${jobIds[0]}: ${states[0]}) and plan draft (${jobIds[1]}: ${states[1]}) on the embedded store, ` +
      `${seconds.toFixed(1)} s of load in ${results.get('GET /health')!.length} round(s) of ${values.duration} s; p50/p99/max: autocannon's worst round ` +
      `(closed loop: a stall holds back the requests behind it, so its p99 under-counts stalls); probe: one request every ${PROBE_EVERY_MS} ms ` +
      `per route on a fixed schedule from a thread of its own (its event-loop delay p99 ${probeRun.loopP99Ms.toFixed(0)} ms, max ${probeRun.loopMaxMs.toFixed(0)} ms), ` +
      `timed from its send; the goal is met when both p99 are within it\n` +
      `${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.map(line).join('\n')}\n` +
      `load average: ${load0.toFixed(1)} before, ${loadavg()
        .map((l) => l.toFixed(1))
        .join(
          ' ',
        )} at the end (${availableParallelism()} cores); CPU while the jobs ran: server ${serverCpu.toFixed(1)} s, ` +
      `this process (autocannon, probes) ${((ownCpu.user + ownCpu.system) / 1e6).toFixed(1)} s, over ${seconds.toFixed(1)} s of wall time\n`,
  );
  printStages(samples);
}

interface Sample {
  /** Seconds since the jobs were queued. */
  t: number;
  /** When (epoch ms), to line the seconds up with the server's own traces. */
  at: number;
  /** The API thread's event-loop delay over the second before, from /metrics (ms). */
  loopP99Ms: number;
  loopMaxMs: number;
  /** The active jobs and their stages. */
  active: string[];
}

/** Every second: the event-loop delay of the second before (/metrics) and the active jobs' stages (/jobs). */
function sampleLoop(base: string, adminKey: string) {
  const samples: Sample[] = [];
  const t0 = performance.now();
  let running = true;
  const gauge = (text: string, q: string) => {
    const m = text.match(new RegExp(`^dieuphoi_event_loop_delay_seconds\\{quantile="${q}"\\} (\\S+)$`, 'm'));
    return m ? Number(m[1]) * 1000 : Number.NaN;
  };
  const loop = (async () => {
    await fetch(`${base}/metrics`).then((r) => r.text()); // resets the window
    while (running) {
      await new Promise((r) => setTimeout(r, 1000));
      const [metrics, jobs] = await Promise.all([
        fetch(`${base}/metrics`).then((r) => r.text()),
        fetch(`${base}/jobs?state=active`, { headers: { authorization: `Bearer ${adminKey}` } }).then(
          (r) => r.json() as Promise<{ jobs: Array<{ id: string; progress: { stage: string } }> }>,
        ),
      ]);
      samples.push({
        t: (performance.now() - t0) / 1000,
        at: performance.timeOrigin + performance.now(),
        loopP99Ms: gauge(metrics, '0.99'),
        loopMaxMs: gauge(metrics, 'max'),
        active: jobs.jobs
          .map((j) => `${j.id.replace(/-by-branch|-h\d+-all/g, '')}: ${j.progress.stage}`)
          .sort(),
      });
    }
  })();
  return {
    async stop(): Promise<Sample[]> {
      running = false;
      await loop;
      if (values.timeline) writeFileSync(values.timeline, samples.map((s) => JSON.stringify(s)).join('\n'));
      return samples;
    },
  };
}

/** The worst event-loop delay per job stage (a sample counts for every job active in it). */
function printStages(samples: Sample[]) {
  const by = new Map<string, { seconds: number; p99: number; max: number }>();
  for (const s of samples) {
    // The job's queue and stage, without the branch: the children of the fan-out read as one stage.
    for (const a of s.active.length
      ? s.active.map((x) => x.replace(/-b[\w-]*:/, ':'))
      : ['(no job active)']) {
      const e = by.get(a) ?? { seconds: 0, p99: 0, max: 0 };
      e.seconds++;
      e.p99 = Math.max(e.p99, s.loopP99Ms);
      e.max = Math.max(e.max, s.loopMaxMs);
      by.set(a, e);
    }
  }
  const all = samples.map((s) => s.loopMaxMs).sort((a, b) => a - b);
  process.stdout.write(
    `event-loop delay of the API thread (max per second, ms): median ${(all[Math.floor(all.length / 2)] ?? 0).toFixed(0)}, worst ${(all.at(-1) ?? 0).toFixed(0)}; by active job and stage:\n` +
      [...by]
        .sort((a, b) => b[1].max - a[1].max)
        .map(
          ([k, e]) =>
            `  ${k.padEnd(48)} ${String(e.seconds).padStart(4)} s  p99 ≤ ${e.p99.toFixed(0).padStart(5)}  max ${e.max.toFixed(0).padStart(5)}`,
        )
        .join('\n') +
      '\n',
  );
}

await main();
