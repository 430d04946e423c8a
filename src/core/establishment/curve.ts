import { buildRoadmap, type EstablishmentInput, type PieceStatus } from './roadmap.ts';

export const CURVE_STEPS = [1, 5, 10, 20, 50] as const;

export interface CurvePoint {
  /** N: transfers allowed per quarter */
  max_transfers: number;
  /** transfers the roadmap used, all quarters */
  transfers: number;
  /** Σ over quarters of the staff-hours a day points cannot cover with their own staff, after transfers */
  residual_deficit: number;
  /** the same with no transfer at all */
  deficit_without: number;
  /** per quarter, after transfers */
  by_quarter: number[];
  status: PieceStatus;
}

/**
 * The trade-off leadership reads: residual imbalance (deficit staff-hours a day) against the transfers
 * allowed per quarter.
 * @example tradeoffCurve(input).map((c) => [c.max_transfers, c.residual_deficit])
 */
export function tradeoffCurve(
  input: EstablishmentInput,
  steps: ReadonlyArray<number> = CURVE_STEPS,
): CurvePoint[] {
  return steps.map((n) => {
    const r = buildRoadmap({ ...input, rules: { ...input.rules, max_transfers_per_quarter: n } });
    return {
      max_transfers: n,
      transfers: r.quarters.reduce((s, q) => s + q.transfers.length, 0),
      residual_deficit: round(r.quarters.reduce((s, q) => s + q.deficit_after, 0)),
      deficit_without: round(r.quarters.reduce((s, q) => s + q.deficit_as_they_were, 0)),
      by_quarter: r.quarters.map((q) => q.deficit_after),
      status: r.status,
    };
  });
}

const round = (v: number) => Math.round(v * 1000) / 1000;
