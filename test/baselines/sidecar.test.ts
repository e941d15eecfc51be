import { describe, expect, it } from 'vitest';
import { isCaseSidecar, parseSidecar } from '../../src/baselines/sidecar.js';

const CASE = {
  schemaVersion: 1,
  id: 's/fox/sim-dev/seed=1',
  image: 'seed=1.png',
  request: { model: 'sim-dev', prompt: 'a fox', seed: 1 },
  fingerprint: 'sha256:0',
  provider: 'local',
  model: 'sim-dev',
  sha256: 'abc',
  width: 64,
  height: 64,
  format: 'png',
  bytes: 10,
  approvedAt: '2026-01-01T00:00:00.000Z',
};

const problem = (value: unknown) => parseSidecar(typeof value === 'string' ? value : JSON.stringify(value)).problem;

describe('sidecars read from baselines/', () => {
  it("reads a case's sidecar and a test's", () => {
    const read = parseSidecar(JSON.stringify(CASE)).sidecar;
    expect(read && isCaseSidecar(read)).toBe(true);
    const test = parseSidecar(
      JSON.stringify({ test: 'a fox', image: 'a-fox.png', sha256: 'abc', format: 'png' }),
      'f/a-fox',
    );
    expect(test.sidecar).toMatchObject({ id: 'f/a-fox', test: 'a fox', schemaVersion: 1 });
    expect(test.sidecar && isCaseSidecar(test.sidecar)).toBe(false);
  });

  it('says what is wrong with anything else, after the file name', () => {
    expect(problem('{"id": "x", "ima')).toMatch(/^is not valid JSON \(/);
    expect(problem(null)).toBe('is not a baseline sidecar (JSON null)');
    expect(problem([1])).toBe('is not a baseline sidecar (a JSON array)');
    expect(problem({ ...CASE, id: undefined, fingerprint: 3 })).toBe(
      'is not a baseline sidecar (no string "id", "fingerprint")',
    );
    expect(problem({ ...CASE, image: '../../secret.png' })).toBe(
      'is not a baseline sidecar ("image" must be a file name beside it, got "../../secret.png")',
    );
    expect(problem({ ...CASE, format: 'gif' })).toBe(
      'is not a baseline sidecar ("format" must be "png", "jpeg", "mp4" or "webm")',
    );
    expect(problem({ ...CASE, request: 'a fox' })).toBe('is not a baseline sidecar (no "request" object)');
  });
});
