// Quorum-port packet types (quorum-config.md §9.2, Leader.java's constants), as a const table plus names for logs.

export const PacketType = {
  request: 1,
  proposal: 2,
  ack: 3,
  commit: 4,
  ping: 5,
  revalidate: 6,
  sync: 7,
  inform: 8,
  commitAndActivate: 9,
  newLeader: 10,
  followerInfo: 11,
  upToDate: 12,
  diff: 13,
  trunc: 14,
  snap: 15,
  observerInfo: 16,
  leaderInfo: 17,
  ackEpoch: 18,
  informAndActivate: 19,
} as const;
export type PacketType = (typeof PacketType)[keyof typeof PacketType];

const names: Readonly<Record<PacketType, string>> = {
  1: 'REQUEST', 2: 'PROPOSAL', 3: 'ACK', 4: 'COMMIT', 5: 'PING', 6: 'REVALIDATE', 7: 'SYNC', 8: 'INFORM',
  9: 'COMMITANDACTIVATE', 10: 'NEWLEADER', 11: 'FOLLOWERINFO', 12: 'UPTODATE', 13: 'DIFF', 14: 'TRUNC', 15: 'SNAP',
  16: 'OBSERVERINFO', 17: 'LEADERINFO', 18: 'ACKEPOCH', 19: 'INFORMANDACTIVATE',
};

export function isPacketType(value: number): value is PacketType {
  return Number.isInteger(value) && value >= PacketType.request && value <= PacketType.informAndActivate;
}

/** ZooKeeper's name for a type (as its logs print it), or UNKNOWN<n>. */
export function packetTypeName(value: number): string {
  return isPacketType(value) ? names[value] : `UNKNOWN${value}`;
}
