#!/usr/bin/env python3
"""Writes model/ms-rules-incus.c: what each rule of model/ms-rules.c does in
the Incus 6.0 LTS releases, from the Incus source.

    tools/gen-incus-rules.py [INCUS_GIT_DIR]   (default /work/.mirror/lxc+incus/repo)

Method: every LXD text of a rule is split into its literal fragments (at the
%s arguments and at ": ", where Go wraps errors); a variant is Incus' text
when all its fragments occur in the Incus Go sources (not tests) at every LTS
tag v6.0.0 .. v6.0.6.  Where that is ambiguous or absent, the entry is
written by hand below (MANUAL), from reading the Incus source and from the
real Incus 6.0.4 cluster of the live suite; rules neither way are left
"not modelled": under an Incus profile migsim then says so instead of
guessing."""
import json, re, subprocess, sys

GIT = sys.argv[1] if len(sys.argv) > 1 else '/work/.mirror/lxc+incus/repo'
TAGS = ['v6.0.%d' % i for i in range(7)]
REF_TAG = 'v6.0.4'

# sym -> (texts, ref, differs); texts None = not in Incus (the check does not
# exist there); [] = a decision or wrapper without text.
MANUAL = {
    'CFG_EXPAND': (None, 'internal/server/cluster/config/config.go (v6.0.4): no instances.migration.stateful server key (live 6.0.4: unknown key)',
                   'Incus has no server key to layer under the instance config'),
    'CFG_SRVKEY_NOVALIDATE': (None, 'internal/server/cluster/config/config.go (v6.0.4): the key does not exist',
                              'the key does not exist in Incus'),
    'CFG_SRVKEY_UNKNOWN': (["cannot set '%s' to '%s': unknown key"], 'internal/server/config/map.go:213, errors.go:17 (v6.0.4); seen on the live 6.0.4 cluster',
                           "LXD 5.21.2+/6.1+ quote and capitalise ('Cannot set \"k\" to \"v\": Unknown key'); Incus keeps 5.0's wording"),
    'CFG_SRVKEY_BADBOOL': (["cannot set '%s' to '%s': invalid boolean"], 'internal/server/config/schema.go:104, errors.go:17 (v6.0.4)',
                           "Incus keeps 5.0's wording"),
    'CFG_INST_UNKNOWN_KEY': (['Invalid config: Unknown configuration key: %s'], 'internal/instance/config.go:1490 (v6.0.4)',
                             "no per-type 'isn't supported for' wording (LXD 5.21.4+)"),
    'CFG_CT_STATEFUL': (None, 'internal/instance/config.go:260 (v6.0.4): migration.stateful is a key of every instance type',
                        'containers accept migration.stateful (LXD: VM-only key)'),
    'CFG_INST_EVACUATE_VALUE': (['Invalid config: Invalid value "%s" (not one of [auto migrate live-migrate stop stateful-stop force-stop])'],
                                'internal/instance/config.go:178 (v6.0.4), shared/validate/validate.go IsOneOf',
                                'two more values: stateful-stop and force-stop'),
    'DISK_CAN_MIGRATE': ([], 'internal/server/device/disk.go:99 CanMigrate (v6.0.4): root disk, remote pool, cloud-init/agent sources', None),
    'WRAP_CREATE': (['Failed creating instance record: Failed initializing instance: %s'], 'cmd/incusd/instance.go:159, internal/server/instance/instance_utils.go:1014 (v6.0.4)',
                    "'initializing' with a z"),
    'CREATE_NO_ROOT': (['Failed creating instance record: Failed initializing instance: Failed getting root disk: No root device could be found'],
                       'cmd/incusd/instance.go:159, internal/server/instance/instance_utils.go:1014 (v6.0.4)', "'initializing' with a z"),
    'CREATE_POOL_NOT_FOUND': (['Failed creating instance record: Failed initializing instance: Failed loading storage pool: Storage pool not found'],
                              'cmd/incusd/instance.go:159, internal/server/instance/instance_utils.go:1014 (v6.0.4)', "'initializing' with a z"),
    'CREATE_DUPLICATE': (['Failed creating instance record: Add instance info to the database: Failed to create "instances" entry: UNIQUE constraint failed: instances.project_id, instances.name'],
                         'cmd/incusd/instance.go:159, internal/server/instance/instance_utils.go:946, internal/server/db/cluster/instances.mapper.go:840 (v6.0.4) + SQLite; seen on the live 6.0.4 cluster',
                         "inside the create operation, with SQLite's UNIQUE text (LXD 5.0.2: This \"instances\" entry already exists; LXD 5.21.5+/6.6+: a synchronous Instance \"x\" already exists)"),
    'CREATE_TARGET_NOT_FOUND': (['Cluster member "%s" not found'], 'internal/server/project/permissions.go:1698 CheckTarget (v6.0.4)', None),
    'EVAC_MEMBER_NOT_FOUND': (['Cluster member not found'], 'internal/server/db/node.go:194 via forwardedResponseToNode, cmd/incusd/api_cluster.go:2785 (v6.0.4); seen on the live 6.0.4 cluster', None),
    'EVAC_BAD_MODE': (['Invalid value "%s" (not one of [auto migrate live-migrate stop stateful-stop force-stop])'],
                      'cmd/incusd/api_cluster.go:2797-2803 (v6.0.4): the mode is checked with the instance key validator; seen on the live 6.0.4 cluster',
                      'refused synchronously (400) with the validator text; modes stateful-stop and force-stop'),
    'MOVE_SAME_MEMBER': (['Requested target server is the same as current server'], 'cmd/incusd/instance_post.go:459 (v6.0.4); seen on the live 6.0.4 cluster (lxc-style wrapper: Migration API failure)', None),
    'MOVE_TARGET_OFFLINE': (['Target cluster member is offline'], 'cmd/incusd/instance_post.go:447 (v6.0.4)', None),
    'DISK_STATEFUL_SHARED_FS': ([('INC_UNTIL_605', 'Shared filesystem are incompatible with migration.stateful=true')],
                                'internal/server/device/disk.go:650 (v6.0.0 .. v6.0.4); removed at v6.0.5 (disk.go:698-711)',
                                'gone from 6.0.5 (which adds a virtiofs check instead, not modelled)'),
    'DISK_STATEFUL_MANAGED': (['Only Incus-managed disks are allowed with migration.stateful=true'],
                              'internal/server/device/disk.go:653 (v6.0.4), :700 (v6.0.5)', "'Incus-managed' for 'LXD-managed'"),
    'CLI_UNKNOWN_FLAG': (['unknown flag: %s'], 'cmd/incus/cluster.go:1455 evacuate --action, :1480-1498 restore --force only (v6.0.4; :1287, :1312-1330 at v6.0.0), restore --action from :1630 (v6.0.6); evacuate has no --yes; cobra\'s text',
                         'no evacuate --yes; restore --action only from 6.0.6'),
    'RESTORE_BAD_MODE': ([('INC_SINCE_606', 'Invalid restore mode "%s"')], 'cmd/incusd/api_cluster.go:3122-3123 (v6.0.6), synchronous 400; before 6.0.6 incus cluster restore has no --action (CLI.UNKNOWN_FLAG) and the API reads no mode',
                         "Incus' own text; only from 6.0.6 (was a false match on nic_ipvlan.go's 'Invalid mode')"),
    'DEV_STATEFUL_START': (['Failed to start device "%s": %s devices cannot be used when migration.stateful is enabled'],
                           'internal/server/device/gpu_physical.go:82, usb.go:228, pci.go:42, nic_physical.go:105, nic_sriov.go:120 (v6.0.4)', None),
}

def lxd_rules():
    src = open('model/ms-rules.c').read()
    out = []
    for e in re.split(r'\n    R\(', src)[1:]:
        sym = e.split(')')[0]
        texts = re.findall(r'T\(([^"]*?),\s*"((?:[^"\\]|\\.)*)"\)', e)
        kind = 'decision' if 'MS_RULE_KIND_DECISION' in e else 'wrapper' if 'MS_RULE_KIND_WRAPPER' in e else 'check'
        out.append((sym, kind, [t for _, t in texts]))
    return out

def frags(c_text):
    t = bytes(c_text, 'utf-8').decode('unicode_escape')
    parts = re.split(r'"?%(?:\d\$)?s"?', t)
    return [q.strip() for p in parts for q in p.split(': ') if len(q.strip()) >= 6]

def main():
    rules = lxd_rules()
    allf = sorted({f for _, _, ts in rules for t in ts for f in frags(t)})
    open('/tmp/incus-rule-fragments', 'w').write('\n'.join(allf) + '\n')
    found = {}
    for tag in TAGS:
        r = subprocess.run(['git', '-C', GIT, 'grep', '-n', '-o', '-F', '-f', '/tmp/incus-rule-fragments', tag,
                            '--', '*.go', ':!*_test.go', ':!test/', ':!cmd/generate-database/'], capture_output=True, text=True)
        d = {}
        for line in r.stdout.splitlines():
            _, path, ln, m = line.split(':', 3)
            d.setdefault(m, f'{path}:{ln}')
        found[tag] = d
    lines = []
    for sym, kind, texts in rules:
        if sym in MANUAL:
            ts, ref, differs = MANUAL[sym]
        else:
            hits = [t for t in texts if frags(t) and all(all(f in found[tag] for f in frags(t)) for tag in TAGS)]
            if len(hits) == 1:
                ts = [bytes(hits[0], 'utf-8').decode('unicode_escape')]
                locs = sorted({found[REF_TAG][f] for f in frags(hits[0])})
                ref = ', '.join(locs) + ' (%s; same text at v6.0.0 .. v6.0.6)' % REF_TAG
                differs = None
            elif kind != 'check' and not texts:
                lines.append(f'    /* {sym}: not modelled for Incus (a decision without text; not reviewed) */')
                continue
            else:
                why = 'several LXD variants match' if hits else 'no LXD variant occurs at every 6.0.x tag'
                lines.append(f'    /* {sym}: not modelled for Incus ({why}) */')
                continue
        c = lambda s: json.dumps(s)
        if ts is None:
            lines.append(f'    I({sym}) .releases = MS_INC_NONE, .incus_ref = {c(ref)},')
        elif not ts:
            lines.append(f'    I({sym}) .releases = INC_LTS, .incus_ref = {c(ref)},')
        else:
            pairs = [t if isinstance(t, tuple) else ('INC_LTS', t) for t in ts]
            body = ', '.join(f'T({"INC" if r == "INC_LTS" else f"MS_REL_INCUS({r})"}, {c(t)})' for r, t in pairs)
            lines.append(f'    I({sym}) .releases = {pairs[0][0]}, .texts = {{ {body} }},')
            lines.append(f'      .incus_ref = {c(ref)},')
        if differs:
            lines.append(f'      .differs = {c(differs)} }},')
        else:
            lines[-1] += ' },' if lines[-1].endswith(',') else ''
            lines[-1] = lines[-1].rstrip(',') + ' },' if not lines[-1].endswith('},') else lines[-1]
    head = '''/* migsim: the rule table for Incus (lxc/incus), written by
 * tools/gen-incus-rules.py from the Incus source at the tags v6.0.0 .. v6.0.6:
 * per rule, Incus' text and where Incus has it, and what differs from LXD.
 * A rule without an entry is not modelled for Incus; migsim then says so.
 * Regenerate with: tools/gen-incus-rules.py > model/ms-rules-incus.c */
#include "ms-rules.h"

/* clang-format off */
#define INC_LTS { MS_SPAN_ALL, MS_SPAN_NONE }
#define INC_UNTIL_605 { MS_SPAN_UNTIL(MS_VERSION_INCUS(6, 0, 5)), MS_SPAN_NONE }
#define INC MS_REL_INCUS(INC_LTS)
#define T(releases, text) { releases, text }
#define I(sym) [MS_RULE_##sym] = { .modelled = TRUE,

static const MsRuleIncusDef incus_rules[MS_RULE_LAST] = {
'''
    tail = '''};
/* clang-format on */

const MsRuleIncusDef *
ms_rule_incus_def(MsRuleId id)
{
    g_return_val_if_fail(id < MS_RULE_LAST, NULL);
    return &incus_rules[id];
}
'''
    sys.stdout.write(head + '\n'.join(lines) + '\n' + tail)

main()
