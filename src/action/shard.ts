// A shard's share of the load: open-model rates divided by the shard count, closed-model virtual
// users split with the remainder going to the lowest indexes, so the shards together run the plan;
// and its share of max-rate, so the shards together stay under the cap. Merging their results is
// results/merge.ts's job.

import type { RunLimits } from '../config/limits.js';
import type { PerfConfig, Phase } from '../config/types.js';

/** The limits one shard's engine enforces: the same hosts and duration, 1/shardCount of max-rate. */
export function shardLimits(limits: RunLimits, shardCount: number): RunLimits {
  return limits.maxRate === undefined ? limits : { ...limits, maxRate: limits.maxRate / shardCount };
}

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
