#!/usr/bin/env node
// The direction of every import, checked (run by `npm run lint`; docs/architecture.md explains the layers).
// Biome checks packages per folder and import cycles; this checks what a relative path may reach.
import { globSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

/** Where a source file sits: the first rule whose prefix matches names its layer. */
const LAYERS = [
  ['src/app/', 'app'],
  ['src/features/', 'features'],
  ['src/protocol/exchanges/', 'exchanges'],
  ['src/protocol/', 'protocol'],
  ['src/storage/', 'storage'],
  ['src/infra/', 'infra'],
  ['src/core/', 'core'],
  ['demo/', 'demo'],
  ['test/', 'test'],
];

/** What each layer may import (besides itself). Tests beside the code may also import test/support. */
const MAY_IMPORT = {
  app: ['features', 'exchanges', 'protocol', 'storage', 'infra', 'core', 'demo'],
  demo: ['app', 'features', 'exchanges', 'protocol', 'storage', 'infra', 'core'],
  exchanges: ['app', 'features', 'protocol', 'storage', 'infra', 'core'],
  features: ['app', 'protocol', 'storage', 'infra', 'core'],
  protocol: ['infra', 'core'],
  storage: ['infra', 'core'],
  infra: ['storage', 'core'],
  core: [],
  test: ['app', 'features', 'exchanges', 'protocol', 'storage', 'infra', 'core', 'demo'],
};

/** From features, only the composition root's contracts and the HTTP kit of app/ may be used, never main or server. */
const APP_CONTRACTS = ['src/app/deps.ts', 'src/app/config.ts', 'src/app/http/'];

/** Packages only some layers may import. */
const PACKAGES = [
  { names: ['kysely', 'pg', '@electric-sql/pglite'], only: ['storage'], why: 'queries live in src/storage' },
  {
    names: ['hono', '@hono/node-server'],
    only: ['app', 'features', 'exchanges', 'demo', 'test'],
    why: 'HTTP lives at the edge',
  },
];

/** Query building outside src/storage: a repository function belongs in src/storage/repositories/. */
const QUERY = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql`|\.transaction\(\)/;

const layerOf = (file) => LAYERS.find(([prefix]) => file.startsWith(prefix))?.[1];
const files = globSync('{src,demo}/**/*.{ts,tsx}');
const problems = [];
const importPattern = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g;

for (const file of files) {
  const from = layerOf(file);
  const isTest = file.endsWith('.test.ts');
  const text = readFileSync(file, 'utf8');
  if (from !== 'storage' && !isTest && QUERY.test(text)) {
    problems.push(`${file}: builds a query (queries live in src/storage/repositories; use withTransaction)`);
  }
  for (const match of text.matchAll(importPattern)) {
    const spec = match[1] ?? match[2];
    if (!spec) continue;
    if (!spec.startsWith('.')) {
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      const rule = PACKAGES.find((r) => r.names.includes(pkg));
      if (rule && !rule.only.includes(from) && !isTest) problems.push(`${file}: imports ${spec} (${rule.why})`);
      continue;
    }
    const target = normalize(join(dirname(file), spec));
    const to = layerOf(target);
    if (to === from) continue;
    if (isTest && target.startsWith('test/support/')) continue;
    if (!MAY_IMPORT[from]?.includes(to)) {
      problems.push(`${file}: ${from} may not import ${to} (${target})`);
      continue;
    }
    if (from === 'features' && to === 'app' && !APP_CONTRACTS.some((p) => target.startsWith(p))) {
      problems.push(`${file}: features may use app/deps, app/config and app/http only (${target})`);
    }
  }
}

if (problems.length > 0) {
  console.error(`check-layers: ${problems.length} import(s) against the layer rules (docs/architecture.md):`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(`check-layers: ${files.length} files, every import points the allowed way`);
