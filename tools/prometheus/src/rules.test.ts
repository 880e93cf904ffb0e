import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dashboardPath, dashboardQueries } from './dashboardQueries.js';
import { promqlSelectors } from './promqlSelectors.js';

const here = new URL('..', import.meta.url).pathname;
const docs = new URL('../../../docs/operating.md', import.meta.url).pathname;
// Debian's package `prometheus` (.ci/run installs it).
const promtool = '/usr/bin/promtool';

/** Runs promtool in tools/prometheus; its whole output is the failure message when it fails. */
const run = (...args: string[]) => {
  const result = spawnSync(promtool, args, { cwd: here, encoding: 'utf8' });
  if (result.error) throw new Error(`${promtool} could not run (apt-get install prometheus): ${result.error.message}`);
  return { ok: result.status === 0, output: `promtool ${args.join(' ')} exited ${result.status}:\n${result.stdout}${result.stderr}` };
};

interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}
const alerts = (parse(readFileSync(join(here, 'alerts.yml'), 'utf8')) as { groups: Array<{ rules: AlertRule[] }> }).groups.flatMap((group) => group.rules);

/** GitHub's anchor of a Markdown heading. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

describe('the alert rules', () => {
  it('pass promtool check rules', () => {
    const { ok, output } = run('check', 'rules', 'alerts.yml');
    expect(ok, output).toBe(true);
  });

  it('are loaded by the Prometheus of docker-compose.yml (promtool check config prometheus.yml)', () => {
    const { ok, output } = run('check', 'config', 'prometheus.yml');
    expect(ok, output).toBe(true);
    expect(output).toContain('SUCCESS: 1 rule files found');
  });

  it('pass their unit tests (promtool test rules alerts.test.yml)', () => {
    const { ok, output } = run('test', 'rules', 'alerts.test.yml');
    expect(ok, output).toBe(true);
  });

  it('each fire in a unit test on series that should page, and stay silent in one on series that should not', () => {
    const tests = (parse(readFileSync(join(here, 'alerts.test.yml'), 'utf8')) as { tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts?: unknown[] }> }> }).tests;
    const cases = tests.flatMap((test) => test.alert_rule_test ?? []);
    for (const { alert } of alerts) {
      const own = cases.filter((test) => test.alertname === alert);
      expect(own.some((test) => (test.exp_alerts ?? []).length > 0), `${alert} never fires in alerts.test.yml`).toBe(true);
      expect(own.some((test) => (test.exp_alerts ?? []).length === 0), `${alert} is never shown silent in alerts.test.yml`).toBe(true);
    }
  });

  it('each wait (for), say how bad (severity), what to look at (summary, description) and where the runbook is (a section of docs/operating.md)', () => {
    const headings = new Set(
      readFileSync(docs, 'utf8')
        .split('\n')
        .filter((line) => /^#{1,6} /.test(line))
        .map((line) => anchorOf(line.replace(/^#+ /, ''))),
    );
    expect(alerts.length).toBeGreaterThan(0);
    for (const rule of alerts) {
      expect(rule.for, rule.alert).toMatch(/^\d+[smh]$/);
      expect(['critical', 'warning'], rule.alert).toContain(rule.labels?.['severity']);
      expect(rule.annotations?.['summary'], rule.alert).toBeTruthy();
      expect(rule.annotations?.['description'], rule.alert).toBeTruthy();
      const runbook = /^docs\/operating\.md#(.+)$/.exec(rule.annotations?.['runbook_url'] ?? '');
      expect(runbook, `${rule.alert}: runbook_url is not docs/operating.md#<section>`).not.toBeNull();
      expect(headings.has(runbook![1]!), `${rule.alert}: docs/operating.md has no section #${runbook![1]}`).toBe(true);
    }
  });
});

describe('the Grafana dashboard', () => {
  const dashboard = JSON.parse(readFileSync(dashboardPath, 'utf8')) as {
    schemaVersion: number;
    templating: { list: Array<{ name: string; type: string; query: unknown }> };
    panels: Array<{ type: string; title: string; datasource?: { uid: string } }>;
  };

  it('reads its Prometheus from a datasource variable, on every panel', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', query: 'prometheus' }));
    for (const panel of dashboard.panels.filter((panel) => panel.type !== 'row')) expect(panel.datasource?.uid, panel.title).toBe('${DS_PROMETHEUS}');
  });

  it('has only queries that Prometheus parses (promtool check rules on a rules file of them)', () => {
    const queries = dashboardQueries({ rateInterval: '1m', job: 'msgstatus' });
    expect(queries.length).toBeGreaterThan(10);
    for (const query of queries) expect(promqlSelectors(query.expr).length, `${query.panel} ${query.refId}`).toBeGreaterThan(0);
    // A rules file of recording rules, one per query: promtool parses each as Prometheus would. JSON is YAML.
    const rules = queries.map((query, index) => ({ record: `dashboard:query_${index}`, expr: query.expr }));
    const folder = mkdtempSync(join(tmpdir(), 'msgstatus-dashboard-'));
    try {
      const file = join(folder, 'dashboard-queries.yml');
      writeFileSync(file, JSON.stringify({ groups: [{ name: 'dashboard', rules }] }));
      const { ok, output } = run('check', 'rules', file);
      expect(ok, `${output}\n${rules.map((rule) => `${rule.record}: ${rule.expr}`).join('\n')}`).toBe(true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('promqlSelectors', () => {
  it('finds the selectors of an expression, with the labels they match on', () => {
    expect(promqlSelectors('sum by (stage) (rate(a_total{topic=~".*[.]x", stage="s"}[5m])) / on () b unless up{job="m"} offset 5m')).toEqual([
      { text: 'a_total{topic=~".*[.]x", stage="s"}', metric: 'a_total', labels: ['topic', 'stage'] },
      { text: 'b', metric: 'b', labels: [] },
      { text: 'up{job="m"}', metric: 'up', labels: ['job'] },
    ]);
    expect(() => promqlSelectors('sum(rate(a[5m])')).toThrow(/does not parse/);
  });
});
