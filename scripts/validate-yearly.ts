/**
 * Validation of the yearly term away from the test windows: `node --import tsx scripts/validate-yearly.ts`.
 * On wiki-peyton-manning (the one real series with more than two years), 52 origins every 14 days over the
 * two years before the first test origin of the README protocol (so none of its test days), horizon 14:
 * mean MAE of `ensemble`, `yearly`, `auto` and `auto` allowed the yearly term. The figures in
 * docs/forecast.md come from here; the protocol's own four windows are in `npm run bench:forecast`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkCalendar } from '../src/core/calendar/calendar.ts';
import { diffDays } from '../src/core/calendar/dates.ts';
import { fitSeries, predictFitted } from '../src/core/forecast/forecast.ts';
import { calendarIsOpen, inferOpenWeekdays } from '../src/core/forecast/panel.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const dir = [
  process.env.DIEUPHOI_SERIES_DIR,
  join(repo, '..', 'shared', 'data', 'series'),
  join(repo, '..', '..', 'shared', 'data', 'series'),
].find((d): d is string => !!d && existsSync(d));
if (!dir) throw new Error('no series directory (set DIEUPHOI_SERIES_DIR)');
const rows = readFileSync(join(dir, 'wiki-peyton-manning.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => {
    const [date, v] = l.split(',');
    return { date: date!, value: Number(v) };
  });
const plain = new WorkCalendar(undefined, [], 'none');
const ctx = { calendar: plain, isOpen: calendarIsOpen(plain, inferOpenWeekdays([rows])) };
const firstTest = rows.length - 14 - 28 * 3;
const variants = [
  ['ensemble', { method: 'ensemble' as const }],
  ['yearly', { method: 'yearly' as const }],
  ['auto', { method: 'auto' as const }],
  ['auto+yearly', { method: 'auto' as const, yearly: true }],
] as const;
const mae = new Map<string, number[]>(variants.map(([n]) => [n, []]));
const chosen = new Map<string, string[]>(variants.map(([n]) => [n, []]));
let origins = 0;
for (let o = firstTest - 14 * 52; o <= firstTest - 14; o += 14) {
  origins++;
  const train = rows.slice(0, o);
  const test = rows.slice(o, o + 14);
  const last = train[train.length - 1]!.date;
  const h = diffDays(last, test[test.length - 1]!.date);
  for (const [name, opts] of variants) {
    const f = fitSeries(train, ctx, { ...opts, horizon: h });
    chosen.get(name)!.push(f.method);
    const fc = predictFitted(f, h);
    let ae = 0;
    for (const r of test) ae += Math.abs(r.value - fc.mean[diffDays(last, r.date) - 1]!);
    mae.get(name)!.push(ae / test.length);
  }
}
console.log(
  `wiki-peyton-manning, ${origins} origins every 14 days, ${rows[firstTest - 14 * 52]!.date}..${rows[firstTest - 1]!.date} (before the protocol's test windows), horizon 14`,
);
for (const [name] of variants) {
  const v = mae.get(name)!;
  const counts = new Map<string, number>();
  for (const m of chosen.get(name)!) counts.set(m, (counts.get(m) ?? 0) + 1);
  console.log(
    `${name.padEnd(12)} mean MAE ${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(1).padStart(7)}  used ${[...counts].map(([m, n]) => `${m}:${n}`).join(' ')}`,
  );
}
