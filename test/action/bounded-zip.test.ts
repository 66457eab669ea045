import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractZipBounded, MAX_ZIP_ENTRIES } from '../../src/action/bounded-zip.js';
import { ResultsError } from '../../src/errors.js';
import { makeZip } from '../support/zip.js';

let root: string;
let count = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'perf-zip-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function extract(zip: Buffer, limits: Parameters<typeof extractZipBounded>[2]): Promise<{ files: string[]; dir: string } | { refused: string }> {
  const dir = await mkdtemp(join(root, `x${++count}-`));
  try {
    const files = await extractZipBounded(zip, dir, limits, 'test.zip');
    return { files, dir };
  } catch (error) {
    expect(error).toBeInstanceOf(ResultsError);
    return { refused: (error as Error).message };
  }
}

describe('extractZipBounded', () => {
  it('writes stored and deflated entries as they were', async () => {
    const result = await extract(makeZip([{ name: 'a.json', data: '{"a":1}', method: 'store' }, { name: 'b.txt', data: 'b'.repeat(10_000) }]), { maxTotalBytes: 20_000 });
    expect('files' in result && result.files).toEqual(['a.json', 'b.txt']);
    if ('files' in result) expect(await readFile(join(result.dir, 'b.txt'), 'utf8')).toBe('b'.repeat(10_000));
  });

  it('stops at the total cap across entries, whatever each entry claims', async () => {
    const zip = makeZip([{ name: 'a', data: Buffer.alloc(6000), claimedSize: 1 }, { name: 'b', data: Buffer.alloc(6000), claimedSize: 1 }]);
    expect(await extract(zip, { maxTotalBytes: 10_000 })).toEqual({ refused: 'artifact test.zip: entry "b" inflates to more than 4000 bytes; refused' });
  });

  it('refuses names outside the list, twice-named entries, too many entries, other methods and non-zips', async () => {
    const files = { 'pr.json': 100 };
    expect(await extract(makeZip([{ name: 'other.json', data: '{}' }]), { maxTotalBytes: 100, files })).toEqual({ refused: 'artifact test.zip: entry "other.json" is not one of pr.json; refused' });
    expect(await extract(makeZip([{ name: 'pr.json', data: '{}' }, { name: 'pr.json', data: '{}' }]), { maxTotalBytes: 100, files })).toEqual({ refused: 'artifact test.zip: entry "pr.json" appears twice; refused' });
    const many = makeZip(Array.from({ length: MAX_ZIP_ENTRIES + 1 }, (_, i) => ({ name: `f${i}`, data: '' })));
    expect(await extract(many, { maxTotalBytes: 100 })).toEqual({ refused: `artifact test.zip: ${MAX_ZIP_ENTRIES + 1} entries, more than the ${MAX_ZIP_ENTRIES} allowed; refused` });
    const bzip = makeZip([{ name: 'a', data: 'x', method: 'store' }]);
    bzip.writeUInt16LE(12, bzip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10);
    expect(await extract(bzip, { maxTotalBytes: 100 })).toEqual({ refused: 'artifact test.zip: entry "a" uses compression method 12, not stored or deflate; refused' });
    expect(await extract(Buffer.from('not a zip at all, just text long enough to search'), { maxTotalBytes: 100 })).toEqual({ refused: 'artifact test.zip: not a zip file (no end of central directory); refused' });
  });

  it('refuses a zip64 end record', async () => {
    const zip = makeZip([{ name: 'a', data: 'x' }]);
    zip.writeUInt32LE(0xffffffff, zip.length - 22 + 16);
    expect(await extract(zip, { maxTotalBytes: 100 })).toEqual({ refused: 'artifact test.zip: a zip64 archive, larger than any artifact this tool writes; refused' });
  });
});
