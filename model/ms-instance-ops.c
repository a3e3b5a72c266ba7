/* migsim: the instance lifecycle: lxc start / stop / restart / delete, the
 * backup count, and the instance lookup and device validation the handlers
 * share.  Creation is in ms-instance-create.c, lxc copy in ms-copy-ops.c,
 * lxc snapshot in ms-snapshot-ops.c, config, devices and profiles in
 * ms-config-ops.c, ms-device-ops.c and ms-profile-ops.c. */
#include "ms-apply-private.h"
#include "ms-device-types.h"

#include <string.h>

MsInstance *
ms_apply_lookup_instance(MsApply *apply, const char *name, gboolean async)
{
    MsInstance *instance = ms_cluster_lookup_project_instance(apply->cluster, apply->op->project, name);

    if (ms_apply_check(apply, MS_RULE_INSTANCE_NOT_FOUND, name, instance == NULL)) {
        ms_apply_reject_async(apply, MS_RULE_INSTANCE_NOT_FOUND, async);
        return NULL;
    }
    /* lxc's first request about the instance is forwarded to its member */
    if (ms_apply_forward_refused(apply, name, instance->location))
        return NULL;
    return instance;
}

gboolean
ms_apply_forward_unreachable(MsApply *apply, const char *name, const char *location)
{
    const MsMember *member = location != NULL ? ms_cluster_lookup_member(apply->cluster, location) : NULL;

    if (member == NULL || (apply->env->client != NULL && g_str_equal(member->name, apply->env->client)))
        return FALSE;
    if (member->status != MS_MEMBER_OFFLINE && member->unreachable_since_ms != G_MAXUINT64) {
        /* Connect waits for an event listener to the member (lxd/cluster/
         * connect.go:33-39 at lxd-5.21.0), and the heartbeat keeps an active
         * listener until it calls the member offline (lxd/cluster/events.go:
         * 264-290): until then the forwarded request fails with the
         * connection's own error, address and errno (microcloud #272 at
         * 5.21: 'Get "https://ADDR/1.0/instances/NAME": Unable to connect
         * to: ADDR ([dial tcp ADDR: connect: no route to host])') or hangs
         * in TCP, or the listener is already gone ("Missing event
         * connection ..."): not one answer migsim can give */
        ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                      g_strdup_printf("migsim: not modelled for %s: lxc %s of %s, whose member %s stopped "
                                      "answering and is not OFFLINE yet: LXD forwards the request to it, "
                                      "which then fails with the connection's own error (an address and "
                                      "an errno), hangs, or fails \"Missing event connection with target "
                                      "cluster member\" once the event listener is gone",
                                      apply->profile->name, ms_op_defs[apply->op->kind].name, name,
                                      member->name));
        return TRUE;
    }
    return FALSE;
}

gboolean
ms_apply_forward_refused(MsApply *apply, const char *name, const char *location)
{
    /* clang-format off */
    static const MsReleases unavailable = MS_REL_SINCE(4, 3);
    /* clang-format on */
    const MsMember *member = location != NULL ? ms_cluster_lookup_member(apply->cluster, location) : NULL;

    if (!ms_rule_applies(MS_RULE_INSTANCE_MEMBER_OFFLINE, apply->profile) ||
        (member != NULL && apply->env->client != NULL && g_str_equal(member->name, apply->env->client)))
        return FALSE;
    if (ms_apply_forward_unreachable(apply, name, location))
        return TRUE;
    if (!ms_apply_check(apply, MS_RULE_INSTANCE_MEMBER_OFFLINE, name,
                        member != NULL && member->status == MS_MEMBER_OFFLINE))
        return FALSE;
    ms_apply_reject(apply, MS_RULE_INSTANCE_MEMBER_OFFLINE);
    if (ms_releases_contain(&unavailable, apply->profile->version))
        apply->outcome->http_status = 503;
    ms_client_incus_offline_alternative(apply);
    return TRUE;
}

const char *
ms_strip_invalid_config(const char *message)
{
    return g_str_has_prefix(message, "Invalid config: ") ? message + strlen("Invalid config: ") : message;
}

/* ErrNoRootDisk and the several-root-disks error of GetRootDiskDevice, by
 * release: shared/instance.go:45,56 (lxd-5.0.2),
 * lxd/instance/instancetype/instance.go:80,94 (lxd-5.21.7), :90 (lxd-6.7);
 * renamed in 6.8, shared/api/instance.go:445,448 (lxd-6.8, lxd-6.9); Incus
 * keeps the old words (internal/instance/device.go at v6.0.4, v6.23.0). */
static const char *
root_disk_error(const MsProfile *profile, guint n_roots)
{
    static const MsReleases renamed = MS_REL_SINCE_6(8);
    gboolean new_words = !ms_profile_is_incus(profile) && ms_releases_contain(&renamed, profile->version);

    if (n_roots == 0)
        return new_words ? "No root disk device found" : "No root device could be found";
    return new_words ? "More than one root disk device found" : "More than one root device found";
}

/* 5.0.0, 5.0.1 and 5.1-5.6 validate every device in one map walk, then
 * look for the root disk even when there is no device: the expanded set
 * is an empty map, not nil (lxd/instance/drivers/load.go:82-96 at
 * lxd-5.0.0, :90-108 at lxd-5.6; lxd/db/profiles.go:331 at lxd-5.0.0).
 * 5.0.2 and 5.7 on check the instance's own devices first and skip the
 * root check when there is no device (load.go:80-83,114-133 at lxd-5.0.2). */
static gboolean
root_check_last(const MsProfile *profile)
{
    static const MsReleases one_walk =
        MS_REL_V5(MS_SPAN_50_UNTIL(2), MS_SPAN_5_UNTIL(7), MS_SPAN_NONE, MS_SPAN_NONE);

    return !ms_profile_is_incus(profile) && ms_releases_contain(&one_walk, profile->version);
}

gboolean
ms_apply_root_detect(MsApply *apply, const char *instance_name, MsDevices *expanded, MsRuleId rule,
                     MsRejection *out)
{
    MsDevicesIter iter;
    MsDevice *dev;
    guint n_roots = 0;

    /* only in expanded mode, and (from 5.0.2 and 5.7) only when there is a
     * device at all */
    if (ms_devices_count(expanded) == 0 && !root_check_last(apply->profile))
        return TRUE;
    ms_devices_iter_init(&iter, expanded);
    while (ms_devices_iter_next(&iter, NULL, &dev))
        n_roots += ms_device_is_root_disk(dev) ? 1 : 0;
    /* check sites: DEV_ROOT_DETECT CREATE_ROOT_DETECT */
    if (!ms_apply_check(apply, rule, instance_name, n_roots != 1))
        return TRUE;
    return ms_reject_status(out, rule, 400,
                            ms_rule_message(rule, apply->profile, root_disk_error(apply->profile, n_roots)));
}

/* Which devices one pass of ValidDevices walks. */
typedef enum {
    PASS_PROFILE, /* those the profiles add */
    PASS_LOCAL,   /* the instance's own */
    PASS_ALL,     /* every device in one map walk (5.0.0, 5.0.1, 5.1-5.6) */
} ValidatePass;

static gboolean
in_pass(MsDevices *local, const char *name, ValidatePass pass)
{
    return pass == PASS_ALL || (local != NULL && ms_devices_has(local, name)) == (pass == PASS_LOCAL);
}

void
ms_apply_add_device_alternative(MsApply *apply, MsRuleId wrapper, const char *other, const char *named,
                                const char *message)
{
    if (apply->outcome->alternatives == NULL)
        apply->outcome->alternatives = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(apply->outcome->alternatives, ms_rule_message(wrapper, apply->profile, other, message));
    ms_outcome_add_note(apply->outcome,
                        "LXD checks the devices in Go map order: it may name device \"%s\" instead of \"%s\"",
                        other, named);
}

/* A start's refusal that may name another container (the ID map check of a
 * shared volume): @refusal's other texts go to the outcome's alternatives,
 * with a note (lxc start prints the server's text as is). */
static void
add_start_alternatives(MsApply *apply, MsRejection *refusal)
{
    GPtrArray *others = refusal->alternatives;

    if (others == NULL || others->len == 0)
        return;
    if (apply->outcome->alternatives == NULL)
        apply->outcome->alternatives = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < others->len; i++)
        g_ptr_array_add(apply->outcome->alternatives, g_strdup(others->pdata[i]));
    /* the only start check that gives several texts: VolumeUsedByInstanceDevices
     * walks the database's instance list (lxd/storage/utils.go:736 at
     * lxd-5.0.2) and storagePoolVolumeAttachShift names the first user whose
     * map differs (lxd/device/disk.go:1478-1515 at lxd-5.0.2, :2043-2080 at
     * lxd-5.21.7, :1982-2019 at lxd-6.9; Incus
     * internal/server/device/disk.go:2021-2055 at v6.0.4); live 5.0.2 named
     * either of two (tests/live/DISAGREEMENTS.md 21-lead) */
    ms_outcome_add_note(apply->outcome,
                        "%s lists the volume's users in its own order and names the first whose ID map "
                        "differs: any of %u containers",
                        ms_profile_product(apply->profile), others->len + 1);
}

/* One pass of ValidDevices over the devices @pass names; a refusal is
 * wrapped by @wrapper (WRAP.STATIC or WRAP.EXPANDED). */
static gboolean
validate_static_pass(MsApply *apply, MsDeviceContext *ctx, MsDevices *devices, GPtrArray *order,
                     ValidatePass pass, MsRuleId wrapper, MsRejection *out)
{
    MsDevices *local = ctx->local_devices;

    for (guint i = 0; i < order->len; i++) {
        const char *name = order->pdata[i];
        g_auto(MsRejection) refusal = { 0 };

        if (!in_pass(local, name, pass))
            continue;
        if (!ms_device_validate(ctx, name, ms_devices_lookup(devices, name), &refusal)) {
            ms_env_check(apply->env, wrapper, name, TRUE); /* check sites: WRAP_STATIC WRAP_EXPANDED */
            /* ValidDevices walks a Go map (lxd/instance/drivers/load.go:90
             * at lxd-5.0.2): any failing device of the pass may be the one
             * named, e.g. either of two disks with the same path (seen live) */
            for (guint j = i + 1; j < order->len; j++) {
                const char *other = order->pdata[j];
                g_auto(MsRejection) why = { 0 };

                if (!in_pass(local, other, pass) ||
                    ms_device_validate(ctx, other, ms_devices_lookup(devices, other), &why))
                    continue;
                ms_apply_add_device_alternative(apply, wrapper, other, name, why.message);
            }
            return ms_reject_status(out, refusal.rule, 400,
                                    ms_rule_message(wrapper, apply->profile, name, refusal.message));
        }
    }
    return TRUE;
}

void
ms_apply_wrap_alternatives(MsApply *apply, MsRuleId wrapper)
{
    GPtrArray *alternatives = apply->outcome->alternatives;

    for (guint i = 0; alternatives != NULL && i < alternatives->len; i++) {
        char *inner = alternatives->pdata[i];

        alternatives->pdata[i] = ms_rule_message(wrapper, apply->profile, inner);
        g_free(inner);
    }
}

static char *
config_text(const char *message, MsConfigText how)
{
    if (how == MS_CONFIG_TEXT_STRIPPED)
        return g_strdup(ms_strip_invalid_config(message));
    if (how == MS_CONFIG_TEXT_CREATE)
        return g_strdup_printf(MS_CREATE_RECORD_ERROR, ms_strip_invalid_config(message));
    return g_strdup(message);
}

char *
ms_apply_config_refusal(MsApply *apply, MsRejection *refusal, MsConfigText how)
{
    GPtrArray *others = refusal->alternatives;

    for (guint i = 0; others != NULL && i < others->len; i++) {
        if (apply->outcome->alternatives == NULL)
            apply->outcome->alternatives = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(apply->outcome->alternatives, config_text(others->pdata[i], how));
    }
    if (others != NULL && others->len > 0)
        ms_outcome_add_note(apply->outcome,
                            "%u config keys are invalid: LXD validates them in Go map order and names any "
                            "one of them",
                            others->len + 1);
    return config_text(refusal->message, how);
}

/* The name= two nics of @devices share (nicCheckNamesUnique,
 * lxd/device/nic.go:109-124 at lxd-5.0.2), NULL when none; *@several when
 * more than one name is shared, of which LXD names the first its map walk
 * meets. */
static const char *
shared_nic_name(MsDevices *devices, gboolean *several)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    const char *found = NULL;
    MsDevicesIter iter;
    MsDevice *device;

    *several = FALSE;
    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, NULL, &device)) {
        const char *nic_name = ms_device_get_lit(device, "name");

        if (!g_str_equal(ms_device_get_lit(device, "type"), "nic") || *nic_name == '\0' ||
            g_hash_table_add(seen, (gpointer) nic_name))
            continue;
        *several = *several || (found != NULL && !g_str_equal(found, nic_name));
        found = found != NULL ? found : nic_name;
    }
    return found;
}

/* The gateway key ("ipv4.gateway", "ipv6.gateway") two routed nics of
 * @devices both leave in auto mode (unset or "auto"), NULL when none.
 * nicRouted.validateConfig refuses each such nic, naming another from its
 * walk of instConf.ExpandedDevices(): "Existing NIC %q already uses %q in
 * auto mode" (lxd/device/nic_routed.go:55,663-681 at lxd-5.0.2, :57,693-711
 * at lxd-5.21.7 and lxd-6.9; Incus internal/server/device/nic_routed.go:715
 * at v6.0.4; every tag).  Seen live on 5.0.2: a second routed nic added to
 * a container whose profile has one (tools/live-random.py --gen 10 --seed
 * 10003 scenario 7), where migsim answered ok. */
static const char *
routed_auto_gateway_shared(MsDevices *devices)
{
    static const char *const keys[] = { "ipv4.gateway", "ipv6.gateway" };

    for (guint k = 0; k < G_N_ELEMENTS(keys); k++) {
        MsDevicesIter iter;
        MsDevice *device;
        guint autos = 0;

        ms_devices_iter_init(&iter, devices);
        while (ms_devices_iter_next(&iter, NULL, &device)) {
            const char *gateway = ms_device_get(device, keys[k]);

            if (g_str_equal(ms_device_get_lit(device, "type"), "nic") &&
                g_strcmp0(ms_device_get_lit(device, "nictype"), "routed") == 0 &&
                (*gateway == '\0' || g_str_equal(gateway, "auto")))
                autos++;
        }
        if (autos >= 2)
            return keys[k];
    }
    return NULL;
}

void
ms_apply_static_context(MsDeviceContext *ctx, MsApply *apply, const MsInstance *instance, MsDevices *devices,
                        gboolean for_profile)
{
    *ctx = (MsDeviceContext){
        .cluster = apply->cluster,
        .env = apply->env,
        .mode = MS_VALIDATE_STATIC,
        .instance_name = instance ? instance->name : NULL,
        .type = instance ? instance->type : MS_INSTANCE_CONTAINER,
        .member = instance ? instance->location : NULL,
        .project = instance ? instance->project : apply->op->project,
        .sibling_devices = devices,
        .local_devices = instance ? instance->devices : NULL,
        .for_profile = for_profile,
    };
}

/* Static validation (ValidDevices): each device alone, no expanded config.
 * LXD checks the instance's own devices, then (@root_rule, expanded mode)
 * that there is one root disk, then the devices its profiles add
 * (lxd/instance/drivers/load.go:114-133 at lxd-5.0.2, :109-131 at
 * lxd-5.21.7, :112-134 at lxd-6.9): a bad local device is named before a
 * missing root disk, a missing root disk before a bad profile device.
 * An update (@root_rule DEV.ROOT_DETECT) calls it twice: the new local
 * devices alone ("Invalid devices: ", driver_lxc.go:3952-3954 at
 * lxd-5.0.2, :4160-4162 at lxd-5.21.7, :3806-3808 at lxd-6.9), then the
 * expanded set ("Invalid expanded devices: ", WRAP.EXPANDED), where only a
 * profile's device can fail anew: one valid with type any but not for the
 * instance's type (a container's tpm without pathrm, seen live on 5.0.2).
 * A create validates once, "Invalid devices: " for every device.  FALSE:
 * @out holds the failing device's rule and the wrapper's text, or
 * @root_rule's. */
gboolean
ms_apply_validate_devices_static(MsApply *apply, const MsInstance *instance, MsDevices *devices,
                                 gboolean for_profile, MsRuleId root_rule, MsRejection *out)
{
    /* a frozen device set keeps its order (ms_cluster_devices_sorted): a
     * move validates its instance's set once more */
    g_autoptr(GPtrArray) order = ms_cluster_devices_sorted(apply->cluster, devices);
    MsDeviceContext ctx;
    gboolean update = root_rule == MS_RULE_DEV_ROOT_DETECT && instance != NULL;
    MsRuleId profile_wrap = update ? MS_RULE_WRAP_EXPANDED : MS_RULE_WRAP_STATIC;
    gboolean several = FALSE;
    /* only a call with an expanded set checks nic names against it */
    const char *shared = root_rule != MS_RULE_NONE ? shared_nic_name(devices, &several) : NULL;
    const char *gateway;

    if (shared != NULL && (several || root_check_last(apply->profile)))
        return ms_reject_status(
            out, MS_RULE_NONE, 400,
            g_strdup_printf("migsim: not modelled for %s: nics sharing the name \"%s\"%s; "
                            "which device LXD names depends on its map walk",
                            apply->profile->name, shared,
                            several ? " and another name" : " in a one-walk release"));
    /* which nic fails first, and which other one it names, are two Go map
     * walks; the model does not choose */
    if (root_rule != MS_RULE_NONE && (gateway = routed_auto_gateway_shared(devices)) != NULL)
        return ms_reject_status(out, MS_RULE_NONE, 400,
                                g_strdup_printf("migsim: not modelled for %s: two routed nics with %s in "
                                                "auto mode, which LXD refuses (\"Existing NIC ... already "
                                                "uses \"%s\" in auto mode\") naming one in Go map order",
                                                apply->profile->name, gateway, gateway));
    ms_apply_static_context(&ctx, apply, instance, devices, for_profile);
    ctx.check_nic_names = root_rule != MS_RULE_NONE && !update;
    ctx.duplicate_nic_name = ctx.check_nic_names ? shared : NULL;

    /* 5.0.0, 5.0.1, 5.1-5.6 walk every device in one map walk, then look
     * for the root disk; an update's local devices passed the first call */
    if (root_check_last(apply->profile)) {
        if (update
                ? !validate_static_pass(apply, &ctx, devices, order, PASS_LOCAL, MS_RULE_WRAP_STATIC, out) ||
                      !validate_static_pass(apply, &ctx, devices, order, PASS_PROFILE, profile_wrap, out)
                : !validate_static_pass(apply, &ctx, devices, order, PASS_ALL, MS_RULE_WRAP_STATIC, out))
            return FALSE;
        return root_rule == MS_RULE_NONE || instance == NULL ||
               ms_apply_root_detect(apply, instance->name, devices, root_rule, out);
    }
    if (!validate_static_pass(apply, &ctx, devices, order, PASS_LOCAL, MS_RULE_WRAP_STATIC, out))
        return FALSE;
    if (update) {
        /* the second call, with the expanded set, walks the local devices
         * again before the root disk: only their names can fail anew */
        ctx.check_nic_names = TRUE;
        ctx.duplicate_nic_name = shared;
        if (shared != NULL &&
            !validate_static_pass(apply, &ctx, devices, order, PASS_LOCAL, MS_RULE_WRAP_EXPANDED, out))
            return FALSE;
    }
    if (root_rule != MS_RULE_NONE && instance != NULL &&
        !ms_apply_root_detect(apply, instance->name, devices, root_rule, out))
        return FALSE;
    return validate_static_pass(apply, &ctx, devices, order, PASS_PROFILE, profile_wrap, out);
}

/* Instance-mode validation of @names (devicesAdd / devicesUpdate).  FALSE:
 * @out holds the failing device's rule and @wrapper's text. */
static gboolean
validate_devices_instance(MsApply *apply, const MsInstance *instance, GPtrArray *names, MsRuleId wrapper,
                          MsNicConflictMode conflicts, MsRejection *out)
{
    g_autoptr(MsDevices) devices = ms_cluster_expand_devices(apply->cluster, instance);
    MsDeviceContext ctx;

    ms_device_context_for_instance(&ctx, apply->cluster, apply->env, instance,
                                   ms_instance_expanded_stateful(apply->cluster, apply->profile, instance),
                                   devices);
    ctx.conflicts = conflicts;
    for (guint i = 0; i < names->len; i++) {
        const char *name = names->pdata[i];
        MsDevice *device = ms_devices_lookup(devices, name);
        g_auto(MsRejection) refusal = { 0 };

        if (device == NULL || ms_device_validate(&ctx, name, device, &refusal))
            continue;
        ms_apply_check(apply, wrapper, name, TRUE); /* check sites: WRAP_ADD WRAP_UPDATE */
        return ms_reject_status(out, refusal.rule, 400,
                                ms_rule_message(wrapper, apply->profile, name, refusal.message));
    }
    return TRUE;
}

/* A user's device add or update (devicesUpdate with userRequested, the
 * profile updates' too: lxd/profiles_utils.go:221-231 at lxd-5.0.2) refuses
 * a nic's address conflict. */
gboolean
ms_apply_validate_devices_instance(MsApply *apply, const MsInstance *instance, GPtrArray *names,
                                   MsRuleId wrapper, MsRejection *out)
{
    return validate_devices_instance(apply, instance, names, wrapper, MS_NIC_CONFLICT_REFUSE, out);
}

/* A new instance's devicesAdd logs and skips a device whose validation
 * fails with a conflict (409) (driver_common.go:1220-1224 at lxd-5.0.2,
 * :1720-1724 at lxd-5.21.7, :1849-1853 at lxd-6.9). */
gboolean
ms_apply_validate_devices_created(MsApply *apply, const MsInstance *instance, GPtrArray *names,
                                  MsRejection *out)
{
    return validate_devices_instance(apply, instance, names, MS_RULE_WRAP_ADD, MS_NIC_CONFLICT_SKIP, out);
}

/* ---- start / stop / restart / delete ---- */

/* PUT /1.0/instances/NAME/state refuses anything but stop on an evacuated
 * member before any operation exists; TRUE when refused. */
static gboolean
on_evacuated(MsApply *apply, const char *name, const MsInstance *instance)
{
    const MsMember *member = ms_cluster_lookup_member(apply->cluster, instance->location);

    if (!ms_apply_check(apply, MS_RULE_STATE_EVACUATED, name,
                        member != NULL && member->status == MS_MEMBER_EVACUATED))
        return FALSE;
    ms_apply_reject(apply, MS_RULE_STATE_EVACUATED);
    return TRUE;
}

/* The stateful starts migsim answers: a VM's, with the state a stateful
 * stop saved.  lxc asks for no other (CLI.UNKNOWN_FLAG refuses `lxc start
 * --stateful`), so what LXD does with one (START.STATEFUL_NO_STATE for a
 * container, "Instance has no existing state to restore" for a VM,
 * driver_qemu.go:1282 at lxd-5.0.2, :1544 at lxd-5.21.7) is not followed; nor
 * is a container's checkpoint, which needs CRIU.  FALSE: said so. */
static gboolean
stateful_start_modelled(MsApply *apply, const MsInstance *instance)
{
    const char *why;

    if (instance->type == MS_INSTANCE_VM && instance->stateful)
        return TRUE;
    why = instance->stateful ? "from a saved container checkpoint (CRIU)"
                             : "of an instance with no saved state";
    return ms_apply_fail(
        apply, MS_RULE_NONE, 0, FALSE,
        g_strdup_printf("migsim: not modelled for %s: a stateful start of %s %s (only an API "
                        "client asks for that; lxc start restores a saved state only)",
                        apply->profile->name, instance->name, why));
}

/* instanceGet (lxc start's first request) and instanceStatePut (stop,
 * restart) refuse a snapshot's name before the forward, from lxd-5.0.1 and
 * 5.2 (lxd/instance_get.go:113, instance_state.go:151 at lxd-5.0.2; :124,
 * :151 at lxd-6.9; every Incus tag); TRUE when refused. */
static gboolean
snapshot_name_refused(MsApply *apply, const char *name)
{
    if (!ms_apply_check(apply, MS_RULE_STATE_SNAPSHOT_NAME, name, strchr(name, '/') != NULL))
        return FALSE;
    ms_apply_reject(apply, MS_RULE_STATE_SNAPSHOT_NAME);
    return TRUE;
}

static gboolean
start_one(MsApply *apply, const char *name)
{
    MsInstance *instance;
    g_auto(MsRejection) refusal = { 0 };

    gboolean stateful;

    if (snapshot_name_refused(apply, name))
        return FALSE;
    instance = ms_apply_lookup_instance(apply, name, FALSE);
    if (instance == NULL || on_evacuated(apply, name, instance))
        return FALSE;
    /* lxc restores a saved state unless --stateless; an API client asks
     * for it or not (op->stateful) */
    stateful = apply->op->stateful || (instance->stateful && !apply->op->stateless);
    if (stateful && !stateful_start_modelled(apply, instance))
        return FALSE;
    if (!ms_instance_start_check(apply->cluster, apply->env, instance, stateful, &refusal)) {
        /* a post-start hook's failure leaves volatile.last_state.power=
         * STOPPED (seen live on 5.0.2: tests/live/scenarios/
         * proxy-nat-start.scn, a container never started before) */
        ms_instance_mark_hook_failed(apply, instance, refusal.rule);
        add_start_alternatives(apply, &refusal);
        return ms_apply_fail_rejection(apply, &refusal, TRUE);
    }
    ms_instance_mark_started(apply, instance);
    ms_outcome_add_event(apply->outcome, MS_EVENT_STARTED, name, NULL, instance->location, NULL);
    return TRUE;
}

static gboolean
stop_one(MsApply *apply, MsInstance *instance, gboolean stateful)
{
    const MsProfile *profile = apply->profile;

    if (ms_apply_check(apply, MS_RULE_STOP_ALREADY_STOPPED, instance->name,
                       instance->status == MS_INSTANCE_STOPPED))
        return ms_apply_reject(apply, MS_RULE_STOP_ALREADY_STOPPED);
    /* before 6.6 the outcome depends on the member's CRIU (Migrate's
     * exec.LookPath("criu"), driver_lxc.go:4966-4968 at lxd-5.0.2, through
     * Stop(true) :2562-2569): a member not declared `host-lacks MEMBER
     * criu` is assumed without it (ms_apply_note_criu_assumed); from 6.6
     * containers are refused whatever the host.  No text where the rule is
     * not modelled (Incus: the reject says so; this crashed on incus stop
     * --stateful of a running container, found with Incus #2186) */
    if (stateful && instance->type == MS_INSTANCE_CONTAINER) {
        const MsMember *member = ms_cluster_lookup_member(apply->cluster, instance->location);

        /* `host-has MEMBER criu`: the checkpoint itself (Stop(true) :2570-2580) */
        if (ms_apply_criu_runs(apply, member, MS_RULE_STOP_CT_STATEFUL,
                               "lxc stop --stateful of a running container"))
            return FALSE;
        ms_apply_note_criu_assumed(apply, member, instance->name, instance->location,
                                   MS_RULE_STOP_CT_STATEFUL);
    }
    if (stateful && instance->type == MS_INSTANCE_CONTAINER &&
        ms_apply_check(apply, MS_RULE_STOP_CT_STATEFUL, instance->name, TRUE)) {
        const char *format = ms_rule_format(MS_RULE_STOP_CT_STATEFUL, profile);

        /* the state directory made before the CRIU check stays */
        if (format != NULL && strstr(format, "CRIU") != NULL)
            instance->state_dir_left = TRUE;
        return ms_apply_reject(apply, MS_RULE_STOP_CT_STATEFUL);
    }
    if (stateful && instance->type == MS_INSTANCE_VM) {
        g_autoptr(GHashTable) config = ms_cluster_expand_config(apply->cluster, profile, instance);
        gboolean mig = ms_is_true(ms_config_get(config, "migration.stateful"));

        if (ms_apply_check(apply, MS_RULE_STOP_STATEFUL_NEEDS_KEY, instance->name, !mig))
            return ms_apply_reject(apply, MS_RULE_STOP_STATEFUL_NEEDS_KEY);
        /* the state room (ms_vm_state_room): validateRootDiskStatefulStop
         * (driver_qemu.go:1020-1058 at lxd-5.21.7), Incus' checkStateStorage
         * after the key (driver_qemu.go:5018-5022 at v6.0.4, :6102-6106 at
         * v7.3.0; the text per tag in the rule table) */
        if (ms_rule_applies(MS_RULE_STOP_SIZE_STATE, profile)) {
            const char *limit = NULL;
            MsStateRoom room = ms_vm_state_room(apply->cluster, profile, instance, &limit);
            char *unmodelled = ms_vm_state_room_unmodelled(profile, instance, "stop", room, limit);

            if (unmodelled != NULL)
                return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE, unmodelled);
            if (ms_apply_check(apply, MS_RULE_STOP_SIZE_STATE, instance->name, room == MS_STATE_ROOM_SHORT))
                return ms_apply_reject(apply, MS_RULE_STOP_SIZE_STATE);
        }
    }
    ms_instance_mark_stopped(instance);
    /* lxc stop --force (and delete --force's stop) is Stop(false), which
     * removes a state directory; a plain stop is a Shutdown, which keeps it
     * (lxd/instance_state.go:230-235, driver_lxc.go:2604-2605 at lxd-5.0.2) */
    if (apply->op->force)
        instance->state_dir_left = FALSE;
    /* the state is saved (driver_qemu.go:4022 at lxd-5.0.2, :5303 at lxd-5.21.7, :5375 at lxd-6.9) */
    instance->stateful = stateful && instance->type == MS_INSTANCE_VM;
    ms_outcome_add_event(apply->outcome, MS_EVENT_STOPPED, instance->name, instance->location, NULL, NULL);
    return TRUE;
}

gboolean
ms_apply_instance_stop_one(MsApply *apply, MsInstance *instance)
{
    return stop_one(apply, instance, FALSE);
}

gboolean
ms_apply_instance_start_one(MsApply *apply, const char *name)
{
    return start_one(apply, name);
}

gboolean
ms_apply_start(MsApply *apply)
{
    for (guint i = 0; i < apply->op->instances->len; i++)
        if (!start_one(apply, apply->op->instances->pdata[i]))
            return FALSE;
    return TRUE;
}

gboolean
ms_apply_stop(MsApply *apply)
{
    for (guint i = 0; i < apply->op->instances->len; i++) {
        MsInstance *instance;

        if (snapshot_name_refused(apply, apply->op->instances->pdata[i]))
            return FALSE;
        instance = ms_apply_lookup_instance(apply, apply->op->instances->pdata[i], FALSE);
        if (instance == NULL || !stop_one(apply, instance, apply->op->stateful))
            return FALSE;
    }
    return TRUE;
}

gboolean
ms_apply_restart(MsApply *apply)
{
    for (guint i = 0; i < apply->op->instances->len; i++) {
        const char *name = apply->op->instances->pdata[i];
        MsInstance *instance;

        if (snapshot_name_refused(apply, name))
            return FALSE;
        instance = ms_apply_lookup_instance(apply, name, FALSE);
        if (instance == NULL || on_evacuated(apply, name, instance))
            return FALSE;
        /* Restart is a shutdown then a start (inferred: a stopped instance
         * fails the shutdown with "already stopped"). */
        if (!stop_one(apply, instance, FALSE) || !start_one(apply, name))
            return FALSE;
    }
    return TRUE;
}

/* security.protection.delete: lxc delete --force stops a running instance
 * first (lxc/delete.go:111-133 at lxd-5.0.2, :127-149 at lxd-5.21.7,
 * :126-148 at lxd-6.9), then the delete operation refuses it
 * (driver_lxc.go:3616 at lxd-5.0.2, :3802 at lxd-5.21.7, :3451 at lxd-6.9):
 * the instance stays, stopped (seen live on 5.0.2: tools/live-random.py
 * --gen 16 --seed 16001 scenario 9 line 38).  FALSE when refused. */
static gboolean
delete_unprotected(MsApply *apply, MsInstance *instance)
{
    gboolean protected = ms_is_true(ms_cluster_expanded_value(apply->cluster, apply->profile, instance,
                                                              "security.protection.delete", NULL, NULL));

    if (!ms_apply_check(apply, MS_RULE_DELETE_PROTECTED, instance->name, protected))
        return TRUE;
    if (instance->status == MS_INSTANCE_RUNNING && !stop_one(apply, instance, FALSE))
        return FALSE;
    apply->deleting = instance->name;
    return ms_apply_reject(apply, MS_RULE_DELETE_PROTECTED,
                           instance->type == MS_INSTANCE_VM ? "Instance" : "Container");
}

/* incus delete's deleteOne from v6.23.0 (cmd/incus/delete.go:74-147 at
 * v6.23.0, :73-146 at v7.0.0 .. v7.3.0): it reads NAME (a snapshot's
 * NAME/SNAP too: the server refuses the name, instance_get.go:111 at
 * v6.23.0, :130 at v7.3.0) and wraps that error; a running instance is
 * refused without --force, named; then stopped and deleted. */
static gboolean
delete_one_incus(MsApply *apply, const char *name)
{
    MsInstance *instance;

    g_autofree char *shown = ms_client_format_remote(apply, name);

    apply->client_subject = name;
    if (ms_apply_check(apply, MS_RULE_DELETE_SNAPSHOT_INCUS, name, strchr(name, '/') != NULL))
        return ms_apply_reject(apply, MS_RULE_DELETE_SNAPSHOT_INCUS);
    instance = ms_apply_lookup_instance(apply, name, FALSE);
    if (instance == NULL)
        return FALSE;
    apply->client_subject = NULL;
    /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus 6.23+ only (LXD's site is ms_apply_delete's loop) */
    if (ms_apply_check(apply, MS_RULE_DELETE_RUNNING, name,
                       instance->status == MS_INSTANCE_RUNNING && !apply->op->force))
        return ms_apply_reject(apply, MS_RULE_DELETE_RUNNING, shown);
    if (!delete_unprotected(apply, instance))
        return FALSE;
    ms_outcome_add_event(apply->outcome, MS_EVENT_DELETED, name, instance->location, NULL, NULL);
    ms_cluster_remove_instance(apply->cluster, name);
    return TRUE;
}

/* incus delete from v6.23.0: a name that fails does not stop the names
 * after it; run() joins the errors, one a line (errors.Join,
 * cmd/incus/delete.go:157-165 at v6.23.0, :155-163 at v7.0.0 .. v7.3.0).
 * The answer keeps the first failure's rule and status; a "not modelled"
 * part is the whole answer. */
static gboolean
delete_each_incus(MsApply *apply)
{
    MsOutcome *outcome = apply->outcome;
    MsRuleId first_rule = MS_RULE_NONE;
    guint first_status = 0;
    gboolean first_async = FALSE;

    g_autoptr(GString) errors = g_string_new(NULL);

    for (guint i = 0; i < apply->op->instances->len; i++) {
        g_autofree char *text = NULL;

        if (delete_one_incus(apply, apply->op->instances->pdata[i]))
            continue;
        text = ms_client_error(apply);
        apply->client_subject = NULL;
        apply->deleting = NULL;
        if (g_str_has_prefix(text, "migsim: "))
            return ms_apply_fail(apply, outcome->rule, 0, FALSE, g_steal_pointer(&text));
        if (errors->len == 0) {
            first_rule = outcome->rule;
            first_status = outcome->http_status;
            first_async = outcome->async;
        } else {
            g_string_append_c(errors, '\n');
        }
        g_string_append(errors, text);
        outcome->ok = TRUE;
    }
    if (errors->len == 0)
        return TRUE;
    return ms_apply_fail(apply, first_rule, first_status, first_async,
                         g_string_free(g_steal_pointer(&errors), FALSE));
}

gboolean
ms_apply_delete(MsApply *apply)
{
    const MsOp *op = apply->op;

    if (ms_client_incus_delete_one(apply->profile))
        return delete_each_incus(apply);
    /* lxc reads every instance before it deletes any (instancesExist,
     * lxc/delete.go:88 + lxc/utils.go:227 at lxd-5.0.2; from 5.0.1) */
    if (ms_rule_applies(MS_RULE_CLI_DELETE_EXISTS_WRAP, apply->profile)) {
        for (guint i = 0; i < op->instances->len; i++) {
            if (strchr(op->instances->pdata[i], '/') != NULL) {
                if (!ms_apply_snapshot_delete(apply, op->instances->pdata[i], TRUE)) {
                    apply->client_subject = op->instances->pdata[i];
                    apply->client_subject_snapshot = TRUE;
                    return FALSE;
                }
                continue;
            }
            if (ms_apply_lookup_instance(apply, op->instances->pdata[i], FALSE) == NULL) {
                apply->client_subject = op->instances->pdata[i];
                return FALSE;
            }
        }
    }
    for (guint i = 0; i < op->instances->len; i++) {
        const char *name = op->instances->pdata[i];
        MsInstance *instance;

        if (strchr(name, '/') != NULL) {
            if (!ms_apply_snapshot_delete(apply, name, FALSE))
                return FALSE;
            /* check site: DELETE_SNAPSHOT_ENDS_LOOP (the names after it stay) */
            if (ms_apply_check(apply, MS_RULE_DELETE_SNAPSHOT_ENDS_LOOP, name,
                               ms_rule_applies(MS_RULE_DELETE_SNAPSHOT_ENDS_LOOP, apply->profile) &&
                                   i + 1 < op->instances->len)) {
                ms_outcome_add_note(apply->outcome,
                                    "lxc stops after the snapshot %s: what is named after it is not deleted "
                                    "(DELETE.SNAPSHOT_ENDS_LOOP)",
                                    name);
                return TRUE;
            }
            continue;
        }
        instance = ms_apply_lookup_instance(apply, name, FALSE);
        if (instance == NULL)
            return FALSE;
        if (ms_apply_check(apply, MS_RULE_DELETE_RUNNING, name,
                           instance->status == MS_INSTANCE_RUNNING && !op->force))
            return ms_apply_reject(apply, MS_RULE_DELETE_RUNNING);
        if (!delete_unprotected(apply, instance))
            return FALSE;
        ms_outcome_add_event(apply->outcome, MS_EVENT_DELETED, name, instance->location, NULL, NULL);
        ms_cluster_remove_instance(apply->cluster, name);
    }
    return TRUE;
}

/* lxc exec NAME [--] CMD...: instanceExecPost's checks, in its order
 * (lxd/instance_exec.go:529-576 at lxd-5.0.2, :534-590 at lxd-5.21.7,
 * :548-604 at lxd-6.9; Incus cmd/incusd/instance_exec.go:562-618 at
 * v6.0.4).  Past them LXD runs CMD in the guest, which migsim does not: a
 * container's answer (CMD's output and exit status, or "Command not found")
 * is the guest's, noted; a VM's needs its lxd-agent, which migsim does not
 * follow, so it is not modelled. */
gboolean
ms_apply_exec(MsApply *apply)
{
    const char *name = apply->op->instance;
    const MsInstance *instance;

    if (ms_apply_check(apply, MS_RULE_EXEC_SNAPSHOT_NAME, name, strchr(name, '/') != NULL))
        return ms_apply_reject(apply, MS_RULE_EXEC_SNAPSHOT_NAME);
    /* cluster.ConnectIfInstanceIsRemote, then the member's own lookup */
    instance = ms_apply_lookup_instance(apply, name, FALSE);
    if (instance == NULL)
        return FALSE;
    if (ms_apply_check(apply, MS_RULE_EXEC_NOT_RUNNING, name, instance->status != MS_INSTANCE_RUNNING))
        return ms_apply_reject(apply, MS_RULE_EXEC_NOT_RUNNING);
    if (instance->type == MS_INSTANCE_VM)
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: lxc exec in the VM %s past LXD's checks: the "
                            "command runs through the VM's lxd-agent, whose state migsim does not follow "
                            "(\"Failed to connect to lxd-agent\" or the command's own result)",
                            apply->profile->name, name));
    ms_outcome_add_note(
        apply->outcome,
        "%s: the server accepts the request; migsim does not run the command: its output and exit "
        "status are the guest's, and one of 127 or 126 fails the exec \"Command not found\" or "
        "\"Command not executable\"",
        name);
    /* The exec operation fails when the command exits 127 or 126: the
     * container's Wait turns those into "Command not found" and "Command
     * not executable" (lxd/instance/drivers/driver_lxc_cmd.go:35-46,
     * driver_common.go:39,42 at lxd-5.0.2; the same at lxd-5.21.7 and
     * lxd-6.9; Incus internal/server/instance/drivers/driver_lxc_cmd.go:40-43
     * at v6.0.4 and v7.3.0), the operation's error that lxc prints
     * (lxd/instance_exec.go:718-729, lxc/exec.go:205-216 at lxd-5.0.2).
     * Which one is the guest's: all three answers are LXD's. */
    apply->outcome->guest_errors = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(apply->outcome->guest_errors, g_strdup("Command not found"));
    g_ptr_array_add(apply->outcome->guest_errors, g_strdup("Command not executable"));
    return TRUE;
}
