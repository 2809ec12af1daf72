// The narrow port the Zab shells use to reach the network: listen for learners, dial a leader. Real sockets by
// default; tests inject memory duplexes so the whole handshake runs in virtual time.
import { map, type Observable } from 'rxjs';
import { dial, listen, type Duplex, type SocketAddress } from '../../streams/index.js';

export type ByteDuplex = Duplex<Uint8Array, Uint8Array>;

export type QuorumListenEvent =
  | { readonly kind: 'listening'; readonly address: SocketAddress }
  | { readonly kind: 'connection'; readonly connection: ByteDuplex };

export interface QuorumConnector {
  /** Binds on subscribe (or takes a port held open for it, see standingListener.ts); unsubscribing closes every
   *  connection it emitted, and the listener unless it is held. */
  listen(address: SocketAddress): Observable<QuorumListenEvent>;
  /** Emits one connection and stays subscribed while it is open; errors when the dial fails or times out. */
  dial(address: SocketAddress, connectTimeoutMs: number): Observable<ByteDuplex>;
}

export const socketConnector: QuorumConnector = {
  listen: (address) => listen({ host: address.host, port: address.port }).pipe(
    map((event): QuorumListenEvent => event.kind === 'listening' ? event : { kind: 'connection', connection: event.connection })),
  dial: (address, connectTimeoutMs) => dial({ host: address.host, port: address.port, connectTimeoutMs }),
};
