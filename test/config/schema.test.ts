// The JSON Schema that `perf-action schema` prints is the same structure the loader checks: the
// example configs load, and an independent validator (TypeBox's Value) accepts them against it.
import { readdir, readFile } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Value } from '@sinclair/typebox/value';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { schemaCommand } from '../../src/cli/commands/schema.js';
import type { CliIo } from '../../src/cli/io.js';
import { loadConfigFile } from '../../src/config/load.js';
import { PerfYamlSchema } from '../../src/config/schema.js';
import { ProblemList } from '../../src/config/problems.js';
import { validateStructure } from '../../src/config/validate.js';
import { UsageError } from '../../src/errors.js';

const examplesDir = fileURLToPath(new URL('../../examples/', import.meta.url));
const rootDir = fileURLToPath(new URL('../../', import.meta.url));
/** Where copied configs find the schema: the committed file at the ref the example workflows use (`org/perf-action@v1`). */
const SCHEMA_URL = 'https://raw.githubusercontent.com/org/perf-action/v1/perf.schema.json';
const ENV = { PREVIEW_URL: 'http://127.0.0.1:8080', API_TOKEN: 'token-for-tests' };

async function runSchemaCommand(args: readonly string[] = []): Promise<{ code: number; stdout: string }> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const io: CliIo = { stdout, stderr: new PassThrough(), env: {}, cwd: process.cwd(), signal: new AbortController().signal };
  const code = await schemaCommand.run(args, io);
  stdout.end();
  return { code, stdout: Buffer.concat(chunks).toString('utf8') };
}

describe('perf-action schema', () => {
  test('prints pretty JSON Schema with every top-level key of perf.yml', async () => {
    const { code, stdout } = await runSchemaCommand();
    expect(code).toBe(0);
    expect(stdout.endsWith('}\n')).toBe(true);
    expect(stdout).toContain('\n  "type": "object"');
    const schema = JSON.parse(stdout) as { $schema: string; properties: Record<string, unknown>; required: string[]; additionalProperties: boolean };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.properties).sort()).toEqual(
      ['abort', 'compare', 'data', 'exports', 'http', 'labels', 'load', 'name', 'notify', 'profiles', 'scenarios', 'slo', 'target', 'trim'].sort(),
    );
    expect(schema.required.sort()).toEqual(['name', 'target']);
    expect(schema.additionalProperties).toBe(false);
    expect(stdout).not.toContain('"x-');
  });

  test('descriptions and defaults are there for editors', async () => {
    const schema = JSON.parse((await runSchemaCommand()).stdout) as any;
    for (const [key, property] of Object.entries(schema.properties as Record<string, { description?: string }>)) {
      expect(property.description, key).toMatch(/\w/);
    }
    expect(schema.properties.http.properties.connections).toMatchObject({ type: 'integer', minimum: 1, default: 64 });
    expect(schema.properties.load.properties.model.default).toBe('open');
    expect(schema.properties.compare.properties.percentiles.default).toEqual(['p50', 'p95', 'p99']);
    expect(schema.properties.compare.properties.floor.default).toBe('1ms');
    expect(schema.properties.trim.default).toBe('auto');
    expect(schema.properties.scenarios.items.properties.steps.items.anyOf[0].properties.capture.description).toMatch(/header:Location/);
  });

  test('takes no arguments', async () => {
    await expect(runSchemaCommand(['extra'])).rejects.toBeInstanceOf(UsageError);
  });
});

describe('perf.schema.json at the repository root', () => {
  test('is exactly what `perf-action schema` prints (regenerate: npm run build && npm run -s schema)', async () => {
    const committed = await readFile(`${rootDir}perf.schema.json`, 'utf8');
    const printed = (await runSchemaCommand()).stdout;
    // Not toBe on 30 kB of text: name the first line that differs.
    const committedLines = committed.split('\n');
    const printedLines = printed.split('\n');
    const firstDiff = printedLines.findIndex((line, i) => line !== committedLines[i]);
    expect(firstDiff === -1 && committedLines.length === printedLines.length ? 'up to date' : `stale from line ${firstDiff + 1}: ${printedLines[firstDiff] ?? '(end)'}`).toBe('up to date');
  });

  test('ships in the npm package and is what the example configs point editors at', async () => {
    const pkg = JSON.parse(await readFile(`${rootDir}package.json`, 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('perf.schema.json');
    const workflows = await readdir(`${examplesDir}workflows`);
    // The URL names the same ref as the action the example workflows run, so the schema matches that version.
    for (const workflow of workflows) {
      const text = await readFile(`${examplesDir}workflows/${workflow}`, 'utf8');
      for (const [, ref] of text.matchAll(/uses: org\/perf-action(?:\/[^@\s]*)?@(\S+)/g)) expect(`${workflow}: ${ref}`).toBe(`${workflow}: v1`);
    }
    for (const file of ['perf.yml', 'perf.smoke.yml']) {
      const firstLine = (await readFile(`${examplesDir}${file}`, 'utf8')).split('\n')[0];
      expect(firstLine, file).toBe(`# yaml-language-server: $schema=${SCHEMA_URL}`);
    }
  });
});

describe('example configs', () => {
  test.each(['perf.yml', 'perf.smoke.yml'])('%s loads and matches the printed schema', async (file) => {
    const path = `${examplesDir}${file}`;
    const config = await loadConfigFile(path, { env: ENV });
    expect(config.target).toBe('http://127.0.0.1:8080');
    expect(config.load.phases.length).toBeGreaterThan(0);
    const text = await readFile(path, 'utf8');
    expect(text.startsWith('# yaml-language-server: $schema=')).toBe(true);
    const raw = parse(text) as unknown;
    // The printed schema (plain JSON) through the loader's walker, and the TypeBox schema through TypeBox's own validator.
    const printed = JSON.parse((await runSchemaCommand()).stdout) as Record<string, unknown>;
    const problems = new ProblemList();
    validateStructure(printed, raw, problems);
    expect(problems.items).toEqual([]);
    expect([...Value.Errors(PerfYamlSchema, raw)].map((error) => `${error.path}: ${error.message}`)).toEqual([]);
  });

  test('perf.yml: both profiles load, SLOs point at real endpoints, the token is secret', async () => {
    const path = `${examplesDir}perf.yml`;
    const smoke = await loadConfigFile(path, { env: ENV, profile: 'smoke' });
    const standard = await loadConfigFile(path, { env: ENV, profile: 'standard' });
    expect(smoke.load.phases.map((phase) => phase.durationMs)).toEqual([10_000, 60_000]);
    expect(standard.load.phases.map((phase) => phase.durationMs)).toEqual([30_000, 300_000]);
    expect(smoke.slo.map((slo) => slo.endpoints)).toEqual([['home', 'product'], ['add to cart'], 'all']);
    expect(smoke.http.secretHeaders).toEqual(['authorization']);
    expect(smoke.labels).toEqual({ service: 'storefront', environment: 'preview' });
  });

  test('the TypeBox schema rejects what the loader rejects (a bad duration)', () => {
    const raw = { name: 'a', target: 'http://127.0.0.1:1', load: { phases: [{ duration: '5 minutes', rate: 1 }] } };
    expect(Value.Check(PerfYamlSchema, raw)).toBe(false);
    raw.load.phases[0]!.duration = '1m30s';
    expect(Value.Check(PerfYamlSchema, raw)).toBe(true);
  });
});
