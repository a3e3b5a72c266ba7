/* migsim: which expanded config keys a running instance's Update takes,
 * per release, for `lxc config set` and for a profile change that reaches
 * a running user. */
#include "ms-apply-private.h"

#include <string.h>

/* The keys a running VM takes live (liveUpdateKeys in the qemu driver's
 * Update), with the releases that list them.  Read at every tag:
 * lxd/instance/drivers/driver_qemu.go:4657-4663 at lxd-5.0.2 (5.0.0 lists
 * only the first three; security.secureboot and security.devlxd from
 * 5.0.1, security.csm from 5.0.3), :6018-6026 at lxd-5.21.7
 * (security.devlxd.images from 5.21.3), :6024-6032 at lxd-6.9
 * (security.devlxd.images from 6.2, security.devlxd.management.volumes
 * from 6.6, security.secureboot and security.csm gone at 6.7 with the
 * keys); 5.1-5.20: security.secureboot from 5.2, security.devlxd from 5.4,
 * security.csm from 5.15; limits.cpu (architectureSupportsCPUHotplug,
 * true on x86_64) from 5.0.2 and 5.8.  Incus
 * internal/server/instance/drivers/driver_qemu.go:5809-5817 at v6.0.4:
 * security.guestapi, security.protection.delete from v6.0.1 and v6.2.0
 * (not v6.0.0, v6.1.0), limits.memory.oom_priority from v6.0.6 and
 * v6.17.0. */
typedef struct {
    const char *key;
    MsReleases releases;
} LiveKey;

/* clang-format off */
#define EVERY { MS_SPAN_ALL, MS_SPAN_ALL, MS_SPAN_ALL, MS_INC_ALL, MS_SPAN_ALL }
static const LiveKey vm_live_keys[] = {
    { "cluster.evacuate", EVERY },
    { "limits.memory", EVERY },
    { "security.agent.metrics", EVERY },
    { "limits.cpu", { MS_SPAN_50_FROM(2), MS_SPAN_ALL, MS_SPAN_ALL, MS_INC_ALL, MS_SPAN_5_FROM(8) } },
    { "security.secureboot", { MS_SPAN_50_FROM(1), MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(6, 7, 0)), MS_INC_ALL,
                               MS_SPAN_5_FROM(2) } },
    { "security.devlxd", { MS_SPAN_50_FROM(1), MS_SPAN_ALL, MS_SPAN_ALL, MS_INC_NONE, MS_SPAN_5_FROM(4) } },
    { "security.csm", { MS_SPAN_50_FROM(3), MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(6, 7, 0)), MS_INC_ALL,
                        MS_SPAN_5_FROM(15) } },
    { "security.devlxd.images", MS_REL_SINCE(3, 2) },
    { "security.devlxd.management.volumes", MS_REL_SINCE_6(6) },
    { "security.guestapi", MS_REL_INCUS(MS_INC_ALL) },
    { "security.protection.delete", MS_REL_INCUS(MS_INC_SINCE(1, 2)) },
    /* isLiveUpdatable: driver_qemu.go:6521 at v6.0.6, :6283 at v6.17.0, the
     * same at v6.23.0 and v7.0.0 .. v7.3.0; absent at v6.0.5 and v6.16.0
     * (review s24) */
    { "limits.memory.oom_priority", MS_REL_INCUS(MS_INC_SINCE(6, 17)) },
};
/* Container keys are skipped ("Skip container config keys for VMs") from
 * lxd-5.0.3 and 5.16 (driver_qemu.go:6034-6038 at lxd-5.21.7, :6045-6049
 * at lxd-6.9; absent at lxd-5.0.2) and at every Incus tag */
static const MsReleases skip_container_keys = {
    MS_SPAN_50_FROM(3), MS_SPAN_ALL, MS_SPAN_ALL, MS_INC_ALL, MS_SPAN_5_FROM(16)
};
#undef EVERY
/* clang-format on */

gboolean
ms_vm_key_live_updatable(const MsProfile *profile, const char *key)
{
    /* the prefixes are the same at every tag read (lxd-5.0.0, 5.1, 5.10,
     * 5.0.2, 5.21.7, 6.9; Incus v6.0.0 .. v6.23.0) */
    static const char *const prefixes[] = {
        "boot.", "cloud-init.", "environment.", "image.", "snapshots.", "user.", "volatile.", NULL,
    };

    if (ms_releases_contain(&skip_container_keys, profile->version) &&
        ms_instance_key_container_only(key, profile))
        return TRUE;
    for (guint i = 0; i < G_N_ELEMENTS(vm_live_keys); i++)
        if (g_str_equal(vm_live_keys[i].key, key) &&
            ms_releases_contain(&vm_live_keys[i].releases, profile->version))
            return TRUE;
    for (guint i = 0; prefixes[i] != NULL; i++)
        if (g_str_has_prefix(key, prefixes[i]))
            return TRUE;
    return FALSE;
}

/* The keys whose value differs between @before and @after, sorted (LXD's
 * changedConfig: driver_qemu.go:4582-4597 at lxd-5.0.2, in Go map order) */
static GPtrArray *
changed_keys(GHashTable *before, GHashTable *after)
{
    GPtrArray *keys = g_ptr_array_new();
    GHashTable *sides[] = { before, after };

    for (guint s = 0; s < G_N_ELEMENTS(sides); s++) {
        GHashTableIter iter;
        gpointer key;

        g_hash_table_iter_init(&iter, sides[s]);
        while (g_hash_table_iter_next(&iter, &key, NULL))
            if (g_strcmp0(g_hash_table_lookup(before, key), g_hash_table_lookup(after, key)) != 0 &&
                !g_ptr_array_find_with_equal_func(keys, key, g_str_equal, NULL))
                g_ptr_array_add(keys, key);
    }
    g_ptr_array_sort(keys, ms_compare_string_ptrs);
    return keys;
}

/* A running VM's live limits.memory change from @old to @new (expanded
 * values, NULL for unset: 1GiB, QEMUDefaultMemSize): updateMemoryLimit
 * (driver_qemu.go:5954-6000 at lxd-6.4, :6265-6310 at lxd-6.9, wrapped
 * "Failed updating memory limit: %w" by Update, :6104-6108) reads the
 * value as the start does (no "N%" where START.VM_MEMORY_PERCENT
 * applies: "Invalid memory size: %w") and refuses a size above the one
 * the VM booted with, "Cannot increase memory size beyond boot time size
 * when VM is running (Boot time size %dMiB, new size %dMiB)" (at every
 * LXD tag; LXD #14813 quotes it at 6.x); Incus 6.x hot-plugs memory
 * instead.  migsim keeps no boot-time size (an earlier live decrease
 * leaves it above the config) and has not read the Update's own
 * wrapping: an increase, and a percentage where it is not read, are not
 * modelled.  A decrease is taken: LXD's answer is the guest's balloon
 * driver's, which migsim takes as shrinking in time (else "Failed setting
 * memory to %dMiB (currently %dMiB) as it was taking too long", after
 * 10 polls 500ms apart). */
char *
ms_vm_live_memory_not_modelled(const MsProfile *profile, const char *old, const char *new_value,
                               const char *hugepages)
{
    guint64 before = 1ULL << 30, after = 1ULL << 30;

    if (g_strcmp0(old, new_value) == 0)
        return NULL;
    /* @hugepages: the expanded limits.memory.hugepages (not live-updatable,
     * so the same before and after).  updateMemoryLimit refuses any new
     * non-empty value first, a decrease too: "Cannot live update memory
     * limit when using huge pages" (driver_qemu.go:4884-4886 at lxd-5.0.2,
     * :6271-6273 at lxd-5.21.7, :6270-6272 at lxd-6.9; Incus
     * internal/server/instance/drivers/driver_qemu.go:6071-6073 at
     * v6.0.4), wrapped by Update as an increase's refusal is */
    if (new_value != NULL && *new_value != '\0' && ms_is_true(hugepages))
        return g_strdup_printf("migsim: not modelled for %s: limits.memory=%s on a running VM with "
                               "limits.memory.hugepages=true; LXD refuses it (\"Cannot live update memory "
                               "limit when using huge pages\") and the Update's wrapping was not read",
                               profile->name, new_value);
    if (new_value != NULL && g_str_has_suffix(new_value, "%") &&
        ms_rule_applies(MS_RULE_START_VM_MEMORY_PERCENT, profile))
        return g_strdup_printf("migsim: not modelled for %s: limits.memory=%s on a running VM; its live "
                               "update reads no percentage in this release, and the error's wrapping was "
                               "not read",
                               profile->name, new_value);
    if (old != NULL && *old != '\0' && !ms_parse_size(old, &before))
        return g_strdup_printf("migsim: not modelled for %s: limits.memory from %s on a running VM; the size "
                               "it booted with is a percentage of the host's memory",
                               profile->name, old);
    if (new_value != NULL && *new_value != '\0' && !ms_parse_size(new_value, &after))
        return g_strdup_printf("migsim: not modelled for %s: limits.memory=%s on a running VM; a percentage "
                               "of the host's memory",
                               profile->name, new_value);
    if (after > before)
        return g_strdup_printf("migsim: not modelled for %s: limits.memory raised to %s on a running VM; "
                               "LXD refuses a size above the one it booted with (\"Cannot increase memory "
                               "size beyond boot time size when VM is running\"), which migsim does not "
                               "keep, and Incus hot-plugs memory",
                               profile->name, new_value != NULL ? new_value : "1GiB (unset)");
    return NULL;
}

gboolean
ms_apply_running_config_check(MsApply *apply, const MsInstance *instance, GHashTable *before,
                              GHashTable *after, MsRejection *out)
{
    g_autoptr(GPtrArray) keys = NULL;
    g_autoptr(GPtrArray) values = NULL;

    if (instance->status != MS_INSTANCE_RUNNING)
        return TRUE;
    keys = changed_keys(before, after);
    if (instance->type == MS_INSTANCE_VM) {
        char *why =
            ms_vm_live_memory_not_modelled(apply->profile, g_hash_table_lookup(before, "limits.memory"),
                                           g_hash_table_lookup(after, "limits.memory"),
                                           g_hash_table_lookup(before, "limits.memory.hugepages"));
        if (why != NULL)
            return ms_reject_status(out, MS_RULE_NONE, 400, why);
    }
    values = g_ptr_array_sized_new(keys->len);
    for (guint i = 0; i < keys->len; i++)
        g_ptr_array_add(values, g_hash_table_lookup(after, keys->pdata[i]));
    return ms_apply_running_keys_check(apply, instance, keys, values, out);
}

gboolean
ms_apply_running_keys_check(MsApply *apply, const MsInstance *instance, GPtrArray *keys, GPtrArray *values,
                            MsRejection *out)
{
    g_autoptr(GPtrArray) refused = g_ptr_array_new();

    if (instance->status != MS_INSTANCE_RUNNING)
        return TRUE;
    if (instance->type == MS_INSTANCE_CONTAINER) {
        /* the container driver writes these to the host at once (cgroups,
         * AppArmor, kernel modules): its answer is the host's */
        for (guint i = 0; i < keys->len; i++)
            if (ms_instance_key_applied_to_host(keys->pdata[i], values->pdata[i]))
                return ms_reject_status(out, MS_RULE_NONE, 400,
                                        g_strdup_printf("migsim: not modelled for %s: %s on a running "
                                                        "container; LXD applies it to the host at once, "
                                                        "with an outcome that depends on the host",
                                                        apply->profile->name, (const char *) keys->pdata[i]));
        for (guint i = 0; i < keys->len; i++)
            if (ms_devlxd_key(keys->pdata[i]) &&
                !ms_apply_running_devlxd(apply, instance, NULL, keys->pdata[i], out))
                return FALSE;
        for (guint i = 0; i < keys->len; i++)
            if (g_str_equal(keys->pdata[i], "limits.cpu.allowance") ||
                g_str_equal(keys->pdata[i], "limits.cpu.priority"))
                return ms_apply_running_cpu_limits(apply, instance, NULL, out);
        return TRUE;
    }
    /* "Check only keys that support live update have changed", after
     * devicesUpdate (driver_qemu.go:4650-4710 at lxd-5.0.2, :6016-6065 at
     * lxd-5.21.7, :6022-6071 at lxd-6.9): the first refused key of Go's
     * map walk, so any refused key may be the one named */
    for (guint i = 0; i < keys->len; i++)
        if (!ms_vm_key_live_updatable(apply->profile, keys->pdata[i]))
            g_ptr_array_add(refused, keys->pdata[i]);
    if (!ms_apply_check(apply, MS_RULE_CFG_VM_LIVEKEY, instance->name, refused->len > 0))
        return TRUE;
    for (guint i = 1; i < refused->len; i++) {
        if (out->alternatives == NULL)
            out->alternatives = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(out->alternatives,
                        ms_rule_message(MS_RULE_CFG_VM_LIVEKEY, apply->profile, refused->pdata[i]));
    }
    return ms_reject_rule(out, apply->profile, MS_RULE_CFG_VM_LIVEKEY, refused->pdata[0]);
}
