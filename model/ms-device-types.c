/* migsim: the device type table.  Read from the lxd/device/ sources at lxd-5.0.2,
 * lxd-5.21.0 .. lxd-5.21.7 and lxd-6.1 .. lxd-6.9: the CanMigrate()
 * overrides are the same at every tag; the CanHotPlug() overrides of none,
 * nic ovn (5.21.0/6.1), gpu physical (5.21.3/6.2) and pci (5.21.4/6.5) came
 * later.  Lines are at lxd-6.9 unless a tag is named. */
#include "ms-device-types.h"

#include <string.h>

#define ALL_RELEASES MS_REL_ALL
/* clang-format off */
#define NO_RELEASES { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE }
/* The CanHotPlug() overrides of Incus, read at v6.0.0, v6.0.4, v6.0.6 and
 * v6.23.0 (internal/server/device/): nic bridged, macvlan, sriov, physical,
 * routed, ovn and p2p, none, proxy, usb true; nic ipvlan and gpu mig false;
 * pci true from v6.0.2 and v6.5.0; gpu physical, infiniband, gpu mdev and
 * sriov, unix-*, tpm keep deviceCommon's (containers only).  Before these
 * spans the table held no Incus release, so Incus took deviceCommon's answer
 * for every type (seen live on 6.0.4: an ipvlan nic given to a running
 * container by a profile, 'Device cannot be added when instance is
 * running', tests/live/incus-scenarios/nic-parent-missing.scn). */
#define ALL_AND_INCUS { MS_SPAN_ALL, MS_SPAN_ALL, MS_SPAN_ALL, MS_INC_ALL }
#define NOT_50_AND_INCUS { MS_SPAN_NONE, MS_SPAN_ALL, MS_SPAN_ALL, MS_INC_ALL }
/* clang-format on */

/* clang-format off */
static const MsDeviceTypeDef types[] = {
    { "nic", "bridged", MS_DEV_MIGRATE_NETWORK_KEY, MS_DEV_HOTPLUG_ALWAYS, ALL_AND_INCUS,
      "lxd/device/nic_bridged.go:53 CanHotPlug, :58 CanMigrate (d.network != nil: a managed network)" },
    { "nic", "macvlan", MS_DEV_MIGRATE_NETWORK_KEY, MS_DEV_HOTPLUG_ALWAYS, ALL_AND_INCUS,
      "lxd/device/nic_macvlan.go:29 CanHotPlug, :34 CanMigrate (config network set)" },
    { "nic", "sriov", MS_DEV_MIGRATE_NETWORK_KEY, MS_DEV_HOTPLUG_ALWAYS, ALL_AND_INCUS,
      "lxd/device/nic_sriov.go:25 CanHotPlug, :30 CanMigrate (config network set)" },
    { "nic", "ovn", MS_DEV_MIGRATE_ALWAYS, MS_DEV_HOTPLUG_ALWAYS, NOT_50_AND_INCUS,
      "lxd/device/nic_ovn.go:55 CanHotPlug (absent at lxd-5.0.2), :60 CanMigrate (:51 at lxd-5.0.2)" },
    { "nic", "physical", MS_DEV_MIGRATE_NEVER, MS_DEV_HOTPLUG_ALWAYS, ALL_AND_INCUS,
      "lxd/device/nic_physical.go:30 CanHotPlug (:22 at lxd-5.0.2); no CanMigrate" },
    { "nic", "ipvlan", MS_DEV_MIGRATE_NEVER, MS_DEV_HOTPLUG_NEVER, ALL_AND_INCUS,
      "lxd/device/nic_ipvlan.go:30 CanHotPlug false (:26 at lxd-5.0.2); no CanMigrate" },
    { "nic", "routed", MS_DEV_MIGRATE_NEVER, MS_DEV_HOTPLUG_ALWAYS, ALL_AND_INCUS,
      "lxd/device/nic_routed.go:36 CanHotPlug (:34 at lxd-5.0.2); no CanMigrate" },
    { "nic", "p2p", MS_DEV_MIGRATE_NEVER, MS_DEV_HOTPLUG_ALWAYS, MS_REL_INCUS(MS_INC_ALL),
      "lxd/device/nic_p2p.go: neither method overridden; Incus: internal/server/device/nic_p2p.go:21 CanHotPlug true (v6.0.0), :22 (v6.0.4, v6.23.0)" },
    { "infiniband", "physical", MS_DEV_MIGRATE_NEVER, MS_DEV_HOTPLUG_CONTAINER_ONLY, NO_RELEASES,
      "lxd/device/infiniband_physical.go: neither method overridden" },
    { "infiniband", "sriov", MS_DEV_MIGRATE_NEVER, MS_DEV_HOTPLUG_CONTAINER_ONLY, NO_RELEASES,
      "lxd/device/infiniband_sriov.go: neither method overridden" },
    { "gpu", "physical", MS_DEV_MIGRATE_NEVER, MS_DEV_HOTPLUG_CONTAINER_UNLESS_CDI, MS_REL_SINCE(3, 2),
      "lxd/device/gpu_physical.go:694 CanHotPlug (:627 at lxd-5.21.3 and lxd-6.2, absent before); no CanMigrate" },
    { "gpu", "mig", MS_DEV_MIGRATE_NEVER, MS_DEV_HOTPLUG_NEVER, ALL_AND_INCUS,
      "lxd/device/gpu_mig.go:101 CanHotPlug false (:100 at lxd-5.0.2); no CanMigrate" },
    { "gpu", "mdev", MS_DEV_MIGRATE_NEVER, MS_DEV_HOTPLUG_CONTAINER_ONLY, NO_RELEASES,
      "lxd/device/gpu_mdev.go: neither method overridden" },
    { "gpu", "sriov", MS_DEV_MIGRATE_NEVER, MS_DEV_HOTPLUG_CONTAINER_ONLY, NO_RELEASES,
      "lxd/device/gpu_sriov.go: neither method overridden" },
    { "proxy", NULL, MS_DEV_MIGRATE_NEVER, MS_DEV_HOTPLUG_ALWAYS, ALL_AND_INCUS,
      "lxd/device/proxy.go:60 CanHotPlug (:55 at lxd-5.0.2); no CanMigrate" },
    { "usb", NULL, MS_DEV_MIGRATE_NEVER, MS_DEV_HOTPLUG_ALWAYS, ALL_AND_INCUS,
      "lxd/device/usb.go:357 CanHotPlug (:320 at lxd-5.0.2); no CanMigrate" },
    { "unix-char", NULL, MS_DEV_MIGRATE_NEVER, MS_DEV_HOTPLUG_CONTAINER_ONLY, NO_RELEASES,
      "lxd/device/unix_common.go: neither method overridden" },
    { "unix-block", NULL, MS_DEV_MIGRATE_NEVER, MS_DEV_HOTPLUG_CONTAINER_ONLY, NO_RELEASES,
      "lxd/device/unix_common.go: neither method overridden" },
    { "unix-hotplug", NULL, MS_DEV_MIGRATE_NEVER, MS_DEV_HOTPLUG_CONTAINER_ONLY, NO_RELEASES,
      "lxd/device/unix_hotplug.go: neither method overridden" },
    { "disk", NULL, MS_DEV_MIGRATE_DISK, MS_DEV_HOTPLUG_ALWAYS, ALL_AND_INCUS,
      "lxd/device/disk.go:90 CanMigrate, :116 CanHotPlug (lxd-6.9); :95, :120 (lxd-5.21.7); :90, :105 (lxd-5.0.2); DISK.HOTPLUG_STATEFUL for 5.21.0-5.21.2 and 6.1" },
    { "none", NULL, MS_DEV_MIGRATE_ALWAYS, MS_DEV_HOTPLUG_ALWAYS, NOT_50_AND_INCUS,
      "lxd/device/none.go:13 CanMigrate, :18 CanHotPlug (absent at lxd-5.0.2)" },
    { "tpm", NULL, MS_DEV_MIGRATE_ALWAYS, MS_DEV_HOTPLUG_CONTAINER_ONLY, NO_RELEASES,
      "lxd/device/tpm.go:30 CanMigrate true (:27 at lxd-5.0.2, lxd-5.21.0); no CanHotPlug" },
    { "pci", NULL, MS_DEV_MIGRATE_NEVER, MS_DEV_HOTPLUG_ALWAYS,
      { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 4)), MS_SPAN_FROM(MS_VERSION(6, 5, 0)), MS_INC_SINCE(2, 5) },
      "lxd/device/pci.go:110 CanHotPlug (lxd-5.21.4, lxd-6.5 .. lxd-6.9, absent before); no CanMigrate; Incus: internal/server/device/pci.go:102 (v6.0.4; from v6.0.2 and v6.5.0, absent at v6.0.1 and v6.4.0), :118 (v6.0.6, v6.23.0)" },
};
/* clang-format on */

const MsDeviceTypeDef *
ms_device_types(guint *n_types)
{
    *n_types = G_N_ELEMENTS(types);
    return types;
}

const MsDeviceTypeDef *
ms_device_type_lookup(const char *type, const char *subtype)
{
    if (g_strcmp0(type, "gpu") == 0 && (subtype == NULL || *subtype == '\0'))
        subtype = "physical"; /* lxd/device/device_load.go: gputype defaults to physical */
    for (guint i = 0; i < G_N_ELEMENTS(types); i++) {
        if (g_strcmp0(types[i].type, type) != 0)
            continue;
        if (types[i].subtype == NULL || g_strcmp0(types[i].subtype, subtype) == 0)
            return &types[i];
    }
    return NULL;
}

/* cdi.ToCDI accepts "vendor/class=name" (lxd/device/cdi/utils.go). */
static gboolean
is_cdi_id(const char *id)
{
    const char *slash = id != NULL ? strchr(id, '/') : NULL;

    return slash != NULL && slash != id && strchr(slash, '=') != NULL;
}

gboolean
ms_device_type_can_hotplug(const MsDeviceTypeDef *def, const MsProfile *profile, gboolean is_container,
                           const char *gpu_id)
{
    if (!ms_releases_contain(&def->hotplug_releases, profile->version))
        return is_container;
    switch (def->hotplug) {
    case MS_DEV_HOTPLUG_ALWAYS:
        return TRUE;
    case MS_DEV_HOTPLUG_NEVER:
        return FALSE;
    case MS_DEV_HOTPLUG_CONTAINER_UNLESS_CDI:
        return is_container && !is_cdi_id(gpu_id);
    case MS_DEV_HOTPLUG_CONTAINER_ONLY:
    default:
        return is_container;
    }
}
