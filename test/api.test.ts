import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as seedsnap from '../src/index.js';
import { encodePng } from '../src/index.js';
import { tempDir } from './helpers/tmp.js';

describe('library API', () => {
  it('runs a suite end to end on a provider of the user, in a registry of its own', async () => {
    let calls = 0;
    // A registry instance, not the global one: nothing this test registers reaches another test.
    const registry = new seedsnap.ProviderRegistry().register({
      name: 'my-gpu-server',
      allowsUnknownModels: true,
      capabilities: () => undefined,
      knownModels: () => [],
      create: () => ({
        name: 'my-gpu-server',
        async generate(request) {
          calls++;
          const data = new Uint8Array(64 * 64 * 3).fill(request.seed * 40);
          return { images: [{ bytes: encodePng({ width: 64, height: 64, data }, 3), format: 'png' }] };
        },
      }),
    });
    const dir = await tempDir();
    const file = path.join(dir, 'mine.yaml');
    await writeFile(
      file,
      'provider: my-gpu-server\nmodels: [my-model]\nseeds: [1, 2]\ncases: [{ id: a, prompt: x }]\n',
    );
    const options = { suites: [file], registry, baselinesDir: path.join(dir, 'b'), reportsDir: path.join(dir, 'r') };
    const first = await seedsnap.runSuites(options);
    expect(first.results.summary.byVerdict.new).toBe(2);
    const second = await seedsnap.runSuites(options);
    expect(second.results.summary.byVerdict.pass).toBe(2);
    expect(calls).toBe(4);
    expect(seedsnap.defaultRegistry.providerNames()).not.toContain('my-gpu-server');
  });

  it('exports what scripting needs: suites, comparison, baselines, reports', () => {
    for (const name of [
      'loadSuiteFile',
      'loadSuiteText',
      'runSuites',
      'planRun',
      'approveRun',
      'mergeRuns',
      'compareImages',
      'decodeImage',
      'BaselineStore',
      'writeReports',
      'readResults',
      'registerProvider',
      'ProviderError',
      'resolveProject',
      'loadProjectConfig',
    ]) {
      expect(typeof (seedsnap as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
