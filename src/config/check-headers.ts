// Header names and values from perf.yml, checked once after ${ENV} interpolation: a name must be an
// HTTP token and a value may not hold CR, LF or NUL, since undici would refuse every request (or,
// worse, a value from the environment could smuggle a second header in). Keys are never
// interpolated, so a ${VAR} in a name gets its own hint. {{ … }} templates are rendered per request
// and checked there.

import { ProblemList, type FieldPath } from './problems.js';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const FORBIDDEN_IN_VALUE = /[\r\n\0]/;

export function checkHeaders(headers: Readonly<Record<string, unknown>>, path: FieldPath, problems: ProblemList): void {
  for (const [name, value] of Object.entries(headers)) {
    if (name.includes('${')) {
      problems.add([...path, name], 'a header name is used as written (${…} is interpolated only in values); put the variable in the value', true);
    } else if (!TOKEN.test(name)) {
      problems.add([...path, name], `expected a header name of letters, digits and !#$%&'*+.^_\`|~-, got ${JSON.stringify(name).slice(0, 60)}`, true);
    }
    if (typeof value === 'string' && FORBIDDEN_IN_VALUE.test(value)) {
      problems.add([...path, name], 'a header value may not hold a line break (CR, LF) or NUL');
    }
  }
}
