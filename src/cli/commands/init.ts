import path from 'node:path';
import type { Command } from 'commander';
import { initProject } from '../../pipeline/init.js';
import type { CliIo } from '../io.js';

export function registerInit(program: Command, io: CliIo): void {
  program
    .command('init')
    .description('scaffold a first suite (offline, built-in model) and ignore reports/ in git')
    .argument('[dir]', 'project folder', '.')
    .action(async (dir: string) => {
      const outcome = await initProject(dir);
      for (const file of outcome.written) io.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
      io.stdout.write('\nNext:\n');
      io.stdout.write(`  ${outcome.next[0]}   # first run: generates the images and writes their baselines\n`);
      io.stdout.write(`  ${outcome.next[1]}   # from now on: compares with them; exit 1 on any change\n`);
    });
}
