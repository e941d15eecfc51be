/** junit.xml: one testsuite per suite, one testcase per case, failures carrying the figures. */
import type { CaseResult, NotRunCase, RunResultsSource } from '../types/index.js';
import { findingLines, principalFinding } from './findings-text.js';
import { metricsPhrase } from './format.js';

const INVALID_XML = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlEscape(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function testcase(result: CaseResult): string {
  const name = xmlEscape(result.id);
  const classname = xmlEscape(`${result.suite}.${result.case}`);
  const head = `    <testcase name="${name}" classname="${classname}" time="${seconds(result.durationMs)}"`;
  if (!result.failing) return `${head} />`;
  // The message carries every figure of the worst image, so a CI annotation alone tells how far off it is.
  const metrics = result.images.map((i) => i.metrics).filter((m) => m !== undefined);
  const worst = metrics.length > 0 ? metrics.reduce((a, b) => (b.diffRatio > a.diffRatio ? b : a)) : undefined;
  const figures = worst ? metricsPhrase(worst) : '';
  const verdictReason = `${result.verdict}: ${result.reason ?? ''}${figures ? ` [${figures}]` : ''}`.trim();
  // What changed comes first, so a CI annotation's first words say how the image changed.
  const principal = principalFinding(result);
  const message = principal ? `${principal.summary} — ${verdictReason}` : verdictReason;
  const detail = [
    `verdict: ${result.verdict}`,
    `prompt: ${result.request.prompt}`,
    `model: ${result.model}  seed: ${result.seed}  attempts: ${result.attempts}  latency: ${result.durationMs} ms`,
    ...(result.review
      ? [`review: ${result.review.decision} ${result.review.at}${result.review.note ? ` — ${result.review.note}` : ''}`]
      : []),
    ...result.images.flatMap((i) => [
      `image ${i.index}: ${i.verdict}${i.metrics ? ` [${metricsPhrase(i.metrics)}]` : ''}${i.reason ? ` — ${i.reason}` : ''}${i.diff ? ` (diff: ${i.diff})` : ''}`,
      ...(i.findings?.length ? [`  changes: ${findingLines(i.findings).join('; ')}`] : []),
    ]),
  ].join('\n');
  const tag = result.verdict === 'error' ? 'error' : 'failure';
  return `${head}>\n      <${tag} message="${xmlEscape(message)}" type="${result.verdict}">${xmlEscape(detail)}</${tag}>\n    </testcase>`;
}

/** A case that did not run is a skipped test case, as JUnit readers (and Playwright's JUnit output) show it. */
function skippedCase(c: NotRunCase): string {
  const name = xmlEscape(c.id);
  const classname = xmlEscape(`${c.suite}.${c.case}`);
  return `    <testcase name="${name}" classname="${classname}" time="0.000">\n      <skipped message="${xmlEscape(`did not run: ${c.reason}`)}" />\n    </testcase>`;
}

/** A suite's testcase elements and counts, gathered as its cases go by. */
interface SuiteTally {
  testcases: string[];
  tests: number;
  failures: number;
  errors: number;
  time: number;
}

const tally = (): SuiteTally => ({ testcases: [], tests: 0, failures: 0, errors: 0, time: 0 });

function count(into: SuiteTally, c: CaseResult): void {
  into.tests++;
  if (c.failing && c.verdict === 'error') into.errors++;
  if (c.failing && c.verdict !== 'error') into.failures++;
}

/** In one pass over the cases (a run's are read back one at a time): each case leaves its element, not itself. */
export function renderJunit(results: RunResultsSource): string {
  const bySuite = new Map<string, SuiteTally>();
  const all = tally();
  for (const c of results.cases) {
    const suite = bySuite.get(c.suite) ?? tally();
    bySuite.set(c.suite, suite);
    suite.testcases.push(testcase(c));
    suite.time += c.durationMs;
    count(suite, c);
    count(all, c);
  }
  const notRun = new Map<string, NotRunCase[]>();
  for (const c of results.notRun ?? []) {
    const listed = notRun.get(c.suite);
    if (listed) listed.push(c);
    else notRun.set(c.suite, [c]);
    if (!bySuite.has(c.suite)) bySuite.set(c.suite, tally());
  }
  const suites = [...bySuite.entries()].map(([name, suite]) => {
    const skipped = notRun.get(name) ?? [];
    return [
      `  <testsuite name="${xmlEscape(name)}" tests="${suite.tests + skipped.length}" failures="${suite.failures}" errors="${suite.errors}" skipped="${skipped.length}" time="${seconds(suite.time)}" timestamp="${results.startedAt}">`,
      ...suite.testcases,
      ...skipped.map(skippedCase),
      '  </testsuite>',
    ].join('\n');
  });
  const skipped = results.notRun?.length ?? 0;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="seedsnap" tests="${all.tests + skipped}" failures="${all.failures}" errors="${all.errors}" skipped="${skipped}" time="${seconds(results.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
