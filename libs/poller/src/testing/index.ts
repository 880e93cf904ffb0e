/** Local servers that play the providers' documented status APIs, quota and errors included. */
export type { FakeApi } from './fakeApiServer.js';
export { startFakeAlphaSmsApi, startFakeEightByEightApi } from './fakeStatusApis.js';
export type { EightByEightStatus } from './fakeStatusApis.js';
export { startFakeInfobipApi } from './fakeInfobipApi.js';
export type { InfobipApi, InfobipCode, InfobipLoggedMessage } from './fakeInfobipApi.js';
export { startFakePlivoApi } from './fakePlivoApi.js';
export type { PlivoMessage } from './fakePlivoApi.js';
export { startFakeSinchApi } from './fakeSinchApi.js';
export type { SinchRecipientStatus } from './fakeSinchApi.js';
export { startFakeTelnyxApi } from './fakeTelnyxApi.js';
export type { TelnyxFakeMessage, TelnyxRecipientStatus } from './fakeTelnyxApi.js';
export { startFakeVonageApi } from './fakeVonageApi.js';
export type { VonageRecord } from './fakeVonageApi.js';
