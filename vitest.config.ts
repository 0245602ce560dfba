import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests import `statecraft` by name: the `statecraft-source` export condition resolves it to
  // src/*.ts, never to a possibly stale dist/. The rest is vitest's default (Vite's server
  // conditions without 'module', which would pick the AWS SDK's extensionless dist-es).
  ssr: { resolve: { conditions: ['statecraft-source', ...defaultServerConditions.filter((c) => c !== 'module')] } },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'examples/**/*.test.ts'],
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts', 'src/**/*.test-d.ts', 'examples/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    testTimeout: 30_000,
    pool: 'forks',
  },
});
