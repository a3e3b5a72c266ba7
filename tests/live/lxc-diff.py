#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The differential test of `migsim serve` (docs/serve.md, "The differential
test"): the real `lxc` client types each scenario's commands against
`migsim serve --profile lxd-5.0.2 SCENARIO` and against a real LXD 5.0.2
cluster, and the two transcripts must be identical.

    lxc-diff.py [--incus] [--recorded DIR] MIGSIM LXC CLUSTER_DIR WORK SCENARIO...

--incus: the client is `incus` (INCUS_DIR, INCUS_CONF), the scenarios'
`incus` lines are typed, serve runs `--profile incus-6.0.4` and the cluster
is one `tests/live/incus-cluster.sh up` made.  --recorded DIR: no real
cluster (CLUSTER_DIR is `-`); the real side is DIR/NAME.txt, a transcript
this script wrote as NAME.real.txt on a real cluster (lines starting with
`#` say how it was recorded and are skipped): serve's transcript must equal
it (tests/serve/incus-recorded.sh, suite serve).

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
description), and the architecture; in what `lxc query` prints of an
operation, its id, created_at and updated_at (QUERY_MASK).

A scenario whose start state has more dir pools than `local` gets them on
the real cluster first (`lxc storage create` on each member, then the
cluster-wide create; the put-back deletes them).  Scenarios that cannot
start from the real cluster's state (fault, sleep, state, concurrency,
projects, networks, cluster groups, pools that are not dir pools or no
`pool local dir`) are listed as "not compared" and count as neither passed
nor failed.

After a failed command serve is asked for the other texts LXD may answer
in place of its error (GET /migsim/last-outcome: where LXD walks a Go map,
which key or device it names or in which order it lists instances; a
member's address the model writes as `<address of cluster member "M">`
stands for any host:port), and the real stderr is accepted when it is one
of them, as the scenario runner accepts it (an `accepted` line says so).
A scenario that leaves the member to the scheduler (an evacuation too)
waits 6 s first: LXD counts the instance-creation operations of the last
5 s.

Exit status: 0 identical transcripts for every compared scenario, 1 a
difference (a unified diff of the transcripts is printed; both are kept in
WORK), 2 usage or the real cluster could not be put back.
"""
import difflib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ARGS = sys.argv[1:]
INCUS = ARGS[:1] == ['--incus']
ARGS = ARGS[1:] if INCUS else ARGS
RECORDED = ARGS[1] if ARGS[:1] == ['--recorded'] and len(ARGS) > 1 else None
ARGS = ARGS[2:] if RECORDED else ARGS
if len(ARGS) < 5:
    print(__doc__.split('\n\n')[1], file=sys.stderr)
    sys.exit(2)
MIGSIM, LXC, CLUSTER, WORK = ARGS[:4]
SCENARIOS = ARGS[4:]
# the client's word in scenario lines, its environment variables, the
# member directories of live-cluster.sh, the release serve answers as
CLIENT, ENV, MEMBER_DIR, PROFILE = ('incus', 'INCUS', 'incus', 'incus-6.0.4') if INCUS else \
    ('lxc', 'LXD', 'lxd', 'lxd-5.0.2')
HERE = os.path.dirname(os.path.realpath(__file__))
MEMBERS = ['m1', 'm2', 'm3']
TIMEOUT = 120
# member -> "ADDR:PORT" of the real cluster, which serve lists as its
# members' addresses (migsim serve --advertise)
ADDRESSES = {}

SHOW_LOG_HINT = re.compile(r'^Try `(lxc|incus) info --show-log [^`]*` for more info$')
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
        # more dir pools are made on the real side first (extra_pools)
        if words[0] == 'pool' and not seen_command and (len(words) != 3 or words[2] != 'dir'):
            return 'a pool other than a dir pool'
        if words[0] == CLIENT and not seen_command and start_pools(path) and 'local' not in start_pools(path):
            return 'pools without local'
        if words[0] == CLIENT:
            seen_command = True
            if '--project' in words or 'project' in words[1:2] or words[1:2] == ['network'] or \
                    words[1:3] == ['cluster', 'group'] or '--target-project' in words:
                return 'projects, networks or cluster groups'
    return None


def start_pools(path):
    """The pools the scenario's start state has (`pool NAME dir` lines
    before its first command)."""
    pools = []
    for raw in open(path, encoding='utf-8'):
        words = raw.split()
        if words[:1] == [CLIENT]:
            break
        if words[:1] == ['pool'] and len(words) == 3:
            pools.append(words[1])
    return pools


def placed(steps):
    """Does a command leave the member to the scheduler (init, launch or
    copy without --target, or a cluster evacuation: evacuateClusterMember
    picks each target with GetNodeWithLeastInstances, which counts the
    pending InstanceCreate operations too, lxd/api_cluster.go:2918,
    lxd/db/node.go:1130 at lxd-5.0.2; seen: evacuate-twice-restore-online
    sent e1 to m2 right after a scenario that made instances on m1)?"""
    return any((words[1:2] in (['init'], ['launch'], ['copy']) and '--target' not in words) or
               words[1:3] == ['cluster', 'evacuate'] for _, words in steps)


def commands(path):
    """[(member, words)] of the scenario's lxc lines, with their `on` member."""
    out, member = [], MEMBERS[0]
    for raw in open(path, encoding='utf-8'):
        line = raw.strip()
        if line.startswith('on '):
            member = line.split()[1]
        elif line.startswith(CLIENT + ' '):
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


# In what `lxc query` prints of an operation: its id (LXD: a random UUID,
# serve: a counter) and its times (serve: the epoch); the lines are masked,
# not dropped, so that a field one side lacks still differs.
QUERY_MASK = re.compile(r'^(\t"(?:id|created_at|updated_at)": )"[^"]*"(,?)$')


def query_masked(words, line):
    return QUERY_MASK.sub(r'\1"(masked)"\2', line) if words[1:2] == ['query'] else line


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
        env = dict(os.environ, HOME=self.conf, **{ENV + '_DIR': self.dirs[member], ENV + '_CONF': self.conf})
        try:
            p = subprocess.run([LXC] + args, env=env, capture_output=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            # a client that never returns (subprocess.run killed it) is a
            # difference of its transcript, not the end of the run
            return subprocess.CompletedProcess(args, 'timeout', '', f'(no answer in {TIMEOUT} s)')
        p.stdout, p.stderr = screen(p.stdout), screen(p.stderr)
        return p

    def transcript(self, steps, accept=None):
        """The transcript; with @accept (serve's side), after a failed
        command the other lines LXD may print in place of each of its
        stderr lines go to accept[index] (alternatives())."""
        out = []
        for member, words in steps:
            p = self.lxc(member, words[1:])
            out.append(f'$ [{member}] {shlex.join(words)}')
            out.append(f'exit {p.returncode}')
            out += ['stdout: ' + query_masked(words, l) for l in p.stdout.splitlines()]
            # the client's hint after a failed operation: printed only when
            # the operation was still running at the client's first refresh
            # (client/operations.go:279-299 setupListener, lxc/action.go at
            # lxd-5.0.2, cmd/incus/action.go:324-339 at v6.0.4): timing
            err = ['stderr: ' + l for l in p.stderr.splitlines() if not SHOW_LOG_HINT.match(l)]
            if accept is not None and p.returncode != 0:
                accept[len(out)] = (len(err), self.alternatives(member, err))
            out += err
            lst = self.lxc(member, ['list', '--format', 'json'])
            out.append('list: ' + masked(lst.stdout) + (f' (exit {lst.returncode})' if lst.returncode else ''))
        return out


def alternatives(self, member, err):
    """The stderr lines @err as LXD may print them in their place: serve's
    error text as is or replaced by each other text LXD may answer for the
    same request because it walks a Go map (which key or device an error
    names, in which order it lists instances: GET /migsim/last-outcome,
    serve's own endpoint, docs/serve.md; the alternatives the scenario
    runner accepts too), each a regular expression over the lines, where
    the model's `<address of cluster member "M">` stands for any host:port
    as in the runner (sim/scenario/ms-target.c).  [] when @err does not
    hold serve's error."""
    p = self.lxc(member, ['query', '/migsim/last-outcome'])
    if p.returncode != 0:
        return []
    last = json.loads(p.stdout)
    error = last.get('error') or ''
    # the text as lxc printed it: an error of several lines spans lines
    text = '\n'.join(l[len('stderr: '):] for l in err)
    if not error or error not in text:
        return []
    out = []
    for alt in [error] + (last.get('alternatives') or []):
        pattern = re.escape('\n'.join('stderr: ' + l for l in text.replace(error, alt).split('\n')))
        pattern = re.sub(re.escape(re.escape('<address of cluster member "')) + r'[^"]*' + re.escape(re.escape('">')),
                         lambda m: r'(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):[0-9]+', pattern)
        out.append(re.compile(pattern + r'\Z'))
    return out


Side.alternatives = alternatives


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
        # a protected instance refuses the delete ("Container is protected",
        # lxd/instance_delete.go at lxd-5.0.2; seen: move-protected-copy's
        # put-back): its own key, or a profile's, is overridden first
        if inst.get('expanded_config', {}).get('security.protection.delete', '').lower() in ('true', '1', 'yes', 'on'):
            must(['config', 'set', inst['name'], 'security.protection.delete=false'])
        must(['delete', '--force', inst['name']])
    # profiles before volumes: a profile's disk device keeps its custom volume
    # "in use" (storagePoolVolumeDelete refuses a volume with users,
    # lxd/storage_volumes.go:1811 at lxd-5.0.2; measured: profile-hotplug's put-back
    # failed with "The storage volume is still in use" while profile ph still
    # had d1 on sv); the saved default profile only names saved pools
    for prof in query(real, '/1.0/profiles?recursion=1'):
        if prof['name'] != 'default':
            must(['profile', 'delete', prof['name']])
    must(['query', '-X', 'PUT', '-d', json.dumps(saved['default']), '/1.0/profiles/default'])
    for pool in query(real, '/1.0/storage-pools?recursion=1'):
        for vol in query(real, f'/1.0/storage-pools/{pool["name"]}/volumes/custom?recursion=1') or []:
            # a volume's snapshots are listed too (VOL/SNAP) and go with it
            if '/' in vol['name']:
                continue
            target = ['--target', vol['location']] if vol.get('location') else []
            must(['storage', 'volume', 'delete', pool['name'], vol['name']] + target)
        if pool['name'] not in saved['pools']:
            must(['storage', 'delete', pool['name']])
    must(['query', '-X', 'PUT', '-d', json.dumps({'config': saved['config']}), '/1.0'])


class RealCluster:
    """The real side: a cluster live-cluster.sh brought up, put back after
    each scenario and checked with snapshot.py."""
    def __init__(self):
        env = {}
        for line in open(os.path.join(CLUSTER, 'env'), encoding='utf-8'):
            k, _, v = line.strip().partition('=')
            env[k] = shlex.split(v)[0] if v else ''
        self.socket = env['SOCKET']
        self.side = Side('real', {m: os.path.join(CLUSTER, f'{MEMBER_DIR}{i + 1}') for i, m in enumerate(MEMBERS)},
                         os.path.join(WORK, 'conf-real'))
        for m in query(self.side, '/1.0/cluster/members?recursion=1') or []:
            if m.get('url', '').startswith('https://'):
                ADDRESSES[m['server_name']] = m['url'][len('https://'):]
        fp = query(self.side, '/1.0/images/aliases/bb')['target']
        self.side.lxc(MEMBERS[0], ['image', 'alias', 'create', 'img', fp])
        # MIGSIM_LXC_DIFF_NO_SNAPSHOT=1: the "real" side is a second migsim serve
        # (to try this script itself; snapshot.py reads endpoints serve lacks)
        self.no_snap = os.environ.get('MIGSIM_LXC_DIFF_NO_SNAPSHOT') == '1'
        self.before = self.snap()
        self.saved = {'pools': [p['name'] for p in query(self.side, '/1.0/storage-pools?recursion=1')],
                      'default': {k: v for k, v in query(self.side, '/1.0/profiles/default').items()
                                  if k in ('config', 'description', 'devices')},
                      'config': query(self.side, '/1.0')['config']}

    def snap(self):
        """The cluster's state, without the host's facts in /1.0's
        environment (kernel_features flips while the suite runs)."""
        if self.no_snap:
            return ''
        text = subprocess.run([sys.executable, os.path.join(HERE, 'snapshot.py'), self.socket],
                              capture_output=True, text=True, check=True).stdout
        state = json.loads(text)
        state.get('server', {}).pop('environment', None)
        return json.dumps(state, sort_keys=True, indent=1)

    def prepare(self, path):
        """The scenario's start pools the cluster lacks (dir pools made as
        `lxc storage create` makes one in a cluster: pending on each member,
        then created); the put-back deletes them.  FALSE (with a report)
        when one cannot be made."""
        for pool in start_pools(path):
            if pool in self.saved['pools']:
                continue
            for args in [['storage', 'create', pool, 'dir', '--target', m] for m in MEMBERS] + \
                    [['storage', 'create', pool, 'dir']]:
                p = self.side.lxc(MEMBERS[0], args)
                if p.returncode != 0:
                    print(f'{path}: {CLIENT} {shlex.join(args)}: {p.stderr.strip()}')
                    return False
        return True

    def transcript(self, name, steps):
        return self.side.transcript(steps)

    def reset(self, name):
        """False (with a report) when the cluster cannot be put back."""
        try:
            reset_real(self.side, self.saved)
        except (RuntimeError, TypeError) as e:
            print(f'{name}: the real cluster could not be put back: {e}')
            return False
        after = self.snap()
        if after != self.before:
            print(f'{name}: the real cluster is not as it was before the scenario:')
            subprocess.run([sys.executable, os.path.join(HERE, 'snapshot.py'), '--diff',
                            write(WORK, 'snapshot-before.json', self.before),
                            write(WORK, f'snapshot-{name}.json', after)])
            return False
        return True

    def close(self):
        self.side.lxc(MEMBERS[0], ['image', 'alias', 'delete', 'img'])


class Recording:
    """The real side as recorded: DIR/NAME.txt (--recorded)."""
    def prepare(self, path):
        return True

    def transcript(self, name, steps):
        path = os.path.join(RECORDED, f'{name}.txt')
        with open(path, encoding='utf-8') as f:
            lines = [l.rstrip('\n') for l in f if not l.startswith('#')]
        return [l for l in lines if not (l.startswith('stderr: ') and SHOW_LOG_HINT.match(l[8:]))]

    def reset(self, name):
        return True

    def close(self):
        pass


def serve_transcript(path, steps, accept):
    """The transcript of @steps against `migsim serve PROFILE @path`, or
    None when it does not start; @accept as Side.transcript's."""
    tmp = tempfile.mkdtemp(prefix='msd-')
    advertise = [a for m in MEMBERS for a in ('--advertise', ADDRESSES.get(m, ''))] if ADDRESSES else []
    server = subprocess.Popen([MIGSIM, 'serve', '--profile', PROFILE, '--dir', tmp, *advertise, path],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # serve prints its members, then `serving ...` once it answers
        if not any(line.startswith('serving') for line in server.stdout):
            print(f'{path}: migsim serve did not start: {server.stderr.read()}')
            return None
        sim = Side('serve', {m: os.path.join(tmp, m) for m in MEMBERS}, os.path.join(tmp, 'conf'))
        return sim.transcript(steps, accept)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    os.makedirs(WORK, exist_ok=True)
    real = Recording() if RECORDED else RealCluster()
    failed, compared, skipped = [], 0, []
    for path in SCENARIOS:
        name = os.path.basename(path)[:-4]
        why = not_comparable(path)
        if why:
            skipped.append(f'{name} ({why})')
            continue
        steps = commands(path)
        # the two sides are independent: type them at the same time
        result = {}
        accept = {}
        worker = threading.Thread(target=lambda: result.update(sim=serve_transcript(path, steps, accept)))
        # the scheduler counts the instance-creation operation records of
        # the last 5 s (lxd/operations/operations.go:245 at lxd-5.0.2; the
        # model's "timing:" notes, model/ms-apply.c): the previous
        # scenario's and its put-back's must be gone on the real side
        if placed(steps) and not RECORDED:
            time.sleep(6)
        if not real.prepare(path):
            real.reset(name)
            return 2
        worker.start()
        got_real = real.transcript(name, steps)
        worker.join()
        got_sim = result.get('sim')
        if not real.reset(name):
            return 2
        if got_sim is None:
            failed.append(name)
            continue
        write(WORK, f'{name}.real.txt', '\n'.join(got_real) + '\n')
        write(WORK, f'{name}.serve.txt', '\n'.join(got_sim) + '\n')
        # stderr LXD may print in place of serve's (Go map order, a member's
        # address the model does not know) is taken as the real one's, and said
        for i, (n, others) in sorted(accept.items()):
            real_err, sim_err = got_real[i:i + n], got_sim[i:i + n]
            if real_err != sim_err and any(o.match('\n'.join(real_err)) for o in others) and \
                    all(l.startswith('stderr: ') for l in real_err):
                print(f'accepted  {name}: {real_err!r} (serve: {sim_err!r}; Go map order or an address)')
                got_sim[i:i + n] = real_err
        compared += 1
        if got_real != got_sim:
            failed.append(name)
            print(f'DIFFERENT {name}:')
            sys.stdout.writelines(l + '\n' for l in difflib.unified_diff(
                got_real, got_sim, f'{name} ({"recorded " if RECORDED else ""}{PROFILE})',
                f'{name} (migsim serve)', lineterm='', n=1))
        else:
            print(f'same      {name} ({len(steps)} commands)')
    real.close()
    for s in skipped:
        print(f'not compared: {s}')
    print(f'{CLIENT}-diff: {compared} compared, {len(failed)} different, {len(skipped)} not compared')
    return 1 if failed else 0


def write(work, name, text):
    path = os.path.join(work, name)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    return path


sys.exit(main())
