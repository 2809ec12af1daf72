// MultiOperationRecord: the request of multi (14) and multiRead (22).
//   ( MultiHeader{ int type; boolean done=false; int err=-1 } op-record )*  MultiHeader{ -1, true, -1 }
// op-record by type: 1/15/19 CreateRequest, 21 CreateTTLRequest, 2 DeleteRequest, 5 SetDataRequest,
// 13 CheckVersionRequest, 8 GetChildrenRequest, 4 GetDataRequest. Any other type is a protocol error.
import { JuteError, JuteErrorCode } from '../jute/juteError.js';
import type { JuteReader } from '../jute/reader.js';
import type { RecordCodec } from '../jute/record.js';
import type { JuteWriter } from '../jute/writer.js';
import { checkVersionRequestCodec } from './checkVersionRequest.js';
import { createRequestCodec } from './createRequest.js';
import { createTTLRequestCodec } from './createTTLRequest.js';
import { deleteRequestCodec } from './deleteRequest.js';
import { getChildrenRequestCodec } from './getChildrenRequest.js';
import { getDataRequestCodec } from './getDataRequest.js';
import { MULTI_OP_COUNT_MAX } from './limits.js';
import type { MultiOp } from './multi.js';
import { MULTI_END, multiHeaderCodec } from './multiHeader.js';
import { setDataRequestCodec } from './setDataRequest.js';

export interface MultiRequest {
  readonly ops: readonly MultiOp[];
}

function writeOp(w: JuteWriter, op: MultiOp): void {
  multiHeaderCodec.encode(w, { type: op.type, done: false, err: -1 });
  switch (op.type) {
    case 1:
    case 15:
    case 19:
      return createRequestCodec.encode(w, op.request);
    case 21:
      return createTTLRequestCodec.encode(w, op.request);
    case 2:
      return deleteRequestCodec.encode(w, op.request);
    case 5:
      return setDataRequestCodec.encode(w, op.request);
    case 13:
      return checkVersionRequestCodec.encode(w, op.request);
    case 8:
      return getChildrenRequestCodec.encode(w, op.request);
    case 4:
      return getDataRequestCodec.encode(w, op.request);
  }
}

function readOp(r: JuteReader, type: number, at: number): MultiOp {
  switch (type) {
    case 1:
    case 15:
    case 19:
      return { type, request: createRequestCodec.decode(r) };
    case 21:
      return { type, request: createTTLRequestCodec.decode(r) };
    case 2:
      return { type, request: deleteRequestCodec.decode(r) };
    case 5:
      return { type, request: setDataRequestCodec.decode(r) };
    case 13:
      return { type, request: checkVersionRequestCodec.decode(r) };
    case 8:
      return { type, request: getChildrenRequestCodec.decode(r) };
    case 4:
      return { type, request: getDataRequestCodec.decode(r) };
    default:
      throw new JuteError(JuteErrorCode.value, `invalid op type ${type} in a multi request`, at);
  }
}

export const multiRequestCodec: RecordCodec<MultiRequest> = {
  encode(w, v) {
    for (const op of v.ops) writeOp(w, op);
    multiHeaderCodec.encode(w, MULTI_END);
  },
  decode(r) {
    const ops: MultiOp[] = [];
    for (;;) {
      const at = r.offset;
      const header = multiHeaderCodec.decode(r);
      if (header.done) return { ops };
      if (ops.length >= MULTI_OP_COUNT_MAX) {
        throw new JuteError(JuteErrorCode.count, `more than ${MULTI_OP_COUNT_MAX} ops in a multi request`, at);
      }
      ops.push(readOp(r, header.type, at));
    }
  },
};
