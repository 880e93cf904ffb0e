import { readFileSync } from 'node:fs';

/** One query of a dashboard panel, its Grafana variables replaced by values Prometheus can run. */
export interface DashboardQuery {
  readonly panel: string;
  readonly refId: string;
  readonly expr: string;
}

/** The Grafana dashboard of the msgstatus apps (tools/grafana). */
export const dashboardPath = new URL('../../grafana/msgstatus.json', import.meta.url).pathname;

interface Panel {
  readonly title?: string;
  readonly targets?: ReadonlyArray<{ readonly refId?: string; readonly expr?: string }>;
  readonly panels?: ReadonlyArray<Panel>;
}

/**
 * Every PromQL query of the dashboard's panels (rows' panels included), with `$__rate_interval` and
 * the `$job` variable replaced by `values` (what Grafana would put there), so that promtool and a
 * real Prometheus can run them. A variable left over fails: the test must know each one.
 */
export function dashboardQueries(values: { readonly rateInterval: string; readonly job: string }, path = dashboardPath): DashboardQuery[] {
  const dashboard = JSON.parse(readFileSync(path, 'utf8')) as { readonly panels: ReadonlyArray<Panel> };
  const panels = (list: ReadonlyArray<Panel>): Panel[] => list.flatMap((panel) => [panel, ...panels(panel.panels ?? [])]);
  return panels(dashboard.panels).flatMap((panel) =>
    (panel.targets ?? []).map((target) => {
      const expr = (target.expr ?? '').replaceAll('$__rate_interval', values.rateInterval).replaceAll('$job', values.job);
      if (expr.includes('$')) throw new Error(`panel "${panel.title}" ${target.refId}: a Grafana variable the test does not know: ${expr}`);
      return { panel: panel.title ?? '(untitled)', refId: target.refId ?? '?', expr };
    }),
  );
}
