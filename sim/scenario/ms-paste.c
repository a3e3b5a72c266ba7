/* migsim: pasted output, checked against what lxc prints. */
#include "ms-paste.h"

#include <string.h>

#include "ms-apply.h"
#include "ms-config.h"
#include "ms-list.h"

/* Commands a pasted session holds that change nothing migsim models. */
static const struct {
    const char *words;
    const char *reason;
    gboolean incus_only; /* a command of the incus client only */
} noops[] = {
    /* what ms-lxc.c's exec row does not read (exec's own options, a
     * command without "--" whose words look like options) */
    { "exec",
      "an lxc exec line migsim does not read: it checks lxc exec NAME [--project P] [--] COMMAND..." },
    { "file", "copies files into or out of the instance" },
    { "console", "attaches to the instance's console" },
    { "config trust", "client certificates are not modelled" },
    { "cluster info", "read-only; migsim does not print it (its output is not compared)" },
    { "storage show", "read-only; migsim does not print it (its output is not compared)" },
    { "storage info", "read-only; migsim does not print it (its output is not compared)" },
    { "storage volume info", "read-only; migsim does not print it (its output is not compared)" },
    { "network show", "read-only; migsim does not print it (its output is not compared)" },
    { "project list", "read-only; migsim does not print it (its output is not compared)" },
    { "project ls", "read-only; migsim does not print it (its output is not compared)" },
    { "project show", "read-only; migsim does not print it (its output is not compared)" },
    { "image list", "images are not modelled" },
    { "image ls", "images are not modelled" },
    { "version", "read-only" },
    { "remote list", "client remotes are not modelled" },
    /* the remote's cluster is the scenario's `remote NAME ...` line */
    { "remote add", "declare the remote with 'remote NAME members ...' or 'remote NAME standalone'" },
    { "warning list", "read-only; migsim does not print it (its output is not compared)" },
    /* Read-only commands bug reports paste around the moving verbs (session
     * 23): each exists at lxd-5.0.2, 5.21.7 and 6.9 with these words
     * (lxc/profile.go:538, config_device.go:198,284,658, storage.go:337,
     * network.go:704,762,978, cluster.go:250, cluster_group.go:365,555,
     * project.go:342,749 at lxd-5.0.2; alias.go, image.go, operation.go).
     * migsim could print several of them but does not yet: their output
     * and outcome (a 404 included) are not checked. */
    { "info", "read-only (the server's info, --resources or --show-log); migsim does not print it" },
    { "profile get", "read-only; migsim does not print it (its output is not compared)" },
    { "profile device get", "read-only; migsim does not print it (its output is not compared)" },
    { "profile device show", "read-only; migsim does not print it (its output is not compared)" },
    { "profile device list", "read-only; migsim does not print it (its output is not compared)" },
    { "profile device ls", "read-only; migsim does not print it (its output is not compared)" },
    { "config device get", "read-only; migsim does not print it (its output is not compared)" },
    { "config device show", "read-only; migsim does not print it (its output is not compared)" },
    { "config device list", "read-only; migsim does not print it (its output is not compared)" },
    { "config device ls", "read-only; migsim does not print it (its output is not compared)" },
    { "storage get", "read-only; migsim does not print it (its output is not compared)" },
    { "network get", "read-only; migsim does not print it (its output is not compared)" },
    { "network info", "read-only; migsim does not print it (its output is not compared)" },
    { "network list-leases", "DHCP leases are not modelled" },
    { "cluster get", "read-only; migsim does not print it (its output is not compared)" },
    { "cluster group show", "read-only; migsim does not print it (its output is not compared)" },
    { "cluster group list", "read-only; migsim does not print it (its output is not compared)" },
    { "cluster group ls", "read-only; migsim does not print it (its output is not compared)" },
    { "cluster list-tokens", "join tokens are not modelled" },
    { "project get", "read-only; migsim does not print it (its output is not compared)" },
    { "project info", "read-only; migsim does not print it (its output is not compared)" },
    { "alias list", "client aliases are not modelled" },
    { "alias ls", "client aliases are not modelled" },
    { "image info", "images are not modelled" },
    { "image show", "images are not modelled" },
    { "image alias list", "images are not modelled" },
    { "image alias ls", "images are not modelled" },
    { "operation show", "read-only; migsim does not print it (its output is not compared)" },
    { "monitor", "the event stream is not modelled" },
    /* Incus' storage volume snapshot list, alias ls (cmd/incus/storage_volume.go
     * :2557-2563 at v6.0.4; cmd/incus/storage_volume_snapshot.go at v7.0.1);
     * lxc has no such verb (its storage volume snapshot takes POOL VOL [SNAP]) */
    { "storage volume snapshot list", "read-only; migsim does not print it (its output is not compared)",
      TRUE },
    { "storage volume snapshot ls", "read-only; migsim does not print it (its output is not compared)",
      TRUE },
};

const char *
ms_paste_noop_reason(char **argv)
{
    for (guint n = 0; n < G_N_ELEMENTS(noops); n++) {
        g_auto(GStrv) words = NULL;
        guint i = 0;

        if (noops[n].incus_only && !g_str_equal(argv[0], "incus"))
            continue;
        words = g_strsplit(noops[n].words, " ", -1);

        while (words[i] != NULL && argv[i + 1] != NULL && g_str_equal(words[i], argv[i + 1]))
            i++;
        if (words[i] == NULL)
            return noops[n].reason;
    }
    return NULL;
}

void
ms_paste_note_file_ops(MsCluster *cluster, const char *text)
{
    g_auto(GStrv) argv = NULL;

    if (!g_shell_parse_argv(text, NULL, &argv, NULL) || argv[0] == NULL || argv[1] == NULL ||
        !g_str_equal(argv[1], "file"))
        return;
    /* lxc file push SRC... [REMOTE:]NAME/PATH, pull [REMOTE:]NAME/PATH...
     * DST, edit|delete|create|mount [REMOTE:]NAME/PATH (lxc/file.go) */
    for (guint i = 2; argv[i] != NULL; i++) {
        const char *word = strchr(argv[i], ':') != NULL ? strchr(argv[i], ':') + 1 : argv[i];
        const char *slash = strchr(word, '/');
        g_autofree char *name = slash != NULL ? g_strndup(word, slash - word) : NULL;
        MsInstance *instance =
            name != NULL && name[0] != '\0' ? ms_cluster_lookup_instance(cluster, name) : NULL;

        if (argv[i][0] != '-' && instance != NULL && instance->status != MS_INSTANCE_RUNNING)
            instance->file_ops_pending = TRUE;
    }
}

/* checkNetwork: lxc/init.go:489-491 at lxd-5.0.2 ("doesn't"), "does not"
 * from 6.8 (lxc/init.go:451 at lxd-6.9); on stderr, between a blank line
 * before and one after */
/* clang-format off */
static const char *const notice_lines[] = {
    "The instance you are starting doesn't have any network attached to it.",
    "The instance you are starting does not have any network attached to it.",
    "To create a new network, use: lxc network create",
    "To attach a network to an instance, use: lxc network attach",
    /* cmd/incus/create.go:476-478 at v6.0.4 */
    "To create a new network, use: incus network create",
    "To attach a network to an instance, use: incus network attach",
    NULL,
};
/* clang-format on */

gboolean
ms_paste_is_notice(const char *line)
{
    return g_strv_contains(notice_lines, line) || g_str_has_prefix(line, "Starting ");
}

static void add(GPtrArray *lines, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
add(GPtrArray *lines, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_ptr_array_add(lines, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

static gboolean
has_nic(const MsCluster *cluster, const MsInstance *instance)
{
    g_autoptr(MsDevices) devices = ms_cluster_expand_devices(cluster, instance);
    MsDevicesIter iter;
    MsDevice *device;

    /* any NIC: order-free */
    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, NULL, &device))
        if (g_strcmp0(ms_device_lookup(device, "type"), "nic") == 0)
            return TRUE;
    return FALSE;
}

/* The line lxc prints on success: BEFORE, the op's field A, MIDDLE, the
 * op's field B (if any); a kind that prints nothing has only .silent. */
typedef enum {
    F_NONE,
    F_INSTANCE,
    F_DEVICE,
    F_PROFILE,
    F_VOLUME,
    F_POOL,
    F_NETWORK,
    F_GROUP,
    F_MEMBER,
    F_PROJECT,
    F_NEW_NAME,
    F_ADDRESS,
} PrintedField;

typedef struct {
    const char *before;
    PrintedField a;
    const char *middle;
    PrintedField b;
    gboolean silent;
} PrintedRow;

#define SILENT         \
    {                  \
        .silent = TRUE \
    }
/* clang-format off */
static const PrintedRow printed_rows[MS_OP_LAST] = {
    [MS_OP_DEVICE_ADD] =          { "Device ", F_DEVICE, " added to ", F_INSTANCE },
    [MS_OP_PROFILE_DEVICE_ADD] =  { "Device ", F_DEVICE, " added to ", F_PROFILE },
    [MS_OP_DEVICE_REMOVE] =       { "Device ", F_DEVICE, " removed from ", F_INSTANCE },
    [MS_OP_PROFILE_DEVICE_REMOVE] = { "Device ", F_DEVICE, " removed from ", F_PROFILE },
    [MS_OP_DEVICE_OVERRIDE] =     { "Device ", F_DEVICE, " overridden for ", F_INSTANCE },
    [MS_OP_VOLUME_CREATE] =       { "Storage volume ", F_VOLUME, " created" },
    [MS_OP_VOLUME_DELETE] =       { "Storage volume ", F_VOLUME, " deleted" },
    [MS_OP_STORAGE_DELETE] =      { "Storage pool ", F_POOL, " deleted" },
    /* lxc/network.go:394 (lxd-5.0.2) */
    [MS_OP_NETWORK_DELETE] =      { "Network ", F_NETWORK, " deleted" },
    /* lxc/network_forward.go:312, :675 (lxd-5.0.2); from 5.21 create prints
     * the address the server's Location names (:397 at lxd-5.21.7) */
    [MS_OP_FORWARD_CREATE] =      { "Network forward ", F_ADDRESS, " created" },
    [MS_OP_FORWARD_DELETE] =      { "Network forward ", F_ADDRESS, " deleted" },
    [MS_OP_PROFILE_CREATE] =      { "Profile ", F_PROFILE, " created" },
    [MS_OP_PROFILE_DELETE] =      { "Profile ", F_PROFILE, " deleted" },
    [MS_OP_PROFILE_ASSIGN] =      { "Profile ", F_PROFILE, " added to ", F_INSTANCE },
    [MS_OP_PROFILE_UNASSIGN] =    { "Profile ", F_PROFILE, " removed from ", F_INSTANCE },
    [MS_OP_GROUP_CREATE] =        { "Cluster group ", F_GROUP, " created" },
    [MS_OP_MEMBER_REMOVE] =       { "Member ", F_MEMBER, " removed" },
    [MS_OP_MEMBER_RENAME] =       { "Member ", F_MEMBER, " renamed to ", F_NEW_NAME },
    /* lxc/cluster_group.go:541, :239, :494 (lxd-5.0.2; seen live), :658, :306,
     * :601, :799 (lxd-5.21.7), :666, :300, :610, :805 (lxd-6.9); add has no
     * command at lxd-5.0.2 (ms_paste_printed) */
    [MS_OP_GROUP_RENAME] =        { "Cluster group ", F_GROUP, " renamed to ", F_NEW_NAME },
    /* lxc/profile.go:755 at lxd-5.0.2 (seen live on lane 2) */
    [MS_OP_PROFILE_RENAME] =      { "Profile ", F_PROFILE, " renamed to ", F_NEW_NAME },
    [MS_OP_GROUP_DELETE] =        { "Cluster group ", F_GROUP, " deleted" },
    [MS_OP_GROUP_REMOVE] =        { "Cluster member ", F_MEMBER, " removed from group ", F_GROUP },
    [MS_OP_GROUP_ADD] =           { "Cluster member ", F_MEMBER, " added to group ", F_GROUP },
    /* lxc/placement_group.go:719, :776 (lxd-6.9) */
    [MS_OP_PLACEMENT_GROUP_DELETE] = { "Placement group ", F_GROUP, " deleted" },
    [MS_OP_PLACEMENT_GROUP_RENAME] = { "Placement group ", F_GROUP, " renamed to ", F_NEW_NAME },
    /* lxc/project.go:142 (lxd-5.0.2), :182 (lxd-5.21.7) */
    [MS_OP_PROJECT_CREATE] =      { "Project ", F_PROJECT, " created" },
    /* lxc/project.go:198 (lxd-5.0.2), :250 (lxd-5.21.7) */
    [MS_OP_PROJECT_DELETE] =      { "Project ", F_PROJECT, " deleted" },
    /* lxc/image.go:278 progress.Done (lxd-5.0.2; seen live) */
    [MS_OP_IMAGE_COPY] =          { "Image copied successfully!" },
    /* these print nothing of their own on success */
    [MS_OP_START] = SILENT, [MS_OP_STOP] = SILENT, [MS_OP_RESTART] = SILENT, [MS_OP_DELETE] = SILENT,
    [MS_OP_CONFIG_SET] = SILENT, [MS_OP_CONFIG_UNSET] = SILENT, [MS_OP_PROFILE_SET] = SILENT,
    [MS_OP_PROFILE_UNSET] = SILENT, [MS_OP_DEVICE_SET] = SILENT, [MS_OP_DEVICE_UNSET] = SILENT,
    [MS_OP_PROFILE_DEVICE_SET] = SILENT, [MS_OP_PROFILE_DEVICE_UNSET] = SILENT, [MS_OP_VOLUME_ATTACH] = SILENT,
    [MS_OP_VOLUME_DETACH] = SILENT, [MS_OP_STORAGE_SET] = SILENT, [MS_OP_STORAGE_UNSET] = SILENT,
    [MS_OP_VOLUME_SET] = SILENT, [MS_OP_VOLUME_UNSET] = SILENT, [MS_OP_NETWORK_SET] = SILENT,
    [MS_OP_NETWORK_UNSET] = SILENT, [MS_OP_MEMBER_SET] = SILENT, [MS_OP_MEMBER_UNSET] = SILENT,
    [MS_OP_PROJECT_SET] = SILENT, [MS_OP_PROJECT_UNSET] = SILENT, [MS_OP_PROJECT_SWITCH] = SILENT,
    [MS_OP_PROFILE_EDIT] = SILENT, [MS_OP_CONFIG_EDIT] = SILENT,
    [MS_OP_VOLUME_EDIT] = SILENT, [MS_OP_VOLUME_RESTORE] = SILENT, [MS_OP_IMAGE_DELETE] = SILENT,
    [MS_OP_GROUP_EDIT] = SILENT,
    [MS_OP_PLACEMENT_GROUP_SET] = SILENT, [MS_OP_PLACEMENT_GROUP_UNSET] = SILENT,
};
/* clang-format on */
#undef SILENT
G_STATIC_ASSERT(G_N_ELEMENTS(printed_rows) == MS_OP_LAST);

static const char *
printed_field(const MsOp *op, PrintedField field)
{
    switch (field) {
    case F_INSTANCE:
        return op->instance;
    case F_DEVICE:
        return op->device;
    case F_PROFILE:
        return op->profile;
    case F_VOLUME:
        return op->volume;
    case F_POOL:
        return op->pool;
    case F_NETWORK:
        return op->network;
    case F_GROUP:
        return op->group;
    case F_MEMBER:
        return op->member;
    case F_PROJECT:
        return op->project;
    case F_NEW_NAME:
        return op->new_name;
    case F_ADDRESS:
        return op->address;
    case F_NONE:
    default:
        return "";
    }
}

/* The table's line for @op's kind, added when it succeeded; FALSE when the
 * table does not know the kind. */
static gboolean
printed_line(GPtrArray *lines, const MsOp *op, const MsOutcome *outcome)
{
    const PrintedRow *row = &printed_rows[op->kind];

    if (row->before == NULL)
        return row->silent;
    if (outcome->ok)
        add(lines, "%s%s%s%s", row->before, printed_field(op, row->a), row->middle,
            printed_field(op, row->b));
    return TRUE;
}

/* The messages lxc prints itself (fmt.Printf in the lxc/ command files; the same words at
 * lxd-5.0.2, lxd-5.21.7 and lxd-6.9 unless noted). */
GPtrArray *
ms_paste_printed(const MsOp *op, const MsOutcome *outcome, const MsCluster *cluster, const MsProfile *profile)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    const char *target = op->target;

    if (outcome->output != NULL) {
        g_auto(GStrv) parts = g_strsplit(outcome->output, "\n", -1);
        for (guint i = 0; parts[i] != NULL; i++)
            if (parts[i][0] != '\0' || parts[i + 1] != NULL)
                g_ptr_array_add(lines, g_strdup(parts[i]));
        while (lines->len > 0 && *(const char *) lines->pdata[lines->len - 1] == '\0')
            g_ptr_array_remove_index(lines, lines->len - 1);
        return lines;
    }
    if (op->quiet)
        return lines;
    switch (op->kind) {
    case MS_OP_INIT: {
        /* lxc/init.go:162 "Creating %s" before the request; checkNetwork
         * once created; lxc/launch.go:76 "Starting %s".  Where the server
         * starts it (ms_client_launch_starts_on_server) lxc prints
         * "Launching %s" before the request and nothing more of its own
         * (lxc/launch.go:78-79 at lxd-5.21.7, :77 at lxd-6.9); a failed
         * start fails the create's operation, without the "Try `lxc info
         * --show-log`" hint, so checkNetwork is not reached either. */
        const MsInstance *instance = ms_cluster_lookup_instance(cluster, op->instance);
        gboolean server_start = op->start && ms_client_launch_starts_on_server(profile);

        add(lines, "%s %s", server_start ? "Launching" : "Creating", op->instance);
        if (instance == NULL || (server_start && !outcome->ok))
            break;
        if (!has_nic(cluster, instance)) {
            gboolean does_not = profile->version >= MS_VERSION(6, 8, 0);
            add(lines, "%s", does_not ? notice_lines[1] : notice_lines[0]);
            add(lines, "  %s", notice_lines[2]);
            add(lines, "  %s", notice_lines[3]);
        }
        if (op->start && !server_start)
            add(lines, "Starting %s", op->instance);
        break;
    }
    case MS_OP_STORAGE_CREATE:
        if (outcome->ok && target != NULL)
            add(lines, "Storage pool %s pending on member %s", op->pool, target);
        else if (outcome->ok)
            add(lines, "Storage pool %s created", op->pool);
        break;
    case MS_OP_NETWORK_CREATE:
        if (outcome->ok && target != NULL)
            add(lines, "Network %s pending on member %s", op->network, target);
        else if (outcome->ok)
            add(lines, "Network %s created", op->network);
        break;
    case MS_OP_GROUP_ADD:
        /* lxd-5.0.2's lxc has no add command: it prints its usage text */
        if (!ms_rule_applies(MS_RULE_CLI_GROUP_ALREADY_IN, profile)) {
            g_ptr_array_unref(lines);
            return NULL;
        }
        if (!printed_line(lines, op, outcome)) {
            g_ptr_array_unref(lines);
            return NULL;
        }
        break;
    case MS_OP_PROFILE_SET_LIST:
        /* lxc/profile.go:225-230 at lxd-5.0.2 (the same at lxd-5.21.7,
         * lxd-6.9): the argument as typed, "(none)" for "" */
        if (outcome->ok)
            add(lines, "Profiles %s applied to %s", *op->profile != '\0' ? op->profile : "(none)",
                op->instance);
        break;
    case MS_OP_GROUP_ASSIGN:
        if (outcome->ok) {
            g_autoptr(GString) joined = g_string_new(NULL);
            for (guint i = 0; op->groups != NULL && i < op->groups->len; i++)
                g_string_append_printf(joined, "%s%s", i ? "," : "", (const char *) op->groups->pdata[i]);
            add(lines, "Cluster member %s added to cluster groups %s", op->member, joined->str);
        }
        break;
    default:
        if (!printed_line(lines, op, outcome)) {
            g_ptr_array_unref(lines);
            return NULL;
        }
    }
    return lines;
}

/* ---- comparison ---- */

static char *
clean_line(const char *line)
{
    return g_strstrip(g_strdup(line));
}

/* Progress lines lxc redraws with a carriage return (utils.ProgressRenderer):
 * what a terminal keeps of them depends on the terminal.  Seen on the live
 * 5.0.2 cluster: "Retrieving image: Unpack: 10% (746.21MB/s)" and
 * "Remapping container filesystem" during lxc launch. */
/* clang-format off */
static const char *const progress_prefixes[] = {
    "Retrieving image:",
    "Remapping container filesystem",
    "Transferring instance:",
    "Transferring image:",
    "Unpacking image",
    "Migrating instance",
    NULL,
};
/* clang-format on */

static gboolean
is_progress(const char *line)
{
    for (guint i = 0; progress_prefixes[i] != NULL; i++)
        if (g_str_has_prefix(line, progress_prefixes[i]))
            return TRUE;
    return FALSE;
}

/* The non-blank lines, trimmed (blank lines and indentation are the
 * terminal's, not lxc's content), without progress lines. */
static GPtrArray *
content_lines(GPtrArray *lines)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

    for (guint i = 0; i < lines->len; i++) {
        char *line = clean_line(lines->pdata[i]);
        if (*line == '\0' || is_progress(line))
            g_free(line);
        else
            g_ptr_array_add(out, line);
    }
    return out;
}

/* A table as tablewriter prints it: header cells, then rows of cells (a
 * row's cells may span lines, joined with "\n").  NULL when @lines is not
 * a table. */
typedef struct {
    GPtrArray *header; /* (element-type utf8) */
    GPtrArray *rows;   /* (element-type GPtrArray of utf8) */
} Table;

static void
table_free(Table *table)
{
    if (table == NULL)
        return;
    /* a paste that is no table is dropped before it has a header */
    g_clear_pointer(&table->header, g_ptr_array_unref);
    g_ptr_array_unref(table->rows);
    g_free(table);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Table, table_free)

static GPtrArray *
split_cells(const char *line)
{
    GPtrArray *cells = g_ptr_array_new_with_free_func(g_free);
    g_auto(GStrv) parts = g_strsplit(line, "|", -1);
    guint n = g_strv_length(parts);

    /* "| a | b |": the first and last parts are outside the table */
    for (guint i = 1; i + 1 < n; i++)
        g_ptr_array_add(cells, g_strstrip(g_strdup(parts[i])));
    return cells;
}

static Table *
parse_table(GPtrArray *lines)
{
    g_autoptr(Table) table = g_new0(Table, 1);
    GPtrArray *current = NULL;
    guint rules = 0;

    table->rows = g_ptr_array_new_with_free_func((GDestroyNotify) g_ptr_array_unref);
    for (guint i = 0; i < lines->len; i++) {
        const char *line = lines->pdata[i];
        if (line[0] == '+') {
            rules++;
            current = NULL;
            continue;
        }
        if (line[0] != '|')
            return NULL;
        {
            g_autoptr(GPtrArray) cells = split_cells(line);
            if (table->header == NULL) {
                table->header = g_steal_pointer(&cells);
                continue;
            }
            if (cells->len != table->header->len)
                return NULL;
            if (current == NULL) {
                current = g_steal_pointer(&cells);
                g_ptr_array_add(table->rows, current);
                continue;
            }
            for (guint c = 0; c < cells->len; c++) {
                const char *more = cells->pdata[c];
                if (*more != '\0') {
                    char *joined = g_strconcat(current->pdata[c], "\n", more, NULL);
                    g_free(current->pdata[c]);
                    current->pdata[c] = joined;
                }
            }
        }
    }
    if (table->header == NULL || rules < 2)
        return NULL;
    return g_steal_pointer(&table);
}

/* A cell of a masked column is compared where migsim prints what LXD
 * lists: USED BY (a count: ms-used-by.c, ms-show.c's profile list) and a
 * managed network's IPV4 and IPV6 (its config), which migsim leaves empty
 * where it cannot know them (a pool's image volumes, a created network's
 * random subnet, an instance's addresses).  lxc prints USED BY as a count
 * always (lxc/storage.go:592, lxc/storage_volume.go:1524, lxc/network.go
 * :937, lxc/profile.go:626 at lxd-5.0.2), so an empty pasted one was left
 * out by whoever wrote the paste, not printed by lxc. */
static gboolean
cell_compared(const char *header, const char *pasted, const char *printed)
{
    if (!ms_list_header_masked(header))
        return TRUE;
    if (g_str_equal(header, "USED BY"))
        return *pasted != '\0' && *printed != '\0';
    return (g_str_equal(header, "IPV4") || g_str_equal(header, "IPV6")) && *printed != '\0';
}

static gboolean
compare_tables(const Table *expected, const Table *printed, char **why)
{
    if (expected->header->len != printed->header->len) {
        *why = g_strdup_printf("the pasted table has %u columns, lxc would print %u", expected->header->len,
                               printed->header->len);
        return FALSE;
    }
    for (guint c = 0; c < expected->header->len; c++) {
        if (!g_str_equal(expected->header->pdata[c], printed->header->pdata[c])) {
            *why = g_strdup_printf("column %u is '%s' in the paste, '%s' in lxc's table", c + 1,
                                   (const char *) expected->header->pdata[c],
                                   (const char *) printed->header->pdata[c]);
            return FALSE;
        }
    }
    if (expected->rows->len != printed->rows->len) {
        *why = g_strdup_printf("the pasted table has %u rows, migsim's has %u", expected->rows->len,
                               printed->rows->len);
        return FALSE;
    }
    for (guint r = 0; r < expected->rows->len; r++) {
        GPtrArray *a = expected->rows->pdata[r], *b = printed->rows->pdata[r];
        for (guint c = 0; c < a->len; c++) {
            const char *header = expected->header->pdata[c];
            if (!cell_compared(header, a->pdata[c], b->pdata[c]))
                continue;
            if (!g_str_equal(a->pdata[c], b->pdata[c])) {
                *why = g_strdup_printf("row %u, %s: pasted '%s', migsim '%s'", r + 1, header,
                                       (const char *) a->pdata[c], (const char *) b->pdata[c]);
                return FALSE;
            }
        }
    }
    return TRUE;
}

/* CSV rows of `lxc list -f csv`: masked columns are those the -c letters
 * name, so compare cell counts and the cells of known columns. */
static gboolean
compare_csv(const MsOp *op, GPtrArray *pasted, GPtrArray *printed, char **why)
{
    const char *letters = op->columns != NULL ? op->columns : "ns46tSL";
    g_autoptr(GString) known = g_string_new(NULL);

    for (const char *p = letters; *p != '\0'; p++)
        if (*p != ',')
            g_string_append_c(known, strchr("46cDflmMpu", *p) == NULL ? 'y' : 'n');
    if (pasted->len != printed->len) {
        *why = g_strdup_printf("the paste has %u lines, migsim prints %u", pasted->len, printed->len);
        return FALSE;
    }
    for (guint r = 0; r < pasted->len; r++) {
        g_auto(GStrv) a = g_strsplit(pasted->pdata[r], ",", -1);
        g_auto(GStrv) b = g_strsplit(printed->pdata[r], ",", -1);
        if (g_strv_length(a) != g_strv_length(b)) {
            *why = g_strdup_printf("line %u: '%s', migsim prints '%s'", r + 1,
                                   (const char *) pasted->pdata[r], (const char *) printed->pdata[r]);
            return FALSE;
        }
        for (guint c = 0; a[c] != NULL; c++) {
            if (c < known->len && known->str[c] == 'n')
                continue;
            if (!g_str_equal(a[c], b[c])) {
                *why =
                    g_strdup_printf("line %u, field %u: pasted '%s', migsim '%s'", r + 1, c + 1, a[c], b[c]);
                return FALSE;
            }
        }
    }
    return TRUE;
}

static gboolean
is_list_kind(MsOpKind kind)
{
    return kind == MS_OP_LIST || kind == MS_OP_CLUSTER_LIST || kind == MS_OP_STORAGE_LIST ||
           kind == MS_OP_VOLUME_LIST || kind == MS_OP_PROFILE_LIST || kind == MS_OP_NETWORK_LIST ||
           kind == MS_OP_OPERATION_LIST;
}

/* The `show` commands lxc prints as one YAML document (compared as trees) */
static gboolean
is_document_kind(MsOpKind kind)
{
    return kind == MS_OP_CONFIG_SHOW || kind == MS_OP_CLUSTER_SHOW || kind == MS_OP_PROFILE_SHOW ||
           kind == MS_OP_VOLUME_SHOW;
}

const char *
ms_paste_not_compared(const MsOp *op, const MsProfile *profile)
{
    const char *format = op->format != NULL ? op->format : "table";

    if (!is_list_kind(op->kind) && op->kind != MS_OP_INFO && !is_document_kind(op->kind))
        return NULL;
    /* The incus client's default table columns of these lists are lxc's
     * on a cluster, at every tag v6.0.0 .. v7.3.0 (cmd/incus/storage.go
     * "nDdus", storage_volume.go "etndcuL" without e, profile.go "ndu",
     * network.go "ntm46dus", operation.go "itdscC" plus L: :715, :1566,
     * :753, :1122, :150 at v6.0.4; fixed headers of the same names at
     * v6.0.0 and v6.1.0), but for the operation list's STATE (lxc's STATUS,
     * printed per product by ms_show_print); their other formats were not
     * compared with Incus' */
    if (MS_VERSION_IS_INCUS(profile->version) && op->kind != MS_OP_LIST && op->kind != MS_OP_CLUSTER_LIST &&
        (!is_list_kind(op->kind) || !g_str_equal(format, "table")))
        return "not modelled for Incus: what the incus client prints here";
    if (g_str_equal(format, "compact"))
        return "--format compact";
    if (g_str_equal(format, "csv") && op->kind != MS_OP_LIST)
        return "--format csv";
    return NULL;
}

/* Rows of a pasted table that migsim does not model (image volumes and
 * snapshots, the host's unmanaged interfaces, background operations). */
static void
drop_unmodelled_rows(const MsOp *op, Table *table)
{
    const char *column = op->kind == MS_OP_VOLUME_LIST    ? "TYPE"
                         : op->kind == MS_OP_NETWORK_LIST ? "MANAGED"
                                                          : NULL;
    guint index = 0;

    if (op->kind == MS_OP_OPERATION_LIST) {
        g_ptr_array_set_size(table->rows, 0);
        return;
    }
    if (column == NULL)
        return;
    while (index < table->header->len && !g_str_equal(table->header->pdata[index], column))
        index++;
    for (guint r = table->rows->len; r-- > 0;) {
        GPtrArray *row = table->rows->pdata[r];
        const char *value = index < row->len ? row->pdata[index] : "";
        gboolean drop =
            op->kind == MS_OP_NETWORK_LIST ? g_str_equal(value, "NO") : g_str_equal(value, "image");
        for (guint c = 0; op->kind == MS_OP_VOLUME_LIST && c < row->len; c++)
            if (g_str_equal(table->header->pdata[c], "NAME") && strchr(row->pdata[c], '/') != NULL)
                drop = TRUE;
        if (drop)
            g_ptr_array_remove_index(table->rows, r);
    }
}

static gboolean
compare_documents(const MsOp *op, GPtrArray *pasted, GPtrArray *printed, char **why)
{
    g_autofree char *error = NULL;
    g_autoptr(JsonNode) a = ms_paste_parse_document(pasted, &error);
    g_autoptr(JsonNode) b = NULL;

    if (a == NULL) {
        *why = g_steal_pointer(&error);
        return FALSE;
    }
    b = ms_paste_parse_document(printed, &error);
    g_assert(b != NULL); /* migsim's own output */
    return ms_paste_compare_documents(op, a, b, why);
}

gboolean
ms_paste_compare(const MsOp *op, GPtrArray *printed, GPtrArray *pasted, char **why)
{
    g_autoptr(GPtrArray) a = content_lines(pasted);
    g_autoptr(GPtrArray) b = content_lines(printed);
    const char *format = op->format != NULL ? op->format : "table";

    if (op->kind == MS_OP_INFO)
        return ms_paste_compare_info(pasted, printed, why);
    if (is_document_kind(op->kind) ||
        (is_list_kind(op->kind) && (g_str_equal(format, "json") || g_str_equal(format, "yaml"))))
        return compare_documents(op, pasted, printed, why);
    if (is_list_kind(op->kind) && g_str_equal(format, "table")) {
        g_autoptr(Table) ta = parse_table(a);
        g_autoptr(Table) tb = parse_table(b);
        if (ta == NULL) {
            *why = g_strdup("the pasted output is not a table as lxc prints it");
            return FALSE;
        }
        drop_unmodelled_rows(op, ta);
        return compare_tables(ta, tb, why);
    }
    if (op->kind == MS_OP_LIST && g_str_equal(op->format, "csv"))
        return compare_csv(op, a, b, why);
    /* lxc's own messages: the notice about networks may be left out */
    {
        guint j = 0;
        for (guint i = 0; i < a->len; i++) {
            while (j < b->len && !g_str_equal(a->pdata[i], b->pdata[j]) &&
                   (g_strv_contains(notice_lines, b->pdata[j]) || g_str_has_prefix(b->pdata[j], "To ")))
                j++;
            if (j >= b->len || !g_str_equal(a->pdata[i], b->pdata[j])) {
                *why = g_strdup_printf("pasted '%s', lxc would print %s%s%s", (const char *) a->pdata[i],
                                       j < b->len ? "'" : "nothing more",
                                       j < b->len ? (const char *) b->pdata[j] : "", j < b->len ? "'" : "");
                return FALSE;
            }
            j++;
        }
        for (; j < b->len; j++) {
            if (g_strv_contains(notice_lines, b->pdata[j]) || g_str_has_prefix(b->pdata[j], "To "))
                continue;
            *why = g_strdup_printf("lxc would also print '%s'", (const char *) b->pdata[j]);
            return FALSE;
        }
    }
    return TRUE;
}

/* lxc/action.go; cmd/incus/action.go:339 at v6.0.4 for an `incus` line */
char *
ms_paste_error_trailer(const MsOp *op, const MsOutcome *outcome, const MsCluster *cluster,
                       const MsProfile *profile)
{
    gboolean action = op->kind == MS_OP_START || op->kind == MS_OP_STOP || op->kind == MS_OP_RESTART;

    if (outcome->ok || !outcome->async)
        return NULL;
    if (action && op->instances->len == 1)
        return g_strdup_printf("Try `%s info --show-log %s` for more info", op->incus ? "incus" : "lxc",
                               op->instance);
    /* launch: only a failed start has it; a failed create is returned as
     * is.  The name always carries its remote, the default one ("local")
     * too: lxc/launch.go:83-88,123-128 at lxd-5.21.7 (:63-68,103-108 at
     * lxd-5.0.2, :79-84,119-124 at lxd-6.9), cmd/incus/launch.go:104-109,
     * 144-154 at v6.0.4; seen live on 5.0.2 (tests/live/nic-parent-5.0.2.transcript) */
    if (op->kind == MS_OP_INIT && op->start && ms_cluster_lookup_instance(cluster, op->instance) != NULL &&
        !ms_client_launch_starts_on_server(profile))
        return g_strdup_printf("Try `%s info --show-log %s:%s` for more info", op->incus ? "incus" : "lxc",
                               op->remote != NULL ? op->remote : "local", op->instance);
    return NULL;
}

/* Does lxc ask before sending @op (`cluster evacuate|restore`)?  Until 6.8
 * both ask unless --force (lxc/cluster.go:1384 at lxd-5.21.7, :1123 at
 * lxd-5.0.2); from 6.9 evacuate asks unless --yes, and --force is the
 * quorum override (:1304,1373-1374 at lxd-6.9); Incus asks unless --force
 * (cmd/incus/cluster.go:1523 at v6.0.4, :1529 at v7.3.0). */
static gboolean
asks_confirmation(const MsOp *op, const MsProfile *profile)
{
    if (!MS_VERSION_IS_INCUS(profile->version) && ms_profile_has(profile, MS_FEATURE_CLI_YES_FLAG) &&
        op->kind == MS_OP_EVACUATE)
        return !op->yes;
    return !op->force;
}

char *
ms_paste_confirmation(const MsOp *op, const MsProfile *profile, const char *question, const char *answer,
                      gboolean *declined)
{
    const char *verb = op->kind == MS_OP_EVACUATE ? "evacuate" : "restore";
    g_autofree char *quoted = NULL;
    g_autofree char *expected = NULL;
    g_autofree char *lower = g_ascii_strdown(answer, -1);
    GString *q = g_string_new("\"");

    *declined = FALSE;
    if (!asks_confirmation(op, profile))
        return g_strdup_printf("lxc asks nothing with %s at %s", op->yes ? "--yes" : "--force",
                               profile->name);
    /* %q of a member name: Go's quoting (only '"' and '\\' occur in names) */
    for (const char *p = op->member != NULL ? op->member : ""; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_c(q, '\\');
        g_string_append_c(q, *p);
    }
    g_string_append_c(q, '"');
    quoted = g_string_free(q, FALSE);
    expected = g_strdup_printf("Are you sure you want to %s cluster member %s? (yes/no) [default=no]:", verb,
                               quoted);
    if (!g_str_equal(question, expected))
        return g_strdup_printf("lxc asks '%s', not '%s'", expected, question);
    /* AskBool: yes/y, no/n, an empty line is the default "no"; anything
     * else is refused and asked again (shared/cmd/ask.go:29-47,206-214 at
     * lxd-5.21.7; lxd-5.0.2 and v6.0.4 the same) */
    if (g_str_equal(lower, "yes") || g_str_equal(lower, "y"))
        return NULL;
    if (g_str_equal(lower, "no") || g_str_equal(lower, "n") || *lower == '\0') {
        *declined = TRUE;
        return NULL;
    }
    return g_strdup_printf("lxc does not take '%s' for an answer: it prints 'Invalid input, try again.' and "
                           "asks again",
                           answer);
}

/* ---- a pasted `lxc cluster list` as set-up ---- */

/* The column of @table named one of @names, or -1. */
static gint
table_column(const Table *table, const char *const *names)
{
    for (guint c = 0; c < table->header->len; c++)
        if (g_strv_contains(names, table->header->pdata[c]))
            return (gint) c;
    return -1;
}

/* The raft role a ROLES cell shows (one role a line): 0 leader, 1 voter,
 * 2 stand-by, 3 none (spare); other roles (event-hub, ovn-chassis) are no
 * raft role. */
static guint
raft_rank(const char *roles)
{
    g_auto(GStrv) each = g_strsplit(roles, "\n", -1);

    if (g_strv_contains((const char *const *) each, "database-leader"))
        return 0;
    if (g_strv_contains((const char *const *) each, "database"))
        return 1;
    if (g_strv_contains((const char *const *) each, "database-standby"))
        return 2;
    return 3;
}

/* The ranks the model gives @n members in member-ID order
 * (ms_cluster_assign_roles: the first three vote, the first leads, two
 * stand-bys, the rest spare; with fewer than three only the first votes). */
static guint
model_rank(guint i, guint n)
{
    if (i == 0)
        return 0;
    if (n < 3)
        return 2;
    return i < 3 ? 1 : i < 5 ? 2 : 3;
}

/* The members in an order whose model roles are the pasted ones (leader,
 * voters, stand-bys, spares, each in the table's order), or NULL when no
 * order gives them. */
static GPtrArray *
order_by_roles(GPtrArray *rows, gint roles_col)
{
    g_autoptr(GPtrArray) order = g_ptr_array_new();
    guint n = rows->len;

    for (guint rank = 0; rank < 4; rank++)
        for (guint r = 0; r < n; r++) {
            GPtrArray *row = rows->pdata[r];
            if (raft_rank(row->pdata[roles_col]) == rank)
                g_ptr_array_add(order, row);
        }
    for (guint i = 0; i < n; i++)
        if (raft_rank(((GPtrArray *) order->pdata[i])->pdata[roles_col]) != model_rank(i, n))
            return NULL;
    return g_steal_pointer(&order);
}

/* The set-up a pasted `lxc cluster list` table stands for (lxc/cluster.go
 * cmdClusterList at lxd-5.0.2:128-199: NAME URL ROLES ARCHITECTURE FAILURE
 * DOMAIN DESCRIPTION STATE MESSAGE, roles one a line, the state upper-case;
 * the same columns at lxd-5.21.7 and 6.9; Incus's `-c` columns, STATUS for
 * STATE, cmd/incus/cluster.go:175-182 at v6.0.4).  Rows are sorted by name
 * (utils.ByName, lxc/cluster.go:177 at lxd-5.0.2; SortColumnsNaturally,
 * :192 at lxd-5.21.7, :196 at lxd-6.9, cmd/incus/cluster.go:302 at v6.0.4),
 * so the table does not show the member-ID order. */
gboolean
ms_paste_cluster_list_setup(GPtrArray *pasted, GPtrArray *setup, GPtrArray *notes)
{
    static const char *const name_names[] = { "NAME", NULL };
    static const char *const state_names[] = { "STATE", "STATUS", NULL };
    static const char *const roles_names[] = { "ROLES", NULL };
    static const char *const domain_names[] = { "FAILURE DOMAIN", NULL };
    static const char *const group_names[] = { "GROUPS", NULL };
    g_autoptr(GPtrArray) lines = content_lines(pasted);
    g_autoptr(Table) table = parse_table(lines);
    g_autoptr(GPtrArray) order = NULL;
    g_autoptr(GString) members = g_string_new("members");
    gint name_col, state_col, roles_col, domain_col;

    if (table == NULL || table->rows->len == 0 || (name_col = table_column(table, name_names)) < 0)
        return FALSE;
    state_col = table_column(table, state_names);
    roles_col = table_column(table, roles_names);
    domain_col = table_column(table, domain_names);
    if (roles_col >= 0)
        order = order_by_roles(table->rows, roles_col);
    if (order != NULL) {
        add(notes,
            "members: lxc cluster list sorts by name, so the member IDs are not in the table; listed leader, "
            "voters, stand-bys, then the rest, which gives each member the pasted database role; placement "
            "ties (the lowest ID wins) may differ");
    } else {
        order = g_ptr_array_new();
        for (guint r = 0; r < table->rows->len; r++)
            g_ptr_array_add(order, table->rows->pdata[r]);
        add(notes, "members: in the table's order (sorted by name; the member IDs are not in the table)%s",
            roles_col >= 0 ? "; the pasted database roles are not those migsim gives these members in any "
                             "order (the first three vote, the first leads, two stand-bys): not set up"
                           : "");
    }
    for (guint r = 0; r < order->len; r++)
        g_string_append_printf(members, " %s",
                               (const char *) ((GPtrArray *) order->pdata[r])->pdata[name_col]);
    g_ptr_array_add(setup, g_strdup(members->str));
    for (guint r = 0; r < order->len; r++) {
        GPtrArray *row = order->pdata[r];
        const char *name = row->pdata[name_col];
        const char *state = state_col >= 0 ? row->pdata[state_col] : "ONLINE";
        const char *domain = domain_col >= 0 ? row->pdata[domain_col] : "default";

        if (g_str_equal(state, "OFFLINE"))
            add(setup, "fault member %s offline", name);
        else if (g_str_equal(state, "EVACUATED"))
            add(setup, "lxc cluster evacuate %s --force", name);
        else if (!g_str_equal(state, "ONLINE"))
            add(notes, "member %s: state %s is not set up (migsim sets up ONLINE, EVACUATED, OFFLINE)", name,
                state);
        if (*domain != '\0' && !g_str_equal(domain, "default"))
            add(notes, "member %s: failure domain %s is not set up (no scenario line sets one)", name,
                domain);
    }
    if (table_column(table, group_names) >= 0)
        add(notes,
            "GROUPS: not set up (lxc cluster list shows no groups at lxd-5.0.2, 5.21.7, 6.9, nor Incus "
            "v6.0.4 .. v7.3.0; 'lxc cluster group assign' lines set them)");
    return TRUE;
}
