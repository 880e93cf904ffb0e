import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReplayReport } from '@msgstatus/canonical';
import { auditCorpus, type AuditCorpus } from './auditCorpus.js';

const bin = new URL('../../bin/msgstatus.mjs', import.meta.url).pathname;

/** The CLI, run in `folder`: the page names its input as the user typed it. Throws unless it exits 0. */
export const msgstatusIn = (folder: string, args: ReadonlyArray<string>) => {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: folder, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`msgstatus ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result;
};

export interface ReportedCorpus {
  readonly corpus: AuditCorpus;
  /** `msgstatus report corpus.ndjson --out report.html`, as a path. */
  readonly reportFile: string;
  /** What `msgstatus replay corpus.ndjson --report` says of the same corpus. */
  readonly replayed: ReplayReport;
}

/** A fresh `folder` with the audit corpus (`corpus.ndjson`), its report and replay's report of it. */
export function reportedCorpus(folder: string): ReportedCorpus {
  const corpus = auditCorpus();
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'corpus.ndjson'), corpus.text);
  msgstatusIn(folder, ['report', 'corpus.ndjson', '--out', 'report.html']);
  msgstatusIn(folder, ['replay', 'corpus.ndjson', '--report', 'replay-report.json']);
  const replayed = ReplayReport.parse(JSON.parse(readFileSync(join(folder, 'replay-report.json'), 'utf8')));
  return { corpus, reportFile: join(folder, 'report.html'), replayed };
}
