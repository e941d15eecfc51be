#!/usr/bin/env node
// The package's command. The TypeScript sources are compiled to dist/ by `npm install` (prepare).
import('../dist/cli/bin.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/bin.js')) {
    console.error('seedsnap is not built yet: run `npm install` (or `npm run build`) in the seedsnap folder first.');
    process.exitCode = 2;
    return;
  }
  throw error;
});
