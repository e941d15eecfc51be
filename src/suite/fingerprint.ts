/**
 * The request fingerprint: a hash of what the suite asks for. It deliberately
 * leaves out how the answer travels (`response_format`) and who answered
 * (provider, model revision), so the same suite keeps its baselines when a
 * provider updates a model behind the same name: that is what the harness must
 * catch as a `fail`, not hide as `stale`.
 */
import { createHash } from 'node:crypto';
import type { ImageRequest, ParamChange } from '../types/index.js';
import { canonicalJson } from '../util/canonical-json.js';

const TRANSPORT_ONLY = new Set(['response_format']);

function fingerprinted(request: ImageRequest): Record<string, unknown> {
  return Object.fromEntries(Object.entries(request).filter(([key]) => !TRANSPORT_ONLY.has(key)));
}

export function requestFingerprint(request: ImageRequest): string {
  const hash = createHash('sha256')
    .update(canonicalJson(fingerprinted(request)))
    .digest('hex');
  return `sha256:${hash.slice(0, 32)}`;
}

/** The parameters that differ between a baseline's request and the current one. */
export function requestChanges(baseline: ImageRequest, current: ImageRequest): ParamChange[] {
  const a = fingerprinted(baseline);
  const b = fingerprinted(current);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const changes: ParamChange[] = [];
  for (const key of keys) {
    if (canonicalJson(a[key]) !== canonicalJson(b[key])) {
      changes.push({ param: key, baseline: a[key] ?? null, current: b[key] ?? null });
    }
  }
  return changes;
}

export function describeChanges(changes: readonly ParamChange[]): string {
  return changes
    .map((c) => `${c.param}: ${JSON.stringify(c.baseline ?? null)} → ${JSON.stringify(c.current ?? null)}`)
    .join(', ');
}
