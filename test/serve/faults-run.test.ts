import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSuites } from '../../src/runner/run.js';
import { startServer } from '../../src/serve/server.js';
import { VERDICTS } from '../../src/types/index.js';
import { tempDir } from '../helpers/tmp.js';

const SEEDS = Array.from({ length: 24 }, (_, i) => i + 1);

function suite(provider: string) {
  return `name: faults
${provider}
models: [sim-dev]
defaults: { width: 64, height: 64, steps: 28, output_format: png }
seeds: [${SEEDS.join(', ')}]
concurrency: 4
cases:
  - { id: fox, prompt: a red fox sitting in fresh snow }
`;
}

describe('a run that meets every fault', () => {
  it('ends with a definite verdict and a reason for every case, bounded retries, and a healthy process', async () => {
    const dir = await tempDir();
    const options = { baselinesDir: path.join(dir, 'baselines'), reportsDir: path.join(dir, 'reports') };
    // Baselines from the in-process model first, so images that arrive intact pass.
    await writeFile(path.join(dir, 'local.yaml'), suite('provider: local'));
    await runSuites({ suites: [path.join(dir, 'local.yaml')], ...options });

    const server = await startServer({
      port: 0,
      faults: {
        seed: 7,
        drop: 0.08,
        rateLimit: 0.1,
        retryAfterS: 0,
        serverError: 0.1,
        truncate: 0.08,
        badBase64: 0.08,
        notImage: 0.08,
        wrongSize: 0.08,
      },
    });
    try {
      await writeFile(
        path.join(dir, 'remote.yaml'),
        suite(`provider:\n  name: together\n  base_url: ${server.url}/v1\n  max_attempts: 3\n  timeout_ms: 5000`),
      );
      const { results } = await runSuites({
        suites: [path.join(dir, 'remote.yaml')],
        ...options,
        ci: true,
        env: {},
        retry: { baseDelayMs: 5, maxDelayMs: 20 },
      });
      expect(results.status).toBe('complete');
      expect(results.cases).toHaveLength(SEEDS.length);
      for (const c of results.cases) {
        expect(VERDICTS).toContain(c.verdict);
        expect(c.attempts).toBeGreaterThanOrEqual(1);
        expect(c.attempts).toBeLessThanOrEqual(3);
        if (c.verdict !== 'pass') expect(c.reason, c.id).toBeTruthy();
      }
      const reasons = results.cases.map((c) => c.reason ?? '').join('\n');
      // Some faults got through all three attempts or could not be retried, and each says what it was.
      expect(results.cases.some((c) => c.attempts > 1)).toBe(true);
      expect(results.cases.some((c) => c.verdict === 'pass')).toBe(true);
      expect(reasons).toMatch(/image size differs: baseline 64×64/);
      // The process is healthy: the same server still answers a clean request.
      const answer = await fetch(`${server.url}/v1/models`);
      expect(answer.ok).toBe(true);
    } finally {
      await server.close();
    }
  });
});
