// The run's secret values, read off a frozen PerfConfig once: what redact.ts masks in every string the
// tool writes, and what the action hands to core.setSecret. A value counts as secret when it is
//  - the value of a secret header (http.headers or a step's headers; secret when named authorization,
//    cookie, x-api-key or proxy-authorization, or filled from ${ENV}: normalize.ts decides), unless it
//    holds a {{ template }} (then only its ${ENV} parts are known, and "Bearer " alone is no secret);
//  - the credential of a "Scheme credential" header value ("Bearer <token>", "Basic <base64>"), and for
//    Basic the decoded "user:password" and the password;
//  - an ${ENV} value interpolated into a secret header (config.environmentSecrets);
//  - the userinfo of the target or of an absolute step URL ("user:password", and the password);
//  - a query parameter named token, access_token, api_key, apikey, key, secret, password or sig
//    (step `query:` values and literal URL query strings), when it holds no template;
//  - an after-run push's settings (push-types.ts): the whole Slack and webhook URLs (a webhook URL is
//    its own credential), the Loki URL's userinfo and secret query values, and the secret header
//    values of each push (their ${ENV} values are in environmentSecrets already).
// Values shorter than MIN_SECRET_LENGTH are left out: masking "a" or "42" would mangle every message
// and number while protecting nothing worth the name. Each value is also listed in the forms it takes
// inside a JSON string or a URL (a target's error message may quote either). HTML escaping is not
// listed: the renderers are given redacted data, so escaped text never holds a secret.

import type { PerfConfig } from './types.js';

/** Shorter values are not treated as secrets (see above). */
export const MIN_SECRET_LENGTH = 4;

/** Query parameter names whose values count as secrets (compared lower-case). */
export const SECRET_QUERY_NAMES: readonly string[] = ['token', 'access_token', 'api_key', 'apikey', 'key', 'secret', 'password', 'sig'];

const SCHEME_CREDENTIAL = /^([A-Za-z][A-Za-z0-9._-]*)\s+(\S+)$/;
const USERINFO = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#@]*)@/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const cache = new WeakMap<PerfConfig, readonly string[]>();

/** The secret values of `config`, with their escaped forms, longest first; memoised per config object. */
export function secretsOf(config: PerfConfig): readonly string[] {
  let secrets = cache.get(config);
  if (secrets === undefined) {
    secrets = withEscapedForms(rawSecretsOf(config));
    cache.set(config, secrets);
  }
  return secrets;
}

/** The secret values as they are (no escaped forms), in first-seen order: what core.setSecret needs. */
export function rawSecretsOf(config: PerfConfig): string[] {
  const found = new Set<string>();
  const add = (value: string | undefined): void => {
    if (value !== undefined && value.length >= MIN_SECRET_LENGTH) found.add(value);
  };
  const secretNames = new Set(config.http.secretHeaders.map((name) => name.toLowerCase()));
  const headerValues = (headers: Readonly<Record<string, string>>): void => {
    for (const [name, value] of Object.entries(headers)) {
      if (secretNames.has(name.toLowerCase()) && !value.includes('{{')) for (const part of headerSecrets(value)) add(part);
    }
  };
  headerValues(config.http.headers);
  for (const value of config.environmentSecrets ?? []) add(value);
  for (const part of urlSecrets(config.target)) add(part);
  for (const scenario of config.scenarios) {
    for (const step of scenario.steps) {
      if (step.kind !== 'request') continue;
      headerValues(step.headers);
      for (const part of urlSecrets(step.url)) add(part);
      for (const [name, value] of Object.entries(step.query)) if (isSecretQueryName(name) && !value.includes('{{')) add(value);
    }
  }
  for (const push of [config.notify?.slack, config.notify?.webhook]) if (push !== undefined) add(push.url);
  for (const push of [config.notify?.slack, config.notify?.webhook, config.exports?.loki]) {
    if (push === undefined) continue;
    for (const part of urlSecrets(push.url)) add(part);
    const names = new Set(push.secretHeaders.map((name) => name.toLowerCase()));
    for (const [name, value] of Object.entries(push.headers)) if (names.has(name.toLowerCase())) for (const part of headerSecrets(value)) add(part);
  }
  return [...found];
}

/** A header value, its credential ("Bearer <token>"), and for Basic the decoded pair and password. */
export function headerSecrets(value: string): string[] {
  const parts = [value];
  const match = SCHEME_CREDENTIAL.exec(value.trim());
  if (match === null) return parts;
  const [, scheme, credential] = match as unknown as [string, string, string];
  parts.push(credential);
  if (scheme.toLowerCase() === 'basic' && BASE64.test(credential)) {
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    // Only a decoding that looks like "user:password" is a credential; anything else is noise.
    if (colon !== -1 && !/[\u0000-\u001f\ufffd]/.test(decoded)) parts.push(decoded, decoded.slice(colon + 1));
  }
  return parts;
}

/** Userinfo ("user:password", the password, each decoded too) and secret query values of a URL or template. */
export function urlSecrets(url: string): string[] {
  const parts: string[] = [];
  const userinfo = USERINFO.exec(url)?.[1];
  if (userinfo !== undefined && userinfo !== '' && !userinfo.includes('{{')) {
    const colon = userinfo.indexOf(':');
    const password = colon === -1 ? userinfo : userinfo.slice(colon + 1);
    parts.push(userinfo, password, safeDecode(userinfo), safeDecode(password));
  }
  const query = url.indexOf('?');
  if (query !== -1) {
    for (const pair of url.slice(query + 1).split('#')[0]!.split('&')) {
      const equals = pair.indexOf('=');
      if (equals === -1) continue;
      const value = pair.slice(equals + 1);
      if (isSecretQueryName(safeDecode(pair.slice(0, equals))) && !value.includes('{{')) parts.push(value, safeDecode(value));
    }
  }
  return parts;
}

function isSecretQueryName(name: string): boolean {
  return SECRET_QUERY_NAMES.includes(name.toLowerCase());
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Adds each value's JSON- and URL-escaped forms, and sorts longest first so a longer value is masked whole. */
function withEscapedForms(values: readonly string[]): readonly string[] {
  const all = new Set<string>();
  for (const value of values) {
    all.add(value);
    all.add(JSON.stringify(value).slice(1, -1));
    all.add(encodeURIComponent(value));
  }
  return Object.freeze([...all].sort((a, b) => b.length - a.length));
}
