#!/usr/bin/env node
// Bundles src/ into dist/ with esbuild (packages stay external) so `npm start` runs plain Node without a
// TypeScript loader. `--if-stale` skips the build when dist/ is newer than every source file.
import { existsSync, globSync, statSync } from 'node:fs';

const outputs = ['dist/main.mjs', 'dist/cli/main.mjs'];
if (process.argv.includes('--if-stale') && outputs.every((f) => existsSync(f))) {
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  const sources = [...globSync('{src,demo}/**/*.{ts,tsx,json}'), 'package.json'];
  if (sources.every((f) => statSync(f).mtimeMs < built)) process.exit(0);
}
const { build } = await import('esbuild');
await build({
  entryPoints: ['src/app/main.ts', 'src/app/cli/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  sourcemap: true,
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
});
