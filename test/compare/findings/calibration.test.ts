import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  calibratePhotos,
  PHOTO_VARIANTS,
  type PhotoCalibrationRow,
  verdictTable,
} from '../../../src/compare/findings/calibration.js';
import { DEFAULT_TOLERANCE } from '../../../src/compare/tolerance.js';
import { ROOT } from '../../helpers/cli.js';
import { modelImages, photos } from '../../helpers/photos.js';

const DOC = path.join(ROOT, 'docs/findings.md');
const START = '<!-- verdicts:start (test/compare/findings/calibration.test.ts; UPDATE=1 rewrites) -->';
const END = '<!-- verdicts:end -->';

// docs/findings.md's calibration, recomputed: every variant on every photograph and scene of the
// built-in model. "Same" variants must pass; "changed" ones must fail with the right principal
// finding. A change to the figures, the classifier or the defaults that makes them blind, noisy or
// wrong fails here, and the table in the docs must then be updated (UPDATE=1) and explained.
describe('calibration on photographs and on the built-in model', () => {
  let rows: PhotoCalibrationRow[] = [];
  beforeAll(() => {
    rows = calibratePhotos({ photos: [...photos(), ...modelImages()], tolerance: DEFAULT_TOLERANCE });
  });

  it('covers six photographs (two of them smooth) and four scenes of the built-in model', () => {
    const names = new Set(rows.map((r) => r.photo));
    expect([...names]).toEqual(
      expect.arrayContaining(['aqua', 'astronaut', 'coffee', 'retina', 'rocket', 'storm', 'model-fox', 'model-cabin']),
    );
    expect(names.size).toBe(10);
    expect(rows).toHaveLength(10 * PHOTO_VARIANTS.length);
  });

  for (const variant of PHOTO_VARIANTS) {
    const must = variant.expect === 'pass' ? 'passes' : `fails, leading with ${variant.principal},`;
    it(`${variant.label}: ${must} on every image`, () => {
      const mine = rows.filter((r) => r.variant.id === variant.id);
      for (const r of mine) {
        const seen = {
          photo: r.photo,
          verdict: r.verdict,
          changes: r.changes.map((c) => c.summary),
          failures: r.failures,
        };
        expect(r.ok, JSON.stringify(seen)).toBe(true);
      }
    });
  }

  it('docs/findings.md shows this very table', () => {
    const doc = readFileSync(DOC, 'utf8');
    const table = verdictTable(rows);
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    expect(start, `docs/findings.md has no ${START}`).toBeGreaterThan(-1);
    if (process.env.UPDATE === '1') {
      writeFileSync(DOC, `${doc.slice(0, start + START.length)}\n${table}\n${doc.slice(end)}`);
      return;
    }
    expect(doc.slice(start + START.length, end).trim()).toBe(table);
  });
});
