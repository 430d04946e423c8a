import { availableParallelism } from 'node:os';
import { mean } from 'simple-statistics';
import { DomainError } from '../core/errors.ts';
import type { EvaluatedDay } from '../core/forecast/evaluate.ts';
import { keyId, type PanelKey } from '../core/forecast/panel.ts';
import type { MethodChoice, UsedMethod } from '../core/forecast/types.ts';
import { msg } from '../core/messages.ts';
import { WorkerPool } from '../parallel/pool.ts';
import type { CalendarModel, LocalEvent } from '../schemas/models.ts';
import {
  type BacktestItemResult,
  type BacktestTask,
  backtestChunk,
  type PanelItem,
} from './forecast-panel-worker.ts';
import {
  checkHistory,
  lastDateOf,
  openWeekdaysByPoint,
  type PanelInputSeries,
  seriesItems,
} from './panel-items.ts';

export interface BacktestPanelOptions {
  horizon: number;
  origins: number;
  step: number;
  methods: MethodChoice[];
  calendar: { model: CalendarModel; local?: LocalEvent[]; mode?: 'vn' | 'none' };
  isOpen?: (key: PanelKey, date: string) => boolean;
  levelShifts?: string[];
  keepDays?: boolean;
  /** Explicit origins (first forecast days) instead of origins/step, e.g. a week before each holiday. */
  originDates?: string[];
  threads?: number;
  pool?: WorkerPool;
  chunkSize?: number;
}

export interface MethodSummary {
  method: MethodChoice;
  /** Mean over series of each series' MASE. */
  mase: number;
  /** Geometric mean over series of MASE / seasonal-naive MASE (when snaive is among the methods). */
  relativeToSnaive: number;
  smape: number;
  /** Mean over series of the p10–p90 coverage. */
  coverage: number;
  /** Mean seconds per fit (selection included). */
  seconds: number;
  /** How often each method was used (what `auto` chose). */
  chosen: Partial<Record<UsedMethod, number>>;
}

export interface BacktestPanelResult {
  series: Array<{ key: PanelKey } & Omit<BacktestItemResult, 'id'>>;
  summary: MethodSummary[];
  workers: number;
  seconds: number;
}

/** The mean of the finite values (NaN when there are none). */
const finiteMean = (xs: number[]) => {
  const v = xs.filter(Number.isFinite);
  return v.length > 0 ? mean(v) : Number.NaN;
};

/**
 * Rolling-origin backtest of every series of a panel (worker threads for large panels): per series and
 * method MASE (in-sample seasonal naive, lag 7), sMAPE, p10–p90 coverage, seconds and choices, and a
 * summary per method.
 * @throws DomainError INPUT_INVALID for bad histories or duplicate keys.
 */
export async function backtestPanel(
  series: readonly PanelInputSeries[],
  opts: BacktestPanelOptions,
): Promise<BacktestPanelResult> {
  const t0 = performance.now();
  const histories = series.map((s) => checkHistory(s.key, s.history));
  const keys = series.map((s) => s.key);
  const ids = new Set<string>();
  for (const k of keys) {
    const id = keyId(k);
    if (ids.has(id))
      throw new DomainError('INPUT_INVALID', msg('forecast.duplicate_key', { id }), [
        { field: 'key', value: id, reason: msg('forecast.duplicate_key_reason') },
      ]);
    ids.add(id);
  }
  const lastDate = lastDateOf(histories);
  const itemCtx = {
    lastDate,
    horizon: 0,
    isOpen: opts.isOpen,
    openByPoint: openWeekdaysByPoint(keys, histories),
  };
  const items: PanelItem[] = seriesItems(series, histories, itemCtx);
  const base: Omit<BacktestTask, 'items'> = {
    calendar: {
      model: opts.calendar.model,
      local: opts.calendar.local ?? [],
      mode: opts.calendar.mode ?? 'vn',
    },
    horizon: opts.horizon,
    origins: opts.origins,
    step: opts.step,
    methods: opts.methods,
    levelShifts: opts.levelShifts,
    keepDays: opts.keepDays,
    originDates: opts.originDates,
  };
  const chunk = opts.chunkSize ?? 8;
  const tasks: BacktestTask[] = [];
  for (let i = 0; i < items.length; i += chunk) tasks.push({ ...base, items: items.slice(i, i + chunk) });
  const threads = opts.threads ?? availableParallelism();
  let results: BacktestItemResult[];
  let workers = 0;
  if (opts.pool || (threads > 0 && items.length >= 8)) {
    const pool = opts.pool ?? new WorkerPool(new URL('./forecast-panel-worker.ts', import.meta.url), threads);
    workers = pool.size;
    try {
      results = (await pool.map<BacktestTask, BacktestItemResult[]>('backtestChunk', tasks)).flat();
    } finally {
      if (!opts.pool) await pool.close();
    }
  } else results = tasks.flatMap((t) => backtestChunk(t));

  const out = results.map((r, i) => ({ key: keys[i]!, origins: r.origins, methods: r.methods }));
  const snaive = opts.methods.indexOf('snaive');
  const summary: MethodSummary[] = opts.methods.map((method, j) => {
    const per = out.map((s) => s.methods[j]!);
    const chosen: Partial<Record<UsedMethod, number>> = {};
    for (const m of per) for (const c of m.chosen) chosen[c] = (chosen[c] ?? 0) + 1;
    const rel =
      snaive >= 0
        ? out
            .map((s) => s.methods[j]!.mase / s.methods[snaive]!.mase)
            .filter((x) => Number.isFinite(x) && x > 0)
            .map(Math.log)
        : [];
    return {
      method,
      mase: finiteMean(per.map((m) => m.mase)),
      relativeToSnaive: rel.length > 0 ? Math.exp(finiteMean(rel)) : Number.NaN,
      smape: finiteMean(per.map((m) => m.smape)),
      coverage: finiteMean(per.map((m) => m.coverage)),
      seconds: finiteMean(per.map((m) => m.seconds)),
      chosen,
    };
  });
  return { series: out, summary, workers, seconds: (performance.now() - t0) / 1000 };
}

export type { EvaluatedDay };
