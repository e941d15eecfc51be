/**
 * `import 'seedsnap/vitest'` adds `await expect(bytes).toMatchImageBaseline(options?)`:
 * the same comparison, tolerances and metrics as seedsnap suites, for image
 * bytes produced in your own tests. Baselines live in `__image_baselines__`
 * beside the test file, are written on the first run, updated by `vitest -u`
 * and never written under CI.
 */
import { expect } from 'vitest';
import { ComparePool } from '../compare/compare-pool.js';
import { matchImageBaseline } from './matcher.js';
import { type ImageBaselineOptions, mergeOptions } from './options.js';

export type { ImageBaselineOptions } from './options.js';

let defaults: ImageBaselineOptions = {};
/** One comparator for every call of a test file; its idle workers never keep the process alive. */
let comparator: ComparePool | undefined;

/** Options every `toMatchImageBaseline` call starts from (e.g. a folder, a tolerance); checked here. */
export function configureImageBaselines(options: ImageBaselineOptions): void {
  defaults = mergeOptions(options);
}

interface SnapshotStateLike {
  snapshotUpdateState?: 'new' | 'all' | 'none';
}

expect.extend({
  async toMatchImageBaseline(received: unknown, options: ImageBaselineOptions = {}) {
    const state = expect.getState() as {
      testPath?: string;
      currentTestName?: string;
      snapshotState?: SnapshotStateLike;
    };
    // Bad options throw, whatever `.not` says: a gate that was never applied must not pass a test.
    const merged = mergeOptions(defaults, options);
    comparator ??= new ComparePool();
    const outcome = await matchImageBaseline(
      received,
      merged,
      {
        testPath: state.testPath ?? 'unknown.test.ts',
        testName: state.currentTestName ?? 'image',
        update: state.snapshotState?.snapshotUpdateState ?? 'new',
      },
      comparator,
    );
    return {
      pass: outcome.pass,
      message: () =>
        this.isNot && outcome.pass ? `expected the image not to match ${outcome.baselinePath}` : outcome.message,
    };
  },
});

interface ImageBaselineMatchers {
  /** Compare image bytes (PNG or JPEG) with the approved baseline named after the test; await it. */
  toMatchImageBaseline(options?: ImageBaselineOptions): Promise<void>;
}

// vitest's documented way since 3.2: augment Matchers, which its Assertion extends. Augmenting Assertion
// itself (re-exported by 'vitest' from @vitest/expect) does not reach `expect(x)` and fails tsc with TS2339.
declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: the shape vitest's own Matchers declares
  interface Matchers<T = any> extends ImageBaselineMatchers {}
}
