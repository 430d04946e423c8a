/**
 * Regenerates the committed sample data: data/points.csv (126 synthetic Hanoi-shaped points) and
 * data/staff.csv (~1,500 staff), deterministically from a seed. The daily history is generated at `init`
 * time (its end defaults to yesterday), so it is not written to data/; `--history FILE` writes it elsewhere
 * (for benchmarks and inspection).
 *
 *   node --import tsx scripts/generate-data.ts [--seed N] [--out DIR] [--history FILE] [--from DATE] [--until DATE]
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { addDays, isIsoDate, WorkCalendar } from '../src/core/calendar/index.ts';
import { csvLine } from '../src/core/csv.ts';
import {
  calibrationFigures,
  DEFAULT_SEED,
  generateHistory,
  pointsToCsv,
  sampleDataset,
  staffToCsv,
  VOLUMES_CSV_COLUMNS,
  volumeCsvRecord,
} from '../src/sample/index.ts';
import type { DailyVolume } from '../src/schemas/domain.ts';
import { loadCalendarModel, loadFieldsModel, loadStaffingModel } from '../src/store/model-files.ts';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    out: { type: 'string', default: join(repo, 'data') },
    history: { type: 'string' },
    from: { type: 'string', default: '2024-01-01' },
    until: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(
    'usage: node --import tsx scripts/generate-data.ts [--seed N] [--out DIR] [--history FILE] [--from DATE] [--until DATE]\n' +
      '  writes DIR/points.csv and DIR/staff.csv (DIR defaults to data/); --history writes the daily volumes CSV\n' +
      '  from --from (2024-01-01) to --until (default: yesterday in Asia/Ho_Chi_Minh) to FILE (not into data/)\n',
  );
  process.exit(0);
}
const fail = (msg: string): never => {
  process.stderr.write(`error: ${msg}\n`);
  process.exit(1);
};
const seed = Number(values.seed);
if (!Number.isSafeInteger(seed)) fail(`--seed must be an integer, got ${values.seed}`);
const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });
const until = values.until ?? addDays(today, -1);
if (!isIsoDate(until)) fail(`--until must be a date YYYY-MM-DD, got ${until}`);
if (!isIsoDate(values.from)) fail(`--from must be a date YYYY-MM-DD, got ${values.from}`);

const staffingModel = loadStaffingModel();
const fieldsModel = loadFieldsModel();
const calendar = new WorkCalendar(loadCalendarModel());

const { points, staff } = sampleDataset({ seed, calendar, staffingModel, fieldsModel });
mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, 'points.csv'), pointsToCsv(points));
writeFileSync(join(values.out, 'staff.csv'), staffToCsv(staff));
process.stdout.write(
  `wrote ${points.length} points and ${staff.length} staff to ${relative(process.cwd(), values.out) || '.'} (seed ${seed})\n`,
);

if (values.history) {
  const file = resolve(values.history);
  if (dirname(file) === resolve(repo, 'data'))
    fail('the history is generated at init time; write --history somewhere outside data/');
  mkdirSync(dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const started = performance.now();
  let count = 0;
  let chunk: string[] = [csvLine(VOLUMES_CSV_COLUMNS)];
  const rows: DailyVolume[] = [];
  const tee = function* (it: Iterable<DailyVolume>) {
    for (const r of it) {
      if (r.date >= '2025-07-01' && r.date <= '2025-09-30') rows.push(r);
      yield r;
    }
  };
  for (const row of tee(
    generateHistory({ points, from: values.from, until, seed, calendar, staffingModel, fieldsModel }),
  )) {
    chunk.push(csvLine(volumeCsvRecord(row)));
    count++;
    if (chunk.length >= 20_000) {
      if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
      chunk = [];
    }
  }
  if (chunk.length > 0) out.write(`${chunk.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
  const secs = (performance.now() - started) / 1000;
  const fig = calibrationFigures(rows);
  process.stdout.write(
    `wrote ${count} volume rows ${values.from}..${until} to ${file} in ${secs.toFixed(1)} s\n` +
      `window ${fig.window.from}..${fig.window.to}: received ${fig.received}, online ${(100 * fig.channelShare.online).toFixed(2)}%, ` +
      `resolved ${(100 * fig.resolvedShare).toFixed(2)}%, on time ${(100 * fig.onTimeShareOfResolved).toFixed(2)}% (${fig.overdue} overdue)\n`,
  );
}
