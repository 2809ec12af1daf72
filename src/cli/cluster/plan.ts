// The cluster's layout: per peer its sid, loopback ports, directories and zoo.cfg text. Pure; writePlan.ts does IO.
import type { ClusterArgs } from './args.js';

/** Every peer listens here and nowhere else: the cluster never binds a non-loopback address. */
export const clusterHost = '127.0.0.1';

export interface PeerPlan {
  readonly sid: number;
  readonly clientPort: number;
  readonly quorumPort: number;
  readonly electionPort: number;
  readonly peerDir: string;
  readonly dataDir: string;
  readonly cfgPath: string;
}

export type ClusterShape = Pick<ClusterArgs, 'size' | 'clientPortBase' | 'quorumPortBase' | 'electionPortBase'>;

export function planCluster(args: ClusterShape, dir: string): PeerPlan[] {
  const base = dir.replace(/\/+$/, '') || '/';
  return Array.from({ length: args.size }, (_, index) => {
    const sid = index + 1;
    const peerDir = `${base}/peer${sid}`;
    return {
      sid,
      clientPort: args.clientPortBase + index,
      quorumPort: args.quorumPortBase + index,
      electionPort: args.electionPortBase + index,
      peerDir,
      dataDir: `${peerDir}/data`,
      cfgPath: `${peerDir}/zoo.cfg`,
    };
  });
}

/** One peer's zoo.cfg. A one-peer cluster sets standaloneEnabled=false so it still runs an election. */
export function zooCfgText(peer: PeerPlan, all: readonly PeerPlan[]): string {
  const lines = [
    `# rxzk cluster: peer ${peer.sid} of ${all.length}`,
    'tickTime=2000',
    'initLimit=10',
    'syncLimit=5',
    `dataDir=${peer.dataDir}`,
    `clientPort=${peer.clientPort}`,
    `clientPortAddress=${clusterHost}`,
    '4lw.commands.whitelist=*',
    ...(all.length === 1 ? ['standaloneEnabled=false'] : []),
    ...all.map((p) => `server.${p.sid}=${clusterHost}:${p.quorumPort}:${p.electionPort}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function myidText(peer: PeerPlan): string {
  return `${peer.sid}\n`;
}
