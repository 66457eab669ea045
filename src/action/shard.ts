// A shard's share of the load: open-model rates divided by the shard count, closed-model virtual
// users split with the remainder going to the lowest indexes, so the shards together run the plan.
// Merging their results is results/merge.ts's job.

import type { PerfConfig, Phase } from '../config/types.js';

export function shardConfig(config: PerfConfig, shardIndex: number, shardCount: number): PerfConfig {
  const share = (vus: number | undefined): number | undefined =>
    vus === undefined ? undefined : Math.floor(vus / shardCount) + (shardIndex < vus % shardCount ? 1 : 0);
  const phases = config.load.phases.map((phase): Phase => {
    if (config.load.model === 'open') {
      return {
        ...phase,
        ...(phase.rate === undefined ? {} : { rate: phase.rate / shardCount }),
        ...(phase.rampTo === undefined ? {} : { rampTo: phase.rampTo / shardCount }),
      };
    }
    const vus = share(phase.vus);
    const rampToVus = share(phase.rampToVus);
    return { ...phase, ...(vus === undefined ? {} : { vus }), ...(rampToVus === undefined ? {} : { rampToVus }) };
  });
  return Object.freeze({
    ...config,
    load: Object.freeze({ ...config.load, phases: Object.freeze(phases), maxInFlight: Math.max(1, Math.ceil(config.load.maxInFlight / shardCount)) }),
    labels: Object.freeze({ ...config.labels, shard: `${shardIndex + 1}/${shardCount}` }),
  });
}

export function shardArtifactName(config: PerfConfig, shardIndex: number): string {
  const part = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_');
  return `perf-shard-${part(config.name)}${config.profile === undefined ? '' : `-${part(config.profile)}`}-${shardIndex}`;
}
