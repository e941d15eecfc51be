/**
 * A run's finished cases are held small (issue 15 goal 3): each is read back from its journal line when the
 * reports go through them, so the journal's spans must point at exactly that line, and the counts must be
 * what `summarize` makes of every case.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/compare/verdict.js';
import { CaseLog } from '../../src/runner/case-log.js';
import { RunFolder } from '../../src/runner/run-folder.js';
import type { CaseResult } from '../../src/types/index.js';
import { tempDir } from '../helpers/tmp.js';

const result = (id: string, extra: Partial<CaseResult> = {}): CaseResult => ({
  id,
  suite: 's',
  case: 'a',
  model: 'sim-dev',
  modelLabel: 'sim-dev',
  seed: 1,
  provider: 'local',
  request: { model: 'sim-dev', prompt: 'ünïcode 🦊 prompt', seed: 1 },
  fingerprint: 'sha256:0',
  expect: 'image',
  verdict: 'pass',
  failing: false,
  images: [{ index: 0, verdict: 'pass', format: 'png', sha256: 'x', width: 1, height: 1, updated: true }],
  attempts: 1,
  durationMs: 1,
  ...extra,
});

async function folder(): Promise<RunFolder> {
  const dir = path.join(await tempDir(), 'run');
  await mkdir(dir, { recursive: true });
  return new RunFolder(dir);
}

describe('the journal says where each line is', () => {
  it('gives the byte offset and length of every line, appended alone or in a burst, after what was there', async () => {
    const run = await folder();
    // A resumed run's journal already holds lines (and multi-byte characters count in bytes).
    await writeFile(run.journalPath, '{"type":"run","note":"déjà"}\n');
    const entries = [{ type: 'a', text: '🦊' }, { type: 'b' }, { type: 'c', text: 'ü'.repeat(5) }];
    const spans = await Promise.all(entries.map((entry) => run.journal(entry)));
    const later = await run.journal({ type: 'd' });
    const bytes = await readFile(run.journalPath);
    for (const [i, entry] of [...entries, { type: 'd' }].entries()) {
      const span = i < entries.length ? spans[i] : later;
      if (!span) throw new Error('no span');
      expect(bytes.subarray(span.offset, span.offset + span.length).toString('utf8')).toBe(JSON.stringify(entry));
      expect(bytes[span.offset + span.length]).toBe(0x0a);
    }
  });
});

describe('CaseLog', () => {
  it('reads each journaled case back in the order asked, again on every pass, and holds the rest whole', async () => {
    const run = await folder();
    const log = new CaseLog(run.journalPath);
    const a = result('s/a/1', { verdict: 'fail', failing: true });
    const b = result('s/a/2', { sweep: { steps: 4 } });
    const c = result('s/a/3', { verdict: 'new' });
    log.add(a, await run.journal({ type: 'case', result: a }));
    log.add(b, await run.journal({ type: 'case', result: b }));
    // Not journaled (its line could not be written): held whole.
    log.add(c);
    const order = ['s/a/3', 's/a/1', 's/a/2'];
    const cases = log.read(order);
    for (let pass = 0; pass < 2; pass++) {
      const read = [...cases];
      expect(read.map((r) => r.id)).toEqual(order);
      expect(read[1]).toEqual(a);
      expect(read[1]).not.toBe(a);
      expect(read[0]).toBe(c);
    }
    expect(log.summary()).toEqual(summarize([a, b, c]));
    expect(log.failing).toBe(1);
    expect(log.size).toBe(3);
    expect(log.sweepCells(order)).toEqual(['s/a/2']);
    expect(() => log.add(a)).toThrow(/recorded twice/);
  });

  it('refuses to read a case whose line was changed under it', async () => {
    const run = await folder();
    const log = new CaseLog(run.journalPath);
    const a = result('s/a/1');
    log.add(a, await run.journal({ type: 'case', result: a }));
    await writeFile(run.journalPath, `${JSON.stringify({ type: 'case', result: result('s/a/9') })}\n`);
    expect(() => [...log.read(['s/a/1'])]).toThrow(/no longer holds case s\/a\/1/);
  });
});
