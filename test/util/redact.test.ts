import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/util/redact.js';

describe('redaction', () => {
  it('removes known secrets and key-like strings, in nested values too', () => {
    const redactor = new Redactor(['my-very-secret-key']);
    expect(redactor.text('key=my-very-secret-key!')).toBe('key=[redacted]!');
    expect(redactor.text('Authorization: Bearer abcdefghijklmnop')).toBe('[redacted]');
    expect(redactor.text('token sk-proj-ABCDEFGHIJKLMNOPQRST used')).toBe('token [redacted] used');
    expect(redactor.deep({ a: ['x my-very-secret-key y'], b: 3 })).toEqual({ a: ['x [redacted] y'], b: 3 });
    expect(redactor.text('a normal prompt about keys and tokens')).toBe('a normal prompt about keys and tokens');
  });
});
