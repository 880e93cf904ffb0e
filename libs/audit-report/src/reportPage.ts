import type { ReportPage } from './reportHtml.js';

// The CLI's bundle defines it at build time; run from the sources, the page is bundled on first use.
declare const MSGSTATUS_REPORT_PAGE: ReportPage | undefined;

let built: Promise<ReportPage> | undefined;

/** The page's code and style, bundled into one script and one style sheet. */
export const reportPage = (): Promise<ReportPage> => {
  if (typeof MSGSTATUS_REPORT_PAGE !== 'undefined') return Promise.resolve(MSGSTATUS_REPORT_PAGE);
  built ??= import('./buildReportPage.js').then(({ buildReportPage }) => buildReportPage());
  return built;
};
