// The transport port of the quorum manager: dial and listen. Real TCP by default; tests inject memory duplexes so
// the manager runs in virtual time.
import { map, type Observable, type SchedulerLike } from 'rxjs';
import { dial, listen, type Duplex, type SocketAddress } from '../../streams/index.js';
import { ACCEPTED_CONNECTIONS_MAX } from './constants.js';

export type QuorumListenEvent =
  | { readonly kind: 'listening'; readonly address: SocketAddress }
  | { readonly kind: 'connection'; readonly connection: Duplex<Uint8Array, Uint8Array> };

export interface QuorumConnector {
  /** One connected byte duplex, or an error after timeoutMs; unsubscribing aborts the dial or closes the link. */
  dial(address: SocketAddress, timeoutMs: number): Observable<Duplex<Uint8Array, Uint8Array>>;
  /** Binds on subscribe (errors on a bind failure), then one event per accepted connection. */
  listen(address: SocketAddress): Observable<QuorumListenEvent>;
}

export interface SocketConnectorConfig {
  readonly scheduler?: SchedulerLike;
  readonly connectionsMax?: number;
}

export function socketConnector(config: SocketConnectorConfig = {}): QuorumConnector {
  const { scheduler, connectionsMax = ACCEPTED_CONNECTIONS_MAX } = config;
  return {
    dial: (address, connectTimeoutMs) =>
      dial({ host: address.host, port: address.port, connectTimeoutMs, ...(scheduler === undefined ? {} : { scheduler }) }),
    listen: (address) =>
      listen({ host: address.host, port: address.port, connectionsMax }).pipe(map((event): QuorumListenEvent => event)),
  };
}
