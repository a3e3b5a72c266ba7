/* migsim: every device type LXD has (lxd/device/device_load.go), with what
 * decides evacuation and hot-plugging: CanMigrate() and CanHotPlug(), per
 * release.  A type that does not override a method gets deviceCommon's
 * answer (lxd/device/device_common.go): never migratable, hot-pluggable into
 * containers only. */
#pragma once

#include <glib.h>

#include "ms-version.h"

G_BEGIN_DECLS

typedef enum {
    MS_DEV_MIGRATE_NEVER, /* deviceCommon.CanMigrate */
    MS_DEV_MIGRATE_ALWAYS,
    MS_DEV_MIGRATE_NETWORK_KEY, /* config["network"] != "" (bridged: d.network != nil) */
    MS_DEV_MIGRATE_DISK,        /* root disk or remote pool; see DISK.CAN_MIGRATE */
} MsDevMigrate;

typedef enum {
    MS_DEV_HOTPLUG_CONTAINER_ONLY, /* deviceCommon.CanHotPlug */
    MS_DEV_HOTPLUG_ALWAYS,
    MS_DEV_HOTPLUG_NEVER,
    MS_DEV_HOTPLUG_CONTAINER_UNLESS_CDI, /* gpu physical: CDI ids need a start hook */
} MsDevHotplug;

typedef struct {
    const char *type;    /* "nic", "gpu", "infiniband", "disk", ... */
    const char *subtype; /* nictype / gputype, NULL for types without one */
    MsDevMigrate migrate;
    /* The override of CanHotPlug and the releases that have it; the other
     * releases use deviceCommon's. */
    MsDevHotplug hotplug;
    MsReleases hotplug_releases;
    const char *lxd_ref;
} MsDeviceTypeDef;

/* The entry for a device's type and subtype (@subtype NULL: the type's
 * default, "physical" for gpu); NULL for a type LXD does not have. */
const MsDeviceTypeDef *ms_device_type_lookup(const char *type, const char *subtype);
const MsDeviceTypeDef *ms_device_types(guint *n_types);
/* CanHotPlug() of a device of @def in @profile's release. */
gboolean ms_device_type_can_hotplug(const MsDeviceTypeDef *def, const MsProfile *profile,
                                    gboolean is_container, const char *gpu_id);

G_END_DECLS
