/* migsim: a project's instance-count limits (limits.instances,
 * limits.containers, limits.virtual-machines): checked when an instance is
 * created (AllowInstanceCreation: checkInstanceCountLimit, then
 * checkTotalInstanceCountLimit, lxd/project/permissions.go:50-58 at
 * lxd-5.0.2, lxd/project/limits/permissions.go:81-89 at lxd-5.21.7, :86-94
 * at lxd-6.9) and when a limit is lowered (AllowProjectUpdate).  Both count
 * the project's instances on every member (fetchProject reads them from the
 * cluster database), snapshots excluded.  The aggregate limits (limits.cpu,
 * limits.memory, limits.disk, limits.processes) stay "not modelled". */
#include "ms-apply-private.h"
#include "ms-project.h"

#include <stdlib.h>
#include <string.h>

/* The count keys and the instance type each one counts (MS_INSTANCE_LAST:
 * every instance). */
static const struct {
    const char *key;
    gboolean typed;
    MsInstanceType type;
} count_keys[] = {
    { "limits.instances", FALSE, MS_INSTANCE_CONTAINER },
    { "limits.containers", TRUE, MS_INSTANCE_CONTAINER },
    { "limits.virtual-machines", TRUE, MS_INSTANCE_VM },
};

gboolean
ms_project_count_key(const char *key)
{
    for (guint i = 0; i < G_N_ELEMENTS(count_keys); i++)
        if (g_str_equal(key, count_keys[i].key))
            return TRUE;
    return FALSE;
}

gboolean
ms_project_has_count_limits(const MsCluster *cluster, const char *project_name)
{
    const MsProject *project = ms_cluster_lookup_restricting_project(cluster, project_name);

    for (guint i = 0; project != NULL && project->config != NULL && i < G_N_ELEMENTS(count_keys); i++)
        if (ms_config_get(project->config, count_keys[i].key) != NULL)
            return TRUE;
    return FALSE;
}

/* The project's instances (of @type when @typed), on every member. */
static guint
count_instances(const MsCluster *cluster, const char *project, gboolean typed, MsInstanceType type)
{
    GHashTableIter iter;
    gpointer value;
    guint n = 0;

    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        const MsInstance *instance = value;
        if (ms_project_same(instance->project, project) && (!typed || instance->type == type))
            n++;
    }
    return n;
}

/* Whether a create of @type in @project meets a count limit it has reached,
 * or one migsim cannot read (checkInstanceCountLimit then
 * checkTotalInstanceCountLimit, permissions.go:50-58 at lxd-5.0.2): the
 * question without an answer, for callers that say "not modelled". */
gboolean
ms_project_count_limit_reached(const MsCluster *cluster, const char *project_name, MsInstanceType type)
{
    const MsProject *project = ms_cluster_lookup_restricting_project(cluster, project_name);

    for (guint i = 0; project != NULL && project->config != NULL && i < G_N_ELEMENTS(count_keys); i++) {
        const char *value = ms_config_get(project->config, count_keys[i].key);
        gboolean typed = count_keys[i].typed;
        guint64 limit;

        if (value == NULL || (typed && count_keys[i].type != type))
            continue;
        if (!g_ascii_string_to_unsigned(value, 10, 0, G_MAXINT32, &limit, NULL) ||
            count_instances(cluster, project_name, typed, type) >= limit)
            return TRUE;
    }
    return FALSE;
}

/* The next count key of @project that a create of @type meets, in
 * AllowInstanceCreation's order: the type's own limit first, then the
 * total (permissions.go:50,55 at lxd-5.0.2).  @pos (start at 0) walks
 * both passes; NULL when none is left. */
static const char *
next_count_key(const MsProject *project, MsInstanceType type, guint *pos, gboolean *typed, const char **value)
{
    while (*pos < 2 * G_N_ELEMENTS(count_keys)) {
        guint pass = *pos / G_N_ELEMENTS(count_keys), i = *pos % G_N_ELEMENTS(count_keys);

        (*pos)++;
        *typed = count_keys[i].typed;
        *value = ms_config_get(project->config, count_keys[i].key);
        if (*typed == (pass == 0) && (!*typed || count_keys[i].type == type) && *value != NULL)
            return count_keys[i].key;
    }
    return NULL;
}

/* strconv.Atoi of a limit; FALSE when migsim cannot read it (projectValidateConfig
 * would have refused a non-integer: not modelled here). */
static gboolean
parse_limit(const char *value, guint64 *limit)
{
    return value != NULL && g_ascii_string_to_unsigned(value, 10, 0, G_MAXINT32, limit, NULL);
}

static gboolean
unreadable(MsApply *apply, const char *project, const char *key, const char *value)
{
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: %s=%s in project %s (not a count "
                                         "migsim reads)",
                                         apply->profile->name, key, value, ms_project_display(project)));
}

/* The count check of a move's copy (ms_project_count_limit_text), its
 * own site: the creates' are count_limits'. */
static gboolean
copy_count_check(MsApply *a, MsRuleId r, const char *who, gboolean hit)
{
    /* dead in lxd-5.21.x,lxd-6.x: only the copy-based moves ask (5.0.0-5.0.2, 5.1-5.11) */
    return ms_apply_check(a, r, who, hit); /* check sites: PROJECT_LIMIT_TYPE PROJECT_LIMIT_INSTANCES */
}

char *
ms_project_count_limit_text(MsApply *apply, const char *project_name, MsInstanceType type,
                            const char *subject, MsRuleId *rule, gboolean *unreadable)
{
    const MsProject *project = ms_cluster_lookup_restricting_project(apply->cluster, project_name);
    const char *display = ms_project_display(project_name), *value;
    gboolean typed;

    *unreadable = FALSE;
    if (project == NULL || project->config == NULL)
        return NULL;
    for (guint pos = 0; next_count_key(project, type, &pos, &typed, &value) != NULL;) {
        guint64 limit;

        if (!parse_limit(value, &limit)) {
            *unreadable = TRUE;
            return NULL;
        }
        *rule = typed ? MS_RULE_PROJECT_LIMIT_TYPE : MS_RULE_PROJECT_LIMIT_INSTANCES;
        if (!copy_count_check(apply, *rule, subject,
                              count_instances(apply->cluster, project_name, typed, type) >= limit))
            continue;
        return typed ? ms_rule_message(*rule, apply->profile, ms_instance_type_to_string(type), display)
                     : ms_rule_message(*rule, apply->profile, display);
    }
    return NULL;
}

/* Whether AllowInstanceCreation runs for this create: an untargeted
 * create in a cluster skips it where the transaction returns early
 * (PROJECT.CREATE_UNCHECKED, PROJECT.CREATE_UNCHECKED_SELECT); elsewhere
 * it always runs.  Records the decision on @subject. */
gboolean
ms_apply_project_create_checked(MsApply *apply, const char *subject, gboolean targeted)
{
    static const MsRuleId skips[] = { MS_RULE_PROJECT_CREATE_UNCHECKED,
                                      MS_RULE_PROJECT_CREATE_UNCHECKED_SELECT };

    for (guint i = 0; i < G_N_ELEMENTS(skips); i++)
        if (ms_rule_applies(skips[i], apply->profile) && !ms_rule_unmodelled(skips[i], apply->profile))
            /* check sites: PROJECT_CREATE_UNCHECKED PROJECT_CREATE_UNCHECKED_SELECT */
            return !ms_apply_check(apply, skips[i], subject, !targeted);
    return TRUE;
}

/* The count limits of a create of @type named @name in @project; FALSE
 * when refused, the count's text wrapped by @wrap (MS_RULE_NONE: as it
 * is; a wrapper refuses inside the operation). */
static gboolean
count_limits(MsApply *apply, const char *project_name, MsInstanceType type, const char *name, MsRuleId wrap)
{
    const MsProject *project = ms_cluster_lookup_restricting_project(apply->cluster, project_name);
    const char *display = ms_project_display(project_name), *key, *value;
    gboolean typed;

    if (project == NULL || project->config == NULL)
        return TRUE;
    for (guint pos = 0; (key = next_count_key(project, type, &pos, &typed, &value)) != NULL;) {
        MsRuleId rule = typed ? MS_RULE_PROJECT_LIMIT_TYPE : MS_RULE_PROJECT_LIMIT_INSTANCES;
        g_autofree char *inner = NULL;
        guint64 limit;
        guint count;

        if (!parse_limit(value, &limit))
            return unreadable(apply, project_name, key, value);
        count = count_instances(apply->cluster, project_name, typed, type);
        /* check sites: PROJECT_LIMIT_TYPE PROJECT_LIMIT_INSTANCES */
        if (!ms_apply_check(apply, rule, name, count >= limit))
            continue;
        if (wrap == MS_RULE_NONE)
            return typed ? ms_apply_reject(apply, rule, ms_instance_type_to_string(type), display)
                         : ms_apply_reject(apply, rule, display);
        inner = typed ? ms_rule_message(rule, apply->profile, ms_instance_type_to_string(type), display)
                      : ms_rule_message(rule, apply->profile, display);
        /* check sites: PROJECT_MOVE_LIMIT_WRAP MOVE_POOL_CREATE_WRAP */
        ms_apply_check(apply, wrap, name, TRUE);
        return ms_apply_fail(apply, rule, 400, TRUE,
                             ms_profile_is_incus(apply->profile)
                                 ? ms_rule_message(wrap, apply->profile, inner)
                                 : ms_rule_message(wrap, apply->profile, display, inner));
    }
    return TRUE;
}

gboolean
ms_apply_project_count_limits(MsApply *apply, const char *project_name, MsInstanceType type, const char *name)
{
    return count_limits(apply, project_name, type, name, MS_RULE_NONE);
}

/* lxc move --target-project P of @instance: the move creates it in P, and
 * where the release checks that creation (PROJECT.MOVE_LIMIT_WRAP) P's
 * count limits can refuse it inside the operation.  LXD 5.0.9 and 5.21.6+
 * run AllowInstanceCreation in checkTargetProjectRestrictions
 * (lxd/instance_post.go:551,659 at lxd-5.0.9, :686,1221 at lxd-5.21.7;
 * absent at lxd-5.0.2 (instancePostProjectMigration, :492-560), lxd-5.21.5
 * and lxd-6.1 .. 6.9); Incus moves a stopped instance with a create on its
 * own socket (cmd/incusd/instance_post.go:670-783 at v6.0.4), whose
 * instancesPost checks the target project (instances_post.go:1153) and
 * whose refusal the operation wraps 'Failed requesting instance create on
 * destination: ' (:783, MOVE.POOL_CREATE_WRAP).  A running instance:
 * 5.21.7 checks before the stop (:686 then :695-705), the instance keeps
 * running; 5.0.9 after it (:427-430, :551) and Incus takes another path
 * (:233-262): not modelled there. */
gboolean
ms_apply_project_move_count_limits(MsApply *apply, const MsInstance *instance, const char *project_name)
{
    gboolean incus = ms_profile_is_incus(apply->profile);

    if ((!incus && !ms_rule_applies(MS_RULE_PROJECT_MOVE_LIMIT_WRAP, apply->profile)) ||
        !ms_project_has_count_limits(apply->cluster, project_name))
        return TRUE;
    if (instance->status == MS_INSTANCE_RUNNING && (incus || apply->profile->version < MS_VERSION(5, 1, 0)))
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: lxc move --target-project of the "
                                             "running instance %s into project %s, which sets count limits",
                                             apply->profile->name, instance->name,
                                             ms_project_display(project_name)));
    return count_limits(apply, project_name, instance->type, instance->name,
                        incus ? MS_RULE_MOVE_POOL_CREATE_WRAP : MS_RULE_PROJECT_MOVE_LIMIT_WRAP);
}

/* AllowProjectUpdate's count checks of the keys @config changes from
 * @project's: a limit below the count refuses the update.  configChanged is
 * built from a Go map (lxd/api_project.go:649-660 at lxd-5.0.2), so with
 * two failing keys LXD names either: not modelled. */
gboolean
ms_apply_project_count_lowering(MsApply *apply, const MsProject *project, GHashTable *config)
{
    const char *display = ms_project_display(project->name);
    guint n_failing = 0, failing = 0;
    guint counts[G_N_ELEMENTS(count_keys)];
    guint64 limits[G_N_ELEMENTS(count_keys)];
    gboolean changed[G_N_ELEMENTS(count_keys)];

    for (guint i = 0; i < G_N_ELEMENTS(count_keys); i++) {
        const char *key = count_keys[i].key;
        const char *value = ms_config_get(config, key);
        limits[i] = 0;
        counts[i] = 0;
        /* only changed keys; an unset one ("") passes */
        changed[i] =
            value != NULL && *value != '\0' && g_strcmp0(value, ms_config_get(project->config, key)) != 0;
        if (!changed[i])
            continue;
        if (!parse_limit(value, &limits[i]))
            return unreadable(apply, project->name, key, value);
        counts[i] = count_instances(apply->cluster, project->name, count_keys[i].typed, count_keys[i].type);
        if (limits[i] < counts[i] && n_failing++ == 0)
            failing = i;
    }
    if (n_failing > 1)
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: %u count limits of project %s "
                                             "below its instances; LXD names either (Go map order)",
                                             apply->profile->name, n_failing, display));
    for (guint i = 0; i < G_N_ELEMENTS(count_keys); i++) {
        g_autofree char *count = g_strdup_printf("%u", counts[i]);
        g_autofree char *limit = g_strdup_printf("%" G_GUINT64_FORMAT, limits[i]);
        gboolean fails = n_failing == 1 && failing == i;
        const char *type = ms_instance_type_to_string(count_keys[i].type);

        if (!changed[i])
            continue;
        if (!count_keys[i].typed && ms_apply_check(apply, MS_RULE_PROJECT_LIMIT_LOWER, display, fails))
            return ms_apply_reject(apply, MS_RULE_PROJECT_LIMIT_LOWER, display, count, limit);
        if (count_keys[i].typed && ms_apply_check(apply, MS_RULE_PROJECT_LIMIT_LOWER_TYPE, display, fails))
            return ms_apply_reject(apply, MS_RULE_PROJECT_LIMIT_LOWER_TYPE, count_keys[i].key, display, count,
                                   type);
    }
    return TRUE;
}
