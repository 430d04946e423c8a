/**
 * A small solver-neutral MIP (minimise, rows lo ≤ Σ a·x ≤ hi, x ≥ 0), its javascript-lp-solver model, its
 * CPLEX-LP text (for HiGHS in the tests) and an independent check of a solution against it.
 */
import type { Model, SolveResult } from 'javascript-lp-solver';
import solverModule from 'javascript-lp-solver';

// The package's types describe a CommonJS module; at run time the ESM build's default export is the solver.
const solver = solverModule as unknown as { Solve(model: Model): SolveResult };

export interface MipVar {
  name: string;
  cost: number;
  integer: boolean;
}
export interface MipRow {
  name: string;
  /** [variable index, coefficient] */
  terms: Array<[number, number]>;
  lo?: number;
  hi?: number;
}
export interface Mip {
  vars: MipVar[];
  rows: MipRow[];
  /** constant added to the objective (deficits before any transfer are not a constant here: kept 0) */
  constant: number;
}

export interface MipSolution {
  /** the solver's own claim */
  feasible: boolean;
  values: Float64Array;
  /** the objective the solver reported (constant included) */
  reported: number;
}

/** Solves with javascript-lp-solver (branch and cut, no time limit). Its answer is checked by `checkMip`. */
export function solveWithJsLpSolver(mip: Mip, opts: { relax?: boolean } = {}): MipSolution {
  const variables: Record<string, Record<string, number>> = {};
  const constraints: Record<string, { min?: number; max?: number }> = {};
  const ints: Record<string, 1> = {};
  mip.vars.forEach((v) => {
    variables[v.name] = { obj: v.cost };
    if (v.integer && !opts.relax) ints[v.name] = 1;
  });
  for (const r of mip.rows) {
    const bound: { min?: number; max?: number } = {};
    if (r.lo !== undefined) bound.min = r.lo;
    if (r.hi !== undefined) bound.max = r.hi;
    constraints[r.name] = bound;
    for (const [j, a] of r.terms) variables[mip.vars[j]!.name]![r.name] = a;
  }
  const out = solver.Solve({ optimize: 'obj', opType: 'min', constraints, variables, ints });
  const values = new Float64Array(mip.vars.length);
  mip.vars.forEach((v, j) => {
    const x = out[v.name];
    values[j] = typeof x === 'number' ? x : 0;
  });
  return { feasible: out.feasible === true, values, reported: Number(out.result) + mip.constant };
}

export interface MipCheck {
  ok: boolean;
  /** objective recomputed from the (rounded) values */
  objective: number;
  /** largest distance of an integer variable from an integer */
  integrality: number;
  violations: string[];
}

/**
 * Independent check: integer variables within `tol` of an integer (then rounded), every row within bounds
 * (tolerance `tol` × row size), no negative value; the objective recomputed from the rounded values.
 */
export function checkMip(
  mip: Mip,
  values: ArrayLike<number>,
  tol = 1e-6,
): MipCheck & { rounded: Float64Array } {
  const violations: string[] = [];
  const x = new Float64Array(mip.vars.length);
  let integrality = 0;
  mip.vars.forEach((v, j) => {
    const raw = values[j] ?? 0;
    if (!Number.isFinite(raw)) violations.push(`${v.name} = ${raw}`);
    if (raw < -tol) violations.push(`${v.name} = ${raw} < 0`);
    if (v.integer) {
      const dist = Math.abs(raw - Math.round(raw));
      integrality = Math.max(integrality, dist);
      if (dist > tol) violations.push(`${v.name} = ${raw} is not integral`);
      x[j] = Math.round(raw);
    } else x[j] = Math.max(0, raw);
  });
  for (const r of mip.rows) {
    let s = 0;
    for (const [j, a] of r.terms) s += a * x[j]!;
    const slack = tol * Math.max(1, r.terms.length);
    if (r.lo !== undefined && s < r.lo - slack) violations.push(`${r.name}: ${s} < ${r.lo}`);
    if (r.hi !== undefined && s > r.hi + slack) violations.push(`${r.name}: ${s} > ${r.hi}`);
  }
  let objective = mip.constant;
  mip.vars.forEach((v, j) => {
    objective += v.cost * x[j]!;
  });
  return { ok: violations.length === 0, objective, integrality, violations, rounded: x };
}

const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(15).replace(/\.?0+$/, ''));

/** CPLEX-LP text of the MIP (HiGHS reads it). Variable names are the MIP's own. */
export function toLpText(mip: Mip): string {
  const term = (a: number, name: string, first: boolean) =>
    `${a < 0 ? '- ' : first ? '' : '+ '}${num(Math.abs(a))} ${name}`;
  const lines: string[] = [
    'Minimize',
    ` obj: ${mip.vars.map((v, j) => term(v.cost, v.name, j === 0)).join(' ')}`,
  ];
  lines.push('Subject To');
  for (const r of mip.rows) {
    if (r.terms.length === 0) continue;
    const lhs = r.terms.map(([j, a], k) => term(a, mip.vars[j]!.name, k === 0)).join(' ');
    if (r.lo !== undefined && r.hi !== undefined && r.lo === r.hi)
      lines.push(` ${r.name}: ${lhs} = ${num(r.lo)}`);
    else {
      if (r.lo !== undefined) lines.push(` ${r.name}_lo: ${lhs} >= ${num(r.lo)}`);
      if (r.hi !== undefined) lines.push(` ${r.name}_hi: ${lhs} <= ${num(r.hi)}`);
    }
  }
  const ints = mip.vars.filter((v) => v.integer).map((v) => v.name);
  if (ints.length) lines.push('General', ` ${ints.join(' ')}`);
  lines.push('End');
  return lines.join('\n');
}
