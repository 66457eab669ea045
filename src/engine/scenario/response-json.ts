// The response as captures and expectations read it, and the one JSON parse they share: a step's
// captures and expectations ask a ResponseJson for the body's value, and the body is parsed at most
// once per response, and only if one of them needs JSON. Also the JSON comparison and the short,
// quoted rendering of values used in failure messages.

/** What captures and expectations read; header names are lower-case (as undici parses them). */
export interface ScenarioResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** Parses a body once. Reuse one per step: call forget() when a new response arrives. */
export class ResponseJson {
  private parsed = false;
  private value: unknown = undefined;
  private failure: string | undefined = undefined;

  forget(): void {
    this.parsed = false;
    this.value = undefined;
    this.failure = undefined;
  }

  /** The parsed body; undefined with problem() set when the body is not JSON. */
  read(body: string): unknown {
    if (!this.parsed) {
      this.parsed = true;
      try {
        this.value = JSON.parse(body);
      } catch (error) {
        this.failure = body === '' ? 'the response body is empty, not JSON' : `the response body is not JSON (${(error as Error).message.slice(0, 80)})`;
      }
    }
    return this.value;
  }

  /** Why the last read() found no JSON, or undefined when it did. */
  problem(): string | undefined {
    return this.failure;
  }
}

/** The first value of a header (names compared lower-case), or undefined. */
export function headerValue(headers: ScenarioResponse['headers'], lowerCaseName: string): string | undefined {
  const value = headers[lowerCaseName];
  return Array.isArray(value) ? value[0] : value;
}

/** Deep equality of JSON values: same type, same members; numbers by value (1 and 1.0 are equal). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, index) => jsonEqual(item, other[index]));
  }
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  return aKeys.length === Object.keys(b).length && aKeys.every((key) => Object.hasOwn(bRecord, key) && jsonEqual((a as Record<string, unknown>)[key], bRecord[key]));
}

/** A value as JSON, cut to 80 characters, for messages (response text is data: reports escape it). */
export function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
