import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/api.ts';
import { freePort, startCli, stopChild } from '../helpers/procs.ts';

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

async function serve(dir: string, env: Record<string, string> = {}) {
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
  return { child, base, get, post, job, keys };
}

describe('the server process', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'dp-life-'));
    dirs.push(d);
    return join(d, 'store');
  };
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
});
