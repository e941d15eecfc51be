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

const images = (n: number) => `${n} baseline image${n === 1 ? '' : 's'}`;

/**
 * What a run wrote to baselines/, gathered case by case in one pass (a run's cases are read back from its
 * journal one at a time): the counts, and the lines of the first cases, which are all that is listed.
 */
export class UpdatesTally implements UpdateCounts {
  written = 0;
  overwritten = 0;
  /** Cases with an image written. */
  private cases = 0;
  private readonly listed: string[] = [];

  add(c: CaseResult): void {
    const mine = writtenImages(c);
    if (mine === 0) return;
    this.written += mine;
    this.overwritten += c.images.filter((image) => image.updated && image.verdict !== 'new').length;
    if (this.cases++ >= MAX_LISTED_UPDATES) return;
    const count = c.images.length > 1 ? ` (${mine} of ${c.images.length} images)` : '';
    this.listed.push(`  ${c.id}  ${overwrote(c) ? `${c.verdict} → overwritten` : 'new'}${count}`);
  }

  /** "after overwriting N baseline images", or undefined when the run replaced no approved image. */
  note(): string | undefined {
    return this.overwritten > 0 ? `after overwriting ${images(this.overwritten)}` : undefined;
  }

  /** `updated N baseline images (…):` and the case ids written, one a line; empty when nothing was written. */
  lines(): string[] {
    const { written, overwritten } = this;
    if (written === 0) return [];
    const kinds = [
      ...(overwritten > 0 ? [`overwritten ${overwritten}`] : []),
      ...(written > overwritten ? [`new ${written - overwritten}`] : []),
    ];
    const lines = [`updated ${images(written)} (${kinds.join(', ')}):`, ...this.listed];
    if (this.cases > MAX_LISTED_UPDATES) {
      lines.push(
        `  … and ${this.cases - MAX_LISTED_UPDATES} more: every written image has "updated": true in results.json`,
      );
    }
    return lines;
  }
}

function tally(results: RunResultsSource): UpdatesTally {
  const updates = new UpdatesTally();
  for (const c of results.cases) updates.add(c);
  return updates;
}

export function updateCounts(results: RunResultsSource): UpdateCounts {
  const { written, overwritten } = tally(results);
  return { written, overwritten };
}

/** "after overwriting N baseline images", or undefined when the run replaced no approved image. */
export function overwriteNote(results: RunResultsSource): string | undefined {
  return tally(results).note();
}

/** `updated N baseline images (…):` and the case ids written, one a line; empty when nothing was written. */
export function formatUpdates(results: RunResultsSource): string[] {
  return tally(results).lines();
}
