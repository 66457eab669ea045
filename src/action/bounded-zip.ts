// Extracts an artifact's zip with every size known before it is written: the entry names must be
// flat file names (and, when a list is given, only those), each entry inflates to at most its own cap
// and all of them to at most a total cap, whatever the zip's headers claim. A zip bomb (a small
// zip that inflates to gigabytes) stops at the cap, with the entry named. Reading the bytes from
// GitHub is artifacts.ts's job; what the files mean is the caller's.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { ResultsError } from '../errors.js';

export interface ExtractLimits {
  /** Bytes all entries may inflate to together. */
  readonly maxTotalBytes: number;
  /** The only entries allowed, each with its own cap in bytes; any other entry refuses the zip. */
  readonly files?: Readonly<Record<string, number>>;
}

/** More entries than any artifact this tool uploads (results, verdict, report, history, pr.json). */
export const MAX_ZIP_ENTRIES = 32;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

interface Entry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc: number;
  readonly compressedBytes: number;
  readonly localOffset: number;
}

function refuse(source: string, why: string): never {
  throw new ResultsError(`artifact ${source}: ${why}; refused`);
}

function centralDirectory(zip: Buffer, source: string): Entry[] {
  // The end record sits in the last 22 bytes plus at most a 64 KiB comment.
  const from = Math.max(0, zip.length - 22 - 0xffff);
  let at = -1;
  for (let i = zip.length - 22; i >= from; i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) refuse(source, 'not a zip file (no end of central directory)');
  const count = zip.readUInt16LE(at + 10);
  const size = zip.readUInt32LE(at + 12);
  const offset = zip.readUInt32LE(at + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) refuse(source, 'a zip64 archive, larger than any artifact this tool writes');
  if (count > MAX_ZIP_ENTRIES) refuse(source, `${count} entries, more than the ${MAX_ZIP_ENTRIES} allowed`);
  if (offset + size > at) refuse(source, 'central directory outside the file');
  const entries: Entry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > at || zip.readUInt32LE(p) !== CENTRAL) refuse(source, 'a damaged central directory');
    const nameBytes = zip.readUInt16LE(p + 28);
    const extraBytes = zip.readUInt16LE(p + 30);
    const commentBytes = zip.readUInt16LE(p + 32);
    const compressedBytes = zip.readUInt32LE(p + 20);
    const localOffset = zip.readUInt32LE(p + 42);
    if (compressedBytes === 0xffffffff || localOffset === 0xffffffff) refuse(source, 'a zip64 entry, larger than any artifact this tool writes');
    if (p + 46 + nameBytes > at) refuse(source, 'a damaged central directory');
    entries.push({
      name: zip.toString('utf8', p + 46, p + 46 + nameBytes),
      flags: zip.readUInt16LE(p + 8),
      method: zip.readUInt16LE(p + 10),
      crc: zip.readUInt32LE(p + 16),
      compressedBytes,
      localOffset,
    });
    p += 46 + nameBytes + extraBytes + commentBytes;
  }
  return entries;
}

/** Writes the zip's files into `dir` (which should be empty), or throws naming what broke a limit. */
export async function extractZipBounded(zip: Buffer, dir: string, limits: ExtractLimits, source: string): Promise<string[]> {
  const entries = centralDirectory(zip, source);
  const names = new Set<string>();
  let totalBytes = 0;
  for (const entry of entries) {
    const shown = JSON.stringify(entry.name.slice(0, 80));
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(entry.name) || entry.name === '.' || entry.name === '..') refuse(source, `entry ${shown} is not a plain file name`);
    if (names.has(entry.name)) refuse(source, `entry ${shown} appears twice`);
    names.add(entry.name);
    const fileCap = limits.files === undefined ? limits.maxTotalBytes : Object.hasOwn(limits.files, entry.name) ? limits.files[entry.name] : undefined;
    if (fileCap === undefined) refuse(source, `entry ${shown} is not one of ${Object.keys(limits.files ?? {}).join(', ')}`);
    if ((entry.flags & 1) !== 0) refuse(source, `entry ${shown} is encrypted`);
    if (entry.localOffset + 30 > zip.length || zip.readUInt32LE(entry.localOffset) !== LOCAL) refuse(source, `entry ${shown} has no local header`);
    const start = entry.localOffset + 30 + zip.readUInt16LE(entry.localOffset + 26) + zip.readUInt16LE(entry.localOffset + 28);
    if (start + entry.compressedBytes > zip.length) refuse(source, `entry ${shown} runs past the end of the file`);
    const data = zip.subarray(start, start + entry.compressedBytes);
    // The cap of this entry: its own, and what the total leaves; one byte over proves it too large.
    const cap = Math.min(fileCap, limits.maxTotalBytes - totalBytes);
    let content: Buffer;
    if (entry.method === 0) {
      content = data;
    } else if (entry.method === 8) {
      try {
        content = inflateRawSync(data, { maxOutputLength: cap + 1 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') refuse(source, `entry ${shown} inflates to more than ${cap} bytes`);
        refuse(source, `entry ${shown} does not inflate (${(error as Error).message})`);
      }
    } else {
      refuse(source, `entry ${shown} uses compression method ${entry.method}, not stored or deflate`);
    }
    if (content.length > cap) refuse(source, `entry ${shown} inflates to more than ${cap} bytes`);
    if (crc32(content) !== entry.crc) refuse(source, `entry ${shown} fails its CRC check`);
    totalBytes += content.length;
    await writeFile(join(dir, entry.name), content);
  }
  return [...names];
}
