import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import {
  type ForecastValueRow,
  findForecastRunInfo,
  latestCompleteRunId,
  listForecastRuns,
  replaceForecastRun,
  saveForecastRun,
} from '../../src/store/forecast-runs-repo.ts';
import { receivedSeries } from '../../src/store/volumes-repo.ts';
import { describeStores } from '../helpers/backends.ts';

/**
 * A forecast run is written in short steps (saveForecastRun): the store answers other readers between them,
 * no reader sees the run until it is complete, and a write that fails leaves nothing.
 */
const run = (id: string) => ({
  id,
  asOf: '2026-01-04',
  horizon: 7,
  method: 'auto',
  quantiles: [0.1, 0.5, 0.9],
  parameters: {},
  inputs: {},
  diagnostics: { series: 3 },
});

function values(n: number): Array<ForecastValueRow & { method: string }> {
  return Array.from({ length: n }, (_, i) => ({
    level: 'series',
    point: `P${i % 7}`,
    channel: 'online',
    field: `f${i}`,
    date: '2026-01-05',
    mean: i,
    quantiles: { '0.1': i - 1, '0.5': i, '0.9': i + 1 },
    method: 'snaive',
  }));
}

const count = async (db: Db, id: string) =>
  (
    await db.query<{ n: number }>('SELECT count(*)::int AS n FROM forecast_values WHERE run_id = $1', [id])
  )[0]!.n;

describeStores('saving a forecast run in steps', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(() => backend.dispose(db));

  it('answers reads between its steps and shows the run only once it is complete', async () => {
    await replaceForecastRun(db, run('fc-old'), values(3));
    const events: string[] = [];
    const seenMidway: Array<string | undefined> = [];
    const reads: Promise<void>[] = [];
    await saveForecastRun(db, run('fc-new'), values(50), {
      rowsPerCopy: 10,
      afterCopy: async (n) => {
        if (n !== 2) return;
        // A reader arriving mid-write: answered before the write ends, and it sees the last complete run.
        reads.push(
          (async () => {
            seenMidway.push(await latestCompleteRunId(db));
            seenMidway.push((await findForecastRunInfo(db, 'fc-new'))?.id);
            events.push('read answered');
          })(),
        );
        await reads[0];
      },
    });
    events.push('write done');
    await Promise.all(reads);
    expect(events).toEqual(['read answered', 'write done']);
    expect(seenMidway).toEqual(['fc-old', undefined]);
    expect(await count(db, 'fc-new')).toBe(50);
    expect((await findForecastRunInfo(db, 'fc-new'))?.id).toBe('fc-new');
    // Same as-of date, created later: the new run is now the latest.
    expect(await latestCompleteRunId(db)).toBe('fc-new');
  });

  it('leaves nothing when it fails midway, and the same id is written whole afterwards', async () => {
    const boom = saveForecastRun(db, run('fc-fail'), values(50), {
      rowsPerCopy: 10,
      afterCopy: async (n) => {
        if (n === 3) throw new Error('the job died here');
      },
    });
    await expect(boom).rejects.toThrow('the job died here');
    expect(await count(db, 'fc-fail')).toBe(0);
    expect((await listForecastRuns(db)).map((r) => r.id)).not.toContain('fc-fail');
    await saveForecastRun(db, run('fc-fail'), values(50), { rowsPerCopy: 7 });
    expect(await count(db, 'fc-fail')).toBe(50);
  });

  it('replaces a run left half-written by a process that died mid-write', async () => {
    // What a kill -9 mid-write leaves: the run marked writing and some of its values.
    await db.query(
      `INSERT INTO forecast_runs (id, as_of, horizon, method, quantiles, parameters, inputs, status)
       VALUES ('fc-crash', '2026-01-04', 7, 'auto', '{0.5}', '{}', '{}', 'writing')`,
    );
    await db.copyCsv(
      'forecast_values',
      ['run_id', 'level', 'point', 'channel', 'field', 'date', 'mean', 'quantiles', 'method'],
      'fc-crash,series,"P1","online","land",2026-01-05,1,"{}",snaive\n',
    );
    expect(await findForecastRunInfo(db, 'fc-crash')).toBeUndefined();
    expect(await latestCompleteRunId(db)).not.toBe('fc-crash');
    await saveForecastRun(db, run('fc-crash'), values(30), { rowsPerCopy: 10 });
    expect(await count(db, 'fc-crash')).toBe(30);
    expect((await findForecastRunInfo(db, 'fc-crash'))?.id).toBe('fc-crash');
  });
});

describeStores('reading the whole history in ranges of points', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(() => backend.dispose(db));

  it('reads the same series in the same order as one statement would', async () => {
    const codes = ['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07'];
    for (const c of codes)
      await db.query(
        `INSERT INTO points (code, name, type, branch, lat, lon, population, area_km2, counters, min_staff, opening_hours)
         VALUES ($1, $1, 'ward', 'B1', 21, 105, 1000, 1, 2, 1, '{}')`,
        [c],
      );
    // A point missing from the points list (volumes imported before it) is read too.
    const rows: string[] = [];
    for (const p of [...codes, 'P00', 'P99'])
      for (const [d, ch, f] of [
        ['2026-01-05', 1, 1],
        ['2026-01-06', 1, 1],
        ['2026-01-05', 2, 3],
      ] as const)
        rows.push(`${p},${d},${ch},${f},${p.length + ch},0,0,0`);
    await db.copyCsv(
      'daily_volumes',
      ['point', 'date', 'channel_id', 'field_id', 'received', 'resolved', 'on_time', 'overdue'],
      `${rows.join('\n')}\n`,
    );
    const whole = await receivedSeries(db, '2026-01-01', '2026-01-31', undefined, { pointsPerQuery: 1000 });
    expect(whole.length).toBe(18); // 9 points × 2 series (channel × field)
    for (const per of [1, 2, 3, 7])
      expect(
        await receivedSeries(db, '2026-01-01', '2026-01-31', undefined, { pointsPerQuery: per }),
      ).toEqual(whole);
  });

  it('"the latest" is a run over every point where one exists, and a plan’s run always is', async () => {
    await replaceForecastRun(
      db,
      { ...run('fc-all'), asOf: '2026-02-01', inputs: { points: 'all' } },
      values(3),
    );
    await replaceForecastRun(
      db,
      { ...run('fc-branch'), asOf: '2026-02-02', inputs: { points: ['P1', 'P2'] } },
      values(3),
    );
    expect(await latestCompleteRunId(db)).toBe('fc-all');
    expect(await latestCompleteRunId(db, { from: '2026-02-03', to: '2026-02-08' })).toBe('fc-all');
    // Days only a run of some points covers: no run for a plan (it forecasts every point itself).
    await replaceForecastRun(
      db,
      { ...run('fc-branch-later'), asOf: '2026-02-20', inputs: { points: ['P1'] } },
      values(3),
    );
    expect(await latestCompleteRunId(db, { from: '2026-02-21', to: '2026-02-26' })).toBeUndefined();
    expect((await findForecastRunInfo(db, 'fc-branch'))?.id).toBe('fc-branch');
  });
});
