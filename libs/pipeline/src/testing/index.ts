/** Test support for integration tests of the pipeline against a real broker. Not for production code. */
export { brokers, kafkaTestLayer, collectUntil, changeRecordsOf, byMessage, replayOracle, readAll, setUpTopics, waitUntilConsumed, waitUntilIngested, waitUntilProjected, localTopicStorage, uniqueTopics } from './pipelineTestKit.js';
export { rawEventLines, waveEventLines } from './rawEventLines.js';
export { randomSource } from './randomSource.js';
export { SupervisedApp, freePort } from './SupervisedApp.js';
export { appProcess } from './appProcess.js';
export type { AppName } from './SupervisedApp.js';
export { brokerCommand, brokerCommandAsync, localBroker, trustedTlsBroker } from './localBroker.js';
export type { BrokerPlace, TlsBroker } from './localBroker.js';
export { clusterCommand, clusterPorts, clusterState, localCluster } from './localCluster.js';
export type { ClusterPlace, ClusterPorts, ClusterState, PartitionState } from './localCluster.js';
export { Toxiproxy } from './Toxiproxy.js';
export type { Toxic } from './Toxiproxy.js';
export { kafkaProbe } from './kafkaProbe.js';
export type { ProbeResult } from './kafkaProbe.js';
