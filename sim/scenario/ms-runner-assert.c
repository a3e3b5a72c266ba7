/* migsim: the `expect` lines that check the cluster's state (instance,
 * member, profile, volume and server assertions), for the runner. */
#include "ms-runner.h"

#include <string.h>

#include "ms-config.h"
#include "ms-roles.h"

static gboolean
value_matches(const char *actual, const char *expected, gboolean negate)
{
    gboolean equal =
        g_str_equal(expected, "unset") ? actual == NULL : actual != NULL && g_str_equal(actual, expected);
    return negate ? !equal : equal;
}

static gboolean
compare(const char *what, const char *actual, const MsStep *step, char **why)
{
    if (value_matches(actual, step->value, step->negate))
        return TRUE;
    *why = g_strdup_printf("%s is %s%s%s, expected %s%s", what, actual ? "'" : "", actual ? actual : "unset",
                           actual ? "'" : "", step->negate ? "not " : "", step->value);
    return FALSE;
}

/* expect instance NAME status|location|project|config|expanded|device */
static gboolean
check_instance(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance,
               const MsStep *step, char **why)
{
    switch (step->assert_kind) {
    case MS_ASSERT_INSTANCE_STATUS:
        return compare("status", ms_instance_status_to_string(instance->status), step, why);
    case MS_ASSERT_INSTANCE_LOCATION:
        return compare("location", instance->location, step, why);
    case MS_ASSERT_INSTANCE_PROJECT:
        return compare("project", ms_project_display(instance->project), step, why);
    case MS_ASSERT_INSTANCE_CONFIG:
        return compare(step->key, ms_instance_get_config(instance, step->key), step, why);
    case MS_ASSERT_INSTANCE_EXPANDED: {
        g_autoptr(GHashTable) expanded = ms_cluster_expand_config(cluster, profile, instance);
        return compare(step->key, ms_config_get(expanded, step->key), step, why);
    }
    case MS_ASSERT_INSTANCE_DEVICE: {
        g_autoptr(MsDevices) devices = ms_cluster_expand_devices(cluster, instance);
        MsDevice *device = ms_devices_lookup(devices, step->device);
        g_autofree char *what = g_strdup_printf("device %s %s", step->device, step->key);
        return compare(what, device ? ms_device_lookup(device, step->key) : NULL, step, why);
    }
    default:
        g_assert_not_reached();
    }
}

/* expect member NAME status VALUE */
static gboolean
check_member_status(const MsCluster *cluster, const MsStep *step, char **why)
{
    const MsMember *member = ms_cluster_lookup_member(cluster, step->subject);

    if (member == NULL) {
        *why = g_strdup_printf("member %s no longer exists", step->subject);
        return FALSE;
    }
    /* heartbeats come every threshold/2 (lxd/cluster/heartbeat.go:248
     * at lxd-5.0.2), so the last one that reached a member that stopped
     * answering at T was in (T - threshold/2, T]: LXD shows it OFFLINE
     * from some moment in (T + threshold/2, T + threshold]; migsim turns
     * it OFFLINE at the end of that window and accepts either inside */
    if (member->unreachable_since_ms != G_MAXUINT64 && member->status != MS_MEMBER_OFFLINE &&
        cluster->now_ms > member->unreachable_since_ms + ms_cluster_offline_threshold_ms(cluster) / 2 &&
        !step->negate && (g_str_equal(step->value, "OFFLINE") || g_str_equal(step->value, "ONLINE")))
        return TRUE;
    return compare("status", ms_member_status_to_string(ms_member_listed_status(member)), step, why);
}

/* expect member NAME role ROLE */
static gboolean
check_member_role(const MsCluster *cluster, const MsProfile *profile, const MsStep *step, char **why)
{
    const MsMember *member = ms_cluster_lookup_member(cluster, step->subject);
    g_autoptr(GPtrArray) roles = NULL;
    g_autofree char *all = NULL;
    g_autofree char *joined = NULL;
    guint bit = 0;

    if (member == NULL) {
        *why = g_strdup_printf("member %s no longer exists", step->subject);
        return FALSE;
    }
    (void) ms_roles_parse(step->value, &bit);
    if (ms_roles_member_may_have(cluster, member, bit) != step->negate)
        return TRUE;
    roles = ms_roles_api(cluster, profile, member);
    all = ms_roles_describe(cluster);
    g_ptr_array_add(roles, NULL);
    joined = g_strjoinv(",", (char **) roles->pdata);
    *why = g_strdup_printf("member %s is %s (roles: %s), expected %s%s; cluster: %s", step->subject,
                           ms_member_role_to_string(member->role), roles->len > 1 ? joined : "none",
                           step->negate ? "not " : "", step->value, all);
    return FALSE;
}

/* expect member NAME group [not] GROUP: the member is (not) in cluster group GROUP */
static gboolean
check_member_group(const MsCluster *cluster, const MsStep *step, char **why)
{
    const MsMember *member = ms_cluster_lookup_member(cluster, step->subject);
    g_autoptr(GString) joined = g_string_new(NULL);

    if (member == NULL) {
        *why = g_strdup_printf("member %s no longer exists", step->subject);
        return FALSE;
    }
    if (ms_member_in_group(member, step->value) != step->negate)
        return TRUE;
    for (guint i = 0; i < member->groups->len; i++)
        g_string_append_printf(joined, "%s%s", i ? "," : "", (const char *) member->groups->pdata[i]);
    *why = g_strdup_printf("member %s is in groups %s, expected %s%s", step->subject,
                           joined->len > 0 ? joined->str : "(none)", step->negate ? "not " : "", step->value);
    return FALSE;
}

/* expect volume POOL/NAME location MEMBER: some volume of that name is there */
static gboolean
check_volume_location(const MsCluster *cluster, const MsStep *step, char **why)
{
    g_autofree char *pool = g_strndup(step->subject, strchr(step->subject, '/') - step->subject);
    const char *name = strchr(step->subject, '/') + 1;
    g_autoptr(GString) where = g_string_new(NULL);
    gboolean found = FALSE;

    for (guint i = 0; i < cluster->volumes->len; i++) {
        const MsVolume *v = cluster->volumes->pdata[i];
        if (!g_str_equal(v->pool, pool) || !g_str_equal(v->name, name))
            continue;
        g_string_append_printf(where, "%s%s", where->len ? ", " : "", v->location ? v->location : "(remote)");
        if (v->location != NULL && g_str_equal(v->location, step->value))
            found = TRUE;
    }
    if (found != step->negate)
        return TRUE;
    *why = g_strdup_printf("volume %s is on %s, expected %s%s", step->subject,
                           where->len ? where->str : "no member", step->negate ? "not " : "", step->value);
    return FALSE;
}

/* expect profile NAME device DEV KEY VALUE */
static gboolean
check_profile_device(const MsCluster *cluster, const MsStep *step, char **why)
{
    const MsProfileEntity *p = ms_cluster_lookup_profile(cluster, step->subject);
    MsDevice *device = p ? ms_devices_lookup(p->devices, step->device) : NULL;
    g_autofree char *what = g_strdup_printf("device %s %s", step->device, step->key);

    if (p == NULL) {
        *why = g_strdup_printf("profile %s does not exist", step->subject);
        return FALSE;
    }
    return compare(what, device ? ms_device_lookup(device, step->key) : NULL, step, why);
}

gboolean
ms_runner_check_assertion(const MsCluster *cluster, const MsProfile *profile, const MsStep *step, char **why)
{
    const MsInstance *instance;

    switch (step->assert_kind) {
    case MS_ASSERT_INSTANCE_EXISTS:
        instance = ms_cluster_lookup_instance(cluster, step->subject);
        if ((instance != NULL) != !step->negate) {
            *why = g_strdup_printf("instance %s %s", step->subject, instance ? "exists" : "does not exist");
            return FALSE;
        }
        return TRUE;
    case MS_ASSERT_INSTANCE_STATUS:
    case MS_ASSERT_INSTANCE_LOCATION:
    case MS_ASSERT_INSTANCE_CONFIG:
    case MS_ASSERT_INSTANCE_EXPANDED:
    case MS_ASSERT_INSTANCE_DEVICE:
    case MS_ASSERT_INSTANCE_PROJECT:
        instance = ms_cluster_lookup_instance(cluster, step->subject);
        if (instance == NULL) {
            *why = g_strdup_printf("instance %s does not exist", step->subject);
            return FALSE;
        }
        return check_instance(cluster, profile, instance, step, why);
    case MS_ASSERT_PROFILE_DEVICE:
        return check_profile_device(cluster, step, why);
    case MS_ASSERT_MEMBER_STATUS:
        return check_member_status(cluster, step, why);
    case MS_ASSERT_MEMBER_ROLE:
        return check_member_role(cluster, profile, step, why);
    case MS_ASSERT_MEMBER_GROUP:
        return check_member_group(cluster, step, why);
    case MS_ASSERT_VOLUME_LOCATION:
        return check_volume_location(cluster, step, why);
    case MS_ASSERT_SERVER:
        return compare(step->subject, ms_config_get(cluster->server_config, step->subject), step, why);
    }
    g_assert_not_reached();
}
