/** Small formatting helpers shared by the text reporters. */
import { formatRatio } from '../compare/gates.js';
import type { CaseResult, CompareMetrics } from '../types.js';

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
  return [`${metrics.diffPixels.toLocaleString('en-US')} px (${formatRatio(metrics.diffRatio)})`, ...others].join(
    ' · ',
  );
}

/** The figures of a case in one short phrase: "1,234 px (0.47%), PSNR 31.20 dB, SSIM 0.9812". */
export function caseFigures(result: CaseResult): string {
  const metrics = result.images.map((i) => i.metrics).filter((m) => m !== undefined);
  if (metrics.length === 0) return '';
  const worst = metrics.reduce((a, b) => (b.diffRatio > a.diffRatio ? b : a));
  const parts = [`${worst.diffPixels.toLocaleString('en-US')} px (${formatRatio(worst.diffRatio)})`];
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

/** Text that is safe inside a Markdown table cell: no pipes, no line breaks, no HTML. */
export function markdownCell(text: string): string {
  return text
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}
