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

const HOOKS = ['onRunStart', 'onCaseResult', 'onWait', 'onWarning', 'onRunEnd'] as const;

/**
 * The run's listeners, each wrapped so that one which throws cannot stop the run: a listener is
 * the caller's code (a progress bar, a dashboard feed), and a bug there must not cost the cases
 * already paid for or the report. The first throw is a warning told to the other listeners, and
 * the listener that threw hears nothing more from this run (one warning, not one per case).
 */
export function guardListeners(listeners: readonly RunListener[]): RunListener[] {
  const broken = new Set<RunListener>();
  const warnOthers = (source: RunListener, message: string) => {
    for (const other of listeners) {
      if (other === source || broken.has(other)) continue;
      try {
        other.onWarning?.(message);
      } catch {
        broken.add(other);
      }
    }
  };
  return listeners.map((listener) => {
    const guarded: RunListener = {};
    for (const hook of HOOKS) {
      const fn = listener[hook] as ((...a: unknown[]) => void) | undefined;
      if (!fn) continue;
      const call = (...args: unknown[]) => {
        if (broken.has(listener)) return;
        try {
          fn.apply(listener, args);
        } catch (error) {
          broken.add(listener);
          const why = error instanceof Error ? error.message : String(error);
          warnOthers(listener, `a run listener threw in ${hook} and hears nothing more from this run: ${why}`);
        }
      };
      Object.assign(guarded, { [hook]: call });
    }
    return guarded;
  });
}
