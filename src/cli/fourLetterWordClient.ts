// Asks a server one four-letter word over a fresh socket and collects the whole reply (the server closes after it).
import { concatMap, lastValueFrom, reduce, timeout } from 'rxjs';
import { dial, type SocketAddress } from '../../streams/index.js';

const REPLY_BYTES_MAX = 1024 * 1024;

export function askFourLetterWord(address: SocketAddress, word: string, timeoutMs = 5000): Promise<string> {
  const reply$ = dial({ host: address.host, port: address.port, connectTimeoutMs: timeoutMs }).pipe(
    concatMap((connection) => {
      connection.send(new TextEncoder().encode(word));
      return connection.input$;
    }),
    reduce((chunks: Uint8Array[], chunk) => {
      const size = chunks.reduce((n, c) => n + c.length, chunk.length);
      if (size > REPLY_BYTES_MAX) throw new Error(`reply to ${word} exceeds ${REPLY_BYTES_MAX} bytes`);
      return [...chunks, chunk];
    }, []),
    timeout(timeoutMs),
  );
  return lastValueFrom(reply$, { defaultValue: [] }).then((chunks) => Buffer.concat(chunks).toString('utf8'));
}

/** Parses `host:port` (IPv6 as `[::1]:port`); the port defaults to ZooKeeper's 2181. */
export function parseHostPort(text: string, defaultPort = 2181): SocketAddress {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const match = bracketed ?? /^([^:]+)(?::(\d+))?$/.exec(text);
  if (match === null) throw new Error(`not a host:port: ${text}`);
  const port = match[2] === undefined ? defaultPort : Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`bad port in ${text}`);
  return { host: match[1] as string, port };
}
