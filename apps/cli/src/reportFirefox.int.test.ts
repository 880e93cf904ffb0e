import { join } from 'node:path';
import { launchFirefox } from '@msgstatus/audit-report/testing';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportedCorpus } from './testing/reportedCorpus.js';

const output = new URL('../reports/report-firefox/', import.meta.url).pathname;
const { corpus, reportFile, replayed } = reportedCorpus(output);

// The browser test proper runs in Chromium (reportPage.int.test.ts); this one proves the same page
// works in a second engine, as an auditor's own browser may be Firefox.
describe('the audit report in Firefox (Debian firefox-esr, headless, over WebDriver BiDi)', () => {
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchFirefox();
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push((error as Error).message));
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`file://${reportFile}`);
    await page.waitForSelector('body[data-search-ready]');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("shows replay --report's counts", async () => {
    const shown = await page.$$eval('[data-count]', (elements) => elements.map((element) => [element.getAttribute('data-count')!, Number(element.textContent!.replace(/,/g, ''))] as const));
    const counts = Object.fromEntries(shown);
    for (const key of ['raw', 'accepted', 'duplicate', 'stale', 'conflict', 'ignored', 'invalid'] as const) expect(counts[key], key).toBe(replayed[key]);
  });

  it('finds the story by its provider id and draws its events in their lanes', async () => {
    await page.type('#search', corpus.story.providerMessageId.slice(0, 18));
    await page.keyboard.press('Enter');
    await page.waitForSelector(`article.message[data-message="${corpus.story.messageId}"]`);
    const marks = await page.$$eval('svg.timeline a.mark', (elements) =>
      elements.map((element) => ({ line: Number(element.getAttribute('data-line')), lane: element.getAttribute('data-lane'), kind: element.getAttribute('data-kind') })),
    );
    expect(marks).toEqual(corpus.story.events);
    await (await page.$('article.message'))!.screenshot({ path: join(output, 'timeline.png') });
    expect(pageErrors).toEqual([]);
  });
});
