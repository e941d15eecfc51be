/**
 * Ids, built in one place: a case id (`suite/case/model[/sweep cell]/seed=N`), the id of a swept case without
 * its cell, the sweep cell part, and the key and file stem of each image of a case. Every stage that needs one
 * asks here; the report's page reads them from the data.
 */
import type { SweepValue } from '../types/index.js';
import { idToRelativePath } from './safe-path.js';

export interface CaseIdParts {
  suite: string;
  /** The suite's case id. */
  case: string;
  modelLabel: string;
  /** The sweep cell (`steps=4,guidance_scale=3.5`), absent for a case without a sweep. */
  cell?: string;
  seed: number;
}

/** `quickstart/lighthouse/sim-dev/steps=4,guidance_scale=3.5/seed=42`. */
export function caseId(parts: CaseIdParts): string {
  return [parts.suite, parts.case, parts.modelLabel, ...(parts.cell ? [parts.cell] : []), `seed=${parts.seed}`].join(
    '/',
  );
}

/** A swept case without its cell, `suite/case/model/seed=N`: every cell of one sweep grid shares it. */
export function sweepGroupId(parts: Omit<CaseIdParts, 'cell'>): string {
  return caseId({ suite: parts.suite, case: parts.case, modelLabel: parts.modelLabel, seed: parts.seed });
}

/** A sweep value as it appears in a case id: characters that structure ids are escaped. */
export function idValue(value: SweepValue): string {
  return String(value).replace(/[%/#,=]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The cell part of a case id, parameters in the order the suite declares them: `steps=4,guidance_scale=3.5`. */
export function cellKey(values: Readonly<Record<string, SweepValue>>): string {
  return Object.entries(values)
    .map(([param, value]) => `${param}=${idValue(value)}`)
    .join(',');
}

/** Image keys: a case yields n images; image 0 keeps the case id so a change of n reads as `stale`. */
export function imageKey(caseId: string, index: number): string {
  return index === 0 ? caseId : `${caseId}#${index}`;
}

/** Relative file stem (no extension) of an image key, e.g. `quickstart/fox/sim-dev/seed=1.img2`. */
export function imageStem(key: string): string {
  const hash = key.lastIndexOf('#');
  if (hash < 0) return idToRelativePath(key);
  return `${idToRelativePath(key.slice(0, hash))}.img${key.slice(hash + 1)}`;
}
