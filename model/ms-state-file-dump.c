/* migsim: writing state files, and the profile for an LXD version
 * (ms-state-file.h); moved unchanged from ms-state-file.c. */
#include "ms-state-file.h"

#include <stdlib.h>
#include <string.h>

/* ---- dump ----
 *
 * The state file is written straight into one GString, in the shape and
 * bytes json-glib's JsonGenerator (pretty, indent 2) gives for
 * ms_cluster_to_json() plus the optional fields: building that tree, writing
 * it and freeing it took most of `migsim import`'s time at 100,000 instances
 * (docs/bench.md).  Files written before stay byte-identical; the test
 * (tests/preflight/test-state-file-dump.c) compares the two on awkward
 * strings, every scenario's final state and the bench's mixed states. */

typedef struct {
    GString *out;
    guint depth;    /* open objects and arrays */
    gboolean first; /* nothing written yet in the innermost one */
} Writer;

/* Appending without a call into GLib per piece: GString's fields are
 * public and its own g_string_append_c does the same.  g_string_append and
 * g_string_append_len (an out-of-line call per key, quote and indent) were
 * 342 M of the dump's 831 M instructions at 1,000 x 20,000 (callgrind). */
static inline void
put_len(Writer *w, const char *text, gsize n)
{
    GString *out = w->out;

    if (G_UNLIKELY(out->len + n >= out->allocated_len)) {
        g_string_append_len(out, text, n);
        return;
    }
    memcpy(out->str + out->len, text, n);
    out->len += n;
    out->str[out->len] = '\0';
}

static inline void
put_c(Writer *w, char c)
{
    put_len(w, &c, 1);
}

#define put_literal(w, text) put_len((w), "" text, sizeof(text) - 1)

static void
put_indent(Writer *w, guint level)
{
    static const char spaces[] = "                                                                ";

    for (guint n = level * 2; n > 0;) {
        guint k = MIN(n, sizeof spaces - 1);
        put_len(w, spaces, k);
        n -= k;
    }
}

/* json-glib 1.6's escaping, byte by byte: quote and backslash; \b \f \n \r
 * \t; \u00XX for the other bytes 0x01-0x1e and for 0x7f; everything else,
 * 0x1f and all bytes >= 0x80 included, as is. */
static void
put_quoted(Writer *w, const char *text)
{
    /* bytes written as they are (the test below, as a table: one load
     * per byte; the byte-by-byte test was 5 % of an import); NUL ends */
    static const guchar plain[256] = {
        [0x1f] = 1, [0x20] = 1, [0x21] = 1, [0x23 ... 0x5b] = 1, [0x5d ... 0x7e] = 1, [0x80 ... 0xff] = 1,
    };
    const char *run = text, *p = text;

    put_c(w, '"');
    for (;; p++) {
        guchar c;
        const char *escape;
        char hex[8];

        while (plain[(guchar) *p])
            p++;
        c = (guchar) *p;
        if (c == '\0')
            break;
        switch (c) {
        case '"':
            escape = "\\\"";
            break;
        case '\\':
            escape = "\\\\";
            break;
        case '\b':
            escape = "\\b";
            break;
        case '\f':
            escape = "\\f";
            break;
        case '\n':
            escape = "\\n";
            break;
        case '\r':
            escape = "\\r";
            break;
        case '\t':
            escape = "\\t";
            break;
        default:
            g_snprintf(hex, sizeof hex, "\\u00%02x", c);
            escape = hex;
            break;
        }
        put_len(w, run, p - run);
        put_len(w, escape, strlen(escape));
        run = p + 1;
    }
    put_len(w, run, p - run);
    put_c(w, '"');
}

/* before an array element or an object member */
static void
put_item(Writer *w)
{
    if (w->first)
        put_c(w, '\n');
    else
        put_literal(w, ",\n");
    w->first = FALSE;
    put_indent(w, w->depth);
}

static void
put_key(Writer *w, const char *key)
{
    put_item(w);
    put_quoted(w, key);
    put_literal(w, " : ");
}

static void
open_with(Writer *w, char bracket)
{
    put_c(w, bracket);
    w->depth++;
    w->first = TRUE;
}

/* json-glib writes an empty array as "[]" and an empty object as "{",
 * the object's own indentation in spaces, "}" */
static void
close_with(Writer *w, char bracket)
{
    w->depth--;
    if (!w->first)
        put_c(w, '\n');
    if (!w->first || bracket == '}')
        put_indent(w, w->depth);
    put_c(w, bracket);
    w->first = FALSE;
}

/* a member whose value is a string, or null */
static void
put_string(Writer *w, const char *key, const char *value)
{
    put_key(w, key);
    if (value == NULL)
        put_literal(w, "null");
    else
        put_quoted(w, value);
}

/* what "%" G_GINT64_FORMAT writes, without printf */
static void
put_decimal(Writer *w, gint64 value)
{
    char digits[24], *d = digits + sizeof digits;
    /* the magnitude as unsigned: -G_MININT64 does not fit a gint64 */
    guint64 u = value < 0 ? -(guint64) value : (guint64) value;

    do {
        *--d = (char) ('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (value < 0)
        *--d = '-';
    put_len(w, d, digits + sizeof digits - d);
}

static void
put_int(Writer *w, const char *key, gint64 value)
{
    put_key(w, key);
    put_decimal(w, value);
}

static void
put_bool(Writer *w, const char *key, gboolean value)
{
    put_key(w, key);
    if (value)
        put_literal(w, "true");
    else
        put_literal(w, "false");
}

static void
put_strings(Writer *w, const char *key, const GPtrArray *strings)
{
    put_key(w, key);
    open_with(w, '[');
    for (guint i = 0; i < strings->len; i++) {
        put_item(w);
        put_quoted(w, strings->pdata[i]);
    }
    close_with(w, ']');
}

typedef struct {
    const char *key;
    gpointer value;
} Pair;

static int
compare_pairs(gconstpointer a, gconstpointer b)
{
    return strcmp(((const Pair *) a)->key, ((const Pair *) b)->key);
}

/* @map's entries in key order (the keys are distinct: the order of
 * ms_config_sorted_keys), without a look-up per key; *@n their number */
static Pair *
sorted_pairs(GHashTable *map, Pair *small, guint n_small, guint *n)
{
    GHashTableIter iter;
    gpointer key, value;
    Pair *pairs;

    *n = g_hash_table_size(map);
    pairs = *n <= n_small ? small : g_new(Pair, *n);
    g_hash_table_iter_init(&iter, map);
    for (guint i = 0; g_hash_table_iter_next(&iter, &key, &value); i++)
        pairs[i] = (Pair){ key, value };
    qsort(pairs, *n, sizeof(Pair), compare_pairs);
    return pairs;
}

/* a string map in key order (ms-cluster-json.c's add_config) */
static void
put_config(Writer *w, const char *key, GHashTable *config)
{
    Pair small[16];
    guint n;
    Pair *pairs = sorted_pairs(config, small, G_N_ELEMENTS(small), &n);

    put_key(w, key);
    open_with(w, '{');
    for (guint i = 0; i < n; i++)
        put_string(w, pairs[i].key, pairs[i].value);
    close_with(w, '}');
    if (pairs != small)
        g_free(pairs);
}

/* a device's options, in key order (its own order) */
static void
put_device(Writer *w, const char *key, const MsDevice *device)
{
    MsDeviceIter iter;
    const char *k, *value;

    put_key(w, key);
    open_with(w, '{');
    ms_device_iter_init(&iter, device);
    while (ms_device_iter_next(&iter, &k, &value))
        put_string(w, k, value);
    close_with(w, '}');
}

static void
put_devices(Writer *w, const char *key, MsDevices *devices)
{
    Pair small[16];
    guint n = ms_devices_count(devices);
    Pair *pairs = n <= G_N_ELEMENTS(small) ? small : g_new(Pair, n);
    MsDevicesIter iter;
    const char *name;
    MsDevice *device;

    /* sorted_pairs' order, through the device-set walk */
    ms_devices_iter_init(&iter, devices);
    for (guint i = 0; ms_devices_iter_next(&iter, &name, &device); i++)
        pairs[i] = (Pair){ name, device };
    qsort(pairs, n, sizeof(Pair), compare_pairs);

    put_key(w, key);
    open_with(w, '{');
    for (guint i = 0; i < n; i++)
        put_device(w, pairs[i].key, pairs[i].value);
    close_with(w, '}');
    if (pairs != small)
        g_free(pairs);
}

static void
put_members(Writer *w, const MsCluster *cluster, gboolean optional)
{
    put_key(w, "members");
    open_with(w, '[');
    for (guint i = 0; i < cluster->members->len; i++) {
        const MsMember *m = cluster->members->pdata[i];

        put_item(w);
        open_with(w, '{');
        put_string(w, "name", m->name);
        put_int(w, "id", m->id);
        put_string(w, "status", ms_member_status_to_string(m->status));
        put_string(w, "architecture", m->architecture);
        put_string(w, "failure_domain", m->failure_domain);
        put_strings(w, "groups", m->groups);
        put_string(w, "role", ms_member_role_to_string(m->role));
        /* optional fields appear only when they differ from their default */
        if (optional && !g_str_equal(m->scheduler_instance, "all"))
            put_string(w, "scheduler_instance", m->scheduler_instance);
        close_with(w, '}');
    }
    close_with(w, ']');
}

static void
put_pools(Writer *w, const MsCluster *cluster)
{
    put_key(w, "pools");
    open_with(w, '[');
    for (guint i = 0; i < cluster->pools->len; i++) {
        const MsPool *p = cluster->pools->pdata[i];

        put_item(w);
        open_with(w, '{');
        put_string(w, "name", p->name);
        put_string(w, "driver", p->driver);
        put_string(w, "status", ms_pool_status(p));
        put_bool(w, "remote", ms_pool_is_remote(p));
        put_key(w, "members");
        open_with(w, '{');
        for (guint m = 0; m < cluster->members->len; m++) {
            const MsMember *member = cluster->members->pdata[m];
            gpointer state = g_hash_table_lookup(p->member_state, member->name);
            if (state != NULL)
                put_string(w, member->name, ms_pool_state_to_api(GPOINTER_TO_INT(state) - 1));
        }
        close_with(w, '}');
        put_config(w, "config", p->config);
        close_with(w, '}');
    }
    close_with(w, ']');
}

static void
put_volumes(Writer *w, const MsCluster *cluster, gboolean optional)
{
    put_key(w, "volumes");
    open_with(w, '[');
    for (guint i = 0; i < cluster->volumes->len; i++) {
        const MsVolume *v = cluster->volumes->pdata[i];

        put_item(w);
        open_with(w, '{');
        put_string(w, "pool", v->pool);
        put_string(w, "name", v->name);
        if (v->project != NULL)
            put_string(w, "project", v->project);
        put_string(w, "content_type", ms_content_type_to_string(v->content_type));
        put_string(w, "location", v->location);
        put_config(w, "config", v->config);
        if (optional && v->snapshots->len > 0)
            put_strings(w, "snapshots", v->snapshots);
        close_with(w, '}');
    }
    close_with(w, ']');
}

static void
put_profiles(Writer *w, const MsCluster *cluster)
{
    put_key(w, "profiles");
    open_with(w, '[');
    for (guint i = 0; i < cluster->profiles->len; i++) {
        const MsProfileEntity *p = cluster->profiles->pdata[i];

        put_item(w);
        open_with(w, '{');
        put_string(w, "name", p->name);
        if (p->project != NULL)
            put_string(w, "project", p->project);
        put_config(w, "config", p->config);
        put_devices(w, "devices", p->devices);
        close_with(w, '}');
    }
    close_with(w, ']');
}

/* one layer's entry of an expanded config: its position in the layers
 * (server key, profiles in order, local config) decides between equal keys */
typedef struct {
    const char *key;
    gconstpointer value; /* a string, or an MsDevice */
    guint seq;
} Layered;

typedef struct {
    Layered *items; /* small, or allocated once it is full */
    guint n, cap;
    Layered small[64];
} Layers;

static void
layers_add(Layers *layers, const char *key, gconstpointer value)
{
    if (layers->n == layers->cap) {
        layers->cap *= 2;
        if (layers->items == layers->small)
            layers->items = g_memdup2(layers->small, sizeof(layers->small));
        layers->items = g_renew(Layered, layers->items, layers->cap);
    }
    layers->items[layers->n] = (Layered){ key, value, layers->n };
    layers->n++;
}

static int
compare_layered(gconstpointer a, gconstpointer b)
{
    const Layered *x = a, *y = b;
    int c = strcmp(x->key, y->key);

    return c != 0 ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static void
layers_init(Layers *layers)
{
    layers->items = layers->small;
    layers->n = 0;
    layers->cap = G_N_ELEMENTS(layers->small);
}

/* sorts @layers by key, then by layer */
static void
layers_sort(Layers *layers)
{
    if (layers->n > 1)
        qsort(layers->items, layers->n, sizeof(Layered), compare_layered);
}

/* TRUE for a (sorted) entry no later layer overrides: the one to write */
static gboolean
layers_last(const Layers *layers, guint i)
{
    return i + 1 == layers->n || strcmp(layers->items[i].key, layers->items[i + 1].key) != 0;
}

static void
layers_clear(Layers *layers)
{
    if (layers->items != layers->small)
        g_free(layers->items);
}

/* "expanded_config": ms_cluster_expand_config()'s layers (CFG.EXPAND: 5.0.2
 * db.ExpandInstanceConfig, profiles then local; 5.21.0+ the server's
 * instances.migration.stateful underneath), the last layer setting a key
 * giving its value, written in key order as put_config() does, without a
 * hash table of copied keys and values per instance (docs/bench.md,
 * session 30; tests/preflight/test-state-file-dump.c compares the whole
 * file with ms_cluster_to_json(), which expands with that function) */
static void
put_expanded_config(Writer *w, const MsCluster *cluster, const MsProfile *profile, const MsInstance *inst)
{
    const char *project = ms_cluster_profile_project(cluster, inst->project);
    Layers layers;
    GHashTableIter iter;
    gpointer key, value;

    layers_init(&layers);
    if (ms_profile_has(profile, MS_FEATURE_SERVER_STATEFUL_KEY) &&
        ms_is_true(ms_config_get(cluster->server_config, "instances.migration.stateful")))
        layers_add(&layers, "migration.stateful", "true");
    for (guint i = 0; i < inst->profiles->len; i++) {
        MsProfileEntity *p = ms_cluster_lookup_profile_in(cluster, project, inst->profiles->pdata[i]);

        if (p == NULL)
            continue;
        g_hash_table_iter_init(&iter, p->config);
        while (g_hash_table_iter_next(&iter, &key, &value))
            layers_add(&layers, key, value);
    }
    for (guint i = 0; i < ms_config_map_size(inst->config); i++)
        layers_add(&layers, ms_config_map_key(inst->config, i), ms_config_map_value(inst->config, i));
    layers_sort(&layers);
    put_key(w, "expanded_config");
    open_with(w, '{');
    for (guint i = 0; i < layers.n; i++)
        if (layers_last(&layers, i))
            put_string(w, layers.items[i].key, layers.items[i].value);
    close_with(w, '}');
    layers_clear(&layers);
}

/* "expanded_devices": ms_cluster_expand_devices()'s layers (the profiles'
 * devices in order, then the instance's: a later layer's device of a name
 * replaces the earlier whole, lxd/db/profiles.go:201 at lxd-5.0.2), in name order
 * as put_devices() writes them, without a hash table per instance where
 * two layers have devices */
static void
put_expanded_devices(Writer *w, const MsCluster *cluster, const MsInstance *inst)
{
    const char *project = ms_cluster_profile_project(cluster, inst->project);
    Layers layers;
    MsDevicesIter iter;
    const char *key;
    MsDevice *device;

    layers_init(&layers);
    for (guint i = 0; i < inst->profiles->len; i++) {
        MsProfileEntity *p = ms_cluster_lookup_profile_in(cluster, project, inst->profiles->pdata[i]);

        if (p == NULL)
            continue;
        ms_devices_iter_init(&iter, p->devices);
        while (ms_devices_iter_next(&iter, &key, &device))
            layers_add(&layers, key, device);
    }
    ms_devices_iter_init(&iter, inst->devices);
    while (ms_devices_iter_next(&iter, &key, &device))
        layers_add(&layers, key, device);
    layers_sort(&layers);
    put_key(w, "expanded_devices");
    open_with(w, '{');
    for (guint i = 0; i < layers.n; i++)
        if (layers_last(&layers, i))
            put_device(w, layers.items[i].key, layers.items[i].value);
    close_with(w, '}');
    layers_clear(&layers);
}

static void
put_instance(Writer *w, const MsCluster *cluster, const MsProfile *profile, const MsInstance *inst,
             gboolean optional)
{
    put_item(w);
    open_with(w, '{');
    put_string(w, "name", inst->name);
    put_string(w, "type", ms_instance_type_to_string(inst->type));
    put_string(w, "status", ms_instance_status_to_string(inst->status));
    put_string(w, "location", inst->location);
    if (inst->project != NULL)
        put_string(w, "project", inst->project);
    put_strings(w, "profiles", inst->profiles);
    put_key(w, "config");
    open_with(w, '{');
    for (guint i = 0; i < ms_config_map_size(inst->config); i++)
        put_string(w, ms_config_map_key(inst->config, i), ms_config_map_value(inst->config, i));
    close_with(w, '}');
    put_devices(w, "devices", inst->devices);
    put_expanded_config(w, cluster, profile, inst);
    put_expanded_devices(w, cluster, inst);
    if (optional && inst->snapshots->len > 0)
        put_strings(w, "snapshots", inst->snapshots);
    if (optional && inst->n_backups > 0)
        put_int(w, "backups", inst->n_backups);
    if (optional && inst->stateful)
        put_bool(w, "stateful", TRUE);
    close_with(w, '}');
}

static void
put_networks(Writer *w, const MsCluster *cluster)
{
    put_key(w, "networks");
    open_with(w, '[');
    for (guint i = 0; i < cluster->networks->len; i++) {
        const MsNetwork *n = cluster->networks->pdata[i];

        put_item(w);
        open_with(w, '{');
        put_string(w, "name", n->name);
        put_string(w, "status", n->created ? "Created" : n->errored ? "Errored" : "Pending");
        put_key(w, "pending_on");
        open_with(w, '[');
        for (guint m = 0; m < cluster->members->len; m++) {
            const MsMember *member = cluster->members->pdata[m];
            if (g_hash_table_contains(n->pending_on, member->name)) {
                put_item(w);
                put_quoted(w, member->name);
            }
        }
        close_with(w, ']');
        put_config(w, "config", n->config);
        if (g_hash_table_size(n->forwards) > 0)
            put_config(w, "forwards", n->forwards);
        close_with(w, '}');
    }
    close_with(w, ']');
}

static void put_cluster(Writer *w, const MsCluster *cluster, const MsProfile *profile, gboolean optional);

/* the placement groups, projects, server config and remotes */
static void
put_cluster_tail(Writer *w, const MsCluster *cluster, const MsProfile *profile)
{
    put_key(w, "placement_groups");
    open_with(w, '[');
    for (guint i = 0; i < cluster->placement_groups->len; i++) {
        const MsPlacementGroup *g = cluster->placement_groups->pdata[i];
        put_item(w);
        open_with(w, '{');
        put_string(w, "name", g->name);
        put_config(w, "config", g->config);
        close_with(w, '}');
    }
    close_with(w, ']');
    if (cluster->projects->len > 0) {
        put_key(w, "projects");
        open_with(w, '[');
        for (guint i = 0; i < cluster->projects->len; i++) {
            const MsProject *p = cluster->projects->pdata[i];
            put_item(w);
            open_with(w, '{');
            put_string(w, "name", p->name);
            put_config(w, "config", p->config);
            close_with(w, '}');
        }
        close_with(w, ']');
    }
    put_config(w, "server_config", cluster->server_config);
    if (cluster->remotes != NULL && cluster->remotes->len > 0) {
        put_key(w, "remotes");
        open_with(w, '[');
        for (guint i = 0; i < cluster->remotes->len; i++) {
            const MsRemote *r = cluster->remotes->pdata[i];
            put_item(w);
            open_with(w, '{');
            put_string(w, "name", r->name);
            put_bool(w, "standalone", r->standalone);
            put_key(w, "cluster");
            /* a remote's cluster is a plain ms_cluster_to_json() picture */
            open_with(w, '{');
            put_cluster(w, r->cluster, profile, FALSE);
            close_with(w, '}');
            close_with(w, '}');
        }
        close_with(w, ']');
    }
}

/* ms_cluster_to_json()'s members in its order; @optional adds the state
 * file's optional fields (top level only) */
static void
put_cluster(Writer *w, const MsCluster *cluster, const MsProfile *profile, gboolean optional)
{
    g_autoptr(GPtrArray) instances = ms_cluster_list_instances(cluster, NULL);

    put_string(w, "release", profile->name);
    put_members(w, cluster, optional);
    put_pools(w, cluster);
    put_volumes(w, cluster, optional);
    put_profiles(w, cluster);
    put_key(w, "instances");
    open_with(w, '[');
    for (guint i = 0; i < instances->len; i++)
        put_instance(w, cluster, profile, instances->pdata[i], optional);
    close_with(w, ']');
    put_strings(w, "cluster_groups", cluster->cluster_groups);
    put_networks(w, cluster);
    put_cluster_tail(w, cluster, profile);
}

char *
ms_state_file_dump(const MsCluster *cluster, const MsProfile *profile, const char *server_version)
{
    Writer w = { g_string_sized_new(4096), 0, TRUE };

    open_with(&w, '{');
    put_cluster(&w, cluster, profile, TRUE);
    if (server_version != NULL)
        put_string(&w, "server_version", server_version);
    close_with(&w, '}');
    return g_string_free(w.out, FALSE);
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
