/**
 * Expansion of a validated suite into cases: case × model × sweep cell × seed,
 * each with a stable, readable id and a fully resolved request.
 */
import type { Problem } from '../types/errors.js';
import type {
  CaseSpec,
  IgnoreRegion,
  ModelCapabilities,
  ModelCatalog,
  ProviderConfig,
  RequestParams,
  TolerancePatch,
  VideoModelCapabilities,
} from '../types/index.js';
import { caseId } from '../util/ids.js';
import { applyCapabilities } from './capabilities.js';
import {
  checkVideoCase,
  foldMedia,
  type KeyframeCache,
  modelsOfKind,
  promptProblem,
  videoDefaults,
} from './expand-video.js';
import { requestFingerprint } from './fingerprint.js';
import { collisionKey, segmentProblems } from './limits.js';
import { checkCapabilities, mergeLayers, type ParamLayer } from './resolve.js';
import type { SuiteParts, SuiteShape } from './salvage.js';
import { type CaseInput, paramShape, type SuiteParams } from './schema.js';
import { didYouMean } from './suggest.js';
import { sweepCells } from './sweep.js';
import { locate, type YamlSource } from './yaml-source.js';

export interface SuiteModel {
  id: string;
  label: string;
  /** What the provider knows of the model, with the suite's overrides; undefined for an unknown model. */
  capabilities: ModelCapabilities | undefined;
  /** Set for a model that makes video: its cases are video cases. */
  video?: VideoModelCapabilities;
  defaults: SuiteParams;
  tolerance: TolerancePatch;
  ignore?: IgnoreRegion[];
  index: number;
}

export interface Expansion {
  cases: CaseSpec[];
  models: SuiteModel[];
  problems: Problem[];
  warnings: Problem[];
}

const PARAM_KEYS = Object.keys(paramShape) as (keyof typeof paramShape)[];
const SAFE_LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function providerConfig(input: SuiteShape['provider']): ProviderConfig {
  return typeof input === 'string' ? { name: input } : input;
}

export interface ExpandOptions {
  source: YamlSource;
  /** The suite, or the parts of a broken one that parsed (then only the problems count). */
  parts: SuiteParts;
  /** The suite's name, the first segment of every case id. */
  name: string;
  catalog: ModelCatalog;
}

/**
 * Every case of a suite. The caller has checked how many there will be (limits.ts caseCountProblems):
 * this allocates all of them.
 */
export function expandSuite(options: ExpandOptions): Expansion {
  const { source, parts, name, catalog } = options;
  const suite = parts.suite;
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const provider = providerConfig(suite.provider);

  if (!catalog.providerNames().includes(provider.name)) {
    const hint = didYouMean(provider.name, catalog.providerNames());
    problems.push({
      code: 'SUITE_PROVIDER',
      message: `unknown provider "${provider.name}"`,
      location: locate(source, typeof suite.provider === 'string' ? ['provider'] : ['provider', 'name']),
      hint: hint ?? `use one of ${catalog.providerNames().join(', ')}`,
    });
    return { cases: [], models: [], problems, warnings };
  }

  const models = resolveModels(source, suite, provider, catalog, problems, warnings);
  const caseIds = new Map<string, number>();
  const cases: CaseSpec[] = [];
  const keyframes: KeyframeCache = new Map();

  suite.cases.forEach((input, caseIndex) => {
    if (!input) return;
    const casePath = ['cases', caseIndex];
    const idAt = locate(source, [...casePath, 'id']);
    const first = caseIds.get(collisionKey(input.id));
    if (first !== undefined) {
      const other = suite.cases[first]?.id ?? '';
      problems.push(
        other === input.id
          ? {
              code: 'SUITE_DUPLICATE_ID',
              message: `duplicate case id "${input.id}" (first used by cases[${first}])`,
              location: idAt,
              hint: 'give every case its own id; ids name baselines, so keep the one already approved',
            }
          : {
              code: 'SUITE_ID_COLLISION',
              message: `case ids "${other}" (cases[${first}]) and "${input.id}" differ only in letter case`,
              location: idAt,
              hint: 'give this case another id: on macOS and Windows both would use one baseline folder',
            },
      );
      return;
    }
    caseIds.set(collisionKey(input.id), caseIndex);
    problems.push(...segmentProblems('case id', input.id, idAt));
    const cells = sweepCells(source, input, caseIndex, problems);
    const caseModels = selectModels(source, input, caseIndex, models, parts.modelsComplete, problems);
    // A request whose layers did not all parse is not checked: its problem was reported where it is.
    const checked = parts.checkRequests && !parts.uncheckedCases.has(caseIndex);
    for (const model of caseModels) {
      for (const cell of cells) {
        const layers: ParamLayer[] = [
          { params: model.video ? videoDefaults(suite.defaults, model.video) : suite.defaults, path: ['defaults'] },
          { params: model.defaults, path: ['models', model.index, 'defaults'] },
          { params: caseParams(input), path: casePath },
          { params: cell.params, path: [...casePath, 'sweep'], origins: cell.origins },
        ].map((layer) => foldMedia(layer as ParamLayer, source, problems));
        const resolved = mergeLayers(layers);
        const check = checked && !parts.uncheckedModels.has(model.index);
        if (model.video || resolved.params.frame_images) {
          const video = checkVideoCase({
            source,
            // The prompt is the case's own key, not a layered parameter: the video checks need it too.
            resolved: {
              params: { ...resolved.params, ...(input.prompt === undefined ? {} : { prompt: input.prompt }) },
              origins: { ...resolved.origins, prompt: [...casePath, 'prompt'] },
            },
            caps: model.video,
            casePath,
            modelPath: ['models', model.index],
            cache: keyframes,
            check,
          });
          problems.push(...video.problems);
          if (video.frames) resolved.params.frame_images = video.frames;
        }
        if (!model.video && check) problems.push(...promptProblem(input, source, casePath, model.id));
        if (model.capabilities && !model.video && check) {
          problems.push(...checkCapabilities(source, resolved, model.capabilities, ['models', model.index]));
        }
        // What every seed of the cell shares is made once and shared (never changed after): a suite of
        // 10,000 seeds held 10,000 copies of each for the whole run.
        const tolerance = mergeTolerance([suite.tolerance, model.tolerance, input.tolerance ?? {}]);
        const ignore = optionalIgnore(mergeIgnore([suite.ignore, model.ignore, input.ignore]));
        const location = locate(source, casePath);
        for (const seed of input.seeds ?? suite.seeds) {
          const request = { model: model.id, prompt: input.prompt ?? '', seed, ...resolved.params };
          const sweep = cell.key ? { sweep: cell.values } : {};
          cases.push({
            id: caseId({ suite: name, case: input.id, modelLabel: model.label, cell: cell.key, seed }),
            suite: name,
            suiteFile: source.file,
            caseId: input.id,
            model: model.id,
            modelLabel: model.label,
            seed,
            ...sweep,
            request,
            fingerprint: requestFingerprint(request),
            provider,
            tolerance,
            ...ignore,
            expect: input.expect ?? 'image',
            location,
          });
        }
      }
    }
  });
  return { cases, models, problems: dedupeProblems(problems), warnings: dedupeProblems(warnings) };
}

function resolveModels(
  source: YamlSource,
  suite: SuiteShape,
  provider: ProviderConfig,
  catalog: ModelCatalog,
  problems: Problem[],
  warnings: Problem[],
): SuiteModel[] {
  const labels = new Map<string, { label: string; index: number }>();
  const models: SuiteModel[] = [];
  suite.models.forEach((entry, index) => {
    if (entry === undefined) return;
    const spec = typeof entry === 'string' ? { id: entry } : entry;
    const path = typeof entry === 'string' ? ['models', index] : ['models', index, 'id'];
    const description = catalog.describe(provider, spec.id);
    const video = description.video;
    const capabilities = applyCapabilities(
      spec.id,
      description.capabilities,
      'capabilities' in spec ? spec.capabilities : undefined,
    );
    if (!capabilities && !video) {
      const hint = didYouMean(spec.id, description.knownModels);
      const problem: Problem = {
        code: 'SUITE_MODEL',
        message: `provider "${provider.name}" does not know model "${spec.id}"`,
        location: locate(source, path),
        hint: hint ?? `known models: ${description.knownModels.join(', ')}`,
      };
      if (description.allowsUnknownModels) {
        warnings.push({
          ...problem,
          message: `${problem.message}; it runs without capability checks`,
          hint: hint ?? 'if it is a new model, describe it under capabilities: to have its requests checked',
        });
      } else {
        problems.push(problem);
        return;
      }
    }
    const label = ('label' in spec && spec.label) || spec.id.slice(spec.id.lastIndexOf('/') + 1);
    if (!SAFE_LABEL.test(label)) {
      problems.push({
        code: 'SUITE_MODEL',
        message: `model "${spec.id}" gives the label "${label}", which cannot name baselines`,
        location: locate(source, path),
        hint: 'set "label:" to letters, digits, ".", "_" and "-" (models: - id: …, label: my-model)',
      });
      return;
    }
    const previous = labels.get(collisionKey(label));
    if (previous !== undefined) {
      const same = previous.label === label;
      problems.push({
        code: same ? 'SUITE_DUPLICATE_ID' : 'SUITE_ID_COLLISION',
        message: same
          ? `two models share the label "${label}" (models[${previous.index}] and models[${index}])`
          : `model labels "${previous.label}" (models[${previous.index}]) and "${label}" differ only in letter case`,
        location: locate(source, path),
        hint: 'give one of them a distinct "label:"',
      });
      return;
    }
    labels.set(collisionKey(label), { label, index });
    const labelProblems = segmentProblems('model label', label, locate(source, path));
    if (labelProblems.length > 0) {
      problems.push(...labelProblems);
      return;
    }
    models.push({
      id: spec.id,
      label,
      capabilities,
      ...(video ? { video } : {}),
      defaults: ('defaults' in spec && spec.defaults) || {},
      tolerance: ('tolerance' in spec && spec.tolerance) || {},
      ...optionalIgnore(('ignore' in spec && spec.ignore) || undefined),
      index,
    });
  });
  return models;
}

function selectModels(
  source: YamlSource,
  input: CaseInput,
  caseIndex: number,
  models: SuiteModel[],
  modelsComplete: boolean,
  problems: Problem[],
): SuiteModel[] {
  if (!input.models) return modelsOfKind(models, input);
  const picked: SuiteModel[] = [];
  input.models.forEach((wanted, i) => {
    const model = models.find((m) => m.id === wanted || m.label === wanted);
    if (model) {
      picked.push(model);
      return;
    }
    // A model entry that did not parse may be the one named: its own problem says what is wrong.
    if (!modelsComplete) return;
    const names = models.flatMap((m) => [m.label, m.id]);
    problems.push({
      code: 'SUITE_MODEL',
      message: `case "${input.id}" names model "${wanted}", which the suite does not list`,
      location: locate(source, ['cases', caseIndex, 'models', i]),
      hint: didYouMean(wanted, names) ?? `the suite's models: ${models.map((m) => m.label).join(', ')}`,
    });
  });
  return picked;
}

function caseParams(input: CaseInput): RequestParams {
  const params: Record<string, unknown> = {};
  for (const key of PARAM_KEYS) if (input[key] !== undefined) params[key] = input[key];
  return params as RequestParams;
}

/** Later layers (suite → model → case) override earlier ones key by key; the comparator adds the defaults. */
function mergeTolerance(layers: readonly TolerancePatch[]): TolerancePatch {
  return Object.assign({}, ...layers) as TolerancePatch;
}

/** Ignore regions of every layer together: a suite-wide watermark and a case's own region both apply. */
export function mergeIgnore(layers: readonly (readonly IgnoreRegion[] | undefined)[]): IgnoreRegion[] | undefined {
  const regions = layers.flatMap((layer) => (layer ? layer.map((r) => ({ ...r })) : []));
  return regions.length > 0 ? regions : undefined;
}

function optionalIgnore(regions: IgnoreRegion[] | undefined): { ignore?: IgnoreRegion[] } {
  return regions ? { ignore: regions } : {};
}

function dedupeProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.location?.file}:${p.location?.line}:${p.location?.col}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
