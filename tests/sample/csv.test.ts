import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvLine } from '../../src/core/csv.ts';
import {
  formatSessions,
  POINTS_CSV_COLUMNS,
  parseSessions,
  pointsToCsv,
  STAFF_CSV_COLUMNS,
  staffToCsv,
} from '../../src/sample/csv.ts';
import { DEFAULT_SEED, sampleDataset } from '../../src/sample/dataset.ts';
import { readCsv } from '../../src/usecases/import/csv.ts';
import { checkPointRow, checkStaffRow, POINTS_FORMAT, STAFF_FORMAT } from '../../src/usecases/import/rows.ts';
import { sampleModels } from '../helpers/sample.ts';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const models = sampleModels();
const { points, staff } = sampleDataset({ seed: DEFAULT_SEED, ...models });
const files = { pointsCsv: pointsToCsv(points), staffCsv: staffToCsv(staff) };

describe('sample CSV formats', () => {
  it('formats and parses opening sessions', () => {
    expect(
      formatSessions([
        ['08:00', '12:00'],
        ['13:00', '17:00'],
      ]),
    ).toBe('08:00-12:00;13:00-17:00');
    expect(formatSessions([])).toBe('');
    expect(parseSessions('08:00-12:00;13:00-17:00')).toEqual([
      ['08:00', '12:00'],
      ['13:00', '17:00'],
    ]);
    expect(parseSessions('')).toEqual([]);
    expect(parseSessions('12:00-08:00')).toBeUndefined();
    expect(parseSessions('8h-12h')).toBeUndefined();
  });

  it('quotes cells that need it (RFC 4180)', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 3, true])).toBe('a,"b,c","say ""hi""",3,true');
  });

  it('the committed data/points.csv and data/staff.csv are what scripts/generate-data.ts writes', () => {
    expect(readFileSync(join(repo, 'data', 'points.csv'), 'utf8')).toBe(files.pointsCsv);
    expect(readFileSync(join(repo, 'data', 'staff.csv'), 'utf8')).toBe(files.staffCsv);
  });

  it('round-trips points and staff through csv-parse', () => {
    const pts = parse(files.pointsCsv, { columns: true }) as Record<string, string>[];
    expect(Object.keys(pts[0]!)).toEqual([...POINTS_CSV_COLUMNS]);
    expect(pts.map((r) => r.code)).toEqual(points.map((p) => p.code));
    expect(pts.map((r) => parseSessions(r.saturday_hours!))).toEqual(
      points.map((p) => p.opening_hours.saturday),
    );
    const st = parse(files.staffCsv, { columns: true }) as Record<string, string>[];
    expect(Object.keys(st[0]!)).toEqual([...STAFF_CSV_COLUMNS]);
    expect(st.map((r) => r.fields!.split(';'))).toEqual(staff.map((s) => s.fields));
    expect(st.map((r) => Number(r.fte))).toEqual(staff.map((s) => s.fte));
  });

  it('is accepted row by row by the import checks', async () => {
    const readPoints = [];
    for await (const batch of readCsv([files.pointsCsv], [POINTS_FORMAT]))
      for (const row of batch) {
        const checked = checkPointRow(row, models.openingHours);
        expect(checked.errors).toEqual([]);
        readPoints.push(checked.value);
      }
    // Coordinates and areas are rounded in the file (4 and 2 decimals), which the generator already does.
    expect(readPoints).toEqual(points);
    const readStaff = [];
    for await (const batch of readCsv([files.staffCsv], [STAFF_FORMAT]))
      for (const row of batch) {
        const checked = checkStaffRow(row);
        expect(checked.errors).toEqual([]);
        readStaff.push(checked.value);
      }
    expect(readStaff).toEqual(staff);
  });
});
