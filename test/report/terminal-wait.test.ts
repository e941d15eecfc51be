import { describe, expect, it } from 'vitest';
import { terminalStream } from '../../src/cli/io.js';
import { TerminalProgress } from '../../src/report/terminal.js';
import type { RunWait } from '../../src/types/index.js';

function collector(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = {
    isTTY,
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
  } as unknown as NodeJS.WritableStream & { isTTY?: boolean };
  // Behind the CLI's print boundary, where seedsnap's own line-clearing marks become escape codes.
  return { stream: terminalStream(stream), text: () => chunks.join('') };
}

const PLAN = { runId: 'r', runDir: process.cwd(), total: 4, suites: ['remote'] };
const WAIT: RunWait = {
  id: 'remote/fox/FLUX.1-dev/seed=1',
  ms: 30_000,
  attempt: 1,
  reason: 'Together: slow down (HTTP 429)',
  askedMs: 3_600_000,
};

describe('terminal: waits before a retry', () => {
  it('shows a wait over 2 s on the live progress line, at once', () => {
    let clock = 0;
    const out = collector(true);
    const progress = new TerminalProgress({ stream: out.stream, live: true, color: false, now: () => clock });
    progress.onRunStart(PLAN);
    const before = out.text().length;
    clock = 500;
    progress.onWait(WAIT);
    const drawn = out.text().slice(before);
    expect(drawn.startsWith('\r\x1b[K')).toBe(true);
    expect(drawn).toContain('[0/4]');
    expect(drawn).toContain(
      'waiting 30.0 s to retry remote/fox/FLUX.1-dev/seed=1 (HTTP 429; the server asked for 60 min 0 s)',
    );
    expect(drawn).not.toContain('\n');
    // Once the wait is over, the next draw no longer mentions it.
    clock = 40_000;
    progress.onCaseResult({ id: 'x', verdict: 'pass', failing: false } as never, { done: 1, total: 4, failing: 0 });
    expect(out.text().slice(before + drawn.length)).not.toContain('waiting');
  });

  it('logs a wait over 2 s as its own line when the output is not live (CI, a file)', () => {
    const out = collector(false);
    const progress = new TerminalProgress({ stream: out.stream, live: false, color: false, now: () => 0 });
    progress.onRunStart(PLAN);
    progress.onWait(WAIT);
    expect(out.text()).toContain(
      'waiting 30.0 s before retrying remote/fox/FLUX.1-dev/seed=1: Together: slow down (HTTP 429) (the server asked for 60 min 0 s)\n',
    );
  });

  it('says nothing about short waits', () => {
    const out = collector(false);
    const progress = new TerminalProgress({ stream: out.stream, live: false, color: false, now: () => 0 });
    progress.onRunStart(PLAN);
    const before = out.text();
    progress.onWait({ id: 'a', ms: 2000, attempt: 1, reason: 'busy' });
    expect(out.text()).toBe(before);
  });
});
