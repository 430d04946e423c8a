import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import Type from 'typebox';
import { loadConfig } from '../../config.ts';
import { isoWeekday } from '../../core/calendar/dates.ts';
import { DomainError } from '../../core/errors.ts';
import { type Msg, render } from '../../core/messages.ts';
import type {
  Difference,
  Estimate,
  FigureName,
  SimulationRun,
  SimulationSetup,
} from '../../core/simulate/index.ts';
import { simulationReport } from '../../core/simulate/index.ts';
import { FIELDS } from '../../schemas/domain.ts';
import { BacklogRow } from '../../schemas/simulate.ts';
import { parseOrThrow } from '../../schemas/validate.ts';
import { withStore } from '../../usecases/runtime.ts';
import { loadSimulationModels, setupFromProblem, simulatePlan } from '../../usecases/simulate-plan.ts';
import { storedPlanSetup } from '../../usecases/simulation-run.ts';
import { cliLang } from '../lang.ts';
import { CliFailure, printJson } from '../output.ts';

interface Options {
  week?: string;
  plan?: string;
  problem?: string;
  scenario?: string;
  backlog?: string;
  replications: string;
  seed: string;
  threads?: string;
  json?: boolean;
  detail?: boolean;
  moves: boolean;
  counterPolicy: string;
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliFailure(`cannot read ${what} ${path}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new DomainError('INPUT_INVALID', `${what} ${path} is not valid JSON: ${(err as Error).message}`, [
      { field: '/', reason: 'not valid JSON' },
    ]);
  }
}

function integer(value: string, name: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new DomainError('INPUT_INVALID', `--${name} must be an integer from ${min} to ${max}`, [
      { field: name, reason: `an integer from ${min} to ${max}`, value },
    ]);
  return n;
}

const LABELS: Array<[FigureName, string, 'n' | 'min' | '%' | 'x']> = [
  ['arrived', 'citizens at the counters', 'n'],
  ['served', 'served', 'n'],
  ['abandoned', 'left the queue (abandoned)', 'n'],
  ['waiting_at_close', 'still waiting at closing', 'n'],
  ['turned_away', 'turned away (no open point)', 'n'],
  ['wait_mean_min', 'mean wait (min)', 'min'],
  ['wait_p90_min', 'p90 wait (min)', 'min'],
  ['within_target', 'served within target', '%'],
  ['peak_queue', 'peak queue at a point', 'x'],
  ['counter_utilisation', 'counter utilisation', '%'],
  ['received', 'dossiers received', 'n'],
  ['processing_capacity_min', 'back-office capacity (min)', 'n'],
  ['processing_done_min', 'back-office work done (min)', 'n'],
  ['backlog', 'backlog at the end', 'n'],
  ['early', 'finished early', 'n'],
  ['on_time', 'finished on the deadline day', 'n'],
  ['overdue', 'overdue (finished late + pending)', 'n'],
  ['on_time_rate', 'on-time rate of finished', '%'],
];

function fmt(x: number | null, unit: 'n' | 'min' | '%' | 'x', signed = false): string {
  if (x === null) return '–';
  const sign = signed && x > 0 ? '+' : '';
  if (unit === '%') return `${sign}${(x * 100).toFixed(1)}%`;
  if (unit === 'min') return `${sign}${x.toFixed(2)}`;
  if (unit === 'x') return `${sign}${x.toFixed(1)}`;
  return `${sign}${Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1)}`;
}

const est = (e: Estimate, unit: 'n' | 'min' | '%' | 'x') =>
  e.lo === null ? fmt(e.mean, unit) : `${fmt(e.mean, unit)} [${fmt(e.lo, unit)}, ${fmt(e.hi, unit)}]`;
const diff = (d: Difference, unit: 'n' | 'min' | '%' | 'x') =>
  d.difference === null
    ? '–'
    : `${fmt(d.difference, unit, true)} [${fmt(d.lo, unit, true)}, ${fmt(d.hi, unit, true)}]${d.beyond_noise ? ' *' : ''}`;

function table(rows: string[][]): string {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('   '))
    .join('\n');
}

/** The side-by-side text report (base, scenario, difference with noise flags). */
export function formatRun(run: SimulationRun, header: string[]): string {
  const b = run.base;
  const s = run.scenario;
  const c = run.comparison;
  const out: string[] = [...header];
  out.push(
    `${b.days[0]}..${b.days.at(-1)} · ${b.points.length} points · ${b.replications} replications · seed ${b.seed} · ` +
      `target ${Math.round(b.target.service_level * 100)}% within ${b.target.target_seconds / 60} min`,
    '',
  );
  const head = s
    ? ['city, whole horizon', 'base [95% CI]', 'scenario [95% CI]', 'difference [95% CI]']
    : ['city, whole horizon', 'mean [95% CI]'];
  const rows = [head];
  for (const [f, label, unit] of LABELS) {
    const r = [label, est(b.city.total[f], unit)];
    if (s && c) r.push(est(s.city.total[f], unit), diff(c.city.total[f], unit));
    rows.push(r);
  }
  for (const f of FIELDS) {
    const r = [`overdue: ${f}`, est(b.city.by_field[f].overdue, 'n')];
    if (s && c) r.push(est(s.city.by_field[f].overdue, 'n'), diff(c.city.by_field[f].overdue, 'n'));
    if (b.city.by_field[f].overdue.mean || s?.city.by_field[f].overdue.mean) rows.push(r);
  }
  out.push(table(rows), '');
  const dayRows = [
    s
      ? ['day', 'mean wait', 'Δ', 'within target', 'Δ', 'backlog', 'Δ', 'overdue', 'Δ']
      : ['day', 'mean wait', 'within target', 'backlog', 'overdue'],
  ];
  b.days.forEach((day, d) => {
    const bd = b.city.days[d]!;
    if (s && c) {
      const cd = c.city.days[d]!;
      const sd = s.city.days[d]!;
      dayRows.push([
        day,
        `${fmt(bd.wait_mean_min.mean, 'min')} → ${fmt(sd.wait_mean_min.mean, 'min')}`,
        diff(cd.wait_mean_min, 'min'),
        `${fmt(bd.within_target.mean, '%')} → ${fmt(sd.within_target.mean, '%')}`,
        diff(cd.within_target, '%'),
        `${fmt(bd.backlog.mean, 'n')} → ${fmt(sd.backlog.mean, 'n')}`,
        diff(cd.backlog, 'n'),
        `${fmt(bd.overdue.mean, 'n')} → ${fmt(sd.overdue.mean, 'n')}`,
        diff(cd.overdue, 'n'),
      ]);
    } else
      dayRows.push([
        day,
        fmt(bd.wait_mean_min.mean, 'min'),
        fmt(bd.within_target.mean, '%'),
        fmt(bd.backlog.mean, 'n'),
        fmt(bd.overdue.mean, 'n'),
      ]);
  });
  out.push(table(dayRows), '');
  if (s && c) {
    const changed = c.points
      .filter((p) => p.total.wait_mean_min.beyond_noise || p.total.within_target.beyond_noise)
      .sort(
        (x, y) =>
          Math.abs(y.total.wait_mean_min.difference ?? 0) - Math.abs(x.total.wait_mean_min.difference ?? 0),
      )
      .slice(0, 10);
    const nChanged = c.points.filter(
      (p) => p.total.wait_mean_min.beyond_noise || p.total.within_target.beyond_noise,
    ).length;
    out.push(
      nChanged > 0
        ? `points whose counter service changed beyond noise: ${nChanged} (largest changes in mean wait first)`
        : 'points whose counter service changed beyond noise: none',
    );
    if (changed.length > 0) {
      const rows2 = [['point', 'mean wait base → scenario', 'Δ [95% CI]', 'within target base → scenario']];
      for (const p of changed)
        rows2.push([
          p.point,
          `${fmt(p.total.wait_mean_min.base, 'min')} → ${fmt(p.total.wait_mean_min.scenario, 'min')}`,
          diff(p.total.wait_mean_min, 'min'),
          `${fmt(p.total.within_target.base, '%')} → ${fmt(p.total.within_target.scenario, '%')}`,
        ]);
      out.push(table(rows2));
    }
    out.push('', '* beyond noise: the 95% CI of the paired difference (common random numbers) excludes 0');
  } else {
    const worst = b.points
      .filter((p) => p.total.within_target.mean !== null)
      .sort((x, y) => x.total.within_target.mean! - y.total.within_target.mean!)
      .slice(0, 10);
    const rows2 = [['lowest service points', 'within target', 'mean wait', 'p90 wait', 'abandoned']];
    for (const p of worst)
      rows2.push([
        p.point,
        est(p.total.within_target, '%'),
        fmt(p.total.wait_mean_min.mean, 'min'),
        fmt(p.total.wait_p90_min.mean, 'min'),
        fmt(p.total.abandoned.mean, 'n'),
      ]);
    out.push(table(rows2));
  }
  const lang = cliLang();
  const text = (n: Msg) => render(n, lang);
  const baseNotes = b.notes.map(text);
  const notes = [
    ...baseNotes,
    ...(run.scenario_notes ?? []).map(text),
    ...(s?.notes ?? []).map(text).filter((n) => !baseNotes.includes(n)),
  ];
  if (notes.length > 0) out.push('', ...notes.map((n) => `note: ${n}`));
  return `${out.join('\n')}\n`;
}

export function register(program: Command): void {
  program
    .command('simulate')
    .description(
      'Simulate a weekly plan against sampled demand (counter waits, back-office backlog, overdue risk) ' +
        'for a base and, side by side, a what-if scenario (JSON array of edits).',
    )
    .option('--week <monday>', 'the stored plan of the week starting on this Monday (needs the plan store)')
    .option('--plan <id>', 'a stored plan by id (needs the plan store)')
    .option(
      '--problem <file>',
      'a stage-1 problem file (the one optimize --problem reads); staff placed by the stage-1 optimum',
    )
    .option('--no-moves', 'with --problem: keep everyone at their home point instead of the stage-1 optimum')
    .option('--scenario <file>', 'JSON array of edits applied on top of the base')
    .option('--backlog <file>', 'JSON array of pending dossiers on day one: {field, received, count, point?}')
    .option('--replications <n>', 'replications', '200')
    .option('--seed <n>', 'random seed; the same seed gives the same output', '1')
    .option('--threads <n>', 'worker threads (default: all cores); does not change the output')
    .option(
      '--counter-policy <policy>',
      'counters on duty: hourly (Erlang C for each hour of expected load) or all (every counter staffed)',
      'hourly',
    )
    .option('--json', 'print JSON with wait, backlog and overdue figures')
    .option('--detail', 'with --json: every point and day')
    .addHelpText(
      'after',
      '\nScenario edits: move_staff, close_point, add_staff, scale_volume, set_standard, set_target, add_holiday, e.g.\n' +
        '  [{"kind": "scale_volume", "factor": 1.3, "field": "land"},\n' +
        '   {"kind": "move_staff", "from": "00070", "to": "00082", "staff": 2, "days": ["2026-01-05"]}]',
    )
    .action(async (opts: Options) => {
      const sources = [opts.week, opts.plan, opts.problem].filter((x) => x !== undefined);
      if (sources.length !== 1)
        throw new CliFailure('give exactly one of --week MONDAY, --plan ID, --problem FILE.json');
      const replications = integer(opts.replications, 'replications', 2, 100000);
      const seed = integer(opts.seed, 'seed', 0, 0xffffffff);
      const threads = opts.threads !== undefined ? integer(opts.threads, 'threads', 1, 256) : undefined;
      const header: string[] = [];
      let setup: SimulationSetup;
      if (opts.problem) {
        const built = setupFromProblem(readJson(opts.problem, 'problem file'), loadSimulationModels(), {
          plan: opts.moves ? 'optimal' : 'none',
        });
        setup = built.setup;
        header.push(`problem ${opts.problem}: ${built.notes.join('; ')}`);
      } else {
        if (opts.week !== undefined && isoWeekday(opts.week) !== 1)
          throw new DomainError('INPUT_INVALID', `--week must be a Monday; ${opts.week} is not`, [
            { field: 'week', reason: 'not a Monday', value: opts.week },
          ]);
        const config = loadConfig();
        const stored = await withStore(config, (db) =>
          storedPlanSetup(db, config, { week: opts.week, plan: opts.plan }),
        );
        header.push(`plan ${stored.planId}`);
        setup = stored;
      }
      if (opts.backlog) {
        const rows = parseOrThrow(
          Type.Array(BacklogRow),
          readJson(opts.backlog, 'backlog file'),
          'backlog file',
        );
        setup.input.initial_backlog = [...(setup.input.initial_backlog ?? []), ...rows];
        header.push(
          `backlog ${opts.backlog}: ${rows.reduce((s, r) => s + r.count, 0).toFixed(0)} pending dossiers`,
        );
      }
      const scenario = opts.scenario ? readJson(opts.scenario, 'scenario file') : undefined;
      if (opts.scenario)
        header.push(`scenario ${opts.scenario}: ${(scenario as unknown[]).length ?? 0} edits`);
      if (opts.counterPolicy !== 'hourly' && opts.counterPolicy !== 'all')
        throw new DomainError('INPUT_INVALID', '--counter-policy must be hourly or all', [
          { field: 'counter-policy', reason: 'hourly or all', value: opts.counterPolicy },
        ]);
      const run = await simulatePlan(setup, scenario, {
        replications,
        seed,
        threads,
        params: { counter_policy: opts.counterPolicy },
      });
      if (opts.json) printJson(simulationReport(run, { detail: opts.detail }));
      else process.stdout.write(formatRun(run, header));
    });
}
