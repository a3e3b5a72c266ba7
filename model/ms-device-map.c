/* migsim: the device type (model/ms-devices.h): a device's options as a
 * small reference-counted array of (interned key, value) pairs in key
 * order, and the device sets' constructors.
 *
 * Why an array: a move reads some twelve options of its instance's devices
 * (docs/bench.md "Seventeenth round": 136 instructions a read through a
 * GHashTable, its hash of the literal key, the probe and a strcmp), and a
 * million instances' frozen devices were two GHashTables each.  A device
 * has a handful of keys, so a scan is short; keys are g_intern_string's
 * (one copy each for the process: option names are few), values owned
 * copies, or ms_str_intern_forever's in a frozen device. */
#include "ms-config.h"
#include "ms-devices.h"

#include <string.h>

#define DEVICE_MIN_PAIRS 4

/* The pairs of a device made with room for @cap pairs follow the struct
 * in the same block; a device that outgrows them gets a block of its own. */
static MsDevice *
device_alloc(guint cap)
{
    MsDevice *device = g_malloc(sizeof(MsDevice) + 2 * cap * sizeof(const char *));

    device->ref = 1;
    device->n = 0;
    device->cap = (guint16) cap;
    device->frozen = FALSE;
    device->pairs = (const char **) (device + 1);
    return device;
}

static gboolean
pairs_inline(const MsDevice *device)
{
    return device->pairs == (const char **) (device + 1);
}

MsDevice *
ms_device_new(void)
{
    return device_alloc(DEVICE_MIN_PAIRS);
}

void
ms_device_unref(MsDevice *device)
{
    if (device == NULL || !g_atomic_int_dec_and_test(&device->ref))
        return;
    if (!device->frozen)
        for (guint i = 0; i < device->n; i++)
            g_free((char *) device->pairs[2 * i + 1]);
    if (!pairs_inline(device))
        g_free(device->pairs);
    g_free(device);
}

MsDevice *
ms_device_copy(const MsDevice *device)
{
    MsDevice *copy = device_alloc(MAX(device->n, DEVICE_MIN_PAIRS));

    for (guint i = 0; i < device->n; i++) {
        copy->pairs[2 * i] = device->pairs[2 * i];
        copy->pairs[2 * i + 1] = g_strdup(device->pairs[2 * i + 1]);
    }
    copy->n = device->n;
    return copy;
}

/* Where @key is in @device's pairs (its pair index), or where it would
 * go, with *@found saying which. */
static guint
device_find(const MsDevice *device, const char *key, gboolean *found)
{
    guint lo = 0, hi = device->n;

    while (lo < hi) {
        guint mid = (lo + hi) / 2;
        int cmp = strcmp(device->pairs[2 * mid], key);

        if (cmp == 0) {
            *found = TRUE;
            return mid;
        }
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = FALSE;
    return lo;
}

void
ms_device_set(MsDevice *device, const char *key, const char *value)
{
    gboolean found;
    guint i;

    g_return_if_fail(!device->frozen);
    i = device_find(device, key, &found);
    if (found) {
        const char *old = device->pairs[2 * i + 1];

        /* the value already there (it may be @value itself): nothing to do */
        if (value != NULL && strcmp(old, value) == 0)
            return;
        g_free((char *) old);
        if (value != NULL) {
            device->pairs[2 * i + 1] = g_strdup(value);
            return;
        }
        memmove(&device->pairs[2 * i], &device->pairs[2 * i + 2],
                2 * (device->n - i - 1) * sizeof(const char *));
        device->n--;
        return;
    }
    if (value == NULL)
        return;
    g_return_if_fail(device->n < G_MAXUINT16);
    if (device->n == device->cap) {
        guint cap = MIN(2u * device->cap, (guint) G_MAXUINT16);
        const char **pairs = g_new(const char *, 2 * cap);

        memcpy(pairs, device->pairs, 2 * device->n * sizeof(const char *));
        if (!pairs_inline(device))
            g_free(device->pairs);
        device->pairs = pairs;
        device->cap = (guint16) cap;
    }
    memmove(&device->pairs[2 * i + 2], &device->pairs[2 * i], 2 * (device->n - i) * sizeof(const char *));
    device->pairs[2 * i] = g_intern_string(key);
    device->pairs[2 * i + 1] = g_strdup(value);
    device->n++;
}

MsDevice *
ms_device_from_config(GHashTable *config)
{
    MsDevice *device = device_alloc(MAX(g_hash_table_size(config), DEVICE_MIN_PAIRS));
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init(&iter, config);
    while (g_hash_table_iter_next(&iter, &key, &value))
        ms_device_set(device, key, value);
    return device;
}

GHashTable *
ms_device_to_config(const MsDevice *device)
{
    GHashTable *config = ms_config_new();

    for (guint i = 0; i < device->n; i++)
        ms_config_set(config, device->pairs[2 * i], device->pairs[2 * i + 1]);
    return config;
}

const char **
ms_device_sorted_keys(const MsDevice *device)
{
    const char **keys = g_new(const char *, device->n + 1);

    for (guint i = 0; i < device->n; i++)
        keys[i] = device->pairs[2 * i];
    keys[device->n] = NULL;
    return keys;
}

gboolean
ms_device_equal(const MsDevice *a, const MsDevice *b)
{
    if (a == b)
        return TRUE;
    if (a->n != b->n)
        return FALSE;
    /* keys interned: equal keys are one pointer */
    for (guint i = 0; i < a->n; i++)
        if (a->pairs[2 * i] != b->pairs[2 * i] || (a->pairs[2 * i + 1] != b->pairs[2 * i + 1] &&
                                                   strcmp(a->pairs[2 * i + 1], b->pairs[2 * i + 1]) != 0))
            return FALSE;
    return TRUE;
}

/* (transfer full) @device with its values in ms_str_intern_forever's
 * table, in one block sized to it; never changed again. */
static MsDevice *
device_freeze(const MsDevice *device)
{
    MsDevice *frozen = device_alloc(device->n);

    for (guint i = 0; i < device->n; i++) {
        frozen->pairs[2 * i] = device->pairs[2 * i];
        frozen->pairs[2 * i + 1] = ms_str_intern_forever(device->pairs[2 * i + 1]);
    }
    frozen->n = device->n;
    frozen->frozen = TRUE;
    return frozen;
}

MsDevices *
ms_devices_new(void)
{
    MsDevices *devices = g_new(MsDevices, 1);

    devices->ref = 1;
    devices->n = 0;
    devices->table = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) ms_device_unref);
    return devices;
}

void
ms_devices_unref(MsDevices *devices)
{
    if (devices == NULL || !g_atomic_int_dec_and_test(&devices->ref))
        return;
    if (devices->table != NULL)
        g_hash_table_unref(devices->table);
    else
        /* the names are ms_str_intern_forever's: never freed */
        for (guint i = 0; i < devices->n; i++)
            ms_device_unref(devices->entries[i].device);
    g_free(devices);
}

MsDevices *
ms_devices_copy(MsDevices *devices)
{
    MsDevices *copy = ms_devices_new();
    MsDevicesIter iter;
    const char *name;
    MsDevice *device;

    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, &name, &device))
        ms_devices_set(copy, name, ms_device_copy(device));
    return copy;
}

const char **
ms_devices_sorted_names(MsDevices *devices)
{
    const char **names;

    if (devices->table != NULL)
        return ms_config_sorted_keys(devices->table);
    /* a frozen set is in name order already (ms_compare_string_ptrs's) */
    names = g_new(const char *, devices->n + 1);
    for (guint i = 0; i < devices->n; i++)
        names[i] = devices->entries[i].name;
    names[devices->n] = NULL;
    return names;
}

void
ms_devices_set(MsDevices *devices, const char *name, MsDevice *device)
{
    /* insert, not replace: an existing entry keeps its place and its key
     * string, so a walk meets the devices in the order it did before */
    g_return_if_fail(devices->table != NULL);
    g_hash_table_insert(devices->table, g_strdup(name), device);
    devices->n = g_hash_table_size(devices->table);
}

void
ms_devices_replace(MsDevices *devices, const char *name, MsDevice *device)
{
    g_return_if_fail(devices->table != NULL);
    g_hash_table_replace(devices->table, g_strdup(name), device);
    devices->n = g_hash_table_size(devices->table);
}

void
ms_devices_remove_all(MsDevices *devices)
{
    g_return_if_fail(devices->table != NULL);
    g_hash_table_remove_all(devices->table);
    devices->n = 0;
}

gboolean
ms_devices_remove(MsDevices *devices, const char *name)
{
    gboolean removed;

    g_return_val_if_fail(devices->table != NULL, FALSE);
    removed = g_hash_table_remove(devices->table, name);
    devices->n = g_hash_table_size(devices->table);
    return removed;
}

MsDevices *
ms_devices_freeze(MsDevices *devices)
{
    MsDevices *frozen;
    MsDevicesIter iter;
    const char *name, *previous = NULL;
    MsDevice *device;
    guint i = 0;

    if (ms_str_forever_full())
        return NULL;
    /* the frozen form walks by name: only from a set that walks so already */
    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, &name, NULL)) {
        if (previous != NULL && strcmp(previous, name) >= 0)
            return NULL;
        previous = name;
    }
    frozen = g_malloc(sizeof(MsDevices) + devices->n * sizeof(MsDevicesEntry));
    frozen->ref = 1;
    frozen->n = devices->n;
    frozen->table = NULL;
    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, &name, &device)) {
        frozen->entries[i].name = ms_str_intern_forever(name);
        frozen->entries[i].device = device_freeze(device);
        i++;
    }
    return frozen;
}
