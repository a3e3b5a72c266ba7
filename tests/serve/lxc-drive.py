#!/usr/bin/env python3
"""Drives `migsim serve` with the real `lxc` client through a scenario's
commands and checks what lxc prints against the scenario's hand-written
expectations (its `Error:` lines, `expect error "TEXT"`, and the member and
instance checks it can read back with `lxc ... --format json`).

The server starts from the scenario's start state (members, pools before
its first command); every `lxc` line is then typed with the real client,
over the unix socket of the member the scenario's `on MEMBER` names.

Where Debian's lxc 5.0.2 cannot send what a newer lxc sends, the command is
translated, and the translation is printed (docs/serve.md, "Client
differences"):
  - lxc launch|init IMAGE NAME --vm ...  ->  lxc init NAME --empty --vm ...
    (+ lxc start NAME for launch): lxc 5.0.2 resolves an alias without the
    instance type and refuses a container image for --vm (lxc/init.go:370
    at lxd-5.0.2);
  - lxc cluster evacuate|restore M --action=MODE  ->  lxc query -X POST
    /1.0/cluster/members/M/state with {"action", "mode"}: the flag arrived
    in lxc 5.21.

Usage: lxc-drive.py MIGSIM LXC SCENARIO PROFILE
Exit status: 0 all expectations met, 1 a difference (listed), 77 never.
"""
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time

migsim, lxc, scenario, profile = sys.argv[1:5]


def parse(path):
    """[(kind, data)]: ('cmd', (client, words, expect)), ('check', words)."""
    steps, client = [], None
    members = []
    for raw in open(path, encoding='utf-8'):
        line = raw.strip()
        if line.startswith('members '):
            members = line.split()[1:]
            client = client or members[0]
        elif line.startswith('on '):
            client = line.split()[1]
        elif line.startswith('lxc '):
            steps.append(['cmd', [client, shlex.split(line), ('ok', None)]])
        elif line.startswith('Error: ') and steps and steps[-1][0] == 'cmd':
            steps[-1][1][2] = ('exact', line[len('Error: '):])
        elif line.startswith('Error['):
            steps[-1][1][2] = ('any', None)
        elif line.startswith('expect error') and steps and steps[-1][0] == 'cmd':
            words = shlex.split(line)
            steps[-1][1][2] = ('contains', words[2]) if len(words) > 2 else ('error', None)
        elif line.startswith('expect any') or line.startswith('expect['):
            if steps and steps[-1][0] == 'cmd':
                steps[-1][1][2] = ('any', None)
        elif line.startswith('expect '):
            steps.append(['check', shlex.split(line)[1:]])
    return steps


def translate(words):
    """The commands lxc 5.0.2 sends for @words (see the module comment);
    a scenario written for lxd-5.0.2 is written for its lxc already."""
    if profile == 'lxd-5.0.2':
        return [words]
    if words[1] in ('launch', 'init') and '--vm' in words:
        rest = [w for w in words[3:]]
        name = words[3] if len(words) > 3 else None
        rest = words[4:]
        cmds = [['lxc', 'init', name, '--empty'] + rest]
        if words[1] == 'launch':
            cmds.append(['lxc', 'start', name])
        return cmds
    if words[1] == 'cluster' and words[2] in ('evacuate', 'restore'):
        modes = [w.split('=', 1)[1] for w in words if w.startswith('--action=')]
        if modes:
            body = json.dumps({'action': words[2], 'mode': modes[0]})
            return [['lxc', 'query', '-X', 'POST', '--wait', '-d', body, f'/1.0/cluster/members/{words[3]}/state']]
    return [words]


def main():
    steps = parse(scenario)
    tmp = tempfile.mkdtemp(prefix='migsim-serve-')
    env = dict(os.environ, LXD_CONF=os.path.join(tmp, 'conf'), HOME=tmp)
    server = subprocess.Popen([migsim, 'serve', '--profile', profile, '--dir', tmp, scenario],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    failures = []
    try:
        line = server.stdout.readline()
        while line and not line.startswith('serving'):
            line = server.stdout.readline()
        if not line:
            print(f'migsim serve did not start: {server.stderr.read()}')
            return 1

        def run(client, words):
            e = dict(env, LXD_DIR=os.path.join(tmp, client))
            return subprocess.run([lxc] + words[1:], env=e, capture_output=True, text=True, timeout=60)

        client0 = None
        for kind, data in steps:
            if kind != 'cmd':
                continue
            client0 = data[0]
            break
        run(client0, ['lxc', 'remote', 'list'])  # the first-run notice
        for kind, data in steps:
            if kind == 'cmd':
                client, words, (how, text) = data
                cmds = translate(words)
                shown = ' ; '.join(shlex.join(c) for c in cmds)
                note = '' if cmds == [words] else f'   (lxc 5.0.2: {shown})'
                for c in cmds:
                    p = run(client, c)
                    if p.returncode != 0:
                        break
                errors = [l[len('Error: '):] for l in p.stderr.splitlines() if l.startswith('Error: ')]
                got = errors[-1] if errors else None
                if how == 'ok':
                    ok = p.returncode == 0
                elif how == 'exact':
                    ok = p.returncode != 0 and got == text
                elif how == 'contains':
                    ok = p.returncode != 0 and got is not None and text in got
                else:
                    ok = how == 'any' or p.returncode != 0
                print(f'{"ok  " if ok else "FAIL"} [{client}] {shlex.join(words)}{note}')
                if got is not None:
                    print(f'       Error: {got}')
                if not ok:
                    failures.append(f'{shlex.join(words)}: expected {how} {text!r}, '
                                    f'got rc {p.returncode}, stderr {p.stderr.strip()!r}')
            else:
                check(run, client0, data, failures)
    finally:
        server.terminate()
        server.wait(timeout=10)
    left = [n for n in os.listdir(tmp) if os.path.exists(os.path.join(tmp, n, 'unix.socket'))]
    if left:
        failures.append(f'sockets left after SIGTERM: {left}')
    if server.returncode != 0:
        failures.append(f'migsim serve exited {server.returncode}: {server.stderr.read()}')
    for f in failures:
        print('DIFFERENCE:', f)
    return 1 if failures else 0


def check(run, client, words, failures):
    """expect member M status S / expect instance I status|location V, read
    back with lxc; other checks are left to `migsim run`."""
    if words[0] == 'member' and words[2] == 'status':
        p = run(client, ['lxc', 'cluster', 'list', '--format', 'json'])
        got = {m['server_name']: m['status'].upper() for m in json.loads(p.stdout)}.get(words[1])
    elif words[0] == 'instance' and words[2] in ('status', 'location'):
        p = run(client, ['lxc', 'list', '--format', 'json'])
        insts = {i['name']: i for i in json.loads(p.stdout)}
        inst = insts.get(words[1], {})
        got = inst.get('status', '').upper() if words[2] == 'status' else inst.get('location')
    else:
        return
    ok = got != words[4] if words[3] == 'not' else got == words[3]
    print(f'{"ok  " if ok else "FAIL"}   expect {" ".join(words)}' + ('' if ok else f' (lxc shows {got})'))
    if not ok:
        failures.append(f'expect {" ".join(words)}: lxc shows {got}')


sys.exit(main())
