// Which watchers a notification reaches (ZKWatchManager's rules) and what SetWatches would restore.
import { describe, expect, it } from 'vitest';
import { EventType } from '../../src/proto/index.js';
import { WatchRegistry, type Watcher } from '../../src/client/watchRegistry.js';

const named = (name: string, hits: string[]): Watcher => ({ fire: (n) => void hits.push(`${name}:${n.type}`),
  end: () => undefined });

describe('WatchRegistry', () => {
  it('one-shot watches fire once, by event type', () => {
    const hits: string[] = [];
    const r = new WatchRegistry();
    r.add('data', '/a', named('data', hits));
    r.add('exist', '/b', named('exist', hits));
    r.add('child', '/a', named('child', hits));
    for (const w of r.take({ type: EventType.NodeDataChanged, path: '/a' })) w.fire({ type: 3, path: '/a' });
    expect(hits).toEqual(['data:3']);
    expect(r.take({ type: EventType.NodeDataChanged, path: '/a' })).toEqual([]);
    expect(r.take({ type: EventType.NodeCreated, path: '/b' })).toHaveLength(1);
    expect(r.take({ type: EventType.NodeDeleted, path: '/a' })).toHaveLength(1);
    expect(r.isEmpty()).toBe(true);
  });

  it('persistent watches stay; recursive ones hear descendants but not child-list changes', () => {
    const r = new WatchRegistry();
    const p = named('p', []);
    const rec = named('r', []);
    r.add('persistent', '/a', p);
    r.add('persistentRecursive', '/', rec);
    expect(r.take({ type: EventType.NodeChildrenChanged, path: '/a' })).toEqual([p]);
    expect(r.take({ type: EventType.NodeDataChanged, path: '/a/b/c' })).toEqual([rec]);
    expect(r.take({ type: EventType.NodeDataChanged, path: '/a' })).toEqual([p, rec]);
    expect(r.lists()).toMatchObject({ persistentWatches: ['/a'], persistentRecursiveWatches: ['/'] });
  });

  it('takeAll ends everything (session over)', () => {
    const r = new WatchRegistry();
    r.add('data', '/a', named('a', []));
    r.add('persistent', '/b', named('b', []));
    expect(r.takeAll()).toHaveLength(2);
    expect(r.isEmpty()).toBe(true);
  });

  it('a registry that never had a watch answers every question empty', () => {
    const r = new WatchRegistry();
    expect(r.isEmpty()).toBe(true);
    expect(r.hasPath('/a')).toBe(false);
    expect(r.take({ type: EventType.NodeDeleted, path: '/a' })).toEqual([]);
    expect(r.takeAll()).toEqual([]);
    expect(r.lists()).toEqual({ dataWatches: [], existWatches: [], childWatches: [], persistentWatches: [],
      persistentRecursiveWatches: [] });
    r.remove('data', '/a', named('a', []));
    r.add('child', '/a', named('a', []));
    expect(r.isEmpty()).toBe(false);
    expect(r.hasPath('/a')).toBe(true);
  });
});
