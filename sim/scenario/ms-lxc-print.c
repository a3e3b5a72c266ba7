/* migsim: MsOp back to the `lxc` command line that ms_lxc_parse() reads,
 * walking the same verb table.  The explorer and preflight print the
 * operations they run with it, so every command printed parses back to
 * the operation that ran (tests/fuzz/fuzz-lxc.c checks it). */
#include "ms-lxc-verbs.h"
#include "ms-shell.h"

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
add(GPtrArray *words, const char *word)
{
    g_ptr_array_add(words, g_strdup(word));
}

static char *
pair(const MsOp *op, guint i)
{
    return g_strdup_printf("%s=%s", (const char *) op->keys->pdata[i], (const char *) op->values->pdata[i]);
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
append_list(GString *out, const char *flag, const GPtrArray *values)
{
    for (guint i = 0; values != NULL && i < values->len; i++) {
        g_string_append(out, flag);
        append_word(out, values->pdata[i]);
    }
}

/* lxc's parseVolume (lxc/storage_volume.go at lxd-5.0.2) reads a name with
 * a "/" as TYPE/NAME when its first part is custom, image, container or
 * virtual-machine, so a custom volume named "container/x" is only spelt
 * "custom/container/x"; the explicit type is always right for a name with
 * a "/" in it. */
static char *
custom_volume_word(const char *volume)
{
    if (volume != NULL && strchr(volume, '/') != NULL)
        return g_strconcat("custom/", volume, NULL);
    return g_strdup(volume);
}

/* lxc's parseVolume types other than custom (lxc/storage_volume.go at
 * lxd-5.0.2): see refuse_volume_type in model/ms-apply.c */
static gboolean
volume_type_prefixed(const char *volume)
{
    return volume != NULL &&
           (g_str_has_prefix(volume, "container/") || g_str_has_prefix(volume, "virtual-machine/") ||
            g_str_has_prefix(volume, "image/"));
}

static void
add_slot(GPtrArray *words, const MsOp *op, MsLxcSlot slot)
{
    const char *value;

    switch (slot) {
    case MS_SLOT_KEY:
        if (op->keys->len > 0)
            add(words, op->keys->pdata[0]);
        return;
    case MS_SLOT_SOURCE:
        g_ptr_array_add(words, op->snapshot ? g_strdup_printf("%s/%s", op->instance, op->snapshot)
                                            : g_strdup(op->instance));
        return;
    case MS_SLOT_VOLUME_SOURCE:
        g_ptr_array_add(words, op->snapshot ? g_strdup_printf("%s/%s/%s", op->pool, op->volume, op->snapshot)
                                            : g_strdup_printf("%s/%s", op->pool, op->volume));
        return;
    case MS_SLOT_VOLUME_DEST:
        g_ptr_array_add(words, g_strdup_printf("%s/%s", op->new_pool, op->new_name));
        return;
    case MS_SLOT_CUSTOM_VOLUME:
        /* a volume typed TYPE/NAME (virtual-machine/v1: not modelled, the
         * model says so) keeps its type */
        g_ptr_array_add(words, !op->volume_custom_prefix && volume_type_prefixed(op->volume)
                                   ? g_strdup(op->volume)
                                   : custom_volume_word(op->volume));
        return;
    case MS_SLOT_GROUPS: {
        g_autoptr(GString) joined = g_string_new(NULL);
        for (guint i = 0; op->groups != NULL && i < op->groups->len; i++)
            g_string_append_printf(joined, "%s%s", i ? "," : "", (const char *) op->groups->pdata[i]);
        add(words, joined->str);
        return;
    }
    default:
        value = *(const char *const *) ((const guint8 *) op + ms_lxc_slot_offset(slot));
        if (value != NULL)
            add(words, value);
    }
}

static void
add_tail(GPtrArray *words, const MsOp *op, MsLxcTail tail)
{
    switch (tail) {
    case MS_TAIL_NONE:
        break;
    case MS_TAIL_SET_PAIRS:
        /* "KEY VALUE" is the only spelling of an empty key, and of the one
         * pair after an instance name with "=" ("NAME K=V" would read as two
         * server pairs: bind_config_set) */
        if (op->keys->len == 1 && (*(const char *) op->keys->pdata[0] == '\0' ||
                                   (op->instance != NULL && strchr(op->instance, '=') != NULL))) {
            add(words, "");
            add(words, op->values->pdata[0]);
            break;
        }
        /* fall through */
    case MS_TAIL_PAIRS:
        for (guint i = 0; i < op->keys->len; i++)
            g_ptr_array_add(words, pair(op, i));
        break;
    case MS_TAIL_INSTANCES:
        if (op->instances->len == 0 && op->instance != NULL)
            add(words, op->instance);
        for (guint i = 0; i < op->instances->len; i++)
            add(words, op->instances->pdata[i]);
        break;
    case MS_TAIL_COMMAND:
        for (guint i = 0; op->command_args != NULL && i < op->command_args->len; i++)
            add(words, op->command_args->pdata[i]);
        break;
    }
}

void
ms_lxc_print_init(GPtrArray *words, const MsOp *op)
{
    if (!op->empty)
        add(words, op->image ? op->image : "img");
    add(words, op->instance);
}

void
ms_lxc_print_rebuild(GPtrArray *words, const MsOp *op)
{
    if (op->image != NULL)
        add(words, op->image);
    add(words, op->instance);
}

void
ms_lxc_print_volume_attach(GPtrArray *words, const MsOp *op)
{
    g_autofree char *volume =
        op->volume_custom_prefix ? g_strconcat("custom/", op->volume, NULL) : custom_volume_word(op->volume);

    add(words, op->pool);
    add(words, volume);
    add(words, op->instance);
    /* the parser names the device after the volume as typed unless five
     * arguments are given (device_named: five even when DEVICE is spelled
     * as the volume) */
    if (op->device != NULL && (op->device_named || g_strcmp0(op->device, volume) != 0)) {
        add(words, op->device);
        add(words, op->path != NULL ? op->path : "");
    } else if (op->path != NULL && *op->path != '\0') {
        add(words, op->path);
    }
}

/* incus storage volume snapshot delete|rename|show (bind_incus_snapshot):
 * POOL VOL/SNAP, or POOL VOL SNAP [NEW] */
void
ms_lxc_print_incus_snapshot(GPtrArray *words, const MsOp *op)
{
    gsize parent_len;

    add(words, op->pool);
    if (op->incus_snapshot_form != MS_INCUS_SNAPSHOT_SPLIT) {
        add(words, op->volume);
        return;
    }
    parent_len = strlen(op->volume) - strlen(op->snapshot) - 1;
    g_ptr_array_add(words, g_strndup(op->volume, parent_len));
    add(words, op->snapshot);
    if (op->kind == MS_OP_VOLUME_RENAME)
        add(words, op->new_name + parent_len + 1);
}

/* lxc storage list [REMOTE:] (bind_storage_list; the remote's word is
 * op->pool here: with_remote_prefixes) */
void
ms_lxc_print_storage_list(GPtrArray *words, const MsOp *op)
{
    if (op->pool != NULL)
        add(words, op->pool);
}

void
ms_lxc_print_query(GPtrArray *words, const MsOp *op)
{
    add(words, "-X");
    add(words, "POST");
    if (op->request_data != NULL) {
        add(words, "-d");
        add(words, op->request_data);
    }
    g_ptr_array_add(words, g_strdup_printf("/1.0/instances/%s/backups", op->instance));
}

void
ms_lxc_print_list(GPtrArray *words, const MsOp *op)
{
    for (guint i = 0; i < op->instances->len; i++)
        add(words, op->instances->pdata[i]);
}

/* The options a verb accepts, in the order they are printed. */
static void
append_options(GString *out, const MsOp *op, guint allowed)
{
    if ((allowed & MS_OPT_EMPTY) && op->empty)
        g_string_append(out, " --empty");
    if ((allowed & MS_OPT_VM) && op->vm)
        g_string_append(out, " --vm");
    if (allowed & MS_OPT_TYPE)
        append_option(out, "type", op->content_type);
    if (allowed & MS_OPT_ACTION)
        append_option(out, "action", op->action);
    if (allowed & MS_OPT_TARGET)
        append_option(out, "target", op->target);
    if (allowed & MS_OPT_DESTINATION_TARGET)
        append_option(out, "destination-target", op->destination_target);
    if (allowed & MS_OPT_DISK_VOLUMES)
        append_option(out, "disk-volumes", op->disk_volumes);
    if ((allowed & MS_OPT_VOLUME_ONLY) && op->volume_only)
        g_string_append(out, " --volume-only");
    if ((allowed & MS_OPT_INSTANCE_ONLY) && op->instance_only)
        g_string_append(out, " --instance-only");
    if ((allowed & MS_OPT_REFRESH) && op->refresh)
        g_string_append(out, " --refresh");
    if ((allowed & MS_OPT_START) && op->start)
        g_string_append(out, " --start");
    if (allowed & MS_OPT_NETWORK)
        append_option(out, "network", op->network);
    if (allowed & MS_OPT_MODE)
        append_option(out, "mode", op->transfer_mode);
    if ((allowed & MS_OPT_STORAGE) && op->pool != NULL) {
        g_string_append(out, " -s");
        append_word(out, op->pool);
    }
    if ((allowed & MS_OPT_NO_PROFILES) && op->no_profiles)
        g_string_append(out, " --no-profiles");
    if (allowed & MS_OPT_PROFILE)
        append_list(out, " -p", op->profiles);
    for (guint i = 0; (allowed & MS_OPT_CONFIG) && i < op->keys->len; i++) {
        g_autofree char *kv = pair(op, i);
        g_string_append(out, " -c");
        append_word(out, kv);
    }
    if (allowed & MS_OPT_DEVICE)
        append_list(out, " -d", op->device_overrides);
    if ((allowed & MS_OPT_FORCE) && op->force)
        g_string_append(out, " --force");
    if ((allowed & MS_OPT_YES) && op->yes)
        g_string_append(out, " --yes");
    if ((allowed & MS_OPT_STATELESS) && op->stateless)
        g_string_append(out, " --stateless");
    if ((allowed & MS_OPT_STATEFUL) && op->stateful)
        g_string_append(out, " --stateful");
    if (allowed & MS_OPT_COLUMNS)
        append_option(out, "columns", op->columns);
    if (allowed & MS_OPT_FORMAT)
        append_option(out, "format", op->format);
    if ((allowed & MS_OPT_EXPANDED) && op->expanded)
        g_string_append(out, " --expanded");
    if ((allowed & MS_OPT_QUIET) && op->quiet)
        g_string_append(out, " --quiet");
    if (allowed & MS_OPT_TARGET_PROJECT)
        append_option(out, "target-project", op->target_project);
    for (guint i = 0; (allowed & MS_OPT_ALIAS) && op->aliases != NULL && i < op->aliases->len; i++)
        append_option(out, "alias", op->aliases->pdata[i]);
    if ((allowed & MS_OPT_COPY_ALIASES) && op->copy_aliases)
        g_string_append(out, " --copy-aliases");
    if (op->unknown_flag != NULL) {
        g_string_append_c(out, ' ');
        g_string_append(out, op->unknown_flag);
    }
    /* flags parsed but not followed (--all, --ephemeral, --property): as typed */
    for (guint i = 0; op->typed_flags != NULL && i < op->typed_flags->len; i++)
        if (ms_lxc_flag_unfollowed(op->kind, op->typed_flags->pdata[i])) {
            g_string_append_c(out, ' ');
            g_string_append(out, op->typed_flags->pdata[i]);
        }
}

const MsLxcVerb *
ms_lxc_verb_of(const MsOp *op)
{
    for (guint v = 0; op->incus_snapshot_form != MS_INCUS_SNAPSHOT_NONE && v < ms_lxc_n_incus_snapshot_verbs;
         v++)
        if (ms_lxc_incus_snapshot_verbs[v].kind == op->kind)
            return &ms_lxc_incus_snapshot_verbs[v];
    for (guint v = 0; v < ms_lxc_n_verbs; v++)
        if (ms_lxc_verbs[v].kind == op->kind && ms_lxc_verbs[v].launches == op->start)
            return &ms_lxc_verbs[v];
    for (guint v = 0; v < ms_lxc_n_verbs; v++)
        if (ms_lxc_verbs[v].kind == op->kind)
            return &ms_lxc_verbs[v];
    g_assert_not_reached();
}

static void
prefix(char **name, const char *remote)
{
    char *prefixed;

    if (*name == NULL || remote == NULL)
        return;
    prefixed = g_strconcat(remote, ":", *name, NULL);
    g_free(*name);
    *name = prefixed;
}

/* @op with its remotes back on the names, as bind_remotes (ms-lxc.c) took
 * them off.  (transfer full) */
static MsOp *
with_remote_prefixes(const MsOp *op)
{
    MsOp *copy = ms_op_copy(op);

    g_clear_pointer(&copy->remote, g_free);
    g_clear_pointer(&copy->dest_remote, g_free);
    /* lxc storage list REMOTE: (ms_lxc_print_storage_list) */
    if (op->kind == MS_OP_STORAGE_LIST) {
        g_free(copy->pool);
        copy->pool = g_strconcat(op->remote, ":", NULL);
        return copy;
    }
    if (op->kind == MS_OP_LIST) {
        /* REMOTE:FILTER as one word, unless the filter is empty (it would
         * read back as no filter), a key=value (lxc reads no remote then)
         * or holds a ':' (it would read as a second remote) */
        if (op->instances->len > 0 && *(char *) op->instances->pdata[0] != '\0' &&
            strpbrk(op->instances->pdata[0], "=:") == NULL)
            prefix((char **) &copy->instances->pdata[0], op->remote);
        else
            g_ptr_array_insert(copy->instances, 0, g_strconcat(op->remote, ":", NULL));
        return copy;
    }
    /* a storage command: on its pool (and a volume copy's destination pool) */
    if (ms_lxc_verb_names_pool(ms_lxc_verb_of(op))) {
        prefix(&copy->pool, op->remote);
        prefix(&copy->new_pool, op->dest_remote);
        return copy;
    }
    if (copy->instance != NULL)
        prefix(&copy->instance, op->remote);
    else
        prefix(&copy->profile, op->remote);
    for (guint i = 0; copy->instances != NULL && i < copy->instances->len; i++)
        prefix((char **) &copy->instances->pdata[i], op->remote);
    /* a move to another remote keeps its destination even when it is the
     * default remote's (`lxc move dst:c1 local:c1`) */
    if (op->kind == MS_OP_COPY || op->kind == MS_OP_MOVE || op->kind == MS_OP_RENAME)
        prefix(&copy->new_name, op->dest_remote != NULL ? op->dest_remote
                                : op->remote != NULL    ? "local"
                                                        : NULL);
    return copy;
}

char *
ms_op_to_command(const MsOp *op)
{
    if (op->remote != NULL || op->dest_remote != NULL) {
        g_autoptr(MsOp) prefixed = with_remote_prefixes(op);
        return ms_op_to_command(prefixed);
    }
    const MsLxcVerb *verb = ms_lxc_verb_of(op);
    const char *incus_words = op->incus ? ms_lxc_incus_words(verb) : NULL;
    g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GString) options = g_string_new(NULL);
    GString *out = g_string_new(op->incus ? "incus " : "lxc ");
    gboolean dashed = FALSE;

    /* an Incus op of a verb Incus lacks cannot be parsed: print lxc's words */
    g_string_append(out, incus_words != NULL ? incus_words : verb->words);
    if (verb->print != NULL) {
        verb->print(words, op);
    } else {
        for (guint i = 0; i < ms_lxc_n_slots(verb); i++)
            add_slot(words, op, verb->slots[i]);
        add_tail(words, op, verb->tail);
    }
    append_options(options, op, verb->options);
    if (!g_str_has_prefix(verb->words, "project "))
        append_option(options, "project", op->project);
    /* an argument that looks like an option goes after "--", the options
     * before it */
    for (guint i = 0; i < words->len && verb->raw == NULL; i++) {
        const char *word = words->pdata[i];
        dashed = dashed || (word[0] == '-' && word[1] != '\0');
    }
    if (dashed)
        g_string_append_printf(out, "%s --", options->str);
    for (guint i = 0; i < words->len; i++)
        append_word(out, words->pdata[i]);
    if (!dashed)
        g_string_append(out, options->str);
    if (op->stdin_text != NULL) {
        /* lxc ... edit's YAML, as one line the parser reads back:
         * printf 'TEXT' | lxc ... (ms-shell.c) */
        g_autofree char *format = ms_shell_printf_quote(op->stdin_text);
        g_string_prepend(out, " | ");
        g_string_prepend(out, format);
        g_string_prepend(out, "printf ");
    }
    return g_string_free(out, FALSE);
}
