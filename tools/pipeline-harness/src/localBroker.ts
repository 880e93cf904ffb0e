// The local broker lives with the test kit, which starts one for tests too; the harness's scripts import it from here.
export { brokerCommand, brokerCommandAsync, localBroker } from '@msgstatus/pipeline/testing';
export type { BrokerPlace } from '@msgstatus/pipeline/testing';
