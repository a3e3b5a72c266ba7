/* migsim: operations and outcomes. */
#include "ms-op.h"

#include "ms-enum.h"

#include <string.h>

MsOp *
ms_op_new(MsOpKind kind)
{
    MsOp *op = g_new0(MsOp, 1);

    op->kind = kind;
    op->instances = g_ptr_array_new_with_free_func(g_free);
    op->keys = g_ptr_array_new_with_free_func(g_free);
    op->values = g_ptr_array_new_with_free_func(g_free);
    return op;
}

void
ms_op_free(MsOp *op)
{
    if (op == NULL)
        return;
    g_free(op->instance);
    g_ptr_array_unref(op->instances);
    g_free(op->image);
    g_free(op->target);
    g_free(op->pool);
    g_free(op->volume);
    g_free(op->device);
    g_free(op->device_type);
    g_free(op->path);
    g_free(op->stdin_text);
    g_free(op->request_data);
    g_free(op->profile);
    g_free(op->member);
    g_free(op->driver);
    g_free(op->content_type);
    g_free(op->action);
    g_free(op->unknown_flag);
    g_free(op->transfer_mode);
    g_free(op->new_name);
    g_free(op->snapshot);
    g_free(op->columns);
    g_free(op->format);
    g_free(op->network);
    g_free(op->address);
    g_free(op->new_pool);
    g_free(op->destination_target);
    g_free(op->disk_volumes);
    g_free(op->project);
    g_free(op->target_project);
    g_free(op->remote);
    g_free(op->dest_remote);
    g_free(op->group);
    if (op->groups)
        g_ptr_array_unref(op->groups);
    if (op->typed_flags)
        g_ptr_array_unref(op->typed_flags);
    if (op->aliases)
        g_ptr_array_unref(op->aliases);
    if (op->command_args)
        g_ptr_array_unref(op->command_args);
    if (op->device_overrides)
        g_ptr_array_unref(op->device_overrides);
    if (op->profiles)
        g_ptr_array_unref(op->profiles);
    g_ptr_array_unref(op->keys);
    g_ptr_array_unref(op->values);
    g_free(op);
}

void
ms_op_add_kv(MsOp *op, const char *key, const char *value)
{
    g_ptr_array_add(op->keys, g_strdup(key));
    g_ptr_array_add(op->values, g_strdup(value));
}

static GPtrArray *
copy_strv(const GPtrArray *strings)
{
    GPtrArray *copy;

    if (strings == NULL)
        return NULL;
    copy = g_ptr_array_new_full(strings->len, g_free);
    for (guint i = 0; i < strings->len; i++)
        g_ptr_array_add(copy, g_strdup(strings->pdata[i]));
    return copy;
}

const char *
ms_op_member_state_unknown_flag(const MsOp *op, const MsProfile *profile, gboolean *shorthand)
{
    gboolean has_action = ms_profile_has(profile, op->kind == MS_OP_EVACUATE ? MS_FEATURE_EVACUATE_MODE
                                                                             : MS_FEATURE_RESTORE_SKIP);
    gboolean has_yes = ms_profile_has(profile, MS_FEATURE_CLI_YES_FLAG);
    gboolean has_f = ms_profile_has(profile, MS_FEATURE_CLI_EVACUATE_FORCE_SHORT);

    *shorthand = FALSE;
    if (op->typed_flags == NULL) {
        if (op->action != NULL && !has_action)
            return "--action";
        return op->yes && !has_yes ? "--yes" : NULL;
    }
    for (guint i = 0; i < op->typed_flags->len; i++) {
        const char *flag = op->typed_flags->pdata[i];

        if ((g_str_equal(flag, "--action") && !has_action) || (g_str_equal(flag, "--yes") && !has_yes))
            return flag;
        if (g_str_equal(flag, "-f") && !has_f) {
            *shorthand = TRUE;
            return flag;
        }
    }
    return NULL;
}

const char *
ms_op_project_delete_unknown_flag(const MsOp *op, const MsProfile *profile, gboolean *shorthand)
{
    *shorthand = FALSE;
    if (!op->force || ms_profile_has(profile, MS_FEATURE_CLI_PROJECT_DELETE_FORCE))
        return NULL;
    /* pflag stops at the first of them: -f is --force's shorthand wherever
     * lxc has the flag (lxc/project.go:204 at lxd-5.21.7) */
    for (guint i = 0; op->typed_flags != NULL && i < op->typed_flags->len; i++) {
        const char *flag = op->typed_flags->pdata[i];

        if (g_str_equal(flag, "-f") || g_str_equal(flag, "--force")) {
            *shorthand = g_str_equal(flag, "-f");
            return flag;
        }
    }
    return "--force";
}

MsOp *
ms_op_copy(const MsOp *op)
{
    MsOp *copy = ms_op_new(op->kind);

    copy->instance = g_strdup(op->instance);
    for (guint i = 0; i < op->instances->len; i++)
        g_ptr_array_add(copy->instances, g_strdup(op->instances->pdata[i]));
    copy->image = g_strdup(op->image);
    copy->target = g_strdup(op->target);
    copy->pool = g_strdup(op->pool);
    copy->volume = g_strdup(op->volume);
    copy->device = g_strdup(op->device);
    copy->device_type = g_strdup(op->device_type);
    copy->path = g_strdup(op->path);
    copy->stdin_text = g_strdup(op->stdin_text);
    copy->request_data = g_strdup(op->request_data);
    copy->request_data_sent = op->request_data_sent;
    copy->profile = g_strdup(op->profile);
    copy->member = g_strdup(op->member);
    copy->driver = g_strdup(op->driver);
    copy->content_type = g_strdup(op->content_type);
    copy->action = g_strdup(op->action);
    copy->unknown_flag = g_strdup(op->unknown_flag);
    copy->typed_flags = copy_strv(op->typed_flags);
    copy->new_name = g_strdup(op->new_name);
    copy->snapshot = g_strdup(op->snapshot);
    copy->columns = g_strdup(op->columns);
    copy->format = g_strdup(op->format);
    copy->expanded = op->expanded;
    copy->quiet = op->quiet;
    copy->network = g_strdup(op->network);
    copy->address = g_strdup(op->address);
    copy->new_pool = g_strdup(op->new_pool);
    copy->destination_target = g_strdup(op->destination_target);
    copy->disk_volumes = g_strdup(op->disk_volumes);
    copy->volume_only = op->volume_only;
    copy->instance_only = op->instance_only;
    copy->refresh = op->refresh;
    copy->transfer_mode = g_strdup(op->transfer_mode);
    copy->project = g_strdup(op->project);
    copy->target_project = g_strdup(op->target_project);
    copy->remote = g_strdup(op->remote);
    copy->dest_remote = g_strdup(op->dest_remote);
    copy->group = g_strdup(op->group);
    copy->groups = copy_strv(op->groups);
    copy->aliases = copy_strv(op->aliases);
    copy->command_args = copy_strv(op->command_args);
    copy->copy_aliases = op->copy_aliases;
    copy->device_overrides = copy_strv(op->device_overrides);
    copy->profiles = copy_strv(op->profiles);
    for (guint i = 0; i < op->keys->len; i++)
        ms_op_add_kv(copy, op->keys->pdata[i], op->values->pdata[i]);
    copy->start = op->start;
    copy->vm = op->vm;
    copy->job_ctl = op->job_ctl;
    copy->job = op->job;
    copy->empty = op->empty;
    copy->force = op->force;
    copy->yes = op->yes;
    copy->stateless = op->stateless;
    copy->stateful = op->stateful;
    copy->no_profiles = op->no_profiles;
    copy->incus = op->incus;
    copy->pool_unread = op->pool_unread;
    copy->device_named = op->device_named;
    copy->volume_custom_prefix = op->volume_custom_prefix;
    copy->incus_snapshot_form = op->incus_snapshot_form;
    return copy;
}

const char *
ms_op_kind_to_string(MsOpKind kind)
{
    return kind < MS_OP_LAST ? ms_op_defs[kind].name : "?";
}

gboolean
ms_op_is_cluster_wide(const MsOp *op)
{
    MsOpFlags flags = ms_op_defs[op->kind].flags;

    return (flags & MS_OP_FLAG_CLUSTER_WIDE) != 0 ||
           ((flags & MS_OP_FLAG_CLUSTER_WIDE_SERVER) != 0 && op->instance == NULL);
}

char *
ms_op_created_name(const MsOp *op, MsOpFlags *flag)
{
    MsOpFlags flags = ms_op_defs[op->kind].flags;
    gboolean by_new_name = (flags & MS_OP_FLAG_CREATES_NEW_NAME) != 0;

    *flag = flags & (MS_OP_FLAG_CREATES_INSTANCE | MS_OP_FLAG_CREATES_PROFILE | MS_OP_FLAG_CREATES_VOLUME);
    if (*flag == 0 || (by_new_name && op->new_name == NULL))
        return NULL;
    if (*flag == MS_OP_FLAG_CREATES_VOLUME)
        return g_strdup_printf("%s/%s", op->new_pool != NULL ? op->new_pool : op->pool,
                               by_new_name ? op->new_name : op->volume);
    if (by_new_name)
        return g_strdup(op->new_name);
    return g_strdup(*flag == MS_OP_FLAG_CREATES_INSTANCE ? op->instance : op->profile);
}

/* An evacuation of a large member adds thousands of events: they are
 * carved, strings included, from blocks the outcome owns (a block of
 * EVENT_BLOCK_MIN bytes first, each next one twice the last up to
 * EVENT_BLOCK_MAX), one allocation per block instead of one per event
 * (measured: docs/bench.md, "Fourteenth round"). */
struct MsEventBlock {
    struct MsEventBlock *next; /* the block made before this one */
    gsize used, size;          /* of data */
    gpointer data[];           /* pointer-aligned: MsEvent holds pointers */
};

#define EVENT_BLOCK_MIN 512
#define EVENT_BLOCK_MAX (16 * 1024)

static gpointer
event_alloc(MsOutcome *outcome, gsize bytes)
{
    struct MsEventBlock *block = outcome->event_blocks;
    gsize aligned = (bytes + sizeof(gpointer) - 1) & ~(sizeof(gpointer) - 1);
    gpointer at;

    if (block == NULL || block->size - block->used < aligned) {
        gsize size = block == NULL ? EVENT_BLOCK_MIN : MIN(2 * block->size, EVENT_BLOCK_MAX);
        struct MsEventBlock *fresh = g_malloc(sizeof(struct MsEventBlock) + MAX(size, aligned));

        fresh->next = block;
        fresh->used = 0;
        fresh->size = MAX(size, aligned);
        outcome->event_blocks = block = fresh;
    }
    at = (char *) block->data + block->used;
    block->used += aligned;
    return at;
}

MS_ENUM_NAMES(event_kind_names, [MS_EVENT_STOPPED] = "stopped", [MS_EVENT_MIGRATED] = "migrated",
              [MS_EVENT_LIVE_MIGRATED] = "live-migrated", [MS_EVENT_STARTED] = "started",
              [MS_EVENT_NO_TARGET] = "no-target", [MS_EVENT_UNTOUCHED] = "untouched",
              [MS_EVENT_FAILED] = "failed", [MS_EVENT_CREATED] = "created", [MS_EVENT_DELETED] = "deleted")
MS_ENUM_TO_STRING(ms_event_kind_to_string, MsEventKind, event_kind_names)

MsOutcome *
ms_outcome_new(void)
{
    MsOutcome *outcome = g_new0(MsOutcome, 1);

    outcome->ok = TRUE;
    outcome->http_status = 200;
    outcome->rule = MS_RULE_NONE;
    outcome->events = g_ptr_array_new(); /* the events live in event_blocks */
    outcome->notes = g_ptr_array_new_with_free_func(g_free);
    return outcome;
}

void
ms_outcome_free(MsOutcome *outcome)
{
    if (outcome == NULL)
        return;
    g_free(outcome->server_error);
    g_free(outcome->client_error);
    g_ptr_array_unref(outcome->events);
    while (outcome->event_blocks != NULL) {
        struct MsEventBlock *next = outcome->event_blocks->next;

        g_free(outcome->event_blocks);
        outcome->event_blocks = next;
    }
    g_ptr_array_unref(outcome->notes);
    g_free(outcome->output);
    g_free(outcome->hung);
    g_clear_pointer(&outcome->alternatives, g_ptr_array_unref);
    g_clear_pointer(&outcome->timing_errors, g_ptr_array_unref);
    g_clear_pointer(&outcome->guest_errors, g_ptr_array_unref);
    g_clear_pointer(&outcome->host_errors, g_ptr_array_unref);
    g_clear_pointer(&outcome->refused_by, g_ptr_array_unref);
    g_free(outcome);
}

void
ms_outcome_add_event(MsOutcome *outcome, MsEventKind kind, const char *instance, const char *from,
                     const char *to, const char *detail)
{
    /* one piece of the outcome's blocks (event_alloc), strings included */
    const char *strings[4] = { instance, from, to, detail };
    gsize lengths[4], total = sizeof(MsEvent);
    char **fields[4];
    MsEvent *event;
    char *next;

    for (guint i = 0; i < 4; i++) {
        lengths[i] = strings[i] != NULL ? strlen(strings[i]) + 1 : 0;
        total += lengths[i];
    }
    event = event_alloc(outcome, total);
    event->kind = kind;
    fields[0] = &event->instance;
    fields[1] = &event->from;
    fields[2] = &event->to;
    fields[3] = &event->detail;
    next = (char *) (event + 1);
    for (guint i = 0; i < 4; i++) {
        *fields[i] = strings[i] != NULL ? memcpy(next, strings[i], lengths[i]) : NULL;
        next += lengths[i];
    }
    g_ptr_array_add(outcome->events, event);
}

void
ms_outcome_add_timing_error(MsOutcome *outcome, const char *server_error)
{
    if (server_error == NULL)
        return;
    if (outcome->timing_errors == NULL)
        outcome->timing_errors = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(outcome->timing_errors, g_strdup(server_error));
}

void
ms_outcome_add_note(MsOutcome *outcome, const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    g_ptr_array_add(outcome->notes, g_strdup_vprintf(fmt, args));
    va_end(args);
}

/* client/lxd_instances.go:750 (push), :803 (relay), else pull, and
 * client/lxd_storage_volumes.go:559, :617 at lxd-5.0.2 (:971,:1034 and
 * :656,:720 at lxd-5.21.7; :827,:880 and :665,:723 at lxd-6.9;
 * client/incus_instances.go:865,:919 and incus_storage_volumes.go:615,:673
 * at v6.0.4): no other value is checked, so "--mode mode" is a pull */
gboolean
ms_op_typed(const MsOp *op, const char *flag)
{
    return op->typed_flags != NULL &&
           g_ptr_array_find_with_equal_func(op->typed_flags, flag, g_str_equal, NULL);
}

gboolean
ms_op_transfer_not_pull(const MsOp *op)
{
    return g_strcmp0(op->transfer_mode, "push") == 0 || g_strcmp0(op->transfer_mode, "relay") == 0;
}
