/* migsim: the values of instance and profile config keys whose validator is
 * one of shared/validate/validate.go's that migsim follows exactly: the
 * class the key maps give a key at a release (tools/gen-instance-keys.py)
 * names the check, with LXD's text; the client's and the create path's
 * wrapping are the callers' (as for CFG.INST.BADBOOL). */
#include "ms-instance-keys-private.h"
#include "ms-names.h"

#include <string.h>

gboolean
ms_instance_value_class(const KeyDef *def)
{
    static const KeyKind answered[] = {
        KEY_BOOL,   KEY_BOOL_REQUIRED, KEY_INT64,      KEY_UINT8,  KEY_UINT32,      KEY_PRIORITY,
        KEY_SIZE,   KEY_ONE_OF,        KEY_CLOUD_INIT, KEY_NVIDIA, KEY_UUID,        KEY_CPUSET,
        KEY_MEMORY, KEY_ALLOWANCE,     KEY_CRON,       KEY_EXPIRY, KEY_DEVICE_NAME,
    };

    for (guint i = 0; i < G_N_ELEMENTS(answered); i++)
        if (def->kind == answered[i])
            return TRUE;
    return FALSE;
}

static gboolean
not_modelled(MsEnv *env, const char *key, const char *value, const char *why, MsRejection *out)
{
    return ms_reject_status(
        out, MS_RULE_NONE, 400,
        g_strdup_printf("migsim: not modelled for %s: %s=%s; %s", env->profile->name, key, value, why));
}

/* validate.IsValidCPUSet's first test, the regular expression
 * ^([0-9]+([,-][0-9]+)?)(,[0-9]+([,-][0-9]+)*)?$ (shared/validate/validate.go
 * :824 at lxd-5.0.2, :858 at lxd-5.21.7, :885 at lxd-6.9; Incus :826 at
 * v6.0.4): numbers joined by ',' or '-', and from a third number on, one
 * of the first two joins is a ','. */
gboolean
ms_cpu_set_syntax_ok(const char *value)
{
    char joins[2] = { 0, 0 };
    guint numbers = 0;

    for (const char *p = value;;) {
        if (!g_ascii_isdigit(*p))
            return FALSE;
        while (g_ascii_isdigit(*p))
            p++;
        numbers++;
        if (*p == '\0')
            break;
        if (*p != ',' && *p != '-')
            return FALSE;
        if (numbers <= 2)
            joins[numbers - 1] = *p;
        p++;
    }
    return numbers <= 2 || joins[0] == ',' || joins[1] == ',';
}

/* One chunk of a CPU set: CPUs low..high (none when low > high). */
typedef struct {
    gint64 low;
    gint64 high;
} CpuRange;

static gint
cpu_range_cmp(gconstpointer a, gconstpointer b)
{
    const CpuRange *x = a, *y = b;

    return x->low < y->low ? -1 : x->low > y->low;
}

/* What IsValidCPUSet says of a value its expression took: the chunks split
 * at ',' are a number or LOW-HIGH cut at the first '-' (strconv.Atoi or
 * ParseInt of each part: "Invalid cpuset value: V" when one is not a
 * number, a part like "2-3" or one past int64), then a CPU counted twice
 * is "Cannot define CPU multiple times" (shared/validate/validate.go
 * :822-866 at lxd-5.0.2, :856-900 at lxd-5.21.7, :883-927 at lxd-6.9, the
 * same checks at every tag that has it).  NULL when it passes;
 * *@unknown for a range of more than 2^20 CPUs, which LXD counts one by one
 * (it may not return). */
static char *
cpuset_error(const char *value, gboolean *unknown)
{
    g_auto(GStrv) chunks = g_strsplit(value, ",", -1);
    g_autoptr(GArray) ranges = g_array_new(FALSE, FALSE, sizeof(CpuRange));

    *unknown = FALSE;
    for (guint i = 0; chunks[i] != NULL; i++) {
        g_auto(GStrv) parts = g_strsplit(chunks[i], "-", 2);
        CpuRange range;

        if (!g_ascii_string_to_signed(parts[0], 10, G_MININT64, G_MAXINT64, &range.low, NULL) ||
            !g_ascii_string_to_signed(parts[1] != NULL ? parts[1] : parts[0], 10, G_MININT64, G_MAXINT64,
                                      &range.high, NULL))
            return g_strdup_printf("Invalid cpuset value: %s", value);
        if (range.high >= range.low && (guint64) (range.high - range.low) > (1u << 20))
            *unknown = TRUE;
        if (range.high >= range.low)
            g_array_append_val(ranges, range);
    }
    if (*unknown)
        return NULL;
    g_array_sort(ranges, cpu_range_cmp);
    for (guint i = 1; i < ranges->len; i++)
        if (g_array_index(ranges, CpuRange, i).low <= g_array_index(ranges, CpuRange, i - 1).high)
            return g_strdup("Cannot define CPU multiple times");
    return NULL;
}

gboolean
ms_instance_cpuset_check(MsEnv *env, const char *key, const char *value, const char *subject,
                         MsRejection *out)
{
    gboolean unknown;
    g_autofree char *error = NULL;

    /* Incus from v6.0.3 and v6.6 (absent at v6.5.0: no profile lies between
     * 6.4 and 6.10; review s24) reads a value ParseInt takes as a CPU
     * count first: under 1 it is "Invalid cpuset value: V", else accepted
     * (shared/validate/validate.go:806-813 at v6.0.3, :831-838 at v6.0.4,
     * :899-906 at v6.0.6 and v6.23.0); the rest as LXD's, with LXD's texts
     * (:824-878 at v6.0.4; v6.0.0 .. v6.0.2, v6.1.0, v6.4.0 have no count
     * branch: :799-851 at v6.0.0) */
    static const MsReleases incus_count = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, MS_INC_SINCE(3, 6) };
    gint64 count;

    if (ms_releases_contain(&incus_count, env->profile->version) &&
        g_ascii_string_to_signed(value, 10, G_MININT64, G_MAXINT64, &count, NULL)) {
        g_autofree char *under = g_strdup_printf("Invalid cpuset value: %s", value);

        /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (the CPU-count branch from v6.0.3 and v6.6.0) */
        if (ms_env_check(env, MS_RULE_CFG_INST_CPUSET_VALUE, subject, count < 1))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_CPUSET_VALUE, under);
        return TRUE;
    }
    error = cpuset_error(value, &unknown);
    if (unknown)
        return not_modelled(env, key, value, "a range of over 2^20 CPUs is not followed", out);
    if (ms_env_check(env, MS_RULE_CFG_INST_CPUSET_VALUE, subject, error != NULL))
        return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_CPUSET_VALUE, error);
    return TRUE;
}

/* Incus' limits.cpu.nodes: validate.Optional(validate.Or(IsValidCPUSet,
 * IsOneOf("0", "balanced"))), "0" from v6.0.3 and v6.7 (ca20a30f69, PR
 * #1358: IsValidCPUSet refuses a count under 1 from v6.0.3 and v6.6, so
 * "0" was refused at 6.6 alone), IsOneOf("balanced") before
 * (internal/instance/config.go:200 at v6.0.4, the same at v6.0.0, v6.6.0,
 * v6.7.0, v7.3.0).  Any refusal is Or's own, "%q isn't a valid value"
 * (shared/validate/validate.go:41-52 at v6.0.4). */
gboolean
ms_instance_cpu_nodes_check(MsEnv *env, const char *key, const char *value, const char *subject,
                            MsRejection *out)
{
    static const MsReleases zero_node = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, MS_INC_SINCE(3, 7) };
    static const MsReleases incus_count = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, MS_INC_SINCE(3, 6) };
    g_autofree char *quoted = ms_go_quote(value);
    gboolean bad = !ms_cpu_set_syntax_ok(value);
    gint64 count;

    if (*value == '\0' || g_str_equal(value, "balanced") ||
        (g_str_equal(value, "0") && ms_releases_contain(&zero_node, env->profile->version)))
        return TRUE;
    if (!bad && ms_releases_contain(&incus_count, env->profile->version) &&
        g_ascii_string_to_signed(value, 10, G_MININT64, G_MAXINT64, &count, NULL)) {
        bad = count < 1;
    } else if (!bad) {
        gboolean unknown;
        g_autofree char *error = cpuset_error(value, &unknown);

        if (unknown)
            return not_modelled(env, key, value, "a range of over 2^20 CPUs is not followed", out);
        bad = error != NULL;
    }
    /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.x: Incus only (LXD's limits.cpu.nodes is IsValidCPUSet) */
    if (ms_env_check(env, MS_RULE_CFG_INST_OR_VALUE, subject, bad))
        return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_OR_VALUE, quoted);
    return TRUE;
}

/* validate.Or(validate.IsBool, validate.IsSize): either passes, else Or's
 * own error (shared/validate/validate.go:41-52 Or at v6.0.4, the same at
 * every Incus tag read), which Incus gives limits.memory.swap at every
 * tag (internal/instance/config.go:526 at v6.0.0, :555 at v6.0.4, :580 at
 * v6.0.6 and v6.23.0).  Empty: validate.Optional. */
gboolean
ms_instance_bool_or_size_check(MsEnv *env, const char *value, const char *subject, MsRejection *out)
{
    g_autofree char *size_error = ms_byte_size_error(value);
    g_autofree char *quoted = ms_go_quote(value);
    gboolean bad = *value != '\0' && !ms_is_valid_bool(value) && size_error != NULL;

    if (ms_env_check(env, MS_RULE_CFG_INST_OR_VALUE, subject, bad))
        return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_OR_VALUE, quoted);
    return TRUE;
}

/* Go's %q of @value without its outer quotes, for the rule texts that
 * write it "\"%s\"" (strconv.Quote: escapes, \xNN for bad UTF-8). */
static char *
quoted_inner(const char *value)
{
    g_autofree char *quoted = ms_go_quote(value);

    return g_strndup(quoted + 1, strlen(quoted) - 2);
}

/* strconv.ParseUint(@value, 10, @bits)'s error, or NULL: bytes read left
 * to right, the first that is no digit is a syntax error, the first digit
 * that takes the number past 2^bits-1 a range error (Go's
 * src/strconv/atoi.go ParseUint: no sign, no '_' in base 10, "" is a
 * syntax error). */
static char *
go_parse_uint_error(const char *value, guint bits)
{
    guint64 max = bits == 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT(1) << bits) - 1;
    guint64 n = 0;
    const char *why = NULL;
    g_autofree char *quoted = ms_go_quote(value);

    if (*value == '\0')
        why = "invalid syntax";
    for (const char *p = value; why == NULL && *p != '\0'; p++) {
        guint d = (guint) (*p - '0');

        if (!g_ascii_isdigit(*p))
            why = "invalid syntax";
        else if (n > (max - d) / 10)
            why = "value out of range";
        else
            n = n * 10 + d;
    }
    return why == NULL ? NULL : g_strdup_printf("strconv.ParseUint: parsing %s: %s", quoted, why);
}

/* Whether uuid.Parse takes @value in its canonical form (8-4-4-4-12 hex
 * digits); the other forms pborman/uuid and google/uuid read (braces,
 * urn:uuid:, 32 digits) differ between their versions. */
static gboolean
uuid_canonical(const char *value)
{
    if (strlen(value) != 36)
        return FALSE;
    for (guint i = 0; i < 36; i++) {
        gboolean dash = i == 8 || i == 13 || i == 18 || i == 23;

        if (dash ? value[i] != '-' : !g_ascii_isxdigit(value[i]))
            return FALSE;
    }
    return TRUE;
}

/* The lengths of the forms only some uuid.Parse versions read: 32 hex
 * digits, {...}, urn:uuid:... */
static gboolean
uuid_other_length(const char *value)
{
    gsize length = strlen(value);

    return length == 32 || length == 38 || length == 45;
}

/* Validators whose refusal migsim cannot word (a YAML parser's, a UUID
 * library's), or that other keys decide: the values each answers, the
 * rest "not modelled". */
static gboolean
check_partial(MsEnv *env, const KeyDef *def, const char *key, const char *value, GHashTable *config,
              MsRejection *out)
{
    if (def->kind == KEY_CLOUD_INIT && g_str_has_prefix(value, "#cloud-config\n") &&
        value[strlen("#cloud-config\n")] != '\0')
        /* IsCloudInitUserData hands what follows the header to yaml.Unmarshal
         * (shared/validate/validate.go:806-820 at lxd-5.21.7; other
         * user-data formats pass) */
        return not_modelled(env, key, value, "LXD parses cloud-config as YAML, which migsim does not", out);
    if (def->kind == KEY_NVIDIA && strpbrk(value, "\r\n") != NULL)
        /* "NVIDIA configuration values cannot contain line breaks"
         * (validate.go at lxd-5.0.9 and lxd-5.21.7 only) */
        return not_modelled(env, key, value, "a line break in an NVIDIA value is not followed", out);
    if (def->kind == KEY_UUID && *value != '\0' && !uuid_canonical(value))
        return not_modelled(env, key, value, "LXD's UUID parser takes forms migsim does not follow", out);
    if (def->kind == KEY_BOOL_REQUIRED && *value == '\0')
        return not_modelled(env, key, value, "an empty value of a required boolean is not followed", out);
    /* limits.cpu.pin_strategy=auto with a pinning limits.cpu: CFG.INST.CPU_PIN_AUTO, checked
     * once every key passed (config_validate in ms-instance-keys.c) */
    (void) config;
    return TRUE;
}

/* limits.cpu.allowance's closure (shared/instance.go:159-187 at lxd-5.0.2;
 * lxd/instance/instancetype/instance.go:492-524 at lxd-5.21.7, :504-537 at
 * lxd-6.9; Incus internal/instance/config.go:439-470 at v6.0.4; the same
 * checks at every tag): "N%" with strconv.Atoi of N, else SplitN at '/'
 * into two parts ("Invalid allowance: V") each Atoi after one "ms" is
 * trimmed.  NULL when it passes. */
static char *
allowance_error(const char *value)
{
    g_auto(GStrv) fields = NULL;

    if (g_str_has_suffix(value, "%")) {
        g_autofree char *number = g_strndup(value, strlen(value) - 1);
        return ms_go_atoi_error(number);
    }
    fields = g_strsplit(value, "/", 2);
    if (g_strv_length(fields) != 2)
        return g_strdup_printf("Invalid allowance: %s", value);
    for (guint i = 0; i < 2; i++) {
        g_autofree char *number = g_str_has_suffix(fields[i], "ms")
                                      ? g_strndup(fields[i], strlen(fields[i]) - 2)
                                      : g_strdup(fields[i]);
        char *error = ms_go_atoi_error(number);
        if (error != NULL)
            return error;
    }
    return NULL;
}

/* limits.memory's closure (shared/instance.go:93-121 at lxd-5.0.2;
 * lxd/instance/instancetype/instance.go:281-309 at lxd-5.21.7, :263-292 at
 * lxd-6.9; Incus internal/instance/config.go:223-249 at v6.0.4): "N%" with
 * strconv.ParseInt of N, which may not be 0; else units.ParseByteSizeString,
 * whose result may not be 0, or (lxd-6.8+) under 1MiB.  The reading's
 * error (CFG.INST.MEMORY_VALUE) goes to @error, the limit's to @limit
 * (CFG.INST.MEMORY_LIMIT's argument in @profile's wording). */
static void
memory_errors(const MsProfile *profile, const char *value, char **error, const char **limit)
{
    /* the wording of lxd/instance/instancetype/instance.go:276,288 from
     * lxd-6.8 (absent at lxd-6.7); Incus keeps the older one */
    static const MsReleases since_68 = MS_REL_SINCE_6(8);
    gboolean new_wording = ms_releases_contain(&since_68, profile->version);
    gint64 bytes = 0;

    *limit = NULL;
    if (g_str_has_suffix(value, "%")) {
        g_autofree char *number = g_strndup(value, strlen(value) - 1);
        gint64 percent = 0;

        *error = ms_go_parse_int_error(number, &percent);
        if (*error == NULL && percent == 0)
            *limit = new_wording ? "cannot be 0%" : "0%";
        return;
    }
    *error = ms_byte_size_parse(value, &bytes);
    if (*error == NULL && (new_wording ? bytes < 1024 * 1024 : bytes == 0))
        *limit = new_wording ? "is too low (minimum 1MiB)" : "0";
}

/* The closures and validators of KEY_MEMORY .. KEY_DEVICE_NAME. */
static gboolean
check_closure(MsEnv *env, const KeyDef *def, const char *key, const char *value, const char *subject,
              MsRejection *out)
{
    g_autofree char *error = NULL;
    const char *limit = NULL;

    switch (def->kind) {
    case KEY_ALLOWANCE:
        error = allowance_error(value);
        if (ms_env_check(env, MS_RULE_CFG_INST_ALLOWANCE, subject, error != NULL))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_ALLOWANCE, error);
        break;
    case KEY_MEMORY:
        memory_errors(env->profile, value, &error, &limit);
        if (ms_env_check(env, MS_RULE_CFG_INST_MEMORY_VALUE, subject, error != NULL))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_MEMORY_VALUE, error);
        if (ms_env_check(env, MS_RULE_CFG_INST_MEMORY_LIMIT, subject, limit != NULL))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_MEMORY_LIMIT, limit);
        break;
    case KEY_EXPIRY:
        /* the unit S from lxd-5.0.2 and 5.7 (GetSnapshotExpiry before:
         * shared/util.go:1140-1180 at lxd-5.0.0) */
        error = ms_expiry_error(value, ms_expiry_seconds(env->profile));
        if (ms_env_check(env, MS_RULE_CFG_INST_EXPIRY, subject, error != NULL))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_EXPIRY, error);
        break;
    case KEY_CRON: {
        MsCronAnswer answer;

        /* Incus from 6.0.5 and 6.12 asks gronx instead (validate.go:681-685
         * at v6.0.6): neither rule applies there */
        if (!ms_rule_applies(MS_RULE_CFG_INST_SCHEDULE, env->profile))
            return ms_cron_plain(value) ||
                   not_modelled(env, key, value, "Incus asks gronx, whose checks migsim does not follow",
                                out);
        answer = ms_cron_check(value, TRUE, &error);
        if (ms_env_check(env, MS_RULE_CFG_INST_SCHEDULE, subject, answer == MS_CRON_NOT_FIVE))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_SCHEDULE);
        if (answer == MS_CRON_UNKNOWN)
            return not_modelled(env, key, value, "non-ASCII text and '@every' durations are not followed",
                                out);
        if (ms_env_check(env, MS_RULE_CFG_INST_CRON_PARSE, subject, answer == MS_CRON_BAD))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_CRON_PARSE, error);
        break;
    }
    case KEY_DEVICE_NAME:
        error = ms_device_name_error(value);
        if (ms_env_check(env, MS_RULE_CFG_INST_DEVICE_NAME, subject, error != NULL))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_DEVICE_NAME, error);
        break;
    default:
        break;
    }
    return TRUE;
}

gboolean
ms_instance_value_check(MsEnv *env, const KeyDef *def, const char *key, const char *value, GHashTable *config,
                        const char *subject, MsRejection *out)
{
    g_autofree char *quoted = quoted_inner(value);
    g_autofree char *error = NULL;
    gboolean bad;

    /* validate.Optional, and the closures' own test: an empty value passes
     * (KEY_BOOL_REQUIRED below; IsDeviceName is not optional, but whether
     * an empty value reaches it is not followed) */
    if (*value == '\0' && def->kind == KEY_DEVICE_NAME)
        return not_modelled(env, key, value, "an empty value of a required name is not followed", out);
    if (*value == '\0' && def->kind != KEY_BOOL_REQUIRED)
        return TRUE;
    switch (def->kind) {
    case KEY_BOOL:
    case KEY_BOOL_REQUIRED:
        if (*value != '\0' && ms_env_check(env, MS_RULE_CFG_INST_BADBOOL, subject, !ms_is_valid_bool(value)))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_BADBOOL, quoted);
        break;
    case KEY_INT64:
        if (ms_env_check(env, MS_RULE_CFG_INST_BADINT, subject, !ms_is_go_int64(value)))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_BADINT, quoted);
        break;
    case KEY_CPUSET:
        /* dead in lxd-5.0.0..5.0.2,lxd-5.1..5.14: limits.cpu.nodes comes at lxd-5.0.3 and lxd-5.15 (limits.cpu is checked by config_validate) */
        if (ms_env_check(env, MS_RULE_CFG_INST_CPU_SYNTAX, subject, !ms_cpu_set_syntax_ok(value)))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_CPU_SYNTAX);
        if (!ms_instance_cpuset_check(env, key, value, subject, out))
            return FALSE;
        break;
    case KEY_UUID:
        /* any length but 36 and the three other forms' is refused by every
         * uuid.Parse; 36 bytes, by all of them when not canonical */
        bad = !uuid_canonical(value) && !uuid_other_length(value);
        if (ms_env_check(env, MS_RULE_CFG_INST_UUID, subject, bad))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_UUID);
        break;
    case KEY_UINT32:
        error = go_parse_uint_error(value, 32);
        if (ms_env_check(env, MS_RULE_CFG_INST_BADUINT32, subject, error != NULL))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_BADUINT32, quoted, error);
        break;
    case KEY_UINT8:
        error = go_parse_uint_error(value, 8);
        if (ms_env_check(env, MS_RULE_CFG_INST_BADUINT8, subject, error != NULL))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_BADUINT8, quoted);
        break;
    case KEY_PRIORITY: {
        /* strconv.ParseInt (Atoi from lxd-5.21.5 and 6.6: the same on
         * 64 bits), then 0..10 */
        gint64 number = 0;

        if (ms_env_check(env, MS_RULE_CFG_INST_BADINT, subject,
                         !g_ascii_string_to_signed(value, 10, G_MININT64, G_MAXINT64, &number, NULL)))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_BADINT, quoted);
        if (ms_env_check(env, MS_RULE_CFG_INST_PRIORITY, subject, number < 0 || number > 10))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_PRIORITY, quoted);
        break;
    }
    case KEY_SIZE:
        error = ms_byte_size_error(value);
        if (ms_env_check(env, MS_RULE_CFG_INST_SIZE_VALUE, subject, error != NULL))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_SIZE_VALUE, error);
        break;
    case KEY_ONE_OF: {
        g_auto(GStrv) choices = g_strsplit(def->choices, " ", -1);

        bad = !g_strv_contains((const char *const *) choices, value);
        if (ms_env_check(env, MS_RULE_CFG_INST_NOT_ONE_OF, subject, bad))
            return ms_reject_rule(out, env->profile, MS_RULE_CFG_INST_NOT_ONE_OF, quoted, def->choices);
        break;
    }
    default:
        if (!check_closure(env, def, key, value, subject, out))
            return FALSE;
        break;
    }
    return check_partial(env, def, key, value, config, out);
}
