// A thin session client for server tests, on test/proto/rawSession.ts: handshake, create, getData and ping with
// our codecs, and nothing clever (no retries, no xid matching beyond "the next reply is mine"), so a test sees
// exactly what the server sent.
import { encodeRecord } from '../../src/jute/record.js';
import { OPEN_ACL_UNSAFE } from '../../src/proto/acl.js';
import { connectRequestCodec } from '../../src/proto/connectRequest.js';
import { connectResponseCodec, type ConnectResponse } from '../../src/proto/connectResponse.js';
import { JuteReader } from '../../src/jute/reader.js';
import { OpCode } from '../../src/proto/opCodes.js';
import { opRecords } from '../../src/proto/opRecords.js';
import { decodeReply, encodeRequest, readReplyHeader } from '../../src/proto/packet.js';
import { RawSession } from '../proto/rawSession.js';

export interface WireClientConfig {
  readonly port: number;
  readonly timeoutMs?: number;
  readonly sessionId?: bigint;
  readonly passwd?: Uint8Array;
  readonly waitMs?: number;
}

export class WireClient {
  private xid = 0;

  private constructor(readonly raw: RawSession, readonly session: ConnectResponse) {}

  static async connect(config: WireClientConfig): Promise<WireClient> {
    const { port, timeoutMs = 30_000, sessionId = 0n, passwd = new Uint8Array(16), waitMs = 10_000 } = config;
    const raw = await RawSession.open({ host: '127.0.0.1', port, waitMs });
    raw.send('connect', encodeRecord(connectRequestCodec, { protocolVersion: 0, lastZxidSeen: 0n, timeOut: timeoutMs, sessionId, passwd }));
    const reader = new JuteReader(await raw.receive('connectResponse'));
    return new WireClient(raw, connectResponseCodec.decode(reader));
  }

  /** Sends a create (no wait); `reply()` reads the answer. */
  sendCreate(path: string, data: string, flags = 0): void {
    this.xid += 1;
    const body = { path, data: Buffer.from(data), acl: OPEN_ACL_UNSAFE, flags };
    this.raw.send('create', encodeRequest({ xid: this.xid, type: OpCode.create }, opRecords[OpCode.create].request, body));
  }

  /** The created path, or the error code. */
  async create(path: string, data: string, flags = 0): Promise<string | number> {
    this.sendCreate(path, data, flags);
    return this.createReply();
  }

  async createReply(): Promise<string | number> {
    const reply = decodeReply(await this.raw.receive('createReply'), opRecords[OpCode.create].response);
    return reply.ok ? reply.response.path : reply.header.err;
  }

  /** The data as text, or the error code. */
  async getData(path: string): Promise<string | number> {
    this.xid += 1;
    this.raw.send('getData', encodeRequest({ xid: this.xid, type: OpCode.getData }, opRecords[OpCode.getData].request, { path, watch: false }));
    const reply = decodeReply(await this.raw.receive('getDataReply'), opRecords[OpCode.getData].response);
    return reply.ok ? Buffer.from(reply.response.data ?? new Uint8Array()).toString('utf8') : reply.header.err;
  }

  /** The xid of the next reply (-2 for a ping). */
  async ping(): Promise<number> {
    this.raw.send('ping', encodeRequest({ xid: -2, type: OpCode.ping }, opRecords[OpCode.ping].request, {}));
    return readReplyHeader(await this.raw.receive('pingReply')).header.xid;
  }

  close(): void {
    this.raw.close();
  }
}
