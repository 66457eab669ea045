// Preloaded (node --import) into a bundle run that must load a preview domain from a test: like a
// hosts-file entry, it answers every name under PERF_TEST_LOOPBACK_DOMAIN with 127.0.0.1 and
// refuses every other name that is not localhost, so the run keeps its allowed-hosts limit as
// written and still sends nothing off this machine.
import dns from 'node:dns';

const domain = process.env.PERF_TEST_LOOPBACK_DOMAIN;
if (domain === undefined || domain === '') throw new Error('PERF_TEST_LOOPBACK_DOMAIN is not set');
const suffix = `.${domain}`;

function answer(host, options) {
  if (host === 'localhost' || host.endsWith(suffix)) return { address: '127.0.0.1', family: 4 };
  return undefined;
}

dns.lookup = function lookup(host, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  }
  const found = answer(String(host), options);
  if (found === undefined) {
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host} (only ${domain} names resolve in this test)`), { code: 'ENOTFOUND', hostname: host });
    return process.nextTick(callback, error);
  }
  const all = typeof options === 'object' && options !== null && options.all === true;
  return all ? process.nextTick(callback, null, [found]) : process.nextTick(callback, null, found.address, found.family);
};
dns.promises.lookup = async (host, options) => {
  const found = answer(String(host), options);
  if (found === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', hostname: host });
  return typeof options === 'object' && options?.all === true ? [found] : found;
};
