/* migsim: operations and outcomes. */
#include "ms-op.h"

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
    g_free(op->client);
    g_free(op->instance);
    g_ptr_array_unref(op->instances);
    g_free(op->image);
    g_free(op->target);
    g_free(op->pool);
    g_free(op->volume);
    g_free(op->device);
    g_free(op->device_type);
    g_free(op->path);
    g_free(op->profile);
    g_free(op->member);
    g_free(op->driver);
    g_free(op->content_type);
    g_free(op->action);
    g_free(op->new_name);
    g_free(op->snapshot);
    g_free(op->network);
    g_free(op->group);
    if (op->groups)
        g_ptr_array_unref(op->groups);
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

const char *
ms_op_kind_to_string(MsOpKind kind)
{
    static const char *const names[MS_OP_LAST] = {
        [MS_OP_INIT] = "init",
        [MS_OP_START] = "start",
        [MS_OP_STOP] = "stop",
        [MS_OP_RESTART] = "restart",
        [MS_OP_DELETE] = "delete",
        [MS_OP_CONFIG_SET] = "config set",
        [MS_OP_CONFIG_UNSET] = "config unset",
        [MS_OP_CONFIG_GET] = "config get",
        [MS_OP_DEVICE_ADD] = "config device add",
        [MS_OP_DEVICE_REMOVE] = "config device remove",
        [MS_OP_DEVICE_SET] = "config device set",
        [MS_OP_PROFILE_CREATE] = "profile create",
        [MS_OP_PROFILE_DELETE] = "profile delete",
        [MS_OP_PROFILE_SET] = "profile set",
        [MS_OP_PROFILE_UNSET] = "profile unset",
        [MS_OP_PROFILE_DEVICE_ADD] = "profile device add",
        [MS_OP_PROFILE_DEVICE_REMOVE] = "profile device remove",
        [MS_OP_PROFILE_ASSIGN] = "profile add",
        [MS_OP_PROFILE_UNASSIGN] = "profile remove",
        [MS_OP_STORAGE_CREATE] = "storage create",
        [MS_OP_STORAGE_DELETE] = "storage delete",
        [MS_OP_VOLUME_CREATE] = "storage volume create",
        [MS_OP_VOLUME_DELETE] = "storage volume delete",
        [MS_OP_VOLUME_ATTACH] = "storage volume attach",
        [MS_OP_VOLUME_DETACH] = "storage volume detach",
        [MS_OP_BACKUP_CREATE] = "export",
        [MS_OP_MOVE] = "move",
        [MS_OP_EVACUATE] = "cluster evacuate",
        [MS_OP_RESTORE] = "cluster restore",
        [MS_OP_LIST] = "list",
        [MS_OP_CLUSTER_LIST] = "cluster list",
        [MS_OP_DEVICE_OVERRIDE] = "config device override",
        [MS_OP_STORAGE_SET] = "storage set",
        [MS_OP_STORAGE_UNSET] = "storage unset",
        [MS_OP_PROFILE_COPY] = "profile copy",
        [MS_OP_SNAPSHOT] = "snapshot",
        [MS_OP_COPY] = "copy",
        [MS_OP_VOLUME_RENAME] = "storage volume rename",
        [MS_OP_VOLUME_SHOW] = "storage volume show",
        [MS_OP_VOLUME_GET] = "storage volume get",
        [MS_OP_VOLUME_SET] = "storage volume set",
        [MS_OP_VOLUME_UNSET] = "storage volume unset",
        [MS_OP_VOLUME_SNAPSHOT] = "storage volume snapshot",
        [MS_OP_NETWORK_CREATE] = "network create",
        [MS_OP_NETWORK_SET] = "network set",
        [MS_OP_NETWORK_UNSET] = "network unset",
        [MS_OP_GROUP_CREATE] = "cluster group create",
        [MS_OP_GROUP_ASSIGN] = "cluster group assign",
        [MS_OP_MEMBER_SET] = "cluster set",
        [MS_OP_MEMBER_UNSET] = "cluster unset",
        [MS_OP_MEMBER_REMOVE] = "cluster remove",
        [MS_OP_PLACEMENT_GROUP_CREATE] = "placement-group create",
    };
    G_STATIC_ASSERT(G_N_ELEMENTS(names) == MS_OP_LAST);
    return kind < MS_OP_LAST ? names[kind] : "?";
}

gboolean
ms_op_is_cluster_wide(const MsOp *op)
{
    return op->kind == MS_OP_EVACUATE || op->kind == MS_OP_RESTORE ||
           ((op->kind == MS_OP_CONFIG_SET || op->kind == MS_OP_CONFIG_UNSET) &&
            op->instance == NULL);
}

void
ms_event_free(MsEvent *event)
{
    /* the strings live in the event's own block (ms_outcome_add_event) */
    g_free(event);
}

const char *
ms_event_kind_to_string(MsEventKind kind)
{
    switch (kind) {
    case MS_EVENT_STOPPED:
        return "stopped";
    case MS_EVENT_MIGRATED:
        return "migrated";
    case MS_EVENT_LIVE_MIGRATED:
        return "live-migrated";
    case MS_EVENT_STARTED:
        return "started";
    case MS_EVENT_NO_TARGET:
        return "no-target";
    case MS_EVENT_UNTOUCHED:
        return "untouched";
    case MS_EVENT_FAILED:
        return "failed";
    case MS_EVENT_CREATED:
        return "created";
    case MS_EVENT_DELETED:
        return "deleted";
    }
    g_assert_not_reached();
}

MsOutcome *
ms_outcome_new(void)
{
    MsOutcome *outcome = g_new0(MsOutcome, 1);

    outcome->ok = TRUE;
    outcome->http_status = 200;
    outcome->rule = MS_RULE_NONE;
    outcome->events = g_ptr_array_new_with_free_func((GDestroyNotify) ms_event_free);
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
    g_ptr_array_unref(outcome->notes);
    g_free(outcome->output);
    g_free(outcome);
}

void
ms_outcome_add_event(MsOutcome *outcome, MsEventKind kind, const char *instance, const char *from,
                     const char *to, const char *detail)
{
    /* an evacuation of a large member adds thousands of events: one block
     * each, strings included, instead of five allocations */
    const char *strings[4] = { instance, from, to, detail };
    gsize lengths[4], total = sizeof(MsEvent);
    char **fields[4];
    MsEvent *event;
    char *next;

    for (guint i = 0; i < 4; i++) {
        lengths[i] = strings[i] != NULL ? strlen(strings[i]) + 1 : 0;
        total += lengths[i];
    }
    event = g_malloc(total);
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
ms_outcome_add_note(MsOutcome *outcome, const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    g_ptr_array_add(outcome->notes, g_strdup_vprintf(fmt, args));
    va_end(args);
}
