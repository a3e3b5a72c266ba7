/* migsim: one search across processes — `migsim explore --shard I/N`
 * writes a shard's units to its --out directory, `migsim explore --merge
 * DIR...` reads every shard's and merges them (docs/explore.md#shards).
 *
 * A shard directory holds two files:
 *   shard.json  the search (everything that decides it), which shard of
 *               how many, and per unit run: its steps, how many distinct
 *               states it generated, and each violation it found (its
 *               signature, message, step count within the unit and the
 *               explored commands as alphabet indices);
 *   states.bin  "MSSTATE1", then each unit's distinct state hashes in the
 *               order of shard.json, 64-bit little-endian.
 * The merge rebuilds every trace from the search's own universe, so the
 * files carry no commands, and checks everything it reads: a directory of
 * another search, a shard given twice or missing, or a file that does not
 * add up is an input error naming the directory. */
#include "ms-cli.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ms-explore.h"
#include "ms-explore-shard-cli.h"

#define SHARD_FORMAT "migsim-explore-shard 1"
#define STATES_MAGIC "MSSTATE1"

/* ---- writing ---- */

static JsonNode *
search_node(const MsExploreOptions *o, guint shards)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(MsUniverse) universe = ms_universe_new(o);
    g_autofree char *seed = g_strdup_printf("%" G_GUINT64_FORMAT, o->seed);

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "migsim");
    json_builder_add_string_value(b, MS_VERSION_STRING);
    json_builder_set_member_name(b, "profile");
    json_builder_add_string_value(b, o->profile->name);
    json_builder_set_member_name(b, "members");
    json_builder_add_int_value(b, o->n_members);
    json_builder_set_member_name(b, "depth");
    json_builder_add_int_value(b, o->depth);
    json_builder_set_member_name(b, "seed");
    json_builder_add_string_value(b, seed);
    json_builder_set_member_name(b, "invariants");
    json_builder_add_int_value(b, o->invariants);
    json_builder_set_member_name(b, "concurrent");
    json_builder_add_boolean_value(b, o->concurrent);
    json_builder_set_member_name(b, "fixture");
    json_builder_add_string_value(b, ms_fixture_name(o->fixture));
    json_builder_set_member_name(b, "max-violations");
    json_builder_add_int_value(b, o->max_violations);
    json_builder_set_member_name(b, "fixture-commands");
    json_builder_add_int_value(b, universe->fixture->len);
    json_builder_set_member_name(b, "alphabet");
    json_builder_add_int_value(b, universe->alphabet->len);
    json_builder_set_member_name(b, "shards");
    json_builder_add_int_value(b, shards);
    json_builder_end_object(b);
    return json_builder_get_root(b);
}

gboolean
ms_explore_shard_write(const char *dir, const MsExploreOptions *options, guint shard, guint shards,
                       GPtrArray *units, GError **error)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(JsonGenerator) gen = json_generator_new();
    g_autoptr(JsonNode) root = NULL;
    g_autoptr(GByteArray) states = g_byte_array_new();
    g_autofree char *text = NULL, *json_path = NULL, *states_path = NULL;

    g_byte_array_append(states, (const guint8 *) STATES_MAGIC, strlen(STATES_MAGIC));
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "format");
    json_builder_add_string_value(b, SHARD_FORMAT);
    json_builder_set_member_name(b, "search");
    json_builder_add_value(b, search_node(options, shards));
    json_builder_set_member_name(b, "shard");
    json_builder_add_int_value(b, shard);
    json_builder_set_member_name(b, "units");
    json_builder_begin_array(b);
    for (guint i = 0; i < units->len; i++) {
        const MsExploreUnitResult *unit = units->pdata[i];

        json_builder_begin_object(b);
        json_builder_set_member_name(b, "unit");
        json_builder_add_int_value(b, unit->unit);
        json_builder_set_member_name(b, "steps");
        json_builder_add_int_value(b, (gint64) unit->result->steps);
        json_builder_set_member_name(b, "states");
        json_builder_add_int_value(b, unit->hashes->len);
        json_builder_set_member_name(b, "violations");
        json_builder_begin_array(b);
        for (guint v = 0; v < unit->result->violations->len; v++) {
            const MsViolation *violation = unit->result->violations->pdata[v];

            json_builder_begin_object(b);
            json_builder_set_member_name(b, "signature");
            json_builder_add_string_value(b, violation->signature);
            json_builder_set_member_name(b, "message");
            json_builder_add_string_value(b, violation->message);
            json_builder_set_member_name(b, "found-at");
            json_builder_add_int_value(b, (gint64) violation->found_at);
            json_builder_set_member_name(b, "path");
            json_builder_begin_array(b);
            for (guint p = 0; p < violation->path->len; p++)
                json_builder_add_int_value(b, g_array_index(violation->path, guint, p));
            json_builder_end_array(b);
            json_builder_end_object(b);
        }
        json_builder_end_array(b);
        json_builder_end_object(b);
        for (guint h = 0; h < unit->hashes->len; h++) {
            guint64 le = GUINT64_TO_LE(g_array_index(unit->hashes, guint64, h));
            g_byte_array_append(states, (const guint8 *) &le, sizeof(le));
        }
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    root = json_builder_get_root(b);
    json_generator_set_root(gen, root);
    json_generator_set_pretty(gen, TRUE);
    text = json_generator_to_data(gen, NULL);

    if (g_mkdir_with_parents(dir, 0755) != 0)
        return ms_cli_throw(error, MS_EXIT_INTERNAL, "--out: cannot create %s: %s", dir, g_strerror(errno));
    json_path = g_build_filename(dir, "shard.json", NULL);
    states_path = g_build_filename(dir, "states.bin", NULL);
    /* states.bin first: a shard.json is only there with its states */
    return ms_cli_write_file(states_path, (const char *) states->data, states->len, error) &&
           ms_cli_write_file(json_path, text, -1, error);
}

/* ---- reading ---- */

/* One shard directory, read and checked against itself. */
typedef struct {
    char *dir;
    JsonParser *parser;
    JsonObject *search;
    guint shard;
    guint shards;
} ShardFile;

static void
shard_file_free(ShardFile *file)
{
    g_free(file->dir);
    g_clear_object(&file->parser);
    g_free(file);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ShardFile, shard_file_free)

static gboolean
bad(GError **error, const char *dir, const char *what)
{
    return ms_cli_throw(error, MS_EXIT_INPUT, "--merge: %s is not a shard of `migsim explore --shard`: %s",
                        dir, what);
}

static gboolean
get_uint(JsonObject *object, const char *name, guint64 max, guint64 *value)
{
    JsonNode *node = json_object_get_member(object, name);

    if (node == NULL || json_node_get_value_type(node) != G_TYPE_INT64 || json_node_get_int(node) < 0 ||
        (guint64) json_node_get_int(node) > max)
        return FALSE;
    *value = (guint64) json_node_get_int(node);
    return TRUE;
}

static const char *
get_string(JsonObject *object, const char *name)
{
    JsonNode *node = json_object_get_member(object, name);

    if (node == NULL || json_node_get_value_type(node) != G_TYPE_STRING)
        return NULL;
    return json_node_get_string(node);
}

static ShardFile *
shard_file_read(const char *dir, GError **error)
{
    g_autoptr(ShardFile) file = g_new0(ShardFile, 1);
    g_autofree char *path = g_build_filename(dir, "shard.json", NULL);
    g_autoptr(GError) local = NULL;
    JsonNode *root, *search;
    guint64 shard, shards;

    file->dir = g_strdup(dir);
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
        ms_cli_throw(error, MS_EXIT_INPUT, "--merge: %s is not a directory", dir);
        return NULL;
    }
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        bad(error, dir, "it has no shard.json");
        return NULL;
    }
    file->parser = json_parser_new();
    if (!json_parser_load_from_file(file->parser, path, &local)) {
        bad(error, dir, local->message);
        return NULL;
    }
    root = json_parser_get_root(file->parser);
    if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root) ||
        g_strcmp0(get_string(json_node_get_object(root), "format"), SHARD_FORMAT) != 0) {
        bad(error, dir, "shard.json is not in the format " SHARD_FORMAT);
        return NULL;
    }
    search = json_object_get_member(json_node_get_object(root), "search");
    if (search == NULL || !JSON_NODE_HOLDS_OBJECT(search)) {
        bad(error, dir, "shard.json has no search");
        return NULL;
    }
    file->search = json_node_get_object(search);
    if (!get_uint(file->search, "shards", 4096, &shards) || shards == 0 ||
        !get_uint(json_node_get_object(root), "shard", shards - 1, &shard)) {
        bad(error, dir, "shard.json has no shard I of N with I < N");
        return NULL;
    }
    file->shard = (guint) shard;
    file->shards = (guint) shards;
    return g_steal_pointer(&file);
}

/* The search's options from the first shard's "search". */
static gboolean
search_options(const ShardFile *file, MsExploreOptions *o, GError **error)
{
    JsonObject *s = file->search;
    const char *version = get_string(s, "migsim"), *profile = get_string(s, "profile");
    const char *seed = get_string(s, "seed"), *fixture_name = get_string(s, "fixture");
    guint64 members, depth, invariants, max_violations, fixture, alphabet;
    JsonNode *concurrent = json_object_get_member(s, "concurrent");
    g_autoptr(MsUniverse) universe = NULL;

    if (g_strcmp0(version, MS_VERSION_STRING) != 0) {
        return ms_cli_throw(error, MS_EXIT_INPUT, "--merge: %s was written by migsim %s, this is migsim %s",
                            file->dir, version ? version : "(unknown)", MS_VERSION_STRING);
    }
    if (profile == NULL || (o->profile = ms_profile_lookup(profile)) == NULL)
        return bad(error, file->dir, "its search names no known profile");
    if (!get_uint(s, "members", 9, &members) || members == 0 || !get_uint(s, "depth", 200, &depth) ||
        depth == 0 || seed == NULL || !g_ascii_string_to_unsigned(seed, 10, 0, G_MAXUINT64, &o->seed, NULL) ||
        !get_uint(s, "invariants", (1u << MS_INVARIANT_LAST) - 1, &invariants) || invariants == 0 ||
        !get_uint(s, "max-violations", G_MAXINT, &max_violations) || max_violations == 0 ||
        concurrent == NULL || json_node_get_value_type(concurrent) != G_TYPE_BOOLEAN ||
        !get_uint(s, "fixture-commands", G_MAXUINT, &fixture) ||
        !get_uint(s, "alphabet", G_MAXUINT, &alphabet))
        return bad(error, file->dir, "its search is incomplete");
    o->n_members = (guint) members;
    o->depth = (guint) depth;
    o->invariants = (guint) invariants;
    o->max_violations = (guint) max_violations;
    o->concurrent = json_node_get_boolean(concurrent);
    if (g_strcmp0(fixture_name, "staged") == 0)
        o->fixture = MS_FIXTURE_STAGED;
    else if (g_strcmp0(fixture_name, "neutral") == 0)
        o->fixture = MS_FIXTURE_NEUTRAL;
    else
        return bad(error, file->dir, "its search names no known fixture");
    o->strategy = MS_STRATEGY_EXHAUSTIVE;
    o->jobs = 1;
    universe = ms_universe_new(o);
    if (universe->fixture->len != fixture || universe->alphabet->len != alphabet)
        return bad(error, file->dir, "its universe is not this migsim's");
    return TRUE;
}

/* The first member of "search" whose value differs, or NULL. */
static const char *
search_difference(JsonObject *a, JsonObject *b)
{
    static const char *const keys[] = { "migsim",     "profile",        "members", "depth",      "seed",
                                        "invariants", "max-violations", "shards",  "concurrent", "fixture" };

    for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
        JsonNode *x = json_object_get_member(a, keys[i]), *y = json_object_get_member(b, keys[i]);
        if (x == NULL || y == NULL || !json_node_equal(x, y))
            return keys[i];
    }
    return NULL;
}

static char *
node_text(JsonObject *object, const char *name)
{
    JsonNode *node = json_object_get_member(object, name);

    return node == NULL ? g_strdup("none") : json_to_string(node, FALSE);
}

/* One shard's units, checked against the search: each unit is one this
 * shard runs, each violation's commands are in the alphabet. */
static gboolean
read_units(const ShardFile *file, const MsExploreOptions *o, const gboolean *changes, guint alphabet,
           const MsTrace *base, const MsUniverse *universe, GPtrArray *units, GError **error)
{
    JsonNode *node =
        json_object_get_member(json_node_get_object(json_parser_get_root(file->parser)), "units");
    g_autofree char *states_path = g_build_filename(file->dir, "states.bin", NULL);
    g_autofree char *states = NULL;
    gsize states_len = 0, offset = strlen(STATES_MAGIC);
    JsonArray *array;
    guint n_units = o->depth * alphabet, expected = 0;

    if (node == NULL || !JSON_NODE_HOLDS_ARRAY(node))
        return bad(error, file->dir, "shard.json has no units");
    if (!g_file_get_contents(states_path, &states, &states_len, NULL) || states_len < offset ||
        memcmp(states, STATES_MAGIC, offset) != 0)
        return bad(error, file->dir, "states.bin is missing or not in its format");
    for (guint k = 0; k < n_units; k++)
        expected += ms_explore_unit_owner(changes, alphabet, k, file->shards) == (gint) file->shard;
    array = json_node_get_array(node);
    if (json_array_get_length(array) != expected)
        return bad(error, file->dir, "it does not hold every unit of its shard (an unfinished run?)");
    for (guint i = 0; i < json_array_get_length(array); i++) {
        JsonNode *un = json_array_get_element(array, i), *vn;
        g_autoptr(MsExploreUnitResult) unit = g_new0(MsExploreUnitResult, 1);
        JsonObject *uo;
        guint64 k, steps, count;

        if (!JSON_NODE_HOLDS_OBJECT(un))
            return bad(error, file->dir, "a unit is not an object");
        uo = json_node_get_object(un);
        vn = json_object_get_member(uo, "violations");
        if (!get_uint(uo, "unit", n_units - 1, &k) || !get_uint(uo, "steps", G_MAXINT64, &steps) ||
            steps == 0 || !get_uint(uo, "states", G_MAXUINT, &count) || vn == NULL ||
            !JSON_NODE_HOLDS_ARRAY(vn))
            return bad(error, file->dir, "a unit lacks unit, steps, states or violations");
        if (ms_explore_unit_owner(changes, alphabet, (guint) k, file->shards) != (gint) file->shard)
            return bad(error, file->dir, "it holds a unit another shard runs");
        if (states_len - offset < count * sizeof(guint64))
            return bad(error, file->dir, "states.bin is shorter than its units say");
        unit->unit = (guint) k;
        unit->hashes = g_array_sized_new(FALSE, FALSE, sizeof(guint64), (guint) count);
        for (guint64 h = 0; h < count; h++, offset += sizeof(guint64)) {
            guint64 le;
            memcpy(&le, states + offset, sizeof(le));
            le = GUINT64_FROM_LE(le);
            g_array_append_val(unit->hashes, le);
        }
        unit->result = g_new0(MsExploreResult, 1);
        unit->result->steps = steps;
        unit->result->distinct = count;
        unit->result->violations = g_ptr_array_new_with_free_func((GDestroyNotify) ms_violation_free);
        for (guint v = 0; v < json_array_get_length(json_node_get_array(vn)); v++) {
            JsonNode *one = json_array_get_element(json_node_get_array(vn), v), *pn;
            g_autoptr(MsViolation) violation = g_new0(MsViolation, 1);
            const char *signature, *message;
            JsonObject *vo;
            guint64 at;

            if (!JSON_NODE_HOLDS_OBJECT(one))
                return bad(error, file->dir, "a violation is not an object");
            vo = json_node_get_object(one);
            signature = get_string(vo, "signature");
            message = get_string(vo, "message");
            pn = json_object_get_member(vo, "path");
            if (signature == NULL || message == NULL || !get_uint(vo, "found-at", steps, &at) || at == 0 ||
                pn == NULL || !JSON_NODE_HOLDS_ARRAY(pn) ||
                json_array_get_length(json_node_get_array(pn)) == 0 ||
                json_array_get_length(json_node_get_array(pn)) > k / alphabet + 1)
                return bad(error, file->dir, "a violation lacks signature, message, found-at or path");
            violation->signature = g_strdup(signature);
            violation->message = g_strdup(message);
            violation->invariant = ms_explore_signature_invariant(signature);
            violation->found_at = at;
            violation->found = ms_trace_copy(base);
            violation->path = g_array_new(FALSE, FALSE, sizeof(guint));
            for (guint p = 0; p < json_array_get_length(json_node_get_array(pn)); p++) {
                JsonNode *step = json_array_get_element(json_node_get_array(pn), p);
                gint64 index = JSON_NODE_HOLDS_VALUE(step) && json_node_get_value_type(step) == G_TYPE_INT64
                                   ? json_node_get_int(step)
                                   : -1;
                guint op;

                if (index < 0 || index >= alphabet || (p == 0 && index != (gint64) (k % alphabet)))
                    return bad(error, file->dir, "a violation's path leaves the alphabet or its unit");
                op = (guint) index;
                g_array_append_val(violation->path, op);
                g_ptr_array_add(violation->found->ops, ms_op_copy(universe->alphabet->pdata[op]));
            }
            violation->found_depth = violation->path->len;
            g_ptr_array_add(unit->result->violations, g_steal_pointer(&violation));
        }
        g_ptr_array_add(units, g_steal_pointer(&unit));
    }
    if (offset != states_len)
        return bad(error, file->dir, "states.bin is longer than its units say");
    return TRUE;
}

gboolean
ms_explore_shard_load(char **dirs, MsExploreOptions *options, GPtrArray *units, GError **error)
{
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func((GDestroyNotify) shard_file_free);
    g_autofree const ShardFile **by_index = NULL;
    g_autofree gboolean *changes = NULL;
    g_autoptr(MsUniverse) universe = NULL;
    g_autoptr(MsTrace) base = NULL;
    const ShardFile *first;

    for (guint i = 0; dirs[i] != NULL; i++) {
        ShardFile *file = shard_file_read(dirs[i], error);

        if (file == NULL)
            return FALSE;
        g_ptr_array_add(files, file);
    }
    first = files->pdata[0];
    if (!search_options(first, options, error))
        return FALSE;
    by_index = g_new0(const ShardFile *, first->shards);
    for (guint i = 0; i < files->len; i++) {
        const ShardFile *file = files->pdata[i];
        const char *differs = search_difference(first->search, file->search);

        if (differs != NULL) {
            g_autofree char *mine = node_text(file->search, differs),
                            *theirs = node_text(first->search, differs);
            return ms_cli_throw(error, MS_EXIT_INPUT,
                                "--merge: %s is a shard of another search than %s (%s %s, not %s)", file->dir,
                                first->dir, differs, mine, theirs);
        }
        if (by_index[file->shard] != NULL) {
            return ms_cli_throw(error, MS_EXIT_INPUT, "--merge: %s and %s are both shard %u/%u",
                                by_index[file->shard]->dir, file->dir, file->shard, file->shards);
        }
        by_index[file->shard] = file;
    }
    for (guint i = 0; i < first->shards; i++)
        if (by_index[i] == NULL) {
            return ms_cli_throw(error, MS_EXIT_INPUT,
                                "--merge: shard %u/%u is missing (%u of %u directories given)", i,
                                first->shards, files->len, first->shards);
        }
    universe = ms_universe_new(options);
    base = ms_explore_base(universe);
    changes = ms_explore_changing_units(options);
    for (guint i = 0; i < first->shards; i++)
        if (!read_units(by_index[i], options, changes, universe->alphabet->len, base, universe, units, error))
            return FALSE;
    return TRUE;
}
