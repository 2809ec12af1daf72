import { firstValueFrom, filter } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { peerProcessEnv } from '../../src/cli/cluster/peerEnv.js';
import { Supervisor } from '../../src/cli/cluster/supervisor.js';

describe('peerProcessEnv', () => {
  it('drops NODE_EXTRA_CA_CERTS and keeps everything else, without touching the parent', () => {
    const parent = { PATH: '/usr/bin', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt', NODE_OPTIONS: '--x' };
    expect(peerProcessEnv(parent)).toEqual({ PATH: '/usr/bin', NODE_OPTIONS: '--x' });
    expect(parent.NODE_EXTRA_CA_CERTS).toBe('/etc/ssl/certs/ca-certificates.crt');
  });
});

describe('Supervisor', () => {
  it('starts a child with the environment its command gives', async () => {
    const plans = [{ sid: 1 }] as unknown as ConstructorParameters<typeof Supervisor>[0]['plans'];
    const script = 'process.stderr.write(`seen=${process.env.RXZK_SEEN ?? "none"} ca=${process.env.NODE_EXTRA_CA_CERTS ?? "none"}\\n`)';
    const supervisor = new Supervisor({
      plans,
      childCommand: () => ({ command: process.execPath, args: ['-e', script],
        env: peerProcessEnv({ ...process.env, RXZK_SEEN: 'yes', NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem' }) }),
    });
    const line = firstValueFrom(supervisor.events$.pipe(filter((e) => e.kind === 'stderr')));
    supervisor.start(1);
    expect(await line).toEqual({ kind: 'stderr', sid: 1, line: 'seen=yes ca=none' });
    await supervisor.stopAll();
  });
});
