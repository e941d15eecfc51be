/**
 * File reporters, looked up by name (`--reporter html,json,junit,markdown`).
 * Each renders from results.json alone, so `seedsnap report` can rebuild any
 * of them later from a finished run.
 */
import path from 'node:path';
import { UsageError } from '../types/errors.js';
import type { RunResultsSource } from '../types/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import { PAGE_FILE, writeHtmlReport } from './html.js';
import { renderJunit } from './junit.js';
import { renderMarkdown, SUMMARY_FILE } from './markdown.js';
import { writeResults } from './results-file.js';
import { RESULTS_FILE } from './results-json.js';

export const JUNIT_FILE = 'junit.xml';

export interface FileReporter {
  name: string;
  file: string;
  /** `results.cases` is gone through once: a run gives its cases read back from its journal one at a time. */
  write(runDir: string, results: RunResultsSource): Promise<string>;
}

const textReporter = (name: string, file: string, render: (results: RunResultsSource) => string): FileReporter => ({
  name,
  file,
  async write(runDir, results) {
    const target = path.join(runDir, file);
    await writeFileAtomic(target, render(results));
    return target;
  },
});

export const FILE_REPORTERS: Record<string, FileReporter> = {
  json: { name: 'json', file: RESULTS_FILE, write: writeResults },
  html: { name: 'html', file: PAGE_FILE, write: (dir, results) => writeHtmlReport(dir, results) },
  junit: textReporter('junit', JUNIT_FILE, renderJunit),
  markdown: textReporter('markdown', SUMMARY_FILE, (r) => renderMarkdown(r, { reportLink: PAGE_FILE })),
};

/** What a run (and approve, merge, review) writes when no reporter is named. */
export const DEFAULT_REPORTERS: readonly string[] = ['html', 'json', 'junit', 'markdown'];

/** Reporters that print instead of writing a file (the command that ran prints them). */
export const STREAM_REPORTERS = ['github'];

/** Parse `--reporter html,junit`; results.json is always written, it is the source of the others. */
export function parseReporters(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [...DEFAULT_REPORTERS];
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!FILE_REPORTERS[name] && !STREAM_REPORTERS.includes(name)) {
      const known = [...Object.keys(FILE_REPORTERS), ...STREAM_REPORTERS];
      throw new UsageError(`unknown reporter "${name}"`, `use any of ${known.join(', ')}`);
    }
  }
  return ['json', ...names.filter((n) => n !== 'json')];
}

/** Write results.json first, then every other report. Returns the written paths by reporter name. */
export async function writeReports(
  runDir: string,
  results: RunResultsSource,
  names: readonly string[],
): Promise<Record<string, string>> {
  const written: Record<string, string> = {};
  const ordered = ['json', ...names.filter((n) => n !== 'json')];
  for (const name of ordered) {
    const reporter = FILE_REPORTERS[name];
    if (reporter) written[name] = await reporter.write(runDir, results);
  }
  return written;
}
