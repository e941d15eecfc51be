/** Telling a run's listeners (the terminal progress line is one) what happens, hook by hook. */
import type { RunListener } from '../types/index.js';

export function emit<K extends keyof RunListener>(
  listeners: readonly RunListener[],
  hook: K,
  ...args: Parameters<NonNullable<RunListener[K]>>
): void {
  for (const listener of listeners) {
    const fn = listener[hook] as ((...a: typeof args) => void) | undefined;
    fn?.apply(listener, args);
  }
}
