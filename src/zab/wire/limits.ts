// Bounds on what the quorum port accepts from a peer (TigerBeetle habit: every length has a named maximum).
import { JUTE_LENGTH_BYTES_MAX } from '../../jute/index.js';

export interface QuorumPacketLimits {
  /** Largest data buffer: proposals carry client writes up to jute.maxbuffer, with headroom for the txn header. */
  readonly dataBytesMax: number;
  /** Largest authinfo vector; the leader sends none, learners forward a request's few ids. */
  readonly authCountMax: number;
  /** Largest scheme or id string inside authinfo. */
  readonly authTextBytesMax: number;
}

export const defaultQuorumPacketLimits: QuorumPacketLimits = {
  dataBytesMax: JUTE_LENGTH_BYTES_MAX,
  authCountMax: 64,
  authTextBytesMax: 4096,
};
