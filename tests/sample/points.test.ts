import { fc, test } from '@fast-check/vitest';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/core/errors.ts';
import { Random } from '../../src/core/random.ts';
import {
  assignBranches,
  enrichUnits,
  generateSyntheticUnits,
  hungarian,
  SYNTHETIC_CITY,
  type UnitRow,
} from '../../src/sample/points.ts';
import { Point } from '../../src/schemas/domain.ts';
import { hasRealUnits, readRealUnits, sampleModels } from '../helpers/sample.ts';

const { openingHours } = sampleModels();

describe('generateSyntheticUnits', () => {
  const units = generateSyntheticUnits(1);

  it('is shaped like Hanoi: 51 wards and 75 communes, ≈ 8.8 M people on ≈ 3,360 km²', () => {
    expect(units).toHaveLength(126);
    expect(units.filter((u) => u.type === 'ward')).toHaveLength(51);
    expect(units.filter((u) => u.type === 'commune')).toHaveLength(75);
    const pop = units.reduce((s, u) => s + Number(u.population), 0);
    const area = units.reduce((s, u) => s + Number(u.area_km2), 0);
    expect(Math.abs(pop - 8_810_000)).toBeLessThan(10_000);
    expect(Math.abs(area - 3_360)).toBeLessThan(5);
    expect(new Set(units.map((u) => u.code)).size).toBe(126);
    expect(units[0]!.code).toBe('P001');
    expect(units[125]!.code).toBe('P126');
  });

  it('packs wards in a dense core and spreads communes over the belt', () => {
    const { bounds, core } = SYNTHETIC_CITY;
    for (const u of units) {
      expect(Number(u.lat)).toBeGreaterThanOrEqual(bounds.latMin);
      expect(Number(u.lat)).toBeLessThanOrEqual(bounds.latMax);
      expect(Number(u.lon)).toBeGreaterThanOrEqual(bounds.lonMin);
      expect(Number(u.lon)).toBeLessThanOrEqual(bounds.lonMax);
      const r = Math.hypot(Number(u.lat) - core.lat, Number(u.lon) - core.lon);
      if (u.type === 'ward') expect(r).toBeLessThan(0.12);
      else expect(r).toBeGreaterThan(0.1);
    }
    const density = (t: string) => {
      const us = units.filter((u) => u.type === t);
      return (
        us.reduce((s, u) => s + Number(u.population), 0) / us.reduce((s, u) => s + Number(u.area_km2), 0)
      );
    };
    expect(density('ward')).toBeGreaterThan(5 * density('commune'));
  });

  it('has heavy-tailed populations', () => {
    const pops = units.map((u) => Number(u.population)).sort((a, b) => a - b);
    const median = pops[63]!;
    expect(pops[125]! / median).toBeGreaterThan(2);
    expect(pops[0]! / median).toBeLessThan(0.5);
  });

  it('uses plausible, unique Vietnamese names without the Phường/Xã prefix', () => {
    const names = units.map((u) => u.name);
    expect(new Set(names).size).toBe(126);
    for (const n of names) {
      expect(n).toBe(n.normalize('NFC'));
      expect(n).toMatch(/^\p{Lu}\p{L}+ \p{Lu}\p{L}+$/u);
      expect(n).not.toMatch(/^(Phường|Xã)/);
    }
  });

  it('is deterministic for a seed', () => {
    expect(generateSyntheticUnits(1)).toEqual(units);
    expect(generateSyntheticUnits(2)).not.toEqual(units);
  });
});

describe('enrichUnits', () => {
  const units = generateSyntheticUnits(1);
  const points = enrichUnits(units, { openingHours });

  it('returns valid points', () => {
    for (const p of points) expect(Value.Check(Point, p)).toBe(true);
  });

  it('groups points into 12 geographic branches of 10–11 points, numbered from the core outwards', () => {
    const sizes = new Map<string, number>();
    for (const p of points) sizes.set(p.branch, (sizes.get(p.branch) ?? 0) + 1);
    expect(sizes.size).toBe(12);
    for (const n of sizes.values()) {
      expect(n).toBeGreaterThanOrEqual(10);
      expect(n).toBeLessThanOrEqual(11);
    }
    // A branch is compact: its points are much closer to each other than to the city's extent.
    const spread = (ps: typeof points) => {
      const lat = ps.reduce((s, p) => s + p.lat, 0) / ps.length;
      const lon = ps.reduce((s, p) => s + p.lon, 0) / ps.length;
      return Math.sqrt(ps.reduce((s, p) => s + (p.lat - lat) ** 2 + (p.lon - lon) ** 2, 0) / ps.length);
    };
    const branchSpread = [...sizes.keys()].map((b) => spread(points.filter((p) => p.branch === b)));
    expect(Math.max(...branchSpread)).toBeLessThan(spread(points) * 0.7);
    // Chi nhánh 1 is the urban core: all wards.
    expect(points.filter((p) => p.branch === 'Chi nhánh 1').every((p) => p.type === 'ward')).toBe(true);
  });

  it('sizes counters and min_staff by population and type', () => {
    for (const p of points) {
      expect(p.min_staff).toBeGreaterThanOrEqual(2);
      expect(p.min_staff).toBeLessThanOrEqual(4);
      expect(p.counters).toBeGreaterThanOrEqual(2);
    }
    const mean = (t: string) => {
      const ps = points.filter((p) => p.type === t);
      return ps.reduce((s, p) => s + p.counters, 0) / ps.length;
    };
    expect(mean('ward')).toBeGreaterThan(mean('commune'));
  });

  it('opens on Saturday mornings at most wards and the bigger communes, not all', () => {
    const sat = (t: string) => points.filter((p) => p.type === t && p.opening_hours.saturday.length > 0);
    expect(sat('ward')).toHaveLength(43); // round(51 × 0.85)
    expect(sat('commune')).toHaveLength(30); // round(75 × 0.4)
    const communes = points.filter((p) => p.type === 'commune');
    const minOpen = Math.min(...sat('commune').map((p) => p.population));
    const maxClosed = Math.max(
      ...communes.filter((p) => p.opening_hours.saturday.length === 0).map((p) => p.population),
    );
    expect(minOpen).toBeGreaterThanOrEqual(maxClosed);
    for (const p of points) expect(p.opening_hours.weekday).toEqual(openingHours.weekday);
  });

  it('does not depend on the row order', () => {
    const shuffled = new Random(5).shuffle(units);
    const again = enrichUnits(shuffled, { openingHours });
    const byCode = new Map(again.map((p) => [p.code, p]));
    for (const p of points) expect(byCode.get(p.code)).toEqual(p);
  });

  it('normalises names to NFC', () => {
    const nfd: UnitRow[] = [{ ...units[0]!, name: 'Đông Hòa'.normalize('NFD') }, ...units.slice(1)];
    expect(enrichUnits(nfd, { openingHours })[0]!.name).toBe('Đông Hòa'.normalize('NFC'));
  });

  it('rejects bad rows, naming each line and column', () => {
    const bad: UnitRow[] = [
      units[0]!,
      { ...units[1]!, population: 'abc' },
      { ...units[2]!, type: 'city', lat: '95' },
      { ...units[3]!, code: units[0]!.code },
    ];
    try {
      enrichUnits(bad, { openingHours });
      expect.unreachable();
    } catch (err) {
      expect(isDomainError(err)).toBe(true);
      const details = (err as { details: Array<{ line?: number; field?: string }> }).details;
      expect(details.map((d) => `${d.line}:${d.field}`)).toEqual([
        '3:population',
        '4:type',
        '4:lat',
        '5:code',
      ]);
    }
  });

  it('assignBranches handles fewer points than branches', () => {
    const few = units
      .slice(0, 3)
      .map((u) => ({ ...u, lat: Number(u.lat), lon: Number(u.lon), population: 1 }));
    expect(assignBranches(few, 12).sort()).toEqual([0, 1, 2]);
  });
});

describe.skipIf(!hasRealUnits)('enrichUnits on the real Hanoi unit list', () => {
  it('accepts hanoi-units.csv as it is', () => {
    const points = enrichUnits(readRealUnits(), { openingHours });
    expect(points).toHaveLength(126);
    for (const p of points) expect(Value.Check(Point, p)).toBe(true);
    expect(new Set(points.map((p) => p.branch)).size).toBe(12);
    expect(points.find((p) => p.code === '00070')?.name).toBe('Hoàn Kiếm');
    expect(points.filter((p) => p.type === 'ward')).toHaveLength(51);
  });
});

describe('hungarian', () => {
  it('solves a textbook 3×3 case (optimum 5: rows → columns 1, 0, 2)', () => {
    expect(hungarian([4, 1, 3, 2, 0, 5, 3, 2, 2], 3, 3)).toEqual([1, 0, 2]);
  });

  test.prop([
    fc
      .integer({ min: 1, max: 5 })
      .chain((rows) =>
        fc
          .integer({ min: rows, max: 6 })
          .chain((cols) =>
            fc.tuple(
              fc.constant(rows),
              fc.constant(cols),
              fc.array(fc.integer({ min: -50, max: 50 }), { minLength: rows * cols, maxLength: rows * cols }),
            ),
          ),
      ),
  ])('matches brute force on small rectangular matrices', ([rows, cols, cost]) => {
    const assign = hungarian(cost, rows, cols);
    expect(new Set(assign).size).toBe(rows);
    const total = assign.reduce((s, c, r) => s + cost[r * cols + c]!, 0);
    let best = Number.POSITIVE_INFINITY;
    const search = (r: number, used: Set<number>, acc: number) => {
      if (r === rows) {
        best = Math.min(best, acc);
        return;
      }
      for (let c = 0; c < cols; c++) {
        if (used.has(c)) continue;
        used.add(c);
        search(r + 1, used, acc + cost[r * cols + c]!);
        used.delete(c);
      }
    };
    search(0, new Set(), 0);
    expect(total).toBe(best);
  });
});
