// endWithClose: the event that says how a connection ended reaches the reducer before the connection's teardown runs
// (with endWith or catchError it would come after it).
import { Observable, Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { endWithClose } from '../../src/zab/endWithClose.js';

function connection(): { source$: Observable<string>; far: Subject<string>; log: string[] } {
  const far = new Subject<string>();
  const log: string[] = [];
  const source$ = new Observable<string>((subscriber) => {
    const inner = far.subscribe(subscriber);
    return () => {
      inner.unsubscribe();
      log.push('teardown');
    };
  });
  return { source$, far, log };
}

const close = { ended: 'ended', failed: (error: unknown) => `failed: ${(error as Error).message}` };

describe('endWithClose', () => {
  it('passes values through, then the end event, then tears the source down', () => {
    const { source$, far, log } = connection();
    source$.pipe(endWithClose(close)).subscribe({ next: (v) => log.push(v), complete: () => log.push('complete') });
    far.next('packet');
    far.complete();
    expect(log).toEqual(['packet', 'ended', 'complete', 'teardown']);
  });

  it('turns an error into its event before the teardown, and completes', () => {
    const { source$, far, log } = connection();
    source$.pipe(endWithClose(close)).subscribe({ next: (v) => log.push(v), error: () => log.push('error'),
      complete: () => log.push('complete') });
    far.error(new Error('ECONNRESET'));
    expect(log).toEqual(['failed: ECONNRESET', 'complete', 'teardown']);
  });

  it('sends nothing when the subscriber leaves first', () => {
    const { source$, far, log } = connection();
    const subscription = source$.pipe(endWithClose(close)).subscribe((v) => log.push(v));
    subscription.unsubscribe();
    far.complete();
    expect(log).toEqual(['teardown']);
  });
});
