/* migsim: writing state files, and the profile for an LXD version
 * (ms-state-file.h); moved unchanged from ms-state-file.c. */
#include "ms-state-file.h"

#include <stdlib.h>
#include <string.h>

/* ---- dump ---- */

static void
add_strings(JsonObject *object, const char *key, GPtrArray *strings)
{
    JsonArray *array = json_array_sized_new(strings->len);

    for (guint i = 0; i < strings->len; i++)
        json_array_add_string_element(array, strings->pdata[i]);
    json_object_set_array_member(object, key, array);
}

char *
ms_state_file_dump(const MsCluster *cluster, const MsProfile *profile, const char *server_version)
{
    g_autoptr(JsonNode) root = ms_cluster_to_json(cluster, profile);
    g_autoptr(JsonGenerator) generator = json_generator_new();
    g_autoptr(GPtrArray) instances = ms_cluster_list_instances(cluster, NULL);
    JsonObject *top = json_node_get_object(root);
    JsonArray *members = json_object_get_array_member(top, "members");
    JsonArray *volumes = json_object_get_array_member(top, "volumes");
    JsonArray *dumped = json_object_get_array_member(top, "instances");

    /* optional fields appear only when they differ from their default, so a
     * plain ms_cluster_to_json() dump is a valid, round-tripping state file */
    for (guint i = 0; i < cluster->members->len; i++) {
        const MsMember *member = cluster->members->pdata[i];
        if (!g_str_equal(member->scheduler_instance, "all"))
            json_object_set_string_member(json_array_get_object_element(members, i), "scheduler_instance",
                                          member->scheduler_instance);
    }
    for (guint i = 0; i < cluster->volumes->len; i++) {
        MsVolume *volume = cluster->volumes->pdata[i];
        if (volume->snapshots->len > 0)
            add_strings(json_array_get_object_element(volumes, i), "snapshots", volume->snapshots);
    }
    for (guint i = 0; i < instances->len; i++) {
        MsInstance *instance = instances->pdata[i];
        JsonObject *object = json_array_get_object_element(dumped, i);
        if (instance->snapshots->len > 0)
            add_strings(object, "snapshots", instance->snapshots);
        if (instance->n_backups > 0)
            json_object_set_int_member(object, "backups", instance->n_backups);
    }
    if (server_version != NULL)
        json_object_set_string_member(top, "server_version", server_version);

    json_generator_set_pretty(generator, TRUE);
    json_generator_set_indent(generator, 2);
    json_generator_set_root(generator, root);
    return json_generator_to_data(generator, NULL);
}

/* ---- LXD version -> profile ---- */

static gboolean
parse_version(const char *text, MsVersion *version)
{
    /* "incus-6.0.4": an Incus server (GET /1.0 environment.server "incus") */
    gboolean incus = g_str_has_prefix(text, "incus-");
    g_auto(GStrv) parts = g_strsplit(incus ? text + strlen("incus-") : text, ".", -1);
    guint n = g_strv_length(parts);
    guint64 numbers[3] = { 0, 0, 0 };

    if (n < 2 || n > 3)
        return FALSE;
    for (guint i = 0; i < n; i++) {
        if (!g_ascii_string_to_unsigned(parts[i], 10, 0, 255, &numbers[i], NULL))
            return FALSE;
    }
    *version = incus ? MS_VERSION_INCUS((guint) numbers[0], (guint) numbers[1], (guint) numbers[2])
                     : MS_VERSION((guint) numbers[0], (guint) numbers[1], (guint) numbers[2]);
    return TRUE;
}

/* The series a version belongs to, as the profile table groups releases;
 * 5.1–5.20 were feature releases before 5.21 and fall back to 5.0. */
static guint
series_of(MsVersion version)
{
    guint major = MS_VERSION_MAJOR(version), minor = MS_VERSION_MINOR(version);

    /* Incus: the 6.0 LTS line and the feature releases 6.1 ... */
    if (MS_VERSION_IS_INCUS(version))
        return minor == 0 ? 1060 : 1061;
    if (major >= 6)
        return 6;
    /* 5.1 .. 5.20: the feature releases between the two LTS series */
    return minor >= 21 ? 521 : minor >= 1 ? 5 : 50;
}

const MsProfile *
ms_state_profile_for_version(const char *version, gboolean *exact)
{
    const MsProfile *best = NULL, *oldest = NULL;
    MsVersion wanted;
    guint n;
    const MsProfile *profiles = ms_profiles(&n);

    *exact = FALSE;
    if (version == NULL || !parse_version(version, &wanted) ||
        MS_VERSION_MAJOR(wanted) < (MS_VERSION_IS_INCUS(wanted) ? 6 : 5))
        return NULL;
    for (guint i = 0; i < n; i++) {
        const MsProfile *p = &profiles[i];
        if (series_of(p->version) != series_of(wanted))
            continue;
        if (oldest == NULL || p->version < oldest->version)
            oldest = p;
        if (p->version <= wanted && (best == NULL || p->version > best->version))
            best = p;
    }
    if (best == NULL)
        best = oldest;
    *exact = best != NULL && best->version == wanted;
    return best;
}
