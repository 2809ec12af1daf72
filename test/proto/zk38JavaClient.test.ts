// Golden frames written by ZooKeeper 3.8's own Java client (zkCli.sh through a recording proxy, see
// test/fixtures/client/captureJavaClient.ts): our codecs decode every request a real Java client sends and every
// reply the server gave it, and re-encode each to the same bytes. The server side will decode exactly these.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EventType, OpCode, Xid, type RequestHeader } from '../../src/proto/index.js';
import { hex, toHex } from '../support/bytes.js';
import { decodeTranscript, type DecodedFrame, type TranscriptFrame } from './transcript.js';

interface FixtureSession {
  readonly command: string;
  readonly frames: readonly { readonly name: string; readonly from: 'client' | 'server'; readonly hex: string }[];
}

const fixtureUrl = new URL('../fixtures/client/zk38-java-client.json', import.meta.url);
const sessions = (JSON.parse(readFileSync(fixtureUrl, 'utf8')) as { sessions: FixtureSession[] }).sessions;

function transcriptOf(session: FixtureSession): TranscriptFrame[] {
  return session.frames.map((frame) => ({ name: frame.name, from: frame.from, payload: hex(frame.hex) }));
}

function decodedOf(command: string): DecodedFrame[] {
  const session = sessions.find((candidate) => candidate.command === command);
  if (session === undefined) throw new Error(`no session for ${command}`);
  return decodeTranscript(transcriptOf(session));
}

/** The first request after the handshake, as [header, body]. */
function firstRequest(command: string): [RequestHeader | undefined, unknown] {
  const frame = decodedOf(command).find((candidate) => candidate.from === 'client' && candidate.header !== undefined);
  return [frame?.header as RequestHeader | undefined, frame?.body];
}

describe.each(sessions)('zkCli: $command', (session) => {
  it('decodes and re-encodes every frame byte for byte', () => {
    const frames = transcriptOf(session);
    const decoded = decodeTranscript(frames);
    expect(decoded.map((frame) => toHex(frame.reencoded))).toEqual(frames.map((frame) => toHex(frame.payload)));
  });
});

describe('what the Java client sends', () => {
  it('a 45-byte ConnectRequest with the readOnly trailer, and gets 37 bytes back', () => {
    const [connect, response] = decodedOf('create /j hello');
    expect(connect?.body).toMatchObject({ protocolVersion: 0, timeOut: 30000, sessionId: 0n, readOnly: false });
    expect(connect?.reencoded.length).toBe(45);
    expect(response?.reencoded.length).toBe(37);
  });

  it.each([
    ['create -e -s /j/e- x', { xid: 1, type: OpCode.create }, { path: '/j/e-', flags: 3 }],
    ['create -c /jc', { xid: 1, type: OpCode.createContainer }, { path: '/jc', flags: 4 }],
    ['create -t 60000 /jt ttl', { xid: 1, type: OpCode.createTTL }, { path: '/jt', flags: 5, ttl: 60000n }],
    ['get -s -w /j', { xid: 1, type: OpCode.getData }, { path: '/j', watch: true }],
    ['set /j v2', { xid: 1, type: OpCode.setData }, { path: '/j', version: -1 }],
    ['stat /j', { xid: 1, type: OpCode.exists }, { path: '/j', watch: false }],
    ['ls -s -w /j', { xid: 1, type: OpCode.getChildren2 }, { path: '/j', watch: true }],
    ['getAllChildrenNumber /j', { xid: 1, type: OpCode.getAllChildrenNumber }, { path: '/j' }],
    ['getEphemerals /', { xid: 1, type: OpCode.getEphemerals }, { prefixPath: '/' }],
    ['sync /j', { xid: 1, type: OpCode.sync }, { path: '/j' }],
    ['addWatch -m PERSISTENT_RECURSIVE /j', { xid: 1, type: OpCode.addWatch }, { path: '/j', mode: 1 }],
    ['delete /missing', { xid: 1, type: OpCode.delete }, { path: '/missing', version: -1 }],
  ])('%s', (command, header, body) => {
    const [actualHeader, actualBody] = firstRequest(command);
    expect(actualHeader).toEqual(header);
    expect(actualBody).toMatchObject(body);
  });

  it('auth, removeWatches, whoAmI and closeSession in a live session, with a notification before a reply', () => {
    const session = sessions.find((candidate) => candidate.command.startsWith('interactive:'));
    if (session === undefined) throw new Error('no interactive session');
    const decoded = decodeTranscript(transcriptOf(session));
    const requests = decoded.filter((frame) => frame.from === 'client' && frame.header !== undefined);
    const types = requests.map((frame) => (frame.header as RequestHeader).type);
    expect(types).toContain(OpCode.auth);
    expect(types).toContain(OpCode.removeWatches);
    expect(types.at(-1)).toBe(OpCode.closeSession);
    const auth = requests.find((frame) => (frame.header as RequestHeader).type === OpCode.auth);
    expect(auth?.header).toEqual({ xid: Xid.auth, type: OpCode.auth });
    expect(auth?.body).toEqual({ type: 0, scheme: 'digest', auth: new TextEncoder().encode('rxzk:secret') });
    const replies = decoded.filter((frame) => frame.from === 'server');
    const notification = replies.find((frame) => frame.header?.xid === Xid.notification);
    expect(notification?.body).toEqual({ type: EventType.NodeChildrenChanged, state: 3, path: '/j' });
    const whoAmIXid = requests.find((frame) => (frame.header as RequestHeader).type === OpCode.whoAmI)?.header?.xid;
    const whoAmI = replies.find((frame) => frame.header?.xid === whoAmIXid);
    expect(whoAmI?.body).toEqual({
      clientInfo: [
        { authScheme: 'ip', user: '127.0.0.1' },
        { authScheme: 'digest', user: 'rxzk' },
      ],
    });
  });
});
