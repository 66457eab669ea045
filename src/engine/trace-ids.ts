// W3C trace context for every request: one trace id per run (32 hex, random) and a span id per
// request (16 hex) made from a random 16-bit run prefix and a counter, so ids are unique within the
// run, never all zero, and cost one toString per request instead of a crypto call.
// The same span id is sent as x-request-id, so server logs join to the run.

import { randomBytes } from 'node:crypto';

export class TraceIds {
  readonly traceId: string;
  private readonly prefix: string;
  private readonly spanPrefix: string;
  private counter = 0;

  constructor(traceId: string = randomBytes(16).toString('hex')) {
    this.traceId = traceId;
    // A prefix in 0x1000..0xffff keeps the span id 16 hex digits and non-zero.
    this.spanPrefix = (0x1000 + (randomBytes(2).readUInt16BE(0) % 0xf000)).toString(16);
    this.prefix = `00-${traceId}-`;
  }

  /** The next span id: 4 hex prefix + 12 hex counter (2^48 requests per run). */
  nextSpanId(): string {
    this.counter++;
    const hex = this.counter.toString(16);
    return this.spanPrefix + '000000000000'.slice(hex.length) + hex;
  }

  traceparent(spanId: string): string {
    return this.prefix + spanId + '-01';
  }
}
