/* migsim: the single mutation entry point.  What the lxc client adds to
 * the server's answer is in ms-client.c. */
#include "ms-apply-private.h"
#include "ms-roles.h"
#include "ms-hang.h"
#include "ms-clock.h"

#include <string.h>

gboolean
ms_apply_fail(MsApply *apply, MsRuleId rule, guint http_status, gboolean async, char *message)
{
    MsOutcome *outcome = apply->outcome;

    outcome->ok = FALSE;
    outcome->rule = rule;
    outcome->http_status = http_status;
    outcome->async = async;
    g_free(outcome->server_error);
    outcome->server_error = message;
    return FALSE;
}

gboolean
ms_apply_fail_rejection(MsApply *apply, MsRejection *rejection, gboolean async)
{
    g_assert(rejection->message != NULL);
    return ms_apply_fail(apply, rejection->rule, rejection->http_status, async,
                         g_steal_pointer(&rejection->message));
}

gboolean
ms_apply_reject_strv(MsApply *apply, MsRuleId rule, gboolean async, const char *const *args)
{
    const MsRuleDef *def = ms_rule_def(rule);

    /* a rule refuses only when ms-rules.def says with which status */
    g_assert(def->refuser != MS_REFUSER_NONE);
    return ms_apply_fail(apply, rule, def->http_status, async,
                         ms_rule_message_strv(rule, apply->profile, args));
}

/* The command took its time (ms-clock.c); an instance it created leaves an
 * instance-creation operation record on the member that ran it, which
 * placement counts for 5 s more (MsOpRecord).  A create is forwarded to
 * the chosen member and runs there (lxd/instances_post.go:1143-1156 at
 * lxd-5.0.2), so the record is on the instance's member. */
static void
advance_clock(MsCluster *cluster, const MsOp *op, MsOutcome *outcome)
{
    const char *created = op->kind == MS_OP_INIT   ? op->instance
                          : op->kind == MS_OP_COPY ? op->new_name
                                                   : NULL;

    if (outcome->ok && created != NULL) {
        const MsInstance *instance = ms_cluster_lookup_instance(cluster, created);
        if (instance != NULL && instance->location != NULL)
            ms_cluster_add_op_record(cluster, instance->location);
    }
    ms_cluster_advance_clock(cluster, ms_clock_duration_ms(op, outcome));
}

/* Placement counts operation records whose lifetime depends on timing
 * (MsOpRecord): when records left by earlier commands changed where this
 * command put an instance, the outcome is one of several LXD can produce.
 * Found by running the command again on a copy without those records. */
static gboolean
places_instances(const MsOp *op)
{
    return (op->kind == MS_OP_INIT && op->target == NULL) || op->kind == MS_OP_EVACUATE ||
           (op->kind == MS_OP_MOVE && op->group != NULL) || (op->kind == MS_OP_COPY && op->target == NULL);
}

static MsCluster *
without_records(const MsCluster *cluster)
{
    MsCluster *copy = ms_cluster_copy(cluster);

    g_ptr_array_set_size(copy->op_records, 0);
    for (guint i = 0; i < copy->members->len; i++)
        ((MsMember *) copy->members->pdata[i])->n_op_records = 0;
    ms_cluster_members_changed(copy);
    return copy;
}

/* Where @alternative put the instances @after holds elsewhere: "b on m3",
 * or an empty string. */
static char *
placements_differ(const MsCluster *alternative, const MsCluster *after)
{
    g_autoptr(GString) differ = g_string_new(NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    GHashTableIter iter;
    gpointer name, value;

    g_hash_table_iter_init(&iter, after->instances);
    while (g_hash_table_iter_next(&iter, &name, &value))
        g_ptr_array_add(names, name);
    g_ptr_array_sort(names, ms_compare_string_ptrs);
    for (guint i = 0; i < names->len; i++) {
        const MsInstance *a = g_hash_table_lookup(after->instances, names->pdata[i]);
        const MsInstance *b = ms_cluster_lookup_instance(alternative, names->pdata[i]);
        if (b != NULL && g_strcmp0(a->location, b->location) != 0)
            g_string_append_printf(differ, "%s%s on %s", differ->len ? ", " : "", a->name, b->location);
    }
    return g_string_free(g_steal_pointer(&differ), FALSE);
}

/* @outcome may also be @alt (timing): replay accepts either. */
static void
timing_also(MsOutcome *outcome, const MsOutcome *alt)
{
    if (alt->ok) {
        outcome->timing_may_succeed = TRUE;
        return;
    }
    ms_outcome_add_timing_error(outcome, alt->server_error);
}

static void
note_timing(const MsCluster *before_records, const MsCluster *after, const MsOp *op, const char *records,
            MsOutcome *outcome, const MsOutcome *alt)
{
    g_autofree char *differ = NULL;

    (void) op;
    /* with every record gone the command fails, or succeeds */
    if (alt != NULL && alt->ok != outcome->ok) {
        timing_also(outcome, alt);
        if (alt->ok)
            ms_outcome_add_note(outcome,
                                "timing: placement counted the instance-creation operation records of recent "
                                "commands (%s); LXD deletes them 5 s after their operation ends "
                                "(lxd/operations/operations.go:245 at lxd-5.0.2, :278 at lxd-5.21.7, :479 at "
                                "lxd-6.9), so after a pause the command would succeed",
                                records);
        else
            ms_outcome_add_note(outcome,
                                "timing: placement counted the instance-creation operation records of recent "
                                "commands (%s); LXD deletes them 5 s after their operation ends "
                                "(lxd/operations/operations.go:245 at lxd-5.0.2, :278 at lxd-5.21.7, :479 at "
                                "lxd-6.9), so after a pause it would fail: Error: %s",
                                records, alt->client_error != NULL ? alt->client_error : alt->server_error);
        return;
    }
    if (!outcome->ok)
        return;
    differ = placements_differ(before_records, after);
    if (*differ != '\0')
        ms_outcome_add_note(
            outcome,
            "timing: placement counted the instance-creation operation records of recent commands "
            "(%s); LXD deletes them 5 s after their operation ends (lxd/operations/operations.go:245 "
            "at lxd-5.0.2, :278 at lxd-5.21.7, :479 at lxd-6.9), so after a pause it would put %s",
            records, differ);
}

/* @cluster with its @k oldest operation records gone.  Each is deleted 5 s
 * after the command that made it ended, so they expire in the order they
 * were made (op_records keeps that order): while migsim's clock, which only
 * estimates how long commands take (ms-clock.c), keeps them all, LXD may
 * already have dropped the oldest few. */
static MsCluster *
without_oldest_records(const MsCluster *cluster, guint k)
{
    MsCluster *copy = ms_cluster_copy(cluster);

    for (guint i = 0; i < k && copy->op_records->len > 0; i++) {
        const MsOpRecord *record = copy->op_records->pdata[0];
        MsMember *member = ms_cluster_lookup_member(copy, record->member);

        if (member != NULL && member->n_op_records > 0)
            member->n_op_records--;
        g_ptr_array_remove_index(copy->op_records, 0);
    }
    ms_cluster_members_changed(copy);
    return copy;
}

/* The records of recent commands expire oldest first; note_timing names
 * what LXD does once all have gone.  This names the first outcome that
 * only some of them gone produce and neither the model's answer nor the
 * all-gone one has: a failure where the model succeeds, a success where it
 * fails, or another member.  Seen on the live LXD 5.0.2 cluster
 * (tools/live-random.py --gen 14 --seed 14001, scenario 1): an untargeted
 * lxc copy of a container with a custom volume of its member's local pool
 * attached went to the other member, whose older record had expired while
 * the newer one on the volume's member still counted, and failed there
 * ("Failed add validation for device ...: Failed loading custom volume:
 * Storage volume not found"), where migsim had kept both records, tied the
 * members and copied to the volume's member. */
#define MAX_PARTIAL_EXPIRIES 32

static void
note_partial_expiry(const MsCluster *before, const MsCluster *after, const MsEnv *env, const MsOp *op,
                    const char *all_differ, const char *records, MsOutcome *outcome)
{
    static const char head[] = "timing: placement counted the instance-creation operation records of recent "
                               "commands (%s); LXD deletes each 5 s after its operation ends, oldest first "
                               "(lxd/operations/operations.go:245 at lxd-5.0.2, :278 at lxd-5.21.7, :479 at "
                               "lxd-6.9): had the oldest %u of them gone, ";

    /* a note of copy_note_timing or note_timing already names the other
     * outcome (the partial expiry would name the same one again) */
    for (guint n = 0; n < outcome->notes->len; n++)
        if (g_str_has_prefix(outcome->notes->pdata[n], "timing: "))
            return;
    /* each partial expiry is a copy of the cluster and the command again:
     * after a big evacuation (thousands of records) trying every one is
     * quadratic, so past MAX_PARTIAL_EXPIRIES the tries are spread evenly
     * from the oldest record to all but the newest, and the note says so */
    guint n = before->op_records->len - 1;
    guint tries = MIN(n, MAX_PARTIAL_EXPIRIES);

    for (guint i = 0; i < tries; i++) {
        guint k = tries == n ? i + 1 : 1 + (guint) (((guint64) i * (n - 1)) / (tries - 1));
        MsEnv quiet = { .profile = env->profile, .client = env->client };
        g_autoptr(MsCluster) alternative = without_oldest_records(before, k);
        g_autoptr(MsOutcome) alt = ms_cluster_apply(alternative, &quiet, op);
        g_autofree char *differ = NULL;
        g_autofree char *text = NULL;

        if (alt->ok != outcome->ok) {
            timing_also(outcome, alt);
            text = g_strdup_printf(head, records, k);
            if (alt->ok)
                ms_outcome_add_note(outcome, "%sthe command would succeed", text);
            else
                ms_outcome_add_note(outcome, "%sit would fail: Error: %s", text,
                                    alt->client_error != NULL ? alt->client_error : alt->server_error);
            return;
        }
        if (!outcome->ok)
            continue;
        differ = placements_differ(alternative, after);
        if (*differ != '\0' && g_strcmp0(differ, all_differ) != 0) {
            text = g_strdup_printf(head, records, k);
            ms_outcome_add_note(outcome, "%sit would put %s", text, differ);
            return;
        }
    }
    if (tries < n)
        ms_outcome_add_note(outcome,
                            "timing: placement counted %u instance-creation operation records (%s); migsim "
                            "tried %u of the %u ways the oldest of them may have expired first, evenly "
                            "spread, and none changed the outcome; the others were not tried",
                            n + 1, records, tries, n);
}

static char *
records_in_play(const MsCluster *cluster, const MsOp *op)
{
    g_autoptr(GString) list = g_string_new(NULL);

    if (!places_instances(op) || cluster->op_records->len == 0)
        return NULL;
    for (guint i = 0; i < cluster->members->len; i++) {
        const MsMember *m = cluster->members->pdata[i];
        if (m->n_op_records > 0)
            g_string_append_printf(list, "%s%s %u", list->len ? ", " : "", m->name, m->n_op_records);
    }
    return list->len ? g_string_free(g_steal_pointer(&list), FALSE) : NULL;
}

/* Does @instance's expanded device set hold a root disk? */
static gboolean
has_root_disk(const MsCluster *cluster, const MsInstance *instance)
{
    g_autoptr(MsDevices) devices = ms_cluster_expand_devices(cluster, instance);
    return ms_cluster_devices_root_disk(cluster, devices) != NULL;
}

/* The first by name of @instances (in any order) without a root disk: what
 * a walk of them sorted by name meets first, without the sort. */
static const MsInstance *
first_rootless(const MsCluster *cluster, GPtrArray *instances)
{
    const MsInstance *first = NULL;

    for (guint i = 0; i < instances->len; i++) {
        const MsInstance *instance = instances->pdata[i];
        if ((first == NULL || strcmp(instance->name, first->name) < 0) && !has_root_disk(cluster, instance))
            first = instance;
    }
    return first;
}

/* The instances an operation flagged NEEDS_ROOT acts on: the one it names
 * (or the several of start/stop/restart), or for an evacuation and a
 * restore those on the member and those evacuated from it. */
static const MsInstance *
rootless_instance(const MsCluster *cluster, const MsOp *op)
{
    const MsInstance *found = NULL;

    if (ms_op_defs[op->kind].flags & MS_OP_FLAG_CLUSTER_WIDE) {
        g_autoptr(GPtrArray) here =
            op->member ? ms_cluster_member_instances_unsorted(cluster, op->member, FALSE) : NULL;
        g_autoptr(GPtrArray) away =
            op->member ? ms_cluster_member_instances_unsorted(cluster, op->member, TRUE) : NULL;

        if (here != NULL)
            found = first_rootless(cluster, here);
        return found != NULL || away == NULL ? found : first_rootless(cluster, away);
    }
    if (op->instance != NULL) {
        const MsInstance *instance = ms_cluster_lookup_instance(cluster, op->instance);
        return instance != NULL && !has_root_disk(cluster, instance) ? instance : NULL;
    }
    for (guint i = 0; i < op->instances->len; i++) {
        const MsInstance *instance = ms_cluster_lookup_instance(cluster, op->instances->pdata[i]);
        if (instance != NULL && !has_root_disk(cluster, instance))
            return instance;
    }
    return NULL;
}

/* LXD looks an instance's root disk up for nearly everything it does to it:
 * mounting it to start, stop, copy, snapshot or move it, and the check of
 * the expanded devices on any update (instance.GetRootDiskDevice, e.g.
 * lxd/instance/drivers/driver_common.go, lxd/storage/utils.go).  An instance
 * left without one (`lxc config device remove C root` is accepted when no
 * profile gives a root disk) then fails those, in ways migsim does not
 * model: on the live LXD 5.0.2 cluster (tools/live-random.py seeds 404 and
 * 505, 3 December 2026) a stateless move failed "Failed stopping instance
 * ...: Failed unmounting instance: No root device could be found", a copy
 * "Failed creating instance record: Failed initialising instance: Failed
 * getting root disk: No root device could be found", a device add
 * "Invalid expanded devices: Failed detecting root disk device: No root
 * device could be found".  So migsim says it does not know rather than
 * answer as if the disk were there. */
/* The refusals that come before LXD looks for the root disk: lxc's own
 * checks on what its GET returns (the GET of a rootless instance answers),
 * the instance's state (stop or restart of a stopped one), a move to where
 * it is, and the config keys' validation (before Update looks at devices).
 * Seen live on 5.0.2 for each kind (tools/live-random.py --gen 4, seeds
 * 1000-1002: config device set/override/remove, profile remove, volume
 * detach, stop --force and restart of a stopped instance, move to its own
 * member, migration.stateful on a container).  Rootless instances arise
 * only where DEV.ROOT_MISSING does not refuse the removal (5.0.0-5.0.2,
 * 5.1-5.15). */
static gboolean
refused_before_root(MsRuleId rule)
{
    static const MsRuleId before[] = {
        MS_RULE_STOP_ALREADY_STOPPED,
        MS_RULE_MOVE_SAME_MEMBER,
        MS_RULE_CFG_INST_UNKNOWN_KEY,
        MS_RULE_CFG_INST_BADBOOL,
        MS_RULE_CFG_INST_EVACUATE_VALUE,
        MS_RULE_CFG_CT_STATEFUL,
        MS_RULE_CFG_INST_MEMORY_VALUE,
        MS_RULE_CFG_INST_CPU_SYNTAX,
        MS_RULE_CFG_INST_SCHEDULE, /* live: Incus 6.0.4, live-random --gen 6 seed 6000, scenario 2 line 10 */
        MS_RULE_CFG_INST_BADINT,
        MS_RULE_CFG_INST_BADUINT32,
        MS_RULE_CFG_INST_BADUINT8,
        MS_RULE_CFG_INST_PRIORITY,
        MS_RULE_CFG_INST_SIZE_VALUE,
        MS_RULE_CFG_INST_NOT_ONE_OF,
        MS_RULE_CFG_INST_UUID,
        MS_RULE_CFG_INST_CPUSET_VALUE,
        MS_RULE_CFG_INST_CPU_PIN_AUTO,
        MS_RULE_CFG_INST_ALLOWANCE,
        MS_RULE_CFG_INST_MEMORY_LIMIT,
        MS_RULE_CFG_INST_EXPIRY,
        MS_RULE_CFG_INST_CRON_PARSE,
        MS_RULE_CFG_INST_DEVICE_NAME,
        /* the snapshot is loaded before inst.Restore looks for the root
         * disk (lxd/instance_put.go:195-199, then :205 at lxd-5.0.2; live:
         * tools/live-random.py --gen 4 --seed 3002, scenario 8 line 21) */
        MS_RULE_SNAPSHOT_RESTORE_NOT_FOUND,
    };

    if (rule == MS_RULE_NONE)
        return FALSE;
    if (ms_rule_def(rule)->refuser == MS_REFUSER_CLIENT)
        return TRUE;
    for (gsize i = 0; i < G_N_ELEMENTS(before); i++)
        if (before[i] == rule)
            return TRUE;
    return FALSE;
}

/* The op run on a copy of the cluster as if the root disk did not matter:
 * when it is refused by one of refused_before_root's rules, that is LXD's
 * answer too; copied into @apply's outcome.  TRUE when so answered. */
static gboolean
answer_before_root(MsApply *apply)
{
    g_autoptr(MsCluster) copy = ms_cluster_copy(apply->cluster);
    MsEnv quiet = { .profile = apply->env->profile, .client = apply->env->client };
    MsApply probe = { copy, &quiet, apply->profile, apply->op, ms_outcome_new() };
    gboolean answered = FALSE;

    if (!ms_op_defs[apply->op->kind].apply(&probe) && refused_before_root(probe.outcome->rule)) {
        ms_apply_fail(apply, probe.outcome->rule, probe.outcome->http_status, probe.outcome->async,
                      g_steal_pointer(&probe.outcome->server_error));
        /* several bad keys: LXD's other possible texts, and the note */
        apply->outcome->alternatives = g_steal_pointer(&probe.outcome->alternatives);
        for (guint i = 0; probe.outcome->notes != NULL && i < probe.outcome->notes->len; i++)
            ms_outcome_add_note(apply->outcome, "%s", (const char *) probe.outcome->notes->pdata[i]);
        answered = TRUE;
    }
    ms_outcome_free(probe.outcome);
    return answered;
}

/* lxd-5.0.2 runs an update of an instance without a root disk as any
 * other: Update validates the expanded devices, and ValidDevices asks for
 * exactly one root disk only when there is a device at all
 * (lxd/instance/drivers/load.go:120-124, DEV.ROOT_DETECT, applied by the
 * device and profile paths themselves); the root pools are compared only
 * when the old and the new devices both have one (driver_lxc.go:4139-4141)
 * and nothing asks for a root disk afterwards (DEV.ROOT_MISSING is from
 * 5.0.3).  Seen live on 5.0.2: config keys set and unset, a root disk added
 * back (tools/live-random.py --gen 4 --seeds 1003, 3001;
 * tests/live/scenarios/rootless-config-keys.scn), a device or a profile with
 * devices refused, a profile with config only added and removed
 * (tests/live/scenarios/rootless-updates.scn).  Other releases with rootless
 * instances (5.0.0-5.0.1, 5.1-5.15) were not read for this and stay "not
 * modelled". */
static gboolean
update_without_root(const MsApply *apply)
{
    static const MsOpKind updates[] = {
        MS_OP_CONFIG_SET,    MS_OP_CONFIG_UNSET,    MS_OP_DEVICE_ADD,     MS_OP_DEVICE_REMOVE,
        MS_OP_DEVICE_SET,    MS_OP_DEVICE_OVERRIDE, MS_OP_PROFILE_ASSIGN, MS_OP_PROFILE_UNASSIGN,
        MS_OP_VOLUME_ATTACH, MS_OP_VOLUME_DETACH,   MS_OP_DEVICE_UNSET,
    };

    if (apply->op->instance == NULL || ms_profile_is_incus(apply->profile) ||
        apply->profile->version != MS_VERSION(5, 0, 2))
        return FALSE;
    for (gsize i = 0; i < G_N_ELEMENTS(updates); i++)
        if (apply->op->kind == updates[i])
            return TRUE;
    return FALSE;
}

/* A config key update leaves the devices as they are: ValidDevices' root
 * disk check is the one that can refuse it (the config keys' own checks
 * came first, answer_before_root).  TRUE when refused. */
static gboolean
refuse_config_without_root(MsApply *apply, const MsInstance *instance)
{
    g_autoptr(MsDevices) expanded = NULL;
    g_auto(MsRejection) refusal = { 0 };

    if (apply->op->kind != MS_OP_CONFIG_SET && apply->op->kind != MS_OP_CONFIG_UNSET)
        return FALSE;
    expanded = ms_cluster_expand_devices(apply->cluster, instance);
    if (ms_apply_root_detect(apply, instance->name, expanded, MS_RULE_DEV_ROOT_DETECT, &refusal))
        return FALSE;
    ms_apply_fail(apply, refusal.rule, 400, TRUE, g_steal_pointer(&refusal.message));
    return TRUE;
}

/* What lxd-5.0.2 does with an instance without a root disk that migsim
 * follows, seen live (tools/live-random.py --gen 15 --seed 15002): a
 * cluster move's copy of a stopped one finds no pool (MOVE.NO_ROOT_POOL,
 * ms-migrate.c; scenario 4 line 34), an evacuation runs CanMigrate
 * (driver_common.go:945-990: no root disk is looked for), stops a running
 * one (cluster.evacuate=stop: ok, the instance STOPPED, scenario 7 line 34;
 * its Shutdown's error is only logged, api_cluster.go:2882-2892) and
 * migrates it as a stopped move (MOVE.NO_ROOT_POOL wrapped, scenario 8 line
 * 47; a running one's stop then migrate is inferred from the two), a
 * restore's start fails (START.NO_ROOT, ms-evacuate.c; scenario 7 line 35),
 * a rename of a stopped one goes
 * through (scenario 4 line 47: instance_post.go:375, driver_lxc.go:3748
 * Rename loads the pool with storage/pool_load.go:190-194, the pool the
 * database's volume record names, not the devices). */
static gboolean
rootless_followed(const MsApply *apply)
{
    const MsOp *op = apply->op;

    if (ms_profile_is_incus(apply->profile) || apply->profile->version != MS_VERSION(5, 0, 2))
        return FALSE;
    switch (op->kind) {
    case MS_OP_EVACUATE:
    case MS_OP_RESTORE:
    case MS_OP_RENAME:
        return TRUE;
    case MS_OP_MOVE: {
        /* a running one's stop fails first, "Failed stopping instance ...:
         * Failed unmounting instance: No root device could be found" (live,
         * scenarios/rules/rootless-instance-not-modelled.scn): not followed */
        const MsInstance *instance = ms_cluster_lookup_instance(apply->cluster, op->instance);
        return op->target != NULL && op->pool == NULL && op->target_project == NULL && instance != NULL &&
               instance->status != MS_INSTANCE_RUNNING;
    }
    default:
        return FALSE;
    }
}

static gboolean
refuse_rootless(MsApply *apply)
{
    const MsInstance *instance;

    if (!(ms_op_defs[apply->op->kind].flags & MS_OP_FLAG_NEEDS_ROOT) || rootless_followed(apply))
        return FALSE;
    instance = rootless_instance(apply->cluster, apply->op);
    if (instance == NULL)
        return FALSE;
    if (answer_before_root(apply))
        return TRUE;
    if (update_without_root(apply))
        return refuse_config_without_root(apply, instance);
    ms_apply_fail(
        apply, MS_RULE_NONE, 0, FALSE,
        g_strdup_printf("migsim: not modelled for %s: lxc %s with instance %s, which has no root disk "
                        "(its own was removed and no profile gives one); LXD then fails most operations "
                        "on it (\"No root device could be found\") in ways migsim does not follow",
                        apply->profile->name, ms_op_defs[apply->op->kind].name, instance->name));
    return TRUE;
}

/* A volume command names its project with --project or the current
 * project (ms-volume-project.c): one that does not exist is not modelled. */
static gboolean
refuse_project_volumes(MsApply *apply)
{
    switch (apply->op->kind) {
    case MS_OP_VOLUME_CREATE:
    case MS_OP_VOLUME_DELETE:
    case MS_OP_VOLUME_ATTACH:
    case MS_OP_VOLUME_DETACH:
    case MS_OP_VOLUME_RENAME:
    case MS_OP_VOLUME_SHOW:
    case MS_OP_VOLUME_GET:
    case MS_OP_VOLUME_SET:
    case MS_OP_VOLUME_UNSET:
    case MS_OP_VOLUME_SNAPSHOT:
    case MS_OP_VOLUME_COPY:
    case MS_OP_VOLUME_MOVE:
    case MS_OP_VOLUME_LIST:
    case MS_OP_VOLUME_IMPORT:
    case MS_OP_VOLUME_EDIT:
    case MS_OP_VOLUME_RESTORE:
        return ms_apply_volume_project_unknown(apply);
    default:
        return FALSE;
    }
}

/* With half of the database voters or more stopped or cut off, dqlite has
 * no quorum: every request that reads or writes the database waits for a
 * leader until a timeout, and what it fails with depends on which wait
 * ends first.  Seen live on LXD 5.0.2 (3 voters, m2 and m3 stopped,
 * 3 December 2026): `lxc list` and `lxc cluster list` at once still
 * answered (the old leader's lease), 23 s later `lxc cluster evacuate m1`
 * failed "Failed to update cluster member state: failed to add
 * \"Evacuating cluster member\" Operation UUID to database: Failed to begin
 * transaction: context deadline exceeded" and `lxc launch` "Failed to begin
 * transaction: failed to create dqlite connection: no available dqlite
 * leader server found".  So migsim does not answer for LXD here. */
static gboolean
refuse_without_quorum(MsApply *apply)
{
    g_autofree char *lost = ms_roles_quorum_loss(apply->cluster);

    if (lost == NULL)
        return FALSE;
    ms_apply_fail(
        apply, MS_RULE_NONE, 0, FALSE,
        g_strdup_printf("migsim: not modelled for %s: lxc %s while the database has no quorum (%s "
                        "unreachable); LXD's answer then depends on dqlite's timeouts (seen: "
                        "\"Failed to begin transaction: context deadline exceeded\", \"failed to "
                        "create dqlite connection: no available dqlite leader server found\", or an "
                        "answer from the old leader)",
                        apply->profile->name, ms_op_defs[apply->op->kind].name, lost));
    return TRUE;
}

/* A flag lxc does not define for the command (`lxc start --stateful`):
 * cobra refuses the line before anything is sent ("unknown flag:
 * --stateful"; seen live on 5.0.2 for cluster evacuate --action). */
static gboolean
refuse_unknown_flag(MsApply *apply)
{
    const MsOp *op = apply->op;
    const char *subject = op->instance != NULL ? op->instance : ms_op_defs[op->kind].name;

    if (op->unknown_flag == NULL)
        return FALSE;
    ms_apply_check(apply, MS_RULE_CLI_UNKNOWN_FLAG, subject, TRUE);
    ms_apply_reject(apply, MS_RULE_CLI_UNKNOWN_FLAG, op->unknown_flag);
    return TRUE;
}

/* Flags lxc defines that migsim parses without following them (the
 * parser's table, sim/scenario/ms-lxc-options.c, names the same ones but
 * copy's -p and --no-profiles, which the parser reads as options):
 * the line is answered "not modelled", or with cobra's unknown flag where
 * the release's client lacks the flag. */
typedef struct {
    MsOpKind kind;
    const char *flag;      /* as typed in MsOp.typed_flags: "--all" */
    const char *shorthand; /* "-e", nullable */
    MsReleases clients;    /* the releases whose client has the flag */
    const char *why;
} MsUnfollowedFlag;

/* clang-format off */
#define EVERY_CLIENT { MS_SPAN_ALL, MS_SPAN_ALL, MS_SPAN_ALL, MS_INC_ALL, MS_SPAN_ALL }
/* --property: lxc/config.go:594 set, :932 unset, :438 get, lxc/storage_volume.go
 * :2121 set, :2395 unset, :1261 get (lxd-5.21.7); config.go:592, :928, :441,
 * storage_volume.go:2120, :2390, :1262 (lxd-6.9); present from lxd-5.0.3 and
 * lxd-5.16 (a6d6d4b7e7, 74586089a9), absent at lxd-5.0.0 .. 5.0.2 and
 * lxd-5.1 .. 5.15 (git show TAG:lxc/config.go, TAG:lxc/storage_volume.go);
 * cmd/incus/config.go and storage_volume.go have it at v6.0.0 and v7.3.0
 * (config.go:386 at v7.3.0).  So do profile, storage (pool), network and
 * project set|unset: lxc/profile.go:1041,1189, storage.go:750,943,
 * network.go:1292,1455, project.go:676,759 at lxd-5.21.7 (:1001,1152,
 * :796,991, :1338,1504, :732,814 at lxd-6.9), from the same releases (git
 * show TAG:lxc/FILE at lxd-5.0.2, 5.0.3, 5.15, 5.16), cmd/incus/profile.go,
 * storage.go, network.go, project.go at v6.0.0 */
#define PROPERTY_CLIENTS { MS_SPAN_50_FROM(3), MS_SPAN_ALL, MS_SPAN_ALL, MS_INC_ALL, MS_SPAN_5_FROM(16) }
#define ALL_WHY "--all (the bulk state change, PUT /1.0/instances: every instance of the project " \
                "whose state differs, on every member, failures gathered; with a name lxc refuses " \
                "'Both --all and instance name given'; lxc/action.go:112,294-320 at lxd-5.0.2, " \
                ":138,324-350 at lxd-5.21.7, :134,320-346 at lxd-6.9; lxd/instances_put.go)"
#define EPHEMERAL_WHY "--ephemeral (migsim has no ephemeral instances, which LXD deletes when they " \
                      "stop; lxc/init.go:52 and lxc/copy.go:56 at lxd-5.0.2, init.go:66 and copy.go:58 at lxd-5.21.7)"
#define PROPERTY_WHY "--property (the key is a property of the object such as description, " \
                     "ephemeral or a snapshot's expires_at, not a config key; migsim keeps none of them)"
#define COPY_PROFILES_WHY "-p/--profile or --no-profiles (the copy's profiles replaced; lxc/copy.go:55,63 " \
                          "at lxd-5.0.2, :57,65 at lxd-5.21.7 and lxd-6.9; LXD #15078, #15271)"
static const MsUnfollowedFlag unfollowed_flags[] = {
    { MS_OP_START, "--all", NULL, EVERY_CLIENT, ALL_WHY },
    { MS_OP_STOP, "--all", NULL, EVERY_CLIENT, ALL_WHY },
    { MS_OP_RESTART, "--all", NULL, EVERY_CLIENT, ALL_WHY },
    { MS_OP_INIT, "--ephemeral", "-e", EVERY_CLIENT, EPHEMERAL_WHY },
    { MS_OP_COPY, "--ephemeral", "-e", EVERY_CLIENT, EPHEMERAL_WHY },
    { MS_OP_COPY, "--profile", "-p", EVERY_CLIENT, COPY_PROFILES_WHY },
    { MS_OP_COPY, "--no-profiles", NULL, EVERY_CLIENT, COPY_PROFILES_WHY },
    { MS_OP_CONFIG_SET, "--property", "-p", PROPERTY_CLIENTS, PROPERTY_WHY },
    { MS_OP_CONFIG_UNSET, "--property", "-p", PROPERTY_CLIENTS, PROPERTY_WHY },
    { MS_OP_CONFIG_GET, "--property", "-p", PROPERTY_CLIENTS, PROPERTY_WHY },
    { MS_OP_VOLUME_SET, "--property", "-p", PROPERTY_CLIENTS, PROPERTY_WHY },
    { MS_OP_VOLUME_UNSET, "--property", "-p", PROPERTY_CLIENTS, PROPERTY_WHY },
    { MS_OP_VOLUME_GET, "--property", "-p", PROPERTY_CLIENTS, PROPERTY_WHY },
    { MS_OP_PROFILE_SET, "--property", "-p", PROPERTY_CLIENTS, PROPERTY_WHY },
    { MS_OP_PROFILE_UNSET, "--property", "-p", PROPERTY_CLIENTS, PROPERTY_WHY },
    { MS_OP_STORAGE_SET, "--property", "-p", PROPERTY_CLIENTS, PROPERTY_WHY },
    { MS_OP_STORAGE_UNSET, "--property", "-p", PROPERTY_CLIENTS, PROPERTY_WHY },
    { MS_OP_NETWORK_SET, "--property", "-p", PROPERTY_CLIENTS, PROPERTY_WHY },
    { MS_OP_NETWORK_UNSET, "--property", "-p", PROPERTY_CLIENTS, PROPERTY_WHY },
    { MS_OP_PROJECT_SET, "--property", "-p", PROPERTY_CLIENTS, PROPERTY_WHY },
    { MS_OP_PROJECT_UNSET, "--property", "-p", PROPERTY_CLIENTS, PROPERTY_WHY },
};
#undef EVERY_CLIENT
#undef PROPERTY_CLIENTS
/* clang-format on */

static const MsUnfollowedFlag *
unfollowed_flag(const MsOp *op, const char **typed)
{
    for (guint i = 0; op->typed_flags != NULL && i < op->typed_flags->len; i++)
        for (guint f = 0; f < G_N_ELEMENTS(unfollowed_flags); f++) {
            const MsUnfollowedFlag *u = &unfollowed_flags[f];
            const char *flag = op->typed_flags->pdata[i];

            if (u->kind == op->kind && (g_str_equal(flag, u->flag) || g_strcmp0(flag, u->shorthand) == 0)) {
                *typed = flag;
                return u;
            }
        }
    return NULL;
}

static gboolean
refuse_unfollowed_flag(MsApply *apply)
{
    const MsOp *op = apply->op;
    const char *typed = NULL;
    const MsUnfollowedFlag *u = unfollowed_flag(op, &typed);
    const char *subject = op->instance != NULL ? op->instance : ms_op_defs[op->kind].name;

    if (u == NULL)
        return FALSE;
    /* lxc start|stop|restart --all NAME: lxc refuses the name before any
     * request, at every LXD tag and Incus until v6.22.0, whose usage parser
     * reads the arguments first from v6.23.0 (CLI.ACTION_ALL_NAME) */
    if (g_str_equal(u->flag, "--all") && op->instance != NULL &&
        ms_rule_applies(MS_RULE_CLI_ACTION_ALL_NAME, apply->profile)) {
        ms_apply_check(apply, MS_RULE_CLI_ACTION_ALL_NAME, op->instance, TRUE);
        ms_apply_reject(apply, MS_RULE_CLI_ACTION_ALL_NAME);
        return TRUE;
    }
    if (!ms_releases_contain(&u->clients, apply->profile->version)) {
        /* cobra refuses a flag the release's lxc lacks before any request
         * (--property before lxd-5.0.3 and 5.16, see PROPERTY_CLIENTS) */
        g_autofree char *quoted = g_strdup_printf("'%s'", typed + 1);

        if (typed[1] != '-') {
            /* dead in lxd-5.21.x,lxd-6.x: their lxc has -p (PROPERTY_CLIENTS) */
            ms_apply_check(apply, MS_RULE_CLI_UNKNOWN_SHORTHAND, subject, TRUE);
            ms_apply_reject(apply, MS_RULE_CLI_UNKNOWN_SHORTHAND, quoted, typed + 1);
            return TRUE;
        }
        /* dead in lxd-5.21.x,lxd-6.x: their lxc has --property (PROPERTY_CLIENTS) */
        ms_apply_check(apply, MS_RULE_CLI_UNKNOWN_FLAG, subject, TRUE);
        ms_apply_reject(apply, MS_RULE_CLI_UNKNOWN_FLAG, typed);
        return TRUE;
    }
    ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                  g_strdup_printf("migsim: not modelled for %s: %s %s", apply->profile->name,
                                  ms_op_defs[op->kind].name, u->why));
    return TRUE;
}

/* lxc move --target|-s|--target-project --mode M (M not "pull") on one
 * remote: lxc refuses the pair before any request until lxd-5.21.4 and
 * lxd-6.6.  With --target, after its checks of the other flags next to it
 * (CLI.MOVE_TARGET_MODE, ms_move_options_refused).  Without --target, -s
 * first: 5.0.0-5.0.2 and 5.1-5.19 say "... with --storage" (even with
 * --target-project too) or "... with --target-project" (lxc/move.go:197-209,
 * 213-225 at lxd-5.0.2), 5.0.3+, 5.20, 5.21.0-5.21.4 and 6.1-6.6 say "...
 * with --storage or --target-project" for either, before their checks of
 * -c/-d/-p (:198-206 at lxd-5.0.3 and lxd-5.21.0, :224-225 at lxd-5.21.4)
 * (CLI.MOVE_STORAGE_MODE, CLI.MOVE_PROJECT_MODE).  5.21.5+, 6.7+ and the
 * incus client copy through the client and delete instead of the
 * server-side move (isServerSide, lxc/move.go:187-190 at lxd-5.21.7,
 * :184-187 at lxd-6.9; cmd/incus/move.go:159 at v6.0.4): not modelled.
 * A rename (no --target, -s or --target-project: MS_OP_RENAME) never reads
 * --mode (lxc/move.go:115-150 at lxd-5.0.2), nor does any move with
 * "pull", lxc's default (moveDefaultMode, :439). */
static gboolean
refuse_move_mode(MsApply *apply)
{
    const MsOp *op = apply->op;
    gboolean one_remote = op->remote == NULL && op->dest_remote == NULL;
    MsRuleId rule = op->pool != NULL ? MS_RULE_CLI_MOVE_STORAGE_MODE : MS_RULE_CLI_MOVE_PROJECT_MODE;

    if (op->kind != MS_OP_MOVE || op->transfer_mode == NULL || g_str_equal(op->transfer_mode, "pull"))
        return FALSE;
    /* lxc with CLI.MOVE_TARGET_MODE refuses --target with it, after its
     * checks of the other flags next to --target (ms_move_options_refused) */
    if (op->target != NULL && one_remote && ms_rule_applies(MS_RULE_CLI_MOVE_TARGET_MODE, apply->profile))
        return FALSE;
    if (op->target == NULL && op->group == NULL && one_remote &&
        (op->pool != NULL || op->target_project != NULL) && ms_rule_applies(rule, apply->profile)) {
        /* check sites: CLI_MOVE_STORAGE_MODE CLI_MOVE_PROJECT_MODE */
        ms_apply_check(apply, rule, op->instance, TRUE);
        return ms_apply_reject(apply, rule), TRUE;
    }
    ms_apply_fail(
        apply, MS_RULE_NONE, 0, FALSE,
        g_strdup_printf("migsim: not modelled for %s: move --mode %s with --target, -s or "
                        "--target-project (lxc until 5.21.4 and 6.6 refuses the pair on one remote; "
                        "later lxc and incus copy through the client and delete; lxc/move.go:179-225 "
                        "at lxd-5.0.2, :184-190 at lxd-6.9, cmd/incus/move.go:159 at v6.0.4)",
                        apply->profile->name, op->transfer_mode));
    return TRUE;
}

/* lxc's parseVolume reads NAME/... as TYPE/NAME when its first part is
 * custom, image, container or virtual-machine (lxc/storage_volume.go
 * :133-145 at lxd-5.0.2, :41-52 at lxd-6.9): the type of @op's volume when
 * it is an instance's or an image's, NULL for a custom volume
 * ("custom/container/x" is the custom volume container/x:
 * MsOp.volume_custom_prefix). */
static const char *
op_volume_type(const MsOp *op)
{
    static const char *const types[] = { "container", "virtual-machine", "image" };

    if (op->volume == NULL || op->volume_custom_prefix)
        return NULL;
    for (guint i = 0; i < G_N_ELEMENTS(types); i++) {
        gsize n = strlen(types[i]);

        if (strncmp(op->volume, types[i], n) == 0 && op->volume[n] == '/')
            return types[i];
    }
    return NULL;
}

char *
ms_op_unfollowed(const MsOp *op)
{
    const char *typed = NULL;
    const char *type = op_volume_type(op);

    if (unfollowed_flag(op, &typed) != NULL)
        return g_strdup(typed);
    /* the replay sends lxc's default, pull (ms_op_transfer_not_pull) */
    if (ms_op_transfer_not_pull(op))
        return g_strdup_printf("--mode %s", op->transfer_mode);
    if (type != NULL)
        return g_strdup_printf("the %s volume %s", type, op->volume);
    return NULL;
}

/* The volumes of instances and images are not modelled (op_volume_type);
 * attach and detach keep the parser's refusal. */
static gboolean
refuse_volume_type(MsApply *apply)
{
    const MsOp *op = apply->op;

    if (op->kind == MS_OP_VOLUME_ATTACH || op->kind == MS_OP_VOLUME_DETACH || op_volume_type(op) == NULL)
        return FALSE;
    ms_apply_fail(
        apply, MS_RULE_NONE, 0, FALSE,
        g_strdup_printf("migsim: not modelled for %s: %s of %s (the volume of an instance or image; "
                        "migsim models custom volumes only)",
                        apply->profile->name, ms_op_defs[op->kind].name, op->volume));
    return TRUE;
}

MsOutcome *
ms_cluster_apply(MsCluster *cluster, MsEnv *env, const MsOp *op)
{
    MsApply apply = { cluster, env, env->profile, op, ms_outcome_new() };
    GPtrArray *outer_assumptions = env->assumptions;
    g_autoptr(GPtrArray) assumptions = g_ptr_array_new_with_free_func(g_free);
    gboolean ok;

    g_autofree char *records = env->timing_notes ? records_in_play(cluster, op) : NULL;
    g_autoptr(MsCluster) alternative = NULL;
    g_autoptr(MsOutcome) alt = NULL;    /* the command with every record gone */
    g_autoptr(MsCluster) before = NULL; /* with every record, for note_partial_expiry */
    const char *typed = NULL;

    g_assert(op->kind < MS_OP_LAST);
    /* REMOTE:NAME: the remote's cluster, or a copy/move between two */
    if ((op->remote != NULL || op->dest_remote != NULL) && op->unknown_flag == NULL &&
        unfollowed_flag(op, &typed) == NULL) {
        ms_outcome_free(apply.outcome);
        return ms_remote_apply(cluster, env, op);
    }
    if (records != NULL) {
        MsEnv quiet = { .profile = env->profile, .client = env->client };
        if (cluster->op_records->len > 1)
            before = ms_cluster_copy(cluster);
        alternative = without_records(cluster);
        alt = ms_cluster_apply(alternative, &quiet, op);
    }
    env->assumptions = assumptions;
    apply.init_existed = op->kind == MS_OP_INIT && op->instance != NULL &&
                         ms_cluster_lookup_instance(cluster, op->instance) != NULL;
    ok = !refuse_unknown_flag(&apply) && !refuse_unfollowed_flag(&apply) && !refuse_volume_type(&apply) &&
         !refuse_move_mode(&apply) && !refuse_without_quorum(&apply) && !refuse_rootless(&apply) &&
         !refuse_project_volumes(&apply) && ms_op_defs[op->kind].apply(&apply);
    env->assumptions = outer_assumptions;
    for (guint i = 0; i < assumptions->len; i++)
        ms_outcome_add_note(apply.outcome, "%s", (const char *) assumptions->pdata[i]);
    if (alternative != NULL) {
        /* the refusal's texts are set below: compared with alt's here */
        apply.outcome->ok = ok;
        note_timing(alternative, cluster, op, records, apply.outcome, alt);
    }
    if (before != NULL) {
        g_autofree char *all_differ = ok ? placements_differ(alternative, cluster) : NULL;
        note_partial_expiry(before, cluster, env, op, all_differ, records, apply.outcome);
    }
    if (!ok) {
        g_assert(apply.outcome->server_error != NULL);
        apply.outcome->client_error = ms_client_error(&apply);
    }
    ms_hang_note(cluster, op, apply.outcome);
    ms_cluster_keep_hung(cluster, op, apply.outcome);
    advance_clock(cluster, op, apply.outcome);
    return apply.outcome;
}

char *
ms_cluster_probe_start(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance)
{
    MsEnv env = { profile, NULL, NULL };
    MsRejection rejection = { 0 };
    MsInstance copy = *instance;

    /* probe as if stopped: the question is whether it could start again */
    copy.status = MS_INSTANCE_STOPPED;
    ms_instance_start_check(cluster, &env, &copy, FALSE, &rejection);
    return rejection.message;
}

/* A container's checkpoint before 6.6 needs the criu binary on its member
 * (Migrate's exec.LookPath("criu"), lxd/instance/drivers/driver_lxc.go:
 * 4966-4968 at lxd-5.0.2, reached through Stop(true) :2562-2569, the
 * migration source and Snapshot).  A member declared `host-lacks MEMBER
 * criu` is answered as declared.  An undeclared one is assumed without
 * CRIU, as Debian's lxd package installs it (5.0.2-5+deb12u6: criu in none
 * of its Depends, Recommends or Suggests) and as every live cluster of
 * this project runs; the transcript says so, since with CRIU LXD would
 * checkpoint the container instead (a "not modelled" answer here turned
 * every recorded scenario with a stateful stop into a miss, session 38). */
void
ms_apply_note_criu_assumed(MsApply *apply, const MsMember *member, const char *instance, const char *location,
                           MsRuleId rule)
{
    /* MS_RULE_NONE: the caller read the release's text itself */
    if (rule != MS_RULE_NONE ? !ms_member_criu_decides(member, rule, apply->profile)
                             : member != NULL && (member->host_lacks & MS_HOST_LACKS_CRIU))
        return;
    ms_outcome_add_note(apply->outcome,
                        "%s: migsim assumes CRIU is not installed on %s (with CRIU, LXD %s would checkpoint "
                        "the container; `host-lacks %s criu` states it)",
                        instance, location, apply->profile->name, location);
}

/* With `host-has MEMBER criu`, exec.LookPath("criu") succeeds where the
 * release checks it (Migrate, driver_lxc.go:4966-4968; Snapshot :3336-3339;
 * Restore :3470-3476 at lxd-5.0.2; migration.ErrNoLiveMigration's callers,
 * lxd/migration/utils.go:114-120 at lxd-5.21.7, until 6.6) and the next
 * step is CRIU's own dump or restore through liblxc (driver_lxc.go:5040-5118
 * at lxd-5.0.2), whose success depends on the host's kernel and on the
 * container (its mounts, its devices, CRIU's version): not modelled. */
gboolean
ms_apply_criu_runs(MsApply *apply, const MsMember *member, MsRuleId rule, const char *what)
{
    if (!ms_member_criu_runs(member, rule, apply->profile))
        return FALSE;
    ms_apply_fail(
        apply, MS_RULE_NONE, 0, FALSE,
        g_strdup_printf("migsim: not modelled for %s: %s on %s, declared `host-has %s criu`: CRIU's "
                        "own checkpoint or restore answers, which is the host's",
                        apply->profile->name, what, member->name, member->name));
    return TRUE;
}

/* With CRIU on the source (`host-has SRC criu`), a live migration's sink
 * on the destination looks for CRIU before any dump (newMigrationSink,
 * lxd/migrate_instance.go:796-800 at lxd-5.0.2, :178-180 at lxd-5.21.7;
 * none from lxd-6.6).  NULL when @rule, the sink's refusal, answers: the
 * release has it and @dest lacks CRIU, declared or (with a note, as the
 * source's ms_apply_note_criu_assumed) undeclared.  Otherwise the "not
 * modelled" message (@what names the request): CRIU's restore follows
 * (`host-has DEST criu`) or the release's path is not read. */
char *
ms_apply_criu_sink_unknown(MsApply *apply, const MsMember *dest, MsRuleId rule, const char *instance,
                           const char *what)
{
    if (dest == NULL || (dest->host_has & MS_HOST_HAS_CRIU) || !ms_rule_applies(rule, apply->profile) ||
        ms_rule_unmodelled(rule, apply->profile))
        return g_strdup_printf("migsim: not modelled for %s: %s, its source member declared `host-has "
                               "MEMBER criu`: %s",
                               apply->profile->name, what,
                               dest != NULL && (dest->host_has & MS_HOST_HAS_CRIU)
                                   ? "CRIU's own checkpoint and restore answer, which is the hosts'"
                                   : "the destination's answer in this release is not read");
    if (!(dest->host_lacks & MS_HOST_LACKS_CRIU))
        ms_outcome_add_note(apply->outcome,
                            "%s: migsim assumes CRIU is not installed on the destination %s (with CRIU, LXD "
                            "%s would dump and restore the container; `host-lacks %s criu` states it)",
                            instance, dest->name, apply->profile->name, dest->name);
    return NULL;
}
