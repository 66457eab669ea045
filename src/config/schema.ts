// The one source for the shape of perf.yml as users write it: its TypeScript type (RawPerfConfig),
// its JSON Schema (for editors, via `perf-action schema`) and the structure that validate.ts checks.
// Cross-field rules (open phases need a rate, SLOs name existing endpoints, …) and units are
// normalize.ts's job. Keywords starting with "x-" steer validate.ts's messages and are stripped
// from the published schema.

import { Type, type Static, type TOptional, type TSchema, type TString } from '@sinclair/typebox';
import { DURATION_EXPECTED, DURATION_PATTERN, PERCENT_EXPECTED, PERCENT_PATTERN } from './duration.js';
import * as max from './maxima.js';
import { MAX_COMPARED_PERCENTILES, PERCENTILE_EXPECTED, PERCENTILE_PATTERN } from './percentile-name.js';

export const HTTP_METHOD_KEYS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;
/** Names that end up in artifact names and comment markers: no spaces, slashes or colons. */
export const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]*$';
export const NAME_EXPECTED = 'a name of letters, digits, ".", "_" or "-" (starting with a letter or digit)';

/** `maxMs`: checked after unit conversion (validate.ts); `wholeMs`: the value must be whole milliseconds. */
const Duration = (description: string, extra: { default?: string; maxMs: number; wholeMs?: boolean }) => {
  const { maxMs, wholeMs, ...rest } = extra;
  return Type.Union([Type.String({ pattern: DURATION_PATTERN }), Type.Number({ minimum: 0, maximum: maxMs / 1000 })], {
    description: `${description} Written like "250ms", "30s", "3m", "1h", "1m30s", or a number of seconds; at most ${maxMs / 3_600_000} h${wholeMs ? ', in whole milliseconds' : ''}.`,
    'x-perf': 'duration',
    'x-expected': DURATION_EXPECTED,
    'x-max-ms': maxMs,
    ...(wholeMs ? { 'x-whole-ms': true } : {}),
    ...rest,
  });
};

const Percent = (description: string, extra: { default?: string } = {}) =>
  Type.Union([Type.String({ pattern: PERCENT_PATTERN }), Type.Number({ minimum: 0, maximum: 1 })], {
    description: `${description} Written like "99%", "99.9%", or as a fraction like 0.99.`,
    'x-perf': 'percent',
    'x-expected': PERCENT_EXPECTED,
    ...extra,
  });

const StringMap = (description: string, value: TSchema = Type.String()) =>
  Type.Record(Type.String(), value, { description });

const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean()], { 'x-expected': 'a string, number or boolean' });

const Template = (description: string) => Type.String({ description });

export const HttpSchema = Type.Object(
  {
    timeout: Type.Optional(Duration('Time allowed for one request, from its scheduled start, before it counts as a timeout error.', { default: '10s', maxMs: max.MAX_REQUEST_MS, wholeMs: true })),
    connections: Type.Optional(Type.Integer({ minimum: 1, maximum: max.MAX_CONNECTIONS, default: 64, description: 'Connections kept open to the target.' })),
    pipelining: Type.Optional(Type.Integer({ minimum: 1, maximum: max.MAX_PIPELINING, default: 1, description: 'HTTP/1.1 requests in flight per connection.' })),
    headers: Type.Optional(
      StringMap(
        'Headers sent with every request. Values from ${ENV} and the values of authorization, cookie, x-api-key and proxy-authorization are secrets: masked in logs, never stored.',
      ),
    ),
    redirects: Type.Optional(Type.Integer({ minimum: 0, maximum: max.MAX_REDIRECTS, default: 0, description: 'Redirects followed per request (0: a 3xx is the response).' })),
    http2: Type.Optional(Type.Boolean({ default: false, description: 'Use HTTP/2 (ALPN over TLS).' })),
    insecure: Type.Optional(
      Type.Boolean({
        default: false,
        description: "Accept the target's TLS certificate without verifying it (a preview with a self-signed certificate). Still encrypted, but the target is not authenticated.",
      }),
    ),

    maxBodyBytes: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: max.MAX_BODY_BYTES,
        default: 4 * 1024 * 1024,
        description: 'Bytes of a response body kept for captures and expectations (contains, json, regex); the rest is counted and discarded, and those checks judge the first maxBodyBytes. Default 4 MiB.',
      }),
    ),
  },
  { additionalProperties: false, description: 'How requests are sent.' },
);

export const PhaseSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, description: 'Phase name, for `trim: phase:<name>` and the report. Default: "phase-<n>".' })),
    duration: Duration('How long the phase lasts.', { maxMs: max.MAX_RUN_MS }),
    rate: Type.Optional(Type.Number({ minimum: 0, maximum: max.MAX_RATE, description: 'Open model: arrivals per second at the start of the phase (required in the open model).' })),
    rampTo: Type.Optional(
      Type.Number({ minimum: 0, maximum: max.MAX_RATE, description: 'Arrivals per second (open model) or virtual users (closed model) at the end of the phase; the load changes linearly. Default: no change.' }),
    ),
    vus: Type.Optional(Type.Integer({ minimum: 0, maximum: max.MAX_VUS, description: 'Closed model: virtual users at the start of the phase (required in the closed model).' })),
    rampToVus: Type.Optional(Type.Integer({ minimum: 0, maximum: max.MAX_VUS, description: 'Closed model: virtual users at the end of the phase (same as rampTo).' })),
  },
  { additionalProperties: false },
);

export const LoadSchema = Type.Object(
  {
    model: Type.Optional(
      Type.Union([Type.Literal('open'), Type.Literal('closed')], {
        default: 'open',
        description: 'open: requests arrive at a set rate whatever the server does (latency is measured from the scheduled start); closed: virtual users each wait for their response.',
      }),
    ),
    arrivals: Type.Optional(
      Type.Union([Type.Literal('constant'), Type.Literal('poisson')], { default: 'constant', description: 'Open model: evenly spaced arrivals, or a Poisson process.' }),
    ),
    maxInFlight: Type.Optional(
      Type.Integer({ minimum: 1, maximum: max.MAX_IN_FLIGHT, default: 10000, description: 'Open model: at most this many requests in flight; an arrival that finds none free is a missed send.' }),
    ),
    phases: Type.Array(PhaseSchema, { minItems: 1, description: 'Phases run one after another.' }),
  },
  { additionalProperties: false, description: 'The load: model and phases.' },
);

export const CaptureSchema = Type.Union(
  [
    Type.String({
      minLength: 1,
      description: 'Where to read the value: "$.items[0].id" (JSONPath into the JSON body), "header:Location" (a response header), or "regex:id=(\\d+)" (first group of a match on the body, or the whole match).',
    }),
    Type.Object(
      {
        json: Type.Optional(Type.String({ minLength: 1, description: 'JSONPath into the JSON body, e.g. "$.token".' })),
        header: Type.Optional(Type.String({ minLength: 1, description: 'Response header name.' })),
        regex: Type.Optional(Type.String({ minLength: 1, description: 'Regular expression matched on the body.' })),
        group: Type.Optional(Type.Integer({ minimum: 0, description: 'With regex: which group (0 is the whole match). Default: 1 if the pattern has a group, else 0.' })),
      },
      { additionalProperties: false },
    ),
  ],
  { 'x-expected': 'a capture like "$.id", "header:Location", "regex:id=(\\d+)", or a map with one of json, header, regex' },
);

const Status = Type.Integer({ minimum: 100, maximum: 599 });

export const ExpectSchema = Type.Object(
  {
    status: Type.Optional(Type.Union([Status, Type.Array(Status, { minItems: 1 })], { description: 'Expected status code, or a list of them. Default: any status below 400.', 'x-expected': 'a status code (100–599) or a list of them' })),
    headers: Type.Optional(StringMap('Response headers that must have these values (names case-insensitive).')),
    json: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'JSONPath → value the JSON body must hold there, e.g. { "$.ok": true }.' })),
    contains: Type.Optional(Type.String({ description: 'Text the body must contain.' })),
  },
  { additionalProperties: false, description: 'Checks on the response; a failed check counts as an error for this endpoint.' },
);

const methodProperties = Object.fromEntries(
  HTTP_METHOD_KEYS.map((key) => [key, Type.Optional(Template(`${key.toUpperCase()} this path (resolved against target) or absolute URL; {{ … }} templates allowed.`))]),
) as Record<(typeof HTTP_METHOD_KEYS)[number], TOptional<TString>>;

export const RequestStepSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, description: 'Endpoint name in results and the comment. Default: "METHOD path" (without the query).' })),
    type: Type.Optional(Type.Literal('http', { default: 'http', description: 'Step type; only http for now.' })),
    ...methodProperties,
    headers: Type.Optional(StringMap('Request headers; {{ … }} templates allowed.')),
    query: Type.Optional(StringMap('Query parameters added to the URL.', Scalar)),
    json: Type.Optional(Type.Unknown({ description: 'JSON request body; strings may hold {{ … }} templates.' })),
    form: Type.Optional(StringMap('URL-encoded form body.', Scalar)),
    body: Type.Optional(Type.String({ description: 'Raw request body (a template); see contentType.' })),
    contentType: Type.Optional(Type.String({ minLength: 1, description: 'Content-Type of a raw body.' })),
    capture: Type.Optional(
      Type.Record(Type.String(), CaptureSchema, {
        description: 'Variables to read from the response, for later steps as {{ name }}: "$.items[0].id" (JSONPath), "header:Location", or "regex:id=(\\d+)".',
      }),
    ),
    expect: Type.Optional(ExpectSchema),
  },
  { additionalProperties: false, description: 'A request: exactly one of get, post, put, patch, delete, head, options.' },
);

export const ThinkStepSchema = Type.Object(
  { think: Duration('Pause this long before the next step (closed model and sequences).', { maxMs: max.MAX_REQUEST_MS }) },
  { additionalProperties: false },
);

export const ScenarioSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'Scenario name.' }),
    weight: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: max.MAX_WEIGHT, default: 1, description: 'Relative share of iterations that run this scenario.' })),
    steps: Type.Array(Type.Union([RequestStepSchema, ThinkStepSchema], { 'x-expected': 'a request step (get: /path, …) or { think: 1s }' }), {
      minItems: 1,
    }),
  },
  { additionalProperties: false },
);

// After-run pushes (src/pipeline/after-run-pushes.ts). URLs are checked and made secret by
// normalize-pushes.ts, so no message ever quotes one.
const PushUrl = (description: string) => Type.String({ minLength: 1, description });
const PushTimeout = Duration('Longest a push may take, retries included; it never delays the exit by more.', { default: '10s', maxMs: max.MAX_PUSH_MS, wholeMs: true });
const NotifyEvents = Type.Array(
  Type.Union([Type.Literal('regression'), Type.Literal('slo-fail'), Type.Literal('finish')]),
  { minItems: 1, description: 'When to send: regression (a comparison failed), slo-fail (an SLO failed), finish (every run). Default: [regression, slo-fail].' },
);

export const NotifySchema = Type.Object(
  {
    on: Type.Optional(NotifyEvents),
    history: Type.Optional(Type.Integer({ minimum: 0, maximum: 30, default: 5, description: "How many of main's last p95 values (from the History) to show for context; 0 shows none." })),
    timeout: Type.Optional(PushTimeout),
    slack: Type.Optional(
      Type.Object(
        { webhook: PushUrl('Slack incoming-webhook URL, e.g. ${SLACK_WEBHOOK_URL}. A secret: masked and never written.'), on: Type.Optional(NotifyEvents) },
        { additionalProperties: false, description: 'A Slack message (Block Kit): headline, endpoint table, SLO line, links to the run and report.' },
      ),
    ),
    webhook: Type.Optional(
      Type.Object(
        {
          url: PushUrl('URL that receives the notification as JSON (POST). A secret: masked and never written.'),
          headers: Type.Optional(StringMap('Headers sent with it; values from ${ENV} and authorization-like names are secrets.')),
          on: Type.Optional(NotifyEvents),
        },
        { additionalProperties: false, description: 'A generic JSON webhook.' },
      ),
    ),
  },
  { additionalProperties: false, description: 'Notifications after the run. A failed one is a warning, never a failed run.' },
);

export const ExportsSchema = Type.Object(
  {
    loki: Type.Optional(
      Type.Object(
        {
          url: PushUrl('Loki base URL (http://loki:3100) or its push endpoint (…/loki/api/v1/push).'),
          headers: Type.Optional(StringMap('Headers sent with the push (authorization, X-Scope-OrgID); values from ${ENV} and authorization-like names are secrets.')),
          errorLines: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, default: 20, description: 'Most error lines (one per endpoint and error class) pushed with the summary.' })),
          structuredMetadata: Type.Optional(
            Type.Boolean({ default: true, description: 'Send run id, commit, app version and build id as structured metadata (Loki 2.9 with it enabled, or 3.x); false keeps them only in the line.' }),
          ),
          timeout: Type.Optional(PushTimeout),
        },
        { additionalProperties: false, description: 'One log line per run (summary and verdict as JSON) and sampled error lines, pushed to Loki.' },
      ),
    ),
  },
  { additionalProperties: false, description: 'Where results are pushed after the run. A failed push is a warning, never a failed run.' },
);

export const SloSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'SLO name, shown in the comment.' }),
    endpoints: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'Endpoint names it covers. Default: all requests.' })),
    latency: Type.Optional(
      Type.Object(
        {
          threshold: Duration('A request is good when faster than this.', { maxMs: max.MAX_REQUEST_MS }),
          objective: Percent('Share of requests that must be good.'),
        },
        { additionalProperties: false, description: 'Latency SLO: this share of requests faster than the threshold.' },
      ),
    ),
    availability: Type.Optional(Percent('Availability SLO: share of requests that must succeed.')),
    errorRatio: Type.Optional(Percent('Error-ratio SLO: largest acceptable share of failed requests.')),
  },
  { additionalProperties: false, description: 'One of latency, availability or errorRatio.' },
);

const PercentileName = Type.String({
  pattern: PERCENTILE_PATTERN,
  description: 'A percentile: p and a percentage above 0 and below 100 with at most one decimal, e.g. p50, p75, p99, p99.9 (p999 is read as p99.9).',
  'x-expected': PERCENTILE_EXPECTED,
});

export const CompareSchema = Type.Object(
  {
    percentiles: Type.Optional(
      Type.Array(PercentileName, { minItems: 1, maxItems: MAX_COMPARED_PERCENTILES, default: ['p50', 'p95', 'p99'], description: `Percentiles compared with main (at most ${MAX_COMPARED_PERCENTILES}).` }),
    ),
    tolerance: Type.Optional(
      Type.Record(PercentileName, Percent('Change of this percentile below which it is never a regression.'), {
        description:
          'Smallest change that counts, per percentile. Defaults: p50 5%, p90 10%, p95 10%, p99 15%, p99.9 25%; a percentile between two of these gets a default interpolated over its tail depth −log10(1 − q) (p75 7.2%, p99.5 18%), below p50 5%, above p99.9 25%.',
        additionalProperties: false,
        'x-key-expected': PERCENTILE_EXPECTED,
      }),
    ),
    floor: Type.Optional(Duration('A change smaller than this is never a regression.', { default: '1ms', maxMs: max.MAX_REQUEST_MS })),
    alpha: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 0.5, default: 0.01, description: 'One-sided significance level (Holm-corrected across rows).' })),
    resamples: Type.Optional(Type.Integer({ minimum: 100, maximum: max.MAX_RESAMPLES, default: 2000, description: 'Block-bootstrap resamples.' })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: max.MAX_SEED, default: 1, description: 'Seed of the bootstrap, fixed so the same data gives the same verdict.' })),
    historyWindow: Type.Optional(Type.Integer({ minimum: 1, default: 20, description: 'Main runs of history used (the history test needs at least 5).' })),
  },
  { additionalProperties: false, description: 'How a run is compared with the baseline from main.' },
);

export const AbortSchema = Type.Object(
  {
    unreachableAfter: Type.Optional(
      Duration('Stop the run (exit 3, "target unreachable") when every request answered in this long from the start failed to connect (refused, DNS, TLS, connect timeout); 0 turns it off.', {
        default: '5s',
        maxMs: max.MAX_RUN_MS,
        wholeMs: true,
      }),
    ),
    errorRatio: Type.Optional(Percent('Stop the load (exit 5) when at least this share of the requests of the last `for` failed (an error storm, like k6\'s abortOnFail).')),
    for: Type.Optional(Duration('The window errorRatio is measured over, in whole seconds.', { default: '10s', maxMs: max.MAX_RUN_MS, wholeMs: true })),
  },
  { additionalProperties: false, description: 'Rules that stop the load early; results are written and the exit code says which rule stopped it.' },
);

export const PerfYamlSchema = Type.Object(
  {
    name: Type.String({ pattern: NAME_PATTERN, 'x-expected': NAME_EXPECTED, description: 'Names the comment and the baseline artifact.' }),
    target: Type.String({ minLength: 1, description: 'Base URL of the service under test, e.g. ${PREVIEW_URL}.' }),
    labels: Type.Optional(StringMap('Free key/values (service, version, environment, …) carried into results and history.', Scalar)),
    http: Type.Optional(HttpSchema),
    load: Type.Optional(LoadSchema),
    profiles: Type.Optional(
      Type.Record(Type.String(), Type.Object({ load: LoadSchema }, { additionalProperties: false }), {
        description: 'Named load profiles (smoke, standard, full, …); the one picked with --profile replaces load.',
      }),
    ),
    trim: Type.Optional(
      Type.Union([Type.Literal('auto'), Type.String({ pattern: '^phase:.+$' }), Type.String({ pattern: DURATION_PATTERN }), Type.Number({ minimum: 0 })], {
        default: 'auto',
        description: 'Warm-up to cut before analysis: "auto" (ramp phases, then MSER-5), a duration like "45s", or "phase:<name>" (cut through the end of that phase).',
        'x-perf': 'trim',
        'x-expected': '"auto", a duration like "45s", or "phase:<name>"',
      }),
    ),
    data: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Object(
          {
            csv: Type.String({ minLength: 1, description: 'CSV file with a header row, relative to perf.yml.' }),
            order: Type.Optional(Type.Union([Type.Literal('sequential'), Type.Literal('random')], { default: 'sequential' })),
          },
          { additionalProperties: false },
        ),
        { description: 'Data feeders: rows read as {{ feeder.column }} in templates.' },
      ),
    ),
    scenarios: Type.Optional(Type.Array(ScenarioSchema, { minItems: 1, description: 'What each iteration does. Default: one GET of the target.' })),
    slo: Type.Optional(Type.Array(SloSchema, { description: 'Service level objectives checked on the steady state.' })),
    compare: Type.Optional(CompareSchema),
    abort: Type.Optional(AbortSchema),
    notify: Type.Optional(NotifySchema),
    exports: Type.Optional(ExportsSchema),
  },
  { additionalProperties: false, title: 'perf-action configuration (perf.yml)' },
);

/** perf.yml as written, before interpolation, defaults and unit conversion. */
export type RawPerfConfig = Static<typeof PerfYamlSchema>;

/** The published JSON Schema (draft 2020-12): plain JSON, without TypeBox's symbols or "x-" keywords. */
export function perfJsonSchema(): Record<string, unknown> {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) if (!key.startsWith('x-')) out[key] = strip(value);
    return out;
  };
  const body = strip(PerfYamlSchema) as Record<string, unknown>;
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...body };
}
