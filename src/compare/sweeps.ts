/**
 * Sweep convergence, computed from a run's actual images while the run's
 * comparator is still open (and again by `seedsnap merge`, whose cells may come
 * from several shards): every cell of a swept case is compared with a reference
 * cell, so the report (and results.json) can say which cheap setting already
 * looks like the expensive one. The reference is, for each setting of the
 * parameters that do not change the cost, the most expensive cell (most steps ×
 * pixels × images); when no swept parameter changes the cost, it is the last cell.
 */
import { readFile } from 'node:fs/promises';
import pLimit from 'p-limit';
import type { CaseResult, SweepCell, SweepResult, SweepValue } from '../types/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import { imageStem, sweepGroupId } from '../util/ids.js';
import type { ComparePool } from './compare-pool.js';
import { SWEEP_TOLERANCE } from './tolerance.js';

/** Parameters that change how much a request costs; the others (guidance, prompts…) only change the picture. */
const COST_PARAMS = new Set(['steps', 'width', 'height', 'n', 'aspect_ratio']);

/** Run folder subfolder for the diff images against the reference cell. */
export const SWEEP_DIFF_DIR = 'sweeps';

export function requestCost(c: CaseResult): number {
  const image = c.images[0];
  const pixels =
    image?.width && image.height ? image.width * image.height : (c.request.width ?? 1) * (c.request.height ?? 1);
  return (c.request.steps ?? 1) * pixels * (c.request.n ?? 1);
}

/** Group the swept cases of a run, in run order; each group keeps the suite's order of parameters and values. */
export function groupSweeps(cases: readonly CaseResult[]): Map<string, CaseResult[]> {
  const groups = new Map<string, CaseResult[]>();
  for (const c of cases) {
    if (!c.sweep || Object.keys(c.sweep).length === 0) continue;
    const id = sweepGroupId(c);
    groups.set(id, [...(groups.get(id) ?? []), c]);
  }
  return groups;
}

function axesOf(cells: readonly CaseResult[]): SweepResult['axes'] {
  const axes = new Map<string, SweepValue[]>();
  for (const c of cells) {
    for (const [param, value] of Object.entries(c.sweep ?? {})) {
      const values = axes.get(param) ?? [];
      if (!values.includes(value)) values.push(value);
      axes.set(param, values);
    }
  }
  return [...axes].map(([param, values]) => ({ param, values }));
}

/**
 * Cells that share every non-cost parameter are measured against the same reference. When the sweep holds
 * no cost parameter at all (only guidance, say), every cell is measured against one: the last.
 */
function lineKeyOf(cells: readonly CaseResult[]): (c: CaseResult) => string {
  const costSwept = cells.some((c) => Object.keys(c.sweep ?? {}).some((param) => COST_PARAMS.has(param)));
  if (!costSwept) return () => '';
  return (c) => JSON.stringify(Object.entries(c.sweep ?? {}).filter(([param]) => !COST_PARAMS.has(param)));
}

/** Where a run's images are: paths in results.json are relative to it. */
export interface RunFiles {
  resolve(relative: string): string;
}

export interface SweepOptions {
  /** The run's comparator: every cell is compared on its workers. */
  comparator: ComparePool;
  /** Write a diff image per cell under sweeps/ (default true). */
  diffImages?: boolean;
}

export async function computeSweeps(
  folder: RunFiles,
  cases: readonly CaseResult[],
  options: SweepOptions,
): Promise<SweepResult[]> {
  const sweeps: SweepResult[] = [];
  for (const [id, cells] of groupSweeps(cases)) {
    const first = cells[0];
    if (!first) continue;
    const results = await measureGroup(folder, cells, options);
    sweeps.push({
      id,
      suite: first.suite,
      case: first.case,
      model: first.model,
      modelLabel: first.modelLabel,
      seed: first.seed,
      axes: axesOf(cells),
      tolerance: { ...SWEEP_TOLERANCE },
      cells: results,
    });
  }
  return sweeps;
}

/** For each line of cells, the most expensive cell that has an image; among equals the last (suites list values cheapest first). */
function referencesOf(cells: readonly CaseResult[], lineKey: (c: CaseResult) => string): Map<string, CaseResult> {
  const lines = new Map<string, CaseResult[]>();
  for (const c of cells) lines.set(lineKey(c), [...(lines.get(lineKey(c)) ?? []), c]);
  const references = new Map<string, CaseResult>();
  for (const [key, line] of lines) {
    const reference = line
      .filter((c) => c.images[0]?.actual)
      .reduce<CaseResult | undefined>(
        (best, c) => (!best || requestCost(c) >= requestCost(best) ? c : best),
        undefined,
      );
    if (reference) references.set(key, reference);
  }
  return references;
}

async function measureGroup(
  folder: RunFiles,
  cells: readonly CaseResult[],
  options: SweepOptions,
): Promise<SweepCell[]> {
  const lineKey = lineKeyOf(cells);
  const references = referencesOf(cells, lineKey);
  // Each image is read once, however many cells it is the reference of.
  const read = new Map<string, Promise<Uint8Array>>();
  const bytesOf = (relative: string) => {
    const cached = read.get(relative) ?? readFile(folder.resolve(relative)).then((b) => new Uint8Array(b));
    read.set(relative, cached);
    return cached;
  };
  // Enough pairs in flight to keep every worker busy, few enough that a large sweep does not hold all its images.
  const limit = pLimit(Math.max(2, options.comparator.threads * 2));
  return Promise.all(
    cells.map((c) =>
      limit(async (): Promise<SweepCell> => {
        const image = c.images[0];
        const cell: SweepCell = { id: c.id, values: c.sweep ?? {}, verdict: c.verdict, cost: requestCost(c) };
        if (image?.actual) cell.actual = image.actual;
        const reference = references.get(lineKey(c));
        if (reference) cell.reference = reference.id;
        if (!reference || !image?.actual) {
          cell.reason = !image?.actual ? 'no image' : 'no reference image';
          return cell;
        }
        try {
          const comparison = await options.comparator.compare({
            expected: await bytesOf(reference.images[0]?.actual ?? ''),
            actual: await bytesOf(image.actual),
            tolerance: SWEEP_TOLERANCE,
            diffImage: options.diffImages === false ? 'never' : 'on-difference',
          });
          cell.metrics = comparison.metrics;
          cell.gates = comparison.gates;
          // The sizes differ: the reason says how (a gate that failed is in the figures already).
          if (!comparison.sameSize && comparison.reason) cell.reason = comparison.reason;
          if (comparison.diff) {
            cell.diff = `${SWEEP_DIFF_DIR}/${imageStem(c.id)}.png`;
            await writeFileAtomic(folder.resolve(cell.diff), comparison.diff);
          }
          cell.close = comparison.match;
        } catch (error) {
          cell.reason = `could not compare with the reference: ${error instanceof Error ? error.message : String(error)}`;
        }
        return cell;
      }),
    ),
  );
}
