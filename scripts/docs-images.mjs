#!/usr/bin/env node
// `npm run docs:images`: redraws the README pictures (docs/images/*.png). It runs the README walkthrough
// (test/browser/walkthrough.browser.test.ts) the way `npm test` does, with DOCS_IMAGES=write: a picture that differs
// from this run beyond the test's tolerance (or is new) is rewritten, one that is the same is left alone.
// Review the redrawn pictures (git diff --stat docs/images) and commit them with the change that moved them.
import { spawnSync } from 'node:child_process';

// The passkey step's pictures (docs/images/passkeys/) come from its companion, walkthrough-passkeys.browser.test.ts;
// the frictionless purchase explained in the console (docs/images/risk/) from risk-explained.browser.test.ts.
const tests = [
  'test/browser/walkthrough.browser.test.ts',
  'test/browser/walkthrough-passkeys.browser.test.ts',
  'test/browser/risk-explained.browser.test.ts',
];
const run = spawnSync(process.execPath, ['scripts/test.mjs', ...tests], {
  stdio: 'inherit',
  env: { ...process.env, DOCS_IMAGES: 'write' },
});
process.exit(run.status ?? 1);
