import type { ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { waitFor } from '../helpers/api.ts';
import { runCli } from '../helpers/cli.ts';
import { type CliChild, freePort, startCli, stopChild, waitExit } from '../helpers/procs.ts';

/**
 * The real server as a supervisor runs it (`dieuphoi serve` on the embedded store with the sample data),
 * stopped while it works: SIGTERM must end it within its shutdown timeout even with a job in flight.
 */

interface JobView {
  id: string;
  state: string;
  startedAt?: string;
  finishedAt?: string;
}

async function serve(dir: string, env: Record<string, string> = {}, as?: { uid: number; gid: number }) {
  const port = await freePort();
  const child = await startCli(
    ['serve'],
    {
      DATA_DIR: dir,
      DATABASE_URL: '',
      REDIS_URL: '',
      DIEUPHOI_POINTS_CSV: '',
      PORT: String(port),
      RATE_LIMIT_PER_MINUTE: '0',
      SAMPLE_HISTORY_UNTIL: '2024-04-30',
      NIGHTLY_FORECAST_CRON: 'off',
      WEEKLY_PLAN_CRON: 'off',
      ...env,
    },
    /serving on/,
    as,
  );
  const base = `http://127.0.0.1:${port}`;
  const keys = () =>
    JSON.parse(readFileSync(join(dir, 'demo-keys.json'), 'utf8')).keys as Record<string, string>;
  const get = async (path: string, role = 'admin') =>
    fetch(`${base}${path}`, { headers: { authorization: `Bearer ${keys()[role]}` } });
  const post = async (path: string, body: unknown, role = 'admin') =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys()[role]}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const job = async (id: string) => (await (await get(`/jobs/${id}`)).json()) as JobView;
  const ready = async () => {
    const r = await fetch(`${base}/ready`);
    return {
      status: r.status,
      body: (await r.json()) as { status: string; database: string; loading?: string },
    };
  };
  return { child, base, get, post, job, keys, ready };
}

describe('the server process', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'dp-life-'));
    dirs.push(d);
    return join(d, 'store');
  };
  const closure = { date: '2026-05-04', name: 'Sửa chữa trụ sở', closed: true };
  /** After the store is lost: 503 at /ready and for a write, an error logged, exit 75 within the grace. */
  async function expectLostAndExit(
    s: Awaited<ReturnType<typeof serve>>,
    keys: Record<string, string>,
    why: RegExp,
  ) {
    const ready = await s.ready();
    expect(ready.status).toBe(503);
    expect(ready.body.database).toMatch(why);
    const write = await fetch(`${s.base}/calendar/closures`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.planner}`, 'content-type': 'application/json' },
      body: JSON.stringify(closure),
    });
    expect(write.status).toBe(503);
    expect(((await write.json()) as { code: string }).code).toBe('STORE_UNAVAILABLE');
    const exit = await waitExit(s.child, 60_000);
    expect(exit.killed).toBe(false);
    expect(exit.code).toBe(75);
    const errors = (s.child as CliChild)
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{') && JSON.parse(l).level >= 50);
    expect(errors.some((l) => /store lost/.test(l))).toBe(true);
  }
  afterAll(async () => {
    for (const c of children) await stopChild(c, 'SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('ends within its shutdown timeout on SIGTERM while a forecast job runs', async () => {
    const s = await serve(tmp(), { SHUTDOWN_TIMEOUT_MS: '1000' });
    children.push(s.child);
    // The sample bootstrap runs a forecast and a plan: its forecast's duration is the yardstick.
    const first = await waitFor(
      async () => {
        const r = (await (await s.get('/jobs?queue=forecast')).json()) as { jobs: JobView[] };
        const j = r.jobs.find((x) => x.state === 'completed');
        return j;
      },
      120_000,
      250,
    );
    const ran = Date.parse(first.finishedAt!) - Date.parse(first.startedAt!);
    // A second forecast of the same size (one day earlier): SIGTERM once it is running.
    const res = await s.post('/forecasts', { asOf: '2024-04-29', horizon: 14 });
    expect(res.status).toBe(202);
    const { job } = (await res.json()) as { job: { id: string } };
    await waitFor(async () => ((await s.job(job.id)).state === 'active' ? true : undefined), 30_000, 20);
    const stopped = await stopChild(s.child, 'SIGTERM', 60_000);
    expect(stopped.killed).toBe(false);
    // Exited by itself, well before the job could have finished (it needs about as long as the first one).
    expect(stopped.ms).toBeLessThan(ran / 2);
    expect(stopped.code).not.toBeNull();
  });

  it('a folder deleted during the first start’s history load: 503s, an error, exit 75; the next start refuses to re-seed', async () => {
    const dir = tmp();
    const s = await serve(dir, {
      SAMPLE_HISTORY_UNTIL: '2025-09-30',
      LOG_LEVEL: 'error',
      STORE_LOST_EXIT_MS: '1500',
    });
    children.push(s.child);
    await waitFor(
      async () => ((await s.ready()).body.loading === 'sample history' ? true : undefined),
      60_000,
      100,
    );
    const keys = s.keys();
    // Moved away then deleted: at once (a plain rm -rf races with the tombstone the server writes).
    renameSync(dir, `${dir}.gone`);
    rmSync(`${dir}.gone`, { recursive: true, force: true });
    await expectLostAndExit(s, keys, /vanished/);
    // A supervisor restarts it: no fresh sample store with new demo keys, a clear refusal instead.
    const again = runCli(['serve'], { DATA_DIR: dir, DATABASE_URL: '', REDIS_URL: '', PORT: '0' });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/STORE_UNAVAILABLE: .*was lost at .*init --reset/);
    expect(existsSync(join(dir, 'PG_VERSION'))).toBe(false);
    expect(existsSync(join(dir, 'demo-keys.json'))).toBe(false);
    // Only init --reset starts a new store there.
    const reset = runCli(['init', '--reset', '--no-history'], {
      DATA_DIR: dir,
      DATABASE_URL: '',
      DIEUPHOI_POINTS_CSV: '',
    });
    expect(reset.code).toBe(0);
  });

  it('killed mid-way through the first start’s sample register load: the next start says so and loads the register whole, its indexes and keys back', async () => {
    const dir = tmp();
    // 24 points: a register of ~100,000 dossiers, loaded in several chunks (the kill falls between two).
    const points = join(dir, '..', 'points.csv');
    const lines = readFileSync(join(import.meta.dirname, '..', '..', 'data', 'points.csv'), 'utf8').split(
      '\n',
    );
    writeFileSync(points, `${lines.slice(0, 25).join('\n')}\n`);
    const env = { SAMPLE_HISTORY_UNTIL: '2025-09-30', DIEUPHOI_POINTS_CSV: points, LOG_LEVEL: 'info' };
    const a = await serve(dir, env);
    children.push(a.child);
    // Some dossiers are in (committed chunks) while the load still runs: then kill -9.
    await waitFor(
      async () => {
        if ((await a.ready()).body.loading !== 'sample register') return undefined;
        const page = (await (await a.get('/dossiers?limit=1')).json()) as { dossiers: unknown[] };
        return page.dossiers.length > 0 ? true : undefined;
      },
      120_000,
      20,
    );
    expect((await stopChild(a.child, 'SIGKILL')).signal).toBe('SIGKILL');
    const b = await serve(dir, env);
    children.push(b.child);
    expect((await b.ready()).body).toMatchObject({ status: 'loading', loading: 'sample register' });
    await waitFor(async () => ((await b.ready()).body.status === 'ready' ? true : undefined), 120_000, 200);
    const log = (b.child as CliChild).output();
    expect(log).toMatch(
      /stopped while it loaded the sample register: its rows are removed and the register is loaded again/,
    );
    expect(log).toMatch(/sample register loaded/);
    await stopChild(b.child, 'SIGTERM');
    // The whole register, once: as many dossiers as the load wrote, codes unique, every index and key back.
    const db = await openDb({ dataDir: dir, thread: false });
    try {
      const [marker] = await db.query<{ value: { state: string; dossiers: number; tickets: number } }>(
        "SELECT value FROM meta WHERE key = 'sample_register'",
      );
      expect(marker?.value.state).toBe('complete');
      const [n] = await db.query<{ dossiers: number; codes: number; tickets: number }>(
        `SELECT (SELECT count(*)::int FROM dossiers) AS dossiers, (SELECT count(DISTINCT code)::int FROM dossiers) AS codes,
           (SELECT count(*)::int FROM tickets) AS tickets`,
      );
      expect(n).toEqual({
        dossiers: marker!.value.dossiers,
        codes: marker!.value.dossiers,
        tickets: marker!.value.tickets,
      });
      expect(n!.dossiers).toBeGreaterThan(50_000);
      const indexes = await db.query<{ name: string; def: string }>(
        "SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename IN ('dossiers', 'tickets') ORDER BY 1",
      );
      const fresh = await openDb({ dataDir: 'memory://' });
      try {
        await migrate(fresh);
        expect(indexes).toEqual(
          await fresh.query(
            "SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename IN ('dossiers', 'tickets') ORDER BY 1",
          ),
        );
      } finally {
        await fresh.close();
      }
      expect(indexes.map((i) => i.name)).toContain('dossiers_pkey');
      // The register's days are read from it: its daily volumes and coverage are there.
      const [cov] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM register_coverage');
      expect(cov!.n).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });

  it('a restart opens the same store: same demo keys, no re-seed', async () => {
    const dir = tmp();
    const env = { SAMPLE_HISTORY_UNTIL: '2024-01-31' };
    const a = await serve(dir, env);
    children.push(a.child);
    await waitFor(async () => ((await a.ready()).body.status === 'ready' ? true : undefined), 120_000, 200);
    const keys = a.keys();
    const points = ((await (await a.get('/points')).json()) as { points: unknown[] }).points.length;
    expect((await stopChild(a.child, 'SIGTERM')).killed).toBe(false);
    const b = await serve(dir, env);
    children.push(b.child);
    expect(b.keys()).toEqual(keys);
    const ready = await b.ready();
    expect(ready.body.status).toBe('ready'); // nothing loading: the store is served as it is
    expect(((await (await b.get('/points')).json()) as { points: unknown[] }).points).toHaveLength(points);
    await stopChild(b.child, 'SIGTERM');
  });

  it('a folder that became unwritable: 503s, an error, exit 75', async () => {
    const dir = tmp();
    mkdirSync(dir);
    // Root writes anywhere: as root the server runs as nobody, the way a service account would.
    const root = process.getuid?.() === 0;
    const as = root ? { uid: 65534, gid: 65534 } : undefined;
    if (as) {
      chmodSync(join(dir, '..'), 0o755);
      chownSync(dir, as.uid, as.gid);
    }
    const s = await serve(
      dir,
      { SAMPLE_HISTORY_UNTIL: '2024-01-31', LOG_LEVEL: 'error', STORE_LOST_EXIT_MS: '1500', HOME: dir },
      as,
    );
    children.push(s.child);
    await waitFor(async () => ((await s.ready()).body.status === 'ready' ? true : undefined), 120_000, 200);
    const keys = s.keys();
    chmodSync(dir, 0o500);
    try {
      await expectLostAndExit(s, keys, /not writable/);
    } finally {
      chmodSync(dir, 0o700);
    }
  });
});
