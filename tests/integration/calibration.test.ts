import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { calibrationFigures, REPORT_Q3_2025 } from '../../src/sample/index.ts';
import type { DailyVolume } from '../../src/schemas/domain.ts';
import type { Db } from '../../src/store/db.ts';
import { listPoints } from '../../src/store/points-repo.ts';
import { listStaff } from '../../src/store/staff-repo.ts';
import { loadSampleData } from '../../src/usecases/sample-data.ts';
import { describeStores } from '../helpers/backends.ts';

// CI points this at ../shared/data/hanoi-units.csv (the real 126 units); otherwise the committed sample points.
const pointsFile =
  process.env.DIEUPHOI_POINTS_CSV && existsSync(process.env.DIEUPHOI_POINTS_CSV)
    ? process.env.DIEUPHOI_POINTS_CSV
    : undefined;

describeStores(
  `sample data after init is calibrated to the Q3 2025 report (${pointsFile ? 'real units' : 'sample points'})`,
  (backend) => {
    let db: Db;
    let rows: Awaited<ReturnType<typeof read>>;
    // The generated daily counts themselves (daily_volumes): where the register covers a point and day, the
    // volume reads (volume_rows) count resolved dossiers on the day they were finished instead.
    const read = async () =>
      db.query<DailyVolume>(
        `SELECT v.date, v.point, c.code AS channel, f.code AS field, v.received, v.resolved, v.on_time, v.overdue
         FROM daily_volumes v JOIN channels c ON c.id = v.channel_id JOIN fields f ON f.id = v.field_id
         WHERE v.date BETWEEN '2025-07-01' AND '2025-09-23'`,
      );

    let register: Awaited<ReturnType<NonNullable<Awaited<ReturnType<typeof loadSampleData>>['register']>>>;
    beforeAll(async () => {
      db = await backend.open();
      // The window plus June, up to the report's snapshot date: the same figures as a full init, faster.
      const r = await loadSampleData(db, loadConfig({}), {
        pointsFile,
        from: '2025-06-01',
        until: REPORT_Q3_2025.to,
      });
      await r.history?.();
      // The register of that history (2025-06-26..2025-09-23: the last 90 days to the snapshot), generated inline.
      register = await r.register?.();
      rows = await read();
    }, 400_000);
    afterAll(() => backend.dispose(db));

    it('has 126 points (51 wards, 75 communes) and about 1,500 staff with one lead per point', async () => {
      const points = await listPoints(db);
      expect(points).toHaveLength(126);
      expect(points.filter((p) => p.type === 'ward')).toHaveLength(51);
      const staff = await listStaff(db);
      expect(staff.length).toBeGreaterThan(1400);
      expect(staff.length).toBeLessThan(1600);
      expect(staff.filter((s) => s.role === 'point_lead')).toHaveLength(126);
    });

    it('totals 531,269 dossiers ± 1% with the report channel shares', () => {
      const f = calibrationFigures(rows);
      expect(Math.abs(f.received / 531_269 - 1)).toBeLessThan(0.01);
      expect(f.channelShare.in_person).toBeCloseTo(0.4005, 2);
      expect(f.channelShare.online).toBeCloseTo(0.5971, 2);
      expect(Math.abs(f.channelShare.postal - 0.0024)).toBeLessThan(0.001);
    });

    it('is 96.1% resolved and 99.85% on time, overdue mostly in land and social policy', () => {
      const f = calibrationFigures(rows);
      expect(Math.abs(f.resolvedShare - 0.961)).toBeLessThan(0.005);
      expect(Math.abs(f.onTimeShareOfResolved - 0.9985)).toBeLessThan(0.001);
      expect(f.overdueShareByField.land + f.overdueShareByField.social_policy).toBeGreaterThan(0.6);
    });

    it('rises from July to September and is zero on holidays (2/9 has no rows)', () => {
      const f = calibrationFigures(rows);
      const [jul, aug, sep] = f.months;
      expect(jul!.perWeekday).toBeLessThan(aug!.perWeekday);
      expect(aug!.perWeekday).toBeLessThan(sep!.perWeekday);
      expect(rows.filter((r) => r.date === '2025-09-02' || r.date === '2025-09-01')).toHaveLength(0);
      expect(rows.filter((r) => r.date === '2025-07-06')).toHaveLength(0); // a Sunday
    });

    it('holds the sample register of that history: dossiers of the report window at the report figures', async () => {
      expect(register?.dossiers).toBeGreaterThan(531_269);
      const q = async <T>(sql: string) => (await db.query<T>(sql))[0]!;
      const w = "received_on BETWEEN '2025-07-01' AND '2025-09-23'";
      const f = await q<{
        n: number;
        in_person: number;
        online: number;
        postal: number;
        finished: number;
        on_time: number;
        cross: number;
      }>(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE channel_id = 1)::int AS in_person,
           count(*) FILTER (WHERE channel_id = 2)::int AS online, count(*) FILTER (WHERE channel_id = 3)::int AS postal,
           count(*) FILTER (WHERE finished_on <= '2025-09-23')::int AS finished,
           count(*) FILTER (WHERE finished_on <= '2025-09-23' AND timeliness <> 'overdue')::int AS on_time,
           count(*) FILTER (WHERE receiving_point <> competent_unit)::int AS cross
         FROM dossiers WHERE ${w}`,
      );
      expect(Math.abs(f.n / 531_269 - 1)).toBeLessThan(0.001);
      expect(f.in_person / f.n).toBeCloseTo(0.4005, 3);
      expect(f.online / f.n).toBeCloseTo(0.5971, 3);
      expect(f.postal / f.n).toBeCloseTo(0.0024, 3);
      expect(Math.abs(f.finished / f.n - 0.961)).toBeLessThan(0.0005);
      expect(Math.abs(f.on_time / f.finished - 0.9985)).toBeLessThan(0.0001);
      expect(f.cross / f.n).toBeGreaterThan(0.05);
      expect(f.cross / f.n).toBeLessThan(0.1);
      const overdue = await db.query<{ field_id: number; n: number }>(
        `SELECT field_id, count(*)::int AS n FROM dossiers WHERE ${w} AND finished_on <= '2025-09-23'
         AND timeliness = 'overdue' GROUP BY field_id`,
      );
      const byField = new Map(overdue.map((o) => [o.field_id, o.n]));
      expect(((byField.get(1) ?? 0) + (byField.get(2) ?? 0)) / (f.finished - f.on_time)).toBeGreaterThan(0.7);
    });

    it('derives daily received volumes from the register equal to the daily history, cell by cell', async () => {
      // A count by hand: dossiers grouped by receiving point, day, channel and field against the history rows.
      const [diff] = await db.query<{ cells: number; mismatched: number }>(
        `WITH reg AS (
           SELECT receiving_point AS point, received_on AS date, channel_id, field_id, count(*)::int AS n
           FROM dossiers GROUP BY 1, 2, 3, 4
         ), hist AS (
           SELECT point, date, channel_id, field_id, received AS n FROM daily_volumes
           WHERE received > 0 AND date BETWEEN (SELECT min(received_on) FROM dossiers) AND (SELECT max(received_on) FROM dossiers)
         )
         SELECT count(*)::int AS cells, count(*) FILTER (WHERE reg.n IS DISTINCT FROM hist.n)::int AS mismatched
         FROM reg FULL JOIN hist USING (point, date, channel_id, field_id)`,
      );
      expect(diff!.cells).toBeGreaterThan(50_000);
      expect(diff!.mismatched).toBe(0);
      // The register's own daily rows (register_volumes) say the same where it covers the point and day.
      const [rv] = await db.query<{ a: number; b: number }>(
        `SELECT (SELECT sum(received)::int FROM register_volumes WHERE date BETWEEN '2025-07-01' AND '2025-09-23') AS a,
           (SELECT count(*)::int FROM dossiers WHERE received_on BETWEEN '2025-07-01' AND '2025-09-23') AS b`,
      );
      expect(rv!.a).toBe(rv!.b);
    });

    it('has queue tickets for the in-person dossiers of the last 90 days, and loads once', async () => {
      const [t] = await db.query<{ served: number; in_person: number; abandoned: number }>(
        `SELECT (SELECT count(*)::int FROM tickets WHERE NOT abandoned) AS served,
           (SELECT count(*)::int FROM tickets WHERE abandoned) AS abandoned,
           (SELECT count(*)::int FROM dossiers WHERE channel_id = 1 AND received_on >= '2025-06-26') AS in_person`,
      );
      expect(t!.served).toBe(t!.in_person);
      expect(t!.abandoned).toBeGreaterThan(0);
      expect(register?.tickets).toBe(t!.served + t!.abandoned);
      const again = await loadSampleData(db, loadConfig({}), {
        pointsFile,
        from: '2025-06-01',
        until: REPORT_Q3_2025.to,
      });
      expect(again.register).toBeUndefined();
      expect(again.history).toBeUndefined();
    });
  },
);
