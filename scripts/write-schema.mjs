// Regenerates suites/suite.schema.json and seedsnap.config.schema.json from the zod schemas (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { configJsonSchema, suiteJsonSchema } from '../dist/index.js';

writeFileSync('suites/suite.schema.json', `${JSON.stringify(suiteJsonSchema(), null, 2)}\n`);
console.log('wrote suites/suite.schema.json');
writeFileSync('seedsnap.config.schema.json', `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log('wrote seedsnap.config.schema.json');
