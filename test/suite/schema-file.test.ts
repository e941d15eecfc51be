import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { suiteJsonSchema } from '../../src/suite/schema.js';
import { ROOT } from '../helpers/cli.js';

describe('suites/suite.schema.json', () => {
  it('is the JSON Schema generated from the zod schema (run `npm run schema` after changing it)', () => {
    const committed = JSON.parse(readFileSync(path.join(ROOT, 'suites', 'suite.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(suiteJsonSchema())));
  });
});
