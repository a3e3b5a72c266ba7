/* migsim: the scenario parser's outcome lines: `Error: ...`, `Error[SET]:
 * ...`, lxc's `Try ...` trailer and the `expect` directive (outcomes for
 * the command above, and assertions on the cluster). */
#include "ms-scenario-private.h"
#include "ms-shell.h"
#include "ms-roles.h"
#include "ms-suggest.h"

#include <string.h>

static void
release_expect_free(MsReleaseExpect *expect)
{
    g_free(expect->text);
    g_free(expect->releases_text);
    g_free(expect);
}

/* `[SET]` after Error or expect: the releases an expectation is for. */
static gboolean
parse_release_qualifier(MsParseState *st, const char *text, MsReleaseMask *mask, GError **error)
{
    g_autoptr(GError) set_error = NULL;
    const MsReleaseMask *known =
        st->release_sets != NULL ? g_hash_table_lookup(st->release_sets, text) : NULL;

    /* ms_release_mask_parse reads nothing but @text and the release
     * table: a set parsed before is that set (a set it refused is asked
     * again, and refused again) */
    if (known != NULL)
        *mask = *known;
    else if (!ms_release_mask_parse(text, mask, &set_error))
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "in '[%s]': %s", text, set_error->message);
    else {
        if (st->release_sets == NULL)
            st->release_sets = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        g_hash_table_insert(st->release_sets, g_strdup(text), g_memdup2(mask, sizeof(*mask)));
    }
    if (st->scenario->releases != 0 && (*mask & ~st->scenario->releases) != 0)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "'[%s]' names releases outside the scenario's 'releases %s'", text,
                             st->scenario->releases_text);
    return TRUE;
}

/* Adds an outcome for some releases to the last command; two outcomes for
 * the same release would make the file mean two things. */
static gboolean
add_release_expect(MsParseState *st, MsExpectKind kind, const char *text, const char *set_text,
                   MsReleaseMask mask, GError **error)
{
    g_autofree char *what = g_strdup_printf("an expected outcome for [%s]", set_text);
    MsStep *cmd = ms_parse_outcome_step(st, what, error);
    MsReleaseExpect *expect;

    if (cmd == NULL)
        return FALSE;
    if (cmd->release_expects == NULL)
        cmd->release_expects = g_ptr_array_new_with_free_func((GDestroyNotify) release_expect_free);
    for (guint i = 0; i < cmd->release_expects->len; i++) {
        const MsReleaseExpect *other = cmd->release_expects->pdata[i];
        if ((other->releases & mask) != 0)
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                                 "the command on line %u already has an expected outcome for %s (line %u)",
                                 cmd->line, ms_release_mask_latest(other->releases & mask)->name,
                                 other->line);
    }
    expect = g_new0(MsReleaseExpect, 1);
    expect->kind = kind;
    expect->text = g_strdup(text);
    expect->line = st->line;
    expect->releases = mask;
    expect->releases_text = g_strdup(set_text);
    g_ptr_array_add(cmd->release_expects, expect);
    return TRUE;
}

/* A command has one expected outcome for all releases. */
static gboolean
check_no_outcome(MsParseState *st, const MsStep *cmd, GError **error)
{
    if (cmd->expect_line != 0)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "the command on line %u already has an expected outcome (line %u)", cmd->line,
                             cmd->expect_line);
    return TRUE;
}

static void
set_outcome(MsParseState *st, MsStep *cmd, MsExpectKind kind, const char *text)
{
    cmd->expect = kind;
    cmd->expect_text = g_strdup(text);
    cmd->expect_line = st->line;
}

/* The kind of `expect WHAT` without a text. */
static MsExpectKind
plain_kind(const char *what)
{
    return g_str_equal(what, "ok")        ? MS_EXPECT_OK
           : g_str_equal(what, "any")     ? MS_EXPECT_ANY
           : g_str_equal(what, "timeout") ? MS_EXPECT_TIMEOUT
                                          : MS_EXPECT_ERROR_ANY;
}

/* `expect[SET] ok|any|timeout|error ["TEXT"]`: the outcome of the command above */
static gboolean
parse_outcome_expect(MsParseState *st, char **argv, guint argc, const char *set_text, MsReleaseMask mask,
                     GError **error)
{
    const char *what = argv[1];
    g_autofree char *line_kind = g_strdup_printf("'expect %s'", what);
    MsStep *cmd = ms_parse_outcome_step(st, line_kind, error);

    if (cmd == NULL)
        return FALSE;
    if (set_text != NULL) {
        if (g_str_equal(what, "error") && argc == 3)
            return add_release_expect(st, MS_EXPECT_ERROR_CONTAINS, argv[2], set_text, mask, error);
        if (argc != 2)
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                                 "expected 'expect[%s] ok', 'expect[%s] any', 'expect[%s] timeout', "
                                 "'expect[%s] error' or 'expect[%s] error \"TEXT\"'",
                                 set_text, set_text, set_text, set_text, set_text);
        return add_release_expect(st, plain_kind(what), NULL, set_text, mask, error);
    }
    if (!check_no_outcome(st, cmd, error))
        return FALSE;
    if (g_str_equal(what, "error") && argc == 3)
        set_outcome(st, cmd, MS_EXPECT_ERROR_CONTAINS, argv[2]);
    else if (argc == 2)
        set_outcome(st, cmd, plain_kind(what), NULL);
    else
        return ms_parse_fail(
            st, error, MS_SCENARIO_ERROR_SYNTAX,
            "expected 'expect ok', 'expect any', 'expect timeout', 'expect error' or 'expect "
            "error \"TEXT\"'");
    return TRUE;
}

/* `expect WHAT NAME FIELD` that is no assertion: the error names the
 * nearest form. */
static gboolean
unknown_assertion(MsParseState *st, const char *what, const char *subject, const char *field, GError **error)
{
    /* clang-format off */
    static const char *const forms[] = {
        "instance status", "instance location", "instance project", "instance exists",
        "instance config", "instance expanded", "instance device", "profile device",
        "member status", "member role", "volume location" };
    /* clang-format on */
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    g_autofree char *typed = g_strdup_printf("%s %s", what, field);
    g_autofree char *hint = NULL;
    const char *best;
    const char *space;

    for (guint i = 0; i < G_N_ELEMENTS(forms); i++)
        g_ptr_array_add(names, (gpointer) forms[i]);
    best = ms_suggest(typed, names);
    space = best != NULL ? strchr(best, ' ') : NULL;
    hint = space != NULL ? g_strdup_printf(" (did you mean 'expect %.*s %s %s'?)", (int) (space - best), best,
                                           subject, space + 1)
                         : g_strdup("");
    return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "unknown assertion 'expect %s NAME %s'%s", what,
                         field, hint);
}

/* `expect WHAT NAME FIELD ...`: sets @step's assertion kind (and device
 * and key); *@value_at: where the value (or `not`) is in @argv. */
static gboolean
parse_assertion_kind(MsParseState *st, MsStep *step, char **argv, guint argc, guint *value_at, GError **error)
{
    const char *what = argv[1];
    const char *field = argv[3];

    *value_at = 4;
    if (g_str_equal(what, "instance") && g_str_equal(field, "status"))
        step->assert_kind = MS_ASSERT_INSTANCE_STATUS;
    else if (g_str_equal(what, "instance") && g_str_equal(field, "location"))
        step->assert_kind = MS_ASSERT_INSTANCE_LOCATION;
    else if (g_str_equal(what, "instance") && g_str_equal(field, "project"))
        step->assert_kind = MS_ASSERT_INSTANCE_PROJECT;
    else if (g_str_equal(what, "instance") && g_str_equal(field, "exists"))
        step->assert_kind = MS_ASSERT_INSTANCE_EXISTS;
    else if (g_str_equal(what, "instance") &&
             (g_str_equal(field, "config") || g_str_equal(field, "expanded"))) {
        step->assert_kind =
            g_str_equal(field, "config") ? MS_ASSERT_INSTANCE_CONFIG : MS_ASSERT_INSTANCE_EXPANDED;
        if (argc < 6)
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                                 "expected: expect instance NAME %s KEY [not] VALUE", field);
        step->key = g_strdup(argv[4]);
        *value_at = 5;
    } else if ((g_str_equal(what, "instance") || g_str_equal(what, "profile")) &&
               g_str_equal(field, "device")) {
        step->assert_kind =
            g_str_equal(what, "instance") ? MS_ASSERT_INSTANCE_DEVICE : MS_ASSERT_PROFILE_DEVICE;
        if (argc < 6)
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                                 "expected: expect %s NAME device DEVICE KEY [not] VALUE", what);
        step->device = g_strdup(argv[4]);
        step->key = g_strdup(argv[5]);
        *value_at = 6;
    } else if (g_str_equal(what, "member") && g_str_equal(field, "status")) {
        step->assert_kind = MS_ASSERT_MEMBER_STATUS;
        if (!ms_parse_require_member_of(st, step->remote, step->subject, error))
            return FALSE;
    } else if (g_str_equal(what, "member") && g_str_equal(field, "role")) {
        step->assert_kind = MS_ASSERT_MEMBER_ROLE;
        if (!ms_parse_require_member_of(st, step->remote, step->subject, error))
            return FALSE;
    } else if (g_str_equal(what, "member") && g_str_equal(field, "group")) {
        step->assert_kind = MS_ASSERT_MEMBER_GROUP;
        if (!ms_parse_require_member_of(st, step->remote, step->subject, error))
            return FALSE;
    } else if (g_str_equal(what, "volume") && g_str_equal(field, "location")) {
        step->assert_kind = MS_ASSERT_VOLUME_LOCATION;
        if (strchr(step->subject, '/') == NULL)
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                                 "expected: expect volume POOL/NAME location MEMBER");
    } else {
        return unknown_assertion(st, what, step->subject, field, error);
    }
    return TRUE;
}

/* The value an assertion compares with: one a status can have, a member
 * the scenario declares. */
static gboolean
check_assertion_value(MsParseState *st, const MsStep *step, GError **error)
{
    if (step->assert_kind == MS_ASSERT_INSTANCE_STATUS) {
        if (!g_str_equal(step->value, "RUNNING") && !g_str_equal(step->value, "STOPPED"))
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                                 "status must be RUNNING or STOPPED, got '%s'", step->value);
    } else if (step->assert_kind == MS_ASSERT_MEMBER_STATUS) {
        if (!g_str_equal(step->value, "ONLINE") && !g_str_equal(step->value, "EVACUATED") &&
            !g_str_equal(step->value, "OFFLINE"))
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                                 "member status must be ONLINE, EVACUATED or OFFLINE, got '%s'", step->value);
    } else if (step->assert_kind == MS_ASSERT_MEMBER_ROLE) {
        guint bit;
        if (!ms_roles_parse(step->value, &bit))
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                                 "member role must be voter, stand-by, spare or leader (or LXD's database, "
                                 "database-standby, database-leader), got '%s'",
                                 step->value);
    } else if (step->assert_kind == MS_ASSERT_INSTANCE_LOCATION ||
               step->assert_kind == MS_ASSERT_VOLUME_LOCATION) {
        if (!ms_parse_require_member_of(st, step->remote, step->value, error))
            return FALSE;
    }
    return TRUE;
}

gboolean
ms_parse_expectation(MsParseState *st, char **argv, guint argc, const char *line, const char *set_text,
                     GError **error)
{
    MsStep *step;
    const char *what = argv[1];
    MsReleaseMask mask = 0;
    guint value_at;

    if (set_text != NULL && !parse_release_qualifier(st, set_text, &mask, error))
        return FALSE;
    if (argc >= 2 && (g_str_equal(what, "ok") || g_str_equal(what, "any") || g_str_equal(what, "error") ||
                      g_str_equal(what, "timeout")))
        return parse_outcome_expect(st, argv, argc, set_text, mask, error);

    step = ms_parse_new_step(st, MS_STEP_ASSERT, line);
    step->only = mask;
    step->only_text = g_strdup(set_text);
    if (argc >= 2 && g_str_equal(what, "server")) {
        if (argc != 4 && !(argc == 5 && g_str_equal(argv[3], "not")))
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                                 "expected: expect server KEY [not] VALUE");
        step->assert_kind = MS_ASSERT_SERVER;
        step->subject = g_strdup(argv[2]);
        step->negate = argc == 5;
        step->value = g_strdup(argv[argc - 1]);
        return TRUE;
    }
    if (argc < 4)
        return ms_parse_fail(
            st, error, MS_SCENARIO_ERROR_SYNTAX,
            "expected 'expect instance|profile|member|volume|server ...', 'expect ok|error|any|timeout'");
    step->subject = g_strdup(argv[2]);
    /* expect instance|member|volume REMOTE:NAME ...: on that remote */
    if (!ms_parse_split_remote(st, &step->subject, &step->remote, error))
        return FALSE;
    if (!parse_assertion_kind(st, step, argv, argc, &value_at, error))
        return FALSE;
    if (step->assert_kind == MS_ASSERT_INSTANCE_EXISTS) {
        if (argc > 5 || (argc == 5 && !g_str_equal(argv[4], "not")))
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                                 "expected: expect instance NAME exists [not]");
        step->negate = argc == 5;
        step->value = g_strdup("yes");
        return TRUE;
    }
    if (value_at < argc && g_str_equal(argv[value_at], "not")) {
        step->negate = TRUE;
        value_at++;
    }
    if (value_at + 1 != argc)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "expected one value after '%s'",
                             argv[value_at - 1]);
    step->value = g_strdup(argv[value_at]);
    return check_assertion_value(st, step, error);
}

/* A subprocess's error as LXD and Incus word it, "Failed to run: CMD ARGS:
 * ERR (STDERR)" (RunError.Error, shared/util.go:919 at lxd-5.0.2, :1010 at
 * lxd-5.21.7; "Failed running: " at lxd-6.9, :1001; shared/subprocess/
 * run.go:28 at Incus v7.3.0), holds the command's standard error trimmed
 * at its two ends only, so lxc prints its inner lines as they are (Incus
 * #413 pastes zfs's usage text that way).  Returns how many '(' after the
 * words are left open by @text: the `Error:` line's continuation lines
 * follow until they close. */
gint
ms_parse_run_error_parens(const char *text)
{
    const char *at = strstr(text, "Failed to run: ");
    gint depth = 0;

    if (at == NULL)
        at = strstr(text, "Failed running: ");
    if (at == NULL)
        return 0;
    for (; *at != '\0'; at++)
        depth += *at == '(' ? 1 : *at == ')' ? -1 : 0;
    return MAX(depth, 0);
}

static void
open_run_error(MsParseState *st, const char *text)
{
    st->error_paren_depth = ms_parse_run_error_parens(text);
    st->error_paren_line = st->line;
}

/* `Error: TEXT`: the exact error the command above ends with */
static gboolean
parse_error_line(MsParseState *st, const char *line, GError **error)
{
    MsStep *cmd = ms_parse_outcome_step(st, "'Error:' line", error);

    if (cmd == NULL || !check_no_outcome(st, cmd, error))
        return FALSE;
    set_outcome(st, cmd, MS_EXPECT_ERROR_EXACT, line + strlen("Error: "));
    /* "Failed instance creation:" then one " - WHERE: ERROR" line per
     * error: the list of errors LXD joins (shared/api error lists) */
    st->error_open = g_str_has_suffix(line, ":") ? cmd : NULL;
    st->error_open_release = NULL;
    open_run_error(st, line);
    if (st->error_paren_depth > 0)
        st->error_open = cmd;
    return TRUE;
}

/* lxc's `Try ...info --show-log` hint after an `Error:` line */
static gboolean
parse_trailer_line(MsParseState *st, const char *line, GError **error)
{
    MsStep *cmd = st->last_command;

    if (cmd == NULL || (cmd->expect != MS_EXPECT_ERROR_EXACT && cmd->release_expects == NULL))
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "a 'Try `lxc|incus info --show-log ...`' line belongs after an 'Error:' line");
    if (cmd->error_trailer != NULL)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "the command on line %u already has a 'Try' line", cmd->line);
    cmd->error_trailer = g_strdup(line);
    return TRUE;
}

/* `Error[SET]: TEXT`: the exact error under some releases */
static gboolean
parse_error_set_line(MsParseState *st, const char *line, GError **error)
{
    const char *close = strstr(line, "]: ");
    g_autofree char *set_text = NULL;
    MsReleaseMask mask = 0;

    if (close == NULL)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "expected: Error[RELEASES]: MESSAGE");
    set_text = g_strndup(line + strlen("Error["), close - line - strlen("Error["));
    if (!parse_release_qualifier(st, set_text, &mask, error) ||
        !add_release_expect(st, MS_EXPECT_ERROR_EXACT, close + 3, set_text, mask, error))
        return FALSE;
    /* as for `Error: ...:` (parse_error_line): the list's ` - ` lines follow */
    open_run_error(st, line);
    st->error_open = g_str_has_suffix(line, ":") || st->error_paren_depth > 0 ? st->last_command : NULL;
    st->error_open_release = st->error_open == NULL
                                 ? NULL
                                 : g_ptr_array_index(st->last_command->release_expects,
                                                     st->last_command->release_expects->len - 1);
    return TRUE;
}

gboolean
ms_parse_outcome_line(MsParseState *st, const char *line, gboolean *handled, GError **error)
{
    *handled = TRUE;
    if (ms_str_has_prefix(line, "Error: "))
        return parse_error_line(st, line, error);
    if (ms_parse_is_trailer_line(line))
        return parse_trailer_line(st, line, error);
    if (ms_str_has_prefix(line, "Error["))
        return parse_error_set_line(st, line, error);
    *handled = FALSE;
    return TRUE;
}
