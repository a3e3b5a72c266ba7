/* migsim: the options of unix-char and unix-block devices, as Incus
 * validates them (unixCommon.validateConfig,
 * internal/server/device/unix_common.go:43-132 at v6.0.4, the same rules at
 * every tag v6.0.0 .. v6.0.6, v6.1.0 .. v6.23.0 and v7.0.0 .. v7.3.0).
 * LXD's validateConfig is the same map (lxd/device/unix_common.go at
 * lxd-5.0.2, lxd-5.21.7, lxd-6.9) but was not read at every release, so
 * under LXD these devices stay "not modelled" (the rows' LXD releases are
 * empty). */
#include "ms-apply-private.h"
#include "ms-devices.h"
#include "ms-names.h"
#include <string.h>

#define CHECK(rule, condition) ms_env_check(ctx->env, (rule), name, (condition))
#define FAIL(rule, ...) ms_reject_rule(out, ctx->env->profile, (rule), ##__VA_ARGS__)

/* strconv.ParseUint(value, base, 32) succeeds: digits of the base only (no
 * sign, no prefix, no underscore: base 8 and 10 are not 0), at most
 * 4294967295. */
static gboolean
parse_uint32(const char *value, guint base)
{
    guint64 n = 0;

    if (*value == '\0')
        return FALSE;
    for (const char *p = value; *p != '\0'; p++) {
        if (*p < '0' || *p >= (char) ('0' + base))
            return FALSE;
        n = n * base + (guint64) (*p - '0');
        if (n > G_MAXUINT32)
            return FALSE;
    }
    return TRUE;
}

/* validate.IsBool's words, compared lower-cased
 * (shared/validate/validate.go:137-143 at v6.0.4, :169-175 at v6.23.0) */
static gboolean
is_go_bool(const char *value)
{
    static const char *const words[] = { "true", "false", "yes", "no", "1", "0", "on", "off", NULL };
    g_autofree char *lower = g_ascii_strdown(value, -1);

    return g_strv_contains(words, lower);
}

/* The error the rule of @key gives @value, NULL when it passes; *unknown
 * when no rule names @key.  The device monitor's prefix is /dev unless the
 * daemon runs with INCUS_DEVMONITOR_DIR (cmd/incusd/daemon.go:1624-1627 at
 * v6.0.4), which migsim takes to be unset, as on the live cluster. */
static char *
unix_value_error(const char *key, const char *value, gboolean *unknown)
{
    *unknown = FALSE;
    /* every validator lets "" through (validate.Optional, the unixValid*
     * helpers' first test, IsAny) */
    if (g_str_equal(key, "path"))
        return NULL;
    if (g_str_equal(key, "source"))
        return *value == '\0' || g_str_has_prefix(value, "/dev") ? NULL
                                                                 : g_strdup("Path needs to be in /dev");
    if (g_str_equal(key, "major") || g_str_equal(key, "minor"))
        return *value == '\0' || parse_uint32(value, 10) ? NULL
                                                         : g_strdup("Invalid value for a UNIX device number");
    if (g_str_equal(key, "uid") || g_str_equal(key, "gid"))
        return *value == '\0' || parse_uint32(value, 10) ? NULL : g_strdup("Invalid value for a UNIX ID");
    if (g_str_equal(key, "mode"))
        return *value == '\0' || parse_uint32(value, 8) ? NULL
                                                        : g_strdup("Invalid value for an octal file mode");
    if (g_str_equal(key, "required")) {
        g_autofree char *quoted = NULL;

        if (*value == '\0' || is_go_bool(value))
            return NULL;
        quoted = ms_go_quote(value);
        return g_strdup_printf("Invalid value for a boolean %s", quoted);
    }
    *unknown = TRUE;
    return NULL;
}

gboolean
ms_device_unix_key_known(const char *key)
{
    static const char *const keys[] = { "source", "path", "major",    "minor", "uid",
                                        "gid",    "mode", "required", NULL };

    return g_strv_contains(keys, key);
}

/* Device.Validate runs the rules first, in Go's random map order, then
 * looks for keys no rule names, again in map order (everything but type,
 * user.* and initial.*; internal/server/device/config/devices.go:21-62 at
 * v6.0.4), and validateConfig then wants source or path.  One bad value or
 * one unknown key is deterministic; two of either kind are "not modelled".
 * NULL: answered (@valid, the refusal in @out); otherwise why not. */
const char *
ms_device_unix_validate(const MsDeviceContext *ctx, const char *name, GHashTable *device, MsRejection *out,
                        gboolean *valid)
{
    g_autofree char *bad_error = NULL;
    const char *bad_key = NULL, *unknown_key = NULL;
    guint n_bad = 0, n_unknown = 0;
    MsDeviceIter iter;
    const char *key, *value;

    if (!ms_rule_applies(MS_RULE_DEV_UNIX_VALUE, ctx->env->profile))
        return "with its options; LXD's checks of them were not read at every release";
    /* containers only: ErrUnsupportedDevType (instanceSupported lets a
     * profile's Any through: device_utils_instance.go:9-13 at v6.0.4) */
    if (ctx->type == MS_INSTANCE_VM && !ctx->for_profile)
        return "on a virtual machine";
    ms_device_iter_init(&iter, device);
    while (ms_device_iter_next(&iter, &key, &value)) {
        gboolean unknown;
        g_autofree char *error = NULL;

        if (g_str_equal(key, "type") || g_str_has_prefix(key, "user."))
            continue;
        if (g_str_has_prefix(key, "initial."))
            return "with an initial.* option";
        error = unix_value_error(key, value, &unknown);
        if (unknown) {
            n_unknown++;
            unknown_key = key;
        } else if (error != NULL) {
            n_bad++;
            bad_key = key;
            g_free(bad_error);
            bad_error = g_steal_pointer(&error);
        }
    }
    if (n_bad > 1)
        return "with several invalid values; Incus names one, picked in Go's random map order";
    if (CHECK(MS_RULE_DEV_UNIX_VALUE, n_bad == 1)) {
        *valid = FAIL(MS_RULE_DEV_UNIX_VALUE, bad_key, bad_error);
        return NULL;
    }
    if (n_unknown > 1)
        return "with several unknown options; Incus names one, picked in Go's random map order";
    if (CHECK(MS_RULE_DEV_UNIX_KEYS, n_unknown == 1)) {
        *valid = FAIL(MS_RULE_DEV_UNIX_KEYS, unknown_key);
        return NULL;
    }
    if (CHECK(MS_RULE_DEV_UNIX_PATH_REQUIRED,
              *ms_device_get(device, "source") == '\0' && *ms_device_get(device, "path") == '\0')) {
        *valid = FAIL(MS_RULE_DEV_UNIX_PATH_REQUIRED);
        return NULL;
    }
    *valid = TRUE;
    return NULL;
}

#undef CHECK
#undef FAIL
