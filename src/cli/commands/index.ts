// The list of CLI commands, in the order `perf-action --help` shows them.
import type { Command } from '../io.js';

export const commands: readonly Command[] = [];
