// Data feeders: a CSV file (RFC 4180: header row, comma-separated fields, double-quoted fields that
// may hold commas, newlines and "" for a quote; CRLF or LF line ends) read once when the scenario
// compiles, and shared by every virtual user. Each iteration takes one row, in file order (wrapping
// at the end, one cursor shared by all users) or at random from the seeded source. Templates read a
// column as {{ feeder.column }}. A file that breaks the format is a ConfigError naming file and line.
// Blank lines are skipped. Values stay strings: a CSV has no types.

import { readFileSync } from 'node:fs';
import type { DataFeeder } from '../../config/types.js';
import { ConfigError } from '../../errors.js';
import type { UniformSource } from './rng.js';
import type { FeederRow, RowSource } from './var-scope.js';

/** A CSV syntax problem; `line` is 1-based, counting physical lines. */
export class CsvSyntaxError extends Error {
  readonly code = 'PA_CSV_SYNTAX';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

export interface ParsedCsv {
  readonly columns: readonly string[];
  readonly rows: readonly FeederRow[];
}

/** Parses CSV text with a header row into frozen rows keyed by column; throws CsvSyntaxError. */
export function parseCsv(text: string): ParsedCsv {
  const records = readRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (records.length === 0) throw new CsvSyntaxError('the file is empty; expected a header row', 1);
  const header = records[0]!;
  const seen = new Set<string>();
  header.fields.forEach((column, index) => {
    if (column.trim() === '') throw new CsvSyntaxError(`column ${index + 1} of the header has no name`, header.line);
    if (seen.has(column)) throw new CsvSyntaxError(`column ${JSON.stringify(column)} appears twice in the header`, header.line);
    seen.add(column);
  });
  if (records.length === 1) throw new CsvSyntaxError('the file has a header row but no data rows', header.line);
  const columns = header.fields;
  const rows = records.slice(1).map((record) => {
    if (record.fields.length !== columns.length) {
      throw new CsvSyntaxError(`the row has ${record.fields.length} field${record.fields.length === 1 ? '' : 's'}, the header has ${columns.length}`, record.line);
    }
    const row: Record<string, string> = Object.create(null) as Record<string, string>;
    columns.forEach((column, index) => (row[column] = record.fields[index]!));
    return Object.freeze(row);
  });
  return { columns: Object.freeze([...columns]), rows: Object.freeze(rows) };
}

interface CsvRecord {
  readonly fields: string[];
  /** Line on which the record starts. */
  readonly line: number;
}

function readRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let pos = 0;
  const length = text.length;
  while (pos < length) {
    const startLine = line;
    const fields: string[] = [];
    let blank = true;
    for (;;) {
      let field = '';
      if (text[pos] === '"') {
        blank = false;
        const openLine = line;
        pos++;
        for (;;) {
          if (pos >= length) throw new CsvSyntaxError('a quoted field is not closed before the end of the file', openLine);
          const char = text[pos]!;
          if (char === '"') {
            if (text[pos + 1] === '"') {
              field += '"';
              pos += 2;
              continue;
            }
            pos++;
            break;
          }
          if (char === '\n' || (char === '\r' && text[pos + 1] !== '\n')) line++;
          field += char;
          pos++;
        }
        const next = text[pos];
        if (pos < length && next !== ',' && next !== '\n' && next !== '\r') {
          throw new CsvSyntaxError(`unexpected ${JSON.stringify(next)} after a closing quote; a quote inside a quoted field is written ""`, line);
        }
      } else {
        const start = pos;
        while (pos < length && text[pos] !== ',' && text[pos] !== '\n' && text[pos] !== '\r') pos++;
        field = text.slice(start, pos);
        if (field.includes('"')) throw new CsvSyntaxError('a quote inside an unquoted field; quote the whole field and write "" for the quote', line);
        if (field !== '') blank = false;
      }
      fields.push(field);
      if (pos < length && text[pos] === ',') {
        blank = false;
        pos++;
        continue;
      }
      break;
    }
    // End of record: CRLF, LF, lone CR or end of file.
    if (text[pos] === '\r') pos++;
    if (text[pos] === '\n') pos++;
    line++;
    if (!blank) records.push({ fields, line: startLine });
  }
  return records;
}

export class CsvFeeder implements RowSource {
  private cursor = 0;
  constructor(
    readonly name: string,
    readonly csvPath: string,
    readonly order: 'sequential' | 'random',
    readonly columns: readonly string[],
    readonly rows: readonly FeederRow[],
    private readonly defaultSource?: UniformSource,
  ) {}

  /** The next row: file order wrapping at the end (shared cursor), or uniform from `source`. */
  pick(source?: UniformSource): FeederRow {
    const rows = this.rows;
    if (this.order === 'sequential') {
      const row = rows[this.cursor]!;
      this.cursor = this.cursor + 1 === rows.length ? 0 : this.cursor + 1;
      return row;
    }
    const from = source ?? this.defaultSource;
    if (from === undefined) throw new Error(`data feeder ${this.name}: random order needs a random source`);
    return rows[Math.floor(from.next() * rows.length)]!;
  }
}

/**
 * Reads the feeder's CSV now (load time). `rng` is the source for random order when pick() is called
 * without one. Throws ConfigError naming the feeder, file and line.
 */
export function loadCsvFeeder(feeder: DataFeeder, rng?: UniformSource): CsvFeeder {
  let text: string;
  try {
    text = readFileSync(feeder.csvPath, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new ConfigError([`data.${feeder.name}: cannot read ${feeder.csvPath}${code === 'ENOENT' ? ': no such file' : `: ${(error as Error).message}`}`]);
  }
  let parsed: ParsedCsv;
  try {
    parsed = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new ConfigError([`data.${feeder.name}: ${feeder.csvPath}:${error.line}: ${error.message}`]);
    throw error;
  }
  return new CsvFeeder(feeder.name, feeder.csvPath, feeder.order, parsed.columns, parsed.rows, rng);
}
