import * as Context from 'effect/Context';
import * as Layer from 'effect/Layer';
import { collectDefaultMetrics, Registry } from 'prom-client';

export interface MetricsService {
  /** Where the app's metrics are registered; served as Prometheus text on `/metrics`. */
  readonly registry: Registry;
}

/**
 * The app's Prometheus registry: every metric it registers, the Node.js process metrics
 * (CPU, memory, event loop lag, GC), and an `app` label on all of them.
 */
export class Metrics extends Context.Tag('@msgstatus/app-runtime/Metrics')<Metrics, MetricsService>() {
  static readonly layer = (app: string): Layer.Layer<Metrics> =>
    Layer.sync(Metrics, () => {
      const registry = new Registry();
      registry.setDefaultLabels({ app });
      collectDefaultMetrics({ register: registry });
      return { registry };
    });
}
