// The live view on a terminal: redraws the rendered lines in place on the alternate screen, on each change but at
// most once per redrawIntervalMs, and restores the screen and cursor when closed.
import { type SchedulerLike, Subject, asyncScheduler, throttleTime } from 'rxjs';

export interface TtyViewConfig {
  readonly redrawIntervalMs?: number;
  readonly scheduler?: SchedulerLike;
}

export interface TtyOutput {
  write(text: string): unknown;
  readonly columns?: number;
  readonly rows?: number;
}

const esc = {
  enter: '\x1b[?1049h\x1b[?25l',
  leave: '\x1b[?25h\x1b[?1049l',
  home: '\x1b[H',
  clearLine: '\x1b[K',
  clearBelow: '\x1b[J',
} as const;

export interface TtyView {
  show(lines: readonly string[]): void;
  close(): void;
}

export function ttyView(output: TtyOutput, config: TtyViewConfig = {}): TtyView {
  const { redrawIntervalMs = 100, scheduler = asyncScheduler } = config;
  const frames = new Subject<readonly string[]>();
  output.write(esc.enter);
  const drawing = frames
    .pipe(throttleTime(redrawIntervalMs, scheduler, { leading: true, trailing: true }))
    .subscribe((lines) => output.write(frameText(lines, output.columns, output.rows)));
  let closed = false;
  return {
    show: (lines) => frames.next(lines),
    close: () => {
      if (closed) return;
      closed = true;
      drawing.unsubscribe();
      output.write(esc.leave);
    },
  };
}

/** Whole frame from the top-left; each line cut to the width and cleared to its end, then the rest cleared. */
export function frameText(lines: readonly string[], columns = 0, rows = 0): string {
  // A pseudo-terminal nobody sized reports 0 x 0; draw as if it were a roomy one.
  const width = columns > 0 ? columns : 160;
  const height = rows > 0 ? rows : 50;
  const shown = lines.slice(0, Math.max(1, height - 1)).map((line) => line.slice(0, Math.max(1, width - 1)));
  return esc.home + shown.map((line) => line + esc.clearLine).join('\r\n') + esc.clearBelow;
}
