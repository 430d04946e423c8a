// Independent MIP/LP solver for cross-checks (dev dependency only; never imported by src/).
import type { Highs } from 'highs';
import loadHighsModule from 'highs';

// The package's types describe a CommonJS module; at run time the ESM build's default export is the loader.
const loadHighs = loadHighsModule as unknown as () => Promise<Highs>;
let instance: Promise<Highs> | undefined;

export function highs(): Promise<Highs> {
  instance ??= loadHighs();
  return instance;
}

/** Solves CPLEX-LP text; returns status, objective and column values. */
export async function solveLp(
  lp: string,
  options: Record<string, unknown> = {},
): Promise<{ status: string; objective: number; columns: Map<string, number> }> {
  const h = await highs();
  const r = h.solve(lp, { output_flag: false, mip_rel_gap: 1e-7, mip_abs_gap: 1e-7, ...options } as never);
  const columns = new Map<string, number>();
  for (const [k, v] of Object.entries(r.Columns ?? {})) columns.set(k, (v as { Primal: number }).Primal);
  return { status: r.Status, objective: r.ObjectiveValue, columns };
}
