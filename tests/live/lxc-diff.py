#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The differential test of `migsim serve` (docs/serve.md, "The differential
test"): the real `lxc` client types each scenario's commands against
`migsim serve --profile lxd-5.0.2 SCENARIO` and against a real LXD 5.0.2
cluster, and the two transcripts must be identical.

    lxc-diff.py MIGSIM LXC CLUSTER_DIR WORK SCENARIO...

CLUSTER_DIR is a cluster `tests/live/lxd-cluster.sh up` brought up (members
m1..m3, pool `local` (dir), the image alias `bb`); this script adds the alias
`img` the scenarios name, and after each scenario puts the cluster back as
it was (restores evacuated members, deletes instances, custom volumes,
profiles and pools it did not have, restores the default profile and the
server config) and checks that with tests/live/snapshot.py.

A transcript is, per command: the command and the member it is typed on,
lxc's exit code, its stdout and stderr, then `lxc list --format json` on that
member with only these fields masked (MASK below; they differ between any
two LXD clusters): created_at, last_used_at, the state (pids, counters),
volatile.* and image.* config keys (uuids, fingerprints, the image's own
description), and the architecture.

Scenarios that cannot start from the real cluster's state (fault, sleep,
state, concurrency, projects, networks, cluster groups, pools other than
`local dir` before the first command) are listed as "not compared" and
count as neither passed nor failed.

Exit status: 0 identical transcripts for every compared scenario, 1 a
difference (a unified diff of the transcripts is printed; both are kept in
WORK), 2 usage or the real cluster could not be put back.
"""
import difflib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading

if len(sys.argv) < 6:
    print(__doc__.split('\n\n')[1], file=sys.stderr)
    sys.exit(2)
MIGSIM, LXC, CLUSTER, WORK = sys.argv[1:5]
SCENARIOS = sys.argv[5:]
HERE = os.path.dirname(os.path.realpath(__file__))
MEMBERS = ['m1', 'm2', 'm3']
TIMEOUT = 120

# Fields masked in `lxc list --format json` (documented in docs/serve.md).
MASK_TOP = ('created_at', 'last_used_at', 'state', 'architecture', 'snapshots', 'backups')
MASK_PREFIX = ('volatile.', 'image.')


def not_comparable(path):
    """Why the scenario cannot start from the real cluster, or None."""
    seen_command = False
    for raw in open(path, encoding='utf-8'):
        line = raw.strip()
        words = line.split()
        if not words or line.startswith('#'):
            continue
        if words[0] in ('fault', 'sleep', 'state', 'wait', 'step'):
            return f'a {words[0]} line'
        if line.endswith('&'):
            return 'concurrent commands'
        if words[0] == 'members' and words[1:] != MEMBERS:
            return 'members other than m1 m2 m3'
        if words[0] == 'pool' and not seen_command and words[1:] != ['local', 'dir']:
            return 'a pool other than local dir'
        if words[0] == 'lxc':
            seen_command = True
            if '--project' in words or 'project' in words[1:2] or words[1:2] == ['network'] or \
                    words[1:3] == ['cluster', 'group'] or '--target-project' in words:
                return 'projects, networks or cluster groups'
    return None


def commands(path):
    """[(member, words)] of the scenario's lxc lines, with their `on` member."""
    out, member = [], MEMBERS[0]
    for raw in open(path, encoding='utf-8'):
        line = raw.strip()
        if line.startswith('on '):
            member = line.split()[1]
        elif line.startswith('lxc '):
            out.append((member, shlex.split(line)))
    return out


def screen(data):
    """What a terminal shows at the end: lxc redraws operation progress
    ("Retrieving image: Unpack: 4% (66.87GB/s)") with carriage returns and
    blanks it when the operation ends, so of each line only the text after
    its last carriage return is kept, and a line that ends blank after one
    is dropped."""
    out = []
    for line in data.decode('utf-8', 'replace').split('\n'):
        last = line.split('\r')[-1]
        if '\r' in line and not last.strip():
            continue
        out.append(last)
    return '\n'.join(out)


def masked(text):
    try:
        insts = json.loads(text)
    except ValueError:
        return text
    for inst in insts:
        for k in MASK_TOP:
            inst.pop(k, None)
        for section in ('config', 'expanded_config'):
            # lxc drops an empty map (omitempty): masking may empty one
            conf = inst.setdefault(section, {})
            for k in list(conf):
                if k.startswith(MASK_PREFIX):
                    del conf[k]
    return json.dumps(insts, sort_keys=True)


class Side:
    def __init__(self, name, dirs, conf):
        self.name, self.dirs, self.conf = name, dirs, conf
        os.makedirs(conf, exist_ok=True)
        self.lxc(MEMBERS[0], ['remote', 'list'])  # lxc's first-run notice

    def lxc(self, member, args):
        env = dict(os.environ, LXD_DIR=self.dirs[member], LXD_CONF=self.conf, HOME=self.conf)
        p = subprocess.run([LXC] + args, env=env, capture_output=True, timeout=TIMEOUT)
        p.stdout, p.stderr = screen(p.stdout), screen(p.stderr)
        return p

    def transcript(self, steps):
        out = []
        for member, words in steps:
            p = self.lxc(member, words[1:])
            out.append(f'$ [{member}] {shlex.join(words)}')
            out.append(f'exit {p.returncode}')
            out += ['stdout: ' + l for l in p.stdout.splitlines()]
            out += ['stderr: ' + l for l in p.stderr.splitlines()]
            lst = self.lxc(member, ['list', '--format', 'json'])
            out.append('list: ' + masked(lst.stdout) + (f' (exit {lst.returncode})' if lst.returncode else ''))
        return out


def query(side, path):
    p = side.lxc(MEMBERS[0], ['query', path])
    return json.loads(p.stdout) if p.returncode == 0 else None


def reset_real(real, saved):
    """Puts the real cluster back as `saved` had it; raises on failure."""
    def must(args, member=MEMBERS[0]):
        p = real.lxc(member, args)
        if p.returncode != 0:
            raise RuntimeError(f'lxc {shlex.join(args)}: {p.stderr.strip()}')
    for m in query(real, '/1.0/cluster/members?recursion=1'):
        if m['status'] == 'Evacuated':
            must(['cluster', 'restore', m['server_name'], '--force'])
    for inst in query(real, '/1.0/instances?recursion=1&all-projects=true'):
        must(['delete', '--force', inst['name']])
    for pool in query(real, '/1.0/storage-pools?recursion=1'):
        for vol in query(real, f'/1.0/storage-pools/{pool["name"]}/volumes/custom?recursion=1') or []:
            target = ['--target', vol['location']] if vol.get('location') else []
            must(['storage', 'volume', 'delete', pool['name'], vol['name']] + target)
        if pool['name'] not in saved['pools']:
            must(['storage', 'delete', pool['name']])
    for prof in query(real, '/1.0/profiles?recursion=1'):
        if prof['name'] != 'default':
            must(['profile', 'delete', prof['name']])
    must(['query', '-X', 'PUT', '-d', json.dumps(saved['default']), '/1.0/profiles/default'])
    must(['query', '-X', 'PUT', '-d', json.dumps({'config': saved['config']}), '/1.0'])


def main():
    os.makedirs(WORK, exist_ok=True)
    env = {}
    for line in open(os.path.join(CLUSTER, 'env'), encoding='utf-8'):
        k, _, v = line.strip().partition('=')
        env[k] = shlex.split(v)[0] if v else ''
    socket = env['SOCKET']
    real = Side('real', {m: os.path.join(CLUSTER, f'lxd{i + 1}') for i, m in enumerate(MEMBERS)},
                os.path.join(WORK, 'conf-real'))
    fp = query(real, '/1.0/images/aliases/bb')['target']
    real.lxc(MEMBERS[0], ['image', 'alias', 'create', 'img', fp])
    # MIGSIM_LXC_DIFF_NO_SNAPSHOT=1: the "real" side is a second migsim serve
    # (to try this script itself; snapshot.py reads endpoints serve lacks)
    no_snap = os.environ.get('MIGSIM_LXC_DIFF_NO_SNAPSHOT') == '1'
    def snap():
        """The cluster's state, without the host's facts in /1.0's
        environment (kernel_features flips while the suite runs)."""
        if no_snap:
            return ''
        text = subprocess.run([sys.executable, os.path.join(HERE, 'snapshot.py'), socket],
                              capture_output=True, text=True, check=True).stdout
        state = json.loads(text)
        state.get('server', {}).pop('environment', None)
        return json.dumps(state, sort_keys=True, indent=1)
    before = snap()
    saved = {'pools': [p['name'] for p in query(real, '/1.0/storage-pools?recursion=1')],
             'default': {k: v for k, v in query(real, '/1.0/profiles/default').items()
                         if k in ('config', 'description', 'devices')},
             'config': query(real, '/1.0')['config']}
    failed, compared, skipped = [], 0, []
    for path in SCENARIOS:
        name = os.path.basename(path)[:-4]
        why = not_comparable(path)
        if why:
            skipped.append(f'{name} ({why})')
            continue
        steps = commands(path)
        tmp = tempfile.mkdtemp(prefix='msd-')
        server = subprocess.Popen([MIGSIM, 'serve', '--profile', 'lxd-5.0.2', '--dir', tmp, path],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            line = server.stdout.readline()
            while line and not line.startswith('serving'):
                line = server.stdout.readline()
            if not line:
                failed.append(name)
                print(f'{name}: migsim serve did not start: {server.stderr.read()}')
                continue
            sim = Side('serve', {m: os.path.join(tmp, m) for m in MEMBERS}, os.path.join(tmp, 'conf'))
            # the two sides are independent: type them at the same time
            result = {}
            worker = threading.Thread(target=lambda: result.update(sim=sim.transcript(steps)))
            worker.start()
            got_real = real.transcript(steps)
            worker.join()
            got_sim = result['sim']
        finally:
            server.terminate()
            server.wait(timeout=10)
            shutil.rmtree(tmp, ignore_errors=True)
        try:
            reset_real(real, saved)
        except (RuntimeError, TypeError) as e:
            print(f'{name}: the real cluster could not be put back: {e}')
            return 2
        after = snap()
        if after != before:
            print(f'{name}: the real cluster is not as it was before the scenario:')
            subprocess.run([sys.executable, os.path.join(HERE, 'snapshot.py'), '--diff',
                            write(WORK, 'snapshot-before.json', before), write(WORK, f'snapshot-{name}.json', after)])
            return 2
        write(WORK, f'{name}.real.txt', '\n'.join(got_real) + '\n')
        write(WORK, f'{name}.serve.txt', '\n'.join(got_sim) + '\n')
        compared += 1
        if got_real != got_sim:
            failed.append(name)
            print(f'DIFFERENT {name}:')
            sys.stdout.writelines(l + '\n' for l in difflib.unified_diff(
                got_real, got_sim, f'{name} (LXD 5.0.2)', f'{name} (migsim serve)', lineterm='', n=1))
        else:
            print(f'same      {name} ({len(steps)} commands)')
    real.lxc(MEMBERS[0], ['image', 'alias', 'delete', 'img'])
    for s in skipped:
        print(f'not compared: {s}')
    print(f'lxc-diff: {compared} compared, {len(failed)} different, {len(skipped)} not compared')
    return 1 if failed else 0


def write(work, name, text):
    path = os.path.join(work, name)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    return path


sys.exit(main())
