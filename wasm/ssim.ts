/**
 * SSIM from the pass's 4×4 cells, as src/compare/metrics.ts's ssimFromCells computes it, operation for
 * operation and in its order (the same value to the bit): windows of 2×2 cells, each weighted by its
 * pixels. `c1` and `c2` come from JavaScript so that the constants are the very same numbers.
 */

const FIELDS = 6;

export function ssimFromCells(cells: usize, cols: i32, rows: i32, c1: f64, c2: f64): f64 {
  const spanX = cols > 1 ? 2 : 1;
  const spanY = rows > 1 ? 2 : 1;
  let total: f64 = 0;
  let weight: f64 = 0;
  for (let wy = 0; wy + spanY <= rows; wy++) {
    for (let wx = 0; wx + spanX <= cols; wx++) {
      let sx: f64 = 0;
      let sy: f64 = 0;
      let sxx: f64 = 0;
      let syy: f64 = 0;
      let sxy: f64 = 0;
      let count: f64 = 0;
      for (let dy = 0; dy < spanY; dy++) {
        for (let dx = 0; dx < spanX; dx++) {
          const c = cells + (<usize>(((wy + dy) * cols + wx + dx) * FIELDS) << 3);
          sx += load<f64>(c);
          sy += load<f64>(c, 8);
          sxx += load<f64>(c, 16);
          syy += load<f64>(c, 24);
          sxy += load<f64>(c, 32);
          count += load<f64>(c, 40);
        }
      }
      if (count == 0) continue;
      const mx = sx / count;
      const my = sy / count;
      const vx = sxx / count - mx * mx;
      const vy = syy / count - my * my;
      const cov = sxy / count - mx * my;
      total += (((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))) * count;
      weight += count;
    }
  }
  return weight > 0 ? total / weight : 1;
}
