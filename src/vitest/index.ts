/**
 * `import 'seedsnap/vitest'` adds `expect(bytes).toMatchImageBaseline(options?)`:
 * the same comparison, tolerances and metrics as seedsnap suites, for image
 * bytes produced in your own tests. Baselines live in `__image_baselines__`
 * beside the test file, are written on the first run, updated by `vitest -u`
 * and never written under CI.
 */
import { expect } from 'vitest';
import { type ImageBaselineOptions, matchImageBaseline } from './matcher.js';

export type { ImageBaselineOptions } from './matcher.js';

let defaults: ImageBaselineOptions = {};

/** Options every `toMatchImageBaseline` call starts from (e.g. a folder, a tolerance). */
export function configureImageBaselines(options: ImageBaselineOptions): void {
  defaults = { ...options };
}

interface SnapshotStateLike {
  snapshotUpdateState?: 'new' | 'all' | 'none';
}

expect.extend({
  toMatchImageBaseline(received: unknown, options: ImageBaselineOptions = {}) {
    const state = expect.getState() as {
      testPath?: string;
      currentTestName?: string;
      snapshotState?: SnapshotStateLike;
    };
    const outcome = matchImageBaseline(
      received,
      { ...defaults, ...options },
      {
        testPath: state.testPath ?? 'unknown.test.ts',
        testName: state.currentTestName ?? 'image',
        update: state.snapshotState?.snapshotUpdateState ?? 'new',
      },
    );
    return {
      pass: outcome.pass,
      message: () =>
        this.isNot && outcome.pass ? `expected the image not to match ${outcome.baselinePath}` : outcome.message,
    };
  },
});

interface ImageBaselineMatchers<R = unknown> {
  /** Compare image bytes (PNG or JPEG) with the approved baseline named after the test. */
  toMatchImageBaseline(options?: ImageBaselineOptions): R;
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: the shape vitest's own Assertion declares
  interface Assertion<T = any> extends ImageBaselineMatchers<T> {}
  interface AsymmetricMatchersContaining extends ImageBaselineMatchers {}
}
