/* migsim import --from: a state from what a customer pasted.
 *
 * Every JSON list is read through the same section importers as the live
 * import (ms-import.c, ms-lxd-map.c), so a field is read one way only.
 * What the files do not hold is filled in the plainest way and said: each
 * filled-in piece is an assumption, never a silent guess. */
#include "ms-import.h"

#include <string.h>

#include "ms-config.h"
#include "ms-paste.h"

typedef enum {
    DOC_MEMBERS,
    DOC_INSTANCES,
    DOC_POOLS,
    DOC_VOLUMES,
    DOC_PROFILES,
    DOC_SERVER,
    DOC_LAST
} DocKind;

static const char *const doc_names[] = {
    "lxc cluster list --format json", "lxc list --format json",
    "lxc storage list --format json", "lxc storage volume list POOL --format json",
    "lxc profile list --format json", "lxc config show",
};
G_STATIC_ASSERT(G_N_ELEMENTS(doc_names) == DOC_LAST);

typedef struct {
    DocKind kind;
    JsonNode *node;
    MsJsonLiteDoc *lite; /* the node for the section importers, on first use */
    char *where;         /* FILE:LINE */
} Doc;

static void
doc_free(Doc *doc)
{
    json_node_unref(doc->node);
    ms_json_lite_free(doc->lite);
    g_free(doc->where);
    g_free(doc);
}

/* @doc's node as the section importers read it (ms-lxd-map.h) */
static const MsJsonLite *
doc_lite(Doc *doc)
{
    if (doc->lite == NULL)
        doc->lite = ms_json_lite_from_node(doc->node);
    return ms_json_lite_root(doc->lite);
}

static gboolean fail(GError **error, const char *where, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static gboolean
fail(GError **error, const char *where, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *text = NULL;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_PROTOCOL, "%s: %s", where, text);
    return FALSE;
}

/* What a JSON list is, by the fields of its first object (shared/api). */
static gboolean
classify(JsonNode *node, DocKind *kind, gboolean *empty)
{
    JsonObject *first;

    *empty = FALSE;
    if (JSON_NODE_HOLDS_OBJECT(node)) {
        JsonObject *object = json_node_get_object(node);
        /* lxc config show: server.Writable(), only "config" */
        if (json_object_has_member(object, "config") && !json_object_has_member(object, "name")) {
            *kind = DOC_SERVER;
            return TRUE;
        }
        return FALSE;
    }
    if (!JSON_NODE_HOLDS_ARRAY(node))
        return FALSE;
    if (json_array_get_length(json_node_get_array(node)) == 0) {
        *empty = TRUE;
        return FALSE;
    }
    if (!JSON_NODE_HOLDS_OBJECT(json_array_get_element(json_node_get_array(node), 0)))
        return FALSE;
    first = json_array_get_object_element(json_node_get_array(node), 0);
    if (json_object_has_member(first, "server_name"))
        *kind = DOC_MEMBERS;
    else if (json_object_has_member(first, "expanded_config") || json_object_has_member(first, "status_code"))
        *kind = DOC_INSTANCES;
    else if (json_object_has_member(first, "driver"))
        *kind = DOC_POOLS;
    else if (json_object_has_member(first, "content_type"))
        *kind = DOC_VOLUMES;
    else if (json_object_has_member(first, "devices") && json_object_has_member(first, "used_by"))
        *kind = DOC_PROFILES;
    else
        return FALSE;
    return TRUE;
}

/* One document (a file, or a section of a dump) starting at @line. */
static gboolean
read_doc(const char *file, guint line, GPtrArray *lines, GPtrArray *docs, GPtrArray *assumptions,
         const char *section, GError **error)
{
    g_autofree char *where = g_strdup_printf("%s:%u", file, line);
    g_autofree char *parse_error = NULL;
    g_autoptr(JsonNode) node = NULL;
    DocKind kind;
    gboolean empty;
    guint i = 0;

    while (i < lines->len && ((const char *) lines->pdata[i])[strspn(lines->pdata[i], " \t")] == '\0')
        i++;
    if (i == lines->len)
        return TRUE;
    node = ms_paste_parse_document(lines, &parse_error);
    if (node == NULL && parse_error != NULL &&
        g_str_has_prefix(parse_error, "the pasted output is not JSON: <data>:")) {
        /* json-glib counts lines from the document's start */
        const char *at = parse_error + strlen("the pasted output is not JSON: <data>:");
        guint64 l = g_ascii_strtoull(at, NULL, 10);
        const char *rest = strchr(at, ' ');
        if (l > 0 && rest != NULL) {
            g_autofree char *line_where = g_strdup_printf("%s:%u", file, line + i + (guint) l - 1);
            return fail(error, line_where, "not JSON as lxc prints it:%s", rest);
        }
    }
    if (node == NULL) {
        if (section != NULL) {
            g_ptr_array_add(assumptions,
                            g_strdup_printf("%s: section '%s' is not read (not JSON or YAML as lxc "
                                            "prints it: %s)",
                                            where, section, parse_error));
            return TRUE;
        }
        return fail(error, where, "%s (expected the output of one of: %s, %s, %s, %s, %s, %s)", parse_error,
                    doc_names[0], doc_names[1], doc_names[2], doc_names[3], doc_names[4], doc_names[5]);
    }
    if (!classify(node, &kind, &empty)) {
        if (empty) {
            g_ptr_array_add(assumptions, g_strdup_printf("%s: an empty list; nothing to read", where));
            return TRUE;
        }
        if (section != NULL) {
            g_ptr_array_add(
                assumptions,
                g_strdup_printf("%s: section '%s' is not read (migsim does not import it)", where, section));
            return TRUE;
        }
        return fail(error, where, "not the output of one of: %s, %s, %s, %s, %s, %s", doc_names[0],
                    doc_names[1], doc_names[2], doc_names[3], doc_names[4], doc_names[5]);
    }
    {
        Doc *doc = g_new0(Doc, 1);
        doc->kind = kind;
        doc->node = g_steal_pointer(&node);
        doc->where = g_steal_pointer(&where);
        g_ptr_array_add(docs, doc);
    }
    return TRUE;
}

/* lxd.buginfo / `incus admin debug`-style dumps: sections under "#"
 * headers, their bodies fenced with ``` or not. */
static gboolean
read_file(const char *file, GPtrArray *docs, GPtrArray *assumptions, GError **error)
{
    g_autofree char *text = NULL;
    g_autoptr(GError) io_error = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(GPtrArray) body = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *section = NULL;
    guint body_line = 1;
    gboolean dump = FALSE;

    if (!g_file_get_contents(file, &text, NULL, &io_error)) {
        /* a file that cannot be read is a usage error, as for migsim run */
        g_set_error(error, G_FILE_ERROR, io_error->code, "%s", io_error->message);
        return FALSE;
    }
    if (!g_utf8_validate(text, -1, NULL))
        return fail(error, file, "not UTF-8 text");
    lines = g_strsplit(text, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
        if (lines[i][0] == '#')
            dump = TRUE;
    if (!dump) {
        for (guint i = 0; lines[i] != NULL; i++)
            g_ptr_array_add(body, g_strchomp(g_strdup(lines[i])));
        return read_doc(file, 1, body, docs, assumptions, NULL, error);
    }
    for (guint i = 0; lines[i] != NULL; i++) {
        const char *line = lines[i];
        if (line[0] == '#') {
            if (!read_doc(file, body_line, body, docs, assumptions, section, error))
                return FALSE;
            g_ptr_array_set_size(body, 0);
            g_free(section);
            section = g_strstrip(g_strdup(line + strspn(line, "#")));
            body_line = i + 2;
            continue;
        }
        if (g_str_has_prefix(line, "```"))
            continue;
        if (body->len == 0 && *line == '\0')
            body_line = i + 2;
        g_ptr_array_add(body, g_strchomp(g_strdup(line)));
    }
    return read_doc(file, body_line, body, docs, assumptions, section, error);
}

static GPtrArray *
docs_of(GPtrArray *docs, DocKind kind)
{
    GPtrArray *out = g_ptr_array_new();

    for (guint i = 0; i < docs->len; i++)
        if (((Doc *) docs->pdata[i])->kind == kind)
            g_ptr_array_add(out, docs->pdata[i]);
    return out;
}

static void assume(GPtrArray *assumptions, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
assume(GPtrArray *assumptions, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_ptr_array_add(assumptions, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

/* members from the instances' locations, in name order */
static void
derive_members(MsCluster *cluster, GPtrArray *instance_docs, GPtrArray *assumptions)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GString) list = g_string_new(NULL);

    for (guint d = 0; d < instance_docs->len; d++) {
        JsonArray *array = json_node_get_array(((Doc *) instance_docs->pdata[d])->node);
        for (guint i = 0; i < json_array_get_length(array); i++) {
            JsonObject *o = json_array_get_object_element(array, i);
            const char *location = o ? json_object_get_string_member_with_default(o, "location", "") : "";
            if (*location != '\0' && !g_ptr_array_find_with_equal_func(names, location, g_str_equal, NULL))
                g_ptr_array_add(names, g_strdup(location));
        }
    }
    for (guint i = 0; i < names->len; i++) {
        ms_cluster_add_member(cluster, names->pdata[i]);
        g_string_append_printf(list, "%s%s", i ? ", " : "", (const char *) names->pdata[i]);
    }
    ms_cluster_assign_roles(cluster);
    assume(
        assumptions,
        "no '%s': the members are the instances' locations (%s), in the order the instances list them, all "
        "ONLINE, roles as LXD assigns them; members without instances are missing",
        doc_names[DOC_MEMBERS], list->str);
}

/* pools named by the instances' root disks */
static gboolean
derive_pools(MsCluster *cluster, GPtrArray *instance_docs, GPtrArray *assumptions)
{
    for (guint d = 0; d < instance_docs->len; d++) {
        JsonArray *array = json_node_get_array(((Doc *) instance_docs->pdata[d])->node);
        for (guint i = 0; i < json_array_get_length(array); i++) {
            JsonObject *o = json_array_get_object_element(array, i);
            JsonObject *devices =
                o && json_object_has_member(o, "expanded_devices") &&
                        JSON_NODE_HOLDS_OBJECT(json_object_get_member(o, "expanded_devices"))
                    ? json_object_get_object_member(o, "expanded_devices")
                    : NULL;
            g_autoptr(GList) names = devices ? json_object_get_members(devices) : NULL;
            for (GList *l = names; l != NULL; l = l->next) {
                JsonNode *dev = json_object_get_member(devices, l->data);
                JsonObject *dobj = JSON_NODE_HOLDS_OBJECT(dev) ? json_node_get_object(dev) : NULL;
                const char *pool =
                    dobj ? json_object_get_string_member_with_default(dobj, "pool", NULL) : NULL;
                MsPool *p;
                if (pool == NULL || ms_cluster_lookup_pool(cluster, pool) != NULL)
                    continue;
                p = ms_pool_new(pool, "dir");
                p->state = MS_POOL_CREATED;
                for (guint m = 0; m < cluster->members->len; m++)
                    g_hash_table_insert(p->member_state,
                                        g_strdup(((MsMember *) cluster->members->pdata[m])->name),
                                        GINT_TO_POINTER(MS_POOL_CREATED + 1));
                g_ptr_array_add(cluster->pools, p);
                assume(
                    assumptions,
                    "no '%s': pool '%s' (named by a disk of instance '%s') is assumed local (driver dir) and "
                    "created on every member",
                    doc_names[DOC_POOLS], pool, json_object_get_string_member_with_default(o, "name", "?"));
            }
        }
    }
    return TRUE;
}

static gboolean
import_pools(MsLxdMap *map, MsCluster *cluster, Doc *doc, GError **error)
{
    const MsJsonLite *array = doc_lite(doc);

    for (guint i = 0; i < array->len; i++) {
        g_autofree char *where = g_strdup_printf("[%u]", i);
        const MsJsonLite *object = ms_lxd_map_element(map, array, i);
        g_autoptr(GPtrArray) locations = g_ptr_array_new_with_free_func(g_free);
        const MsJsonLite *listed;
        const char *name, *driver, *status;
        MsPool *pool;

        if (object == NULL || (name = ms_lxd_map_field(map, object, "name", NULL, where)) == NULL ||
            (driver = ms_lxd_map_field(map, object, "driver", NULL, where)) == NULL ||
            (status = ms_lxd_map_field(map, object, "status", "Created", where)) == NULL)
            return FALSE;
        if (ms_driver_lookup(driver) == NULL)
            return fail(error, doc->where,
                        "storage pool '%s' uses the driver '%s', which migsim does not model", name, driver);
        pool = ms_pool_new(name, driver);
        pool->state = g_str_equal(status, "Created") ? MS_POOL_CREATED : MS_POOL_PENDING;
        g_ptr_array_add(cluster->pools, pool);
        if (!ms_lxd_map_config(map, object, "config", pool->config, where))
            return FALSE;
        listed = ms_json_lite_get(object, "locations");
        if (listed != NULL && listed->kind != MS_JSON_LITE_NULL &&
            !ms_lxd_map_strings(map, object, "locations", locations, where))
            return FALSE;
        for (guint m = 0; m < cluster->members->len; m++) {
            const char *member = ((MsMember *) cluster->members->pdata[m])->name;
            /* the list shows where the pool is defined, not its state there */
            if (locations->len == 0 || g_ptr_array_find_with_equal_func(locations, member, g_str_equal, NULL))
                g_hash_table_insert(pool->member_state, g_strdup(member), GINT_TO_POINTER(pool->state + 1));
        }
    }
    return TRUE;
}

static gboolean
import_volumes(MsLxdMap *map, MsCluster *cluster, Doc *doc, GPtrArray *assumptions, GError **error)
{
    JsonArray *array = json_node_get_array(doc->node);
    JsonObject *first = json_array_get_object_element(array, 0);
    const char *pool_name = json_object_get_string_member_with_default(first, "pool", NULL);
    const MsPool *pool;

    if (pool_name == NULL) {
        /* lxc 5.0 does not print the pool of a volume */
        if (cluster->pools->len != 1)
            return fail(error, doc->where,
                        "these volumes do not name their pool (LXD 5.0 does not print it) and %u pools are "
                        "known: paste one pool's volumes together with '%s' of a single pool",
                        cluster->pools->len, doc_names[DOC_POOLS]);
        pool = cluster->pools->pdata[0];
        assume(assumptions,
               "%s: the volumes do not name their pool; they are taken to be in '%s', the only pool",
               doc->where, pool->name);
    } else {
        pool = ms_cluster_lookup_pool(cluster, pool_name);
        if (pool == NULL)
            return fail(error, doc->where, "the volumes are in pool '%s', which no storage list names",
                        pool_name);
    }
    return ms_import_volumes_array(map, cluster, pool, doc_lite(doc));
}

/* profiles named by instances, filled from their expanded config/devices */
static void
derive_profiles(MsCluster *cluster, JsonArray *instances, GPtrArray *assumptions)
{
    g_autoptr(GString) named = g_string_new(NULL);

    for (guint i = 0; i < json_array_get_length(instances); i++) {
        JsonObject *o = json_array_get_object_element(instances, i);
        JsonArray *profiles =
            o && json_object_has_member(o, "profiles") ? json_object_get_array_member(o, "profiles") : NULL;
        for (guint p = 0; profiles != NULL && p < json_array_get_length(profiles); p++) {
            const char *name = json_array_get_string_element(profiles, p);
            g_autofree char *quoted = g_strdup_printf("'%s'", name);
            if (name == NULL || strstr(named->str, quoted) != NULL)
                continue;
            g_string_append_printf(named, "%s%s", named->len ? ", " : "", quoted);
            if (ms_cluster_lookup_profile(cluster, name) == NULL)
                g_ptr_array_add(cluster->profiles, ms_profile_entity_new(name));
        }
    }
    assume(
        assumptions,
        "no '%s': the profiles the instances name (%s) are empty; each instance gets its expanded config and "
        "devices as its own",
        doc_names[DOC_PROFILES], named->str);
}

/* without the profiles, an instance's expanded config and devices become
 * its own, so that what LXD would check is still there */
static JsonNode *
with_expanded(JsonNode *instances)
{
    JsonNode *copy = json_node_copy(instances);
    JsonArray *array = json_node_get_array(copy);

    for (guint i = 0; i < json_array_get_length(array); i++) {
        JsonObject *o = json_array_get_object_element(array, i);
        if (o == NULL)
            continue;
        if (json_object_has_member(o, "expanded_config"))
            json_object_set_member(o, "config", json_node_copy(json_object_get_member(o, "expanded_config")));
        if (json_object_has_member(o, "expanded_devices"))
            json_object_set_member(o, "devices",
                                   json_node_copy(json_object_get_member(o, "expanded_devices")));
    }
    return copy;
}

MsStateFile *
ms_import_files(char **paths, const char *release, GPtrArray *assumptions, char **text_out, GError **error)
{
    g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func((GDestroyNotify) doc_free);
    g_autoptr(MsStateFile) state = g_new0(MsStateFile, 1);
    g_autoptr(GPtrArray) members = NULL, instances = NULL, pools = NULL, volumes = NULL, profiles = NULL,
                         server = NULL;
    MsLxdMap map = { TRUE, NULL, assumptions, error, NULL, NULL };

    for (guint i = 0; paths[i] != NULL; i++)
        if (!read_file(paths[i], docs, assumptions, error))
            return NULL;
    members = docs_of(docs, DOC_MEMBERS);
    instances = docs_of(docs, DOC_INSTANCES);
    pools = docs_of(docs, DOC_POOLS);
    volumes = docs_of(docs, DOC_VOLUMES);
    profiles = docs_of(docs, DOC_PROFILES);
    server = docs_of(docs, DOC_SERVER);
    for (DocKind k = 0; k < DOC_LAST; k++) {
        g_autoptr(GPtrArray) of_kind = docs_of(docs, k);
        if (of_kind->len > 1) {
            fail(error, ((Doc *) of_kind->pdata[1])->where, "a second '%s' (the first is at %s)",
                 doc_names[k], ((Doc *) of_kind->pdata[0])->where);
            return NULL;
        }
    }
    if (members->len == 0 && instances->len == 0) {
        fail(error, paths[0], "neither '%s' nor '%s' is among the files: migsim cannot tell the members",
             doc_names[DOC_MEMBERS], doc_names[DOC_INSTANCES]);
        return NULL;
    }
    state->profile = release != NULL ? ms_profile_lookup(release) : ms_profile_latest();
    if (release == NULL)
        assume(assumptions, "the LXD release is not in these outputs: simulating %s (pass --profile)",
               state->profile->name);
    state->cluster = ms_cluster_new();
    if (server->len > 0) {
        Doc *doc = server->pdata[0];
        map.request = doc->where;
        if (!ms_lxd_map_config(&map, doc_lite(doc), "config", state->cluster->server_config, "config"))
            return NULL;
        ms_config_set(state->cluster->server_config, "core.trust_password", NULL);
    } else {
        assume(assumptions, "no '%s': the server config is LXD's defaults", doc_names[DOC_SERVER]);
    }
    if (members->len > 0) {
        Doc *doc = members->pdata[0];
        map.request = doc->where;
        if (!ms_import_members_array(&map, state->cluster, doc_lite(doc)))
            return NULL;
    } else {
        derive_members(state->cluster, instances, assumptions);
    }
    if (pools->len > 0) {
        map.request = ((Doc *) pools->pdata[0])->where;
        if (!import_pools(&map, state->cluster, pools->pdata[0], error))
            return NULL;
    } else if (!derive_pools(state->cluster, instances, assumptions)) {
        return NULL;
    }
    if (volumes->len > 0) {
        map.request = ((Doc *) volumes->pdata[0])->where;
        if (!import_volumes(&map, state->cluster, volumes->pdata[0], assumptions, error))
            return NULL;
    } else {
        assume(assumptions, "no '%s': no custom volumes", doc_names[DOC_VOLUMES]);
    }
    if (profiles->len > 0) {
        map.request = ((Doc *) profiles->pdata[0])->where;
        if (!ms_import_profiles_array(&map, state->cluster, doc_lite(profiles->pdata[0])))
            return NULL;
    }
    if (instances->len > 0) {
        Doc *doc = instances->pdata[0];
        g_autoptr(JsonNode) list = profiles->len > 0 ? json_node_copy(doc->node) : with_expanded(doc->node);
        g_autoptr(MsJsonLiteDoc) lite = ms_json_lite_from_node(list);
        if (profiles->len == 0)
            derive_profiles(state->cluster, json_node_get_array(list), assumptions);
        map.request = doc->where;
        if (!ms_import_instances_array(&map, state->cluster, ms_json_lite_root(lite)))
            return NULL;
    } else {
        assume(assumptions, "no '%s': the cluster has no instances", doc_names[DOC_INSTANCES]);
    }
    {
        g_autofree char *text = ms_state_file_dump(state->cluster, state->profile, NULL);
        g_autoptr(GError) load_error = NULL;
        if (!ms_state_file_check("the imported state", text, -1, &load_error)) {
            fail(error, paths[0], "these outputs do not make a valid state: %s", load_error->message);
            return NULL;
        }
        if (text_out != NULL)
            *text_out = g_steal_pointer(&text);
    }
    return g_steal_pointer(&state);
}
