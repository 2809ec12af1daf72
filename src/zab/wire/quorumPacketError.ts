// The one error raised while reading the quorum port: a length, count or type no 3.8 peer would send. Being a
// ProtocolError, the shell treats it as an operating error and closes only the connection that sent it.
import { ProtocolError } from '../../errors.js';

export const QuorumPacketErrorCode = {
  type: 'ZAB_PACKET_TYPE',
  length: 'ZAB_PACKET_LENGTH',
  count: 'ZAB_PACKET_COUNT',
  data: 'ZAB_PACKET_DATA',
} as const;
export type QuorumPacketErrorCode = (typeof QuorumPacketErrorCode)[keyof typeof QuorumPacketErrorCode];

export class QuorumPacketError extends ProtocolError {
  override readonly name: string = 'QuorumPacketError';
  /** Offset in the stream (from the start of the packet) where the bad value sits. */
  readonly offset: number;

  constructor(code: QuorumPacketErrorCode, message: string, offset: number) {
    super(code, `${code}: ${message} at offset ${offset}`);
    this.offset = offset;
  }
}
