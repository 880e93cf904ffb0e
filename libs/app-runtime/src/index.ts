/**
 * What every long-running msgstatus service runs with: `HealthServer` (liveness and readiness
 * over HTTP, for orchestrators) and `jsonLogging` (structured logs). No Kafka, no domain.
 */
export { HealthServer, healthConfig, healthVariables } from './HealthServer.js';
export type { ConfigVariable } from './ConfigVariable.js';
export { Metrics } from './Metrics.js';
export type { MetricsService } from './Metrics.js';
export type { ExtraRoutes, HealthServerService } from './HealthServer.js';
export { jsonLogging, logLevelConfig, logLevelVariables } from './logging.js';
export { failureLine, runApp } from './runApp.js';
