// Reconciles this server's client address between the static clientPort/clientPortAddress keys and the `;client`
// part of its own server line (QuorumPeerConfig.setupClientPort).
import { ConfigErrorCode, configError } from './configErrors.js';
import { type HostPort, isWildcardHost, normalizeHost } from './hostAddress.js';
import type { QuorumView } from './quorumView.js';

export interface ResolvedClientAddress {
  readonly view: QuorumView;
  readonly clientAddress: HostPort | undefined;
}

export function resolveClientAddress(
  view: QuorumView,
  myid: bigint | undefined,
  staticAddress: HostPort | undefined,
  /** clientPort given without clientPortAddress: Java's port-only wildcard, which prints differently. */
  staticPortOnly = false,
): ResolvedClientAddress {
  if (myid === undefined) return { view, clientAddress: staticAddress };
  const own = view.servers.get(myid);
  if (own === undefined) return { view, clientAddress: staticAddress };
  if (own.clientAddress !== undefined) {
    if (staticAddress !== undefined && !agrees(staticAddress, own.clientAddress)) {
      throw configError(
        ConfigErrorCode.badServer,
        `client address for this server (id = ${myid}) in static config file is ${javaSocketText(staticAddress, staticPortOnly)} ` +
          `is different from client address found in dynamic file: ${javaSocketText(own.clientAddress)}`,
      );
    }
    return { view, clientAddress: own.clientAddress };
  }
  const servers = new Map(view.servers);
  servers.set(myid, { ...own, clientAddress: staticAddress, clientAddressFromStatic: true });
  return { view: { ...view, servers }, clientAddress: staticAddress };
}

/** A wildcard static address only has to match the port; a specific one must match exactly. */
function agrees(staticAddress: HostPort, lineAddress: HostPort): boolean {
  if (isWildcardHost(staticAddress.host)) return staticAddress.port === lineAddress.port;
  return normalizeHost(staticAddress.host) === normalizeHost(lineAddress.host) && staticAddress.port === lineAddress.port;
}

/** InetSocketAddress.toString: "/127.0.0.1:2181" for literals, "0.0.0.0/0.0.0.0:2181" for a port-only wildcard. */
function javaSocketText(address: HostPort, portOnly = false): string {
  if (portOnly) return `0.0.0.0/0.0.0.0:${address.port}`;
  const literal = /^[0-9.]+$/.test(address.host) || address.host.includes(':');
  return `${literal ? '/' : ''}${address.host}:${address.port}`;
}
