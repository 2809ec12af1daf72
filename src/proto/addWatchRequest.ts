// Request of addWatch (106); its reply body is an ErrorResponse with err 0.
//   AddWatchRequest { ustring path; int mode }
import type { RecordCodec } from '../jute/record.js';

export interface AddWatchRequest {
  readonly path: string;
  /** An AddWatchMode value. */
  readonly mode: number;
}

export const addWatchRequestCodec: RecordCodec<AddWatchRequest> = {
  encode(w, v) {
    w.writeUstring(v.path);
    w.writeInt(v.mode);
  },
  decode(r) {
    return {
      path: r.readString(),
      mode: r.readInt(),
    };
  },
};

export const AddWatchMode = { PERSISTENT: 0, PERSISTENT_RECURSIVE: 1 } as const;
export type AddWatchMode = (typeof AddWatchMode)[keyof typeof AddWatchMode];
