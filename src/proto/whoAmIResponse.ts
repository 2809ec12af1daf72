// Reply of whoAmI (107, request has no body): the auth identities the server holds for this connection.
//   ClientInfo { ustring authScheme; ustring user }
//   WhoAmIResponse { vector<ClientInfo> clientInfo }
import type { RecordCodec } from '../jute/record.js';
import { ACL_COUNT_MAX } from './limits.js';

export interface ClientInfo {
  readonly authScheme: string;
  readonly user: string;
}

export interface WhoAmIResponse {
  readonly clientInfo: readonly ClientInfo[];
}

export const whoAmIResponseCodec: RecordCodec<WhoAmIResponse> = {
  encode(w, v) {
    w.writeVector(v.clientInfo, (writer, info) => writer.writeUstring(info.authScheme).writeUstring(info.user));
  },
  decode(r) {
    // One entry per auth identity, as bounded as an ACL list.
    const readInfo = (reader: typeof r): ClientInfo => ({ authScheme: reader.readString(), user: reader.readString() });
    return { clientInfo: r.readList(readInfo, ACL_COUNT_MAX) };
  },
};
