/**
 * The webhook gateway: providers' status callbacks over HTTP to their raw topics, unchanged
 * (forms as a JSON object of their fields), with `provider` and `received-at` headers. Each
 * provider authenticates as its `webhook` says; Kafka acknowledges before the provider hears 200.
 */
export { startGateway } from './startGateway.js';
export type { GatewayOptions } from './startGateway.js';
export { gatewayConfig, gatewayVariables, previousVariable, secretVariable } from './gatewayConfig.js';
export type { GatewaySettings } from './gatewayConfig.js';
export type { GatewayRequestOutcome, ServedWebhooks } from './serveWebhooks.js';
export type { SecretMatched, WebhookRoute } from './webhookRequest.js';
