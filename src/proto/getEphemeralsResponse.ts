// Reply of getEphemerals (103): the calling session's ephemeral paths.
//   GetEphemeralsResponse { vector<ustring> ephemerals }
import type { RecordCodec } from '../jute/record.js';
import { readPathList, writePathList } from './pathList.js';

export interface GetEphemeralsResponse {
  readonly ephemerals: readonly string[];
}

export const getEphemeralsResponseCodec: RecordCodec<GetEphemeralsResponse> = {
  encode(w, v) {
    writePathList(w, v.ephemerals);
  },
  decode(r) {
    return { ephemerals: readPathList(r) };
  },
};
