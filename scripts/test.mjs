#!/usr/bin/env node
// `npm test`: makes sure what the tests need is present (Debian's Chromium for the browser tests, the
// embedded-database template), then runs every test file with node's test runner.
import { spawnSync } from 'node:child_process';
import { existsSync, globSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

if (!existsSync(CHROMIUM)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log("# Chromium is missing: installing Debian's chromium package (browser tests never download a browser)");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (
      run('apt-get', ['update', '-qq'], { env }) !== 0 ||
      run('apt-get', ['install', '-y', '-qq', 'chromium'], { env }) !== 0
    ) {
      console.error(
        'npm test: could not install chromium with apt-get; install it (apt-get install -y chromium) and retry.',
      );
      process.exit(1);
    }
  } else {
    console.error(`npm test: ${CHROMIUM} is missing. Install Debian's Chromium as root: apt-get install -y chromium`);
    process.exit(1);
  }
}

// Japanese glyphs for the screenshots the browser tests save (README pictures); not needed for correctness.
const JP_FONT = '/usr/share/fonts/opentype/ipafont-gothic';
if (
  !existsSync(JP_FONT) &&
  typeof process.getuid === 'function' &&
  process.getuid() === 0 &&
  existsSync('/usr/bin/apt-get')
) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['install', '-y', '-qq', 'fonts-ipafont-gothic'], { env }) !== 0) {
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', 'fonts-ipafont-gothic'], { env });
  }
}

if (process.env.TEST_DATABASE_URL) {
  console.log('# storage suites run on PGlite and on PostgreSQL (TEST_DATABASE_URL is set)');
} else {
  console.log('# TEST_DATABASE_URL is not set: PostgreSQL runs are skipped, PGlite runs only');
}

// Build the migrated PGlite template once, before test files race to create it.
const prep = run(process.execPath, [
  '--import',
  'tsx',
  '--input-type=module',
  '-e',
  "const m = await import('./src/storage/pglite-template.ts'); await m.ensurePgliteTemplate();",
]);
if (prep !== 0) process.exit(prep);

const files = [
  ...globSync('src/**/*.test.ts'),
  ...globSync('demo/**/*.test.ts'),
  ...globSync('test/**/*.test.ts'),
].sort();
const only = process.argv.slice(2);
const selected = only.length > 0 ? files.filter((f) => only.some((o) => f.includes(o))) : files;
const status = run(process.execPath, [
  '--import',
  'tsx',
  '--test',
  '--test-concurrency=3',
  '--test-timeout=180000',
  ...selected,
]);
process.exit(status);
