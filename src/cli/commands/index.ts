// The list of CLI commands, in the order `perf-action --help` shows them.
import type { Command } from '../io.js';
import { checkCommand } from './check.js';
import { compareCommand } from './compare.js';
import { demoServiceCommand } from './demo-service.js';
import { demoCommand } from './demo.js';
import { mergeCommand } from './merge.js';
import { runCommand } from './run.js';
import { schemaCommand } from './schema.js';

export const commands: readonly Command[] = [runCommand, checkCommand, compareCommand, mergeCommand, demoCommand, schemaCommand, demoServiceCommand];
