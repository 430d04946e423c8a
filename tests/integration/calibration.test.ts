import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { calibrationFigures, REPORT_Q3_2025 } from '../../src/sample/index.ts';
import type { Db } from '../../src/store/db.ts';
import { listPoints } from '../../src/store/points-repo.ts';
import { listStaff } from '../../src/store/staff-repo.ts';
import { iterateVolumes } from '../../src/store/volumes-repo.ts';
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
    const read = async () => {
      const out = [];
      for await (const r of iterateVolumes(db, { from: '2025-07-01', to: '2025-09-23' })) out.push(r);
      return out;
    };

    beforeAll(async () => {
      db = await backend.open();
      // The window plus June, up to the report's snapshot date: the same figures as a full init, faster.
      const r = await loadSampleData(db, loadConfig({}), {
        pointsFile,
        from: '2025-06-01',
        until: REPORT_Q3_2025.to,
      });
      await r.history?.();
      rows = await read();
    }, 240_000);
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
  },
);
