import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEED } from '../../src/sample/dataset.ts';
import { generateSyntheticPoints } from '../../src/sample/points.ts';
import type { Db } from '../../src/store/db.ts';
import { upsertPoints } from '../../src/store/points-repo.ts';
import { resolvedByField } from '../../src/store/register-daily-repo.ts';
import { indicatorReport } from '../../src/usecases/indicators.ts';
import { loadSampleRegister } from '../../src/usecases/sample-register.ts';
import { pgliteBackend } from '../helpers/backends.ts';
import { sampleModels } from '../helpers/sample.ts';

// The sample register loaded the way the store's first start loads it (COPY, then the volumes and the
// indicators' aggregates), up to the end of the report's quarter: ~600,000 dossiers, about a minute.
const points = generateSyntheticPoints(DEFAULT_SEED, { openingHours: sampleModels().openingHours });

describe('indicators on the sample register reproduce the Q3 2025 report (2025-07-01..2025-09-23)', () => {
  let db: Db;
  beforeAll(async () => {
    db = await pgliteBackend.open();
    await upsertPoints(db, points);
    await loadSampleRegister(db, {
      points,
      until: '2025-09-30',
      seed: DEFAULT_SEED,
      historyFrom: '2024-01-01',
    });
  }, 600_000);
  afterAll(async () => pgliteBackend.dispose(db));

  it('received, channels, finished, on time; overdue mostly land and social policy', async () => {
    const r = await indicatorReport(db, {
      level: 'city',
      period: 'quarter',
      from: '2025-07-01',
      to: '2025-09-23',
    });
    const v = r.rows[0]!.values as Record<string, number>;
    const received = v.received!;
    expect(Math.abs(received / 531_269 - 1)).toBeLessThan(0.001);
    expect(v.received_in_person! / received).toBeCloseTo(0.4005, 3);
    expect(v.received_online! / received).toBeCloseTo(0.5971, 3);
    expect(v.received_postal! / received).toBeCloseTo(0.0024, 3);
    // the register starts on 2025-07-01: every finish by 2025-09-23 is of a dossier received in the window
    expect(Math.abs(v.resolved! / received - 0.961)).toBeLessThan(0.0005);
    expect(Math.abs(v.resolved_in_time_share! - 0.9985)).toBeLessThan(0.0001);
    const byField = await resolvedByField(db, '2025-07-01', '2025-09-23');
    const overdue = byField.reduce((t, f) => t + f.overdue, 0);
    const of = (f: string) => byField.find((x) => x.field === f)?.overdue ?? 0;
    expect((of('land') + of('social_policy')) / overdue).toBeGreaterThan(0.7);
    for (const f of ['civil_status', 'certification', 'business_household', 'construction', 'other'])
      expect(of(f)).toBeLessThan(Math.min(of('land'), of('social_policy')));
  });
});
