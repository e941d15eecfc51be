import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/util/format-problem.js';
import { problemsOf } from '../helpers/suites.js';

describe('suite validation', () => {
  it('reports an unknown key at its line with a suggestion', () => {
    const [problem, ...rest] = problemsOf(`name: demo
models: [sim-dev]
defaults:
  width: 512
  height: 512
  guidance: 3.5
cases:
  - id: a
    prompt: x
`);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({
      code: 'SUITE_UNKNOWN_KEY',
      message: 'unknown key "guidance" in defaults',
      hint: 'did you mean "guidance_scale"?',
      location: { file: 'suites/test.yaml', line: 6, col: 3 },
    });
    expect(formatProblem(problem as never)).toContain('6 |   guidance: 3.5\n    |   ^^^^^^^^');
  });

  it('reports wrong types and out-of-range values where they are', () => {
    const problems = problemsOf(`models: [sim-dev]
defaults:
  width: 500
  height: 512
cases:
  - id: a
    prompt: x
    n: 5
    steps: zero
`);
    const byLine = Object.fromEntries(problems.map((p) => [p.location?.line, p]));
    expect(byLine[3]?.message).toContain('width must be a multiple of 8');
    expect(byLine[3]?.message).toContain('got 500');
    expect(byLine[8]?.message).toContain('n must be between 1 and 4');
    expect(byLine[9]?.message).toBe('cases[0].steps must be a number, not string "zero"');
    expect(problems).toHaveLength(3);
  });

  it('suggests the closest enum value', () => {
    const [problem] = problemsOf(`models: [sim-dev]
defaults: { width: 64, height: 64, output_format: pnng }
cases: [{ id: a, prompt: x }]
`);
    expect(problem?.location?.line).toBe(2);
    expect(problem?.hint).toBe('did you mean "png"?');
  });

  it('finds duplicate case ids and points at the second', () => {
    const problems = problemsOf(`models: [sim-dev]
defaults: { width: 64, height: 64 }
cases:
  - id: fox
    prompt: a fox
  - id: fox
    prompt: another fox
`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'SUITE_DUPLICATE_ID', location: { line: 6 } });
  });

  it('refuses a parameter the model does not accept, at the key that set it', () => {
    const problems = problemsOf(`models: [sim-dev, sim-schnell]
defaults:
  width: 512
  height: 512
cases:
  - id: a
    prompt: x
    image_url: https://example.invalid/ref.png
`);
    const messages = problems.map((p) => `${p.location?.line}: ${p.message}`);
    expect(messages).toContain('8: model "sim-dev" does not accept "image_url"');
    expect(messages).toContain('3: model "sim-schnell" does not accept "width"');
    const width = problems.find((p) => p.message.includes('"width"'));
    expect(width?.hint).toContain('aspect_ratio');
  });

  it('checks ranges against the model: steps, n, safety checker', () => {
    const problems = problemsOf(`models:
  - id: sim-schnell-free
    defaults: { aspect_ratio: "1:1" }
cases:
  - id: a
    prompt: x
    steps: 30
    n: 2
    disable_safety_checker: true
`);
    expect(problems.map((p) => p.location?.line).sort()).toEqual([7, 8, 9]);
    expect(problems.map((p) => p.code)).toEqual(['SUITE_PARAM', 'SUITE_PARAM', 'SUITE_PARAM']);
  });

  it('suggests a known model for a typo', () => {
    const [problem] = problemsOf(`models: [sim-devv]
cases: [{ id: a, prompt: x }]
`);
    expect(problem).toMatchObject({ code: 'SUITE_MODEL', hint: 'did you mean "sim-dev"?', location: { line: 1 } });
  });

  it('reports YAML syntax errors with their position', () => {
    const [problem] = problemsOf('models: [sim-dev\ncases:\n  - id: a\n');
    expect(problem?.code).toBe('SUITE_YAML');
    expect(problem?.location?.line).toBeGreaterThan(0);
  });

  it('refuses an alias bomb before expanding it', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from({ length: 9 }, (_, i) => {
        const prev = i === 0 ? 'a' : `l${i - 1}`;
        return `l${i}: &l${i} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`;
      }),
      'models: [sim-dev]',
      'cases: [{ id: a, prompt: x }]',
    ].join('\n');
    const [problem] = problemsOf(bomb);
    expect(problem?.code).toBe('SUITE_YAML');
    expect(problem?.message).toMatch(/alias/i);
  });

  it('names a missing required key and where to add it', () => {
    const [problem] = problemsOf(`models: [sim-dev]
defaults: { width: 64, height: 64 }
cases:
  - id: a
`);
    expect(problem).toMatchObject({
      code: 'SUITE_MISSING_KEY',
      message: 'cases[0].prompt is required',
      location: { line: 4 },
    });
  });
});

describe('typos of required keys', () => {
  it('are reported once, as the typo, at the suite root and in a case', () => {
    const problems = problemsOf(`modles: [sim-dev]
cases:
  - id: a
    promt: x
`);
    expect(problems.map((p) => [p.location?.line, p.code, p.hint])).toEqual([
      [1, 'SUITE_UNKNOWN_KEY', 'did you mean "models"?'],
      [4, 'SUITE_UNKNOWN_KEY', 'did you mean "prompt"?'],
    ]);
  });
});
