/** Local servers that play the providers' documented status APIs, quota and errors included. */
export { startFakeAlphaSmsApi, startFakeEightByEightApi } from './fakeStatusApis.js';
export type { EightByEightStatus, FakeApi } from './fakeStatusApis.js';
