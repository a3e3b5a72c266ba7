/* migsim: the duration table (data) and duration parsing. */
#include "ms-clock.h"

#include <stdlib.h>
#include <string.h>

/* Measured with `lxc` 5.0.2 against the 3-member loopback cluster
 * (tests/live/lxd-cluster.sh, busybox image on a dir pool), 3 runs each, on
 * 2026-12-02: the median is the figure, the range is in the comment.
 * "live-lxd §6" is /work/shared/reference/live-lxd.md section 6 (same
 * cluster, 2026-11-26).  Commands not measured take ASSUMED (a REST round
 * trip of a config change, 0.13-0.41 s measured). */
#define ASSUMED 150
#define MEASURED_CONFIG "measured 2026-12-02: lxc config set 0.13-0.41 s"

/* clang-format off */
static const MsDurationDef durations[MS_OP_LAST] = {
    [MS_OP_INIT] = { MS_OP_INIT, 1750, 1950,
                     "measured 2026-12-02: lxc init 1.71-1.81 s; lxc launch 0.99-2.70 s (median 1.96)" },
    [MS_OP_START] = { MS_OP_START, 550, 0,
                      "measured 2026-12-02: lxc start 0.42-0.60 s (live-lxd §6: 0.16 s)" },
    [MS_OP_STOP] = { MS_OP_STOP, 900, 0,
                     "measured 2026-12-02: lxc stop 0.78-0.97 s, --force 0.92-0.98 s (live-lxd §6: 0.64 s)" },
    [MS_OP_RESTART] = { MS_OP_RESTART, 1450, 0, "stop + start (not measured as one command)" },
    [MS_OP_DELETE] = { MS_OP_DELETE, 200, 1250,
                       "measured 2026-12-02: delete of a stopped instance 0.11-0.24 s, delete --force of a "
                       "running one 0.88-1.38 s" },
    [MS_OP_CONFIG_SET] = { MS_OP_CONFIG_SET, 150, 0, MEASURED_CONFIG },
    [MS_OP_CONFIG_UNSET] = { MS_OP_CONFIG_UNSET, 150, 0, MEASURED_CONFIG },
    [MS_OP_CONFIG_GET] = { MS_OP_CONFIG_GET, ASSUMED, 0, "assumed" },
    [MS_OP_DEVICE_ADD] = { MS_OP_DEVICE_ADD, ASSUMED, 0, "assumed" },
    [MS_OP_DEVICE_REMOVE] = { MS_OP_DEVICE_REMOVE, ASSUMED, 0, "assumed" },
    [MS_OP_DEVICE_SET] = { MS_OP_DEVICE_SET, ASSUMED, 0, "assumed" },
    [MS_OP_DEVICE_UNSET] = { MS_OP_DEVICE_UNSET, ASSUMED, 0, "assumed" },
    [MS_OP_PROFILE_CREATE] = { MS_OP_PROFILE_CREATE, ASSUMED, 0, "assumed" },
    [MS_OP_PROFILE_DELETE] = { MS_OP_PROFILE_DELETE, ASSUMED, 0, "assumed" },
    [MS_OP_PROFILE_SET] = { MS_OP_PROFILE_SET, ASSUMED, 0, "assumed" },
    [MS_OP_PROFILE_UNSET] = { MS_OP_PROFILE_UNSET, ASSUMED, 0, "assumed" },
    [MS_OP_PROFILE_DEVICE_ADD] = { MS_OP_PROFILE_DEVICE_ADD, ASSUMED, 0, "assumed" },
    [MS_OP_PROFILE_DEVICE_REMOVE] = { MS_OP_PROFILE_DEVICE_REMOVE, ASSUMED, 0, "assumed" },
    [MS_OP_PROFILE_DEVICE_SET] = { MS_OP_PROFILE_DEVICE_SET, ASSUMED, 0, "assumed" },
    [MS_OP_PROFILE_DEVICE_UNSET] = { MS_OP_PROFILE_DEVICE_UNSET, ASSUMED, 0, "assumed" },
    [MS_OP_EXEC] = { MS_OP_EXEC, ASSUMED, 0, "assumed" },
    [MS_OP_PROFILE_SET_LIST] = { MS_OP_PROFILE_SET_LIST, ASSUMED, 0, "assumed" },
    [MS_OP_PROFILE_ASSIGN] = { MS_OP_PROFILE_ASSIGN, ASSUMED, 0, "assumed" },
    [MS_OP_PROFILE_UNASSIGN] = { MS_OP_PROFILE_UNASSIGN, ASSUMED, 0, "assumed" },
    [MS_OP_STORAGE_CREATE] = { MS_OP_STORAGE_CREATE, ASSUMED, 0, "assumed" },
    [MS_OP_STORAGE_DELETE] = { MS_OP_STORAGE_DELETE, ASSUMED, 0, "assumed" },
    [MS_OP_VOLUME_CREATE] = { MS_OP_VOLUME_CREATE, 50, 0, "measured 2026-12-02: 0.049 s" },
    [MS_OP_VOLUME_DELETE] = { MS_OP_VOLUME_DELETE, 55, 0, "measured 2026-12-02: 0.055 s" },
    [MS_OP_VOLUME_ATTACH] = { MS_OP_VOLUME_ATTACH, ASSUMED, 0, "assumed" },
    [MS_OP_VOLUME_DETACH] = { MS_OP_VOLUME_DETACH, ASSUMED, 0, "assumed" },
    [MS_OP_BACKUP_CREATE] = { MS_OP_BACKUP_CREATE, ASSUMED, 0, "assumed" },
    [MS_OP_MOVE] = { MS_OP_MOVE, 300, 1100,
                     "live-lxd §6: stopped move about 0.3 s, --stateless move of a running container about "
                     "1.1 s" },
    [MS_OP_EVACUATE] = { MS_OP_EVACUATE, 50, 0,
                         "measured 2026-12-02: 0.044 s with nothing to move; per instance see "
                         "ms_clock_duration_ms" },
    [MS_OP_RESTORE] = { MS_OP_RESTORE, 90, 0,
                        "measured 2026-12-02: 0.088 s with nothing to move; per instance see "
                        "ms_clock_duration_ms" },
    [MS_OP_LIST] = { MS_OP_LIST, 250, 0, "measured 2026-12-02: lxc list 0.22-0.31 s" },
    [MS_OP_CLUSTER_LIST] = { MS_OP_CLUSTER_LIST, ASSUMED, 0, "assumed" },
    [MS_OP_DEVICE_OVERRIDE] = { MS_OP_DEVICE_OVERRIDE, ASSUMED, 0, "assumed" },
    [MS_OP_STORAGE_SET] = { MS_OP_STORAGE_SET, ASSUMED, 0, "assumed" },
    [MS_OP_STORAGE_UNSET] = { MS_OP_STORAGE_UNSET, ASSUMED, 0, "assumed" },
    [MS_OP_PROFILE_COPY] = { MS_OP_PROFILE_COPY, ASSUMED, 0, "assumed" },
    [MS_OP_PROFILE_RENAME] = { MS_OP_PROFILE_RENAME, ASSUMED, 0, "assumed" },
    [MS_OP_SNAPSHOT] = { MS_OP_SNAPSHOT, ASSUMED, 0, "assumed" },
    [MS_OP_COPY] = { MS_OP_COPY, 480, 0, "measured 2026-12-02: lxc copy --target 0.48 s" },
    [MS_OP_VOLUME_RENAME] = { MS_OP_VOLUME_RENAME, ASSUMED, 0, "assumed" },
    [MS_OP_VOLUME_SHOW] = { MS_OP_VOLUME_SHOW, ASSUMED, 0, "assumed" },
    [MS_OP_VOLUME_GET] = { MS_OP_VOLUME_GET, ASSUMED, 0, "assumed" },
    [MS_OP_VOLUME_SET] = { MS_OP_VOLUME_SET, ASSUMED, 0, "assumed" },
    [MS_OP_VOLUME_UNSET] = { MS_OP_VOLUME_UNSET, ASSUMED, 0, "assumed" },
    [MS_OP_VOLUME_SNAPSHOT] = { MS_OP_VOLUME_SNAPSHOT, ASSUMED, 0, "assumed" },
    [MS_OP_NETWORK_CREATE] = { MS_OP_NETWORK_CREATE, ASSUMED, 0, "assumed" },
    [MS_OP_NETWORK_SET] = { MS_OP_NETWORK_SET, ASSUMED, 0, "assumed" },
    [MS_OP_NETWORK_UNSET] = { MS_OP_NETWORK_UNSET, ASSUMED, 0, "assumed" },
    [MS_OP_FORWARD_CREATE] = { MS_OP_FORWARD_CREATE, ASSUMED, 0, "assumed" },
    [MS_OP_FORWARD_DELETE] = { MS_OP_FORWARD_DELETE, ASSUMED, 0, "assumed" },
    [MS_OP_VOLUME_IMPORT] = { MS_OP_VOLUME_IMPORT, ASSUMED, 0, "assumed" },
    [MS_OP_GROUP_CREATE] = { MS_OP_GROUP_CREATE, ASSUMED, 0, "assumed" },
    [MS_OP_GROUP_ASSIGN] = { MS_OP_GROUP_ASSIGN, ASSUMED, 0, "assumed" },
    [MS_OP_MEMBER_SET] = { MS_OP_MEMBER_SET, ASSUMED, 0, "assumed" },
    [MS_OP_MEMBER_UNSET] = { MS_OP_MEMBER_UNSET, ASSUMED, 0, "assumed" },
    [MS_OP_MEMBER_REMOVE] = { MS_OP_MEMBER_REMOVE, ASSUMED, 0, "assumed" },
    [MS_OP_MEMBER_RENAME] = { MS_OP_MEMBER_RENAME, ASSUMED, 0, "assumed" },
    [MS_OP_PLACEMENT_GROUP_CREATE] = { MS_OP_PLACEMENT_GROUP_CREATE, ASSUMED, 0, "assumed" },
    [MS_OP_VOLUME_COPY] = { MS_OP_VOLUME_COPY, ASSUMED, 0, "assumed" },
    [MS_OP_VOLUME_MOVE] = { MS_OP_VOLUME_MOVE, ASSUMED, 0, "assumed" },
    [MS_OP_INFO] = { MS_OP_INFO, ASSUMED, 0, "assumed" },
    [MS_OP_CONFIG_SHOW] = { MS_OP_CONFIG_SHOW, ASSUMED, 0, "assumed" },
    [MS_OP_CLUSTER_SHOW] = { MS_OP_CLUSTER_SHOW, ASSUMED, 0, "assumed" },
    [MS_OP_PROFILE_SHOW] = { MS_OP_PROFILE_SHOW, ASSUMED, 0, "assumed" },
    [MS_OP_STORAGE_LIST] = { MS_OP_STORAGE_LIST, ASSUMED, 0, "assumed" },
    [MS_OP_VOLUME_LIST] = { MS_OP_VOLUME_LIST, ASSUMED, 0, "assumed" },
    [MS_OP_PROFILE_LIST] = { MS_OP_PROFILE_LIST, ASSUMED, 0, "assumed" },
    [MS_OP_NETWORK_LIST] = { MS_OP_NETWORK_LIST, ASSUMED, 0, "assumed" },
    [MS_OP_OPERATION_LIST] = { MS_OP_OPERATION_LIST, ASSUMED, 0, "assumed" },
    [MS_OP_PROJECT_CREATE] = { MS_OP_PROJECT_CREATE, ASSUMED, 0, "assumed" },
    [MS_OP_PROJECT_SET] = { MS_OP_PROJECT_SET, ASSUMED, 0, "assumed" },
    [MS_OP_PROJECT_UNSET] = { MS_OP_PROJECT_UNSET, ASSUMED, 0, "assumed" },
    [MS_OP_PROJECT_DELETE] = { MS_OP_PROJECT_DELETE, ASSUMED, 0, "assumed" },
    [MS_OP_PROJECT_SWITCH] = { MS_OP_PROJECT_SWITCH, ASSUMED, 0, "assumed" },
    [MS_OP_PROJECT_RENAME] = { MS_OP_PROJECT_RENAME, ASSUMED, 0, "assumed" },
    [MS_OP_PROFILE_EDIT] = { MS_OP_PROFILE_EDIT, ASSUMED, 0, "assumed" },
    [MS_OP_CONFIG_EDIT] = { MS_OP_CONFIG_EDIT, ASSUMED, 0, "assumed" },
    [MS_OP_VOLUME_EDIT] = { MS_OP_VOLUME_EDIT, ASSUMED, 0, "assumed" },
    [MS_OP_IMAGE_COPY] = { MS_OP_IMAGE_COPY, ASSUMED, 0, "assumed" },
    [MS_OP_IMAGE_DELETE] = { MS_OP_IMAGE_DELETE, ASSUMED, 0, "assumed" },
    [MS_OP_IMAGE_IMPORT] = { MS_OP_IMAGE_IMPORT, ASSUMED, 0, "assumed" },
    [MS_OP_NETWORK_DELETE] = { MS_OP_NETWORK_DELETE, ASSUMED, 0, "assumed" },
    [MS_OP_RENAME] = { MS_OP_RENAME, ASSUMED, 0, "assumed" },
    [MS_OP_SNAPSHOT_RESTORE] = { MS_OP_SNAPSHOT_RESTORE, ASSUMED, 0, "assumed" },
    [MS_OP_GROUP_RENAME] = { MS_OP_GROUP_RENAME, ASSUMED, 0, "assumed" },
    [MS_OP_GROUP_DELETE] = { MS_OP_GROUP_DELETE, ASSUMED, 0, "assumed" },
    [MS_OP_GROUP_REMOVE] = { MS_OP_GROUP_REMOVE, ASSUMED, 0, "assumed" },
    [MS_OP_GROUP_ADD] = { MS_OP_GROUP_ADD, ASSUMED, 0, "assumed" },
    [MS_OP_PLACEMENT_GROUP_DELETE] = { MS_OP_PLACEMENT_GROUP_DELETE, ASSUMED, 0, "assumed" },
    [MS_OP_PLACEMENT_GROUP_RENAME] = { MS_OP_PLACEMENT_GROUP_RENAME, ASSUMED, 0, "assumed" },
    [MS_OP_PLACEMENT_GROUP_SET] = { MS_OP_PLACEMENT_GROUP_SET, ASSUMED, 0, "assumed" },
    [MS_OP_PLACEMENT_GROUP_UNSET] = { MS_OP_PLACEMENT_GROUP_UNSET, ASSUMED, 0, "assumed" },
    [MS_OP_VOLUME_RESTORE] = { MS_OP_VOLUME_RESTORE, ASSUMED, 0, "assumed" },
    [MS_OP_GROUP_EDIT] = { MS_OP_GROUP_EDIT, ASSUMED, 0, "assumed" },
    [MS_OP_NETWORK_RENAME] = { MS_OP_NETWORK_RENAME, ASSUMED, 0, "assumed" },
    [MS_OP_REBUILD] = { MS_OP_REBUILD, ASSUMED, 0, "assumed" },
};
/* clang-format on */

G_STATIC_ASSERT(G_N_ELEMENTS(durations) == MS_OP_LAST);

const MsDurationDef *
ms_duration_def(MsOpKind kind)
{
    g_return_val_if_fail(kind < MS_OP_LAST, NULL);
    return &durations[kind];
}

/* Per instance an evacuation or restore touches (live-lxd §6: 1.07-1.26 s
 * per container migrated each way with a clean stop, rsync and start; a
 * clean stop alone 0.64 s, a start 0.16 s). */
guint
ms_clock_event_ms(const MsEvent *event)
{
    switch (event->kind) {
    case MS_EVENT_MIGRATED:
    case MS_EVENT_LIVE_MIGRATED:
        return 1100;
    case MS_EVENT_STOPPED:
        return 650;
    case MS_EVENT_STARTED:
        return 160;
    default:
        return 0;
    }
}

guint64
ms_clock_duration_ms(const MsOp *op, const MsOutcome *outcome)
{
    const MsDurationDef *def = ms_duration_def(op->kind);
    guint64 ms = def->base_ms;

    if (outcome != NULL && !outcome->ok && outcome->http_status != 0 && !outcome->async)
        return 50; /* refused before any work: one request (0.03 s measured for a refused move) */
    if (outcome != NULL && !outcome->ok && outcome->http_status == 0)
        return 0; /* the client refused it: no request */
    switch (op->kind) {
    case MS_OP_INIT:
        if (op->start)
            ms = def->variant_ms;
        break;
    case MS_OP_DELETE:
    case MS_OP_MOVE:
        if (op->force || (op->kind == MS_OP_MOVE && outcome != NULL && outcome->events->len > 1))
            ms = def->variant_ms;
        break;
    case MS_OP_EVACUATE:
    case MS_OP_RESTORE:
        for (guint i = 0; outcome != NULL && i < outcome->events->len; i++)
            ms += ms_clock_event_ms(outcome->events->pdata[i]);
        break;
    default:
        break;
    }
    if (op->instances != NULL && op->instances->len > 1 &&
        (op->kind == MS_OP_START || op->kind == MS_OP_STOP || op->kind == MS_OP_RESTART ||
         op->kind == MS_OP_DELETE))
        ms *= op->instances->len;
    return ms;
}

gboolean
ms_clock_parse_duration(const char *text, guint64 *ms)
{
    static const struct {
        const char *suffix;
        double scale;
    } units[] = { { "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "h", 3600000 } };
    char *end = NULL;
    double value;

    if (text == NULL || !g_ascii_isdigit(text[0]))
        return FALSE;
    value = g_ascii_strtod(text, &end);
    if (end == text || !(value >= 0) || value > 1e9)
        return FALSE;
    for (guint i = 0; i < G_N_ELEMENTS(units); i++) {
        if (g_str_equal(end, units[i].suffix)) {
            *ms = (guint64) (value * units[i].scale + 0.5);
            return TRUE;
        }
    }
    return FALSE;
}
