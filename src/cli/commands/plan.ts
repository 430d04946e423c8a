import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { WorkCalendar } from '../../core/calendar/calendar.ts';
import { buildWeeklyPlan } from '../../core/optimize/weekly-plan.ts';
import { PlanInput } from '../../schemas/plan.ts';
import { parseOrThrow } from '../../schemas/validate.ts';
import {
  loadCalendarModel,
  loadFieldsModel,
  loadOptimizeModel,
  loadStaffingModel,
  loadWorkTypesModel,
} from '../../store/model-files.ts';
import { planCsv, planCsvText } from '../../usecases/plan-csv.ts';
import { withStore } from '../../usecases/runtime.ts';
import { getPlan, runReplan, runWeeklyPlan } from '../../usecases/weekly-plan.ts';
import { cliLang } from '../lang.ts';
import { CliFailure, jsonText } from '../output.ts';
import { readJsonFile } from './optimize.ts';

/**
 * `plan --input FILE.json`: the weekly pipeline on an input bundle (points, staff, forecast rows, leave,
 * history). The store-backed form (`plan --week MONDAY [--scenario FILE.json]`, forecast from the store,
 * saved as a draft) is wired by the store use case; this command runs the same pure pipeline.
 */
export function register(program: Command): void {
  program
    .command('plan')
    .description(
      'Weekly plan: forecast → staff requirements → optimal reallocation (stage 1) → named roster (stage 2), ' +
        'with KPIs. Prints the plan JSON (or writes --output); --csv writes the roster, one row per person and day.',
    )
    .option(
      '--input <FILE>',
      'input bundle JSON: {week, points, staff, forecast, leave?, history?, …} (without it: the store)',
    )
    .option('--week <DATE>', 'the week (its Monday or any day of it); from the store unless --input is given')
    .option('--scenario <FILE>', 'store mode: re-optimise under a what-if scenario (JSON array of edits)')
    .option(
      '--forecast-run <ID>',
      'store mode: plan on this forecast run (default: latest covering the week)',
    )
    .option(
      '--replan-from <DATE>',
      'store mode: re-plan the week’s approved plan from DATE (days before it kept as approved; --scenario: ' +
        'what changed, e.g. close_point, staff_leave, scale_volume); saved as a new draft version with its diff',
    )
    .option('--plan <ID>', 'with --replan-from: the approved plan to re-plan (default: the week’s)')
    .option('--output <FILE>', 'write the plan JSON here')
    .option('--csv <FILE>', 'write the roster CSV here')
    .option('--summary', 'print only status, KPIs and explanation')
    .action(
      async (opts: {
        input?: string;
        week?: string;
        scenario?: string;
        forecastRun?: string;
        replanFrom?: string;
        plan?: string;
        output?: string;
        csv?: string;
        summary?: boolean;
      }) => {
        if (!opts.input) {
          if (!opts.week || !/^\d{4}-\d{2}-\d{2}$/.test(opts.week))
            throw new CliFailure('give --week YYYY-MM-DD (or --input FILE.json)');
          const week = opts.week;
          const scenario = opts.scenario ? (readJsonFile(opts.scenario) as unknown[]) : undefined;
          if (scenario !== undefined && !Array.isArray(scenario))
            throw new CliFailure('--scenario must be a JSON array of edits');
          if (opts.replanFrom !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.replanFrom))
            throw new CliFailure('--replan-from must be a date YYYY-MM-DD');
          if (opts.plan !== undefined && opts.replanFrom === undefined)
            throw new CliFailure('--plan goes with --replan-from');
          const config = loadConfig();
          const progress = (pct: number, stage: string) => {
            process.stderr.write(`${String(Math.round(pct)).padStart(3)}% ${stage}\n`);
          };
          const stored = await withStore(config, async (db) => {
            const r: Awaited<ReturnType<typeof runWeeklyPlan>> &
              Partial<Awaited<ReturnType<typeof runReplan>>> = opts.replanFrom
              ? await runReplan(
                  db,
                  config,
                  {
                    from: opts.replanFrom,
                    ...(opts.plan ? { planId: opts.plan } : { week }),
                    ...(scenario ? { scenario } : {}),
                    ...(opts.forecastRun ? { forecastRunId: opts.forecastRun } : {}),
                  },
                  progress,
                )
              : await runWeeklyPlan(
                  db,
                  config,
                  { week, scenario, forecastRunId: opts.forecastRun },
                  progress,
                );
            const plan = await getPlan(db, r.planId);
            if (opts.csv) writeFileSync(opts.csv, await planCsv(db, r.planId));
            return { ...r, plan };
          });
          const p = stored.plan;
          const replan = stored.diff
            ? { base_plan: stored.base_plan, from: stored.from, diff: stored.diff }
            : {};
          const out = opts.summary
            ? {
                id: p.id,
                week: p.week,
                status: p.status,
                reused: stored.reused,
                kpis: p.kpis,
                explanation: p.result.explanation,
                scenario_notes: p.result.scenario_notes,
                ...replan,
              }
            : { ...p, ...replan };
          const text = jsonText(out);
          if (opts.output) writeFileSync(opts.output, text);
          else process.stdout.write(text);
          return;
        }
        const bundle = parseOrThrow(PlanInput, readJsonFile(opts.input), opts.input);
        if (opts.week !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.week))
          throw new CliFailure('--week must be a date YYYY-MM-DD');
        const plan = buildWeeklyPlan({
          week: opts.week ?? bundle.week,
          days: bundle.days,
          points: bundle.points,
          staff: bundle.staff,
          forecastRows: bundle.forecast,
          models: {
            fields: loadFieldsModel(),
            staffing: loadStaffingModel(),
            optimize: loadOptimizeModel(),
            workTypes: loadWorkTypesModel(),
          },
          calendar: new WorkCalendar(loadCalendarModel()),
          weights: bundle.weights,
          roster: bundle.roster,
          history: bundle.history,
          leave: bundle.leave,
          travelLimits: bundle.travel_limits,
          travelMinutes: bundle.travel_minutes,
        });
        if (opts.csv) writeFileSync(opts.csv, planCsvText(plan, cliLang()));
        const out = opts.summary
          ? { week: plan.week, status: plan.stage1.status, kpis: plan.kpis, explanation: plan.explanation }
          : plan;
        const text = jsonText(out);
        if (opts.output) writeFileSync(opts.output, text);
        else process.stdout.write(text);
      },
    );
}
