// ${ENV} and ${ENV:-default} in perf.yml string values, resolved once at load time from the
// environment the edge passes in. `$${` writes a literal `${`. Keys are never interpolated, and
// `{{ … }}` templates are left for the engine. The paths of values that used a variable are kept:
// header values from the environment are treated as secrets, and a number may come from one. The
// environment values themselves are kept per path too, so a secret header's ${TOKEN} can be
// redacted on its own when a target echoes only the token (src/config/secrets.ts).

import { ProblemList, type FieldPath } from './problems.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface Interpolated {
  readonly value: unknown;
  /** JSON-encoded field paths of strings that held at least one ${…}. */
  readonly interpolatedPaths: ReadonlySet<string>;
  /** JSON-encoded field path → the environment values substituted into it (defaults left out). */
  readonly environmentValues: ReadonlyMap<string, readonly string[]>;
}

export const pathKey = (path: FieldPath): string => JSON.stringify(path);

const REFERENCE = /\$\$\{|\$\{([^}]*)\}|\$\{/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function interpolateTree(value: unknown, env: Env, problems: ProblemList): Interpolated {
  const interpolatedPaths = new Set<string>();
  const environmentValues = new Map<string, string[]>();

  function visit(node: unknown, path: (string | number)[]): unknown {
    if (typeof node === 'string') {
      if (!node.includes('${')) return node;
      const result = interpolateString(node, env, path, problems);
      if (result.usedVariable) interpolatedPaths.add(pathKey(path));
      if (result.found.length > 0) environmentValues.set(pathKey(path), result.found);
      return result.text;
    }
    if (Array.isArray(node)) return node.map((item, index) => visit(item, [...path, index]));
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node)) out[key] = visit(item, [...path, key]);
      return out;
    }
    return node;
  }

  return { value: visit(value, []), interpolatedPaths, environmentValues };
}

function interpolateString(
  text: string,
  env: Env,
  path: FieldPath,
  problems: ProblemList,
): { text: string; usedVariable: boolean; found: string[] } {
  let usedVariable = false;
  const foundValues: string[] = [];
  const out = text.replace(REFERENCE, (match: string, body: string | undefined) => {
    if (match === '$${') return '${';
    if (body === undefined) {
      problems.add(path, 'unclosed "${": write ${NAME}, ${NAME:-default}, or $${ for a literal "${"');
      return match;
    }
    const separator = body.indexOf(':-');
    const name = separator === -1 ? body : body.slice(0, separator);
    if (!NAME.test(name)) {
      problems.add(path, `"\${${body}}" is not a variable reference; expected \${NAME} or \${NAME:-default}`);
      return match;
    }
    usedVariable = true;
    const found = env[name];
    if (found !== undefined && found !== '') foundValues.push(found);
    if (separator !== -1) return found === undefined || found === '' ? body.slice(separator + 2) : found;
    if (found === undefined) {
      problems.add(path, `environment variable ${name} is not set (give it a value, or a default with \${${name}:-…})`);
      return match; // kept as written, so later checks do not report the same gap again
    }
    return found;
  });
  return { text: out, usedVariable, found: foundValues };
}
