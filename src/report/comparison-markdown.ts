/** summary.md of an A/B comparison: counts, the cases that changed most, where the report is. */
import { PAIR_STATUSES, type RunComparison } from '../types/comparison.js';
import { formatRatio, markdownAnchor, markdownCell, markdownCode } from './format.js';

const LABELS: Record<string, string> = {
  changed: '🔀 changed',
  error: '💥 error',
  'only-a': '⬅️ only in A',
  'only-b': '➡️ only in B',
  same: '✅ same',
};

const cell = markdownCell;

export function renderComparisonMarkdown(
  comparison: RunComparison,
  options: { maxRows?: number; reportLink?: string } = {},
): string {
  const { a, b, summary } = comparison;
  const maxRows = options.maxRows ?? 20;
  const changed = summary.byStatus.changed;
  const sideText = (s: typeof a) =>
    `${markdownCode(s.runId)} (${cell(s.models.join(', '))}${s.revisions.length ? `; ${cell(s.revisions.join(', '))}` : ''})`;
  const lines = [
    `## seedsnap A/B: ${changed === 0 ? `no image changed in ${summary.total} cases` : `${changed} of ${summary.total} cases changed`}`,
    '',
    `A: ${sideText(a)} · B: ${sideText(b)} · matched by prompt, seed and parameters · threshold ${comparison.options.threshold}, same when at most ${formatRatio(comparison.options.max_diff_ratio)} of pixels differ`,
    '',
    '| status | cases |',
    '| --- | ---: |',
    ...PAIR_STATUSES.filter((s) => summary.byStatus[s] > 0).map((s) => `| ${LABELS[s]} | ${summary.byStatus[s]} |`),
  ];
  const most = comparison.pairs
    .filter((p) => p.status === 'changed' || p.status === 'error')
    .sort((x, y) => y.diffRatio - x.diffRatio || (x.id < y.id ? -1 : 1));
  if (most.length > 0) {
    lines.push(
      '',
      `### Changed most${most.length > maxRows ? ` (top ${maxRows} of ${most.length})` : ''}`,
      '',
      '| case | A → B | differs | note |',
      '| --- | --- | ---: | --- |',
    );
    for (const p of most.slice(0, maxRows)) {
      const link = options.reportLink
        ? `[${cell(p.id)}](${options.reportLink}#${markdownAnchor(p.id)})`
        : markdownCode(p.id);
      const models =
        p.a && p.b ? `${p.a.modelRevision ?? p.a.modelLabel} → ${p.b.modelRevision ?? p.b.modelLabel}` : '';
      lines.push(`| ${link} | ${cell(models)} | ${formatRatio(p.diffRatio)} | ${cell(p.reason ?? '')} |`);
    }
  }
  lines.push('', `Report: ${options.reportLink ? `[index.html](${options.reportLink})` : '`index.html`'}`, '');
  return lines.join('\n');
}
