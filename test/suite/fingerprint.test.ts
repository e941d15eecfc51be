import { describe, expect, it } from 'vitest';
import { requestChanges, requestFingerprint } from '../../src/suite/fingerprint.js';
import { canonicalJson } from '../../src/util/canonical-json.js';

const base = { model: 'sim-dev', prompt: 'a fox', seed: 1, steps: 4, width: 512, height: 512 };

describe('request fingerprint', () => {
  it('ignores key order and transport-only fields', () => {
    const reordered = { height: 512, width: 512, steps: 4, seed: 1, prompt: 'a fox', model: 'sim-dev' };
    expect(requestFingerprint(reordered)).toBe(requestFingerprint(base));
    expect(requestFingerprint({ ...base, response_format: 'url' })).toBe(requestFingerprint(base));
  });

  it('changes with anything that changes the image', () => {
    const fp = requestFingerprint(base);
    expect(requestFingerprint({ ...base, steps: 8 })).not.toBe(fp);
    expect(requestFingerprint({ ...base, seed: 2 })).not.toBe(fp);
    expect(requestFingerprint({ ...base, extra: { scheduler: 'euler' } })).not.toBe(fp);
  });

  it('lists the parameters that changed', () => {
    expect(requestChanges(base, { ...base, steps: 8, negative_prompt: 'red' })).toEqual([
      { param: 'negative_prompt', baseline: null, current: 'red' },
      { param: 'steps', baseline: 4, current: 8 },
    ]);
  });

  it('writes canonical JSON with sorted keys at every level', () => {
    expect(canonicalJson({ b: [{ z: 1, a: 2 }], a: undefined, c: null })).toBe('{"b":[{"a":2,"z":1}],"c":null}');
  });
});
