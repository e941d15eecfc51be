// The tools the benches are measured against, installed apart from seedsnap's dependencies (bench/package.json:
// odiff-bin, whose native binary ships inside the @odiff/<platform> package, and reg-cli, pure JavaScript;
// neither has an install script). Installed the first time a bench needs them, by `npm install` at the locked versions:
// `npm ci` refuses this lock, because npm leaves odiff's other-platform optional packages out of it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** { odiff: path of the native binary, regCli: path of reg-cli's entry, versions }, installing them if needed. */
export function anchors() {
  if (!existsSync(path.join(BENCH, 'node_modules', 'odiff-bin'))) {
    console.error('installing the anchors (odiff-bin, reg-cli) into bench/node_modules …');
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-save'], {
      cwd: BENCH,
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error(`npm install in bench/ failed (${r.status ?? r.signal})`);
  }
  const require = createRequire(path.join(BENCH, 'package.json'));
  const version = (name) => JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
  // The odiff-bin command is a Node script that spawns the binary: timing it would time a Node start-up.
  const odiff = path.join(
    path.dirname(require.resolve(`@odiff/${process.platform}-${process.arch}/package.json`)),
    'odiff',
  );
  const regCli = path.join(path.dirname(require.resolve('reg-cli/package.json')), 'dist', 'cli.js');
  if (!existsSync(regCli)) throw new Error(`reg-cli's entry is not at ${regCli}`);
  return { odiff, regCli, versions: { odiff: version('odiff-bin'), regCli: version('reg-cli') } };
}

/** CPU seconds used so far by the children this process has waited for (Linux /proc; 0 elsewhere). */
export function childCpuSeconds() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of stat (cutime, cstime) are 13 and 14 after the command name; in clock ticks (100/s).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}
