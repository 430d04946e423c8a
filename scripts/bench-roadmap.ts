/**
 * `npm run bench:roadmap`: the establishment roadmap (issue #16) on Hanoi — 126 points (shared/data/hanoi-units.csv
 * when present, else the sample's synthetic units; branches and staff "as they were" from src/sample), ~1,500
 * staff, 4 quarters, workload from a bench-optimize-shaped forecast week through staffRequirements with a
 * per-point trend. Solved by javascript-lp-solver piece by piece, verified, and compared with HiGHS on the
 * whole city per quarter. Goal: solved and verified ≤ 5 s, objective equal to HiGHS's. Then the trade-off curve.
 */
import type { Highs } from 'highs';
import loadHighsModule from 'highs';
import { tradeoffCurve } from '../src/core/establishment/curve.ts';
import { toLpText } from '../src/core/establishment/mip.ts';
import { buildRoadmap } from '../src/core/establishment/roadmap.ts';
import { hanoiInstance, wholeQuarterMip } from './lib/roadmap-instance.ts';

const loadHighs = loadHighsModule as unknown as () => Promise<Highs>;
const t0 = performance.now();
const { input, source } = hanoiInstance(4);
const tInput = performance.now() - t0;
console.log(
  `Hanoi: ${input.points.length} points (${source}), ${input.staff.length} staff, ${input.quarters.length} quarters, ` +
    `${input.workload.length} workload cells; rules N=${input.rules.max_transfers_per_quarter}, ` +
    `M=${input.rules.max_transfers_per_point}, travel ≤ ${input.rules.max_travel_minutes} min, within branch ${input.rules.within_branch}`,
);
buildRoadmap(input); // first call (module warm-up), then the measured one
const t1 = performance.now();
const roadmap = buildRoadmap(input);
const tSolve = performance.now() - t1;
const highs = await loadHighs();
const rows: Array<Record<string, string | number>> = [];
for (let q = 0; q < roadmap.quarters.length; q++) {
  const r = roadmap.quarters[q]!;
  const lp = toLpText(wholeQuarterMip(input, roadmap, q));
  const th = performance.now();
  const h = highs.solve(lp, { output_flag: false, mip_rel_gap: 1e-7, mip_abs_gap: 1e-7 } as never);
  const tH = performance.now() - th;
  rows.push({
    quarter: r.label,
    status: r.status,
    objective: r.objective.toFixed(4),
    bound: r.bound.toFixed(4),
    'HiGHS (whole city)': `${h.Status} ${h.ObjectiveValue.toFixed(4)} in ${(tH / 1000).toFixed(3)} s`,
    '|Δobj|': Math.abs(h.ObjectiveValue - r.objective).toExponential(1),
    transfers: r.transfers.length,
    'deficit h/day: as they were → start → after': `${r.deficit_as_they_were.toFixed(1)} → ${r.deficit_before.toFixed(1)} → ${r.deficit_after.toFixed(1)}`,
    pieces: `${r.pieces.length}${r.knapsack ? ' (knapsack on N)' : ''}, ≤ ${Math.max(...r.pieces.map((p) => p.integer_variables))} int vars, ${r.pieces.reduce((s, p) => s + p.solves, 0)} jsLPsolver solves`,
  });
}
console.table(rows);
console.log(
  `roadmap solved and verified in ${(tSolve / 1000).toFixed(3)} s (goal ≤ 5 s; status ${roadmap.status}); ` +
    `instance built in ${(tInput / 1000).toFixed(3)} s`,
);
const t2 = performance.now();
const curve = tradeoffCurve(input);
console.log(
  `\ntrade-off curve (${((performance.now() - t2) / 1000).toFixed(3)} s for ${curve.length} roadmaps):`,
);
console.table(
  curve.map((c) => ({
    'max transfers / quarter': c.max_transfers,
    'transfers used': c.transfers,
    'residual deficit Σ quarters (staff-h/day)': c.residual_deficit.toFixed(1),
    'as they were': c.deficit_without.toFixed(1),
    'by quarter': c.by_quarter.map((v) => v.toFixed(1)).join(' / '),
    status: c.status,
  })),
);
