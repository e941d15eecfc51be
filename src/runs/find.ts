/** Finding a run folder: the one given, or the newest under the reports folder. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LATEST_FILE } from '../runner/run-folder.js';
import { DEFAULT_REPORTS_DIR } from '../suite/defaults.js';
import { SeedsnapError } from '../types/errors.js';

export async function resolveRunDir(run: string | undefined, reportsDir = DEFAULT_REPORTS_DIR): Promise<string> {
  if (run) {
    const info = await stat(run).catch(() => undefined);
    if (!info?.isDirectory()) {
      throw new SeedsnapError('RUN_NOT_FOUND', `run folder not found: ${run}`, {
        hint: `pass a folder under ${reportsDir}/ that holds a results.json`,
      });
    }
    return path.resolve(run);
  }
  const latest = await readFile(path.join(reportsDir, LATEST_FILE), 'utf8').catch(() => undefined);
  const name = latest?.trim();
  if (!name) {
    throw new SeedsnapError('RUN_NOT_FOUND', `no run found in ${reportsDir}/`, {
      hint: 'run a suite first (seedsnap run suites/<name>.yaml), or pass --run DIR',
    });
  }
  return path.resolve(reportsDir, name);
}
