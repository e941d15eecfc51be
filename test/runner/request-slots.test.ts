import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSuites } from '../../src/runner/run.js';
import { CountingProvider, registryWith } from '../helpers/providers.js';
import { tempDir } from '../helpers/tmp.js';

describe('request slots', () => {
  it('sends the next request while the previous case is still being judged, never more than the concurrency', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'slots.yaml');
    await writeFile(
      file,
      `provider: counting
models: [fake]
defaults: { width: 64, height: 64 }
seeds: [1, 2, 3, 4, 5, 6]
concurrency: 1
cases:
  - id: a
    prompt: first
`,
    );
    const provider = new CountingProvider(5);
    const events: string[] = [];
    const generate = provider.generate.bind(provider);
    provider.generate = (request, context) => {
      events.push(`request ${request.seed}`);
      return generate(request, context);
    };
    const { results } = await runSuites({
      suites: [file],
      registry: registryWith(provider),
      baselinesDir: path.join(dir, 'baselines'),
      reportsDir: path.join(dir, 'reports'),
      listeners: [{ onCaseResult: (result) => events.push(`result ${result.seed}`) }],
    });
    expect(results.summary.total).toBe(6);
    expect(provider.maxInFlight).toBe(1);
    // Judging a case (files written, journal appended) takes disk time; the next request does not wait for it.
    expect(events.indexOf('request 2')).toBeLessThan(events.indexOf('result 1'));
  });
});
