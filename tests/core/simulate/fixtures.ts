import type { SimulationModels, SimulationSetup } from '../../../src/core/simulate/index.ts';
import { CHANNELS, type Channel, FIELDS, type Field } from '../../../src/schemas/domain.ts';
import type { DemandRow } from '../../../src/schemas/simulate.ts';
import { loadCalendarModel, loadFieldsModel, loadStaffingModel } from '../../../src/store/model-files.ts';

export function models(): SimulationModels {
  return { fields: loadFieldsModel(), staffing: loadStaffingModel(), calendar: loadCalendarModel() };
}

/** Monday 2026-0105 .. Saturday 2026-01-10: an ordinary week (no holiday). */
export const WEEK = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09', '2026-01-10'];

/**
 * A small city: `n` points (P1..Pn) on a line 3 km apart, 2 branches, with in-person and online demand
 * of every field proportional to `volume` (in-person citizens per day at P1; later points get less).
 */
export function smallCity(n = 4, volume = 40, staff = 6, counters = 3): SimulationSetup {
  const points = Array.from({ length: n }, (_, i) => ({
    code: `P${i + 1}`,
    branch: i % 2 === 0 ? 'north' : 'south',
    counters,
    lat: 21 + i * 0.027,
    lon: 105.8,
  }));
  const present: Record<string, number[]> = {};
  for (const p of points) present[p.code] = WEEK.map(() => staff);
  const mix: Record<Field, number> = {
    certification: 0.3,
    civil_status: 0.22,
    social_policy: 0.15,
    land: 0.12,
    business_household: 0.08,
    construction: 0.03,
    other: 0.1,
  };
  const demand: DemandRow[] = [];
  points.forEach((p, i) => {
    WEEK.forEach((date, d) => {
      const dayFactor = d === 5 ? 0.35 : 1;
      for (const channel of CHANNELS as readonly Channel[]) {
        const share = channel === 'in_person' ? 1 : channel === 'online' ? 1.5 : 0.01;
        for (const field of FIELDS) {
          const mean = (volume * share * mix[field] * dayFactor) / (1 + i * 0.5);
          if (mean > 0) demand.push({ point: p.code, date, channel, field, mean, cv: 0.1 });
        }
      }
    });
  });
  return { input: { days: [...WEEK], points, present, demand }, models: models() };
}
