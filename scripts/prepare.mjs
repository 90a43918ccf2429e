#!/usr/bin/env node
// After `npm ci`: build the migrated embedded-database template once (PGlite's initdb takes seconds; copying
// the template takes well under one), so the first `npm start` is ready quickly. Failures are not fatal:
// start-up builds the template itself when it is missing.
import { spawnSync } from 'node:child_process';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });

const r = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--input-type=module',
    '-e',
    "const m = await import('./src/storage/pglite-template.ts'); await m.ensurePgliteTemplate();",
  ],
  { stdio: 'inherit' },
);
if (r.status !== 0)
  console.warn('ninsho: could not prepare the embedded database template; the first start will be slower.');
