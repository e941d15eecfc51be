import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../src/runner/journal.js';
import { tempDir } from '../helpers/tmp.js';

const START = {
  type: 'run',
  runId: 'r',
  startedAt: '2026-01-01T00:00:00.000Z',
  total: 2,
  version: '0.1.0',
  invocation: { suites: ['/p/s.yaml'], baselinesDir: '/p/baselines', ci: false, update: 'none' },
};

const result = (id: string) => ({
  id,
  suite: 's',
  case: 'a',
  model: 'sim-dev',
  modelLabel: 'sim-dev',
  seed: 1,
  provider: 'local',
  request: { model: 'sim-dev', prompt: 'a', seed: 1 },
  fingerprint: 'sha256:0',
  expect: 'image',
  verdict: 'pass',
  failing: false,
  images: [],
  attempts: 1,
  durationMs: 1,
});

async function journal(lines: string[]): Promise<string> {
  const dir = path.join(await tempDir(), 'run');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'journal.jsonl'), `${lines.join('\n')}\n`);
  return dir;
}

describe('reading a journal', () => {
  it('keeps every case line that is a case result; a damaged one runs again, and says so', async () => {
    const dir = await journal([
      JSON.stringify(START),
      JSON.stringify({ type: 'case', result: result('s/a/sim-dev/seed=1') }),
      JSON.stringify({ type: 'case', result: { ...result('s/a/sim-dev/seed=2'), verdict: 42 } }),
      '{"type":"case","result":{"id":"s/a/sim-',
    ]);
    const read = await readJournal(dir);
    expect([...read.results.keys()]).toEqual(['s/a/sim-dev/seed=1']);
    expect(read.skipped).toHaveLength(1);
    expect(read.skipped[0]).toMatch(
      /journal\.jsonl line 3 is not a case result \(result\.verdict: .*\); that case runs again$/,
    );
    expect(read.start.invocation.suites).toEqual(['/p/s.yaml']);
  });

  it('refuses a start line that does not say how the run was started', async () => {
    const dir = await journal([JSON.stringify({ ...START, invocation: { ...START.invocation, concurrency: -2 } })]);
    await expect(readJournal(dir)).rejects.toThrow(
      /journal\.jsonl line 1 does not say how the run was started: invocation\.concurrency: Expected `concurrency`/,
    );
  });
});
