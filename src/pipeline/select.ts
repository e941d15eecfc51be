/** Choosing which cases a run covers: --grep over id and prompt, --model by id or label. */
import type { CaseSpec } from '../types.js';

export interface CaseFilter {
  grep?: string;
  models?: readonly string[];
}

/** A pattern is a case-insensitive regular expression; text that is not a valid one matches literally. */
export function matcher(pattern: string): (text: string) => boolean {
  try {
    const regex = new RegExp(pattern, 'i');
    return (text) => regex.test(text);
  } catch {
    const needle = pattern.toLowerCase();
    return (text) => text.toLowerCase().includes(needle);
  }
}

export function selectCases(cases: readonly CaseSpec[], filter: CaseFilter): CaseSpec[] {
  const grep = filter.grep ? matcher(filter.grep) : undefined;
  const models = filter.models && filter.models.length > 0 ? new Set(filter.models) : undefined;
  return cases.filter(
    (c) =>
      (!grep || grep(c.id) || grep(c.request.prompt)) && (!models || models.has(c.model) || models.has(c.modelLabel)),
  );
}
