// The multi() vocabulary of the public client and its translation to and from MultiOp/MultiResult records.

import {
  CreateMode, OPEN_ACL_UNSAFE, OpCode, type ACL, type MultiOp, type MultiResult, type Stat,
} from '../proto/index.js';
import type { Chroot } from './chroot.js';

export type TxOp =
  | { readonly op: 'create'; readonly path: string; readonly data?: Uint8Array | string; readonly mode?: CreateMode;
      readonly acl?: readonly ACL[] }
  | { readonly op: 'delete'; readonly path: string; readonly version?: number }
  | { readonly op: 'setData'; readonly path: string; readonly data: Uint8Array | string; readonly version?: number }
  | { readonly op: 'check'; readonly path: string; readonly version: number };

export type TxResult =
  /** `stat` is absent when the server answered with a plain create result. */
  | { readonly op: 'create'; readonly path: string; readonly stat: Stat | undefined }
  | { readonly op: 'delete' }
  | { readonly op: 'setData'; readonly stat: Stat }
  | { readonly op: 'check' };

export function bytesOf(data: Uint8Array | string | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array();
  return typeof data === 'string' ? new TextEncoder().encode(data) : data;
}

export function toMultiOp(op: TxOp, chroot: Chroot): MultiOp {
  const path = chroot.toServer(op.path);
  switch (op.op) {
    case 'create':
      return { type: OpCode.create2, request: { path, data: bytesOf(op.data), acl: op.acl ?? OPEN_ACL_UNSAFE,
        flags: op.mode ?? CreateMode.PERSISTENT } };
    case 'delete':
      return { type: OpCode.delete, request: { path, version: op.version ?? -1 } };
    case 'setData':
      return { type: OpCode.setData, request: { path, data: bytesOf(op.data), version: op.version ?? -1 } };
    case 'check':
      return { type: OpCode.check, request: { path, version: op.version } };
  }
}

export function fromMultiResult(result: MultiResult, chroot: Chroot): TxResult | undefined {
  switch (result.type) {
    case OpCode.create:
      return { op: 'create', path: chroot.fromServer(result.response.path) ?? result.response.path, stat: undefined };
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
      return { op: 'create', path: chroot.fromServer(result.response.path) ?? result.response.path,
        stat: result.response.stat };
    case OpCode.delete:
      return { op: 'delete' };
    case OpCode.check:
      return { op: 'check' };
    case OpCode.setData:
      return { op: 'setData', stat: result.response.stat };
    default:
      return undefined;
  }
}
