/* migsim: MsOp back to the `lxc` command line that ms_lxc_parse() reads, and
 * a deep copy of an MsOp.  The explorer writes its scenarios with these, so
 * every command it prints parses back to the operation it ran. */
#include "ms-explore.h"
#include "ms-scenario.h"

#include <string.h>

static void
append_word(GString *out, const char *word)
{
    gboolean plain = *word != '\0';

    for (const char *p = word; *p != '\0' && plain; p++)
        plain = g_ascii_isalnum(*p) || strchr("-_./=,:@+", *p) != NULL;
    g_string_append_c(out, ' ');
    if (plain) {
        g_string_append(out, word);
    } else {
        g_autofree char *quoted = g_shell_quote(word);
        g_string_append(out, quoted);
    }
}

static void
append_pairs(GString *out, const MsOp *op)
{
    for (guint i = 0; i < op->keys->len; i++) {
        g_autofree char *pair = g_strdup_printf("%s=%s", (const char *) op->keys->pdata[i],
                                                (const char *) op->values->pdata[i]);
        append_word(out, pair);
    }
}

static void
append_option(GString *out, const char *name, const char *value)
{
    g_autofree char *option = NULL;

    if (value == NULL)
        return;
    option = g_strdup_printf("--%s=%s", name, value);
    append_word(out, option);
}

static void
append_instances(GString *out, const MsOp *op)
{
    if (op->instances->len == 0 && op->instance != NULL) {
        append_word(out, op->instance);
        return;
    }
    for (guint i = 0; i < op->instances->len; i++)
        append_word(out, op->instances->pdata[i]);
}

char *
ms_op_to_command(const MsOp *op)
{
    g_autoptr(GString) out = g_string_new("lxc");

    switch (op->kind) {
    case MS_OP_INIT:
        g_string_append(out, op->start ? " launch" : " init");
        if (op->empty) {
            g_string_append(out, " --empty");
        } else {
            append_word(out, op->image ? op->image : "img");
        }
        append_word(out, op->instance);
        if (op->vm)
            g_string_append(out, " --vm");
        append_option(out, "target", op->target);
        if (op->pool != NULL) {
            g_string_append(out, " -s");
            append_word(out, op->pool);
        }
        if (op->no_profiles)
            g_string_append(out, " --no-profiles");
        for (guint i = 0; op->profiles != NULL && i < op->profiles->len; i++) {
            g_string_append(out, " -p");
            append_word(out, op->profiles->pdata[i]);
        }
        for (guint i = 0; i < op->keys->len; i++) {
            g_autofree char *pair = g_strdup_printf("%s=%s", (const char *) op->keys->pdata[i],
                                                    (const char *) op->values->pdata[i]);
            g_string_append(out, " -c");
            append_word(out, pair);
        }
        break;
    case MS_OP_START:
    case MS_OP_STOP:
    case MS_OP_RESTART:
    case MS_OP_DELETE:
        g_string_append(out, op->kind == MS_OP_START ? " start" : op->kind == MS_OP_STOP ? " stop"
                             : op->kind == MS_OP_RESTART ? " restart" : " delete");
        append_instances(out, op);
        if (op->force && op->kind != MS_OP_START)
            g_string_append(out, " --force");
        if (op->stateful && (op->kind == MS_OP_START || op->kind == MS_OP_STOP))
            g_string_append(out, " --stateful");
        break;
    case MS_OP_CONFIG_SET:
        g_string_append(out, " config set");
        if (op->instance != NULL)
            append_word(out, op->instance);
        append_pairs(out, op);
        break;
    case MS_OP_CONFIG_UNSET:
    case MS_OP_CONFIG_GET:
        g_string_append(out, op->kind == MS_OP_CONFIG_UNSET ? " config unset" : " config get");
        if (op->instance != NULL)
            append_word(out, op->instance);
        append_word(out, op->keys->pdata[0]);
        break;
    case MS_OP_DEVICE_ADD:
        g_string_append(out, " config device add");
        append_word(out, op->instance);
        append_word(out, op->device);
        append_word(out, op->device_type);
        append_pairs(out, op);
        break;
    case MS_OP_DEVICE_REMOVE:
        g_string_append(out, " config device remove");
        append_word(out, op->instance);
        append_word(out, op->device);
        break;
    case MS_OP_DEVICE_SET:
        g_string_append(out, " config device set");
        append_word(out, op->instance);
        append_word(out, op->device);
        append_pairs(out, op);
        break;
    case MS_OP_PROFILE_CREATE:
    case MS_OP_PROFILE_DELETE:
        g_string_append(out, op->kind == MS_OP_PROFILE_CREATE ? " profile create" : " profile delete");
        append_word(out, op->profile);
        break;
    case MS_OP_PROFILE_SET:
        g_string_append(out, " profile set");
        append_word(out, op->profile);
        append_pairs(out, op);
        break;
    case MS_OP_PROFILE_UNSET:
        g_string_append(out, " profile unset");
        append_word(out, op->profile);
        append_word(out, op->keys->pdata[0]);
        break;
    case MS_OP_PROFILE_DEVICE_ADD:
        g_string_append(out, " profile device add");
        append_word(out, op->profile);
        append_word(out, op->device);
        append_word(out, op->device_type);
        append_pairs(out, op);
        break;
    case MS_OP_PROFILE_DEVICE_REMOVE:
        g_string_append(out, " profile device remove");
        append_word(out, op->profile);
        append_word(out, op->device);
        break;
    case MS_OP_PROFILE_ASSIGN:
    case MS_OP_PROFILE_UNASSIGN:
        g_string_append(out, op->kind == MS_OP_PROFILE_ASSIGN ? " profile add" : " profile remove");
        append_word(out, op->instance);
        append_word(out, op->profile);
        break;
    case MS_OP_STORAGE_CREATE:
        g_string_append(out, " storage create");
        append_word(out, op->pool);
        append_word(out, op->driver);
        append_pairs(out, op);
        append_option(out, "target", op->target);
        break;
    case MS_OP_STORAGE_DELETE:
        g_string_append(out, " storage delete");
        append_word(out, op->pool);
        break;
    case MS_OP_VOLUME_CREATE:
        g_string_append(out, " storage volume create");
        append_word(out, op->pool);
        append_word(out, op->volume);
        append_pairs(out, op);
        append_option(out, "type", op->content_type);
        append_option(out, "target", op->target);
        break;
    case MS_OP_VOLUME_DELETE:
        g_string_append(out, " storage volume delete");
        append_word(out, op->pool);
        append_word(out, op->volume);
        append_option(out, "target", op->target);
        break;
    case MS_OP_VOLUME_ATTACH:
        g_string_append(out, " storage volume attach");
        append_word(out, op->pool);
        append_word(out, op->volume);
        append_word(out, op->instance);
        /* the parser names the device after the volume unless five
         * arguments are given */
        if (op->device != NULL && g_strcmp0(op->device, op->volume) != 0) {
            append_word(out, op->device);
            append_word(out, op->path != NULL ? op->path : "");
        } else if (op->path != NULL && *op->path != '\0') {
            append_word(out, op->path);
        }
        append_option(out, "target", op->target);
        break;
    case MS_OP_VOLUME_DETACH:
        g_string_append(out, " storage volume detach");
        append_word(out, op->pool);
        append_word(out, op->volume);
        append_word(out, op->instance);
        if (op->device != NULL)
            append_word(out, op->device);
        append_option(out, "target", op->target);
        break;
    case MS_OP_BACKUP_CREATE: {
        g_autofree char *path = g_strdup_printf("/1.0/instances/%s/backups", op->instance);
        g_string_append(out, " query -X POST");
        append_word(out, path);
        break;
    }
    case MS_OP_MOVE:
        g_string_append(out, " move");
        append_word(out, op->instance);
        append_option(out, "target", op->target);
        if (op->stateless)
            g_string_append(out, " --stateless");
        break;
    case MS_OP_EVACUATE:
    case MS_OP_RESTORE:
        g_string_append(out, op->kind == MS_OP_EVACUATE ? " cluster evacuate" : " cluster restore");
        append_word(out, op->member);
        append_option(out, "action", op->action);
        if (op->force)
            g_string_append(out, " --force");
        if (op->yes)
            g_string_append(out, " --yes");
        break;
    case MS_OP_LIST:
        g_string_append(out, " list");
        break;
    case MS_OP_CLUSTER_LIST:
        g_string_append(out, " cluster list");
        break;
    default:
        /* kinds the explorer never generates: no spelling promised */
        return NULL;
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
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

MsOp *
ms_explore_op_copy(const MsOp *op)
{
    MsOp *copy = ms_op_new(op->kind);

    copy->client = g_strdup(op->client);
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
    copy->profile = g_strdup(op->profile);
    copy->member = g_strdup(op->member);
    copy->driver = g_strdup(op->driver);
    copy->content_type = g_strdup(op->content_type);
    copy->action = g_strdup(op->action);
    copy->new_name = g_strdup(op->new_name);
    copy->snapshot = g_strdup(op->snapshot);
    copy->network = g_strdup(op->network);
    copy->group = g_strdup(op->group);
    copy->groups = copy_strv(op->groups);
    copy->device_overrides = copy_strv(op->device_overrides);
    copy->profiles = copy_strv(op->profiles);
    for (guint i = 0; i < op->keys->len; i++)
        ms_op_add_kv(copy, op->keys->pdata[i], op->values->pdata[i]);
    copy->start = op->start;
    copy->vm = op->vm;
    copy->empty = op->empty;
    copy->force = op->force;
    copy->yes = op->yes;
    copy->stateless = op->stateless;
    copy->stateful = op->stateful;
    copy->no_profiles = op->no_profiles;
    return copy;
}
