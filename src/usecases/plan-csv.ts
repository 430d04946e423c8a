import { toCsv } from '../core/csv.ts';
import type { Lang } from '../core/messages.ts';
import { planToCsv, type WeeklyPlan } from '../core/optimize/weekly-plan.ts';
import type { Queryable } from '../store/db.ts';
import { getPlan } from './weekly-plan.ts';

/** The roster of a plan as CSV text (one row per person and day), its reasons in `lang`. */
export function planCsvText(plan: WeeklyPlan, lang: Lang = 'en'): string {
  const { header, rows } = planToCsv(plan, lang);
  return toCsv(header, rows);
}

/** The roster of a stored plan as CSV: one row per person and day, reasons in `lang` (default English). */
export async function planCsv(db: Queryable, id: string, lang: Lang = 'en'): Promise<string> {
  return planCsvText((await getPlan(db, id)).result, lang);
}
