// The ops and results a multi (14) or multiRead (22) carries, as unions keyed by their OpCode, and the reading of
// a reply's results. The codecs are multiRequest.ts and multiResponse.ts.
import type { CheckVersionRequest } from './checkVersionRequest.js';
import type { Create2Response } from './create2Response.js';
import type { CreateRequest } from './createRequest.js';
import type { CreateResponse } from './createResponse.js';
import type { CreateTTLRequest } from './createTTLRequest.js';
import type { DeleteRequest } from './deleteRequest.js';
import type { GetChildrenRequest } from './getChildrenRequest.js';
import type { GetChildrenResponse } from './getChildrenResponse.js';
import type { GetDataRequest } from './getDataRequest.js';
import type { GetDataResponse } from './getDataResponse.js';
import type { OpCode } from './opCodes.js';
import type { SetDataRequest } from './setDataRequest.js';
import type { SetDataResponse } from './setDataResponse.js';

type Op<K extends keyof typeof OpCode> = (typeof OpCode)[K];

export type MultiOp =
  | { readonly type: Op<'create' | 'create2' | 'createContainer'>; readonly request: CreateRequest }
  | { readonly type: Op<'createTTL'>; readonly request: CreateTTLRequest }
  | { readonly type: Op<'delete'>; readonly request: DeleteRequest }
  | { readonly type: Op<'setData'>; readonly request: SetDataRequest }
  | { readonly type: Op<'check'>; readonly request: CheckVersionRequest }
  | { readonly type: Op<'getChildren'>; readonly request: GetChildrenRequest }
  | { readonly type: Op<'getData'>; readonly request: GetDataRequest };

export type MultiResult =
  | { readonly type: Op<'create'>; readonly response: CreateResponse }
  | { readonly type: Op<'create2' | 'createContainer' | 'createTTL'>; readonly response: Create2Response }
  | { readonly type: Op<'delete' | 'check'> }
  | { readonly type: Op<'setData'>; readonly response: SetDataResponse }
  | { readonly type: Op<'getChildren'>; readonly response: GetChildrenResponse }
  | { readonly type: Op<'getData'>; readonly response: GetDataResponse }
  | { readonly type: Op<'error'>; readonly err: number };

export interface MultiFailure {
  readonly index: number;
  readonly err: number;
}

/**
 * A failed write multi comes back with ReplyHeader.err 0 and only error results: 0 before the failing op, its code
 * at the failing op, RUNTIMEINCONSISTENCY (-2) after it. The failure is the first non-zero error result.
 */
export function multiFailure(results: readonly MultiResult[]): MultiFailure | undefined {
  for (const [index, result] of results.entries()) {
    if (result.type === -1 && result.err !== 0) return { index, err: result.err };
  }
  return undefined;
}
