// HDR histograms as every stage uses them: one construction (µs, 1 µs to 1 h, 3 significant digits),
// compressed base64 encoding for results.json, and the merge that shards, re-trims and baselines
// all go through. Nothing else in the code builds or decodes a histogram directly.

import { inflateSync } from 'node:zlib';
import * as hdr from 'hdr-histogram-js';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export type Histogram = hdr.Histogram;

/** 1 µs to 1 h in µs: anything slower than an hour is clamped to an hour. */
export const HISTOGRAM_LOWEST_US = 1;
export const HISTOGRAM_HIGHEST_US = 3_600_000_000;
export const HISTOGRAM_DIGITS = 3;

export function createHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: false,
    lowestDiscernibleValue: HISTOGRAM_LOWEST_US,
    highestTrackableValue: HISTOGRAM_HIGHEST_US,
    numberOfSignificantValueDigits: HISTOGRAM_DIGITS,
    useWebAssembly: false,
  });
}

/** Records a value in µs, clamped into the trackable range so a wild value never throws. */
export function recordMicros(histogram: Histogram, micros: number): void {
  const value = micros < HISTOGRAM_LOWEST_US ? HISTOGRAM_LOWEST_US : micros > HISTOGRAM_HIGHEST_US ? HISTOGRAM_HIGHEST_US : micros;
  histogram.recordValue(Math.round(value));
}

export function encodeHistogram(histogram: Histogram): string | null {
  return histogram.totalCount === 0 ? null : hdr.encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(encoded: string): Histogram {
  return hdr.decodeFromCompressedBase64(encoded, 32, false);
}

/** Adds every encoded histogram into one new histogram (nulls are empty seconds). */
export function mergeEncoded(encoded: Iterable<string | null>): Histogram {
  const merged = createHistogram();
  for (const item of encoded) {
    if (item !== null) merged.add(decodeHistogram(item));
  }
  return merged;
}

/** Value at a percentile (0–100) in µs; NaN for an empty histogram, since no data is not zero. */
export function percentileMicros(histogram: Histogram, percentile: number): number {
  return histogram.totalCount === 0 ? Number.NaN : histogram.getValueAtPercentile(percentile);
}

/** Most requests one second may hold (per-second counts and per-second histograms). */
export const MAX_COUNT_PER_SECOND = 2 ** 31;
/** Most a whole-run total may hold: beyond it numbers stop being exact. */
export const MAX_TOTAL_COUNT = Number.MAX_SAFE_INTEGER;
/** The tool records into 32-bit buckets, so a larger bucket count was never written by it (and would wrap). */
const MAX_BUCKET_COUNT = 2 ** 32 - 1;
const COMPRESSED_COOKIE_BASE = 0x1c849304;
const ENCODING_COOKIE_BASE = 0x1c849303;
/** cookie, payload length, normalizing offset, digits, lowest, highest, conversion ratio. */
const HEADER_BYTES = 40;

interface Reference {
  /** Bytes 12–40 of what createHistogram() encodes: offset, digits, value range, ratio. */
  readonly header: Buffer;
  readonly countsLength: number;
  readonly maxInflatedBytes: number;
  readonly maxEncodedChars: number;
}
let reference: Reference | undefined;

function referenceHeader(): Reference {
  if (reference) return reference;
  const histogram = createHistogram();
  histogram.recordValue(1);
  const raw = Buffer.from(hdr.encodeIntoCompressedBase64(histogram), 'base64');
  const header = Buffer.from(inflateSync(raw.subarray(8)).subarray(8, HEADER_BYTES));
  // countsArrayLength is public in hdr-histogram-js but not in its typings.
  const countsLength = (histogram as unknown as { countsArrayLength: number }).countsArrayLength;
  histogram.destroy();
  // Each count takes at most 9 bytes (LEB128-64b9B); deflate may add a little to incompressible data.
  const maxInflatedBytes = HEADER_BYTES + countsLength * 9;
  const maxEncodedChars = 4 * Math.ceil((8 + maxInflatedBytes + Math.ceil(maxInflatedBytes / 1000) + 64) / 3);
  reference = { header, countsLength, maxInflatedBytes, maxEncodedChars };
  return reference;
}

/**
 * Checks an encoded histogram completely without building it: the base64, the compressed frame, the
 * header (the same value range and precision the tool writes: 1 µs to 1 h, 3 digits) and every count
 * (within the buckets, each at most a 32-bit count, the total at most `maxTotalCount`). Bounded in
 * time and memory by the size of one histogram, whatever the input. Returns the total count, or
 * why the string is not a histogram this tool wrote.
 */
export function inspectEncodedHistogram(encoded: string, maxTotalCount: number): { totalCount: number } | { problem: string } {
  const ref = referenceHeader();
  if (encoded.length > ref.maxEncodedChars) return { problem: `longer (${encoded.length} characters) than any histogram this tool writes` };
  if (!BASE64.test(encoded)) return { problem: 'not base64' };
  const raw = Buffer.from(encoded, 'base64');
  if (raw.length < 8 || (raw.readInt32BE(0) & ~0xf0) !== COMPRESSED_COOKIE_BASE) return { problem: 'not a compressed HDR histogram (no V2 cookie)' };
  const compressedBytes = raw.readInt32BE(4);
  if (compressedBytes !== raw.length - 8) return { problem: `its frame says ${compressedBytes} compressed bytes, but ${raw.length - 8} follow` };
  let data: Buffer;
  try {
    data = inflateSync(raw.subarray(8), { maxOutputLength: ref.maxInflatedBytes });
  } catch (error) {
    return { problem: `its compressed data is corrupt or too large (${(error as NodeJS.ErrnoException).code ?? 'inflate failed'})` };
  }
  if (data.length < HEADER_BYTES || (data.readInt32BE(0) & ~0xf0) !== ENCODING_COOKIE_BASE) return { problem: 'not an HDR histogram (no V2 encoding cookie)' };
  if (!data.subarray(8, HEADER_BYTES).equals(ref.header)) {
    const digits = data.readInt32BE(12);
    const lowest = Number(data.readBigInt64BE(16));
    const highest = Number(data.readBigInt64BE(24));
    return { problem: `value range ${lowest}…${highest} µs with ${digits} digits, expected ${HISTOGRAM_LOWEST_US}…${HISTOGRAM_HIGHEST_US} µs with ${HISTOGRAM_DIGITS} digits` };
  }
  const payloadBytes = data.readInt32BE(4);
  if (payloadBytes !== data.length - HEADER_BYTES) return { problem: `its header says ${payloadBytes} payload bytes, but ${data.length - HEADER_BYTES} follow` };
  let position = HEADER_BYTES;
  let index = 0;
  let totalCount = 0;
  while (position < data.length) {
    // ZigZag LEB128-64b9B, as hdr-histogram-js writes it: at most 9 bytes.
    let value = 0;
    let scale = 1;
    let ended = false;
    for (let byte = 0; byte < 9 && position < data.length; byte++) {
      const next = data[position++]!;
      value += (next & 0x7f) * scale;
      scale *= 128;
      if ((next & 0x80) === 0) {
        ended = true;
        break;
      }
    }
    if (!ended) return { problem: 'a count is cut off or longer than 9 bytes' };
    const count = value % 2 === 0 ? value / 2 : -(value + 1) / 2;
    if (count < 0) {
      index += -count; // a run of empty buckets
    } else {
      if (count > MAX_BUCKET_COUNT) return { problem: `a bucket holds ${count}, more than the 32-bit count the tool records` };
      index++;
      totalCount += count;
    }
    if (index > ref.countsLength) return { problem: `counts run past the ${ref.countsLength} buckets of the value range` };
  }
  if (totalCount > maxTotalCount) return { problem: `holds ${totalCount} values, more than the maximum of ${maxTotalCount}` };
  return { totalCount };
}
