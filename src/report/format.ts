/** Small formatting helpers shared by the text reporters. */
import { formatRatio } from '../compare/judge.js';
import type { CaseResult, CompareMetrics } from '../types/index.js';
import { stripControls } from '../util/terminal-text.js';
import { thousands } from '../util/thousands.js';

export { formatRatio };

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Metrics in one phrase: "1,234 px (0.47%)", then any other figure the compare stage computed ("ssim 0.9731"). */
export function metricsPhrase(metrics: CompareMetrics): string {
  const others = Object.entries(metrics as unknown as Record<string, unknown>)
    .filter(([key, value]) => key !== 'diffPixels' && key !== 'diffRatio' && typeof value === 'number')
    .map(([key, value]) => `${key} ${Number((value as number).toPrecision(4))}`);
  return [`${thousands(metrics.diffPixels)} px (${formatRatio(metrics.diffRatio)})`, ...others].join(' · ');
}

/** The figures of a case in one short phrase: "1,234 px (0.47%), PSNR 31.20 dB, SSIM 0.9812". */
export function caseFigures(result: CaseResult): string {
  const metrics = result.images.map((i) => i.metrics).filter((m) => m !== undefined);
  if (metrics.length === 0) return '';
  const worst = metrics.reduce((a, b) => (b.diffRatio > a.diffRatio ? b : a));
  const parts = [`${thousands(worst.diffPixels)} px (${formatRatio(worst.diffRatio)})`];
  // Results written before these metrics existed hold only the pixel count.
  if (worst.psnr !== undefined && worst.psnr < 100) parts.push(`PSNR ${worst.psnr.toFixed(2)} dB`);
  if (worst.ssim !== undefined && worst.ssim < 1) parts.push(`SSIM ${worst.ssim.toFixed(4)}`);
  return parts.join(', ');
}

/** Worst first: failing before passing, then by verdict order, then by how much differs. */
export function worstFirst(cases: readonly CaseResult[], order: readonly string[]): CaseResult[] {
  const ratio = (c: CaseResult) => Math.max(0, ...c.images.map((i) => i.metrics?.diffRatio ?? 0));
  return [...cases].sort(
    (a, b) =>
      Number(b.failing) - Number(a.failing) ||
      order.indexOf(a.verdict) - order.indexOf(b.verdict) ||
      ratio(b) - ratio(a) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** Longest quoted text in a cell; results.json keeps all of it. */
const MAX_CELL_CHARS = 500;

/** One line of plain text: no control characters, line breaks become spaces, at most MAX_CELL_CHARS. */
function oneLine(text: string): string {
  const line = stripControls(text.replace(/[\r\n\t\u2028\u2029]+/g, ' '));
  return line.length > MAX_CELL_CHARS ? `${line.slice(0, MAX_CELL_CHARS - 1)}…` : line;
}

/**
 * Text from a suite, a run folder or a server, made inert for summary.md (GitHub step summaries, PR
 * comments): it renders as the same characters, inside its own table cell, and starts nothing. Every
 * character that can open a Markdown or HTML construct is backslash-escaped — pipes (cells), backticks,
 * emphasis, brackets and `!` (links, images, footnotes), `<` `>` `&` (HTML, entities, autolinks), `$`
 * (math), `#`, `~` — and a `.` inside a host name or a `://` is escaped so that bare URLs, domains and
 * e-mail addresses are not turned into links. `_` inside a word stays (it cannot emphasise there), so
 * gate names such as max_diff_ratio read as they are.
 */
export function markdownCell(text: string): string {
  return oneLine(text)
    .replace(/[\\`*~[\]!<>&|$#]/g, (c) => `\\${c}`)
    .replace(/_/g, (c, at: number, all: string) =>
      /[A-Za-z0-9]/.test(all[at - 1] ?? '') && /[A-Za-z0-9]/.test(all[at + 1] ?? '') ? c : `\\${c}`,
    )
    .replace(/([A-Za-z0-9])\.(?=[A-Za-z])/g, '$1\\.')
    .replace(/:(?=\/\/)/g, '\\:');
}

/**
 * Text as a code span inside a table cell: nothing in it is Markdown, so it needs only a fence longer
 * than any run of backticks it holds, and `\|` for its pipes (GFM splits cells before code spans).
 */
export function markdownCode(text: string): string {
  const line = oneLine(text).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = line.startsWith('`') || line.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}

/** A fragment for a link to a case: everything that could end the link destination is encoded. */
export function markdownAnchor(id: string): string {
  return encodeURIComponent(id).replace(/[()'!*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
