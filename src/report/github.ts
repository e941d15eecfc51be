/**
 * `--reporter github`: GitHub Actions workflow commands on stdout. Each failing case becomes an `::error`
 * annotation on the suite line that declares it, so it shows in the pull request beside that line. GitHub
 * shows only the first 10 error annotations of a step, so the cases of one suite line share one annotation,
 * and the worst lines come first. Plain text only: no colour, no control character, nothing a prompt holds
 * can start a workflow command of its own.
 */
import path from 'node:path';
import { type CaseResult, type RunResultsSource, VERDICTS } from '../types/index.js';
import { caseReason } from './findings-text.js';
import { caseFigures, worstFirst } from './format.js';

export interface GithubOptions {
  /**
   * Annotation paths are relative to this folder, as GitHub resolves them from the repository root
   * (default: $GITHUB_WORKSPACE, else the working folder).
   */
  workspace?: string;
  /** The report to point at from each message. */
  reportPath?: string;
}

/** Cases listed in one annotation before "… and N more". */
const PER_ANNOTATION = 20;

/** Workflow-command escaping as @actions/core does it: a message may not hold %, CR or LF raw. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Properties (file, title) additionally may not hold `:` or `,`. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

// C0 and C1 controls (tab and newline are kept; a newline is escaped) and the Unicode line separators.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

/** A control character in a prompt or reason would drive the terminal of whoever reads the raw log. */
function plain(text: string): string {
  return text.replace(CONTROL, '\uFFFD');
}

/** The reason names the figures against the gates they broke; the bare figures only when there is none. */
function describe(c: CaseResult): string {
  // What changed (the principal finding) comes before the gates, as in every other view.
  const why = caseReason(c) || caseFigures(c);
  return why ? `${c.verdict}: ${c.id} — ${why}` : `${c.verdict}: ${c.id}`;
}

function annotationFile(file: string, workspace: string): string {
  return path.relative(workspace, path.resolve(file)).split(path.sep).join('/');
}

export function renderGithubAnnotations(
  results: RunResultsSource,
  options: GithubOptions & { env?: NodeJS.ProcessEnv } = {},
): string {
  const env = options.env ?? process.env;
  const workspace = options.workspace ?? (env.GITHUB_WORKSPACE || process.cwd());
  const groups = new Map<string, CaseResult[]>();
  const failing: CaseResult[] = [];
  for (const c of results.cases) if (c.failing) failing.push(c);
  for (const c of worstFirst(failing, VERDICTS)) {
    const key = c.location ? `${c.location.file}:${c.location.line}` : `${c.suite}/${c.case}`;
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  const see = options.reportPath ? `\nreport: ${options.reportPath}` : '';
  const lines: string[] = [];
  for (const cases of groups.values()) {
    const [first] = cases;
    if (!first) continue;
    const props: string[] = [];
    if (first.location) {
      props.push(`file=${escapeProperty(plain(annotationFile(first.location.file, workspace)))}`);
      props.push(`line=${first.location.line}`, `col=${first.location.col}`);
    }
    const title =
      cases.length === 1
        ? `seedsnap ${first.verdict}: ${first.id}`
        : `seedsnap: ${cases.length} cases of ${first.suite}/${first.case} failing`;
    props.push(`title=${escapeProperty(plain(title))}`);
    const listed = cases.slice(0, PER_ANNOTATION).map(describe);
    if (cases.length > PER_ANNOTATION) listed.push(`… and ${cases.length - PER_ANNOTATION} more`);
    lines.push(`::error ${props.join(',')}::${escapeData(plain(`${listed.join('\n')}${see}`))}`);
  }
  const notRun = results.notRun ?? [];
  if (notRun.length > 0) {
    const why = [...new Set(notRun.map((n) => n.reason))].join('; ');
    lines.push(
      `::warning title=${escapeProperty('seedsnap: cases did not run')}::${escapeData(
        plain(`${notRun.length} case(s) did not run (${why}); run them with seedsnap run --last-failed`),
      )}`,
    );
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
