// Which request record and which success-response record each OpCode uses, so the client encodes a request and
// decodes its reply, and the server does the opposite, from one table. Ops without a body use emptyRecord.
import { emptyRecord, type RecordCodec } from '../jute/record.js';
import { addWatchRequestCodec } from './addWatchRequest.js';
import { authPacketCodec } from './authPacket.js';
import { checkWatchesRequestCodec } from './checkWatchesRequest.js';
import { create2ResponseCodec } from './create2Response.js';
import { createRequestCodec } from './createRequest.js';
import { createResponseCodec } from './createResponse.js';
import { createTTLRequestCodec } from './createTTLRequest.js';
import { deleteRequestCodec } from './deleteRequest.js';
import { errorResponseCodec } from './errorResponse.js';
import { existsRequestCodec } from './existsRequest.js';
import { existsResponseCodec } from './existsResponse.js';
import { getACLRequestCodec } from './getACLRequest.js';
import { getACLResponseCodec } from './getACLResponse.js';
import { getAllChildrenNumberRequestCodec } from './getAllChildrenNumberRequest.js';
import { getAllChildrenNumberResponseCodec } from './getAllChildrenNumberResponse.js';
import { getChildren2RequestCodec } from './getChildren2Request.js';
import { getChildren2ResponseCodec } from './getChildren2Response.js';
import { getChildrenRequestCodec } from './getChildrenRequest.js';
import { getChildrenResponseCodec } from './getChildrenResponse.js';
import { getDataRequestCodec } from './getDataRequest.js';
import { getDataResponseCodec } from './getDataResponse.js';
import { getEphemeralsRequestCodec } from './getEphemeralsRequest.js';
import { getEphemeralsResponseCodec } from './getEphemeralsResponse.js';
import { multiRequestCodec } from './multiRequest.js';
import { multiResponseCodec } from './multiResponse.js';
import { OpCode } from './opCodes.js';
import { removeWatchesRequestCodec } from './removeWatchesRequest.js';
import { setACLRequestCodec } from './setACLRequest.js';
import { setACLResponseCodec } from './setACLResponse.js';
import { setDataRequestCodec } from './setDataRequest.js';
import { setDataResponseCodec } from './setDataResponse.js';
import { setWatches2Codec } from './setWatches2.js';
import { setWatchesCodec } from './setWatches.js';
import { syncRequestCodec } from './syncRequest.js';
import { syncResponseCodec } from './syncResponse.js';
import { whoAmIResponseCodec } from './whoAmIResponse.js';

export interface OpRecords<Req, Res> {
  readonly request: RecordCodec<Req>;
  readonly response: RecordCodec<Res>;
}

function op<Req, Res>(request: RecordCodec<Req>, response: RecordCodec<Res>): OpRecords<Req, Res> {
  return { request, response };
}

export const opRecords = {
  [OpCode.create]: op(createRequestCodec, createResponseCodec),
  [OpCode.delete]: op(deleteRequestCodec, emptyRecord),
  [OpCode.exists]: op(existsRequestCodec, existsResponseCodec),
  [OpCode.getData]: op(getDataRequestCodec, getDataResponseCodec),
  [OpCode.setData]: op(setDataRequestCodec, setDataResponseCodec),
  [OpCode.getACL]: op(getACLRequestCodec, getACLResponseCodec),
  [OpCode.setACL]: op(setACLRequestCodec, setACLResponseCodec),
  [OpCode.getChildren]: op(getChildrenRequestCodec, getChildrenResponseCodec),
  [OpCode.sync]: op(syncRequestCodec, syncResponseCodec),
  [OpCode.ping]: op(emptyRecord, emptyRecord),
  [OpCode.getChildren2]: op(getChildren2RequestCodec, getChildren2ResponseCodec),
  [OpCode.multi]: op(multiRequestCodec, multiResponseCodec),
  [OpCode.create2]: op(createRequestCodec, create2ResponseCodec),
  [OpCode.checkWatches]: op(checkWatchesRequestCodec, emptyRecord),
  [OpCode.removeWatches]: op(removeWatchesRequestCodec, emptyRecord),
  [OpCode.createContainer]: op(createRequestCodec, create2ResponseCodec),
  [OpCode.createTTL]: op(createTTLRequestCodec, create2ResponseCodec),
  [OpCode.multiRead]: op(multiRequestCodec, multiResponseCodec),
  [OpCode.auth]: op(authPacketCodec, emptyRecord),
  [OpCode.setWatches]: op(setWatchesCodec, emptyRecord),
  [OpCode.getEphemerals]: op(getEphemeralsRequestCodec, getEphemeralsResponseCodec),
  [OpCode.getAllChildrenNumber]: op(getAllChildrenNumberRequestCodec, getAllChildrenNumberResponseCodec),
  [OpCode.setWatches2]: op(setWatches2Codec, emptyRecord),
  [OpCode.addWatch]: op(addWatchRequestCodec, errorResponseCodec),
  [OpCode.whoAmI]: op(emptyRecord, whoAmIResponseCodec),
  [OpCode.closeSession]: op(emptyRecord, emptyRecord),
} as const;

export type SupportedOpCode = keyof typeof opRecords;
export type RequestOf<K extends SupportedOpCode> =
  (typeof opRecords)[K] extends OpRecords<infer Req, unknown> ? Req : never;
export type ResponseOf<K extends SupportedOpCode> =
  (typeof opRecords)[K] extends OpRecords<unknown, infer Res> ? Res : never;

/** The records of an op type from the wire, or undefined for a type this table does not cover (e.g. sasl). */
export function opRecordsOf(type: number): OpRecords<unknown, unknown> | undefined {
  return Object.hasOwn(opRecords, type) ? (opRecords as Record<number, OpRecords<unknown, unknown>>)[type] : undefined;
}
