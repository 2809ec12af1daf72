// ZooKeeper's request types (ZooDefs.OpCode) and the reserved xids of the client protocol.

export const OpCode = {
  notification: 0,
  create: 1,
  delete: 2,
  exists: 3,
  getData: 4,
  setData: 5,
  getACL: 6,
  setACL: 7,
  getChildren: 8,
  sync: 9,
  ping: 11,
  getChildren2: 12,
  check: 13,
  multi: 14,
  create2: 15,
  reconfig: 16,
  checkWatches: 17,
  removeWatches: 18,
  createContainer: 19,
  deleteContainer: 20,
  createTTL: 21,
  multiRead: 22,
  auth: 100,
  setWatches: 101,
  sasl: 102,
  getEphemerals: 103,
  getAllChildrenNumber: 104,
  setWatches2: 105,
  addWatch: 106,
  whoAmI: 107,
  createSession: -10,
  closeSession: -11,
  error: -1,
} as const;
export type OpCodeName = keyof typeof OpCode;
export type OpCode = (typeof OpCode)[OpCodeName];

const opCodeNames = new Map<number, OpCodeName>(
  Object.entries(OpCode).map(([name, code]) => [code, name as OpCodeName]),
);

/** The name of a request type, or undefined for a number ZooKeeper does not define. */
export function opCodeName(code: number): OpCodeName | undefined {
  return opCodeNames.get(code);
}

/** Xids with a fixed meaning; normal requests use 1..2^31-1. */
export const Xid = {
  notification: -1,
  ping: -2,
  auth: -4,
  setWatches: -8,
} as const;
export type Xid = (typeof Xid)[keyof typeof Xid];
