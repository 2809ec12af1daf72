# Runs one fixed sequence of kazoo (Python ZooKeeper client) calls against the server named in argv[1] and prints
# one JSON line per result, so the same script's output can be compared between rxzk and real ZooKeeper 3.8.
import json
import sys
import threading

from kazoo.client import KazooClient
from kazoo.exceptions import BadVersionError, NoNodeError, NodeExistsError, NotEmptyError

out = []


def record(*items):
    out.append(list(items))


def expect_error(name, fn):
    try:
        fn()
        record(name, 'no error')
    except (BadVersionError, NoNodeError, NodeExistsError, NotEmptyError) as error:
        record(name, type(error).__name__)


zk = KazooClient(hosts=sys.argv[1], timeout=10.0)
zk.start(timeout=10)
zk.create('/k', b'v1')
data, stat = zk.get('/k')
record('get', data.decode(), stat.version, stat.dataLength)
changed = threading.Event()
events = []
zk.get('/k', watch=lambda event: (events.append([event.type, event.path]), changed.set()))
zk.set('/k', b'v2')
record('watch fired', changed.wait(10), events)
expect_error('bad version', lambda: zk.set('/k', b'v3', version=7))
expect_error('exists', lambda: zk.create('/k', b''))
expect_error('no parent', lambda: zk.create('/none/child', b''))
record('seq', zk.create('/k/s-', b'', sequence=True), zk.create('/k/s-', b'', sequence=True))
record('ephemeral', zk.create('/eph', b'e', ephemeral=True), zk.exists('/eph').ephemeralOwner == zk.client_id[0])
record('children', sorted(zk.get_children('/k')))
expect_error('not empty', lambda: zk.delete('/k'))
tx = zk.transaction()
tx.create('/t1', b'a')
tx.set_data('/k', b'v4')
tx.check('/k', 99)
record('failed transaction', [type(r).__name__ for r in tx.commit()], zk.exists('/t1') is None)
tx = zk.transaction()
tx.create('/t1', b'a')
tx.set_data('/k', b'v4')
record('transaction', tx.commit()[0], zk.get('/k')[0].decode())
zk.delete('/k', recursive=True)
record('deleted', zk.exists('/k'))
record('acl', [(a.perms, a.id.scheme, a.id.id) for a in zk.get_acls('/t1')[0]])
record('root', sorted(zk.get_children('/')))
zk.stop()
zk.close()
for line in out:
    print(json.dumps(line))
