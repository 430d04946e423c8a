import { describe, expect, it } from 'vitest';
import { parseLocalEventsCsv, parseSeriesCsv } from '../../src/cli/series-csv.ts';
import { WorkCalendar } from '../../src/core/calendar/calendar.ts';
import type { DomainError } from '../../src/core/errors.ts';
import { renderTexts } from '../../src/core/messages.ts';

function errorOf(f: () => unknown): DomainError {
  try {
    f();
  } catch (err) {
    return err as DomainError;
  }
  throw new Error('expected an error');
}

describe('series CSV', () => {
  it('reads date,value with a BOM, sorts it and keeps empty values as missing', () => {
    const r = parseSeriesCsv('\uFEFFdate,value\n2025-01-03,5\n2025-01-02,4\n2025-01-06,\n');
    expect(r.keyColumns).toEqual([]);
    expect(r.series).toHaveLength(1);
    expect(r.series[0]!.history).toEqual([
      { date: '2025-01-02', value: 4 },
      { date: '2025-01-03', value: 5 },
      { date: '2025-01-06', value: null },
    ]);
  });

  it('reads a long panel with any subset of key columns', () => {
    const r = parseSeriesCsv(
      'date,point,field,count\n2025-01-02,P1,land,3\n2025-01-02,P1,other,1\n2025-01-03,P1,land,2\n',
    );
    expect(r.keyColumns).toEqual(['point', 'field']);
    expect(r.series.map((s) => s.key)).toEqual([
      { point: 'P1', field: 'land' },
      { point: 'P1', field: 'other' },
    ]);
  });

  it('names the lines of duplicate dates', () => {
    const e = errorOf(() => parseSeriesCsv('date,value\n2025-01-02,1\n2025-01-03,2\n2025-01-02,3\n'));
    expect(e.code).toBe('INPUT_INVALID');
    expect(renderTexts(e.details, 'en')).toEqual([
      { line: 4, field: 'date', value: '2025-01-02', reason: 'duplicate date: line 2 has the same date' },
    ]);
    expect(renderTexts(e.details, 'vi')[0]!.reason).toBe('trùng ngày: dòng 2 có cùng ngày');
  });

  it('lists every non-numeric or negative value with its line', () => {
    const e = errorOf(() =>
      parseSeriesCsv('date,value\n2025-01-02,abc\n2025-01-03,-2\n2025-13-01,1\n2025-01-05,1e2\n'),
    );
    expect(renderTexts(e.details, 'en').map((d) => [d.line, d.reason])).toEqual([
      [2, 'not a number'],
      [3, 'negative count'],
      [4, 'not an ISO date YYYY-MM-DD'],
    ]);
    expect(e.message).toContain('line(s) 2, 3, 4');
  });

  it('rejects unknown channels and fields and a header without date/value', () => {
    const e = errorOf(() => parseSeriesCsv('date,channel,count\n2025-01-02,fax,1\n'));
    expect(e.details[0]).toMatchObject({ line: 2, field: 'channel', value: 'fax' });
    expect(errorOf(() => parseSeriesCsv('day,n\n2025-01-02,1\n')).message).toMatch(/header/);
  });
});

describe('local closures CSV', () => {
  it('reads date,name[,closed[,points]] for the calendar', () => {
    const events = parseLocalEventsCsv(
      'date,name,closed,points\n2025-07-08,"Mất điện, sửa chữa",true,P1;P2\n2025-07-09,Hội nghị,false,\n2025-07-10,Bão,,\n',
    );
    expect(events).toEqual([
      { date: '2025-07-08', name: 'Mất điện, sửa chữa', closed: true, points: ['P1', 'P2'] },
      { date: '2025-07-09', name: 'Hội nghị', closed: false },
      { date: '2025-07-10', name: 'Bão', closed: true },
    ]);
    const cal = new WorkCalendar(undefined, events);
    expect(cal.isOpen('2025-07-10')).toBe(false);
    expect(cal.isOpen('2025-07-08', undefined, 'P1')).toBe(false);
    expect(cal.isOpen('2025-07-08', undefined, 'P3')).toBe(true);
  });

  it('names bad lines', () => {
    const e = errorOf(() => parseLocalEventsCsv('date,name,closed\n2025-07-08,X,maybe\n'));
    expect(e.details[0]).toMatchObject({ line: 2, field: 'closed' });
  });

  it('reads any country’s named holidays with their before / after windows', () => {
    const events = parseLocalEventsCsv(
      'date,name,closed,before,after\n2003-07-04,Independence Day,true,2,3\n2003-11-28,Black Friday,false,,0\n',
    );
    expect(events).toEqual([
      { date: '2003-07-04', name: 'Independence Day', closed: true, before: 2, after: 3 },
      { date: '2003-11-28', name: 'Black Friday', closed: false, after: 0 },
    ]);
  });

  it('refuses a before / after that is not 0–14 whole days, naming line and field', () => {
    const e = errorOf(() =>
      parseLocalEventsCsv('date,name,before,after\n2003-07-04,A,1,2\n2003-09-01,B,-1,\n2003-12-25,C,,15\n'),
    );
    expect(e.details).toEqual([
      expect.objectContaining({ line: 3, field: 'before', value: '-1' }),
      expect.objectContaining({ line: 4, field: 'after', value: '15' }),
    ]);
    expect(renderTexts(e.details, 'en')[0]!.reason).toMatch(/0 to 14/);
    expect(renderTexts(e.details, 'vi')[0]!.reason).toMatch(/từ 0 đến 14/);
  });
});
