import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';

/** The rule sets every page is held to: WCAG 2.0/2.1 A and AA, plus axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] as const;

/** Impacts that fail a test; `minor` and `moderate` findings are reported by axe but not held against a page. */
const FAILING = new Set(['serious', 'critical']);

let source: string | undefined;
function axeSource(): string {
  source ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return source;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  targets: string[];
}

/**
 * Runs axe-core in a page or frame and returns its serious and critical violations. The script goes in through
 * the DevTools protocol (evaluate), not a <script> tag, so the pages' nonce-based Content-Security-Policy stays
 * on while they are checked.
 */
export async function axeViolations(target: Page | Frame): Promise<AxeViolation[]> {
  const loaded = await target.evaluate('typeof window.axe === "object"');
  if (!loaded) await target.evaluate(axeSource());
  const violations = await target.evaluate(
    async (tags) => {
      // biome-ignore lint/suspicious/noExplicitAny: axe and document are the page's globals (no DOM types here)
      const page = globalThis as any;
      const result = await page.axe.run(page.document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return (
        result.violations as {
          id: string;
          impact: string | null;
          help: string;
          helpUrl: string;
          nodes: { target: unknown[] }[];
        }[]
      ).map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        targets: v.nodes.map((n) => n.target.map(String).join(' ')),
      }));
    },
    [...AXE_TAGS],
  );
  return violations.filter((v) => v.impact !== null && FAILING.has(v.impact));
}

/** Formats violations for an assertion message: rule id, impact, help and the selectors of every node. */
export function describeViolations(where: string, violations: AxeViolation[]): string {
  return [
    `${where}: ${violations.length} serious/critical accessibility violation(s)`,
    ...violations.map((v) => `  - ${v.id} [${v.impact}] ${v.help}\n      ${v.targets.join('\n      ')}`),
  ].join('\n');
}

/** Throws when the page or frame has a serious or critical violation, naming rule, help and targets. */
export async function assertAccessible(target: Page | Frame, where: string): Promise<void> {
  const violations = await axeViolations(target);
  if (violations.length > 0) throw new Error(describeViolations(where, violations));
}
