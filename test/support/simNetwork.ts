// The election simulator lives in src/testing (exported through rxzk/testing); tests import it from here.
export { simulateElection, violationsMax } from '../../src/testing/simNetwork.js';
export type { SimNetworkConfig, SimReport } from '../../src/testing/simNetwork.js';
export { createPrng } from '../../src/testing/prng.js';
export type { Prng } from '../../src/testing/prng.js';
