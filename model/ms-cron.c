/* migsim: what validate.IsCron says of a snapshots.schedule value, with
 * robfig/cron v3.0.1's ParseStandard (the module every LXD tag's go.mod
 * names: lxd-5.0.2, lxd-5.21.7, lxd-6.9), and shared.GetExpiry's answer
 * for snapshots.expiry; Go's strings and strconv functions they call are
 * followed byte for byte. */
#include "ms-instance-keys-private.h"
#include "ms-names.h"

#include <string.h>

/* Go's unicode.IsSpace (the White_Space property): what strings.Fields
 * splits at and strings.TrimSpace trims. */
static gboolean
go_is_space(gunichar c)
{
    static const gunichar wide[] = { 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 };

    if (c == ' ' || (c >= '\t' && c <= '\r'))
        return TRUE;
    if (c >= 0x2000 && c <= 0x200A)
        return TRUE;
    for (guint i = 0; i < G_N_ELEMENTS(wide); i++)
        if (c == wide[i])
            return TRUE;
    return FALSE;
}

/* The next character of @p (an invalid byte is one character, never a
 * space, as Go's range loop reads it as utf8.RuneError). */
static gunichar
go_next_char(const char *p, const char **next)
{
    gunichar c = g_utf8_get_char_validated(p, -1);

    if (c == (gunichar) -1 || c == (gunichar) -2) {
        *next = p + 1;
        return 0xFFFD;
    }
    *next = g_utf8_next_char(p);
    return c;
}

char *
ms_go_trim_space(const char *value)
{
    const char *start = value, *end, *next;

    while (*start != '\0' && go_is_space(go_next_char(start, &next)))
        start = next;
    /* the result ends after its last character that is no space */
    end = start;
    for (const char *p = start; *p != '\0'; p = next)
        if (!go_is_space(go_next_char(p, &next)))
            end = next;
    return g_strndup(start, end - start);
}

/* strconv.ParseInt(@value, 10, 64)'s error, named @func ("Atoi" or
 * "ParseInt": Atoi on 64 bits accepts and refuses the same), NULL when it
 * reads it (*@out its value): a sign, then ParseUint, which stops at the
 * first byte that is no digit (syntax) or the first digit past 2^64-1
 * (range), then the int64 range (Go's src/strconv/atoi.go). */
static char *
go_int_error(const char *value, const char *func, gint64 *out)
{
    const char *s = value;
    const char *why = NULL;
    guint64 n = 0;
    gboolean negative = FALSE;

    if (*s == '+' || *s == '-') {
        negative = *s == '-';
        s++;
    }
    if (*s == '\0')
        why = "invalid syntax";
    for (const char *p = s; why == NULL && *p != '\0'; p++) {
        guint d = (guint) (*p - '0');

        if (!g_ascii_isdigit(*p))
            why = "invalid syntax";
        else if (n > (G_MAXUINT64 - d) / 10)
            why = "value out of range";
        else
            n = n * 10 + d;
    }
    if (why == NULL && (negative ? n > (guint64) G_MAXINT64 + 1 : n > (guint64) G_MAXINT64))
        why = "value out of range";
    if (why != NULL) {
        g_autofree char *quoted = ms_go_quote(value);
        return g_strdup_printf("strconv.%s: parsing %s: %s", func, quoted, why);
    }
    if (out != NULL)
        *out = negative ? (gint64) (0 - n) : (gint64) n;
    return NULL;
}

char *
ms_go_atoi_error(const char *value)
{
    return go_int_error(value, "Atoi", NULL);
}

char *
ms_go_parse_int_error(const char *value, gint64 *out)
{
    return go_int_error(value, "ParseInt", out);
}

/* ---- robfig/cron v3.0.1 parser.go ---- */

typedef struct {
    guint64 min, max;
    const char *const *names; /* index = value - names_base; NULL: none */
    guint64 names_base;
} CronBounds;

static const char *const month_names[] = { "jan", "feb", "mar", "apr", "may", "jun", "jul",
                                           "aug", "sep", "oct", "nov", "dec", NULL };
static const char *const dow_names[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat", NULL };

/* spec.go:22-48: minutes, hours, dom, months, dow (seconds is "0") */
static const CronBounds cron_bounds[] = {
    { 0, 59, NULL, 0 },        { 0, 23, NULL, 0 },     { 1, 31, NULL, 0 },
    { 1, 12, month_names, 1 }, { 0, 6, dow_names, 0 },
};

/* mustParseInt (parser.go:330-341) */
static char *
cron_parse_int(const char *expr, guint64 *out)
{
    gint64 number = 0;
    g_autofree char *atoi_error = go_int_error(expr, "Atoi", &number);

    if (atoi_error != NULL)
        return g_strdup_printf("failed to parse int from %s: %s", expr, atoi_error);
    if (number < 0)
        return g_strdup_printf("negative number (%" G_GINT64_FORMAT ") not allowed: %s", number, expr);
    *out = (guint64) number;
    return NULL;
}

/* parseIntOrName (parser.go:320-328): the names are matched lowercased,
 * and IsCron lowercased the value already */
static char *
cron_int_or_name(const char *expr, const CronBounds *r, guint64 *out)
{
    for (guint i = 0; r->names != NULL && r->names[i] != NULL; i++)
        if (g_str_equal(expr, r->names[i])) {
            *out = r->names_base + i;
            return NULL;
        }
    return cron_parse_int(expr, out);
}

/* getRange (parser.go:250-318): "*" or "?", N, N-M, each with an optional
 * "/STEP" ("N/STEP" runs to the field's maximum), then the bounds. */
static char *
cron_range_error(const char *expr, const CronBounds *r)
{
    g_auto(GStrv) range_and_step = g_strsplit(expr, "/", -1);
    g_auto(GStrv) low_and_high = g_strsplit(range_and_step[0], "-", -1);
    guint n_parts = g_strv_length(low_and_high);
    guint64 start = 0, end = 0, step = 1;
    char *error = NULL;

    if (g_str_equal(low_and_high[0], "*") || g_str_equal(low_and_high[0], "?")) {
        start = r->min;
        end = r->max;
    } else {
        if ((error = cron_int_or_name(low_and_high[0], r, &start)) != NULL)
            return error;
        if (n_parts == 1)
            end = start;
        else if (n_parts == 2) {
            if ((error = cron_int_or_name(low_and_high[1], r, &end)) != NULL)
                return error;
        } else
            return g_strdup_printf("too many hyphens: %s", expr);
    }
    if (g_strv_length(range_and_step) == 2) {
        if ((error = cron_parse_int(range_and_step[1], &step)) != NULL)
            return error;
        if (n_parts == 1)
            end = r->max;
    } else if (g_strv_length(range_and_step) > 2)
        return g_strdup_printf("too many slashes: %s", expr);
    if (start < r->min)
        return g_strdup_printf("beginning of range (%" G_GUINT64_FORMAT ") below minimum (%" G_GUINT64_FORMAT
                               "): %s",
                               start, r->min, expr);
    if (end > r->max)
        return g_strdup_printf("end of range (%" G_GUINT64_FORMAT ") above maximum (%" G_GUINT64_FORMAT
                               "): %s",
                               end, r->max, expr);
    if (start > end)
        return g_strdup_printf("beginning of range (%" G_GUINT64_FORMAT
                               ") beyond end of range (%" G_GUINT64_FORMAT "): %s",
                               start, end, expr);
    if (step == 0)
        return g_strdup_printf("step of range should be a positive number: %s", expr);
    return NULL;
}

/* strings.Fields of an ASCII @spec */
static GPtrArray *
go_fields(const char *spec)
{
    GPtrArray *fields = g_ptr_array_new_with_free_func(g_free);

    for (const char *p = spec; *p != '\0';) {
        const char *start;

        while (*p != '\0' && go_is_space((guchar) *p))
            p++;
        start = p;
        while (*p != '\0' && !go_is_space((guchar) *p))
            p++;
        if (p > start)
            g_ptr_array_add(fields, g_strndup(start, p - start));
    }
    return fields;
}

/* Parser.Parse with Minute | Hour | Dom | Month | Dow | Descriptor
 * (parser.go:88-153, :216-218): NULL when it parses @spec (five fields
 * split at single spaces, ASCII), else its error; *@unknown for an
 * "@every " descriptor, whose text is Go's time.ParseDuration's. */
static char *
cron_parse_standard(const char *spec, gboolean *unknown)
{
    g_autoptr(GPtrArray) fields = NULL;

    if (*spec == '@') {
        /* the five-field descriptors none of parseDescriptor's names
         * (parser.go:372-434); no "TZ=" prefix survives the lowercasing */
        if (g_str_has_prefix(spec, "@every ")) {
            *unknown = TRUE;
            return NULL;
        }
        return g_strdup_printf("unrecognized descriptor: %s", spec);
    }
    fields = go_fields(spec);
    if (fields->len != 5) {
        g_autoptr(GString) list = g_string_new("[");
        for (guint i = 0; i < fields->len; i++)
            g_string_append_printf(list, "%s%s", i > 0 ? " " : "", (const char *) fields->pdata[i]);
        g_string_append_c(list, ']');
        return g_strdup_printf("expected exactly 5 fields, found %u: %s", fields->len, list->str);
    }
    for (guint f = 0; f < 5; f++) {
        /* getField: the ranges of strings.FieldsFunc at ',' (empty ones
         * dropped) */
        g_auto(GStrv) ranges = g_strsplit(fields->pdata[f], ",", -1);

        for (guint i = 0; ranges[i] != NULL; i++) {
            char *error = *ranges[i] != '\0' ? cron_range_error(ranges[i], &cron_bounds[f]) : NULL;
            if (error != NULL)
                return error;
        }
    }
    return NULL;
}

MsCronAnswer
ms_cron_check(const char *value, gboolean instance_aliases, char **error)
{
    /* the instance key's list; a volume's stops before @startup
     * (lxd/storage/utils.go:341 at lxd-5.0.2) */
    static const char *const aliases[] = { "@hourly",   "@daily",  "@midnight", "@weekly", "@monthly",
                                           "@annually", "@yearly", "@startup",  "@never",  NULL };
    g_autofree char *lower = NULL;
    g_auto(GStrv) triggers = NULL;

    *error = NULL;
    if (*value == '\0')
        return MS_CRON_OK; /* validate.Optional */
    /* strings.ToLower of non-ASCII text (and the Unicode spaces Fields
     * splits at) are not followed */
    for (const char *p = value; *p != '\0'; p++)
        if ((guchar) *p >= 0x80)
            return MS_CRON_UNKNOWN;
    lower = g_ascii_strdown(value, -1);
    triggers = g_strsplit(lower, ", ", -1);
    for (guint t = 0; triggers[t] != NULL; t++) {
        g_auto(GStrv) words = NULL;
        gboolean unknown = FALSE, alias = FALSE;

        for (guint a = 0; aliases[a] != NULL && (instance_aliases || a < 7); a++)
            alias = alias || g_str_equal(aliases[a], triggers[t]);
        if (alias)
            continue;
        words = g_strsplit(triggers[t], " ", -1);
        if (g_strv_length(words) != 5)
            return MS_CRON_NOT_FIVE;
        *error = cron_parse_standard(triggers[t], &unknown);
        if (unknown)
            return MS_CRON_UNKNOWN;
        if (*error != NULL)
            return MS_CRON_BAD;
    }
    return MS_CRON_OK;
}

gboolean
ms_cron_plain(const char *value)
{
    static const char *const aliases[] = { "@hourly",   "@daily",  "@midnight", "@weekly", "@monthly",
                                           "@annually", "@yearly", "@startup",  "@never",  NULL };
    g_autofree char *lower = g_ascii_strdown(value, -1);
    g_auto(GStrv) triggers = g_strsplit(lower, ", ", -1);

    for (guint t = 0; *value != '\0' && triggers[t] != NULL; t++) {
        g_auto(GStrv) fields = g_strsplit(triggers[t], " ", -1);

        if (g_strv_contains(aliases, triggers[t]))
            continue;
        if (g_strv_length(fields) != 5)
            return FALSE;
        for (guint f = 0; f < 5; f++) {
            const char *p = fields[f];
            gsize digits = strspn(p, "0123456789");
            guint64 n = g_ascii_strtoull(p, NULL, 10);

            if (g_str_equal(p, "*"))
                continue;
            if (digits == 0 || digits > 2 || p[digits] != '\0' || n < cron_bounds[f].min ||
                n > cron_bounds[f].max)
                return FALSE;
        }
    }
    return TRUE;
}

/* ---- shared.GetExpiry ---- */

gboolean
ms_expiry_seconds(const MsProfile *profile)
{
    /* GetExpiry's unit S: from lxd-5.0.2 and 5.7, every 5.21.x, 6.x and
     * Incus tag (shared/util.go:1244 at lxd-5.0.2, :1247 at lxd-5.7; Incus
     * internal/instance/expiry.go:21 at v6.0.0); GetSnapshotExpiry before
     * (shared/util.go:1140-1180 at lxd-5.0.0) has none */
    static const MsReleases expiry_seconds = {
        MS_SPAN_50_FROM(2), MS_SPAN_ALL, MS_SPAN_ALL, { MS_SPAN_ALL, MS_SPAN_ALL }, MS_SPAN_5_FROM(7),
    };

    return ms_releases_contain(&expiry_seconds, profile->version);
}

char *
ms_expiry_error(const char *value, gboolean with_seconds)
{
    g_autofree char *expr = ms_go_trim_space(value);
    g_auto(GStrv) values = NULL;
    const char *units = with_seconds ? "SMHdwmy" : "MHdwmy";
    gboolean set[128] = { FALSE };

    if (*expr == '\0')
        return NULL;
    values = g_strsplit(expr, " ", -1);
    for (guint i = 0; values[i] != NULL; i++) {
        const char *v = values[i];
        gsize digits = strspn(v, "0123456789");
        guchar unit = (guchar) v[digits];
        g_autofree char *number = g_strndup(v, digits);
        gint64 val = 0;
        char *atoi_error;

        /* ^(\d+)(S|M|H|d|w|m|y)$ */
        if (digits == 0 || unit == '\0' || v[digits + 1] != '\0' || strchr(units, unit) == NULL)
            return g_strdup("Invalid expiry expression");
        /* "expiry[fields[2]] > 0": a unit given before with 0 may come
         * again */
        if (set[unit])
            return g_strdup("Invalid expiry expression");
        if ((atoi_error = go_int_error(number, "Atoi", &val)) != NULL)
            return atoi_error;
        set[unit] = val > 0;
    }
    return NULL;
}
