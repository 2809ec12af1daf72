// Four-letter words on the client port: recognising one from the first 4 bytes of a connection, the whitelist
// check, and the exact reply ZooKeeper 3.8 would send (pure; the client-port shell writes it and closes).
import { knownFourLetterWords } from '../config/fourLetterWordWhitelist.js';
import { formatConf } from './fourLetterWords/formatConf.js';
import { formatEnvi } from './fourLetterWords/formatEnvi.js';
import { formatMntr } from './fourLetterWords/formatMntr.js';
import { formatStat } from './fourLetterWords/formatStat.js';
import { ServingMode, type FourLetterWordState } from './fourLetterWords/snapshot.js';

export { NOT_SERVING_TEXT } from './fourLetterWords/formatStat.js';
export { confInfoFromPeerConfig } from './fourLetterWords/formatConf.js';
export { averageLatency } from './fourLetterWords/javaText.js';
export * from './fourLetterWords/snapshot.js';

/** ZooKeeper's name for the telnet interrupt sequence (IAC IP IAC DO), which it treats as a command. */
export const TELNET_CLOSE = 'telnet close';
const TELNET_CLOSE_CODE = 0xfff4fffd | 0;

/** The words rxzk answers; other known words are refused politely (see answerFourLetterWord). */
export const implementedFourLetterWords = ['ruok', 'srvr', 'stat', 'mntr', 'conf', 'envi', 'isro'] as const;

/** `Zookeeper version: ` text: ZooKeeper's `<x.y.z>-<build>, built on <date>` shape, saying it is rxzk. */
export function rxzkVersionText(rxzkVersion: string, builtOn = 'unknown'): string {
  return `3.8.0-rxzk-${rxzkVersion}, built on ${builtOn}`;
}

const wordByCode = new Map<number, string>([
  ...knownFourLetterWords.map((word): [number, string] => [codeOf(word), word]),
  [TELNET_CLOSE_CODE, TELNET_CLOSE],
]);

function codeOf(word: string): number {
  let code = 0;
  for (let i = 0; i < 4; i += 1) code = (code << 8) | (word.charCodeAt(i) & 0xff);
  return code | 0;
}

/** The first 4 bytes of a connection read as ZooKeeper does (a big-endian int32 where a frame length would be):
 *  the command name if it is a known word, undefined for anything else (a normal client's length prefix). */
export function fourLetterWordOf(firstFour: Uint8Array): string | undefined {
  if (firstFour.length < 4) return undefined;
  const view = new DataView(firstFour.buffer, firstFour.byteOffset, 4);
  return wordByCode.get(view.getInt32(0));
}

export type FourLetterWordAnswer =
  /** Write `text` (latin1 = ASCII here), then close. */
  | { readonly kind: 'reply'; readonly text: string }
  /** A known word rxzk does not implement (cons, dump, stmk, ...): close without a reply. */
  | { readonly kind: 'unsupported'; readonly word: string };

export function notWhitelistedText(word: string): string {
  return `${word} is not executed because it is not in the whitelist.\n`;
}

export function answerFourLetterWord(
  word: string,
  state: FourLetterWordState,
  whitelist: ReadonlySet<string>,
): FourLetterWordAnswer {
  if (!whitelist.has(word)) return { kind: 'reply', text: notWhitelistedText(word) };
  const text = replyText(word, state);
  return text === undefined ? { kind: 'unsupported', word } : { kind: 'reply', text };
}

function replyText(word: string, state: FourLetterWordState): string | undefined {
  switch (word) {
    case 'ruok':
      return 'imok';
    case 'srvr':
      return formatStat(state, false);
    case 'stat':
      return formatStat(state, true);
    case 'mntr':
      return formatMntr(state);
    case 'conf':
      return formatConf(state);
    case 'envi':
      return formatEnvi(state.environment);
    case 'isro':
      return isroText(state);
    case TELNET_CLOSE:
      return '';
    default:
      return undefined;
  }
}

function isroText(state: FourLetterWordState): string {
  if (state.serving === undefined) return 'null';
  return state.serving.mode === ServingMode.readOnly ? 'ro' : 'rw';
}
