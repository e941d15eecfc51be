/**
 * What a run wrote to baselines/, for the end of the one-screen summary: Jest ends with
 * "N snapshots updated", and a run that overwrote approved images must say so as plainly.
 */
import type { CaseResult, RunResultsSource } from '../types/index.js';

/** More ids than this would push the rest of the summary off the screen; results.json has them all. */
export const MAX_LISTED_UPDATES = 20;

export interface UpdateCounts {
  /** Images the run wrote as baselines. */
  written: number;
  /** Of those, images that replaced an approved baseline (fail, stale, error under --update). */
  overwritten: number;
}

function writtenImages(c: CaseResult): number {
  return c.images.filter((image) => image.updated).length;
}

/** A baseline is overwritten when its image had one to differ from: anything but `new`. */
function overwrote(c: CaseResult): boolean {
  return c.images.some((image) => image.updated && image.verdict !== 'new');
}

export function updateCounts(results: RunResultsSource): UpdateCounts {
  let written = 0;
  let overwritten = 0;
  for (const c of results.cases) {
    for (const image of c.images) {
      if (!image.updated) continue;
      written++;
      if (image.verdict !== 'new') overwritten++;
    }
  }
  return { written, overwritten };
}

const images = (n: number) => `${n} baseline image${n === 1 ? '' : 's'}`;

/** "after overwriting N baseline images", or undefined when the run replaced no approved image. */
export function overwriteNote(results: RunResultsSource): string | undefined {
  const { overwritten } = updateCounts(results);
  return overwritten > 0 ? `after overwriting ${images(overwritten)}` : undefined;
}

/** `updated N baseline images (…):` and the case ids written, one a line; empty when nothing was written. */
export function formatUpdates(results: RunResultsSource): string[] {
  // One pass (a run's cases are read back one at a time): the counts, and the lines of the first cases listed.
  let written = 0;
  let overwritten = 0;
  let cases = 0;
  const listed: string[] = [];
  for (const c of results.cases) {
    const mine = writtenImages(c);
    if (mine === 0) continue;
    written += mine;
    overwritten += c.images.filter((image) => image.updated && image.verdict !== 'new').length;
    if (cases++ >= MAX_LISTED_UPDATES) continue;
    const count = c.images.length > 1 ? ` (${mine} of ${c.images.length} images)` : '';
    listed.push(`  ${c.id}  ${overwrote(c) ? `${c.verdict} → overwritten` : 'new'}${count}`);
  }
  if (written === 0) return [];
  const kinds = [
    ...(overwritten > 0 ? [`overwritten ${overwritten}`] : []),
    ...(written > overwritten ? [`new ${written - overwritten}`] : []),
  ];
  const lines = [`updated ${images(written)} (${kinds.join(', ')}):`, ...listed];
  if (cases > MAX_LISTED_UPDATES) {
    lines.push(`  … and ${cases - MAX_LISTED_UPDATES} more: every written image has "updated": true in results.json`);
  }
  return lines;
}
