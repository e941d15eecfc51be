/** Image keys: a case yields n images; image 0 keeps the case id so a change of n reads as `stale`. */
import { idToRelativePath } from './safe-path.js';

export function imageKey(caseId: string, index: number): string {
  return index === 0 ? caseId : `${caseId}#${index}`;
}

/** Relative file stem (no extension) of an image key, e.g. `quickstart/fox/sim-dev/seed=1.img2`. */
export function imageStem(key: string): string {
  const hash = key.lastIndexOf('#');
  if (hash < 0) return idToRelativePath(key);
  return `${idToRelativePath(key.slice(0, hash))}.img${key.slice(hash + 1)}`;
}
