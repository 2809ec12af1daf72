// Loads golden frames from test/fixtures/client/*.json (hex with optional spaces).
import { readFileSync } from 'node:fs';
import { fromHex } from '../jute/hex.js';

interface FixtureFile {
  readonly frames: readonly { readonly name: string; readonly hex: string }[];
}

export function loadFrames(file: string): ReadonlyMap<string, Uint8Array> {
  const url = new URL(`../fixtures/client/${file}`, import.meta.url);
  const parsed = JSON.parse(readFileSync(url, 'utf8')) as FixtureFile;
  return new Map(parsed.frames.map((frame) => [frame.name, fromHex(frame.hex)]));
}

export function frameOf(frames: ReadonlyMap<string, Uint8Array>, name: string): Uint8Array {
  const frame = frames.get(name);
  if (frame === undefined) throw new Error(`no fixture frame ${name}`);
  return frame;
}

/** The payload of a length-prefixed frame, checking that the prefix matches. */
export function payloadOf(frame: Uint8Array): Uint8Array {
  const length = new DataView(frame.buffer, frame.byteOffset).getInt32(0, false);
  if (length !== frame.length - 4) throw new Error(`fixture frame length ${length} != ${frame.length - 4}`);
  return frame.subarray(4);
}
