import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { goToHash } from './pageProbes.js';

/** Debian's chromium (`apt-get install chromium`; `.ci/run` installs it), or the one CHROMIUM_PATH names. */
export function chromiumPath(): string {
  const path = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`no Chromium at ${path}: install Debian's chromium (apt-get install chromium), or set CHROMIUM_PATH`);
  return path;
}

/** A headless Chromium driven by playwright-core, which never downloads a browser of its own. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumPath(),
    // Chromium will not start its sandbox as root, which CI machines run as.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });

export interface PageFigures {
  /** From navigation start to the summary drawn (the page's own mark). */
  readonly firstRenderMs: number;
  /** Chromium's first contentful paint. */
  readonly firstContentfulPaintMs: number;
  /** Until the message index and the problems were read, so search answers. */
  readonly searchReadyMs: number;
  /** The page's JavaScript heap once ready, after a collection. */
  readonly heapMb: number;
  /** The resident memory of the page's renderer process once ready: the document, its DOM and its heap. */
  readonly rendererRssMb: number;
  /** Opening one message: its events read and its timeline drawn. */
  readonly openMessageMs: number;
}

/** The resident memory of the browser's largest renderer (Linux /proc): with one page open, that page's. */
async function largestRendererRss(browser: Browser): Promise<number> {
  const session = await browser.newBrowserCDPSession();
  const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  await session.detach();
  const rss = processInfo
    .filter((process) => process.type === 'renderer')
    .map((process) => {
      const status = readFileSync(`/proc/${process.id}/status`, 'utf8');
      return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) / 1024;
    });
  return Math.max(0, ...rss);
}

/** Opens a report in a fresh page and measures it as a reader meets it; the message opened is the first the search lists. */
export async function measureReportPage(browser: Browser, file: string): Promise<PageFigures> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`file://${file}`, { waitUntil: 'commit' });
  await page.waitForSelector('body[data-search-ready]', { timeout: 600_000 });
  const marks = await page.evaluate(() => ({
    firstRender: performance.getEntriesByName('msgstatus:first-render')[0]!.startTime,
    searchReady: performance.getEntriesByName('msgstatus:search-ready')[0]!.startTime,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
  }));
  const session = await context.newCDPSession(page);
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  const rendererRssMb = await largestRendererRss(browser);
  const messageId = (await page.locator('#messages a.message-link').first().textContent())!;
  const started = Date.now();
  await goToHash(page, `message=${encodeURIComponent(messageId)}`);
  await page.waitForSelector(`article.message[data-message="${messageId}"]`, { timeout: 60_000 });
  const openMessageMs = Date.now() - started;
  await context.close();
  return { firstRenderMs: marks.firstRender, firstContentfulPaintMs: marks.fcp, searchReadyMs: marks.searchReady, heapMb: usedSize / 2 ** 20, rendererRssMb, openMessageMs };
}

/** How long Chromium takes to parse a page to DOMContentLoaded: a page's cost before any of its code. */
export async function measureParsing(browser: Browser, file: string): Promise<number> {
  const page = await browser.newPage();
  await page.goto(`file://${file}`, { waitUntil: 'domcontentloaded', timeout: 600_000 });
  const parsed = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd);
  await page.close();
  return parsed;
}
