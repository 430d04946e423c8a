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
 *   npm run bench:api -- [--duration 5] [--connections 10] [--until 2024-06-30] [--read-cache-ms 2000] [--keep DIR] [--jobs-only]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
// @ts-expect-error autocannon ships no types
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    until: { type: 'string', default: '2024-06-30' },
    keep: { type: 'string' },
    'read-cache-ms': { type: 'string', default: '2000' },
    'jobs-only': { type: 'boolean', default: false },
  },
});

const root = join(import.meta.dirname, '..');
const dataDir = values.keep ?? mkdtempSync(join(tmpdir(), 'dp-bench-api-'));

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

interface Result {
  requests: { average: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  non2xx: number;
}

async function main() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const server: ChildProcess = spawn(process.execPath, [join(root, 'bin', 'dieuphoi.js'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: '',
      REDIS_URL: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
      READ_CACHE_MS: values['read-cache-ms'],
      SAMPLE_HISTORY_UNTIL: values.until,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      const ready = await fetch(`${base}/ready`)
        .then((r) => r.json() as Promise<{ status: string }>)
        .catch(() => undefined);
      if (ready?.status === 'ready') break;
      if (server.exitCode !== null) throw new Error('the server exited');
      await new Promise((r) => setTimeout(r, 500));
    }
    process.stdout.write(
      `server ready with the sample data (history 2024-01-01..${values.until}) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
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
    await withJobs(base, headers, adminKey, plans[0]?.id ? `/plans/${plans[0].id}` : undefined);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
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
async function withJobs(base: string, headers: Record<string, string>, adminKey: string, planPath?: string) {
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
  const started = performance.now();
  const routes: Array<[string, string, number]> = [
    ['GET /health', '/health', 50],
    ['GET /plans', '/plans', 100],
    ['GET /forecasts/latest', '/forecasts/latest', 100],
    ['GET /points', '/points', 100],
    ...(planPath ? ([['GET /plans/:id', planPath, 100]] as Array<[string, string, number]>) : []),
  ];
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
  const states = await Promise.all(jobIds.map(state));
  const rows = routes.map(([name, , goal]) => {
    const rs = results.get(name)!;
    const p99 = Math.max(...rs.map((r) => r.latency.p99));
    const reqs = rs.reduce((a, r) => a + r.requests.average, 0) / rs.length;
    const errors = rs.reduce((a, r) => a + r.errors + r.non2xx, 0);
    return [
      name,
      reqs.toFixed(0),
      Math.max(...rs.map((r) => r.latency.p50)).toFixed(1),
      p99.toFixed(1),
      String(errors),
      `${p99 <= goal ? 'MET' : 'NOT MET'} (p99 ≤ ${goal} ms)`,
    ];
  });
  const header = ['route (while jobs run)', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'goal'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(
    `\nwith jobs: fan-out forecast (${jobIds[0]}: ${states[0]}) and plan draft (${jobIds[1]}: ${states[1]}) on the embedded store, ` +
      `${seconds.toFixed(1)} s of load in ${results.get('GET /health')!.length} round(s) of ${values.duration} s; p50/p99: worst round\n` +
      `${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${rows.map(line).join('\n')}\n` +
      `load average: ${load0.toFixed(1)} before, ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} at the end (${availableParallelism()} cores)\n`,
  );
}

await main();
