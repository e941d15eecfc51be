/**
 * Limits a suite is checked against before it is expanded: how many cases it
 * makes (a few lines of sweep can ask for millions, and expanding them would
 * run out of memory long before a request is sent), and whether every id can
 * name a file on every system a baseline is checked out on (a segment of at
 * most 255 bytes, no name Windows reserves, no two ids one path on a
 * case-insensitive file system).
 */
import type { Problem, SourceLocation } from '../types/errors.js';
import { encodeSegment } from '../util/safe-path.js';
import { DEFAULT_MAX_CASES } from './max-cases.js';
import type { SuiteShape } from './salvage.js';
import { SWEEPABLE } from './schema.js';

/** Cases one run may expand to unless raised (`--max-cases`, `maxCases`). */
export { DEFAULT_MAX_CASES };

/** What most file systems allow for one file or folder name. */
export const MAX_SEGMENT_BYTES = 255;

/** Names Windows refuses for a file or folder, in any letter case and with any extension; also a trailing dot. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$|\.$/i;

/** Two ids that differ only in letter case or Unicode form name one baseline on macOS and Windows. */
export function collisionKey(id: string): string {
  return id.normalize('NFC').toLowerCase();
}

/** Problems of a name that becomes one path segment of every baseline under it (suite, case, model label). */
export function segmentProblems(what: string, name: string, location: SourceLocation): Problem[] {
  const bytes = encodeSegment(name).length;
  if (bytes > MAX_SEGMENT_BYTES) {
    return [
      {
        code: 'SUITE_ID_TOO_LONG',
        message: `${what} "${name.slice(0, 40)}…" is ${bytes} bytes long as a folder name; the limit is ${MAX_SEGMENT_BYTES}`,
        location,
        hint: `shorten it to at most ${MAX_SEGMENT_BYTES} bytes; it names a folder under baselines/`,
      },
    ];
  }
  if (RESERVED.test(name)) {
    return [
      {
        code: 'SUITE_RESERVED_NAME',
        message: `${what} "${name}" cannot name a folder on Windows`,
        location,
        hint: 'rename it: CON, PRN, AUX, NUL, COM0–COM9 and LPT0–LPT9 (with any extension) and names ending in "." are reserved there',
      },
    ];
  }
  return [];
}

/** How many cases one suite case expands to: models × sweep cells × seeds, counted without expanding. */
export function caseCount(suite: SuiteShape, caseIndex: number): { count: number; factors: string } {
  const input = suite.cases[caseIndex];
  if (!input) return { count: 0, factors: '' };
  const models = input.models?.length ?? suite.models.length;
  const seeds = (input.seeds ?? suite.seeds).length;
  const axes = Object.entries(input.sweep ?? {}).filter(([param]) => (SWEEPABLE as readonly string[]).includes(param));
  const cells = axes.reduce((n, [, values]) => n * values.length, 1);
  const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
  const parts = [
    ...(axes.length > 0 ? [`a sweep of ${axes.map(([, values]) => values.length).join(' × ')}`] : []),
    plural(models, 'model'),
    plural(seeds, 'seed'),
  ];
  return { count: models * cells * seeds, factors: parts.join(' × ') };
}

export interface SuiteCount {
  suite: SuiteShape;
  file: string;
  /** Where each case is, for pointing at the one that explodes. */
  locate(caseIndex: number): SourceLocation;
}

/**
 * Problems when the suites would expand to more than `maxCases` cases: every case that alone exceeds
 * the limit, or else the largest case of a run that exceeds it together.
 */
export function caseCountProblems(suites: readonly SuiteCount[], maxCases: number): Problem[] {
  const cases = suites.flatMap((entry) =>
    entry.suite.cases.map((input, index) => ({ entry, index, id: input?.id ?? '', ...caseCount(entry.suite, index) })),
  );
  const total = cases.reduce((n, c) => n + c.count, 0);
  if (total <= maxCases) return [];
  const fmt = (n: number) => n.toLocaleString('en-US');
  const raise = `or raise the limit with --max-cases ${Math.ceil(total)}`;
  const alone = cases.filter((c) => c.count > maxCases);
  if (alone.length > 0) {
    return alone.map((c) => ({
      code: 'SUITE_TOO_MANY_CASES',
      message: `case "${c.id}" expands to ${fmt(c.count)} cases (${c.factors}); a run may have at most ${fmt(maxCases)}`,
      location: c.entry.locate(c.index),
      hint: `sweep fewer values or split the sweep over several cases run separately, ${raise}`,
    }));
  }
  const largest = cases.reduce((a, b) => (b.count > a.count ? b : a));
  const files = [...new Set(suites.map((s) => s.file))];
  return [
    {
      code: 'SUITE_TOO_MANY_CASES',
      message: `${files.length === 1 ? 'the suite expands' : `${files.length} suites expand`} to ${fmt(total)} cases; a run may have at most ${fmt(maxCases)} (the largest case, "${largest.id}", makes ${fmt(largest.count)})`,
      location: largest.entry.locate(largest.index),
      hint: `run fewer suites at once or sweep fewer values, ${raise}`,
    },
  ];
}
