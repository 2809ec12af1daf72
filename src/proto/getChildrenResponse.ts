// Reply of getChildren (8).
//   GetChildrenResponse { vector<ustring> children }
import type { RecordCodec } from '../jute/record.js';
import { readPathList, writePathList } from './pathList.js';

export interface GetChildrenResponse {
  readonly children: readonly string[];
}

export const getChildrenResponseCodec: RecordCodec<GetChildrenResponse> = {
  encode(w, v) {
    writePathList(w, v.children);
  },
  decode(r) {
    return { children: readPathList(r) };
  },
};
