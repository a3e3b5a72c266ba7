/* migsim: state files (docs/preflight.md).  The loader walks the JSON tree
 * with the path of every node at hand, so that each complaint names the
 * exact field; the dumper is ms_cluster_to_json() plus the optional fields. */
#include "ms-state-file.h"

#include <stdlib.h>
#include <string.h>

#include "ms-config.h"
#include "ms-error.h"
#include "ms-json-lite.h"
#include "ms-names.h"

MsStateFile *
ms_state_file_share(const MsStateFile *state)
{
    MsStateFile *shared = (MsStateFile *) state;

    g_atomic_int_inc(&shared->shares);
    return shared;
}

void
ms_state_file_free(MsStateFile *state)
{
    /* g_atomic_int_add() gives the count before: 0 = the last holder */
    if (state == NULL || g_atomic_int_add(&state->shares, -1) > 0)
        return;
    ms_cluster_free(state->cluster);
    g_free(state->server_version);
    g_free(state);
}

/* ---- strict readers ---- */

typedef struct {
    const char *name; /* file name for messages */
    GError **error;
    const MsProfile *profile; /* the file's release: names are checked as it checks them */
    /* names seen so far, per kind: the cluster's own lookups scan arrays,
     * and a file of 100,000 profiles must not take 10^10 comparisons */
    GHashTable *seen;
} Loader;

/* TRUE the first time @kind/@name (with @extra, nullable) is seen; then
 * @value is what seen() returns for it. */
static gboolean
first_sight(Loader *ld, const char *kind, const char *name, const char *extra, gpointer value)
{
    char *key = g_strdup_printf("%s%c%s%c%s", kind, 0x1f, name, 0x1f, extra ? extra : "");

    if (g_hash_table_contains(ld->seen, key))
        return (g_free(key), FALSE);
    g_hash_table_insert(ld->seen, key, value != NULL ? value : (gpointer) ld);
    return TRUE;
}

/* What first_sight() recorded for @kind/@name (without extra), or NULL. */
static gpointer
seen(Loader *ld, const char *kind, const char *name)
{
    g_autofree char *key = g_strdup_printf("%s%c%s%c", kind, 0x1f, name, 0x1f);

    return g_hash_table_lookup(ld->seen, key);
}

/* ... with @extra as first_sight() recorded it */
static gpointer
seen_extra(Loader *ld, const char *kind, const char *name, const char *extra)
{
    g_autofree char *key = g_strdup_printf("%s%c%s%c%s", kind, 0x1f, name, 0x1f, extra ? extra : "");

    return g_hash_table_lookup(ld->seen, key);
}

static gboolean fail(Loader *ld, const char *path, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static gboolean
fail(Loader *ld, const char *path, const char *fmt, ...)
{
    va_list args;
    g_autofree char *message = NULL;

    va_start(args, fmt);
    message = g_strdup_vprintf(fmt, args);
    va_end(args);
    return ms_throw(ld->error, MS_ERROR_INVALID, "%s: %s: %s", ld->name, path, message);
}

static const char *
node_kind(const MsJsonLite *node)
{
    if (node->kind == MS_JSON_LITE_NULL)
        return "null";
    if (node->kind == MS_JSON_LITE_OBJECT)
        return "an object";
    if (node->kind == MS_JSON_LITE_ARRAY)
        return "an array";
    switch (node->kind) {
    case MS_JSON_LITE_STRING:
        return "a string";
    case MS_JSON_LITE_BOOLEAN:
        return "a boolean";
    case MS_JSON_LITE_DOUBLE:
        return "a fractional number";
    default:
        return "a number";
    }
}

static gboolean
is_string(const MsJsonLite *node)
{
    return node->kind == MS_JSON_LITE_STRING;
}

static char *
child_path(const char *path, const char *key)
{
    return g_strdup_printf("%s.%s", path, key);
}

/* Every key of @object must be in @required or @optional, and every
 * required key present. */
static gboolean
check_keys(Loader *ld, const MsJsonLite *object, const char *path, const char *const *required,
           const char *const *optional)
{
    for (guint k = 0; k < object->len; k++) {
        const char *key = object->keys[k];
        if (!g_strv_contains(required, key) && (optional == NULL || !g_strv_contains(optional, key))) {
            g_autofree char *where = child_path(path, key);
            return fail(ld, where, "unknown field");
        }
    }
    for (guint i = 0; required[i] != NULL; i++) {
        if (ms_json_lite_get(object, required[i]) == NULL) {
            g_autofree char *where = child_path(path, required[i]);
            return fail(ld, where, "missing field");
        }
    }
    return TRUE;
}

static const MsJsonLite *
want_object(Loader *ld, const MsJsonLite *node, const char *path)
{
    if (node->kind != MS_JSON_LITE_OBJECT)
        return ms_null_throw(ld->error, MS_ERROR_INVALID, "%s: %s: expected an object, got %s", ld->name,
                             path, node_kind(node));
    return node;
}

static const MsJsonLite *
want_array(Loader *ld, const MsJsonLite *node, const char *path)
{
    if (node->kind != MS_JSON_LITE_ARRAY)
        return ms_null_throw(ld->error, MS_ERROR_INVALID, "%s: %s: expected an array, got %s", ld->name, path,
                             node_kind(node));
    return node;
}

/* A string member; with @nullable, JSON null gives *out = NULL. */
static gboolean
get_string(Loader *ld, const MsJsonLite *object, const char *path, const char *key, gboolean nullable,
           const char **out)
{
    const MsJsonLite *node = ms_json_lite_get(object, key);
    g_autofree char *where = child_path(path, key);

    if (nullable && node->kind == MS_JSON_LITE_NULL) {
        *out = NULL;
        return TRUE;
    }
    if (!is_string(node))
        return fail(ld, where, "expected a string%s, got %s", nullable ? " or null" : "", node_kind(node));
    *out = node->v.string;
    if (!nullable && **out == '\0')
        return fail(ld, where, "must not be empty");
    return TRUE;
}

/* An object of string values into @config. */
static gboolean
read_config(Loader *ld, const MsJsonLite *node, const char *path, GHashTable *config)
{
    const MsJsonLite *object = want_object(ld, node, path);

    if (object == NULL)
        return FALSE;
    for (guint k = 0; k < object->len; k++) {
        const MsJsonLite *value = &object->v.items[k];
        if (!is_string(value)) {
            g_autofree char *where = child_path(path, object->keys[k]);
            return fail(ld, where, "expected a string, got %s", node_kind(value));
        }
        ms_config_set(config, object->keys[k], value->v.string);
    }
    return TRUE;
}

static gboolean
read_member_config(Loader *ld, const MsJsonLite *object, const char *path, const char *key,
                   GHashTable *config)
{
    g_autofree char *where = child_path(path, key);

    return read_config(ld, ms_json_lite_get(object, key), where, config);
}

/* An object of device name -> object of strings. */
static gboolean
read_devices(Loader *ld, const MsJsonLite *object, const char *path, const char *key, GHashTable *devices)
{
    g_autofree char *where = child_path(path, key);
    const MsJsonLite *map = want_object(ld, ms_json_lite_get(object, key), where);

    if (map == NULL)
        return FALSE;
    for (guint k = 0; k < map->len; k++) {
        g_autofree char *device_path = child_path(where, map->keys[k]);
        g_autoptr(GHashTable) device = ms_config_new();

        if (!read_config(ld, &map->v.items[k], device_path, device))
            return FALSE;
        g_hash_table_insert(devices, g_strdup(map->keys[k]), g_steal_pointer(&device));
    }
    return TRUE;
}

/* An array of non-empty strings appended to @out (g_free elements). */
static gboolean
read_strings(Loader *ld, const MsJsonLite *object, const char *path, const char *key, GPtrArray *out)
{
    g_autofree char *where = child_path(path, key);
    const MsJsonLite *array = want_array(ld, ms_json_lite_get(object, key), where);

    if (array == NULL)
        return FALSE;
    for (guint i = 0; i < array->len; i++) {
        const MsJsonLite *node = &array->v.items[i];
        g_autofree char *item = g_strdup_printf("%s[%u]", where, i);
        if (!is_string(node))
            return fail(ld, item, "expected a string, got %s", node_kind(node));
        if (*node->v.string == '\0')
            return fail(ld, item, "must not be empty");
        g_ptr_array_add(out, g_strdup(node->v.string));
    }
    return TRUE;
}

/* A derived field the dump writes (expanded_config ...): its shape is
 * checked, its content recomputed. */
static gboolean
check_derived_devices(Loader *ld, const MsJsonLite *object, const char *path, const char *key,
                      gboolean devices)
{
    g_autoptr(GHashTable) scratch = devices ? ms_devices_new() : ms_config_new();

    if (ms_json_lite_get(object, key) == NULL)
        return TRUE;
    if (devices)
        return read_devices(ld, object, path, key, scratch);
    return read_member_config(ld, object, path, key, scratch);
}

/* A name no release up to @ld's could have created (ms_name_check_upto):
 * the error names the field and quotes the file's release. */
static gboolean
check_name(Loader *ld, const char *path, MsNameKind kind, const char *name)
{
    g_autofree char *invalid = ms_name_check_upto(kind, name, ld->profile);
    g_autofree char *where = NULL;

    if (invalid == NULL)
        return TRUE;
    where = child_path(path, "name");
    return fail(ld, where, "LXD (%s) rejects this %s name: %s", ld->profile->name, ms_name_kind_label(kind),
                invalid);
}

/* ---- before parsing: depth and problem keys ----
 *
 * json-glib recurses once per nesting level (a file of 100,000 '[' exhausts
 * the stack) and keeps the last of two equal keys without a word.  One
 * linear pass over the text bounds the depth before json-glib sees it and
 * finds the first repeated key with its path.  It trusts nothing: on text
 * that is not JSON it may stop early, and json-glib's error wins then. */

typedef struct {
    gboolean object;
    gboolean expect_key; /* after '{' or ',' in an object */
    guint index;         /* arrays: the element being read */
    char *key;           /* objects: the member being read */
    GHashTable *keys;    /* objects: keys seen so far */
} ScanFrame;

/* The key between the quotes at @start (just after the opening quote) up to
 * @end (the closing quote), with JSON escapes decoded; NULL when malformed
 * (the parser will say why). */
static char *
decode_key(const char *start, const char *end)
{
    GString *out = g_string_sized_new(end - start);

    for (const char *p = start; p < end; p++) {
        if (*p != '\\') {
            g_string_append_c(out, *p);
            continue;
        }
        if (++p >= end)
            break;
        switch (*p) {
        case 'b':
            g_string_append_c(out, '\b');
            break;
        case 'f':
            g_string_append_c(out, '\f');
            break;
        case 'n':
            g_string_append_c(out, '\n');
            break;
        case 'r':
            g_string_append_c(out, '\r');
            break;
        case 't':
            g_string_append_c(out, '\t');
            break;
        case 'u': {
            char hex[5] = { 0 };
            guint64 unit;
            if (end - p < 5)
                return (g_string_free(out, TRUE), NULL);
            memcpy(hex, p + 1, 4);
            if (!g_ascii_string_to_unsigned(hex, 16, 0, 0xffff, &unit, NULL))
                return (g_string_free(out, TRUE), NULL);
            /* surrogate halves are kept as their code units: two keys that
             * differ only there are different keys to us, too */
            if (unit == 0 || (unit >= 0xd800 && unit <= 0xdfff))
                g_string_append_printf(out, "\\u%04x", (guint) unit);
            else
                g_string_append_unichar(out, (gunichar) unit);
            p += 4;
            break;
        }
        default:
            g_string_append_c(out, *p);
            break;
        }
    }
    return g_string_free(out, FALSE);
}

static char *
scan_path(GArray *stack)
{
    GString *path = g_string_new("$");

    for (guint i = 0; i < stack->len; i++) {
        const ScanFrame *f = &g_array_index(stack, ScanFrame, i);
        if (!f->object)
            g_string_append_printf(path, "[%u]", f->index);
        else if (f->key != NULL)
            g_string_append_printf(path, ".%s", f->key);
    }
    return g_string_free(path, FALSE);
}

static void
scan_frame_clear(gpointer data)
{
    ScanFrame *f = data;

    g_free(f->key);
    g_clear_pointer(&f->keys, g_hash_table_unref);
}

/* FALSE with an error when the text nests deeper than MS_STATE_MAX_DEPTH;
 * else TRUE, with *problem set to the first problem json-glib would let
 * pass ("PATH: why": a repeated key, an integer past 64 bits), or NULL. */
static gboolean
prescan(Loader *ld, const char *text, gsize length, char **problem)
{
    g_autoptr(GArray) stack = g_array_new(FALSE, TRUE, sizeof(ScanFrame));
    const char *end = text + length;

    g_array_set_clear_func(stack, scan_frame_clear);
    *problem = NULL;
    for (const char *p = text; p < end; p++) {
        ScanFrame *top = stack->len ? &g_array_index(stack, ScanFrame, stack->len - 1) : NULL;

        switch (*p) {
        case '{':
        case '[': {
            ScanFrame frame = { *p == '{', *p == '{', 0, NULL, NULL };
            if (stack->len >= MS_STATE_MAX_DEPTH)
                return ms_throw(ld->error, MS_ERROR_INVALID,
                                "%s: nests deeper than %d levels (a state file nests 5)", ld->name,
                                MS_STATE_MAX_DEPTH);
            if (frame.object)
                frame.keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
            g_array_append_val(stack, frame);
            break;
        }
        case '}':
        case ']':
            if (top == NULL)
                return TRUE;
            g_array_set_size(stack, stack->len - 1);
            break;
        case ',':
            if (top != NULL && top->object)
                top->expect_key = TRUE;
            else if (top != NULL)
                top->index++;
            break;
        case '"': {
            const char *start = ++p;
            while (p < end && *p != '"')
                p += *p == '\\' ? 2 : 1;
            if (p >= end)
                return TRUE;
            if (top != NULL && top->object && top->expect_key) {
                char *key = decode_key(start, p);
                if (key == NULL)
                    return TRUE;
                top->expect_key = FALSE;
                g_free(top->key);
                top->key = g_strdup(key);
                if (!g_hash_table_add(top->keys, key) && *problem == NULL) {
                    g_autofree char *where = scan_path(stack);
                    *problem = g_strdup_printf(
                        "%s: this key appears twice in its object (JSON keys must be unique)", where);
                }
            }
            break;
        }
        default:
            /* json-glib wraps integers past 64 bits silently (2^64 reads
             * as -1): such a number must be named as written */
            if ((*p == '-' || g_ascii_isdigit(*p)) && *problem == NULL) {
                const char *start = p;
                gboolean integer = TRUE;
                while (p + 1 < end && (g_ascii_isdigit(p[1]) || strchr(".eE+-", p[1]) != NULL)) {
                    integer = integer && g_ascii_isdigit(p[1]);
                    p++;
                }
                if (integer) {
                    g_autofree char *literal = g_strndup(start, p + 1 - start);
                    if (!g_ascii_string_to_signed(literal, 10, G_MININT64, G_MAXINT64, NULL, NULL)) {
                        g_autofree char *where = scan_path(stack);
                        *problem = g_strdup_printf("%s: the integer %s is out of range", where, literal);
                    }
                }
            }
            break;
        }
    }
    return TRUE;
}

/* ---- the sections ---- */

static gboolean
load_members(Loader *ld, const MsJsonLite *node, MsCluster *cluster)
{
    static const char *const required[] = { "name",           "id",     "status", "architecture",
                                            "failure_domain", "groups", "role",   NULL };
    static const char *const optional[] = { "scheduler_instance", NULL };
    const MsJsonLite *array = want_array(ld, node, "$.members");
    guint last_id = 0;

    if (array == NULL)
        return FALSE;
    if (array->len == 0)
        return fail(ld, "$.members", "a cluster needs at least one member");
    for (guint g = 0; g < cluster->cluster_groups->len; g++)
        first_sight(ld, "group", cluster->cluster_groups->pdata[g], NULL, NULL);
    for (guint i = 0; i < array->len; i++) {
        g_autofree char *path = g_strdup_printf("$.members[%u]", i);
        g_autofree char *id_path = child_path(path, "id");
        const MsJsonLite *object = want_object(ld, &array->v.items[i], path);
        const char *name, *status, *arch, *domain, *role, *scheduler = "all";
        const MsJsonLite *id_node;
        MsMember *member;
        gint64 id;

        if (object == NULL || !check_keys(ld, object, path, required, optional))
            return FALSE;
        if (!get_string(ld, object, path, "name", FALSE, &name) ||
            !get_string(ld, object, path, "status", FALSE, &status) ||
            !get_string(ld, object, path, "architecture", FALSE, &arch) ||
            !get_string(ld, object, path, "failure_domain", FALSE, &domain) ||
            !get_string(ld, object, path, "role", FALSE, &role))
            return FALSE;
        if (!check_name(ld, path, MS_NAME_MEMBER, name))
            return FALSE;
        if (ms_json_lite_get(object, "scheduler_instance") != NULL &&
            !get_string(ld, object, path, "scheduler_instance", FALSE, &scheduler))
            return FALSE;
        if (ms_cluster_lookup_member(cluster, name) != NULL) {
            g_autofree char *where = child_path(path, "name");
            return fail(ld, where, "member '%s' is listed twice", name);
        }
        id_node = ms_json_lite_get(object, "id");
        if (id_node->kind != MS_JSON_LITE_INT)
            return fail(ld, id_path, "expected an integer, got %s", node_kind(id_node));
        id = id_node->v.integer;
        /* the members array is in ID order: target ties go to the lowest ID */
        if (id < 1 || id > G_MAXINT32)
            return fail(ld, id_path, "member IDs go from 1 to %d, got %" G_GINT64_FORMAT, G_MAXINT32, id);
        if (id <= (gint64) last_id)
            return fail(
                ld, id_path,
                "member IDs must be increasing (the members array is in ID order), got %" G_GINT64_FORMAT
                " after %u",
                id, last_id);
        last_id = (guint) id;

        member = ms_cluster_add_member(cluster, name);
        member->id = (guint) id;
        ms_cluster_members_changed(cluster);
        if (!ms_member_status_from_string(status, &member->status)) {
            g_autofree char *where = child_path(path, "status");
            return fail(ld, where, "expected ONLINE, EVACUATED or OFFLINE, got '%s'", status);
        }
        /* an offline member cannot tell what it was; ONLINE is LXD's default */
        member->db_status = member->status == MS_MEMBER_OFFLINE ? MS_MEMBER_ONLINE : member->status;
        g_free(member->architecture);
        member->architecture = g_strdup(arch);
        g_free(member->failure_domain);
        member->failure_domain = g_strdup(domain);
        if (g_str_equal(role, "voter"))
            member->role = MS_MEMBER_ROLE_VOTER;
        else if (g_str_equal(role, "stand-by"))
            member->role = MS_MEMBER_ROLE_STANDBY;
        else if (g_str_equal(role, "spare"))
            member->role = MS_MEMBER_ROLE_SPARE;
        else {
            g_autofree char *where = child_path(path, "role");
            return fail(ld, where, "expected voter, stand-by or spare, got '%s'", role);
        }
        if (!g_str_equal(scheduler, "all") && !g_str_equal(scheduler, "manual") &&
            !g_str_equal(scheduler, "group")) {
            g_autofree char *where = child_path(path, "scheduler_instance");
            return fail(ld, where, "expected all, manual or group, got '%s'", scheduler);
        }
        g_free(member->scheduler_instance);
        member->scheduler_instance = g_strdup(scheduler);
        g_ptr_array_set_size(member->groups, 0);
        if (!read_strings(ld, object, path, "groups", member->groups))
            return FALSE;
        for (guint g = 0; g < member->groups->len; g++)
            if (first_sight(ld, "group", member->groups->pdata[g], NULL, NULL))
                g_ptr_array_add(cluster->cluster_groups, g_strdup(member->groups->pdata[g]));
    }
    cluster->next_member_id = last_id + 1;
    return TRUE;
}

static gboolean
parse_pool_state(const char *text, MsPoolState *state)
{
    if (g_str_equal(text, "Created"))
        *state = MS_POOL_CREATED;
    else if (g_str_equal(text, "Pending"))
        *state = MS_POOL_PENDING;
    else
        return FALSE;
    return TRUE;
}

static gboolean
load_pools(Loader *ld, const MsJsonLite *node, MsCluster *cluster, const MsProfile *profile)
{
    static const char *const required[] = { "name", "driver", "status", "members", "config", NULL };
    static const char *const optional[] = { "remote", NULL };
    const MsJsonLite *array = want_array(ld, node, "$.pools");

    if (array == NULL)
        return FALSE;
    for (guint i = 0; i < array->len; i++) {
        g_autofree char *path = g_strdup_printf("$.pools[%u]", i);
        g_autofree char *members_path = child_path(path, "members");
        const MsJsonLite *object = want_object(ld, &array->v.items[i], path);
        const MsJsonLite *members;
        const char *name, *driver, *status;
        MsPool *pool;

        if (object == NULL || !check_keys(ld, object, path, required, optional))
            return FALSE;
        if (!get_string(ld, object, path, "name", FALSE, &name) ||
            !get_string(ld, object, path, "driver", FALSE, &driver) ||
            !get_string(ld, object, path, "status", FALSE, &status))
            return FALSE;
        if (!check_name(ld, path, MS_NAME_POOL, name))
            return FALSE;
        if (!first_sight(ld, "pool", name, NULL, NULL)) {
            g_autofree char *where = child_path(path, "name");
            return fail(ld, where, "pool '%s' is listed twice", name);
        }
        if (ms_driver_lookup(driver) == NULL) {
            g_autofree char *where = child_path(path, "driver");
            return fail(ld, where, "unknown storage driver '%s'", driver);
        }
        pool = ms_pool_new(name, driver);
        g_ptr_array_add(cluster->pools, pool);
        g_hash_table_insert(ld->seen, g_strdup_printf("pool%c%s%c", 0x1f, name, 0x1f), pool);
        if (!parse_pool_state(status, &pool->state)) {
            g_autofree char *where = child_path(path, "status");
            return fail(ld, where, "expected Created or Pending, got '%s'", status);
        }
        if (ms_json_lite_get(object, "remote") != NULL) {
            const MsJsonLite *remote = ms_json_lite_get(object, "remote");
            g_autofree char *where = child_path(path, "remote");
            if (remote->kind != MS_JSON_LITE_BOOLEAN)
                return fail(ld, where, "expected a boolean, got %s", node_kind(remote));
            if (remote->v.boolean != ms_pool_is_remote(pool))
                return fail(ld, where, "driver '%s' is %s in %s", driver,
                            ms_pool_is_remote(pool) ? "remote" : "local", profile->name);
        }
        members = want_object(ld, ms_json_lite_get(object, "members"), members_path);
        if (members == NULL)
            return FALSE;
        for (guint k = 0; k < members->len; k++) {
            const char *member = members->keys[k];
            g_autofree char *where = child_path(members_path, member);
            const MsJsonLite *value = &members->v.items[k];
            MsPoolState state;
            if (ms_cluster_lookup_member(cluster, member) == NULL)
                return fail(ld, where, "unknown member '%s'", member);
            if (!is_string(value))
                return fail(ld, where, "expected a string, got %s", node_kind(value));
            if (!parse_pool_state(value->v.string, &state))
                return fail(ld, where, "expected Created or Pending, got '%s'", value->v.string);
            g_hash_table_insert(pool->member_state, g_strdup(member), GINT_TO_POINTER(state + 1));
        }
        if (!read_member_config(ld, object, path, "config", pool->config))
            return FALSE;
    }
    return TRUE;
}

static gboolean
load_volumes(Loader *ld, const MsJsonLite *node, MsCluster *cluster)
{
    static const char *const required[] = { "pool", "name", "content_type", "location", "config", NULL };
    static const char *const optional[] = { "snapshots", NULL };
    const MsJsonLite *array = want_array(ld, node, "$.volumes");

    if (array == NULL)
        return FALSE;
    for (guint i = 0; i < array->len; i++) {
        g_autofree char *path = g_strdup_printf("$.volumes[%u]", i);
        const MsJsonLite *object = want_object(ld, &array->v.items[i], path);
        const char *pool_name, *name, *content, *location = NULL;
        MsContentType type;
        MsVolume *volume;
        MsPool *pool;

        if (object == NULL || !check_keys(ld, object, path, required, optional))
            return FALSE;
        if (!get_string(ld, object, path, "pool", FALSE, &pool_name) ||
            !get_string(ld, object, path, "name", FALSE, &name) ||
            !get_string(ld, object, path, "content_type", FALSE, &content) ||
            !get_string(ld, object, path, "location", TRUE, &location))
            return FALSE;
        if (!check_name(ld, path, MS_NAME_VOLUME, name))
            return FALSE;
        pool = seen(ld, "pool", pool_name);
        if (pool == NULL) {
            g_autofree char *where = child_path(path, "pool");
            return fail(ld, where, "unknown pool '%s'", pool_name);
        }
        if (!ms_content_type_from_string(content, &type)) {
            g_autofree char *where = child_path(path, "content_type");
            return fail(ld, where, "expected filesystem, block or iso, got '%s'", content);
        }
        {
            g_autofree char *where = child_path(path, "location");
            /* a local pool holds one copy per member; a remote one is shared */
            if (ms_pool_is_remote(pool) && location != NULL)
                return fail(ld, where, "must be null: pool '%s' is remote", pool_name);
            if (!ms_pool_is_remote(pool) && location == NULL)
                return fail(ld, where, "pool '%s' is local: the volume needs a member", pool_name);
            if (location != NULL && ms_cluster_lookup_member(cluster, location) == NULL)
                return fail(ld, where, "unknown member '%s'", location);
            g_autofree char *pool_at = g_strdup_printf("%s%c%s", pool_name, 0x1e, location ? location : "");
            if (!first_sight(ld, "volume", name, pool_at, NULL))
                return fail(ld, path, "volume '%s/%s'%s%s is listed twice", pool_name, name,
                            location ? " on " : "", location ? location : "");
        }
        volume = ms_volume_new(pool_name, name, type, location);
        g_ptr_array_add(cluster->volumes, volume);
        if (!read_member_config(ld, object, path, "config", volume->config))
            return FALSE;
        if (ms_json_lite_get(object, "snapshots") != NULL &&
            !read_strings(ld, object, path, "snapshots", volume->snapshots))
            return FALSE;
    }
    return TRUE;
}

/* "project" of a profile or an instance: absent means the default
 * project; a named one must be in $.projects. */
static gboolean
get_project(Loader *ld, const MsJsonLite *object, const char *path, const MsCluster *cluster,
            const char **project)
{
    *project = NULL;
    if (ms_json_lite_get(object, "project") == NULL)
        return TRUE;
    if (!get_string(ld, object, path, "project", FALSE, project))
        return FALSE;
    *project = ms_project_key(*project);
    if (!ms_cluster_has_project(cluster, *project)) {
        g_autofree char *where = child_path(path, "project");
        return fail(ld, where, "unknown project '%s' (not in $.projects)", *project);
    }
    return TRUE;
}

/* projects: the non-default ones, creation order (optional) */
static gboolean
load_projects(Loader *ld, const MsJsonLite *root, MsCluster *cluster)
{
    static const char *const required[] = { "name", "config", NULL };
    const MsJsonLite *array;

    if (ms_json_lite_get(root, "projects") == NULL)
        return TRUE;
    array = want_array(ld, ms_json_lite_get(root, "projects"), "$.projects");
    if (array == NULL)
        return FALSE;
    for (guint i = 0; i < array->len; i++) {
        g_autofree char *path = g_strdup_printf("$.projects[%u]", i);
        const MsJsonLite *object = want_object(ld, &array->v.items[i], path);
        MsProject *project;
        const char *name;

        if (object == NULL || !check_keys(ld, object, path, required, NULL))
            return FALSE;
        if (!get_string(ld, object, path, "name", FALSE, &name))
            return FALSE;
        if (!check_name(ld, path, MS_NAME_PROJECT, name))
            return FALSE;
        if (ms_cluster_has_project(cluster, name)) {
            g_autofree char *where = child_path(path, "name");
            return fail(ld, where, "project '%s' is listed twice (or is the default project)", name);
        }
        project = ms_project_new(name, FALSE);
        g_hash_table_remove_all(project->config);
        g_ptr_array_add(cluster->projects, project);
        if (!read_member_config(ld, object, path, "config", project->config))
            return FALSE;
    }
    return TRUE;
}

static gboolean
load_profiles(Loader *ld, const MsJsonLite *node, MsCluster *cluster)
{
    static const char *const required[] = { "name", "config", "devices", NULL };
    static const char *const optional[] = { "project", NULL };
    const MsJsonLite *array = want_array(ld, node, "$.profiles");

    if (array == NULL)
        return FALSE;
    g_ptr_array_set_size(cluster->profiles, 0);
    for (guint i = 0; i < array->len; i++) {
        g_autofree char *path = g_strdup_printf("$.profiles[%u]", i);
        const MsJsonLite *object = want_object(ld, &array->v.items[i], path);
        MsProfileEntity *profile;
        const char *name, *project = NULL;

        if (object == NULL || !check_keys(ld, object, path, required, optional))
            return FALSE;
        if (!get_string(ld, object, path, "name", FALSE, &name))
            return FALSE;
        if (!check_name(ld, path, MS_NAME_PROFILE, name))
            return FALSE;
        if (!get_project(ld, object, path, cluster, &project))
            return FALSE;
        if (!first_sight(ld, "profile", name, project, NULL)) {
            g_autofree char *where = child_path(path, "name");
            return fail(ld, where, "profile '%s' is listed twice", name);
        }
        profile = ms_profile_entity_new(name);
        profile->project = g_strdup(project);
        g_ptr_array_add(cluster->profiles, profile);
        if (!read_member_config(ld, object, path, "config", profile->config) ||
            !read_devices(ld, object, path, "devices", profile->devices))
            return FALSE;
    }
    return TRUE;
}

static gboolean
load_instances(Loader *ld, const MsJsonLite *node, MsCluster *cluster)
{
    static const char *const required[] = { "name",     "type",   "status",  "location",
                                            "profiles", "config", "devices", NULL };
    static const char *const optional[] = { "expanded_config", "expanded_devices", "snapshots",
                                            "backups",         "project",          NULL };
    const MsJsonLite *array = want_array(ld, node, "$.instances");

    if (array == NULL)
        return FALSE;
    for (guint i = 0; i < array->len; i++) {
        g_autofree char *path = g_strdup_printf("$.instances[%u]", i);
        const MsJsonLite *object = want_object(ld, &array->v.items[i], path);
        g_autoptr(MsInstance) instance = NULL;
        g_autoptr(GHashTable) config = ms_config_new();
        const char *name, *type, *status, *location, *project = NULL;

        if (object == NULL || !check_keys(ld, object, path, required, optional))
            return FALSE;
        if (!get_string(ld, object, path, "name", FALSE, &name) ||
            !get_string(ld, object, path, "type", FALSE, &type) ||
            !get_string(ld, object, path, "status", FALSE, &status) ||
            !get_string(ld, object, path, "location", FALSE, &location))
            return FALSE;
        if (!check_name(ld, path, MS_NAME_INSTANCE, name))
            return FALSE;
        if (ms_cluster_lookup_instance(cluster, name) != NULL) {
            g_autofree char *where = child_path(path, "name");
            return fail(ld, where, "instance '%s' is listed twice", name);
        }
        if (ms_cluster_lookup_member(cluster, location) == NULL) {
            g_autofree char *where = child_path(path, "location");
            return fail(ld, where, "unknown member '%s'", location);
        }
        if (!g_str_equal(type, "container") && !g_str_equal(type, "virtual-machine")) {
            g_autofree char *where = child_path(path, "type");
            return fail(ld, where, "expected container or virtual-machine, got '%s'", type);
        }
        instance = ms_instance_new(
            name, g_str_equal(type, "container") ? MS_INSTANCE_CONTAINER : MS_INSTANCE_VM, location);
        if (!ms_instance_status_from_string(status, &instance->status)) {
            g_autofree char *where = child_path(path, "status");
            return fail(ld, where, "expected RUNNING or STOPPED, got '%s'", status);
        }
        if (!get_project(ld, object, path, cluster, &project))
            return FALSE;
        instance->project = g_strdup(project);
        if (!read_strings(ld, object, path, "profiles", instance->profiles))
            return FALSE;
        for (guint p = 0; p < instance->profiles->len; p++) {
            if (seen_extra(ld, "profile", instance->profiles->pdata[p],
                           ms_cluster_profile_project(cluster, project)) == NULL) {
                g_autofree char *where = g_strdup_printf("%s.profiles[%u]", path, p);
                return fail(ld, where, "unknown profile '%s'", (const char *) instance->profiles->pdata[p]);
            }
        }
        if (!read_member_config(ld, object, path, "config", config) ||
            !read_devices(ld, object, path, "devices", instance->devices) ||
            !check_derived_devices(ld, object, path, "expanded_config", FALSE) ||
            !check_derived_devices(ld, object, path, "expanded_devices", TRUE))
            return FALSE;
        ms_instance_replace_config(instance, g_steal_pointer(&config));
        if (ms_json_lite_get(object, "snapshots") != NULL &&
            !read_strings(ld, object, path, "snapshots", instance->snapshots))
            return FALSE;
        if (ms_json_lite_get(object, "backups") != NULL) {
            const MsJsonLite *backups = ms_json_lite_get(object, "backups");
            g_autofree char *where = child_path(path, "backups");
            if (backups->kind != MS_JSON_LITE_INT || backups->v.integer < 0 ||
                backups->v.integer > G_MAXINT32)
                return fail(ld, where, "expected a count (a non-negative integer), got %s",
                            node_kind(backups));
            instance->n_backups = (guint) backups->v.integer;
        }
        ms_cluster_add_instance(cluster, g_steal_pointer(&instance));
    }
    return TRUE;
}

/* cluster_groups: creation order, "default" first; every member's groups
 * must be among them. */
static gboolean
load_groups(Loader *ld, const MsJsonLite *root, MsCluster *cluster)
{
    g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func(g_free);

    if (ms_json_lite_get(root, "cluster_groups") == NULL)
        return TRUE; /* derived from the members' groups */
    if (!read_strings(ld, root, "$", "cluster_groups", groups))
        return FALSE;
    for (guint i = 0; i < groups->len; i++)
        for (guint j = 0; j < i; j++)
            if (g_str_equal(groups->pdata[i], groups->pdata[j])) {
                g_autofree char *where = g_strdup_printf("$.cluster_groups[%u]", i);
                return fail(ld, where, "group '%s' is listed twice", (const char *) groups->pdata[i]);
            }
    for (guint m = 0; m < cluster->members->len; m++) {
        const MsMember *member = cluster->members->pdata[m];
        for (guint g = 0; g < member->groups->len; g++) {
            const char *group = member->groups->pdata[g];
            if (!g_ptr_array_find_with_equal_func(groups, group, g_str_equal, NULL)) {
                g_autofree char *where = g_strdup_printf("$.members[%u].groups[%u]", m, g);
                return fail(ld, where, "group '%s' is not in $.cluster_groups", group);
            }
        }
    }
    g_ptr_array_unref(cluster->cluster_groups);
    cluster->cluster_groups = g_steal_pointer(&groups);
    return TRUE;
}

static gboolean
load_networks(Loader *ld, const MsJsonLite *root, MsCluster *cluster)
{
    static const char *const required[] = { "name", "status", "pending_on", "config", NULL };
    const MsJsonLite *array;

    if (ms_json_lite_get(root, "networks") == NULL)
        return TRUE;
    array = want_array(ld, ms_json_lite_get(root, "networks"), "$.networks");
    if (array == NULL)
        return FALSE;
    for (guint i = 0; i < array->len; i++) {
        g_autofree char *path = g_strdup_printf("$.networks[%u]", i);
        const MsJsonLite *object = want_object(ld, &array->v.items[i], path);
        g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func(g_free);
        const char *name, *status;
        MsNetwork *network;
        MsPoolState state;

        if (object == NULL || !check_keys(ld, object, path, required, NULL))
            return FALSE;
        if (!get_string(ld, object, path, "name", FALSE, &name) ||
            !get_string(ld, object, path, "status", FALSE, &status))
            return FALSE;
        if (!first_sight(ld, "network", name, NULL, NULL)) {
            g_autofree char *where = child_path(path, "name");
            return fail(ld, where, "network '%s' is listed twice", name);
        }
        if (!parse_pool_state(status, &state)) {
            g_autofree char *where = child_path(path, "status");
            return fail(ld, where, "expected Created or Pending, got '%s'", status);
        }
        network = g_new0(MsNetwork, 1);
        network->name = g_strdup(name);
        network->created = state == MS_POOL_CREATED;
        network->pending_on = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        network->config = ms_config_new();
        g_ptr_array_add(cluster->networks, network);
        if (!read_strings(ld, object, path, "pending_on", pending))
            return FALSE;
        for (guint m = 0; m < pending->len; m++) {
            if (ms_cluster_lookup_member(cluster, pending->pdata[m]) == NULL) {
                g_autofree char *where = g_strdup_printf("%s.pending_on[%u]", path, m);
                return fail(ld, where, "unknown member '%s'", (const char *) pending->pdata[m]);
            }
            g_hash_table_add(network->pending_on, g_strdup(pending->pdata[m]));
        }
        if (!read_member_config(ld, object, path, "config", network->config))
            return FALSE;
    }
    return TRUE;
}

static gboolean
load_placement_groups(Loader *ld, const MsJsonLite *root, MsCluster *cluster)
{
    static const char *const required[] = { "name", "config", NULL };
    const MsJsonLite *array;

    if (ms_json_lite_get(root, "placement_groups") == NULL)
        return TRUE;
    array = want_array(ld, ms_json_lite_get(root, "placement_groups"), "$.placement_groups");
    if (array == NULL)
        return FALSE;
    for (guint i = 0; i < array->len; i++) {
        g_autofree char *path = g_strdup_printf("$.placement_groups[%u]", i);
        const MsJsonLite *object = want_object(ld, &array->v.items[i], path);
        MsPlacementGroup *group;
        const char *name;

        if (object == NULL || !check_keys(ld, object, path, required, NULL))
            return FALSE;
        if (!get_string(ld, object, path, "name", FALSE, &name))
            return FALSE;
        if (!first_sight(ld, "placement group", name, NULL, NULL)) {
            g_autofree char *where = child_path(path, "name");
            return fail(ld, where, "placement group '%s' is listed twice", name);
        }
        group = g_new0(MsPlacementGroup, 1);
        group->name = g_strdup(name);
        group->config = ms_config_new();
        g_ptr_array_add(cluster->placement_groups, group);
        if (!read_member_config(ld, object, path, "config", group->config))
            return FALSE;
    }
    return TRUE;
}

MsStateFile *
ms_state_file_parse(const char *name, const char *text, gssize length, GError **error)
{
    static const char *const required[] = { "release",  "members",   "pools",         "volumes",
                                            "profiles", "instances", "server_config", NULL };
    static const char *const optional[] = { "cluster_groups", "networks", "placement_groups",
                                            "server_version", "projects", NULL };
    g_autoptr(MsJsonLiteDoc) doc = NULL;
    g_autoptr(MsStateFile) state = g_new0(MsStateFile, 1);
    g_autoptr(GHashTable) seen_names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    Loader ld = { name, error, NULL, seen_names };
    const MsJsonLite *root;
    const char *release, *server_version = NULL;
    g_autofree char *problem = NULL;

    if (length < 0)
        length = strlen(text);
    if (!g_utf8_validate(text, length, NULL))
        return ms_null_throw(error, MS_ERROR_INVALID, "%s: not valid UTF-8", name);
    if (!prescan(&ld, text, length, &problem))
        return NULL;
    /* plain JSON (what `migsim state` and import write) is read directly;
     * json-glib judges the rest and words its errors */
    doc = ms_json_lite_parse(text, length, MS_STATE_MAX_DEPTH);
    if (doc == NULL) {
        g_autoptr(JsonParser) parser = json_parser_new_immutable();
        g_autoptr(GError) parse_error = NULL;

        if (!json_parser_load_from_data(parser, text, length, &parse_error))
            return ms_null_throw(error, MS_ERROR_INVALID, "%s: not valid JSON: %s", name,
                                 parse_error->message);
        doc = ms_json_lite_from_node(json_parser_get_root(parser));
    }
    if (problem != NULL)
        return ms_null_throw(error, MS_ERROR_INVALID, "%s: %s", name, problem);
    if (ms_json_lite_root(doc) == NULL)
        return ms_null_throw(error, MS_ERROR_INVALID, "%s: empty file", name);
    root = want_object(&ld, ms_json_lite_root(doc), "$");
    if (root == NULL || !check_keys(&ld, root, "$", required, optional))
        return NULL;
    if (!get_string(&ld, root, "$", "release", FALSE, &release))
        return NULL;
    state->profile = ms_profile_lookup(release);
    if (state->profile == NULL)
        return (fail(&ld, "$.release", "unknown release '%s' (see 'migsim profiles')", release), NULL);
    ld.profile = state->profile;
    if (ms_json_lite_get(root, "server_version") != NULL &&
        !get_string(&ld, root, "$", "server_version", FALSE, &server_version))
        return NULL;
    state->server_version = g_strdup(server_version);
    state->cluster = ms_cluster_new();
    /* the order matters: later sections refer to names defined earlier */
    if (!load_members(&ld, ms_json_lite_get(root, "members"), state->cluster) ||
        !load_groups(&ld, root, state->cluster) || !load_networks(&ld, root, state->cluster) ||
        !load_placement_groups(&ld, root, state->cluster) || !load_projects(&ld, root, state->cluster) ||
        !load_pools(&ld, ms_json_lite_get(root, "pools"), state->cluster, state->profile) ||
        !load_volumes(&ld, ms_json_lite_get(root, "volumes"), state->cluster) ||
        !load_profiles(&ld, ms_json_lite_get(root, "profiles"), state->cluster) ||
        !load_instances(&ld, ms_json_lite_get(root, "instances"), state->cluster) ||
        !read_member_config(&ld, root, "$", "server_config", state->cluster->server_config))
        return NULL;
    return g_steal_pointer(&state);
}

/* ---- dump ---- */

static void
add_strings(JsonObject *object, const char *key, GPtrArray *strings)
{
    JsonArray *array = json_array_sized_new(strings->len);

    for (guint i = 0; i < strings->len; i++)
        json_array_add_string_element(array, strings->pdata[i]);
    json_object_set_array_member(object, key, array);
}

char *
ms_state_file_dump(const MsCluster *cluster, const MsProfile *profile, const char *server_version)
{
    g_autoptr(JsonNode) root = ms_cluster_to_json(cluster, profile);
    g_autoptr(JsonGenerator) generator = json_generator_new();
    g_autoptr(GPtrArray) instances = ms_cluster_list_instances(cluster, NULL);
    JsonObject *top = json_node_get_object(root);
    JsonArray *members = json_object_get_array_member(top, "members");
    JsonArray *volumes = json_object_get_array_member(top, "volumes");
    JsonArray *dumped = json_object_get_array_member(top, "instances");

    /* optional fields appear only when they differ from their default, so a
     * plain ms_cluster_to_json() dump is a valid, round-tripping state file */
    for (guint i = 0; i < cluster->members->len; i++) {
        const MsMember *member = cluster->members->pdata[i];
        if (!g_str_equal(member->scheduler_instance, "all"))
            json_object_set_string_member(json_array_get_object_element(members, i), "scheduler_instance",
                                          member->scheduler_instance);
    }
    for (guint i = 0; i < cluster->volumes->len; i++) {
        MsVolume *volume = cluster->volumes->pdata[i];
        if (volume->snapshots->len > 0)
            add_strings(json_array_get_object_element(volumes, i), "snapshots", volume->snapshots);
    }
    for (guint i = 0; i < instances->len; i++) {
        MsInstance *instance = instances->pdata[i];
        JsonObject *object = json_array_get_object_element(dumped, i);
        if (instance->snapshots->len > 0)
            add_strings(object, "snapshots", instance->snapshots);
        if (instance->n_backups > 0)
            json_object_set_int_member(object, "backups", instance->n_backups);
    }
    if (server_version != NULL)
        json_object_set_string_member(top, "server_version", server_version);

    json_generator_set_pretty(generator, TRUE);
    json_generator_set_indent(generator, 2);
    json_generator_set_root(generator, root);
    return json_generator_to_data(generator, NULL);
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
