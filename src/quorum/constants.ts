// ZooKeeper 3.8's fixed numbers for election-port connections (quorum-wire.md §2), named once for codec, rules and shell.

/** Initial message carrying one `host:port` address; what 3.8 sends by default. */
export const PROTOCOL_VERSION_V1 = -65536n;
/** Initial message carrying a `|`-separated address list; sent only with multiAddress.enabled. */
export const PROTOCOL_VERSION_V2 = -65535n;
/** Longest address text accepted in an initial message (Java's maxBuffer). */
export const ADDRESS_BYTES_MAX = 2048;
/** Largest framed election message (Java's PACKETMAXSIZE). */
export const PACKET_BYTES_MAX = 524_288;
/** Per-peer send queue: latest message wins. */
export const SEND_CAPACITY = 1;
/** The merged receive queue shared by all peers. */
export const RECV_CAPACITY = 100;
/** Default TCP connect timeout for election dials (zookeeper.cnxTimeout). */
export const CNX_TIMEOUT_MS_DEFAULT = 5000;
/** Listener bind attempts before giving up (zookeeper.electionPortBindRetry); 0 means forever. */
export const ELECTION_PORT_BIND_RETRY_DEFAULT = 3;
/** Pause between listener bind attempts. */
export const BIND_RETRY_DELAY_MS = 1000;
/** "I have no id" marker in an initial message (Long.MAX_VALUE). */
export const OBSERVER_ID = 0x7fff_ffff_ffff_ffffn;
/** First id handed to an anonymous observer; later ones count down from here. */
export const OBSERVER_ID_COUNTER_START = -1n;
/** Bytes before the address text in a V1/V2 initial message: version, sid, length. */
export const INITIAL_MESSAGE_HEADER_BYTES = 20;
/** Bound on accepted connections held at once per listener (handshaking or established). */
export const ACCEPTED_CONNECTIONS_MAX = 256;
