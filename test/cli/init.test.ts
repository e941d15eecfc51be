import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configJsonSchema } from '../../src/suite/config-schema.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

/** Run a printed command as a user would paste it; npm stays offline, so nothing is fetched. */
function sh(command: string, cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], {
      cwd,
      env: { ...process.env, CI: '', NO_COLOR: '1', npm_config_offline: 'true', npm_config_update_notifier: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** A project with seedsnap installed as a dev dependency (what `npm install -D` of the tarball leaves). */
async function installedProject(): Promise<string> {
  const dir = await tempDir('seedsnap-app-');
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'app', private: true, devDependencies: { seedsnap: `file:${ROOT}` } }),
  );
  await mkdir(path.join(dir, 'node_modules/.bin'), { recursive: true });
  await symlink(ROOT, path.join(dir, 'node_modules/seedsnap'));
  await symlink('../seedsnap/bin/seedsnap.js', path.join(dir, 'node_modules/.bin/seedsnap'));
  return dir;
}

const commandsOf = (stdout: string) =>
  [...(stdout.split('\nNext:\n')[1] ?? '').matchAll(/^ {2}(\S.*?) {3}#/gm)].map((m) => m[1] ?? '');

describe('seedsnap init', () => {
  it('writes a project config with its schema, and prints commands that only run the installed seedsnap', async () => {
    const cwd = await installedProject();
    const init = await runCli(['init'], { cwd });
    expect(init.code, init.stderr).toBe(0);
    expect((await readdir(cwd)).sort()).toEqual([
      '.gitignore',
      'node_modules',
      'package.json',
      'seedsnap.config.schema.json',
      'seedsnap.config.yaml',
      'suites',
    ]);
    const config = await readFile(path.join(cwd, 'seedsnap.config.yaml'), 'utf8');
    expect(config.split('\n')[0]).toBe('# yaml-language-server: $schema=./seedsnap.config.schema.json');
    expect(parse(config)).toEqual({ suites: ['suites/*.yaml'], baselines: 'baselines', reports: 'reports' });
    expect(JSON.parse(await readFile(path.join(cwd, 'seedsnap.config.schema.json'), 'utf8'))).toEqual(
      JSON.parse(JSON.stringify(configJsonSchema())),
    );

    const commands = commandsOf(init.stdout);
    expect(commands).toEqual([
      'npx --no-install seedsnap run suites/first.yaml',
      'npx --no-install seedsnap run suites/first.yaml --ci',
    ]);
    expect(init.stdout).not.toMatch(/npx seedsnap/);
    expect(init.stdout).not.toContain('not installed');
    // Pasted as printed, from the project, they run the installed package: new, then pass.
    const first = await sh(commands[0] ?? '', cwd);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toMatch(/new 7/);
    const second = await sh(commands[1] ?? '', cwd);
    expect(second.code, second.output).toBe(0);
    expect(second.output).toMatch(/pass 7/);
  });

  it('in another folder: the commands cd there first; without an install, init says how to install', async () => {
    const cwd = await tempDir('seedsnap-bare-');
    const init = await runCli(['init', 'my app'], { cwd });
    expect(init.code, init.stderr).toBe(0);
    const commands = commandsOf(init.stdout);
    expect(commands[0]).toBe("cd 'my app' && npx --no-install seedsnap run suites/first.yaml");
    expect(init.stdout).toContain('seedsnap is not installed in this project');
    expect(init.stdout).toContain('npm install --save-dev');
    // The printed command refuses to run rather than fetch some other "seedsnap".
    const refused = await sh(commands[0] ?? '', cwd);
    expect(refused.code).not.toBe(0);
    expect(refused.output).not.toMatch(/cases|new \d/);

    const again = await runCli(['init', 'my app'], { cwd });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('refusing to overwrite');
    expect(again.stderr).toContain('seedsnap.config.yaml');
  });
});
