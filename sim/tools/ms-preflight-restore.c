/* migsim preflight: the restore of a member, and the ways out when it
 * fails (ms-preflight.c). */
#include "ms-preflight-private.h"

#include <stdio.h>
#include <string.h>

#include "ms-apply.h"
#include "ms-config.h"
#include "ms-escape.h"
#include "ms-scenario.h"

/* The device named in an LXD error ("... for device \"foo\": ..."). */
static char *
device_in_error(const char *error)
{
    const char *start = error ? strstr(error, "device \"") : NULL;
    const char *end;

    if (start == NULL)
        return NULL;
    start += strlen("device \"");
    end = strchr(start, '"');
    return end ? g_strndup(start, end - start) : NULL;
}

/* ---- restore and the ways out ---- */

static MsWayOut *
way_new(const char *title)
{
    MsWayOut *way = g_new0(MsWayOut, 1);

    way->title = g_strdup(title);
    way->commands = g_ptr_array_new_with_free_func(g_free);
    return way;
}

/* Which instance a failed restore stopped at, or NULL. */
static const char *
failed_instance(const MsOutcome *outcome)
{
    for (guint i = outcome->events->len; i > 0; i--) {
        const MsEvent *event = outcome->events->pdata[i - 1];
        if (event->kind == MS_EVENT_FAILED)
            return event->instance;
    }
    return NULL;
}

/* Appends @full->sorted[@from, @to) to @names less the positions in
 * @dropped (sorted) from *@k on */
static void
add_full_range(GPtrArray *names, const MsPfRefusers *full, guint from, guint to, const GArray *dropped,
               guint *k)
{
    for (guint x = from; x < to; x++) {
        while (*k < dropped->len && g_array_index(dropped, guint, *k) < x)
            (*k)++;
        if (*k < dropped->len && g_array_index(dropped, guint, *k) == x)
            continue;
        g_ptr_array_add(names, (gpointer) full->sorted[x]);
    }
}

static gint
position_order(gconstpointer a, gconstpointer b)
{
    guint x = *(const guint *) a, y = *(const guint *) b;

    return x < y ? -1 : x > y;
}

/* The self-check of add_refusers in full states of up to
 * MS_MODEL_SELF_CHECK_MAX instances (the corpus, the unit tests): its
 * answer against the plain one, a set of the step's refusers and of the
 * full state's the view does not hold, sorted; aborts on a difference. */
static void
check_refusers(const GPtrArray *names, const MsCluster *trial, const GPtrArray *trial_refused,
               const MsPfRefusers *full)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GPtrArray) plain = g_ptr_array_new();

    for (guint i = 0; trial_refused != NULL && i < trial_refused->len; i++)
        if (g_hash_table_add(seen, trial_refused->pdata[i]))
            g_ptr_array_add(plain, trial_refused->pdata[i]);
    for (guint i = 0; full != NULL && i < full->names->len; i++)
        if (ms_cluster_lookup_instance(trial, full->names->pdata[i]) == NULL &&
            g_hash_table_add(seen, full->names->pdata[i]))
            g_ptr_array_add(plain, full->names->pdata[i]);
    g_ptr_array_sort(plain, ms_compare_string_ptrs);
    if (plain->len != names->len)
        g_error("ms-preflight-restore.c: add_refusers lists %u refusers, the plain set %u", names->len,
                plain->len);
    for (guint i = 0; i < plain->len; i++)
        if (strcmp(plain->pdata[i], names->pdata[i]) != 0)
            g_error("ms-preflight-restore.c: add_refusers lists %s at %u, the plain set %s",
                    (const char *) names->pdata[i], i, (const char *) plain->pdata[i]);
}

/* Sets @names (borrowed strings) to the users that refused a way's profile
 * change when the operator runs it, sorted by strcmp, without repeats:
 * those of the @trial step (@trial_refused: the instances the view holds,
 * as they are after the failed restore), and those the check on the full
 * state found (@full) that the view does not hold, which the evacuation
 * left as they were.  The full state is the one before the evacuation: an
 * instance it saw running may be stopped by now.
 *
 * @full is sorted once for every way (thousands of names at issue 18's
 * size, in each of a thousand ways: sorting and copying them per way was
 * most of a 1,000 x 100,000 preflight, docs/bench.md 2026-12-06 09:30);
 * a way drops from it the few the view holds, found by position, and
 * places its own few by binary search. */
static void
add_refusers(GPtrArray *names, const MsCluster *trial, const GPtrArray *trial_refused,
             const MsPfRefusers *full, gboolean self_check)
{
    g_autoptr(GPtrArray) own = g_ptr_array_new();
    g_autoptr(GArray) dropped = g_array_new(FALSE, FALSE, sizeof(guint));
    guint at = 0, k = 0;

    if (trial_refused != NULL) {
        g_ptr_array_extend(own, (GPtrArray *) trial_refused, NULL, NULL);
        g_ptr_array_sort(own, ms_compare_string_ptrs);
    }
    if (full != NULL) {
        /* the full state's refusers the view holds: by the view's
         * instances, far fewer than the refusers */
        GHashTableIter iter;
        gpointer name;

        g_hash_table_iter_init(&iter, trial->instances);
        while (g_hash_table_iter_next(&iter, &name, NULL)) {
            guint position = GPOINTER_TO_UINT(g_hash_table_lookup(full->positions, name));
            if (position > 0) {
                position--;
                g_array_append_val(dropped, position);
            }
        }
        g_array_sort(dropped, position_order);
    }
    g_ptr_array_set_size(names, 0);
    for (guint i = 0; i < own->len; i++) {
        const char *name = own->pdata[i];
        guint to = at;

        if (i > 0 && strcmp(own->pdata[i - 1], name) == 0)
            continue;
        if (full != NULL) {
            /* the first of full->sorted[at..] not below @name */
            guint lo = at, hi = full->n_sorted;
            while (lo < hi) {
                guint mid = lo + (hi - lo) / 2;
                if (strcmp(name, full->sorted[mid]) > 0)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            to = lo;
            add_full_range(names, full, at, to, dropped, &k);
            /* the same name from the full state: listed once */
            if (to < full->n_sorted && strcmp(full->sorted[to], name) == 0)
                to++;
        }
        g_ptr_array_add(names, (gpointer) name);
        at = to;
    }
    if (full != NULL)
        add_full_range(names, full, at, full->n_sorted, dropped, &k);
    if (self_check)
        check_refusers(names, trial, trial_refused, full);
}

/* Appends "A, B, C; " for @names: thousands of names in each of a
 * thousand ways at issue 18's size, so measured first and copied into a
 * string grown once (an append each was 2.6 % of a 1,000 x 100,000
 * preflight, docs/bench.md) */
static void
append_names(GString *out, const GPtrArray *names)
{
    gsize start = out->len, length = 2;
    /* each name measured once (strlen twice per name was half of this) */
    g_autofree gsize *sizes = g_new(gsize, names->len + 1);
    char *at;

    for (guint n = 0; n < names->len; n++) {
        sizes[n] = strlen(names->pdata[n]);
        length += sizes[n] + (n > 0 ? 2 : 0);
    }
    g_string_set_size(out, start + length);
    at = out->str + start;
    for (guint n = 0; n < names->len; n++) {
        gsize size = sizes[n];
        if (n > 0) {
            memcpy(at, ", ", 2);
            at += 2;
        }
        memcpy(at, names->pdata[n], size);
        at += size;
    }
    memcpy(at, "; ", 2);
}

/* "`LINE` fails, ..., not applied now to A, B; " for each command
 * of @way saved but refused by running users (@refused: line -> names), or
 * "": the start of the way's result, which check_way appends to (thousands
 * of names at issue 18's size: a "%s" of it in g_strdup_printf copied it
 * again, a percent of a 1,000 x 100,000 preflight) */
static GString *
saved_caveat(const MsWayOut *way, GHashTable *refused)
{
    GString *out = g_string_new(NULL);

    for (guint i = 0; i < way->commands->len; i++) {
        GPtrArray *names = g_hash_table_lookup(refused, way->commands->pdata[i]);
        if (names == NULL || names->len == 0)
            continue;
        /* no claim on the refusers' next start (a validation failure, a
         * stopped user's too: lxd/profiles_utils.go:137 at lxd-5.0.2 updates
         * every user, fails that start again), nor that each was asked (a
         * refusal on the client's member ends the request before the peers
         * are notified, lxd/profiles.go:503 at lxd-5.0.2): none of them has
         * the change applied now, whichever way */
        g_string_append_printf(
            out, "`%s` fails, the profile saved all the same (PROFILE.UPDATE_SAVED), not applied now to ",
            (const char *) way->commands->pdata[i]);
        append_names(out, names);
    }
    return out;
}

/* @out's text (@out freed), in a block of its own size: the results are
 * kept to the end, and a GString's block may be twice its text (14 MB
 * more at the peak of a 1,000 x 100,000 preflight) */
static char *
string_free_fitted(GString *out)
{
    gsize len = out->len;

    return g_realloc(g_string_free(out, FALSE), len + 1);
}

/* Applies @way on a copy of @failed_state, then restores @member again.
 * The copy (1,000 members in issue 18's cluster) is made only once a
 * command is to run on it: a way whose cluster-wide command the full state
 * refuses needs none. */
static void
check_way(MsPfViewSource *src, const MsCluster *failed_state, const MsProfile *profile, const char *member,
          const char *instance, MsWayOut *way, const char *restore_line)
{
    g_autoptr(MsCluster) trial = NULL;
    g_autoptr(MsOutcome) outcome = NULL;
    g_autofree char *parse_error = NULL;
    g_autoptr(GString) caveat = NULL;
    g_autoptr(GHashTable) refused =
        g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
    /* the steps' refusers, whose names @refused borrows */
    g_autoptr(GPtrArray) steps_refused = g_ptr_array_new_with_free_func((GDestroyNotify) g_ptr_array_unref);
    const char *stopped_at;

    way->checked = TRUE;
    for (guint i = 0; i < way->commands->len; i++) {
        const char *line = way->commands->pdata[i];
        g_autoptr(GError) error = NULL;
        g_autoptr(MsOp) op = ms_pf_parse_command(line, &error);
        g_autoptr(MsOutcome) step = NULL;
        const char *full_error;
        const MsPfRefusers *full_refused;

        if (op == NULL) {
            way->result = g_strdup_printf("cannot be simulated: %s", error->message);
            return;
        }
        full_error = ms_pf_full_state_error(src, op, line, &full_refused);
        if (full_error != NULL) {
            way->result = g_strdup_printf("`%s` is refused: Error: %s", line, full_error);
            return;
        }
        if (trial == NULL)
            trial = ms_cluster_copy(failed_state);
        step = ms_pf_apply_op(trial, profile, op, NULL);
        if (step == NULL) {
            way->result = g_strdup_printf("cannot be simulated: %s", parse_error);
            return;
        }
        /* a profile change that running users refused is saved all the
         * same (lxd/profiles_utils.go:80-150 at lxd-5.0.2, :90-160 at
         * lxd-5.21.7, :162-239 at lxd-6.9): the restore is tried with it,
         * and the way says who refused it, as the operator runs it (after
         * the evacuation, not before it); those users take it at their
         * next start */
        if (!step->ok && step->rule != MS_RULE_PROFILE_UPDATE_SAVED) {
            way->result = g_strdup_printf("`%s` is refused: Error: %s",
                                          (const char *) way->commands->pdata[i], step->client_error);
            return;
        }
        if (step->refused_by != NULL || full_refused != NULL) {
            GPtrArray *names = g_ptr_array_new();
            add_refusers(names, trial, step->refused_by, full_refused,
                         g_hash_table_size(src->full->instances) <= MS_MODEL_SELF_CHECK_MAX);
            g_hash_table_replace(refused, (gpointer) line, names);
            if (step->refused_by != NULL)
                g_ptr_array_add(steps_refused, g_steal_pointer(&step->refused_by));
        }
    }
    caveat = saved_caveat(way, refused);
    if (trial == NULL)
        trial = ms_cluster_copy(failed_state);
    if (restore_line != NULL) {
        outcome = ms_pf_apply_command(trial, profile, restore_line, &parse_error);
        if (outcome == NULL) {
            way->result = g_strdup_printf("cannot be simulated: %s", parse_error);
            return;
        }
    } else {
        g_autoptr(MsOp) op = ms_pf_member_op(MS_OP_RESTORE, member, NULL);
        outcome = ms_pf_apply_op(trial, profile, op, NULL);
    }
    if (outcome->ok) {
        const MsInstance *after = ms_cluster_lookup_instance(trial, instance);
        way->works = TRUE;
        g_string_append_printf(caveat, "the restore succeeds; %s is %s on %s", instance,
                               after ? ms_instance_status_to_string(after->status) : "gone",
                               after ? after->location : member);
        way->result = string_free_fitted(g_steal_pointer(&caveat));
        return;
    }
    stopped_at = failed_instance(outcome);
    if (stopped_at != NULL && !g_str_equal(stopped_at, instance)) {
        way->works = TRUE;
        g_string_append_printf(
            caveat, "%s is no longer the problem; the restore then fails on %s (listed separately)", instance,
            stopped_at);
        way->result = string_free_fitted(g_steal_pointer(&caveat));
        return;
    }
    g_string_append_printf(caveat, "does not help: Error: %s", outcome->client_error);
    way->result = string_free_fitted(g_steal_pointer(&caveat));
}

/* Ways out through migration.stateful=false: on the instance, in the last
 * profile that sets it, or by unsetting the server key it came from. */
static void
add_stateful_ways(const MsCluster *failed_state, const MsProfile *profile, const MsInstance *instance,
                  MsRestoreFailure *failure)
{
    MsConfigLayer layer;
    const char *layer_name = NULL;
    const char *stateful =
        ms_cluster_expanded_value(failed_state, profile, instance, "migration.stateful", &layer, &layer_name);
    g_autofree char *q_instance = ms_shell_word(instance->name);
    MsWayOut *way;

    if (!ms_is_true(stateful))
        return;
    way = way_new("override migration.stateful=false on the instance (its own setting beats "
                  "profiles and the server key)");
    g_ptr_array_add(way->commands, g_strdup_printf("lxc config set %s migration.stateful=false", q_instance));
    g_ptr_array_add(failure->ways_out, way);
    if (instance->profiles->len > 0) {
        const char *last =
            layer == MS_LAYER_PROFILE ? layer_name : instance->profiles->pdata[instance->profiles->len - 1];
        g_autofree char *title = g_strdup_printf("override migration.stateful=false in profile '%s' "
                                                 "(every instance using the profile gets it)",
                                                 last);
        g_autofree char *q_last = ms_shell_word(last);
        way = way_new(title);
        g_ptr_array_add(way->commands,
                        g_strdup_printf("lxc profile set %s migration.stateful=false", q_last));
        g_ptr_array_add(failure->ways_out, way);
    }
    if (layer == MS_LAYER_SERVER) {
        way = way_new("unset the server key instances.migration.stateful again");
        g_ptr_array_add(way->commands, g_strdup("lxc config unset instances.migration.stateful"));
        g_ptr_array_add(failure->ways_out, way);
    }
}

/* The first created remote pool of the cluster, or NULL */
static const MsPool *
first_remote_pool(const MsCluster *cluster)
{
    for (guint i = 0; i < cluster->pools->len; i++) {
        const MsPool *candidate = cluster->pools->pdata[i];
        if (ms_pool_is_remote(candidate) && candidate->state == MS_POOL_CREATED)
            return candidate;
    }
    return NULL;
}

/* The commands that put the data of a local volume on @remote: detach,
 * create it there, attach it as the same device. */
static MsWayOut *
remote_volume_way(const MsPool *remote, const char *pool_name, const char *source, const char *path,
                  const char *detach, const char *q_instance, const char *q_device, const MsVolume *volume)
{
    g_autofree char *title =
        g_strdup_printf("move the data to the remote pool '%s' (copy it with `lxc storage "
                        "volume copy %s/%s %s/%s`, then attach the copy; simulated as a "
                        "new volume)",
                        remote->name, pool_name, source, remote->name, source);
    g_autofree char *q_remote = ms_shell_word(remote->name), *q_source = ms_shell_word(source);
    MsWayOut *way = way_new(title);

    g_ptr_array_add(way->commands, g_strdup(detach));
    g_ptr_array_add(way->commands,
                    g_strdup_printf("lxc storage volume create %s %s --type=%s", q_remote, q_source,
                                    ms_content_type_to_string(volume->content_type)));
    if (path != NULL && *path != '\0') {
        g_autofree char *q_path = ms_shell_word(path);
        g_ptr_array_add(way->commands, g_strdup_printf("lxc storage volume attach %s %s %s %s %s", q_remote,
                                                       q_source, q_instance, q_device, q_path));
    } else { /* the three-word form: a path-less device named after the volume */
        g_ptr_array_add(way->commands, g_strdup_printf("lxc storage volume attach %s %s %s", q_remote,
                                                       q_source, q_instance));
    }
    return way;
}

/* Ways out through the custom volume the restore failed on: detach it, or
 * move its data to a remote pool. */
static void
add_volume_ways(const MsCluster *failed_state, const MsInstance *instance, MsRestoreFailure *failure)
{
    g_autoptr(MsDevices) devices = ms_cluster_expand_devices(failed_state, instance);
    MsDevice *device = failure->device != NULL ? ms_devices_lookup(devices, failure->device) : NULL;
    const char *pool_name, *source, *path;
    const MsPool *pool;
    const MsVolume *volume;
    gboolean local_device;

    if (device == NULL || g_strcmp0(ms_device_lookup(device, "type"), "disk") != 0 ||
        ms_device_lookup(device, "pool") == NULL || ms_device_lookup(device, "source") == NULL ||
        g_strcmp0(ms_device_lookup(device, "path"), "/") == 0)
        return;
    pool_name = ms_device_lookup(device, "pool");
    source = ms_device_lookup(device, "source");
    path = ms_device_lookup(device, "path");
    pool = ms_cluster_lookup_pool(failed_state, pool_name);
    volume =
        ms_cluster_lookup_volume(failed_state, ms_cluster_volume_project(failed_state, instance->project),
                                 pool_name, source, instance->location);
    local_device = ms_devices_has(instance->devices, failure->device);
    if (!local_device)
        return;

    /* names go into commands a user may paste: one shell word each */
    g_autofree char *q_pool = ms_shell_word(pool_name), *q_source = ms_shell_word(source);
    g_autofree char *q_instance = ms_shell_word(instance->name), *q_device = ms_shell_word(failure->device);
    g_autofree char *detach =
        g_strdup_printf("lxc storage volume detach %s %s %s %s", q_pool, q_source, q_instance, q_device);
    const MsPool *remote = first_remote_pool(failed_state);
    MsWayOut *way = way_new("detach the volume (the data stays in the pool)");

    g_ptr_array_add(way->commands, g_strdup(detach));
    g_ptr_array_add(failure->ways_out, way);
    if (pool == NULL || ms_pool_is_remote(pool) || volume == NULL)
        return;
    if (remote != NULL) {
        way = remote_volume_way(remote, pool_name, source, path, detach, q_instance, q_device, volume);
    } else {
        way = way_new("move the data to a remote pool (ceph, cephfs, powerflex, pure, alletra, powerstore)");
        way->result = g_strdup("not simulated: this cluster has no remote pool");
    }
    g_ptr_array_add(failure->ways_out, way);
}

/* The restore with --action=skip, where the release has it */
static void
add_skip_way(const MsProfile *profile, const char *member, MsRestoreFailure *failure)
{
    MsWayOut *way;

    if (ms_profile_has(profile, MS_FEATURE_RESTORE_SKIP)) {
        g_autofree char *title = g_strdup_printf("bring %s back without starting its instances "
                                                 "(they stay stopped; start them by hand once fixed)",
                                                 member);
        g_autofree char *q_member = ms_shell_word(member);
        way = way_new(title);
        g_ptr_array_add(way->commands, g_strdup_printf("lxc cluster restore %s --action=skip", q_member));
    } else {
        way = way_new("lxc cluster restore --action=skip");
        way->result = g_strdup_printf("not available in %s (from lxd-5.21.4 and lxd-6.4)", profile->name);
    }
    g_ptr_array_add(failure->ways_out, way);
}

/* Candidate ways out for @instance failing the restore of @member, each
 * checked by simulation on @failed_state. */
static void
add_ways_out(MsPfViewSource *src, const MsCluster *failed_state, const MsProfile *profile, const char *member,
             MsRestoreFailure *failure)
{
    const MsInstance *instance = ms_cluster_lookup_instance(failed_state, failure->instance);

    if (instance == NULL)
        return;
    add_stateful_ways(failed_state, profile, instance, failure);
    add_volume_ways(failed_state, instance, failure);
    add_skip_way(profile, member, failure);
    for (guint i = 0; i < failure->ways_out->len; i++) {
        MsWayOut *way = failure->ways_out->pdata[i];
        const char *last;
        if (way->result != NULL)
            continue;
        last = way->commands->pdata[way->commands->len - 1];
        /* the skip restore is itself the restore to check */
        if (strstr(last, "--action=skip") != NULL) {
            g_autoptr(GPtrArray) none = g_ptr_array_new_with_free_func(g_free);
            g_autoptr(GPtrArray) saved = way->commands;
            way->commands = g_steal_pointer(&none);
            check_way(src, failed_state, profile, member, failure->instance, way, last);
            none = way->commands;
            way->commands = g_steal_pointer(&saved);
            if (way->works) {
                g_free(way->result);
                way->result = g_strdup_printf("%s is ONLINE again; %s stays STOPPED on %s", member,
                                              failure->instance, instance->location);
            }
        } else {
            check_way(src, failed_state, profile, member, failure->instance, way, NULL);
        }
    }
}

/* The parts of @outcome the HTML report shows, copied */
static MsOutcome *
outcome_copy(const MsOutcome *outcome)
{
    MsOutcome *copy = ms_outcome_new();

    copy->ok = outcome->ok;
    copy->rule = outcome->rule;
    copy->client_error = g_strdup(outcome->client_error);
    copy->server_error = g_strdup(outcome->server_error);
    for (guint i = 0; i < outcome->events->len; i++) {
        const MsEvent *e = outcome->events->pdata[i];
        ms_outcome_add_event(copy, e->kind, e->instance, e->from, e->to, e->detail);
    }
    return copy;
}

/* Restores @member on @cluster (EVACUATED); every failure is recorded, and
 * later ones are found by setting each failed instance aside (as if it had
 * been fixed) and restoring again. */
void
ms_pf_run_restore(MsCluster *cluster, const MsProfile *profile, const MsOp *first_op,
                  MsPreflightMember *report, MsPfViewSource *ways_out, MsScenarioResult *html)
{
    guint limit = g_hash_table_size(cluster->instances) + 1;

    report->restore_tried = TRUE;
    for (guint attempt = 0; attempt < limit; attempt++) {
        g_autoptr(MsOp) again = ms_pf_member_op(MS_OP_RESTORE, report->name, NULL);
        const MsOp *op = attempt == 0 ? first_op : again;
        g_autoptr(MsOutcome) outcome = ms_pf_apply_op(cluster, profile, op, NULL);
        const char *name;
        MsRestoreFailure *failure;
        MsInstance *instance;

        if (attempt == 0) {
            g_autoptr(GHashTable) events = ms_pf_summarize_events(outcome);
            report->restore_ok = outcome->ok;
            for (guint i = 0; i < outcome->events->len; i++) {
                const MsEvent *event = outcome->events->pdata[i];
                const MsPfEventSummary *summary =
                    event->instance != NULL ? g_hash_table_lookup(events, event->instance) : NULL;
                MsPreflightFate *fate;
                if (event->kind == MS_EVENT_STARTED && (summary == NULL || !summary->failed)) {
                    if (summary != NULL && summary->moved)
                        continue; /* it came back: listed with its move */
                    fate = ms_pf_fate_new(event->instance, MS_FATE_STARTED);
                    fate->to = g_strdup(report->name);
                } else if (event->kind == MS_EVENT_MIGRATED || event->kind == MS_EVENT_LIVE_MIGRATED) {
                    fate = ms_pf_fate_new(event->instance, MS_FATE_MOVED_BACK);
                    fate->to = g_strdup(event->to);
                    fate->started = summary != NULL && summary->started;
                } else if (event->kind == MS_EVENT_FAILED) {
                    fate = ms_pf_fate_new(event->instance, MS_FATE_FAILED);
                    fate->rule = outcome->rule;
                    fate->reason = g_strdup(event->detail);
                } else {
                    continue;
                }
                g_ptr_array_add(report->restored, fate);
            }
            if (html != NULL)
                ms_pf_html_add(html, op, cluster, profile, outcome_copy(outcome),
                               g_ptr_array_new_with_free_func((GDestroyNotify) ms_rule_hit_free));
        }
        if (outcome->ok)
            return;
        name = failed_instance(outcome);
        instance = name ? ms_cluster_lookup_instance(cluster, name) : NULL;
        if (instance == NULL) {
            /* refused before any instance (networks, storage, an unknown flag) */
            report->restore_error = g_strdup(outcome->client_error);
            report->restore_rule = outcome->rule;
            return;
        }
        failure = g_new0(MsRestoreFailure, 1);
        failure->instance = g_strdup(name);
        failure->rule = outcome->rule;
        failure->error = g_strdup(outcome->client_error);
        failure->device = device_in_error(outcome->client_error);
        failure->hidden = attempt > 0;
        failure->ways_out = g_ptr_array_new_with_free_func((GDestroyNotify) ms_way_out_free);
        g_ptr_array_add(report->failures, failure);
        /* the ways out start where the operator would: right after the
         * failed restore, the member EVACUATED again */
        if (ways_out != NULL)
            add_ways_out(ways_out, cluster, profile, report->name, failure); /* each way copies it */
        /* set it aside: restore neither starts it here nor brings it back */
        ms_cluster_set_instance_config(cluster, instance,
                                       g_str_equal(instance->location, report->name)
                                           ? "volatile.last_state.power"
                                           : "volatile.evacuate.origin",
                                       NULL);
    }
}
