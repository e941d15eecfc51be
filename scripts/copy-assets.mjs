// tsc compiles only TypeScript; the report's client files are copied beside the compiled code.
import { cpSync } from 'node:fs';

cpSync('src/report/client', 'dist/report/client', { recursive: true });
