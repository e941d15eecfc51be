import path from 'node:path';
import type { Command } from 'commander';
import { VERSION } from '../../util/version.js';
import type { CliIo } from '../io.js';

export function registerInit(program: Command, io: CliIo): void {
  program
    .command('init')
    .description(
      'scaffold a project: seedsnap.config.yaml, a first suite (offline, built-in model), their schemas, reports/ in .gitignore',
    )
    .argument('[dir]', 'project folder', '.')
    .action(async (dir: string) => {
      const { initProject } = await import('../../suite/init.js');
      const outcome = await initProject(dir);
      for (const file of outcome.written) io.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
      if (!outcome.installed) {
        // The commands below run only the project's own seedsnap; say how to get one there.
        io.stdout.write(
          '\nseedsnap is not installed in this project: add it as a dev dependency first, e.g.\n' +
            `  npm install --save-dev ./seedsnap-${VERSION}.tgz   # the tarball \`npm pack\` makes in seedsnap\n` +
            '  npm install --save-dev git+https://<host>/<owner>/seedsnap.git   # or its git repository (README: Install)\n',
        );
      }
      io.stdout.write('\nNext:\n');
      io.stdout.write(`  ${outcome.next[0]}   # first run: generates the images and writes their baselines\n`);
      io.stdout.write(`  ${outcome.next[1]}   # from now on: compares with them; exit 1 on any change\n`);
    });
}
