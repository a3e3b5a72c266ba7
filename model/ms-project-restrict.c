/* migsim: what a restricted project (restricted=true) forbids its instances
 * and profiles: checkRestrictions (lxd/project/permissions.go:434-730 at
 * lxd-5.0.2; checkInstanceRestrictions, lxd/project/limits/permissions.go
 * :543-890 at lxd-5.21.7, :520-850 at lxd-6.9) as AllowInstanceCreation and
 * AllowInstanceUpdate run it, and AllowSnapshotCreation and
 * AllowBackupCreation; in Incus checkRestrictions
 * (internal/server/project/permissions.go:478-802 at v6.0.4), the same
 * walk with its own low-level lists, read at v6.0.0 .. v6.0.6 and the
 * feature releases to v6.23.0 (7.x adds pool checks: not read).  What
 * migsim cannot follow from the source (idmaps, restricted.networks.access,
 * disk paths, keys whose lists differ by release) says "not modelled". */
#include "ms-apply-private.h"
#include "ms-copy-private.h"
#include "ms-project.h"

#include <string.h>

/* ---- the restrictions' defaults (allRestrictions, permissions.go:800-824
 * at lxd-5.0.2; the same values at lxd-5.21.7 and lxd-6.9) ---- */

static const char *
restriction(const MsProject *project, const char *key)
{
    static const struct {
        const char *key, *value;
    } defaults[] = {
        { "restricted.backups", "block" },
        { "restricted.snapshots", "block" },
        { "restricted.containers.nesting", "block" },
        { "restricted.containers.interception", "block" },
        { "restricted.containers.lowlevel", "block" },
        { "restricted.containers.privilege", "unprivileged" },
        { "restricted.virtual-machines.lowlevel", "block" },
        { "restricted.devices.nic", "managed" },
        { "restricted.devices.disk", "managed" },
    };
    const char *value = ms_config_get(project->config, key);

    if (value != NULL)
        return value;
    for (gsize i = 0; i < G_N_ELEMENTS(defaults); i++)
        if (g_str_equal(defaults[i].key, key))
            return defaults[i].value;
    return "block"; /* every restricted.devices.* but nic and disk */
}

/* projectHasLimitsOrRestrictions' restricted half: without restricted=true
 * none of this runs. */
static const MsProject *
restricted_project(const MsApply *apply, const char *name)
{
    const MsProject *project = ms_cluster_lookup_restricting_project(apply->cluster, name);

    return project != NULL && ms_is_true(ms_config_get(project->config, "restricted")) ? project : NULL;
}

/* projectHasRestriction(p, KEY, "block") (permissions.go:1455 at lxd-5.0.2):
 * a key set to any other value, even "", lets it through. */
static gboolean
blocks(const MsProject *project, const char *key)
{
    return project != NULL && g_str_equal(restriction(project, key), "block");
}

/* AllowSnapshotCreation and AllowBackupCreation: @key blocks, @rule refuses. */
static gboolean
project_allows(MsApply *apply, const char *project_name, const char *key, MsRuleId rule)
{
    const MsProject *project = restricted_project(apply, project_name);
    const char *display = ms_project_display(project_name);

    /* check sites: PROJECT_SNAPSHOTS_BLOCKED PROJECT_BACKUPS_BLOCKED */
    if (ms_apply_check(apply, rule, display, blocks(project, key)))
        return ms_apply_reject(apply, rule, display);
    return TRUE;
}

gboolean
ms_apply_project_snapshots(MsApply *apply, const char *project_name)
{
    return project_allows(apply, project_name, "restricted.snapshots", MS_RULE_PROJECT_SNAPSHOTS_BLOCKED);
}

gboolean
ms_apply_project_backups(MsApply *apply, const char *project_name)
{
    return project_allows(apply, project_name, "restricted.backups", MS_RULE_PROJECT_BACKUPS_BLOCKED);
}

/* ---- checkRestrictions over one entity ---- */

typedef struct {
    MsApply *apply;
    const MsProject *project;
    const char *project_name; /* as LXD names it */
    char *unmodelled;         /* why migsim cannot tell, or NULL */
    MsRuleId rule;            /* the rule of the last refusal found */
} Walk;

typedef enum { ENTITY_CONTAINER, ENTITY_VM, ENTITY_PROFILE } EntityKind;

typedef struct {
    EntityKind kind;
    const char *name;
} Entity;

static void
unmodelled(Walk *walk, char *why)
{
    if (walk->unmodelled == NULL)
        walk->unmodelled = why;
    else
        g_free(why);
}

/* entityTypeLabel; the "Invalid value" text prints instType itself, which
 * is "" for a profile (instancetype.Any) */
static const char *
entity_label(const Entity *e)
{
    return e->kind == ENTITY_PROFILE ? "profile" : e->kind == ENTITY_VM ? "virtual-machine" : "container";
}

static const char *
entity_type(const Entity *e)
{
    return e->kind == ENTITY_PROFILE ? "" : entity_label(e);
}

/* allowableIntercept as every audited LXD release has it (lxd-5.21.7 and
 * 6.9 add security.syscalls.intercept.sysinfo, left unmodelled there);
 * Incus has sysinfo at every tag read (internal/server/project/
 * permissions.go:862-871 at v6.0.4, the same list at v6.0.0 .. v7.3.0) */
static gboolean
interception_key(const char *key, gboolean incus)
{
    static const char *const keys[] = {
        "security.syscalls.intercept.bpf",        "security.syscalls.intercept.bpf.devices",
        "security.syscalls.intercept.mknod",      "security.syscalls.intercept.mount",
        "security.syscalls.intercept.mount.fuse", "security.syscalls.intercept.setxattr",
    };
    if (incus && g_str_equal(key, "security.syscalls.intercept.sysinfo"))
        return TRUE;
    for (gsize i = 0; i < G_N_ELEMENTS(keys); i++)
        if (g_str_equal(keys[i], key))
            return TRUE;
    return FALSE;
}

static gboolean
in_list(const char *key, const char *const *list, gsize n)
{
    for (gsize i = 0; i < n; i++)
        if (g_str_equal(list[i], key))
            return TRUE;
    return FALSE;
}

/* isContainerLowLevelOptionForbidden / isVMLowLevelOptionForbidden: the
 * keys on the lists at lxd-5.0.2 (:824-855), lxd-5.21.7 and lxd-6.9 alike;
 * under Incus the keys on the lists at every tag read, v6.0.0 .. v7.1.0
 * (internal/server/project/permissions.go:873-917 at v6.0.4; those that
 * come and go between tags: key_unmodelled). */
static gboolean
lowlevel_key(const char *key, gboolean vm, gboolean incus)
{
    static const char *const ct[] = {
        "boot.host_shutdown_timeout", "linux.kernel_modules", "raw.apparmor",       "raw.lxc", "raw.seccomp",
        "security.devlxd.images",     "security.idmap.base",  "security.idmap.size"
    };
    static const char *const vms[] = { "boot.host_shutdown_timeout", "limits.memory.hugepages", "raw.qemu" };
    static const char *const inc_ct[] = { "boot.host_shutdown_action",
                                          "boot.host_shutdown_timeout",
                                          "linux.kernel_modules",
                                          "limits.memory.swap",
                                          "raw.apparmor",
                                          "raw.lxc",
                                          "raw.seccomp",
                                          "security.guestapi.images",
                                          "security.idmap.base",
                                          "security.idmap.size" };
    static const char *const inc_vm[] = { "boot.host_shutdown_action", "boot.host_shutdown_timeout",
                                          "limits.memory.hugepages", "raw.qemu" };

    /* Incus: a security.syscalls.intercept.* key not in allowableIntercept
     * is a container low-level key (:875-877 at v6.0.4, every tag read) */
    if (incus && !vm && g_str_has_prefix(key, "security.syscalls.intercept") && !interception_key(key, TRUE))
        return TRUE;
    if (incus)
        return vm ? in_list(key, inc_vm, G_N_ELEMENTS(inc_vm)) : in_list(key, inc_ct, G_N_ELEMENTS(inc_ct));
    return vm ? in_list(key, vms, G_N_ELEMENTS(vms)) : in_list(key, ct, G_N_ELEMENTS(ct));
}

/* keys whose treatment differs between the audited releases or needs what
 * migsim does not follow (raw.idmap's host ranges, volatile keys'
 * checkRestrictionsOnVolatileConfig); under Incus also the low-level keys
 * that only some tags list: raw.qemu.qmp.*, raw.qemu.scriptlet (from
 * v6.0.2 and v6.4; raw.apparmor for VMs too, below), limits.memory.oom_priority
 * and security.bpffs* (v6.0.6, v6.23.0), security.selinux.* (v7.3.0) */
static gboolean
key_unmodelled(const char *key, gboolean incus)
{
    static const char *const keys[] = { "raw.idmap", "linux.kernel_modules.load", "raw.qemu.conf",
                                        "security.syscalls.intercept.sysinfo" };
    if (incus && (g_str_has_prefix(key, "raw.qemu.qmp.") || g_str_equal(key, "raw.qemu.scriptlet") ||
                  g_str_equal(key, "limits.memory.oom_priority") || g_str_has_prefix(key, "security.bpffs") ||
                  g_str_has_prefix(key, "security.selinux.")))
        return TRUE;
    if (in_list(key, keys, G_N_ELEMENTS(keys)) && !(incus && interception_key(key, TRUE)))
        return TRUE;
    return g_str_has_prefix(key, "security.delegate_bpf") ||
           (!incus && g_str_has_prefix(key, "security.syscalls.intercept.") && !interception_key(key, FALSE));
}

/* A volatile key the request sets: checkRestrictionsOnVolatileConfig
 * (permissions.go:163-227 at lxd-5.0.2) refuses the unsafe ones, which
 * migsim does not model; the walk itself never reads volatile keys. */
static const char *
unsafe_volatile_key(const MsOp *op)
{
    for (guint i = 0; op->keys != NULL && i < op->keys->len; i++) {
        const char *key = op->keys->pdata[i];
        if (g_str_has_prefix(key, "volatile.") && !g_str_has_suffix(key, ".hwaddr") &&
            !g_str_equal(key, "volatile.base_image") && !g_str_equal(key, "volatile.last_state.power") &&
            !g_str_equal(key, "volatile.apply_template") && !g_str_has_suffix(key, ".apply_quota"))
            return key;
    }
    return NULL;
}

/* shared.IsFalseOrEmpty's false half: "false", "0", "no", "off" in any case */
static gboolean
is_false(const char *value)
{
    static const char *const no[] = { "false", "0", "no", "off" };

    for (guint i = 0; i < G_N_ELEMENTS(no); i++)
        if (g_ascii_strcasecmp(value, no[i]) == 0)
            return TRUE;
    return FALSE;
}

/* The releases whose low-level check reads each list against its own
 * restriction, for profiles too (config_refusal). */
static const MsReleases lowlevel_each_list = { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 3)),
                                               MS_SPAN_FROM(MS_VERSION(6, 2, 0)), MS_INC_SINCE(1, 1),
                                               MS_SPAN_NONE };

/* One config key: the low-level check, then the value checker
 * (entityConfigChecker, permissions.go:654-700 at lxd-5.0.2); its
 * refusal, or NULL. */
static char *
config_refusal(Walk *walk, const Entity *e, const char *key, const char *value)
{
    const MsProfile *profile = walk->apply->profile;
    gboolean ct_low = g_str_equal(restriction(walk->project, "restricted.containers.lowlevel"), "allow");
    gboolean vm_low =
        g_str_equal(restriction(walk->project, "restricted.virtual-machines.lowlevel"), "allow");
    gboolean as_ct = e->kind != ENTITY_VM, as_vm = e->kind != ENTITY_CONTAINER;
    gboolean incus = ms_profile_is_incus(profile);
    MsRuleId inner = MS_RULE_NONE;
    gboolean forbidden;

    if (key_unmodelled(key, incus) ||
        /* Incus lists raw.apparmor for VMs from v6.0.2 and v6.4 only */
        (incus && e->kind == ENTITY_VM && !vm_low && g_str_equal(key, "raw.apparmor"))) {
        unmodelled(walk, g_strdup_printf("config key %s on %s %s", key, entity_label(e), e->name));
        return NULL;
    }
    /* A profile with one of the two low-level restrictions allowed.  Up to
     * lxd-5.21.2 and lxd-6.1 and at Incus v6.0.0 a profile needs both to
     * skip the lists, and then a key on either list is refused
     * (allowUnrestrictedLowLevel, lxd/project/permissions.go:660-681 at
     * lxd-5.0.2; internal/server/project/permissions.go:666-687 at v6.0.0).
     * "Rework low-level permission checks" (Incus a64b420971 for #808, in
     * v6.1.0, backported as dd95508e45 to v6.0.1; LXD 1656132a11 in lxd-6.2,
     * ed20448987 in lxd-5.21.3) checks each list against its own
     * restriction (lxd/project/limits/permissions.go:832-838 at lxd-5.21.7,
     * :793-798 at lxd-6.9; internal/server/project/permissions.go:726-732
     * at v6.0.4). */
    if (e->kind == ENTITY_PROFILE && ct_low != vm_low &&
        !ms_releases_contain(&lowlevel_each_list, profile->version))
        forbidden = lowlevel_key(key, FALSE, incus) || lowlevel_key(key, TRUE, incus);
    else
        forbidden = (as_ct && !ct_low && lowlevel_key(key, FALSE, incus)) ||
                    (as_vm && !vm_low && lowlevel_key(key, TRUE, incus));
    if (ms_apply_check(walk->apply, MS_RULE_PROJECT_LOWLEVEL_FORBIDDEN, e->name, forbidden)) {
        walk->rule = MS_RULE_PROJECT_LOWLEVEL_FORBIDDEN;
        return ms_rule_message(MS_RULE_PROJECT_LOWLEVEL_FORBIDDEN, profile, key, entity_label(e), e->name,
                               walk->project_name);
    }
    if (!as_ct)
        return NULL;
    if (g_str_equal(key, "security.nesting")) {
        inner = MS_RULE_PROJECT_NESTING_FORBIDDEN;
        forbidden = g_str_equal(restriction(walk->project, "restricted.containers.nesting"), "block") &&
                    ms_is_true(value);
    } else if (g_str_equal(key, "security.privileged")) {
        inner = MS_RULE_PROJECT_PRIVILEGED_FORBIDDEN;
        forbidden = !g_str_equal(restriction(walk->project, "restricted.containers.privilege"), "allow") &&
                    ms_is_true(value);
    } else if (g_str_equal(key, "security.idmap.isolated")) {
        /* the same restriction's second checker: only a key the entity
         * sets is checked, so a container without it passes
         * (permissions.go:488-494 at lxd-5.0.2) */
        inner = MS_RULE_PROJECT_ISOLATED_FORBIDDEN;
        forbidden = g_str_equal(restriction(walk->project, "restricted.containers.privilege"), "isolated") &&
                    (value == NULL || *value == '\0' || is_false(value));
    } else if (interception_key(key, incus)) {
        inner = MS_RULE_PROJECT_INTERCEPTION_FORBIDDEN;
        forbidden = !g_str_equal(restriction(walk->project, "restricted.containers.interception"), "allow") &&
                    !(value == NULL || *value == '\0' || is_false(value));
    } else {
        return NULL;
    }
    /* check sites: PROJECT_NESTING_FORBIDDEN PROJECT_PRIVILEGED_FORBIDDEN PROJECT_ISOLATED_FORBIDDEN PROJECT_INTERCEPTION_FORBIDDEN */
    if (!ms_apply_check(walk->apply, inner, e->name, forbidden))
        return NULL;
    {
        g_autofree char *why = ms_rule_message(inner, profile);
        walk->rule = MS_RULE_PROJECT_CONFIG_FORBIDDEN;
        ms_apply_check(walk->apply, MS_RULE_PROJECT_CONFIG_FORBIDDEN, e->name, TRUE);
        return ms_rule_message(MS_RULE_PROJECT_CONFIG_FORBIDDEN, profile, value, key, entity_type(e), e->name,
                               walk->project_name, why);
    }
}

/* the device types restricted.devices.TYPE blocks unless "allow", with
 * the words of their refusal (permissions.go:497-570 at lxd-5.0.2) */
static const struct {
    const char *type, *words;
} blocked_types[] = {
    { "unix-char", "Unix character" },
    { "unix-block", "Unix block" },
    { "unix-hotplug", "Unix hotplug" },
    { "infiniband", "Infiniband" },
    { "gpu", "GPU" },
    { "usb", "USB" },
    { "pci", "PCI" },
    { "proxy", "Proxy" },
};

static char *
device_inner(Walk *walk, const Entity *e, const char *name, MsDevice *device)
{
    const MsProfile *profile = walk->apply->profile;
    const char *type = ms_device_lookup_lit(device, "type") ?: "";
    g_autofree char *key = g_strdup_printf("restricted.devices.%s", type);
    const char *value = restriction(walk->project, key);

    for (gsize i = 0; i < G_N_ELEMENTS(blocked_types); i++)
        if (g_str_equal(blocked_types[i].type, type))
            return ms_apply_check(walk->apply, MS_RULE_PROJECT_DEVICE_FORBIDDEN, name,
                                  !g_str_equal(value, "allow"))
                       ? ms_rule_message(MS_RULE_PROJECT_DEVICE_FORBIDDEN, profile, blocked_types[i].words)
                       : NULL;
    if (g_str_equal(type, "nic")) {
        const char *network = ms_device_lookup_lit(device, "network") ?: "";
        /* 5.21+ adds acceleration.parent checks to the same device type,
         * run in Go map order (limits/permissions.go:586-636 at lxd-5.21.7) */
        if (ms_device_lookup_lit(device, "acceleration.parent") != NULL ||
            (*(ms_config_get(walk->project->config, "restricted.networks.access") ?: "") != '\0' &&
             (*network != '\0' || *(ms_device_lookup_lit(device, "parent") ?: "") != '\0'))) {
            unmodelled(walk, g_strdup_printf("nic device %s on %s %s (acceleration.parent or "
                                             "restricted.networks.access)",
                                             name, entity_label(e), e->name));
            return NULL;
        }
        if (ms_apply_check(walk->apply, MS_RULE_PROJECT_DEVICE_FORBIDDEN, name, g_str_equal(value, "block")))
            return ms_rule_message(MS_RULE_PROJECT_DEVICE_FORBIDDEN, profile, "Network");
        if (ms_apply_check(walk->apply, MS_RULE_PROJECT_NIC_UNMANAGED, name,
                           g_str_equal(value, "managed") && *network == '\0'))
            return ms_rule_message(MS_RULE_PROJECT_NIC_UNMANAGED, profile);
        return NULL;
    }
    if (g_str_equal(type, "disk")) {
        const char *pool = ms_device_lookup_lit(device, "pool") ?: "";
        const char *path = ms_device_lookup_lit(device, "path") ?: "";

        if (ms_device_lookup_lit(device, "io.threads") != NULL) {
            unmodelled(walk, g_strdup_printf("disk device %s with io.threads on %s %s", name, entity_label(e),
                                             e->name));
            return NULL;
        }
        /* the root disk and the cloud-init drive always pass; in Incus the
         * agent drive too (internal/server/project/permissions.go:655-658
         * at v6.0.4, at every tag read) */
        if ((g_str_equal(path, "/") && *pool != '\0') ||
            (*path == '\0' && g_strcmp0(ms_device_lookup_lit(device, "source"), "cloud-init:config") == 0) ||
            (*path == '\0' && ms_profile_is_incus(profile) &&
             g_strcmp0(ms_device_lookup_lit(device, "source"), "agent:config") == 0))
            return NULL;
        if (ms_apply_check(walk->apply, MS_RULE_PROJECT_DEVICE_FORBIDDEN, name, g_str_equal(value, "block")))
            return ms_rule_message(MS_RULE_PROJECT_DEVICE_FORBIDDEN, profile, "Disk");
        if (ms_apply_check(walk->apply, MS_RULE_PROJECT_DISK_UNMANAGED, name,
                           g_str_equal(value, "managed") && *pool == '\0'))
            return ms_rule_message(MS_RULE_PROJECT_DISK_UNMANAGED, profile);
        /* allow: restricted.devices.disk.paths, checked for pool disks too
         * at lxd-5.0.2 (:620-626), only without a pool at lxd-5.21.7 (:759).
         * A managed volume passes from lxd-5.21.3 and 6.2 and at every Incus
         * tag (commit 9b76808f36 in lxd-5.21.3, 5ebca77438 in lxd-6.2, LXD
         * PR #14022 from Incus #706: lxd/project/limits/permissions.go
         * :759-765 at lxd-5.21.7, :736-742 at lxd-6.9;
         * internal/server/project/permissions.go:625-631 at v6.0.0); before,
         * the volume's name is matched against the paths, not followed */
        static const MsReleases pool_disk_passes = { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 3)),
                                                     MS_SPAN_FROM(MS_VERSION(6, 2, 0)), MS_INC_ALL,
                                                     MS_SPAN_NONE };

        if (g_str_equal(value, "allow") && *pool != '\0' &&
            ms_releases_contain(&pool_disk_passes, profile->version))
            return NULL;
        if (g_str_equal(value, "allow") &&
            *(ms_config_get(walk->project->config, "restricted.devices.disk.paths") ?: "") != '\0')
            unmodelled(walk, g_strdup_printf("disk device %s under restricted.devices.disk.paths", name));
        return NULL;
    }
    return NULL;
}

/* @out gets one refusal per failing key, else one per failing device:
 * entityConfigChecker runs before entityDevicesChecker and each walks a Go
 * map, so LXD names any one of them. */
static void
entity_refusals(Walk *walk, const Entity *e, GHashTable *config, MsDevices *devices, GPtrArray *out)
{
    g_autofree const char **keys = ms_config_sorted_keys(config);

    for (guint i = 0; keys[i] != NULL; i++) {
        char *refusal = config_refusal(walk, e, keys[i], ms_config_get(config, keys[i]));
        if (refusal != NULL)
            g_ptr_array_add(out, refusal);
    }
    if (out->len > 0 || devices == NULL)
        return;
    {
        g_autofree const char **names = ms_devices_sorted_names(devices);
        for (guint i = 0; names[i] != NULL; i++) {
            const char *name = names[i];
            g_autofree char *why = device_inner(walk, e, name, ms_devices_lookup(devices, name));
            if (why == NULL)
                continue;
            walk->rule = MS_RULE_PROJECT_DEVICE_INVALID;
            ms_apply_check(walk->apply, MS_RULE_PROJECT_DEVICE_INVALID, name, TRUE);
            g_ptr_array_add(out, ms_rule_message(MS_RULE_PROJECT_DEVICE_INVALID, walk->apply->profile, name,
                                                 entity_label(e), e->name, walk->project_name, why));
        }
    }
}

static void
instance_refusals(Walk *walk, const MsInstance *instance, GPtrArray *out)
{
    Entity e = { instance->type == MS_INSTANCE_VM ? ENTITY_VM : ENTITY_CONTAINER, instance->name };
    g_autoptr(GHashTable) config =
        ms_cluster_expand_config(walk->apply->cluster, walk->apply->profile, instance);
    g_autoptr(MsDevices) devices = ms_cluster_expand_devices(walk->apply->cluster, instance);

    entity_refusals(walk, &e, config, devices, out);
}

/* ---- the whole project ---- */

/* checkRestrictions over the project's instances, @changed (its new state,
 * not necessarily in the cluster) in place of the instance of that name,
 * then its profiles.  TRUE when it passes; else the outcome fails with
 * @wrap around LXD's text (every possible one when LXD's map order
 * decides), or "not modelled".  @config_keys: the op's keys are config
 * keys of the request. */
static char *
wrap_message(const MsApply *apply, MsRuleId wrap, const char *project_name, const char *changed_key,
             const char *inner)
{
    /* PROJECT.RESTRICT_CONFLICT_WRAP names the project and the key;
     * the other wraps only carry LXD's inner text */
    if (wrap == MS_RULE_PROJECT_RESTRICT_CONFLICT_WRAP)
        return ms_rule_message(wrap, apply->profile, project_name, inner, changed_key ?: "");
    return ms_rule_message(wrap, apply->profile, inner);
}

static gboolean
project_restrictions(MsApply *apply, const MsProject *project, const char *project_name,
                     const MsInstance *changed, const char *subject, MsRuleId wrap, gboolean config_keys,
                     const char *changed_key)
{
    Walk walk = { apply, project, ms_project_display(project_name), NULL, MS_RULE_NONE };
    g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func((GDestroyNotify) g_ptr_array_unref);
    const char *profile_project = ms_cluster_profile_project(apply->cluster, project_name);
    GHashTableIter iter;
    gpointer value;
    GPtrArray *first;
    guint n_instance_lists, first_index = 0;

    if (config_keys && unsafe_volatile_key(apply->op) != NULL)
        unmodelled(&walk, g_strdup_printf("the volatile key %s", unsafe_volatile_key(apply->op)));
    g_hash_table_iter_init(&iter, apply->cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        const MsInstance *instance = value;
        GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
        if (!ms_project_same(instance->project, project_name) ||
            (changed != NULL && g_str_equal(instance->name, changed->name))) {
            g_ptr_array_unref(out);
            continue;
        }
        instance_refusals(&walk, instance, out);
        g_ptr_array_add(found, out);
    }
    if (changed != NULL) {
        GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
        instance_refusals(&walk, changed, out);
        g_ptr_array_add(found, out);
    }
    n_instance_lists = found->len;
    for (guint i = 0; i < apply->cluster->profiles->len; i++) {
        const MsProfileEntity *p = apply->cluster->profiles->pdata[i];
        Entity e = { ENTITY_PROFILE, p->name };
        GPtrArray *out;
        /* the profiles come after every instance */
        if (!ms_project_same(p->project, profile_project))
            continue;
        out = g_ptr_array_new_with_free_func(g_free);
        entity_refusals(&walk, &e, p->config, p->devices, out);
        g_ptr_array_add(found, out);
    }
    if (walk.unmodelled != NULL) {
        g_autofree char *why = walk.unmodelled;
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: the restrictions of project %s "
                                             "over %s",
                                             apply->profile->name, walk.project_name, why));
    }
    /* every instance is checked before any profile (permissions.go:720-752
     * at lxd-5.0.2), so one failing instance is LXD's answer whatever the
     * profiles; which of several instances, or of several profiles, LXD
     * reaches first follows the database's order, not read here */
    first = NULL;
    for (guint i = 0; i < found->len; i++) {
        GPtrArray *out = found->pdata[i];
        if (out->len == 0)
            continue;
        if (first != NULL && (i < n_instance_lists || first_index >= n_instance_lists))
            return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                                 g_strdup_printf("migsim: not modelled for %s: more than one instance or "
                                                 "profile of project %s breaks its restrictions",
                                                 apply->profile->name, walk.project_name));
        if (first == NULL) {
            first = out;
            first_index = i;
        }
    }
    if (first == NULL)
        return TRUE;
    for (guint i = 1; i < first->len; i++) {
        if (apply->outcome->alternatives == NULL)
            apply->outcome->alternatives = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(
            apply->outcome->alternatives,
            wrap_message(apply, wrap, walk.project_name, changed_key, (const char *) first->pdata[i]));
    }
    if (first->len > 1)
        ms_outcome_add_note(apply->outcome,
                            "%u config keys or devices break the project's restrictions: LXD names any one "
                            "of them (Go map order)",
                            first->len);
    /* check sites: PROJECT_CREATE_WRAP PROJECT_UPDATE_WRAP PROJECT_PROFILE_WRAP PROJECT_RESTRICT_CONFLICT_WRAP */
    ms_apply_check(apply, wrap, subject, TRUE);
    return ms_apply_fail(
        apply, walk.rule, 500, FALSE,
        wrap_message(apply, wrap, walk.project_name, changed_key, (const char *) first->pdata[0]));
}

gboolean
ms_apply_project_instance_update(MsApply *apply, const MsInstance *changed, gboolean config_keys)
{
    const MsProject *project = restricted_project(apply, changed->project);

    /* the aggregate limits, then the restrictions (permissions.go:337-346
     * at lxd-5.0.2) */
    if (!ms_apply_project_aggregate_update(apply, changed,
                                           config_keys ? unsafe_volatile_key(apply->op) : NULL))
        return FALSE;
    return project == NULL || project_restrictions(apply, project, changed->project, changed, changed->name,
                                                   MS_RULE_PROJECT_UPDATE_WRAP, config_keys, NULL);
}

/* AllowInstanceCreation runs only when the request is not a cluster
 * notification; where an untargeted create returns from the transaction
 * after choosing candidates, before the check, and is then forwarded as a
 * notification, the check never runs (lxd/instances_post.go:1086-1108 at
 * lxd-5.0.2, :1094-1110 at lxd-5.21.2, :1106 at lxd-6.1; checked from
 * lxd-5.21.3 and lxd-6.2, :1255-1273 at lxd-5.21.3). */
gboolean
ms_apply_project_instance_create(MsApply *apply, const MsInstance *created, gboolean targeted)
{
    const MsProject *project = restricted_project(apply, created->project);
    gboolean counted = ms_project_has_count_limits(apply->cluster, created->project) ||
                       ms_project_has_aggregate_limits(apply->cluster, created->project);

    if (project == NULL && !counted)
        return TRUE;
    if (!ms_apply_project_create_checked(apply, created->name, targeted))
        return TRUE;
    /* the count limits, then the aggregate ones, before the restrictions
     * (permissions.go:50-84, :337-346 at lxd-5.0.2) */
    if (!ms_apply_project_count_limits(apply, created->project, created->type, created->name) ||
        !ms_apply_project_aggregate_create(apply, created))
        return FALSE;
    if (project == NULL)
        return TRUE;
    return project_restrictions(apply, project, created->project, created, created->name,
                                MS_RULE_PROJECT_CREATE_WRAP, TRUE, NULL);
}

gboolean
ms_apply_project_unchecked(MsApply *apply, const char *project_name, const char *what, const char *where)
{
    if (restricted_project(apply, project_name) == NULL)
        return TRUE;
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: %s in the restricted project %s (LXD "
                                         "checks the project's restrictions there: %s)",
                                         apply->profile->name, what, ms_project_display(project_name),
                                         where));
}

/* Whether a move into another project checks that project's restrictions:
 * checkTargetProjectRestrictions exists at lxd-5.0.9 (instance_post.go:610)
 * and from lxd-5.21.6 (:1174 at lxd-5.21.7), a fix not in lxd-6.1 .. 6.9 nor
 * before (seen on the live 5.0.2 cluster: an instance with
 * security.nesting=true and one with snapshots both moved into a project
 * with restricted=true and restricted.snapshots=block).  Incus is not read:
 * taken as checking. */
static gboolean
move_checks_restrictions(const MsProfile *profile)
{
    MsVersion v = profile->version;

    return ms_profile_is_incus(profile) || (v >= MS_VERSION(5, 0, 9) && v < MS_VERSION(5, 1, 0)) ||
           (v >= MS_VERSION(5, 21, 6) && v < MS_VERSION(6, 0, 0));
}

/* The restrictions over one snapshot @name of @moved (@moved's profiles,
 * the snapshot's own local config and devices): NULL when they pass, else
 * why not (its record unknown: a snapshot not taken in this run). */
static char *
move_snapshot_refusal(Walk *walk, const MsInstance *moved, const char *name)
{
    const MsInstanceSnapshot *record = ms_instance_lookup_snapshot(moved, name);
    g_autoptr(GPtrArray) refusals = g_ptr_array_new_with_free_func(g_free);
    MsInstance view;

    if (record == NULL)
        return g_strdup_printf(
            "the config and devices of snapshot %s/%s are not known (not taken in this run)", moved->name,
            name);
    view = *moved;
    view.config = record->config;
    view.devices = record->devices;
    instance_refusals(walk, &view, refusals);
    if (walk->unmodelled != NULL) {
        g_autofree char *inner = g_steal_pointer(&walk->unmodelled);
        return g_strdup_printf("snapshot %s/%s: %s", moved->name, name, inner);
    }
    if (refusals->len > 0)
        return g_strdup_printf("the config or devices of snapshot %s/%s break the restrictions", moved->name,
                               name);
    return NULL;
}

/* A move of @instance into the restricted project @project_name: where
 * LXD checks it (move_checks_restrictions), in checkTargetProjectRestrictions'
 * order (lxd/instance_post.go:610-705 at lxd-5.0.9, :1174-1270 at
 * lxd-5.21.7): the instance as a creation there ("Instance cannot be placed
 * in project %q: ..."), unless --instance-only its snapshots as a whole
 * (restricted.snapshots, "Instance snapshots cannot be placed ..."), then
 * each snapshot as a creation of its own local config and devices over the
 * instance's profiles ("Snapshot %q cannot be placed ...", snap.LocalConfig,
 * :1242-1272 at lxd-5.21.7, :678-704 at lxd-5.0.9).  migsim follows the
 * passing case only: an instance or snapshot the restrictions refuse
 * (expanded with the target project's profiles) or snapshots they block
 * are "not modelled" there.  Until session 39 the snapshots' own config
 * was not checked: a snapshot taken with a key the project forbids, unset
 * on the instance since, moved "ok" at 5.0.9 and 5.21.6-5.21.7 (the case
 * of LXD PR #18605's test). */
/* checkTargetProjectRestrictions' snapshot part for @placed (@source as
 * it will be in the target project): the snapshots as a whole, then each
 * one's own config and devices.  Why they are refused, or NULL.
 * (transfer full) */
static char *
snapshots_refusal(Walk *walk, const MsInstance *placed, const MsInstance *source)
{
    char *why = NULL;

    if (blocks(walk->project, "restricted.snapshots"))
        return g_strdup("its snapshots are blocked there");
    for (guint i = 0; why == NULL && i < source->snapshots->len; i++)
        why = move_snapshot_refusal(walk, placed, source->snapshots->pdata[i]);
    return why;
}

gboolean
ms_apply_project_move_in(MsApply *apply, const MsInstance *instance, const char *project_name)
{
    const MsProject *project = restricted_project(apply, project_name);
    Walk walk = { apply, project, ms_project_display(project_name), NULL, MS_RULE_NONE };
    g_autoptr(GPtrArray) refusals = NULL;
    g_autoptr(MsInstance) moved = NULL;
    g_autofree char *why = NULL;
    gboolean snapshots =
        instance->snapshots != NULL && instance->snapshots->len > 0 && !apply->op->instance_only;

    if (project == NULL || !move_checks_restrictions(apply->profile))
        return TRUE;
    /* expanded with the target project's profiles of the same names */
    moved = ms_instance_copy(instance);
    g_free(moved->project);
    moved->project = g_strdup(project_name);
    refusals = g_ptr_array_new_with_free_func(g_free);
    instance_refusals(&walk, moved, refusals);
    if (walk.unmodelled != NULL)
        why = g_steal_pointer(&walk.unmodelled);
    else if (refusals->len > 0)
        why = g_strdup("its config or devices break the restrictions");
    else if (snapshots)
        why = snapshots_refusal(&walk, moved, instance);
    if (why == NULL)
        return TRUE;
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: lxc move --target-project of %s into "
                                         "the restricted project %s: %s (LXD checks it there, "
                                         "checkTargetProjectRestrictions; migsim follows only an "
                                         "instance that passes)",
                                         apply->profile->name, instance->name, walk.project_name, why));
}

/* A copy of @source (an instance, not a snapshot) into another project
 * @project_name: createFromCopy runs checkTargetProjectRestrictions there
 * too, after instancesPost's AllowInstanceCreation of the request and before
 * the copy starts (lxd/instances_post.go:473 at lxd-5.0.9, commit
 * 1668596328; :518 at lxd-5.21.6, commit 97e173b8db; :583 at lxd-5.21.7;
 * none at lxd-5.0.8, lxd-5.21.5 nor lxd-6.1 .. 6.9, the lxd-6 commit
 * e2b32874d3 being only in lxd-6.9-ab8fad2).  The instance passed that
 * AllowInstanceCreation already (ms_apply_project_instance_create, with the
 * config lxc sends, which createFromCopy's merge does not change); unless
 * --instance-only come its snapshots as a whole (restricted.snapshots,
 * "Instance snapshots cannot be placed in project %q: ...") and each
 * snapshot's own local config and devices over the snapshots' profiles:
 * the source's at 5.0.9 (snap.Profiles()), the requested ones at 5.21.6+
 * when lxc copy sends --profile or --no-profiles
 * (OverrideSnapshotProfiles, lxc/copy.go:300-309 and
 * lxd/instance_post.go:1247-1255 at lxd-5.21.7).  A refusal is not
 * modelled (its text as lxc prints it is not read), as for a move
 * (ms_apply_project_move_in).  Incus checks the merged instance only
 * (cmd/incusd/instances_post.go:711-717 at v7.3.0; no AllowSnapshotCreation
 * on its copy path): not here.  Until review revB of session 39 migsim said
 * "ok" to these copies at 5.0.9 and 5.21.6-5.21.7 (found by fidbugs19). */
gboolean
ms_apply_project_copy_snapshots_in(MsApply *apply, const MsInstance *source, const char *project_name)
{
    const MsOp *op = apply->op;
    const MsProject *project = restricted_project(apply, project_name);
    Walk walk = { apply, project, ms_project_display(project_name), NULL, MS_RULE_NONE };
    MsVersion v = apply->profile->version;
    gboolean checked = !ms_profile_is_incus(apply->profile) && move_checks_restrictions(apply->profile);
    g_autoptr(MsInstance) copied = NULL;
    g_autofree char *why = NULL;

    if (project == NULL || !checked || op->snapshot != NULL || op->instance_only ||
        source->snapshots == NULL || source->snapshots->len == 0 ||
        ms_project_same(source->project, project_name))
        return TRUE;
    copied = ms_instance_copy(source);
    g_free(copied->project);
    copied->project = g_strdup(project_name);
    if (v >= MS_VERSION(5, 21, 6) && (op->profiles != NULL || op->no_profiles)) {
        GPtrArray *profiles = ms_instance_profiles_mut(copied);

        g_ptr_array_set_size(profiles, 0);
        for (guint i = 0; op->profiles != NULL && i < op->profiles->len; i++)
            g_ptr_array_add(profiles, g_strdup(op->profiles->pdata[i]));
    }
    why = snapshots_refusal(&walk, copied, source);
    if (why == NULL)
        return TRUE;
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: lxc copy --target-project of %s into "
                                         "the restricted project %s: %s (LXD checks the snapshots there, "
                                         "checkTargetProjectRestrictions; migsim follows only snapshots "
                                         "that pass)",
                                         apply->profile->name, source->name, walk.project_name, why));
}

gboolean
ms_apply_project_volume_snapshots(MsApply *apply)
{
    /* custom volumes live in the default project here (ms-apply.c) */
    if (restricted_project(apply, NULL) == NULL)
        return TRUE;
    return ms_apply_project_snapshots(apply, NULL);
}

/* AllowProfileUpdate: the project's instances, expanded with the changed
 * profile, and its profiles, the changed one in place (the caller put the
 * new config and devices in @profile). */
gboolean
ms_apply_project_profile_update(MsApply *apply, const char *project_name, const MsProfileEntity *profile)
{
    const MsProject *project = restricted_project(apply, project_name);

    if (!ms_apply_project_aggregate_profile(apply, project_name, profile->name))
        return FALSE;
    return project == NULL || project_restrictions(apply, project, project_name, NULL, profile->name,
                                                   MS_RULE_PROJECT_PROFILE_WRAP, FALSE, NULL);
}

/* AllowProjectUpdate's restriction check: the project's instances
 * (expanded) and profiles against its new @config.  Two forms:
 * - to lxd-5.21.4 and lxd-6.5 (every 5.0.x and 5.1 .. 5.20), checkRestrictions
 *   runs once per changed key starting "restricted." (not "restricted"
 *   itself), whether or not the project is restricted, and the error names
 *   that key (lxd/project/permissions.go:983-993 at lxd-5.0.2, :1029-1037 at
 *   lxd-5.21.0; lxd/project/limits/permissions.go:1107-1115 at lxd-5.21.4
 *   and lxd-6.5);
 * - from lxd-5.21.5 and lxd-6.6, checkInstanceRestrictionsAndAggregateLimits
 *   runs for any change of a project whose new config has restricted=true,
 *   and the error names the project only (lxd/project/limits/permissions.go
 *   :1129-1131 at lxd-5.21.5, :1194-1196 at lxd-5.21.7, :1155-1157 at
 *   lxd-6.9; the restricted gate in checkInstanceRestrictionsAndAggregateLimits).
 * @changed_limits: the update also changes limits.* keys, which the old
 * form checks in the same loop (Go map order decides which error comes
 * first). */
gboolean
ms_apply_project_update_restrictions(MsApply *apply, const MsProject *project, GHashTable *config,
                                     gboolean changed_limits)
{
    MsVersion v = apply->profile->version;
    /* Incus keeps the old form at every tag read
     * (internal/server/project/permissions.go:1043-1057 at v6.0.4) */
    gboolean new_form = !ms_profile_is_incus(apply->profile) &&
                        ((v >= MS_VERSION(5, 21, 5) && v < MS_VERSION(6, 0, 0)) || v >= MS_VERSION(6, 6, 0));
    MsProject updated = *project;
    const char *key = NULL;
    guint n_keys = 0;
    g_autofree const char **old_keys = ms_config_sorted_keys(project->config);
    g_autofree const char **new_keys = ms_config_sorted_keys(config);

    updated.config = config;
    for (guint i = 0; old_keys[i] != NULL; i++)
        if (g_str_has_prefix(old_keys[i], "restricted.") && ms_config_get(config, old_keys[i]) == NULL &&
            n_keys++ == 0)
            key = old_keys[i];
    for (guint i = 0; new_keys[i] != NULL; i++)
        if (g_str_has_prefix(new_keys[i], "restricted.") &&
            g_strcmp0(ms_config_get(project->config, new_keys[i]), ms_config_get(config, new_keys[i])) != 0 &&
            n_keys++ == 0)
            key = new_keys[i];
    if (new_form ? !ms_is_true(ms_config_get(config, "restricted")) : n_keys == 0)
        return TRUE;
    if (project_restrictions(apply, &updated, project->name, NULL, key,
                             MS_RULE_PROJECT_RESTRICT_CONFLICT_WRAP, FALSE, key))
        return TRUE;
    if (new_form || (n_keys == 1 && !changed_limits) ||
        g_str_has_prefix(apply->outcome->server_error, "migsim:"))
        return FALSE;
    /* which changed key (or limit) the old form checks first follows a Go
     * map: migsim answers only when nothing refuses */
    g_clear_pointer(&apply->outcome->alternatives, g_ptr_array_unref);
    return ms_apply_fail(
        apply, MS_RULE_NONE, 0, FALSE,
        g_strdup_printf("migsim: not modelled for %s: lxc project set of several restricted.* "
                        "or limits.* keys of project %s whose instances or profiles break the "
                        "new restrictions (LXD checks the changed keys in Go map order and "
                        "names the first that fails)",
                        apply->profile->name, ms_project_display(project->name)));
}
