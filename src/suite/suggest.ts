/** "Did you mean …?" for keys, models and enum values. */

/** Names people bring from other tools (diffusers, A1111, OpenAI) mapped to ours. */
const ALIASES: Record<string, string> = {
  cfg: 'guidance_scale',
  cfg_scale: 'guidance_scale',
  guidance: 'guidance_scale',
  num_inference_steps: 'steps',
  sampling_steps: 'steps',
  seed: 'seeds',
  negative: 'negative_prompt',
  negative_prompts: 'negative_prompt',
  num_images: 'n',
  batch_size: 'n',
  format: 'output_format',
  image_format: 'output_format',
  model: 'models',
  case: 'cases',
  tests: 'cases',
};

export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] ?? 0;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, (previous[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[b.length] ?? 0;
}

/** The closest candidate, or undefined when nothing is close enough to be a likely typo. */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  const alias = ALIASES[lower];
  if (alias && candidates.includes(alias)) return alias;
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    let score = editDistance(lower, other);
    // "guidance" for "guidance_scale", "FLUX.1-dev" for "black-forest-labs/FLUX.1-dev"
    if (lower.length >= 3 && (other.startsWith(lower) || other.endsWith(lower) || lower.startsWith(other))) {
      score = Math.min(score, 1);
    }
    if (!best || score < best.score) best = { candidate, score };
  }
  if (!best) return undefined;
  const allowed = Math.max(1, Math.floor(Math.max(lower.length, 4) / 3));
  return best.score <= allowed ? best.candidate : undefined;
}

export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const match = suggest(input, candidates);
  return match === undefined ? undefined : `did you mean "${match}"?`;
}
