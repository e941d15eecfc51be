/**
 * The calibration behind the default tolerance on photographs (docs/findings.md): every variant of
 * variants.ts on every photograph, compared, judged, and explained. "Same" variants (noise a serving
 * stack adds) must pass; "changed" ones must fail with the right principal finding. The photographs
 * come in decoded: the test and `bench/findings.mjs` read them from test/fixtures/photos and add
 * images of the built-in model.
 */
import type { RgbaImage } from '../../image/types.js';
import type { Change, ChangeKind, CompareMetrics, FindingFigures, GateName, Tolerance } from '../../types/index.js';
import { comparePixels } from '../compare.js';
import { figuresIn } from './comparator.js';
import { jpeg420RoundTrip } from './jpeg-model.js';
import { blurred, pngRoundTrip, shifted, withNoise, withOffsets, withPatch } from './variants.js';

export interface CalibrationPhoto {
  name: string;
  image: RgbaImage;
}

export interface PhotoVariant {
  id: string;
  label: string;
  expect: 'pass' | 'fail';
  /** The principal finding a failure must lead with. */
  principal?: ChangeKind;
  /** The variant of photo `index` of `photos` (some take a second photograph: the next one). */
  make: (photos: readonly CalibrationPhoto[], index: number) => RgbaImage;
}

const PATCH = { x: 200, y: 120, size: 40 };
const at = (photos: readonly CalibrationPhoto[], index: number): RgbaImage => {
  const photo = photos[index % photos.length];
  if (!photo) throw new Error('calibratePhotos: no photographs');
  return photo.image;
};

export const PHOTO_VARIANTS: readonly PhotoVariant[] = [
  { id: 'png', label: 'PNG re-encode', expect: 'pass', make: (p, i) => pngRoundTrip(at(p, i)) },
  {
    id: 'noise-1',
    label: '±1 on every channel',
    expect: 'pass',
    make: (p, i) => withNoise(at(p, i), { levels: 1, share: 1, seed: 100 + i }),
  },
  {
    id: 'noise-2',
    label: '±2 on 30% of pixels',
    expect: 'pass',
    make: (p, i) => withNoise(at(p, i), { levels: 2, share: 0.3, seed: 200 + i }),
  },
  {
    id: 'jpeg-90',
    label: 'JPEG round trip, q90 4:2:0',
    expect: 'pass',
    make: (p, i) => jpeg420RoundTrip(at(p, i), 90),
  },
  {
    id: 'jpeg-95',
    label: 'JPEG round trip, q95 4:2:0',
    expect: 'pass',
    make: (p, i) => jpeg420RoundTrip(at(p, i), 95),
  },
  {
    id: 'cast',
    label: 'colour cast R +8, B −4',
    expect: 'fail',
    principal: 'colour',
    make: (p, i) => withOffsets(at(p, i), { r: 8, g: 0, b: -4 }),
  },
  {
    id: 'exposure',
    label: 'exposure −12 levels',
    expect: 'fail',
    principal: 'exposure',
    make: (p, i) => withOffsets(at(p, i), { r: -12, g: -12, b: -12 }),
  },
  {
    id: 'blur',
    label: 'Gaussian blur σ 1.2',
    expect: 'fail',
    principal: 'blur',
    make: (p, i) => blurred(at(p, i), 1.2),
  },
  {
    id: 'shift',
    label: 'shift 2 px right',
    expect: 'fail',
    principal: 'shift',
    make: (p, i) => shifted(at(p, i), { dx: 2, dy: 0 }),
  },
  {
    id: 'patch',
    label: '40×40 patch from another photograph',
    expect: 'fail',
    principal: 'region',
    make: (p, i) => withPatch(at(p, i), { from: at(p, i + 1), ...PATCH }),
  },
  { id: 'other', label: 'another photograph', expect: 'fail', principal: 'content', make: (p, i) => at(p, i + 1) },
];

export interface PhotoCalibrationRow {
  variant: PhotoVariant;
  photo: string;
  metrics: CompareMetrics;
  figures: FindingFigures;
  changes: Change[];
  verdict: 'pass' | 'fail';
  /** The gates that failed. */
  failures: GateName[];
  /** The verdict is what the variant must get, and a failure leads with the right finding. */
  ok: boolean;
}

export interface PhotoCalibrationOptions {
  photos: readonly CalibrationPhoto[];
  tolerance: Tolerance;
  variants?: readonly PhotoVariant[];
}

export function calibratePhotos(options: PhotoCalibrationOptions): PhotoCalibrationRow[] {
  const { photos, tolerance } = options;
  const first = photos[0]?.image;
  const odd = photos.find((p) => p.image.width !== first?.width || p.image.height !== first?.height);
  if (odd && first) {
    throw new Error(
      `calibratePhotos: every photograph must have the same size (patches and "another photograph" pair them): ${photos[0]?.name} is ${first.width}×${first.height}, ${odd.name} is ${odd.image.width}×${odd.image.height}`,
    );
  }
  const rows: PhotoCalibrationRow[] = [];
  for (const variant of options.variants ?? PHOTO_VARIANTS) {
    for (const [index, photo] of photos.entries()) {
      const expected = photo.image;
      const actual = variant.make(photos, index);
      // The one comparator measures the figures and explains a failure, as it does for every caller.
      const comparison = comparePixels(expected, actual, tolerance, { diffImage: 'never' });
      const { match, metrics } = comparison;
      const figures = figuresOf(metrics);
      const failures = comparison.gates.filter((g) => !g.ok).map((g) => g.name);
      const verdict = match ? 'pass' : 'fail';
      const changes = comparison.findings ?? [];
      const ok = verdict === variant.expect && (verdict === 'pass' || changes[0]?.kind === variant.principal);
      rows.push({ variant, photo: photo.name, metrics, figures, changes, verdict, failures, ok });
    }
  }
  return rows;
}

/** The figures out of the metrics the comparator recorded them in (it always does for images of equal size). */
function figuresOf(m: CompareMetrics): FindingFigures {
  const figures = figuresIn(m);
  if (!figures) throw new Error('calibratePhotos: the comparator recorded no finding figures');
  return figures;
}

/**
 * The verdict table of docs/findings.md: one row per variant, one column per photograph; a cell is
 * "pass", or "fail" with the principal finding; a cell that is not what the variant must get is in
 * bold. The last column counts false alarms (a "same" variant failing) or misses (a change passing,
 * or failing with the wrong principal finding).
 */
export function verdictTable(rows: readonly PhotoCalibrationRow[]): string {
  const photos = [...new Set(rows.map((r) => r.photo))];
  const variants = [...new Set(rows.map((r) => r.variant))];
  const lines = [
    `| variant | must | ${photos.join(' | ')} | wrong |`,
    `| --- | --- | ${photos.map(() => '---').join(' | ')} | ---: |`,
  ];
  for (const variant of variants) {
    const mine = rows.filter((r) => r.variant === variant);
    const cells = photos.map((name) => {
      const row = mine.find((r) => r.photo === name);
      if (!row) return '';
      const text = row.verdict === 'pass' ? 'pass' : `fail: ${row.changes[0]?.kind ?? '?'}`;
      return row.ok ? text : `**${text}**`;
    });
    const must = variant.expect === 'pass' ? 'pass' : `fail: ${variant.principal}`;
    const wrong = mine.filter((r) => !r.ok).length;
    lines.push(`| ${variant.label} | ${must} | ${cells.join(' | ')} | ${wrong} |`);
  }
  return lines.join('\n');
}
