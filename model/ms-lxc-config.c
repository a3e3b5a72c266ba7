/* migsim: what liblxc's config parser refuses when a container's Update
 * runs it over the whole expanded config: the values of limits.kernel.*,
 * which LXD validates with validate.IsAny and hands to liblxc as
 * lxc.prlimit.* items only then. */
#include "ms-apply-private.h"

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
 * now, then @local (NULL: its own config), telling it which layer. */
typedef void (*LayerVisit)(const char *key, const char *value, gboolean local, gpointer data);

static void
walk_layers(const MsCluster *cluster, const MsInstance *instance, GHashTable *local,
            const GPtrArray *profiles, const char *prefix, LayerVisit visit, gpointer data)
{
    const char *profile_project = ms_cluster_profile_project(cluster, instance->project);
    GHashTableIter iter;
    gpointer key, value;

    profiles = profiles != NULL ? profiles : instance->profiles;
    for (guint i = 0; i < profiles->len; i++) {
        MsProfileEntity *p = ms_cluster_lookup_profile_in(cluster, profile_project, profiles->pdata[i]);

        if (p == NULL || g_hash_table_size(p->config) == 0)
            continue;
        g_hash_table_iter_init(&iter, p->config);
        while (g_hash_table_iter_next(&iter, &key, &value))
            if (g_str_has_prefix(key, prefix))
                visit(key, value, FALSE, data);
    }
    if (local != NULL) {
        g_hash_table_iter_init(&iter, local);
        while (g_hash_table_iter_next(&iter, &key, &value))
            if (g_str_has_prefix(key, prefix))
                visit(key, value, TRUE, data);
        return;
    }
    for (guint i = 0; i < ms_config_map_size(instance->config); i++)
        if (g_str_has_prefix(ms_config_map_key(instance->config, i), prefix))
            visit(ms_config_map_key(instance->config, i), ms_config_map_value(instance->config, i), TRUE,
                  data);
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
sysctl_key(const MsCluster *cluster, const MsInstance *instance, GHashTable *local, const GPtrArray *profiles)
{
    const char *found[2] = { NULL, NULL };

    walk_layers(cluster, instance, local, profiles, "linux.sysctl.", first_set_key, found);
    return found[0] != NULL ? found[0] : found[1];
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
    if (!ms_profile_is_incus(apply->profile) &&
        ms_releases_contain(&sysctl_untranslated, apply->profile->version)) {
        const char *sysctl = sysctl_key(apply->cluster, instance, local, profiles);

        if (sysctl != NULL)
            return ms_reject_status(out, MS_RULE_NONE, 400,
                                    g_strdup_printf("migsim: not modelled for %s: an update of container %s, "
                                                    "whose config has %s: this release's initLXC hands it to "
                                                    "liblxc unprefixed, which liblxc refuses by the source "
                                                    "(never seen live)",
                                                    apply->profile->name, instance->name, sysctl));
    }
    walk_layers(apply->cluster, instance, local, profiles, PRLIMIT_PREFIX, collect_value, &values);
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
ms_instance_sysctl_unprefixed_key(const MsCluster *cluster, const MsProfile *profile,
                                  const MsInstance *instance)
{
    if (instance->type != MS_INSTANCE_CONTAINER || ms_profile_is_incus(profile) ||
        !ms_releases_contain(&sysctl_untranslated, profile->version))
        return NULL;
    return sysctl_key(cluster, instance, NULL, NULL);
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
    const MsInstance *instance;
    gboolean any;
    const char *unknown;
} StartLimits;

static void
judge_start_limit(const char *key, const char *value, gboolean local, gpointer data)
{
    StartLimits *limits = data;
    const char *name = key + strlen(PRLIMIT_PREFIX);
    const char *expanded =
        ms_cluster_expanded_value(limits->cluster, limits->profile, limits->instance, key, NULL, NULL);

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
ms_instance_prlimit_start_unknown(const MsCluster *cluster, const MsProfile *profile,
                                  const MsInstance *instance, gboolean *any)
{
    StartLimits limits = { cluster, profile, instance, FALSE, NULL };

    walk_layers(cluster, instance, NULL, NULL, PRLIMIT_PREFIX, judge_start_limit, &limits);
    *any = limits.any;
    return limits.unknown;
}
