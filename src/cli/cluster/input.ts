// User commands as an Observable: single keys when stdin is a TTY (raw mode), `kill N`-style lines otherwise.
// EOF on a piped stdin completes the stream but does not quit the cluster; only `quit` or a signal does.
import { Observable } from 'rxjs';
import { type ClusterCommand, commandForKey, parseCommandLine } from './commands.js';
import { LineSplitter } from './lineSplitter.js';

export const inputLimits = { lineCharsMax: 1024 } as const;

export interface CommandInput {
  readonly isTTY?: boolean | undefined;
  readonly setRawMode?: ((mode: boolean) => unknown) | undefined;
  setEncoding(encoding: BufferEncoding): unknown;
  on(event: 'data', listener: (chunk: string) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'data', listener: (chunk: string) => void): unknown;
  off(event: 'end' | 'close', listener: () => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

export function commands$(
  input: CommandInput,
  size: number,
  selected: () => number | undefined,
): Observable<ClusterCommand> {
  return new Observable<ClusterCommand>((subscriber) => {
    const raw = input.isTTY === true && input.setRawMode !== undefined;
    const lines = new LineSplitter({ lineCharsMax: inputLimits.lineCharsMax });
    const onData = (chunk: string): void => {
      const commands = raw
        ? [...chunk].map((key) => commandForKey(key, selected(), size))
        : lines.push(chunk).map((line) => parseCommandLine(line, size));
      for (const command of commands) if (command !== undefined) subscriber.next(command);
    };
    const onEnd = (): void => subscriber.complete();
    // An unreadable stdin (closed descriptor, EBADF) means no commands, not a failed cluster.
    const onError = (): void => subscriber.complete();
    if (raw) input.setRawMode?.(true);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.on('end', onEnd);
    input.on('error', onError);
    input.resume();
    return () => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onError);
      if (raw) input.setRawMode?.(false);
      input.pause();
    };
  });
}
