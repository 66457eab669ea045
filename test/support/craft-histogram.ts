// Hand-made encoded histograms for tests of the results reader: the V2 compressed frame that
// hdr-histogram-js writes, with any header (value range, precision) and any bucket counts, including
// ones the tool could never write (a 2^32 + 5 count, another precision, counts past the buckets).
import { deflateSync } from 'node:zlib';
import { HISTOGRAM_DIGITS, HISTOGRAM_HIGHEST_US, HISTOGRAM_LOWEST_US } from '../../src/results/histogram.js';

export interface CraftedHistogram {
  readonly lowest?: number;
  readonly highest?: number;
  readonly digits?: number;
  /** Bucket index → count; indexes in between are written as runs of zeros. */
  readonly counts: readonly (readonly [index: number, count: number])[];
}

function zigzag(value: number, out: number[]): void {
  let v = value >= 0 ? value * 2 : -value * 2 - 1;
  for (let i = 0; i < 9; i++) {
    const byte = v % 128;
    v = Math.floor(v / 128);
    if (v === 0) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

export function craftHistogram(spec: CraftedHistogram): string {
  const payload: number[] = [];
  let at = 0;
  for (const [index, count] of spec.counts) {
    if (index > at) zigzag(-(index - at), payload);
    zigzag(count, payload);
    at = index + 1;
  }
  const header = Buffer.alloc(40);
  header.writeInt32BE(0x1c849303 | 0x10, 0);
  header.writeInt32BE(payload.length, 4);
  header.writeInt32BE(1, 8); // as hdr-histogram-js writes it
  header.writeInt32BE(spec.digits ?? HISTOGRAM_DIGITS, 12);
  header.writeBigInt64BE(BigInt(spec.lowest ?? HISTOGRAM_LOWEST_US), 16);
  header.writeBigInt64BE(BigInt(spec.highest ?? HISTOGRAM_HIGHEST_US), 24);
  header.writeBigInt64BE(1n, 32); // the conversion ratio, written as the integer 1
  const compressed = deflateSync(Buffer.concat([header, Buffer.from(payload)]));
  const frame = Buffer.alloc(8);
  frame.writeInt32BE(0x1c849304 | 0x10, 0);
  frame.writeInt32BE(compressed.length, 4);
  return Buffer.concat([frame, compressed]).toString('base64');
}
