/* migsim: the scenario file parser.  Line-oriented; commands are tokenised
 * with g_shell_parse_argv, so quoting is what the user typed in a shell. */
#include "ms-scenario.h"
#include "ms-suggest.h"

#include "ms-clock.h"
#include "ms-names.h"
#include "ms-paste.h"
#include "ms-pool.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ms-report.h"

/* clang-format off */
G_DEFINE_QUARK(ms-scenario-error-quark, ms_scenario_error)
/* clang-format on */

void
ms_step_free(MsStep *step)
{
    if (step == NULL)
        return;
    g_free(step->text);
    ms_op_free(step->op);
    g_free(step->expect_text);
    g_free(step->name);
    g_free(step->driver);
    g_free(step->fault);
    g_free(step->subject);
    g_free(step->device);
    g_free(step->key);
    g_free(step->value);
    g_free(step->only_text);
    g_free(step->error_trailer);
    if (step->output_lines != NULL)
        g_ptr_array_unref(step->output_lines);
    if (step->release_expects != NULL)
        g_ptr_array_unref(step->release_expects);
    g_free(step);
}

static void
release_expect_free(MsReleaseExpect *expect)
{
    g_free(expect->text);
    g_free(expect->releases_text);
    g_free(expect);
}

gboolean
ms_step_applies(const MsStep *step, const MsProfile *profile)
{
    return step->only == 0 || ms_release_mask_has(step->only, profile);
}

gboolean
ms_scenario_for_incus(const MsScenario *scenario)
{
    if (scenario->profile_name != NULL)
        return g_str_has_prefix(scenario->profile_name, "incus-");
    return scenario->incus_line != 0;
}

MsReleaseMask
ms_scenario_releases(const MsScenario *scenario)
{
    /* no 'releases' line: every release of the product the scenario is
     * written for (an Incus profile line or `incus` commands, else LXD) */
    if (scenario->releases != 0)
        return scenario->releases;
    return ms_release_mask_product(ms_scenario_for_incus(scenario));
}

void
ms_scenario_free(MsScenario *scenario)
{
    if (scenario == NULL)
        return;
    g_free(scenario->path);
    g_free(scenario->title);
    g_free(scenario->profile_name);
    g_ptr_array_unref(scenario->members);
    g_ptr_array_unref(scenario->steps);
    g_free(scenario->state_path);
    g_free(scenario->releases_text);
    ms_state_file_free(scenario->state);
    g_free(scenario);
}

const char *
ms_expect_describe(MsExpectKind kind)
{
    switch (kind) {
    case MS_EXPECT_OK:
        return "ok";
    case MS_EXPECT_ERROR_EXACT:
        return "error (exact)";
    case MS_EXPECT_ERROR_ANY:
        return "error";
    case MS_EXPECT_ERROR_CONTAINS:
        return "error (contains)";
    case MS_EXPECT_ANY:
        return "any";
    }
    g_assert_not_reached();
}

typedef struct {
    const char *path;
    guint line;
    MsScenario *scenario;
    MsStep *last_command;
    GHashTable *known_members;
    const MsStateFile *base; /* the cluster the steps start from, nullable */
    /* the command whose printed output the next lines may be, and whether
     * a blank line came since (it ends the output unless the no-network
     * notice follows) */
    MsStep *output_for;
    gboolean blank_pending;
    /* background jobs not waited for yet: job number -> its command's line */
    GHashTable *jobs;
} ParseState;

static gboolean fail_at(ParseState *st, GError **error, MsScenarioErrorCode code, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

static gboolean
fail_at(ParseState *st, GError **error, MsScenarioErrorCode code, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *message = NULL;

    va_start(ap, fmt);
    message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error(error, MS_SCENARIO_ERROR, code, "%s:%u: %s", st->path, st->line, message);
    return FALSE;
}

/* Drops a shell prompt ("$ ", "# ", "user@host:~$ ", "root@host:/x# ").
 * Returns the rest, or NULL when the line has no prompt. */
static const char *
strip_prompt(const char *line)
{
    const char *p = line;

    /* a bare "# " starts a comment, not a root prompt */
    if (p[0] == '$' && p[1] == ' ')
        return p + 2;
    /* user@host:path$ or user@host:path# */
    {
        const char *at = strchr(p, '@');
        const char *space = strchr(p, ' ');
        if (at != NULL && space != NULL && at < space && space > p + 1 &&
            (space[-1] == '$' || space[-1] == '#') && memchr(at, ':', space - at) != NULL)
            return space + 1;
    }
    return NULL;
}

static gboolean
require_member(ParseState *st, const char *name, GError **error)
{
    if (!g_hash_table_contains(st->known_members, name))
        return fail_at(st, error, MS_SCENARIO_ERROR_UNKNOWN_NAME,
                       "unknown member '%s' (declare it with 'members')", name);
    return TRUE;
}

static MsStep *
new_step(ParseState *st, MsStepKind kind, const char *text)
{
    MsStep *step = g_new0(MsStep, 1);

    step->kind = kind;
    step->line = st->line;
    step->text = g_strdup(text);
    g_ptr_array_add(st->scenario->steps, step);
    return step;
}

/* The step an outcome line belongs to: the last command or `wait %N`; a
 * command sent to the background has its outcome after its `wait`. */
static MsStep *
outcome_step(ParseState *st, const char *what, GError **error)
{
    MsStep *cmd = st->last_command;

    if (cmd == NULL) {
        fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "%s has no command above it", what);
        return NULL;
    }
    if (cmd->background) {
        fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                "the command on line %u runs in the background (job [%u]): its outcome goes after "
                "'wait %%%u'",
                cmd->line, cmd->job, cmd->job);
        return NULL;
    }
    if (cmd->kind == MS_STEP_WAIT && cmd->job == 0) {
        fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                "'wait' on line %u waits for several jobs: name the one whose outcome this is ('wait %%N')",
                cmd->line);
        return NULL;
    }
    return cmd;
}

static guint
next_job_number(ParseState *st)
{
    GHashTableIter iter;
    gpointer key;
    guint highest = 0;

    g_hash_table_iter_init(&iter, st->jobs);
    while (g_hash_table_iter_next(&iter, &key, NULL))
        highest = MAX(highest, GPOINTER_TO_UINT(key));
    return highest + 1;
}

/* `wait [%N]` and `step %N`: bash's job numbers (a new job gets one more
 * than the highest job not yet waited for). */
static gboolean
parse_job_line(ParseState *st, char **argv, gint argc, const char *line, GError **error)
{
    gboolean wait = g_str_equal(argv[0], "wait");
    guint job = 0;
    MsStep *step;

    if (argc > 2 || (!wait && argc != 2))
        return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                       wait ? "expected: wait [%%N]" : "expected: step %%N");
    if (argc == 2) {
        char *end = NULL;
        guint64 n = argv[1][0] == '%' ? g_ascii_strtoull(argv[1] + 1, &end, 10) : 0;
        if (n == 0 || n > 1000 || end == NULL || *end != '\0')
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "'%s' is not a job (%%1, %%2 ...)", argv[1]);
        job = (guint) n;
        if (!g_hash_table_contains(st->jobs, GUINT_TO_POINTER(job)))
            return fail_at(st, error, MS_SCENARIO_ERROR_UNKNOWN_NAME,
                           "no job [%u] is running here (start one with 'lxc ... &')", job);
    } else if (g_hash_table_size(st->jobs) == 0) {
        return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "'wait': no job is running here");
    } else if (g_hash_table_size(st->jobs) == 1) {
        GHashTableIter iter;
        gpointer key;
        g_hash_table_iter_init(&iter, st->jobs);
        g_hash_table_iter_next(&iter, &key, NULL);
        job = GPOINTER_TO_UINT(key);
    }
    step = new_step(st, wait ? MS_STEP_WAIT : MS_STEP_ADVANCE, line);
    step->job = job;
    step->expect = MS_EXPECT_OK;
    if (!wait)
        return TRUE;
    if (job == 0)
        g_hash_table_remove_all(st->jobs);
    else
        g_hash_table_remove(st->jobs, GUINT_TO_POINTER(job));
    st->last_command = step;
    st->output_for = NULL;
    return TRUE;
}

/* `[SET]` after Error or expect: the releases an expectation is for. */
static gboolean
parse_release_qualifier(ParseState *st, const char *text, MsReleaseMask *mask, GError **error)
{
    g_autoptr(GError) set_error = NULL;

    if (!ms_release_mask_parse(text, mask, &set_error))
        return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "in '[%s]': %s", text, set_error->message);
    if (st->scenario->releases != 0 && (*mask & ~st->scenario->releases) != 0)
        return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                       "'[%s]' names releases outside the scenario's 'releases %s'", text,
                       st->scenario->releases_text);
    return TRUE;
}

/* Adds an outcome for some releases to the last command; two outcomes for
 * the same release would make the file mean two things. */
static gboolean
add_release_expect(ParseState *st, MsExpectKind kind, const char *text, const char *set_text,
                   MsReleaseMask mask, GError **error)
{
    g_autofree char *what = g_strdup_printf("an expected outcome for [%s]", set_text);
    MsStep *cmd = outcome_step(st, what, error);
    MsReleaseExpect *expect;

    if (cmd == NULL)
        return FALSE;
    if (cmd->release_expects == NULL)
        cmd->release_expects = g_ptr_array_new_with_free_func((GDestroyNotify) release_expect_free);
    for (guint i = 0; i < cmd->release_expects->len; i++) {
        const MsReleaseExpect *other = cmd->release_expects->pdata[i];
        if ((other->releases & mask) != 0)
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                           "the command on line %u already has an expected outcome for %s (line %u)",
                           cmd->line, ms_release_mask_latest(other->releases & mask)->name, other->line);
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

static gboolean
parse_expectation(ParseState *st, char **argv, guint argc, const char *line, const char *set_text,
                  GError **error)
{
    MsStep *step;
    const char *what = argv[1];
    MsReleaseMask mask = 0;

    if (set_text != NULL && !parse_release_qualifier(st, set_text, &mask, error))
        return FALSE;
    if (argc >= 2 && (g_str_equal(what, "ok") || g_str_equal(what, "any") || g_str_equal(what, "error"))) {
        g_autofree char *line_kind = g_strdup_printf("'expect %s'", what);
        MsStep *cmd = outcome_step(st, line_kind, error);
        if (cmd == NULL)
            return FALSE;
        if (set_text != NULL) {
            if (g_str_equal(what, "error") && argc == 3)
                return add_release_expect(st, MS_EXPECT_ERROR_CONTAINS, argv[2], set_text, mask, error);
            if (argc != 2)
                return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                               "expected 'expect[%s] ok', 'expect[%s] any', 'expect[%s] error' or "
                               "'expect[%s] error \"TEXT\"'",
                               set_text, set_text, set_text, set_text);
            return add_release_expect(st,
                                      g_str_equal(what, "ok")    ? MS_EXPECT_OK
                                      : g_str_equal(what, "any") ? MS_EXPECT_ANY
                                                                 : MS_EXPECT_ERROR_ANY,
                                      NULL, set_text, mask, error);
        }
        if (cmd->expect_line != 0)
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                           "the command on line %u already has an expected outcome (line %u)", cmd->line,
                           cmd->expect_line);
        if (g_str_equal(what, "error") && argc == 3) {
            cmd->expect = MS_EXPECT_ERROR_CONTAINS;
            cmd->expect_text = g_strdup(argv[2]);
        } else if (argc == 2) {
            cmd->expect = g_str_equal(what, "ok")    ? MS_EXPECT_OK
                          : g_str_equal(what, "any") ? MS_EXPECT_ANY
                                                     : MS_EXPECT_ERROR_ANY;
        } else {
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                           "expected 'expect ok', 'expect any', 'expect error' or 'expect error \"TEXT\"'");
        }
        cmd->expect_line = st->line;
        return TRUE;
    }

    step = new_step(st, MS_STEP_ASSERT, line);
    step->only = mask;
    step->only_text = g_strdup(set_text);
    if (argc >= 2 && g_str_equal(what, "server")) {
        if (argc != 4 && !(argc == 5 && g_str_equal(argv[3], "not")))
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "expected: expect server KEY [not] VALUE");
        step->assert_kind = MS_ASSERT_SERVER;
        step->subject = g_strdup(argv[2]);
        step->negate = argc == 5;
        step->value = g_strdup(argv[argc - 1]);
        return TRUE;
    }
    if (argc < 4)
        return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                       "expected 'expect instance|profile|member|volume|server ...', 'expect ok|error|any'");
    step->subject = g_strdup(argv[2]);
    {
        const char *field = argv[3];
        guint value_at = 4;

        if (g_str_equal(what, "instance") && g_str_equal(field, "status"))
            step->assert_kind = MS_ASSERT_INSTANCE_STATUS;
        else if (g_str_equal(what, "instance") && g_str_equal(field, "location"))
            step->assert_kind = MS_ASSERT_INSTANCE_LOCATION;
        else if (g_str_equal(what, "instance") && g_str_equal(field, "project"))
            step->assert_kind = MS_ASSERT_INSTANCE_PROJECT;
        else if (g_str_equal(what, "instance") && g_str_equal(field, "exists"))
            step->assert_kind = MS_ASSERT_INSTANCE_EXISTS, value_at = 4;
        else if (g_str_equal(what, "instance") &&
                 (g_str_equal(field, "config") || g_str_equal(field, "expanded"))) {
            step->assert_kind =
                g_str_equal(field, "config") ? MS_ASSERT_INSTANCE_CONFIG : MS_ASSERT_INSTANCE_EXPANDED;
            if (argc < 6)
                return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                               "expected: expect instance NAME %s KEY [not] VALUE", field);
            step->key = g_strdup(argv[4]);
            value_at = 5;
        } else if ((g_str_equal(what, "instance") || g_str_equal(what, "profile")) &&
                   g_str_equal(field, "device")) {
            step->assert_kind =
                g_str_equal(what, "instance") ? MS_ASSERT_INSTANCE_DEVICE : MS_ASSERT_PROFILE_DEVICE;
            if (argc < 6)
                return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                               "expected: expect %s NAME device DEVICE KEY [not] VALUE", what);
            step->device = g_strdup(argv[4]);
            step->key = g_strdup(argv[5]);
            value_at = 6;
        } else if (g_str_equal(what, "member") && g_str_equal(field, "status")) {
            step->assert_kind = MS_ASSERT_MEMBER_STATUS;
            if (!require_member(st, step->subject, error))
                return FALSE;
        } else if (g_str_equal(what, "volume") && g_str_equal(field, "location")) {
            step->assert_kind = MS_ASSERT_VOLUME_LOCATION;
            if (strchr(step->subject, '/') == NULL)
                return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                               "expected: expect volume POOL/NAME location MEMBER");
        } else {
            /* clang-format off */
            static const char *const forms[] = {
                "instance status", "instance location", "instance project", "instance exists",
                "instance config", "instance expanded", "instance device", "profile device",
                "member status", "volume location" };
            /* clang-format on */
            g_autoptr(GPtrArray) names = g_ptr_array_new();
            g_autofree char *typed = g_strdup_printf("%s %s", what, field);
            g_autofree char *hint = NULL;

            for (guint i = 0; i < G_N_ELEMENTS(forms); i++)
                g_ptr_array_add(names, (gpointer) forms[i]);
            {
                const char *best = ms_suggest(typed, names);
                const char *space = best != NULL ? strchr(best, ' ') : NULL;
                hint = space != NULL ? g_strdup_printf(" (did you mean 'expect %.*s %s %s'?)",
                                                       (int) (space - best), best, step->subject, space + 1)
                                     : g_strdup("");
            }
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "unknown assertion 'expect %s NAME %s'%s",
                           what, field, hint);
        }
        if (step->assert_kind == MS_ASSERT_INSTANCE_EXISTS) {
            if (argc > 5 || (argc == 5 && !g_str_equal(argv[4], "not")))
                return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
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
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "expected one value after '%s'",
                           argv[value_at - 1]);
        step->value = g_strdup(argv[value_at]);
    }
    if (step->assert_kind == MS_ASSERT_INSTANCE_STATUS) {
        if (!g_str_equal(step->value, "RUNNING") && !g_str_equal(step->value, "STOPPED"))
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "status must be RUNNING or STOPPED, got '%s'",
                           step->value);
    } else if (step->assert_kind == MS_ASSERT_MEMBER_STATUS) {
        if (!g_str_equal(step->value, "ONLINE") && !g_str_equal(step->value, "EVACUATED") &&
            !g_str_equal(step->value, "OFFLINE"))
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                           "member status must be ONLINE, EVACUATED or OFFLINE, got '%s'", step->value);
    } else if (step->assert_kind == MS_ASSERT_INSTANCE_LOCATION ||
               step->assert_kind == MS_ASSERT_VOLUME_LOCATION) {
        if (!require_member(st, step->value, error))
            return FALSE;
    }
    return TRUE;
}

/* Adds @base's members as if a `members` line had listed them. */
static void
adopt_base(ParseState *st, const MsStateFile *base)
{
    st->base = base;
    for (guint i = 0; i < base->cluster->members->len; i++) {
        const MsMember *member = base->cluster->members->pdata[i];
        g_ptr_array_add(st->scenario->members, g_strdup(member->name));
        g_hash_table_add(st->known_members, g_strdup(member->name));
    }
}

/* state FILE: the path is relative to the scenario file, so a scenario and
 * its state travel together. */
static gboolean
parse_state(ParseState *st, char **argv, gint argc, GError **error)
{
    g_autofree char *dir = g_path_get_dirname(st->path);
    g_autoptr(GError) load_error = NULL;
    MsScenario *scenario = st->scenario;

    if (argc != 2)
        return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "expected: state FILE");
    if (scenario->state != NULL)
        return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                       "the cluster's state is given twice (a 'state' line, or 'state' and --state)");
    if (scenario->members->len > 0)
        return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                       "'members' and 'state' exclude each other: the state file lists the members");
    if (scenario->steps->len > 0)
        return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "'state' must come before the first step");
    scenario->state_path =
        g_path_is_absolute(argv[1]) ? g_strdup(argv[1]) : g_build_filename(dir, argv[1], NULL);
    scenario->state = ms_state_file_load(scenario->state_path, &load_error);
    if (scenario->state == NULL)
        return fail_at(st, error, MS_SCENARIO_ERROR_IO, "state: %s", load_error->message);
    adopt_base(st, scenario->state);
    return TRUE;
}

/* An `lxc` or `incus` command line (the Incus client, under Incus
 * profiles). */
static gboolean
is_client_line(const char *line)
{
    return g_str_has_prefix(line, "lxc ") || g_str_equal(line, "lxc") || g_str_has_prefix(line, "incus ") ||
           g_str_equal(line, "incus");
}

/* lxc/action.go's and cmd/incus/action.go's hint after a failed start */
static gboolean
is_trailer_line(const char *line)
{
    return g_str_has_prefix(line, "Try `lxc info --show-log ") ||
           g_str_has_prefix(line, "Try `incus info --show-log ");
}

/* What bash prints about background jobs: "[1] 12345" when one starts,
 * "[1]+  Done  lxc ..." when it ends; ignored like a prompt. */
static gboolean
is_job_notice(const char *line)
{
    const char *p = line + 1;

    if (line[0] != '[' || !g_ascii_isdigit(*p))
        return FALSE;
    while (g_ascii_isdigit(*p))
        p++;
    return *p == ']';
}

/* Does @line start something of the scenario's own (a command, an
 * outcome, a directive, a comment) rather than output lxc printed? */
static gboolean
is_scenario_line(const char *line)
{
    static const char *const keywords[] = {
        "title", "profile", "releases", "members", "state", "pool", "on",
        "fault", "sleep",   "expect",   "wait",    "step",  NULL,
    };
    g_autofree char *first = NULL;
    const char *space = strchr(line, ' ');

    if (strip_prompt(line) != NULL || line[0] == '#' || is_job_notice(line) || is_client_line(line) ||
        g_str_has_prefix(line, "Error: ") || g_str_has_prefix(line, "Error[") ||
        g_str_has_prefix(line, "expect[") || is_trailer_line(line))
        return TRUE;
    first = space ? g_strndup(line, space - line) : g_strdup(line);
    return g_strv_contains(keywords, first);
}

/* Output pasted after a command: kept as written, compared when it runs. */
static gboolean
take_output_line(ParseState *st, const char *raw, const char *trimmed)
{
    MsStep *step = st->output_for;

    if (step == NULL)
        return FALSE;
    if (*trimmed == '\0') {
        st->blank_pending = TRUE;
        return TRUE;
    }
    /* lxc info separates its sections with blank lines (lxc/info.go
     * "\nResources:" at lxd-5.0.2): they stay in its block */
    if (is_scenario_line(trimmed) || (st->blank_pending && !ms_paste_is_notice(trimmed) &&
                                      !(step->op != NULL && step->op->kind == MS_OP_INFO))) {
        st->output_for = NULL;
        st->blank_pending = FALSE;
        return FALSE;
    }
    if (step->output_lines == NULL) {
        step->output_lines = g_ptr_array_new_with_free_func(g_free);
        step->output_line = st->line;
    }
    g_ptr_array_add(step->output_lines, g_strchomp(g_strdup(raw)));
    st->blank_pending = FALSE;
    return TRUE;
}

static gboolean
parse_line(ParseState *st, const char *raw, GError **error)
{
    g_autofree char *trimmed = g_strstrip(g_strdup(raw));
    const char *line = trimmed;
    const char *after_prompt;
    g_auto(GStrv) argv = NULL;
    g_autoptr(GError) shell_error = NULL;
    g_autofree char *background_line = NULL;
    gint argc = 0;

    if (take_output_line(st, raw, trimmed))
        return TRUE;
    if (*line == '\0')
        return TRUE;
    after_prompt = strip_prompt(line);
    if (after_prompt != NULL) {
        if (!is_client_line(after_prompt)) {
            return fail_at(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                           "only 'lxc' or 'incus' commands can follow a shell prompt, got '%s'",
                           after_prompt);
        }
        line = after_prompt;
    } else if (line[0] == '#') {
        return TRUE;
    }

    if (is_job_notice(line))
        return TRUE;
    if (g_str_has_prefix(line, "Error: ")) {
        MsStep *cmd = outcome_step(st, "'Error:' line", error);
        if (cmd == NULL)
            return FALSE;
        if (cmd->expect_line != 0)
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                           "the command on line %u already has an expected outcome (line %u)", cmd->line,
                           cmd->expect_line);
        cmd->expect = MS_EXPECT_ERROR_EXACT;
        cmd->expect_text = g_strdup(line + strlen("Error: "));
        cmd->expect_line = st->line;
        return TRUE;
    }
    if (is_trailer_line(line)) {
        MsStep *cmd = st->last_command;
        if (cmd == NULL || (cmd->expect != MS_EXPECT_ERROR_EXACT && cmd->release_expects == NULL))
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                           "a 'Try `lxc|incus info --show-log ...`' line belongs after an 'Error:' line");
        if (cmd->error_trailer != NULL)
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                           "the command on line %u already has a 'Try' line", cmd->line);
        cmd->error_trailer = g_strdup(line);
        return TRUE;
    }
    if (g_str_has_prefix(line, "Error[")) {
        const char *close = strstr(line, "]: ");
        g_autofree char *set_text = NULL;
        MsReleaseMask mask = 0;

        if (close == NULL)
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "expected: Error[RELEASES]: MESSAGE");
        set_text = g_strndup(line + strlen("Error["), close - line - strlen("Error["));
        if (!parse_release_qualifier(st, set_text, &mask, error))
            return FALSE;
        return add_release_expect(st, MS_EXPECT_ERROR_EXACT, close + 3, set_text, mask, error);
    }
    if (g_str_has_prefix(line, "title ") || g_str_equal(line, "title")) {
        g_free(st->scenario->title);
        st->scenario->title = g_strstrip(g_strdup(line + 5));
        return TRUE;
    }

    {
        /* `lxc ... &`: the shell sends the command to the background */
        gsize n = strlen(line);
        if (n > 1 && line[n - 1] == '&' && line[n - 2] != '&' && line[n - 2] != '\\') {
            background_line = g_strchomp(g_strndup(line, n - 1));
            if (!is_client_line(background_line))
                return fail_at(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                               "only 'lxc' commands can run in the background ('&')");
        }
    }
    if (!g_shell_parse_argv(background_line != NULL ? background_line : line, &argc, &argv, &shell_error))
        return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "cannot split the line into words: %s",
                       shell_error->message);

    if (g_str_equal(argv[0], "lxc") || g_str_equal(argv[0], "incus")) {
        MsStep *step;
        g_autoptr(GError) lxc_error = NULL;
        g_autoptr(MsOp) op = NULL;
        gboolean piped = FALSE;

        /* `lxc info c1 | grep Status`: lxc runs with the words before the
         * pipe; what is pasted after it is the other program's output */
        for (int i = 1; i < argc; i++) {
            if (g_str_equal(argv[i], "|")) {
                g_free(argv[i]);
                argv[i] = NULL;
                for (int j = i + 1; j < argc; j++)
                    g_clear_pointer(&argv[j], g_free);
                piped = TRUE;
                break;
            }
        }
        op = ms_lxc_parse(argv, &lxc_error);
        const char *noop = op == NULL ? ms_paste_noop_reason(argv) : NULL;

        if (op == NULL && noop == NULL)
            return fail_at(st, error, lxc_error->code, "%s", lxc_error->message);
        if (st->scenario->members->len == 0)
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                           "'members' or 'state' must come before the first command");
        if (noop != NULL) {
            step = new_step(st, MS_STEP_NOOP, line);
            step->noop_reason = noop;
            step->expect = MS_EXPECT_ANY;
        } else {
            step = new_step(st, MS_STEP_COMMAND, line);
            step->op = g_steal_pointer(&op);
            step->expect = MS_EXPECT_OK;
            if (step->op->incus && st->scenario->incus_line == 0)
                st->scenario->incus_line = st->line;
        }
        step->piped = piped;
        if (background_line != NULL) {
            if (noop != NULL)
                return fail_at(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                               "'%s' changes nothing migsim models: it cannot run in the background",
                               background_line);
            step->background = TRUE;
            step->job = next_job_number(st);
            g_hash_table_insert(st->jobs, GUINT_TO_POINTER(step->job), GUINT_TO_POINTER(st->line));
        }
        st->last_command = step;
        st->output_for = background_line != NULL ? NULL : step;
        st->blank_pending = FALSE;
        return TRUE;
    }
    if (g_str_equal(argv[0], "profile")) {
        if (argc != 2)
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "expected: profile lxd-X.Y.Z");
        if (st->scenario->steps->len > 0)
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "'profile' must come before the first step");
        g_free(st->scenario->profile_name);
        st->scenario->profile_name = g_strdup(argv[1]);
        st->scenario->profile_line = st->line;
        return TRUE;
    }
    if (g_str_equal(argv[0], "members")) {
        if (argc < 2)
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "expected: members NAME...");
        if (st->base != NULL)
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                           "'members' and 'state' exclude each other: the state file lists the members");
        if (st->scenario->members->len > 0)
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "'members' may appear only once");
        for (gint i = 1; i < argc; i++) {
            /* the release is not known yet: a name no release accepts */
            g_autofree char *invalid = ms_name_check_upto(MS_NAME_MEMBER, argv[i], NULL);
            if (invalid != NULL) {
                g_autofree char *quoted = ms_go_quote(argv[i]);
                return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "member %s: LXD rejects this name: %s",
                               quoted, invalid);
            }
            if (g_hash_table_contains(st->known_members, argv[i]))
                return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "member '%s' is listed twice", argv[i]);
            g_ptr_array_add(st->scenario->members, g_strdup(argv[i]));
            g_hash_table_add(st->known_members, g_strdup(argv[i]));
        }
        return TRUE;
    }
    if (g_str_equal(argv[0], "state"))
        return parse_state(st, argv, argc, error);
    if (g_str_equal(argv[0], "pool")) {
        MsStep *step;
        if (argc != 3)
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "expected: pool NAME DRIVER");
        if (st->scenario->members->len == 0)
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "'members' must come before 'pool'");
        if (ms_driver_lookup(argv[2]) == NULL) {
            guint n_drivers;
            const MsDriverDef *drivers = ms_drivers(&n_drivers);
            g_autoptr(GString) names = g_string_new(NULL);
            for (guint i = 0; i < n_drivers; i++)
                g_string_append_printf(names, "%s%s", i ? ", " : "", drivers[i].name);
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "unknown storage driver '%s' (one of %s)",
                           argv[2], names->str);
        }
        step = new_step(st, MS_STEP_POOL, line);
        step->name = g_strdup(argv[1]);
        step->driver = g_strdup(argv[2]);
        return TRUE;
    }
    if (g_str_equal(argv[0], "on")) {
        MsStep *step;
        if (argc != 2)
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "expected: on MEMBER");
        if (!require_member(st, argv[1], error))
            return FALSE;
        step = new_step(st, MS_STEP_ON, line);
        step->name = g_strdup(argv[1]);
        return TRUE;
    }
    if (g_str_equal(argv[0], "fault")) {
        static const char *const faults[] = {
            "offline",          "online",
            "unreachable",      "networks-not-started",
            "networks-started", "storage-not-started",
            "storage-started",  NULL,
        };
        MsStep *step;
        /* injected failures: the next starts / migrations of NAME fail with
         * TEXT until cleared */
        if (argc >= 4 && (g_str_equal(argv[1], "instance") || g_str_equal(argv[1], "migration"))) {
            gboolean instance = g_str_equal(argv[1], "instance");
            const char *fail = instance ? "start-fail" : "fail";
            const char *clear = instance ? "start-ok" : "ok";
            if (!((argc == 5 && g_str_equal(argv[3], fail) && *argv[4] != '\0') ||
                  (argc == 4 && g_str_equal(argv[3], clear))))
                return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                               "expected: fault %s NAME %s \"TEXT\" | fault %s NAME %s", argv[1], fail,
                               argv[1], clear);
            step = new_step(st, MS_STEP_FAULT, line);
            step->subject = g_strdup(argv[1]);
            step->name = g_strdup(argv[2]);
            step->fault = g_strdup(argv[3]);
            step->value = argc == 5 ? g_strdup(argv[4]) : NULL;
            return TRUE;
        }
        if (argc != 4 || !g_str_equal(argv[1], "member"))
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                           "expected: fault member NAME offline|online|..., fault instance NAME start-fail "
                           "\"TEXT\", fault migration NAME fail \"TEXT\"");
        if (!require_member(st, argv[2], error))
            return FALSE;
        if (!g_strv_contains(faults, argv[3]))
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                           "unknown fault '%s' (offline, online, unreachable, networks-not-started, "
                           "networks-started, storage-not-started, storage-started)",
                           argv[3]);
        step = new_step(st, MS_STEP_FAULT, line);
        step->name = g_strdup(argv[2]);
        step->fault = g_strdup(argv[3]);
        return TRUE;
    }
    if (g_str_equal(argv[0], "wait") || g_str_equal(argv[0], "step"))
        return parse_job_line(st, argv, argc, line, error);
    if (g_str_equal(argv[0], "sleep")) {
        MsStep *step;
        guint64 ms = 0;

        if (argc != 2 || !ms_clock_parse_duration(argv[1], &ms))
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                           "expected: sleep DURATION (such as 30s, 500ms, 2m, 1h)");
        if (st->scenario->members->len == 0)
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX,
                           "'members' or 'state' must come before 'sleep'");
        step = new_step(st, MS_STEP_SLEEP, line);
        step->sleep_ms = ms;
        return TRUE;
    }
    if (g_str_equal(argv[0], "expect"))
        return parse_expectation(st, argv, argc, line, NULL, error);
    if (g_str_has_prefix(argv[0], "expect[") && g_str_has_suffix(argv[0], "]")) {
        g_autofree char *set_text =
            g_strndup(argv[0] + strlen("expect["), strlen(argv[0]) - strlen("expect[]"));
        if (argc < 2)
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "'%s' needs what to expect", argv[0]);
        return parse_expectation(st, argv, argc, line, set_text, error);
    }
    if (g_str_equal(argv[0], "releases")) {
        g_autoptr(GError) set_error = NULL;
        g_autofree char *set_text = argc > 1 ? g_strjoinv(",", argv + 1) : NULL;

        if (argc < 2)
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "expected: releases SET (e.g. lxd-5.21.0+)");
        if (st->scenario->releases != 0)
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "'releases' may appear only once");
        if (st->scenario->steps->len > 0)
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "'releases' must come before the first step");
        if (!ms_release_mask_parse(set_text, &st->scenario->releases, &set_error))
            return fail_at(st, error, MS_SCENARIO_ERROR_SYNTAX, "releases: %s", set_error->message);
        st->scenario->releases_text = g_steal_pointer(&set_text);
        return TRUE;
    }

    {
        /* clang-format off */
        static const char *const keywords[] = { "lxc", "incus", "expect", "title", "profile", "releases",
                                                "members", "state", "pool", "on", "fault", "sleep", "wait",
                                                "step" };
        /* clang-format on */
        g_autoptr(GPtrArray) names = g_ptr_array_new();
        g_autofree char *hint = NULL;

        for (guint i = 0; i < G_N_ELEMENTS(keywords); i++)
            g_ptr_array_add(names, (gpointer) keywords[i]);
        hint = ms_suggest_hint(argv[0], names);
        return fail_at(
            st, error, MS_SCENARIO_ERROR_SYNTAX,
            "expected an 'lxc' command, 'Error: ...', a directive (title, profile, releases, members, "
            "state, pool, on, fault, sleep) or 'expect ...', got '%s'%s",
            argv[0], hint);
    }
}

/* Names an assertion refers to must be created somewhere in the file. */
static gboolean
check_names(ParseState *st, GError **error)
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
        case MS_ASSERT_INSTANCE_PROJECT:
            if (!g_hash_table_contains(instances, step->subject))
                return fail_at(st, error, MS_SCENARIO_ERROR_UNKNOWN_NAME,
                               "unknown instance '%s' (no 'lxc init' or 'lxc launch' creates it)",
                               step->subject);
            break;
        case MS_ASSERT_PROFILE_DEVICE:
            if (!g_hash_table_contains(profiles, step->subject))
                return fail_at(st, error, MS_SCENARIO_ERROR_UNKNOWN_NAME,
                               "unknown profile '%s' (no 'lxc profile create' creates it)", step->subject);
            break;
        case MS_ASSERT_VOLUME_LOCATION:
            if (!g_hash_table_contains(volumes, step->subject))
                return fail_at(st, error, MS_SCENARIO_ERROR_UNKNOWN_NAME,
                               "unknown volume '%s' (no 'lxc storage volume create' creates it)",
                               step->subject);
            break;
        default:
            break;
        }
    }
    return TRUE;
}

static MsScenario *
parse_text(const char *path, const char *text, gsize length, const MsStateFile *base, GError **error)
{
    g_autoptr(MsScenario) scenario = g_new0(MsScenario, 1);
    g_autoptr(GHashTable) known = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GHashTable) jobs = g_hash_table_new(g_direct_hash, g_direct_equal);
    ParseState st = { path, 0, scenario, NULL, known, NULL, NULL, FALSE, jobs };

    scenario->path = g_strdup(path);
    scenario->members = g_ptr_array_new_with_free_func(g_free);
    scenario->steps = g_ptr_array_new_with_free_func((GDestroyNotify) ms_step_free);
    if (base != NULL) {
        scenario->state = ms_state_file_copy(base);
        adopt_base(&st, scenario->state);
    }

    if (memchr(text, '\0', length) != NULL) {
        st.line = 1;
        for (const char *p = text; p < text + length && *p != '\0'; p++)
            if (*p == '\n')
                st.line++;
        return (fail_at(&st, error, MS_SCENARIO_ERROR_SYNTAX, "the file contains a NUL byte"), NULL);
    }
    if (!g_utf8_validate(text, length, NULL)) {
        st.line = 1;
        return (fail_at(&st, error, MS_SCENARIO_ERROR_SYNTAX, "the file is not valid UTF-8"), NULL);
    }
    if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        /* editors on Windows write a byte-order mark: it is no part of the
         * first line (shown, it would be an invisible character) */
        text += 3;
        length -= 3;
    }
    {
        g_autoptr(GString) joined = g_string_new(NULL);
        const char *end = text + length;
        const char *cursor = text;

        /* one pass: each physical line is copied once into the logical
         * line it continues (a backslash at the end, as in a shell) */
        while (cursor < end) {
            guint first = st.line + 1;
            gboolean continued;

            g_string_truncate(joined, 0);
            do {
                const char *newline = memchr(cursor, '\n', end - cursor);
                const char *stop = newline != NULL ? newline : end;
                gsize n = stop - cursor;

                st.line++;
                if (joined->len + n > MS_SCENARIO_MAX_LINE) {
                    st.line = first;
                    return (fail_at(&st, error, MS_SCENARIO_ERROR_SYNTAX,
                                    "the line is longer than %u bytes (continuations included)",
                                    MS_SCENARIO_MAX_LINE),
                            NULL);
                }
                continued = n > 0 && cursor[n - 1] == '\\';
                g_string_append_len(joined, cursor, continued ? n - 1 : n);
                if (continued)
                    g_string_append_c(joined, ' ');
                cursor = newline != NULL ? newline + 1 : end;
                if (continued && cursor >= end)
                    return (fail_at(&st, error, MS_SCENARIO_ERROR_SYNTAX,
                                    "the line continues ('\\') past the end of the file"),
                            NULL);
            } while (continued);
            if (!parse_line(&st, joined->str, error))
                return NULL;
        }
    }
    if (scenario->members->len == 0) {
        st.line = 1;
        return (fail_at(&st, error, MS_SCENARIO_ERROR_SYNTAX,
                        "no 'members' or 'state' directive: a scenario needs a cluster"),
                NULL);
    }
    if (scenario->releases != 0 && scenario->profile_name != NULL) {
        const MsProfile *named = ms_profile_lookup(scenario->profile_name);
        if (named != NULL && !ms_release_mask_has(scenario->releases, named)) {
            st.line = 1;
            return (fail_at(&st, error, MS_SCENARIO_ERROR_SYNTAX, "'profile %s' is not one of 'releases %s'",
                            scenario->profile_name, scenario->releases_text),
                    NULL);
        }
    }
    if (g_hash_table_size(jobs) > 0) {
        guint first = G_MAXUINT, job = 0;
        GHashTableIter iter;
        gpointer key, value;

        g_hash_table_iter_init(&iter, jobs);
        while (g_hash_table_iter_next(&iter, &key, &value))
            if (GPOINTER_TO_UINT(value) < first)
                first = GPOINTER_TO_UINT(value), job = GPOINTER_TO_UINT(key);
        st.line = first;
        return (fail_at(&st, error, MS_SCENARIO_ERROR_SYNTAX,
                        "job [%u] is never waited for: add 'wait %%%u' (or 'wait') after it", job, job),
                NULL);
    }
    if (!check_names(&st, error))
        return NULL;
    return g_steal_pointer(&scenario);
}

MsScenario *
ms_scenario_parse(const char *path, const char *text, gsize length, GError **error)
{
    return parse_text(path, text, length, NULL, error);
}

/* The kind of a file that is not a regular file, for messages. */
static const char *
file_kind(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe)";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

/* Why @path cannot be opened, in words: a link loop and a dangling link are
 * not "no such file". */
static char *
open_failure(const char *path, int saved_errno)
{
    struct stat link_st;

    if (saved_errno == ELOOP)
        return g_strdup("a loop of symbolic links (a link that points, directly or not, to itself)");
    if (saved_errno == ENOENT && lstat(path, &link_st) == 0 && S_ISLNK(link_st.st_mode)) {
        g_autofree char *target = g_file_read_link(path, NULL);
        g_autofree char *shown = ms_text_visible(target != NULL ? target : "?");
        return g_strdup_printf("a symbolic link to '%s', which does not exist", shown);
    }
    if (saved_errno == ENOENT)
        return g_strdup("no such file");
    return g_strdup(g_strerror(saved_errno));
}

static MsInput *
read_stdin(const char *what, gsize max_size, GError **error)
{
    g_autoptr(GString) data = g_string_new(NULL);
    MsInput *input;

    for (;;) {
        char buffer[65536];
        ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_IO, "-: standard input: %s",
                        g_strerror(errno));
            return NULL;
        }
        if (n == 0)
            break;
        if (data->len + (gsize) n > max_size) {
            g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_IO,
                        "-: standard input larger than %" G_GSIZE_FORMAT " MiB, the limit for %s",
                        max_size / (1024 * 1024), what);
            return NULL;
        }
        g_string_append_len(data, buffer, n);
    }
    input = g_new0(MsInput, 1);
    input->length = data->len;
    input->text = g_string_free(g_steal_pointer(&data), FALSE);
    return input;
}

MsInput *
ms_input_read(const char *path, const char *what, gsize max_size, GError **error)
{
    g_autoptr(GString) data = NULL;
    struct stat st;
    int fd, saved_errno;

    /* "-": standard input, a pipe or a terminal as well as a file */
    if (g_str_equal(path, "-"))
        return read_stdin(what, max_size, error);
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; fstat on the
     * open file (not stat on the name) leaves no window to swap it */
    fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        g_autofree char *why = open_failure(path, errno);
        g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_IO, "%s: %s", path, why);
        return NULL;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        saved_errno = errno;
        close(fd);
        if (!S_ISREG(st.st_mode))
            g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_IO, "%s: is %s; %s must be regular files",
                        path, file_kind(st.st_mode), what);
        else
            g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_IO, "%s: %s", path,
                        g_strerror(saved_errno));
        return NULL;
    }
    data = g_string_sized_new(MIN((gsize) st.st_size, max_size) + 1);
    for (;;) {
        char buffer[65536];
        ssize_t n = read(fd, buffer, sizeof buffer);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            saved_errno = errno;
            close(fd);
            g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_IO, "%s: %s", path,
                        g_strerror(saved_errno));
            return NULL;
        }
        if (n == 0)
            break;
        /* the size is checked while reading, too: the file may grow */
        if (data->len + (gsize) n > max_size) {
            close(fd);
            g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_IO,
                        "%s: larger than %" G_GSIZE_FORMAT " MiB, the limit for %s", path,
                        max_size / (1024 * 1024), what);
            return NULL;
        }
        g_string_append_len(data, buffer, n);
    }
    close(fd);
    {
        MsInput *input = g_new0(MsInput, 1);
        input->length = data->len;
        input->text = g_string_free(g_steal_pointer(&data), FALSE);
        return input;
    }
}

void
ms_input_free(MsInput *input)
{
    if (input == NULL)
        return;
    g_free(input->text);
    g_free(input);
}

MsScenario *
ms_scenario_load_on(const char *path, const MsStateFile *base, GError **error)
{
    g_autoptr(MsInput) input = ms_input_read(path, "scenario files", MS_SCENARIO_MAX_SIZE, error);

    if (input == NULL)
        return NULL;
    return parse_text(path, input->text, input->length, base, error);
}

MsStateFile *
ms_state_file_load(const char *path, GError **error)
{
    g_autoptr(MsInput) input = ms_input_read(path, "state files", MS_STATE_MAX_SIZE, error);

    if (input == NULL)
        return NULL;
    return ms_state_file_parse(path, input->text, input->length, error);
}

MsScenario *
ms_scenario_load(const char *path, GError **error)
{
    return ms_scenario_load_on(path, NULL, error);
}
