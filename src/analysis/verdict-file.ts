// Reading verdict.json written by another run (a fork's, which is untrusted): validateVerdict checks
// a parsed value against the Verdict contract in types.ts field by field, with bounded strings and
// lists, enumerations where the reports print a value as it is (outcomes, kinds, percentile names in
// their canonical spelling), and the
// outcome rules of verdict.ts (slo, regression and overall follow from the rows), so a verdict the
// tool could not have written fails at the door with its JSON path. NaN, which JSON writes as null,
// is read back as NaN. Escaping the text is still the renderers' job.

import { canonicalPercentile, MAX_COMPARED_PERCENTILES, PERCENTILE_EXPECTED } from '../config/percentile-name.js';
import { ResultsError } from '../errors.js';
import { SHOWN_PERCENTILES } from './percentiles.js';
import { MAX_ENDPOINTS, Problems, checkDate, throwIfAny } from '../results/run-result.js';
import { VERDICT_FORMAT, VERDICT_VERSION, type Outcome, type Verdict } from './types.js';

const OUTCOMES: readonly string[] = ['pass', 'fail', 'inconclusive'];
const TRIM_RULES: readonly string[] = ['auto', 'fixed', 'phase'];
const SLO_KINDS: readonly string[] = ['latency', 'availability', 'error-ratio'];
/** Longest text field: error samples and rules are the long ones, and stay well under this. */
export const MAX_VERDICT_TEXT = 4000;
/** Most entries of a list of notes, reasons, warnings, SLO or comparison rows. */
export const MAX_VERDICT_LIST = 5 * MAX_ENDPOINTS;

type Json = Record<string, unknown>;

class VerdictChecks {
  constructor(readonly problems: Problems) {}

  text(value: unknown, path: string, optional = false): void {
    if (optional && value === undefined) return;
    if (typeof value !== 'string') this.problems.add(path, 'a string', value);
    else if (value.length > MAX_VERDICT_TEXT) this.problems.push(`${path}: ${value.length} characters, more than the ${MAX_VERDICT_TEXT} allowed`);
  }
  /** A number; `nan` admits null, which is how JSON writes NaN. */
  num(value: unknown, path: string, rule: { min?: number; max?: number; integer?: boolean; optional?: boolean; nan?: boolean } = {}): void {
    if (rule.optional && value === undefined) return;
    if (rule.nan && value === null) return;
    this.problems.number(value, path, rule);
  }
  /** A percentile name as the analysis writes it: canonical (p50, p99.9), so it is safe printed as is. */
  percentile(value: unknown, path: string): void {
    if (typeof value !== 'string' || canonicalPercentile(value) !== value) this.problems.add(path, `${PERCENTILE_EXPECTED}, in its canonical spelling`, value);
  }
  oneOf(value: unknown, path: string, allowed: readonly string[], optional = false): void {
    if (optional && value === undefined) return;
    if (typeof value !== 'string' || !allowed.includes(value)) this.problems.add(path, `one of ${allowed.join(', ')}`, value);
  }
  list(value: unknown, path: string, each: (item: unknown, path: string) => void, optional = false): unknown[] | undefined {
    if (optional && value === undefined) return undefined;
    const items = this.problems.array(value, path);
    if (!items) return undefined;
    if (items.length > MAX_VERDICT_LIST) {
      this.problems.push(`${path}: ${items.length} entries, more than the ${MAX_VERDICT_LIST} allowed`);
      return undefined;
    }
    items.forEach((item, i) => each(item, `${path}[${i}]`));
    return items;
  }
  /** An object with only the keys the contract names. */
  shape(value: unknown, path: string, keys: readonly string[], optional = false): Json | undefined {
    if (optional && value === undefined) return undefined;
    const object = this.problems.object(value, path);
    if (!object) return undefined;
    for (const key of Object.keys(object)) if (!keys.includes(key)) this.problems.push(`${path}: unexpected field ${JSON.stringify(key.slice(0, 40))}`);
    return object;
  }

  trim(value: unknown, path: string, optional = false): void {
    const trim = this.shape(value, path, ['startSec', 'endSec', 'rampSec', 'extraCutSec', 'rule', 'reason', 'warnings'], optional);
    if (!trim) return;
    for (const key of ['startSec', 'endSec', 'rampSec', 'extraCutSec']) this.num(trim[key], `${path}.${key}`, { min: 0 });
    this.oneOf(trim.rule, `${path}.rule`, TRIM_RULES);
    this.text(trim.reason, `${path}.reason`);
    this.list(trim.warnings, `${path}.warnings`, (item, p) => this.text(item, p));
  }

  endpoint(value: unknown, path: string): void {
    const stats = this.shape(value, path, ['name', 'method', 'requests', 'ratePerSec', 'errors', 'errorRatio', 'percentiles', 'maxMs', 'meanMs', 'status', 'errorClasses']);
    if (!stats) return;
    this.text(stats.name, `${path}.name`);
    this.text(stats.method, `${path}.method`, true);
    this.num(stats.requests, `${path}.requests`, { min: 0, integer: true });
    this.num(stats.errors, `${path}.errors`, { min: 0, integer: true });
    this.num(stats.ratePerSec, `${path}.ratePerSec`, { min: 0, nan: true });
    this.num(stats.errorRatio, `${path}.errorRatio`, { min: 0, max: 1, nan: true });
    this.num(stats.maxMs, `${path}.maxMs`, { min: 0, nan: true });
    this.num(stats.meanMs, `${path}.meanMs`, { min: 0, nan: true });
    const percentiles = this.problems.object(stats.percentiles, `${path}.percentiles`);
    if (percentiles) {
      const names = Object.keys(percentiles);
      for (const name of SHOWN_PERCENTILES) if (!names.includes(name)) this.problems.push(`${path}.percentiles: ${name} is missing`);
      if (names.length > SHOWN_PERCENTILES.length + MAX_COMPARED_PERCENTILES) this.problems.push(`${path}.percentiles: ${names.length} percentiles, more than the ${SHOWN_PERCENTILES.length + MAX_COMPARED_PERCENTILES} allowed`);
      for (const [name, item] of Object.entries(percentiles).slice(0, SHOWN_PERCENTILES.length + MAX_COMPARED_PERCENTILES)) {
        this.percentile(name, `${path}.percentiles (key ${JSON.stringify(name.slice(0, 20))})`);
        const estimate = this.shape(item, `${path}.percentiles.${name}`, ['valueMs', 'lowMs', 'highMs', 'enoughSamples']);
        if (!estimate) continue;
        for (const key of ['valueMs', 'lowMs', 'highMs']) this.num(estimate[key], `${path}.percentiles.${name}.${key}`, { min: 0, nan: true });
        this.problems.boolean(estimate.enoughSamples, `${path}.percentiles.${name}.enoughSamples`);
      }
    }
    const status = this.problems.object(stats.status, `${path}.status`);
    if (status) {
      for (const [code, count] of Object.entries(status)) {
        if (!/^[1-5]\d\d$/.test(code)) this.problems.push(`${path}.status: ${JSON.stringify(code.slice(0, 20))} is not an HTTP status code`);
        this.num(count, `${path}.status.${code.slice(0, 20)}`, { min: 0, integer: true });
      }
    }
    const classes = this.problems.object(stats.errorClasses, `${path}.errorClasses`);
    if (classes) {
      if (Object.keys(classes).length > 100) this.problems.push(`${path}.errorClasses: more than 100 error classes`);
      for (const [name, item] of Object.entries(classes)) {
        const at = `${path}.errorClasses[${JSON.stringify(name.slice(0, 40))}]`;
        this.text(name, `${at} (name)`);
        const entry = this.shape(item, at, ['count', 'sample']);
        if (!entry) continue;
        this.num(entry.count, `${at}.count`, { min: 0, integer: true });
        this.text(entry.sample, `${at}.sample`, true);
      }
    }
  }

  comparison(value: unknown, path: string): void {
    const row = this.shape(value, path, ['endpoint', 'metric', 'baselineMs', 'currentMs', 'ratio', 'ratioLow', 'ratioHigh', 'tolerance', 'floorMs', 'outcome', 'suspicious', 'imprecise', 'requests', 'requestsToDecide', 'improvement', 'rule', 'reason', 'history', 'bootstrap']);
    if (!row) return;
    this.text(row.endpoint, `${path}.endpoint`);
    this.percentile(row.metric, `${path}.metric`);
    for (const key of ['baselineMs', 'currentMs', 'ratio', 'ratioLow', 'ratioHigh', 'tolerance', 'floorMs']) this.num(row[key], `${path}.${key}`, { nan: true });
    this.oneOf(row.outcome, `${path}.outcome`, OUTCOMES);
    this.problems.boolean(row.suspicious, `${path}.suspicious`);
    this.problems.boolean(row.imprecise, `${path}.imprecise`);
    this.num(row.requests, `${path}.requests`, { min: 0, integer: true });
    this.num(row.requestsToDecide, `${path}.requestsToDecide`, { min: 0, integer: true, optional: true });
    this.problems.boolean(row.improvement, `${path}.improvement`);
    this.text(row.rule, `${path}.rule`);
    this.text(row.reason, `${path}.reason`, true);
    const history = this.shape(row.history, `${path}.history`, ['runs', 'outlierRuns', 'centreMs', 't', 'threshold', 'outcome'], true);
    if (history) {
      this.num(history.runs, `${path}.history.runs`, { min: 0, integer: true });
      this.num(history.outlierRuns, `${path}.history.outlierRuns`, { min: 0, integer: true });
      for (const key of ['centreMs', 't', 'threshold']) this.num(history[key], `${path}.history.${key}`, { nan: true });
      this.oneOf(history.outcome, `${path}.history.outcome`, OUTCOMES);
    }
    const bootstrap = this.shape(row.bootstrap, `${path}.bootstrap`, ['outcome', 'pValue', 'holmLevel', 'standardError', 'quantilePValue', 'tail'], true);
    if (bootstrap) {
      this.oneOf(bootstrap.outcome, `${path}.bootstrap.outcome`, OUTCOMES);
      for (const key of ['pValue', 'holmLevel', 'standardError']) this.num(bootstrap[key], `${path}.bootstrap.${key}`, { nan: true });
      this.num(bootstrap.quantilePValue, `${path}.bootstrap.quantilePValue`, { nan: true, optional: true });
      const tailKeys = ['baselineShare', 'currentShare', 'bodyShift', 'logRatio', 'standardError', 'pValue'];
      const tail = this.shape(bootstrap.tail, `${path}.bootstrap.tail`, tailKeys, true);
      if (tail) for (const key of tailKeys) this.num(tail[key], `${path}.bootstrap.tail.${key}`, { nan: true });
    }
  }

  slo(value: unknown, path: string): void {
    const row = this.shape(value, path, ['name', 'kind', 'endpoints', 'objective', 'thresholdMs', 'good', 'valid', 'sli', 'sliLow', 'sliHigh', 'designEffect', 'budgetUsed', 'burnRate', 'outcome', 'reason']);
    if (!row) return;
    this.text(row.name, `${path}.name`);
    this.oneOf(row.kind, `${path}.kind`, SLO_KINDS);
    if (row.endpoints !== 'all') this.list(row.endpoints, `${path}.endpoints`, (item, p) => this.text(item, p));
    this.num(row.objective, `${path}.objective`, { min: 0, max: 1 });
    this.num(row.thresholdMs, `${path}.thresholdMs`, { min: 0, optional: true });
    this.num(row.good, `${path}.good`, { min: 0, integer: true });
    this.num(row.valid, `${path}.valid`, { min: 0, integer: true });
    for (const key of ['sli', 'sliLow', 'sliHigh', 'designEffect', 'budgetUsed', 'burnRate']) this.num(row[key], `${path}.${key}`, { nan: true });
    this.oneOf(row.outcome, `${path}.outcome`, OUTCOMES);
    this.text(row.reason, `${path}.reason`, true);
  }
}

const TOP_KEYS = ['format', 'version', 'overall', 'slo', 'regression', 'headline', 'configName', 'profile', 'trim', 'current', 'baseline', 'endpoints', 'total', 'baselineEndpoints', 'comparisons', 'slos', 'changePoints', 'validity', 'method', 'notes'];

/** The outcome of a list of rows, as verdict.ts combines them. */
function combined(rows: readonly unknown[], emptyMeans: Outcome): Outcome {
  const outcomes = rows.map((row) => (row as { outcome?: unknown }).outcome);
  if (outcomes.length === 0) return emptyMeans;
  if (outcomes.includes('fail')) return 'fail';
  return outcomes.every((outcome) => outcome === 'pass') ? 'pass' : 'inconclusive';
}

function nullToNaN(value: unknown): unknown {
  if (value === null) return Number.NaN;
  if (Array.isArray(value)) return value.map(nullToNaN);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as Json).map(([key, item]) => [key, nullToNaN(item)]));
  return value;
}

/** Returns the value typed as a Verdict (NaN restored), or throws a ResultsError listing every problem. */
export function validateVerdict(value: unknown, source: string): Verdict {
  const problems = new Problems();
  const check = new VerdictChecks(problems);
  const root = check.shape(value, '$', TOP_KEYS);
  if (!root) throw new ResultsError(`${source}: not a perf-action verdict file`, problems.list);
  if (root.format !== VERDICT_FORMAT) throw new ResultsError(`${source}: not a perf-action verdict file ($.format is ${JSON.stringify(root.format)?.slice(0, 60)}, expected "${VERDICT_FORMAT}")`);
  if (root.version !== VERDICT_VERSION) throw new ResultsError(`${source}: verdict format version ${JSON.stringify(root.version)?.slice(0, 20)} is not supported (this version reads ${VERDICT_VERSION})`);
  for (const key of ['overall', 'slo', 'regression']) check.oneOf(root[key], `$.${key}`, OUTCOMES);
  check.text(root.headline, '$.headline');
  check.text(root.configName, '$.configName');
  check.text(root.profile, '$.profile', true);
  const trim = check.shape(root.trim, '$.trim', ['current', 'baseline']);
  if (trim) {
    check.trim(trim.current, '$.trim.current');
    check.trim(trim.baseline, '$.trim.baseline', true);
  }
  const current = check.shape(root.current, '$.current', ['runId', 'commit', 'steadySeconds']);
  if (current) {
    check.text(current.runId, '$.current.runId');
    check.text(current.commit, '$.current.commit', true);
    check.num(current.steadySeconds, '$.current.steadySeconds', { min: 0 });
  }
  const baseline = check.shape(root.baseline, '$.baseline', ['runId', 'commit', 'ref', 'startedAt', 'historyRuns', 'source', 'origin'], true);
  if (baseline) {
    check.text(baseline.runId, '$.baseline.runId');
    check.text(baseline.commit, '$.baseline.commit', true);
    check.text(baseline.ref, '$.baseline.ref', true);
    checkDate(problems, baseline.startedAt, '$.baseline.startedAt');
    check.num(baseline.historyRuns, '$.baseline.historyRuns', { min: 0, integer: true });
    check.text(baseline.source, '$.baseline.source', true);
    const origin = check.shape(baseline.origin, '$.baseline.origin', ['workflow', 'runId', 'runNumber', 'event', 'commit', 'createdAt', 'url'], true);
    if (origin) {
      check.text(origin.workflow, '$.baseline.origin.workflow');
      check.num(origin.runId, '$.baseline.origin.runId', { min: 1, integer: true });
      check.num(origin.runNumber, '$.baseline.origin.runNumber', { min: 1, integer: true, optional: true });
      check.text(origin.event, '$.baseline.origin.event');
      check.text(origin.commit, '$.baseline.origin.commit');
      checkDate(problems, origin.createdAt, '$.baseline.origin.createdAt');
      check.text(origin.url, '$.baseline.origin.url', true);
    }
  }
  const endpoints = check.list(root.endpoints, '$.endpoints', (item, p) => check.endpoint(item, p));
  if (endpoints && endpoints.length > MAX_ENDPOINTS + 1) problems.push(`$.endpoints: more than ${MAX_ENDPOINTS} endpoints`);
  check.endpoint(root.total, '$.total');
  check.list(root.baselineEndpoints, '$.baselineEndpoints', (item, p) => check.endpoint(item, p), true);
  const comparisons = check.list(root.comparisons, '$.comparisons', (item, p) => check.comparison(item, p));
  const slos = check.list(root.slos, '$.slos', (item, p) => check.slo(item, p));
  check.list(root.changePoints, '$.changePoints', (item, p) => {
    const point = check.shape(item, p, ['commit', 'date', 'endpoint', 'metric', 'ratio']);
    if (!point) return;
    check.text(point.commit, `${p}.commit`);
    checkDate(problems, point.date, `${p}.date`);
    check.text(point.endpoint, `${p}.endpoint`);
    check.percentile(point.metric, `${p}.metric`);
    check.num(point.ratio, `${p}.ratio`, { nan: true });
  });
  const validity = check.shape(root.validity, '$.validity', ['generatorSaturated', 'lagP99Ms', 'missedSends', 'achievedRate', 'plannedRate', 'reasons']);
  if (validity) {
    problems.boolean(validity.generatorSaturated, '$.validity.generatorSaturated');
    check.num(validity.lagP99Ms, '$.validity.lagP99Ms', { min: 0, nan: true });
    check.num(validity.missedSends, '$.validity.missedSends', { min: 0, integer: true });
    check.num(validity.achievedRate, '$.validity.achievedRate', { min: 0, nan: true });
    check.num(validity.plannedRate, '$.validity.plannedRate', { min: 0, optional: true, nan: true });
    check.list(validity.reasons, '$.validity.reasons', (item, p) => check.text(item, p));
  }
  const method = check.shape(root.method, '$.method', ['resamples', 'alpha', 'blockSeconds', 'seed', 'holmRows']);
  if (method) for (const key of ['resamples', 'alpha', 'blockSeconds', 'seed', 'holmRows']) check.num(method[key], `$.method.${key}`, { min: 0 });
  check.list(root.notes, '$.notes', (item, p) => check.text(item, p));

  // The outcomes follow from the rows, as verdict.ts derives them: a verdict that says otherwise was edited.
  if (problems.count === 0 && comparisons && slos) {
    const slo = combined(slos, 'pass');
    const regression = combined(comparisons, 'inconclusive');
    const overall = slo === 'fail' || regression === 'fail' ? 'fail' : slo === 'pass' && regression === 'pass' ? 'pass' : 'inconclusive';
    if (root.slo !== slo) problems.push(`$.slo: ${JSON.stringify(root.slo)}, but its SLO rows make it "${slo}"`);
    if (root.regression !== regression) problems.push(`$.regression: ${JSON.stringify(root.regression)}, but its comparison rows make it "${regression}"`);
    if (root.overall !== overall) problems.push(`$.overall: ${JSON.stringify(root.overall)}, but slo and regression make it "${overall}"`);
  }
  throwIfAny(problems, source, 'verdict');
  return nullToNaN(value) as Verdict;
}
