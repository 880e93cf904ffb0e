import type { CollectedReport } from './collect/AuditCollector.js';
import { dataElement, type ReportSummary } from './reportFormat.js';

/** The page's code and style, bundled (`reportPage`). */
export interface ReportPage {
  readonly script: string;
  readonly style: string;
}

/** Data blocks are inert `<script>` elements: the parser keeps their text as it is, and nothing runs it. */
const blobType = 'application/x-msgstatus+gzip;base64';

const escapeHtml = (text: string): string => text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);

/** JSON inside a script element: `<` escaped so no text in the data can close the element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

const blob = (id: string, bytes: Buffer): string => `<script type="${blobType}" id="${id}">${bytes.toString('base64')}</script>\n`;

// No network, ever: the page may not load or send anything, which the browser enforces.
const contentSecurityPolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function* head(summary: ReportSummary, page: ReportPage): Generator<string> {
  yield '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n';
  yield `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}">\n`;
  yield '<meta name="viewport" content="width=device-width, initial-scale=1">\n';
  yield `<meta name="generator" content="msgstatus ${escapeHtml(summary.version)}">\n`;
  yield `<title>Audit report · ${escapeHtml(summary.input)} · msgstatus</title>\n`;
  yield `<style>${page.style.replace(/<\/style/gi, '<\\/style')}</style>\n</head>\n`;
}

/**
 * The report as HTML text, in pieces: one self-contained file. The summary and the page's code
 * come first, so the page draws the summary while the browser still reads the data behind it.
 */
export function* reportHtml(report: CollectedReport, page: ReportPage): Generator<string> {
  yield* head(report.summary, page);
  yield '<body>\n<noscript><p>This report draws its pages with JavaScript; open it in a browser that runs it.</p></noscript>\n<div id="app"></div>\n';
  yield `<script type="application/json" id="${dataElement.summary}">${scriptJson(report.summary)}</script>\n`;
  yield `<script>${page.script.replace(/<\/script/gi, '<\\/script')}</script>\n`;
  yield blob(dataElement.messages, report.messages);
  yield blob(dataElement.problems, report.problems);
  for (let index = 0; index < report.chunks.length; index++) yield blob(dataElement.chunk(index), report.chunks[index]!);
  yield '</body>\n</html>\n';
}
