import { defineConfig } from 'vitest/config';

// Tests start real MCP servers, real CLIs, a real Astro build and real Chromium: give them time,
// and run files in separate processes so a misbehaving server cannot take the runner down.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
    reporters: ['default'],
  },
});
