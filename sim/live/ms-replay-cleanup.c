/* migsim: the live side of `migsim replay`, the clean-up: undoes what a
 * scenario created and changed, as its journal's ledger lists it, in
 * process or (`migsim replay --recover`) from the journal a killed run left
 * (ms-replay-live.h, docs/live-replay.md).  The pre-flight check and the
 * journal are ms-replay-safety.c. */
#include "ms-replay-live-private.h"

#include <string.h>

/* ---------------------------------------------------------------------- */
/* Clean-up and recovery: undo what a ledger lists */

typedef struct {
    MsReplayLive *live;
    GString *log;
    gboolean ok;
    guint acted; /* actions noted in this pass */
} Undo;

static void
note(Undo *undo, const char *what, const MsLiveReply *reply, const GError *error)
{
    undo->acted++;
    if (error != NULL) {
        g_string_append_printf(undo->log, "clean-up: %s: %s\n", what, error->message);
        undo->ok = FALSE;
    } else if (reply != NULL && reply->failed) {
        g_string_append_printf(undo->log, "clean-up: %s: %s\n", what, reply->error);
        undo->ok = FALSE;
    } else {
        g_string_append_printf(undo->log, "clean-up: %s\n", what);
    }
}

/* GET @path: TRUE with *@obj (transfer full) and *@etag when it exists,
 * TRUE with NULL when it is gone (404), FALSE (noted) otherwise. */
static gboolean
undo_get(Undo *undo, const char *path, const char *what, JsonNode **obj, char **etag)
{
    g_autoptr(GError) error = NULL;
    g_auto(MsLiveReply) reply = { 0 };

    *obj = NULL;
    if (!ms_rl_get_object(undo->live, path, &reply, &error) || (reply.failed && reply.http_status != 404)) {
        note(undo, what, &reply, error);
        return FALSE;
    }
    if (reply.failed)
        return TRUE;
    *obj = g_steal_pointer(&reply.metadata);
    if (etag != NULL)
        *etag = g_steal_pointer(&reply.etag);
    return TRUE;
}

static void
undo_request(Undo *undo, const char *what, const char *method, const char *path, JsonNode *body,
             const char *if_match, gboolean async_endpoint, gboolean gone_ok)
{
    g_autoptr(GError) error = NULL;
    g_auto(MsLiveReply) reply = { 0 };

    if (ms_rl_call(undo->live, method, path, body, if_match, async_endpoint, &reply, &error) && gone_ok &&
        reply.failed && reply.http_status == 404)
        return;
    note(undo, what, &reply, error);
}

/* Force-stops and deletes instance @name if it exists. */
static void undo_instance_in(Undo *undo, const char *name, const char *qualified, const char *why);

/* (@qualified: NAME, or PROJECT/NAME outside the default project) */
static void
undo_instance(Undo *undo, const char *qualified, const char *why)
{
    undo_instance_in(undo, ms_rl_enter_project(undo->live, qualified), qualified, why);
    ms_rl_leave_project(undo->live);
}

/* An instance the scenario made protected (security.protection.delete,
 * its own or a profile's) refuses the delete (DELETE.PROTECTED), and so
 * does LXD's temporary copy of one: the key is set false on the instance
 * first, with a PATCH that keeps the rest of its config
 * (lxd/instance_patch.go:57, a sync reply, at lxd-5.0.2). */
static void
unprotect(Undo *undo, JsonNode *inst, const char *path, const char *why, const char *qualified)
{
    JsonObject *expanded = ms_rl_json_object(json_node_get_object(inst), "expanded_config");
    const char *value = expanded != NULL ? ms_rl_json_string(expanded, "security.protection.delete") : NULL;
    g_autofree char *what = NULL;
    g_autoptr(JsonNode) body = NULL;
    JsonObject *obj, *config;

    if (value == NULL || !ms_is_true(value))
        return;
    what = g_strdup_printf("set security.protection.delete=false on %s%s", why, qualified);
    obj = json_object_new();
    config = json_object_new();
    json_object_set_string_member(config, "security.protection.delete", "false");
    json_object_set_object_member(obj, "config", config);
    body = ms_lxd_map_take_object(obj);
    undo_request(undo, what, "PATCH", path, body, NULL, FALSE, FALSE);
}

static void
undo_instance_in(Undo *undo, const char *name, const char *qualified, const char *why)
{
    g_autofree char *path = ms_rl_entity_path("instances", name, NULL);
    g_autofree char *what = g_strdup_printf("delete %s%s", why, qualified);
    g_autoptr(JsonNode) inst = NULL;

    if (!undo_get(undo, path, what, &inst, NULL) || inst == NULL)
        return;
    if (g_strcmp0(ms_rl_json_string(json_node_get_object(inst), "status"), "Stopped") != 0) {
        g_autofree char *stop = g_strdup_printf("force-stop %s%s", why, qualified);
        g_autoptr(GError) error = NULL;
        g_auto(MsLiveReply) reply = { 0 };

        if (!ms_rl_instance_state(undo->live, name, "stop", TRUE, FALSE, &reply, &error) ||
            (reply.failed && reply.http_status != 404)) {
            note(undo, stop, &reply, error);
            return;
        }
        note(undo, stop, NULL, NULL);
    }
    unprotect(undo, inst, path, why, qualified);
    undo_request(undo, what, "DELETE", path, NULL, NULL, TRUE, TRUE);
}

/* LXD's copy of an instance in the middle of a move: ours are deleted; a
 * copy of an instance we did not create is deleted only while the
 * original still exists, otherwise it is the only copy left and is
 * renamed back. */
static void undo_temporary_in(Undo *undo, const MsReplayTemporary *t, const char *name, const char *of);

/* A temporary copy is in its original's project: both are named alike. */
static void
undo_temporary(Undo *undo, const MsReplayTemporary *t)
{
    const char *slash = strchr(t->of, '/');

    undo_temporary_in(undo, t, ms_rl_enter_project(undo->live, t->name), slash != NULL ? slash + 1 : t->of);
    ms_rl_leave_project(undo->live);
}

static void
undo_temporary_in(Undo *undo, const MsReplayTemporary *t, const char *name, const char *of)
{
    g_autofree char *path = ms_rl_entity_path("instances", name, NULL);
    g_autofree char *original = ms_rl_entity_path("instances", of, NULL);
    g_autofree char *what = g_strdup_printf("look for LXD's temporary %s (a move of %s)", t->name, t->of);
    g_autofree char *why = g_strdup_printf("LXD's temporary copy of %s, ", t->of);
    g_autoptr(JsonNode) copy = NULL;
    g_autoptr(JsonNode) orig = NULL;

    if (!undo_get(undo, path, what, &copy, NULL) || copy == NULL)
        return;
    if (!t->ours && (!undo_get(undo, original, what, &orig, NULL) || orig == NULL)) {
        JsonObject *obj = json_object_new();
        g_autoptr(JsonNode) body = NULL;
        g_autofree char *rename =
            g_strdup_printf("rename LXD's temporary %s back to %s (the only copy)", t->name, t->of);

        json_object_set_string_member(obj, "name", of);
        body = ms_lxd_map_take_object(obj);
        undo_request(undo, rename, "POST", path, body, NULL, TRUE, FALSE);
        return;
    }
    undo_instance_in(undo, name, t->name, why);
}

static void
undo_member(Undo *undo, const char *name)
{
    g_autofree char *path = ms_rl_entity_path("cluster/members", name, NULL);
    g_autofree char *what = g_strdup_printf("restore member %s", name);
    g_autoptr(GError) error = NULL;
    g_auto(MsLiveReply) reply = { 0 };
    g_autoptr(JsonNode) member = NULL;

    if (!undo_get(undo, path, what, &member, NULL) || member == NULL)
        return;
    /* the scenario found every member online (pre-flight) */
    if (g_strcmp0(ms_rl_json_string(json_node_get_object(member), "status"), "Evacuated") != 0)
        return;
    ms_rl_member_state(undo->live, name, "restore", "", &reply, &error);
    note(undo, what, &reply, error);
}

/* @keys of @a and @b are equal JSON (objects compare member by member,
 * in any order). */
static gboolean
same_parts(JsonObject *a, JsonObject *b, const char *const *keys, gsize n_keys, const char **differs)
{
    for (gsize i = 0; i < n_keys; i++) {
        JsonNode *x = json_object_get_member(a, keys[i]);
        JsonNode *y = json_object_get_member(b, keys[i]);

        if ((x == NULL) != (y == NULL) || (x != NULL && !json_node_equal(x, y))) {
            *differs = keys[i];
            return FALSE;
        }
    }
    return TRUE;
}

/* In @body's object @member, the keys @current has there and @body has
 * not, as "": a PUT /1.0 resets a schema key left out to its default but
 * keeps a user.* key left out ("any key not explicitly set", the schema's
 * keys only, lxd/config/map.go:81-87 at lxd-5.0.2, :83 at lxd-5.21.7, :49
 * at lxd-6.9), and "" unsets either (what lxc config unset sends,
 * lxc/config.go:758 at lxd-5.0.2).  A hidden key set now shows as true
 * (map.go:105-106): blanked too when the record has it unset. */
static void
blank_missing(JsonNode *body, JsonNode *current, const char *member)
{
    JsonObject *now = ms_rl_json_object(json_node_get_object(current), member);
    JsonObject *put = ms_rl_json_object(json_node_get_object(body), member);
    g_autoptr(GList) names = now != NULL ? json_object_get_members(now) : NULL;

    if (put == NULL) {
        put = json_object_new();
        json_object_set_object_member(json_node_get_object(body), member, put);
    }
    for (GList *l = names; l != NULL; l = l->next)
        if (!json_object_has_member(put, l->data))
            json_object_set_string_member(put, l->data, "");
}

/* PUT the recorded object back with the ETag just read (a concurrent
 * writer makes it fail with 412 instead of being overwritten), then read
 * it back: the put-back only counts when the server holds what was
 * recorded. */
static void
put_back(Undo *undo, const char *path, const char *what, JsonNode *prior, const char *const *keys,
         gsize n_keys, const char *keep_current, const char *blank)
{
    g_autoptr(JsonNode) current = NULL;
    g_autoptr(JsonNode) after = NULL;
    g_autoptr(JsonNode) body = NULL;
    g_autofree char *etag = NULL;
    g_autoptr(GError) error = NULL;
    g_auto(MsLiveReply) reply = { 0 };
    const char *differs = NULL;

    if (!undo_get(undo, path, what, &current, &etag))
        return;
    if (current == NULL) {
        g_autofree char *gone = g_strdup_printf("%s: it no longer exists", what);
        note(undo, gone, NULL, NULL);
        undo->ok = FALSE;
        return;
    }
    if (same_parts(json_node_get_object(current), json_node_get_object(prior), keys, n_keys, &differs))
        return; /* unchanged after all, e.g. a set of the value it had */
    /* @keep_current: a field LXD manages itself, sent as it is now (a
     * member's roles: the database role can be neither dropped nor added,
     * lxd/api_cluster.go:1617-1623 at lxd-5.0.2) */
    body = ms_rl_deep_copy(prior);
    if (keep_current != NULL && json_object_has_member(json_node_get_object(current), keep_current))
        json_object_set_member(
            json_node_get_object(body), keep_current,
            ms_rl_deep_copy(json_object_get_member(json_node_get_object(current), keep_current)));
    if (blank != NULL)
        blank_missing(body, current, blank);
    if (!ms_rl_call(undo->live, "PUT", path, body, etag, FALSE, &reply, &error) || reply.failed) {
        note(undo, what, &reply, error);
        return;
    }
    if (!undo_get(undo, path, what, &after, NULL) || after == NULL) {
        undo->ok = FALSE;
        return;
    }
    if (!same_parts(json_node_get_object(after), json_node_get_object(prior), keys, n_keys, &differs)) {
        g_string_append_printf(undo->log,
                               "clean-up: %s: read back, '%s' still differs from the recorded state\n", what,
                               differs);
        undo->ok = FALSE;
        return;
    }
    g_string_append_printf(undo->log, "clean-up: %s (read back: as recorded)\n", what);
}

static void
undo_volume_in(Undo *undo, const char *entry, const char *pool, const char *name)
{
    g_autoptr(GPtrArray) where = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GError) error = NULL;

    if (!ms_rl_volume_locations(undo->live, pool, name, where, &error)) {
        g_autofree char *what = g_strdup_printf("volume %s", entry);
        note(undo, what, NULL, error);
        return;
    }
    for (guint j = 0; j < where->len; j++) {
        const char *location = where->pdata[j];
        g_autofree char *evol = ms_rl_escape_path(name);
        g_autofree char *suffix = g_strdup_printf("/volumes/custom/%s", evol);
        g_autofree char *volume = ms_rl_entity_path("storage-pools", pool, suffix);
        g_autofree char *path = ms_rl_with_target(volume, *location != '\0' ? location : NULL);
        g_autofree char *what =
            g_strdup_printf("delete volume %s%s%s", entry, *location ? " on " : "", location);

        undo_request(undo, what, "DELETE", path, NULL, NULL, FALSE, TRUE);
    }
}

/* @entry: POOL/NAME, or POOL/NAME/PROJECT for a volume created in a
 * project (ms_replay_journal_create_volume): its requests go there */
static void
undo_volume(Undo *undo, const char *entry)
{
    g_auto(GStrv) parts = g_strsplit(entry, "/", 3);

    if (parts[0] == NULL || parts[1] == NULL)
        return;
    g_clear_pointer(&undo->live->project, g_free);
    undo->live->project = g_strdup(parts[2]);
    undo_volume_in(undo, entry, parts[0], parts[1]);
    ms_rl_leave_project(undo->live);
}

/* Operations still running (a step we stopped waiting for, or the run was
 * killed) would make the requests below fail as busy: wait for them, and
 * cancel those LXD lets us cancel when they do not end in time. */
static void
undo_operations(Undo *undo)
{
    g_autoptr(GError) error = NULL;
    g_auto(MsLiveReply) reply = { 0 };
    JsonArray *running;

    if (ms_rl_settle(undo->live, TRUE, (gint64) undo->live->timeout_s * G_USEC_PER_SEC, &error))
        return;
    g_string_append_printf(undo->log, "clean-up: waiting for running operations: %s\n", error->message);
    g_clear_error(&error);
    if (!ms_rl_get_object(undo->live, "/1.0/operations?recursion=1", &reply, &error) || reply.failed)
        return;
    running =
        json_object_has_member(json_node_get_object(reply.metadata), "running") &&
                JSON_NODE_HOLDS_ARRAY(json_object_get_member(json_node_get_object(reply.metadata), "running"))
            ? json_object_get_array_member(json_node_get_object(reply.metadata), "running")
            : NULL;
    for (guint i = 0; running != NULL && i < json_array_get_length(running); i++) {
        JsonNode *n = json_array_get_element(running, i);
        JsonObject *op = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
        JsonNode *may = op != NULL ? json_object_get_member(op, "may_cancel") : NULL;
        const char *id = ms_rl_json_string(op, "id");

        if (id != NULL && may != NULL && JSON_NODE_HOLDS_VALUE(may) && json_node_get_boolean(may) &&
            g_strcmp0(ms_rl_json_string(op, "class"), "token") != 0) {
            g_autofree char *path = ms_rl_entity_path("operations", id, NULL);
            g_autofree char *what =
                g_strdup_printf("cancel operation %s (%s)", id, ms_rl_json_string(op, "description") ?: "?");
            undo_request(undo, what, "DELETE", path, NULL, NULL, FALSE, TRUE);
        }
    }
}

/* One pass, in the reverse order of dependencies: instances use profiles,
 * volumes, networks and pools; profiles use volumes, networks and pools;
 * volumes live in pools. */
static void
undo_pass(Undo *undo, const MsReplayLedger *ledger)
{
    static const char *const profile_keys[] = { "config", "description", "devices" };
    static const char *const server_keys[] = { "config" };
    static const char *const project_keys[] = { "config", "description" };
    static const char *const member_keys[] = { "config", "description", "failure_domain", "groups" };

    undo_operations(undo);
    for (guint i = 0; i < ledger->temporaries->len; i++)
        undo_temporary(undo, ledger->temporaries->pdata[i]);
    /* instances before members: a restore then has nothing of ours to move back */
    for (guint i = 0; i < ledger->instances->len; i++)
        undo_instance(undo, ledger->instances->pdata[i], "instance ");
    for (guint i = 0; i < ledger->members->len; i++)
        undo_member(undo, ledger->members->pdata[i]);
    if (ledger->server_prior != NULL)
        put_back(undo, "/1.0", "put back server config", ledger->server_prior, server_keys,
                 G_N_ELEMENTS(server_keys), NULL, "config");
    /* a project PUT replaces its whole config (lxd/api_project.go:536-547
     * at lxd-5.0.2): the recorded config is put back as it was */
    if (ledger->project_prior != NULL)
        put_back(undo, "/1.0/projects/default", "put back project default", ledger->project_prior,
                 project_keys, G_N_ELEMENTS(project_keys), NULL, NULL);
    for (guint i = 0; i < ledger->changed_profiles->len; i++) {
        const char *qualified = ledger->changed_profiles->pdata[i];
        g_autofree char *path =
            ms_rl_entity_path("profiles", ms_rl_enter_project(undo->live, qualified), NULL);
        g_autofree char *what = g_strdup_printf("put back profile %s", qualified);

        put_back(undo, path, what, g_hash_table_lookup(ledger->profile_prior, qualified), profile_keys,
                 G_N_ELEMENTS(profile_keys), NULL, NULL);
        ms_rl_leave_project(undo->live);
    }
    /* members before groups: a group a member is in cannot be deleted */
    for (guint i = 0; i < ledger->changed_members->len; i++) {
        const char *name = ledger->changed_members->pdata[i];
        g_autofree char *path = ms_rl_entity_path("cluster/members", name, NULL);
        g_autofree char *what = g_strdup_printf("put back member %s", name);

        put_back(undo, path, what, g_hash_table_lookup(ledger->member_prior, name), member_keys,
                 G_N_ELEMENTS(member_keys), "roles", NULL);
    }
    /* a group that is gone is looked up first: LXD 5.0.2 answers the
     * DELETE of a missing group with 'Query deleted 0 rows instead of 1',
     * not a 404 (seen live) */
    for (guint i = 0; i < ledger->groups->len; i++) {
        g_autofree char *path = ms_rl_entity_path("cluster/groups", ledger->groups->pdata[i], NULL);
        g_autofree char *what =
            g_strdup_printf("delete cluster group %s", (const char *) ledger->groups->pdata[i]);
        g_autoptr(JsonNode) group = NULL;

        if (undo_get(undo, path, what, &group, NULL) && group != NULL)
            undo_request(undo, what, "DELETE", path, NULL, NULL, FALSE, TRUE);
    }
    for (guint i = 0; i < ledger->profiles->len; i++) {
        const char *qualified = ledger->profiles->pdata[i];
        g_autofree char *path =
            ms_rl_entity_path("profiles", ms_rl_enter_project(undo->live, qualified), NULL);
        g_autofree char *what = g_strdup_printf("delete profile %s", qualified);

        undo_request(undo, what, "DELETE", path, NULL, NULL, FALSE, TRUE);
        ms_rl_leave_project(undo->live);
    }
    /* custom volumes before the projects they live in: lxd-5.0.1 .. 5.21.4
     * and 6.1 .. 6.5 delete a project holding volumes and only its default
     * profile and leave the volumes' data on the members (projectIsEmpty,
     * lxd/api_project.go:1020-1024 at lxd-5.0.2; seen live on 5.0.2), later
     * releases refuse it */
    for (guint i = 0; i < ledger->volumes->len; i++)
        undo_volume(undo, ledger->volumes->pdata[i]);
    /* a project goes once its instances, profiles and volumes are gone:
     * LXD deletes only an empty one (projectIsEmpty, lxd/api_project.go:
     * 901,996 at lxd-5.0.2), its own default profile with it */
    for (gint i = (gint) ledger->projects->len - 1; i >= 0; i--) {
        g_autofree char *path = ms_rl_entity_path("projects", ledger->projects->pdata[i], NULL);
        g_autofree char *what =
            g_strdup_printf("delete project %s", (const char *) ledger->projects->pdata[i]);

        undo_request(undo, what, "DELETE", path, NULL, NULL, FALSE, TRUE);
    }
    /* networks once the instances and profiles that may name them in a
     * nic are gone: LXD refuses to delete a network in use (networkDelete,
     * lxd/networks.go:943-953 at lxd-5.0.2); a pending one goes with its
     * database entry alone (:955-960) */
    for (guint i = 0; i < ledger->networks->len; i++) {
        g_autofree char *path = ms_rl_entity_path("networks", ledger->networks->pdata[i], NULL);
        g_autofree char *what =
            g_strdup_printf("delete network %s", (const char *) ledger->networks->pdata[i]);

        undo_request(undo, what, "DELETE", path, NULL, NULL, FALSE, TRUE);
    }
    for (guint i = 0; i < ledger->pools->len; i++) {
        g_autofree char *path = ms_rl_entity_path("storage-pools", ledger->pools->pdata[i], NULL);
        g_autofree char *what = g_strdup_printf("delete pool %s", (const char *) ledger->pools->pdata[i]);

        undo_request(undo, what, "DELETE", path, NULL, NULL, FALSE, TRUE);
    }
}

/* A run that was killed or interrupted may have sent a request LXD is
 * still handling: the instance it creates appears only after the first
 * pass looked for it (seen on LXD 5.0.2: SIGKILL right after `lxc launch`
 * was sent left the instance behind).  So after an interruption the pass
 * is repeated once the cluster has been quiet, until a pass finds nothing
 * left to do. */
#define MS_REPLAY_UNDO_GRACE_US (2 * G_USEC_PER_SEC)
#define MS_REPLAY_UNDO_MAX_PASSES 4

static gboolean
undo_ledger(MsReplayLive *live, const MsReplayLedger *ledger, gboolean interrupted, GString *log)
{
    Undo undo = { live, log, TRUE, 0 };
    /* first: removing what a stopped member holds needs the member */
    gboolean back = ms_replay_live_bring_back(live, ledger, log);

    /* the operations of the projects it created are waited for too */
    for (guint i = 0; i < ledger->projects->len; i++)
        ms_rl_add_unique(live->own_projects, ledger->projects->pdata[i]);

    for (guint pass = 0; pass < MS_REPLAY_UNDO_MAX_PASSES; pass++) {
        g_autoptr(GError) error = NULL;

        undo.acted = 0;
        undo.ok = TRUE;
        undo_pass(&undo, ledger);
        if (!interrupted || (pass > 0 && undo.acted == 0))
            break;
        g_usleep(MS_REPLAY_UNDO_GRACE_US);
        if (!ms_rl_settle(live, FALSE, (gint64) live->timeout_s * G_USEC_PER_SEC, &error))
            g_string_append_printf(log, "clean-up: waiting for a quiet cluster: %s\n", error->message);
    }
    g_ptr_array_set_size(live->requests, 0);
    return back && undo.ok && (!interrupted || undo.acted == 0);
}

gboolean
ms_replay_live_cleanup(MsReplayLive *live, gboolean interrupted, GString *log)
{
    g_autoptr(GError) error = NULL;

    if (live->dry_run || !live->preflight_done || live->journal == NULL)
        return TRUE;
    if (!undo_ledger(live, ms_replay_journal_ledger(live->journal), interrupted, log))
        return FALSE;
    if (!ms_replay_journal_clean(live->journal, &error)) {
        g_string_append_printf(log, "clean-up: %s\n", error->message);
        return FALSE;
    }
    return TRUE;
}

gboolean
ms_replay_live_recover(MsReplayLive *live, const MsReplayLedger *ledger, GString *log)
{
    return undo_ledger(live, ledger, TRUE, log);
}
