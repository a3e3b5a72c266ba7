/* migsim: reading a device set (device name -> device) and a device
 * (option -> value) through accessors only.
 *
 * Issue 18: a cluster's frozen (shared, immutable) device sets are to
 * become one compact sorted array of interned pairs each instead of
 * GHashTables (docs/bench.md "Memory: frozen device maps in small slots").
 * Readers that go through these accessors need no change when that
 * representation lands; today they are the GHashTable operations
 * themselves (inline: no instruction is added to a move), so every answer
 * and every iteration order is what it was. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The names the model uses for a device set and for one device.  Still
 * the GHashTables they were (names -> devices, keys -> values), so that
 * code not yet moved onto them builds unchanged; code that uses these
 * names and the functions below needs no change when the frozen form
 * becomes a sorted array (step 2 of the plan). */
typedef GHashTable MsDevices;
typedef GHashTable MsDevice;

/* (transfer full) an empty device set of the mutable form. */
MsDevices *ms_devices_new(void);
/* (transfer full) a mutable copy of @devices, every device copied too. */
MsDevices *ms_devices_copy(MsDevices *devices);
static inline MsDevices *
ms_devices_ref(MsDevices *devices)
{
    return g_hash_table_ref(devices);
}
static inline void
ms_devices_unref(MsDevices *devices)
{
    g_hash_table_unref(devices);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsDevices, ms_devices_unref)
/* (transfer container) @devices' names in byte order, NULL-terminated. */
const char **ms_devices_sorted_names(MsDevices *devices);
/* Puts @device (transfer full) under @name (copied) in the mutable set
 * @devices, dropping a device of that name already there. */
void ms_devices_set(MsDevices *devices, const char *name, MsDevice *device);
/* Drops the device named @name from the mutable set @devices; FALSE when
 * there was none. */
gboolean ms_devices_remove(MsDevices *devices, const char *name);

/* (transfer full) an empty device of the mutable form. */
MsDevice *ms_device_new(void);
/* (transfer full) a mutable copy of @device. */
MsDevice *ms_device_copy(MsDevice *device);
/* (transfer container) @device's keys in byte order, NULL-terminated. */
const char **ms_device_sorted_keys(MsDevice *device);
/* The same options with the same values? */
gboolean ms_device_equal(MsDevice *a, MsDevice *b);
/* Sets (@value NULL: unsets) @key in the mutable device @device; both
 * strings are copied. */
void ms_device_set(MsDevice *device, const char *key, const char *value);
/* (transfer full) a config table (ms_config_new) with @device's options:
 * for code that reads options and config maps alike. */
GHashTable *ms_device_to_config(MsDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsDevice, g_hash_table_unref)

/* How many devices @devices holds. */
static inline guint
ms_devices_count(GHashTable *devices)
{
    return g_hash_table_size(devices);
}

/* (transfer none) the device named @name in @devices, NULL when none. */
static inline GHashTable *
ms_devices_lookup(GHashTable *devices, const char *name)
{
    return g_hash_table_lookup(devices, name);
}

/* Does @devices hold a device named @name? */
static inline gboolean
ms_devices_has(GHashTable *devices, const char *name)
{
    return g_hash_table_contains(devices, name);
}

/* A walk of a device set's devices, in the set's own order (which some
 * answers follow: keep it where they do). */
typedef struct {
    GHashTableIter it;
} MsDevicesIter;

static inline void
ms_devices_iter_init(MsDevicesIter *iter, GHashTable *devices)
{
    g_hash_table_iter_init(&iter->it, devices);
}

/* The next device: its name and map in *@name and *@device (either may be
 * NULL); FALSE at the end. */
static inline gboolean
ms_devices_iter_next(MsDevicesIter *iter, const char **name, GHashTable **device)
{
    return g_hash_table_iter_next(&iter->it, (gpointer *) name, (gpointer *) device);
}

/* How many options @device sets. */
static inline guint
ms_device_count(GHashTable *device)
{
    return g_hash_table_size(device);
}

/* @device's value of @key, NULL when unset (ms_device_get: "" then). */
static inline const char *
ms_device_lookup(GHashTable *device, const char *key)
{
    return g_hash_table_lookup(device, key);
}

/* Does @device set @key? */
static inline gboolean
ms_device_has(GHashTable *device, const char *key)
{
    return g_hash_table_contains(device, key);
}

/* A walk of a device's options, in the map's own order. */
typedef struct {
    GHashTableIter it;
} MsDeviceIter;

static inline void
ms_device_iter_init(MsDeviceIter *iter, GHashTable *device)
{
    g_hash_table_iter_init(&iter->it, device);
}

/* The next option: its key and value in *@key and *@value (either may be
 * NULL); FALSE at the end. */
static inline gboolean
ms_device_iter_next(MsDeviceIter *iter, const char **key, const char **value)
{
    return g_hash_table_iter_next(&iter->it, (gpointer *) key, (gpointer *) value);
}

G_END_DECLS
