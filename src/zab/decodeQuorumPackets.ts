// The push decoder as an operator: byte chunks in, QuorumPackets out; a broken stream errors after the packets that
// preceded the fault, so the shell can close that one connection.
import { Observable, type OperatorFunction } from 'rxjs';
import { defaultQuorumPacketLimits, type QuorumPacketLimits } from './wire/limits.js';
import { QuorumPacketDecoder, type QuorumPacketDecoderConfig } from './wire/packetDecoder.js';
import type { QuorumPacket } from './wire/quorumPacket.js';

export function decodeQuorumPackets(limits: QuorumPacketLimits = defaultQuorumPacketLimits,
  config: QuorumPacketDecoderConfig = {}): OperatorFunction<Uint8Array, QuorumPacket> {
  return (chunks$) => new Observable<QuorumPacket>((subscriber) => {
    const decoder = new QuorumPacketDecoder(limits, config);
    return chunks$.subscribe({
      next: (chunk) => {
        const { packets, error } = decoder.push(chunk);
        for (const packet of packets) {
          if (subscriber.closed) return;
          subscriber.next(packet);
        }
        if (error !== undefined) subscriber.error(error);
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => {
        if (decoder.bufferedBytes > 0) subscriber.error(new Error(`stream ended inside a packet (${decoder.bufferedBytes} bytes)`));
        else subscriber.complete();
      },
    });
  });
}
