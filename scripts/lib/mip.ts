import { minStaff, movableStaff } from '../../src/core/optimize/problem.ts';
import { type TravelMatrix, travelMatrix } from '../../src/core/optimize/travel.ts';
import type { OptimizeProblem } from '../../src/schemas/optimize.ts';

/**
 * The stage-1 model written as a MIP in CPLEX LP format, for an independent solver (HiGHS in the tests and
 * the benchmark). Integer x_d_q_p (staff of q at p on day d, allowed pairs only), continuous served reception
 * e_d_p ∈ [0, r] with e ≤ present, and unmet processing v_d ≥ processing − Σ (present − e). With
 * unmet_reception ≥ unmet_processing the optimum serves counters first, so it equals the stage-1 model (core/optimize/stage1.ts).
 * The objective omits the constant w_r·Σ r, returned as `constant`.
 */
export function toMipLp(
  problem: OptimizeProblem,
  matrix: TravelMatrix = travelMatrix(problem.points, problem.travel, problem.travel_minutes),
): { lp: string; constant: number } {
  const { days, points, weights: w } = problem;
  const n = points.length;
  const obj: string[] = [];
  const rows: string[] = [];
  const bounds: string[] = [];
  const ints: string[] = [];
  let constant = 0;
  const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(17));
  for (let d = 0; d < days.length; d++) {
    const outs: string[][] = points.map(() => []);
    const ins: string[][] = points.map(() => []);
    for (let k = 0; k < matrix.fromIdx.length; k++) {
      const q = matrix.fromIdx[k]!;
      const p = matrix.toIdx[k]!;
      if (movableStaff(problem, points[q]!.id, d) <= 0) continue;
      const x = `x_${d}_${q}_${p}`;
      const c = w.move + w.travel_minute * matrix.minutes[q * n + p]!;
      if (c !== 0) obj.push(`+ ${num(c)} ${x}`);
      outs[q]!.push(x);
      ins[p]!.push(x);
      ints.push(x);
    }
    const pool: string[] = [];
    const eSum: string[] = [];
    for (let p = 0; p < n; p++) {
      const id = points[p]!.id;
      const a = problem.available[id]![d]!;
      const r = problem.reception[id]![d]!;
      const e = `e_${d}_${p}`;
      constant += w.unmet_reception * r;
      if (w.unmet_reception !== 0) obj.push(`- ${num(w.unmet_reception)} ${e}`);
      bounds.push(` 0 <= ${e} <= ${num(r)}`);
      const net = [...ins[p]!.map((x) => `+ ${x}`), ...outs[p]!.map((x) => `- ${x}`)].join(' ');
      if (outs[p]!.length > 0)
        rows.push(
          ` out_${d}_${p}: ${outs[p]!.map((x) => `+ ${x}`).join(' ')} <= ${movableStaff(problem, id, d)}`,
        );
      const m = minStaff(problem, p, d);
      if (net) rows.push(` min_${d}_${p}: ${net} >= ${m - a}`);
      else if (a < m) rows.push(` min_${d}_${p}: 0 ${e} >= ${m - a}`);
      // e ≤ present = a + in − out
      rows.push(
        ` srv_${d}_${p}: ${e}${net ? ` ${net.replace(/[+-] /g, (s) => (s === '+ ' ? '- ' : '+ '))}` : ''} <= ${a}`,
      );
      if (net) pool.push(net);
      eSum.push(`- ${e}`);
    }
    const v = `v_${d}`;
    if (w.unmet_processing !== 0) obj.push(`+ ${num(w.unmet_processing)} ${v}`);
    const A = points.reduce((s, pt) => s + problem.available[pt.id]![d]!, 0);
    // v ≥ P − Σ (present − e)  ⇔  v + Σ(in − out) − Σ e ≥ P − A
    rows.push(` proc_${d}: ${v} ${pool.join(' ')} ${eSum.join(' ')} >= ${num(problem.processing[d]! - A)}`);
    bounds.push(` ${v} >= 0`);
  }
  const lines = [
    'Minimize',
    ` obj: ${obj.length > 0 ? obj.join(' ') : '0 v_0'}`,
    'Subject To',
    ...rows,
    'Bounds',
    ...bounds,
  ];
  if (ints.length > 0) lines.push('General', ` ${ints.join(' ')}`);
  lines.push('End', '');
  return { lp: lines.join('\n'), constant };
}
