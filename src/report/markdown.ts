/** summary.md: fits a CI step summary — counts, the worst cases, where the report is. */
import { type CaseResult, type RunResultsSource, VERDICTS } from '../types/index.js';
import { caseReason } from './findings-text.js';
import { caseFigures, formatDuration, markdownAnchor, markdownCell, markdownCode, worstFirst } from './format.js';
import { convergence, describeConvergence } from './sweep-summary.js';

/** summary.md: fits a CI step summary (a run's, or an A/B comparison's). */
export const SUMMARY_FILE = 'summary.md';

const ICONS: Record<string, string> = {
  pass: '✅',
  fail: '❌',
  new: '🆕',
  stale: '🕸️',
  blocked: '🛡️',
  error: '💥',
  flaky: '🎲',
};

const cell = markdownCell;

/** What the summary needs of the cases, in one pass (a run's are read back one at a time): only failing ones are kept. */
function gather(cases: Iterable<CaseResult>) {
  const models = new Map<string, { failing: number; cases: number }>();
  const failing: CaseResult[] = [];
  let reviewed = 0;
  let approved = 0;
  for (const c of cases) {
    const model = models.get(c.modelLabel) ?? { failing: 0, cases: 0 };
    models.set(c.modelLabel, model);
    model.cases++;
    if (c.failing) {
      model.failing++;
      failing.push(c);
    }
    if (c.review) reviewed++;
    if (c.review?.decision === 'approved') approved++;
  }
  return { models, failing, reviewed, approved };
}

export function renderMarkdown(
  results: RunResultsSource,
  options: { maxRows?: number; reportLink?: string } = {},
): string {
  const { summary } = results;
  const gathered = gather(results.cases);
  const maxRows = options.maxRows ?? 20;
  const suites = results.suites.map((s) => s.name).join(', ');
  const headline =
    summary.failing === 0
      ? `✅ all ${summary.total} cases good`
      : `❌ ${summary.failing} of ${summary.total} cases failing${summary.notRun ? `, ${summary.notRun} did not run` : ''}`;
  const lines = [
    `## seedsnap — ${cell(suites)}: ${headline}`,
    '',
    `Run ${markdownCode(results.runId)} · ${summary.images} images · ${formatDuration(results.durationMs)}${results.status === 'interrupted' ? ' · **interrupted**' : ''}${results.status === 'stopped' ? ' · **stopped**' : ''}`,
    '',
    '| verdict | cases |',
    '| --- | ---: |',
    ...VERDICTS.filter((v) => summary.byVerdict[v] > 0).map(
      (v) => `| ${ICONS[v] ?? ''} ${v} | ${summary.byVerdict[v]} |`,
    ),
    ...(summary.notRun ? [`| ⏭️ did not run | ${summary.notRun} |`] : []),
  ];
  const notRun = results.notRun ?? [];
  if (notRun.length > 0) {
    const why = [...new Set(notRun.map((n) => n.reason))].join('; ');
    lines.push(
      '',
      `**${notRun.length} cases did not run: ${cell(why)}.** Run them with \`seedsnap run --last-failed\`.`,
    );
  }
  if (gathered.models.size > 1) {
    lines.push('', '| model | failing | cases |', '| --- | ---: | ---: |');
    for (const [model, counts] of gathered.models) {
      lines.push(`| ${cell(model)} | ${counts.failing} | ${counts.cases} |`);
    }
  }
  if (summary.updated > 0) lines.push('', `${summary.updated} baseline image(s) written by this run.`);
  if (results.orphanBaselines) {
    lines.push(
      '',
      `${results.orphanBaselines} baseline(s) are no longer produced by any case (\`seedsnap baselines prune\`).`,
    );
  }
  if (gathered.reviewed > 0) {
    const { approved, reviewed } = gathered;
    lines.push('', `Reviewed: ${approved} approved, ${reviewed - approved} rejected.`);
  }
  const failing = worstFirst(gathered.failing, VERDICTS);
  if (failing.length > 0) {
    lines.push(
      '',
      `### Failing cases${failing.length > maxRows ? ` (worst ${maxRows} of ${failing.length})` : ''}`,
      '',
    );
    lines.push('| case | verdict | figures | reason |', '| --- | --- | ---: | --- |');
    for (const c of failing.slice(0, maxRows)) {
      const link = options.reportLink
        ? `[${cell(c.id)}](${options.reportLink}#${markdownAnchor(c.id)})`
        : markdownCode(c.id);
      const rejected = c.review?.decision === 'rejected' ? ' (rejected in review)' : '';
      lines.push(
        `| ${link} | ${ICONS[c.verdict] ?? ''} ${cell(c.verdict)}${rejected} | ${caseFigures(c)} | ${cell(caseReason(c))} |`,
      );
    }
  }
  const sweeps = results.sweeps ?? [];
  if (sweeps.length > 0) {
    lines.push('', '### Sweeps', '');
    for (const sweep of sweeps) {
      for (const found of convergence(sweep)) {
        lines.push(`- ${markdownCode(sweep.id)}: ${cell(describeConvergence(found, sweep.tolerance))}`);
      }
    }
  }
  lines.push(
    '',
    `Report: ${options.reportLink ? `[index.html](${options.reportLink})` : '`index.html` in the run folder'}`,
    '',
  );
  return lines.join('\n');
}
