#!/usr/bin/env node
// `npm run reliability [substring...]`: the slow fault measurements of issue 14 (docs/reliability.md). Runs every
// test/reliability/*.reliability.ts with node's test runner, one file after another (a fault or the soak must
// not share the machine with the next), then prints the figures each wrote to test-results/reliability/*.json
// and exits non-zero if any file failed. The failover file starts and removes its own Patroni cluster with
// scripts/ha/up.sh and down.sh (or uses the one at HA_DATABASE_URL); SOAK_SECONDS shortens the soak.
import { spawnSync } from 'node:child_process';
import { globSync, readFileSync, rmSync } from 'node:fs';

const RESULTS = 'test-results/reliability';
const files = globSync('test/reliability/*.reliability.ts').sort();
const only = process.argv.slice(2);
const selected = only.length > 0 ? files.filter((f) => only.some((o) => f.includes(o))) : files;
if (selected.length === 0) {
  console.error(`reliability: no test/reliability/*.reliability.ts matches ${only.join(' ')}`);
  process.exit(1);
}
if (!process.env.TEST_DATABASE_URL) {
  console.log('# TEST_DATABASE_URL is not set: measurements that need PostgreSQL are skipped');
}

// The figures shown at the end are this run's only.
rmSync(RESULTS, { recursive: true, force: true });

// Measurements on PGlite start from the migrated template, as in `npm test`.
const prep = spawnSync(
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
if (prep.status !== 0) process.exit(prep.status ?? 1);

const runs = [];
for (const file of selected) {
  console.log(`# reliability: ${file}`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-timeout=3600000', file], {
    stdio: 'inherit',
  });
  runs.push({ file, ok: r.status === 0, seconds: Math.round((Date.now() - started) / 1000) });
}

const recorded = globSync(`${RESULTS}/*.json`)
  .sort()
  .map((f) => JSON.parse(readFileSync(f, 'utf8')));
console.log('\n## Reliability run\n');
console.log('| File | Result | Seconds |\n| --- | --- | ---: |');
for (const r of runs) console.log(`| ${r.file} | ${r.ok ? 'pass' : 'FAIL'} | ${r.seconds} |`);
console.log('\n| Measurement | Figures |\n| --- | --- |');
for (const m of recorded) {
  const figures = Object.entries(m.figures ?? {})
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(`| ${m.name} | ${figures} |`);
}
const failed = runs.filter((r) => !r.ok);
if (failed.length > 0) {
  console.error(`\nreliability: ${failed.length} file(s) failed: ${failed.map((r) => r.file).join(', ')}`);
  process.exit(1);
}
