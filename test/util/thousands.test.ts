import { describe, expect, it } from 'vitest';
import { thousands } from '../../src/util/thousands.js';

describe('thousands', () => {
  it('writes whole numbers as toLocaleString("en-US") does', () => {
    for (const n of [
      0, 7, 999, 1000, 12345, 999999, 1000000, 1234567, 1048576, -1234, -999, 123456789012, 3.6, 1999.5,
    ]) {
      expect(thousands(n)).toBe(Math.round(n).toLocaleString('en-US'));
    }
  });
});
