/* migsim: the scenario parser's last check: every name an assertion uses
 * (instances, profiles, volumes, members) is created somewhere in the file
 * or in the state it starts from; moved from ms-scenario.c unchanged. */
#include "ms-scenario-private.h"

#include <string.h>

static void name_error(MsParseState *st, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* One unknown name: recorded, the other assertions are checked too. */
static void
name_error(MsParseState *st, const char *fmt, ...)
{
    g_autoptr(GError) local = NULL;
    g_autofree char *message = NULL;
    va_list ap;

    va_start(ap, fmt);
    message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    ms_parse_fail(st, &local, MS_SCENARIO_ERROR_UNKNOWN_NAME, "%s", message);
    ms_parse_record_error(st, g_steal_pointer(&local), "");
}

/* The name an assertion's subject is created under: REMOTE:NAME for a
 * subject on another remote. */
static char *
subject_key(const MsStep *step)
{
    return step->remote != NULL ? g_strdup_printf("%s:%s", step->remote, step->subject)
                                : g_strdup(step->subject);
}

/* Names an assertion refers to must be created somewhere in the file:
 * every unknown one is reported. */
gboolean
ms_parse_check_names(MsParseState *st, GError **error)
{
    g_autoptr(GHashTable) instances = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GHashTable) profiles = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GHashTable) volumes = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GPtrArray) created = g_ptr_array_new_with_free_func(g_free); /* owns the names */
    GPtrArray *steps = st->scenario->steps;

    g_hash_table_add(profiles, "default");
    if (st->base != NULL) {
        const MsCluster *base = st->base->cluster;
        GHashTableIter iter;
        gpointer name;

        g_hash_table_iter_init(&iter, base->instances);
        while (g_hash_table_iter_next(&iter, &name, NULL))
            g_hash_table_add(instances, name);
        for (guint i = 0; i < base->profiles->len; i++)
            g_hash_table_add(profiles, ((MsProfileEntity *) base->profiles->pdata[i])->name);
        /* a remote's instances are REMOTE:NAME here */
        for (guint r = 0; base->remotes != NULL && r < base->remotes->len; r++) {
            const MsRemote *remote = base->remotes->pdata[r];
            g_hash_table_iter_init(&iter, remote->cluster->instances);
            while (g_hash_table_iter_next(&iter, &name, NULL)) {
                char *key = g_strdup_printf("%s:%s", remote->name, (const char *) name);
                g_ptr_array_add(created, key);
                g_hash_table_add(instances, key);
            }
        }
        for (guint i = 0; i < base->volumes->len; i++) {
            const MsVolume *v = base->volumes->pdata[i];
            char *key = g_strdup_printf("%s/%s", v->pool, v->name);
            g_ptr_array_add(created, key);
            g_hash_table_add(volumes, key);
        }
    }
    for (guint i = 0; i < steps->len; i++) {
        MsStep *step = steps->pdata[i];
        MsOpFlags what;
        char *name;

        if (step->kind != MS_STEP_COMMAND)
            continue;
        name = ms_op_created_name(step->op, &what);
        if (name == NULL)
            continue;
        /* on another remote: REMOTE:NAME (a copy or move to `REMOTE:` keeps
         * the source's name) */
        {
            const MsOp *op = step->op;
            gboolean transfer = op->kind == MS_OP_COPY || op->kind == MS_OP_MOVE || op->kind == MS_OP_RENAME;
            const char *remote = transfer ? op->dest_remote : op->remote;
            if (transfer && *name == '\0') {
                g_free(name);
                name = g_strdup(op->instance);
            }
            if (remote != NULL) {
                char *key = g_strdup_printf("%s:%s", remote, name);
                g_free(name);
                name = key;
            }
        }
        g_ptr_array_add(created, name);
        g_hash_table_add(what == MS_OP_FLAG_CREATES_INSTANCE  ? instances
                         : what == MS_OP_FLAG_CREATES_PROFILE ? profiles
                                                              : volumes,
                         name);
    }
    for (guint i = 0; i < steps->len; i++) {
        MsStep *step = steps->pdata[i];
        if (step->kind != MS_STEP_ASSERT)
            continue;
        st->line = step->line;
        switch (step->assert_kind) {
        case MS_ASSERT_INSTANCE_STATUS:
        case MS_ASSERT_INSTANCE_LOCATION:
        case MS_ASSERT_INSTANCE_CONFIG:
        case MS_ASSERT_INSTANCE_EXPANDED:
        case MS_ASSERT_INSTANCE_DEVICE:
        case MS_ASSERT_INSTANCE_EXISTS:
        case MS_ASSERT_INSTANCE_PROJECT: {
            g_autofree char *key = subject_key(step);
            if (!g_hash_table_contains(instances, key))
                name_error(st, "unknown instance '%s' (no 'lxc init' or 'lxc launch' creates it)", key);
            break;
        }
        case MS_ASSERT_PROFILE_DEVICE:
            if (!g_hash_table_contains(profiles, step->subject))
                name_error(st, "unknown profile '%s' (no 'lxc profile create' creates it)", step->subject);
            break;
        case MS_ASSERT_VOLUME_LOCATION: {
            /* REMOTE:POOL/VOLUME: a volume created on that remote */
            g_autofree char *key = subject_key(step);
            if (!g_hash_table_contains(volumes, key))
                name_error(st, "unknown volume '%s' (no 'lxc storage volume create' creates it)", key);
            break;
        }
        default:
            break;
        }
    }
    return ms_parse_errors_finish(st, error);
}
