// rxzk/testing: the test kit for users — the marbles helper and socketless transports.
export { configureMarbles } from './marbles.js';
export type { ExpectLike, MarblesContext, MarblesTest } from './marbles.js';
export { memoryDuplexPair } from '../../streams/duplex.js';
export { simulateElection, violationsMax } from './simNetwork.js';
export type { SimNetworkConfig, SimReport } from './simNetwork.js';
export { createPrng } from './prng.js';
export type { Prng } from './prng.js';
export { memoryQuorumNetwork } from './memoryQuorum.js';
export type { MemoryQuorumConfig, MemoryQuorumNetwork } from './memoryQuorum.js';
