/* migsim serve --speed: operations that take their simulated time.
 *
 * Without it (speed 0, the default) an operation is done when it is
 * created.  With it, the API keeps each operation running for the
 * simulated duration of the ops it applied (model/ms-clock.c: the
 * per-command durations measured on the live LXD 5.0.2 cluster) and
 * reports an evacuation's or restore's progress as LXD does, one
 * `evacuation_progress` text per instance step.  The API knows only the
 * simulated clock: ms_serve_api_advance() is given the simulated time by
 * the HTTP side (ms-serve.c), which alone maps wall time to it.
 *
 * The model's state changes when the request is applied; only the
 * operation (its status, progress and events) takes the time
 * (docs/serve.md#speed). */
#include "ms-serve-objects.h"

#include "ms-clock.h"

typedef struct {
    guint64 at_ms;
    char *progress; /* nullable: the evacuation_progress text from then on */
} Step;

struct _MsServeSteps {
    GArray *steps;      /* (element-type Step) */
    guint64 elapsed_ms; /* the end of the last op scheduled */
};

typedef struct {
    char *id;
    char *member;
    JsonObject *done; /* the operation once finished */
    GArray *steps;    /* (element-type Step) */
    guint next;       /* the next step to report */
    guint64 end_ms;   /* when it finishes */
} Pending;

static void
step_clear(Step *step)
{
    g_free(step->progress);
}

static GArray *
steps_new(void)
{
    GArray *steps = g_array_new(FALSE, TRUE, sizeof(Step));

    g_array_set_clear_func(steps, (GDestroyNotify) step_clear);
    return steps;
}

void
ms_serve_steps_free(MsServeSteps *steps)
{
    if (steps == NULL)
        return;
    g_array_unref(steps->steps);
    g_free(steps);
}

static void
pending_free(Pending *pending)
{
    g_free(pending->id);
    g_free(pending->member);
    json_object_unref(pending->done);
    g_array_unref(pending->steps);
    g_free(pending);
}

void
ms_serve_api_set_timed(MsServeApi *api, gboolean timed)
{
    api->timed = timed;
    if (api->pending == NULL)
        api->pending = g_ptr_array_new_with_free_func((GDestroyNotify) pending_free);
}

/* The progress text LXD sets before @event's step, or NULL.  The texts are
 * the same at every release: lxd/api_cluster.go:2872,2936,2967 (evacuate)
 * and :3072,3086,3115,3195 (restore) at lxd-5.0.2; :3348,3374,3160 and
 * :3486,3501,3529,3610 at lxd-5.21.7; api_cluster_member.go:1880,1906,1419
 * at lxd-6.9; cmd/incusd/api_cluster_evacuation.go:217,248,346,406,435,517
 * at incus v6.0.4.  A restore names the member an instance comes from
 * (inst.Location()), an evacuation the one it goes to. */
static char *
progress_text(const MsOp *op, const MsEvent *event, const char *project)
{
    switch (event->kind) {
    case MS_EVENT_STOPPED:
        return g_strdup_printf("Stopping \"%s\" in project \"%s\"", event->instance, project);
    case MS_EVENT_MIGRATED:
    case MS_EVENT_LIVE_MIGRATED:
        if (op->kind == MS_OP_RESTORE)
            return g_strdup_printf("Migrating \"%s\" in project \"%s\" from \"%s\"", event->instance, project,
                                   event->from);
        return g_strdup_printf("Migrating \"%s\" in project \"%s\" to \"%s\"", event->instance, project,
                               event->to);
    case MS_EVENT_STARTED:
        return g_strdup_printf("Starting \"%s\" in project \"%s\"", event->instance, project);
    default:
        return NULL;
    }
}

static const char *
event_project(const MsCluster *cluster, const MsEvent *event)
{
    const MsInstance *instance = ms_cluster_lookup_instance(cluster, event->instance);

    return instance != NULL && instance->project != NULL ? instance->project : MS_PROJECT_DEFAULT;
}

void
ms_serve_timed_schedule(MsServeReq *req, const MsOp *op, const MsOutcome *outcome)
{
    MsServeSteps *steps;
    guint64 at;

    if (!req->api->timed)
        return;
    if (req->steps == NULL) {
        req->steps = g_new0(MsServeSteps, 1);
        req->steps->steps = steps_new();
    }
    steps = req->steps;
    at = steps->elapsed_ms + ms_duration_def(op->kind)->base_ms;
    if ((op->kind == MS_OP_EVACUATE || op->kind == MS_OP_RESTORE) && outcome->http_status != 0 &&
        (outcome->ok || outcome->async)) {
        for (guint i = 0; i < outcome->events->len; i++) {
            const MsEvent *event = outcome->events->pdata[i];
            Step step = { at, progress_text(op, event, event_project(req->api->cluster, event)) };
            if (step.progress != NULL)
                g_array_append_val(steps->steps, step);
            at += ms_clock_event_ms(event);
        }
    }
    steps->elapsed_ms += ms_clock_duration_ms(op, outcome);
}

/* The operation as it is while running, with @progress (nullable). */
static JsonObject *
running_object(const MsServeApi *api, JsonObject *done, const char *progress)
{
    g_autoptr(GList) members = json_object_get_members(done);
    JsonObject *op = json_object_new();

    /* a copy of the top level: the members replaced below are not shared */
    for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member(op, l->data, json_object_dup_member(done, l->data));
    json_object_set_string_member(op, "status", "Running");
    json_object_set_int_member(op, "status_code", 103);
    json_object_set_string_member(op, "err", "");
    if (progress != NULL) {
        JsonObject *metadata = json_object_new();
        json_object_set_string_member(metadata, "evacuation_progress", progress);
        /* lxd-6.8+ also sets a progress object (operations.go:1087-1103
         * updateProgress at lxd-6.9) */
        if (!ms_profile_is_incus(api->profile) && api->profile->version >= MS_VERSION(6, 8, 0)) {
            JsonObject *stage = json_object_new();
            json_object_set_string_member(stage, "stage", "evacuation");
            json_object_set_object_member(metadata, "progress", stage);
        }
        json_object_set_object_member(op, "metadata", metadata);
    }
    return op;
}

gboolean
ms_serve_timed_defer(MsServeReq *req, const char *id, JsonObject *done)
{
    MsServeApi *api = req->api;
    Pending *pending;

    if (!api->timed || req->steps == NULL || req->steps->elapsed_ms == 0)
        return FALSE;
    pending = g_new0(Pending, 1);
    pending->id = g_strdup(id);
    pending->member = g_strdup(req->member);
    pending->done = json_object_ref(done);
    pending->steps = steps_new();
    for (guint i = 0; i < req->steps->steps->len; i++) {
        Step *step = &g_array_index(req->steps->steps, Step, i);
        Step copy = { api->now_ms + step->at_ms, g_strdup(step->progress) };
        g_array_append_val(pending->steps, copy);
    }
    pending->end_ms = api->now_ms + req->steps->elapsed_ms;
    g_ptr_array_add(api->pending, pending);
    return TRUE;
}

static void
replace_operation(MsServeApi *api, const char *id, JsonObject *op)
{
    /* an operation dropped by the count limit is not brought back */
    if (g_hash_table_contains(api->operations, id))
        g_hash_table_replace(api->operations, g_strdup(id), ms_serve_take(json_object_ref(op)));
}

static void
add_event(GPtrArray *events, const char *member, JsonObject *op)
{
    g_ptr_array_add(events, ms_serve_event_text(member, json_object_ref(op)));
}

void
ms_serve_api_advance(MsServeApi *api, guint64 now_ms, GPtrArray *events, GPtrArray *finished)
{
    if (now_ms > api->now_ms)
        api->now_ms = now_ms;
    for (guint i = 0; api->pending != NULL && i < api->pending->len;) {
        Pending *pending = api->pending->pdata[i];
        const char *last = NULL;

        for (; pending->next < pending->steps->len; pending->next++) {
            Step *step = &g_array_index(pending->steps, Step, pending->next);
            g_autoptr(JsonObject) op = NULL;
            if (step->at_ms > api->now_ms)
                break;
            op = running_object(api, pending->done, step->progress);
            add_event(events, pending->member, op);
            replace_operation(api, pending->id, op);
            last = step->progress;
        }
        if (pending->end_ms > api->now_ms) {
            i++;
            continue;
        }
        /* LXD's finished operation keeps the metadata it had last */
        if (pending->next > 0)
            last = g_array_index(pending->steps, Step, pending->next - 1).progress;
        if (last != NULL) {
            g_autoptr(JsonObject) tmp = running_object(api, pending->done, last);
            json_object_set_member(pending->done, "metadata", json_object_dup_member(tmp, "metadata"));
        }
        add_event(events, pending->member, pending->done);
        replace_operation(api, pending->id, pending->done);
        if (finished != NULL)
            g_ptr_array_add(finished, g_strdup(pending->id));
        g_ptr_array_remove_index(api->pending, i);
    }
}

guint64
ms_serve_api_next_ms(const MsServeApi *api)
{
    guint64 next = G_MAXUINT64;

    for (guint i = 0; api->pending != NULL && i < api->pending->len; i++) {
        const Pending *pending = api->pending->pdata[i];
        guint64 at = pending->next < pending->steps->len
                         ? g_array_index(pending->steps, Step, pending->next).at_ms
                         : pending->end_ms;
        next = MIN(next, at);
    }
    return next;
}

guint64
ms_serve_api_now_ms(const MsServeApi *api)
{
    return api->now_ms;
}

gboolean
ms_serve_api_operation_running(const MsServeApi *api, const char *id)
{
    for (guint i = 0; api->pending != NULL && i < api->pending->len; i++)
        if (g_str_equal(((const Pending *) api->pending->pdata[i])->id, id))
            return TRUE;
    return FALSE;
}
