/* migsim: instances and profiles. */
#include "ms-instance.h"

#include <stddef.h>
#include <string.h>

#include "ms-enum.h"

#include "ms-config.h"

/* a million of them in the rolling bench: with a name of up to 11 bytes
 * (the bench's are 8) the block is at most 88 bytes, malloc's 96-byte chunk
 * (x86-64), where the struct alone took 112 and its name 32 */
G_STATIC_ASSERT(GLIB_SIZEOF_VOID_P != 8 || offsetof(MsInstance, name_inline) <= 77);

/* A zeroed instance holding @name in its own block; at least
 * sizeof(MsInstance), since the model copies instances by value (views). */
static MsInstance *
instance_alloc(const char *name)
{
    gsize len = strlen(name) + 1;
    MsInstance *instance = g_malloc0(MAX(sizeof(MsInstance), offsetof(MsInstance, name_inline) + len));

    memcpy(instance->name_inline, name, len);
    instance->name = instance->name_inline;
    return instance;
}

MsInstance *
ms_instance_new(const char *name, MsInstanceType type, const char *location)
{
    MsInstance *instance = instance_alloc(name);

    instance->type = type;
    instance->status = MS_INSTANCE_STOPPED;
    ms_instance_set_location(instance, location);
    instance->config = ms_config_map_new(NULL);
    instance->devices = ms_devices_new();
    instance->profiles = g_ptr_array_new_with_free_func(g_free);
    instance->snapshots = g_ptr_array_new_with_free_func(g_free);
    return instance;
}

void
ms_instance_set_location(MsInstance *instance, const char *location)
{
    instance->location = location != NULL ? ms_str_intern_forever(location) : NULL;
}

MsInstance *
ms_instance_copy(const MsInstance *instance)
{
    return ms_instance_copy_named(instance, instance->name);
}

MsInstance *
ms_instance_copy_named(const MsInstance *instance, const char *name)
{
    MsInstance *copy = instance_alloc(name);

    copy->type = instance->type;
    copy->status = instance->status;
    copy->stateful = instance->stateful;
    copy->idmap_at_start = instance->idmap_at_start;
    copy->file_ops_pending = instance->file_ops_pending;
    copy->idmap_keys_rebuilt = instance->idmap_keys_rebuilt;
    copy->state_dir_left = instance->state_dir_left;
    copy->restore_mount_leaked = instance->restore_mount_leaked;
    copy->move_copy_left = instance->move_copy_left;
    copy->location = instance->location;
    copy->project = g_strdup(instance->project);
    /* shared until one side changes them; the flags are bookkeeping, not
     * content, so setting them on a const source is safe */
    copy->config = ms_config_map_ref(instance->config);
    copy->devices = ms_devices_ref(instance->devices);
    copy->devices_shared = TRUE;
    ((MsInstance *) instance)->devices_shared = TRUE;
    copy->profiles = g_ptr_array_ref((GPtrArray *) instance->profiles);
    copy->snapshots = g_ptr_array_ref((GPtrArray *) instance->snapshots);
    copy->profiles_shared = copy->snapshots_shared = TRUE;
    copy->profile_list_id = instance->profile_list_id;
    ((MsInstance *) instance)->profiles_shared = ((MsInstance *) instance)->snapshots_shared = TRUE;
    copy->n_backups = instance->n_backups;
    if (instance->snapshot_records != NULL)
        copy->snapshot_records = g_hash_table_ref(instance->snapshot_records);
    return copy;
}

/* @list's own copy when @shared (then no longer shared), for a change */
static GPtrArray *
strings_own(const GPtrArray **list, guint8 *shared)
{
    if (*shared) {
        GPtrArray *own = g_ptr_array_new_full((*list)->len, g_free);

        for (guint i = 0; i < (*list)->len; i++)
            g_ptr_array_add(own, g_strdup((*list)->pdata[i]));
        g_ptr_array_unref((GPtrArray *) *list);
        *list = own;
        *shared = FALSE;
    }
    return (GPtrArray *) *list;
}

GPtrArray *
ms_instance_profiles_mut(MsInstance *instance)
{
    /* the number names the list as it was (a hint, checked on use) */
    instance->profile_list_id = 0;
    return strings_own(&instance->profiles, &instance->profiles_shared);
}

GPtrArray *
ms_instance_snapshots_mut(MsInstance *instance)
{
    return strings_own(&instance->snapshots, &instance->snapshots_shared);
}

gboolean
ms_instance_list_find(const GPtrArray *list, const char *name, guint *index)
{
    return g_ptr_array_find_with_equal_func((GPtrArray *) list, name, g_str_equal, index);
}

static void
snapshot_free(MsInstanceSnapshot *snapshot)
{
    ms_config_map_unref(snapshot->config);
    ms_devices_unref(snapshot->devices);
    g_free(snapshot);
}

/* A record holding @config and @devices (shared: neither is changed in
 * place once recorded). */
static MsInstanceSnapshot *
snapshot_share(MsConfigMap *config, MsDevices *devices, gboolean state_dir)
{
    MsInstanceSnapshot *record = g_new0(MsInstanceSnapshot, 1);

    record->config = ms_config_map_ref(config);
    record->devices = ms_devices_ref(devices);
    record->state_dir = state_dir;
    return record;
}

/* A private copy of @instance's snapshot records (the table may be shared
 * with copies, ms_instance_copy: copy on write). */
static GHashTable *
records_own(MsInstance *instance)
{
    GHashTable *records =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) snapshot_free);

    if (instance->snapshot_records != NULL) {
        GHashTableIter iter;
        gpointer key, value;

        g_hash_table_iter_init(&iter, instance->snapshot_records);
        while (g_hash_table_iter_next(&iter, &key, &value)) {
            const MsInstanceSnapshot *old = value;

            g_hash_table_insert(records, g_strdup(key),
                                snapshot_share(old->config, old->devices, old->state_dir));
        }
        g_hash_table_unref(instance->snapshot_records);
    }
    instance->snapshot_records = records;
    return records;
}

void
ms_instance_record_snapshot(MsInstance *instance, const char *snapshot)
{
    GHashTable *records = records_own(instance);

    instance->devices_shared = TRUE;
    g_hash_table_replace(records, g_strdup(snapshot),
                         snapshot_share(instance->config, instance->devices, instance->state_dir_left));
}

void
ms_instance_adopt_snapshot(MsInstance *instance, const char *snapshot, const MsInstanceSnapshot *from)
{
    g_hash_table_replace(records_own(instance), g_strdup(snapshot),
                         snapshot_share(from->config, from->devices, from->state_dir));
}

void
ms_instance_forget_snapshot(MsInstance *instance, const char *snapshot, const char *new_name)
{
    GHashTable *records;
    gpointer key, value;

    if (instance->snapshot_records == NULL)
        return;
    records = records_own(instance);
    if (!g_hash_table_steal_extended(records, snapshot, &key, &value))
        return;
    g_free(key);
    if (new_name != NULL)
        g_hash_table_replace(records, g_strdup(new_name), value);
    else
        snapshot_free(value);
}

const MsInstanceSnapshot *
ms_instance_lookup_snapshot(const MsInstance *instance, const char *snapshot)
{
    return instance->snapshot_records != NULL ? g_hash_table_lookup(instance->snapshot_records, snapshot)
                                              : NULL;
}

void
ms_instance_set_config(MsInstance *instance, const char *key, const char *value)
{
    ms_config_map_set(&instance->config, key, value);
}

const char *
ms_instance_get_config(const MsInstance *instance, const char *key)
{
    return ms_config_map_get(instance->config, key);
}

/* lxcCreate's VolatileSet writes volatile.idmap.next and
 * volatile.idmap.base from findIdmap, over a value the request gave
 * (driver_lxc.go:273-276 at lxd-5.0.2, :240-243 at lxd-5.21.7, :232-235
 * at lxd-6.9; Incus :285-288 at v6.0.4), on a plain create and on the
 * target of a migration alike; volatile.last_state.idmap only when unset
 * (:282-284), so a hand-set one stays.  migsim holds LXD's own values as
 * unset (its reads say "not modelled"; CFG.INST.IDMAP_JSON reads next).
 * Seen live on 5.0.2: -c volatile.idmap.next=x at create, and
 * volatile.idmap.next=[] set by hand then `lxc move --target` across
 * members (docs/testing.md, session 33 lead). */
void
ms_instance_forget_created_idmap(MsInstance *instance)
{
    if (instance->type != MS_INSTANCE_CONTAINER)
        return;
    if (ms_instance_get_config(instance, "volatile.idmap.next") != NULL)
        ms_instance_set_config(instance, "volatile.idmap.next", NULL);
    if (ms_instance_get_config(instance, "volatile.idmap.base") != NULL)
        ms_instance_set_config(instance, "volatile.idmap.base", NULL);
}

GHashTable *
ms_instance_config_table(const MsInstance *instance)
{
    return ms_config_map_to_table(instance->config);
}

void
ms_instance_replace_config(MsInstance *instance, GHashTable *config)
{
    g_autoptr(GHashTable) owned = config;

    ms_config_map_unref(instance->config);
    instance->config = ms_config_map_from_table(NULL, owned);
}

MsDevices *
ms_instance_own_devices(MsInstance *instance)
{
    if (instance->devices_shared) {
        MsDevices *own = ms_devices_copy(instance->devices);
        ms_devices_unref(instance->devices);
        instance->devices = own;
        instance->devices_shared = FALSE;
    }
    return instance->devices;
}

void
ms_instance_free(MsInstance *instance)
{
    if (instance == NULL)
        return;
    g_free(instance->project);
    ms_config_map_unref(instance->config);
    ms_devices_unref(instance->devices);
    g_ptr_array_unref((GPtrArray *) instance->profiles);
    g_ptr_array_unref((GPtrArray *) instance->snapshots);
    if (instance->snapshot_records != NULL)
        g_hash_table_unref(instance->snapshot_records);
    g_free(instance);
}

MS_ENUM_NAMES(
    instance_type_names, [MS_INSTANCE_CONTAINER] = "container", [MS_INSTANCE_VM] = "virtual-machine")
MS_ENUM_TO_STRING(ms_instance_type_to_string, MsInstanceType, instance_type_names)

MS_ENUM_NAMES(
    instance_type_labels, [MS_INSTANCE_CONTAINER] = "CONTAINER", [MS_INSTANCE_VM] = "VIRTUAL-MACHINE")
MS_ENUM_TO_STRING(ms_instance_type_to_label, MsInstanceType, instance_type_labels)

MS_ENUM_NAMES(instance_status_names, [MS_INSTANCE_STOPPED] = "STOPPED", [MS_INSTANCE_RUNNING] = "RUNNING")
MS_ENUM_TO_STRING(ms_instance_status_to_string, MsInstanceStatus, instance_status_names)

MS_ENUM_NAMES(instance_status_api_names, [MS_INSTANCE_STOPPED] = "Stopped", [MS_INSTANCE_RUNNING] = "Running")
MS_ENUM_TO_STRING(ms_instance_status_to_api, MsInstanceStatus, instance_status_api_names)

MS_ENUM_FROM_STRING(ms_instance_status_from_string, MsInstanceStatus, instance_status_names,
                    g_ascii_strcasecmp)

MsProfileEntity *
ms_profile_entity_new(const char *name)
{
    MsProfileEntity *profile = g_new0(MsProfileEntity, 1);

    profile->name = g_strdup(name);
    profile->config = ms_config_new();
    profile->devices = ms_devices_new();
    return profile;
}

MsProfileEntity *
ms_profile_entity_copy(const MsProfileEntity *profile)
{
    MsProfileEntity *copy = g_new0(MsProfileEntity, 1);

    copy->name = g_strdup(profile->name);
    copy->project = g_strdup(profile->project);
    /* shared, not copied: a profile's maps are never changed in place (a
     * change builds new ones and swaps them in, apply_profile_change in
     * ms-profile-ops.c), and most copies the explorer makes never touch a
     * profile */
    copy->config = g_hash_table_ref(profile->config);
    copy->devices = ms_devices_ref(profile->devices);
    return copy;
}

void
ms_profile_entity_free(MsProfileEntity *profile)
{
    if (profile == NULL)
        return;
    g_free(profile->name);
    g_free(profile->project);
    g_hash_table_unref(profile->config);
    ms_devices_unref(profile->devices);
    g_free(profile);
}
