import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, safeCell, toCsv, unsafeCell } from '../../src/core/csv.ts';
import { buildWeeklyPlan } from '../../src/core/optimize/weekly-plan.ts';
import { readCsv } from '../../src/usecases/import/csv.ts';
import { planCsvText } from '../../src/usecases/plan-csv.ts';
import { weeklyPlanFixture } from '../helpers/weekly-plan-fixture.ts';

describe('the one CSV writer', () => {
  it('puts an apostrophe before text a spreadsheet would run as a formula (OWASP)', () => {
    for (const s of ['=1+2', '+1+2', '-1+2', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x","click")'])
      expect(safeCell(s), JSON.stringify(s)).toBe(`'${s}`);
    expect(safeCell("'=x")).toBe("''=x"); // already apostrophed text survives the round trip
  });

  it('leaves numbers, plain numeric text and ordinary text alone', () => {
    expect(safeCell(-3)).toBe('-3');
    expect(safeCell(-0.1234567)).toBe('-0.123457');
    expect(safeCell('-21.0300')).toBe('-21.0300');
    expect(safeCell('+5')).toBe('+5');
    expect(safeCell('Nguyễn Văn An')).toBe('Nguyễn Văn An');
    expect(safeCell("O'Neil")).toBe("O'Neil");
    expect(safeCell(true)).toBe('true');
    expect(safeCell(null)).toBe('');
  });

  it('quotes after neutralising (RFC 4180)', () => {
    expect(csvCell('=A1,B1')).toBe(`"'=A1,B1"`);
    expect(csvLine(['a', 'b,c', 'say "hi"', 3, true])).toBe('a,"b,c","say ""hi""",3,true');
    expect(toCsv(['h'], [['\rx']])).toBe(`h\n"'\rx"\n`);
  });

  test.prop([fc.string({ unit: fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', 'a', '1', '.') })])(
    'unsafeCell(safeCell(text)) is the text',
    (s) => {
      expect(unsafeCell(safeCell(s))).toBe(s);
    },
  );

  it('the import reads an exported formula-like cell back as the original text', async () => {
    const names = ['=HYPERLINK("http://x","c")', "'+x", '-y', 'plain'];
    const text = toCsv(
      ['name'],
      names.map((n) => [n]),
    );
    const rows = [];
    for await (const batch of readCsv([text], [{ name: 'n', required: ['name'] }])) rows.push(...batch);
    expect(rows.map((r) => r.values.name)).toEqual(names);
  });

  it("the plan CSV neutralises a staff member's formula-like name", () => {
    const fixture = weeklyPlanFixture();
    const [first, ...others] = fixture.staff;
    const input = {
      ...fixture,
      staff: [{ ...first!, name: '=HYPERLINK("http://evil","click")' }, ...others],
    };
    const csv = planCsvText(buildWeeklyPlan(input));
    const lines = csv.split('\n');
    expect(lines[0]).toBe('week,date,staff_id,name,home_point,work_point,status,travel_minutes,reason');
    const row = lines.find((l) => l.includes(input.staff[0]!.id))!;
    expect(row).toContain(`"'=HYPERLINK(""http://evil"",""click"")"`);
    expect(lines.some((l) => /(^|,)"?=/.test(l))).toBe(false);
  });
});
