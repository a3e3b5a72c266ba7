/* migsim: projects (ms-project.h), their place in the cluster, and the
 * `lxc project` requests (ms_apply_project). */
#include "ms-apply-private.h"
#include "ms-notify.h"
#include "ms-instance-keys-private.h"
#include "ms-names.h"

#include <string.h>

MsProject *
ms_project_new(const char *name, gboolean has_buckets)
{
    MsProject *project = g_new0(MsProject, 1);

    project->name = g_strdup(name);
    project->config = ms_config_new();
    ms_config_set(project->config, "features.images", "true");
    ms_config_set(project->config, "features.profiles", "true");
    ms_config_set(project->config, "features.storage.volumes", "true");
    if (has_buckets)
        ms_config_set(project->config, "features.storage.buckets", "true");
    project->images = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    project->image_aliases = ms_config_new();
    return project;
}

void
ms_project_forget_images(MsProject *project)
{
    g_clear_pointer(&project->images, g_hash_table_unref);
    g_clear_pointer(&project->image_aliases, g_hash_table_unref);
    project->aliases_unknown = FALSE;
}

gboolean
ms_project_images_known(const MsProject *project)
{
    return project != NULL && project->images != NULL && ms_project_feature(project, "images");
}

MsProject *
ms_project_copy(const MsProject *project)
{
    MsProject *copy = g_new0(MsProject, 1);

    copy->name = g_strdup(project->name);
    copy->config = ms_config_copy(project->config);
    if (project->images != NULL) {
        GHashTableIter iter;
        gpointer key;

        copy->images = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        g_hash_table_iter_init(&iter, project->images);
        while (g_hash_table_iter_next(&iter, &key, NULL))
            g_hash_table_add(copy->images, g_strdup(key));
        copy->image_aliases = ms_config_copy((GHashTable *) project->image_aliases);
    }
    copy->aliases_unknown = project->aliases_unknown;
    return copy;
}

void
ms_project_free(MsProject *project)
{
    if (project == NULL)
        return;
    g_free(project->name);
    g_hash_table_unref(project->config);
    ms_project_forget_images(project);
    g_free(project);
}

const char *
ms_project_key(const char *name)
{
    return name == NULL || g_str_equal(name, MS_PROJECT_DEFAULT) ? NULL : name;
}

const char *
ms_project_display(const char *name)
{
    return name != NULL ? name : MS_PROJECT_DEFAULT;
}

gboolean
ms_project_same(const char *a, const char *b)
{
    return g_strcmp0(ms_project_key(a), ms_project_key(b)) == 0;
}

gboolean
ms_project_feature(const MsProject *project, const char *feature)
{
    g_autofree char *key = g_strconcat("features.", feature, NULL);

    return project == NULL || ms_is_true(ms_config_get(project->config, key));
}

gboolean
ms_project_restricted(const MsProject *project)
{
    return project != NULL && ms_is_true(ms_config_get(project->config, "restricted"));
}

GStrv
ms_project_cluster_groups(const MsProject *project)
{
    const char *value = project != NULL ? ms_config_get(project->config, "restricted.cluster.groups") : NULL;
    g_auto(GStrv) parts = NULL;
    g_autoptr(GStrvBuilder) out = NULL;
    guint n = 0;

    /* no builder without the key: every evacuation and restore of an
     * instance asks (ms-evacuate.c), and almost no project has it */
    if (value == NULL)
        return NULL;
    /* SplitNTrimSpace(value, ",", -1, true): nil only when the whole value
     * is white space; an empty item stays in the list (lxd/project/limits/
     * permissions.go:1671 at lxd-5.21.7, lxd/instances_post.go:873 at
     * lxd-5.0.2, shared/util.go:1490-1502 at lxd-5.21.7), so "," restricts
     * the project to a group named "" that no member is in (review revD:
     * migsim dropped the empty items and lifted the restriction) */
    {
        g_autofree char *whole = ms_go_trim_space(value);
        if (*whole == '\0')
            return NULL;
    }
    out = g_strv_builder_new();
    parts = g_strsplit(value, ",", -1);
    for (guint i = 0; parts[i] != NULL; i++) {
        g_autofree char *trimmed = ms_go_trim_space(parts[i]);
        g_strv_builder_add(out, trimmed);
        n++;
    }
    return n > 0 ? g_strv_builder_end(out) : NULL;
}

/* ---- projects in the cluster ---- */

MsProject *
ms_cluster_lookup_project(const MsCluster *cluster, const char *name)
{
    if (ms_project_key(name) == NULL)
        return NULL;
    for (guint i = 0; i < cluster->projects->len; i++) {
        MsProject *project = cluster->projects->pdata[i];
        if (g_str_equal(project->name, name))
            return project;
    }
    return NULL;
}

/* The default project is restricted like any other: CheckTarget and
 * checkRestrictions read the project's config whatever its name
 * (lxd/project/limits/permissions.go:1624-1701 at lxd-5.21.7; LXD's own
 * test sets `lxc project set default restricted=true`,
 * test/suites/clustering_move.sh:211 at lxd-5.21.7). */
MsProject *
ms_cluster_lookup_restricting_project(const MsCluster *cluster, const char *name)
{
    if (ms_project_key(name) != NULL)
        return ms_cluster_lookup_project(cluster, name);
    for (guint i = 0; i < cluster->projects->len; i++) {
        MsProject *project = cluster->projects->pdata[i];
        if (g_str_equal(project->name, MS_PROJECT_DEFAULT))
            return project;
    }
    return NULL;
}

gboolean
ms_cluster_has_project(const MsCluster *cluster, const char *name)
{
    return ms_project_key(name) == NULL || ms_cluster_lookup_project(cluster, name) != NULL;
}

const char *
ms_cluster_profile_project(const MsCluster *cluster, const char *project)
{
    const MsProject *p;

    if (cluster->projects->len == 0 || ms_project_key(project) == NULL)
        return NULL;
    p = ms_cluster_lookup_project(cluster, project);
    return p != NULL && ms_project_feature(p, "profiles") ? p->name : NULL;
}

const char *
ms_cluster_network_project(const MsCluster *cluster, const char *project)
{
    const MsProject *p;

    if (cluster->projects->len == 0 || ms_project_key(project) == NULL)
        return NULL;
    p = ms_cluster_lookup_project(cluster, project);
    return p != NULL && ms_project_feature(p, "networks") ? p->name : NULL;
}

static gboolean
member_in_any(const MsMember *member, GStrv groups)
{
    for (guint i = 0; groups[i] != NULL; i++)
        if (ms_member_in_group(member, groups[i]))
            return TRUE;
    return FALSE;
}

GPtrArray *
ms_cluster_candidates_in(const MsCluster *cluster, const char *project, const MsInstance *instance,
                         const char *exclude)
{
    g_auto(GStrv) groups = ms_project_cluster_groups(ms_cluster_lookup_restricting_project(cluster, project));
    GPtrArray *candidates = ms_cluster_candidates(cluster, instance, NULL, exclude);

    for (guint i = candidates->len; groups != NULL && i-- > 0;)
        if (!member_in_any(candidates->pdata[i], groups))
            g_ptr_array_remove_index(candidates, i);
    return candidates;
}

MsMember *
ms_cluster_pick_member_in(const MsCluster *cluster, const char *project, const MsInstance *instance,
                          const char *exclude)
{
    g_auto(GStrv) groups = ms_project_cluster_groups(ms_cluster_lookup_restricting_project(cluster, project));
    g_autoptr(GPtrArray) candidates = NULL;

    if (groups == NULL)
        return ms_cluster_pick_member(cluster, instance, exclude);
    candidates = ms_cluster_candidates_in(cluster, project, instance, exclude);
    return ms_cluster_least_loaded(candidates);
}

/* ---- lxc project create|set|unset|delete ---- */

/* shared.IsFalse: "false", "0", "no", "off" in any case */
static gboolean
is_false(const char *value)
{
    static const char *const no[] = { "false", "0", "no", "off" };

    for (guint i = 0; value != NULL && i < G_N_ELEMENTS(no); i++)
        if (g_ascii_strcasecmp(value, no[i]) == 0)
            return TRUE;
    return FALSE;
}

/* The project keys migsim gives a meaning; others are stored and noted. */
static gboolean
key_modelled(const char *key)
{
    static const char *const keys[] = { "features.images",           "features.profiles",
                                        "features.storage.volumes",  "features.storage.buckets",
                                        "features.networks",         "restricted",
                                        "restricted.cluster.groups", "restricted.cluster.target" };

    for (guint i = 0; i < G_N_ELEMENTS(keys); i++)
        if (g_str_equal(key, keys[i]))
            return TRUE;
    return g_str_has_prefix(key, "user.") || ms_project_count_key(key);
}

/* The restricted.* keys model/ms-project-restrict.c applies (its
 * restriction() and blocked device types); their values are not validated
 * (projectValidateConfig's validators, lxd/api_project.go:1069-1117 at
 * lxd-5.0.2). */
static gboolean
key_applied(const char *key)
{
    static const char *const keys[] = {
        "restricted.backups",
        "restricted.snapshots",
        "restricted.containers.nesting",
        "restricted.containers.interception",
        "restricted.containers.lowlevel",
        "restricted.containers.privilege",
        "restricted.virtual-machines.lowlevel",
        "restricted.devices.nic",
        "restricted.devices.disk",
        "restricted.devices.unix-char",
        "restricted.devices.unix-block",
        "restricted.devices.unix-hotplug",
        "restricted.devices.infiniband",
        "restricted.devices.gpu",
        "restricted.devices.usb",
        "restricted.devices.pci",
        "restricted.devices.proxy",
    };

    for (guint i = 0; i < G_N_ELEMENTS(keys); i++)
        if (g_str_equal(key, keys[i]))
            return TRUE;
    return FALSE;
}

static gboolean project_value_judged(const char *key);

static void
note_unmodelled_keys(MsApply *apply)
{
    const MsOp *op = apply->op;

    for (guint i = 0; i < op->keys->len; i++) {
        const char *key = op->keys->pdata[i];
        /* the aggregate limits: summed on creates, copies and updates
         * (ms-project-aggregate.c), the requests migsim does not sum saying
         * "not modelled" themselves */
        if (key_modelled(key) || ms_project_aggregate_key(key) || g_str_has_prefix(key, "limits.disk.pool."))
            continue;
        /* every restriction migsim applies has its value validated
         * (project_values) */
        if (key_applied(key))
            continue;
        ms_outcome_add_note(
            apply->outcome,
            project_value_judged(key)
                ? "project key %s: not modelled (migsim validates its value and stores it, but "
                  "does not apply its effect)"
                : "project key %s: not modelled (migsim stores it but neither validates it nor "
                  "applies its effect)",
            key);
    }
}

/* projectValidateConfig's key map (lxd/api_project.go:1069-1117 at
 * lxd-5.0.2, :1253-1635 at lxd-5.21.7, :1765-2168 at lxd-6.9), read at every
 * LXD tag lxd-5.0.0 .. lxd-6.9: the keys not in every release, with the
 * releases that have them.  user.* is always accepted. */
typedef struct {
    const char *key;
    MsReleases releases; /* all-NONE: every LXD release */
} ProjectKeyDef;

/* clang-format off */
static const ProjectKeyDef project_keys[] = {
    { "backups.compression_algorithm" }, { "features.images" }, { "features.networks" },
    { "features.profiles" }, { "features.storage.volumes" }, { "images.auto_update_cached" },
    { "images.auto_update_interval" }, { "images.compression_algorithm" }, { "images.default_architecture" },
    { "images.remote_cache_expiry" }, { "limits.containers" }, { "limits.cpu" }, { "limits.disk" },
    { "limits.instances" }, { "limits.memory" }, { "limits.networks" }, { "limits.processes" },
    { "limits.virtual-machines" }, { "restricted" }, { "restricted.backups" }, { "restricted.cluster.groups" },
    { "restricted.cluster.target" }, { "restricted.containers.interception" },
    { "restricted.containers.lowlevel" }, { "restricted.containers.nesting" },
    { "restricted.containers.privilege" }, { "restricted.devices.disk" }, { "restricted.devices.disk.paths" },
    { "restricted.devices.gpu" }, { "restricted.devices.infiniband" }, { "restricted.devices.nic" },
    { "restricted.devices.pci" }, { "restricted.devices.proxy" }, { "restricted.devices.unix-block" },
    { "restricted.devices.unix-char" }, { "restricted.devices.unix-hotplug" }, { "restricted.devices.usb" },
    { "restricted.idmap.gid" }, { "restricted.idmap.uid" }, { "restricted.networks.subnets" },
    { "restricted.networks.uplinks" }, { "restricted.networks.zones" }, { "restricted.snapshots" },
    { "restricted.virtual-machines.lowlevel" },
    /* not at lxd-5.0.0, 5.0.1 nor 5.1 .. 5.5 */
    { "restricted.networks.access", MS_REL_V5(MS_SPAN_50_FROM(2), MS_SPAN_5_FROM(6), MS_SPAN_ALL, MS_SPAN_ALL) },
    { "features.storage.buckets", MS_REL_V5(MS_SPAN_NONE, MS_SPAN_5_FROM(5), MS_SPAN_ALL, MS_SPAN_ALL) },
    { "features.networks.zones", MS_REL_V5(MS_SPAN_NONE, MS_SPAN_5_FROM(9), MS_SPAN_ALL, MS_SPAN_ALL) },
    { "replica.cluster", MS_REL_SINCE_6(8) },
    { "replica.mode", MS_REL_V5(MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_RANGE(MS_VERSION(6, 8, 0), MS_VERSION(6, 9, 0))) },
};
/* clang-format on */

/* The keys built from pool and uplink network names
 * (projectConfigKeys["limits.disk.pool."+poolName], ...: lxd/api_project.go
 * :1659,1683,1692 at lxd-5.21.7, :2192,2216,2225 at lxd-6.9).
 * limits.disk.pool.POOL from lxd-5.21.3 and lxd-6.2 (:1408 at both; none
 * at lxd-5.21.2 or lxd-6.1; 8e95e4a5be, 156d196b54), the uplink keys from
 * lxd-5.21.4 and lxd-6.3 (none at lxd-5.21.3 or lxd-6.2).  Until review
 * revB (session 35) the pool key was refused as unknown at 5.21.3 and 6.2. */
static const MsReleases pool_key_releases = MS_REL_SINCE(3, 2);
static const MsReleases uplink_key_releases = MS_REL_SINCE(4, 3);

typedef enum { PROJECT_KEY_UNKNOWN, PROJECT_KEY_KNOWN, PROJECT_KEY_UNSURE } ProjectKeyState;

static ProjectKeyState
project_key_state(MsApply *apply, GHashTable *config, const char *key)
{
    static const MsReleases every = { { 0, 0 }, { 0, 0 }, { 0, 0 }, { { 0, 0 }, { 0, 0 } } };
    MsVersion version = apply->profile->version;
    gboolean pool_keys = ms_releases_contain(&pool_key_releases, version);
    gboolean uplink_keys = ms_releases_contain(&uplink_key_releases, version);

    if (g_str_has_prefix(key, "user."))
        return PROJECT_KEY_KNOWN;
    for (guint i = 0; i < G_N_ELEMENTS(project_keys); i++)
        if (g_str_equal(project_keys[i].key, key))
            return memcmp(&project_keys[i].releases, &every, sizeof every) == 0 ||
                           ms_releases_contain(&project_keys[i].releases, version)
                       ? PROJECT_KEY_KNOWN
                       : PROJECT_KEY_UNKNOWN;
    if (pool_keys && g_str_has_prefix(key, "limits.disk.pool."))
        return ms_cluster_lookup_pool(apply->cluster, key + strlen("limits.disk.pool.")) != NULL
                   ? PROJECT_KEY_KNOWN
                   : PROJECT_KEY_UNKNOWN;
    /* only with features.networks=true, for the networks
     * AllowedUplinkNetworks returns: migsim does not follow that list */
    if (uplink_keys && (g_str_has_prefix(key, "limits.networks.uplink_ips.ipv4.") ||
                        g_str_has_prefix(key, "limits.networks.uplink_ips.ipv6.")))
        return ms_is_true(ms_config_get(config, "features.networks")) ? PROJECT_KEY_UNSURE
                                                                      : PROJECT_KEY_UNKNOWN;
    return PROJECT_KEY_UNKNOWN;
}

/* Whether Incus' projectValidateConfig takes @key at every tag: the keys
 * of project_keys but LXD 6.8's replica.cluster and replica.mode, none of
 * which Incus has (cmd/incusd/api_project.go projectValidateConfig, its
 * map compared with project_keys at v6.0.0, v6.0.4, v6.0.6, v6.10.0,
 * v6.23.0, v7.0.0 and v7.3.0), and user.*.  LXD's limits.disk.pool.* (per
 * existing pool, from 6.0.4 and not at v6.0.0: api_project.go:1781 at
 * v6.0.4) and limits.networks.uplink_ips.* (no Incus tag) are not taken
 * as known: they were accepted, a confident ok Incus refuses (review
 * revA). */
static gboolean
known_to_incus(const char *key)
{
    if (g_str_has_prefix(key, "user."))
        return TRUE;
    if (g_str_has_prefix(key, "replica."))
        return FALSE;
    for (guint i = 0; i < G_N_ELEMENTS(project_keys); i++)
        if (g_str_equal(project_keys[i].key, key))
            return TRUE;
    return FALSE;
}

/* The values projectValidateConfig checks that migsim follows: booleans
 * (validate.Optional(validate.IsBool)) and the validate.IsOneOf lists
 * (isEitherAllowOrBlock is IsOneOf("block", "allow"), isEitherAllowOrBlockOrManaged
 * adds "managed"), the same validators at every LXD tag lxd-5.0.0 .. lxd-6.9
 * (lxd/api_project.go:1069-1117 at lxd-5.0.2, :1268-1634 at lxd-5.21.7,
 * :1780-2146 at lxd-6.9; the texts shared/validate/validate.go:161 IsBool,
 * :171 IsOneOf at all three), and the IsUint32 counts (:80 at lxd-5.0.2,
 * :84 at lxd-5.21.7 and lxd-6.9; "Invalid value for uint32 %q: %w" at
 * every 5.0.x and 5.1-5.20 tag, git grep; seen live on 5.0.2:
 * limits.processes=x, gen 20 seed 20002 scenario 0).  Seen live on 5.0.2: project create -c
 * restricted=x and -c restricted.cluster.target=x refused,
 * tools/live-random.py --gen 20 --seed 20001 scenario 6.
 * Incus: every key of the table has the same validator at every tag
 * v6.0.0 .. v7.3.0 (cmd/incusd/api_project.go projectValidateConfig,
 * :1327-1481 at v6.0.4; the keys' lines compared at each of the 37 tags),
 * with the same texts (shared/validate/validate.go:91 IsUint32, :137
 * IsBool, :146 IsOneOf, :71 IsInt64, :162 IsListOf, :676 IsAbsFilePath at
 * v6.0.4; the same texts at v6.0.0, v6.0.6, v6.10.0, v6.23.0, v7.0.0,
 * v7.3.0).  Seen live on Incus 6.0.4: limits.processes=x
 * (tools/live-random.py --product incus --gen 20 --seed 39303 scenario 2). */
typedef enum {
    VALUE_BOOL,      /* validate.IsBool */
    VALUE_ONE_OF,    /* validate.IsOneOf(one_of...) */
    VALUE_UINT32,    /* validate.IsUint32 */
    VALUE_SIZE,      /* validate.IsSize */
    VALUE_INT64,     /* validate.IsInt64 */
    VALUE_ABS_PATHS, /* validate.IsListOf(validate.IsAbsFilePath) */
    VALUE_RANGES,    /* validate.IsListOf(validate.IsUint32Range) */
    VALUE_ARCH,      /* validate.IsArchitecture: the names of the release judged */
    VALUE_HOST,      /* validate.IsCompressionAlgorithm: "none", else the host's PATH */
    VALUE_UNREAD,    /* a validator migsim does not follow (the subnets' network lookup) */
} ProjectValueKind;

typedef struct {
    const char *key;
    ProjectValueKind kind;
    const char *const *one_of;
} ProjectValueDef;

static const char *const allow_block[] = { "block", "allow", NULL };
static const char *const allow_block_managed[] = { "block", "allow", "managed", NULL };
static const char *const interception[] = { "allow", "block", "full", NULL };
static const char *const privilege[] = { "allow", "unprivileged", "isolated", NULL };

/* clang-format off */
static const ProjectValueDef project_values[] = {
    { "features.profiles" }, { "features.images" }, { "features.storage.volumes" }, { "features.storage.buckets" },
    { "features.networks" }, { "features.networks.zones" }, { "images.auto_update_cached" }, { "restricted" },
    { "restricted.backups", VALUE_ONE_OF, allow_block }, { "restricted.cluster.target", VALUE_ONE_OF, allow_block },
    { "restricted.containers.interception", VALUE_ONE_OF, interception },
    { "restricted.containers.nesting", VALUE_ONE_OF, allow_block },
    { "restricted.containers.lowlevel", VALUE_ONE_OF, allow_block },
    { "restricted.containers.privilege", VALUE_ONE_OF, privilege },
    { "restricted.virtual-machines.lowlevel", VALUE_ONE_OF, allow_block },
    { "restricted.devices.unix-char", VALUE_ONE_OF, allow_block },
    { "restricted.devices.unix-block", VALUE_ONE_OF, allow_block },
    { "restricted.devices.unix-hotplug", VALUE_ONE_OF, allow_block },
    { "restricted.devices.infiniband", VALUE_ONE_OF, allow_block }, { "restricted.devices.gpu", VALUE_ONE_OF, allow_block },
    { "restricted.devices.usb", VALUE_ONE_OF, allow_block }, { "restricted.devices.pci", VALUE_ONE_OF, allow_block },
    { "restricted.devices.proxy", VALUE_ONE_OF, allow_block },
    { "restricted.devices.nic", VALUE_ONE_OF, allow_block_managed },
    { "restricted.devices.disk", VALUE_ONE_OF, allow_block_managed },
    { "restricted.snapshots", VALUE_ONE_OF, allow_block },
    { "limits.instances", VALUE_UINT32 }, { "limits.containers", VALUE_UINT32 },
    { "limits.virtual-machines", VALUE_UINT32 }, { "limits.processes", VALUE_UINT32 }, { "limits.cpu", VALUE_UINT32 },
    { "limits.networks", VALUE_UINT32 },
    /* validate.IsSize (lxd/api_project.go:1083,1086 at lxd-5.0.2, :1363,1381 at lxd-5.21.7,
     * :1875,1893 at lxd-6.9; the same two keys at every LXD tag 5.0.0 .. 6.9, git grep) */
    { "limits.memory", VALUE_SIZE }, { "limits.disk", VALUE_SIZE },
    /* lxd/api_project.go:1070-1079,1107-1112 at lxd-5.0.2, :1260-1339,1580-1618 at
     * lxd-5.21.7, :1772-1851,2092-2130 at lxd-6.9; Incus at v6.0.4 above */
    { "images.auto_update_interval", VALUE_INT64 }, { "images.remote_cache_expiry", VALUE_INT64 },
    { "restricted.devices.disk.paths", VALUE_ABS_PATHS },
    { "restricted.idmap.uid", VALUE_RANGES }, { "restricted.idmap.gid", VALUE_RANGES },
    { "images.default_architecture", VALUE_ARCH },
    { "backups.compression_algorithm", VALUE_HOST }, { "images.compression_algorithm", VALUE_HOST },
    { "restricted.networks.subnets", VALUE_UNREAD },
};
/* clang-format on */

/* VALUE_UNSURE: a value whose validator migsim does not follow, "not
 * modelled" rather than a guess either way */
typedef enum { VALUE_OK, VALUE_BAD, VALUE_UNSURE } ProjectValueState;

static gboolean
is_go_bool(const char *value)
{
    static const char *const words[] = { "true", "false", "yes", "no", "1", "0", "on", "off", NULL };
    g_autofree char *lower = g_ascii_strdown(value, -1);

    return g_strv_contains(words, lower);
}

/* restricted.cluster.groups must name existing cluster groups: LXD from
 * lxd-5.21.4 and 6.4 (commit 7af1803489; lxd/api_project.go:1408-1432 at
 * lxd-5.21.7, :1920-1944 at lxd-6.9, "Cluster group %q not found"; before,
 * validate.IsListOf(validate.IsAny), :1090 at lxd-5.0.2), Incus from v6.0.2
 * and v6.5.0 (commits a8f8d3df19, 655b36182d, Incus PR #1172;
 * cmd/incusd/api_project.go projectValidateConfig at v6.0.4, "Cluster group
 * %q doesn't exist").  Both split the list as SplitNTrimSpace(value, ",",
 * -1, true) and name the first missing group; nilIfEmpty: a value of
 * white space only names no group and passes (lxd/shared/util.go
 * SplitNTrimSpace at lxd-5.21.7, shared/util/string.go:43-55 at v6.0.4).
 * The text of a refusal (the validator's, not yet wrapped), or NULL. */
static char *
missing_cluster_group(const MsApply *apply, const char *value)
{
    static const MsReleases checked = { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, 4)),
                                        MS_SPAN_FROM(MS_VERSION(6, 4, 0)), MS_INC_SINCE(2, 5), MS_SPAN_NONE };
    g_auto(GStrv) names = NULL;
    g_autofree char *trimmed = ms_go_trim_space(value);

    if (*trimmed == '\0' || !ms_releases_contain(&checked, apply->profile->version))
        return NULL;
    names = g_strsplit(value, ",", -1);
    for (guint i = 0; names[i] != NULL; i++) {
        /* strings.TrimSpace: Unicode white space (U+0085, U+00A0 ...), not
         * only ASCII's */
        g_autofree char *name = ms_go_trim_space(names[i]);
        g_autofree char *quoted = NULL;

        if (ms_cluster_has_group(apply->cluster, name))
            continue;
        quoted = ms_go_quote(name);
        return ms_profile_is_incus(apply->profile) ? g_strdup_printf("Cluster group %s doesn't exist", quoted)
                                                   : g_strdup_printf("Cluster group %s not found", quoted);
    }
    return NULL;
}

/* strconv.ParseUint(value, 10, 32) as validate.IsUint32 calls it: its
 * error names the first fault it meets, a byte that is no digit (sign and
 * '_' too, base 10) or the overflow (shared/validate/validate.go:78-80 at
 * lxd-5.0.2, :82-84 at lxd-5.21.7 and lxd-6.9, :91-97 at Incus v6.0.4;
 * Go's strconv/atoi.go ParseUint).  NULL when it parses. */
static const char *
go_parse_uint32_fault(const char *value)
{
    guint64 n = 0;

    if (*value == '\0')
        return "invalid syntax";
    for (const char *p = value; *p != '\0'; p++) {
        if (!g_ascii_isdigit(*p))
            return "invalid syntax";
        if ((n = n * 10 + (guint64) (*p - '0')) > G_MAXUINT32)
            return "value out of range";
    }
    return NULL;
}

/* strconv.ParseInt(value, 10, 64) succeeds: an optional sign, then
 * decimal digits only, within int64 (Go's strconv/atoi.go ParseInt) */
static gboolean
go_parses_int64(const char *value)
{
    gboolean negative = *value == '-';
    guint64 n = 0, limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;

    if (*value == '+' || *value == '-')
        value++;
    if (*value == '\0')
        return FALSE;
    for (const char *p = value; *p != '\0'; p++) {
        if (!g_ascii_isdigit(*p) || n > (limit - (guint64) (*p - '0')) / 10)
            return FALSE;
        n = n * 10 + (guint64) (*p - '0');
    }
    return TRUE;
}

/* validate.IsListOf(CHECK): strings.Split on ",", each item
 * strings.TrimSpace'd, the first fault @item_fault finds wrapped
 * "Item %q: %w" (shared/validate/validate.go:184-196 at lxd-5.0.2;
 * :162-173 at Incus v6.0.4, the same at v7.3.0).  NULL when every item
 * passes. */
static char *
list_of_refusal(const char *value, char *(*item_fault)(const char *item))
{
    g_auto(GStrv) items = g_strsplit(value, ",", -1);

    for (guint i = 0; items[i] != NULL; i++) {
        g_autofree char *item = ms_go_trim_space(items[i]);
        g_autofree char *fault = item_fault(item);

        if (fault != NULL) {
            g_autofree char *quoted = ms_go_quote(item);

            return g_strdup_printf("Item %s: %s", quoted, fault);
        }
    }
    return NULL;
}

/* IsAbsFilePath: filepath.IsAbs refuses (on Linux) an item not starting
 * with "/" (shared/validate/validate.go:674-680 at lxd-5.0.2, :685-691 at
 * lxd-5.21.7, :686-692 at lxd-6.9; :676-682 at Incus v6.0.4). */
static char *
abs_path_fault(const char *item)
{
    return item[0] != '/' ? g_strdup("Must be absolute file path") : NULL;
}

/* IsUint32Range: ParseUint32Range splits the item once at "-" and returns
 * the first fault: "Invalid number %q" (the start is no uint32), "Invalid
 * end number %q" (the end is none), "Start number %d must be lower than
 * end number %d"; the item is quoted whole (shared/validate/validate.go:
 * 92,101,109,113 at lxd-5.0.2, :94,99,107,111 at lxd-5.21.7 and lxd-6.9,
 * strings.Cut from lxd-5.21.5/6.6 with the same texts; shared/util/
 * string.go:11,20,28,32 at Incus v6.0.4, :24,33,41,45 at v7.3.0; every LXD
 * tag 5.0.0 .. 6.9 and Incus tag v6.0.0 .. v7.3.0 compared). */
static char *
range_fault(const char *item)
{
    g_autofree char *quoted = ms_go_quote(item);
    g_auto(GStrv) ends = g_strsplit(item, "-", 2);
    guint64 start, end;

    if (go_parse_uint32_fault(ends[0]) != NULL)
        return g_strdup_printf("Invalid number %s", quoted);
    if (ends[1] == NULL)
        return NULL;
    if (go_parse_uint32_fault(ends[1]) != NULL)
        return g_strdup_printf("Invalid end number %s", quoted);
    start = g_ascii_strtoull(ends[0], NULL, 10);
    end = g_ascii_strtoull(ends[1], NULL, 10);
    if (start >= end)
        return g_strdup_printf("Start number %" G_GUINT64_FORMAT
                               " must be lower than end number %" G_GUINT64_FORMAT,
                               start, end);
    return NULL;
}

/* validate.IsArchitecture is IsOneOf(osarch.SupportedArchitectures()...),
 * a list built from a Go map (architectureNames, shared/osarch/
 * architectures.go:25,155 at lxd-5.0.2, :28,172 at lxd-5.21.7 and
 * lxd-6.9; :26,160 at Incus v6.0.4, :28,165 at v7.3.0), so a refusal
 * prints the names in map order: not modelled.  The twelve names below are
 * in the map at every tag; armv6l and armv8l from lxd-5.0.2 and 5.6,
 * loongarch64 from lxd-5.0.3 and 5.19, all three at every Incus tag
 * v6.0.0 .. v7.3.0 (the map compared at each tag).  TRUE when @profile's
 * map holds @value. */
static const char *const every_release_arch[] = { "i686",    "x86_64",  "armv7l", "aarch64", "ppc",
                                                  "ppc64",   "ppc64le", "s390x",  "mips",    "mips64",
                                                  "riscv32", "riscv64", NULL };

static gboolean
arch_supported(const MsProfile *profile, const char *value)
{
    MsVersion v = profile->version;
    gboolean series50 = v >= MS_VERSION(5, 0, 0) && v < MS_VERSION(5, 1, 0);

    if (g_strv_contains(every_release_arch, value))
        return TRUE;
    if (g_str_equal(value, "armv6l") || g_str_equal(value, "armv8l"))
        return ms_profile_is_incus(profile) ||
               (series50 ? v >= MS_VERSION(5, 0, 2) : v >= MS_VERSION(5, 6, 0));
    if (g_str_equal(value, "loongarch64"))
        return ms_profile_is_incus(profile) ||
               (series50 ? v >= MS_VERSION(5, 0, 3) : v >= MS_VERSION(5, 19, 0));
    return FALSE;
}

/* @key's value as projectValidateConfig judges it; *why: the validator's
 * text of a refused one.  Keys not in project_values take any value
 * (validate.IsAny and the lists of it, user.*). */
static ProjectValueState
project_value_state(const MsProfile *profile, const char *key, const char *value, char **why)
{
    for (guint i = 0; i < G_N_ELEMENTS(project_values); i++) {
        const ProjectValueDef *def = &project_values[i];
        g_autofree char *quoted = NULL;
        const char *fault;

        /* limits.disk.pool.POOL: validate.Optional(validate.IsSize)
         * (lxd/api_project.go:1659 at lxd-5.21.7, :2192 at lxd-6.9) */
        if (!g_str_equal(def->key, key) &&
            !(g_str_has_prefix(key, "limits.disk.pool.") && g_str_equal(def->key, "limits.disk")))
            continue;
        /* every one is validate.Optional but IsCompressionAlgorithm
         * (lxd/api_project.go:1070,1077 at lxd-5.0.2) */
        if (*value == '\0')
            return def->kind == VALUE_HOST ? VALUE_UNSURE : VALUE_OK;
        quoted = ms_go_quote(value);
        switch (def->kind) {
        case VALUE_SIZE:
            /* IsSize returns units.ParseByteSizeString's error as it is
             * (shared/validate/validate.go:209-216 at lxd-5.0.2, lxd-5.21.7 and lxd-6.9) */
            *why = ms_byte_size_error(value);
            return *why == NULL ? VALUE_OK : VALUE_BAD;
        case VALUE_UINT32:
            if ((fault = go_parse_uint32_fault(value)) == NULL)
                return VALUE_OK;
            *why = g_strdup_printf("Invalid value for uint32 %s: strconv.ParseUint: parsing %s: %s", quoted,
                                   quoted, fault);
            return VALUE_BAD;
        case VALUE_INT64:
            /* "Invalid value for an integer %q" (shared/validate/validate.go
             * :61-67 at lxd-5.0.2, :71-77 at lxd-5.21.7, :53-59 at lxd-6.9,
             * :71-77 at Incus v6.0.4) */
            if (go_parses_int64(value))
                return VALUE_OK;
            *why = g_strdup_printf("Invalid value for an integer %s", quoted);
            return VALUE_BAD;
        case VALUE_ABS_PATHS:
            *why = list_of_refusal(value, abs_path_fault);
            return *why == NULL ? VALUE_OK : VALUE_BAD;
        case VALUE_RANGES:
            *why = list_of_refusal(value, range_fault);
            return *why == NULL ? VALUE_OK : VALUE_BAD;
        case VALUE_ARCH:
            return arch_supported(profile, value) ? VALUE_OK : VALUE_UNSURE;
        case VALUE_HOST:
            return g_str_equal(value, "none") ? VALUE_OK : VALUE_UNSURE;
        case VALUE_UNREAD:
            return VALUE_UNSURE;
        case VALUE_BOOL:
            if (is_go_bool(value))
                return VALUE_OK;
            *why = g_strdup_printf("Invalid value for a boolean %s", quoted);
            return VALUE_BAD;
        case VALUE_ONE_OF:
            if (g_strv_contains(def->one_of, value))
                return VALUE_OK;
            {
                g_autofree char *list = g_strjoinv(" ", (char **) def->one_of);
                *why = g_strdup_printf("Invalid value %s (not one of [%s])", quoted, list);
            }
            return VALUE_BAD;
        }
    }
    return VALUE_OK;
}

/* TRUE when projectValidateConfig's validator of @key is followed for
 * some values at least (project_values) */
static gboolean
project_value_judged(const char *key)
{
    for (guint i = 0; i < G_N_ELEMENTS(project_values); i++)
        if (g_str_equal(project_values[i].key, key))
            return project_values[i].kind != VALUE_UNREAD;
    return FALSE;
}

/* An empty restricted.devices.nic passes projectValidateConfig (every
 * restriction is validate.Optional: lxd/api_project.go:1059-1115 at
 * lxd-5.0.2), but NetworkAllowed reads it as "managed"
 * (lxd/project/project.go:176-183 at lxd-5.0.2) where migsim's device
 * check reads it as neither: the key's name then, else NULL.  Values
 * outside each restriction's set are refused with LXD's text
 * (project_values above). */
static const char *
restriction_value_unchecked(GHashTable *config)
{
    const char *nic = ms_config_get(config, "restricted.devices.nic");

    return nic != NULL && *nic == '\0' ? "restricted.devices.nic" : NULL;
}

/* A key projectValidateConfig refuses, with its rule and text. */
typedef struct {
    MsRuleId rule;
    char *text;
} RefusedKey;

static RefusedKey *
refused_key_new(MsRuleId rule, char *text)
{
    RefusedKey *key = g_new(RefusedKey, 1);

    key->rule = rule;
    key->text = text;
    return key;
}

static void
refused_key_free(gpointer data)
{
    RefusedKey *key = data;

    g_free(key->text);
    g_free(key);
}

static gboolean fail_refused(MsApply *apply, GPtrArray *refused);

/* projectValidateConfig's key loop: an unknown key is refused ("Invalid
 * project configuration key %q", lxd/api_project.go:1130 at lxd-5.0.2,
 * :1719 at lxd-5.21.7, :2252 at lxd-6.9, the same text at every tag), a
 * value its validator refuses too ("Invalid project configuration key %q
 * value: %w", :1135 at lxd-5.0.2, :1724 at lxd-5.21.7, :2257 at lxd-6.9;
 * Incus :1812 at v6.0.4, :1488 at v6.0.0, :1870 at v6.23.0, :1910 at
 * v7.0.0, :1962 at v7.3.0, a BadRequest from projectsPost :361 and
 * projectChange :752 at v6.0.4).  The loop walks a Go map: with several
 * keys it refuses LXD names any one of them, so a value migsim cannot
 * judge (VALUE_UNSURE) makes the whole answer "not modelled".  Incus: a
 * key not known to be Incus' is "not modelled" (below); the values are
 * judged as LXD's (project_values: the same validators and texts). */
static gboolean
check_config_keys(MsApply *apply, GHashTable *config)
{
    const char *unchecked = restriction_value_unchecked(config);
    gboolean incus = ms_profile_is_incus(apply->profile);
    const char *unsure = NULL;

    g_autofree const char **keys = NULL;
    g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func(refused_key_free);

    if (unchecked != NULL)
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: project key %s=%s (%s)",
                                             apply->profile->name, unchecked,
                                             ms_config_get(config, unchecked),
                                             *ms_config_get(config, unchecked) == '\0'
                                                 ? "empty, NetworkAllowed reads it as managed, the "
                                                   "device check as neither"
                                                 : "LXD validates the value; migsim applies only allow, "
                                                   "block and the restriction's own values"));
    keys = ms_config_sorted_keys(config);
    for (guint i = 0; keys[i] != NULL; i++) {
        ProjectKeyState state = incus ? PROJECT_KEY_KNOWN : project_key_state(apply, config, keys[i]);
        g_autofree char *why = NULL;
        ProjectValueState value_state;

        /* Incus refuses a key its own map lacks ("Invalid project
         * configuration key %q", cmd/incusd/api_project.go:1327-1481 at
         * v6.0.4), a map migsim does not hold: a key no LXD release knows
         * may still be Incus' own, so it is "not modelled", never ok
         * (test/suites/projects.sh:59 at v6.0.4 sets "garbage") */
        if (incus && !known_to_incus(keys[i]))
            return ms_apply_fail(
                apply, MS_RULE_NONE, 0, FALSE,
                g_strdup_printf("migsim: not modelled for %s: project key %s, which migsim does "
                                "not know Incus to take (Incus' project key map is not "
                                "modelled)",
                                apply->profile->name, keys[i]));
        if (state == PROJECT_KEY_UNSURE)
            return ms_apply_fail(
                apply, MS_RULE_NONE, 0, FALSE,
                g_strdup_printf("migsim: not modelled for %s: project key %s; LXD accepts it only "
                                "for the uplink networks the project may use",
                                apply->profile->name, keys[i]));
        if (state == PROJECT_KEY_UNKNOWN) {
            ms_apply_check(apply, MS_RULE_PROJECT_CONFIG_KEY_UNKNOWN, apply->op->project, TRUE);
            g_ptr_array_add(refused, refused_key_new(MS_RULE_PROJECT_CONFIG_KEY_UNKNOWN,
                                                     ms_rule_message(MS_RULE_PROJECT_CONFIG_KEY_UNKNOWN,
                                                                     apply->profile, keys[i])));
            continue;
        }
        if (g_str_equal(keys[i], "restricted.cluster.groups"))
            why = missing_cluster_group(apply, ms_config_get(config, keys[i]));
        value_state =
            why != NULL ? VALUE_BAD
                        : project_value_state(apply->profile, keys[i], ms_config_get(config, keys[i]), &why);
        if (value_state == VALUE_UNSURE && unsure == NULL)
            unsure = keys[i];
        if (value_state == VALUE_BAD) {
            ms_apply_check(apply, MS_RULE_PROJECT_CONFIG_VALUE, apply->op->project, TRUE);
            g_ptr_array_add(refused, refused_key_new(MS_RULE_PROJECT_CONFIG_VALUE,
                                                     ms_rule_message(MS_RULE_PROJECT_CONFIG_VALUE,
                                                                     apply->profile, keys[i], why)));
        }
    }
    if (unsure != NULL)
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: project key %s=%s (a validator "
                            "migsim follows only in part: an architecture name the release refuses "
                            "(its list in Go map order), "
                            "a compressor looked up on the host, a subnet "
                            "of an uplink network)",
                            apply->profile->name, unsure, ms_config_get(config, unsure)));
    if (refused->len == 0) {
        if (!incus)
            ms_apply_check(apply, MS_RULE_PROJECT_CONFIG_KEY_UNKNOWN, apply->op->project, FALSE);
        ms_apply_check(apply, MS_RULE_PROJECT_CONFIG_VALUE, apply->op->project, FALSE);
        return TRUE;
    }
    return fail_refused(apply, refused);
}

/* the walk is over the config, a Go map (`for k, v := range config`,
 * lxd/api_project.go:1119 at lxd-5.0.2, :1708 at lxd-5.21.7, :2241 at
 * lxd-6.9; Incus cmd/incusd/api_project.go:1790 at v6.0.4): the first
 * refused key it meets is named, any of them.  Seen live on 5.0.2:
 * `project create P -c limits.memory=50% -c features.profiles=x` named
 * features.profiles (tools/live-random.py --gen 20 --seed 32002 scenario 0
 * line 86); the answer is the set */
static gboolean
fail_refused(MsApply *apply, GPtrArray *refused)
{
    const RefusedKey *first = refused->pdata[0];

    for (guint i = 1; i < refused->len; i++) {
        const RefusedKey *other = refused->pdata[i];

        if (apply->outcome->alternatives == NULL)
            apply->outcome->alternatives = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(apply->outcome->alternatives, g_strdup(other->text));
    }
    if (refused->len > 1)
        ms_outcome_add_note(apply->outcome,
                            "%u project keys are refused: LXD walks the config in Go map order and names "
                            "any one of them",
                            refused->len);
    return ms_apply_fail(apply, first->rule, ms_rule_def(first->rule)->http_status, FALSE,
                         g_strdup(first->text));
}

/* projectValidateConfig's last check (lxd/api_project.go:1142 at lxd-5.0.2) */
static gboolean
check_restricted_profiles(MsApply *apply, GHashTable *config)
{
    gboolean bad = ms_is_true(ms_config_get(config, "restricted")) &&
                   is_false(ms_config_get(config, "features.profiles"));

    if (ms_apply_check(apply, MS_RULE_PROJECT_RESTRICTED_PROFILES, apply->op->project, bad))
        return ms_apply_reject(apply, MS_RULE_PROJECT_RESTRICTED_PROFILES);
    return TRUE;
}

/* ---- AllowProjectUpdate: the project's instances and profiles against
 * its new config ---- */

/* Whether @config changes a key of @project starting with @prefix (set,
 * changed or removed: projectChange's configChanged, lxd/api_project.go
 * :648-661 at lxd-5.0.2). */
static gboolean
changes_prefix(const MsProject *project, GHashTable *config, const char *prefix)
{
    GHashTable *tables[] = { project->config, config };

    for (guint t = 0; t < G_N_ELEMENTS(tables); t++) {
        GHashTableIter iter;
        gpointer key;
        g_hash_table_iter_init(&iter, tables[t]);
        while (g_hash_table_iter_next(&iter, &key, NULL))
            if (g_str_has_prefix(key, prefix) &&
                g_strcmp0(ms_config_get(project->config, key), ms_config_get(config, key)) != 0)
                return TRUE;
    }
    return FALSE;
}

/* Does @project hold custom volumes of its own (GetCustomVolumesInProject)? */
static gboolean
holds_volumes(const MsCluster *cluster, const char *project)
{
    for (guint i = 0; i < cluster->volumes->len; i++)
        if (ms_project_same(((const MsVolume *) cluster->volumes->pdata[i])->project, project))
            return TRUE;
    return FALSE;
}

/* Could AllowProjectUpdate refuse @config for @project's instances and
 * profiles in a way migsim does not follow?  A limit over existing
 * instances that is neither a count nor one of the four aggregate keys
 * (permissions.go:967-1037 at lxd-5.0.2, :1175-1225 at lxd-5.21.7;
 * internal/server/project/permissions.go:1028-1101 at v6.0.4); the
 * restrictions are followed in LXD and in Incus, which keeps LXD 5.0's
 * per-key form (ms_apply_project_update_restrictions).  Under Incus
 * (@incus) limits.disk over custom volumes is not read. */
static const char *
project_update_unknown(const MsCluster *cluster, const MsProject *project, GHashTable *config, gboolean incus)
{
    gboolean holds = FALSE;
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        if (ms_project_same(((MsInstance *) value)->project, project->name))
            holds = TRUE;
    g_hash_table_iter_init(&iter, config);
    while (g_hash_table_iter_next(&iter, &key, NULL)) {
        /* the count limits: ms_apply_project_count_lowering */
        /* the aggregate keys: ms_apply_project_aggregate_conflict and
         * _lowering */
        /* limits.disk.pool.*: summed whole from 5.21.5 and 6.6
         * (ms_apply_project_aggregate_conflict), no case of the changed
         * keys' switch before (lxd/project/limits/permissions.go:1122-1144
         * at lxd-5.21.4) */
        if (holds && g_str_has_prefix(key, "limits.") && !ms_project_count_key(key) &&
            !ms_project_aggregate_key(key) && !g_str_has_prefix(key, "limits.disk.pool."))
            return "limits over its existing instances";
        /* limits.disk sums the project's own custom volumes too
         * (getTotalsAcrossProjectEntities, permissions.go:1258-1268 at
         * lxd-5.0.2; lxd/project/limits/permissions.go:1379-1406 at
         * lxd-6.9): in LXD the aggregate checks add their sizes
         * (ms-project-aggregate.c volume_limits, "not modelled" for one
         * without a size), limits.disk.pool.* those of its pool; Incus
         * is not read */
        if (g_str_has_prefix(key, "limits.disk") && holds_volumes(cluster, project->name) && incus)
            return "limits.disk over its existing custom volumes";
    }
    return NULL;
}

/* A store's image cached by a launch from another remote
 * (ms-instance-create.c cache_remote_image): named REMOTE:IMAGE, where an
 * image copied in is named without a remote and an imported one file:... */
static gboolean
image_is_cached(const char *image)
{
    return strchr(image, ':') != NULL && !g_str_has_prefix(image, "file:");
}

/* UsedBy besides its own default profile: instances, other profiles, the
 * images of its own store (networks migsim keeps in the default project);
 * custom volumes are asked separately (project_delete_refused).
 * @skip_cached: the images cached by a launch do not count. */
static gboolean
project_in_use(const MsCluster *cluster, const char *name, gboolean skip_cached)
{
    GHashTableIter iter;
    gpointer value;

    for (guint i = 0; i < cluster->profiles->len; i++) {
        const MsProfileEntity *p = cluster->profiles->pdata[i];
        if (g_strcmp0(p->project, name) == 0 && !g_str_equal(p->name, "default"))
            return TRUE;
    }
    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        if (g_strcmp0(((const MsInstance *) value)->project, name) == 0)
            return TRUE;
    /* projectIsEmpty counts the project's images (lxd/api_project.go:
     * 1006-1013 at lxd-5.0.2) */
    {
        const MsProject *project = ms_cluster_lookup_project(cluster, name);
        GHashTableIter images;
        gpointer image;

        if (project != NULL && project->images != NULL) {
            g_hash_table_iter_init(&images, project->images);
            while (g_hash_table_iter_next(&images, &image, NULL))
                if (!skip_cached || !image_is_cached(image))
                    return TRUE;
        }
    }
    return FALSE;
}

/* A cached image (a launch from another remote, ms-instance-create.c) is
 * pruned once unused for images.remote_cache_expiry days, 10 by default,
 * by a daily task migsim does not run: say what the refusal assumes. */
static void
note_cached_images(MsApply *apply, const MsProject *project)
{
    GHashTableIter iter;
    gpointer key;
    const char *first = NULL;

    if (project->images == NULL)
        return;
    /* the smallest name, not the hash table's order */
    g_hash_table_iter_init(&iter, project->images);
    while (g_hash_table_iter_next(&iter, &key, NULL))
        if (image_is_cached(key) && (first == NULL || strcmp(key, first) < 0))
            first = key;
    if (first != NULL)
        ms_outcome_add_note(apply->outcome,
                            "project %s holds the image %s, cached by a launch; migsim assumes "
                            "it is still there (LXD prunes a cached image unused for "
                            "images.remote_cache_expiry days, 10 by default, which migsim does not model)",
                            project->name, first);
}

/* projectIsEmpty counts custom volumes (lxd/api_project.go:1029-1036 at
 * lxd-5.0.2; through projectUsedBy at lxd-5.0.0), except that from
 * lxd-5.0.1 until 5.21.3 and 6.3 it returns "empty" as soon as the
 * project's only profile is its default one (:1020-1024 at lxd-5.0.2,
 * :987-991 at lxd-5.2; LXD #15179, fixed by c6bc0a628f, :1045-1048 at
 * lxd-5.21.4 and lxd-6.4): a project with features.profiles and volumes is deleted,
 * its volumes' rows with it (storage_volumes.project_id ON DELETE
 * CASCADE, lxd/db/cluster/schema.go:462 at lxd-5.0.2) while their data
 * stays on the members.  Seen live on 5.0.2 (lane 3, 5 December 2026:
 * tests/live/scenarios/volume-projects.scn; custom/vp1_pv3 left in the
 * pool's directory).  Incus: 6.0.0 has the early return, 6.0.4 not; the
 * releases between are not read, so Incus says "not modelled".
 * *@drop_volumes: the delete goes through and takes the volumes along.
 * TRUE when refused. */
static gboolean
project_delete_refused(MsApply *apply, const MsProject *project, MsRuleId rule, gboolean *drop_volumes)
{
    const char *verb = rule == MS_RULE_PROJECT_NOT_EMPTY ? "delete" : "rename";
    /* clang-format off */
    static const MsReleases default_profile_empty = { MS_SPAN_50_FROM(1), MS_SPAN_UNTIL(MS_VERSION(5, 21, 4)),
                                                      MS_SPAN_UNTIL(MS_VERSION(6, 4, 0)), MS_INC_NONE, MS_SPAN_ALL };
    /* clang-format on */
    /* From 5.21.5 and 6.6 projectDelete leaves the project's cached images
     * out of the emptiness check and deletes them (6c5b24977a "lxd: remove
     * cached images during project deletion"; lxd/api_project.go:1068-1108
     * at lxd-5.21.7, :1279-1293 and :1350 at lxd-6.9; not at lxd-5.21.4,
     * lxd-6.5 or any 5.0.x tag).  Incus counts them (projectIsEmpty,
     * cmd/incusd/api_project.go:1300 at v6.0.4).  A rename asks
     * projectIsEmpty without skipped URLs, so they count there
     * (lxd/api_project.go:990 and :1739 at lxd-6.9). */
    static const MsReleases cached_images_pruned = MS_REL_SINCE(5, 6);
    const MsCluster *cluster = apply->cluster;
    gboolean skip_cached = rule == MS_RULE_PROJECT_NOT_EMPTY &&
                           ms_releases_contain(&cached_images_pruned, apply->profile->version);
    gboolean in_use = project_in_use(cluster, project->name, skip_cached);

    *drop_volumes = FALSE;
    if (!in_use && ms_cluster_project_holds_volumes(cluster, project->name)) {
        if (ms_profile_is_incus(apply->profile) && ms_project_feature(project, "profiles"))
            return ms_apply_fail(
                       apply, MS_RULE_NONE, 0, FALSE,
                       g_strdup_printf("migsim: not modelled for %s: lxc project %s %s, which holds "
                                       "custom volumes and only its default profile (Incus 6.0.0 "
                                       "finds such a project empty, 6.0.4 not; the releases between "
                                       "are not read)",
                                       apply->profile->name, verb, project->name)),
                   TRUE;
        *drop_volumes = ms_project_feature(project, "profiles") &&
                        ms_releases_contain(&default_profile_empty, apply->profile->version);
        in_use = !*drop_volumes;
        /* a rename found empty so renames the project's row, which the
         * volumes' rows follow (by ID), while their storage keeps the old
         * project's name (PROJECT_NAME, the driver's volume name): what
         * later commands on them do is not read */
        if (*drop_volumes && rule != MS_RULE_PROJECT_NOT_EMPTY)
            return ms_apply_fail(
                       apply, MS_RULE_NONE, 0, FALSE,
                       g_strdup_printf("migsim: not modelled for %s: lxc project rename %s, which holds "
                                       "custom volumes and only its default profile: the release finds "
                                       "it empty and renames it, its volumes' storage keeping the old "
                                       "name (projectIsEmpty, LXD #15179)",
                                       apply->profile->name, project->name)),
                   TRUE;
    }
    /* check sites: PROJECT_NOT_EMPTY PROJECT_RENAME_NOT_EMPTY */
    if (ms_apply_check(apply, rule, project->name, in_use)) {
        /* only when the cached images alone make it non-empty */
        if (!skip_cached && !project_in_use(cluster, project->name, TRUE))
            note_cached_images(apply, project);
        return ms_apply_reject(apply, rule), TRUE;
    }
    return FALSE;
}

/* Removes the custom volumes (and their snapshots) of project @name;
 * returns how many entries went. */
static guint
remove_project_volumes(MsCluster *cluster, const char *name)
{
    guint n = 0;

    for (guint i = cluster->volumes->len; i-- > 0;)
        if (ms_volume_in_project(cluster->volumes->pdata[i], name)) {
            g_ptr_array_remove_index(cluster->volumes, i);
            n++;
        }
    ms_cluster_volumes_changed(cluster);
    ms_cluster_volume_users_changed(cluster);
    return n;
}

static void
drop_project_volumes(MsApply *apply, const char *name)
{
    guint n = remove_project_volumes(apply->cluster, name);

    ms_outcome_add_note(
        apply->outcome,
        "LXD finds project %s empty with its default profile as its only profile and deletes it "
        "with its %u custom volume%s, whose data stays on the members (projectIsEmpty)",
        name, n, n == 1 ? "" : "s");
}

static void
remove_project_profiles(MsCluster *cluster, const char *name)
{
    for (guint i = cluster->profiles->len; i-- > 0;)
        if (g_strcmp0(((MsProfileEntity *) cluster->profiles->pdata[i])->project, name) == 0)
            g_ptr_array_remove_index(cluster->profiles, i);
    ms_cluster_profiles_changed(cluster);
}

static void
add_default_profile(MsCluster *cluster, const char *name)
{
    MsProfileEntity *profile = ms_profile_entity_new("default");

    profile->project = g_strdup(name);
    g_ptr_array_add(cluster->profiles, profile);
}

/* From lxd-6.7 (39852aae32) projectsPost, projectPost and projectDelete
 * notify every other member with NotifyAll, which refuses at an offline
 * one (CLUSTER.PEER_DOWN); up to lxd-6.6 they notified with NotifyAlive,
 * which skips it (lxd/api_project.go:347, :1007, :1311 at lxd-6.6).
 * Incus never notifies here (cmd/incusd/api_project.go at v6.0.4, v7.3.0). */
/* clang-format off */
static const MsReleases project_notify_all = MS_REL_SINCE_6(7);
/* clang-format on */

/* Whether this release's project handlers need every member up and one is
 * not: FALSE with @apply failed (the bare notifier error: SmartError at
 * lxd/api_project.go:362-365 at lxd-6.7, :363-366 at lxd-6.9 for a
 * create; the operation's `return err`, :1029-1032 at lxd-6.7, :1017-1020
 * at lxd-6.9, for a rename, which has renamed the project by then). */
static gboolean
project_peers_reachable(MsApply *apply)
{
    if (!ms_releases_contain(&project_notify_all, apply->profile->version))
        return TRUE;
    return ms_notify_all_reachable(apply);
}

static gboolean
project_create(MsApply *apply)
{
    const MsOp *op = apply->op;
    g_autoptr(MsProject) project = NULL;
    g_autofree char *invalid = ms_name_check(MS_NAME_PROJECT, op->project, apply->profile);

    if (ms_apply_check(apply, MS_RULE_NAME_PROJECT, op->project, invalid != NULL))
        return ms_apply_fail(apply, MS_RULE_NAME_PROJECT, 400, FALSE, g_steal_pointer(&invalid));
    project = ms_project_new(op->project, apply->profile->version >= MS_VERSION(5, 21, 0));
    for (guint i = 0; i < op->keys->len; i++)
        ms_config_set(project->config, op->keys->pdata[i], op->values->pdata[i]);
    if (!check_config_keys(apply, project->config) || !check_restricted_profiles(apply, project->config))
        return FALSE;
    /* the notifier before the database record, whose insert finds a taken
     * name (lxd/api_project.go:362 before :376 at lxd-6.7, :363 before
     * :377 at lxd-6.9) */
    if (!project_peers_reachable(apply))
        return FALSE;
    if (ms_apply_check(apply, MS_RULE_PROJECT_EXISTS, op->project,
                       ms_cluster_has_project(apply->cluster, op->project)))
        return ms_apply_reject(apply, MS_RULE_PROJECT_EXISTS, op->project);
    note_unmodelled_keys(apply);
    if (ms_project_feature(project, "profiles"))
        add_default_profile(apply->cluster, op->project);
    g_ptr_array_add(apply->cluster->projects, g_steal_pointer(&project));
    return TRUE;
}

/* projectChange, in the transaction that stores the new config: a change
 * of features.profiles to anything but true deletes the project's default
 * profile, and fails when there is none (a project created with
 * features.profiles=false), the whole update rolled back
 * (lxd/api_project.go:722-729 at lxd-5.0.2, :823-830 at lxd-6.6; LXD #17316).
 * From 5.21.5 and 6.7 the not-found is ignored (:850 at lxd-6.7). */
static gboolean
default_profile_missing(const MsCluster *cluster, const MsProject *project, GHashTable *config)
{
    const char *now = ms_config_get(config, "features.profiles");

    if (g_strcmp0(ms_config_get(project->config, "features.profiles"), now) == 0 || ms_is_true(now))
        return FALSE;
    return ms_cluster_lookup_profile_in(cluster, project->name, "default") == NULL;
}

/* projectChange (lxd/api_project.go:647 at lxd-5.0.2): features may change
 * only on an empty project, then the config is validated and stored. */
static gboolean
project_change(MsApply *apply, MsProject *project)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    g_autoptr(GHashTable) config = ms_config_copy(project->config);
    /* the project's UsedBy holds its custom volumes (projectUsedBy,
     * lxd/api_project.go:233 at lxd-5.0.2) */
    gboolean in_use = project_in_use(cluster, project->name, FALSE) ||
                      ms_cluster_project_holds_volumes(cluster, project->name);
    gboolean had_profiles = ms_project_feature(project, "profiles");
    const char *unknown;

    for (guint i = 0; i < op->keys->len; i++) {
        const char *key = op->keys->pdata[i];
        if (op->kind == MS_OP_PROJECT_UNSET)
            g_hash_table_remove(config, key);
        else
            ms_config_set(config, key, op->values->pdata[i]);
    }
    for (guint i = 0; i < op->keys->len; i++) {
        const char *key = op->keys->pdata[i];
        const char *old = ms_config_get(project->config, key);
        gboolean changed = g_strcmp0(old, ms_config_get(config, key)) != 0;
        gboolean feature = g_str_has_prefix(key, "features.");
        const char *verb = ms_is_true(old) ? "disabled" : is_false(old) ? "enabled" : NULL;

        if (!changed || !feature)
            continue;
        /* features.networks.zones is the one feature that CanEnableNonEmpty (lxd-5.21+) */
        if (g_str_equal(key, "features.networks.zones") && g_strcmp0(verb, "enabled") == 0)
            verb = NULL;
        if (ms_apply_check(apply, MS_RULE_PROJECT_FEATURE_NONEMPTY, key, in_use && verb != NULL))
            return ms_apply_reject(apply, MS_RULE_PROJECT_FEATURE_NONEMPTY, key, verb);
    }
    if (!check_config_keys(apply, config) || !check_restricted_profiles(apply, config))
        return FALSE;
    unknown = project_update_unknown(cluster, project, config, ms_profile_is_incus(apply->profile));
    if (unknown != NULL)
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: lxc project %s %s with %s (the "
                                             "server checks them here: AllowProjectUpdate)",
                                             apply->profile->name,
                                             op->kind == MS_OP_PROJECT_UNSET ? "unset" : "set",
                                             ms_project_display(project->name), unknown));
    /* from 5.21.5 and 6.6 the aggregate limits, then the restrictions, then
     * the count limits; before, the changed restricted.* and count keys,
     * then the changed aggregate keys (ms-project-aggregate.c) */
    if (!ms_apply_project_aggregate_conflict(apply, project, config))
        return FALSE;
    if (!ms_apply_project_update_restrictions(apply, project, config,
                                              changes_prefix(project, config, "limits.")))
        return FALSE;
    if (!ms_apply_project_count_lowering(apply, project, config) ||
        !ms_apply_project_aggregate_lowering(apply, project, config))
        return FALSE;
    if (ms_rule_applies(MS_RULE_PROJECT_DEFAULT_PROFILE_MISSING, apply->profile) &&
        ms_apply_check(apply, MS_RULE_PROJECT_DEFAULT_PROFILE_MISSING, project->name,
                       default_profile_missing(cluster, project, config)))
        return ms_apply_reject(apply, MS_RULE_PROJECT_DEFAULT_PROFILE_MISSING);
    note_unmodelled_keys(apply);
    g_hash_table_unref(project->config);
    project->config = g_steal_pointer(&config);
    if (had_profiles && !ms_project_feature(project, "profiles"))
        remove_project_profiles(cluster, project->name);
    else if (!had_profiles && ms_project_feature(project, "profiles"))
        add_default_profile(cluster, project->name);
    return TRUE;
}

/* The default project's config, stored once set: projectChange is the same
 * as for any project past the features check (lxd/api_project.go:647-720
 * at lxd-5.0.2). */
static gboolean
default_change(MsApply *apply)
{
    MsProject *project = ms_cluster_lookup_restricting_project(apply->cluster, MS_PROJECT_DEFAULT);
    g_autoptr(MsProject) fresh = NULL;

    if (project == NULL)
        project = fresh = ms_project_new(MS_PROJECT_DEFAULT, apply->profile->version >= MS_VERSION(5, 21, 0));
    if (!project_change(apply, project))
        return FALSE;
    if (fresh != NULL)
        g_ptr_array_add(apply->cluster->projects, g_steal_pointer(&fresh));
    return TRUE;
}

/* lxc project rename PROJECT NEWNAME: projectPost (lxd/api_project.go:
 * 776-851 at lxd-5.0.2, :845-935 at lxd-5.21.7, :940-1030 at lxd-6.9;
 * Incus cmd/incusd/api_project.go:830 at v6.0.4).  The default project
 * is refused by the handler; the rest runs in the operation's
 * transaction: the new name taken, the project missing, a project that
 * is not empty (projectIsEmpty, as a delete asks it), then the new name's
 * validity.  lxc waits for the operation (lxc/project.go:503-531 at
 * lxd-5.0.2).  The project's own default profile goes with it (the
 * profile's row points at the project's ID). */
static gboolean
project_rename(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    MsProject *project;
    gboolean unused;
    g_autofree char *invalid = NULL;

    if (ms_apply_check(apply, MS_RULE_PROJECT_RENAME_DEFAULT, op->project,
                       ms_project_key(op->project) == NULL))
        return ms_apply_reject(apply, MS_RULE_PROJECT_RENAME_DEFAULT);
    if (ms_apply_check(apply, MS_RULE_PROJECT_RENAME_EXISTS, op->new_name,
                       ms_cluster_has_project(cluster, op->new_name)))
        return ms_apply_reject(apply, MS_RULE_PROJECT_RENAME_EXISTS, op->new_name);
    project = ms_cluster_lookup_project(cluster, op->project);
    if (ms_apply_check(apply, MS_RULE_PROJECT_RENAME_NOT_FOUND, op->project, project == NULL))
        return ms_apply_reject(apply, MS_RULE_PROJECT_RENAME_NOT_FOUND, op->project);
    /* projectIsEmpty counts the project's placement groups from 6.6
     * (projectUsedBy, lxd/api_project.go:241 at lxd-6.9), which migsim
     * keeps without their project */
    if (cluster->placement_groups != NULL && cluster->placement_groups->len > 0)
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: lxc project rename %s in a cluster "
                            "with placement groups (migsim does not keep their project, "
                            "which they make non-empty)",
                            apply->profile->name, project->name));
    if (project_delete_refused(apply, project, MS_RULE_PROJECT_RENAME_NOT_EMPTY, &unused))
        return FALSE;
    invalid = ms_name_check(MS_NAME_PROJECT, op->new_name, apply->profile);
    if (ms_apply_check(apply, MS_RULE_NAME_PROJECT, op->new_name, invalid != NULL))
        return ms_apply_fail(apply, MS_RULE_NAME_PROJECT, 400, TRUE, g_steal_pointer(&invalid));
    for (guint i = 0; i < cluster->profiles->len; i++) {
        MsProfileEntity *p = cluster->profiles->pdata[i];
        if (g_strcmp0(p->project, project->name) == 0) {
            g_free(p->project);
            p->project = g_strdup(op->new_name);
        }
    }
    ms_cluster_profiles_changed(cluster);
    g_free(project->name);
    project->name = g_strdup(op->new_name);
    /* the notifier after the rename's transaction: the project keeps its
     * new name (lxd/api_project.go:1029 at lxd-6.7, :1017 at lxd-6.9) */
    return project_peers_reachable(apply);
}

/* lxc project delete --force (-f): cobra's refusal where lxc has no such
 * flag (ms-version.c, cli-project-delete-force), before any request.
 * FALSE when the line is answered. */
static gboolean
project_delete_force_flag(MsApply *apply)
{
    gboolean shorthand;
    const char *flag = ms_op_project_delete_unknown_flag(apply->op, apply->profile, &shorthand);

    /* dead in lxd-5.21.5..5.21.7,lxd-6.6..6.9: their lxc has --force and -f (lxc/project.go:212 at lxd-6.9) */
    if (ms_apply_check(apply, MS_RULE_CLI_UNKNOWN_SHORTHAND, apply->op->project, flag != NULL && shorthand))
        return ms_apply_reject(apply, MS_RULE_CLI_UNKNOWN_SHORTHAND, "'f'", "f");
    /* dead in lxd-5.21.5..5.21.7,lxd-6.6..6.9: their lxc has --force (lxc/project.go:212 at lxd-6.9) */
    if (ms_apply_check(apply, MS_RULE_CLI_UNKNOWN_FLAG, apply->op->project, flag != NULL))
        return ms_apply_reject(apply, MS_RULE_CLI_UNKNOWN_FLAG, flag);
    return TRUE;
}

static gboolean
force_not_modelled(MsApply *apply, const char *why)
{
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: lxc project delete %s --force %s",
                                         apply->profile->name, apply->op->project, why));
}

/* lxc project delete P --force from lxd-5.21.5 and 6.6: projectDelete skips
 * the emptiness check (lxd/api_project.go:1069-1090 at lxd-5.21.7,
 * :1279-1295 at lxd-6.9), then doProjectForceDelete on the member lxc
 * talks to (:916-1005 and :1116 at lxd-5.21.7, :1115-1187 and :1339 at
 * lxd-6.9) deletes the
 * project's instances first (doInstanceDelete with force: a running one is
 * stopped first, lxd/instance_delete.go:97-111 at lxd-5.21.7), then its
 * profiles but the default one, then the rest (images, custom volumes:
 * lxd/entity_deleter.go at lxd-5.21.7), notifies every other member to do
 * the same with the volumes located on it, and deletes the project's row.
 * What migsim answers "not modelled": Incus (it asks for confirmation
 * first, cmd/incus/project.go:265-270 at v6.0.4, and its server's force
 * delete is another code); an instance on another member than the client's
 * (its URL names no location, so the client's member loads and deletes it
 * there: lxd/db/cluster/entity_type_instance.go:16-21 at lxd-5.21.7); a
 * protected instance (its delete fails in the operation, wrapped three
 * times); a member not online (the notifier needs them all, NotifyAll, and the local deletions
 * are done by then); placement groups (6.6+; migsim does not keep their
 * project).  Networks, ACLs and buckets of a project are not in migsim's
 * clusters. */
static gboolean
project_force_delete(MsApply *apply, MsProject *project)
{
    MsCluster *cluster = apply->cluster;
    const char *client = apply->env->client != NULL ? apply->env->client
                                                    : ((const MsMember *) cluster->members->pdata[0])->name;
    g_autoptr(GPtrArray) all = ms_cluster_list_instances(cluster, NULL);
    g_autoptr(GPtrArray) instances = g_ptr_array_new();
    guint n_profiles = 0, n_volumes;

    if (ms_profile_is_incus(apply->profile))
        return force_not_modelled(apply,
                                  "under Incus (incus asks for confirmation on standard input, then "
                                  "DeleteProjectForce: cmd/incus/project.go:226-238, :265-270 at v6.0.4)");
    for (guint i = 0; i < cluster->members->len; i++) {
        const MsMember *member = cluster->members->pdata[i];

        if (member->status == MS_MEMBER_OFFLINE || member->unreachable_since_ms != G_MAXUINT64)
            return force_not_modelled(apply, "with a member not online (LXD deletes on its own member, then "
                                             "notifies every member: NotifyAll)");
    }
    if (cluster->placement_groups->len > 0)
        return force_not_modelled(apply,
                                  "in a cluster with placement groups (migsim does not keep their project)");
    for (guint i = 0; i < all->len; i++) {
        MsInstance *instance = all->pdata[i];

        if (g_strcmp0(instance->project, project->name) != 0)
            continue;
        if (g_strcmp0(instance->location, client) != 0)
            return force_not_modelled(apply,
                                      "of an instance on another member than the client's (LXD's "
                                      "client member loads and deletes it: its URL names no location)");
        if (ms_is_true(ms_cluster_expanded_value(cluster, apply->profile, instance,
                                                 "security.protection.delete", NULL, NULL)))
            return force_not_modelled(apply, "of a protected instance (security.protection.delete: its "
                                             "delete fails inside the force delete)");
        g_ptr_array_add(instances, instance);
    }
    /* instances first (lxd/api_project.go:974-988 at lxd-5.21.7, :1156-1170 at lxd-6.9) */
    for (guint i = 0; i < instances->len; i++) {
        MsInstance *instance = instances->pdata[i];

        if (instance->status == MS_INSTANCE_RUNNING)
            ms_outcome_add_event(apply->outcome, MS_EVENT_STOPPED, instance->name, instance->location, NULL,
                                 NULL);
        ms_outcome_add_event(apply->outcome, MS_EVENT_DELETED, instance->name, instance->location, NULL,
                             NULL);
        ms_cluster_remove_instance(cluster, instance->name);
    }
    for (guint i = 0; i < cluster->profiles->len; i++) {
        const MsProfileEntity *p = cluster->profiles->pdata[i];

        n_profiles += g_strcmp0(p->project, project->name) == 0 && !g_str_equal(p->name, "default");
    }
    remove_project_profiles(cluster, project->name);
    n_volumes = remove_project_volumes(cluster, project->name);
    ms_outcome_add_note(
        apply->outcome,
        "LXD deleted project %s with its %u instance%s, %u profile%s besides its default one, "
        "%u custom volume%s (with their snapshots) and %u image%s (doProjectForceDelete)",
        project->name, instances->len, instances->len == 1 ? "" : "s", n_profiles, n_profiles == 1 ? "" : "s",
        n_volumes, n_volumes == 1 ? "" : "s",
        project->images != NULL ? g_hash_table_size(project->images) : 0,
        project->images != NULL && g_hash_table_size(project->images) == 1 ? "" : "s");
    g_ptr_array_remove(cluster->projects, project);
    return TRUE;
}

gboolean
ms_apply_project(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    MsProject *project;
    gboolean is_default = ms_project_key(op->project) == NULL;
    gboolean drop_volumes;

    if (op->kind == MS_OP_PROJECT_CREATE)
        return project_create(apply);
    if (op->kind == MS_OP_PROJECT_RENAME)
        return project_rename(apply);
    if (op->kind == MS_OP_PROJECT_DELETE && !project_delete_force_flag(apply))
        return FALSE;
    if (op->kind == MS_OP_PROJECT_DELETE &&
        ms_apply_check(apply, MS_RULE_PROJECT_DELETE_DEFAULT, op->project, is_default))
        return ms_apply_reject(apply, MS_RULE_PROJECT_DELETE_DEFAULT);
    if (is_default) {
        gboolean features = FALSE;
        for (guint i = 0; i < op->keys->len; i++)
            features = features || g_str_has_prefix(op->keys->pdata[i], "features.");
        if (ms_apply_check(apply, MS_RULE_PROJECT_DEFAULT_FEATURES, op->project, features))
            return ms_apply_reject(apply, MS_RULE_PROJECT_DEFAULT_FEATURES);
        return default_change(apply);
    }
    project = ms_cluster_lookup_project(cluster, op->project);
    /* lxc project set|unset GETs the project first and prints that
     * request's error, projectGet's unwrapped "Project not found"
     * (lxc/project.go:689-739 cmdProjectSet at lxd-5.21.7, :745-795 at
     * lxd-6.9, cmdProjectSet.Run at lxd-5.0.2; seen live on 5.0.2:
     * tools/live-random.py --gen 20 --seed 29007 scenario 2 line 24, where
     * migsim gave the DELETE handler's text) */
    if (op->kind != MS_OP_PROJECT_DELETE) {
        if (ms_apply_check(apply, MS_RULE_PROJECT_SWITCH_NOT_FOUND, op->project, project == NULL))
            return ms_apply_reject(apply, MS_RULE_PROJECT_SWITCH_NOT_FOUND);
        return project_change(apply, project);
    }
    if (ms_apply_check(apply, MS_RULE_PROJECT_NOT_FOUND, op->project, project == NULL))
        return ms_apply_reject(apply, MS_RULE_PROJECT_NOT_FOUND, op->project);
    if (op->force)
        return project_force_delete(apply, project);
    if (project_delete_refused(apply, project, MS_RULE_PROJECT_NOT_EMPTY, &drop_volumes))
        return FALSE;
    /* from lxd-6.7 the delete's operation notifies every member before it
     * deletes the row, and wraps the notifier's error ('Failed to get a
     * cluster notifier: ' at lxd-6.7, 'Failed getting a cluster notifier: '
     * from lxd-6.8: lxd/api_project.go:1388-1391 at lxd-6.7, :1372-1375 at
     * lxd-6.9), after deleting the project's cached images and its member
     * config on this member: not modelled */
    if (ms_releases_contain(&project_notify_all, apply->profile->version) && !ms_notify_all_up(apply))
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: lxc project delete %s with a member "
                            "not online (LXD's notifier, NotifyAll, refuses at an offline "
                            "one, its error wrapped, and the project is kept)",
                            apply->profile->name, op->project));
    if (drop_volumes)
        drop_project_volumes(apply, op->project);
    remove_project_profiles(cluster, op->project);
    g_ptr_array_remove(cluster->projects, project);
    return TRUE;
}

/* lxc project switch PROJECT: the client reads the project before it
 * writes it into its config (lxc/project.go:727-732 at lxd-5.0.2, :903-908
 * at lxd-5.21.7, :956-961 at lxd-6.9), so a missing one changes nothing.
 * Which project later lines run in is the scenario parser's (the client's
 * state, sim/scenario/ms-scenario-directives.c), not the cluster's. */
gboolean
ms_apply_project_switch(MsApply *apply)
{
    const char *name = apply->op->project;

    if (ms_apply_check(apply, MS_RULE_PROJECT_SWITCH_NOT_FOUND, ms_project_display(name),
                       !ms_cluster_has_project(apply->cluster, name)))
        return ms_apply_reject(apply, MS_RULE_PROJECT_SWITCH_NOT_FOUND);
    return TRUE;
}

MsInstance *
ms_cluster_lookup_project_instance(const MsCluster *cluster, const char *project, const char *name)
{
    MsInstance *instance = ms_cluster_lookup_instance(cluster, name);

    return instance != NULL && ms_project_same(instance->project, project) ? instance : NULL;
}

/* ---- --target in a project (CheckTarget, lxd/project/limits/permissions.go
 * at lxd-5.21.7; inline in lxd/instances_post.go at lxd-5.0.2) ---- */

void
ms_apply_project_targeting(MsApply *apply, const char *project_name)
{
    const MsProject *project = ms_cluster_lookup_restricting_project(apply->cluster, project_name);
    const char *target = project != NULL ? ms_config_get(project->config, "restricted.cluster.target") : NULL;
    gboolean blocks = ms_project_restricted(project) && g_strcmp0(target, "allow") != 0;

    if (ms_apply_check(apply, MS_RULE_PROJECT_TARGET_ADMIN, ms_project_display(project_name), blocks))
        ms_outcome_add_note(apply->outcome,
                            "project %s blocks cluster member targeting (restricted.cluster.target), but LXD "
                            "lets an administrator through; migsim's lxc is one (a restricted client would "
                            "be refused: rule PROJECT.TARGET_ADMIN)",
                            ms_project_display(project_name));
}

/* A create in a project with limits.* keys: LXD checks them here
 * (AllowInstanceCreation, lxd/project/limits/permissions.go) and may refuse
 * ('Reached maximum number of instances in project "P"'), and whether a
 * cluster create is checked at all differs by release: LXD #17818, the
 * check skipped on clustered creates from lxd-6.6 (e703a1ecbc, instances_post
 * instancesPostSelectClusterMember) until PR #17822; Incus #463 and LXD PR
 * #14021, the member the client talks to.  migsim does not count, so it
 * says so at the create rather than only where the key was set. */
/* The aggregate keys LXD's create judges in migsim
 * (ms-project-aggregate.c), limits.disk.pool.* among them. */
static gboolean
aggregate_key(const char *key)
{
    return g_str_equal(key, "limits.cpu") || g_str_equal(key, "limits.disk") ||
           g_str_has_prefix(key, "limits.disk.pool.") || g_str_equal(key, "limits.memory") ||
           g_str_equal(key, "limits.processes");
}

void
ms_apply_project_limits_note(MsApply *apply, const char *project_name, gboolean counts_modelled)
{
    const MsProject *project = ms_cluster_lookup_restricting_project(apply->cluster, project_name);
    g_autoptr(GPtrArray) keys = g_ptr_array_new();
    GHashTableIter iter;
    gpointer key;

    if (project == NULL || project->config == NULL)
        return;
    g_hash_table_iter_init(&iter, project->config);
    while (g_hash_table_iter_next(&iter, &key, NULL))
        if (g_str_has_prefix(key, "limits.") && !(counts_modelled && ms_project_count_key(key)) &&
            !(counts_modelled && aggregate_key(key)))
            g_ptr_array_add(keys, key);
    /* hash order is not the user's: notes come sorted */
    g_ptr_array_sort(keys, ms_compare_string_ptrs);
    for (guint i = 0; i < keys->len; i++)
        ms_outcome_add_note(apply->outcome,
                            "project %s sets %s: not modelled; LXD checks the project's limits on this "
                            "create and may refuse it (migsim does not count)",
                            ms_project_display(project_name), (const char *) keys->pdata[i]);
}

static gboolean
groups_contain(GStrv groups, const char *group)
{
    return groups != NULL && g_strv_contains((const char *const *) groups, group);
}

gboolean
ms_project_allows_member(const MsCluster *cluster, const char *project_name, const MsMember *member)
{
    const MsProject *project = ms_cluster_lookup_restricting_project(cluster, project_name);
    g_auto(GStrv) groups = ms_project_cluster_groups(project);

    return !ms_project_restricted(project) || groups == NULL || member_in_any(member, groups);
}

gboolean
ms_apply_project_member(MsApply *apply, const char *project_name, const MsMember *member)
{
    /* no member check at lxd-5.0.0, 5.0.1 and 5.1 .. 5.9: a targeted create
     * is checked only for --target=@GROUP (lxd/instances_post.go:955-998 at
     * lxd-5.5; the member check is 7a19f2eabc, first at lxd-5.10), so the
     * rule does not apply there (model/ms-rules-derived.c) */
    gboolean allowed;

    if (!ms_rule_applies(MS_RULE_PROJECT_MEMBER_FORBIDDEN, apply->profile))
        return TRUE;
    allowed = ms_project_allows_member(apply->cluster, project_name, member);
    if (ms_apply_check(apply, MS_RULE_PROJECT_MEMBER_FORBIDDEN, member->name, !allowed))
        return ms_apply_reject(apply, MS_RULE_PROJECT_MEMBER_FORBIDDEN, member->name);
    return TRUE;
}

gboolean
ms_apply_project_group(MsApply *apply, const char *project_name, const char *group)
{
    const MsProject *project = ms_cluster_lookup_restricting_project(apply->cluster, project_name);
    g_auto(GStrv) groups = ms_project_cluster_groups(project);
    gboolean allowed = !ms_project_restricted(project) || groups == NULL || groups_contain(groups, group);

    /* moves check it from lxd-5.21.0 (group moves need lxd-5.0.3); creates
     * with --target=@GROUP in every release (instances_post.go:915 at lxd-5.0.2) */
    if (ms_apply_check(apply, MS_RULE_PROJECT_GROUP_FORBIDDEN, group, !allowed))
        return ms_apply_reject(apply, MS_RULE_PROJECT_GROUP_FORBIDDEN, group);
    return TRUE;
}
