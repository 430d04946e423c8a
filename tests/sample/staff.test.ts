import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/core/errors.ts';
import { DEFAULT_SEED, sampleDataset } from '../../src/sample/dataset.ts';
import { generateStaff } from '../../src/sample/staff.ts';
import { FIELDS, Staff } from '../../src/schemas/domain.ts';
import { hasRealUnits, readRealUnits, sampleModels } from '../helpers/sample.ts';

const models = sampleModels();

function checkStaffing(points: ReturnType<typeof sampleDataset>['points'], staff: Staff[]) {
  expect(staff).toHaveLength(1500);
  expect(new Set(staff.map((s) => s.id)).size).toBe(staff.length);
  for (const s of staff) {
    expect(Value.Check(Staff, s)).toBe(true);
    expect(s.name).toBe(s.name.normalize('NFC'));
    expect(s.name.split(' ').length).toBeGreaterThanOrEqual(3);
  }
  for (const p of points) {
    const mine = staff.filter((s) => s.home_point === p.code);
    const active = mine.filter((s) => s.active);
    expect(mine.filter((s) => s.role === 'point_lead')).toHaveLength(1);
    expect(mine.find((s) => s.role === 'point_lead')!.active).toBe(true);
    expect(active.length).toBeGreaterThanOrEqual(p.min_staff + 1);
    const covered = new Set(active.flatMap((s) => s.fields));
    expect([...covered].sort()).toEqual([...FIELDS].sort());
  }
}

describe('generateStaff', () => {
  const { points, staff } = sampleDataset({ seed: DEFAULT_SEED, ...models });

  it('gives ~1,500 staff, one active lead per point, min_staff + 1 active, all 7 fields covered', () => {
    checkStaffing(points, staff);
  });

  it('gives people 2–4 fields, FTE mostly 1 and about 2% inactive', () => {
    for (const s of staff) {
      expect(s.fields.length).toBeGreaterThanOrEqual(2);
      expect(s.fields.length).toBeLessThanOrEqual(4);
      expect([0.5, 0.6, 0.7, 0.8, 1]).toContain(s.fte);
    }
    const fullTime = staff.filter((s) => s.fte === 1).length / staff.length;
    expect(fullTime).toBeGreaterThan(0.8);
    expect(fullTime).toBeLessThan(0.95);
    const inactive = staff.filter((s) => !s.active).length / staff.length;
    expect(inactive).toBeGreaterThan(0.005);
    expect(inactive).toBeLessThan(0.04);
  });

  it('sizes head counts by load: busy urban wards get many more staff than small communes', () => {
    const count = new Map<string, number>();
    for (const s of staff) count.set(s.home_point, (count.get(s.home_point) ?? 0) + 1);
    const byPop = points.slice().sort((a, b) => b.population - a.population);
    const top = byPop.slice(0, 10).reduce((s, p) => s + count.get(p.code)!, 0);
    const bottom = byPop.slice(-10).reduce((s, p) => s + count.get(p.code)!, 0);
    expect(top).toBeGreaterThan(3 * bottom);
  });

  it('allocates exactly the requested total proportionally with floors', () => {
    const load = Object.fromEntries(points.map((p, i) => [p.code, i === 0 ? 1e6 : 1]));
    const out = generateStaff(points, load, 1, { total: 1000 });
    expect(out).toHaveLength(1000);
    // Everyone else sits at the floor; the giant takes the rest.
    const first = out.filter((s) => s.home_point === points[0]!.code).length;
    const floors = points.slice(1).reduce((s, p) => s + p.min_staff + 1, 0);
    expect(first).toBe(1000 - floors);
  });

  it('is deterministic for a seed', () => {
    const load = Object.fromEntries(points.map((p) => [p.code, p.population]));
    expect(generateStaff(points, load, 3)).toEqual(generateStaff(points, load, 3));
    expect(generateStaff(points, load, 3)).not.toEqual(generateStaff(points, load, 4));
  });

  it('rejects a point without load', () => {
    try {
      generateStaff(points, {}, 1);
      expect.unreachable();
    } catch (err) {
      expect(isDomainError(err) && err.code).toBe('INPUT_INVALID');
    }
  });
});

describe.skipIf(!hasRealUnits)('generateStaff for the real Hanoi units', () => {
  it('staffs every real point', () => {
    const { points, staff } = sampleDataset({ seed: DEFAULT_SEED, units: readRealUnits(), ...models });
    checkStaffing(points, staff);
  });
});
