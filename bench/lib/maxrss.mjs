// Runs the real CLI (dist/) with the arguments given, and on exit writes this process's peak RSS (kB, from
// process.resourceUsage().maxRSS: every thread of the process, the compare workers included) to MAXRSS_FILE.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.MAXRSS_FILE) writeFileSync(process.env.MAXRSS_FILE, String(process.resourceUsage().maxRSS));
});
await import('../../dist/cli/bin.js');
