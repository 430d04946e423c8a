import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { syntheticSeries } from '../../scripts/lib/synthetic.ts';
import { WorkCalendar } from '../../src/core/calendar/calendar.ts';
import { loadCalendarModel } from '../../src/store/model-files.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/dieuphoi.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dieuphoi-forecast-'));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const cal = new WorkCalendar(loadCalendarModel());
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const series = syntheticSeries({ from: '2025-01-01', to: '2025-08-22', level: 30, calendar: cal, seed: 1 });
// Unsorted on purpose (the CLI sorts), with a BOM.
const single = file(
  'single.csv',
  `\uFEFFdate,value\n${[...series]
    .reverse()
    .map((p) => `${p.date},${p.value}`)
    .join('\n')}\n`,
);
const panelRows: string[] = [];
for (const [point, level] of [
  ['P1', 10],
  ['P2', 20],
] as const)
  for (const field of ['land', 'other'])
    for (const p of syntheticSeries({
      from: '2025-03-01',
      to: '2025-08-22',
      level,
      calendar: cal,
      seed: level + field.length,
    }))
      panelRows.push(`${p.date},${point},${field},${p.value}`);
const panel = file('panel.csv', `date,point,field,count\n${panelRows.join('\n')}\n`);

describe.concurrent('dieuphoi forecast / backtest (child process)', () => {
  it('forecasts a date,value file: header, horizon days after the last date, 0 when closed', async () => {
    const r = await cli('forecast', '--input', single, '--horizon', '14');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('date,mean,p10,p50,p90,method');
    expect(lines).toHaveLength(15);
    expect(lines[1]!.startsWith('2025-08-23,0,0,0,0,')).toBe(true); // Saturday: closed
    const monday = lines[3]!.split(',');
    expect(monday[0]).toBe('2025-08-25');
    expect(Number(monday[1])).toBeGreaterThan(10);
    expect(Number(monday[2])).toBeLessThanOrEqual(Number(monday[3]));
    expect(Number(monday[3])).toBeLessThanOrEqual(Number(monday[4]));
    expect(lines.find((l) => l.startsWith('2025-09-02'))!.split(',')[1]).toBe('0'); // Quốc khánh
  });

  it('forecasts a panel as of a date into --output with the key columns and requested quantiles', async () => {
    const out = join(dir, 'out.csv');
    const r = await cli(
      'forecast',
      '--input',
      panel,
      '--horizon',
      '7',
      '--quantiles',
      '0.05,0.5,0.95',
      '--output',
      out,
      '--method',
      'glm',
      '--as-of',
      '2025-08-15',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('point,field,date,mean,p5,p50,p95,method');
    expect(lines).toHaveLength(1 + 4 * 7);
    expect(lines[1]).toMatch(/^P1,land,2025-08-16,/); // rows after --as-of are ignored
    expect(lines.slice(1).every((l) => l.endsWith(',glm'))).toBe(true);
  });

  it('names the lines of duplicate dates, non-numeric and negative values', async () => {
    const bad = file(
      'bad.csv',
      'date,value\n2025-01-02,12\n2025-01-03,twelve\n2025-01-02,5\n2025-01-06,-3\n',
    );
    const r = await cli('forecast', '--input', bad, '--horizon', '7');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^INPUT_INVALID: .* line\(s\) 3, 4, 5/);
    expect(r.stderr).toContain('line 3, value: not a number (value "twelve")');
    expect(r.stderr).toContain('line 4, date: duplicate date: line 2 has the same date');
    expect(r.stderr).toContain('line 5, value: negative count');
  });

  it('falls back to a simple model with a warning below 14 days', async () => {
    const short = file(
      'short.csv',
      'date,value\n2025-08-18,5\n2025-08-19,7\n2025-08-20,6\n2025-08-21,8\n2025-08-22,4\n',
    );
    const r = await cli('forecast', '--input', short, '--horizon', '3');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: 5 observed open days \(fewer than 14\)/);
    // Monday 25 Aug at the mean level 6 (no other series to borrow a weekday shape from).
    expect(r.stdout.trim().split('\n')[3]).toMatch(/^2025-08-25,6,\d+,6,\d+,short$/);
  });

  it('backtests every method and reports the choice of auto', async () => {
    const r = await cli('backtest', '--input', single, '--horizon', '14', '--origins', '2', '--step', '28');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('method,mase,smape,coverage,seconds,used');
    expect(lines.map((l) => l.split(',')[0])).toEqual([
      'method',
      'snaive',
      'ets',
      'theta',
      'glm',
      'ensemble',
      'yearly',
      'auto',
    ]);
    for (const l of lines.slice(1)) expect(Number(l.split(',')[1])).toBeGreaterThan(0);
  });
});
