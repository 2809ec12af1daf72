// The quorum peer: config -> quorum connections -> election -> role, plus the client port.
export { createPeer } from './peer.js';
export type { CreatePeerOptions, Peer } from './peer.js';
export { statusLogFields } from './status.js';
export type { PeerRole, PeerStatus, PeerVote } from './status.js';
export type { PeerTransport, PeerTransportFactory, PeerTransportOptions } from './peerTransport.js';
