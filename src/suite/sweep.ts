/**
 * A case's sweep: its values checked, then the cartesian product of them as
 * cells, each with the part of the case id it adds (`steps=4,guidance_scale=3.5`).
 * The caller has already checked how many cells there are (limits.ts): this
 * allocates every one of them.
 */
import type { Problem } from '../types/errors.js';
import type { RequestParamName, RequestParams, SweepValue } from '../types/index.js';
import { cellKey, idValue } from '../util/ids.js';
import { encodeSegment } from '../util/safe-path.js';
import { collisionKey, MAX_SEGMENT_BYTES } from './limits.js';
import { type CaseInput, paramShape, SWEEPABLE } from './schema.js';
import { didYouMean } from './suggest.js';
import { locate, type YamlSource } from './yaml-source.js';

export interface SweepCell {
  key: string;
  values: Record<string, SweepValue>;
  params: RequestParams;
  origins: Partial<Record<RequestParamName, (string | number)[]>>;
}

export function sweepCells(source: YamlSource, input: CaseInput, caseIndex: number, problems: Problem[]): SweepCell[] {
  const base: SweepCell = { key: '', values: {}, params: {}, origins: {} };
  if (!input.sweep) return [base];
  let cells: SweepCell[] = [base];
  let segmentBytes = -1;
  for (const [param, values] of Object.entries(input.sweep)) {
    const path = ['cases', caseIndex, 'sweep', param];
    if (!(SWEEPABLE as readonly string[]).includes(param)) {
      problems.push({
        code: 'SUITE_SWEEP',
        message: `"${param}" cannot be swept`,
        location: locate(source, path, { key: true }),
        hint: didYouMean(param, SWEEPABLE) ?? `sweep one of ${SWEEPABLE.join(', ')}; seeds go under seeds:`,
      });
      continue;
    }
    checkValues(source, param, values, path, problems);
    segmentBytes += 1 + Math.max(...values.map((value) => encodeSegment(cellKey({ [param]: value })).length));
    cells = cells.flatMap((cell) =>
      values.map((value, i) => ({
        key: cellKey({ ...cell.values, [param]: value }),
        values: { ...cell.values, [param]: value },
        params: { ...cell.params, [param]: value },
        origins: { ...cell.origins, [param]: [...path, i] },
      })),
    );
  }
  if (segmentBytes > MAX_SEGMENT_BYTES) {
    problems.push({
      code: 'SUITE_ID_TOO_LONG',
      message: `the sweep of case "${input.id}" makes folder names of up to ${segmentBytes} bytes (e.g. "${cells[0]?.key.slice(0, 40)}…"); the limit is ${MAX_SEGMENT_BYTES}`,
      location: locate(source, ['cases', caseIndex, 'sweep'], { key: true }),
      hint: 'shorten the longest sweep values or sweep fewer parameters; every cell of a sweep names a folder under baselines/',
    });
  }
  return cells;
}

function checkValues(
  source: YamlSource,
  param: string,
  values: readonly SweepValue[],
  path: (string | number)[],
  problems: Problem[],
): void {
  const schema = paramShape[param as keyof typeof paramShape];
  const seen = new Map<string, SweepValue>();
  values.forEach((value, i) => {
    const check = schema.safeParse(value);
    if (!check.success) {
      problems.push({
        code: 'SUITE_SWEEP',
        message: `sweep value ${JSON.stringify(value)} for ${param}: ${check.error.issues[0]?.message ?? 'invalid'}`,
        location: locate(source, [...path, i]),
        hint: 'every sweep value must be a valid value of its parameter',
      });
    }
    const key = collisionKey(idValue(value));
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      const same = String(earlier) === String(value);
      problems.push({
        code: same ? 'SUITE_SWEEP' : 'SUITE_ID_COLLISION',
        message: same
          ? `sweep value ${JSON.stringify(value)} appears twice in ${param}`
          : `sweep values ${JSON.stringify(earlier)} and ${JSON.stringify(value)} of ${param} differ only in letter case or Unicode form`,
        location: locate(source, [...path, i]),
        hint: same
          ? 'remove the repeated value (it would give two cases with one id)'
          : 'keep one of them: their baselines would share one path on macOS and Windows, and their ids read alike',
      });
    }
    seen.set(key, value);
  });
}
