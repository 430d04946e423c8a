/**
 * Benchmark of the simulator: one Hanoi-sized week — 126 points (the real units of
 * shared/data/hanoi-units.csv, found upwards from the working directory; volumes ∝ population × a
 * lognormal(σ 0.8) factor, so a heavy tail of busy points), ~50,000 dossiers, ~1,500 staff — as a stage-1
 * problem file (staff placed by the stage-1 optimum), 200 replications.
 *
 *   node --import tsx scripts/bench-simulate.ts [--replications 200] [--threads 2] [--write-problem FILE]
 *
 * Prints wall time, counter events/s, dossiers and memory (peak RSS, heap) for 1 and N threads.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parse } from 'csv-parse/sync';
import { WorkCalendar } from '../src/core/calendar/calendar.ts';
import { mixSeed, Random } from '../src/core/random.ts';
import { CounterTable, counterStaffDays, daySegments } from '../src/core/simulate/index.ts';
import { DEFAULT_FIELD_MIX, POSTAL_SHARE_OF_REMOTE } from '../src/core/simulate/problem.ts';
import { FIELDS } from '../src/schemas/domain.ts';
import type { OptimizeProblem } from '../src/schemas/optimize.ts';
import { loadSimulationModels, setupFromProblem, simulatePlan } from '../src/usecases/simulate-plan.ts';
import { findSharedData } from './lib/synthetic-week.ts';

const WEEK = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09', '2026-01-10'];
const WEEKLY_DOSSIERS = 50_000;
const STAFF = 1_500;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

/** A Hanoi week as a stage-1 problem: reception from Erlang C, pooled processing. */
export function hanoiProblem(seed = 1): OptimizeProblem {
  const models = loadSimulationModels();
  const units = findSharedData('hanoi-units.csv');
  if (!units) throw new Error('shared/data/hanoi-units.csv not found above the working directory');
  const rows = parse(readFileSync(units), { columns: true }) as Array<Record<string, string>>;
  const rng = new Random(mixSeed(seed, 99));
  const weight = rows.map((r) => Number(r.population) * Math.exp(0.8 * rng.normal()));
  const wsum = weight.reduce((s, x) => s + x, 0);
  const popSum = rows.reduce((s, r) => s + Number(r.population), 0);
  const factor = models.staffing.intraday_profile.weekday_factor;
  const dayFactor = WEEK.map((_, d) => factor[d]!);
  const perDay = WEEKLY_DOSSIERS / dayFactor.reduce((s, x) => s + x, 0);
  const std = models.fields.fields;
  const mix = DEFAULT_FIELD_MIX;
  const svcMin = FIELDS.reduce((s, f) => s + mix[f] * std[f].standard_minutes.in_person.reception, 0);
  const ipProc = FIELDS.reduce((s, f) => s + mix[f] * std[f].standard_minutes.in_person.processing, 0);
  const remoteMin = FIELDS.reduce(
    (s, f) =>
      s +
      mix[f] *
        ((1 - POSTAL_SHARE_OF_REMOTE) *
          (std[f].standard_minutes.online.reception + std[f].standard_minutes.online.processing) +
          POSTAL_SHARE_OF_REMOTE *
            (std[f].standard_minutes.postal.reception + std[f].standard_minutes.postal.processing)),
    0,
  );
  const sl = models.staffing.service_level;
  const staffDayMin = models.staffing.paid_hours_per_day * 60 * (1 - models.staffing.shrinkage);
  const cal = new WorkCalendar(models.calendar);
  const table = new CounterTable(svcMin, sl.target_seconds / 60, sl.target);
  const segments = WEEK.map((day) =>
    daySegments(
      cal.sessions(day, models.staffing.opening_hours),
      cal.kind(day) === 'weekend'
        ? models.staffing.intraday_profile.saturday
        : models.staffing.intraday_profile.weekday,
    ),
  );
  const reception: Record<string, number[]> = {};
  const available: Record<string, number[]> = {};
  const processing = WEEK.map(() => 0);
  rows.forEach((r, i) => {
    const share = weight[i]! / wsum;
    reception[r.code!] = WEEK.map((_, d) => {
      const total = perDay * dayFactor[d]! * share;
      const inPerson = total * 0.4005;
      processing[d]! += (inPerson * ipProc + (total - inPerson) * remoteMin) / staffDayMin;
      return Math.round(counterStaffDays(inPerson, segments[d]!, table) * 1000) / 1000;
    });
    // Home staff follow population more than today's load: some points are short, others have slack.
    const staff = Math.max(2, Math.round(STAFF * (0.5 * share + (0.5 * Number(r.population)) / popSum)));
    available[r.code!] = WEEK.map(() => staff);
  });
  return {
    days: WEEK,
    points: rows.map((r) => ({ id: r.code!, lat: Number(r.lat), lon: Number(r.lon), min_staff: 2 })),
    available,
    reception,
    processing: processing.map((x) => Math.round(x * 1000) / 1000),
    travel: { speed_kmh: 25, detour: 1.3, max_minutes: 45 },
    weights: { unmet_reception: 100, unmet_processing: 10, move: 1, travel_minute: 0.05 },
  };
}

async function main() {
  const replications = Number(arg('replications', '200'));
  const threads = Number(arg('threads', '2'));
  const problem = hanoiProblem();
  const out = arg('write-problem', '');
  if (out) {
    writeFileSync(out, `${JSON.stringify(problem, null, 1)}\n`);
    console.log(`wrote ${out}`);
    return;
  }
  const models = loadSimulationModels();
  const t0 = performance.now();
  const { setup, moves, notes } = setupFromProblem(problem, models);
  const tPrep = performance.now() - t0;
  const staff = Object.values(problem.available).reduce((s, a) => s + a[0]!, 0);
  console.log(
    `Hanoi week ${WEEK[0]}..${WEEK.at(-1)}: ${problem.points.length} points, ${staff} staff, ` +
      `${setup.input.demand.length} demand series, ${moves.length} moves (setup ${tPrep.toFixed(0)} ms; ${notes[1]})`,
  );
  const rows: string[][] = [];
  for (const th of [...new Set([1, threads])]) {
    const t = performance.now();
    const cpu0 = process.cpuUsage();
    const run = await simulatePlan(setup, undefined, { replications, seed: 1, threads: th });
    const sec = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const events = run.base.events_per_replication * replications;
    const mem = process.memoryUsage();
    rows.push([
      String(th),
      String(replications),
      sec.toFixed(2),
      ((cpu.user + cpu.system) / 1e6).toFixed(2),
      run.base.dossiers_per_replication.toFixed(0),
      (events / replications).toFixed(0),
      (events / sec / 1e6).toFixed(2),
      (process.resourceUsage().maxRSS / 1024).toFixed(0),
      (mem.heapUsed / 2 ** 20).toFixed(0),
      String(run.base.city.total.wait_mean_min.mean),
      String(run.base.city.total.within_target.mean),
      String(run.base.city.total.overdue.mean),
    ]);
  }
  const head = [
    'threads',
    'reps',
    'wall_s',
    'cpu_s',
    'dossiers/rep',
    'events/rep',
    'Mevents/s',
    'peak_rss_MB',
    'heap_MB',
    'wait_mean_min',
    'within_target',
    'overdue',
  ];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  console.log(head.map((h, i) => h.padStart(w[i]!)).join('  '));
  for (const r of rows) console.log(r.map((c, i) => c.padStart(w[i]!)).join('  '));
  console.log('events = counter arrivals + service starts + service ends + abandonments');
  console.log('cpu_s and peak RSS cover every thread of the process (workers are threads)');
  console.log(
    `load average at the end: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (machine shared)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
