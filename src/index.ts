/**
 * seedsnap's library API. The CLI is a thin layer over these same functions.
 * This file only re-exports.
 */

export { type BaselineSidecar, BaselineStore } from './baselines/store.js';
export { type CompareInput, type Comparison, compareImages, comparePixels } from './compare/compare.js';
export { ConfigError, formatProblem, ProviderError, SeedsnapError, SuiteError, UsageError } from './errors.js';
export { decodeImage } from './image/decode.js';
export { encodePng } from './image/png-encode.js';
export { type ApproveOptions, type ApproveOutcome, approveRun, idPattern } from './pipeline/approve.js';
export { type CompareRunsOptions, type CompareRunsOutcome, compareRuns } from './pipeline/compare-runs.js';
export { type DiffFilesOptions, type DiffFilesOutcome, diffImageFiles } from './pipeline/diff.js';
export { inventory, prune } from './pipeline/housekeeping.js';
export { initProject } from './pipeline/init.js';
export { type LastFailed, lastFailed } from './pipeline/last-failed.js';
export { type MergeOptions, type MergeOutcome, mergeRuns } from './pipeline/merge.js';
export { planRun, type RunPlanSummary } from './pipeline/plan.js';
export { approveCases, rejectCases } from './pipeline/review.js';
export { type ReviewServer, type ReviewServerOptions, startReviewServer } from './pipeline/review-server.js';
export { type RunOptions, type RunOutcome, runSuites } from './pipeline/run.js';
export { resolveRunDir } from './pipeline/runs.js';
export { computeSweeps } from './pipeline/sweeps.js';
export { LocalModel, LocalProvider } from './providers/local/provider.js';
export {
  defaultRegistry,
  type ProviderFactory,
  ProviderRegistry,
  registerProvider,
} from './providers/registry.js';
export type * from './report/comparison.js';
export { type GithubOptions, renderGithubAnnotations } from './report/github.js';
export { writeReports } from './report/reporters.js';
export { readResults, writeResults } from './report/results-file.js';
export { type RunningServer, type ServeOptions, startServer } from './serve/server.js';
export { CONFIG_FILES, loadProjectConfig, type ProjectConfig } from './suite/config.js';
export { configJsonSchema, type ProjectConfigInput, type ProviderDefaults } from './suite/config-schema.js';
export { requestFingerprint } from './suite/fingerprint.js';
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
export type * from './types.js';
export { VERSION } from './version.js';
