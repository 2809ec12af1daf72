// The CLI's side of the bin's code cache (src/cli/boot.ts): asks the bin to record the cache now. A no-op when the
// CLI runs some other way (tsx, dist/src, tests) or the bin already used a fitting cache.
/** The global the bin sets its hook on: the bin and the bundle are built apart, so they meet through Symbol.for. */
export const recordCodeCacheHook = Symbol.for('rxzk.recordCodeCache');

export function recordCodeCache(): void {
  const record = (globalThis as Record<symbol, unknown>)[recordCodeCacheHook];
  if (typeof record === 'function') record();
}
