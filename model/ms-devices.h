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
