/* Device sets in their two forms (model/ms-devices.h; docs/bench.md
 * "Twenty-third round"): the mutable form walks in its GHashTable's order,
 * the frozen form by name, and ms_devices_freeze makes the frozen form
 * only from a set that walks by name already, so that no walk can tell
 * the forms apart.  The truth here is the mutable set itself (its walk,
 * its lookups) and strcmp on the names, and counts worked out by hand. */
#include <glib.h>
#include <string.h>

#include "ms-config.h"
#include "ms-devices.h"

static MsDevice *
disk(const char *path, const char *pool)
{
    MsDevice *device = ms_device_new();

    ms_device_set(device, "type", "disk");
    ms_device_set(device, "path", path);
    ms_device_set(device, "pool", pool);
    return device;
}

/* @devices' names in its walk order */
static GPtrArray *
walk(MsDevices *devices)
{
    GPtrArray *names = g_ptr_array_new();
    MsDevicesIter iter;
    const char *name;

    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, &name, NULL))
        g_ptr_array_add(names, (gpointer) name);
    return names;
}

static void
test_counts(void)
{
    g_autoptr(MsDevices) devices = ms_devices_new();

    g_assert_cmpuint(ms_devices_count(devices), ==, 0);
    ms_devices_set(devices, "root", disk("/", "p1"));
    ms_devices_set(devices, "data", disk("/data", "p1"));
    g_assert_cmpuint(ms_devices_count(devices), ==, 2);
    /* a name already there: still two */
    ms_devices_set(devices, "root", disk("/", "p2"));
    ms_devices_replace(devices, "data", disk("/data", "p2"));
    g_assert_cmpuint(ms_devices_count(devices), ==, 2);
    g_assert_cmpstr(ms_device_lookup(ms_devices_lookup(devices, "root"), "pool"), ==, "p2");
    g_assert_cmpstr(ms_device_lookup(ms_devices_lookup(devices, "data"), "pool"), ==, "p2");
    g_assert_false(ms_devices_remove(devices, "eth0"));
    g_assert_cmpuint(ms_devices_count(devices), ==, 2);
    g_assert_true(ms_devices_remove(devices, "data"));
    g_assert_cmpuint(ms_devices_count(devices), ==, 1);
    g_assert_false(ms_devices_has(devices, "data"));
    ms_devices_remove_all(devices);
    g_assert_cmpuint(ms_devices_count(devices), ==, 0);
    g_assert_null(ms_devices_lookup(devices, "root"));
}

static void
test_frozen_one(void)
{
    g_autoptr(MsDevices) devices = ms_devices_new();
    g_autoptr(MsDevices) frozen = NULL;
    g_autoptr(MsDevices) copy = NULL;
    g_autoptr(GPtrArray) names = NULL;
    g_autofree const char **sorted = NULL;
    g_autofree char *heap_name = g_strdup("root");

    ms_devices_set(devices, "root", disk("/", "default"));
    /* one name walks in name order: always frozen */
    frozen = ms_devices_freeze(devices);
    g_assert_nonnull(frozen);
    g_assert_cmpuint(ms_devices_count(frozen), ==, 1);
    /* found by another pointer to the same string */
    g_assert_true(ms_devices_has(frozen, heap_name));
    g_assert_cmpstr(ms_device_lookup(ms_devices_lookup(frozen, heap_name), "pool"), ==, "default");
    g_assert_null(ms_devices_lookup(frozen, "eth0"));
    g_assert_null(ms_devices_lookup(frozen, "r"));
    g_assert_false(ms_devices_has(frozen, "rootfs"));
    names = walk(frozen);
    g_assert_cmpuint(names->len, ==, 1);
    g_assert_cmpstr(names->pdata[0], ==, "root");
    sorted = ms_devices_sorted_names(frozen);
    g_assert_cmpstr(sorted[0], ==, "root");
    g_assert_null(sorted[1]);
    g_assert_true(ms_devices_equal(devices, frozen));
    /* a copy of the frozen form is mutable and its own */
    copy = ms_devices_copy(frozen);
    ms_devices_set(copy, "eth0", ms_device_new());
    g_assert_cmpuint(ms_devices_count(copy), ==, 2);
    g_assert_cmpuint(ms_devices_count(frozen), ==, 1);
    g_assert_false(ms_devices_equal(copy, frozen));
    g_assert_nonnull(ms_devices_ref(frozen));
    ms_devices_unref(frozen);
}

static const char *const pool_names[] = { "root", "eth0", "eth1", "data", "gpu0",
                                          "vol1", "tpm",  "a",    "b",    "disk-2" };

/* Sets of random names: each frozen set walks as the set it came from and
 * finds the same devices; a refusal is only for a set that does not walk
 * by name.  Both answers must occur (the test would prove nothing else). */
static void
test_freeze_keeps_order(void)
{
    g_autoptr(GRand) rand = g_rand_new_with_seed(23);
    guint frozen_many = 0, refused = 0;

    for (guint round = 0; round < 300; round++) {
        g_autoptr(MsDevices) devices = ms_devices_new();
        g_autoptr(MsDevices) frozen = NULL;
        g_autoptr(GPtrArray) order = NULL;
        gboolean by_name = TRUE;
        guint n = g_rand_int_range(rand, 1, 7);

        for (guint i = 0; i < n; i++) {
            const char *name = pool_names[g_rand_int_range(rand, 0, G_N_ELEMENTS(pool_names))];
            g_autofree char *pool = g_strdup_printf("p%u", i);

            ms_devices_set(devices, name, disk(name, pool));
        }
        order = walk(devices);
        for (guint i = 1; i < order->len; i++)
            by_name = by_name && strcmp(order->pdata[i - 1], order->pdata[i]) < 0;
        frozen = ms_devices_freeze(devices);
        if (frozen == NULL) {
            g_assert_false(by_name);
            refused++;
            continue;
        }
        g_assert_true(by_name);
        frozen_many += order->len > 1;
        {
            g_autoptr(GPtrArray) frozen_order = walk(frozen);

            g_assert_cmpuint(frozen_order->len, ==, order->len);
            g_assert_cmpuint(ms_devices_count(frozen), ==, ms_devices_count(devices));
            for (guint i = 0; i < order->len; i++) {
                MsDevice *a = ms_devices_lookup(devices, order->pdata[i]);
                MsDevice *b = ms_devices_lookup(frozen, order->pdata[i]);

                g_assert_cmpstr(frozen_order->pdata[i], ==, order->pdata[i]);
                g_assert_nonnull(b);
                g_assert_cmpstr(ms_device_lookup(b, "pool"), ==, ms_device_lookup(a, "pool"));
                g_assert_true(ms_device_equal(a, b));
            }
        }
    }
    g_assert_cmpuint(frozen_many, >, 0);
    g_assert_cmpuint(refused, >, 0);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/device-sets/counts", test_counts);
    g_test_add_func("/device-sets/frozen-one", test_frozen_one);
    g_test_add_func("/device-sets/freeze-keeps-order", test_freeze_keeps_order);
    return g_test_run();
}
