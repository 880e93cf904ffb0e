import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** What has the keyboard focus in the page. */
export const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    return { id: element?.id ?? null, text: element?.textContent ?? null, line: element?.getAttribute('data-line') ?? null };
  });

/** Sets the location's hash, as following a link does. */
export const goToHash = (page: Page, hash: string) => page.evaluate((value) => void (location.hash = value), hash);

/** axe-core's WCAG 2.2 A and AA rules on the page: the violations, and the rules that passed. */
export async function axeCheck(page: Page): Promise<{ violations: string[]; passed: string[] }> {
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core') });
  return page.evaluate(async () => {
    type Rule = { id: string; nodes: unknown[] };
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Rule[]; passes: Rule[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return { violations: result.violations.map((rule) => `${rule.id} (${rule.nodes.length})`), passed: result.passes.map((rule) => rule.id) };
  });
}

/** What the browser tells a page around printing (`beforeprint`, `afterprint`), as its print dialog would. */
export const printing = (page: Page, phase: 'beforeprint' | 'afterprint') => page.evaluate((name) => void dispatchEvent(new Event(name)), phase);
