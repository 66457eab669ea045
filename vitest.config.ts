import { defineConfig } from 'vitest/config';

// Load and timing tests share two cores with the target servers they start, so files run one at a
// time: parallel files would steal the generator's core and turn timing checks into noise.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
