// The CLI's side of the bin's code cache (src/cli/boot.ts): asks the bin to record the cache now. A no-op when the
// CLI runs some other way (tsx, dist/src, tests) or the bin already used a fitting cache.
const recordHook = Symbol.for('rxzk.recordCodeCache');

export function recordCodeCache(): void {
  const record = (globalThis as Record<symbol, unknown>)[recordHook];
  if (typeof record === 'function') record();
}
