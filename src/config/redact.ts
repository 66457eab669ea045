// Replaces the run's secret values (secrets.ts) by "***" in text and in JSON-like values. Used where
// text from outside enters the results (the Recorder's one sample per error class) and, once per run,
// on every string the tool writes or prints. Costs one `includes` per secret when nothing matches,
// and nothing at all when the run has no secrets.

/** What a secret value is replaced by. */
export const SECRET_MASK = '***';

/**
 * Fields that the tool fills from numbers (encoded histograms, hashes, ids, timestamps, commit shas):
 * no text from outside reaches them, and a short secret could match inside a base64 histogram by
 * chance, where masking it would corrupt the histogram. redactDeep leaves their values alone.
 */
const MACHINE_FIELDS: ReadonlySet<string> = new Set(['latency', 'serviceTime', 'lag', 'lagPerSecond', 'configHash', 'runId', 'startedAt', 'endedAt', 'date', 'commit']);

/** Marks that a message was cut short after them: what precedes one may be the head of a secret. */
const CUT_MARKS = ['...', '…'];

/** `text` with every occurrence of each secret replaced by "***"; `secrets` sorted longest first. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0) return text;
  let out = text;
  for (const secret of secrets) if (secret.length > 0 && out.includes(secret)) out = out.split(secret).join(SECRET_MASK);
  return out;
}

/**
 * redactSecrets, and also the head of a secret (≥ minLength characters) right before the end of the
 * text or a "..."/"…": an error sample cut at 200 characters, or a quoted body cut at 80, may end
 * halfway through a token, and its first half is still worth hiding.
 */
export function redactCutText(text: string, secrets: readonly string[], minLength: number): string {
  if (secrets.length === 0) return text;
  let out = redactSecrets(text, secrets);
  const ends: number[] = [out.length];
  for (const mark of CUT_MARKS) for (let at = out.indexOf(mark); at !== -1; at = out.indexOf(mark, at + mark.length)) ends.push(at);
  // From the last end back, so earlier positions stay valid as the text shrinks.
  for (const end of ends.sort((a, b) => b - a)) {
    let longest = 0;
    for (const secret of secrets) {
      for (let length = Math.min(secret.length - 1, end); length >= minLength && length > longest; length--) {
        if (out.startsWith(secret.slice(0, length), end - length)) {
          longest = length;
          break;
        }
      }
    }
    if (longest > 0) out = out.slice(0, end - longest) + SECRET_MASK + out.slice(end);
  }
  return out;
}

/**
 * A copy of a JSON-like value with every string and object key redacted, except the values of
 * MACHINE_FIELDS; the value itself when there are no secrets.
 */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  return visit(value, secrets) as T;
}

function visit(node: unknown, secrets: readonly string[]): unknown {
  if (typeof node === 'string') return redactSecrets(node, secrets);
  if (Array.isArray(node)) return node.map((item) => visit(item, secrets));
  if (node !== null && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(node)) out[redactSecrets(key, secrets)] = MACHINE_FIELDS.has(key) ? item : visit(item, secrets);
    return out;
  }
  return node;
}
