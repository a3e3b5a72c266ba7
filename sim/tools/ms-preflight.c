/* migsim preflight: simulate a change on a cluster's state, then evacuate and
 * restore every member in turn from the changed state, and say what would
 * break and how to get out of it.
 *
 * Everything is decided by the model (ms_cluster_apply); this file only
 * arranges the runs, reads their outcomes and words them.  Each member is
 * checked on its own copy of the changed state, as an operator would do one
 * maintenance at a time. */
#include "ms-preflight.h"

#include <stdio.h>
#include <string.h>

#include "ms-apply.h"
#include "ms-config.h"
#include "ms-escape.h"
#include "ms-report-writers.h"
#include "ms-runner.h"
#include "ms-scenario.h"

static MsPreflightMember *
member_new(const char *name)
{
    MsPreflightMember *member = g_new0(MsPreflightMember, 1);

    member->name = g_strdup(name);
    member->evacuate_rule = MS_RULE_NONE;
    member->restore_rule = MS_RULE_NONE;
    member->fates = g_ptr_array_new_with_free_func((GDestroyNotify) ms_preflight_fate_free);
    member->restored = g_ptr_array_new_with_free_func((GDestroyNotify) ms_preflight_fate_free);
    member->failures = g_ptr_array_new_with_free_func((GDestroyNotify) ms_restore_failure_free);
    return member;
}

static MsPreflightFate *
fate_new(const char *instance, MsFate kind)
{
    MsPreflightFate *fate = g_new0(MsPreflightFate, 1);

    fate->instance = g_strdup(instance);
    fate->fate = kind;
    fate->rule = MS_RULE_NONE;
    return fate;
}

/* ---- running operations ---- */

/* The member whose client sends the requests: the first online one, as an
 * operator would log in to a healthy member. */
static const char *
client_member(const MsCluster *cluster)
{
    for (guint i = 0; i < cluster->members->len; i++) {
        const MsMember *member = cluster->members->pdata[i];
        if (member->status == MS_MEMBER_ONLINE)
            return member->name;
    }
    return ((const MsMember *) cluster->members->pdata[0])->name;
}

static MsOutcome *
apply_op(MsCluster *cluster, const MsProfile *profile, const MsOp *op, GPtrArray *hits)
{
    MsEnv env = { .profile = profile, .hits = hits, .client = client_member(cluster) };

    return ms_cluster_apply(cluster, &env, op);
}

static MsOp *
parse_command(const char *line, GError **error)
{
    g_auto(GStrv) argv = NULL;

    if (!g_shell_parse_argv(line, NULL, &argv, error))
        return NULL;
    return ms_lxc_parse(argv, error);
}

/* Runs an `lxc` command line migsim itself wrote; NULL if the line does not
 * parse (a bug, reported as a failed way out rather than a crash). */
static MsOutcome *
apply_command(MsCluster *cluster, const MsProfile *profile, const char *line, char **parse_error)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsOp) op = parse_command(line, &error);

    if (op == NULL) {
        *parse_error = g_strdup(error->message);
        return NULL;
    }
    return apply_op(cluster, profile, op, NULL);
}

static MsOp *
member_op(MsOpKind kind, const char *member, const char *action)
{
    MsOp *op = ms_op_new(kind);

    op->member = g_strdup(member);
    op->action = g_strdup(action);
    return op;
}

/* What an operation's events say about one instance; an evacuation or
 * restore has two or three events per instance, so one pass over them
 * replaces a search per instance. */
typedef struct {
    const MsEvent *first_move; /* the first event other than "started" */
    gboolean started;
    gboolean failed;
    gboolean moved;
} EventSummary;

/* (transfer full) instance name (borrowed from @outcome) -> EventSummary */
static GHashTable *
summarize_events(const MsOutcome *outcome)
{
    GHashTable *index = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);

    for (guint i = 0; i < outcome->events->len; i++) {
        const MsEvent *event = outcome->events->pdata[i];
        EventSummary *summary;

        if (event->instance == NULL)
            continue;
        summary = g_hash_table_lookup(index, event->instance);
        if (summary == NULL) {
            summary = g_new0(EventSummary, 1);
            g_hash_table_insert(index, event->instance, summary);
        }
        if (summary->first_move == NULL && event->kind != MS_EVENT_STARTED)
            summary->first_move = event;
        summary->started |= event->kind == MS_EVENT_STARTED;
        summary->failed |= event->kind == MS_EVENT_FAILED;
        summary->moved |= event->kind == MS_EVENT_MIGRATED || event->kind == MS_EVENT_LIVE_MIGRATED;
    }
    return index;
}

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

static const char *
layer_words(MsConfigLayer layer, const char *layer_name, char **owned)
{
    switch (layer) {
    case MS_LAYER_LOCAL:
        return "set on the instance";
    case MS_LAYER_PROFILE:
        return (*owned = g_strdup_printf("from profile '%s'", layer_name));
    case MS_LAYER_SERVER:
        return (*owned = g_strdup_printf("from the server key %s", layer_name));
    case MS_LAYER_NONE:
        break;
    }
    return "by default";
}

/* Why evacuation leaves @instance on its member: the model's own record of
 * the rules it evaluated (@hits, @outcome's notes), read back. */
static void
explain_stay(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance,
             const MsOutcome *outcome, GPtrArray *hits, MsPreflightFate *fate)
{
    MsConfigLayer layer;
    const char *layer_name = NULL;
    const char *mode =
        ms_cluster_expanded_value(cluster, profile, instance, "cluster.evacuate", &layer, &layer_name);
    g_autoptr(GHashTable) devices = NULL;
    g_autofree const char **names = NULL;
    gint at = -1;

    if (g_strcmp0(mode, "stop") == 0) {
        g_autofree char *owned = NULL;
        fate->rule = MS_RULE_EVAC_MODE;
        fate->reason = g_strdup_printf("cluster.evacuate=stop (%s)", layer_words(layer, layer_name, &owned));
        return;
    }
    for (guint i = 0; i < hits->len; i++) {
        const MsRuleHit *hit = hits->pdata[i];
        if (hit->rule == MS_RULE_EVAC_CAN_MIGRATE && hit->failed &&
            g_strcmp0(hit->subject, instance->name) == 0)
            at = (gint) i;
    }
    for (gint j = at - 1; j >= 0; j--) {
        const MsRuleHit *hit = hits->pdata[j];
        if (g_strcmp0(hit->subject, instance->name) == 0)
            break; /* the start of this instance's check */
        if (!hit->failed)
            continue;
        if (hit->rule != MS_RULE_DISK_CAN_MIGRATE) {
            g_autofree char *prefix =
                g_strdup_printf("%s: device \"%s\" fails validation (", instance->name, hit->subject);
            fate->rule = hit->rule;
            g_free(fate->device);
            fate->device = g_strdup(hit->subject);
            for (guint n = 0; n < outcome->notes->len; n++) {
                const char *note = outcome->notes->pdata[n];
                const char *message = g_str_has_prefix(note, prefix) ? strstr(note, "): ") : NULL;
                if (message != NULL) {
                    g_free(fate->reason);
                    fate->reason =
                        g_strdup_printf("device \"%s\" fails validation: %s", hit->subject, message + 3);
                }
            }
        } else if (fate->rule == MS_RULE_NONE) {
            fate->rule = MS_RULE_DISK_CAN_MIGRATE;
            fate->device = g_strdup(hit->subject);
        }
    }
    devices = ms_cluster_expand_devices(cluster, instance);
    if (fate->rule == MS_RULE_DISK_CAN_MIGRATE) {
        GHashTable *device = g_hash_table_lookup(devices, fate->device);
        const char *pool = device ? ms_config_get(device, "pool") : NULL;
        fate->reason =
            pool != NULL && *pool != '\0'
                ? g_strdup_printf("device \"%s\" is a disk on the local pool '%s', which cannot move with it",
                                  fate->device, pool)
                : g_strdup_printf("device \"%s\" is a host disk (no pool), which cannot move with it",
                                  fate->device);
        return;
    }
    if (fate->rule != MS_RULE_NONE) {
        if (fate->reason == NULL)
            fate->reason = g_strdup_printf("device \"%s\" fails validation", fate->device);
        return;
    }
    /* devices whose CanMigrate() is false without any rule to record it */
    names = ms_config_sorted_keys(devices);
    for (guint i = 0; names[i] != NULL; i++) {
        GHashTable *device = g_hash_table_lookup(devices, names[i]);
        const char *type = ms_config_get(device, "type");
        gboolean movable = g_strcmp0(type, "disk") == 0 || g_strcmp0(type, "none") == 0 ||
                           (g_strcmp0(type, "nic") == 0 && ms_config_get(device, "network") != NULL);
        if (!movable) {
            fate->rule = MS_RULE_EVAC_CAN_MIGRATE;
            fate->device = g_strdup(names[i]);
            fate->reason =
                g_strcmp0(type, "nic") == 0
                    ? g_strdup_printf(
                          "device \"%s\" is a NIC on no managed network, which cannot move with it", names[i])
                    : g_strdup_printf("device \"%s\" (type %s) cannot move with it", names[i],
                                      type ? type : "?");
            return;
        }
    }
}

/* Evacuates @member_name on @cluster (mutated) and records each instance's
 * fate into @report; with @reasons FALSE only the fates (the comparison
 * with the state before the change needs no more), which spares recording
 * every rule the model evaluates. */
static void
run_evacuation(MsCluster *cluster, const MsProfile *profile, const MsOp *op, MsPreflightMember *report,
               gboolean reasons, MsScenarioResult *html)
{
    g_autoptr(GPtrArray) hits =
        reasons || html != NULL ? g_ptr_array_new_with_free_func((GDestroyNotify) ms_rule_hit_free) : NULL;
    g_autoptr(GPtrArray) instances = ms_cluster_list_instances(cluster, op->member);
    g_autoptr(MsOutcome) outcome = NULL;
    g_autoptr(GHashTable) events = NULL;

    /* the reasons are read against the state the evacuation started from */
    for (guint i = 0; i < instances->len; i++)
        instances->pdata[i] = ms_instance_copy(instances->pdata[i]);
    g_ptr_array_set_free_func(instances, (GDestroyNotify) ms_instance_free);
    outcome = apply_op(cluster, profile, op, hits);
    events = summarize_events(outcome);
    report->evacuate_ok = outcome->ok;
    if (!outcome->ok) {
        report->evacuate_error = g_strdup(outcome->client_error);
        report->evacuate_rule = outcome->rule;
    }
    for (guint i = 0; i < instances->len; i++) {
        const MsInstance *instance = instances->pdata[i];
        const EventSummary *summary = g_hash_table_lookup(events, instance->name);
        const MsEvent *event = summary != NULL ? summary->first_move : NULL;
        MsPreflightFate *fate;

        if (event == NULL) {
            fate = fate_new(instance->name, outcome->ok ? MS_FATE_STAYS : MS_FATE_NOT_REACHED);
            g_ptr_array_add(report->fates, fate);
            continue;
        }
        switch (event->kind) {
        case MS_EVENT_MIGRATED:
        case MS_EVENT_LIVE_MIGRATED:
            fate = fate_new(instance->name,
                            event->kind == MS_EVENT_MIGRATED ? MS_FATE_MOVED : MS_FATE_LIVE_MIGRATED);
            fate->to = g_strdup(event->to);
            fate->started = summary->started;
            break;
        case MS_EVENT_STOPPED:
        case MS_EVENT_UNTOUCHED:
            fate =
                fate_new(instance->name, event->kind == MS_EVENT_STOPPED ? MS_FATE_STOPPED : MS_FATE_STAYS);
            if (op->action != NULL && g_str_equal(op->action, "stop")) {
                fate->rule = MS_RULE_EVAC_MODE;
                fate->reason = g_strdup("--action=stop");
            } else if (hits != NULL) {
                /* @instance is the copy from before the evacuation; profiles
                 * and server config are unchanged by it */
                explain_stay(cluster, profile, instance, outcome, hits, fate);
            }
            break;
        case MS_EVENT_NO_TARGET:
            fate = fate_new(instance->name, MS_FATE_NO_TARGET);
            fate->rule = MS_RULE_EVAC_NO_TARGET;
            fate->reason = g_strdup("no other member can take it (online, not evacuated, "
                                    "scheduler.instance=all, same architecture)");
            break;
        default:
            fate = fate_new(instance->name, MS_FATE_FAILED);
            fate->rule = outcome->rule;
            fate->to = g_strdup(event->to);
            fate->reason = g_strdup(event->detail);
            break;
        }
        g_ptr_array_add(report->fates, fate);
    }
    if (html != NULL) {
        MsStepResult *sr = g_new0(MsStepResult, 1);
        sr->kind = MS_RESULT_COMMAND;
        sr->op_kind = op->kind;
        sr->text = ms_op_to_command(op);
        sr->expected = g_strdup("ok");
        sr->met = outcome->ok;
        sr->hits = g_steal_pointer(&hits);
        sr->state = ms_cluster_to_json(cluster, profile);
        sr->outcome = g_steal_pointer(&outcome);
        html->n_commands++;
        html->n_failed += !sr->met;
        g_ptr_array_add(html->steps, sr);
    }
}

/* ---- member views ----
 *
 * Evacuating and restoring one member touches that member's instances, the
 * instances evacuated from it earlier, and the members' instance counts.
 * A check therefore runs on a view: every member (with its real instance
 * count), pool, volume, profile and setting, but only the instances the
 * model can look at for that member: its own, those whose origin it is,
 * those sharing a custom volume with them (block-volume sharing rules) and,
 * where placement groups exist, those in a placement group (placement
 * counts).  The result is the same as on a full copy (tests/preflight checks
 * both ways on the corpus) at a fraction of the cost on big clusters. */

typedef struct {
    const MsCluster *full;
    const MsProfile *profile;
    gboolean full_copies;
    GHashTable *by_volume; /* "pool/source" -> GPtrArray of instance names (borrowed) */
    GHashTable *by_origin; /* member -> GPtrArray of instance names (borrowed) */
    GPtrArray *grouped;    /* instance names with a placement.group */
    GHashTable *accepted;  /* cluster-wide command -> its error on the full state, "" if accepted */
    /* @full without instances and volumes, made for the first view: views
     * are copies of it, so they share @full's frozen device sets (and their
     * validation memos) and its interned strings instead of rebuilding both
     * per view */
    MsCluster *skeleton;
} ViewSource;

static void
view_source_free(ViewSource *src)
{
    if (src == NULL)
        return;
    g_hash_table_unref(src->by_volume);
    g_hash_table_unref(src->by_origin);
    g_ptr_array_unref(src->grouped);
    g_hash_table_unref(src->accepted);
    if (src->skeleton != NULL)
        ms_cluster_free(src->skeleton);
    g_free(src);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ViewSource, view_source_free)

static void
index_add(GHashTable *index, const char *key, const char *name)
{
    GPtrArray *list = g_hash_table_lookup(index, key);

    if (list == NULL) {
        list = g_ptr_array_new();
        g_hash_table_insert(index, g_strdup(key), list);
    }
    g_ptr_array_add(list, (gpointer) name);
}

static ViewSource *
view_source_new(const MsCluster *full, const MsProfile *profile, gboolean full_copies)
{
    ViewSource *src = g_new0(ViewSource, 1);
    gboolean groups = ms_profile_has(profile, MS_FEATURE_PLACEMENT_GROUPS) && full->placement_groups->len > 0;
    GHashTableIter iter;
    gpointer value;

    src->full = full;
    src->profile = profile;
    src->full_copies = full_copies;
    src->by_volume =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
    src->by_origin =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
    src->grouped = g_ptr_array_new();
    src->accepted = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    if (full_copies)
        return src;
    g_hash_table_iter_init(&iter, full->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        const MsInstance *instance = value;
        const char *origin = ms_instance_get_config(instance, "volatile.evacuate.origin");
        g_autoptr(GHashTable) devices = ms_cluster_expand_devices(full, instance);
        GHashTableIter dev_iter;
        gpointer dev;

        if (origin != NULL)
            index_add(src->by_origin, origin, instance->name);
        g_hash_table_iter_init(&dev_iter, devices);
        while (g_hash_table_iter_next(&dev_iter, NULL, &dev)) {
            const char *pool = ms_config_get(dev, "pool"), *source = ms_config_get(dev, "source");
            if (pool != NULL && source != NULL) {
                g_autofree char *key = g_strdup_printf("%s/%s", pool, source);
                index_add(src->by_volume, key, instance->name);
            }
        }
        if (groups &&
            ms_cluster_expanded_value(full, profile, instance, "placement.group", NULL, NULL) != NULL)
            g_ptr_array_add(src->grouped, instance->name);
    }
    return src;
}

/* Adds @name and every instance sharing a custom volume with it to @names,
 * and the volumes of those names (any pool: creating one checks the name)
 * to @volumes. */
static void
select_with_volumes(const ViewSource *src, GHashTable *names, GHashTable *volumes, const char *name)
{
    const MsInstance *instance = ms_cluster_lookup_instance(src->full, name);
    g_autoptr(GHashTable) devices = NULL;
    GHashTableIter iter;
    gpointer dev;

    if (instance == NULL || !g_hash_table_add(names, (gpointer) instance->name))
        return;
    devices = ms_cluster_expand_devices(src->full, instance);
    g_hash_table_iter_init(&iter, devices);
    while (g_hash_table_iter_next(&iter, NULL, &dev)) {
        const char *pool = ms_config_get(dev, "pool"), *source = ms_config_get(dev, "source");
        g_autofree char *key = NULL;
        GPtrArray *users;
        if (pool == NULL || source == NULL)
            continue;
        key = g_strdup_printf("%s/%s", pool, source);
        users = g_hash_table_lookup(src->by_volume, key);
        for (guint i = 0; users != NULL && i < users->len; i++)
            g_hash_table_add(names, users->pdata[i]);
        /* @source belongs to expanded devices freed on return */
        g_hash_table_add(volumes, g_strdup(source));
    }
}

/* (transfer full) the view of @src's cluster for checking @member. */
static MsCluster *
member_view(ViewSource *src, const char *member)
{
    const MsCluster *full = src->full;
    g_autoptr(GHashTable) names = NULL;
    g_autoptr(GHashTable) volume_names = NULL;
    g_autoptr(GPtrArray) local = NULL;
    GPtrArray *origin;
    MsCluster *view;
    GHashTableIter iter;
    gpointer name;

    if (src->full_copies)
        return ms_cluster_copy(full);
    names = g_hash_table_new(g_str_hash, g_str_equal);
    volume_names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    local = ms_cluster_list_instances(full, member);
    for (guint i = 0; i < local->len; i++)
        select_with_volumes(src, names, volume_names, ((MsInstance *) local->pdata[i])->name);
    origin = g_hash_table_lookup(src->by_origin, member);
    for (guint i = 0; origin != NULL && i < origin->len; i++)
        select_with_volumes(src, names, volume_names, origin->pdata[i]);
    for (guint i = 0; i < src->grouped->len; i++)
        g_hash_table_add(names, src->grouped->pdata[i]);

    if (src->skeleton == NULL) {
        g_autoptr(GPtrArray) all = ms_cluster_list_instances(full, NULL);
        src->skeleton = ms_cluster_copy(full);
        for (guint i = 0; i < all->len; i++)
            ms_cluster_remove_instance(src->skeleton, ((const MsInstance *) all->pdata[i])->name);
        g_ptr_array_set_size(src->skeleton->volumes, 0);
        ms_cluster_volumes_changed(src->skeleton);
    }
    view = ms_cluster_copy(src->skeleton);
    /* in the full state's order, which lookups and dumps follow */
    for (guint i = 0; i < full->volumes->len; i++) {
        const MsVolume *volume = full->volumes->pdata[i];
        if (g_hash_table_contains(volume_names, volume->name) || volume->location == NULL ||
            g_str_equal(volume->location, member))
            g_ptr_array_add(view->volumes, ms_volume_copy(volume));
    }
    g_hash_table_iter_init(&iter, names);
    while (g_hash_table_iter_next(&iter, &name, NULL))
        ms_cluster_add_instance(view, ms_instance_copy(ms_cluster_lookup_instance(full, name)));
    /* the scheduler counts every instance, not only the view's */
    for (guint i = 0; i < full->members->len; i++)
        ((MsMember *) view->members->pdata[i])->n_instances =
            ((MsMember *) full->members->pdata[i])->n_instances;
    ms_cluster_members_changed(view);
    return view;
}

/* A cluster-wide command (profile or server config) is validated against
 * every instance it affects; a view holds only some, so it is also tried
 * once on the full state.  Returns its error there, or NULL. */
static const char *
full_state_error(ViewSource *src, const MsOp *op, const char *line)
{
    gboolean wide =
        op->kind == MS_OP_PROFILE_SET || op->kind == MS_OP_PROFILE_UNSET ||
        ((op->kind == MS_OP_CONFIG_SET || op->kind == MS_OP_CONFIG_UNSET) && op->instance == NULL);
    const char *cached;

    if (!wide || src->full_copies)
        return NULL;
    cached = g_hash_table_lookup(src->accepted, line);
    if (cached == NULL) {
        g_autoptr(MsCluster) trial = ms_cluster_copy(src->full);
        g_autoptr(MsOutcome) outcome = apply_op(trial, src->profile, op, NULL);
        cached = outcome->ok ? "" : outcome->client_error;
        g_hash_table_insert(src->accepted, g_strdup(line), g_strdup(cached));
        cached = g_hash_table_lookup(src->accepted, line);
    }
    return *cached == '\0' ? NULL : cached;
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

/* Applies @way on a copy of @failed_state, then restores @member again. */
static void
check_way(ViewSource *src, const MsCluster *failed_state, const MsProfile *profile, const char *member,
          const char *instance, MsWayOut *way, const char *restore_line)
{
    g_autoptr(MsCluster) trial = ms_cluster_copy(failed_state);
    g_autoptr(MsOutcome) outcome = NULL;
    g_autofree char *parse_error = NULL;
    const char *stopped_at;

    way->checked = TRUE;
    for (guint i = 0; i < way->commands->len; i++) {
        const char *line = way->commands->pdata[i];
        g_autoptr(GError) error = NULL;
        g_autoptr(MsOp) op = parse_command(line, &error);
        g_autoptr(MsOutcome) step = NULL;
        const char *refused;

        if (op == NULL) {
            way->result = g_strdup_printf("cannot be simulated: %s", error->message);
            return;
        }
        refused = full_state_error(src, op, line);
        if (refused != NULL) {
            way->result = g_strdup_printf("`%s` is refused: Error: %s", line, refused);
            return;
        }
        step = apply_op(trial, profile, op, NULL);
        if (step == NULL) {
            way->result = g_strdup_printf("cannot be simulated: %s", parse_error);
            return;
        }
        if (!step->ok) {
            way->result = g_strdup_printf("`%s` is refused: Error: %s",
                                          (const char *) way->commands->pdata[i], step->client_error);
            return;
        }
    }
    if (restore_line != NULL) {
        outcome = apply_command(trial, profile, restore_line, &parse_error);
        if (outcome == NULL) {
            way->result = g_strdup_printf("cannot be simulated: %s", parse_error);
            return;
        }
    } else {
        g_autoptr(MsOp) op = member_op(MS_OP_RESTORE, member, NULL);
        outcome = apply_op(trial, profile, op, NULL);
    }
    if (outcome->ok) {
        const MsInstance *after = ms_cluster_lookup_instance(trial, instance);
        way->works = TRUE;
        way->result = g_strdup_printf("the restore succeeds; %s is %s on %s", instance,
                                      after ? ms_instance_status_to_string(after->status) : "gone",
                                      after ? after->location : member);
        return;
    }
    stopped_at = failed_instance(outcome);
    if (stopped_at != NULL && !g_str_equal(stopped_at, instance)) {
        way->works = TRUE;
        way->result =
            g_strdup_printf("%s is no longer the problem; the restore then fails on %s (listed separately)",
                            instance, stopped_at);
        return;
    }
    way->result = g_strdup_printf("does not help: Error: %s", outcome->client_error);
}

/* Candidate ways out for @instance failing the restore of @member, each
 * checked by simulation on @failed_state. */
static void
add_ways_out(ViewSource *src, const MsCluster *failed_state, const MsProfile *profile, const char *member,
             MsRestoreFailure *failure)
{
    const MsInstance *instance = ms_cluster_lookup_instance(failed_state, failure->instance);
    g_autoptr(GHashTable) devices = NULL;
    GHashTable *device = NULL;
    MsConfigLayer layer;
    const char *layer_name = NULL;
    const char *stateful;

    if (instance == NULL)
        return;
    stateful =
        ms_cluster_expanded_value(failed_state, profile, instance, "migration.stateful", &layer, &layer_name);
    if (ms_is_true(stateful)) {
        MsWayOut *way = way_new("override migration.stateful=false on the instance (its own setting beats "
                                "profiles and the server key)");
        g_autofree char *q_instance = ms_shell_word(instance->name);
        g_ptr_array_add(way->commands,
                        g_strdup_printf("lxc config set %s migration.stateful=false", q_instance));
        g_ptr_array_add(failure->ways_out, way);
        if (instance->profiles->len > 0) {
            const char *last = layer == MS_LAYER_PROFILE
                                   ? layer_name
                                   : instance->profiles->pdata[instance->profiles->len - 1];
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
    devices = ms_cluster_expand_devices(failed_state, instance);
    if (failure->device != NULL)
        device = g_hash_table_lookup(devices, failure->device);
    if (device != NULL && g_strcmp0(ms_config_get(device, "type"), "disk") == 0 &&
        ms_config_get(device, "pool") != NULL && ms_config_get(device, "source") != NULL &&
        g_strcmp0(ms_config_get(device, "path"), "/") != 0) {
        const char *pool_name = ms_config_get(device, "pool");
        const char *source = ms_config_get(device, "source");
        const char *path = ms_config_get(device, "path");
        const MsPool *pool = ms_cluster_lookup_pool(failed_state, pool_name);
        const MsVolume *volume =
            ms_cluster_lookup_volume(failed_state, pool_name, source, instance->location);
        gboolean local_device = g_hash_table_contains(instance->devices, failure->device);
        const MsPool *remote = NULL;
        /* names go into commands a user may paste: one shell word each */
        g_autofree char *q_pool = ms_shell_word(pool_name), *q_source = ms_shell_word(source);
        g_autofree char *q_instance = ms_shell_word(instance->name),
                        *q_device = ms_shell_word(failure->device);
        g_autofree char *detach =
            g_strdup_printf("lxc storage volume detach %s %s %s %s", q_pool, q_source, q_instance, q_device);
        MsWayOut *way;

        if (local_device) {
            way = way_new("detach the volume (the data stays in the pool)");
            g_ptr_array_add(way->commands, g_strdup(detach));
            g_ptr_array_add(failure->ways_out, way);
        }
        for (guint i = 0; i < failed_state->pools->len && remote == NULL; i++) {
            const MsPool *candidate = failed_state->pools->pdata[i];
            if (ms_pool_is_remote(candidate) && candidate->state == MS_POOL_CREATED)
                remote = candidate;
        }
        if (pool != NULL && !ms_pool_is_remote(pool) && volume != NULL && local_device) {
            if (remote != NULL) {
                g_autofree char *title =
                    g_strdup_printf("move the data to the remote pool '%s' (copy it with `lxc storage volume "
                                    "copy %s/%s %s/%s`, "
                                    "then attach the copy; simulated as a new volume)",
                                    remote->name, pool_name, source, remote->name, source);
                way = way_new(title);
                g_ptr_array_add(way->commands, g_strdup(detach));
                g_autofree char *q_remote = ms_shell_word(remote->name);
                g_ptr_array_add(way->commands,
                                g_strdup_printf("lxc storage volume create %s %s --type=%s", q_remote,
                                                q_source, ms_content_type_to_string(volume->content_type)));
                if (path != NULL && *path != '\0') {
                    g_autofree char *q_path = ms_shell_word(path);
                    g_ptr_array_add(way->commands,
                                    g_strdup_printf("lxc storage volume attach %s %s %s %s %s", q_remote,
                                                    q_source, q_instance, q_device, q_path));
                } else { /* the three-word form: a path-less device named after the volume */
                    g_ptr_array_add(way->commands, g_strdup_printf("lxc storage volume attach %s %s %s",
                                                                   q_remote, q_source, q_instance));
                }
            } else {
                way = way_new(
                    "move the data to a remote pool (ceph, cephfs, powerflex, pure, alletra, powerstore)");
                way->result = g_strdup("not simulated: this cluster has no remote pool");
            }
            g_ptr_array_add(failure->ways_out, way);
        }
    }
    if (ms_profile_has(profile, MS_FEATURE_RESTORE_SKIP)) {
        g_autofree char *title = g_strdup_printf("bring %s back without starting its instances "
                                                 "(they stay stopped; start them by hand once fixed)",
                                                 member);
        MsWayOut *way = way_new(title);
        g_autofree char *q_member = ms_shell_word(member);
        g_ptr_array_add(way->commands, g_strdup_printf("lxc cluster restore %s --action=skip", q_member));
        g_ptr_array_add(failure->ways_out, way);
    } else {
        MsWayOut *way = way_new("lxc cluster restore --action=skip");
        way->result = g_strdup_printf("not available in %s (from lxd-5.21.4 and lxd-6.4)", profile->name);
        g_ptr_array_add(failure->ways_out, way);
    }
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

/* Restores @member on @cluster (EVACUATED); every failure is recorded, and
 * later ones are found by setting each failed instance aside (as if it had
 * been fixed) and restoring again. */
static void
run_restore(MsCluster *cluster, const MsProfile *profile, const MsOp *first_op, MsPreflightMember *report,
            ViewSource *ways_out, MsScenarioResult *html)
{
    guint limit = g_hash_table_size(cluster->instances) + 1;

    report->restore_tried = TRUE;
    for (guint attempt = 0; attempt < limit; attempt++) {
        g_autoptr(MsOp) again = member_op(MS_OP_RESTORE, report->name, NULL);
        const MsOp *op = attempt == 0 ? first_op : again;
        g_autoptr(MsOutcome) outcome = apply_op(cluster, profile, op, NULL);
        const char *name;
        MsRestoreFailure *failure;
        MsInstance *instance;

        if (attempt == 0) {
            g_autoptr(GHashTable) events = summarize_events(outcome);
            report->restore_ok = outcome->ok;
            for (guint i = 0; i < outcome->events->len; i++) {
                const MsEvent *event = outcome->events->pdata[i];
                const EventSummary *summary =
                    event->instance != NULL ? g_hash_table_lookup(events, event->instance) : NULL;
                MsPreflightFate *fate;
                if (event->kind == MS_EVENT_STARTED && (summary == NULL || !summary->failed)) {
                    if (summary != NULL && summary->moved)
                        continue; /* it came back: listed with its move */
                    fate = fate_new(event->instance, MS_FATE_STARTED);
                    fate->to = g_strdup(report->name);
                } else if (event->kind == MS_EVENT_MIGRATED || event->kind == MS_EVENT_LIVE_MIGRATED) {
                    fate = fate_new(event->instance, MS_FATE_MOVED_BACK);
                    fate->to = g_strdup(event->to);
                    fate->started = summary != NULL && summary->started;
                } else if (event->kind == MS_EVENT_FAILED) {
                    fate = fate_new(event->instance, MS_FATE_FAILED);
                    fate->rule = outcome->rule;
                    fate->reason = g_strdup(event->detail);
                } else {
                    continue;
                }
                g_ptr_array_add(report->restored, fate);
            }
            if (html != NULL) {
                MsStepResult *sr = g_new0(MsStepResult, 1);
                sr->kind = MS_RESULT_COMMAND;
                sr->op_kind = op->kind;
                sr->text = ms_op_to_command(op);
                sr->expected = g_strdup("ok");
                sr->met = outcome->ok;
                sr->hits = g_ptr_array_new_with_free_func((GDestroyNotify) ms_rule_hit_free);
                sr->state = ms_cluster_to_json(cluster, profile);
                sr->outcome = ms_outcome_new();
                sr->outcome->ok = outcome->ok;
                sr->outcome->rule = outcome->rule;
                sr->outcome->client_error = g_strdup(outcome->client_error);
                sr->outcome->server_error = g_strdup(outcome->server_error);
                for (guint i = 0; i < outcome->events->len; i++) {
                    const MsEvent *e = outcome->events->pdata[i];
                    ms_outcome_add_event(sr->outcome, e->kind, e->instance, e->from, e->to, e->detail);
                }
                html->n_commands++;
                html->n_failed += !sr->met;
                g_ptr_array_add(html->steps, sr);
            }
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

/* Evacuate then restore @member from @state (not modified). */
static MsPreflightMember *
check_member(ViewSource *src, const char *name, gboolean ways_out, MsScenarioResult *html)
{
    const MsCluster *state = src->full;
    const MsProfile *profile = src->profile;
    MsPreflightMember *report = member_new(name);
    const MsMember *member = ms_cluster_lookup_member(state, name);
    g_autoptr(MsCluster) cluster = NULL;
    g_autoptr(MsOp) evacuate = NULL;
    g_autoptr(MsOp) restore = NULL;
    const MsMember *after;

    if (member->status != MS_MEMBER_ONLINE) {
        report->skipped = g_strdup_printf("it is %s already", ms_member_status_to_string(member->status));
        return report;
    }
    cluster = member_view(src, name);
    evacuate = member_op(MS_OP_EVACUATE, name, NULL);
    /* the check before the change (no ways out) only marks what is new */
    run_evacuation(cluster, profile, evacuate, report, ways_out, html);
    after = ms_cluster_lookup_member(cluster, name);
    if (after->status == MS_MEMBER_EVACUATED) {
        restore = member_op(MS_OP_RESTORE, name, NULL);
        run_restore(cluster, profile, restore, report, ways_out ? src : NULL, html);
    }
    return report;
}

static gboolean
member_has_issue(const MsPreflightMember *member)
{
    if (!member->evacuate_ok || member->failures->len > 0 || member->restore_error != NULL)
        return TRUE;
    for (guint i = 0; i < member->fates->len; i++) {
        const MsPreflightFate *fate = member->fates->pdata[i];
        if (fate->fate != MS_FATE_MOVED && fate->fate != MS_FATE_LIVE_MIGRATED)
            return TRUE;
    }
    return FALSE;
}

static guint
member_problems(const MsPreflightMember *member)
{
    return (member->skipped == NULL && !member->evacuate_ok) + member->failures->len +
           (member->restore_error != NULL);
}

/* Marks what the change introduced, comparing with the same check on the
 * state before it. */
static void
mark_new(MsPreflightMember *after, const MsPreflightMember *before)
{
    for (guint i = 0; i < after->fates->len; i++) {
        MsPreflightFate *fate = after->fates->pdata[i];
        gboolean moved_before = TRUE;
        if (fate->fate == MS_FATE_MOVED || fate->fate == MS_FATE_LIVE_MIGRATED)
            continue;
        for (guint j = 0; j < before->fates->len; j++) {
            const MsPreflightFate *old = before->fates->pdata[j];
            if (g_str_equal(old->instance, fate->instance))
                moved_before = old->fate == MS_FATE_MOVED || old->fate == MS_FATE_LIVE_MIGRATED;
        }
        fate->is_new = moved_before && before->skipped == NULL;
    }
    for (guint i = 0; i < after->failures->len; i++) {
        MsRestoreFailure *failure = after->failures->pdata[i];
        failure->is_new = TRUE;
        for (guint j = 0; j < before->failures->len; j++)
            if (g_str_equal(((MsRestoreFailure *) before->failures->pdata[j])->instance, failure->instance))
                failure->is_new = FALSE;
    }
}

static MsScenarioResult *
html_result(GPtrArray *results, const char *title, const MsProfile *profile, const MsCluster *initial)
{
    MsScenarioResult *result;

    if (results == NULL)
        return NULL;
    result = ms_scenario_result_new(title, profile);
    result->title = g_strdup(title);
    result->initial_state = ms_cluster_to_json(initial, profile);
    g_ptr_array_add(results, result);
    return result;
}

/* ---- the change: the steps run by the runner's step loop ---- */

/* What the HTML report shows of a command of the change: its answer, not
 * its events. */
static MsOutcome *
answer_only(const MsOutcome *outcome)
{
    MsOutcome *answer = ms_outcome_new();

    answer->ok = outcome->ok;
    answer->rule = outcome->rule;
    answer->client_error = g_strdup(outcome->client_error);
    answer->server_error = g_strdup(outcome->server_error);
    return answer;
}

/* Runs the change @steps on @changed; one MsPreflightStep per command and
 * per assertion of this release (directives are not listed), its
 * commands also in @html (nullable). */
static void
run_change(MsPreflightReport *report, MsCluster *changed, const char *client, GPtrArray *steps,
           const MsProfile *profile, MsScenarioResult *html)
{
    /* the plan is of one change made to completion */
    MsRunOptions options = {
        .capture_state = html != NULL,
        .no_timing_notes = TRUE,
        .refuse_jobs = "requests in flight ('&', 'step', 'wait') are not part of a preflight",
    };
    g_autoptr(MsScenarioResult) run = ms_scenario_result_new("the change", profile);

    ms_runner_run_steps(changed, client, steps, profile, &options, run);
    for (guint i = 0; i < run->steps->len; i++) {
        MsStepResult *sr = run->steps->pdata[i];
        MsPreflightStep *ps;

        if (sr->kind == MS_RESULT_DIRECTIVE || sr->not_applicable)
            continue;
        ps = g_new0(MsPreflightStep, 1);
        ps->text = g_strdup(sr->text);
        ps->rule = MS_RULE_NONE;
        ps->ok = sr->met;
        ps->mismatch = g_strdup(sr->mismatch);
        g_ptr_array_add(report->steps, ps);
        if (!ps->ok) {
            report->accepted = FALSE;
            report->n_problems++;
        }
        if (sr->outcome == NULL) /* an assertion, or a request in flight */
            continue;
        ps->outcome = g_steal_pointer(&sr->outcome);
        ps->error = g_strdup(ps->outcome->client_error);
        ps->rule = ps->outcome->rule;
        if (html != NULL) {
            sr->outcome = answer_only(ps->outcome);
            html->n_commands++;
            html->n_failed += !sr->met;
            g_ptr_array_add(html->steps, g_ptr_array_steal_index(run->steps, i--));
        }
    }
}

MsPreflightReport *
ms_preflight_run(const MsStateFile *base, const MsProfile *profile, GPtrArray *steps, const char *source,
                 const MsPreflightOptions *options)
{
    g_autoptr(MsPreflightReport) report = g_new0(MsPreflightReport, 1);
    g_autoptr(MsCluster) changed = ms_cluster_copy(base->cluster);
    g_autoptr(ViewSource) changed_src = NULL;
    g_autoptr(ViewSource) base_src = NULL;
    const MsStep *plan_step = NULL;
    guint n_commands = 0;
    MsScenarioResult *html;

    report->profile = profile;
    report->source = g_strdup(source);
    report->server_version = g_strdup(base->server_version);
    report->n_members = base->cluster->members->len;
    report->n_instances = g_hash_table_size(base->cluster->instances);
    report->steps = g_ptr_array_new_with_free_func((GDestroyNotify) ms_preflight_step_free);
    report->members = g_ptr_array_new_with_free_func((GDestroyNotify) ms_preflight_member_free);
    report->accepted = TRUE;
    if (options->keep_results)
        report->results = g_ptr_array_new_with_free_func((GDestroyNotify) ms_scenario_result_free);

    for (guint i = 0; i < steps->len; i++) {
        const MsStep *step = steps->pdata[i];
        n_commands += step->kind == MS_STEP_COMMAND;
        if (step->kind == MS_STEP_COMMAND &&
            (step->op->kind == MS_OP_EVACUATE || step->op->kind == MS_OP_RESTORE))
            plan_step = step;
    }
    /* one evacuate or restore: the question is that operation itself */
    if (n_commands == 1 && plan_step != NULL && steps->len == 1) {
        const MsOp *op = plan_step->op;
        g_autoptr(MsCluster) cluster = ms_cluster_copy(base->cluster);
        g_autoptr(ViewSource) src = view_source_new(base->cluster, profile, options->full_copies);
        const MsMember *member = ms_cluster_lookup_member(cluster, op->member);
        MsPreflightStep *ps = g_new0(MsPreflightStep, 1);

        html = html_result(report->results, plan_step->text, profile, cluster);
        ps->text = g_strdup(plan_step->text);
        ps->ok = TRUE;
        ps->rule = MS_RULE_NONE;
        g_ptr_array_add(report->steps, ps);
        report->plan = member_new(op->member);
        if (op->kind == MS_OP_EVACUATE) {
            run_evacuation(cluster, profile, op, report->plan, TRUE, html);
            ps->ok = report->plan->evacuate_ok;
            ps->error = g_strdup(report->plan->evacuate_error);
            ps->rule = report->plan->evacuate_rule;
            member = ms_cluster_lookup_member(cluster, op->member);
            if (ps->ok && member != NULL && member->status == MS_MEMBER_EVACUATED) {
                g_autoptr(MsOp) restore = member_op(MS_OP_RESTORE, op->member, NULL);
                run_restore(cluster, profile, restore, report->plan, src, html);
            }
        } else {
            report->plan->evacuate_ok = TRUE;
            run_restore(cluster, profile, op, report->plan, src, html);
            ps->ok = report->plan->restore_ok;
            if (!ps->ok) {
                ps->error = g_strdup(report->plan->restore_error
                                         ? report->plan->restore_error
                                         : ((MsRestoreFailure *) report->plan->failures->pdata[0])->error);
                ps->rule = report->plan->restore_error
                               ? report->plan->restore_rule
                               : ((MsRestoreFailure *) report->plan->failures->pdata[0])->rule;
            }
        }
        report->accepted = ps->ok;
        report->n_problems = member_problems(report->plan) + (!ps->ok && op->kind == MS_OP_RESTORE &&
                                                              report->plan->failures->len == 0 &&
                                                              report->plan->restore_error == NULL);
        return g_steal_pointer(&report);
    }

    html = html_result(report->results, "the change", profile, changed);
    run_change(report, changed, client_member(changed), steps, profile, html);
    if (!report->accepted)
        return g_steal_pointer(&report);

    changed_src = view_source_new(changed, profile, options->full_copies);
    for (guint i = 0; i < changed->members->len; i++) {
        const MsMember *member = changed->members->pdata[i];
        g_autofree char *title = g_strdup_printf("evacuate and restore %s", member->name);
        MsScenarioResult *member_html = html_result(report->results, title, profile, changed);
        MsPreflightMember *checked = check_member(changed_src, member->name, TRUE, member_html);

        if (steps->len > 0 && member_has_issue(checked)) {
            g_autoptr(MsPreflightMember) before = NULL;
            if (ms_cluster_lookup_member(base->cluster, member->name) != NULL) {
                if (base_src == NULL)
                    base_src = view_source_new(base->cluster, profile, options->full_copies);
                before = check_member(base_src, member->name, FALSE, NULL);
                mark_new(checked, before);
            }
        }
        report->n_problems += member_problems(checked);
        g_ptr_array_add(report->members, checked);
    }
    return g_steal_pointer(&report);
}
