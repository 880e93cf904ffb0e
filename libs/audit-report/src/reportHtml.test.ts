import { describe, expect, it } from 'vitest';
import type { CollectedReport } from './collect/AuditCollector.js';
import { reportHtml } from './reportHtml.js';

const report = (input: string): CollectedReport => ({
  summary: {
    input,
    version: '1.2.3',
    counts: { raw: 1 },
    ignoredEvents: {},
    decisionsByProvider: {},
    decisionsByChannel: {},
    finals: {},
  finality: {},
    journeys: [],
    messages: 0,
    events: 0,
    problems: 0,
    chunkSize: 2,
    chunks: 2,
    lateAfterMs: 60_000,
  },
  messages: Buffer.from('m'),
  problems: Buffer.from('p'),
  chunks: [Buffer.from('a'), Buffer.from('b')],
});

const html = (input: string, script = 'run()') => [...reportHtml(report(input), { script, style: 'body{}' })].join('');

describe('reportHtml', () => {
  it('forbids the page any network access', () => {
    expect(html('x')).toContain(`content="default-src 'none';`);
  });

  it('puts the summary and the code before the data, and every chunk in its own block', () => {
    const page = html('x');
    expect(page.indexOf('id="msgstatus-summary"')).toBeLessThan(page.indexOf('run()'));
    expect(page.indexOf('run()')).toBeLessThan(page.indexOf('id="msgstatus-messages"'));
    expect(page).toContain(`id="msgstatus-events-1">${Buffer.from('b').toString('base64')}</script>`);
  });

  it('cannot be broken out of by the data or the input name', () => {
    const page = html('</script><script>alert(1)</script>', 'a = "</script>"');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('<title>Audit report · &#60;/script&#62;&#60;script&#62;alert(1)&#60;/script&#62; · msgstatus</title>');
    expect(page.match(/<\/script>/g)).toHaveLength(page.match(/<script/g)!.length);
  });
});
