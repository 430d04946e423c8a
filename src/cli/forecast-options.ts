import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { METHODS, type MethodChoice } from '../core/forecast/types.ts';
import { msg } from '../core/messages.ts';
import type { CalendarModel, LocalEvent } from '../schemas/models.ts';
import { loadCalendarModel } from '../store/model-files.ts';
import { cliText } from './option-errors.ts';
import { CliFailure } from './output.ts';
import { parseLocalEventsCsv, parseSeriesCsv } from './series-csv.ts';

/** Option parsers and loaders shared by `forecast` and `backtest`. */

export function positiveInt(name: string, max = 10_000) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < 1 || n > max)
      throw new InvalidArgumentError(cliText(msg('cli.option.whole_number', { name, max })));
    return n;
  };
}

export function methodChoice(v: string): MethodChoice {
  if (v === 'auto' || (METHODS as readonly string[]).includes(v)) return v as MethodChoice;
  throw new InvalidArgumentError(cliText(msg('cli.option.method', { methods: METHODS.join(', ') })));
}

export function methodList(v: string): MethodChoice[] {
  return v.split(',').map((m) => methodChoice(m.trim()));
}

export function quantileList(v: string): number[] {
  const levels = v.split(',').map((s) => Number(s.trim()));
  for (const l of levels)
    if (!(l > 0 && l < 1)) throw new InvalidArgumentError(cliText(msg('cli.option.quantiles')));
  return [...new Set(levels)].sort((a, b) => a - b);
}

export function calendarMode(v: string): 'vn' | 'none' {
  if (v === 'vn' || v === 'none') return v;
  throw new InvalidArgumentError(cliText(msg('cli.option.calendar')));
}

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliFailure(`cannot read ${path}: ${(err as Error).message}`);
  }
}

/** The calendar spec for the use cases: the official model (for `vn`), the local closures file, the mode. */
export function loadCalendar(
  mode: 'vn' | 'none',
  holidays?: string,
): {
  model: CalendarModel;
  local: LocalEvent[];
  mode: 'vn' | 'none';
} {
  const model = mode === 'vn' ? loadCalendarModel() : { years: {} };
  const local = holidays ? parseLocalEventsCsv(readText(holidays), holidays) : [];
  return { model, local, mode };
}

/** Reads a series file; with `asOf`, drops the rows after that date. */
export function loadSeries(path: string, asOf?: string) {
  const parsed = parseSeriesCsv(readText(path), path);
  if (asOf) for (const s of parsed.series) s.history = s.history.filter((p) => p.date <= asOf);
  return parsed;
}
