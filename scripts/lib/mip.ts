import {
  localWork,
  minStaff,
  movableStaff,
  slotValues,
  unmetLocalWeight,
} from '../../src/core/optimize/problem.ts';
import { type TravelMatrix, travelMatrix } from '../../src/core/optimize/travel.ts';
import type { OptimizeProblem } from '../../src/schemas/optimize.ts';

/**
 * The stage-1 model written as a MIP in CPLEX LP format, for an independent solver (HiGHS in the tests and
 * the benchmark). Integer x_d_q_p (staff of q at p on day d, allowed pairs only); counter slots
 * y_d_p_k ∈ [0, 1] (the k-th counter, worth its staff-days v_k) with Σ_k y ≤ present; local work
 * l_d_p ∈ [0, local] with Σ v·y + l ≤ present; unmet processing u_d ≥ processing − Σ (present − Σ v·y − l).
 * Counters by day (no counter_slots) are ⌊r⌋ slots of 1 and one of the fraction. With unmet_reception ≥
 * unmet_local ≥ unmet_processing the optimum staffs counters first, then local work, so it equals the
 * stage-1 model (core/optimize/stage1.ts). The objective omits the constant w_r·Σ r + w_l·Σ local, returned as
 * `constant`.
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
    const wl = unmetLocalWeight(w);
    for (let p = 0; p < n; p++) {
      const id = points[p]!.id;
      const a = problem.available[id]![d]!;
      const slots = slotValues(problem, id, d);
      const loc = localWork(problem, id, d);
      const ys = slots.map((_, k) => `y_${d}_${p}_${k}`);
      const served = slots.map((v, k) => `+ ${num(v)} ${ys[k]}`);
      for (let k = 0; k < slots.length; k++) {
        constant += w.unmet_reception * slots[k]!;
        if (w.unmet_reception !== 0) obj.push(`- ${num(w.unmet_reception * slots[k]!)} ${ys[k]}`);
        bounds.push(` 0 <= ${ys[k]} <= 1`);
      }
      const l = `l_${d}_${p}`;
      if (loc > 0) {
        constant += wl * loc;
        if (wl !== 0) obj.push(`- ${num(wl)} ${l}`);
        bounds.push(` 0 <= ${l} <= ${num(loc)}`);
        served.push(`+ ${l}`);
      }
      const net = [...ins[p]!.map((x) => `+ ${x}`), ...outs[p]!.map((x) => `- ${x}`)].join(' ');
      const minusNet = net ? ` ${net.replace(/[+-] /g, (s) => (s === '+ ' ? '- ' : '+ '))}` : '';
      if (outs[p]!.length > 0)
        rows.push(
          ` out_${d}_${p}: ${outs[p]!.map((x) => `+ ${x}`).join(' ')} <= ${movableStaff(problem, id, d)}`,
        );
      const m = minStaff(problem, p, d);
      if (net) rows.push(` min_${d}_${p}: ${net} >= ${m - a}`);
      else if (a < m) rows.push(` min_${d}_${p}: 0 v_${d} >= ${m - a}`);
      // Σ y ≤ present and Σ v·y + l ≤ present, present = a + in − out
      if (ys.length > 0) rows.push(` cnt_${d}_${p}: ${ys.map((y) => `+ ${y}`).join(' ')}${minusNet} <= ${a}`);
      if (served.length > 0) rows.push(` srv_${d}_${p}: ${served.join(' ')}${minusNet} <= ${a}`);
      if (net) pool.push(net);
      for (const term of served) eSum.push(term.replace(/^\+ /, '- '));
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
