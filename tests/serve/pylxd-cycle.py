#!/usr/bin/env python3
"""pylxd (Debian's python3-pylxd) drives an evacuate/restore cycle against
`migsim serve --profile lxd-5.0.2`.

The expected values are those of tests/live/scenarios/evacuate-stopped-running.scn
and evacuate-flags.scn, which the live suite checks against a real LXD 5.0.2
cluster: evacuation moves running, stopped and never-started instances off
the member and starts only the running one; restore brings all three back;
an unknown member is a 404 "Cluster member not found".  What pylxd changed
is recorded (--record) as a scenario that `migsim run` accepts.

Usage: pylxd-cycle.py MIGSIM SCENARIO_DIR
"""
import os
import subprocess
import sys
import tempfile

import pylxd
from pylxd import exceptions

migsim, scenarios = sys.argv[1:3]
failures = []


def check(what, got, want):
    ok = got == want
    print(f'{"ok  " if ok else "FAIL"} {what}: {got!r}' + ('' if ok else f' (expected {want!r})'))
    if not ok:
        failures.append(what)


def main():
    tmp = tempfile.mkdtemp(prefix='migsim-pylxd-')
    record = os.path.join(tmp, 'record.scn')
    server = subprocess.Popen([migsim, 'serve', '--profile', 'lxd-5.0.2', '--dir', tmp, '--record', record,
                               os.path.join(scenarios, 'evacuate-stopped-running.scn')],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        while line and not line.startswith('serving'):
            line = server.stdout.readline()
        os.environ['LXD_DIR'] = os.path.join(tmp, 'm1')
        os.environ['PYLXD_WARNINGS'] = 'none'
        client = pylxd.Client()
        check('server_clustered', client.host_info['environment']['server_clustered'], True)
        check('server_version', client.host_info['environment']['server_version'], '5.0.2')

        def create(name):
            config = {'name': name, 'source': {'type': 'image', 'alias': 'img'},
                      'devices': {'root': {'type': 'disk', 'path': '/', 'pool': 'local'}}}
            return client.containers.create(config, wait=True, target='m1')

        er1 = create('er1')
        er1.start(wait=True)
        er2 = create('er2')
        er2.start(wait=True)
        er2.stop(wait=True)
        create('er3')

        def member_state(name, action):
            response = client.api.cluster.members[name].state.post(json={'action': action})
            op = response.json()['operation']
            return client.operations.wait_for_operation(op)

        member_state('m1', 'evacuate')
        check('m1 status after evacuate', client.cluster.members.get('m1').status, 'Evacuated')
        for name, status in (('er1', 'Running'), ('er2', 'Stopped'), ('er3', 'Stopped')):
            c = client.containers.get(name)
            check(f'{name} status after evacuate', c.status, status)
            check(f'{name} moved off m1', c.location != 'm1', True)
        check('er1 volatile.evacuate.origin', client.containers.get('er1').config.get('volatile.evacuate.origin'),
              'm1')

        member_state('m1', 'restore')
        check('m1 status after restore', client.cluster.members.get('m1').status, 'Online')
        for name, status in (('er1', 'Running'), ('er2', 'Stopped'), ('er3', 'Stopped')):
            c = client.containers.get(name)
            check(f'{name} status after restore', c.status, status)
            check(f'{name} location after restore', c.location, 'm1')

        try:
            client.api.cluster.members['m9'].state.post(json={'action': 'evacuate'})
            failures.append('evacuate m9 was accepted')
        except exceptions.LXDAPIException as e:
            check('evacuate m9 status', e.response.status_code, 404)
            check('evacuate m9 error', str(e), 'Cluster member not found')
    finally:
        server.terminate()
        server.wait(timeout=10)
    check('exit status after SIGTERM', server.returncode, 0)
    check('sockets removed', [n for n in os.listdir(tmp) if os.path.exists(os.path.join(tmp, n, 'unix.socket'))], [])
    # --record: what pylxd changed, as a scenario the runner replays
    text = open(record).read()
    print(text)
    check('recorded the evacuation', 'lxc cluster evacuate m1 --force' in text, True)
    run = subprocess.run([migsim, 'run', '-q', record], capture_output=True, text=True)
    check('the recording runs with every command accepted', run.returncode, 0)
    return 1 if failures else 0


sys.exit(main())
