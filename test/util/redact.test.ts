import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from '../../src/util/redact.js';

describe('redaction', () => {
  it('removes known secrets and key-like strings from server messages', () => {
    const redactor = new Redactor(['my-very-secret-key']);
    expect(redactor.message('key=my-very-secret-key!')).toBe('key=[redacted]!');
    expect(redactor.message('Authorization: Bearer abcdefghijklmnop')).toBe('[redacted]');
    expect(redactor.message('token sk-proj-ABCDEFGHIJKLMNOPQRST used')).toBe('token [redacted] used');
    expect(redactor.message('a normal prompt about keys and tokens')).toBe('a normal prompt about keys and tokens');
  });

  it('walks objects: text that looks like a header inside a value never breaks the structure', () => {
    const redactor = new Redactor(['my-very-secret-key']);
    const value = {
      prompt: 'a poster that says "Authorization: Required" on a wall',
      negative_prompt: 'x-api-key=12345678"',
      extra: { note: 'Bearer abcdefghijklmnop', list: ['sk-proj-ABCDEFGHIJKLMNOPQRST', 3, true, null] },
    };
    // The user's own text is kept exactly: only values the run actually holds are secrets there.
    expect(redactor.deep(value)).toEqual(value);
    expect(redactor.deep({ a: ['x my-very-secret-key y'], b: 3 })).toEqual({ a: [`x ${REDACTED} y`], b: 3 });
  });

  it('copies instead of changing, keeps undefined fields, keys and non-string leaves, and never throws', () => {
    const redactor = new Redactor(['hunter2-secret']);
    const input = {
      'hunter2-secret': 'hunter2-secret',
      n: 1.5,
      flag: false,
      missing: undefined,
      nested: [[['deep hunter2-secret']]],
    };
    const out = redactor.deep(input);
    expect(out).toEqual({
      [REDACTED]: REDACTED,
      n: 1.5,
      flag: false,
      missing: undefined,
      nested: [[[`deep ${REDACTED}`]]],
    });
    expect('missing' in out).toBe(true);
    expect(input.nested[0]?.[0]?.[0]).toBe('deep hunter2-secret');

    // A cycle, a very deep value and exotic leaves: still an answer, never an exception.
    const cyclic: Record<string, unknown> = { name: 'hunter2-secret' };
    cyclic.self = cyclic;
    const copy = redactor.deep(cyclic) as Record<string, unknown>;
    expect(copy.name).toBe(REDACTED);
    expect((copy.self as Record<string, unknown>).name).toBe(REDACTED);
    let deep: unknown = 'hunter2-secret';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    let walked = redactor.deep(deep);
    for (let i = 0; i < 100_000; i++) walked = (walked as unknown[])[0];
    expect(walked).toBe(REDACTED);
    expect(redactor.deep(10n)).toBe(10n);
    expect(redactor.deep('plain hunter2-secret')).toBe(`plain ${REDACTED}`);
  });

  it('tells whether a value holds a secret, and ignores secrets too short to be keys', () => {
    const redactor = new Redactor(['abc', 'tgp_v1_0123456789abcdef']);
    expect(redactor.holdsSecret({ request: { prompt: 'about tgp_v1_0123456789abcdef' } })).toBe(true);
    expect(redactor.holdsSecret({ request: { prompt: 'abc abc' } })).toBe(false);
    expect(redactor.holdsSecret(new TextEncoder().encode('..tgp_v1_0123456789abcdef..'))).toBe(true);
    expect(redactor.holdsSecret(new Uint8Array([1, 2, 3]))).toBe(false);
  });
});
