import type { SceneRenderer } from '../../src/compare/calibration.js';
import { LocalModel } from '../../src/providers/local/provider.js';

/** The calibration scenes rendered by the built-in model (bench/calibrate.mjs does the same from dist/). */
export const renderWithLocalModel: SceneRenderer = (request, variant) => {
  const [image] = new LocalModel(variant).generate(request);
  if (!image) throw new Error(`the built-in model returned no image for "${request.prompt}"`);
  return image.bytes;
};
