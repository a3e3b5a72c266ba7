/* migsim: `lxc list` and `lxc cluster list` output (data from the model,
 * layout from the client). */
#include "ms-list.h"
#include "ms-roles.h"

#include <string.h>

#include "ms-config.h"
#include "ms-show.h"

typedef enum {
    COL_NAME,
    COL_STATE,
    COL_TYPE,
    COL_LOCATION,
    COL_SNAPSHOTS,
    COL_POOL,
    COL_PROFILES,
    COL_ARCHITECTURE,
    COL_PROJECT,
    COL_UNKNOWN, /* a value migsim does not model: printed empty, masked */
} ColumnData;

/* columnsShorthandMap, lxc/list.go:553-573 at lxd-5.0.2 (the same letters
 * at lxd-6.9) */
static const struct {
    char letter;
    const char *header;
    ColumnData data;
} columns[] = {
    { '4', "IPV4", COL_UNKNOWN },
    { '6', "IPV6", COL_UNKNOWN },
    { 'a', "ARCHITECTURE", COL_ARCHITECTURE },
    { 'b', "STORAGE POOL", COL_POOL },
    { 'c', "CREATED AT", COL_UNKNOWN },
    { 'D', "DISK USAGE", COL_UNKNOWN },
    { 'e', "PROJECT", COL_PROJECT },
    { 'f', "BASE IMAGE", COL_UNKNOWN },
    { 'F', "BASE IMAGE", COL_UNKNOWN },
    { 'l', "LAST USED AT", COL_UNKNOWN },
    { 'L', "LOCATION", COL_LOCATION },
    { 'm', "MEMORY USAGE", COL_UNKNOWN },
    { 'M', "MEMORY USAGE%", COL_UNKNOWN },
    { 'n', "NAME", COL_NAME },
    { 'p', "PID", COL_UNKNOWN },
    { 'P', "PROFILES", COL_PROFILES },
    { 'S', "SNAPSHOTS", COL_SNAPSHOTS },
    { 's', "STATE", COL_STATE },
    { 't', "TYPE", COL_TYPE },
    { 'u', "CPU USAGE", COL_UNKNOWN },
};

/* const defaultColumns = "ns46tSL" (lxc/list.go:141 at lxd-5.0.2) */
#define DEFAULT_COLUMNS "ns46tSL"

/* clang-format off */
static const char *const masked_headers[] = {
    "IPV4",
    "IPV6",
    "CREATED AT",
    "DISK USAGE",
    "BASE IMAGE",
    "LAST USED AT",
    "MEMORY USAGE",
    "MEMORY USAGE%",
    "PID",
    "CPU USAGE",
    /* lxc cluster list: addresses and free text */
    "URL",
    "DESCRIPTION",
    "MESSAGE",
    "ARCHITECTURE",
    "FAILURE DOMAIN",
    "ROLES",
    /* storage, profile, network and operation lists (ms-show.c) */
    "USED BY",
    "ID",
    "CREATED",
    NULL,
};
/* clang-format on */

gboolean
ms_list_header_masked(const char *header)
{
    return g_strv_contains(masked_headers, header);
}

/* An instance on a member that does not answer lists as an error entry:
 * an offline member's address is 0.0.0.0, a failed request to a member is
 * the same error (lxd/instances_get.go:335-360,380-419 at lxd-5.0.2;
 * :317-334,362-366 at lxd-5.21.7; :316-333,361-365 at lxd-6.9;
 * cmd/incusd/instances_get.go:296-311 at v7.3.0).  The entry carries only
 * the name, status Error, location and project, and from lxd-5.0.3 and
 * 5.16 (every Incus) the type (MS_FEATURE_LIST_ERROR_TYPE): no config,
 * devices, profiles, snapshots or architecture. */
static gboolean
unanswered(const MsCluster *cluster, const MsInstance *inst)
{
    const MsMember *member = ms_cluster_lookup_member(cluster, inst->location);

    return member != NULL &&
           (member->status == MS_MEMBER_OFFLINE || member->unreachable_since_ms != G_MAXUINT64);
}

/* The error entry's type as api.Instance.Type: empty before the fix */
static const char *
unanswered_type(const MsProfile *profile, const MsInstance *inst)
{
    return ms_profile_has(profile, MS_FEATURE_LIST_ERROR_TYPE) ? ms_instance_type_to_string(inst->type) : "";
}

/* An error entry's cell: lxc prints an empty type as CONTAINER
 * (typeColumnData, lxc/list.go:861-871 at lxd-5.0.2), no snapshots as 0
 * (:873-879), no root disk, profiles or architecture as empty. */
static char *
unanswered_cell(const MsProfile *profile, const MsInstance *inst, ColumnData data)
{
    switch (data) {
    case COL_STATE:
        return g_strdup("ERROR");
    case COL_TYPE:
        return g_strdup(*unanswered_type(profile, inst) != '\0' ? ms_instance_type_to_label(inst->type)
                                                                : "CONTAINER");
    case COL_SNAPSHOTS:
        return g_strdup("0");
    case COL_POOL:
    case COL_PROFILES:
    case COL_ARCHITECTURE:
    case COL_UNKNOWN:
        return g_strdup("");
    case COL_NAME:
    case COL_LOCATION:
    case COL_PROJECT:
        break;
    }
    return NULL;
}

static char *
cell(const MsCluster *cluster, const MsProfile *profile, const MsInstance *inst, ColumnData data)
{
    if (unanswered(cluster, inst)) {
        char *text = unanswered_cell(profile, inst, data);
        if (text != NULL)
            return text;
    }
    switch (data) {
    case COL_NAME:
        return g_strdup(inst->name);
    case COL_STATE:
        return g_strdup(ms_instance_status_to_string(inst->status));
    case COL_TYPE:
        return g_strdup(ms_instance_type_to_label(inst->type));
    case COL_LOCATION:
        return g_strdup(inst->location);
    case COL_SNAPSHOTS:
        return g_strdup_printf("%u", inst->snapshots != NULL ? inst->snapshots->len : 0);
    case COL_POOL: {
        g_autoptr(MsDevices) devices = ms_cluster_expand_devices(cluster, inst);
        MsDevice *root = ms_devices_root_disk(devices);
        return g_strdup(root != NULL ? ms_device_lookup_lit(root, "pool") ?: "" : "");
    }
    case COL_PROFILES: {
        g_autoptr(GString) joined = g_string_new(NULL);
        for (guint i = 0; inst->profiles != NULL && i < inst->profiles->len; i++)
            g_string_append_printf(joined, "%s%s", i ? "\n" : "", (const char *) inst->profiles->pdata[i]);
        return g_string_free(g_steal_pointer(&joined), FALSE);
    }
    case COL_ARCHITECTURE: {
        const MsMember *member = ms_cluster_lookup_member(cluster, inst->location);
        const char *arch = ms_instance_get_config(inst, "volatile.architecture");
        return g_strdup(arch ? arch : member ? member->architecture : "");
    }
    case COL_PROJECT:
        /* projectColumnData: the entry's project (lxc/list.go:812-814 at
         * lxd-5.0.2, the same at lxd-5.21.7 and lxd-6.9); an error entry
         * of a member that does not answer carries it too
         * (lxd/instances_get.go:335-346 at lxd-5.0.2).  Seen live on 5.0.2
         * (lxc list -c nsLe: "default", 2026-12-07). */
        return g_strdup(ms_project_display(inst->project));
    case COL_UNKNOWN:
        return g_strdup("");
    }
    g_assert_not_reached();
}

/* A filter value as lxc tries it: a regex anchored at both ends unless it
 * has ^ or $ (lxc/list.go:186-199, 217-229 at lxd-5.0.2). */
static gboolean
regex_match(const char *pattern, const char *text)
{
    g_autofree char *anchored =
        strchr(pattern, '^') || strchr(pattern, '$') ? g_strdup(pattern) : g_strdup_printf("^%s$", pattern);
    g_autoptr(GRegex) re = g_regex_new(anchored, 0, 0, NULL);

    if (re == NULL)
        return FALSE;
    return g_regex_match(re, text, 0, NULL);
}

/* matchByType, matchByStatus (lxc/list.go:939-945 at lxd-5.0.2): against
 * the entry's type and status, an error entry's for an instance whose
 * member does not answer ("Error", and no type before the fix) */
static gboolean
shorthand_match(const MsCluster *cluster, const MsProfile *profile, const MsInstance *inst, const char *key,
                const char *value, gboolean *known)
{
    g_auto(GStrv) alternatives = g_strsplit(value, ",", -1);
    gboolean error_entry = unanswered(cluster, inst);
    const char *type = error_entry ? unanswered_type(profile, inst) : ms_instance_type_to_string(inst->type);
    const char *status = error_entry ? "Error" : ms_instance_status_to_string(inst->status);

    *known = TRUE;
    for (guint i = 0; alternatives[i] != NULL; i++) {
        const char *v = alternatives[i];
        if (g_ascii_strcasecmp(key, "type") == 0 && g_ascii_strcasecmp(type, v) == 0)
            return TRUE;
        if (g_ascii_strcasecmp(key, "status") == 0 && g_ascii_strcasecmp(status, v) == 0)
            return TRUE;
        if (g_ascii_strcasecmp(key, "location") == 0 && g_strcmp0(inst->location, v) == 0)
            return TRUE;
        if (g_ascii_strcasecmp(key, "architecture") == 0) {
            g_autofree char *arch = cell(cluster, profile, inst, COL_ARCHITECTURE);
            if (g_str_equal(arch, v))
                return TRUE;
        }
    }
    if (g_ascii_strcasecmp(key, "ipv4") == 0 || g_ascii_strcasecmp(key, "ipv6") == 0)
        *known = FALSE;
    return FALSE;
}

/* shouldShow (lxc/list.go:164-234 at lxd-5.0.2) for the filters migsim can
 * evaluate; *unknown is set when one needs addresses. */
static gboolean
should_show(const MsCluster *cluster, const MsProfile *profile, const MsInstance *inst, GPtrArray *filters,
            gboolean *unknown)
{
    for (guint f = 0; f < filters->len; f++) {
        const char *filter = filters->pdata[f];
        const char *eq = strchr(filter, '=');

        if (eq != NULL) {
            g_autofree char *key = g_strndup(filter, eq - filter);
            gboolean known = TRUE;
            g_autoptr(GHashTable) expanded = NULL;
            const char *value;

            if (shorthand_match(cluster, profile, inst, key, eq + 1, &known))
                continue;
            if (!known) {
                *unknown = TRUE;
                continue;
            }
            /* an error entry has no config: only KEY= (ExpandedConfig[key]
             * == value, lxc/list.go:206-208 at lxd-5.0.2) lets it through */
            if (unanswered(cluster, inst)) {
                if (eq[1] == '\0')
                    continue;
                return FALSE;
            }
            expanded = ms_cluster_expand_config(cluster, profile, inst);
            value = ms_config_get(expanded, key);
            if (value != NULL && (g_str_equal(value, eq + 1) || regex_match(eq + 1, value)))
                continue;
            return FALSE;
        }
        if (regex_match(filter, inst->name) || g_str_has_prefix(inst->name, filter))
            continue;
        return FALSE;
    }
    return TRUE;
}

static void
append_lines(GPtrArray *lines, const char *text)
{
    g_auto(GStrv) parts = g_strsplit(text, "\n", -1);

    for (guint i = 0; parts[i] != NULL; i++)
        g_ptr_array_add(lines, g_strdup(parts[i]));
}

void
ms_list_render_table(GString *out, guint n_columns, const char *const *headers, GPtrArray *rows)
{
    g_autofree guint *widths = g_new0(guint, n_columns);
    g_autoptr(GString) rule = g_string_new("+");

    for (guint c = 0; c < n_columns; c++)
        widths[c] = g_utf8_strlen(headers[c], -1);
    for (guint r = 0; r < rows->len; r++) {
        char **row = rows->pdata[r];
        for (guint c = 0; c < n_columns; c++) {
            g_auto(GStrv) parts = g_strsplit(row[c], "\n", -1);
            for (guint i = 0; parts[i] != NULL; i++)
                widths[c] = MAX(widths[c], (guint) g_utf8_strlen(parts[i], -1));
        }
    }
    for (guint c = 0; c < n_columns; c++) {
        for (guint i = 0; i < widths[c] + 2; i++)
            g_string_append_c(rule, '-');
        g_string_append_c(rule, '+');
    }
    g_string_append_printf(out, "%s\n|", rule->str);
    for (guint c = 0; c < n_columns; c++) {
        guint len = g_utf8_strlen(headers[c], -1);
        guint left = (widths[c] + 2 - len) / 2;
        guint right = widths[c] + 2 - len - left;
        g_string_append_printf(out, "%*s%s%*s|", left, "", headers[c], right, "");
    }
    g_string_append_printf(out, "\n%s\n", rule->str);
    for (guint r = 0; r < rows->len; r++) {
        char **row = rows->pdata[r];
        g_autofree GPtrArray **cells = g_new0(GPtrArray *, n_columns);
        guint height = 1;

        for (guint c = 0; c < n_columns; c++) {
            cells[c] = g_ptr_array_new_with_free_func(g_free);
            append_lines(cells[c], row[c]);
            height = MAX(height, cells[c]->len);
        }
        for (guint h = 0; h < height; h++) {
            g_string_append_c(out, '|');
            for (guint c = 0; c < n_columns; c++) {
                const char *text = h < cells[c]->len ? cells[c]->pdata[h] : "";
                guint len = g_utf8_strlen(text, -1);
                g_string_append_printf(out, " %s%*s |", text, (int) (widths[c] - len), "");
            }
            g_string_append_c(out, '\n');
        }
        g_string_append_printf(out, "%s\n", rule->str);
        for (guint c = 0; c < n_columns; c++)
            g_ptr_array_unref(cells[c]);
    }
}

/* encoding/csv: a field is quoted when it holds a quote, a comma, a line
 * break or starts with a space; quotes are doubled. */
void
ms_list_render_csv(GString *out, guint n_columns, GPtrArray *rows)
{
    for (guint r = 0; r < rows->len; r++) {
        char **row = rows->pdata[r];
        for (guint c = 0; c < n_columns; c++) {
            const char *v = row[c];
            gboolean quote = strpbrk(v, "\",\r\n") != NULL || v[0] == ' ';
            if (c > 0)
                g_string_append_c(out, ',');
            if (!quote) {
                g_string_append(out, v);
                continue;
            }
            g_string_append_c(out, '"');
            for (const char *p = v; *p != '\0'; p++) {
                if (*p == '"')
                    g_string_append_c(out, '"');
                g_string_append_c(out, *p);
            }
            g_string_append_c(out, '"');
        }
        g_string_append_c(out, '\n');
    }
}

/* json and yaml print LXD's objects (lxc/list.go:486-506 at lxd-5.0.2:
 * InstanceFull for lxc list, ClusterMember for lxc cluster list) */
static char *
render(const char *format, guint n_columns, const char *const *headers, GPtrArray *rows, JsonNode *raw,
       char **note)
{
    GString *out;
    char *text = ms_show_format(raw, format);

    if (text != NULL)
        return text;
    out = g_string_new(NULL);
    if (format != NULL && g_str_equal(format, "csv")) {
        ms_list_render_csv(out, n_columns, rows);
    } else {
        if (format != NULL && !g_str_equal(format, "table"))
            *note =
                g_strdup_printf("--format %s: migsim prints the table; what lxc prints in %s is not modelled "
                                "(a pasted output block is not compared)",
                                format, format);
        ms_list_render_table(out, n_columns, headers, rows);
    }
    return g_string_free(out, FALSE);
}

char *
ms_list_instances(const MsCluster *cluster, const MsProfile *profile, const MsOp *op, char **error_text,
                  char **note)
{
    const char *letters = op->columns != NULL ? op->columns : DEFAULT_COLUMNS;
    guint n = strlen(letters);
    g_autofree const char **headers = g_new0(const char *, n + 1);
    g_autofree ColumnData *data = g_new0(ColumnData, n + 1);
    g_autoptr(GPtrArray) instances = ms_cluster_list_instances(cluster, NULL);
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func((GDestroyNotify) g_strfreev);
    gboolean unknown_filter = FALSE, error_entries = FALSE;
    g_autoptr(JsonNode) raw = json_node_new(JSON_NODE_ARRAY);
    JsonArray *array = json_array_new();
    guint n_cols = 0;

    json_node_take_array(raw, array);

    for (guint i = 0; i < n; i++) {
        gboolean found = FALSE;
        /* "Commas between consecutive shorthand chars are optional" (lxc/list.go:89) */
        if (letters[i] == ',')
            continue;
        for (guint c = 0; c < G_N_ELEMENTS(columns) && !found; c++) {
            if (columns[c].letter == letters[i]) {
                headers[n_cols] = columns[c].header;
                data[n_cols++] = columns[c].data;
                found = TRUE;
            }
        }
        /* parseColumns: lxc/list.go:630 at lxd-5.0.2 ('%s'), :638 at lxd-6.9
         * (%q from 6.7; 5.21.7 still '%s') */
        if (!found) {
            *error_text = g_strndup(letters + i, 1);
            return NULL;
        }
    }
    n = n_cols;
    for (guint i = 0; i < instances->len; i++) {
        const MsInstance *inst = instances->pdata[i];
        char **row;
        /* GET /1.0/instances?project=P lists that project's only (lxc list --project) */
        if (!ms_project_same(inst->project, op->project))
            continue;
        if (!should_show(cluster, profile, inst, op->instances, &unknown_filter))
            continue;
        row = g_new0(char *, n + 1);
        for (guint c = 0; c < n; c++)
            row[c] = cell(cluster, profile, inst, data[c]);
        g_ptr_array_add(rows, row);
        json_array_add_element(array, ms_show_instance(cluster, profile, inst, TRUE));
        error_entries |= unanswered(cluster, inst);
    }
    if (unknown_filter)
        *note = g_strdup(
            "an ipv4/ipv6 filter needs addresses, which migsim does not model: every instance is shown");
    /* an error entry's JSON (an api.InstanceFull of zero values but the
     * name, status, location, project and type) is not modelled */
    if (error_entries && (g_strcmp0(op->format, "json") == 0 || g_strcmp0(op->format, "yaml") == 0)) {
        g_free(*note);
        *note = g_strdup_printf("--format %s: an instance whose member does not answer is an error entry "
                                "whose %s form is not modelled: migsim prints the table (a pasted output "
                                "block is not compared)",
                                op->format, op->format);
        return render("table", n, headers, rows, raw, note);
    }
    return render(op->format, n, headers, rows, raw, note);
}

/* sortorder.NaturalLess (github.com/fvbommel/sortorder, which lxc's
 * table sorts use): runs of digits compare by value, a digit before any
 * other byte, the rest byte by byte; equal values with more leading zeros
 * come after. */
static gint
natural_compare(const char *a, const char *b)
{
    while (*a != '\0' && *b != '\0') {
        if (g_ascii_isdigit(*a) && g_ascii_isdigit(*b)) {
            const char *za = a, *zb = b;
            gsize la, lb;
            gint c;

            while (*za == '0')
                za++;
            while (*zb == '0')
                zb++;
            for (la = 0; g_ascii_isdigit(za[la]); la++)
                ;
            for (lb = 0; g_ascii_isdigit(zb[lb]); lb++)
                ;
            if (la != lb)
                return la < lb ? -1 : 1;
            c = strncmp(za, zb, la);
            if (c != 0)
                return c;
            if (za - a != zb - b)
                return za - a < zb - b ? -1 : 1;
            a = za + la;
            b = zb + lb;
            continue;
        }
        /* a digit sorts before any other byte ("Digits before other
         * characters", natsort.go NaturalLess at sortorder v1.0.2/v1.1.0) */
        if (g_ascii_isdigit(*a) != g_ascii_isdigit(*b))
            return g_ascii_isdigit(*a) ? -1 : 1;
        if (*a != *b)
            return (guchar) *a < (guchar) *b ? -1 : 1;
        a++;
        b++;
    }
    return *a == '\0' ? (*b == '\0' ? 0 : -1) : 1;
}

static gint
row_name_compare(gconstpointer a, gconstpointer b)
{
    return natural_compare((*(char ***) a)[0], (*(char ***) b)[0]);
}

char *
ms_list_members(const MsCluster *cluster, const MsProfile *profile, const MsOp *op, char **note)
{
    g_autoptr(JsonNode) raw = json_node_new(JSON_NODE_ARRAY);
    JsonArray *array = json_array_new();

    static const char *const headers[] = { "NAME",           "URL",         "ROLES", "ARCHITECTURE",
                                           "FAILURE DOMAIN", "DESCRIPTION", "STATE", "MESSAGE" };
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func((GDestroyNotify) g_strfreev);

    for (guint i = 0; i < cluster->members->len; i++) {
        MsMember *m = cluster->members->pdata[i];
        char **row = g_new0(char *, 9);
        row[0] = g_strdup(m->name);
        row[1] = g_strdup_printf("https://127.0.0.%u:8443", m->id);
        /* the roles joined by "\n", "," in csv (lxc/cluster.go:166-171 at lxd-5.0.2) */
        g_autoptr(GPtrArray) roles = ms_roles_api(cluster, profile, m);
        g_ptr_array_add(roles, NULL);
        row[2] = g_strjoinv(g_strcmp0(op->format, "csv") == 0 ? "," : "\n", (char **) roles->pdata);
        row[3] = g_strdup(m->architecture);
        row[4] = g_strdup(m->failure_domain);
        row[5] = g_strdup("");
        row[6] = g_strdup(ms_member_status_to_string(ms_member_listed_status(m)));
        row[7] = g_strdup(ms_member_listed_message(m));
        g_ptr_array_add(rows, row);
        json_array_add_element(array, ms_show_member(cluster, profile, m));
    }
    json_node_take_array(raw, array);
    /* the table and csv rows by name, naturally (utils.ByName,
     * lxc/cluster.go:177 and lxc/utils/sort.go:40-64 at lxd-5.0.2;
     * SortColumnsNaturally, lxc/cluster.go:192 at lxd-5.21.7, :196 at
     * lxd-6.9, cmd/incus/cluster.go:302 at v6.0.4); json and yaml keep
     * the API's order */
    g_ptr_array_sort(rows, row_name_compare);
    return render(op->format, G_N_ELEMENTS(headers), headers, rows, raw, note);
}
