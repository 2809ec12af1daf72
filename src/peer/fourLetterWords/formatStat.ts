// `srvr` and `stat` replies in ZooKeeper 3.8's exact layout (StatCommand + ServerStats.toString).
import { javaDoubleText, javaLongHex } from './javaText.js';
import { type ClientConnectionInfo, type FourLetterWordState, ServingMode } from './snapshot.js';

export const NOT_SERVING_TEXT = 'This ZooKeeper instance is not currently serving requests';

/** ` /127.0.0.1:56240[0](queued=0,recved=1,sent=0)`, the brief form `stat` uses. */
export function formatConnectionBrief(connection: ClientConnectionInfo): string {
  const { remoteHost, remotePort, interestOps, queued, received, sent } = connection;
  const host = remoteHost.includes(':') ? `[${remoteHost}]` : remoteHost;
  const ops = interestOps === 0 ? '0' : interestOps.toString(16);
  return ` /${host}:${remotePort}[${ops}](queued=${queued},recved=${received},sent=${sent})`;
}

export function formatStat(state: FourLetterWordState, withClients: boolean): string {
  const stats = state.serving;
  if (stats === undefined) return `${NOT_SERVING_TEXT}\n`;
  const lines = [`Zookeeper version: ${state.version}`];
  if (stats.mode === ServingMode.readOnly) lines.push('READ-ONLY mode; serving only read-only clients');
  if (withClients) {
    lines.push('Clients:', ...stats.connections.map(formatConnectionBrief), '');
  }
  lines.push(
    `Latency min/avg/max: ${stats.latencyMinMs}/${javaDoubleText(stats.latencyAvgMs)}/${stats.latencyMaxMs}`,
    `Received: ${stats.packetsReceived}`,
    `Sent: ${stats.packetsSent}`,
    `Connections: ${stats.aliveConnections}`,
    `Outstanding: ${stats.outstandingRequests}`,
    `Zxid: 0x${javaLongHex(stats.lastProcessedZxid)}`,
    `Mode: ${stats.mode}`,
    `Node count: ${stats.nodeCount}`,
  );
  if (stats.mode === ServingMode.leader) {
    const sizes = stats.proposalSizes ?? { last: -1, min: -1, max: -1 };
    lines.push(`Proposal sizes last/min/max: ${sizes.last}/${sizes.min}/${sizes.max}`);
  }
  return `${lines.join('\n')}\n`;
}
