// Regenerates suites/suite.schema.json from the zod schema (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { suiteJsonSchema } from '../dist/index.js';

writeFileSync('suites/suite.schema.json', `${JSON.stringify(suiteJsonSchema(), null, 2)}\n`);
console.log('wrote suites/suite.schema.json');
