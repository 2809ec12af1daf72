// Reply of getChildren2 (12).
//   GetChildren2Response { vector<ustring> children; Stat stat }
import type { RecordCodec } from '../jute/record.js';
import { readPathList, writePathList } from './pathList.js';
import { statCodec, type Stat } from './stat.js';

export interface GetChildren2Response {
  readonly children: readonly string[];
  readonly stat: Stat;
}

export const getChildren2ResponseCodec: RecordCodec<GetChildren2Response> = {
  encode(w, v) {
    writePathList(w, v.children);
    statCodec.encode(w, v.stat);
  },
  decode(r) {
    return {
      children: readPathList(r),
      stat: statCodec.decode(r),
    };
  },
};
