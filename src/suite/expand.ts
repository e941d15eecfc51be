/**
 * Expansion of a validated suite into cases: case × model × sweep cell × seed,
 * each with a stable, readable id and a fully resolved request.
 */
import type { Problem } from '../errors.js';
import type {
  CaseSpec,
  IgnoreRegion,
  ModelCapabilities,
  ModelCatalog,
  ProviderConfig,
  RequestParamName,
  RequestParams,
  SweepValue,
  Tolerance,
} from '../types.js';
import { applyCapabilities } from './capabilities.js';
import { requestFingerprint } from './fingerprint.js';
import { checkCapabilities, mergeLayers, type ParamLayer } from './resolve.js';
import {
  type CaseInput,
  DEFAULT_TOLERANCE,
  paramShape,
  type SuiteInput,
  type SuiteParams,
  SWEEPABLE,
  TOLERANCE_GATES,
  type TolerancePatch,
} from './schema.js';
import { didYouMean } from './suggest.js';
import { locate, type YamlSource } from './yaml-source.js';

export interface SuiteModel {
  id: string;
  label: string;
  /** What the provider knows of the model, with the suite's overrides; undefined for an unknown model. */
  capabilities: ModelCapabilities | undefined;
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

export function providerConfig(input: SuiteInput['provider']): ProviderConfig {
  if (typeof input === 'string') return { name: input, options: {} };
  const { name, ...options } = input;
  return { name, options };
}

export function expandSuite(source: YamlSource, suite: SuiteInput, name: string, catalog: ModelCatalog): Expansion {
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

  suite.cases.forEach((input, caseIndex) => {
    const casePath = ['cases', caseIndex];
    const first = caseIds.get(input.id);
    if (first !== undefined) {
      problems.push({
        code: 'SUITE_DUPLICATE_ID',
        message: `duplicate case id "${input.id}" (first used by cases[${first}])`,
        location: locate(source, [...casePath, 'id']),
        hint: 'give every case its own id; ids name baselines, so keep the one already approved',
      });
      return;
    }
    caseIds.set(input.id, caseIndex);
    const cells = sweepCells(source, input, caseIndex, problems);
    const caseModels = selectModels(source, input, caseIndex, models, problems);
    for (const model of caseModels) {
      for (const cell of cells) {
        const layers: ParamLayer[] = [
          { params: suite.defaults, path: ['defaults'] },
          { params: model.defaults, path: ['models', model.index, 'defaults'] },
          { params: caseParams(input), path: casePath },
          { params: cell.params, path: [...casePath, 'sweep'], origins: cell.origins },
        ];
        const resolved = mergeLayers(layers);
        if (model.capabilities) {
          problems.push(...checkCapabilities(source, resolved, model.capabilities, ['models', model.index]));
        }
        for (const seed of input.seeds ?? suite.seeds) {
          const request = { model: model.id, prompt: input.prompt, seed, ...resolved.params };
          const sweep = cell.key ? { sweep: cell.values } : {};
          cases.push({
            id: [name, input.id, model.label, ...(cell.key ? [cell.key] : []), `seed=${seed}`].join('/'),
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
            tolerance: mergeTolerance([suite.tolerance, model.tolerance, input.tolerance ?? {}]),
            ...optionalIgnore(mergeIgnore([suite.ignore, model.ignore, input.ignore])),
            expect: input.expect ?? 'image',
            location: locate(source, casePath),
          });
        }
      }
    }
  });
  return { cases, models, problems: dedupeProblems(problems), warnings: dedupeProblems(warnings) };
}

function resolveModels(
  source: YamlSource,
  suite: SuiteInput,
  provider: ProviderConfig,
  catalog: ModelCatalog,
  problems: Problem[],
  warnings: Problem[],
): SuiteModel[] {
  const labels = new Map<string, number>();
  const models: SuiteModel[] = [];
  suite.models.forEach((entry, index) => {
    const spec = typeof entry === 'string' ? { id: entry } : entry;
    const path = typeof entry === 'string' ? ['models', index] : ['models', index, 'id'];
    const description = catalog.describe(provider, spec.id);
    const capabilities = applyCapabilities(
      spec.id,
      description.capabilities,
      'capabilities' in spec ? spec.capabilities : undefined,
    );
    if (!capabilities) {
      const hint = didYouMean(spec.id, description.knownModels);
      const problem: Problem = {
        code: 'SUITE_MODEL',
        message: `provider "${provider.name}" does not know model "${spec.id}"`,
        location: locate(source, path),
        hint: hint ?? `known models: ${description.knownModels.join(', ')}`,
      };
      if (description.allowsUnknownModels) {
        warnings.push({ ...problem, message: `${problem.message}; it runs without capability checks` });
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
    const previous = labels.get(label);
    if (previous !== undefined) {
      problems.push({
        code: 'SUITE_DUPLICATE_ID',
        message: `two models share the label "${label}" (models[${previous}] and models[${index}])`,
        location: locate(source, path),
        hint: 'give one of them a distinct "label:"',
      });
      return;
    }
    labels.set(label, index);
    models.push({
      id: spec.id,
      label,
      capabilities,
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
  problems: Problem[],
): SuiteModel[] {
  if (!input.models) return models;
  const picked: SuiteModel[] = [];
  input.models.forEach((wanted, i) => {
    const model = models.find((m) => m.id === wanted || m.label === wanted);
    if (model) {
      picked.push(model);
      return;
    }
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

interface SweepCell {
  key: string;
  values: Record<string, SweepValue>;
  params: RequestParams;
  origins: Partial<Record<RequestParamName, (string | number)[]>>;
}

function sweepCells(source: YamlSource, input: CaseInput, caseIndex: number, problems: Problem[]): SweepCell[] {
  const base: SweepCell = { key: '', values: {}, params: {}, origins: {} };
  if (!input.sweep) return [base];
  let cells: SweepCell[] = [base];
  for (const [param, values] of Object.entries(input.sweep)) {
    const path = ['cases', caseIndex, 'sweep', param];
    if (!(SWEEPABLE as readonly string[]).includes(param)) {
      problems.push({
        code: 'SUITE_SWEEP',
        message: `"${param}" cannot be swept`,
        location: locate(source, path, { key: true }),
        hint: didYouMean(param, SWEEPABLE) ?? `sweep one of ${SWEEPABLE.join(', ')}; seeds go under seeds:`,
      });
      continue;
    }
    const schema = paramShape[param as keyof typeof paramShape];
    const seen = new Set<string>();
    values.forEach((value, i) => {
      const check = schema.safeParse(value);
      if (!check.success) {
        problems.push({
          code: 'SUITE_SWEEP',
          message: `sweep value ${JSON.stringify(value)} for ${param}: ${check.error.issues[0]?.message ?? 'invalid'}`,
          location: locate(source, [...path, i]),
          hint: 'every sweep value must be a valid value of its parameter',
        });
      }
      if (seen.has(String(value))) {
        problems.push({
          code: 'SUITE_SWEEP',
          message: `sweep value ${JSON.stringify(value)} appears twice in ${param}`,
          location: locate(source, [...path, i]),
          hint: 'remove the repeated value (it would give two cases with one id)',
        });
      }
      seen.add(String(value));
    });
    cells = cells.flatMap((cell) =>
      values.map((value, i) => ({
        key: `${cell.key ? `${cell.key},` : ''}${param}=${idValue(value)}`,
        values: { ...cell.values, [param]: value },
        params: { ...cell.params, [param]: value },
        origins: { ...cell.origins, [param]: [...path, i] },
      })),
    );
  }
  return cells;
}

/** A sweep value as it appears in a case id: characters that structure ids are escaped. */
function idValue(value: SweepValue): string {
  return String(value).replace(/[%/#,=]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Later layers (suite → model → case) override earlier ones key by key. The default gates apply only
 * when no layer sets any gate: a gate the user sets replaces all of them, it does not add to them, so
 * `min_ssim: 0.9` alone means "SSIM decides", not "SSIM and the default pixel ratio".
 */
export function mergeTolerance(layers: readonly TolerancePatch[]): Tolerance {
  const merged: TolerancePatch = {};
  for (const layer of layers) Object.assign(merged, layer);
  const hasGate = setsGate(merged);
  const tolerance: Tolerance = {
    threshold: merged.threshold ?? DEFAULT_TOLERANCE.threshold,
    include_aa: merged.include_aa ?? DEFAULT_TOLERANCE.include_aa,
  };
  const gates: Partial<Record<(typeof TOLERANCE_GATES)[number], number>> = hasGate ? merged : DEFAULT_TOLERANCE;
  for (const gate of TOLERANCE_GATES) {
    const value = gates[gate];
    if (value !== undefined) tolerance[gate] = value;
  }
  return tolerance;
}

export function setsGate(patch: TolerancePatch): boolean {
  return TOLERANCE_GATES.some((gate) => patch[gate] !== undefined);
}

/** The tolerance of a suite that sets none (what `seedsnap diff` judges by). */
export function defaultTolerance(): Tolerance {
  return mergeTolerance([]);
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
