import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, measureParsing, measureReportPage, type PageFigures } from '@msgstatus/audit-report/testing';
import { timedRun } from './timedRun.js';

export interface AuditReportFigures {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly bytes: number;
  readonly events: number;
  readonly messages: number;
  /** Medians of 3 page loads each; null when no Chromium is installed. */
  readonly pages: { readonly large: PageFigures; readonly small: PageFigures; readonly inert: number } | null;
  readonly skipped?: string;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function medianFigures(runs: PageFigures[]): PageFigures {
  const of = (key: keyof PageFigures) => median(runs.map((run) => run[key]));
  return { firstRenderMs: of('firstRenderMs'), firstContentfulPaintMs: of('firstContentfulPaintMs'), searchReadyMs: of('searchReadyMs'), heapMb: of('heapMb'), rendererRssMb: of('rendererRssMb'), openMessageMs: of('openMessageMs') };
}

/**
 * The audit report of the bench's raw events: writing it (against replay of the same file, in the
 * caller), its size, and in headless Chromium the time to first render, to search, to open a
 * message and the page's heap, beside the sample's report and beside Chromium parsing the same
 * bytes with the page's code switched off (what any page of that size costs).
 */
export async function auditReportFigures(bin: string, input: string, sample: string, folder: string): Promise<AuditReportFigures> {
  const large = join(folder, 'report.html');
  const small = join(folder, 'sample.html');
  const written = await timedRun(bin, ['report', input, '--out', large]);
  await timedRun(bin, ['report', sample, '--out', small]);
  const text = readFileSync(large, 'utf8');
  const summary = JSON.parse(/id="msgstatus-summary">(.*?)<\/script>/.exec(text)![1]!) as { events: number; messages: number };
  const inertFile = join(folder, 'inert.html');
  writeFileSync(inertFile, text.replace('</script>\n<script>', '</script>\n<script type="text/plain">'));
  const figures = { ...written, bytes: statSync(large).size, events: summary.events, messages: summary.messages };
  let browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    return { ...figures, pages: null, skipped: (error as Error).message };
  }
  try {
    const runs = { large: [] as PageFigures[], small: [] as PageFigures[], inert: [] as number[] };
    for (let run = 0; run < 3; run++) {
      runs.large.push(await measureReportPage(browser, large));
      runs.small.push(await measureReportPage(browser, small));
      runs.inert.push(await measureParsing(browser, inertFile));
    }
    return { ...figures, pages: { large: medianFigures(runs.large), small: medianFigures(runs.small), inert: median(runs.inert) } };
  } finally {
    await browser.close();
  }
}
