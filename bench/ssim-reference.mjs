// The textbook SSIM (Wang et al. 2004): 11×11 Gaussian window (σ = 1.5) at every pixel, on BT.601
// luminance, averaged over the windows that fit. Slow on purpose: it is the yardstick for the fast one.

const RADIUS = 5;
const SIGMA = 1.5;
const C1 = (0.01 * 255) ** 2;
const C2 = (0.03 * 255) ** 2;

function luma(image) {
  const out = new Float64Array(image.width * image.height);
  for (let p = 0, i = 0; p < out.length; p++, i += 4) {
    out[p] = (299 * image.data[i] + 587 * image.data[i + 1] + 114 * image.data[i + 2]) / 1000;
  }
  return out;
}

export function gaussianSsim(a, b) {
  const { width, height } = a;
  const x = luma(a);
  const y = luma(b);
  const weights = [];
  let total = 0;
  for (let d = -RADIUS; d <= RADIUS; d++) {
    const w = Math.exp(-(d * d) / (2 * SIGMA * SIGMA));
    weights.push(w);
    total += w;
  }
  const g = weights.map((w) => w / total);
  let sum = 0;
  let windows = 0;
  for (let cy = RADIUS; cy < height - RADIUS; cy++) {
    for (let cx = RADIUS; cx < width - RADIUS; cx++) {
      let mx = 0;
      let my = 0;
      let sxx = 0;
      let syy = 0;
      let sxy = 0;
      for (let dy = -RADIUS; dy <= RADIUS; dy++) {
        const wy = g[dy + RADIUS];
        const row = (cy + dy) * width;
        for (let dx = -RADIUS; dx <= RADIUS; dx++) {
          const w = wy * g[dx + RADIUS];
          const p = row + cx + dx;
          const vx = x[p];
          const vy = y[p];
          mx += w * vx;
          my += w * vy;
          sxx += w * vx * vx;
          syy += w * vy * vy;
          sxy += w * vx * vy;
        }
      }
      const vx = sxx - mx * mx;
      const vy = syy - my * my;
      const cov = sxy - mx * my;
      sum += ((2 * mx * my + C1) * (2 * cov + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2));
      windows++;
    }
  }
  return windows > 0 ? sum / windows : 1;
}
