/* migsim: reading a device set (device name -> device) and a device
 * (option -> value) through accessors only.
 *
 * Issue 18: a device is a small array of (interned key, value) pairs kept
 * in key (byte) order, reference-counted (step 2 of the plan in
 * docs/bench.md "Eighteenth round"): a lookup is a short scan instead of a
 * hash and a strcmp, and a frozen device is one allocation.  A device set
 * has two forms (docs/bench.md "Twenty-third round"): the mutable one a
 * GHashTable of names to devices, walked in its own (hash) order as
 * before, the frozen one a count and an array of (name, device) in name
 * order; a device's options are walked in key order. */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

/* A device set: names -> MsDevice.  A type of its own, so that the
 * compiler finds every reader that is not on the functions below; only
 * ms-device-map.c and this header look inside.
 *
 * Two forms, one walk order.  The mutable form (ms_devices_new, _copy)
 * keeps a GHashTable and is walked in its (hash) order, which some answers
 * follow (the first root disk a walk meets, docs/bench.md "Device-set
 * versions ..." and "Twenty-third round").  The frozen form
 * (ms_devices_freeze) is one block: the count and the (name, device)
 * pairs in name (strcmp) order, made only from a set whose walk meets its
 * names in that very order, so either form meets the devices in the same
 * order and no answer can tell them apart.  The count is inline in both
 * (expansion asks every profile's, several times per move). */
typedef struct {
    const char *name; /* ms_str_intern_forever's */
    struct MsDevice *device;
} MsDevicesEntry;

typedef struct MsDevices {
    gint ref;
    guint n;                  /* devices held, in either form */
    GHashTable *table;        /* the mutable form's (name -> MsDevice); NULL when frozen */
    MsDevicesEntry entries[]; /* the frozen form's, by name */
} MsDevices;

/* One device's options, sorted by key.  Read it through the functions
 * below only; the fields are here for the inline lookups. */
typedef struct MsDevice {
    gint ref;
    guint16 n;          /* pairs held */
    guint16 cap;        /* pairs that @pairs has room for */
    gboolean frozen;    /* values are ms_str_intern_forever's (not owned) and never change */
    const char **pairs; /* key, value, key, value ...: keys g_intern_string's, in byte order */
} MsDevice;

/* (transfer full) an empty device set of the mutable form. */
MsDevices *ms_devices_new(void);
/* (transfer full) a mutable copy of @devices, every device copied too. */
MsDevices *ms_devices_copy(MsDevices *devices);
static inline MsDevices *
ms_devices_ref(MsDevices *devices)
{
    g_atomic_int_inc(&devices->ref);
    return devices;
}
void ms_devices_unref(MsDevices *devices);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsDevices, ms_devices_unref)
/* (transfer container) @devices' names in byte order, NULL-terminated. */
const char **ms_devices_sorted_names(MsDevices *devices);
/* Puts @device (transfer full) under @name (copied) in the mutable set
 * @devices, dropping a device of that name already there. */
void ms_devices_set(MsDevices *devices, const char *name, MsDevice *device);
/* As ms_devices_set, but a device of that name already there gives up its
 * name string too (g_hash_table_replace; the walk order is the same).
 * These four change the mutable form only. */
void ms_devices_replace(MsDevices *devices, const char *name, MsDevice *device);
/* Empties the mutable set @devices. */
void ms_devices_remove_all(MsDevices *devices);
/* Drops the device named @name from the mutable set @devices; FALSE when
 * there was none. */
gboolean ms_devices_remove(MsDevices *devices, const char *name);
/* (transfer full) a copy of @devices whose devices are frozen
 * (ms_device_freeze) and whose names are ms_str_intern_forever's.  Only
 * for a set never changed in place again (a cluster's frozen sets; a
 * holder changes a copy, ms_instance_own_devices), in the frozen form.
 * NULL when @devices does not walk its names in name order (the frozen
 * form would walk them in another order, which the model's answers may
 * follow), or when the interned strings are at their bound. */
MsDevices *ms_devices_freeze(MsDevices *devices);

/* (transfer full) an empty device of the mutable form. */
MsDevice *ms_device_new(void);
/* (transfer full) a mutable copy of @device. */
MsDevice *ms_device_copy(const MsDevice *device);
/* (transfer full) a device with @config's options (a config table,
 * ms_config_new). */
MsDevice *ms_device_from_config(GHashTable *config);
static inline MsDevice *
ms_device_ref(MsDevice *device)
{
    g_atomic_int_inc(&device->ref);
    return device;
}
void ms_device_unref(MsDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsDevice, ms_device_unref)
/* (transfer container) @device's keys in byte order, NULL-terminated. */
const char **ms_device_sorted_keys(const MsDevice *device);
/* The same options with the same values? */
gboolean ms_device_equal(const MsDevice *a, const MsDevice *b);
/* Sets (@value NULL: unsets) @key in the mutable device @device; @value is
 * copied, @key interned. */
void ms_device_set(MsDevice *device, const char *key, const char *value);
/* (transfer full) a config table (ms_config_new) with @device's options:
 * for code that reads options and config maps alike. */
GHashTable *ms_device_to_config(const MsDevice *device);

/* How many devices @devices holds. */
static inline guint
ms_devices_count(MsDevices *devices)
{
    return devices->n;
}

/* (transfer none) the device named @name in @devices, NULL when none.  A
 * frozen set is a scan of a handful of names, the pointer first (a name
 * read from the set itself is the interned one), then the first byte. */
static inline MsDevice *
ms_devices_lookup(MsDevices *devices, const char *name)
{
    if (devices->table != NULL)
        return (MsDevice *) g_hash_table_lookup(devices->table, name);
    for (guint i = 0; i < devices->n; i++) {
        const char *k = devices->entries[i].name;

        if (k == name || (k[0] == name[0] && strcmp(k, name) == 0))
            return devices->entries[i].device;
    }
    return NULL;
}

/* Does @devices hold a device named @name?  (A frozen set holds no NULL.) */
static inline gboolean
ms_devices_has(MsDevices *devices, const char *name)
{
    if (devices->table != NULL)
        return g_hash_table_contains(devices->table, name);
    return ms_devices_lookup(devices, name) != NULL;
}

/* A walk of a device set's devices, in the set's own order (which some
 * answers follow: keep it where they do). */
typedef struct {
    GHashTableIter it;
    MsDevices *devices;
    guint i;
} MsDevicesIter;

static inline void
ms_devices_iter_init(MsDevicesIter *iter, MsDevices *devices)
{
    iter->devices = devices;
    iter->i = 0;
    if (devices->table != NULL)
        g_hash_table_iter_init(&iter->it, devices->table);
}

/* The next device: its name and device in *@name and *@device (either may
 * be NULL); FALSE at the end. */
static inline gboolean
ms_devices_iter_next(MsDevicesIter *iter, const char **name, MsDevice **device)
{
    const MsDevices *devices = iter->devices;

    if (devices->table != NULL)
        return g_hash_table_iter_next(&iter->it, (gpointer *) name, (gpointer *) device);
    if (iter->i >= devices->n)
        return FALSE;
    if (name != NULL)
        *name = devices->entries[iter->i].name;
    if (device != NULL)
        *device = devices->entries[iter->i].device;
    iter->i++;
    return TRUE;
}

/* How many options @device sets. */
static inline guint
ms_device_count(const MsDevice *device)
{
    return device->n;
}

/* @device's value of @key, NULL when unset (ms_device_get: "" then).  A
 * scan of a handful of keys, the first byte before strcmp (and the
 * pointer first: a key read from another device is interned). */
static inline const char *
ms_device_lookup(const MsDevice *device, const char *key)
{
    const char *const *pairs = device->pairs;

    for (guint i = 0; i < device->n; i++) {
        const char *k = pairs[2 * i];

        if (k == key || (k[0] == key[0] && strcmp(k, key) == 0))
            return pairs[2 * i + 1];
    }
    return NULL;
}

/* Does @device set @key? */
static inline gboolean
ms_device_has(const MsDevice *device, const char *key)
{
    return ms_device_lookup(device, key) != NULL;
}

/* Reads by interned key (issue 18, docs/bench.md "Nineteenth round"): a
 * device's keys are g_intern_string's, so a key interned the same way is
 * found by pointer alone and a scan costs a compare per option, with no
 * strcmp on keys that share a first byte (path/pool/propagation,
 * size/source).  MS_DEVICE_KEY interns its string literal on the call
 * site's first use and keeps the pointer in a static: threads (the
 * explorer's) that race there all store the one pointer GLib's locked
 * table gives for that string, so the race is harmless.  The "" on either
 * side refuses anything but a literal at compile time. */
#define MS_DEVICE_KEY(lit)                                         \
    (__extension__({                                               \
        static const char *ms_device_key_;                         \
        const char *ms_k_ = g_atomic_pointer_get(&ms_device_key_); \
        if (G_UNLIKELY(ms_k_ == NULL)) {                           \
            ms_k_ = g_intern_static_string("" lit "");             \
            g_atomic_pointer_set(&ms_device_key_, ms_k_);          \
        }                                                          \
        ms_k_;                                                     \
    }))

/* @device's value of @key, NULL when unset; @key must be interned
 * (g_intern_string or MS_DEVICE_KEY): a pointer that is no device key
 * finds nothing. */
static inline const char *
ms_device_lookup_interned(const MsDevice *device, const char *key)
{
    const char *const *pairs = device->pairs;

    for (guint i = 0; i < device->n; i++)
        if (pairs[2 * i] == key)
            return pairs[2 * i + 1];
    return NULL;
}

/* As ms_device_get, @key interned: "" when unset. */
static inline const char *
ms_device_get_interned(const MsDevice *device, const char *key)
{
    const char *value = ms_device_lookup_interned(device, key);

    return value != NULL ? value : "";
}

/* ms_device_lookup, ms_device_get and ms_device_has of a literal key. */
#define ms_device_lookup_lit(device, lit) ms_device_lookup_interned((device), MS_DEVICE_KEY(lit))
#define ms_device_get_lit(device, lit) ms_device_get_interned((device), MS_DEVICE_KEY(lit))
#define ms_device_has_lit(device, lit) (ms_device_lookup_interned((device), MS_DEVICE_KEY(lit)) != NULL)

/* A walk of a device's options, in key (byte) order. */
typedef struct {
    const MsDevice *device;
    guint i;
} MsDeviceIter;

static inline void
ms_device_iter_init(MsDeviceIter *iter, const MsDevice *device)
{
    iter->device = device;
    iter->i = 0;
}

/* The next option: its key and value in *@key and *@value (either may be
 * NULL); FALSE at the end. */
static inline gboolean
ms_device_iter_next(MsDeviceIter *iter, const char **key, const char **value)
{
    if (iter->i >= iter->device->n)
        return FALSE;
    if (key != NULL)
        *key = iter->device->pairs[2 * iter->i];
    if (value != NULL)
        *value = iter->device->pairs[2 * iter->i + 1];
    iter->i++;
    return TRUE;
}

G_END_DECLS
