import { describe, expect, it } from 'vitest';
import { isFailing, mayWriteBaseline, summarize, worstVerdict } from '../../src/compare/verdict.js';
import type { CaseResult } from '../../src/types/index.js';

describe('verdict rules', () => {
  it('writes new baselines locally but never under --ci unless asked', () => {
    expect(mayWriteBaseline('new', { ci: false, update: 'none' })).toBe(true);
    expect(mayWriteBaseline('new', { ci: true, update: 'none' })).toBe(false);
    expect(mayWriteBaseline('new', { ci: true, update: 'new' })).toBe(true);
    expect(mayWriteBaseline('new', { ci: false, update: 'failed' })).toBe(false);
  });

  it('rewrites failing and stale baselines only when updating them', () => {
    for (const verdict of ['fail', 'stale'] as const) {
      expect(mayWriteBaseline(verdict, { ci: false, update: 'none' })).toBe(false);
      expect(mayWriteBaseline(verdict, { ci: false, update: 'new' })).toBe(false);
      expect(mayWriteBaseline(verdict, { ci: true, update: 'failed' })).toBe(true);
      expect(mayWriteBaseline(verdict, { ci: false, update: 'all' })).toBe(true);
    }
    expect(mayWriteBaseline('pass', { ci: false, update: 'all' })).toBe(false);
    expect(mayWriteBaseline('blocked', { ci: false, update: 'all' })).toBe(false);
  });

  it('fails a case until every non-passing image has a new baseline', () => {
    expect(isFailing('fail', [{ index: 0, verdict: 'fail' }], 'image')).toBe(true);
    expect(isFailing('fail', [{ index: 0, verdict: 'fail', updated: true }], 'image')).toBe(false);
    expect(
      isFailing(
        'new',
        [
          { index: 0, verdict: 'new', updated: true },
          { index: 1, verdict: 'new' },
        ],
        'image',
      ),
    ).toBe(true);
    expect(isFailing('error', [], 'image')).toBe(true);
    expect(isFailing('blocked', [], 'blocked')).toBe(false);
    expect(isFailing('blocked', [], 'image')).toBe(true);
    expect(isFailing('pass', [], 'image')).toBe(false);
  });

  it('takes the worst verdict and counts a run', () => {
    expect(worstVerdict(['pass', 'new', 'fail', 'stale'])).toBe('fail');
    expect(worstVerdict(['pass', 'blocked'])).toBe('blocked');
    const cases = [
      { verdict: 'pass', failing: false, images: [{ index: 0, verdict: 'pass' }] },
      {
        verdict: 'fail',
        failing: true,
        images: [
          { index: 0, verdict: 'fail' },
          { index: 1, verdict: 'pass' },
        ],
      },
      { verdict: 'new', failing: false, images: [{ index: 0, verdict: 'new', updated: true }] },
    ] as unknown as CaseResult[];
    expect(summarize(cases)).toMatchObject({
      total: 3,
      images: 4,
      failing: 1,
      updated: 1,
      byVerdict: { pass: 1, fail: 1, new: 1, error: 0 },
    });
  });
});
