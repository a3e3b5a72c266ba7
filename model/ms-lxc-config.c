/* migsim: what liblxc's config parser refuses when a container's Update
 * runs it over the whole expanded config: the values of limits.kernel.*,
 * which LXD validates with validate.IsAny and hands to liblxc as
 * lxc.prlimit.* items only then. */
#include "ms-apply-private.h"
#include "ms-go-json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define PRLIMIT_PREFIX "limits.kernel."

/* One limit at *@at: "unlimited" (compared at the very position, no blank
 * skipped first), or what strtoull reads in base 10 (leading blanks and a
 * sign taken; with no digit at all it reads 0 and moves nothing).  FALSE
 * when the number is out of range.  Our reading of liblxc's
 * parse_limit_value (src/lxc/confile.c, liblxc 5.0), checked value by value
 * against live LXD 5.0.2 on Debian's liblxc 5.0.2 (see ms_prlimit_value_ok). */
static gboolean
read_limit(const char **at)
{
    char *end = NULL;

    if (strncmp(*at, "unlimited", strlen("unlimited")) == 0) {
        *at += strlen("unlimited");
        return TRUE;
    }
    errno = 0;
    (void) strtoull(*at, &end, 10);
    if (errno != 0)
        return FALSE;
    *at = end;
    return TRUE;
}

static void
skip_blanks(const char **at)
{
    while (g_ascii_isspace(**at))
        (*at)++;
}

/* Whether liblxc takes @value for an lxc.prlimit.* item: a soft limit, then
 * optionally ':' and a hard limit, blanks allowed around the ':' and at the
 * end, nothing else.  Seen live on LXD 5.0.2 (2026-12-06, lane 5): refused
 * "x", "10abc", "10:x", "unlimitedx", "0x10", "10:20:30", " unlimited",
 * "99999999999999999999999"; taken "unlimited", "10:20", " 10", "-1",
 * "+5", "10 : 20", "10:", ":10", "5 ", "5\t:6", "unlimited:unlimited". */
gboolean
ms_prlimit_value_ok(const char *value)
{
    const char *at = value;

    if (*at == '\0')
        return TRUE; /* liblxc clears the item */
    if (!read_limit(&at))
        return FALSE;
    skip_blanks(&at);
    if (*at == ':')
        at++;
    else if (*at != '\0')
        return FALSE;
    skip_blanks(&at);
    if (*at == '\0')
        return TRUE;
    if (!read_limit(&at))
        return FALSE;
    skip_blanks(&at);
    return *at == '\0';
}

/* Calls @visit for each key starting with @prefix in the layers of
 * @instance's expanded config, in expansion order (ms-cluster-expand.c):
 * the profiles @profiles (NULL: its own list) as they are in the cluster
 * now, then @local (NULL: its own config), telling it which layer.  With
 * @hold (@instance's), its own list's layers are found through it. */
typedef void (*LayerVisit)(const char *key, const char *value, gboolean local, gpointer data);

static void
walk_layers(const MsCluster *cluster, const MsInstance *instance, MsLayersHold *hold, GHashTable *local,
            const GPtrArray *profiles, const char *prefix, LayerVisit visit, gpointer data)
{
    gsize len = strlen(prefix);
    const char *const *pairs;
    guint n, first;
    GHashTableIter iter;
    gpointer key, value;
    MsLayersHold own = ms_layers_hold(instance);

    /* its own list: the profiles' pairs kept with its profile layers
     * (issue 18: every container start walks two prefixes) */
    if (profiles == NULL &&
        ms_cluster_profile_prefix_pairs_held(cluster, hold != NULL ? hold : &own, prefix, &pairs, &n)) {
        for (guint i = 0; i < n; i++)
            visit(pairs[2 * i], pairs[2 * i + 1], FALSE, data);
    } else {
        const char *profile_project = ms_cluster_profile_project(cluster, instance->project);

        profiles = profiles != NULL ? profiles : instance->profiles;
        for (guint i = 0; i < profiles->len; i++) {
            MsProfileEntity *p = ms_cluster_lookup_profile_in(cluster, profile_project, profiles->pdata[i]);

            if (p == NULL || g_hash_table_size(p->config) == 0)
                continue;
            g_hash_table_iter_init(&iter, p->config);
            while (g_hash_table_iter_next(&iter, &key, &value))
                if (ms_has_prefix(key, prefix, len))
                    visit(key, value, FALSE, data);
        }
    }
    if (local != NULL) {
        g_hash_table_iter_init(&iter, local);
        while (g_hash_table_iter_next(&iter, &key, &value))
            if (ms_has_prefix(key, prefix, len))
                visit(key, value, TRUE, data);
        return;
    }
    /* the own config is sorted: its keys with the prefix are one run */
    n = ms_config_map_prefix_range(instance->config, prefix, len, &first);
    for (guint i = first; i < first + n; i++)
        visit(ms_config_map_key(instance->config, i), ms_config_map_value(instance->config, i), TRUE, data);
}

/* Into a table (*@data, created at the first key): key -> value, borrowed,
 * a later layer's over an earlier's. */
static void
collect_value(const char *key, const char *value, gboolean local, gpointer data)
{
    GHashTable **values = data;

    (void) local;
    if (*values == NULL)
        *values = g_hash_table_new(g_str_hash, g_str_equal);
    g_hash_table_insert(*values, (gpointer) key, (gpointer) value);
}

/* From lxd-5.21.4 and lxd-6.3 initLXC hands a linux.sysctl.NAME key to
 * liblxc under its own name, not as lxc.sysctl.NAME (LXD 4dc3c1d605;
 * driver_lxc.go:1033-1034 at lxd-5.21.4, :1029 at lxd-5.21.7, :1019-1020
 * at lxd-6.9; :1311-1314 at lxd-5.21.3 and :1322-1324 at lxd-6.2 still
 * translate it; Incus translates at v6.0.4, :1314-1317), and liblxc has no
 * such key (lxc_get_config's unsupported key, src/lxc/confile.c), so by
 * the source every user Update of such a container fails in initLXC.
 * Never seen live (the live lanes run 5.0.2): not modelled (review revA,
 * session 29). */
static const MsReleases sysctl_untranslated = MS_REL_SINCE(4, 3);

/* The first linux.sysctl.* key with a value: the local config's, else a
 * profile's (data: two slots, local then profile). */
static void
first_set_key(const char *key, const char *value, gboolean local, gpointer data)
{
    const char **found = data;

    if (*value != '\0' && found[local ? 0 : 1] == NULL)
        found[local ? 0 : 1] = key;
}

/* A linux.sysctl.* key with a value in @local (NULL: @instance's own
 * config) or the profiles @profiles (NULL: its own), NULL when none. */
static const char *
sysctl_key(const MsCluster *cluster, const MsInstance *instance, MsLayersHold *hold, GHashTable *local,
           const GPtrArray *profiles)
{
    const char *found[2] = { NULL, NULL };

    walk_layers(cluster, instance, hold, local, profiles, "linux.sysctl.", first_set_key, found);
    return found[0] != NULL ? found[0] : found[1];
}

/* initLXC's first use of the config that can fail: the ID map, read from
 * the local config's volatile.idmap.next (NextIdmap; CurrentIdmap and
 * DiskIdmap only where it is missing:
 * driver_lxc.go:6697-6725 at lxd-5.0.2, :8263 at lxd-5.21.7, :7063 at
 * lxd-6.9; Incus :8317 at v6.0.4) and decoded with json.Unmarshal
 * (CFG.INST.IDMAP_JSON; ms-go-json.c).  LXD writes these keys itself; a
 * user who sets one to something else meets Go's error text. */
static gboolean
idmap_json_check(MsApply *apply, const MsInstance *instance, GHashTable *local, MsRejection *out)
{
    static const char *const bools[2] = { "Isuid", "Isgid" };
    static const char *const ints[3] = { "Hostid", "Nsid", "Maprange" };
    const char *key = "volatile.idmap.next";
    const char *value =
        local != NULL ? g_hash_table_lookup(local, key) : ms_instance_get_config(instance, key);
    g_autofree char *error = NULL;
    MsGoJsonVerdict verdict;

    /* LXD's create always writes volatile.idmap.next (ms-instance-create.c)
     * and a user cannot delete it ("Volatile idmap keys can't be deleted by
     * the user"), so the two others are never read here; unset in migsim
     * means LXD's own */
    if (value == NULL)
        return TRUE;
    verdict = ms_go_json_unmarshal_struct_slice(
        value, ms_profile_is_incus(apply->profile) ? "idmap.Entry" : "idmap.IdmapEntry", bools, ints, &error);
    if (verdict == MS_GO_JSON_UNKNOWN)
        return ms_reject_status(
            out, MS_RULE_NONE, 400,
            g_strdup_printf("migsim: not modelled for %s: an update of container %s, whose %s "
                            "is %s: %s",
                            apply->profile->name, instance->name, key, value, error));
    if (!ms_apply_check(apply, MS_RULE_CFG_INST_IDMAP_JSON, instance->name, verdict == MS_GO_JSON_ERROR))
        return TRUE;
    return ms_reject_rule(out, apply->profile, MS_RULE_CFG_INST_IDMAP_JSON, error);
}

gboolean
ms_apply_prlimit_check(MsApply *apply, const MsInstance *instance, GHashTable *local,
                       const GPtrArray *profiles, MsRejection *out)
{
    /* NULL until a limits.kernel.* key is met, as it is in nearly no
     * cluster */
    g_autoptr(GHashTable) values = NULL;
    g_autoptr(GPtrArray) refused = NULL;
    GHashTableIter iter;
    gpointer key, value;

    if (instance->type != MS_INSTANCE_CONTAINER)
        return TRUE;
    if (!idmap_json_check(apply, instance, local, out))
        return FALSE;
    if (!ms_profile_is_incus(apply->profile) &&
        ms_releases_contain(&sysctl_untranslated, apply->profile->version)) {
        const char *sysctl = sysctl_key(apply->cluster, instance, NULL, local, profiles);

        if (sysctl != NULL)
            return ms_reject_status(out, MS_RULE_NONE, 400,
                                    g_strdup_printf("migsim: not modelled for %s: an update of container %s, "
                                                    "whose config has %s: this release's initLXC hands it to "
                                                    "liblxc unprefixed, which liblxc refuses by the source "
                                                    "(never seen live)",
                                                    apply->profile->name, instance->name, sysctl));
    }
    /* initLXC writes limits.disk.priority before the prlimits, and
     * refuses it on a host without the blkio weight controller ("Cannot
     * apply limits.disk.priority as blkio.weight cgroup controller is
     * missing", driver_lxc.go:1173-1195 at lxd-5.0.2, :1228 at lxd-5.21.7,
     * :1196 at lxd-6.9; Incus :1255 at v6.0.4, :1264 at v7.3.0), whatever
     * the instance's state and the value (0 too), wrapped by Update's
     * "Initialize LXC: %w" (:4152 at lxd-5.0.2, :4397 at lxd-5.21.7, :3976
     * at lxd-6.9): CFG.INST.DISK_PRIORITY_BLKIO on a member declared
     * `host-lacks MEMBER blkio-weight` (cgroup.BlkioWeight: a cgroup v1
     * blkio controller without blkio.weight and blkio.bfq.weight, and no
     * v2 io controller: lxd/cgroup/init.go:138-147 SupportsVersion,
     * :436-444 at lxd-5.0.2; seen live on 5.0.2, whose host mounts blkio
     * with the throttle files only: config set, profile add and profile set
     * on running and stopped containers, tests/live/scenarios/
     * usb-blkio-host.scn); taken on a host with it (not modelled: migsim
     * does not follow the cgroup write) */
    {
        const char *found[2] = { NULL, NULL };
        const MsMember *member = ms_cluster_lookup_member(apply->cluster, instance->location);

        walk_layers(apply->cluster, instance, NULL, local, profiles, "limits.disk.priority", first_set_key,
                    found);
        if ((found[0] != NULL || found[1] != NULL) && member != NULL &&
            (member->host_lacks & MS_HOST_LACKS_BLKIO_WEIGHT) &&
            ms_rule_format(MS_RULE_CFG_INST_DISK_PRIORITY_BLKIO, apply->profile) != NULL) {
            /* check sites: CFG_INST_DISK_PRIORITY_BLKIO */
            ms_apply_check(apply, MS_RULE_CFG_INST_DISK_PRIORITY_BLKIO, instance->name, TRUE);
            return ms_reject_rule(out, apply->profile, MS_RULE_CFG_INST_DISK_PRIORITY_BLKIO);
        }
        if (found[0] != NULL || found[1] != NULL)
            return ms_reject_status(out, MS_RULE_NONE, 400,
                                    g_strdup_printf("migsim: not modelled for %s: an update of container %s, "
                                                    "whose config has limits.disk.priority: initLXC refuses "
                                                    "it on a host without the blkio weight controller "
                                                    "(declare `host-lacks MEMBER blkio-weight`) and takes it "
                                                    "on one with it",
                                                    apply->profile->name, instance->name));
    }
    walk_layers(apply->cluster, instance, NULL, local, profiles, PRLIMIT_PREFIX, collect_value, &values);
    if (values == NULL)
        return TRUE;
    refused = g_ptr_array_new();
    g_hash_table_iter_init(&iter, values);
    while (g_hash_table_iter_next(&iter, &key, &value))
        if (!ms_prlimit_value_ok(value))
            g_ptr_array_add(refused, key);
    if (!ms_apply_check(apply, MS_RULE_CFG_INST_PRLIMIT_VALUE, instance->name, refused->len > 0))
        return TRUE;
    /* initLXC sets the items walking the expanded config, a Go map: any
     * refused key may be the one named */
    g_ptr_array_sort(refused, ms_compare_string_ptrs);
    for (guint i = 1; i < refused->len; i++) {
        const char *k = refused->pdata[i];

        if (out->alternatives == NULL)
            out->alternatives = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(out->alternatives, ms_rule_message(MS_RULE_CFG_INST_PRLIMIT_VALUE, apply->profile,
                                                           k + strlen(PRLIMIT_PREFIX),
                                                           (const char *) g_hash_table_lookup(values, k)));
    }
    const char *first = refused->pdata[0];
    return ms_reject_rule(out, apply->profile, MS_RULE_CFG_INST_PRLIMIT_VALUE, first + strlen(PRLIMIT_PREFIX),
                          (const char *) g_hash_table_lookup(values, first));
}

gboolean
ms_apply_fail_prlimit(MsApply *apply, MsRejection *refusal)
{
    for (guint i = 0; refusal->alternatives != NULL && i < refusal->alternatives->len; i++) {
        if (apply->outcome->alternatives == NULL)
            apply->outcome->alternatives = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(apply->outcome->alternatives, g_strdup(refusal->alternatives->pdata[i]));
    }
    if (refusal->alternatives != NULL && refusal->alternatives->len > 0)
        ms_outcome_add_note(
            apply->outcome,
            "%u limits.kernel.* values are refused: LXD sets them in Go map order and names any "
            "one of them",
            refusal->alternatives->len + 1);
    return ms_apply_fail_rejection(apply, refusal, TRUE);
}

gboolean
ms_apply_update_prlimit(MsApply *apply, const MsInstance *instance, GHashTable *local,
                        const GPtrArray *profiles)
{
    g_auto(MsRejection) refusal = { 0 };

    return ms_apply_prlimit_check(apply, instance, local, profiles, &refusal) ||
           ms_apply_fail_prlimit(apply, &refusal);
}

const char *
ms_instance_sysctl_unprefixed_key(const MsCluster *cluster, const MsProfile *profile, MsLayersHold *hold)
{
    const MsInstance *instance = hold->instance;

    if (instance->type != MS_INSTANCE_CONTAINER || ms_profile_is_incus(profile) ||
        !ms_releases_contain(&sysctl_untranslated, profile->version))
        return NULL;
    return sysctl_key(cluster, instance, hold, NULL, NULL);
}

/* The resources liblxc's lxc.prlimit.NAME takes by name (setrlimit's,
 * lower case); a number (a resource the kernel knows and liblxc does not
 * name) is taken too, which migsim does not follow. */
static gboolean
prlimit_resource_known(const char *name)
{
    static const char *const names[] = {
        "as",   "core",   "cpu",   "data", "fsize",  "locks",  "memlock",    "msgqueue",
        "nice", "nofile", "nproc", "rss",  "rtprio", "rttime", "sigpending", "stack",
    };

    for (guint i = 0; i < G_N_ELEMENTS(names); i++)
        if (g_str_equal(name, names[i]))
            return TRUE;
    return FALSE;
}

/* Whether @value sets RLIMIT_NOFILE beyond what any kernel takes: an
 * "unlimited" soft or hard limit is above fs.nr_open, so setrlimit fails. */
static gboolean
nofile_unlimited(const char *value)
{
    return strstr(value, "unlimited") != NULL;
}

/* What a start's walk of the limits.kernel.* keys finds: whether there is
 * one, and the smallest it cannot judge. */
typedef struct {
    const MsCluster *cluster;
    const MsProfile *profile;
    MsLayersHold *hold; /* the instance's */
    gboolean any;
    const char *unknown;
} StartLimits;

static void
judge_start_limit(const char *key, const char *value, gboolean local, gpointer data)
{
    StartLimits *limits = data;
    const char *name = key + strlen(PRLIMIT_PREFIX);
    const char *expanded =
        ms_cluster_expanded_value_held(limits->cluster, limits->profile, limits->hold, key);

    (void) value;
    (void) local;
    limits->any = TRUE;
    if (expanded != NULL &&
        (!prlimit_resource_known(name) || !ms_prlimit_value_ok(expanded) ||
         (g_str_equal(name, "nofile") && nofile_unlimited(expanded))) &&
        (limits->unknown == NULL || strcmp(key, limits->unknown) < 0))
        limits->unknown = key;
}

/* Called on every start of a container: no allocation (the walk finds no
 * key in nearly every cluster). */
const char *
ms_instance_prlimit_start_unknown(const MsCluster *cluster, const MsProfile *profile, MsLayersHold *hold,
                                  gboolean *any)
{
    StartLimits limits = { cluster, profile, hold, FALSE, NULL };

    walk_layers(cluster, hold->instance, hold, NULL, NULL, PRLIMIT_PREFIX, judge_start_limit, &limits);
    *any = limits.any;
    return limits.unknown;
}

/* ---- limits.cpu.allowance and limits.cpu.priority ----
 *
 * LXD turns the pair into a CPU weight and a CFS quota and period
 * (ParseCPU: lxd/cgroup/cgroup_cpu.go:23-96 at lxd-5.0.2, :25-92 at
 * lxd-6.9, the same arithmetic at lxd-5.21.7; Incus
 * internal/server/cgroup/cgroup_cpu.go:23 at v6.0.4, cgroup v2 only at
 * v7.3.0) and writes them: a running container's Update with
 * cg.SetCPUShare then cg.SetCPUCfsLimit (driver_lxc.go:4482-4502 at
 * lxd-5.0.2, :4735-4755 at lxd-5.21.7, :4298-4318 at lxd-6.9; Incus :4812
 * at v6.0.4, :5471 at v7.3.0), through go-lxc's SetCgroupItem, whose
 * failure is "setting cgroup item for the container failed"; a start as
 * lxc.cgroup(2).* items that lxc's forkstart writes (:1148-1170 at
 * lxd-5.0.2).  Both skip the limits on a host without the cpu controller.
 * The kernel takes a CFS quota of at least 1 ms and a period of 1 ms to
 * 1 s on cgroup v1 and v2 alike (seen live on LXD 5.0.2, cgroup v1,
 * 2026-12-06: 0ms/100ms, 5ms/2000ms and 5ms/0ms refused, 1ms/100ms and
 * 5ms/1000ms taken); a weight out of 1..10000 is clamped by v1's
 * cpu.shares (0%, 100000% taken live) but refused by v2's cpu.weight. */
#define CPU_MIN_US 1000LL
#define CPU_MAX_PERIOD_US 1000000LL
/* the kernel's largest quota (max_cfs_runtime, 2^44 - 1 us, since Linux
 * 5.8; older kernels overflow instead): above it, the kernel's */
#define CPU_MAX_QUOTA_US ((1LL << 44) - 1)

/* A whole number as Go's strconv.Atoi reads it, with an optional suffix
 * @suffix removed first; FALSE when it does not read. */
static gboolean
read_go_int(const char *text, gsize len, gint64 *out)
{
    char buf[32];
    char *end = NULL;

    if (len == 0 || len >= sizeof buf)
        return FALSE;
    memcpy(buf, text, len);
    buf[len] = '\0';
    if (!g_ascii_isdigit(buf[buf[0] == '-' || buf[0] == '+' ? 1 : 0]))
        return FALSE;
    errno = 0;
    *out = g_ascii_strtoll(buf, &end, 10);
    return errno == 0 && *end == '\0';
}

MsCpuLimits
ms_cpu_limits_judge(const char *allowance, const char *priority, gint64 *weight_v2)
{
    gint64 prio = 10, shares = 0;

    *weight_v2 = 0;
    if (priority != NULL && *priority != '\0' && !read_go_int(priority, strlen(priority), &prio))
        return MS_CPU_LIMITS_HOST;
    shares = prio - 10;
    if (allowance == NULL || *allowance == '\0') {
        shares += 100;
    } else if (g_str_has_suffix(allowance, "%")) {
        gint64 percent;

        if (!read_go_int(allowance, strlen(allowance) - 1, &percent) || percent < 0 || percent > 1000000000)
            return MS_CPU_LIMITS_HOST;
        shares += percent; /* float64(100) / 100 * percent: exact */
    } else {
        const char *slash = strchr(allowance, '/');
        gint64 quota, period;
        gsize qlen, plen;

        if (slash == NULL)
            return MS_CPU_LIMITS_HOST;
        qlen = (gsize) (slash - allowance);
        plen = strlen(slash + 1);
        if (qlen >= 2 && g_str_has_prefix(allowance + qlen - 2, "ms"))
            qlen -= 2;
        if (plen >= 2 && g_str_has_suffix(slash + 1, "ms"))
            plen -= 2;
        if (!read_go_int(allowance, qlen, &quota) || !read_go_int(slash + 1, plen, &period))
            return MS_CPU_LIMITS_HOST;
        /* Go's int64(quota * 1000) wraps (cgroup_cpu.go:77-78 at
         * lxd-5.0.2): a period of 2^61 + 100 ms is written as 100 ms and
         * taken, 2^63 - 1 ms as -1000 us (review revA: migsim multiplied
         * with C's undefined signed overflow and said refused) */
        quota = (gint64) ((guint64) quota * 1000u);
        period = (gint64) ((guint64) period * 1000u);
        /* a negative quota is "no limit" to v1 and refused by v2; a
         * negative period is refused by v1's cpu.cfs_period_us and left
         * as it was by v2's cpu.max (its %llu does not read it); a huge
         * quota is each kernel's own */
        if (quota < 0 || period < 0 || quota > CPU_MAX_QUOTA_US)
            return MS_CPU_LIMITS_HOST;
        if (quota < CPU_MIN_US || period < CPU_MIN_US || period > CPU_MAX_PERIOD_US)
            return MS_CPU_LIMITS_REFUSED;
        shares += 100;
    }
    *weight_v2 = shares < 0 ? 0 : shares;
    if (*weight_v2 < 1 || *weight_v2 > 10000)
        return MS_CPU_LIMITS_V2_REFUSES;
    return MS_CPU_LIMITS_TAKEN;
}

/* The expanded limits.cpu.allowance and limits.cpu.priority (data: two
 * slots), a later layer's over an earlier's. */
static void
collect_cpu_limits(const char *key, const char *value, gboolean local, gpointer data)
{
    const char **found = data;

    (void) local;
    if (g_str_equal(key, "limits.cpu.allowance"))
        found[0] = value;
    else if (g_str_equal(key, "limits.cpu.priority"))
        found[1] = value;
}

/* Taken CPU limits are only as good as the host's controller */
static void
assume_cpu_controller(MsEnv *env, const MsInstance *instance)
{
    ms_env_assume(env,
                  "the host of %s has the cgroup cpu controller, and the kernel takes %s's CPU limits "
                  "(LXD skips them without the controller)",
                  instance->location, instance->name);
}

gboolean
ms_apply_running_cpu_limits(MsApply *apply, const MsInstance *instance, GHashTable *local, MsRejection *out)
{
    const char *found[2] = { NULL, NULL };
    gint64 weight;
    MsCpuLimits verdict;

    walk_layers(apply->cluster, instance, NULL, local, NULL, "limits.cpu.", collect_cpu_limits, found);
    verdict = ms_cpu_limits_judge(found[0], found[1], &weight);
    /* Incus 7 reads only cgroup v2 controllers (internal/server/cgroup/
     * init.go:146 "Ignore all V1 controllers" at v7.0.0 and v7.3.0, absent
     * at v6.x; ParseCPU's maxShares is 100 always, cgroup_cpu.go at
     * v7.3.0): with the cpu controller assumed, cpu.weight refuses the
     * weight (review revA: migsim said not modelled) */
    if (verdict == MS_CPU_LIMITS_V2_REFUSES && ms_profile_is_incus(apply->profile) &&
        apply->profile->version >= MS_VERSION_INCUS(7, 0, 0))
        verdict = MS_CPU_LIMITS_REFUSED;
    if (verdict == MS_CPU_LIMITS_HOST || verdict == MS_CPU_LIMITS_V2_REFUSES)
        return ms_reject_status(
            out, MS_RULE_NONE, 400,
            verdict == MS_CPU_LIMITS_HOST
                ? g_strdup_printf("migsim: not modelled for %s: limits.cpu.allowance=%s on a running "
                                  "container; whether the kernel takes the CFS quota and period LXD "
                                  "writes depends on the host",
                                  apply->profile->name, found[0] != NULL ? found[0] : "")
                : g_strdup_printf("migsim: not modelled for %s: limits.cpu.allowance and limits.cpu.priority "
                                  "on a running container make a CPU weight of %" G_GINT64_FORMAT
                                  "; a host with cgroup v1 clamps it (cpu.shares), one with cgroup v2 "
                                  "refuses it (cpu.weight takes 1 to 10000)",
                                  apply->profile->name, weight));
    if (ms_apply_check(apply, MS_RULE_CFG_INST_CGROUP_CPU, instance->name, verdict == MS_CPU_LIMITS_REFUSED))
        return ms_reject_rule(out, apply->profile, MS_RULE_CFG_INST_CGROUP_CPU);
    assume_cpu_controller(apply->env, instance);
    return TRUE;
}

gboolean
ms_instance_cpu_limits_start_check(MsEnv *env, const MsInstance *instance, const char *allowance,
                                   const char *priority, MsRejection *out)
{
    gboolean has_allowance = allowance != NULL && *allowance != '\0';
    gboolean has_priority = priority != NULL && *priority != '\0';
    g_autoptr(GString) keys = NULL;
    gint64 weight;
    MsCpuLimits verdict;

    if (!has_allowance && !has_priority)
        return TRUE;
    verdict = ms_cpu_limits_judge(allowance, priority, &weight);
    if (verdict == MS_CPU_LIMITS_TAKEN) {
        assume_cpu_controller(env, instance);
        return TRUE;
    }
    keys = g_string_new(NULL);
    if (has_allowance)
        g_string_append_printf(keys, "limits.cpu.allowance=%s", allowance);
    if (has_priority)
        g_string_append_printf(keys, "%slimits.cpu.priority=%s", has_allowance ? " and " : "", priority);
    return ms_reject_status(
        out, MS_RULE_NONE, 400,
        g_strdup_printf("migsim: not modelled for %s: a start of %s, which has %s; %s", env->profile->name,
                        instance->name, keys->str,
                        verdict == MS_CPU_LIMITS_REFUSED
                            ? "the kernel refuses the CFS quota or period, so lxc's forkstart fails "
                              "with a text of the host's"
                        : verdict == MS_CPU_LIMITS_V2_REFUSES
                            ? "a host with cgroup v1 clamps the CPU weight they make, one with "
                              "cgroup v2 refuses it"
                            : "whether the kernel takes them depends on the host"));
}

/* ---- security.devlxd ----
 *
 * A running container's Update that changes its expanded security.devlxd
 * to an enabled value ("" or true) bind-mounts LXD's devlxd directory on
 * /dev/lxd once more, on top of any mount there; to false it unmounts one
 * mount and then removes /dev/lxd through the instance's SFTP, which fails
 * while a mount is left ('sftp: "remove /dev/lxd: device or resource busy"
 * (SSH_FX_FAILURE)'; driver_lxc.go:4261-4288 at lxd-5.0.2, :4514-4545 at
 * lxd-5.21.7, :4077 at lxd-6.9).  Incus does the same with
 * security.guestapi on /dev/incus (driver_lxc.go:4598-4626 at v6.0.4,
 * :5246 at v7.3.0; review revA: migsim took any change of it).  Seen live
 * on 5.0.2 (lane 5, 2026-12-06; tests/live/scenarios/host-keys-running.scn):
 * false, true, false and "" taken, a profile's false after true then ""
 * refused so.  Every host answers alike, but migsim does not count the
 * mounts since the start: an enabling change is taken, a disabling one
 * not modelled. */
gboolean
ms_devlxd_key(const char *key)
{
    return g_str_equal(key, "security.devlxd") || g_str_equal(key, "security.guestapi");
}

typedef struct {
    const char *key;
    const char *value;
} DevlxdFound;

static void
collect_devlxd(const char *key, const char *value, gboolean local, gpointer data)
{
    DevlxdFound *found = data;

    (void) local;
    if (g_str_equal(key, found->key))
        found->value = value;
}

gboolean
ms_apply_running_devlxd(MsApply *apply, const MsInstance *instance, GHashTable *local, const char *key,
                        MsRejection *out)
{
    DevlxdFound found = { key, NULL };

    walk_layers(apply->cluster, instance, NULL, local, NULL, key, collect_devlxd, &found);
    if (found.value == NULL || *found.value == '\0' || ms_is_true(found.value))
        return TRUE;
    return ms_reject_status(
        out, MS_RULE_NONE, 400,
        g_strdup_printf("migsim: not modelled for %s: %s=%s on running "
                        "container %s; %s unmounts %s once and removes it, which "
                        "fails while an earlier mount is left (each enabling change since "
                        "the start mounted it again), and migsim does not count them",
                        apply->profile->name, key, found.value, instance->name,
                        ms_profile_is_incus(apply->profile) ? "Incus" : "LXD",
                        ms_profile_is_incus(apply->profile) ? "/dev/incus" : "/dev/lxd"));
}
