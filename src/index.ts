/**
 * seedsnap's library API. The CLI is a thin layer over these same functions.
 * This file only re-exports.
 */

export { inventory, prune } from './baselines/housekeeping.js';
export type { BaselineSidecar } from './baselines/sidecar.js';
export { BaselineStore } from './baselines/store.js';
export {
  type CompareInput,
  type Comparison,
  compareImages,
  comparePixels,
  type DiffImage,
} from './compare/compare.js';
export { ComparePool, type ComparePoolOptions } from './compare/compare-pool.js';
export { type DiffFilesOptions, type DiffFilesOutcome, diffImageFiles } from './compare/diff-files.js';
export { computeSweeps } from './compare/sweeps.js';
export { DEFAULT_TOLERANCE, resolveTolerance } from './compare/tolerance.js';
export { decodeImage } from './image/decode.js';
export { encodePng } from './image/png-encode.js';
export { LocalModel, LocalProvider } from './providers/local/provider.js';
export {
  defaultRegistry,
  type ProviderFactory,
  ProviderRegistry,
  registerProvider,
} from './providers/registry.js';
export { type GithubOptions, renderGithubAnnotations } from './report/github.js';
export { writeReports } from './report/reporters.js';
export { readResults, writeResults } from './report/results-file.js';
export { type ReviewServer, type ReviewServerOptions, startReviewServer } from './review/server.js';
export { planRun, type RunPlanSummary } from './runner/plan.js';
export { type RunOptions, type RunOutcome, runSuites } from './runner/run.js';
export { type ApproveOptions, type ApproveOutcome, approveRun, idPattern } from './runs/approve.js';
export { type CompareRunsOptions, type CompareRunsOutcome, compareRuns } from './runs/compare-runs.js';
export { approveCases, rejectCases } from './runs/decisions.js';
export { resolveRunDir } from './runs/find.js';
export { type LastFailed, lastFailed } from './runs/last-failed.js';
export { type MergeOptions, type MergeOutcome, mergeRuns } from './runs/merge.js';
export { type RunningServer, type ServeOptions, startServer } from './serve/server.js';
export { CONFIG_FILES, loadProjectConfig, type ProjectConfig } from './suite/config.js';
export { configJsonSchema, type ProjectConfigInput } from './suite/config-schema.js';
export { requestFingerprint } from './suite/fingerprint.js';
export { initProject } from './suite/init.js';
export { type LoadedSuite, loadSuiteFile, loadSuiteFiles, loadSuiteText } from './suite/load.js';
export {
  findConfigFile,
  findProjectRoot,
  type Project,
  projectSuites,
  type ResolveProjectOptions,
  resolveProject,
} from './suite/project.js';
export { suiteJsonSchema } from './suite/schema.js';
export { ConfigError, ProviderError, SeedsnapError, SuiteError, UsageError } from './types/errors.js';
export type * from './types/index.js';
export { formatProblem } from './util/format-problem.js';
export { VERSION } from './util/version.js';
