/* migsim preflight: the view of a cluster on which one member is checked
 * (ms-preflight.c). */
#include "ms-preflight-private.h"

#include <stdlib.h>
#include <string.h>

#include "ms-apply.h"
#include "ms-config.h"

/* ---- member views ----
 *
 * Evacuating and restoring one member touches that member's instances, the
 * instances evacuated from it earlier, and the members' instance counts.
 * A check therefore runs on a view: every member (with its real instance
 * count), pool, profile and setting, the volumes on the member and those
 * the view's instances name (not every remote volume: a view and each of
 * its ways out used to copy and index tens of thousands), but only the
 * instances the model can look at for that member: its own, those whose
 * origin it is,
 * those sharing a custom volume with them (block-volume sharing rules),
 * where placement groups exist, those in a placement group (placement
 * counts), and those with a nic (a bridged nic's address conflicts).  The result is the same as on a full copy (tests/preflight checks
 * both ways on the corpus) at a fraction of the cost on big clusters. */

void
ms_pf_view_source_free(MsPfViewSource *src)
{
    if (src == NULL)
        return;
    g_hash_table_unref(src->by_volume);
    g_hash_table_unref(src->by_origin);
    g_ptr_array_unref(src->grouped);
    g_ptr_array_unref(src->with_nics);
    g_hash_table_unref(src->accepted);
    g_hash_table_unref(src->refused_by);
    g_hash_table_unref(src->users_devices_valid);
    if (src->volumes_by_name != NULL) {
        g_hash_table_unref(src->volumes_by_name);
        g_hash_table_unref(src->volumes_by_location);
        g_hash_table_unref(src->instance_volumes);
    }
    if (src->skeleton != NULL)
        ms_cluster_free(src->skeleton);
    g_free(src);
}

static void
refusers_free(MsPfRefusers *refusers)
{
    g_ptr_array_unref(refusers->names);
    g_free(refusers->sorted);
    g_hash_table_unref(refusers->positions);
    g_free(refusers);
}

/* (transfer full) @names (taken) with their sorted list and positions */
static MsPfRefusers *
refusers_new(GPtrArray *names)
{
    MsPfRefusers *refusers = g_new0(MsPfRefusers, 1);
    g_autofree const char **all = g_new(const char *, names->len + 1);
    guint n = 0;

    refusers->names = names;
    memcpy(all, names->pdata, names->len * sizeof(char *));
    qsort(all, names->len, sizeof(char *), ms_compare_string_ptrs);
    refusers->sorted = g_new(const char *, names->len + 1);
    refusers->positions = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < names->len; i++) {
        if (n > 0 && strcmp(refusers->sorted[n - 1], all[i]) == 0)
            continue;
        refusers->sorted[n] = all[i];
        g_hash_table_insert(refusers->positions, (gpointer) all[i], GUINT_TO_POINTER(n + 1));
        n++;
    }
    refusers->n_sorted = n;
    return refusers;
}

static GPtrArray *
index_add(GHashTable *index, const char *key, const char *name)
{
    GPtrArray *list = g_hash_table_lookup(index, key);

    if (list == NULL) {
        list = g_ptr_array_new();
        g_hash_table_insert(index, g_strdup(key), list);
    }
    g_ptr_array_add(list, (gpointer) name);
    return list;
}

static void
instance_volumes_free(MsPfInstanceVolumes *volumes)
{
    g_ptr_array_unref(volumes->users);
    g_ptr_array_unref(volumes->positions);
    g_free(volumes);
}

static void
positions_add(GHashTable *index, const char *key, guint at)
{
    GArray *list = g_hash_table_lookup(index, key);

    if (list == NULL) {
        list = g_array_new(FALSE, FALSE, sizeof(guint));
        g_hash_table_insert(index, (gpointer) key, list);
    }
    g_array_append_val(list, at);
}

/* The full state's volumes by name and by member (positions in
 * full->volumes). */
static void
index_volumes(MsPfViewSource *src)
{
    const MsCluster *full = src->full;

    src->volumes_by_name =
        g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_array_unref);
    src->volumes_by_location =
        g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_array_unref);
    for (guint i = 0; i < full->volumes->len; i++) {
        const MsVolume *volume = full->volumes->pdata[i];
        positions_add(src->volumes_by_name, volume->name, i);
        if (volume->location != NULL)
            positions_add(src->volumes_by_location, volume->location, i);
    }
}

MsPfViewSource *
ms_pf_view_source_new(const MsCluster *full, const MsProfile *profile, gboolean full_copies)
{
    MsPfViewSource *src = g_new0(MsPfViewSource, 1);
    gboolean groups = ms_profile_has(profile, MS_FEATURE_PLACEMENT_GROUPS) && full->placement_groups->len > 0;
    GHashTableIter iter;
    gpointer value;

    src->full = full;
    src->profile = profile;
    src->full_copies = full_copies;
    src->by_volume =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
    src->by_origin =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
    src->grouped = g_ptr_array_new();
    src->with_nics = g_ptr_array_new();
    src->accepted = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    src->refused_by = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) refusers_free);
    src->users_devices_valid = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (full_copies)
        return src;
    index_volumes(src);
    src->instance_volumes =
        g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify) instance_volumes_free);
    g_hash_table_iter_init(&iter, full->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        const MsInstance *instance = value;
        const char *origin = ms_instance_get_config(instance, "volatile.evacuate.origin");
        g_autoptr(MsDevices) devices = ms_cluster_expand_devices(full, instance);
        MsPfInstanceVolumes *volumes = g_new0(MsPfInstanceVolumes, 1);
        MsDevicesIter dev_iter;
        MsDevice *dev;

        volumes->instance = instance;
        volumes->users = g_ptr_array_new();
        volumes->positions = g_ptr_array_new();
        g_hash_table_insert(src->instance_volumes, instance->name, volumes);
        if (origin != NULL)
            index_add(src->by_origin, origin, instance->name);
        gboolean nic = FALSE;

        ms_devices_iter_init(&dev_iter, devices);
        while (ms_devices_iter_next(&dev_iter, NULL, &dev)) {
            const char *pool = ms_device_lookup(dev, "pool"), *source = ms_device_lookup(dev, "source");
            nic = nic || g_strcmp0(ms_device_lookup(dev, "type"), "nic") == 0;
            if (pool != NULL && source != NULL) {
                g_autofree char *key = g_strdup_printf("%s/%s", pool, source);
                g_ptr_array_add(volumes->users, index_add(src->by_volume, key, instance->name));
                g_ptr_array_add(volumes->positions, g_hash_table_lookup(src->volumes_by_name, source));
            }
        }
        if (groups &&
            ms_cluster_expanded_value(full, profile, instance, "placement.group", NULL, NULL) != NULL)
            g_ptr_array_add(src->grouped, instance->name);
        if (nic)
            g_ptr_array_add(src->with_nics, instance->name);
    }
    return src;
}

/* Adds @name and every instance sharing a custom volume with it to @names. */
static void
select_with_volumes(const MsPfViewSource *src, GHashTable *names, const char *name)
{
    const MsPfInstanceVolumes *volumes = g_hash_table_lookup(src->instance_volumes, name);

    if (volumes == NULL || !g_hash_table_add(names, (gpointer) volumes->instance->name))
        return;
    for (guint d = 0; d < volumes->users->len; d++) {
        const GPtrArray *users = volumes->users->pdata[d];
        for (guint i = 0; i < users->len; i++)
            g_hash_table_add(names, users->pdata[i]);
    }
}

static void
positions_copy(GArray *into, const GArray *from)
{
    if (from != NULL)
        g_array_append_vals(into, from->data, from->len);
}

static gint
position_order(gconstpointer a, gconstpointer b)
{
    guint x = *(const guint *) a, y = *(const guint *) b;

    return x < y ? -1 : x > y;
}

/* The positions in full->volumes of the volumes @member's view holds: those
 * on @member and every volume (any pool, any member: creating one checks
 * the name) named by a device of an instance in @names, which is every
 * volume the model looks up for them.  Sorted, without repeats. */
static GArray *
view_volume_positions(MsPfViewSource *src, GHashTable *names, const char *member)
{
    GArray *positions = g_array_new(FALSE, FALSE, sizeof(guint));
    GHashTableIter iter;
    gpointer name;
    guint kept = 0;

    positions_copy(positions, g_hash_table_lookup(src->volumes_by_location, member));
    g_hash_table_iter_init(&iter, names);
    while (g_hash_table_iter_next(&iter, &name, NULL)) {
        const MsPfInstanceVolumes *volumes = g_hash_table_lookup(src->instance_volumes, name);
        for (guint d = 0; d < volumes->positions->len; d++)
            positions_copy(positions, volumes->positions->pdata[d]);
    }
    g_array_sort(positions, position_order);
    for (guint i = 0; i < positions->len; i++)
        if (kept == 0 || g_array_index(positions, guint, i) != g_array_index(positions, guint, kept - 1))
            g_array_index(positions, guint, kept++) = g_array_index(positions, guint, i);
    g_array_set_size(positions, kept);
    return positions;
}

/* (transfer full) the view of @src's cluster for checking @member. */
MsCluster *
ms_pf_member_view(MsPfViewSource *src, const char *member)
{
    const MsCluster *full = src->full;
    g_autoptr(GHashTable) names = NULL;
    g_autoptr(GPtrArray) local = NULL;
    g_autoptr(GArray) positions = NULL;
    GPtrArray *origin;
    MsCluster *view;
    GHashTableIter iter;
    gpointer name;

    if (src->full_copies)
        return ms_cluster_copy(full);
    names = g_hash_table_new(g_str_hash, g_str_equal);
    local = ms_cluster_list_instances(full, member);
    for (guint i = 0; i < local->len; i++)
        select_with_volumes(src, names, ((MsInstance *) local->pdata[i])->name);
    origin = g_hash_table_lookup(src->by_origin, member);
    for (guint i = 0; origin != NULL && i < origin->len; i++)
        select_with_volumes(src, names, origin->pdata[i]);
    for (guint i = 0; i < src->grouped->len; i++)
        g_hash_table_add(names, src->grouped->pdata[i]);
    /* a bridged nic's start, add or update compares its addresses, MAC and
     * DNS name with every other nic on the same member and bridge
     * (ms_nic_bridge_check): a member's restore or an evacuation target's
     * start reads instances outside the rest of the view */
    for (guint i = 0; i < src->with_nics->len; i++)
        g_hash_table_add(names, src->with_nics->pdata[i]);

    if (src->skeleton == NULL) {
        src->skeleton = ms_cluster_copy_without_instances(full);
        /* the model's self-checks compare each volume answer with a scan
         * of the cluster when it holds at most MS_MODEL_SELF_CHECK_MAX
         * instances or volumes: a view of a big state is that small, so
         * every one of its answers would scan it.  The views are copies of
         * the skeleton and inherit the setting: the views of the changed
         * state and those of the state before it (checked again for every
         * member with an issue; they used to keep the checks) alike. */
        if (g_hash_table_size(full->instances) > MS_MODEL_SELF_CHECK_MAX)
            ms_cluster_set_self_checks(src->skeleton, FALSE);
    }
    view = ms_cluster_copy(src->skeleton);
    /* in the full state's order, which lookups and dumps follow */
    positions = view_volume_positions(src, names, member);
    for (guint i = 0; i < positions->len; i++)
        g_ptr_array_add(view->volumes,
                        ms_volume_ref(full->volumes->pdata[g_array_index(positions, guint, i)]));
    g_hash_table_iter_init(&iter, names);
    while (g_hash_table_iter_next(&iter, &name, NULL))
        ms_cluster_add_instance(view, ms_instance_copy(ms_cluster_lookup_instance(full, name)));
    /* the scheduler counts every instance, not only the view's */
    for (guint i = 0; i < full->members->len; i++)
        ((MsMember *) view->members->pdata[i])->n_instances =
            ((MsMember *) full->members->pdata[i])->n_instances;
    ms_cluster_members_changed_like(view, full);
    return view;
}

/* A cluster-wide command (profile or server config) is validated against
 * every instance it affects; a view holds only some, so it is also tried
 * once on the full state.  Returns its error there, or NULL. */
const char *
ms_pf_full_state_error(MsPfViewSource *src, const MsOp *op, const char *line, const MsPfRefusers **refused_by)
{
    gboolean wide =
        op->kind == MS_OP_PROFILE_SET || op->kind == MS_OP_PROFILE_UNSET ||
        ((op->kind == MS_OP_CONFIG_SET || op->kind == MS_OP_CONFIG_UNSET) && op->instance == NULL);
    const char *cached;

    if (refused_by != NULL)
        *refused_by = NULL;
    if (!wide || src->full_copies)
        return NULL;
    cached = g_hash_table_lookup(src->accepted, line);
    if (cached == NULL) {
        g_autoptr(MsCluster) trial = ms_cluster_copy(src->full);
        g_autoptr(MsOutcome) outcome = ms_pf_apply_trial(trial, src->profile, op, src->users_devices_valid);
        /* a profile change some running users refuse is saved all the
         * same (PROFILE.UPDATE_SAVED): not a refusal of the change; the
         * way out goes on as check_way goes on with it */
        cached = outcome->ok || outcome->rule == MS_RULE_PROFILE_UPDATE_SAVED ? "" : outcome->client_error;
        g_hash_table_insert(src->accepted, g_strdup(line), g_strdup(cached));
        cached = g_hash_table_lookup(src->accepted, line);
        if (outcome->refused_by != NULL)
            g_hash_table_insert(src->refused_by, g_strdup(line),
                                refusers_new(g_steal_pointer(&outcome->refused_by)));
    }
    if (refused_by != NULL)
        *refused_by = g_hash_table_lookup(src->refused_by, line);
    return *cached == '\0' ? NULL : cached;
}
