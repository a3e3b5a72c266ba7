/* migsim: the journal of `migsim replay` (ms-replay-journal.h). */
#include "ms-replay-journal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ms-lxd-client.h"

#define JOURNAL_MAGIC "migsim-replay"
#define JOURNAL_VERSION 1

struct _MsReplayJournal {
    char *path;
    int fd;               /* -1 until the first change is announced */
    JsonObject *scenario; /* the "scenario" record not written yet */
    MsReplayLedger *ledger;
};

/* ---------------------------------------------------------------------- */
/* The ledger */

MsReplayTemporary *
ms_replay_temporary_new(const char *name, const char *of, gboolean ours)
{
    MsReplayTemporary *t = g_new0(MsReplayTemporary, 1);

    t->name = g_strdup(name);
    t->of = g_strdup(of);
    t->ours = ours;
    return t;
}

void
ms_replay_temporary_free(MsReplayTemporary *temporary)
{
    if (temporary == NULL)
        return;
    g_free(temporary->name);
    g_free(temporary->of);
    g_free(temporary);
}

static void
ledger_reset(MsReplayLedger *ledger)
{
    g_ptr_array_set_size(ledger->instances, 0);
    g_ptr_array_set_size(ledger->volumes, 0);
    g_ptr_array_set_size(ledger->pools, 0);
    g_ptr_array_set_size(ledger->networks, 0);
    g_ptr_array_set_size(ledger->profiles, 0);
    g_ptr_array_set_size(ledger->changed_profiles, 0);
    g_hash_table_remove_all(ledger->profile_prior);
    g_clear_pointer(&ledger->server_prior, json_node_unref);
    g_clear_pointer(&ledger->project_prior, json_node_unref);
    g_ptr_array_set_size(ledger->members, 0);
    g_ptr_array_set_size(ledger->changed_members, 0);
    g_hash_table_remove_all(ledger->member_prior);
    g_ptr_array_set_size(ledger->groups, 0);
    g_ptr_array_set_size(ledger->projects, 0);
    g_ptr_array_set_size(ledger->offline, 0);
    g_clear_pointer(&ledger->fault_command, g_strfreev);
    g_ptr_array_set_size(ledger->temporaries, 0);
}

MsReplayLedger *
ms_replay_ledger_new(void)
{
    MsReplayLedger *ledger = g_new0(MsReplayLedger, 1);

    ledger->instances = g_ptr_array_new_with_free_func(g_free);
    ledger->volumes = g_ptr_array_new_with_free_func(g_free);
    ledger->pools = g_ptr_array_new_with_free_func(g_free);
    ledger->networks = g_ptr_array_new_with_free_func(g_free);
    ledger->profiles = g_ptr_array_new_with_free_func(g_free);
    ledger->changed_profiles = g_ptr_array_new_with_free_func(g_free);
    ledger->profile_prior =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
    ledger->members = g_ptr_array_new_with_free_func(g_free);
    ledger->changed_members = g_ptr_array_new_with_free_func(g_free);
    ledger->member_prior =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
    ledger->groups = g_ptr_array_new_with_free_func(g_free);
    ledger->projects = g_ptr_array_new_with_free_func(g_free);
    ledger->offline = g_ptr_array_new_with_free_func(g_free);
    ledger->temporaries = g_ptr_array_new_with_free_func((GDestroyNotify) ms_replay_temporary_free);
    return ledger;
}

void
ms_replay_ledger_free(MsReplayLedger *ledger)
{
    if (ledger == NULL)
        return;
    g_free(ledger->remote);
    g_ptr_array_unref(ledger->instances);
    g_ptr_array_unref(ledger->volumes);
    g_ptr_array_unref(ledger->pools);
    g_ptr_array_unref(ledger->networks);
    g_ptr_array_unref(ledger->profiles);
    g_ptr_array_unref(ledger->changed_profiles);
    g_hash_table_unref(ledger->profile_prior);
    g_clear_pointer(&ledger->server_prior, json_node_unref);
    g_clear_pointer(&ledger->project_prior, json_node_unref);
    g_ptr_array_unref(ledger->members);
    g_ptr_array_unref(ledger->changed_members);
    g_hash_table_unref(ledger->member_prior);
    g_ptr_array_unref(ledger->groups);
    g_ptr_array_unref(ledger->projects);
    g_ptr_array_unref(ledger->offline);
    g_strfreev(ledger->fault_command);
    g_ptr_array_unref(ledger->temporaries);
    g_free(ledger);
}

gboolean
ms_replay_ledger_is_empty(const MsReplayLedger *ledger)
{
    return ledger->instances->len == 0 && ledger->volumes->len == 0 && ledger->pools->len == 0 &&
           ledger->networks->len == 0 && ledger->profiles->len == 0 && ledger->changed_profiles->len == 0 &&
           ledger->server_prior == NULL && ledger->project_prior == NULL && ledger->members->len == 0 &&
           ledger->changed_members->len == 0 && ledger->groups->len == 0 && ledger->projects->len == 0 &&
           ledger->offline->len == 0 && ledger->temporaries->len == 0;
}

static gboolean
has(GPtrArray *array, const char *name)
{
    for (guint i = 0; i < array->len; i++)
        if (g_str_equal(array->pdata[i], name))
            return TRUE;
    return FALSE;
}

static void
add(GPtrArray *array, const char *name)
{
    if (!has(array, name))
        g_ptr_array_add(array, g_strdup(name));
}

static void
drop(GPtrArray *array, const char *name)
{
    for (guint i = 0; i < array->len; i++)
        if (g_str_equal(array->pdata[i], name))
            g_ptr_array_remove_index(array, i--);
}

/* NULL unless @node is a non-empty array of strings */
static char **
strv_member(JsonObject *obj, const char *key)
{
    JsonNode *node = json_object_get_member(obj, key);
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new();
    JsonArray *array;

    if (node == NULL || !JSON_NODE_HOLDS_ARRAY(node))
        return NULL;
    array = json_node_get_array(node);
    if (json_array_get_length(array) == 0)
        return NULL;
    for (guint i = 0; i < json_array_get_length(array); i++) {
        JsonNode *element = json_array_get_element(array, i);

        if (!JSON_NODE_HOLDS_VALUE(element) || json_node_get_value_type(element) != G_TYPE_STRING)
            return NULL;
        g_strv_builder_add(builder, json_node_get_string(element));
    }
    return g_strv_builder_end(builder);
}

static gboolean
has_temporary(GPtrArray *temporaries, const char *name)
{
    for (guint i = 0; i < temporaries->len; i++)
        if (g_str_equal(((MsReplayTemporary *) temporaries->pdata[i])->name, name))
            return TRUE;
    return FALSE;
}

static const char *
str_member(JsonObject *obj, const char *key)
{
    JsonNode *node = json_object_get_member(obj, key);

    if (node == NULL || !JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING)
        return NULL;
    return json_node_get_string(node);
}

/* json_node_copy() shares objects with the original; a prior state must
 * not change when the request built from it is edited. */
static JsonNode *
deep_copy(JsonNode *node)
{
    g_autofree char *text = json_to_string(node, FALSE);

    return json_from_string(text, NULL);
}

static gboolean
bad_record(GError **error, const char *what)
{
    g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID, "%s", what);
    return FALSE;
}

/* Adds one record to @ledger; the same code reads a journal back and
 * keeps the running replay's ledger, so both always agree. */
static gboolean
ledger_apply(MsReplayLedger *ledger, JsonObject *record, GError **error)
{
    const char *what = str_member(record, "do");
    const char *name = str_member(record, "name");

    if (what == NULL)
        return bad_record(error, "a record without \"do\"");
    if (g_str_equal(what, "scenario")) {
        /* informational: which scenario the records below belong to */
    } else if (g_str_equal(what, "clean")) {
        ledger_reset(ledger);
    } else if (g_str_equal(what, "create-instance") && name != NULL) {
        add(ledger->instances, name);
    } else if (g_str_equal(what, "create-volume") && name != NULL && str_member(record, "pool") != NULL) {
        const char *project = str_member(record, "project");
        g_autofree char *entry = g_strdup_printf("%s/%s%s%s", str_member(record, "pool"), name,
                                                 project != NULL ? "/" : "", project != NULL ? project : "");
        add(ledger->volumes, entry);
    } else if (g_str_equal(what, "create-pool") && name != NULL) {
        add(ledger->pools, name);
    } else if (g_str_equal(what, "create-network") && name != NULL) {
        add(ledger->networks, name);
    } else if (g_str_equal(what, "create-profile") && name != NULL) {
        add(ledger->profiles, name);
    } else if (g_str_equal(what, "change-profile") && name != NULL &&
               json_object_get_member(record, "prior") != NULL &&
               JSON_NODE_HOLDS_OBJECT(json_object_get_member(record, "prior"))) {
        if (!g_hash_table_contains(ledger->profile_prior, name)) {
            add(ledger->changed_profiles, name);
            g_hash_table_insert(ledger->profile_prior, g_strdup(name),
                                deep_copy(json_object_get_member(record, "prior")));
        }
    } else if (g_str_equal(what, "change-server") && json_object_get_member(record, "prior") != NULL &&
               JSON_NODE_HOLDS_OBJECT(json_object_get_member(record, "prior"))) {
        if (ledger->server_prior == NULL)
            ledger->server_prior = deep_copy(json_object_get_member(record, "prior"));
    } else if (g_str_equal(what, "change-project") && json_object_get_member(record, "prior") != NULL &&
               JSON_NODE_HOLDS_OBJECT(json_object_get_member(record, "prior"))) {
        if (ledger->project_prior == NULL)
            ledger->project_prior = deep_copy(json_object_get_member(record, "prior"));
    } else if (g_str_equal(what, "change-member") && name != NULL) {
        add(ledger->members, name);
    } else if (g_str_equal(what, "change-member-config") && name != NULL &&
               json_object_get_member(record, "prior") != NULL &&
               JSON_NODE_HOLDS_OBJECT(json_object_get_member(record, "prior"))) {
        if (!g_hash_table_contains(ledger->member_prior, name)) {
            add(ledger->changed_members, name);
            g_hash_table_insert(ledger->member_prior, g_strdup(name),
                                deep_copy(json_object_get_member(record, "prior")));
        }
    } else if (g_str_equal(what, "create-group") && name != NULL) {
        add(ledger->groups, name);
    } else if (g_str_equal(what, "create-project") && name != NULL) {
        add(ledger->projects, name);
    } else if (g_str_equal(what, "member-offline") && name != NULL) {
        char **command = strv_member(record, "command");

        if (command == NULL)
            return bad_record(error, "a \"member-offline\" record without its command");
        add(ledger->offline, name);
        g_strfreev(ledger->fault_command);
        ledger->fault_command = command;
    } else if (g_str_equal(what, "member-online") && name != NULL) {
        drop(ledger->offline, name);
    } else if (g_str_equal(what, "moves") && json_object_get_member(record, "temporaries") != NULL &&
               JSON_NODE_HOLDS_ARRAY(json_object_get_member(record, "temporaries"))) {
        JsonArray *list = json_object_get_array_member(record, "temporaries");

        for (guint i = 0; i < json_array_get_length(list); i++) {
            JsonNode *n = json_array_get_element(list, i);
            JsonObject *t = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
            JsonNode *ours = t != NULL ? json_object_get_member(t, "ours") : NULL;

            if (t == NULL || str_member(t, "name") == NULL || str_member(t, "of") == NULL || ours == NULL ||
                !JSON_NODE_HOLDS_VALUE(ours) || json_node_get_value_type(ours) != G_TYPE_BOOLEAN)
                return bad_record(error, "a \"moves\" entry without name, of and ours");
            if (!has_temporary(ledger->temporaries, str_member(t, "name")))
                g_ptr_array_add(ledger->temporaries,
                                ms_replay_temporary_new(str_member(t, "name"), str_member(t, "of"),
                                                        json_node_get_boolean(ours)));
        }
    } else {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID, "an unknown or incomplete \"%s\" record",
                    what);
        return FALSE;
    }
    ledger->n_records++;
    return TRUE;
}

MsReplayLedger *
ms_replay_ledger_load(const char *path, GError **error)
{
    g_autoptr(MsReplayLedger) ledger = ms_replay_ledger_new();
    g_autofree char *text = NULL;
    gsize length = 0;
    GStatBuf st;
    const char *line, *end;
    guint lineno = 0;

    if (g_stat(path, &st) != 0) {
        int errsv = errno;
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errsv), "%s: %s", path, g_strerror(errsv));
        return NULL;
    }
    if (!S_ISREG(st.st_mode) || st.st_size > MS_REPLAY_JOURNAL_MAX_BYTES) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID,
                    "%s: not a replay journal (not a regular file, or over %d bytes)", path,
                    MS_REPLAY_JOURNAL_MAX_BYTES);
        return NULL;
    }
    if (!g_file_get_contents(path, &text, &length, error))
        return NULL;
    for (line = text; line < text + length; line = end + 1) {
        g_autoptr(JsonParser) parser = json_parser_new();
        g_autoptr(GError) local = NULL;
        JsonNode *root;

        lineno++;
        end = memchr(line, '\n', (gsize) (text + length - line));
        if (end == NULL) {
            /* cut short while being written: the change it announces was
             * never started (records are synced before the change) */
            ledger->truncated = TRUE;
            break;
        }
        if (!json_parser_load_from_data(parser, line, end - line, &local) ||
            (root = json_parser_get_root(parser)) == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID, "%s:%u: not a journal record%s%s", path,
                        lineno, local ? ": " : "", local ? local->message : "");
            return NULL;
        }
        if (lineno == 1) {
            JsonObject *header = json_node_get_object(root);
            JsonNode *version = json_object_get_member(header, "version");

            if (g_strcmp0(str_member(header, "journal"), JOURNAL_MAGIC) != 0 || version == NULL ||
                !JSON_NODE_HOLDS_VALUE(version) || json_node_get_int(version) != JOURNAL_VERSION) {
                g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID,
                            "%s:1: not a migsim replay journal (version %d)", path, JOURNAL_VERSION);
                return NULL;
            }
            ledger->remote = g_strdup(str_member(header, "remote"));
            ledger->n_records++;
            continue;
        }
        if (!ledger_apply(ledger, json_node_get_object(root), &local)) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_INVALID, "%s:%u: %s", path, lineno, local->message);
            return NULL;
        }
    }
    /* an empty file, or a header cut short: killed before anything was
     * announced, so nothing was done (the remote is then unknown) */
    return g_steal_pointer(&ledger);
}

/* ---------------------------------------------------------------------- */
/* The file */

char *
ms_replay_journal_default_path(const char *remote)
{
    g_autofree char *digest = g_compute_checksum_for_string(G_CHECKSUM_SHA256, remote, -1);
    g_autofree char *name = g_strdup_printf("replay-%.16s.journal", digest);

    return g_build_filename(g_get_user_state_dir(), "migsim", name, NULL);
}

static gboolean
sync_directory(const char *path, GError **error)
{
    g_autofree char *dir = g_path_get_dirname(path);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd < 0 || fsync(fd) != 0) {
        int errsv = errno;
        if (fd >= 0)
            close(fd);
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errsv), "%s: %s", dir, g_strerror(errsv));
        return FALSE;
    }
    close(fd);
    return TRUE;
}

/* One record, one write(2): O_APPEND places it after whatever is there,
 * and a reader sees it whole or as a cut-short last line. */
static gboolean
write_record(MsReplayJournal *journal, JsonObject *record, GError **error)
{
    g_autoptr(JsonNode) node = json_node_alloc();
    g_autofree char *text = NULL;
    g_autofree char *line = NULL;
    gsize length, done = 0;

    json_node_init_object(node, record);
    text = json_to_string(node, FALSE);
    line = g_strconcat(text, "\n", NULL);
    length = strlen(line);
    while (done < length) {
        ssize_t n = write(journal->fd, line + done, length - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int errsv = errno;
            g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errsv), "%s: %s", journal->path,
                        g_strerror(errsv));
            return FALSE;
        }
        done += (gsize) n;
    }
    if (fsync(journal->fd) != 0) {
        int errsv = errno;
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errsv), "%s: %s", journal->path,
                    g_strerror(errsv));
        return FALSE;
    }
    return TRUE;
}

/* Creates the file (it must not exist) with its header: right before the
 * first change, so that a run that changes nothing leaves no journal. */
static gboolean
journal_open(MsReplayJournal *journal, GError **error)
{
    g_autoptr(JsonObject) header = json_object_new();

    journal->fd = open(journal->path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
    if (journal->fd < 0) {
        int errsv = errno;
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errsv), "%s: %s", journal->path,
                    g_strerror(errsv));
        return FALSE;
    }
    json_object_set_string_member(header, "journal", JOURNAL_MAGIC);
    json_object_set_int_member(header, "version", JOURNAL_VERSION);
    json_object_set_string_member(header, "remote", journal->ledger->remote);
    if (!write_record(journal, header, error) || !sync_directory(journal->path, error))
        return FALSE;
    journal->ledger->n_records++;
    return TRUE;
}

/* Writes @record (transfer full) and adds it to the ledger.  A "scenario"
 * record announces no change: it is held until the first change, and
 * written (if still the latest) just before it. */
static gboolean
journal_append(MsReplayJournal *journal, JsonObject *record, GError **error)
{
    g_autoptr(JsonObject) owned = record;

    if (journal->fd < 0 && g_strcmp0(str_member(owned, "do"), "scenario") == 0) {
        g_clear_pointer(&journal->scenario, json_object_unref);
        journal->scenario = g_steal_pointer(&owned);
        return TRUE;
    }
    if (journal->fd < 0) {
        g_autoptr(JsonObject) scenario = g_steal_pointer(&journal->scenario);

        if (!journal_open(journal, error) || (scenario != NULL && !write_record(journal, scenario, error))) {
            g_prefix_error(error, "replay journal: ");
            return FALSE;
        }
        if (scenario != NULL && !ledger_apply(journal->ledger, scenario, error))
            return FALSE;
    }
    if (!write_record(journal, owned, error)) {
        g_prefix_error(error, "replay journal: ");
        return FALSE;
    }
    return ledger_apply(journal->ledger, owned, error);
}

MsReplayJournal *
ms_replay_journal_create(const char *path, const char *remote, GError **error)
{
    g_autoptr(MsReplayJournal) journal = g_new0(MsReplayJournal, 1);
    g_autofree char *dir = g_path_get_dirname(path);

    journal->fd = -1;
    journal->path = g_strdup(path);
    journal->ledger = ms_replay_ledger_new();
    journal->ledger->remote = g_strdup(remote);
    if (g_mkdir_with_parents(dir, 0700) != 0) {
        int errsv = errno;
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errsv), "%s: %s", dir, g_strerror(errsv));
        return NULL;
    }
    if (g_file_test(path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK)) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST, "%s: %s", path, g_strerror(EEXIST));
        return NULL;
    }
    return g_steal_pointer(&journal);
}

void
ms_replay_journal_free(MsReplayJournal *journal)
{
    if (journal == NULL)
        return;
    if (journal->fd >= 0)
        close(journal->fd);
    g_clear_pointer(&journal->scenario, json_object_unref);
    g_free(journal->path);
    ms_replay_ledger_free(journal->ledger);
    g_free(journal);
}

const char *
ms_replay_journal_path(const MsReplayJournal *journal)
{
    return journal->path;
}

MsReplayLedger *
ms_replay_journal_ledger(MsReplayJournal *journal)
{
    return journal->ledger;
}

static JsonObject *
record_new(const char *what, const char *name)
{
    JsonObject *record = json_object_new();

    json_object_set_string_member(record, "do", what);
    if (name != NULL)
        json_object_set_string_member(record, "name", name);
    return record;
}

gboolean
ms_replay_journal_scenario(MsReplayJournal *journal, const char *path, GError **error)
{
    JsonObject *record = record_new("scenario", NULL);

    json_object_set_string_member(record, "path", path);
    return journal_append(journal, record, error);
}

gboolean
ms_replay_journal_create_instance(MsReplayJournal *journal, const char *name, GError **error)
{
    if (has(journal->ledger->instances, name))
        return TRUE;
    return journal_append(journal, record_new("create-instance", name), error);
}

gboolean
ms_replay_journal_create_volume(MsReplayJournal *journal, const char *project, const char *pool,
                                const char *name, GError **error)
{
    /* POOL/NAME, POOL/NAME/PROJECT in a project (no name holds a '/') */
    g_autofree char *entry =
        g_strdup_printf("%s/%s%s%s", pool, name, project != NULL ? "/" : "", project != NULL ? project : "");
    JsonObject *record;

    if (has(journal->ledger->volumes, entry))
        return TRUE;
    record = record_new("create-volume", name);
    json_object_set_string_member(record, "pool", pool);
    if (project != NULL)
        json_object_set_string_member(record, "project", project);
    return journal_append(journal, record, error);
}

gboolean
ms_replay_journal_create_pool(MsReplayJournal *journal, const char *name, GError **error)
{
    if (has(journal->ledger->pools, name))
        return TRUE;
    return journal_append(journal, record_new("create-pool", name), error);
}

gboolean
ms_replay_journal_create_network(MsReplayJournal *journal, const char *name, GError **error)
{
    if (has(journal->ledger->networks, name))
        return TRUE;
    return journal_append(journal, record_new("create-network", name), error);
}

gboolean
ms_replay_journal_create_profile(MsReplayJournal *journal, const char *name, GError **error)
{
    if (has(journal->ledger->profiles, name))
        return TRUE;
    return journal_append(journal, record_new("create-profile", name), error);
}

/* A "change-*" record holding the object's state before the change. */
static gboolean
append_prior(MsReplayJournal *journal, const char *what, const char *name, JsonNode *prior, GError **error)
{
    JsonObject *record = record_new(what, name);

    json_object_set_member(record, "prior", deep_copy(prior));
    return journal_append(journal, record, error);
}

gboolean
ms_replay_journal_change_profile(MsReplayJournal *journal, const char *name, JsonNode *prior, GError **error)
{
    if (g_hash_table_contains(journal->ledger->profile_prior, name) || has(journal->ledger->profiles, name))
        return TRUE;
    return append_prior(journal, "change-profile", name, prior, error);
}

gboolean
ms_replay_journal_change_server(MsReplayJournal *journal, JsonNode *prior, GError **error)
{
    if (journal->ledger->server_prior != NULL)
        return TRUE;
    return append_prior(journal, "change-server", NULL, prior, error);
}

gboolean
ms_replay_journal_change_project(MsReplayJournal *journal, JsonNode *prior, GError **error)
{
    if (journal->ledger->project_prior != NULL)
        return TRUE;
    return append_prior(journal, "change-project", NULL, prior, error);
}

gboolean
ms_replay_journal_change_member(MsReplayJournal *journal, const char *name, GError **error)
{
    if (has(journal->ledger->members, name))
        return TRUE;
    return journal_append(journal, record_new("change-member", name), error);
}

gboolean
ms_replay_journal_change_member_config(MsReplayJournal *journal, const char *name, JsonNode *prior,
                                       GError **error)
{
    if (g_hash_table_contains(journal->ledger->member_prior, name))
        return TRUE;
    return append_prior(journal, "change-member-config", name, prior, error);
}

gboolean
ms_replay_journal_create_group(MsReplayJournal *journal, const char *name, GError **error)
{
    if (has(journal->ledger->groups, name))
        return TRUE;
    return journal_append(journal, record_new("create-group", name), error);
}

gboolean
ms_replay_journal_create_project(MsReplayJournal *journal, const char *name, GError **error)
{
    if (has(journal->ledger->projects, name))
        return TRUE;
    return journal_append(journal, record_new("create-project", name), error);
}

gboolean
ms_replay_journal_member_offline(MsReplayJournal *journal, const char *name, const char *const *command,
                                 GError **error)
{
    JsonObject *record = record_new("member-offline", name);
    JsonArray *argv = json_array_new();

    for (guint i = 0; command[i] != NULL; i++)
        json_array_add_string_element(argv, command[i]);
    json_object_set_array_member(record, "command", argv);
    return journal_append(journal, record, error);
}

gboolean
ms_replay_journal_member_online(MsReplayJournal *journal, const char *name, GError **error)
{
    if (!has(journal->ledger->offline, name))
        return TRUE;
    return journal_append(journal, record_new("member-online", name), error);
}

gboolean
ms_replay_journal_moves(MsReplayJournal *journal, GPtrArray *temporaries, GError **error)
{
    JsonObject *record;
    JsonArray *list = json_array_new();

    for (guint i = 0; i < temporaries->len; i++) {
        const MsReplayTemporary *t = temporaries->pdata[i];
        JsonObject *entry;

        if (has_temporary(journal->ledger->temporaries, t->name))
            continue;
        entry = json_object_new();
        json_object_set_string_member(entry, "name", t->name);
        json_object_set_string_member(entry, "of", t->of);
        json_object_set_boolean_member(entry, "ours", t->ours);
        json_array_add_object_element(list, entry);
    }
    if (json_array_get_length(list) == 0) {
        json_array_unref(list);
        return TRUE;
    }
    record = record_new("moves", NULL);
    json_object_set_array_member(record, "temporaries", list);
    return journal_append(journal, record, error);
}

gboolean
ms_replay_journal_clean(MsReplayJournal *journal, GError **error)
{
    if (ms_replay_ledger_is_empty(journal->ledger))
        return TRUE;
    return journal_append(journal, record_new("clean", NULL), error);
}

gboolean
ms_replay_journal_exists(const MsReplayJournal *journal)
{
    return journal->fd >= 0;
}

gboolean
ms_replay_journal_remove(MsReplayJournal *journal, GError **error)
{
    if (journal->fd < 0)
        return TRUE; /* never created: nothing was changed */
    if (g_unlink(journal->path) != 0) {
        int errsv = errno;
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errsv), "%s: %s", journal->path,
                    g_strerror(errsv));
        return FALSE;
    }
    return sync_directory(journal->path, error);
}
