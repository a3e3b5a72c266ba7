/* migsim: the options and KEY=VALUE arguments of an `lxc` command line, as
 * lxc's cobra flags parse them (the option table, short and long forms,
 * `--opt=value`, `--` and the arity check); the verb table is in ms-lxc.c. */
#include "ms-lxc-verbs.h"
#include "ms-suggest.h"

#include <string.h>

typedef struct {
    const char *long_name;
    char short_name;
    gboolean takes_value;
    MsLxcOption mask;
} OptDef;

/* clang-format off */
static const OptDef options[] = {
    { "target", 0, TRUE, MS_OPT_TARGET },
    { "storage", 's', TRUE, MS_OPT_STORAGE },
    { "profile", 'p', TRUE, MS_OPT_PROFILE },
    { "config", 'c', TRUE, MS_OPT_CONFIG },
    { "vm", 0, FALSE, MS_OPT_VM },
    { "empty", 0, FALSE, MS_OPT_EMPTY },
    { "force", 'f', FALSE, MS_OPT_FORCE },
    { "yes", 0, FALSE, MS_OPT_YES },
    { "stateless", 0, FALSE, MS_OPT_STATELESS },
    { "stateful", 0, FALSE, MS_OPT_STATEFUL },
    { "type", 't', TRUE, MS_OPT_TYPE },
    { "action", 0, TRUE, MS_OPT_ACTION },
    { "no-profiles", 0, FALSE, MS_OPT_NO_PROFILES },
    { "quiet", 'q', FALSE, MS_OPT_QUIET },
    { "device", 'd', TRUE, MS_OPT_DEVICE },
    { "columns", 'c', TRUE, MS_OPT_COLUMNS },
    { "format", 'f', TRUE, MS_OPT_FORMAT },
    { "destination-target", 0, TRUE, MS_OPT_DESTINATION_TARGET },
    { "volume-only", 0, FALSE, MS_OPT_VOLUME_ONLY },
    { "expanded", 'e', FALSE, MS_OPT_EXPANDED },
    { "instance-only", 0, FALSE, MS_OPT_INSTANCE_ONLY },
    { "refresh", 0, FALSE, MS_OPT_REFRESH },
    { "project", 0, TRUE, MS_OPT_PROJECT },
    { "target-project", 0, TRUE, MS_OPT_TARGET_PROJECT },
    { "disk-volumes", 0, TRUE, MS_OPT_DISK_VOLUMES },
    { "network", 'n', TRUE, MS_OPT_NETWORK },
    { "alias", 0, TRUE, MS_OPT_ALIAS },
    { "copy-aliases", 0, FALSE, MS_OPT_COPY_ALIASES },
    { "start", 0, FALSE, MS_OPT_START },
    { "fast", 0, FALSE, MS_OPT_FAST },
    { "mode", 0, TRUE, MS_OPT_MODE },
};
/* clang-format on */

/* Boolean flags lxc defines for a command that migsim parses without
 * following them: the line parses, and the model answers "not modelled"
 * (or cobra's unknown flag where the release's client lacks the flag:
 * model/ms-apply.c refuse_unfollowed_flag, whose table gives the sources
 * and must name the same flags). */
typedef struct {
    MsOpKind kind;
    const char *long_name;
    char short_name;
} Unfollowed;

/* clang-format off */
static const Unfollowed unfollowed[] = {
    { MS_OP_START, "all", 0 },
    { MS_OP_STOP, "all", 0 },
    { MS_OP_RESTART, "all", 0 },
    { MS_OP_INIT, "ephemeral", 'e' },
    { MS_OP_COPY, "ephemeral", 'e' },
    { MS_OP_CONFIG_SET, "property", 'p' },
    { MS_OP_CONFIG_UNSET, "property", 'p' },
    { MS_OP_CONFIG_GET, "property", 'p' },
    { MS_OP_VOLUME_SET, "property", 'p' },
    { MS_OP_VOLUME_UNSET, "property", 'p' },
    { MS_OP_VOLUME_GET, "property", 'p' },
    { MS_OP_PROFILE_SET, "property", 'p' },
    { MS_OP_PROFILE_UNSET, "property", 'p' },
    { MS_OP_STORAGE_SET, "property", 'p' },
    { MS_OP_STORAGE_UNSET, "property", 'p' },
    { MS_OP_NETWORK_SET, "property", 'p' },
    { MS_OP_NETWORK_UNSET, "property", 'p' },
    { MS_OP_PROJECT_SET, "property", 'p' },
    { MS_OP_PROJECT_UNSET, "property", 'p' },
};
/* clang-format on */

/* The flag @arg ("--all", "-e") of an @kind command line, typed as
 * recorded in MsOp.typed_flags, when it is one of those; NULL otherwise. */
static char *
unfollowed_flag(MsOpKind kind, const char *arg)
{
    for (guint i = 0; i < G_N_ELEMENTS(unfollowed); i++) {
        if (unfollowed[i].kind != kind)
            continue;
        if (arg[1] == '-' && g_str_equal(arg + 2, unfollowed[i].long_name))
            return g_strdup(arg);
        if (arg[1] != '-' && unfollowed[i].short_name != 0 && arg[1] == unfollowed[i].short_name &&
            arg[2] == '\0')
            return g_strdup(arg);
    }
    return NULL;
}

gboolean
ms_lxc_flag_unfollowed(MsOpKind kind, const char *typed)
{
    g_autofree char *flag = typed[0] == '-' ? unfollowed_flag(kind, typed) : NULL;

    return flag != NULL;
}

gboolean
ms_lxc_throw_unsupported(GError **error, const char *fmt, ...)
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
    case MS_OPT_TARGET:
        g_free(op->target);
        op->target = g_strdup(value);
        break;
    case MS_OPT_STORAGE:
        g_free(op->pool);
        op->pool = g_strdup(value);
        break;
    case MS_OPT_PROFILE:
        if (op->profiles == NULL)
            op->profiles = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(op->profiles, g_strdup(value));
        break;
    case MS_OPT_CONFIG: {
        g_autofree char *key = NULL, *val = NULL;
        if (!split_kv(value, &key, &val))
            return ms_lxc_throw_unsupported(error, "'%s': -c needs KEY=VALUE, got '%s'", command, value);
        ms_op_add_kv(op, key, val);
        break;
    }
    case MS_OPT_VM:
        op->vm = TRUE;
        break;
    case MS_OPT_EMPTY:
        op->empty = TRUE;
        break;
    case MS_OPT_FORCE:
        op->force = TRUE;
        break;
    case MS_OPT_YES:
        op->yes = TRUE;
        break;
    case MS_OPT_STATELESS:
        op->stateless = TRUE;
        break;
    case MS_OPT_STATEFUL:
        op->stateful = TRUE;
        break;
    case MS_OPT_TYPE:
        g_free(op->content_type);
        op->content_type = g_strdup(value);
        break;
    case MS_OPT_ACTION:
        g_free(op->action);
        op->action = g_strdup(value);
        break;
    case MS_OPT_NO_PROFILES:
        op->no_profiles = TRUE;
        break;
    case MS_OPT_QUIET:
        op->quiet = TRUE;
        break;
    case MS_OPT_DESTINATION_TARGET:
        g_free(op->destination_target);
        op->destination_target = g_strdup(value);
        break;
    case MS_OPT_NETWORK:
        g_free(op->network);
        op->network = g_strdup(value);
        break;
    case MS_OPT_DISK_VOLUMES:
        g_free(op->disk_volumes);
        op->disk_volumes = g_strdup(value);
        break;
    case MS_OPT_VOLUME_ONLY:
        op->volume_only = TRUE;
        break;
    case MS_OPT_INSTANCE_ONLY:
        op->instance_only = TRUE;
        break;
    case MS_OPT_REFRESH:
        op->refresh = TRUE;
        break;
    case MS_OPT_START:
        op->start = TRUE;
        break;
    case MS_OPT_MODE:
        /* lxc does not check the value: "push" and "relay" choose those
         * paths, anything else is the pull path (client/lxd_instances.go:750,803
         * and client/lxd_storage_volumes.go:559,617 at lxd-5.0.2) */
        g_free(op->transfer_mode);
        op->transfer_mode = g_strdup(value);
        break;
    case MS_OPT_ALIAS:
        if (op->aliases == NULL)
            op->aliases = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(op->aliases, g_strdup(value));
        break;
    case MS_OPT_COPY_ALIASES:
        op->copy_aliases = TRUE;
        break;
    case MS_OPT_COLUMNS:
        if (op->list_fast && !g_str_equal(value, MS_LIST_DEFAULT_COLUMNS))
            return ms_lxc_throw_unsupported(
                error, "'%s': lxc's refusal of --fast with --columns is not modelled", command);
        if (!op->list_fast) {
            g_free(op->columns);
            op->columns = g_strdup(value);
        }
        break;
    case MS_OPT_FAST:
        /* "Fast mode (same as --columns=nsacPt)", lxc/list.go:135,584-594 at
         * lxd-5.0.2 (:598-608 at lxd-6.9, cmd/incus/list.go:607-617 at
         * v6.0.4); with other columns lxc refuses (its text changed in 6.8).
         * A second --fast is the same flag again (a bool). */
        if (op->list_fast)
            break;
        if (op->columns != NULL && !g_str_equal(op->columns, MS_LIST_DEFAULT_COLUMNS))
            return ms_lxc_throw_unsupported(
                error, "'%s': lxc's refusal of --fast with --columns is not modelled", command);
        op->list_fast = TRUE;
        g_free(op->columns);
        op->columns = g_strdup("nsacPt");
        break;
    case MS_OPT_FORMAT:
        if (!g_str_equal(value, "table") && !g_str_equal(value, "csv") && !g_str_equal(value, "compact") &&
            !g_str_equal(value, "json") && !g_str_equal(value, "yaml"))
            return ms_lxc_throw_unsupported(error, "'%s': Invalid format \"%s\"", command, value);
        g_free(op->format);
        op->format = g_strdup(value);
        break;
    case MS_OPT_EXPANDED:
        op->expanded = TRUE;
        break;
    case MS_OPT_PROJECT:
        g_free(op->project);
        op->project = g_strdup(value);
        break;
    case MS_OPT_TARGET_PROJECT:
        g_free(op->target_project);
        op->target_project = g_strdup(value);
        break;
    case MS_OPT_DEVICE: {
        /* lxc/utils.go parseDeviceOverrides: DEVICE,KEY=VALUE */
        const char *comma = strchr(value, ',');
        if (comma == NULL || strchr(comma, '=') == NULL || comma == value || comma[1] == '=')
            return ms_lxc_throw_unsupported(
                error, "'%s': Bad device override syntax, expecting <device>,<key>=<value>: %s", command,
                value);
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

/* The option a short name means for this verb: -c is --config for init
 * and --columns for list, -f --force or --format. */
static const OptDef *
short_option(char name, guint allowed)
{
    const OptDef *found = NULL;

    for (guint o = 0; o < G_N_ELEMENTS(options); o++)
        if (options[o].short_name == name && (found == NULL || (options[o].mask & allowed) != 0))
            found = &options[o];
    return found;
}

/* -sPOOL: a short option with a value may have it attached */
static gboolean
short_takes_value(char name, guint allowed)
{
    const OptDef *def = short_option(name, allowed);

    return def != NULL && def->takes_value;
}

/* Splits options from positionals, accepting only @allowed options. */
gboolean
ms_lxc_parse_options(char **argv, guint start, guint allowed, guint unknown, const char *command,
                     MsLxcParsed *parsed, GError **error)
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
        } else if (arg[2] == '\0' || short_takes_value(arg[1], allowed)) {
            def = short_option(arg[1], allowed);
            if (def != NULL && arg[2] != '\0') {
                if (!def->takes_value)
                    def = NULL;
                else
                    inline_value = g_strdup(arg + 2);
            }
        }
        /* cobra stops at the first flag it does not know (pflag's "unknown
         * flag: --NAME"); a flag other commands give a value (--target)
         * keeps its value out of the positionals, as migsim reads it */
        if (def != NULL && (def->mask & unknown) != 0) {
            if (parsed->op->unknown_flag == NULL)
                parsed->op->unknown_flag = g_strconcat("--", def->long_name, NULL);
            if (def->takes_value && inline_value == NULL && argv[i + 1] != NULL)
                i++;
            continue;
        }
        if (def == NULL || (def->mask & allowed) == 0) {
            g_autofree char *flag = unfollowed_flag(parsed->op->kind, arg);
            g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
            g_autofree char *hint = NULL;

            if (flag != NULL) {
                if (parsed->op->typed_flags == NULL)
                    parsed->op->typed_flags = g_ptr_array_new_with_free_func(g_free);
                g_ptr_array_add(parsed->op->typed_flags, g_steal_pointer(&flag));
                continue;
            }
            /* the options this command takes, spelt as typed */
            for (guint o = 0; o < G_N_ELEMENTS(options); o++)
                if ((options[o].mask & allowed) != 0)
                    g_ptr_array_add(names, g_strconcat("--", options[o].long_name, NULL));
            {
                g_autofree char *bare = g_strndup(arg, strcspn(arg, "="));
                hint = ms_suggest_hint(bare, names);
            }
            return ms_lxc_throw_unsupported(error, "'%s' does not support option '%s' in migsim%s", command,
                                            arg, hint);
        }
        if (def->takes_value && inline_value == NULL) {
            if (argv[i + 1] == NULL)
                return ms_lxc_throw_unsupported(error, "'%s': option '%s' needs a value", command, arg);
            inline_value = g_strdup(argv[++i]);
        } else if (!def->takes_value && inline_value != NULL) {
            return ms_lxc_throw_unsupported(error, "'%s': option '--%s' takes no value", command,
                                            def->long_name);
        }
        if (parsed->op->typed_flags == NULL)
            parsed->op->typed_flags = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(parsed->op->typed_flags,
                        arg[1] == '-' ? g_strconcat("--", def->long_name, NULL) : g_strndup(arg, 2));
        if (!set_option(parsed->op, def, inline_value, command, error))
            return FALSE;
    }
    return TRUE;
}

gboolean
ms_lxc_want_args(const char *command, guint n, guint min, guint max, const char *usage, GError **error)
{
    if (n < min || n > max)
        return ms_lxc_throw_unsupported(error, "'%s' expects: %s %s", command, command, usage);
    return TRUE;
}

gboolean
ms_lxc_add_pairs(MsOp *op, const char *command, GPtrArray *args, guint from, GError **error)
{
    for (guint i = from; i < args->len; i++) {
        g_autofree char *key = NULL, *value = NULL;
        if (!split_kv(args->pdata[i], &key, &value))
            return ms_lxc_throw_unsupported(error, "'%s': expected KEY=VALUE, got '%s'", command,
                                            (const char *) args->pdata[i]);
        ms_op_add_kv(op, key, value);
    }
    return TRUE;
}

gboolean
ms_lxc_any_has_equals(GPtrArray *args, guint from)
{
    for (guint i = from; i < args->len; i++)
        if (strchr(args->pdata[i], '=') != NULL)
            return TRUE;
    return FALSE;
}

/* lxc config set / lxc profile set: "KEY VALUE" or "KEY=VALUE..." after
 * @from positional arguments that name the object, as lxc's getConfig reads
 * them (lxc/utils.go:165-184 at lxd-5.0.2): two arguments whose first has no
 * "=" are a key and its value, whatever the value holds ("raw.lxc
 * lxc.x=y"); anything else is KEY=VALUE pairs. */
gboolean
ms_lxc_parse_set_pairs(MsOp *op, const char *command, GPtrArray *args, guint from, GError **error)
{
    if (args->len - from == 2 && strchr(args->pdata[from], '=') == NULL) {
        ms_op_add_kv(op, args->pdata[from], args->pdata[from + 1]);
        return TRUE;
    }
    if (!ms_lxc_any_has_equals(args, from))
        return ms_lxc_throw_unsupported(error, "'%s' expects KEY VALUE or KEY=VALUE...", command);
    return ms_lxc_add_pairs(op, command, args, from, error);
}
