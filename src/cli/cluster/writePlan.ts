// Writes each peer's zoo.cfg and dataDir/myid, creating directories; refuses to overwrite another peer's myid.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { type PeerPlan, myidText, zooCfgText } from './plan.js';

export async function writePlan(plans: readonly PeerPlan[]): Promise<void> {
  for (const peer of plans) {
    await mkdir(peer.dataDir, { recursive: true });
    const myidPath = `${peer.dataDir}/myid`;
    const existing = await readFile(myidPath, 'utf8').catch(() => undefined);
    if (existing !== undefined && existing.trim() !== String(peer.sid)) {
      throw new Error(`${myidPath} says ${existing.trim()}, not ${peer.sid}: is --dir another cluster's directory?`);
    }
    await writeFile(myidPath, myidText(peer));
    await writeFile(peer.cfgPath, zooCfgText(peer, plans));
  }
}
