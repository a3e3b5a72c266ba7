/* migsim: lxc profile create|set|unset|edit|device ... (moved from ms-instance-ops.c). */
#include "ms-apply-private.h"
#include "ms-cluster-private.h"
#include "ms-names.h"
#include "ms-device-types.h"
#include "ms-yaml-read.h"

#include <string.h>

/* ---- profiles ---- */

static gboolean
instance_has_profile(const MsInstance *instance, const char *name)
{
    for (guint i = 0; i < instance->profiles->len; i++)
        if (g_str_equal(instance->profiles->pdata[i], name))
            return TRUE;
    return FALSE;
}

static gboolean
profile_used(const MsCluster *cluster, const char *name)
{
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        MsInstance *inst = value;
        for (guint i = 0; i < inst->profiles->len; i++)
            if (g_str_equal(inst->profiles->pdata[i], name))
                return TRUE;
    }
    return FALSE;
}

static const char *
root_pool(MsDevices *devices, const char **device_name)
{
    MsDevicesIter iter;
    const char *name;
    MsDevice *dev;

    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, &name, &dev))
        if (g_str_equal(ms_device_lookup_lit(dev, "type") ?: "", "disk") &&
            g_str_equal(ms_device_lookup_lit(dev, "path") ?: "", "/")) {
            if (device_name != NULL)
                *device_name = name;
            return ms_device_lookup_lit(dev, "pool") ?: "";
        }
    return "";
}

/* lxd/profiles_utils.go:47-72 (lxd-5.0.2): when the profile's root disk
 * pool changes or goes, an instance with no local root disk whose root
 * comes from this profile (the last of its profiles that has a device of
 * the old root disk's name) blocks the update. */
static gboolean
profile_root_relied_on(MsApply *apply, const MsProfileEntity *profile, MsDevices *old_devices,
                       MsDevices *new_devices)
{
    const char *old_name = NULL;
    const char *old_pool = root_pool(old_devices, &old_name);
    g_autoptr(GPtrArray) instances = NULL;
    gboolean relied = FALSE;

    if (g_str_equal(old_pool, root_pool(new_devices, NULL)))
        return ms_apply_check(apply, MS_RULE_PROFILE_ROOT_IN_USE, profile->name, FALSE);
    instances = ms_cluster_list_instances(apply->cluster, NULL);
    for (guint i = 0; i < instances->len && !relied; i++) {
        MsInstance *inst = instances->pdata[i];

        if (*root_pool(inst->devices, NULL) != '\0')
            continue;
        for (guint p = inst->profiles->len; p > 0; p--) {
            const char *pname = inst->profiles->pdata[p - 1];
            MsProfileEntity *from = ms_cluster_lookup_profile(apply->cluster, pname);
            MsDevices *devices = from == profile ? old_devices : from ? from->devices : NULL;

            if (old_name != NULL && devices != NULL && ms_devices_has(devices, old_name)) {
                relied = g_str_equal(pname, profile->name);
                break;
            }
        }
    }
    return ms_apply_check(apply, MS_RULE_PROFILE_ROOT_IN_USE, profile->name, relied);
}

/* ValidDevices walks every device of the profile, changed or not, in Go map
 * order (lxd/instance/drivers/load.go:84-105 at lxd-5.0.2, called from
 * lxd/profiles_utils.go:33): when a changed device fails, any other device
 * that fails too may be the one named, e.g. an unchanged disk whose path
 * the new one takes (seen live on 5.0.2: tools/live-random.py --gen 15
 * seed 15003, LXD named the profile's older disk).  An unchanged device
 * is only checked here, not alone: it passed when it was added and the
 * volumes it names cannot be deleted while the profile uses them. */
static void
note_other_failing_devices(MsApply *apply, const MsDeviceContext *ctx, GPtrArray *order, MsDevices *devices,
                           const char *named)
{
    for (guint j = 0; j < order->len; j++) {
        const char *other = order->pdata[j];
        g_auto(MsRejection) why = { 0 };

        if (g_str_equal(other, named) ||
            ms_device_validate(ctx, other, ms_devices_lookup(devices, other), &why))
            continue;
        ms_apply_add_device_alternative(apply, MS_RULE_WRAP_PROFILE_STATIC, other, named, why.message);
    }
}

/* Profiles are validated on their own with type "any" (static mode): each
 * new or changed device, wrapped as ValidDevices wraps it, with no "Invalid
 * devices: " (lxd/profiles_utils.go:33, load.go:103 at lxd-5.0.2). */
static gboolean
validate_profile_devices(MsApply *apply, MsDevices *old_devices, MsDevices *new_devices, MsRejection *out)
{
    g_autoptr(GPtrArray) order = ms_devices_sorted(new_devices);
    /* GetStoragePoolVolume(memberSpecific) runs on the member that got the
     * request: the client's (lxd/device/disk.go:540-553 at lxd-6.9) */
    MsDeviceContext ctx = {
        .cluster = apply->cluster,
        .env = apply->env,
        .mode = MS_VALIDATE_STATIC,
        .type = MS_INSTANCE_CONTAINER,
        .sibling_devices = new_devices,
        .for_profile = TRUE,
        .member = apply->env->client,
        .project = apply->op->project,
    };

    for (guint i = 0; i < order->len; i++) {
        const char *name = order->pdata[i];
        MsDevice *old = ms_devices_lookup(old_devices, name);
        MsDevice *dev = ms_devices_lookup(new_devices, name);
        g_auto(MsRejection) refusal = { 0 };

        if ((old != NULL && ms_device_equal(old, dev)) || ms_device_validate(&ctx, name, dev, &refusal))
            continue;
        ms_apply_check(apply, MS_RULE_WRAP_PROFILE_STATIC, name, TRUE);
        note_other_failing_devices(apply, &ctx, order, new_devices, name);
        return ms_reject_status(
            out, refusal.rule, 400,
            ms_rule_message(MS_RULE_WRAP_PROFILE_STATIC, apply->profile, name, refusal.message));
    }
    return TRUE;
}

/* lxc profile unset is lxc's set to "" (lxc/profile.go:897-906 at
 * lxd-5.0.2), and ValidConfig checks the key of a "" value too: an unset of
 * a key the profile does not hold and LXD does not know is refused ("Unknown
 * configuration key: bogus.key", seen live on 5.0.2: tools/live-random.py
 * --gen 19 --seed 19005, scenario 5 line 34).  "" for that key then (the
 * validation refuses it); NULL otherwise, as the database stores no "". */
static const char *
profile_unset_value(MsApply *apply, const char *key, GHashTable *config)
{
    g_autoptr(GHashTable) probe = NULL;
    g_auto(MsRejection) refusal = { 0 };

    if (ms_config_get(config, key) != NULL)
        return NULL;
    probe = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_hash_table_insert(probe, g_strdup(key), g_strdup(""));
    if (ms_profile_config_validate(apply->env, probe, "", &refusal))
        return NULL;
    /* the volatile.* and image.* refusal reads the name alone, before any
     * value (lxd/instance/instance_utils.go:77-83 at lxd-5.0.2, :60-64 at
     * lxd-5.21.7, :61-65 at lxd-6.9; internal/server/instance/
     * instance_utils.go:87-91 at v6.0.4) */
    return refusal.rule == MS_RULE_CFG_INST_UNKNOWN_KEY ||
                   refusal.rule == MS_RULE_CFG_INST_VOLATILE_UNKNOWN ||
                   refusal.rule == MS_RULE_PROFILE_INSTANCE_ONLY_KEY
               ? ""
               : NULL;
}

/* ValidConfig(..., instancetype.Any) runs before the devices in LXD
 * (lxd/profiles_utils.go:27 at lxd-5.0.2) but after them here: both fail
 * the whole update, and no scenario sets both at once.  Profiles report
 * the validator's text without "Invalid config: ", with status 500. */
static gboolean
validate_profile_config(MsApply *apply, MsProfileEntity *profile, MsDevices *old_devices,
                        GHashTable *new_config, MsDevices *new_devices, MsRejection *out)
{
    g_auto(MsRejection) refusal = { 0 };

    if (!ms_profile_config_validate(apply->env, new_config, profile->name, &refusal)) {
        ms_apply_check(apply, MS_RULE_PROFILE_CONFIG, profile->name, TRUE);
        return ms_reject_status(out, MS_RULE_PROFILE_CONFIG, 500,
                                ms_apply_config_refusal(apply, &refusal, MS_CONFIG_TEXT_STRIPPED));
    }
    if (profile_root_relied_on(apply, profile, old_devices, new_devices))
        return ms_reject_status(out, MS_RULE_PROFILE_ROOT_IN_USE, 500,
                                ms_rule_message(MS_RULE_PROFILE_ROOT_IN_USE, apply->profile));
    ms_apply_check(apply, MS_RULE_PROFILE_CONFIG, profile->name, FALSE);
    return TRUE;
}

/* One instance whose update refused a profile change: " - Project: P,
 * Instance: N: ERROR\n", the line doProfileUpdate lists it with
 * (lxd/profiles_utils.go:146 at lxd-5.0.2, :154 at lxd-5.21.7, :233 at
 * lxd-6.9). */
typedef struct {
    const MsMember *member;
    const MsInstance *instance;
    char *line;
    GPtrArray *other_lines; /* the line with another text LXD may give (Go map order); NULL: none */
} ProfileFailure;

/* (transfer full) the instances of @failures, as a set: looked up once per
 * user of the profile, a scan of @failures each was O(users x refusals)
 * (3.5 % of a 100,000-instance preflight, docs/bench.md 2026-12-05 23:30) */
static GHashTable *
profile_failed_set(GArray *failures)
{
    GHashTable *set = g_hash_table_new(NULL, NULL);

    for (guint i = 0; i < failures->len; i++)
        g_hash_table_add(set, (gpointer) g_array_index(failures, ProfileFailure, i).instance);
    return set;
}

static void
profile_failure_clear(gpointer data)
{
    g_free(((ProfileFailure *) data)->line);
    g_clear_pointer(&((ProfileFailure *) data)->other_lines, g_ptr_array_unref);
}

/* A running user's devicesUpdate through doProfileUpdateInstance's Update
 * (lxd/profiles_utils.go:204-227, driver_lxc.go:4228, driver_common.go:
 * 1273-1360 at lxd-5.0.2; :210-237, :4469, :1773 at lxd-5.21.7; :289-316,
 * :4048, :1894 at lxd-6.9; Incus cmd/incusd/profiles_utils.go:207-234 at
 * v6.0.4): the profile's devices that
 * go are stopped, the new or changed ones started, as for `lxc config
 * device add` (ms_apply_hotplug_check); a change of only the keys a device
 * updates live (a disk's limits) is no restart.  Seen live on 5.0.2:
 * tests/live/scenarios/profile-hotplug.scn. */
static gboolean
profile_user_hotplug(MsApply *apply, const MsInstance *inst, MsDevices *expanded,
                     const MsProfileChange *change, gboolean same_devices, MsRejection *out)
{
    MsDevices *before = g_hash_table_lookup(change->before, inst);
    g_autoptr(GPtrArray) plugged = g_ptr_array_new();
    g_autoptr(GPtrArray) order = NULL;

    /* with the profile's devices unchanged (@same_devices: the same names,
     * each equal) the expansions before and after are equal, so nothing is
     * plugged and ms_apply_hotplug_check with no added device skips every
     * old one (each is in the new set): a pass without a check, spared
     * (two sorts of the user's devices; 22.6 % of a 100,000-instance
     * preflight is this function's caller, docs/bench.md 2026-12-05) */
    if (inst->status != MS_INSTANCE_RUNNING || before == NULL || same_devices)
        return TRUE;
    /* Update diffs the expanded devices before and after (oldExpandedDevices
     * .Update, lxd/instance/drivers/driver_lxc.go:4088 at lxd-5.0.2): a
     * device the profile drops may bring back another profile's device of
     * that name, a changed one; and devicesUpdate adds them in
     * Devices.Sorted() order, nics first (driver_common.go:1320,
     * lxd/device/config/devices_sort.go:16-64 at lxd-5.0.2), so the first
     * refusal is the first in that order */
    order = ms_devices_sorted(expanded);
    for (guint i = 0; i < order->len; i++) {
        MsDevice *old = ms_devices_lookup(before, order->pdata[i]);
        MsDevice *now = ms_devices_lookup(expanded, order->pdata[i]);

        if (old == NULL ||
            (!ms_device_equal(old, now) && !ms_device_changed_only_live(apply->cluster, old, now)))
            g_ptr_array_add(plugged, order->pdata[i]);
    }
    return ms_apply_hotplug_check(apply, inst, before, expanded, plugged, change, out);
}

/* The keys whose value differs between @profile's config before
 * (@old_config) and after (@new_config) the change, sorted: the only keys
 * whose expanded value (ms_cluster_expand_config) may change for a user,
 * as the change writes nothing else the expansion reads (the other
 * profiles, the instance's own config, the server's).  The same for every
 * user, found once. */
static GPtrArray *
profile_changed_keys(GHashTable *old_config, GHashTable *new_config)
{
    GPtrArray *keys = g_ptr_array_new();
    GHashTable *sides[] = { old_config, new_config };

    for (guint s = 0; s < G_N_ELEMENTS(sides); s++) {
        GHashTableIter iter;
        gpointer key;

        g_hash_table_iter_init(&iter, sides[s]);
        while (g_hash_table_iter_next(&iter, &key, NULL))
            if ((s == 0 || !g_hash_table_contains(old_config, key)) &&
                (!g_hash_table_contains(old_config, key) || !g_hash_table_contains(new_config, key) ||
                 g_strcmp0(g_hash_table_lookup(old_config, key), g_hash_table_lookup(new_config, key)) != 0))
                g_ptr_array_add(keys, key);
    }
    g_ptr_array_sort(keys, ms_compare_string_ptrs);
    return keys;
}

/* @key's value in @inst's expanded config with @config as @profile's: the
 * layers of ms_cluster_expand_config (CFG.EXPAND: the server key
 * underneath from 5.21.0, the profiles in list order, the instance's own
 * config on top) read from the top down, so the first layer that holds the
 * key gives it (a layer holding it unset, were there one, unsets it). */
static const char *
user_expanded_value(MsApply *apply, const MsInstance *inst, const MsProfileEntity *profile,
                    GHashTable *config, const char *key)
{
    const char *own = ms_config_map_get(inst->config, key);
    const char *pp = ms_cluster_profile_project(apply->cluster, inst->project);

    if (own != NULL)
        return own;
    for (guint i = inst->profiles->len; i-- > 0;) {
        const MsProfileEntity *p = ms_cluster_lookup_profile_in(apply->cluster, pp, inst->profiles->pdata[i]);
        gpointer value;

        if (p != NULL && g_hash_table_lookup_extended(p == profile ? config : p->config, key, NULL, &value))
            return value;
    }
    if (ms_profile_has(apply->profile, MS_FEATURE_SERVER_STATEFUL_KEY) &&
        g_str_equal(key, "migration.stateful") &&
        ms_is_true(ms_config_get(apply->cluster->server_config, "instances.migration.stateful")))
        return "true";
    return NULL;
}

static gboolean
self_checked(const MsCluster *cluster)
{
    return !((const MsClusterPriv *) cluster)->self_checks_off &&
           g_hash_table_size(cluster->instances) <= MS_MODEL_SELF_CHECK_MAX;
}

/* The self-check of profile_user_config in a small cluster (the corpus,
 * the explorer, the unit tests): @keys and @values against the diff of
 * the user's whole expanded config before (@old_config put back in
 * @profile for the while) and after, as changed_keys finds it in
 * ms_apply_running_config_check; aborts on a difference. */
static void
verify_user_keys(MsApply *apply, const MsInstance *inst, MsProfileEntity *profile, GHashTable *old_config,
                 GPtrArray *keys, GPtrArray *values)
{
    GHashTable *now = profile->config;
    g_autoptr(GHashTable) before = NULL;
    g_autoptr(GHashTable) after = ms_cluster_expand_config(apply->cluster, apply->profile, inst);
    guint n = 0;
    GHashTableIter iter;
    gpointer key;

    profile->config = old_config;
    before = ms_cluster_expand_config(apply->cluster, apply->profile, inst);
    profile->config = now;
    for (guint s = 0; s < 2; s++) {
        g_hash_table_iter_init(&iter, s == 0 ? before : after);
        while (g_hash_table_iter_next(&iter, &key, NULL))
            if ((s == 0 || !g_hash_table_contains(before, key)) &&
                g_strcmp0(g_hash_table_lookup(before, key), g_hash_table_lookup(after, key)) != 0) {
                guint at;

                if (!g_ptr_array_find_with_equal_func(keys, key, g_str_equal, &at) ||
                    g_strcmp0(values->pdata[at], g_hash_table_lookup(after, key)) != 0)
                    g_error("ms-profile-ops.c: %s's expanded %s changes with profile %s, which "
                            "profile_user_config misses or values otherwise",
                            inst->name, (const char *) key, profile->name);
                n++;
            }
    }
    if (n != keys->len)
        g_error("ms-profile-ops.c: profile_user_config finds %u changed keys of %s, the expanded "
                "config's diff %u",
                keys->len, inst->name, n);
}

/* A running user's Update with the profile's new config: the keys whose
 * expanded value changed, after devicesUpdate (so a device's refusal comes
 * first): a running VM refuses a key it cannot take live
 * (doProfileUpdateInstance, lxd/profiles_utils.go:203-232 at lxd-5.0.2;
 * driver_qemu.go:4650-4710 at lxd-5.0.2, :6016-6065 at lxd-5.21.7,
 * :6022-6071 at lxd-6.9), e.g. `lxc profile set P raw.qemu=...`; a key the
 * instance's own config or a later profile overrides does not change.
 * Only @changed (profile_changed_keys) can change: each is compared
 * expanded before and after, instead of expanding the user's whole config
 * twice (28 % of a preflight's full-state trials, docs/bench.md
 * 2026-12-06 03:00). */
static gboolean
profile_user_config(MsApply *apply, const MsInstance *inst, MsProfileEntity *profile, GHashTable *old_config,
                    GPtrArray *changed, MsRejection *out)
{
    g_autoptr(GPtrArray) keys = NULL;
    g_autoptr(GPtrArray) values = NULL;

    if (inst->status != MS_INSTANCE_RUNNING)
        return TRUE;
    keys = g_ptr_array_sized_new(changed->len);
    values = g_ptr_array_sized_new(changed->len);
    for (guint i = 0; i < changed->len; i++) {
        const char *after = user_expanded_value(apply, inst, profile, profile->config, changed->pdata[i]);

        if (g_strcmp0(user_expanded_value(apply, inst, profile, old_config, changed->pdata[i]), after) != 0) {
            g_ptr_array_add(keys, changed->pdata[i]);
            g_ptr_array_add(values, (gpointer) after);
        }
    }
    if (self_checked(apply->cluster))
        verify_user_keys(apply, inst, profile, old_config, keys, values);
    /* a running VM's live limits.memory (ms_vm_live_memory_not_modelled) */
    for (guint i = 0; inst->type == MS_INSTANCE_VM && i < keys->len; i++) {
        char *why;

        if (!g_str_equal(keys->pdata[i], "limits.memory"))
            continue;
        why = ms_vm_live_memory_not_modelled(
            apply->profile, user_expanded_value(apply, inst, profile, old_config, "limits.memory"),
            values->pdata[i],
            user_expanded_value(apply, inst, profile, old_config, "limits.memory.hugepages"));
        if (why != NULL)
            return ms_reject_status(out, MS_RULE_NONE, 400, why);
    }
    return ms_apply_running_keys_check(apply, inst, keys, values, out);
}

/* The devices of the profile's new set that are new or changed, sorted:
 * the same for every user, found once (a user then leaves out those its
 * own devices override).  *@same: no device changed, added or removed. */
static GPtrArray *
profile_changed_devices(MsDevices *old_devices, MsDevices *new_devices, gboolean *same)
{
    GPtrArray *changed = g_ptr_array_new();
    MsDevicesIter iter;
    const char *name;
    MsDevice *dev;

    ms_devices_iter_init(&iter, new_devices);
    while (ms_devices_iter_next(&iter, &name, &dev)) {
        MsDevice *old = ms_devices_lookup(old_devices, name);
        if (old == NULL || !ms_device_equal(old, dev))
            g_ptr_array_add(changed, (gpointer) name);
    }
    g_ptr_array_sort(changed, ms_compare_string_ptrs);
    *same = changed->len == 0 && ms_devices_count(old_devices) == ms_devices_count(new_devices);
    return changed;
}

/* ValidDevices of @inst's expanded @devices (the first check of a user's
 * Update, validate_profile_users), answered from @memo
 * (MsEnv.users_devices_valid) when an earlier change applied to another
 * copy of the same state found it valid without a note.  @memo is
 * non-NULL only for a change of the profile's config alone (its devices
 * the same, names and values: same_devices), and such a change writes
 * nothing this validation reads: ms_apply_validate_devices_static in
 * static mode reads the expanded and local device sets (the profiles'
 * devices, not their config), the instance's name, type, member and
 * project, the release, and the cluster's pools, volumes and their users
 * (from expanded devices), members' host paths and networks; no profile's
 * or instance's config and no server key (the stateful rules need
 * instance mode: validate_disk_stateful).  What a pass leaves besides its
 * answer: ledger and hit records (the memo is used only without either),
 * and host-path assumptions (env->assumptions), caught in an array of
 * their own: a pass that made one is not memoised.  A failure is never
 * memoised (its text, alternatives and notes are made afresh).  In a
 * small cluster every hit is checked against a fresh validation. */
static gboolean
user_devices_valid(MsApply *apply, const MsInstance *inst, MsDevices *devices, GHashTable *memo,
                   MsRejection *out)
{
    GPtrArray *assumptions = apply->env->assumptions;
    g_autoptr(GPtrArray) made = NULL;
    g_autofree char *key = NULL;
    gboolean valid;

    if (memo == NULL)
        return ms_apply_validate_devices_static(apply, inst, devices, FALSE, MS_RULE_DEV_ROOT_DETECT, out);
    key = g_strconcat(ms_project_display(inst->project), "/", inst->name, NULL);
    made = g_ptr_array_new_with_free_func(g_free);
    apply->env->assumptions = made;
    if (g_hash_table_contains(memo, key)) {
        if (self_checked(apply->cluster)) {
            g_auto(MsRejection) fresh = { 0 };

            if (!ms_apply_validate_devices_static(apply, inst, devices, FALSE, MS_RULE_DEV_ROOT_DETECT,
                                                  &fresh) ||
                made->len > 0)
                g_error("ms-profile-ops.c: %s's devices were memoised valid without a note, a fresh "
                        "validation says %s: it reads what the profile change wrote",
                        inst->name, fresh.message != NULL ? fresh.message : "valid with a note");
        }
        apply->env->assumptions = assumptions;
        return TRUE;
    }
    valid = ms_apply_validate_devices_static(apply, inst, devices, FALSE, MS_RULE_DEV_ROOT_DETECT, out);
    apply->env->assumptions = assumptions;
    /* as ms_env_assume would have recorded them: each once, in order */
    for (guint i = 0; assumptions != NULL && i < made->len; i++)
        if (!g_ptr_array_find_with_equal_func(assumptions, made->pdata[i], g_str_equal, NULL))
            g_ptr_array_add(assumptions, g_strdup(made->pdata[i]));
    if (valid && made->len == 0)
        g_hash_table_add(memo, g_steal_pointer(&key));
    return valid;
}

/* The instances using @profile, each validated through Update()
 * (doProfileUpdateInstance, lxd/profiles_utils.go:204-227 at lxd-5.0.2,
 * userRequested): ValidDevices on the expanded devices (the root disk,
 * the profiles' devices for the instance's type), then the devices the
 * profile changes; the refusals, in instance order, with the member each
 * instance is on. */
static GArray *
validate_profile_users(MsApply *apply, MsDevices *old_devices, MsDevices *new_devices,
                       const MsProfileChange *change, MsProfileEntity *profile, GHashTable *old_config)
{
    g_autoptr(GPtrArray) instances = ms_cluster_list_instances(apply->cluster, NULL);
    GArray *failures = g_array_new(FALSE, FALSE, sizeof(ProfileFailure));
    gboolean same_devices;
    g_autoptr(GPtrArray) profile_changed = profile_changed_devices(old_devices, new_devices, &same_devices);
    g_autoptr(GPtrArray) changed_keys = profile_changed_keys(old_config, profile->config);
    GHashTable *memo = same_devices && apply->env->ledger == NULL && apply->env->hits == NULL
                           ? apply->env->users_devices_valid
                           : NULL;

    g_array_set_clear_func(failures, profile_failure_clear);
    for (guint i = 0; i < instances->len; i++) {
        MsInstance *inst = instances->pdata[i];
        g_autoptr(GPtrArray) changed = g_ptr_array_new();
        g_auto(MsRejection) refusal = { 0 };
        g_autoptr(MsDevices) expanded = NULL;

        /* the profile's users are those of its project: LXD finds them by
         * the profile's ID (GetInstancesWithProfile, lxd/db/profiles.go:108
         * via lxd/profiles_utils.go:41 at lxd-5.21.7); a same-named profile
         * of another project is another profile (review, session 26: its
         * users were validated too) */
        if (!g_hash_table_contains(change->before, inst))
            continue;
        for (guint d = 0; d < profile_changed->len; d++)
            if (!ms_devices_has(inst->devices, profile_changed->pdata[d]))
                g_ptr_array_add(changed, profile_changed->pdata[d]);
        expanded = ms_cluster_expand_devices(apply->cluster, inst);
        /* every user goes through Update, whose ValidDevices looks for the
         * root disk (e.g. a device added to a profile of an instance without
         * one, seen live on 5.0.2: rootless-updates.scn), then validates the
         * profiles' devices for this instance's type (WRAP.EXPANDED: a tpm
         * without pathrm on a container, seen live on 5.0.2) */
        if (!user_devices_valid(apply, inst, expanded, memo, &refusal) ||
            /* then initLXC (CFG.INST.PRLIMIT_VALUE), before devicesUpdate */
            !ms_apply_prlimit_check(apply, inst, NULL, NULL, &refusal) ||
            (changed->len > 0 &&
             !ms_apply_validate_devices_instance(apply, inst, changed, MS_RULE_WRAP_ADD, &refusal)) ||
            !profile_user_hotplug(apply, inst, expanded, change, same_devices, &refusal) ||
            !profile_user_config(apply, inst, profile, old_config, changed_keys, &refusal)) {
            /* ValidDevices' other possible picks (two bad devices, Go's map
             * order) are device texts, not the whole answer: only the note
             * that LXD may name another device is kept */
            g_clear_pointer(&apply->outcome->alternatives, g_ptr_array_unref);
            const char *project = inst->project ? inst->project : "default";
            ProfileFailure failure = {
                ms_cluster_lookup_member(apply->cluster, inst->location),
                inst,
                g_strdup_printf(" - Project: %s, Instance: %s: %s\n", project, inst->name, refusal.message),
                NULL,
            };

            /* a hot-plug's refusal naming any of several containers (the ID
             * map check) keeps its other texts, each a line of its own */
            for (guint a = 0; refusal.alternatives != NULL && a < refusal.alternatives->len; a++) {
                if (failure.other_lines == NULL)
                    failure.other_lines = g_ptr_array_new_with_free_func(g_free);
                g_ptr_array_add(failure.other_lines,
                                g_strdup_printf(" - Project: %s, Instance: %s: %s\n", project, inst->name,
                                                (const char *) refusal.alternatives->pdata[a]));
            }
            g_array_append_val(failures, failure);
        }
    }
    return failures;
}

/* Every order of the lines (@lines from index @k on) of the refusals on
 * @member (Go's map order, lxd/profiles_utils.go:145 at lxd-5.0.2), each as
 * the whole text: PROFILE.UPDATE_SAVED's list, wrapped by the notifier's
 * text when @member is a peer of the member that got the request.  The
 * first is the instance order; beyond 4 lines only that one. */
static void
permute_failures(GPtrArray *lines, guint k, GPtrArray *texts, MsApply *apply, const MsMember *member)
{
    if (k + 1 >= lines->len) {
        g_autoptr(GString) list = g_string_new(NULL);
        g_autofree char *saved = NULL;
        g_autofree char *address = NULL;

        /* the rule's text ends at the colon that ends LXD's first line */
        g_string_append_c(list, '\n');
        for (guint i = 0; i < lines->len; i++)
            g_string_append(list, lines->pdata[i]);
        saved = ms_rule_message(MS_RULE_PROFILE_UPDATE_SAVED, apply->profile, list->str);
        if (g_str_equal(member->name, apply->env->client)) {
            g_ptr_array_add(texts, g_steal_pointer(&saved));
            return;
        }
        /* the model does not know the member's address: replay matches
         * the placeholder with any host:port (sim/scenario/ms-target.c) */
        address = g_strdup_printf("<address of cluster member \"%s\">", member->name);
        g_ptr_array_add(texts, ms_rule_message(MS_RULE_CLUSTER_NOTIFY_WRAP, apply->profile, address, saved,
                                               member->name));
        return;
    }
    for (guint i = k; i < lines->len && (i == k || lines->len <= 4); i++) {
        gpointer tmp = lines->pdata[k];
        lines->pdata[k] = lines->pdata[i];
        lines->pdata[i] = tmp;
        permute_failures(lines, k + 1, texts, apply, member);
        lines->pdata[i] = lines->pdata[k];
        lines->pdata[k] = tmp;
    }
}

/* The profile is saved before any instance is updated, and a refusal does
 * not undo it (lxd/profiles_utils.go:80-150 at lxd-5.0.2, :90-160 at
 * lxd-5.21.7, :162-239 at lxd-6.9).  The member that got the request (the
 * client's) updates its own instances and answers with their refusals
 * without notifying anyone; else it notifies each online peer, which
 * updates its own, and answers with the first peer's refusal in member
 * order, wrapped (profilePut, lxd/profiles.go:501-517 at lxd-5.0.2, :657-672
 * at lxd-5.21.7, :670-690 at lxd-6.9; the notifier, lxd/cluster/notify.go:
 * 86-117 at lxd-5.0.2, :103-137 at lxd-5.21.7, :115-149 at lxd-6.9, skips
 * members that are down). */
static gboolean
fail_profile_users(MsApply *apply, GArray *failures)
{
    const MsMember *member = NULL;
    g_autoptr(GPtrArray) lines = g_ptr_array_new();
    g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func(g_free);

    /* the client's member first, else the peer of lowest ID */
    for (guint i = 0; i < failures->len; i++) {
        const ProfileFailure *f = &g_array_index(failures, ProfileFailure, i);
        gboolean own = f->member != NULL && g_str_equal(f->member->name, apply->env->client);

        if (f->member == NULL || f->member->status == MS_MEMBER_OFFLINE ||
            (member != NULL && g_str_equal(member->name, apply->env->client)))
            continue;
        if (own || member == NULL || f->member->id < member->id)
            member = f->member;
    }
    /* a user whose update migsim cannot judge (a host it does not know)
     * makes the whole answer unknown, the profile saved either way */
    for (guint i = 0; i < failures->len; i++) {
        const ProfileFailure *f = &g_array_index(failures, ProfileFailure, i);
        const char *unknown = strstr(f->line, "migsim: not modelled");

        if (unknown != NULL && f->member != NULL && f->member->status != MS_MEMBER_OFFLINE)
            return ms_apply_fail(apply, MS_RULE_NONE, 500, FALSE,
                                 g_strdup_printf("%.*s (in the update of %s; the profile change is saved "
                                                 "either way)",
                                                 (int) strcspn(unknown, "\n"), unknown, f->instance->name));
    }
    ms_apply_check(apply, MS_RULE_PROFILE_UPDATE_SAVED, apply->op->profile, member != NULL);
    if (member == NULL)
        return TRUE;
    apply->outcome->refused_by = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < failures->len; i++) {
        const ProfileFailure *f = &g_array_index(failures, ProfileFailure, i);
        if (f->member != NULL && f->member->status != MS_MEMBER_OFFLINE)
            g_ptr_array_add(apply->outcome->refused_by, g_strdup(f->instance->name));
    }
    for (guint i = 0; i < failures->len; i++) {
        const ProfileFailure *f = &g_array_index(failures, ProfileFailure, i);
        if (f->member == member)
            g_ptr_array_add(lines, f->line);
    }
    if (!g_str_equal(member->name, apply->env->client))
        ms_apply_check(apply, MS_RULE_CLUSTER_NOTIFY_WRAP, member->name, TRUE);
    permute_failures(lines, 0, texts, apply, member);
    /* one refusing user whose refusal may name another container: each of
     * its texts is a whole answer (beyond one line, only a note) */
    for (guint i = 0; i < failures->len; i++) {
        const ProfileFailure *f = &g_array_index(failures, ProfileFailure, i);

        for (guint a = 0; f->member == member && f->other_lines != NULL && a < f->other_lines->len; a++) {
            g_autoptr(GPtrArray) one = g_ptr_array_new();

            if (lines->len > 1) {
                ms_outcome_add_note(apply->outcome, "LXD may name another container in %s's line",
                                    f->instance->name);
                break;
            }
            g_ptr_array_add(one, f->other_lines->pdata[a]);
            permute_failures(one, 0, texts, apply, member);
        }
    }
    if (texts->len > 1) {
        apply->outcome->alternatives = g_ptr_array_new_with_free_func(g_free);
        for (guint i = 1; i < texts->len; i++)
            g_ptr_array_add(apply->outcome->alternatives, g_strdup(texts->pdata[i]));
        if (lines->len > 1)
            ms_outcome_add_note(apply->outcome, "LXD lists the instances in Go map order: %u orders possible",
                                texts->len);
        else
            ms_outcome_add_note(apply->outcome,
                                "LXD's line for the instance names what its Go map walk meets first: %u "
                                "texts possible",
                                texts->len);
    }
    return ms_apply_fail(apply, MS_RULE_PROFILE_UPDATE_SAVED, 500, FALSE, g_strdup(texts->pdata[0]));
}

/* Each user of @profile (its profile project's instances listing it) ->
 * its expanded devices now (MsProfileChange.before). */
static GHashTable *
profile_users_devices(MsCluster *cluster, const MsProfileEntity *profile)
{
    GHashTable *before = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify) ms_devices_unref);
    GHashTableIter iter;
    gpointer user;

    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &user))
        if (instance_has_profile(user, profile->name) &&
            g_strcmp0(ms_cluster_profile_project(cluster, ((MsInstance *) user)->project),
                      profile->project) == 0)
            g_hash_table_insert(before, user, ms_cluster_expand_devices(cluster, user));
    return before;
}

/* PUT and PATCH /1.0/profiles/NAME run doProfileUpdate inside an
 * operation from lxd-6.6 (extension storage_and_profile_operations:
 * lxd/profiles.go:668-707 and :829-842 at lxd-6.6, :669-713 and
 * :836-852 at lxd-6.9; absent at lxd-6.5 and 5.21.7),
 * so its refusals are the operation's error; the profile lookup, the ETag
 * and the body are refused before it.  Incus replies synchronously
 * (cmd/incusd/profiles.go:574-698 at v7.3.0). */
static const MsReleases profile_update_async = MS_REL_SINCE_6(6);

gboolean
ms_profile_update_async(const MsProfile *profile)
{
    return ms_releases_contain(&profile_update_async, profile->version);
}

static gboolean apply_profile_change_sync(MsApply *apply, MsProfileEntity *profile, GHashTable *new_config,
                                          MsDevices *new_devices);

/* apply_profile_change_sync, its refusal in the operation where LXD runs one */
static gboolean
apply_profile_change(MsApply *apply, MsProfileEntity *profile, GHashTable *new_config, MsDevices *new_devices)
{
    if (apply_profile_change_sync(apply, profile, new_config, new_devices))
        return TRUE;
    if (apply->outcome->http_status != 0 && ms_profile_update_async(apply->profile))
        apply->outcome->async = TRUE;
    return FALSE;
}

/* A profile change is validated on its own first (a refusal leaves the
 * profile as it was), then saved and applied to every instance using it. */
static gboolean
apply_profile_change_sync(MsApply *apply, MsProfileEntity *profile, GHashTable *new_config,
                          MsDevices *new_devices)
{
    g_autoptr(GHashTable) old_config = profile->config;
    g_autoptr(MsDevices) old_devices = profile->devices;
    g_auto(MsRejection) refusal = { 0 };
    g_autoptr(GArray) failures = NULL;
    g_auto(MsProfileChange) change = { NULL };
    g_autoptr(GHashTable) failed = NULL;
    GHashTableIter iter;
    gpointer user;

    /* doProfileUpdate checks the project's restrictions first, with the new
     * profile in place, in the profile's own project (ProfileProject,
     * lxd/profiles.go:443,501 and profiles_utils.go:18-24 at lxd-5.0.2) */
    profile->config = new_config;
    profile->devices = new_devices;
    if (!ms_apply_project_profile_update(apply, profile->project, profile)) {
        profile->config = g_steal_pointer(&old_config);
        profile->devices = g_steal_pointer(&old_devices);
        g_hash_table_unref(new_config);
        ms_devices_unref(new_devices);
        return FALSE;
    }
    profile->config = old_config;
    profile->devices = old_devices;
    if (!validate_profile_devices(apply, old_devices, new_devices, &refusal) ||
        !validate_profile_config(apply, profile, old_devices, new_config, new_devices, &refusal)) {
        g_hash_table_unref(new_config);
        ms_devices_unref(new_devices);
        profile->config = g_steal_pointer(&old_config);
        profile->devices = g_steal_pointer(&old_devices);
        return ms_apply_fail_rejection(apply, &refusal, FALSE);
    }
    change.before = profile_users_devices(apply->cluster, profile);
    /* saved without empty values, then its users updated from the database
     * (CreateConfig skips "": lxd/db/cluster/config.mapper.go:148-152 at
     * lxd-5.0.2; seen live on 5.0.2: `profile set pe limits.cpu=` leaves
     * config {}) */
    ms_config_drop_empty(new_config);
    profile->config = new_config;
    profile->devices = new_devices;
    failures = validate_profile_users(apply, old_devices, new_devices, &change, profile, old_config);
    failed = profile_failed_set(failures);
    /* each user that took the update has the new profile
     * (doProfileUpdateInstance); a refusing one keeps its record */
    g_hash_table_iter_init(&iter, apply->cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &user))
        if (instance_has_profile(user, profile->name) && !g_hash_table_contains(failed, user) &&
            g_strcmp0(ms_cluster_profile_project(apply->cluster, ((MsInstance *) user)->project),
                      profile->project) == 0)
            ms_apply_placement_drops_group(apply, user);
    return fail_profile_users(apply, failures);
}

/* @profile (owned) added to the cluster in the profile project @pp */
static gboolean
profile_add(MsCluster *cluster, MsProfileEntity *profile, const char *pp)
{
    g_free(profile->project);
    profile->project = g_strdup(pp);
    g_ptr_array_add(cluster->profiles, profile);
    return TRUE;
}

/* lxc profile copy: a copy of the profile under the new name, in the
 * same profile project @pp, or with --target-project Q in Q's (lxc sends
 * the POST with UseProject(Q): lxc/profile.go:293-297 at lxd-5.0.2,
 * :341-358 at lxd-5.21.7, :332-353 at lxd-6.9; cmd/incus/profile.go:327-344
 * at Incus v6.0.4; LXD #10340).  lxc GETs the
 * source first, so a missing one is profileGet's wrapped miss
 * (lxc/profile.go:283 at lxd-5.0.2, :336 at lxd-5.21.7, :327 at lxd-6.9;
 * cmd/incus/profile.go:322 at Incus v6.0.4; live 5.0.2: 'Fetch profile:
 * Profile not found'); a Q that does not exist is profilesPost's project
 * lookup (PROFILE.PROJECT_NOT_FOUND).  profilesPost validates the devices
 * in Q (a nic's network, a disk's volume in Q's projects): a profile with
 * devices copied into another project is not modelled. */
static gboolean
profile_copy(MsApply *apply, const char *pp)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    MsProfileEntity *profile, *copy;
    const char *dest = pp;

    profile = ms_cluster_lookup_profile_in(cluster, pp, op->profile);
    if (ms_apply_check(apply, MS_RULE_PROFILE_FETCH_NOT_FOUND, op->profile, profile == NULL))
        return ms_apply_reject(apply, MS_RULE_PROFILE_FETCH_NOT_FOUND);
    if (op->target_project != NULL) {
        if (ms_apply_check(apply, MS_RULE_PROFILE_PROJECT_NOT_FOUND, op->target_project,
                           !ms_cluster_has_project(cluster, op->target_project)))
            return ms_apply_reject(apply, MS_RULE_PROFILE_PROJECT_NOT_FOUND, op->target_project);
        dest = ms_cluster_profile_project(cluster, op->target_project);
        if (g_strcmp0(dest, pp) != 0 && ms_devices_count(profile->devices) > 0)
            return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                                 g_strdup_printf("migsim: not modelled for %s: profile copy --target-project "
                                                 "of a profile with devices (profilesPost validates them in "
                                                 "project %s: not read)",
                                                 apply->profile->name, op->target_project));
    }
    if (ms_apply_check(apply, MS_RULE_PROFILE_EXISTS, op->new_name,
                       ms_cluster_lookup_profile_in(cluster, dest, op->new_name) != NULL))
        return ms_apply_reject(apply, MS_RULE_PROFILE_EXISTS, op->new_name);
    copy = ms_profile_entity_copy(profile);
    g_free(copy->name);
    copy->name = g_strdup(op->new_name);
    return profile_add(cluster, copy, dest);
}

/* profilePost's quick checks of the new name: a '/' then "."/".." (LXD,
 * Incus until 6.0.4 and 6.10: cmd/incusd/profiles.go:820-827 at v6.0.4),
 * or Incus' validate.IsAPIName from 6.0.5 and 6.16 (:811-814 at v6.0.6,
 * the create's text and rule: NAME.PROFILE).  TRUE when refused. */
static gboolean
rename_name_refused(MsApply *apply, gboolean *result)
{
    const char *name = apply->op->new_name;
    gboolean dots = g_str_equal(name, ".") || g_str_equal(name, "..");

    if (ms_name_api_checked(apply->profile)) {
        g_autofree char *invalid = ms_name_check(MS_NAME_PROFILE, name, apply->profile);
        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (IsAPIName from v6.0.5 and v6.16.0) */
        if (!ms_apply_check(apply, MS_RULE_NAME_PROFILE, name, invalid != NULL))
            return FALSE;
        *result = ms_apply_fail(apply, MS_RULE_NAME_PROFILE, 400, FALSE, g_steal_pointer(&invalid));
        return TRUE;
    }
    if (ms_apply_check(apply, MS_RULE_PROFILE_RENAME_SLASH, name, strchr(name, '/') != NULL)) {
        *result = ms_apply_reject(apply, MS_RULE_PROFILE_RENAME_SLASH);
        return TRUE;
    }
    if (ms_apply_check(apply, MS_RULE_PROFILE_RENAME_DOTS, name, dots)) {
        g_autofree char *quoted = g_strdup_printf("\"%s\"", name);
        *result = ms_apply_reject(apply, MS_RULE_PROFILE_RENAME_DOTS, quoted);
        return TRUE;
    }
    return FALSE;
}

/* The HTTP status of "Profile is currently in use".  A plain error of the
 * delete's transaction, which response.SmartError answers with 500
 * (lxd/profiles.go:791 then :797 at lxd-5.0.2, :835 at lxd-5.21.0, :935 at
 * lxd-5.21.4 and lxd-6.5; lxd/response/smart.go:47 at lxd-5.0.2; the same
 * fmt.Errorf/errors.New at every 5.0.x and 5.1 .. 5.20 tag, and in Incus'
 * cmd/incusd/profiles.go at every v6.x and v7.x tag: :913 at v6.0.4, :960
 * at v7.3.0), until lxd-5.21.4 and lxd-6.5; from lxd-5.21.5 and lxd-6.6
 * doProfileDelete returns api.NewStatusError(400) (lxd/profiles.go:944 at
 * lxd-5.21.7, :987 at lxd-6.6, :1000 at lxd-6.9).  The text is the same;
 * lxc prints it alike, `migsim serve` answers the status. */
static guint
profile_in_use_status(const MsProfile *profile)
{
    static const MsReleases bad_request = MS_REL_SINCE(5, 6);

    return ms_releases_contain(&bad_request, profile->version) ? 400 : 500;
}

/* lxc profile rename: profilePost (lxd/profiles.go:686-736 at lxd-5.0.2,
 * :835-886 at lxd-5.21.7, :891-942 at lxd-6.9; the same checks in the same
 * order): the default profile by name, the new name, then the target name
 * taken, then the row renamed (no row: the mapper's error).  Incus from
 * 6.0.2 and 6.4 (commit db3931780d "incusd: Improve profile rename
 * errors") looks the profile up first, then the new name
 * (cmd/incusd/profiles.go:829-840 at v6.0.4, :816-827 at v6.0.6 and
 * v6.23.0); 6.0.0, 6.0.1 and 6.1 do as LXD (:748-756 at v6.0.0).  The
 * instances using it keep their profile under the new name (a renamed
 * row). */
static gboolean
profile_rename(MsApply *apply, const char *pp)
{
    static const MsReleases lookup_first = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, MS_INC_SINCE(2, 4) };
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    MsProfileEntity *profile;
    GHashTableIter iter;
    gpointer value;
    gboolean refused;
    gboolean early = ms_releases_contain(&lookup_first, apply->profile->version);

    if (ms_apply_check(apply, MS_RULE_PROFILE_RENAME_DEFAULT, op->profile,
                       g_str_equal(op->profile, "default")))
        return ms_apply_reject(apply, MS_RULE_PROFILE_RENAME_DEFAULT);
    /* "No name provided" (:707 at lxd-5.0.2): whether lxc sends the empty
     * word as is was not read */
    if (*op->new_name == '\0')
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: lxc profile rename to an empty name",
                            apply->profile->name));
    if (rename_name_refused(apply, &refused))
        return refused;
    profile = ms_cluster_lookup_profile_in(cluster, pp, op->profile);
    /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (the profile looked up first from v6.0.2 and v6.4.0) */
    if (early && ms_apply_check(apply, MS_RULE_PROFILE_RENAME_NOT_FOUND, op->profile, profile == NULL))
        return ms_apply_reject(apply, MS_RULE_PROFILE_RENAME_NOT_FOUND, op->profile);
    if (ms_apply_check(apply, MS_RULE_PROFILE_RENAME_IN_USE, op->new_name,
                       ms_cluster_lookup_profile_in(cluster, pp, op->new_name) != NULL))
        return ms_apply_reject(apply, MS_RULE_PROFILE_RENAME_IN_USE, op->new_name);
    if (!early && ms_apply_check(apply, MS_RULE_PROFILE_RENAME_NOT_FOUND, op->profile, profile == NULL))
        return ms_apply_reject(apply, MS_RULE_PROFILE_RENAME_NOT_FOUND, op->profile);
    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        MsInstance *inst = value;
        GPtrArray *renamed;

        if (!instance_has_profile(inst, op->profile) ||
            g_strcmp0(ms_cluster_profile_project(cluster, inst->project), pp) != 0)
            continue;
        renamed = g_ptr_array_new_with_free_func(g_free);
        for (guint i = 0; i < inst->profiles->len; i++)
            g_ptr_array_add(renamed, g_strdup(g_str_equal(inst->profiles->pdata[i], op->profile)
                                                  ? op->new_name
                                                  : (const char *) inst->profiles->pdata[i]));
        g_ptr_array_unref((GPtrArray *) inst->profiles);
        inst->profiles = renamed;
        inst->profiles_shared = FALSE;
    }
    g_free(profile->name);
    profile->name = g_strdup(op->new_name);
    ms_cluster_profiles_changed(cluster);
    return TRUE;
}

/* lxc profile create */
static gboolean
profile_create(MsApply *apply, const char *pp)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    g_autofree char *invalid = ms_name_check(MS_NAME_PROFILE, op->profile, apply->profile);

    /* profilesPost's quick checks come before the database */
    if (ms_apply_check(apply, MS_RULE_NAME_PROFILE, op->profile, invalid != NULL))
        return ms_apply_fail(apply, MS_RULE_NAME_PROFILE, 400, FALSE, g_steal_pointer(&invalid));
    if (ms_apply_check(apply, MS_RULE_PROFILE_EXISTS, op->profile,
                       ms_cluster_lookup_profile_in(cluster, pp, op->profile) != NULL))
        return ms_apply_reject(apply, MS_RULE_PROFILE_EXISTS, op->profile);
    return profile_add(cluster, ms_profile_entity_new(op->profile), pp);
}

/* lxc profile assign NAME LIST: lxc splits LIST at ',' ("" is no profile)
 * and PUTs the instance with it (lxc/profile.go:209-215 at lxd-5.0.2).
 * instancePut loads the profiles in the list's order, the first unknown
 * one a 404 'Profile not found' (cluster.GetProfilesIfEnabled,
 * lxd/db/cluster/profiles.go:80-101 at lxd-5.0.2, :98-119 at lxd-5.21.7,
 * :100-121 at lxd-6.9, from lxd/instance_put.go:119 at lxd-5.0.2, :137 at
 * lxd-5.21.7, :130 at lxd-6.9); the update then refuses a name given twice
 * (driver_lxc.go:3970-3972 at lxd-5.0.2, :4184-4186 at lxd-5.21.7,
 * :3830-3832 at lxd-6.9).  *@named: the list. */
static gboolean
set_list_checks(MsApply *apply, const char *pp, GPtrArray **named)
{
    const MsOp *op = apply->op;
    g_auto(GStrv) names = *op->profile != '\0' ? g_strsplit(op->profile, ",", -1) : g_new0(char *, 1);
    const char *missing = NULL;
    gboolean repeated = FALSE;

    for (guint i = 0; names[i] != NULL && missing == NULL; i++)
        if (ms_cluster_lookup_profile_in(apply->cluster, pp, names[i]) == NULL)
            missing = names[i];
    if (ms_apply_check(apply, MS_RULE_PROFILE_NOT_FOUND, missing != NULL ? missing : op->profile,
                       missing != NULL))
        return ms_apply_reject(apply, MS_RULE_PROFILE_NOT_FOUND);
    for (guint i = 0; names[i] != NULL; i++)
        for (guint j = 0; j < i; j++)
            repeated = repeated || g_str_equal(names[i], names[j]);
    if (ms_apply_check(apply, MS_RULE_PROFILE_DUPLICATE, op->instance, repeated))
        return ms_apply_reject(apply, MS_RULE_PROFILE_DUPLICATE);
    *named = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; names[i] != NULL; i++)
        g_ptr_array_add(*named, g_strdup(names[i]));
    return TRUE;
}

/* lxc profile add|remove: the instance's profile list changed, and the
 * devices whose expanded config changed validated again */
static gboolean
profile_assign(MsApply *apply, const char *pp)
{
    const MsOp *op = apply->op;
    MsInstance *instance = ms_apply_lookup_instance(apply, op->instance, FALSE);
    MsCluster *cluster = apply->cluster;
    g_autoptr(GPtrArray) old_profiles = NULL;
    GPtrArray *profiles;
    gboolean old_shared;
    g_autoptr(MsDevices) old_expanded = NULL;
    g_autoptr(MsDevices) new_expanded = NULL;
    g_autoptr(GHashTable) old_config = NULL;
    g_autoptr(GHashTable) new_config = NULL;
    g_autoptr(GPtrArray) order = NULL;
    g_autoptr(GPtrArray) changed = g_ptr_array_new();
    g_auto(MsRejection) refusal = { 0 };
    g_autoptr(GPtrArray) named = NULL;
    MsProfileEntity *profile;

    if (instance == NULL)
        return FALSE;
    /* Incus' client from v6.23.0 parses PROFILES as a list of at least one
     * name and has --no-profiles for none: "" is sent as the one profile ""
     * and "(none)" is no longer printed (cmd/incus/profile.go:177,212-250 at
     * v7.3.0, cmd/incus/usage/usage.go:496-531; the "" branch,
     * cmd/incus/profile.go:246,260 at v6.22.0, is gone).  The server's answer to a
     * profile named "" was not read: not modelled. */
    if (op->kind == MS_OP_PROFILE_SET_LIST && *op->profile == '\0' && ms_profile_is_incus(apply->profile) &&
        apply->profile->version >= MS_VERSION_INCUS(6, 23, 0))
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: incus profile assign %s \"\": this "
                            "client sends the profile \"\" (none is --no-profiles)",
                            apply->profile->name, op->instance));
    if (op->kind == MS_OP_PROFILE_SET_LIST) {
        if (!set_list_checks(apply, pp, &named))
            return FALSE;
        goto checked;
    }
    /* lxc profile remove checks the instance's list itself
     * (lxc/profile.go:684 at lxd-5.0.2) */
    if (op->kind == MS_OP_PROFILE_UNASSIGN && ms_apply_check(apply, MS_RULE_PROFILE_NOT_APPLIED, op->instance,
                                                             !instance_has_profile(instance, op->profile)))
        return ms_apply_reject(apply, MS_RULE_PROFILE_NOT_APPLIED, op->profile, op->instance);
    profile = ms_cluster_lookup_profile_in(cluster, pp, op->profile);
    if (ms_apply_check(apply, MS_RULE_PROFILE_NOT_FOUND, op->profile, profile == NULL))
        return ms_apply_reject(apply, MS_RULE_PROFILE_NOT_FOUND);
    /* lxc profile add appends blindly; the update refuses the repeat
     * (lxd/instance/drivers/driver_lxc.go:3971 at lxd-5.0.2) */
    if (op->kind == MS_OP_PROFILE_ASSIGN && ms_apply_check(apply, MS_RULE_PROFILE_DUPLICATE, op->instance,
                                                           instance_has_profile(instance, op->profile)))
        return ms_apply_reject(apply, MS_RULE_PROFILE_DUPLICATE);
checked:
    old_expanded = ms_cluster_expand_devices(cluster, instance);
    old_config = ms_cluster_expand_config(cluster, apply->profile, instance);
    /* the old list may be shared with a copy (ms_instance_copy): put back
     * as it was, with its flag, if the update is refused */
    old_profiles = (GPtrArray *) instance->profiles;
    old_shared = instance->profiles_shared;
    profiles = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; named == NULL && i < old_profiles->len; i++)
        if (op->kind == MS_OP_PROFILE_ASSIGN || !g_str_equal(old_profiles->pdata[i], op->profile))
            g_ptr_array_add(profiles, g_strdup(old_profiles->pdata[i]));
    if (op->kind == MS_OP_PROFILE_ASSIGN)
        g_ptr_array_add(profiles, g_strdup(op->profile));
    for (guint i = 0; named != NULL && i < named->len; i++)
        g_ptr_array_add(profiles, g_strdup(named->pdata[i]));
    instance->profiles = profiles;
    instance->profiles_shared = FALSE;
    /* lxc sends the instance with its new profile list; the handler checks
     * the project's restrictions before the update runs
     * (lxd/instance_put.go:133 at lxd-5.0.2, :161 at lxd-5.21.7) */
    if (!ms_apply_project_instance_update(apply, instance, FALSE)) {
        g_ptr_array_unref((GPtrArray *) instance->profiles);
        instance->profiles = g_steal_pointer(&old_profiles);
        instance->profiles_shared = old_shared;
        return FALSE;
    }
    new_expanded = ms_cluster_expand_devices(cluster, instance);
    new_config = ms_cluster_expand_config(cluster, apply->profile, instance);
    /* devicesUpdate adds the new or changed devices in Devices.Sorted()
     * order, nics first (lxd/instance/drivers/driver_common.go:1320,
     * lxd/device/config/devices_sort.go:16-64 at lxd-5.0.2;
     * driver_common.go:1826 at lxd-5.21.7, :1952 at lxd-6.9), so
     * the first refusal is the first in that order, not in name order */
    order = ms_devices_sorted(new_expanded);
    for (guint i = 0; i < order->len; i++) {
        MsDevice *old = ms_devices_lookup(old_expanded, order->pdata[i]);
        if (old == NULL || !ms_device_equal(old, ms_devices_lookup(new_expanded, order->pdata[i])))
            g_ptr_array_add(changed, order->pdata[i]);
    }
    /* the new profile list goes through the instance's Update: ValidDevices
     * on the expanded devices (the root disk check, then the profiles'
     * devices, WRAP.EXPANDED), then the root pool checks, come before the
     * changed devices are added (lxd/instance/drivers/driver_lxc.go:4133-4143
     * at lxd-5.0.2; a profile with devices but no root disk added to an
     * instance without one, seen live on 5.0.2:
     * tests/live/scenarios/rootless-updates.scn) */
    if (!ms_apply_validate_devices_static(apply, instance, new_expanded, FALSE, MS_RULE_DEV_ROOT_DETECT,
                                          &refusal) ||
        !ms_apply_root_disk_kept(apply, instance, old_expanded, new_expanded, &refusal) ||
        /* then initLXC over the new expanded config (CFG.INST.PRLIMIT_VALUE) */
        !ms_apply_prlimit_check(apply, instance, NULL, NULL, &refusal) ||
        !ms_apply_validate_devices_instance(apply, instance, changed, MS_RULE_WRAP_ADD, &refusal) ||
        /* then a running instance stops the devices that go and starts the
         * new ones: a nic whose parent is missing fails the update, which
         * is undone (seen live on 5.0.2, tools/live-random.py --gen 9
         * --seed 9103: the next 'lxc profile remove' finds the profile
         * not applied) */
        !ms_apply_hotplug_check(apply, instance, old_expanded, new_expanded, changed, NULL, &refusal) ||
        /* then a running VM refuses a key it cannot take live: a profile
         * given or taken that changes raw.qemu, say (driver_qemu.go:
         * 4655-4710 at lxd-5.0.2, :6016-6065 at lxd-5.21.7, :6022-6071 at
         * lxd-6.9) */
        !ms_apply_running_config_check(apply, instance, old_config, new_config, &refusal)) {
        g_ptr_array_unref((GPtrArray *) instance->profiles);
        instance->profiles = g_steal_pointer(&old_profiles);
        instance->profiles_shared = old_shared;
        if (refusal.rule == MS_RULE_CFG_INST_PRLIMIT_VALUE)
            return ms_apply_fail_prlimit(apply, &refusal);
        return ms_apply_fail_rejection(apply, &refusal, TRUE);
    }
    ms_apply_placement_drops_group(apply, instance);
    return TRUE;
}

/* lxc profile edit PROFILE with YAML on its standard input: lxc
 * unmarshals it into api.ProfilePut (a type error is lxc's own, nothing is
 * sent) and PUTs it without reading the profile first (lxc/profile.go:
 * 466-478 at lxd-5.0.2, :571-583 at lxd-5.21.7, :560-572 at lxd-6.9);
 * profilePut looks the profile up (lxd/profiles.go:470-472 at lxd-5.0.2,
 * :628-630 at lxd-5.21.7, :640-642 at lxd-6.9) and doProfileUpdate takes
 * its config and devices whole, validated as a profile set is. */
static gboolean
profile_edit(MsApply *apply, const char *pp)
{
    const MsOp *op = apply->op;
    g_autofree char *type_errors = NULL;
    g_autoptr(MsYamlPut) put =
        ms_yaml_unmarshal_put(op->stdin_text ? op->stdin_text : "", MS_YAML_PROFILE_PUT, &type_errors);
    MsProfileEntity *profile;
    GHashTable *config;
    MsDevices *devices;
    GHashTableIter iter;
    gpointer key, value;

    if (ms_apply_check(apply, MS_RULE_CLI_YAML_UNMARSHAL, op->profile, put == NULL))
        /* the rule's text is one line; yaml.v2's error lines are its argument */
        return ms_apply_reject(apply, MS_RULE_CLI_YAML_UNMARSHAL,
                               type_errors + strlen("yaml: unmarshal errors:"));
    profile = ms_cluster_lookup_profile_in(apply->cluster, pp, op->profile);
    if (ms_apply_check(apply, MS_RULE_PROFILE_EDIT_NOT_FOUND, op->profile, profile == NULL))
        return ms_apply_reject(apply, MS_RULE_PROFILE_EDIT_NOT_FOUND, op->profile);
    /* a key set to "" is no key (what lxc profile unset sends) */
    config = ms_config_new();
    g_hash_table_iter_init(&iter, put->config);
    while (g_hash_table_iter_next(&iter, &key, &value))
        ms_config_set(config, key, *(const char *) value != '\0' ? value : NULL);
    devices = ms_devices_copy(put->devices);
    if (*put->description != '\0')
        ms_outcome_add_note(apply->outcome,
                            "the profile's description is not modelled (not kept, not shown)");
    return apply_profile_change(apply, profile, config, devices);
}

gboolean
ms_apply_profile(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    MsProfileEntity *profile;
    GHashTable *config;
    MsDevices *devices;
    /* the project whose profiles --project means (ProfileProjectFromRecord) */
    const char *pp = ms_cluster_profile_project(cluster, op->project);
    gboolean no_project = !ms_cluster_has_project(cluster, op->project);
    /* lxc profile add/remove change the instance (PUT /1.0/instances) */
    gboolean on_profile = op->kind != MS_OP_PROFILE_ASSIGN && op->kind != MS_OP_PROFILE_UNASSIGN &&
                          op->kind != MS_OP_PROFILE_SET_LIST;
    /* a new profile's POST (profile create; profile copy reads its source
     * first) or the profile's own endpoint looks the project up first
     * (ProfileProject) */
    MsRuleId lookup = op->kind == MS_OP_PROFILE_CREATE ? MS_RULE_PROFILE_PROJECT_NOT_FOUND
                                                       : MS_RULE_PROFILE_ACCESS_PROJECT_NOT_FOUND;

    /* check sites: PROFILE_PROJECT_NOT_FOUND PROFILE_ACCESS_PROJECT_NOT_FOUND */
    if (on_profile && ms_apply_check(apply, lookup, ms_project_display(op->project), no_project))
        return ms_apply_reject(apply, lookup, op->project);
    if (op->kind == MS_OP_PROFILE_COPY)
        return profile_copy(apply, pp);
    if (op->kind == MS_OP_PROFILE_RENAME)
        return profile_rename(apply, pp);
    if (op->kind == MS_OP_PROFILE_CREATE)
        return profile_create(apply, pp);
    if (op->kind == MS_OP_PROFILE_ASSIGN || op->kind == MS_OP_PROFILE_UNASSIGN ||
        op->kind == MS_OP_PROFILE_SET_LIST)
        return profile_assign(apply, pp);
    if (op->kind == MS_OP_PROFILE_EDIT)
        return profile_edit(apply, pp);

    /* refused by name before the lookup (lxd/profiles.go:775 at lxd-5.0.2,
     * :928 at lxd-5.21.7, :984 at lxd-6.9) */
    if (op->kind == MS_OP_PROFILE_DELETE && ms_apply_check(apply, MS_RULE_PROFILE_DELETE_DEFAULT, op->profile,
                                                           g_str_equal(op->profile, "default")))
        return ms_apply_reject(apply, MS_RULE_PROFILE_DELETE_DEFAULT);
    profile = ms_cluster_lookup_profile_in(cluster, pp, op->profile);
    if (op->kind != MS_OP_PROFILE_DELETE) {
        /* lxc GETs the profile before changing it: profileGet wraps the
         * miss (lxd/profiles.go:383 at lxd-5.0.2) */
        if (ms_apply_check(apply, MS_RULE_PROFILE_FETCH_NOT_FOUND, op->profile, profile == NULL))
            return ms_apply_reject(apply, MS_RULE_PROFILE_FETCH_NOT_FOUND);
    } else if (ms_apply_check(apply, MS_RULE_PROFILE_NOT_FOUND, op->profile, profile == NULL))
        return ms_apply_reject(apply, MS_RULE_PROFILE_NOT_FOUND);
    if (op->kind == MS_OP_PROFILE_DELETE) {
        if (ms_apply_check(apply, MS_RULE_PROFILE_IN_USE, op->profile, profile_used(cluster, op->profile)))
            return ms_apply_fail(apply, MS_RULE_PROFILE_IN_USE, profile_in_use_status(apply->profile), FALSE,
                                 ms_rule_message(MS_RULE_PROFILE_IN_USE, apply->profile));
        g_ptr_array_remove(cluster->profiles, profile);
        ms_cluster_profiles_changed(cluster);
        return TRUE;
    }
    config = ms_config_copy(profile->config);
    devices = ms_devices_copy(profile->devices);
    switch (op->kind) {
    case MS_OP_PROFILE_SET:
    case MS_OP_PROFILE_UNSET:
        for (guint i = 0; i < op->keys->len; i++)
            ms_config_set(config, op->keys->pdata[i],
                          op->kind == MS_OP_PROFILE_UNSET
                              ? profile_unset_value(apply, op->keys->pdata[i], config)
                              : op->values->pdata[i]);
        break;
    case MS_OP_PROFILE_DEVICE_ADD:
        if (ms_apply_check(apply, MS_RULE_DEV_EXISTS, op->device, ms_devices_has(devices, op->device))) {
            g_hash_table_unref(config);
            ms_devices_unref(devices);
            return ms_apply_reject(apply, MS_RULE_DEV_EXISTS);
        }
        ms_devices_set(devices, op->device, ms_op_device_config(op));
        break;
    case MS_OP_PROFILE_DEVICE_SET:
    case MS_OP_PROFILE_DEVICE_UNSET: {
        /* lxc GETs the profile, refuses a device it lacks, sets the keys
         * and PUTs it whole (lxc/config_device.go:591-610 at lxd-5.0.2,
         * :762-781 at lxd-5.21.7, :768-787 at lxd-6.9): doProfileUpdate
         * validates it and every instance using it */
        MsDevice *device = ms_devices_lookup(devices, op->device);

        if (ms_apply_check(apply, MS_RULE_DEV_NOT_FOUND, op->device, device == NULL)) {
            g_hash_table_unref(config);
            ms_devices_unref(devices);
            return ms_apply_reject(apply, MS_RULE_DEV_NOT_FOUND);
        }
        ms_apply_device_keys_set(apply, device);
        break;
    }
    case MS_OP_PROFILE_DEVICE_REMOVE:
        if (ms_apply_check(apply, MS_RULE_DEV_NOT_FOUND, op->device, !ms_devices_has(devices, op->device))) {
            g_hash_table_unref(config);
            ms_devices_unref(devices);
            return ms_apply_reject(apply, MS_RULE_DEV_NOT_FOUND);
        }
        ms_devices_remove(devices, op->device);
        break;
    default:
        g_assert_not_reached();
    }
    return apply_profile_change(apply, profile, config, devices);
}
