/* migsim: the mixed workload of `migsim bench`: a seeded generator and the
 * hand-derived outcome of each class it makes (docs/bench.md, "The mixed
 * workload").  The expectations below read only the generator's choices
 * (ms_mixed_class), never the model's expanded config or its rule table.
 *
 * LXD source, lxd-5.21.7, `lxc cluster evacuate/restore --force` (no
 * --action, so req.Mode is ""):
 * - CanMigrate (driver_common.go:1409-1453): cluster.evacuate (default
 *   auto) migrate -> (true, false), live-migrate -> (true, true), stop ->
 *   (false, false); auto -> (false, false) when a device cannot migrate
 *   (disk.go:95-107: a non-root disk on a local pool), else (true,
 *   VM && migration.stateful).
 * - evacuateInstances (api_cluster.go:3314-3388): a running instance is
 *   stopped unless it live-migrates, and stopFunc records
 *   volatile.last_state.power=RUNNING (api_cluster.go:3126); a
 *   non-migratable instance stays; a migratable one goes to a candidate
 *   (evacuateClusterSelectTarget, api_cluster.go:4406-4430, and
 *   GetCandidateMembers, db/node.go:1052-1075: not evacuated, not
 *   scheduler.instance=manual, not scheduler.instance=group since the
 *   target group is "", inside volatile.cluster.group if set) or stays if
 *   there is none; volatile.evacuate.origin is set; it is started on the
 *   target when it was running (start = isRunning || autostart,
 *   instances.go:274: boot.autostart unset and last_state.power STOPPED
 *   for the stopped ones), a live migration keeps it running, a stopped
 *   instance moves stopped (instance_post.go:834, live = stateful &&
 *   running).
 * - restoreClusterMember (api_cluster.go:3391-3600): instances still on the
 *   member start when last_state.power is RUNNING; the others come back
 *   (live if CanMigrate says so, else stopped and started again when they
 *   were running) and lose volatile.evacuate.origin.
 * - A live migration of a VM without migration.stateful=true fails
 *   (driver_qemu.go:6832), and so does the evacuation: the generator gives
 *   cluster.evacuate=live-migrate only to stateful VMs.
 * So after each member's evacuate and restore every instance is home again
 * in its first state. */
#include "ms-bench-mixed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms-config.h"
#include "ms-member.h"
#include "ms-pool.h"
#include "ms-volume.h"

#define MIXED_REPORT_MAX 10 /* failures printed; all are counted */

typedef enum { MODE_AUTO, MODE_MIGRATE, MODE_STOP, MODE_LIVE } MixedMode;

static const char *const mode_profiles[] = { NULL, "evac-migrate", "evac-stop", "evac-live" };

/* splitmix64: the generator's only source of choices */
static guint64
mix(guint64 seed, guint64 i)
{
    guint64 z = seed * 0x9E3779B97F4A7C15ull + (i + 1) * 0xBF58476D1CE4E5B9ull;

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* ---- members: groups and scheduler.instance by their number j (1-based) ---- */

static const char *
member_group(guint k)
{
    guint j = k + 1;

    return j % 10 == 2 ? "gpu" : (j % 10 == 6 || j % 10 == 7) ? "edge" : NULL;
}

static const char *
member_scheduler(guint k)
{
    guint j = k + 1;

    return j % 20 == 4 ? "manual" : (j % 20 == 12 || j % 20 == 16) ? "group" : "all";
}

/* Could an instance evacuated from member @from go to member @to?
 * (GetCandidateMembers, see the top of the file; volatile.cluster.group
 * plays no part.) */
static gboolean
candidate(guint from, guint to)
{
    return to != from && g_str_equal(member_scheduler(to), "all");
}

static gboolean
has_candidate(guint n_members, guint from)
{
    for (guint to = 0; to < n_members; to++)
        if (candidate(from, to))
            return TRUE;
    return FALSE;
}

/* ---- instances ---- */

typedef struct {
    MsMixedClass c;
    MixedMode profile_mode;
    gboolean local_stop;   /* local config cluster.evacuate=stop over the profile's */
    guint stateful_layers; /* 0 none, 1 [stateful], 2 [stateful, stateless], 3 [stateless, stateful] */
    gboolean small;        /* profile "small" */
    guint volume_kind[2];  /* 0 remote fs, 1 remote block, 2 local fs, 3 local block */
    guint64 h;
} MixedPlan;

static void
plan(guint n_members, guint64 seed, guint64 i, MixedPlan *p)
{
    guint64 h = mix(seed, i);
    guint k = (guint) (i % n_members);
    MixedMode mode;
    gboolean stateful, live_candidate, local = FALSE;
    guint modesel;

    memset(p, 0, sizeof(*p));
    p->h = h;
    p->c.vm = h % 100 < 30;
    p->c.stopped = (h >> 7) % 100 < 10;
    p->c.remote_root = (h >> 14) % 100 < 60;
    modesel = (guint) ((h >> 21) % 100);
    mode = modesel < 55 ? MODE_AUTO : modesel < 70 ? MODE_MIGRATE : modesel < 85 ? MODE_STOP : MODE_LIVE;
    /* live-migrate only for VMs on the remote pool: a container's would
     * need CRIU, a local root's a storage live migration (not generated) */
    if (mode == MODE_LIVE && !(p->c.vm && p->c.remote_root))
        mode = MODE_MIGRATE;
    p->profile_mode = mode;
    p->local_stop = (h >> 28) % 100 < 5;
    if (p->local_stop)
        mode = MODE_STOP;
    if (p->c.vm && p->c.remote_root)
        p->stateful_layers = (guint) ((h >> 35) % 4);
    stateful = p->stateful_layers == 1 || p->stateful_layers == 3; /* the last profile wins */
    /* a live migration without migration.stateful=true fails the whole
     * evacuation (driver_qemu.go:6832 at lxd-5.21.7): not generated */
    if (p->profile_mode == MODE_LIVE && !stateful)
        p->profile_mode = mode = p->local_stop ? MODE_STOP : MODE_MIGRATE;
    p->small = (h >> 37) % 3 == 0;
    live_candidate = p->c.vm && (mode == MODE_LIVE || (mode == MODE_AUTO && stateful));
    /* custom volumes: not on a live candidate nor a stateful VM (5.21.3+
     * refuses a shared filesystem or a local disk on those) */
    if (!live_candidate && !(p->c.vm && stateful) && (h >> 39) % 100 < 20) {
        p->c.n_volumes = 1 + (guint) ((h >> 46) & 1);
        for (guint v = 0; v < p->c.n_volumes; v++) {
            guint kind = (guint) ((h >> (47 + 2 * v)) & 3);

            if (!p->c.vm)
                kind &= ~1u; /* block volumes attach to VMs only */
            if (mode == MODE_MIGRATE)
                kind &= 1u; /* a forced migration with a local volume: not generated */
            p->volume_kind[v] = kind;
            local |= kind >= 2;
        }
    }
    p->c.migrate = mode != MODE_STOP && !(mode == MODE_AUTO && local);
    p->c.live = p->c.migrate && live_candidate;
    p->c.group = member_group(k) != NULL && (h >> 52) % 2 == 1;
}

void
ms_mixed_class(guint n_members, guint64 seed, guint64 i, MsMixedClass *out)
{
    MixedPlan p;

    plan(n_members, seed, i, &p);
    *out = p.c;
}

static void
instance_name(char *buf, gsize size, gboolean vm, guint64 i)
{
    g_snprintf(buf, size, "%c%07" G_GUINT64_FORMAT, vm ? 'v' : 'c', i);
}

static MsDevice *
disk(const char *pool, const char *source, const char *path)
{
    MsDevice *device = ms_device_new();

    ms_device_set(device, "type", "disk");
    if (path != NULL)
        ms_device_set(device, "path", path);
    ms_device_set(device, "pool", pool);
    if (source != NULL)
        ms_device_set(device, "source", source);
    return device;
}

static void
add_profile(MsCluster *cluster, const char *name, const char *key, const char *value)
{
    MsProfileEntity *profile = ms_profile_entity_new(name);

    ms_config_set(profile->config, key, value);
    g_ptr_array_add(cluster->profiles, profile);
}

static void
add_pool(MsCluster *cluster, const char *name, const char *driver)
{
    MsPool *pool = ms_pool_new(name, driver);

    pool->state = MS_POOL_CREATED;
    for (guint i = 0; i < cluster->members->len; i++)
        g_hash_table_insert(pool->member_state, g_strdup(((MsMember *) cluster->members->pdata[i])->name),
                            GINT_TO_POINTER(MS_POOL_CREATED + 1));
    g_ptr_array_add(cluster->pools, pool);
}

static void
add_instance(MsCluster *cluster, guint n_members, guint64 seed, guint64 i)
{
    MixedPlan p;
    guint k = (guint) (i % n_members);
    const char *home = ((MsMember *) cluster->members->pdata[k])->name;
    char name[32], value[32];
    MsInstance *inst;
    GPtrArray *profiles;
    MsDevice *root;

    plan(n_members, seed, i, &p);
    instance_name(name, sizeof(name), p.c.vm, i);
    inst = ms_instance_new(name, p.c.vm ? MS_INSTANCE_VM : MS_INSTANCE_CONTAINER, home);
    profiles = ms_instance_profiles_mut(inst);
    g_ptr_array_add(profiles, g_strdup("default"));
    if (p.small)
        g_ptr_array_add(profiles, g_strdup("small"));
    if (p.stateful_layers == 1 || p.stateful_layers == 2)
        g_ptr_array_add(profiles, g_strdup("stateful"));
    if (p.stateful_layers >= 2)
        g_ptr_array_add(profiles, g_strdup("stateless"));
    if (p.stateful_layers == 3)
        g_ptr_array_add(profiles, g_strdup("stateful"));
    if (mode_profiles[p.profile_mode] != NULL)
        g_ptr_array_add(profiles, g_strdup(mode_profiles[p.profile_mode]));
    root = disk(p.c.remote_root ? "remote" : "local", NULL, "/");
    g_snprintf(value, sizeof(value), "%" G_GUINT64_FORMAT "MiB", 10240 + i); /* a distinct root size */
    ms_device_set(root, "size", value);
    ms_devices_set(inst->devices, "root", root);
    for (guint v = 0; v < p.c.n_volumes; v++) {
        guint kind = p.volume_kind[v];
        gboolean block = kind & 1, local = kind >= 2;
        char volume[40], device[8], path[16];

        g_snprintf(volume, sizeof(volume), "%s-%u", name, v);
        g_snprintf(device, sizeof(device), "data%u", v);
        g_snprintf(path, sizeof(path), "/mnt/data%u", v);
        g_ptr_array_add(cluster->volumes,
                        ms_volume_new(local ? "local" : "remote", volume,
                                      block ? MS_CONTENT_BLOCK : MS_CONTENT_FILESYSTEM, local ? home : NULL));
        ms_devices_set(inst->devices, device, disk(local ? "local" : "remote", volume, block ? NULL : path));
    }
    g_snprintf(value, sizeof(value), "%u", 1 + (guint) ((p.h >> 54) % 4));
    ms_instance_set_config(inst, "limits.cpu", value);
    g_snprintf(value, sizeof(value), "%uMiB", 256 * (1 + (guint) ((p.h >> 56) % 16)));
    ms_instance_set_config(inst, "limits.memory", value);
    g_snprintf(value, sizeof(value), "%" G_GUINT64_FORMAT, i);
    ms_instance_set_config(inst, "user.id", value);
    if (p.local_stop)
        ms_instance_set_config(inst, "cluster.evacuate", "stop");
    if (p.c.group)
        ms_instance_set_config(inst, "volatile.cluster.group", member_group(k));
    inst->status = p.c.stopped ? MS_INSTANCE_STOPPED : MS_INSTANCE_RUNNING;
    ms_instance_set_config(inst, "volatile.last_state.power", p.c.stopped ? "STOPPED" : "RUNNING");
    ms_cluster_add_instance(cluster, inst);
}

MsCluster *
ms_mixed_build(guint n_members, guint64 n_instances, guint64 seed)
{
    MsCluster *cluster = ms_cluster_new();
    char name[32];

    for (guint k = 0; k < n_members; k++) {
        MsMember *member;
        const char *group = member_group(k);

        g_snprintf(name, sizeof(name), "m%04u", k + 1);
        member = ms_cluster_add_member(cluster, name);
        if (group != NULL)
            g_ptr_array_add(ms_member_groups_mut(member), g_strdup(group));
        ms_member_set_string(member, &member->scheduler_instance, member_scheduler(k));
    }
    g_ptr_array_add(cluster->cluster_groups, g_strdup("gpu"));
    g_ptr_array_add(cluster->cluster_groups, g_strdup("edge"));
    ms_cluster_assign_roles(cluster);
    add_pool(cluster, "remote", "ceph");
    add_pool(cluster, "local", "zfs");
    add_profile(cluster, "small", "limits.cpu", "1");
    add_profile(cluster, "stateful", "migration.stateful", "true");
    add_profile(cluster, "stateless", "migration.stateful", "false");
    add_profile(cluster, "evac-migrate", "cluster.evacuate", "migrate");
    add_profile(cluster, "evac-stop", "cluster.evacuate", "stop");
    add_profile(cluster, "evac-live", "cluster.evacuate", "live-migrate");
    for (guint64 i = 0; i < n_instances; i++)
        add_instance(cluster, n_members, seed, i);
    return cluster;
}

/* ---- the outcome ---- */

static void
expect(MsMixedTally *tally, gboolean ok, const char *instance, const char *when, const char *what,
       const char *expected, const char *got)
{
    tally->checks++;
    if (ok)
        return;
    if (tally->failures++ < MIXED_REPORT_MAX)
        fprintf(stderr, "bench: outcome: %s after %s: %s is %s, expected %s\n", instance, when, what,
                got ? got : "(unset)", expected);
}

static guint
member_index(const char *location)
{
    return location != NULL && location[0] == 'm' ? (guint) strtoul(location + 1, NULL, 10) - 1 : G_MAXUINT;
}

void
ms_mixed_check_member(const MsCluster *cluster, guint n_members, guint64 n_instances, guint64 seed, guint k,
                      gboolean evacuated, MsMixedTally *tally)
{
    const char *home = ((MsMember *) cluster->members->pdata[k])->name;
    const char *when = evacuated ? "evacuate" : "restore";
    gboolean target = has_candidate(n_members, k);
    guint64 stays = 0;
    char name[32];

    for (guint64 i = k; i < n_instances; i += n_members) {
        MsMixedClass c;
        const MsInstance *inst;
        gboolean moves, running;
        const char *power;

        ms_mixed_class(n_members, seed, i, &c);
        instance_name(name, sizeof(name), c.vm, i);
        inst = ms_cluster_lookup_instance(cluster, name);
        tally->checks++;
        if (inst == NULL) {
            if (tally->failures++ < MIXED_REPORT_MAX)
                fprintf(stderr, "bench: outcome: %s after %s: missing\n", name, when);
            continue;
        }
        moves = evacuated && c.migrate && target;
        /* running: first state after a restore; after an evacuation only a
         * moved instance that was running, or a live one that found no target */
        running = !c.stopped && (!evacuated || moves || c.live);
        power = c.stopped ? "STOPPED" : "RUNNING";
        if (moves) {
            guint to = member_index(inst->location);
            gboolean ok = to < n_members && candidate(k, to);

            expect(tally, ok, name, when, "location", "another member with scheduler.instance=all",
                   inst->location);
            expect(tally, g_strcmp0(ms_instance_get_config(inst, "volatile.evacuate.origin"), home) == 0,
                   name, when, "volatile.evacuate.origin", home,
                   ms_instance_get_config(inst, "volatile.evacuate.origin"));
        } else {
            stays++;
            expect(tally, g_strcmp0(inst->location, home) == 0, name, when, "location", home, inst->location);
            expect(tally, ms_instance_get_config(inst, "volatile.evacuate.origin") == NULL, name, when,
                   "volatile.evacuate.origin", "(unset)",
                   ms_instance_get_config(inst, "volatile.evacuate.origin"));
        }
        expect(tally, inst->status == (running ? MS_INSTANCE_RUNNING : MS_INSTANCE_STOPPED), name, when,
               "status", running ? "RUNNING" : "STOPPED", ms_instance_status_to_string(inst->status));
        expect(tally, g_strcmp0(ms_instance_get_config(inst, "volatile.last_state.power"), power) == 0, name,
               when, "volatile.last_state.power", power,
               ms_instance_get_config(inst, "volatile.last_state.power"));
    }
    /* nothing else landed on the member */
    {
        g_autoptr(GPtrArray) here = ms_cluster_list_instances(cluster, home);
        char expected[32], got[32];

        g_snprintf(expected, sizeof(expected), "%" G_GUINT64_FORMAT, stays);
        g_snprintf(got, sizeof(got), "%u", here->len);
        expect(tally, here->len == stays, home, when, "the number of instances on the member", expected, got);
    }
}
