/* migsim: lxc config device add|set|unset|remove|override and the device
 * diff every device-changing request goes through (moved from ms-instance-ops.c). */
#include "ms-apply-private.h"
#include "ms-names.h"
#include "ms-device-types.h"
#include "ms-storage-private.h"

#include <string.h>

/* ---- devices ---- */

/* UpdatableFields of each device type that has one: the keys in every
 * release migsim models (lxd/device/disk.go:388-395, nic_bridged.go:446-453,
 * nic_p2p.go:60-67, nic_routed.go:39-46, nic_ovn.go:56-63 at lxd-5.0.2, the
 * same at lxd-5.0.0 and lxd-5.10; disk.go:740-747, nic_bridged.go:458-465,
 * nic_p2p.go:66-73, nic_routed.go:41-48, nic_ovn.go:64-71 at lxd-5.21.7;
 * Incus internal/server/device/ at v6.0.0, v6.0.4, v6.0.6).  Later
 * releases add keys (the nics' limits.priority, not at lxd-5.0.2 or
 * lxd-5.10; ovn's ipv4/ipv6.address at lxd-6.9; Incus's security.acls*
 * and connected): a change of those is still taken as a remove and add,
 * as before.  Every other type keeps deviceCommon's none
 * (device_common.go:75 at lxd-5.0.2). */
static const char *const *
updatable_fields(const MsCluster *cluster, MsDevice *device)
{
    static const char *const disk[] = { "limits.read", "limits.write", "limits.max",
                                        "size",        "size.state",   NULL };
    static const char *const bridged[] = { "limits.ingress",
                                           "limits.egress",
                                           "limits.max",
                                           "ipv4.routes",
                                           "ipv6.routes",
                                           "ipv4.routes.external",
                                           "ipv6.routes.external",
                                           "ipv4.address",
                                           "ipv6.address",
                                           "security.mac_filtering",
                                           "security.ipv4_filtering",
                                           "security.ipv6_filtering",
                                           NULL };
    static const char *const p2p[] = { "limits.ingress", "limits.egress", "limits.max",
                                       "ipv4.routes",    "ipv6.routes",   NULL };
    static const char *const routed[] = { "limits.ingress", "limits.egress", "limits.max", NULL };
    static const char *const ovn[] = { "security.acls", NULL };
    static const char *const none[] = { NULL };
    const char *type = ms_device_lookup_lit(device, "type") ?: "";
    const char *subtype;

    if (g_str_equal(type, "disk"))
        return disk;
    if (!g_str_equal(type, "nic"))
        return none;
    subtype = ms_device_subtype(cluster, device) ?: "";
    if (g_str_equal(subtype, "bridged"))
        return bridged;
    if (g_str_equal(subtype, "p2p"))
        return p2p;
    if (g_str_equal(subtype, "routed"))
        return routed;
    if (g_str_equal(subtype, "ovn"))
        return ovn;
    return none;
}

gboolean
ms_device_changed_only_live(const MsCluster *cluster, MsDevice *old_device, MsDevice *new_device)
{
    /* the new device's UpdatableFields, none unless the old one is of the
     * same type (each override checks oldDevice's Go type first) */
    const char *const *updatable = updatable_fields(cluster, new_device);
    MsDeviceIter iter;
    const char *key, *value;

    if (updatable != updatable_fields(cluster, old_device) ||
        g_strcmp0(ms_device_subtype(cluster, old_device), ms_device_subtype(cluster, new_device)) != 0)
        return FALSE;
    ms_device_iter_init(&iter, new_device);
    while (ms_device_iter_next(&iter, &key, &value)) {
        const char *old = ms_device_lookup(old_device, key);
        if (g_strcmp0(old, value) != 0 && !g_strv_contains(updatable, key))
            return FALSE;
    }
    ms_device_iter_init(&iter, old_device);
    while (ms_device_iter_next(&iter, &key, NULL))
        if (!ms_device_has(new_device, key) && !g_strv_contains(updatable, key))
            return FALSE;
    return TRUE;
}

/* Whether a VM's disk @dev is shared with the guest as a directory (FSType
 * 9p): startVM passes a ceph pool's volumes as RBD and the root disk as a
 * drive, and shares a host directory, a filesystem volume it mounted or a
 * cephfs: source (lxd/device/disk.go:738, :779-793 at lxd-5.0.2).  An
 * undeclared host path is taken as a directory (ms-devices.c says so). */
static gboolean
disk_shared_as_directory(const MsCluster *cluster, const MsInstance *instance, const MsMember *member,
                         MsDevice *dev)
{
    const char *source = ms_device_lookup_lit(dev, "source") ?: "";
    const char *pool_name = ms_device_lookup_lit(dev, "pool");
    const MsPool *pool;
    const MsVolume *volume;

    if (g_strcmp0(ms_device_lookup_lit(dev, "path"), "/") == 0)
        return FALSE;
    if (g_str_has_prefix(source, "cephfs:"))
        return TRUE;
    if (pool_name != NULL && *pool_name != '\0') {
        pool = ms_cluster_lookup_pool(cluster, pool_name);
        volume = ms_cluster_lookup_volume(cluster, ms_cluster_volume_project(cluster, instance->project),
                                          pool_name, source, member != NULL ? member->name : NULL);
        return pool != NULL && g_strcmp0(pool->driver, "ceph") != 0 && volume != NULL &&
               volume->content_type == MS_CONTENT_FILESYSTEM;
    }
    if (*source != '/' || member == NULL)
        return FALSE;
    switch (ms_member_host_path(member, source)) {
    case MS_HOST_PATH_DIR:
    case MS_HOST_PATH_UNDECLARED:
        return TRUE;
    default:
        return FALSE;
    }
}

/* A VM's devicesUpdate skips a unix device of its expanded set: deviceLoad
 * fails with ErrUnsupportedDevType (unix_common.go:47-48, unix_hotplug.go:44
 * at lxd-5.0.2) and both the removal and the add loop go on with the next
 * device before deviceStop/deviceAdd's CanHotPlug (driver_common.go:1287,
 * :1324 at lxd-5.0.2; :1787, :1830 at lxd-5.21.7; :1908, :1956 at lxd-6.9;
 * Incus internal/server/instance/drivers/driver_common.go:1363 at v6.0.4).
 * Only a profile can bring one: the VM's own is refused by validation
 * first (ms-devices.c vm_skips_profile_device). */
static gboolean
vm_skips_unix(const MsInstance *instance, const char *type)
{
    return instance->type == MS_INSTANCE_VM &&
           (g_str_equal(type, "unix-char") || g_str_equal(type, "unix-block") ||
            g_str_equal(type, "unix-hotplug"));
}

/* lxd-5.0.0 .. 5.0.2 and 5.1 .. 5.15 cannot hot-plug a directory into a
 * running VM: deviceStart's deviceAttachBlockDevice refuses a 9p mount
 * (lxd/instance/drivers/driver_qemu.go:1817, :1844-1846 at lxd-5.0.2),
 * wrapped by devicesUpdate (driver_common.go:1360); later releases share it
 * through deviceAttachPath (DISK.HOTPLUG_DIR_VM; lxd-ci
 * tests/storage-disks-vm:164-177 asserts both sides). */
static gboolean
disk_hotplug_dir_check(MsApply *apply, const MsInstance *instance, const MsMember *member, const char *name,
                       MsDevice *dev, MsRejection *out)
{
    if (instance->type != MS_INSTANCE_VM || !ms_rule_applies(MS_RULE_DISK_HOTPLUG_DIR_VM, apply->profile))
        return TRUE;
    if (ms_apply_check(apply, MS_RULE_DISK_HOTPLUG_DIR_VM, name,
                       disk_shared_as_directory(apply->cluster, instance, member, dev)))
        return ms_reject_rule(out, apply->profile, MS_RULE_DISK_HOTPLUG_DIR_VM, name);
    return TRUE;
}

/* Whether @device, a disk of the unprivileged container @instance, shifts
 * its owners: shift=true, or a custom volume with security.shifted=true on
 * the instance's member or a remote pool (lxd/device/disk.go:532-556 at
 * lxd-5.0.2, :892-918 at lxd-6.9).  Such a disk is mounted idmapped or
 * through shiftfs where the host allows it (ms-apply-private.h). */
gboolean
ms_disk_shifts_owner(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance,
                     MsDevice *device)
{
    const char *pool = ms_device_lookup_lit(device, "pool"), *source = ms_device_lookup_lit(device, "source");
    gboolean shifted = ms_is_true(ms_device_lookup_lit(device, "shift"));

    if (instance->type != MS_INSTANCE_CONTAINER ||
        ms_is_true(ms_cluster_expanded_value(cluster, profile, instance, "security.privileged", NULL, NULL)))
        return FALSE;
    if (!shifted && pool != NULL && *pool != '\0' && source != NULL && *source != '\0') {
        MsVolume *const *named;
        MsVolume *one;
        guint n = ms_cluster_volumes_named(cluster, source, &named, &one);

        for (guint i = 0; i < n && !shifted; i++)
            shifted =
                g_str_equal(named[i]->pool, pool) &&
                (named[i]->location == NULL || g_strcmp0(named[i]->location, instance->location) == 0) &&
                ms_is_true(ms_config_get(named[i]->config, "security.shifted"));
    }
    return shifted;
}

/* A disk hot-plugged into a running unprivileged container with owner
 * shifting (ms_disk_shifts_owner) is mounted idmapped or through shiftfs
 * where the host's filesystem allows it, else refused "Required idmapping
 * abilities not available" (deviceHandleMounts,
 * lxd/instance/drivers/driver_lxc.go:1628-1631 at lxd-5.0.2, :1688 at
 * lxd-5.21.7, :1651 at lxd-6.9; Incus
 * internal/server/instance/drivers/driver_lxc.go:1717 at v6.0.4), wrapped by
 * the hot-plug's "Failed to start device" (DEV.IDMAP_HOTPLUG; seen live on
 * 5.0.2: `storage volume attach` of a security.shifted volume, live-random
 * --gen 14 --seed 34008 scenario 3 line 81).  Answered on a member declared
 * `host-lacks MEMBER idmap` (neither idmapped mounts nor shiftfs); the
 * host's abilities are not held otherwise: not modelled.  A start asks the
 * same of the host (:2090-2111; ms-device-runtime.c disk_start_shift_check). */
static gboolean
disk_hotplug_shift_check(MsApply *apply, const MsInstance *instance, const MsMember *member, const char *name,
                         MsDevice *dev, MsRejection *out)
{
    if (!ms_disk_shifts_owner(apply->cluster, apply->profile, instance, dev))
        return TRUE;
    if (!ms_member_lacks_answerable(member, MS_HOST_LACKS_IDMAP, MS_RULE_DEV_IDMAP_HOTPLUG, apply->profile))
        return ms_reject_status(
            out, MS_RULE_NONE, 400,
            g_strdup_printf("migsim: not modelled for %s: a hot-plug of disk \"%s\" with owner "
                            "shifting into the running container %s; LXD mounts it idmapped "
                            "or through shiftfs where the host allows, else refuses \"Required "
                            "idmapping abilities not available\" (declare `host-lacks MEMBER "
                            "idmap` for a host with neither)",
                            apply->profile->name, name, instance->name));
    /* check sites: DEV_IDMAP_HOTPLUG */
    ms_apply_check(apply, MS_RULE_DEV_IDMAP_HOTPLUG, name, TRUE);
    return ms_reject_rule(out, apply->profile, MS_RULE_DEV_IDMAP_HOTPLUG, name);
}

/* A running VM with migration.stateful on the releases where a disk's
 * CanHotPlug is false for it (lxd/device/disk.go:116-126 at lxd-5.21.0,
 * 5.21.0-5.21.2 and 6.1: MS_FEATURE_STATEFUL_NO_HOTPLUG): its disks can be
 * neither added (DISK.HOTPLUG_STATEFUL) nor stopped, so a disk removed or
 * changed is refused by deviceStop (driver_qemu.go:2451-2452 at lxd-5.21.0),
 * wrapped as DEV.HOTPLUG_REMOVE. */
static gboolean
stateful_vm_no_hotplug(MsApply *apply, const MsInstance *instance)
{
    g_autoptr(GHashTable) config = NULL;

    if (instance->type != MS_INSTANCE_VM || !ms_profile_has(apply->profile, MS_FEATURE_STATEFUL_NO_HOTPLUG))
        return FALSE;
    config = ms_cluster_expand_config(apply->cluster, apply->profile, instance);
    return ms_is_true(ms_config_get(config, "migration.stateful"));
}

/* devicesUpdate on a running instance stops and removes the devices that go
 * (reverse order), then adds the new ones; a type that does not hot-plug
 * refuses either step (DEV.HOTPLUG_*; disks have their own rule).  A
 * profile given to or taken from an instance, or changed, goes through the
 * same Update (ms-profile-ops.c). */
gboolean
ms_apply_hotplug_check(MsApply *apply, const MsInstance *instance, MsDevices *old_devices,
                       MsDevices *new_devices, GPtrArray *added, const MsProfileChange *change,
                       MsRejection *out)
{
    gboolean ct = instance->type == MS_INSTANCE_CONTAINER;
    const MsMember *member = ms_cluster_lookup_member(apply->cluster, instance->location);
    g_autoptr(GPtrArray) old_order = NULL;

    if (instance->status != MS_INSTANCE_RUNNING)
        return TRUE;
    if (ms_rule_applies(MS_RULE_DEV_ROOT_RECREATE_RUNNING, apply->profile)) {
        /* Incus 7.3 refuses to remove and re-create a running instance's
         * root disk before it stops anything (IsRootDiskDevice: type disk,
         * path /, no source; driver_common.go:1358-1367 at v7.3.0) */
        const char *root = NULL;
        for (guint i = 0; i < added->len && root == NULL; i++) {
            MsDevice *old = ms_devices_lookup(old_devices, added->pdata[i]);
            if (old != NULL && ms_device_is_root_disk(old) &&
                *(ms_device_lookup(old, "source") ?: "") == '\0')
                root = added->pdata[i];
        }
        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus 7.3+ only */
        if (ms_apply_check(apply, MS_RULE_DEV_ROOT_RECREATE_RUNNING, root ?: instance->name, root != NULL))
            return ms_reject_rule(out, apply->profile, MS_RULE_DEV_ROOT_RECREATE_RUNNING, root);
    }
    old_order = ms_devices_sorted(old_devices);
    for (guint i = old_order->len; i-- > 0;) {
        const char *name = old_order->pdata[i];
        MsDevice *dev = ms_devices_lookup(old_devices, name);
        const char *type = ms_device_lookup_lit(dev, "type") ?: "";
        const MsDeviceTypeDef *def;

        gboolean disk = g_str_equal(type, "disk");

        if (ms_devices_has(new_devices, name) &&
            !g_ptr_array_find_with_equal_func(added, name, g_str_equal, NULL))
            continue;
        if (vm_skips_unix(instance, type))
            continue;
        if (disk && !stateful_vm_no_hotplug(apply, instance))
            continue;
        def = disk ? NULL : ms_device_type_lookup(type, ms_device_subtype(apply->cluster, dev));
        if ((disk || def != NULL) &&
            ms_apply_check(apply, MS_RULE_DEV_HOTPLUG_REMOVE, name,
                           disk || !ms_device_type_can_hotplug(def, apply->profile, ct,
                                                               ms_device_lookup_lit(dev, "id")))) {
            return ms_reject_rule(out, apply->profile, MS_RULE_DEV_HOTPLUG_REMOVE, name);
        }
    }
    for (guint i = 0; i < added->len; i++) {
        MsDevice *dev = ms_devices_lookup(new_devices, added->pdata[i]);
        const char *type = ms_device_lookup_lit(dev, "type") ?: "";
        const MsDeviceTypeDef *def;

        if (g_str_equal(type, "disk")) {
            g_autoptr(GPtrArray) one = g_ptr_array_new();

            /* deviceAdd's CanHotPlug (DISK.HOTPLUG_STATEFUL) comes with
             * this device's turn, after the removals and the devices
             * before it in Devices.Sorted() (devicesUpdate,
             * lxd/instance/drivers/driver_common.go:1331 at lxd-5.21.0),
             * then its start */
            g_ptr_array_add(one, added->pdata[i]);
            if (!ms_apply_stateful_hotplug_check(apply, instance, new_devices, one, out) ||
                !disk_hotplug_dir_check(apply, instance, member, added->pdata[i], dev, out) ||
                !ms_device_idmap_check(apply->cluster, apply->env, instance, added->pdata[i], dev, change,
                                       out) ||
                /* the mount's propagation (ms_device_host_check) */
                (member != NULL && !ms_device_host_check(apply->cluster, apply->env, instance, member,
                                                         added->pdata[i], dev, out)) ||
                !disk_hotplug_shift_check(apply, instance, member, added->pdata[i], dev, out))
                return FALSE;
            continue;
        }
        if (vm_skips_unix(instance, type))
            continue;
        def = ms_device_type_lookup(type, ms_device_subtype(apply->cluster, dev));
        if (def != NULL && ms_apply_check(apply, MS_RULE_DEV_HOTPLUG_ADD, added->pdata[i],
                                          !ms_device_type_can_hotplug(def, apply->profile, ct,
                                                                      ms_device_lookup_lit(dev, "id")))) {
            return ms_reject_rule(out, apply->profile, MS_RULE_DEV_HOTPLUG_ADD,
                                  (const char *) added->pdata[i]);
        }
        /* then deviceStart, wrapped "Failed to start device"
         * (lxd/instance/drivers/driver_common.go:1358-1360 at lxd-5.0.2) */
        if (member != NULL &&
            !ms_device_host_check(apply->cluster, apply->env, instance, member, added->pdata[i], dev, out))
            return FALSE;
        /* and its post hook: a unix device's watch (DEV.UNIX_WATCH_PATH), a
         * nat proxy's setupNAT (DEV.PROXY_NAT_CONNECT) */
        if (member != NULL && !ms_unix_device_watch_check(apply->env, added->pdata[i], dev, TRUE, out))
            return FALSE;
        if (member != NULL &&
            !ms_device_proxy_nat_check(apply->env, instance, new_devices, added->pdata[i], dev, TRUE, out))
            return FALSE;
    }
    return TRUE;
}

/* The pool of the one root disk of @devices (type disk, path /); NULL
 * when there is none or several, where GetRootDiskDevice fails. */
static const char *
single_root_pool(MsDevices *devices)
{
    MsDevicesIter iter;
    MsDevice *dev;
    const char *pool = NULL;
    guint n = 0;

    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, NULL, &dev))
        if (g_strcmp0(ms_device_lookup_lit(dev, "type"), "disk") == 0 &&
            g_strcmp0(ms_device_lookup_lit(dev, "path"), "/") == 0) {
            pool = ms_device_lookup_lit(dev, "pool") ?: "";
            n++;
        }
    return n == 1 ? pool : NULL;
}

/* Update refuses to give the root disk another pool, after the static
 * validation of the expanded devices (lxd/instance/drivers/driver_lxc.go:
 * 4139-4143 at lxd-5.0.2, :4382 at lxd-5.21.7; driver_common.go:2322 at
 * lxd-6.9); no root disk before or after passes.  From 5.0.3 and 5.16 it
 * then refuses an instance left without a root disk (driver_lxc.go:4276 at
 * lxd-5.0.3, :4212 at lxd-5.16, :4387 at lxd-5.21.7; driver_common.go:2327
 * at lxd-6.9; Incus internal/server/instance/drivers/driver_lxc.go:4504 at
 * v6.0.4, seen live); 5.0.2 accepts it (the instance is then "not
 * modelled", refuse_rootless in ms-apply.c). */
gboolean
ms_apply_root_disk_kept(MsApply *apply, const MsInstance *instance, MsDevices *old_expanded,
                        MsDevices *new_expanded, MsRejection *out)
{
    const char *old_pool = single_root_pool(old_expanded);
    const char *new_pool = single_root_pool(new_expanded);

    if (ms_rule_applies(MS_RULE_DEV_ROOT_POOL_CHANGE, apply->profile) &&
        ms_apply_check(apply, MS_RULE_DEV_ROOT_POOL_CHANGE, instance->name,
                       old_pool != NULL && new_pool != NULL && !g_str_equal(old_pool, new_pool)))
        return ms_reject_status(out, MS_RULE_DEV_ROOT_POOL_CHANGE, 400,
                                ms_rule_message(MS_RULE_DEV_ROOT_POOL_CHANGE, apply->profile, new_pool));
    if (ms_rule_applies(MS_RULE_DEV_ROOT_MISSING, apply->profile) &&
        ms_apply_check(apply, MS_RULE_DEV_ROOT_MISSING, instance->name, new_pool == NULL))
        return ms_reject_status(out, MS_RULE_DEV_ROOT_MISSING, 400,
                                ms_rule_message(MS_RULE_DEV_ROOT_MISSING, apply->profile));
    return TRUE;
}

/* A disk cannot be hot-plugged into a running VM with migration.stateful
 * (DISK.HOTPLUG_STATEFUL, the releases of MS_FEATURE_STATEFUL_NO_HOTPLUG). */
gboolean
ms_apply_stateful_hotplug_check(MsApply *apply, const MsInstance *instance, MsDevices *new_devices,
                                GPtrArray *added, MsRejection *out)
{
    g_autoptr(GHashTable) config = NULL;
    gboolean stateful;

    if (added->len == 0 || instance->type != MS_INSTANCE_VM || instance->status != MS_INSTANCE_RUNNING ||
        !ms_profile_has(apply->profile, MS_FEATURE_STATEFUL_NO_HOTPLUG))
        return TRUE;
    config = ms_cluster_expand_config(apply->cluster, apply->profile, instance);
    stateful = ms_is_true(ms_config_get(config, "migration.stateful"));
    for (guint i = 0; i < added->len; i++) {
        MsDevice *dev = ms_devices_lookup(new_devices, added->pdata[i]);
        gboolean is_disk = g_str_equal(ms_device_lookup_lit(dev, "type") ?: "", "disk");
        if (ms_apply_check(apply, MS_RULE_DISK_HOTPLUG_STATEFUL, added->pdata[i], is_disk && stateful))
            return ms_reject_rule(out, apply->profile, MS_RULE_DISK_HOTPLUG_STATEFUL,
                                  (const char *) added->pdata[i]);
    }
    return TRUE;
}

/* DEV.ROOT_RECREATE_RUNNING over the expanded sets, which devicesUpdate
 * diffs (Update's removeDevices/addDevices, internal/server/instance/
 * drivers/driver_lxc.go:5052, driver_common.go:1358-1367 at v7.3.0):
 * a local root disk added over a profile's, or removed to uncover it, with
 * another non-updatable key re-creates the root disk just as a change of
 * the local one does, which ms_apply_hotplug_check's local sets miss. */
static gboolean
root_recreate_expanded(MsApply *apply, const MsInstance *instance, MsDevices *old_expanded,
                       MsDevices *new_expanded, MsRejection *out)
{
    MsDevicesIter iter;
    const char *name;
    MsDevice *old;

    if (instance->status != MS_INSTANCE_RUNNING ||
        !ms_rule_applies(MS_RULE_DEV_ROOT_RECREATE_RUNNING, apply->profile))
        return TRUE;
    ms_devices_iter_init(&iter, old_expanded);
    while (ms_devices_iter_next(&iter, &name, &old)) {
        MsDevice *now = ms_devices_lookup(new_expanded, name);

        /* IsRootDiskDevice (internal/instance/device.go:10-18 at v7.3.0) */
        if (now == NULL || ms_device_equal(old, now) || !ms_device_is_root_disk(old) ||
            *(ms_device_lookup(old, "source") ?: "") != '\0' ||
            ms_device_changed_only_live(apply->cluster, old, now))
            continue;
        ms_apply_check(apply, MS_RULE_DEV_ROOT_RECREATE_RUNNING, name, TRUE);
        return ms_reject_rule(out, apply->profile, MS_RULE_DEV_ROOT_RECREATE_RUNNING, name);
    }
    return TRUE;
}

gboolean
ms_apply_instance_devices(MsApply *apply, MsInstance *instance, MsDevices *new_devices)
{
    g_autoptr(MsDevices) old_devices = instance->devices;
    gboolean old_shared = instance->devices_shared;
    g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) updated = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(MsDevices) expanded = NULL;
    g_autoptr(MsDevices) old_expanded = ms_cluster_expand_devices(apply->cluster, instance);
    g_autoptr(GPtrArray) order = ms_devices_sorted(new_devices);
    g_auto(MsRejection) refusal = { 0 };

    /* AllowInstanceUpdate, in the handler before the update operation
     * (lxd/instance_put.go:133, instance_patch.go:193 at lxd-5.0.2) */
    {
        g_autoptr(MsInstance) changed = ms_instance_copy(instance);
        ms_devices_unref(changed->devices);
        changed->devices = ms_devices_ref(new_devices);
        if (!ms_apply_project_instance_update(apply, changed, FALSE)) {
            instance->devices = g_steal_pointer(&old_devices);
            ms_devices_unref(new_devices);
            return FALSE;
        }
    }
    for (guint i = 0; i < order->len; i++) {
        const char *name = order->pdata[i];
        MsDevice *old = ms_devices_lookup(old_devices, name);
        MsDevice *now = ms_devices_lookup(new_devices, name);
        if (old == NULL)
            g_ptr_array_add(added, g_strdup(name));
        else if (!ms_device_equal(old, now)) {
            if (ms_device_changed_only_live(apply->cluster, old, now))
                g_ptr_array_add(updated, g_strdup(name));
            else
                g_ptr_array_add(added, g_strdup(name)); /* removed and re-added */
        }
    }

    /* Tentatively install the new set so validation sees the instance as
     * LXD's Update does; revert on failure. */
    ms_cluster_volume_users_changed(apply->cluster);
    instance->devices = new_devices;
    instance->devices_shared = FALSE;
    expanded = ms_cluster_expand_devices(apply->cluster, instance);
    if (!ms_apply_validate_devices_static(apply, instance, expanded, FALSE, MS_RULE_DEV_ROOT_DETECT,
                                          &refusal) ||
        !ms_apply_root_disk_kept(apply, instance, old_expanded, expanded, &refusal) ||
        /* Update's initLXC, before devicesUpdate (driver_lxc.go:4148-4153
         * then :4228 at lxd-5.0.2) */
        !ms_apply_prlimit_check(apply, instance, NULL, NULL, &refusal) ||
        !ms_apply_validate_devices_instance(apply, instance, added, MS_RULE_WRAP_ADD, &refusal) ||
        !ms_apply_validate_devices_instance(apply, instance, updated, MS_RULE_WRAP_UPDATE, &refusal) ||
        !root_recreate_expanded(apply, instance, old_expanded, expanded, &refusal) ||
        !ms_apply_hotplug_check(apply, instance, old_devices, new_devices, added, NULL, &refusal)) {
        /* the volume users index built while validating borrows the
         * strings of the refused set */
        ms_cluster_volume_users_changed(apply->cluster);
        instance->devices = g_steal_pointer(&old_devices);
        instance->devices_shared = old_shared;
        ms_devices_unref(new_devices);
        if (refusal.rule == MS_RULE_CFG_INST_PRLIMIT_VALUE)
            return ms_apply_fail_prlimit(apply, &refusal);
        return ms_apply_fail(apply, refusal.rule, 400, TRUE, g_steal_pointer(&refusal.message));
    }
    return TRUE;
}

MsDevice *
ms_op_device_config(const MsOp *op)
{
    MsDevice *device = ms_device_new();

    if (op->device_type != NULL)
        ms_device_set(device, "type", op->device_type);
    for (guint i = 0; i < op->keys->len; i++)
        ms_device_set(device, op->keys->pdata[i], op->values->pdata[i]);
    return device;
}

/* lxc storage volume attach POOL VOLUME INSTANCE PATH (four arguments)
 * reads the volume first (its content type names the device) from lxd-5.21.2
 * and 6.1 (cmdAttachArgsAsDevice, lxc/storage_volume.go:166-190 at
 * lxd-5.21.7, :165-189 at lxd-6.9); earlier lxc, and every form with three
 * or five arguments, sends the device unread (lxc/storage_volume.go:229-252
 * at lxd-5.0.2, absent at lxd-5.21.1 and lxd-6.0), so an unknown pool is
 * the device validation's DISK.POOL_LOOKUP (seen on the live 5.0.2
 * cluster: tools/live-random.py --gen 13 --seed 13002, scenario 0). */
static const MsReleases attach_reads_volume = MS_REL_SINCE(2, 1);

/* POOL VOLUME INSTANCE PATH: the binding names the device after the volume
 * and keeps the fourth argument as the path */
static gboolean
attach_four_args(const MsOp *op)
{
    /* five arguments may spell DEVICE as the volume: lxc then sends DEVICE
     * and PATH as typed (len(args) == 5, lxc/storage_volume.go:201-203 at
     * lxd-6.9) */
    return !op->device_named && op->path != NULL && *op->path != '\0' &&
           (g_str_equal(op->device, op->volume) || (g_str_has_prefix(op->device, "custom/") &&
                                                    g_str_equal(op->device + strlen("custom/"), op->volume)));
}

/* Incus's incus from 6.23 (and 7.x) parses the attach with its usage
 * parser: POOL VOLUME INSTANCE [DEVICE [PATH]], so a fourth argument alone
 * is the device's name and the path is empty
 * (cmdStorageVolumeAttachUsage, cmd/incus/storage_volume.go:174,216-220 at
 * v6.23.0, 44cfe9e1cb; :179,219-224 at v7.0.0).  Up to 6.22 and in the
 * 6.0 LTS it is the path (:226-229 at v6.22.0).  Incus #3359. */
static gboolean
attach_incus_parsed(const MsApply *apply)
{
    return ms_profile_is_incus(apply->profile) && apply->profile->version >= MS_VERSION_INCUS(6, 23, 0);
}

static gboolean
attach_incus_fourth_is_device(const MsApply *apply)
{
    return attach_incus_parsed(apply) && attach_four_args(apply->op);
}

static gboolean
attach_reads_volume_first(const MsApply *apply)
{
    const MsOp *op = apply->op;
    gboolean four_args = attach_four_args(op);

    /* Incus's attach is not read here: it keeps the pool look-up */
    if (ms_profile_is_incus(apply->profile))
        return TRUE;
    return four_args && ms_releases_contain(&attach_reads_volume, apply->profile->version);
}

/* The four-argument attach from lxd-5.21.2 and 6.1: lxc reads the volume
 * and its content type says what the fourth argument is: the device's name
 * for a block or iso volume, the path for a filesystem one, "/" prefixed
 * when relative (cmdAttachArgsAsDevice, lxc/storage_volume.go:174-206 at
 * lxd-5.21.7, ab2a476550 and 64e7f64888 for LXD #13238; before, it was the
 * path whatever the content, so a block volume failed DISK.BLOCK_PATH).
 * The read is `lxc storage volume show`'s GET (GetStoragePoolVolume,
 * lxc/storage_volume.go:183 at lxd-5.21.7, :182 at lxd-6.9), its error
 * returned as is: without a target (attach has no --target flag, so its
 * UseTarget branch never runs) a name on two members is VOLUME.AMBIGUOUS
 * (storagePoolVolumeGet's forwarding, lxd/storage_volumes.go:3039 at
 * lxd-5.21.7, :3102 at lxd-6.9), a missing one VOLUME.NOT_FOUND, and the
 * request goes on to the volume's member (LXD PR #8125's volumes of one
 * name on two members: the attach worked up to 5.21.1, the read refuses
 * it from 5.21.2 and 6.1).  FALSE when refused. */
static char *join_root(const char *rel);

static gboolean
attach_four_args_by_content(MsApply *apply, const char **device_name, const char **path, char **owned)
{
    const MsOp *op = apply->op;
    const MsVolume *volume = ms_storage_volume_lookup_named(apply, op->volume);

    if (volume == NULL)
        return FALSE;
    if (volume->content_type != MS_CONTENT_FILESYSTEM) {
        *device_name = op->path;
        *path = NULL;
        return TRUE;
    }
    if (op->path[0] != '/') {
        *owned = join_root(op->path);
        *path = *owned;
    }
    return TRUE;
}

/* Go's path.Join("/", @rel) for a relative @rel: "/" and the cleaned
 * elements ("." and empty dropped, ".." pops one), as lxc sends a
 * filesystem volume's relative path from 5.21.2 and 6.1
 * (lxc/storage_volume.go:192 at lxd-6.9) */
static char *
join_root(const char *rel)
{
    g_auto(GStrv) parts = g_strsplit(rel, "/", -1);
    g_autoptr(GPtrArray) kept = g_ptr_array_new();

    for (guint i = 0; parts[i] != NULL; i++) {
        if (*parts[i] == '\0' || g_str_equal(parts[i], "."))
            continue;
        if (g_str_equal(parts[i], "..")) {
            if (kept->len > 0)
                g_ptr_array_remove_index(kept, kept->len - 1);
            continue;
        }
        g_ptr_array_add(kept, parts[i]);
    }
    g_ptr_array_add(kept, NULL);
    g_autofree char *joined = g_strjoinv("/", (char **) kept->pdata);
    return g_strconcat("/", joined, NULL);
}

/* lxc config device add, lxc storage volume attach: the device added to
 * @devices (the instance's local devices, a copy) */
static gboolean
device_add(MsApply *apply, MsDevices *devices)
{
    const MsOp *op = apply->op;
    const char *device_name = op->device;
    MsDevice *device;

    if (op->kind == MS_OP_VOLUME_ATTACH) {
        const MsPool *pool = ms_cluster_lookup_pool(apply->cluster, op->pool);
        gboolean reads_first = attach_reads_volume_first(apply);
        const char *path = op->path;
        g_autofree char *owned_path = NULL;

        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.0..5.21.1: their lxc sends the device
         * without reading the pool first (lxc/storage_volume.go:229-252 at
         * lxd-5.0.2): DISK.POOL_LOOKUP answers there */
        if (reads_first && ms_apply_check(apply, MS_RULE_POOL_NOT_FOUND, op->pool, pool == NULL))
            return ms_apply_reject(apply, MS_RULE_POOL_NOT_FOUND);
        if (reads_first && !ms_profile_is_incus(apply->profile) &&
            !attach_four_args_by_content(apply, &device_name, &path, &owned_path))
            return FALSE;
        /* From 7.0.0 the attach's usage is a plain u.Volume
         * (cmdStorageVolumeAttachUsage, cmd/incus/storage_volume.go:179 at
         * v7.0.0, :180 at v7.3.0): a placeholder takes its argument whole
         * (placeholder.Parse, cmd/incus/usage/usage.go:628-636 at v7.3.0),
         * so "custom/VOLUME" is sent as the device's source, with three,
         * four or five arguments alike.  Which of the server's checks
         * refuses that source first is not read: not modelled (Incus
         * #1223's line at 7.x; migsim attached VOLUME before). */
        if (attach_incus_parsed(apply) && op->volume_custom_prefix &&
            apply->profile->version >= MS_VERSION_INCUS(7, 0, 0))
            return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                                 g_strdup_printf("migsim: not modelled for %s: incus storage volume attach "
                                                 "sends \"custom/%s\" whole as the device's source",
                                                 apply->profile->name, op->volume));
        if (attach_incus_fourth_is_device(apply)) {
            device_name = op->path;
            path = NULL;
        } else if (attach_incus_parsed(apply) && !op->device_named &&
                   g_str_has_prefix(op->device, "custom/")) {
            /* 6.23's usage parser splits "custom/VOLUME" and names the
             * device after VOLUME (u.MakePath(u.Verbatim("custom")
             * .Optional(), u.Volume), devName := volName,
             * cmd/incus/storage_volume.go:174,214-216 at v6.23.0); older
             * clients kept args[1] as typed */
            device_name = op->volume;
        }
        device = ms_device_new();
        ms_device_set(device, "type", "disk");
        ms_device_set(device, "pool", op->pool);
        ms_device_set(device, "source", op->volume);
        /* lxc sends "path": "" when no path is given, which LXD drops */
        if (path != NULL && *path != '\0')
            ms_device_set(device, "path", path);
    } else {
        device = ms_op_device_config(op);
    }
    /* client-side check on the local devices (lxc/config_device.go) */
    if (ms_apply_check(apply, MS_RULE_DEV_EXISTS, device_name, ms_devices_has(devices, device_name))) {
        ms_device_unref(device);
        if (op->kind == MS_OP_VOLUME_ATTACH)
            return ms_apply_fail(apply, MS_RULE_DEV_EXISTS, 0, FALSE,
                                 g_strdup_printf("Device already exists: %s", device_name));
        return ms_apply_reject(apply, MS_RULE_DEV_EXISTS);
    }
    ms_devices_set(devices, device_name, device);
    return TRUE;
}

/* The volume name incus's detach compares the disks' sources with.  Until
 * 6.22 (and LXD's lxc) it is args[1] as typed, "custom/" and all
 * (d["source"] == args[1], cmd/incus/storage_volume.go at v6.22.0;
 * lxc/storage_volume.go at lxd-5.0.2).  6.23's usage parser splits the
 * prefix off (u.MakePath(u.Verbatim("custom").Optional(), u.Volume),
 * volName := parsed[1].List[1].String, :708,789 at v6.23.0); 7.x takes the
 * word whole again (u.Volume, volName := parsed[1].String, :703,785 at
 * v7.0.0).  Incus #1223's family. */
static const char *
detach_volume_name(const MsApply *apply)
{
    const char *volume = apply->op->volume;

    if (attach_incus_parsed(apply) && apply->profile->version < MS_VERSION_INCUS(7, 0, 0) &&
        g_str_has_prefix(volume, "custom/"))
        return volume + strlen("custom/");
    return volume;
}

/* lxc from lxd-5.21.4 and lxd-6.3 parses VOLUME like its other volume
 * commands (parseVolumeSnapshot("custom", args[1]): a "custom/",
 * "image/", "container/" or "virtual-machine/" prefix is the type, a
 * further "/SNAP" the snapshot; lxc/storage_volume.go:42-61,872 at
 * lxd-5.21.4, :41-60,871 at lxd-6.9) and takes the disk whose source,
 * source.type ("custom" when unset) and source.snapshot all match (:882
 * at lxd-5.21.4, :881 at lxd-6.9).  Before (lxd-5.0.x, 5.1 .. 5.21.3, 6.1, 6.2) it compared the
 * source with args[1] as typed (d["source"] == args[1], git show at every
 * tag), so "custom/VOL" found no disk there. */
static const MsReleases detach_parses_volume = MS_REL_SINCE(4, 3);

/* TRUE when the unnamed detach takes @dev for the typed volume */
static gboolean
detach_disk_matches(const MsApply *apply, MsDevice *dev, const char *volume)
{
    static const char *const types[] = { "custom", "image", "container", "virtual-machine", NULL };
    const char *typed = apply->op->volume;
    const char *type = "custom";
    const char *name = typed;
    const char *slash = strchr(typed, '/');
    const char *source_type = ms_device_get_lit(dev, "source.type");
    g_autofree char *volume_name = NULL;

    if (!g_str_equal(ms_device_get_lit(dev, "type"), "disk") ||
        g_strcmp0(ms_device_lookup_lit(dev, "pool"), apply->op->pool) != 0)
        return FALSE;
    if (!ms_releases_contain(&detach_parses_volume, apply->profile->version))
        return g_strcmp0(ms_device_lookup_lit(dev, "source"), volume) == 0 &&
               ms_device_lookup_lit(dev, "source.snapshot") == NULL;
    for (guint i = 0; slash != NULL && types[i] != NULL; i++) {
        if (strlen(types[i]) == (gsize) (slash - typed) && g_str_has_prefix(typed, types[i])) {
            type = types[i];
            name = slash + 1;
        }
    }
    slash = strchr(name, '/');
    volume_name = slash != NULL ? g_strndup(name, slash - name) : g_strdup(name);
    return g_str_equal(*source_type != '\0' ? source_type : "custom", type) &&
           g_str_equal(ms_device_get_lit(dev, "source"), volume_name) &&
           g_str_equal(ms_device_get_lit(dev, "source.snapshot"), slash != NULL ? slash + 1 : "");
}

/* From 6.23 incus checks a named device before removing it: no device of
 * that name is "No device found for this storage volume", and a device
 * that is not a disk, is in another pool or has another source is refused
 * (findDevice, cmd/incus/storage_volume.go:738-773 at v6.23.0, :734-770 at
 * v7.0.0).  The three refusals' texts are not in the rule tables: not
 * modelled.  FALSE when the detach was answered. */
static gboolean
detach_named_incus(MsApply *apply, MsDevices *devices, const char *volume)
{
    const MsOp *op = apply->op;
    MsDevice *dev = ms_devices_lookup(devices, op->device);

    /* check sites: DEV_DETACH_NONE */
    /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (from v6.23.0, findDevice) */
    if (ms_apply_check(apply, MS_RULE_DEV_DETACH_NONE, op->instance, dev == NULL))
        return ms_apply_reject(apply, MS_RULE_DEV_DETACH_NONE);
    if (g_strcmp0(ms_device_lookup_lit(dev, "type"), "disk") != 0 ||
        g_strcmp0(ms_device_lookup_lit(dev, "pool"), op->pool) != 0 ||
        g_strcmp0(ms_device_lookup_lit(dev, "source"), volume) != 0)
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: incus storage volume detach of device "
                            "\"%s\", whose type, pool or source is not the volume's",
                            apply->profile->name, op->device));
    return TRUE;
}

/* lxc config device remove, lxc storage volume detach: the device removed
 * from @devices */
static gboolean
device_remove(MsApply *apply, const MsInstance *instance, MsDevices *devices)
{
    const MsOp *op = apply->op;
    const char *device_name = op->device;
    const char *volume = op->kind == MS_OP_VOLUME_DETACH ? detach_volume_name(apply) : NULL;

    if (op->kind == MS_OP_VOLUME_DETACH && device_name != NULL && attach_incus_parsed(apply)) {
        if (!detach_named_incus(apply, devices, volume))
            return FALSE;
    } else if (op->kind == MS_OP_VOLUME_DETACH && device_name == NULL) {
        /* lxc/storage_volume.go looks for the disk using the volume
         * itself and refuses to guess between several */
        g_autoptr(GPtrArray) names = ms_devices_sorted(devices);
        guint n_matches = 0;
        for (guint i = 0; i < names->len; i++) {
            MsDevice *dev = ms_devices_lookup(devices, names->pdata[i]);
            if (detach_disk_matches(apply, dev, volume) && n_matches++ == 0)
                device_name = names->pdata[i];
        }
        if (ms_apply_check(apply, MS_RULE_DEV_DETACH_AMBIGUOUS, op->instance, n_matches > 1))
            return ms_apply_reject(apply, MS_RULE_DEV_DETACH_AMBIGUOUS);
        if (ms_apply_check(apply, MS_RULE_DEV_DETACH_NONE, op->instance, n_matches == 0))
            return ms_apply_reject(apply, MS_RULE_DEV_DETACH_NONE);
    } else if (op->kind == MS_OP_VOLUME_DETACH) {
        if (ms_apply_check(apply, MS_RULE_DEV_DETACH_MISSING, op->instance,
                           !ms_devices_has(devices, device_name)))
            return ms_apply_reject(apply, MS_RULE_DEV_DETACH_MISSING);
    } else if (!ms_devices_has(devices, device_name)) {
        /* lxc tells a profile's device from a missing one
         * (lxc/config_device.go:500-508 at lxd-5.0.2) */
        g_autoptr(MsDevices) expanded = ms_cluster_expand_devices(apply->cluster, instance);
        gboolean from_profile = ms_devices_has(expanded, device_name);

        ms_apply_check(apply, MS_RULE_DEV_REMOVE_FROM_PROFILE, op->instance, from_profile);
        if (from_profile)
            return ms_apply_reject(apply, MS_RULE_DEV_REMOVE_FROM_PROFILE);
        ms_apply_check(apply, MS_RULE_DEV_NOT_FOUND, op->instance, TRUE);
        return ms_apply_reject(apply, MS_RULE_DEV_NOT_FOUND);
    }
    /* removal is never blocked by validation: the repair path */
    ms_devices_remove(devices, device_name);
    return TRUE;
}

/* lxc config device override: a device of the profiles becomes a local
 * device of @devices with the given keys (lxc/config_device.go; the client
 * checks first) */
static gboolean
device_override(MsApply *apply, const MsInstance *instance, MsDevices *devices)
{
    const MsOp *op = apply->op;
    const char *device_name = op->device;
    g_autoptr(MsDevices) from_profiles = NULL;
    MsDevice *base, *device;
    MsInstance profiles_only = *instance;

    if (ms_apply_check(apply, MS_RULE_DEV_EXISTS, device_name, ms_devices_has(devices, device_name)))
        return ms_apply_reject(apply, MS_RULE_DEV_EXISTS);
    profiles_only.devices = ms_devices_new();
    from_profiles = ms_cluster_expand_devices(apply->cluster, &profiles_only);
    ms_devices_unref(profiles_only.devices);
    base = ms_devices_lookup(from_profiles, device_name);
    if (ms_apply_check(apply, MS_RULE_DEV_OVERRIDE_NOT_IN_PROFILE, device_name, base == NULL))
        return ms_apply_reject(apply, MS_RULE_DEV_OVERRIDE_NOT_IN_PROFILE);
    device = ms_device_copy(base);
    for (guint i = 0; i < op->keys->len; i++)
        ms_device_set(device, op->keys->pdata[i], op->values->pdata[i]);
    ms_devices_set(devices, device_name, device);
    return TRUE;
}

/* Go's %q of a []string, as lxc prints the instance's profiles:
 * ["default" "p1"] (the names need no escaping) */
static char *
quoted_list(const GPtrArray *names)
{
    GString *text = g_string_new("[");

    for (guint i = 0; i < names->len; i++)
        g_string_append_printf(text, "%s\"%s\"", i ? " " : "", (const char *) names->pdata[i]);
    g_string_append_c(text, ']');
    return g_string_free(text, FALSE);
}

/* lxc config device set of a device the instance does not have itself:
 * lxc refuses after its GET, telling a profile's device from a missing one
 * (lxc/config_device.go:616-625 at lxd-5.0.2, :787-795 at lxd-5.21.7,
 * :798-806 at lxd-6.9; Incus cmd/incus/config_device.go:711-719 at v6.0.4) */
static gboolean
device_set_missing(MsApply *apply, const MsInstance *instance)
{
    const MsOp *op = apply->op;
    g_autoptr(MsDevices) expanded = ms_cluster_expand_devices(apply->cluster, instance);
    gboolean from_profile = ms_devices_has(expanded, op->device);
    g_autofree char *profiles = quoted_list(instance->profiles);

    ms_apply_check(apply, MS_RULE_DEV_SET_FROM_PROFILE, op->instance, from_profile);
    if (from_profile)
        return ms_apply_reject(apply, MS_RULE_DEV_SET_FROM_PROFILE, op->device, profiles, op->instance);
    ms_apply_check(apply, MS_RULE_DEV_NOT_FOUND, op->instance, TRUE);
    return ms_apply_reject(apply, MS_RULE_DEV_NOT_FOUND);
}

/* lxc config|profile device set|unset: the keys set on @device (in
 * place).  Unset is lxc's set to "" (lxc/config_device.go:745-754 at
 * lxd-5.0.2, :951-960 at lxd-5.21.7, :960-969 at lxd-6.9), a value the
 * database does not store (CreateConfig, lxd/db/cluster/config.mapper.go:
 * 149-152 at lxd-5.0.2, :145-147 at lxd-5.21.7 and lxd-6.9), so a key the
 * validators take goes before the validation (a device left without its
 * type: DEV.TYPE_MISSING; any other such key given "" validates as if
 * absent).  But the validation sees the request's map, "" values too
 * (Device.Validate walks every key: lxd/device/config/devices.go:36-60 at
 * lxd-5.0.2, :43-75 at lxd-5.21.7 and lxd-6.9): an unset of a key the
 * device's type does not take is refused ('Invalid device option "name"'
 * for a root disk, seen live on 5.0.2: tools/live-random.py --gen 19
 * --seed 19001 scenario 2 line 28).  Such a key is kept with "" for the
 * validation, which then refuses it (DISK.KEYS) or does not answer.
 * Incus drops every "" value before it validates (deviceConfig.NewDevices,
 * internal/server/device/config/devices.go:72-88 at v6.0.4, the same test
 * at v6.0.0 .. v7.3.0; instance PUT cmd/incusd/instance_put.go:174, profile
 * PUT profiles_utils.go:35 at v6.0.4): an unset of any key is as if the key
 * were absent (live 6.0.4: `incus config device unset C root mtu` taken,
 * tools/live-random.py --product incus --gen 19 --seed 28020 scenarios 0
 * and 3). */
void
ms_apply_device_keys_set(const MsApply *apply, MsDevice *device)
{
    const MsOp *op = apply->op;
    gboolean unset = op->kind == MS_OP_DEVICE_UNSET || op->kind == MS_OP_PROFILE_DEVICE_UNSET;

    for (guint i = 0; i < op->keys->len; i++) {
        const char *key = op->keys->pdata[i];
        const char *value = unset ? "" : op->values->pdata[i];

        if (*value == '\0' && !ms_profile_is_incus(apply->profile) &&
            !ms_device_key_followed(apply->cluster, apply->profile, device, key))
            ms_device_set(device, key, "");
        else
            ms_device_set(device, key, *value != '\0' ? value : NULL);
    }
}

gboolean
ms_apply_device(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsInstance *instance = ms_apply_lookup_instance(apply, op->instance, FALSE);
    g_autoptr(MsDevices) devices = NULL;
    gboolean ok = TRUE;

    if (instance == NULL)
        return FALSE;
    devices = ms_devices_copy(instance->devices);

    switch (op->kind) {
    case MS_OP_DEVICE_ADD:
    case MS_OP_VOLUME_ATTACH:
        ok = device_add(apply, devices);
        break;
    case MS_OP_DEVICE_REMOVE:
    case MS_OP_VOLUME_DETACH:
        ok = device_remove(apply, instance, devices);
        break;
    case MS_OP_DEVICE_OVERRIDE:
        ok = device_override(apply, instance, devices);
        break;
    case MS_OP_DEVICE_SET:
    case MS_OP_DEVICE_UNSET: {
        MsDevice *device = ms_devices_lookup(devices, op->device);
        if (device == NULL)
            return device_set_missing(apply, instance);
        ms_apply_device_keys_set(apply, device);
        break;
    }
    default:
        g_assert_not_reached();
    }
    if (!ok)
        return FALSE;
    return ms_apply_instance_devices(apply, instance, g_steal_pointer(&devices));
}
