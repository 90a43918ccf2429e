// test/reliability/record.ts
import { mkdirSync, writeFileSync } from 'node:fs';
/** Writes one measurement's figures to test-results/reliability/<name>.json and prints them. */
export function recordReliability(name: string, figures: Record<string, number | string | boolean>): void {
  mkdirSync('test-results/reliability', { recursive: true });
  writeFileSync(
    `test-results/reliability/${name}.json`,
    `${JSON.stringify({ name, at: new Date().toISOString(), figures }, null, 2)}\n`,
  );
  console.log(
    `# reliability ${name}: ${Object.entries(figures)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
}
