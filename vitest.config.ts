import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    // Interop tests start real Java processes; give them room, but every wait inside is bounded too.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep Java ensembles and socket tests from starving each other.
    maxWorkers: 2,
  },
});
