// What the quorum connection manager reports about its connections, for metrics, logs and the live view.
import type { SocketAddress } from '../../streams/index.js';

/** One message from a peer (or from ourselves, looped back), as the election reads it. */
export interface QuorumMessage {
  readonly sid: bigint;
  readonly payload: Uint8Array;
}

export const LinkDirection = { dialled: 'dialled', accepted: 'accepted' } as const;
export type LinkDirection = (typeof LinkDirection)[keyof typeof LinkDirection];

/** Why an established connection ended. */
export const CloseReason = {
  /** The peer closed it (EOF). */
  eof: 'eof',
  /** A socket error. */
  error: 'error',
  /** A frame length <= 0 or above 524288. */
  badFrame: 'badFrame',
  /** A newer connection to the same sid took over. */
  replaced: 'replaced',
  /** A smaller sid dialled us: we drop this one and dial it ourselves. */
  dialBack: 'dialBack',
  shutdown: 'shutdown',
} as const;
export type CloseReason = (typeof CloseReason)[keyof typeof CloseReason];

/** Why a connection ended before it carried any election message. */
export const HandshakeOutcome = {
  /** We are smaller: our initial message went out, the larger peer will dial back. */
  challengeLost: 'challengeLost',
  /** A smaller peer dialled us: closed, we dial it back. */
  dialBack: 'dialBack',
  ownSid: 'ownSid',
  badHandshake: 'badHandshake',
  handshakeTimeout: 'handshakeTimeout',
  /** Closed by the peer or a socket error before its initial message was complete. */
  eof: 'eof',
  shutdown: 'shutdown',
} as const;
export type HandshakeOutcome = (typeof HandshakeOutcome)[keyof typeof HandshakeOutcome];

export type QuorumConnectionEvent =
  | { readonly kind: 'listening'; readonly address: SocketAddress }
  | { readonly kind: 'listenFailed'; readonly address: SocketAddress; readonly attempt: number; readonly final: boolean;
      readonly error: Error }
  | { readonly kind: 'opened'; readonly sid: bigint; readonly direction: LinkDirection; readonly resent: boolean }
  | { readonly kind: 'closed'; readonly sid: bigint; readonly direction: LinkDirection; readonly reason: CloseReason;
      readonly error?: Error }
  | { readonly kind: 'handshakeClosed'; readonly direction: LinkDirection; readonly outcome: HandshakeOutcome;
      readonly sid?: bigint; readonly error?: Error }
  | { readonly kind: 'dialFailed'; readonly sid: bigint; readonly error: Error }
  | { readonly kind: 'dropped'; readonly queue: 'send' | 'receive'; readonly sid?: bigint; readonly droppedTotal: number };
