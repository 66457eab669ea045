import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { CsvSyntaxError, loadCsvFeeder, parseCsv } from '../../../src/engine/scenario/feeder.js';
import { Rng } from '../../../src/engine/scenario/rng.js';

const dir = mkdtempSync(join(tmpdir(), 'perf-action-feeder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csvFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function syntaxError(text: string): CsvSyntaxError {
  try {
    parseCsv(text);
  } catch (error) {
    expect(error).toBeInstanceOf(CsvSyntaxError);
    return error as CsvSyntaxError;
  }
  throw new Error('parsed');
}

describe('parseCsv (RFC 4180)', () => {
  it('reads a header row and data rows keyed by column', () => {
    const csv = parseCsv('email,password\nada@example.com,pw1\nbob@example.com,pw2\n');
    expect(csv.columns).toEqual(['email', 'password']);
    expect(csv.rows.map((row) => ({ ...row }))).toEqual([
      { email: 'ada@example.com', password: 'pw1' },
      { email: 'bob@example.com', password: 'pw2' },
    ]);
    expect(Object.isFrozen(csv.rows[0])).toBe(true);
  });

  it('reads quoted fields with commas, doubled quotes, newlines and CRLF line ends', () => {
    const csv = parseCsv('\ufeffname,note\r\n"Lovelace, Ada","said ""hi"""\r\n"multi\nline",\r\n"","x"');
    expect(csv.columns).toEqual(['name', 'note']);
    expect(csv.rows.map((row) => [row.name, row.note])).toEqual([
      ['Lovelace, Ada', 'said "hi"'],
      ['multi\nline', ''],
      ['', 'x'],
    ]);
  });

  it('skips blank lines', () => {
    const csv = parseCsv('a,b\n\n1,2\n\n3,4\n\n');
    expect(csv.rows.map((row) => [row.a, row.b])).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('names the line of each kind of mistake', () => {
    const wrongCount = syntaxError('a,b\n1,2\n3\n');
    expect([wrongCount.line, wrongCount.message]).toEqual([3, 'the row has 1 field, the header has 2']);
    // The quoted newline on line 2 moves the short row to line 4.
    const afterQuotedNewline = syntaxError('a,b\n"x\ny",2\n1,2,3\n');
    expect([afterQuotedNewline.line, afterQuotedNewline.message]).toEqual([4, 'the row has 3 fields, the header has 2']);
    const unclosed = syntaxError('a,b\n1,2\n"open,2\n3,4\n');
    expect([unclosed.line, unclosed.message]).toEqual([3, 'a quoted field is not closed before the end of the file']);
    expect(syntaxError('a,b\n"x"y,2\n').line).toBe(2);
    expect(syntaxError('a,b\n"x"y,2\n').message).toContain('after a closing quote');
    expect(syntaxError('a,b\n1,x"y\n').message).toContain('a quote inside an unquoted field');
    expect(syntaxError('').message).toBe('the file is empty; expected a header row');
    expect(syntaxError('a,b\n').message).toBe('the file has a header row but no data rows');
    expect(syntaxError('a,,b\n1,2,3\n').message).toBe('column 2 of the header has no name');
    expect(syntaxError('a,a\n1,2\n').message).toBe('column "a" appears twice in the header');
  });
});

describe('loadCsvFeeder', () => {
  const path = csvFile('users.csv', 'id,email\n1,a@x\n2,b@x\n3,c@x\n');

  it('hands out rows in file order, wrapping at the end', () => {
    const feeder = loadCsvFeeder({ name: 'users', csvPath: path, order: 'sequential' });
    expect(feeder.columns).toEqual(['id', 'email']);
    const rng = new Rng(1);
    expect(Array.from({ length: 7 }, () => feeder.pick(rng).id)).toEqual(['1', '2', '3', '1', '2', '3', '1']);
  });

  it('random order is reproducible with a seed and reaches every row', () => {
    const a = loadCsvFeeder({ name: 'users', csvPath: path, order: 'random' });
    const b = loadCsvFeeder({ name: 'users', csvPath: path, order: 'random' });
    const rngA = new Rng(21);
    const rngB = new Rng(21);
    const drawsA = Array.from({ length: 200 }, () => a.pick(rngA).id);
    const drawsB = Array.from({ length: 200 }, () => b.pick(rngB).id);
    expect(drawsA).toEqual(drawsB);
    expect(new Set(drawsA)).toEqual(new Set(['1', '2', '3']));
    const reference = new Rng(21);
    expect(drawsA.slice(0, 10)).toEqual(Array.from({ length: 10 }, () => String(Math.floor(reference.next() * 3) + 1)));
  });

  it('uses the source given at load time when pick() gets none', () => {
    const feeder = loadCsvFeeder({ name: 'users', csvPath: path, order: 'random' }, new Rng(4));
    const reference = new Rng(4);
    expect(feeder.pick().id).toBe(String(Math.floor(reference.next() * 3) + 1));
  });

  it('a bad file is a ConfigError naming the feeder, file and line', () => {
    const bad = csvFile('bad.csv', 'id,email\n1,a@x\n2\n');
    let caught: unknown;
    try {
      loadCsvFeeder({ name: 'users', csvPath: bad, order: 'sequential' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).code).toBe('PA_CONFIG');
    expect((caught as ConfigError).problems).toEqual([`data.users: ${bad}:3: the row has 1 field, the header has 2`]);
  });

  it('a missing file is a ConfigError naming the feeder and path', () => {
    const missing = join(dir, 'nope.csv');
    expect(() => loadCsvFeeder({ name: 'users', csvPath: missing, order: 'sequential' })).toThrow(`data.users: cannot read ${missing}: no such file`);
  });
});
