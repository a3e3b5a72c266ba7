/* migsim: the outcome checks of the summary's preflight and import rows
 * (ms-cli-bench-outcome.h).  The preflight text is read as
 * reports/ms-report-preflight.c writes it (docs/preflight.md): the line
 * shapes below are that writer's. */
#include "ms-cli-bench-outcome.h"

#include <stdlib.h>
#include <string.h>

#include "ms-state-file.h"

/* The counts of one preflight text */
typedef struct {
    guint64 header_members, header_instances; /* the first line's */
    guint members, not_checked;               /* member lines */
    guint64 instances;                        /* the sum of their "(N instances)" */
    guint evacuations_failed, restores_failed, refused_steps;
    guint problems_counted; /* evacuations failed, instances that would not start, restore errors, steps */
    gint64 result;          /* the "Result:" line's problems; -1: no such line */
    gboolean in_members;    /* after the members' heading ("The change"'s lines come before it) */
    GHashTable *evacuate_rules, *start_rules; /* rule name -> count */
} PreflightCounts;

static void
count_rule(GHashTable *rules, const char *line)
{
    /* the rule is the last "[...]" before the end, or before " (new ..." */
    const char *open = strrchr(line, '[');
    const char *close = open != NULL ? strchr(open, ']') : NULL;
    g_autofree char *rule =
        open != NULL && close != NULL ? g_strndup(open + 1, close - open - 1) : g_strdup("(no rule)");
    guint n = GPOINTER_TO_UINT(g_hash_table_lookup(rules, rule));

    g_hash_table_replace(rules, g_steal_pointer(&rule), GUINT_TO_POINTER(n + 1));
}

/* "  NAME: evacuation ok|FAILS[, restore ok|FAILS] (N instance[s])" */
static void
count_member(PreflightCounts *c, const char *line)
{
    const char *evac = strstr(line, ": evacuation ");
    const char *open = strrchr(line, '(');

    c->members++;
    if (evac == NULL) {
        c->not_checked += strstr(line, ": not checked: ") != NULL;
        return;
    }
    if (g_str_has_prefix(evac, ": evacuation FAILS"))
        c->evacuations_failed++;
    if (strstr(evac, ", restore FAILS") != NULL)
        c->restores_failed++;
    if (open != NULL)
        c->instances += g_ascii_strtoull(open + 1, NULL, 10);
}

static void
count_line(PreflightCounts *c, const char *line, gboolean first)
{
    const char *at;

    if (first) {
        /* "migsim preflight: R[ (LXD V)], M members, N instances, from S" */
        if ((at = strstr(line, ", ")) != NULL)
            c->header_members = g_ascii_strtoull(at + 2, NULL, 10);
        if (at != NULL && (at = strstr(at + 2, ", ")) != NULL)
            c->header_instances = g_ascii_strtoull(at + 2, NULL, 10);
        return;
    }
    if (g_str_has_prefix(line, "Evacuate, then restore") || g_str_has_prefix(line, "What happens")) {
        c->in_members = TRUE;
        return;
    }
    if (g_str_has_prefix(line, "    REFUSED: ") || g_str_has_prefix(line, "    SAVED, BUT REFUSED")) {
        c->refused_steps++;
        c->problems_counted++;
    } else if (g_str_has_prefix(line, "Result: nothing would break.")) {
        c->result = 0;
    } else if (g_str_has_prefix(line, "Result: ")) {
        c->result = (gint64) g_ascii_strtoull(line + 8, NULL, 10);
    }
    if (!c->in_members)
        return;
    if (line[0] == ' ' && line[1] == ' ' && line[2] != ' ' &&
        (strstr(line, ": evacuation ") != NULL || strstr(line, ": not checked: ") != NULL)) {
        count_member(c, line);
    } else if (g_str_has_prefix(line, "    Error: ")) {
        c->problems_counted++;
        count_rule(c->evacuate_rules, line);
    } else if (g_str_has_prefix(line, "    restore Error: ")) {
        c->problems_counted++;
        count_rule(c->start_rules, line);
    } else if (g_str_has_prefix(line, "      ") && line[6] != ' ' &&
               strstr(line, " would not start [") != NULL) {
        c->problems_counted++;
        count_rule(c->start_rules, strstr(line, " would not start ["));
    }
}

static int
compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* "RULE n, RULE m" in the rules' byte order */
static void
append_rules(GString *out, GHashTable *rules)
{
    g_autofree gpointer *names = g_hash_table_get_keys_as_array(rules, NULL);
    guint n = g_hash_table_size(rules);

    qsort(names, n, sizeof(gpointer), compare_names);
    for (guint i = 0; i < n; i++)
        g_string_append_printf(out, "%s%s %u", i ? ", " : "", (const char *) names[i],
                               GPOINTER_TO_UINT(g_hash_table_lookup(rules, names[i])));
}

static gboolean
check_counts(const PreflightCounts *c, int code, guint n_members, guint64 n_instances, GString *why)
{
    if (c->header_members != n_members || c->header_instances != n_instances)
        g_string_append_printf(why,
                               "the text names %" G_GUINT64_FORMAT " members and %" G_GUINT64_FORMAT
                               " instances, not %u and %" G_GUINT64_FORMAT,
                               c->header_members, c->header_instances, n_members, n_instances);
    else if (c->refused_steps == 0 && (c->members != n_members || c->instances != n_instances))
        g_string_append_printf(
            why, "%u members listed with %" G_GUINT64_FORMAT " instances, not %u with %" G_GUINT64_FORMAT,
            c->members, c->instances, n_members, n_instances);
    else if (c->result < 0)
        g_string_append(why, "no \"Result:\" line");
    else if ((guint64) c->result != c->problems_counted)
        g_string_append_printf(why, "\"Result:\" says %" G_GINT64_FORMAT " problems, the text lists %u",
                               c->result, c->problems_counted);
    else if (code != (c->result > 0 ? 1 : 0))
        g_string_append_printf(why, "exit %d with %" G_GINT64_FORMAT " problems", code, c->result);
    return why->len == 0;
}

gboolean
ms_bench_preflight_outcome(const char *text_path, int code, guint n_members, guint64 n_instances,
                           GString *summary, GString *why)
{
    g_autofree char *text = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GHashTable) evacuate_rules = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GHashTable) start_rules = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    PreflightCounts c = { .result = -1, .evacuate_rules = evacuate_rules, .start_rules = start_rules };
    char *line;

    if (!g_file_get_contents(text_path, &text, NULL, &error)) {
        g_string_append_printf(why, "no text: %s", error->message);
        return FALSE;
    }
    line = text;
    for (gboolean first = TRUE; *line != '\0'; first = FALSE) {
        char *end = strchr(line, '\n');
        if (end != NULL)
            *end = '\0';
        count_line(&c, line, first);
        if (end == NULL)
            break;
        line = end + 1;
    }
    if (!check_counts(&c, code, n_members, n_instances, why))
        return FALSE;
    g_string_append_printf(summary, "%u members checked (%" G_GUINT64_FORMAT " instances)",
                           c.members - c.not_checked, c.instances);
    if (c.not_checked > 0)
        g_string_append_printf(summary, ", %u not checked", c.not_checked);
    g_string_append_printf(summary, "; evacuation fails on %u", c.evacuations_failed);
    if (c.evacuations_failed > 0) {
        g_string_append(summary, " (");
        append_rules(summary, evacuate_rules);
        g_string_append(summary, ")");
    }
    g_string_append_printf(summary, "; restore fails on %u", c.restores_failed);
    if (g_hash_table_size(start_rules) > 0) {
        g_string_append(summary, " (instances that would not start: ");
        append_rules(summary, start_rules);
        g_string_append(summary, ")");
    }
    g_string_append_printf(summary, "; %" G_GINT64_FORMAT " problems, exit %d", c.result, code);
    return TRUE;
}

/* The canonical dump of a state text, in its own release, without the
 * server's version (an import records it, a generated state has none) */
static char *
canonical(const char *name, const char *text, gsize length, const char **release, guint *n_instances,
          GString *why)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsStateFile) state = ms_state_file_parse(name, text, (gssize) length, &error);

    if (state == NULL) {
        g_string_append_printf(why, "%s does not load: %s", name, error->message);
        return NULL;
    }
    *release = state->profile->name;
    *n_instances = g_hash_table_size(state->cluster->instances);
    return ms_state_file_dump(state->cluster, state->profile, NULL);
}

/* The end of @p's line: its '\n', or its NUL */
static const char *
line_end(const char *p)
{
    const char *end = strchr(p, '\n');

    return end != NULL ? end : p + strlen(p);
}

/* One entry of a top-level array of a dump: its text (not NUL-ended) */
typedef struct {
    const char *text;
    gsize len;
} Entry;

static int
compare_entries(gconstpointer a, gconstpointer b)
{
    const Entry *x = a, *y = b;
    int c = memcmp(x->text, y->text, MIN(x->len, y->len));

    return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

/* @dump (the state writer's: two spaces per level) with the entries of
 * each top-level array sorted, one a line: an import reads each list from
 * the API (members, pools, volumes pool by pool, profiles, instances ...),
 * whose order is the server's, not the file's, and the model keeps lists
 * in the order they came (docs/preflight.md).  So two states compare equal
 * when they hold the same members, pools, volumes, profiles, instances ...
 * byte for byte, in any order.  An entry is an object ("    {" to "    }")
 * or, in an array of anything else, a line. */
static GString *
sorted_lists(const char *dump)
{
    GString *out = g_string_sized_new(strlen(dump) + 1);
    g_autoptr(GArray) entries = g_array_new(FALSE, FALSE, sizeof(Entry));
    const char *p = dump;

    while (*p != '\0') {
        const char *end = line_end(p);
        gboolean list = end - p > 3 && g_str_has_prefix(p, "  \"") && end[-1] == '[';

        g_string_append_len(out, p, end - p + (*end == '\n'));
        p = end + (*end == '\n');
        if (!list)
            continue;
        /* the entries, up to the list's closing "  ]" */
        g_array_set_size(entries, 0);
        while (*p != '\0' && !g_str_has_prefix(p, "  ]")) {
            const char *stop = g_str_has_prefix(p, "    {") ? strstr(p, "\n    }") : NULL;
            Entry entry = { p, 0 };

            stop = stop != NULL ? stop + strlen("\n    }") : line_end(p);
            entry.len = stop - p - (stop[-1] == ',');
            g_array_append_val(entries, entry);
            p = stop + (*stop == ',');
            p += *p == '\n';
        }
        g_array_sort(entries, compare_entries);
        for (guint i = 0; i < entries->len; i++) {
            const Entry *entry = &g_array_index(entries, Entry, i);
            g_string_append_len(out, entry->text, entry->len);
            g_string_append_c(out, '\n');
        }
    }
    return out;
}

/* Whether the dumps @want and @got hold the same lists (sorted_lists); the
 * first differing byte of the sorted texts in @why */
static gboolean
same_dumps(const char *want, const char *got, GString *why)
{
    g_autoptr(GString) a = sorted_lists(want);
    g_autoptr(GString) b = sorted_lists(got);
    gsize at = 0;

    if (g_str_equal(a->str, b->str))
        return TRUE;
    while (a->str[at] == b->str[at])
        at++;
    g_string_append_printf(why,
                           "the imported state differs from the served one at byte %zu of its dump, lists "
                           "sorted",
                           at);
    return FALSE;
}

gboolean
ms_bench_import_outcome(const char *imported_path, const char *served, GString *summary, GString *why)
{
    g_autofree char *imported = NULL, *want = NULL, *got = NULL;
    g_autoptr(GError) error = NULL;
    const char *want_release = NULL, *got_release = NULL;
    guint want_instances = 0, got_instances = 0;
    gsize length = 0;

    if (!g_file_get_contents(imported_path, &imported, &length, &error)) {
        g_string_append_printf(why, "no state written: %s", error->message);
        return FALSE;
    }
    want = canonical("the served state", served, strlen(served), &want_release, &want_instances, why);
    got = want != NULL ? canonical("the imported state", imported, length, &got_release, &got_instances, why)
                       : NULL;
    if (got == NULL)
        return FALSE;
    if (!g_str_equal(want_release, got_release)) {
        g_string_append_printf(why, "imported as %s, served as %s", got_release, want_release);
        return FALSE;
    }
    if (!same_dumps(want, got, why))
        return FALSE;
    g_string_append_printf(
        summary,
        "the imported state is the served one, its lists in the API's order (%s, %u instances, "
        "%zu bytes written)",
        got_release, got_instances, length);
    return TRUE;
}
