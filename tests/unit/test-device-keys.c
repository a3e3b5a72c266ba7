/* Reads of a device's options by interned key (model/ms-devices.h,
 * MS_DEVICE_KEY and ms_device_*_lit; docs/bench.md "Nineteenth round"):
 * they find an option by pointer alone, so they are right only if every
 * key a device holds is the one pointer GLib's intern table gives for its
 * string, however the key reached the device (a heap copy, a key interned
 * by a read before any device held it, a copied or frozen device).  The
 * truth is the values set by hand below, compared with the reads by any
 * string (ms_device_lookup) as well. */
#include <glib.h>

#include "ms-devices.h"

/* a key first seen by a literal read, before any device held it: the read
 * interns the literal, a later set must find that pointer */
static const char *
read_unheld(const MsDevice *device)
{
    return ms_device_lookup_lit(device, "x-migsim-test-unheld");
}

static void
check(const MsDevice *device)
{
    g_assert_cmpstr(ms_device_lookup_lit(device, "pool"), ==, "remote");
    g_assert_cmpstr(ms_device_get_lit(device, "path"), ==, "/");
    g_assert_cmpstr(ms_device_get_lit(device, "size"), ==, "");
    g_assert_true(ms_device_has_lit(device, "type"));
    g_assert_false(ms_device_has_lit(device, "source"));
    g_assert_cmpstr(read_unheld(device), ==, "later");
    g_assert_cmpstr(ms_device_lookup(device, "x-migsim-test-unheld"), ==, "later");
}

static void
test_heap_keys(void)
{
    g_autoptr(MsDevice) device = ms_device_new();
    g_autoptr(MsDevice) copy = NULL;
    g_autoptr(MsDevices) devices = ms_devices_new();
    g_autoptr(MsDevices) frozen = NULL;
    /* keys from the heap, not literals, so that nothing but the interning
     * of ms_device_set can make them the literals' pointers */
    const char *pairs[] = { "type", "disk", "path", "/", "pool", "remote", "x-migsim-test-unheld", "later" };

    g_assert_null(read_unheld(device));
    for (guint i = 0; i < G_N_ELEMENTS(pairs); i += 2) {
        g_autofree char *key = g_strdup(pairs[i]);

        ms_device_set(device, key, pairs[i + 1]);
    }
    check(device);
    copy = ms_device_copy(device);
    check(copy);
    ms_devices_set(devices, "root", ms_device_ref(device));
    frozen = ms_devices_freeze(devices);
    if (frozen != NULL)
        check(ms_devices_lookup(frozen, "root"));
    ms_device_set(device, "pool", NULL);
    g_assert_null(ms_device_lookup_lit(device, "pool"));
    g_assert_cmpstr(ms_device_lookup_lit(copy, "pool"), ==, "remote");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/device-keys/heap-keys", test_heap_keys);
    return g_test_run();
}
