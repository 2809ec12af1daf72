// Virtual time for shell tests that still use real loopback sockets: the server's timers and clock run on this
// scheduler, and the test moves time forward explicitly while socket IO happens for real (bounded waits).
import { VirtualTimeScheduler } from 'rxjs';

export class ManualClock extends VirtualTimeScheduler {
  /** Runs every timer due within `ms` (periodic ones included), then leaves the clock exactly `ms` later. */
  advanceBy(ms: number): void {
    const target = this.frame + ms;
    this.maxFrames = target;
    this.flush();
    this.frame = target;
  }
}
