/* migsim: the `lxc` command line, as the lxc client parses it, into MsOp.
 *
 * Only the commands and options migsim simulates are accepted; anything else
 * is an error naming the command or option, so a scenario never silently
 * skips a step. */
#include "ms-scenario.h"

#include <string.h>

typedef enum {
    OPT_TARGET = 1 << 0,
    OPT_STORAGE = 1 << 1,
    OPT_PROFILE = 1 << 2,
    OPT_CONFIG = 1 << 3,
    OPT_VM = 1 << 4,
    OPT_EMPTY = 1 << 5,
    OPT_FORCE = 1 << 6,
    OPT_YES = 1 << 7,
    OPT_STATELESS = 1 << 8,
    OPT_STATEFUL = 1 << 9,
    OPT_TYPE = 1 << 10,
    OPT_ACTION = 1 << 11,
    OPT_NO_PROFILES = 1 << 12,
    OPT_QUIET = 1 << 13,
    OPT_DEVICE = 1 << 14,
} OptMask;

typedef struct {
    const char *long_name;
    char short_name;
    gboolean takes_value;
    OptMask mask;
} OptDef;

static const OptDef options[] = {
    { "target", 0, TRUE, OPT_TARGET },
    { "storage", 's', TRUE, OPT_STORAGE },
    { "profile", 'p', TRUE, OPT_PROFILE },
    { "config", 'c', TRUE, OPT_CONFIG },
    { "vm", 0, FALSE, OPT_VM },
    { "empty", 0, FALSE, OPT_EMPTY },
    { "force", 'f', FALSE, OPT_FORCE },
    { "yes", 0, FALSE, OPT_YES },
    { "stateless", 0, FALSE, OPT_STATELESS },
    { "stateful", 0, FALSE, OPT_STATEFUL },
    { "type", 't', TRUE, OPT_TYPE },
    { "action", 0, TRUE, OPT_ACTION },
    { "no-profiles", 0, FALSE, OPT_NO_PROFILES },
    { "quiet", 'q', FALSE, OPT_QUIET },
    { "device", 'd', TRUE, OPT_DEVICE },
};

typedef struct {
    GPtrArray *args; /* positional */
    MsOp *op;
} Parsed;

static gboolean
throw_unsupported(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static gboolean
throw_unsupported(GError **error, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_propagate_error(error, g_error_new_valist(MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_UNSUPPORTED, fmt, ap));
    va_end(ap);
    return FALSE;
}

static gboolean
split_kv(const char *text, char **key, char **value)
{
    const char *eq = strchr(text, '=');

    if (eq == NULL || eq == text)
        return FALSE;
    *key = g_strndup(text, eq - text);
    *value = g_strdup(eq + 1);
    return TRUE;
}

static gboolean
set_option(MsOp *op, const OptDef *def, const char *value, const char *command, GError **error)
{
    switch (def->mask) {
    case OPT_TARGET:
        g_free(op->target);
        op->target = g_strdup(value);
        break;
    case OPT_STORAGE:
        g_free(op->pool);
        op->pool = g_strdup(value);
        break;
    case OPT_PROFILE:
        if (op->profiles == NULL)
            op->profiles = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(op->profiles, g_strdup(value));
        break;
    case OPT_CONFIG: {
        g_autofree char *key = NULL, *val = NULL;
        if (!split_kv(value, &key, &val))
            return throw_unsupported(error, "'lxc %s': -c needs KEY=VALUE, got '%s'", command, value);
        ms_op_add_kv(op, key, val);
        break;
    }
    case OPT_VM:
        op->vm = TRUE;
        break;
    case OPT_EMPTY:
        op->empty = TRUE;
        break;
    case OPT_FORCE:
        op->force = TRUE;
        break;
    case OPT_YES:
        op->yes = TRUE;
        break;
    case OPT_STATELESS:
        op->stateless = TRUE;
        break;
    case OPT_STATEFUL:
        op->stateful = TRUE;
        break;
    case OPT_TYPE:
        g_free(op->content_type);
        op->content_type = g_strdup(value);
        break;
    case OPT_ACTION:
        g_free(op->action);
        op->action = g_strdup(value);
        break;
    case OPT_NO_PROFILES:
        op->no_profiles = TRUE;
        break;
    case OPT_QUIET:
        break;
    case OPT_DEVICE: {
        /* lxc/utils.go parseDeviceOverrides: DEVICE,KEY=VALUE */
        const char *comma = strchr(value, ',');
        if (comma == NULL || strchr(comma, '=') == NULL || comma == value || comma[1] == '=')
            return throw_unsupported(error, "'lxc %s': Bad device override syntax, expecting <device>,<key>=<value>: %s",
                                     command, value);
        if (op->device_overrides == NULL)
            op->device_overrides = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(op->device_overrides, g_strdup(value));
        break;
    }
    default:
        g_assert_not_reached();
    }
    return TRUE;
}

/* Splits options from positionals, accepting only @allowed options. */
static gboolean
parse_options(char **argv, guint start, guint allowed, const char *command, Parsed *parsed,
              GError **error)
{
    gboolean options_done = FALSE;

    for (guint i = start; argv[i] != NULL; i++) {
        const char *arg = argv[i];
        const OptDef *def = NULL;
        g_autofree char *inline_value = NULL;

        if (options_done || arg[0] != '-' || arg[1] == '\0') {
            g_ptr_array_add(parsed->args, g_strdup(arg));
            continue;
        }
        if (g_str_equal(arg, "--")) {
            options_done = TRUE;
            continue;
        }
        if (arg[1] == '-') {
            const char *name = arg + 2;
            const char *eq = strchr(name, '=');
            g_autofree char *bare = eq ? g_strndup(name, eq - name) : g_strdup(name);
            if (eq != NULL)
                inline_value = g_strdup(eq + 1);
            for (guint o = 0; o < G_N_ELEMENTS(options); o++)
                if (g_str_equal(options[o].long_name, bare))
                    def = &options[o];
        } else if (arg[2] == '\0' || arg[1] == 's' || arg[1] == 'p' || arg[1] == 'c' || arg[1] == 't' ||
                   arg[1] == 'd') {
            for (guint o = 0; o < G_N_ELEMENTS(options); o++)
                if (options[o].short_name == arg[1])
                    def = &options[o];
            if (def != NULL && arg[2] != '\0') {
                if (!def->takes_value)
                    def = NULL;
                else
                    inline_value = g_strdup(arg + 2);
            }
        }
        if (def == NULL || (def->mask & allowed) == 0)
            return throw_unsupported(error, "'lxc %s' does not support option '%s' in migsim", command, arg);
        if (def->takes_value && inline_value == NULL) {
            if (argv[i + 1] == NULL)
                return throw_unsupported(error, "'lxc %s': option '%s' needs a value", command, arg);
            inline_value = g_strdup(argv[++i]);
        } else if (!def->takes_value && inline_value != NULL) {
            return throw_unsupported(error, "'lxc %s': option '--%s' takes no value", command, def->long_name);
        }
        if (!set_option(parsed->op, def, inline_value, command, error))
            return FALSE;
    }
    return TRUE;
}

#define ARG(n) ((const char *) parsed.args->pdata[(n)])
#define NARGS (parsed.args->len)

static gboolean
want_args(const char *command, guint n, guint min, guint max, const char *usage, GError **error)
{
    if (n < min || n > max)
        return throw_unsupported(error, "'lxc %s' expects: lxc %s %s", command, command, usage);
    return TRUE;
}

static gboolean
add_pairs(MsOp *op, const char *command, GPtrArray *args, guint from, GError **error)
{
    for (guint i = from; i < args->len; i++) {
        g_autofree char *key = NULL, *value = NULL;
        if (!split_kv(args->pdata[i], &key, &value))
            return throw_unsupported(error, "'lxc %s': expected KEY=VALUE, got '%s'", command,
                                     (const char *) args->pdata[i]);
        ms_op_add_kv(op, key, value);
    }
    return TRUE;
}

static gboolean
any_has_equals(GPtrArray *args, guint from)
{
    for (guint i = from; i < args->len; i++)
        if (strchr(args->pdata[i], '=') != NULL)
            return TRUE;
    return FALSE;
}

/* lxc config set / lxc profile set: "KEY VALUE" or "KEY=VALUE..." after
 * @from positional arguments that name the object. */
static gboolean
parse_set_pairs(MsOp *op, const char *command, GPtrArray *args, guint from, GError **error)
{
    if (!any_has_equals(args, from)) {
        if (args->len - from != 2)
            return throw_unsupported(error, "'lxc %s' expects KEY VALUE or KEY=VALUE...", command);
        ms_op_add_kv(op, args->pdata[from], args->pdata[from + 1]);
        return TRUE;
    }
    return add_pairs(op, command, args, from, error);
}

MsOp *
ms_lxc_parse(char **argv, GError **error)
{
    g_autoptr(GPtrArray) positional = g_ptr_array_new_with_free_func(g_free);
    Parsed parsed = { positional, NULL };
    g_autoptr(MsOp) op = NULL;
    const char *verb = argv[1];
    const char *sub = verb ? argv[2] : NULL;
    g_autofree char *command = NULL;
    guint allowed = 0, start = 2;
    MsOpKind kind;

    if (verb == NULL)
        return (throw_unsupported(error, "'lxc' needs a command"), NULL);

    /* resolve the command words */
    if (g_str_equal(verb, "launch") || g_str_equal(verb, "init")) {
        kind = MS_OP_INIT;
        allowed = OPT_TARGET | OPT_STORAGE | OPT_PROFILE | OPT_CONFIG | OPT_VM | OPT_EMPTY | OPT_NO_PROFILES | OPT_QUIET |
                  OPT_DEVICE;
    } else if (g_str_equal(verb, "start")) {
        kind = MS_OP_START, allowed = OPT_STATEFUL | OPT_QUIET;
    } else if (g_str_equal(verb, "stop")) {
        kind = MS_OP_STOP, allowed = OPT_FORCE | OPT_STATEFUL | OPT_QUIET;
    } else if (g_str_equal(verb, "restart")) {
        kind = MS_OP_RESTART, allowed = OPT_FORCE | OPT_QUIET;
    } else if (g_str_equal(verb, "delete")) {
        kind = MS_OP_DELETE, allowed = OPT_FORCE | OPT_QUIET;
    } else if (g_str_equal(verb, "move") || g_str_equal(verb, "mv")) {
        kind = MS_OP_MOVE, allowed = OPT_TARGET | OPT_STATELESS | OPT_QUIET;
    } else if (g_str_equal(verb, "snapshot")) {
        kind = MS_OP_SNAPSHOT, allowed = OPT_QUIET;
    } else if (g_str_equal(verb, "copy") || g_str_equal(verb, "cp")) {
        kind = MS_OP_COPY, allowed = OPT_TARGET | OPT_QUIET;
    } else if (g_str_equal(verb, "placement-group") && sub != NULL && g_str_equal(sub, "create")) {
        kind = MS_OP_PLACEMENT_GROUP_CREATE, start = 3;
    } else if (g_str_equal(verb, "network") && sub != NULL &&
               (g_str_equal(sub, "create") || g_str_equal(sub, "set") || g_str_equal(sub, "unset"))) {
        kind = g_str_equal(sub, "create") ? MS_OP_NETWORK_CREATE
               : g_str_equal(sub, "set")  ? MS_OP_NETWORK_SET
                                          : MS_OP_NETWORK_UNSET;
        allowed = OPT_TARGET, start = 3;
    } else if (g_str_equal(verb, "list") || g_str_equal(verb, "ls")) {
        kind = MS_OP_LIST;
    } else if (g_str_equal(verb, "config") && sub != NULL && g_str_equal(sub, "device")) {
        const char *what = argv[3];
        start = 4;
        if (what != NULL && g_str_equal(what, "add"))
            kind = MS_OP_DEVICE_ADD;
        else if (what != NULL && (g_str_equal(what, "remove") || g_str_equal(what, "rm")))
            kind = MS_OP_DEVICE_REMOVE;
        else if (what != NULL && g_str_equal(what, "set"))
            kind = MS_OP_DEVICE_SET;
        else if (what != NULL && g_str_equal(what, "override"))
            kind = MS_OP_DEVICE_OVERRIDE;
        else
            return (throw_unsupported(error, "'lxc config device %s' is not supported by migsim (use add, remove, set or override)",
                                      what ? what : ""), NULL);
    } else if (g_str_equal(verb, "config") && sub != NULL &&
               (g_str_equal(sub, "set") || g_str_equal(sub, "unset") || g_str_equal(sub, "get"))) {
        kind = g_str_equal(sub, "set") ? MS_OP_CONFIG_SET : g_str_equal(sub, "unset") ? MS_OP_CONFIG_UNSET : MS_OP_CONFIG_GET;
        start = 3;
    } else if (g_str_equal(verb, "profile") && sub != NULL) {
        start = 3;
        if (g_str_equal(sub, "create"))
            kind = MS_OP_PROFILE_CREATE;
        else if (g_str_equal(sub, "delete"))
            kind = MS_OP_PROFILE_DELETE;
        else if (g_str_equal(sub, "set"))
            kind = MS_OP_PROFILE_SET;
        else if (g_str_equal(sub, "unset"))
            kind = MS_OP_PROFILE_UNSET;
        else if (g_str_equal(sub, "add"))
            kind = MS_OP_PROFILE_ASSIGN;
        else if (g_str_equal(sub, "remove"))
            kind = MS_OP_PROFILE_UNASSIGN;
        else if (g_str_equal(sub, "copy") || g_str_equal(sub, "cp"))
            kind = MS_OP_PROFILE_COPY;
        else if (g_str_equal(sub, "device") && argv[3] && g_str_equal(argv[3], "add"))
            kind = MS_OP_PROFILE_DEVICE_ADD, start = 4;
        else if (g_str_equal(sub, "device") && argv[3] && (g_str_equal(argv[3], "remove") || g_str_equal(argv[3], "rm")))
            kind = MS_OP_PROFILE_DEVICE_REMOVE, start = 4;
        else
            return (throw_unsupported(error, "'lxc profile %s' is not supported by migsim", sub), NULL);
    } else if (g_str_equal(verb, "storage") && sub != NULL && g_str_equal(sub, "volume")) {
        const char *what = argv[3];
        start = 4;
        if (what != NULL && g_str_equal(what, "create"))
            kind = MS_OP_VOLUME_CREATE, allowed = OPT_TARGET | OPT_TYPE;
        else if (what != NULL && g_str_equal(what, "delete"))
            kind = MS_OP_VOLUME_DELETE, allowed = OPT_TARGET;
        else if (what != NULL && g_str_equal(what, "attach"))
            kind = MS_OP_VOLUME_ATTACH, allowed = OPT_TARGET;
        else if (what != NULL && g_str_equal(what, "detach"))
            kind = MS_OP_VOLUME_DETACH, allowed = OPT_TARGET;
        else if (what != NULL && (g_str_equal(what, "rename") || g_str_equal(what, "mv")))
            kind = MS_OP_VOLUME_RENAME, allowed = OPT_TARGET;
        else if (what != NULL && g_str_equal(what, "show"))
            kind = MS_OP_VOLUME_SHOW, allowed = OPT_TARGET;
        else if (what != NULL && g_str_equal(what, "get"))
            kind = MS_OP_VOLUME_GET, allowed = OPT_TARGET;
        else if (what != NULL && g_str_equal(what, "set"))
            kind = MS_OP_VOLUME_SET, allowed = OPT_TARGET;
        else if (what != NULL && g_str_equal(what, "unset"))
            kind = MS_OP_VOLUME_UNSET, allowed = OPT_TARGET;
        else if (what != NULL && g_str_equal(what, "snapshot"))
            kind = MS_OP_VOLUME_SNAPSHOT, allowed = OPT_TARGET;
        else
            return (throw_unsupported(error, "'lxc storage volume %s' is not supported by migsim", what ? what : ""), NULL);
    } else if (g_str_equal(verb, "storage") && sub != NULL && g_str_equal(sub, "create")) {
        kind = MS_OP_STORAGE_CREATE, allowed = OPT_TARGET, start = 3;
    } else if (g_str_equal(verb, "storage") && sub != NULL && (g_str_equal(sub, "set") || g_str_equal(sub, "unset"))) {
        kind = g_str_equal(sub, "set") ? MS_OP_STORAGE_SET : MS_OP_STORAGE_UNSET, start = 3;
    } else if (g_str_equal(verb, "storage") && sub != NULL && g_str_equal(sub, "delete")) {
        kind = MS_OP_STORAGE_DELETE, start = 3;
    } else if (g_str_equal(verb, "cluster") && sub != NULL && g_str_equal(sub, "evacuate")) {
        kind = MS_OP_EVACUATE, allowed = OPT_FORCE | OPT_YES | OPT_ACTION, start = 3;
    } else if (g_str_equal(verb, "cluster") && sub != NULL && g_str_equal(sub, "restore")) {
        kind = MS_OP_RESTORE, allowed = OPT_FORCE | OPT_ACTION, start = 3;
    } else if (g_str_equal(verb, "cluster") && sub != NULL && g_str_equal(sub, "group")) {
        const char *what = argv[3];
        start = 4;
        if (what != NULL && g_str_equal(what, "create"))
            kind = MS_OP_GROUP_CREATE;
        else if (what != NULL && g_str_equal(what, "assign"))
            kind = MS_OP_GROUP_ASSIGN;
        else
            return (throw_unsupported(error, "'lxc cluster group %s' is not supported by migsim (use create or assign)",
                                      what ? what : ""), NULL);
    } else if (g_str_equal(verb, "cluster") && sub != NULL && (g_str_equal(sub, "set") || g_str_equal(sub, "unset"))) {
        kind = g_str_equal(sub, "set") ? MS_OP_MEMBER_SET : MS_OP_MEMBER_UNSET, start = 3;
    } else if (g_str_equal(verb, "cluster") && sub != NULL && (g_str_equal(sub, "remove") || g_str_equal(sub, "rm"))) {
        kind = MS_OP_MEMBER_REMOVE, allowed = OPT_FORCE | OPT_YES, start = 3;
    } else if (g_str_equal(verb, "cluster") && sub != NULL && (g_str_equal(sub, "list") || g_str_equal(sub, "ls"))) {
        kind = MS_OP_CLUSTER_LIST, start = 3;
    } else if (g_str_equal(verb, "query")) {
        /* Only the backup creation used by LXD's own tests:
         * lxc query -X POST [--wait] [-d JSON] /1.0/instances/NAME/backups */
        const char *path = NULL;
        gboolean post = FALSE;
        for (guint i = 2; argv[i] != NULL; i++) {
            if (g_str_equal(argv[i], "-X") && argv[i + 1] != NULL)
                post = g_ascii_strcasecmp(argv[++i], "POST") == 0;
            else if (g_str_equal(argv[i], "-d") && argv[i + 1] != NULL)
                i++;
            else if (g_str_equal(argv[i], "--wait"))
                continue;
            else if (path == NULL)
                path = argv[i];
            else
                return (throw_unsupported(error, "'lxc query': unexpected argument '%s'", argv[i]), NULL);
        }
        if (!post || path == NULL || !g_str_has_prefix(path, "/1.0/instances/") ||
            !g_str_has_suffix(path, "/backups"))
            return (throw_unsupported(error, "'lxc query' is only supported as: lxc query -X POST /1.0/instances/NAME/backups"), NULL);
        op = ms_op_new(MS_OP_BACKUP_CREATE);
        op->instance = g_strndup(path + strlen("/1.0/instances/"),
                                 strlen(path) - strlen("/1.0/instances/") - strlen("/backups"));
        return g_steal_pointer(&op);
    } else {
        g_autofree char *words = g_strjoinv(" ", argv);
        return (throw_unsupported(error, "'%s' is not a command migsim supports", words), NULL);
    }

    command = g_strjoinv(" ", (char **) (const char *const[]){ argv[1], start > 2 ? argv[2] : NULL,
                                                                start > 3 ? argv[3] : NULL, NULL });
    op = ms_op_new(kind);
    parsed.op = op;
    if (!parse_options(argv, start, allowed, command, &parsed, error))
        return NULL;

    switch (kind) {
    case MS_OP_INIT:
        op->start = g_str_equal(verb, "launch");
        if (op->empty) {
            if (!want_args(command, NARGS, 1, 1, "--empty NAME [options]", error))
                return NULL;
            op->instance = g_strdup(ARG(0));
        } else {
            if (!want_args(command, NARGS, 2, 2, "IMAGE NAME [options]", error))
                return NULL;
            op->image = g_strdup(ARG(0));
            op->instance = g_strdup(ARG(1));
        }
        break;
    case MS_OP_START:
    case MS_OP_STOP:
    case MS_OP_RESTART:
    case MS_OP_DELETE:
        if (!want_args(command, NARGS, 1, G_MAXUINT, "NAME...", error))
            return NULL;
        for (guint i = 0; i < NARGS; i++)
            g_ptr_array_add(op->instances, g_strdup(ARG(i)));
        op->instance = g_strdup(ARG(0));
        break;
    case MS_OP_MOVE:
        if (!want_args(command, NARGS, 1, 2, "NAME [NEWNAME] --target MEMBER|@GROUP [--stateless]", error))
            return NULL;
        if (op->target == NULL)
            return (throw_unsupported(error, "'lxc %s' is only supported with --target (moves between members)", command), NULL);
        if (op->target[0] == '@') {
            if (op->target[1] == '\0')
                return (throw_unsupported(error, "'lxc %s': --target=@ needs a cluster group name", command), NULL);
            op->group = g_strdup(op->target + 1);
        }
        op->instance = g_strdup(ARG(0));
        if (NARGS == 2)
            op->new_name = g_strdup(ARG(1));
        break;
    case MS_OP_SNAPSHOT:
        if (!want_args(command, NARGS, 1, 2, "INSTANCE [SNAPSHOT]", error))
            return NULL;
        op->instance = g_strdup(ARG(0));
        if (NARGS == 2)
            op->snapshot = g_strdup(ARG(1));
        break;
    case MS_OP_COPY: {
        const char *slash;
        if (!want_args(command, NARGS, 2, 2, "SOURCE[/SNAPSHOT] NAME [--target MEMBER]", error))
            return NULL;
        slash = strchr(ARG(0), '/');
        op->instance = slash ? g_strndup(ARG(0), slash - ARG(0)) : g_strdup(ARG(0));
        if (slash != NULL)
            op->snapshot = g_strdup(slash + 1);
        op->new_name = g_strdup(ARG(1));
        break;
    }
    case MS_OP_DEVICE_OVERRIDE:
        if (!want_args(command, NARGS, 3, G_MAXUINT, "NAME DEVICE KEY=VALUE...", error))
            return NULL;
        op->instance = g_strdup(ARG(0));
        op->device = g_strdup(ARG(1));
        if (!add_pairs(op, command, parsed.args, 2, error))
            return NULL;
        break;
    case MS_OP_PROFILE_COPY:
        if (!want_args(command, NARGS, 2, 2, "PROFILE NEWNAME", error))
            return NULL;
        op->profile = g_strdup(ARG(0));
        op->new_name = g_strdup(ARG(1));
        break;
    case MS_OP_STORAGE_SET:
        if (!want_args(command, NARGS, 2, G_MAXUINT, "POOL KEY VALUE | POOL KEY=VALUE...", error))
            return NULL;
        op->pool = g_strdup(ARG(0));
        if (!parse_set_pairs(op, command, parsed.args, 1, error))
            return NULL;
        break;
    case MS_OP_STORAGE_UNSET:
        if (!want_args(command, NARGS, 2, 2, "POOL KEY", error))
            return NULL;
        op->pool = g_strdup(ARG(0));
        ms_op_add_kv(op, ARG(1), "");
        break;
    case MS_OP_VOLUME_RENAME:
        if (!want_args(command, NARGS, 3, 3, "POOL VOLUME NEWNAME [--target MEMBER]", error))
            return NULL;
        op->pool = g_strdup(ARG(0));
        op->volume = g_strdup(ARG(1));
        op->new_name = g_strdup(ARG(2));
        break;
    case MS_OP_VOLUME_SHOW:
        if (!want_args(command, NARGS, 2, 2, "POOL VOLUME [--target MEMBER]", error))
            return NULL;
        op->pool = g_strdup(ARG(0));
        op->volume = g_strdup(ARG(1));
        break;
    case MS_OP_VOLUME_GET:
    case MS_OP_VOLUME_UNSET:
        if (!want_args(command, NARGS, 3, 3, "POOL VOLUME KEY [--target MEMBER]", error))
            return NULL;
        op->pool = g_strdup(ARG(0));
        op->volume = g_strdup(ARG(1));
        ms_op_add_kv(op, ARG(2), "");
        break;
    case MS_OP_VOLUME_SET:
        if (!want_args(command, NARGS, 3, G_MAXUINT, "POOL VOLUME KEY VALUE | POOL VOLUME KEY=VALUE...", error))
            return NULL;
        op->pool = g_strdup(ARG(0));
        op->volume = g_strdup(ARG(1));
        if (!parse_set_pairs(op, command, parsed.args, 2, error))
            return NULL;
        break;
    case MS_OP_VOLUME_SNAPSHOT:
        if (!want_args(command, NARGS, 2, 3, "POOL VOLUME [SNAPSHOT]", error))
            return NULL;
        op->pool = g_strdup(ARG(0));
        op->volume = g_strdup(ARG(1));
        if (NARGS == 3)
            op->snapshot = g_strdup(ARG(2));
        break;
    case MS_OP_NETWORK_CREATE:
        if (!want_args(command, NARGS, 1, G_MAXUINT, "NETWORK [KEY=VALUE...] [--target MEMBER]", error))
            return NULL;
        op->network = g_strdup(ARG(0));
        if (!add_pairs(op, command, parsed.args, 1, error))
            return NULL;
        break;
    case MS_OP_NETWORK_SET:
        if (!want_args(command, NARGS, 2, G_MAXUINT, "NETWORK KEY VALUE | NETWORK KEY=VALUE... [--target MEMBER]", error))
            return NULL;
        op->network = g_strdup(ARG(0));
        if (!parse_set_pairs(op, command, parsed.args, 1, error))
            return NULL;
        break;
    case MS_OP_NETWORK_UNSET:
        if (!want_args(command, NARGS, 2, 2, "NETWORK KEY [--target MEMBER]", error))
            return NULL;
        op->network = g_strdup(ARG(0));
        ms_op_add_kv(op, ARG(1), "");
        break;
    case MS_OP_GROUP_CREATE:
        if (!want_args(command, NARGS, 1, 1, "GROUP", error))
            return NULL;
        op->group = g_strdup(ARG(0));
        break;
    case MS_OP_GROUP_ASSIGN: {
        g_auto(GStrv) names = NULL;
        if (!want_args(command, NARGS, 2, 2, "MEMBER GROUP[,GROUP...]", error))
            return NULL;
        op->member = g_strdup(ARG(0));
        op->groups = g_ptr_array_new_with_free_func(g_free);
        names = g_strsplit(ARG(1), ",", -1);
        for (guint i = 0; names[i] != NULL; i++)
            g_ptr_array_add(op->groups, g_strdup(names[i]));
        break;
    }
    case MS_OP_MEMBER_SET:
        if (!want_args(command, NARGS, 2, G_MAXUINT, "MEMBER KEY VALUE | MEMBER KEY=VALUE...", error))
            return NULL;
        op->member = g_strdup(ARG(0));
        if (!parse_set_pairs(op, command, parsed.args, 1, error))
            return NULL;
        break;
    case MS_OP_MEMBER_UNSET:
        if (!want_args(command, NARGS, 2, 2, "MEMBER KEY", error))
            return NULL;
        op->member = g_strdup(ARG(0));
        ms_op_add_kv(op, ARG(1), "");
        break;
    case MS_OP_MEMBER_REMOVE:
        if (!want_args(command, NARGS, 1, 1, "MEMBER [--force] [--yes]", error))
            return NULL;
        op->member = g_strdup(ARG(0));
        break;
    case MS_OP_PLACEMENT_GROUP_CREATE:
        if (!want_args(command, NARGS, 1, G_MAXUINT, "NAME [KEY=VALUE...]", error))
            return NULL;
        op->group = g_strdup(ARG(0));
        if (!add_pairs(op, command, parsed.args, 1, error))
            return NULL;
        break;
    case MS_OP_LIST:
    case MS_OP_CLUSTER_LIST:
        if (!want_args(command, NARGS, 0, 0, "", error))
            return NULL;
        break;
    case MS_OP_CONFIG_SET:
        if (NARGS == 0)
            return (want_args(command, 0, 1, 1, "[NAME] KEY VALUE | [NAME] KEY=VALUE...", error), NULL);
        if (!any_has_equals(parsed.args, 0)) {
            if (NARGS == 2) {
                ms_op_add_kv(op, ARG(0), ARG(1));
            } else if (NARGS == 3) {
                op->instance = g_strdup(ARG(0));
                ms_op_add_kv(op, ARG(1), ARG(2));
            } else {
                return (want_args(command, NARGS, 2, 3, "[NAME] KEY VALUE | [NAME] KEY=VALUE...", error), NULL);
            }
        } else {
            guint from = strchr(ARG(0), '=') == NULL ? 1 : 0;
            if (from == 1)
                op->instance = g_strdup(ARG(0));
            if (!add_pairs(op, command, parsed.args, from, error))
                return NULL;
            if (op->keys->len == 0)
                return (want_args(command, 0, 1, 1, "[NAME] KEY=VALUE...", error), NULL);
        }
        break;
    case MS_OP_CONFIG_UNSET:
    case MS_OP_CONFIG_GET:
        if (!want_args(command, NARGS, 1, 2, "[NAME] KEY", error))
            return NULL;
        if (NARGS == 2)
            op->instance = g_strdup(ARG(0));
        ms_op_add_kv(op, ARG(NARGS - 1), "");
        break;
    case MS_OP_DEVICE_ADD:
        if (!want_args(command, NARGS, 3, G_MAXUINT, "NAME DEVICE TYPE [KEY=VALUE...]", error))
            return NULL;
        op->instance = g_strdup(ARG(0));
        op->device = g_strdup(ARG(1));
        op->device_type = g_strdup(ARG(2));
        if (!add_pairs(op, command, parsed.args, 3, error))
            return NULL;
        break;
    case MS_OP_DEVICE_REMOVE:
        if (!want_args(command, NARGS, 2, 2, "NAME DEVICE", error))
            return NULL;
        op->instance = g_strdup(ARG(0));
        op->device = g_strdup(ARG(1));
        break;
    case MS_OP_DEVICE_SET:
        if (!want_args(command, NARGS, 3, G_MAXUINT, "NAME DEVICE KEY=VALUE... | NAME DEVICE KEY VALUE", error))
            return NULL;
        op->instance = g_strdup(ARG(0));
        op->device = g_strdup(ARG(1));
        if (!parse_set_pairs(op, command, parsed.args, 2, error))
            return NULL;
        break;
    case MS_OP_PROFILE_CREATE:
    case MS_OP_PROFILE_DELETE:
        if (!want_args(command, NARGS, 1, 1, "PROFILE", error))
            return NULL;
        op->profile = g_strdup(ARG(0));
        break;
    case MS_OP_PROFILE_SET:
        if (!want_args(command, NARGS, 2, G_MAXUINT, "PROFILE KEY VALUE | PROFILE KEY=VALUE...", error))
            return NULL;
        op->profile = g_strdup(ARG(0));
        if (!parse_set_pairs(op, command, parsed.args, 1, error))
            return NULL;
        break;
    case MS_OP_PROFILE_UNSET:
        if (!want_args(command, NARGS, 2, 2, "PROFILE KEY", error))
            return NULL;
        op->profile = g_strdup(ARG(0));
        ms_op_add_kv(op, ARG(1), "");
        break;
    case MS_OP_PROFILE_DEVICE_ADD:
        if (!want_args(command, NARGS, 3, G_MAXUINT, "PROFILE DEVICE TYPE [KEY=VALUE...]", error))
            return NULL;
        op->profile = g_strdup(ARG(0));
        op->device = g_strdup(ARG(1));
        op->device_type = g_strdup(ARG(2));
        if (!add_pairs(op, command, parsed.args, 3, error))
            return NULL;
        break;
    case MS_OP_PROFILE_DEVICE_REMOVE:
        if (!want_args(command, NARGS, 2, 2, "PROFILE DEVICE", error))
            return NULL;
        op->profile = g_strdup(ARG(0));
        op->device = g_strdup(ARG(1));
        break;
    case MS_OP_PROFILE_ASSIGN:
    case MS_OP_PROFILE_UNASSIGN:
        if (!want_args(command, NARGS, 2, 2, "INSTANCE PROFILE", error))
            return NULL;
        op->instance = g_strdup(ARG(0));
        op->profile = g_strdup(ARG(1));
        break;
    case MS_OP_STORAGE_CREATE:
        if (!want_args(command, NARGS, 2, G_MAXUINT, "POOL DRIVER [KEY=VALUE...] [--target MEMBER]", error))
            return NULL;
        op->pool = g_strdup(ARG(0));
        op->driver = g_strdup(ARG(1));
        if (!add_pairs(op, command, parsed.args, 2, error))
            return NULL;
        break;
    case MS_OP_STORAGE_DELETE:
        if (!want_args(command, NARGS, 1, 1, "POOL", error))
            return NULL;
        op->pool = g_strdup(ARG(0));
        break;
    case MS_OP_VOLUME_CREATE:
        if (!want_args(command, NARGS, 2, G_MAXUINT, "POOL VOLUME [KEY=VALUE...] [--type TYPE] [--target MEMBER]", error))
            return NULL;
        op->pool = g_strdup(ARG(0));
        op->volume = g_strdup(ARG(1));
        if (op->content_type != NULL && !g_str_equal(op->content_type, "filesystem") &&
            !g_str_equal(op->content_type, "block") && !g_str_equal(op->content_type, "iso"))
            return (throw_unsupported(error, "'lxc %s': --type must be filesystem, block or iso, got '%s'",
                                      command, op->content_type), NULL);
        if (!add_pairs(op, command, parsed.args, 2, error))
            return NULL;
        break;
    case MS_OP_VOLUME_DELETE:
        if (!want_args(command, NARGS, 2, 2, "POOL VOLUME [--target MEMBER]", error))
            return NULL;
        op->pool = g_strdup(ARG(0));
        op->volume = g_strdup(ARG(1));
        break;
    case MS_OP_VOLUME_ATTACH:
        /* lxc/storage_volume.go: POOL VOLUME INSTANCE [DEVICE] [PATH]; with
         * four arguments the fourth is the path and the device is named
         * after the volume. */
        if (!want_args(command, NARGS, 3, 5, "POOL VOLUME INSTANCE [DEVICE] [PATH]", error))
            return NULL;
        op->pool = g_strdup(ARG(0));
        op->volume = g_strdup(ARG(1));
        op->instance = g_strdup(ARG(2));
        op->device = g_strdup(NARGS == 5 ? ARG(3) : ARG(1));
        op->path = g_strdup(NARGS == 4 ? ARG(3) : NARGS == 5 ? ARG(4) : "");
        break;
    case MS_OP_VOLUME_DETACH:
        if (!want_args(command, NARGS, 3, 4, "POOL VOLUME INSTANCE [DEVICE]", error))
            return NULL;
        op->pool = g_strdup(ARG(0));
        op->volume = g_strdup(ARG(1));
        op->instance = g_strdup(ARG(2));
        op->device = NARGS == 4 ? g_strdup(ARG(3)) : NULL;
        break;
    case MS_OP_EVACUATE:
    case MS_OP_RESTORE:
        if (!want_args(command, NARGS, 1, 1, "MEMBER", error))
            return NULL;
        op->member = g_strdup(ARG(0));
        break;
    default:
        g_assert_not_reached();
    }
    return g_steal_pointer(&op);
}
