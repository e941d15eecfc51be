/** What a sweep's convergence figures say, in words: the cheapest cell that matches each reference. */
import type { SweepCell, SweepResult, SweepValue } from '../types/index.js';
import { formatRatio } from './format.js';

const setting = (values: Record<string, SweepValue>) =>
  Object.entries(values)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');

export interface Convergence {
  reference: SweepCell;
  /** The cheapest cell close to the reference (the reference itself when nothing cheaper is). */
  cheapest: SweepCell;
}

export function convergence(sweep: SweepResult): Convergence[] {
  const byId = new Map(sweep.cells.map((c) => [c.id, c]));
  const out = new Map<string, Convergence>();
  for (const cell of sweep.cells) {
    const reference = cell.reference ? byId.get(cell.reference) : undefined;
    if (!reference || !cell.close) continue;
    const current = out.get(reference.id);
    if (!current || cell.cost < current.cheapest.cost) out.set(reference.id, { reference, cheapest: cell });
  }
  return [...out.values()];
}

/** "steps=12,guidance_scale=2 is within 1.00% of steps=28,guidance_scale=2 (0%, 43% of the cost)". */
export function describeConvergence({ reference, cheapest }: Convergence, tolerance: SweepResult['tolerance']): string {
  if (cheapest.id === reference.id)
    return `nothing cheaper than ${setting(reference.values)} comes within ${formatRatio(tolerance.max_diff_ratio ?? 0)}`;
  const share = reference.cost > 0 ? ` at ${Math.round((cheapest.cost / reference.cost) * 100)}% of the cost` : '';
  return `${setting(cheapest.values)} is within ${formatRatio(tolerance.max_diff_ratio ?? 0)} of ${setting(reference.values)} (${formatRatio(cheapest.metrics?.diffRatio ?? 0)} differ${share})`;
}
