// Reads an accepted election connection: first the initial message (bounded by the handshake timeout), then frames
// decoded from the bytes that followed it, on the one subscription the transport allows.
import { Observable, throwError, timeout, type SchedulerLike } from 'rxjs';
import { FrameDecoder } from '../../streams/index.js';
import { ProtocolError } from '../errors.js';
import { InitialMessageParser, type InitialMessage } from './initialMessage.js';

export type AcceptedInput =
  | { readonly kind: 'hello'; readonly message: InitialMessage }
  | { readonly kind: 'frame'; readonly payload: Uint8Array };

export interface ReadAcceptedConfig {
  readonly frameBytesMax: number;
  /** Silence allowed before the initial message is complete (tickTime x syncLimit in ZooKeeper). */
  readonly handshakeTimeoutMs: number;
  readonly scheduler: SchedulerLike;
}

export const HANDSHAKE_TIMEOUT_CODE = 'QUORUM_HANDSHAKE_TIMEOUT';

/** Errors with ProtocolError (bad or late initial message) or FrameLengthError (bad frame). */
export function readAccepted(input$: Observable<Uint8Array>, config: ReadAcceptedConfig): Observable<AcceptedInput> {
  const { frameBytesMax, handshakeTimeoutMs, scheduler } = config;
  const decoded$ = new Observable<AcceptedInput>((subscriber) => {
    const parser = new InitialMessageParser();
    let frames: FrameDecoder | undefined;
    return input$.subscribe({
      next: (chunk) => {
        try {
          let bytes = chunk;
          if (frames === undefined) {
            const result = parser.push(chunk);
            if (result.kind === 'pending') return;
            if (result.kind === 'invalid') throw result.error;
            subscriber.next({ kind: 'hello', message: result.message });
            frames = new FrameDecoder({ frameBytesMax });
            bytes = result.rest;
          }
          for (const payload of frames.push(bytes)) subscriber.next({ kind: 'frame', payload });
        } catch (error) {
          subscriber.error(error);
        }
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
  });
  return decoded$.pipe(timeout({
    first: handshakeTimeoutMs,
    scheduler,
    with: () => throwError(() => new ProtocolError(HANDSHAKE_TIMEOUT_CODE,
      `no complete initial message within ${handshakeTimeoutMs} ms`)),
  }));
}
