// A first taste of rxzk's streams kernel: a framed echo server and a client that keeps reconnecting with doubling
// backoff while the server is down. Run: npx tsx examples/framed-echo.ts
import { filter, map, switchMap, take, tap, type Observable } from 'rxjs';
import { dial, framed, listen, retryBackoff, type ListenEvent, type SocketDuplex } from '../streams/index.js';

const host = '127.0.0.1';
const frameBytesMax = 64 * 1024;
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

const server$: Observable<ListenEvent> = listen({ host, port: 0 });
const subscription = server$.subscribe((event) => {
  if (event.kind === 'listening') {
    console.log(`echo server on ${event.address.host}:${event.address.port}`);
    startClient(event.address.port);
    return;
  }
  const connection = framed(event.connection, { frameBytesMax });
  connection.input$.subscribe((frame) => connection.send(new TextEncoder().encode(`echo: ${text(frame)}`)));
});

function startClient(port: number): void {
  dial({ host, port, connectTimeoutMs: 1000 })
    .pipe(
      retryBackoff({ initialMs: 100, maxMs: 2000, retriesMax: 5 }),
      switchMap((socket: SocketDuplex) => {
        const connection = framed(socket, { frameBytesMax });
        ['hello', 'from', 'rxzk'].forEach((word) => connection.send(new TextEncoder().encode(word)));
        return connection.input$;
      }),
      map(text),
      tap((reply) => console.log(reply)),
      filter((reply) => reply === 'echo: rxzk'),
      take(1),
    )
    .subscribe({ complete: () => subscription.unsubscribe() });
}
