/**
 * The findings in the views' words: a failing image's line starts with its principal finding (what
 * changed), then the gates' reason (by how much); a case leads with its first failing image's.
 * Nothing is judged or classified here: the findings come from the comparator (results.json).
 */
import type { CaseResult, Change } from '../types/index.js';

/** "warmer: red +8.0, blue −4.0 levels — mean red moved +7.95 levels, more than max_colour_shift 2". */
export function leadWithFinding(reason: string, findings: readonly Change[] | undefined): string {
  const principal = findings?.[0];
  if (!principal) return reason;
  return reason ? `${principal.summary} — ${reason}` : principal.summary;
}

/** The principal finding of a case: its first image that has findings (images are kept in order). */
export function principalFinding(c: Pick<CaseResult, 'images'>): Change | undefined {
  for (const image of c.images) {
    const first = image.findings?.[0];
    if (first) return first;
  }
  return undefined;
}

/** A case's reason led by its principal finding, for the terminal line, JUnit and summary.md. */
export function caseReason(c: Pick<CaseResult, 'images' | 'reason'>): string {
  const principal = principalFinding(c);
  return leadWithFinding(c.reason ?? '', principal ? [principal] : undefined);
}

/** Every finding of an image as numbered lines: "1. colour: warmer: red +8.0, blue −4.0 levels". */
export function findingLines(findings: readonly Change[]): string[] {
  return findings.map((f, i) => `${i + 1}. ${f.kind}: ${f.summary}`);
}
