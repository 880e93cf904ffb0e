import { copyFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { axeCheck, focused, launchChromium, printing } from '@msgstatus/audit-report/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msgstatusIn, reportedCorpus } from './testing/reportedCorpus.js';

/** The test's output: the corpus, both reports and the screenshots, kept for people to look at. */
const output = new URL('../reports/report-page/', import.meta.url).pathname;
const docsImages = new URL('../../../docs/images/', import.meta.url).pathname;
const { corpus, reportFile, replayed } = reportedCorpus(output);
const { story } = corpus;
const msgstatus = (args: string[]) => msgstatusIn(output, args);

/** A number as the page prints it ("1,234"). */
const numberIn = (text: string | null) => Number((text ?? '').replace(/,/g, ''));

describe('the audit report in a real browser (Debian chromium, headless)', () => {
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`file://${reportFile}`);
    await page.waitForSelector('body[data-search-ready]');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    // The README shows these two pictures; UPDATE_SCREENSHOTS=1 puts the ones this run took there.
    if (process.env['UPDATE_SCREENSHOTS'] === '1') {
      for (const [taken, shown] of [['summary.png', 'report-summary.png'], ['timeline.png', 'report-timeline.png']]) copyFileSync(join(output, taken!), join(docsImages, shown!));
    }
  });

  it('loads nothing but itself, and runs without errors', () => {
    expect(statSync(reportFile).size).toBeGreaterThan(0);
    expect(requests).toEqual([`file://${reportFile}`]);
    expect(pageErrors).toEqual([]);
  });

  it('shows the counts of replay --report', async () => {
    const shown = Object.fromEntries(
      await page.locator('[data-count]').evaluateAll((elements) => elements.map((element) => [element.getAttribute('data-count'), element.textContent])),
    ) as Record<string, string>;
    for (const key of ['raw', 'observations', 'accepted', 'duplicate', 'stale', 'conflict', 'expired', 'ignored', 'invalid'] as const) {
      expect(numberIn(shown[key]!), key).toBe(replayed[key] ?? 0);
    }
    // The per-provider table adds up to the same decisions.
    for (const key of ['accepted', 'duplicate', 'stale', 'conflict', 'ignored', 'invalid'] as const) {
      const cells = await page.locator(`#decisions-by-provider-table tbody td[data-key="${key}"]`).allTextContents();
      expect(cells.reduce((sum, cell) => sum + numberIn(cell), 0), key).toBe(replayed[key]);
    }
    // The items ignored on purpose, by kind, as the report's ignoredEvents.
    const ignored = await page.locator('#ignored-events tbody tr').evaluateAll((rows) => rows.map((row) => [row.querySelector('th')!.textContent, row.querySelector('td')!.textContent]));
    expect(Object.fromEntries(ignored.map(([kind, items]) => [kind, numberIn(items!)]))).toEqual(replayed.ignoredEvents);
    expect(replayed.ignored).toBeGreaterThan(0);
    await page.locator('#summary').screenshot({ path: join(output, 'summary.png') });
  });

  it('lists every anomaly and invalid line of replay --report among the problems', async () => {
    await expect.poll(() => page.locator('#problems [aria-live]').textContent()).toBe(`${replayed.conflict + replayed.invalidLines.length} of ${replayed.conflict + replayed.invalidLines.length} problems`);
    await page.selectOption('#problem-kind', 'conflict');
    await expect.poll(() => page.locator('#problems [aria-live]').textContent()).toMatch(new RegExp(`^${replayed.conflict} of `));
    const firstConflict = replayed.conflicts![0]!;
    await expect.poll(() => page.locator('#problems .problem-row[data-kind="conflict"]').first().textContent()).toContain(`line ${firstConflict.line}`);
    // A row is cut to one line on screen; the focused one is written out whole beneath the list.
    await page.locator('#problems .vlist-row a').first().focus();
    await expect(page.locator('#problems .row-text').textContent()).resolves.toBe(
      `line ${firstConflict.line} · conflict · ${firstConflict.messageId} · ${firstConflict.rule} · ${firstConflict.reason}`,
    );
  });

  it('finds the message with fallback, a conflict and a late receipt by keyboard, from its provider id', async () => {
    // From the top of a freshly opened page, as a reader arrives.
    await page.reload();
    await page.waitForSelector('body[data-search-ready]');
    await page.keyboard.press('Tab');
    await expect.poll(async () => (await focused(page)).text).toBe('Skip to the message search');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await expect.poll(async () => (await focused(page)).id).toBe('search');
    await page.keyboard.type(story.providerMessageId.slice(0, 18));
    await page.keyboard.press('Enter');
    await page.waitForSelector(`article.message[data-message="${story.messageId}"]`);
    const flags = (await page.locator('article.message [data-flags]').getAttribute('data-flags'))!.split(' ');
    expect(flags).toEqual(expect.arrayContaining(['fallback', 'conflict', 'late']));
    // The message's title has the focus; Tab offers a way past the timeline's marks.
    await expect.poll(async () => (await focused(page)).id).toBe('message-title');
    await page.keyboard.press('Tab');
    await expect.poll(async () => (await focused(page)).text).toBe(`Skip the timeline's ${story.events.length} marks, to the table of events`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('8x8 payload');
  });

  it('draws each event in the lane of its attempt and channel, with its decision, and late receipts dashed', async () => {
    const marks = await page.locator('svg.timeline a.mark').evaluateAll((elements) =>
      elements.map((element) => ({ line: Number(element.getAttribute('data-line')), lane: element.getAttribute('data-lane'), kind: element.getAttribute('data-kind'), late: element.getAttribute('data-late') })),
    );
    expect(marks.map(({ line, lane, kind }) => ({ line, lane, kind }))).toEqual(story.events);
    expect(marks.filter((mark) => mark.late === 'true').map((mark) => mark.line)).toEqual([story.events[3]!.line]);
    const lanes = await page.locator('svg.timeline g.lane').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-lane')));
    expect(lanes).toEqual(['attempt 1 · Viber', 'attempt 2 · WhatsApp']);
    // The conflict's row tells the rule and the reason, as `msgstatus timeline` does.
    const conflictLine = story.events[4]!.line;
    const timeline = msgstatus(['timeline', story.messageId, 'corpus.ndjson']).stdout;
    const decision = /decision {5}(.*)$/m.exec(timeline.slice(timeline.indexOf(`line ${conflictLine} `)))![1]!;
    await expect(page.locator(`table.events tr[data-line="${conflictLine}"]`).textContent()).resolves.toContain(decision);
    await page.locator('article.message').screenshot({ path: join(output, 'timeline.png') });
  });

  it('takes a timeline mark to its event row from the keyboard', async () => {
    const mark = page.locator(`svg.timeline a.mark[data-line="${story.events[3]!.line}"]`);
    await mark.focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).line).toBe(String(story.events[3]!.line));
  });

  it('shows a long history a page of rows at a time, and a mark brings its row', async () => {
    await page.locator('#search').fill(corpus.polled.messageId);
    await page.locator('#search').press('Enter');
    await page.waitForSelector(`article.message[data-message="${corpus.polled.messageId}"]`);
    expect(await page.locator('table.events tbody tr').count()).toBe(500);
    await expect(page.locator('article.message button.more').textContent()).resolves.toBe(`Show 500 more of ${corpus.polled.events - 500} events`);
    await page.locator('svg.timeline a.mark').last().focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).line).toBe(String(corpus.text.trimEnd().split('\n').length));
    expect(await page.locator('table.events tbody tr').count()).toBe(corpus.polled.events);
    expect(await page.locator('article.message button.more').isHidden()).toBe(true);
  });

  it('narrows the search to what messages went through, and the list moves by arrow keys', async () => {
    await page.locator('input[name="flag"][value="conflict"]').check();
    await page.locator('#search').fill('');
    await page.locator('#search').press('Enter');
    const withConflicts = [...new Set(replayed.conflicts!.map((conflict) => conflict.messageId))];
    await expect.poll(() => page.locator('#search-status').textContent()).toMatch(new RegExp(`^${withConflicts.length} of `));
    // Enter on a search of many answers gives the list the focus; arrows move it; Enter opens.
    expect(withConflicts).toContain((await focused(page)).text);
    await page.keyboard.press('ArrowDown');
    const second = (await focused(page)).text!;
    expect(withConflicts).toContain(second);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`article.message[data-message="${second}"]`);
    expect((await page.locator('article.message [data-flags]').getAttribute('data-flags'))!.split(' ')).toContain('conflict');
  });

  it('passes axe-core accessibility checks (WCAG 2.2 AA, contrast included)', async () => {
    const { violations, passed } = await axeCheck(page);
    expect(violations).toEqual([]);
    expect(passed).toEqual(expect.arrayContaining(['color-contrast', 'label', 'link-name', 'svg-img-alt', 'bypass', 'scrollable-region-focusable']));
  });

  it('prints without the search and with the open message, as an audit file', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('form.search').isVisible()).toBe(false);
    expect(await page.locator('svg.timeline').isVisible()).toBe(true);
    // Before printing, the lists put their first rows in the page and every raw event opens.
    await printing(page, 'beforeprint');
    const printedProblems = await page.locator('#problems .print-only li').allTextContents();
    expect(printedProblems.length).toBe(Math.min(500, replayed.conflict + replayed.invalidLines.length));
    expect(printedProblems[0]).toMatch(/^line \d+ · (conflict|invalid) · /);
    expect(await page.locator('article.message details:not([open])').count()).toBe(0);
    await page.pdf({ path: join(output, 'report.pdf'), format: 'A4' });
    expect(statSync(join(output, 'report.pdf')).size).toBeGreaterThan(10_000);
    await printing(page, 'afterprint');
    await page.emulateMedia({ media: 'screen' });
  });

  it('opens the report of an empty input without errors, saying there is nothing', async () => {
    writeFileSync(join(output, 'empty.ndjson'), '');
    msgstatus(['report', 'empty.ndjson', '--out', 'empty.html']);
    const empty = await browser.newPage();
    const errors: string[] = [];
    empty.on('pageerror', (error) => errors.push(error.message));
    await empty.goto(`file://${join(output, 'empty.html')}`);
    await empty.waitForSelector('body[data-search-ready]');
    await expect(empty.locator('#search-status').textContent()).resolves.toBe('0 of 0 messages');
    await expect(empty.locator('[data-count="raw"]').textContent()).resolves.toBe('0');
    expect(errors).toEqual([]);
    await empty.close();
  });
});
