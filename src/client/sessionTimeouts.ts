// The Java client's timeout arithmetic (ClientCnxn 3.8), as pure integer functions of the session timeout, so the
// session reducer and its tests agree on when to give up on a server, when to ping and when to call a read dead.

/** The Java client also pings when nothing was sent for longer than this, whatever the session timeout. */
export const PING_SEND_IDLE_MS_MAX = 10_000;
/** Java subtracts this slack from the ping interval once the connection has been send-idle for longer than it. */
const PING_SLACK_MS = 1_000;

/** How long one server may take to accept the TCP connection and answer the handshake. */
export function connectTimeoutMs(sessionTimeoutMs: number, hostCount: number): number {
  return Math.trunc(sessionTimeoutMs / Math.max(1, hostCount));
}

/** Silence from a connected server longer than this means the connection is dead. */
export function readTimeoutMs(sessionTimeoutMs: number): number {
  return Math.trunc((sessionTimeoutMs * 2) / 3);
}

/**
 * Send-idle time at which a ping is due: the smallest idle `s` where Java's
 * `readTimeout/2 - s - (s > 1000 ? 1000 : 0) <= 0`, or where `s > 10000`.
 */
export function pingIdleMs(readTimeout: number): number {
  const half = Math.trunc(readTimeout / 2);
  const due = half <= PING_SLACK_MS ? half : Math.max(PING_SLACK_MS + 1, half - PING_SLACK_MS);
  return Math.min(Math.max(0, due), PING_SEND_IDLE_MS_MAX + 1);
}
