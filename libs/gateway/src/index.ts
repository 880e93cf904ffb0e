/**
 * The webhook gateway: providers' status callbacks over HTTP to their raw topics, unchanged
 * (forms as a JSON object of their fields), with `provider` and `received-at` headers. Each
 * provider authenticates as its `webhook` says; Kafka acknowledges before the provider hears 200.
 */
export { startGateway } from './runGateway.js';
export type { GatewayOptions } from './runGateway.js';
export { gatewayConfig, gatewayVariables, secretVariable } from './gatewayConfig.js';
export type { GatewaySettings } from './gatewayConfig.js';
export { serveWebhooks } from './GatewayServer.js';
export type { GatewayRequestOutcome } from './GatewayServer.js';
export { webhookVerdict } from './webhookRequest.js';
export type { WebhookRoute, WebhookVerdict } from './webhookRequest.js';
export { coalescedSends } from './coalescedSends.js';
