// MultiResponse: the reply of multi (14) and multiRead (22).
//   ( MultiHeader{ int type; boolean done=false; int err } result-record )*  MultiHeader{ -1, true, -1 }
// result-record by type: 1 CreateResponse, 15/19/21 Create2Response, 2/13 nothing, 5 SetDataResponse,
// 8 GetChildrenResponse, 4 GetDataResponse, -1 ErrorResponse{ int err } (header err = the same code).
import { JuteError, JuteErrorCode } from '../jute/juteError.js';
import type { JuteReader } from '../jute/reader.js';
import type { RecordCodec } from '../jute/record.js';
import type { JuteWriter } from '../jute/writer.js';
import { create2ResponseCodec } from './create2Response.js';
import { createResponseCodec } from './createResponse.js';
import { errorResponseCodec } from './errorResponse.js';
import { getChildrenResponseCodec } from './getChildrenResponse.js';
import { getDataResponseCodec } from './getDataResponse.js';
import { MULTI_OP_COUNT_MAX } from './limits.js';
import type { MultiResult } from './multi.js';
import { MULTI_END, multiHeaderCodec } from './multiHeader.js';
import { setDataResponseCodec } from './setDataResponse.js';

export interface MultiResponse {
  readonly results: readonly MultiResult[];
}

function writeResult(w: JuteWriter, result: MultiResult): void {
  const err = result.type === -1 ? result.err : 0;
  multiHeaderCodec.encode(w, { type: result.type, done: false, err });
  switch (result.type) {
    case 1:
      return createResponseCodec.encode(w, result.response);
    case 15:
    case 19:
    case 21:
      return create2ResponseCodec.encode(w, result.response);
    case 2:
    case 13:
      return;
    case 5:
      return setDataResponseCodec.encode(w, result.response);
    case 8:
      return getChildrenResponseCodec.encode(w, result.response);
    case 4:
      return getDataResponseCodec.encode(w, result.response);
    case -1:
      return errorResponseCodec.encode(w, { err: result.err });
  }
}

function readResult(r: JuteReader, type: number, at: number): MultiResult {
  switch (type) {
    case 1:
      return { type, response: createResponseCodec.decode(r) };
    case 15:
    case 19:
    case 21:
      return { type, response: create2ResponseCodec.decode(r) };
    case 2:
    case 13:
      return { type };
    case 5:
      return { type, response: setDataResponseCodec.decode(r) };
    case 8:
      return { type, response: getChildrenResponseCodec.decode(r) };
    case 4:
      return { type, response: getDataResponseCodec.decode(r) };
    case -1:
      return { type, err: errorResponseCodec.decode(r).err };
    default:
      throw new JuteError(JuteErrorCode.value, `invalid result type ${type} in a multi reply`, at);
  }
}

export const multiResponseCodec: RecordCodec<MultiResponse> = {
  encode(w, v) {
    for (const result of v.results) writeResult(w, result);
    multiHeaderCodec.encode(w, MULTI_END);
  },
  decode(r) {
    const results: MultiResult[] = [];
    for (;;) {
      const at = r.offset;
      const header = multiHeaderCodec.decode(r);
      if (header.done) return { results };
      if (results.length >= MULTI_OP_COUNT_MAX) {
        throw new JuteError(JuteErrorCode.count, `more than ${MULTI_OP_COUNT_MAX} results in a multi reply`, at);
      }
      results.push(readResult(r, header.type, at));
    }
  },
};
