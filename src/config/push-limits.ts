// Which hosts the after-run pushes (notify:, exports:) may reach, as the workflow sets it. A pull
// request can edit perf.yml, and a push carries the run's ${ENV} values wherever perf.yml points
// it, so a workflow that limits the load's hosts (allowed-hosts) limits the pushes' hosts too: with
// allowed-hosts set, a push needs its host listed in push-hosts. Only hosts are named in messages,
// never a URL (its path may be its credential); limits.ts does the check.

import type { PerfConfig } from './types.js';

/** The push destinations of a config, by the perf.yml field that names each. */
export function pushDestinations(config: PerfConfig): { readonly field: string; readonly url: string }[] {
  return [
    ...(config.notify?.slack === undefined ? [] : [{ field: 'notify.slack.webhook', url: config.notify.slack.url }]),
    ...(config.notify?.webhook === undefined ? [] : [{ field: 'notify.webhook.url', url: config.notify.webhook.url }]),
    ...(config.exports?.loki === undefined ? [] : [{ field: 'exports.loki.url', url: config.exports.loki.url }]),
  ];
}

/**
 * The push hosts in force: `pushHosts` when given; none at all when only allowedHosts is (the
 * workflow limits where requests go); any host when neither is.
 */
export function effectivePushHosts(limits: { readonly allowedHosts?: readonly string[]; readonly pushHosts?: readonly string[] }): readonly string[] | undefined {
  return limits.pushHosts ?? (limits.allowedHosts === undefined ? undefined : []);
}
