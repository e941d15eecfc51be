import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSuites } from '../../src/runner/run.js';
import { startServer } from '../../src/serve/server.js';
import type { RunResults } from '../../src/types/index.js';
import { ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const verdicts = (r: RunResults) => Object.fromEntries(r.cases.map((c) => [c.id, c.verdict]));

describe('provider: together against seedsnap serve', () => {
  it('gives the quickstart the same verdicts as the in-process model, over a real socket', async () => {
    const dir = await tempDir();
    await cp(path.join(ROOT, 'baselines'), path.join(dir, 'baselines'), { recursive: true });
    const local = path.join(dir, 'local.yaml');
    // The image cases: the quickstart's video case goes through Together's video jobs, tested on their own
    // (test/serve/together-sdk-videos.test.ts), since Together knows no sim-kling to send it to.
    const quickstart = await readFile(path.join(ROOT, 'suites', 'quickstart.yaml'), 'utf8');
    await writeFile(
      local,
      quickstart.replace(/^ {2}- sim-kling.*\n/m, '').replace(/^ {2}- id: harbour-clip[\s\S]*$/m, ''),
    );
    for (const revision of [1, 2]) {
      const server = await startServer({ port: 0, revision });
      try {
        const remote = path.join(dir, 'remote.yaml');
        const text = await readFile(local, 'utf8');
        await writeFile(
          remote,
          text.replace(/^provider: local$/m, `provider:\n  name: together\n  base_url: ${server.url}/v1`),
        );
        const common = { baselinesDir: path.join(dir, 'baselines'), reportsDir: path.join(dir, 'reports'), ci: true };
        const inProcess = await runSuites({
          suites: [local],
          ...common,
          env: { SEEDSNAP_LOCAL_REVISION: String(revision) },
        });
        const overHttp = await runSuites({ suites: [remote], ...common, env: {} });
        expect(overHttp.results.cases).toHaveLength(24);
        expect(verdicts(overHttp.results)).toEqual(verdicts(inProcess.results));
        // Revision 1 is what the committed baselines hold; revision 2 drifts.
        expect(overHttp.results.summary.byVerdict).toMatchObject(
          revision === 1 ? { pass: 22, blocked: 2 } : { fail: 22, blocked: 2 },
        );
        expect(overHttp.results.cases.every((c) => c.provider === 'together')).toBe(true);
      } finally {
        await server.close();
      }
    }
  });
});
