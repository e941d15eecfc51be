/** summary.md: fits a CI step summary — counts, the worst cases, where the report is. */
import { type RunResults, VERDICTS } from '../types/index.js';
import { caseReason } from './findings-text.js';
import { caseFigures, formatDuration, markdownAnchor, markdownCell, markdownCode, worstFirst } from './format.js';
import { convergence, describeConvergence } from './sweep-summary.js';

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

export function renderMarkdown(results: RunResults, options: { maxRows?: number; reportLink?: string } = {}): string {
  const { summary } = results;
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
  const models = [...new Set(results.cases.map((c) => c.modelLabel))];
  if (models.length > 1) {
    lines.push('', '| model | failing | cases |', '| --- | ---: | ---: |');
    for (const model of models) {
      const mine = results.cases.filter((c) => c.modelLabel === model);
      lines.push(`| ${cell(model)} | ${mine.filter((c) => c.failing).length} | ${mine.length} |`);
    }
  }
  if (summary.updated > 0) lines.push('', `${summary.updated} baseline image(s) written by this run.`);
  if (results.orphanBaselines) {
    lines.push(
      '',
      `${results.orphanBaselines} baseline(s) are no longer produced by any case (\`seedsnap baselines prune\`).`,
    );
  }
  const reviewed = results.cases.filter((c) => c.review);
  if (reviewed.length > 0) {
    const approved = reviewed.filter((c) => c.review?.decision === 'approved').length;
    lines.push('', `Reviewed: ${approved} approved, ${reviewed.length - approved} rejected.`);
  }
  const failing = worstFirst(
    results.cases.filter((c) => c.failing),
    VERDICTS,
  );
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
