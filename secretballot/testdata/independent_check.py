# An independent, partial verifier of a plenum election record, written from
# docs/election-record.md alone (not from the Go code): the hash chain, the
# election hash, credentials, ballot signatures, trackers, the last ballot of
# each credential, the lots that break ties, and the result of a vote in which
# no ballot is counted. Usage: independent_check.py DIR
import sys, os, json, hashlib, base64, struct
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
d = sys.argv[1]
H = lambda b: hashlib.sha256(b).digest()
def b64u(s): return base64.urlsafe_b64decode(s + '=' * (-len(s) % 4))
def u32(n): return struct.pack('>I', n)
files = sorted(os.listdir(d))
parent = bytes(32); hashes = []
events = []
for i, f in enumerate(files):
    assert f.startswith('%06d-' % i) and f.endswith('.jsonl'), f
    data = open(os.path.join(d, f), 'rb').read()
    lines = data.split(b'\n'); assert lines[-1] == b''; lines = lines[:-1]
    h = json.loads(lines[0])
    assert b64u(h['parent']) == parent, f
    assert h['height'] == i and f[7:-6] == h['type'] and h['items'] == len(lines) - 1
    parent = H(data); hashes.append(parent)
    events.append((f, h, lines[1:]))
fp = hashes[0]
key = [h for f, h, _ in events if h['type'] == 'election-key'][0]['payload']
eh = hashlib.sha256(b'plenum/secretballot/v1/election' + fp + b64u(key['joint_key']) + u32(len(key['qualified'])) +
     b''.join(u32(j) + b64u(key['verification_keys'][j-1]) for j in key['qualified'])).digest()
creds = [b64u(json.loads(l)) for f, h, items in events if h['type'] == 'credentials' for l in items]
assert all(a < b for a, b in zip(creds, creds[1:]))
creds = set(creds)
trackers = set(); last = {}; cast = 0
for f, h, items in events:
    if h['type'] != 'ballots': continue
    for l in items:
        b = json.loads(l); k = b64u(b['credential']); assert k in creds
        unsigned = l[:-102] + b'}'
        assert l[-102:].startswith(b',"signature":"')
        msg = b'plenum/secretballot/v1/ballot' + eh + H(unsigned)
        Ed25519PublicKey.from_public_bytes(k).verify(b64u(b['signature']), msg)
        t = H(l); assert t not in trackers; trackers.add(t); last[k] = t; cast += 1
end = [h for f, h, _ in events if h['type'] == 'end-ballots'][0]['payload']
assert end == {'cast': cast, 'counted': len(last)}, (end, cast, len(last))
manifest = events[0][1]['payload']['manifest']
results = [h for f, h, _ in events if h['type'] == 'result'][0]['payload']['questions']
if end['counted'] == 0:
    # Section 6.4: nothing counted, nothing mixed or decrypted, every total zero, nobody elected.
    assert [h['type'] for f, h, _ in events[-3:]] == ['end-ballots', 'tally', 'result']
    assert events[-2][1]['payload'] == {'questions': [[] for q in manifest['questions']]}
    for q, r in zip(manifest['questions'], results):
        assert r['ballots'] == 0 and r['totals'] == [0] * len(q['options']), r
        assert r['elected'] == (['no'] if q['kind'] == 'referendum' else []), r
    results = []
for q, r in zip(manifest['questions'], results):
    if q['kind'] == 'referendum': continue
    lot = lambda i: H(b'plenum/secretballot/v1/tie' + eh + u32(len(q['id'].encode())) + q['id'].encode() + u32(i))
    order = sorted(range(len(q['options'])), key=lambda i: (-r['totals'][i], lot(i)))
    assert r['elected'] == [q['options'][i] for i in order[:q['seats']]], (r, order)
print('independent checks passed:', len(files), 'events,', cast, 'ballots,', len(last), 'counted')
