// The engine's view of a compiled scenario plan: what the request loop needs from
// src/engine/scenario/compile.ts (templates, captures, expectations, feeders live there). Declared here
// structurally so the scheduler, client and recorder depend on this seam, not on how steps compile.

/** Seeded uniform source; `next()` is in [0, 1). */
export interface PlanRng {
  next(): number;
}

/** Per virtual user / iteration variables (captures, feeder rows). */
export interface PlanScope {
  beginIteration(rng: PlanRng): void;
}

export interface BuiltRequest {
  /** Path and query, or an absolute URL when the step names another origin. */
  readonly path: string;
  readonly origin: string;
  /** Flat [name, value, …] as undici's dispatch accepts, or a record. */
  readonly headers: readonly string[] | Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

export interface PlanResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export interface CompiledRequestStep {
  readonly kind: 'request';
  readonly endpointIndex: number;
  readonly name: string;
  readonly method: string;
  /** When false the body is discarded unbuffered. */
  readonly needsBody: boolean;
  /** A static step returns the same BuiltRequest every time. */
  readonly isStatic: boolean;
  /** Whether the step has an expected status (then 4xx/5xx are judged by afterResponse, not by class). */
  readonly expectsStatus?: boolean;
  build(scope: PlanScope, rng: PlanRng): BuiltRequest;
  /** Captures and expectations; a message when the response fails them, else null. */
  afterResponse(scope: PlanScope, response: PlanResponse): string | null;
}

export interface CompiledThinkStep {
  readonly kind: 'think';
  readonly durationMs: number;
}

export type CompiledStep = CompiledRequestStep | CompiledThinkStep;

export interface CompiledScenario {
  readonly name: string;
  readonly steps: readonly CompiledStep[];
}

export interface EnginePlan {
  readonly scenarios: readonly CompiledScenario[];
  pickScenario(rng: PlanRng): CompiledScenario;
  /** Unique endpoint names; a request step's endpointIndex points here. */
  readonly endpoints: readonly string[];
  /** Method per endpoint where one method serves it (for results). */
  readonly methods?: readonly (string | undefined)[];
  /** A fresh scope for one virtual user or open-model iteration. */
  newScope(): PlanScope;
}
