/* migsim: `fault member M offline|online` on a real cluster.  migsim cannot
 * stop an LXD daemon over the API, so replay runs the command the user
 * gave with --fault-command (the live suite's is `lxd-cluster.sh fault
 * DIR`, which stops or starts the member's daemon), then waits until the
 * cluster itself reports the member Offline (after cluster.offline_threshold,
 * lxd/cluster/config/config.go:139 at lxd-5.0.2) or back.
 *
 * `CMD online NAME` must succeed when the member already runs: a replay
 * killed after it journaled `offline` but before the command stopped the
 * daemon leaves a running member on the list --recover brings back. */
#include "ms-replay-live-private.h"

#define FAULT_POLL_US (250 * 1000)
/* cluster.offline_threshold's default (lxd/cluster/config/config.go:139 at
 * lxd-5.0.2), in seconds */
#define FAULT_DEFAULT_OFFLINE_THRESHOLD_S 20
/* beyond the threshold: the API's answer and our poll are not instant */
#define FAULT_SETTLE_MARGIN_US (2 * G_USEC_PER_SEC)
/* a member still Offline this long after the threshold is started again */
#define FAULT_RETRY_AFTER_US (10 * G_USEC_PER_SEC)
#define FAULT_BRING_BACK_ATTEMPTS 3

static gboolean
member_status(MsReplayLive *live, const char *name, char **status, GError **error)
{
    g_auto(MsLiveReply) reply = { 0 };
    g_autofree char *path = ms_rl_entity_path("cluster/members", name, NULL);

    if (!ms_rl_get_object(live, path, &reply, error))
        return FALSE;
    if (reply.failed) {
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED, "GET %s: %s (HTTP %u)", path, reply.error,
                    reply.http_status);
        return FALSE;
    }
    *status = g_strdup(ms_rl_json_string(json_node_get_object(reply.metadata), "status"));
    return TRUE;
}

/* cluster.offline_threshold as the server has it, in seconds */
static guint
offline_threshold_s(MsReplayLive *live)
{
    g_auto(MsLiveReply) reply = { 0 };
    g_autoptr(GError) error = NULL;
    JsonObject *config;
    const char *value;
    guint64 seconds;

    if (!ms_rl_get_object(live, "/1.0", &reply, &error) || reply.failed || reply.metadata == NULL ||
        !JSON_NODE_HOLDS_OBJECT(reply.metadata))
        return FAULT_DEFAULT_OFFLINE_THRESHOLD_S;
    config = ms_rl_json_object(json_node_get_object(reply.metadata), "config");
    value = config != NULL ? ms_rl_json_string(config, "cluster.offline_threshold") : NULL;
    seconds = value != NULL ? g_ascii_strtoull(value, NULL, 10) : 0;
    return seconds > 0 && seconds <= G_MAXUINT ? (guint) seconds : FAULT_DEFAULT_OFFLINE_THRESHOLD_S;
}

/* When LXD's own view of a member stopped or started at @started is
 * settled: one offline threshold later, its last heartbeat before then is
 * too old to count */
static gint64
settle_time(MsReplayLive *live, gint64 started)
{
    return started + (gint64) offline_threshold_s(live) * G_USEC_PER_SEC + FAULT_SETTLE_MARGIN_US;
}

/* Runs COMMAND ACTION NAME and waits until the cluster sees the member as
 * the action left it; @name is the live member. */
static gboolean
run_fault_command(MsReplayLive *live, const char *const *command, const char *name, gboolean offline,
                  char **log, GError **error)
{
    const char *action = offline ? "offline" : "online";
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autofree char *out = NULL, *err = NULL;
    gint64 started, deadline, settled = 0;
    int wait_status = 0;

    for (guint i = 0; command[i] != NULL; i++)
        g_ptr_array_add(argv, (gpointer) command[i]);
    g_ptr_array_add(argv, (gpointer) action);
    g_ptr_array_add(argv, (gpointer) name);
    g_ptr_array_add(argv, NULL);
    if (!g_spawn_sync(NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                      &wait_status, error))
        return FALSE;
    if (!g_spawn_check_wait_status(wait_status, NULL)) {
        g_strstrip(err);
        g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED, "--fault-command %s %s failed: %s", action,
                    name, *err ? err : "(no message)");
        return FALSE;
    }
    started = g_get_monotonic_time();
    deadline = started + (gint64) live->timeout_s * G_USEC_PER_SEC;
    for (;;) {
        g_autofree char *status = NULL;

        if (!member_status(live, name, &status, error))
            return FALSE;
        if (g_strcmp0(status, "Evacuated") == 0) {
            if (settled == 0)
                settled = settle_time(live, started);
            if (g_get_monotonic_time() >= settled) {
                *log = g_strdup_printf(
                    "member %s is Evacuated %.1f s after the --fault-command %s (LXD lists an "
                    "evacuated member so whatever its heartbeat, lxd/db/node.go:151-155 at "
                    "lxd-5.0.2: replay waited one cluster.offline_threshold for LXD to see "
                    "it %s)",
                    name, (double) (g_get_monotonic_time() - started) / G_USEC_PER_SEC, action,
                    offline ? "gone" : "back");
                return TRUE;
            }
        } else if (offline ? g_strcmp0(status, "Offline") == 0 : g_strcmp0(status, "Offline") != 0) {
            *log = g_strdup_printf("member %s is %s after %.1f s", name, status,
                                   (double) (g_get_monotonic_time() - started) / G_USEC_PER_SEC);
            return TRUE;
        }
        if (g_get_monotonic_time() >= deadline) {
            g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED,
                        "member %s still %s %u s after the --fault-command %s", name, status ? status : "?",
                        live->timeout_s, action);
            return FALSE;
        }
        g_usleep(FAULT_POLL_US);
    }
}

/* The journal hears of an offline member before its daemon is stopped
 * (so that --recover after SIGKILL starts it again, even when the kill
 * came while the command ran) and of its return only once the cluster
 * sees it back. */
gboolean
ms_replay_live_fault(MsReplayLive *live, const char *const *command, const char *member, const char *action,
                     char **log, GError **error)
{
    const char *name = ms_rl_map_member(live, member);
    gboolean offline = g_str_equal(action, "offline");

    g_return_val_if_fail(offline || g_str_equal(action, "online"), FALSE);
    *log = NULL;
    if (live->dry_run) {
        *log = g_strdup_printf("would run the --fault-command for %s %s", action, name);
        return TRUE;
    }
    if (offline && live->journal != NULL &&
        !ms_replay_journal_member_offline(live->journal, name, command, error))
        return FALSE;
    if (!run_fault_command(live, command, name, offline, log, error))
        return FALSE;
    return offline || live->journal == NULL || ms_replay_journal_member_online(live->journal, name, error);
}

/* Started again, a member is back for LXD only once the leader's heartbeat
 * reached the new daemon.  When the stop came moments before, LXD may not
 * have marked the member Offline yet, and "Online" then is the old
 * heartbeat's; it turns Offline later (seen in the kill sweep: "No
 * heartbeat for 15.5s" after clean-up had seen it Online).  One threshold
 * after the start, that heartbeat is too old to count: a member Online then
 * has answered a newer one. */
static gboolean
wait_for_heartbeat(MsReplayLive *live, const char *name, gint64 started, char **log, GError **error)
{
    gint64 settled = settle_time(live, started);
    gint64 deadline = settled + MIN((gint64) live->timeout_s * G_USEC_PER_SEC, FAULT_RETRY_AFTER_US);

    for (;;) {
        g_autofree char *status = NULL;
        gint64 now = g_get_monotonic_time();

        if (now >= settled) {
            if (!member_status(live, name, &status, error))
                return FALSE;
            if (g_strcmp0(status, "Offline") != 0) {
                g_free(*log);
                *log = g_strdup_printf("member %s is %s %.1f s after it was started (one "
                                       "cluster.offline_threshold: %s)",
                                       name, status, (double) (now - started) / G_USEC_PER_SEC,
                                       g_strcmp0(status, "Evacuated") == 0
                                           ? "LXD lists an evacuated member so whatever its heartbeat"
                                           : "a heartbeat reached it");
                return TRUE;
            }
            if (now >= deadline) {
                g_set_error(error, MS_LXD_ERROR, MS_LXD_ERROR_FAILED,
                            "member %s still Offline %.0f s after it was started", name,
                            (double) (now - started) / G_USEC_PER_SEC);
                return FALSE;
            }
        }
        g_usleep(FAULT_POLL_US);
    }
}

/* A start that does not last is tried again: a replay killed while its
 * `CMD offline` ran leaves that command running, and its stop may come
 * after ours started the member (seen once in 120 cases of the kill
 * sweep: started, then Offline for good). */
static gboolean
bring_back_one(MsReplayLive *live, const char *const *command, const char *name, char **done, GString *log,
               GError **error)
{
    for (guint attempt = 1;; attempt++) {
        gint64 started = g_get_monotonic_time();

        g_clear_pointer(done, g_free);
        if (!run_fault_command(live, command, name, FALSE, done, error))
            return FALSE;
        if (wait_for_heartbeat(live, name, started, done, error))
            return TRUE;
        if (attempt == FAULT_BRING_BACK_ATTEMPTS)
            return FALSE;
        g_string_append_printf(log, "clean-up: %s; starting it again\n", (*error)->message);
        g_clear_error(error);
    }
}

gboolean
ms_replay_live_bring_back(MsReplayLive *live, const MsReplayLedger *ledger, GString *log)
{
    const char *const *command =
        live->fault_command != NULL ? live->fault_command : (const char *const *) ledger->fault_command;
    /* bringing a member back empties the list being walked */
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new();
    g_auto(GStrv) names = NULL;
    gboolean ok = TRUE;

    for (guint i = 0; i < ledger->offline->len; i++)
        g_strv_builder_add(builder, ledger->offline->pdata[i]);
    names = g_strv_builder_end(builder);
    for (guint i = 0; names[i] != NULL; i++) {
        g_autoptr(GError) error = NULL;
        g_autofree char *done = NULL;

        if (command == NULL) {
            g_string_append_printf(log, "clean-up: FAILED to bring member %s back: no --fault-command\n",
                                   names[i]);
            ok = FALSE;
        } else if (bring_back_one(live, command, names[i], &done, log, &error) &&
                   (live->journal == NULL ||
                    ms_replay_journal_member_online(live->journal, names[i], &error))) {
            g_string_append_printf(log, "clean-up: %s\n", done);
        } else {
            g_string_append_printf(log, "clean-up: FAILED to bring member %s back: %s\n", names[i],
                                   error->message);
            ok = FALSE;
        }
    }
    return ok;
}
