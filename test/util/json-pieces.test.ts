/**
 * results.json and report-data.js are written in pieces, case by case (issue 15 goal 3: no tens-of-megabytes
 * strings at the end of a large run). The files must be exactly what the whole-string forms were.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderData } from '../../src/report/html.js';
import { writeResults } from '../../src/report/results-file.js';
import type { RunResults } from '../../src/types/index.js';
import { writeFileAtomic } from '../../src/util/atomic.js';
import { batched, jsonPieces } from '../../src/util/json-pieces.js';
import { tempDir } from '../helpers/tmp.js';

const awkward = [
  { id: 'a', prompt: 'line\nbreak "quoted" </script><!--', nested: { list: [1, [2, { x: null }]], empty: [] } },
  { id: 'emoji 🦊 and \u2028 \u2029 and \u0000', skipped: undefined, n: -0.5e-7 },
  { id: 'c', deep: { deeper: { deepest: ['x', { y: 'z' }] } } },
];

function record(cases: unknown[]) {
  return { schemaVersion: 2, runId: 'r', cases, after: { summary: { pass: 3 } }, tail: 'end' };
}

describe('jsonPieces', () => {
  it('joins to JSON.stringify exactly, indented or not, with an empty list, and with the list first or last', () => {
    for (const value of [
      record(awkward),
      record([]),
      { cases: awkward, x: 1 },
      { x: [1, 2], cases: [awkward[0]] },
      record([undefined, () => 1, 'plain']),
    ]) {
      for (const indent of [true, false]) {
        const whole = JSON.stringify(value, null, indent ? 2 : undefined);
        expect([...jsonPieces(value, 'cases', { indent })].join('')).toBe(whole);
        expect([...batched(jsonPieces(value, 'cases', { indent }), 16)].join('')).toBe(whole);
      }
    }
  });

  it('writes a list given as any iterable (a run reads its cases back one at a time) as the array of it', () => {
    let passes = 0;
    const once = (items: unknown[]) => ({
      *[Symbol.iterator]() {
        passes++;
        yield* items;
      },
    });
    for (const items of [awkward, [], [undefined, 'plain']]) {
      for (const indent of [true, false]) {
        const whole = JSON.stringify(record(items), null, indent ? 2 : undefined);
        expect([...jsonPieces(record(once(items) as unknown as unknown[]), 'cases', { indent })].join('')).toBe(whole);
      }
    }
    // Each rendering goes through the list once.
    expect(passes).toBe(6);
  });

  it('lets go of the list when the pieces are left early (a write failed)', () => {
    let closed = false;
    const list = {
      *[Symbol.iterator]() {
        try {
          yield* awkward;
        } finally {
          closed = true;
        }
      },
    };
    const pieces = jsonPieces({ cases: list }, 'cases', { indent: true });
    pieces.next();
    pieces.next();
    pieces.return(undefined);
    expect(closed).toBe(true);
  });

  it('report-data.js and results.json are byte for byte what the whole strings were', async () => {
    const results = record(awkward) as unknown as RunResults;
    const old = JSON.stringify(JSON.stringify(results))
      .replace(/</g, '\\u003c')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029');
    expect(renderData(results)).toBe(`window.seedsnapReport = JSON.parse(${old});\n`);
    const dir = await tempDir();
    const file = await writeResults(dir, results);
    expect(await readFile(file, 'utf8')).toBe(`${JSON.stringify(results, null, 2)}\n`);
    // Pieces written through one handle land in order, whole (the multi-byte ones too).
    const pieces = path.join(dir, 'pieces.txt');
    await writeFileAtomic(pieces, { pieces: ['é', '🦊'.repeat(3), '', 'end'] });
    expect(await readFile(pieces, 'utf8')).toBe(`é${'🦊'.repeat(3)}end`);
  });
});
