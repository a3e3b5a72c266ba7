/* migsim serve: GET /1.0/instances?recursion=1|2 written straight into the
 * reply.  The single-instance GET builds a json-glib tree (instance_object
 * in ms-serve-objects.c); for a list that cost about 150 µs and ~400
 * allocations per instance, 15 s for the 100,000 instances issue 15 asks
 * `lxc list` to answer in 2 s (docs/bench.md#serve).  The bytes are those
 * json_to_string() gives for the tree, key for key (json-glib keeps
 * insertion order), which tests/serve/test-serve-list.c checks against the
 * tree on the mixed workload and on names and values with every escape. */
#include "ms-serve-list.h"

#include "ms-config.h"

/* json-glib 1.6's string escapes (json-generator.c json_strescape), except
 * that U+001F is escaped too: json-glib writes it raw, which is not JSON. */
static void
put_string(GString *out, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    /* clang-format off */
    static const char short_escape[128] = {
        ['"'] = '"', ['\\'] = '\\', ['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't',
    };
    /* clang-format on */

    g_string_append_c(out, '"');
    for (const unsigned char *p = (const unsigned char *) s; *p != '\0'; p++) {
        if (*p < 128 && short_escape[*p] != '\0') {
            g_string_append_c(out, '\\');
            g_string_append_c(out, short_escape[*p]);
        } else if (*p < 0x20 || *p == 0x7f) {
            g_string_append(out, "\\u00");
            g_string_append_c(out, hex[*p >> 4]);
            g_string_append_c(out, hex[*p & 15]);
        } else {
            g_string_append_c(out, (char) *p);
        }
    }
    g_string_append_c(out, '"');
}

static void
put_key(GString *out, const char *key)
{
    put_string(out, key);
    g_string_append_c(out, ':');
}

static void
put_member(GString *out, const char *key, const char *value)
{
    put_key(out, key);
    put_string(out, value);
    g_string_append_c(out, ',');
}

/* A config map, keys sorted (ms_lxd_map_config_to_json). */
static void
put_config(GString *out, GHashTable *config)
{
    g_autofree const char **keys = ms_config_sorted_keys(config);

    g_string_append_c(out, '{');
    for (guint i = 0; keys[i] != NULL; i++) {
        if (i > 0)
            g_string_append_c(out, ',');
        put_key(out, keys[i]);
        put_string(out, g_hash_table_lookup(config, keys[i]));
    }
    g_string_append_c(out, '}');
}

/* One device's options, keys sorted (put_config of a device). */
static void
put_device(GString *out, MsDevice *device)
{
    g_autofree const char **keys = ms_device_sorted_keys(device);

    g_string_append_c(out, '{');
    for (guint i = 0; keys[i] != NULL; i++) {
        if (i > 0)
            g_string_append_c(out, ',');
        put_key(out, keys[i]);
        put_string(out, ms_device_lookup(device, keys[i]));
    }
    g_string_append_c(out, '}');
}

/* A device map, names sorted (ms_lxd_map_devices_to_json). */
static void
put_devices(GString *out, MsDevices *devices)
{
    g_autofree const char **names = ms_devices_sorted_names(devices);

    g_string_append_c(out, '{');
    for (guint i = 0; names[i] != NULL; i++) {
        if (i > 0)
            g_string_append_c(out, ',');
        put_key(out, names[i]);
        put_device(out, ms_devices_lookup(devices, names[i]));
    }
    g_string_append_c(out, '}');
}

/* instance_state in ms-serve-objects.c */
static void
put_state(GString *out, const MsInstance *inst)
{
    gboolean running = inst->status == MS_INSTANCE_RUNNING;

    g_string_append(out, "{");
    put_member(out, "status", ms_instance_status_to_api(inst->status));
    g_string_append_printf(out,
                           "\"status_code\":%d,\"disk\":{},\"memory\":{\"usage\":0},\"network\":null,"
                           "\"pid\":%d,\"processes\":%d,\"cpu\":{\"usage\":0}}",
                           running ? 103 : 102, running, running);
}

/* ms_lxd_map_instance_to_json, then what instance_object adds. */
static void
put_instance(GString *out, const MsCluster *cluster, const MsProfile *profile, const MsInstance *inst,
             gboolean full)
{
    g_autoptr(GHashTable) local_config = ms_instance_config_table(inst);
    g_autoptr(MsDevices) expanded_devices = ms_cluster_expand_devices(cluster, inst);
    g_autoptr(GHashTable) expanded_config = ms_cluster_expand_config(cluster, profile, inst);

    g_string_append(out, "{\"architecture\":\"x86_64\",\"config\":");
    put_config(out, local_config);
    g_string_append(out, ",\"devices\":");
    put_devices(out, inst->devices);
    g_string_append(out, ",\"ephemeral\":false,\"profiles\":[");
    for (guint i = 0; i < inst->profiles->len; i++) {
        if (i > 0)
            g_string_append_c(out, ',');
        put_string(out, inst->profiles->pdata[i]);
    }
    g_string_append(out, "],\"stateful\":false,\"description\":\"\",");
    put_member(out, "status", ms_instance_status_to_api(inst->status));
    put_key(out, "expanded_devices");
    put_devices(out, expanded_devices);
    g_string_append_c(out, ',');
    put_member(out, "name", inst->name);
    put_member(out, "type", ms_instance_type_to_string(inst->type));
    put_member(out, "location", inst->location);
    g_string_append_printf(out,
                           "\"project\":\"default\",\"created_at\":\"1970-01-01T00:00:00Z\","
                           "\"last_used_at\":\"1970-01-01T00:00:00Z\",\"status_code\":%d,"
                           "\"expanded_config\":",
                           inst->status == MS_INSTANCE_RUNNING ? 103 : 102);
    put_config(out, expanded_config);
    if (full) {
        g_string_append(out, ",\"state\":");
        put_state(out, inst);
        g_string_append(out, ",\"snapshots\":[");
        for (guint i = 0; inst->snapshots != NULL && i < inst->snapshots->len; i++) {
            g_string_append(out, i > 0 ? ",{" : "{");
            put_member(out, "name", inst->snapshots->pdata[i]);
            g_string_append(out, "\"created_at\":\"1970-01-01T00:00:00Z\"}");
        }
        g_string_append(out, "],\"backups\":[]");
    }
    g_string_append_c(out, '}');
}

char *
ms_serve_list_instances(const MsCluster *cluster, const MsProfile *profile, gboolean full)
{
    g_autoptr(GPtrArray) list = ms_cluster_list_instances(cluster, NULL);
    GString *out = g_string_sized_new(256 + (gsize) list->len * 1024);

    /* ms_serve_sync's envelope */
    g_string_append(out, "{\"type\":\"sync\",\"status\":\"Success\",\"status_code\":200,\"operation\":\"\","
                         "\"error_code\":0,\"error\":\"\",\"metadata\":[");
    for (guint i = 0; i < list->len; i++) {
        if (i > 0)
            g_string_append_c(out, ',');
        put_instance(out, cluster, profile, list->pdata[i], full);
    }
    g_string_append(out, "]}");
    return g_string_free(out, FALSE);
}
