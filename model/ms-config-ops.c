/* migsim: lxc config set|unset, for the server and for an instance (moved
 * from ms-instance-ops.c). */
#include "ms-apply-private.h"
#include "ms-names.h"
#include "ms-device-types.h"
#include "ms-show.h"
#include "ms-yaml-read.h"

#include <string.h>

/* ---- config ---- */

typedef enum {
    MS_SRVKEY_BOOL,
    MS_SRVKEY_INT,
    MS_SRVKEY_STRING,
} ServerKeyKind;

/* Every server key of lxd/cluster/config/config.go and lxd/node/config.go at
 * every simulated tag, generated from the source by tools/gen-server-keys.py
 * (a key migsim does not list is a key LXD refuses: "Unknown key"). */
static const struct {
    const char *key;
    ServerKeyKind kind;
    const char *default_value; /* literal default, NULL when none or computed */
    gboolean computed_default;
    gboolean has_validator;
    const char *lxd_ref;
    MsReleases releases;
} server_keys[] = {
/* the releases are a braced initializer: the variadic part */
/* clang-format off */
#define MS_SERVER_KEY(key, kind, def, computed, validator, ref, ...) \
    { key, kind, def, computed, validator, ref, __VA_ARGS__ },
/* clang-format on */
#include "ms-server-keys.def"
#undef MS_SERVER_KEY
};

/* The computed defaults migsim needs (a key set to its default is dropped
 * from the config): db.DefaultOfflineThreshold (lxd/db/node.go). */
static const char *
server_key_default(guint index)
{
    if (g_str_equal(server_keys[index].key, "cluster.offline_threshold"))
        return "20";
    return server_keys[index].default_value;
}

/* Keys whose validator migsim reproduces (server_key_validator_error) or
 * whose value cannot be invalid. */
static gboolean
server_key_validator_modelled(const char *key)
{
    return g_str_equal(key, "cluster.max_voters") || g_str_equal(key, "cluster.max_standby") ||
           g_str_equal(key, "cluster.offline_threshold") ||
           g_str_equal(key, "cluster.images_minimal_replica");
}

/* The validators of lxd/cluster/config/config.go at lxd-5.0.2 (same texts
 * at lxd-5.21.7 :858/:871 and lxd-6.9 :926/:939): the text after the
 * key and value, or NULL when @value passes.  The offline threshold's
 * bound is quoted until lxd-5.0.3 and lxd-5.21.1 ('%d' at config.go:327,
 * lxd-5.0.2), bare from lxd-5.0.4, lxd-5.21.2 and every 6.x (%d at :832,
 * lxd-5.21.7; :900, lxd-6.9); Incus keeps the quotes
 * (internal/server/cluster/config/config.go:956 at v6.0.4). */
static char *
server_key_validator_error(const MsProfile *profile, const char *key, const char *value)
{
    /* clang-format off */
    static const MsReleases quoted = { MS_SPAN_UNTIL(MS_VERSION(5, 0, 4)), MS_SPAN_UNTIL(MS_VERSION(5, 21, 2)),
                                       MS_SPAN_NONE, MS_INC_ALL };
    /* clang-format on */
    gint64 n = g_ascii_strtoll(value, NULL, 10);

    if (g_str_equal(key, "cluster.max_voters") && (n < 3 || n % 2 != 1))
        return g_strdup("Value must be an odd number equal to or higher than 3"); /* :346 */
    if (g_str_equal(key, "cluster.max_standby") && (n < 0 || n > 5))
        return g_strdup("Value must be between 0 and 5"); /* :359 */
    /* :333-340 at lxd-5.0.2, :838-845 at lxd-5.21.7, :906-913 at lxd-6.9;
     * Incus internal/server/cluster/config/config.go:962-969 at v6.0.4;
     * seen live on 5.0.2 (-2) */
    if (g_str_equal(key, "cluster.images_minimal_replica") && n < 1 && n != -1)
        return g_strdup("Invalid value for image replica count");
    if (g_str_equal(key, "cluster.offline_threshold") && n <= 10)
        return ms_releases_contain(&quoted, profile->version) ? g_strdup("Value must be greater than '10'")
                                                              : g_strdup("Value must be greater than 10");
    return NULL;
}

/* Map.set's test of a server user.* key (lxd/config/map.go:219 at
 * lxd-5.21.7, :183 at lxd-6.9): every rune a letter, a decimal digit or
 * punctuation (Go's unicode.Letter, Digit, Punct: the L*, Nd and P*
 * categories); an invalid UTF-8 byte is U+FFFD there, a symbol. */
static gboolean
user_key_name_ok(const char *name)
{
    if (!g_utf8_validate(name, -1, NULL))
        return FALSE;
    for (const char *p = name; *p != '\0'; p = g_utf8_next_char(p)) {
        switch (g_unichar_type(g_utf8_get_char(p))) {
        case G_UNICODE_LOWERCASE_LETTER:
        case G_UNICODE_MODIFIER_LETTER:
        case G_UNICODE_OTHER_LETTER:
        case G_UNICODE_TITLECASE_LETTER:
        case G_UNICODE_UPPERCASE_LETTER:
        case G_UNICODE_DECIMAL_NUMBER:
        case G_UNICODE_CONNECT_PUNCTUATION:
        case G_UNICODE_DASH_PUNCTUATION:
        case G_UNICODE_CLOSE_PUNCTUATION:
        case G_UNICODE_FINAL_PUNCTUATION:
        case G_UNICODE_INITIAL_PUNCTUATION:
        case G_UNICODE_OTHER_PUNCTUATION:
        case G_UNICODE_OPEN_PUNCTUATION:
            break;
        default:
            return FALSE;
        }
    }
    return TRUE;
}

/* What migsim cannot check about a key LXD accepts is said, not guessed. */
static void
note_unmodelled_server_key(MsApply *apply, guint found, const char *value)
{
    const char *key = server_keys[found].key;

    /* Incus compiles it too (validate.Optional(scriptletLoad.
     * InstancePlacementValidate), internal/server/cluster/config/config.go
     * :562 at v6.0.0 and v6.1.0, :998 at v7.3.0) */
    if (g_str_equal(key, "instances.placement.scriptlet"))
        ms_outcome_add_note(apply->outcome,
                            "instances.placement.scriptlet: %s compiles the Starlark program and refuses "
                            "one that does not parse (%s); migsim cannot compile Starlark and accepts it, "
                            "and cannot run it where it decides placement",
                            ms_profile_is_incus(apply->profile) ? "Incus" : "LXD",
                            server_keys[found].lxd_ref);
    else if (server_keys[found].has_validator && !server_key_validator_modelled(key))
        ms_outcome_add_note(apply->outcome,
                            "%s: migsim does not check \"%s\" against LXD's validator of this key (%s)", key,
                            value, server_keys[found].lxd_ref);
}

static gboolean
apply_server_config(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;

    if (op->kind == MS_OP_CONFIG_GET) {
        const char *value = ms_config_get(cluster->server_config, op->keys->pdata[0]);
        /* lxc prints GET /1.0's value, a hidden key's boolean as "true"
         * (lxc/config.go:439-445 at lxd-5.0.2) */
        if (value != NULL && ms_show_server_key_hidden(apply->profile, op->keys->pdata[0]))
            value = "true";
        apply->outcome->output = g_strdup_printf("%s\n", value ? value : "");
        return TRUE;
    }
    for (guint i = 0; i < op->keys->len; i++) {
        const char *key = op->keys->pdata[i];
        const char *value = op->kind == MS_OP_CONFIG_UNSET ? "" : op->values->pdata[i];
        gint found = -1;

        /* the key table (tools/gen-server-keys.py) is read at the releases
         * audited by hand; a derived release takes a key known at any of them,
         * and says so */
        gboolean derived = ms_profile_is_derived(apply->profile);

        for (guint k = 0; k < G_N_ELEMENTS(server_keys); k++)
            if (g_str_equal(server_keys[k].key, key) &&
                (derived || ms_releases_contain(&server_keys[k].releases, apply->profile->version)))
                found = k;
        if (derived && !g_str_has_prefix(key, "user."))
            ms_outcome_add_note(apply->outcome,
                                "server keys are not modelled for %s (the key table covers lxd-5.0.2, "
                                "lxd-5.21.x and lxd-6.x): migsim takes %s as %s",
                                apply->profile->name, key,
                                found >= 0 ? "known, as at another release"
                                           : "unknown, as at every release it knows");
        if (g_str_has_prefix(key, "user.")) {
            found = -2;
            if (ms_rule_applies(MS_RULE_CFG_SRVKEY_USER_KEY_NAME, apply->profile) &&
                ms_apply_check(apply, MS_RULE_CFG_SRVKEY_USER_KEY_NAME, key,
                               !user_key_name_ok(key + strlen("user."))))
                return ms_apply_reject(apply, MS_RULE_CFG_SRVKEY_USER_KEY_NAME, key, value);
        }
        if (ms_apply_check(apply, MS_RULE_CFG_SRVKEY_UNKNOWN, key, found == -1))
            return ms_apply_reject(apply, MS_RULE_CFG_SRVKEY_UNKNOWN, key, value);
        if (found >= 0 && server_keys[found].kind == MS_SRVKEY_INT && *value != '\0') {
            g_autofree char *why = NULL;
            if (ms_apply_check(apply, MS_RULE_CFG_SRVKEY_BADINT, key, !ms_is_go_int64(value)))
                return ms_apply_reject(apply, MS_RULE_CFG_SRVKEY_BADINT, key, value);
            why = server_key_validator_error(apply->profile, key, value);
            if (ms_apply_check(apply, MS_RULE_CFG_SRVKEY_BADVALUE, key, why != NULL))
                return ms_apply_reject(apply, MS_RULE_CFG_SRVKEY_BADVALUE, key, value, why);
        }
        if (found >= 0 && server_keys[found].kind == MS_SRVKEY_BOOL && *value != '\0') {
            if (ms_apply_check(apply, MS_RULE_CFG_SRVKEY_BADBOOL, key, !ms_is_valid_bool(value)))
                return ms_apply_reject(apply, MS_RULE_CFG_SRVKEY_BADBOOL, key, value);
            /* normalizeBool: stored as "true"/"false" (lxd/config/map.go) */
            value = ms_is_true(value) ? "true" : "false";
        }
        if (found >= 0 && *value != '\0')
            note_unmodelled_server_key(apply, found, value);
        /* Dump() omits keys equal to their default: setting it unsets it. */
        if (*value == '\0' || (found >= 0 && g_strcmp0(value, server_key_default(found)) == 0))
            ms_config_set(cluster->server_config, key, NULL);
        else
            ms_config_set(cluster->server_config, key, value);
    }
    return TRUE;
}

/* Has @instance's volatile.idmap.current, which a container gets at its
 * first start (driver_lxc.go:1895 at lxd-5.0.2) and keeps?  migsim sets
 * volatile.last_state.power at every start and stop (ms-device-runtime.c),
 * so a container without it was never started here; an edit may have
 * given the key itself. */
gboolean
ms_instance_has_idmap_current(const MsInstance *instance)
{
    return instance->status == MS_INSTANCE_RUNNING ||
           ms_instance_get_config(instance, "volatile.idmap.current") != NULL ||
           ms_instance_get_config(instance, "volatile.last_state.power") != NULL;
}

/* Whether @instance has the volatile @key its Update refuses to delete
 * (CFG.IDMAP_KEY_DELETE until 6.6 and in Incus, CFG.PROTECTED_KEY_DELETE
 * from 6.7; @rule is the one of this release): a container's idmap keys, written at create
 * (lxd/instance/drivers/driver_lxc.go:274-283 at lxd-5.0.2) except
 * volatile.idmap.current (written at every start, which migsim drops:
 * ms_instance_has_idmap_current), and from
 * 6.7 volatile.uuid, written at every create
 * (lxd/instance/instance_utils.go:710 at lxd-6.9). */
static gboolean
volatile_key_protected(MsApply *apply, MsRuleId rule, const MsInstance *instance, const char *key)
{
    static const char *const written_at_create[] = {
        "volatile.idmap.base",
        "volatile.idmap.next",
        "volatile.last_state.idmap",
    };

    if (!ms_rule_applies(rule, apply->profile))
        return FALSE;
    if (g_str_equal(key, "volatile.uuid"))
        return rule == MS_RULE_CFG_PROTECTED_KEY_DELETE;
    if (instance->type != MS_INSTANCE_CONTAINER)
        return FALSE;
    /* every start writes it (driver_lxc.go:1894-1899 at lxd-5.0.2) and
     * migsim drops it there (ms_instance_mark_started), so what migsim
     * holds is not the test: the Update's check is the key being in the
     * old config (driver_lxc.go:4115-4122 at lxd-5.0.2) */
    if (g_str_equal(key, "volatile.idmap.current"))
        return ms_instance_has_idmap_current(instance);
    for (guint i = 0; i < G_N_ELEMENTS(written_at_create); i++)
        if (g_str_equal(key, written_at_create[i]))
            return TRUE;
    return FALSE;
}

/* Whether LXD may hold a value of the volatile @key for @instance that
 * migsim does not: LXD writes volatile.uuid and
 * volatile.cloud-init.instance-id at every create
 * (lxd/instance/instance_utils.go:766,793 at lxd-5.0.2, :715,744 at
 * lxd-5.21.7 with volatile.uuid.generation :718, :710,739,713 at lxd-6.9;
 * Incus internal/server/instance/instance_utils.go:762,791 at v6.0.4), a
 * container's volatile.idmap.* and volatile.last_state.idmap
 * (lxd/instance/drivers/driver_lxc.go:274-283 at lxd-5.0.2, :241-250 at
 * lxd-5.21.7, :233-242 at lxd-6.9), volatile.base_image from an image,
 * and its devices' volatile.DEV.* keys.  Seen live on 5.0.2: `config
 * unset C volatile.uuid` succeeded where migsim said "not currently set"
 * (tools/live-random.py --gen 10 --seed 10002 scenario 5). */
static gboolean
volatile_key_unheld(MsApply *apply, const MsInstance *instance, const char *key)
{
    g_autofree char *device = NULL;
    g_autoptr(MsDevices) expanded = NULL;

    if (!ms_instance_volatile_key_unkept(apply->profile, instance->type, key, &device))
        return FALSE;
    if (device == NULL)
        return TRUE;
    /* LXD writes a device's keys only for a device the instance has */
    expanded = ms_cluster_expand_devices(apply->cluster, instance);
    return ms_devices_has(expanded, device);
}

/* The handler's checks of a new local config for @instance, before the
 * update operation: AllowInstanceUpdate (lxd/instance_put.go:133 at
 * lxd-5.0.2), then Update's ValidConfig of the new local config
 * (driver_lxc.go:3945-3949 at lxd-5.0.2). */
static gboolean
config_checks(MsApply *apply, MsInstance *instance, GHashTable *config)
{
    g_auto(MsRejection) refusal = { 0 };
    g_autoptr(MsInstance) changed = ms_instance_copy(instance);

    ms_instance_replace_config(changed, ms_config_copy(config));
    if (!ms_apply_project_instance_update(apply, changed, TRUE))
        return FALSE;
    if (!ms_instance_config_validate(apply->env, instance->type, config, instance->name, &refusal))
        return ms_apply_fail(apply, refusal.rule, 400, TRUE,
                             ms_apply_config_refusal(apply, &refusal, MS_CONFIG_TEXT_AS_IS));
    return TRUE;
}

/* The rest of Update for a config change of the @keys (a running
 * instance's limits, the expanded devices), then the change: @config
 * (consumed) becomes @instance's local config. */
static gboolean
config_update(MsApply *apply, MsInstance *instance, GHashTable *config, GPtrArray *keys)
{
    g_autoptr(GHashTable) owned = config;
    g_autoptr(MsDevices) expanded = NULL;
    g_auto(MsRejection) refusal = { 0 };

    if (instance->type == MS_INSTANCE_VM && instance->status == MS_INSTANCE_RUNNING) {
        for (guint i = 0; i < keys->len; i++) {
            const char *key = keys->pdata[i];
            const char *old = ms_instance_get_config(instance, key);
            const char *new_value = ms_config_get(owned, key);
            gboolean changed = g_strcmp0(old, new_value) != 0;
            if (ms_apply_check(apply, MS_RULE_CFG_VM_LIVEKEY, instance->name,
                               changed && !ms_vm_key_live_updatable(apply->profile, key)))
                return ms_apply_reject(apply, MS_RULE_CFG_VM_LIVEKEY, key);
        }
        /* a live limits.memory change (ms_vm_live_memory_not_modelled):
         * the expanded value before, the local one after (or the
         * profiles' when the local key goes) */
        for (guint i = 0; i < keys->len; i++) {
            const char *old, *new_value;
            char *why;

            if (!g_str_equal(keys->pdata[i], "limits.memory"))
                continue;
            old = ms_cluster_expanded_value(apply->cluster, apply->profile, instance, "limits.memory", NULL,
                                            NULL);
            new_value = ms_config_get(owned, "limits.memory");
            /* an unset gives the profiles' value, not looked up here */
            why = new_value == NULL && old != NULL
                      ? g_strdup_printf("migsim: not modelled for %s: limits.memory unset on a running VM",
                                        apply->env->profile->name)
                      : ms_vm_live_memory_not_modelled(
                            apply->profile, old, new_value,
                            ms_cluster_expanded_value(apply->cluster, apply->profile, instance,
                                                      "limits.memory.hugepages", NULL, NULL));
            if (why != NULL)
                return ms_apply_fail(apply, MS_RULE_NONE, 400, TRUE, why);
        }
    }
    /* Update validates the expanded devices again (ValidDevices,
     * driver_lxc.go:4133-4135 at lxd-5.0.2, :4373-4375 at lxd-5.21.7;
     * driver_common.go:2313-2315 at lxd-6.9): a profile's device invalid for
     * this instance refuses every config change (WRAP.EXPANDED, seen live on
     * 5.0.2).  Its checks that read the instance's config run only in
     * devicesAdd and at start, which a config-only change does not reach
     * (DISK.NOREVALIDATE in the behaviour reference). */
    expanded = ms_cluster_expand_devices(apply->cluster, instance);
    if (!ms_apply_validate_devices_static(apply, instance, expanded, FALSE, MS_RULE_DEV_ROOT_DETECT,
                                          &refusal))
        return ms_apply_fail(apply, refusal.rule, 400, TRUE, g_steal_pointer(&refusal.message));
    /* then initLXC over the new expanded config (CFG.INST.PRLIMIT_VALUE) */
    if (!ms_apply_update_prlimit(apply, instance, owned, NULL))
        return FALSE;
    /* a running container's keys LXD applies to the host come after
     * initLXC (driver_lxc.go:4148-4153, then devicesUpdate :4228 and
     * the live keys :4250-4500 at lxd-5.0.2; :3970-3977, :4048 and
     * :4070-4310 at lxd-6.9):
     * a refused limits.kernel.* value is named first (review revA,
     * session 29: migsim said "not modelled") */
    for (guint i = 0;
         instance->type == MS_INSTANCE_CONTAINER && instance->status == MS_INSTANCE_RUNNING && i < keys->len;
         i++) {
        const char *key = keys->pdata[i];
        const char *new_value = ms_config_get(owned, key);

        if (g_strcmp0(ms_instance_get_config(instance, key), new_value) != 0 &&
            ms_instance_key_applied_to_host(key, new_value))
            return ms_apply_fail(
                apply, MS_RULE_NONE, 400, TRUE,
                g_strdup_printf("migsim: not modelled for %s: %s on a running container; LXD "
                                "applies it to the host at once, with an outcome that "
                                "depends on the host",
                                apply->env->profile->name, key));
    }
    /* security.devlxd (Incus: security.guestapi): an enabling change
     * taken, a disabling one not modelled (ms_apply_running_devlxd);
     * limits.cpu.*: the kernel's answer, judged (CFG.INST.CGROUP_CPU).
     * LXD walks the changed keys in Go map order (changedConfig,
     * driver_lxc.go:4070-4085, loop :4252 at lxd-5.0.2), so a disabling
     * change, whose answer migsim does not know, goes first whatever the
     * order of the keys given (review revA: `config set C
     * limits.cpu.allowance=0ms/100ms security.devlxd=false` was answered
     * refused where LXD may fail on /dev/lxd first) */
    for (guint i = 0;
         instance->type == MS_INSTANCE_CONTAINER && instance->status == MS_INSTANCE_RUNNING && i < keys->len;
         i++) {
        const char *key = keys->pdata[i];

        if (ms_devlxd_key(key) &&
            g_strcmp0(ms_instance_get_config(instance, key), ms_config_get(owned, key)) != 0 &&
            !ms_apply_running_devlxd(apply, instance, owned, key, &refusal))
            return ms_apply_fail_rejection(apply, &refusal, TRUE);
    }
    for (guint i = 0;
         instance->type == MS_INSTANCE_CONTAINER && instance->status == MS_INSTANCE_RUNNING && i < keys->len;
         i++) {
        const char *key = keys->pdata[i];

        if ((g_str_equal(key, "limits.cpu.allowance") || g_str_equal(key, "limits.cpu.priority")) &&
            g_strcmp0(ms_instance_get_config(instance, key), ms_config_get(owned, key)) != 0) {
            if (!ms_apply_running_cpu_limits(apply, instance, owned, &refusal))
                return ms_apply_fail_rejection(apply, &refusal, TRUE);
            break; /* the pair is written once */
        }
    }
    /* the next move's temporary name is made from volatile.uuid
     * (MsMoveCopyLeft): unset, LXD makes a new one; set, migsim cannot
     * tell whether it is the old one */
    for (guint i = 0; instance->move_copy_left != MS_MOVE_COPY_NONE && i < keys->len; i++)
        if (g_str_equal(keys->pdata[i], "volatile.uuid"))
            instance->move_copy_left = *(ms_config_get(owned, "volatile.uuid") ?: "") != '\0'
                                           ? MS_MOVE_COPY_UUID_SET
                                           : MS_MOVE_COPY_NONE;
    ms_cluster_replace_instance_config(apply->cluster, instance, g_steal_pointer(&owned));
    ms_apply_placement_drops_group(apply, instance);
    return TRUE;
}

/* ---- lxc config edit ---- */

/* The profile list the PUT gives: a YAML without `profiles` sends none
 * (Update: args.Profiles = []api.Profile{}, driver_lxc.go:3940-3942 at
 * lxd-5.0.2). */
static gboolean
profiles_equal(const GPtrArray *instance_profiles, const GPtrArray *put_profiles)
{
    guint n = put_profiles != NULL ? put_profiles->len : 0;

    if (instance_profiles->len != n)
        return FALSE;
    for (guint i = 0; i < n; i++)
        if (!g_str_equal(instance_profiles->pdata[i], put_profiles->pdata[i]))
            return FALSE;
    return TRUE;
}

/* The protected volatile keys of an instance made by LXD, which migsim
 * does not keep: a container gets volatile.idmap.base, volatile.idmap.next
 * and volatile.last_state.idmap at its creation (driver_lxc.go:274-275,283
 * at lxd-5.0.2, :241-242,250 at lxd-5.21.7) and volatile.idmap.current at
 * its first start, every instance volatile.uuid at its creation from
 * lxd-6.7 (instance_utils.go:709-711 at lxd-6.9).  Update refuses a PUT
 * whose config lacks one (CFG.IDMAP_KEY_DELETE until 6.7, a container
 * only; CFG.PROTECTED_KEY_DELETE from 6.7, naming the key: the first of a
 * Go map walk when several are missing).  @present: the YAML's config. */
static gboolean
protected_keys_kept(MsApply *apply, const MsInstance *instance, GHashTable *present)
{
    static const char *const idmap_keys[] = { "volatile.idmap.base", "volatile.idmap.next",
                                              "volatile.last_state.idmap", "volatile.idmap.current" };
    gboolean per_key = !ms_rule_applies(MS_RULE_CFG_IDMAP_KEY_DELETE, apply->profile);
    MsRuleId rule = per_key ? MS_RULE_CFG_PROTECTED_KEY_DELETE : MS_RULE_CFG_IDMAP_KEY_DELETE;
    gboolean container = instance->type == MS_INSTANCE_CONTAINER;
    guint n_idmap = ms_instance_has_idmap_current(instance) ? 4 : 3;
    g_autoptr(GPtrArray) missing = g_ptr_array_new();

    if (!container && !per_key)
        return TRUE;
    if (ms_rule_unmodelled(rule, apply->profile) || !ms_rule_applies(rule, apply->profile))
        return ms_apply_fail(apply, MS_RULE_NONE, 400, TRUE,
                             g_strdup_printf("migsim: not modelled for %s: lxc config edit (whether LXD "
                                             "refuses the deletion of the instance's volatile keys)",
                                             apply->profile->name));
    /* until 6.7 a key sent empty is there (`_, ok :=`); from 6.7 it is not */
    for (guint i = 0; container && i < n_idmap; i++) {
        const char *value = g_hash_table_lookup(present, idmap_keys[i]);
        if (value == NULL || (per_key && *value == '\0'))
            g_ptr_array_add(missing, (gpointer) idmap_keys[i]);
    }
    if (per_key && *(ms_config_get(present, "volatile.uuid") ?: "") == '\0')
        g_ptr_array_add(missing, (gpointer) "volatile.uuid");
    if (!per_key && ms_apply_check(apply, MS_RULE_CFG_IDMAP_KEY_DELETE, instance->name, missing->len > 0))
        return ms_apply_reject(apply, MS_RULE_CFG_IDMAP_KEY_DELETE);
    if (per_key && missing->len <= 1 &&
        ms_apply_check(apply, MS_RULE_CFG_PROTECTED_KEY_DELETE, instance->name, missing->len == 1))
        return ms_apply_reject(apply, MS_RULE_CFG_PROTECTED_KEY_DELETE, (const char *) missing->pdata[0]);
    if (missing->len > 1) {
        g_autoptr(GString) keys = g_string_new(NULL);
        for (guint i = 0; i < missing->len; i++)
            g_string_append_printf(keys, "%s%s", i > 0 ? ", " : "", (const char *) missing->pdata[i]);
        return ms_apply_fail(apply, MS_RULE_NONE, 400, TRUE,
                             g_strdup_printf("migsim: not modelled for %s: the YAML lacks the protected "
                                             "keys %s; LXD refuses naming one of them, the first of a "
                                             "Go map walk (The protected \"KEY\" config key cannot be "
                                             "deleted)",
                                             apply->profile->name, keys->str));
    }
    return TRUE;
}

/* lxc config edit NAME with YAML on its standard input: lxc unmarshals it
 * into api.InstancePut (a type error is lxc's own, nothing is sent) and
 * PUTs it without a GET (lxc/config.go:156-181 at lxd-5.0.2, :226-242 at
 * lxd-5.21.7, :219-235 at lxd-6.9): the YAML's config, devices and
 * profiles replace the instance's whole (instancePut,
 * lxd/instance_put.go:102-157 at lxd-5.0.2; Update). */
static gboolean
config_edit(MsApply *apply)
{
    const MsOp *op = apply->op;
    g_autofree char *type_errors = NULL;
    g_autoptr(MsYamlPut) put =
        ms_yaml_unmarshal_put(op->stdin_text ? op->stdin_text : "", MS_YAML_INSTANCE_PUT, &type_errors);
    g_autoptr(GHashTable) config = NULL;
    g_autoptr(GHashTable) old = NULL;
    g_autoptr(GPtrArray) keys = NULL;
    MsInstance *instance;
    GHashTableIter iter;
    gpointer key, value;
    gboolean uuid_dropped;

    /* NAME/SNAP: lxc reads an api.InstanceSnapshotPut (lxc/config.go:164-175
     * at lxd-5.0.2), a snapshot's expiry, which migsim does not keep */
    if (strchr(op->instance, '/') != NULL)
        return ms_apply_fail(apply, MS_RULE_NONE, 400, TRUE,
                             g_strdup_printf("migsim: not modelled for %s: lxc config edit of a snapshot",
                                             apply->profile->name));
    if (ms_apply_check(apply, MS_RULE_CLI_YAML_UNMARSHAL, op->instance, put == NULL))
        /* the rule's text is one line; yaml.v2's error lines are its argument */
        return ms_apply_reject(apply, MS_RULE_CLI_YAML_UNMARSHAL,
                               type_errors + strlen("yaml: unmarshal errors:"));
    instance = ms_apply_lookup_instance(apply, op->instance, FALSE);
    if (instance == NULL)
        return FALSE;
    if ((put->restore != NULL && *put->restore != '\0') || put->ephemeral)
        return ms_apply_fail(apply, MS_RULE_NONE, 400, TRUE,
                             g_strdup_printf("migsim: not modelled for %s: lxc config edit with %s",
                                             apply->profile->name,
                                             put->ephemeral ? "ephemeral: true (migsim has no "
                                                              "ephemeral instances)"
                                                            : "restore: (a snapshot restore)"));
    config = ms_config_new();
    g_hash_table_iter_init(&iter, put->config);
    while (g_hash_table_iter_next(&iter, &key, &value))
        ms_config_set(config, key, value);
    if (!config_checks(apply, instance, config) || !protected_keys_kept(apply, instance, put->config))
        return FALSE;
    if (!ms_devices_equal(instance->devices, put->devices) ||
        !profiles_equal(instance->profiles, put->profiles))
        return ms_apply_fail(
            apply, MS_RULE_NONE, 400, TRUE,
            g_strdup_printf("migsim: not modelled for %s: lxc config edit that changes the instance's "
                            "devices or profiles (a YAML without 'profiles:' leaves it none); "
                            "write the change as lxc config device or lxc profile add|remove",
                            apply->profile->name));
    if (*put->description != '\0')
        ms_outcome_add_note(apply->outcome,
                            "the instance's description is not modelled (not kept, not shown)");
    /* the keys whose value changes, for the running instance's checks */
    old = ms_instance_config_table(instance);
    keys = g_ptr_array_new_with_free_func(g_free);
    g_hash_table_iter_init(&iter, old);
    while (g_hash_table_iter_next(&iter, &key, &value))
        if (g_strcmp0(value, ms_config_get(config, key)) != 0)
            g_ptr_array_add(keys, g_strdup(key));
    g_hash_table_iter_init(&iter, config);
    while (g_hash_table_iter_next(&iter, &key, &value))
        if (ms_config_get(old, key) == NULL)
            g_ptr_array_add(keys, g_strdup(key));
    g_ptr_array_sort(keys, ms_compare_string_ptrs);
    /* a YAML without volatile.uuid removes the one LXD holds (a PUT
     * replaces the config; the key is protected only from 6.7): the next
     * move makes a new temporary name (MsMoveCopyLeft) */
    uuid_dropped = ms_config_get(config, "volatile.uuid") == NULL;
    if (!config_update(apply, instance, g_steal_pointer(&config), keys))
        return FALSE;
    if (uuid_dropped)
        instance->move_copy_left = MS_MOVE_COPY_NONE;
    return TRUE;
}

gboolean
ms_apply_config(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsInstance *instance;
    g_autoptr(GHashTable) config = NULL;

    if (op->instance == NULL)
        return apply_server_config(apply);
    if (op->kind == MS_OP_CONFIG_EDIT)
        return config_edit(apply);
    instance = ms_apply_lookup_instance(apply, op->instance, FALSE);
    if (instance == NULL)
        return FALSE;
    if (op->kind == MS_OP_CONFIG_GET) {
        const char *value = ms_instance_get_config(instance, op->keys->pdata[0]);
        if (value == NULL && volatile_key_unheld(apply, instance, op->keys->pdata[0]))
            return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                                 g_strdup_printf("migsim: not modelled for %s: the value of %s, which LXD "
                                                 "writes itself",
                                                 apply->profile->name, (const char *) op->keys->pdata[0]));
        apply->outcome->output = g_strdup_printf("%s\n", value ? value : "");
        return TRUE;
    }
    /* lxc unsets from the instance it just read and refuses a key that is
     * not there before sending anything (lxc/config.go:558 at lxd-5.0.2) */
    MsRuleId protection = ms_rule_applies(MS_RULE_CFG_PROTECTED_KEY_DELETE, apply->profile)
                              ? MS_RULE_CFG_PROTECTED_KEY_DELETE
                              : MS_RULE_CFG_IDMAP_KEY_DELETE;
    for (guint i = 0; op->kind == MS_OP_CONFIG_UNSET && i < op->keys->len; i++) {
        /* an instance made from an image has an image.K for each property
         * of the image (lxd/instance.go:134-139 at lxd-5.0.2, :148 at
         * lxd-5.21.7, :151 at lxd-6.9; Incus cmd/incusd/instance.go:149 at
         * v6.0.4), which migsim's images do not have: live on 5.0.2 the
         * test image gave image.os=busybox and `config unset C image.os`
         * succeeded (tools/live-random.py --gen 7 --seed 5100 scenario 0) */
        if (g_str_has_prefix(op->keys->pdata[i], "image.") &&
            ms_instance_get_config(instance, op->keys->pdata[i]) == NULL)
            return ms_apply_fail(
                apply, MS_RULE_NONE, 0, FALSE,
                g_strdup_printf("migsim: not modelled for %s: unset of %s, which the image's "
                                "properties may have set",
                                apply->profile->name, (const char *) op->keys->pdata[i]));
        /* a rebuild deleted the container's ID-map keys LXD wrote at its
         * create (ms-rebuild-ops.c rebuild_config): lxc's "not currently
         * set" until LXD writes one again (volatile.last_state.idmap at a
         * start that shifts the root filesystem, handleIdmappedStorage,
         * driver_lxc.go:1847-1848 at lxd-6.9; volatile.idmap.next on an
         * ID-map change, Update :4038), which migsim does not follow */
        if (instance->idmap_keys_rebuilt &&
            (g_str_equal(op->keys->pdata[i], "volatile.idmap.next") ||
             g_str_equal(op->keys->pdata[i], "volatile.last_state.idmap")) &&
            ms_instance_get_config(instance, op->keys->pdata[i]) == NULL)
            return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                                 g_strdup_printf("migsim: not modelled for %s: unset of %s after lxc rebuild "
                                                 "deleted it (whether LXD wrote it again is not followed)",
                                                 apply->profile->name, (const char *) op->keys->pdata[i]));
        /* the key is there, lxc sends the change, Update refuses it */
        /* check sites: CFG_IDMAP_KEY_DELETE CFG_PROTECTED_KEY_DELETE */
        if (ms_apply_check(apply, protection, instance->name,
                           volatile_key_protected(apply, protection, instance, op->keys->pdata[i])))
            return ms_apply_reject(apply, protection, (const char *) op->keys->pdata[i]);
        if (ms_instance_get_config(instance, op->keys->pdata[i]) == NULL &&
            volatile_key_unheld(apply, instance, op->keys->pdata[i]))
            return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                                 g_strdup_printf("migsim: not modelled for %s: unset of %s, which LXD "
                                                 "may have written itself",
                                                 apply->profile->name, (const char *) op->keys->pdata[i]));
        if (ms_apply_check(apply, MS_RULE_CFG_UNSET_NOT_SET, instance->name,
                           ms_instance_get_config(instance, op->keys->pdata[i]) == NULL))
            return ms_apply_reject(apply, MS_RULE_CFG_UNSET_NOT_SET, (const char *) op->keys->pdata[i]);
    }
    config = ms_instance_config_table(instance);
    for (guint i = 0; i < op->keys->len; i++)
        ms_config_set(config, op->keys->pdata[i],
                      op->kind == MS_OP_CONFIG_UNSET ? NULL : op->values->pdata[i]);
    if (!config_checks(apply, instance, config))
        return FALSE;
    return config_update(apply, instance, g_steal_pointer(&config), op->keys);
}
