// Every codec both ways: encode then decode gives the value back, every strict prefix of an encoding is a typed
// JuteError (a truncated frame), and arbitrary bytes either decode or raise a JuteError, never anything else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord, JuteError, type RecordCodec } from '../../src/jute/index.js';
import * as proto from '../../src/proto/index.js';
import * as arb from './arbitraries.js';

interface Case {
  readonly name: string;
  readonly codec: RecordCodec<unknown>;
  readonly value: fc.Arbitrary<unknown>;
  /** Encodings whose last byte is an optional trailer decode fine without it. */
  readonly optionalTrailer?: boolean;
}

function entry<T>(name: string, codec: RecordCodec<T>, value: fc.Arbitrary<T>, optionalTrailer = false): Case {
  return { name, codec: codec as RecordCodec<unknown>, value, optionalTrailer };
}

const passwd = fc.uint8Array({ minLength: 16, maxLength: 16 });
const withReadOnly = <T extends object>(head: fc.Arbitrary<T>) =>
  fc.tuple(head, fc.option(fc.boolean(), { nil: undefined })).map(([value, readOnly]) =>
    readOnly === undefined ? value : { ...value, readOnly },
  );

const cases: readonly Case[] = [
  entry('ConnectRequest', proto.connectRequestCodec, withReadOnly(
    fc.record({ protocolVersion: arb.int, lastZxidSeen: arb.long, timeOut: arb.int, sessionId: arb.long, passwd }),
  ), true),
  entry('ConnectResponse', proto.connectResponseCodec, withReadOnly(
    fc.record({ protocolVersion: arb.int, timeOut: arb.int, sessionId: arb.long, passwd }),
  ), true),
  entry('RequestHeader', proto.requestHeaderCodec, fc.record({ xid: arb.int, type: arb.int })),
  entry('ReplyHeader', proto.replyHeaderCodec, fc.record({ xid: arb.int, zxid: arb.long, err: arb.int })),
  entry('Stat', proto.statCodec, arb.stat),
  entry('WatcherEvent', proto.watcherEventCodec, fc.record({ type: arb.int, state: arb.int, path: arb.path })),
  entry('CreateRequest', proto.createRequestCodec, arb.createRequest),
  entry('CreateTTLRequest', proto.createTTLRequestCodec, arb.createTTLRequest),
  entry('CreateResponse', proto.createResponseCodec, arb.pathOnly),
  entry('Create2Response', proto.create2ResponseCodec, fc.record({ path: arb.path, stat: arb.stat })),
  entry('DeleteRequest', proto.deleteRequestCodec, arb.pathVersion),
  entry('ExistsRequest', proto.existsRequestCodec, arb.pathWatch),
  entry('ExistsResponse', proto.existsResponseCodec, fc.record({ stat: arb.stat })),
  entry('GetDataRequest', proto.getDataRequestCodec, arb.pathWatch),
  entry('GetDataResponse', proto.getDataResponseCodec, fc.record({ data: arb.data, stat: arb.stat })),
  entry('SetDataRequest', proto.setDataRequestCodec, fc.record({ path: arb.path, data: arb.data, version: arb.int })),
  entry('SetDataResponse', proto.setDataResponseCodec, fc.record({ stat: arb.stat })),
  entry('GetACLRequest', proto.getACLRequestCodec, arb.pathOnly),
  entry('GetACLResponse', proto.getACLResponseCodec, fc.record({ acl: arb.acl, stat: arb.stat })),
  entry('SetACLRequest', proto.setACLRequestCodec, fc.record({ path: arb.path, acl: arb.acl, version: arb.int })),
  entry('SetACLResponse', proto.setACLResponseCodec, fc.record({ stat: arb.stat })),
  entry('GetChildrenRequest', proto.getChildrenRequestCodec, arb.pathWatch),
  entry('GetChildrenResponse', proto.getChildrenResponseCodec, fc.record({ children: arb.paths })),
  entry('GetChildren2Request', proto.getChildren2RequestCodec, arb.pathWatch),
  entry('GetChildren2Response', proto.getChildren2ResponseCodec, fc.record({ children: arb.paths, stat: arb.stat })),
  entry('GetAllChildrenNumberRequest', proto.getAllChildrenNumberRequestCodec, arb.pathOnly),
  entry('GetAllChildrenNumberResponse', proto.getAllChildrenNumberResponseCodec, fc.record({ totalNumber: arb.int })),
  entry('SyncRequest', proto.syncRequestCodec, arb.pathOnly),
  entry('SyncResponse', proto.syncResponseCodec, arb.pathOnly),
  entry('CheckVersionRequest', proto.checkVersionRequestCodec, arb.pathVersion),
  entry('CheckWatchesRequest', proto.checkWatchesRequestCodec, arb.pathType),
  entry('RemoveWatchesRequest', proto.removeWatchesRequestCodec, arb.pathType),
  entry('AddWatchRequest', proto.addWatchRequestCodec, fc.record({ path: arb.path, mode: fc.constantFrom(0, 1) })),
  entry('ErrorResponse', proto.errorResponseCodec, fc.record({ err: arb.int })),
  entry('AuthPacket', proto.authPacketCodec, fc.record({ type: fc.constant(0), scheme: arb.text, auth: arb.data })),
  entry('SetWatches', proto.setWatchesCodec, fc.record({
    relativeZxid: arb.long, dataWatches: arb.paths, existWatches: arb.paths, childWatches: arb.paths,
  })),
  entry('SetWatches2', proto.setWatches2Codec, fc.record({
    relativeZxid: arb.long, dataWatches: arb.paths, existWatches: arb.paths, childWatches: arb.paths,
    persistentWatches: arb.paths, persistentRecursiveWatches: arb.paths,
  })),
  entry('GetEphemeralsRequest', proto.getEphemeralsRequestCodec, fc.record({ prefixPath: arb.path })),
  entry('GetEphemeralsResponse', proto.getEphemeralsResponseCodec, fc.record({ ephemerals: arb.paths })),
  entry('WhoAmIResponse', proto.whoAmIResponseCodec, fc.record({
    clientInfo: fc.array(fc.record({ authScheme: arb.text, user: arb.text }), { maxLength: 4 }),
  })),
  entry('MultiHeader', proto.multiHeaderCodec, fc.record({ type: arb.int, done: fc.boolean(), err: arb.int })),
  entry('MultiRequest', proto.multiRequestCodec, fc.record({ ops: fc.array(arb.multiOp, { maxLength: 5 }) })),
  entry('MultiResponse', proto.multiResponseCodec, fc.record({ results: fc.array(arb.multiResult, { maxLength: 5 }) })),
];

function decodeOrJuteError(codec: RecordCodec<unknown>, bytes: Uint8Array): 'decoded' | 'JuteError' {
  try {
    decodeRecord(codec, bytes);
    return 'decoded';
  } catch (error) {
    if (error instanceof JuteError) return 'JuteError';
    throw error;
  }
}

describe.each(cases)('$name', ({ codec, value, optionalTrailer }) => {
  it('round-trips', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(decodeRecord(codec, encodeRecord(codec, v))).toEqual(v);
      }),
    );
  });

  it('refuses every strict prefix of an encoding with a JuteError', () => {
    fc.assert(
      fc.property(value, (v) => {
        const bytes = encodeRecord(codec, v);
        // Without its readOnly trailer a handshake record is the valid old-client form, not a truncation.
        const hasTrailer = optionalTrailer && typeof v === 'object' && v !== null && 'readOnly' in v;
        const last = hasTrailer ? bytes.length - 1 : bytes.length;
        for (let cut = 0; cut < last; cut += 1) {
          expect(decodeOrJuteError(codec, bytes.subarray(0, cut))).toBe('JuteError');
        }
      }),
      { numRuns: 30 },
    );
  });

  it('decodes arbitrary bytes or raises a JuteError, nothing else', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 96 }), (bytes) => void decodeOrJuteError(codec, bytes)));
  });
});
