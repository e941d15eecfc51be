/**
 * Pairing two runs' cases for an A/B comparison: by everything they asked for except the model (prompt, seed,
 * every parameter), so two models, two revisions or two settings of one suite line up.
 */
import type { CaseResult } from '../types/index.js';
import { canonicalJson } from '../util/canonical-json.js';

/** What a case asked for, minus the model: the key two runs are matched on. */
export function matchKey(c: CaseResult): string {
  const { model: _model, ...rest } = c.request;
  return canonicalJson(rest);
}

/** Pair B's cases with A's; when several A cases ask for the same thing, prefer the same id, then model, then case. */
export function pairCases(
  a: readonly CaseResult[],
  b: readonly CaseResult[],
): [CaseResult | undefined, CaseResult | undefined][] {
  const pool = new Map<string, CaseResult[]>();
  for (const c of a) pool.set(matchKey(c), [...(pool.get(matchKey(c)) ?? []), c]);
  const pairs: [CaseResult | undefined, CaseResult | undefined][] = [];
  for (const c of b) {
    const candidates = pool.get(matchKey(c)) ?? [];
    const pick =
      candidates.find((x) => x.id === c.id) ??
      candidates.find((x) => x.modelLabel === c.modelLabel) ??
      candidates.find((x) => x.suite === c.suite && x.case === c.case) ??
      candidates[0];
    if (pick) candidates.splice(candidates.indexOf(pick), 1);
    pairs.push([pick, c]);
  }
  for (const rest of pool.values()) for (const c of rest) pairs.push([c, undefined]);
  return pairs;
}

/** The pair's id: the case id when both sides share it, else `A id ⇄ B id`; unique in the comparison. */
export function pairId(a: CaseResult | undefined, b: CaseResult | undefined, taken: Set<string>): string {
  const base = a && b && a.id !== b.id ? `${a.id} ⇄ ${b.id}` : ((b ?? a)?.id ?? 'case');
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base} (${n})`;
  taken.add(id);
  return id;
}
