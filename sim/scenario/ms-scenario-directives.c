/* migsim: the scenario parser's directives (profile, releases, members,
 * state, pool, on, fault, sleep, wait, step) and its `lxc`/`incus`
 * command lines, one function a directive in one table. */
#include "ms-scenario-private.h"
#include "ms-suggest.h"

#include "ms-clock.h"
#include "ms-member.h"
#include "ms-names.h"
#include "ms-paste.h"
#include "ms-pool.h"
#include "ms-shell.h"
#include "ms-project.h"

#include <string.h>

static guint
next_job_number(MsParseState *st)
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
parse_job_line(MsParseState *st, char **argv, gint argc, const char *line, GError **error)
{
    gboolean wait = g_str_equal(argv[0], "wait");
    guint job = 0;
    MsStep *step;

    if (argc > 2 || (!wait && argc != 2))
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             wait ? "expected: wait [%%N]" : "expected: step %%N");
    if (argc == 2) {
        char *end = NULL;
        guint64 n = argv[1][0] == '%' ? g_ascii_strtoull(argv[1] + 1, &end, 10) : 0;
        if (n == 0 || n > 1000 || end == NULL || *end != '\0')
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "'%s' is not a job (%%1, %%2 ...)",
                                 argv[1]);
        job = (guint) n;
        if (!g_hash_table_contains(st->jobs, GUINT_TO_POINTER(job)))
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNKNOWN_NAME,
                                 "no job [%u] is running here (start one with 'lxc ... &')", job);
    } else if (g_hash_table_size(st->jobs) == 0) {
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "'wait': no job is running here");
    } else if (g_hash_table_size(st->jobs) == 1) {
        GHashTableIter iter;
        gpointer key;
        g_hash_table_iter_init(&iter, st->jobs);
        g_hash_table_iter_next(&iter, &key, NULL);
        job = GPOINTER_TO_UINT(key);
    }
    step = ms_parse_new_step(st, wait ? MS_STEP_WAIT : MS_STEP_ADVANCE, line);
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

/* Adds @base's members as if a `members` line had listed them. */
void
ms_parse_adopt_base(MsParseState *st, const MsStateFile *base)
{
    st->base = base;
    for (guint i = 0; i < base->cluster->members->len; i++) {
        const MsMember *member = base->cluster->members->pdata[i];
        g_ptr_array_add(st->scenario->members, g_strdup(member->name));
        g_hash_table_add(st->known_members, g_strdup(member->name));
    }
    /* the state's further remotes, as if `remote` lines declared them */
    for (guint i = 0; base->cluster->remotes != NULL && i < base->cluster->remotes->len; i++) {
        const MsRemote *r = base->cluster->remotes->pdata[i];
        MsScenarioRemote *remote = ms_parse_add_remote(st, r->name, r->standalone);
        for (guint m = 0; m < r->cluster->members->len; m++)
            g_ptr_array_add(remote->members, g_strdup(((MsMember *) r->cluster->members->pdata[m])->name));
    }
}

/* state FILE: the path is relative to the scenario file, so a scenario and
 * its state travel together. */
static gboolean
parse_state(MsParseState *st, char **argv, gint argc, const char *line G_GNUC_UNUSED, GError **error)
{
    g_autofree char *dir = g_path_get_dirname(st->path);
    g_autoptr(GError) load_error = NULL;
    MsScenario *scenario = st->scenario;

    if (argc != 2)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "expected: state FILE");
    if (scenario->state != NULL)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "the cluster's state is given twice (a 'state' line, or 'state' and --state)");
    if (scenario->members->len > 0)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "'members' and 'state' exclude each other: the state file lists the members");
    if (scenario->steps->len > 0)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "'state' must come before the first step");
    scenario->state_path =
        g_path_is_absolute(argv[1]) ? g_strdup(argv[1]) : g_build_filename(dir, argv[1], NULL);
    scenario->state = ms_state_file_load(scenario->state_path, &load_error);
    if (scenario->state == NULL)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_IO, "state: %s", load_error->message);
    ms_parse_adopt_base(st, scenario->state);
    return TRUE;
}
/* Does @kind say the command succeeds (TRUE), fails (FALSE), or neither
 * (-1: 'expect any' and the like)? */
static int
expect_succeeds(MsExpectKind kind)
{
    switch (kind) {
    case MS_EXPECT_OK:
        return TRUE;
    case MS_EXPECT_ERROR_EXACT:
    case MS_EXPECT_ERROR_ANY:
    case MS_EXPECT_ERROR_CONTAINS:
        return FALSE;
    default:
        return -1;
    }
}

/* The last `lxc project switch`, or `lxc project delete` of the current
 * project, is settled by its outcome, given by the lines after it: lxc
 * writes the project into its config only once the server has it
 * (lxc/project.go:727-736 at lxd-5.0.2), so a switch expected to fail
 * leaves the current project, and a delete of the current project switches
 * back to default once the server deleted it (lxc/project.go:201-207 at
 * lxd-5.0.2, :253-259 at lxd-5.21.7, :266-272 at lxd-6.9).  With 'expect any', or outcomes that
 * differ by release, the later lines' project is unknown: said, not
 * guessed. */
static gboolean
settle_switch(MsParseState *st, GError **error)
{
    MsStep *step = st->switch_step;

    if (step == NULL)
        return TRUE;
    st->switch_step = NULL;
    for (guint i = 0; step->release_expects != NULL && i < step->release_expects->len; i++) {
        const MsReleaseExpect *by_release = step->release_expects->pdata[i];

        if (expect_succeeds(by_release->kind) != expect_succeeds(step->expect))
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                                 "the project of the lines after line %u depends on whether its '%s' "
                                 "succeeds, which differs by release (line %u): give one scenario per "
                                 "outcome",
                                 step->line, step->text, by_release->line);
    }
    switch (step->expect) {
    case MS_EXPECT_OK:
        g_free(st->client_project);
        st->client_project =
            step->op->kind == MS_OP_PROJECT_SWITCH && ms_project_key(step->op->project) != NULL
                ? g_strdup(step->op->project)
                : NULL;
        return TRUE;
    case MS_EXPECT_ERROR_EXACT:
    case MS_EXPECT_ERROR_ANY:
    case MS_EXPECT_ERROR_CONTAINS:
        return TRUE;
    default:
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                             "the project of the lines after line %u depends on whether its 'lxc project "
                             "switch' succeeds: expect ok or an error there",
                             step->line);
    }
}

/* A line without --project runs in the client's current project
 * (GetInstanceServer, lxc/config/remote.go:84-90 at lxd-5.0.2: the
 * remote's project, which --project overrides); lxc project's own verbs
 * name theirs.  Only the local remote's project is modelled. */
static gboolean
use_client_project(MsParseState *st, MsOp *op, GError **error)
{
    if (st->client_project == NULL || op->project != NULL)
        return TRUE;
    switch (op->kind) {
    case MS_OP_PROJECT_CREATE:
    case MS_OP_PROJECT_SET:
    case MS_OP_PROJECT_UNSET:
    case MS_OP_PROJECT_DELETE:
    case MS_OP_PROJECT_SWITCH:
        return TRUE;
    default:
        break;
    }
    if (op->remote != NULL || op->dest_remote != NULL)
        return ms_parse_fail(
            st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
            "not modelled: a line naming a remote after 'lxc project switch %s' (each remote "
            "has its own current project): give the line --project",
            st->client_project);
    op->project = g_strdup(st->client_project);
    return TRUE;
}

/* lxc's global flags that change only what the client prints or how it
 * connects: --debug, -v/--verbose (log lines on stderr), --force-local
 * (the unix socket, which migsim's client always is); persistent flags of
 * the root command, so cobra takes them anywhere on the line
 * (lxc/main.go:92-96 at lxd-5.0.2, :96-100 at lxd-6.9; cmd/incus/main.go
 * at v6.0.4).  Removed from @argv up to a `--`; TRUE when a log flag was
 * there (what lxc printed then holds log lines migsim does not write). */
static gboolean
drop_client_log_flags(char **argv)
{
    static const char *const flags[] = { "--debug", "--verbose", "-v", "--force-local", NULL };
    gboolean logs = FALSE;
    guint to = 1;

    for (guint from = 1; argv[from] != NULL; from++) {
        if (g_str_equal(argv[from], "--")) {
            while (argv[from] != NULL)
                argv[to++] = argv[from++];
            break;
        }
        if (g_strv_contains(flags, argv[from])) {
            logs = logs || !g_str_equal(argv[from], "--force-local");
            g_free(argv[from]);
            continue;
        }
        argv[to++] = argv[from];
    }
    argv[to] = NULL;
    return logs;
}

/* `lxc --project P VERB ...` (also `--project=P`), as LXD's test suite
 * and reports write it: --project is a persistent flag of the root
 * command too (lxc/main.go:93 at lxd-5.0.2, :97 at lxd-6.9; cmd/incus/
 * main.go:102 at Incus v6.0.0), which cobra takes before the verb as
 * after it.  Moved behind the verb's words (before a `--`), where the
 * verb tables read it; only among the global flags that open the line. */
static void
move_leading_project_flag(char **argv)
{
    static const char *const globals[] = { "--debug", "--verbose", "-v", "--force-local", NULL };
    guint at = 1, n_flag, end;

    while (argv[at] != NULL && g_strv_contains(globals, argv[at]))
        at++;
    if (argv[at] == NULL)
        return;
    if (g_str_equal(argv[at], "--project") && argv[at + 1] != NULL)
        n_flag = 2;
    else if (g_str_has_prefix(argv[at], "--project="))
        n_flag = 1;
    else
        return;
    for (end = at + n_flag; argv[end] != NULL && !g_str_equal(argv[end], "--"); end++)
        ;
    if (end == at + n_flag)
        return; /* no verb after it: left for the verb table to refuse */
    {
        char *flag[2] = { argv[at], n_flag == 2 ? argv[at + 1] : NULL };

        memmove(&argv[at], &argv[at + n_flag], (end - at - n_flag) * sizeof(char *));
        for (guint i = 0; i < n_flag; i++)
            argv[end - n_flag + i] = flag[i];
    }
}

/* An `lxc` or `incus` command (@background_line: the line without its
 * `&`, or NULL). */
static gboolean
parse_client_command(MsParseState *st, char **argv, gint argc, const char *line, const char *background_line,
                     GError **error)
{
    MsStep *step;
    g_autoptr(GError) lxc_error = NULL;
    g_autoptr(MsOp) op = NULL;
    const char *not_compared = NULL;

    /* `lxc info c1 | grep Status`: lxc runs with the words before the
     * pipe; what is pasted after it is the other program's output */
    for (int i = 1; i < argc; i++) {
        if (g_str_equal(argv[i], "|")) {
            g_free(argv[i]);
            argv[i] = NULL;
            for (int j = i + 1; j < argc; j++)
                g_clear_pointer(&argv[j], g_free);
            not_compared = "piped into another program";
            break;
        }
    }
    move_leading_project_flag(argv);
    if (drop_client_log_flags(argv))
        not_compared =
            not_compared != NULL ? not_compared : "lxc --debug or --verbose prints its log lines with it";
    op = ms_lxc_parse(argv, &lxc_error);
    /* `lxc info REMOTE:` names no instance: lxc shows the server's info
     * (lxc/info.go: an empty name after the remote, remoteInfo, at
     * lxd-5.0.2, lxd-5.21.7 and lxd-6.9) */
    if (op != NULL && op->kind == MS_OP_INFO && (op->instance == NULL || op->instance[0] == '\0'))
        g_clear_pointer(&op, ms_op_free);
    const char *noop = op == NULL ? ms_paste_noop_reason(argv) : NULL;

    if (op == NULL && noop == NULL)
        return ms_parse_fail(st, error, lxc_error->code, "%s", lxc_error->message);
    if (st->scenario->members->len == 0)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "'members' or 'state' must come before the first command");
    if (op != NULL && (!ms_parse_require_remote(st, op->remote, error) ||
                       !ms_parse_require_remote(st, op->dest_remote, error)))
        return FALSE;
    if (!settle_switch(st, error) || (op != NULL && !use_client_project(st, op, error)))
        return FALSE;
    if (op != NULL && !ms_parse_attach_stdin(st, op, error))
        return FALSE;
    if (op != NULL && op->kind == MS_OP_PROJECT_SWITCH && background_line != NULL)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
                             "'%s': a project switch in the background is not modelled", background_line);
    if (noop != NULL) {
        step = ms_parse_new_step(st, MS_STEP_NOOP, line);
        step->noop_reason = noop;
        step->expect = MS_EXPECT_ANY;
    } else {
        step = ms_parse_new_step(st, MS_STEP_COMMAND, line);
        step->op = g_steal_pointer(&op);
        step->expect = MS_EXPECT_OK;
        step->client_member = g_steal_pointer(&st->ssh_member);
        if (step->op->kind == MS_OP_PROJECT_SWITCH ||
            (step->op->kind == MS_OP_PROJECT_DELETE && step->op->remote == NULL &&
             st->client_project != NULL && g_strcmp0(step->op->project, st->client_project) == 0))
            st->switch_step = step;
        if (step->op->incus && st->scenario->incus_line == 0)
            st->scenario->incus_line = st->line;
    }
    step->output_not_compared = not_compared;
    if (background_line != NULL) {
        if (noop != NULL)
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED,
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

static gboolean
parse_profile(MsParseState *st, char **argv, gint argc, const char *line G_GNUC_UNUSED, GError **error)
{
    if (argc != 2)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "expected: profile lxd-X.Y.Z");
    if (st->scenario->steps->len > 0)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "'profile' must come before the first step");
    g_free(st->scenario->profile_name);
    st->scenario->profile_name = g_strdup(argv[1]);
    st->scenario->profile_line = st->line;
    return TRUE;
}

static gboolean
parse_members(MsParseState *st, char **argv, gint argc, const char *line G_GNUC_UNUSED, GError **error)
{
    if (argc < 2)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "expected: members NAME...");
    if (st->base != NULL)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "'members' and 'state' exclude each other: the state file lists the members");
    if (st->scenario->members->len > 0)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "'members' may appear only once");
    for (gint i = 1; i < argc; i++) {
        /* the release is not known yet: a name no release accepts */
        g_autofree char *invalid = ms_name_check_upto(MS_NAME_MEMBER, argv[i], NULL);
        if (invalid != NULL) {
            g_autofree char *quoted = ms_go_quote(argv[i]);
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "member %s: LXD rejects this name: %s",
                                 quoted, invalid);
        }
        if (g_hash_table_contains(st->known_members, argv[i]))
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "member '%s' is listed twice", argv[i]);
        g_ptr_array_add(st->scenario->members, g_strdup(argv[i]));
        g_hash_table_add(st->known_members, g_strdup(argv[i]));
    }
    return TRUE;
}

/* remote NAME members M... | remote NAME standalone: a further remote
 * (lxc remote add NAME ...), a cluster or a standalone server, with its
 * own members, pools, profiles and instances (model/ms-remote.c) */
static gboolean
parse_remote(MsParseState *st, char **argv, gint argc, const char *line G_GNUC_UNUSED, GError **error)
{
    gboolean standalone = argc == 3 && g_str_equal(argv[2], "standalone");
    MsScenarioRemote *remote;

    if (!standalone && (argc < 4 || !g_str_equal(argv[2], "members")))
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "expected: remote NAME members MEMBER... | remote NAME standalone");
    if (st->scenario->steps->len > 0)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "'remote' must come before the first step");
    /* lxc remote add refuses `local` twice ("Remote local exists") and a
     * name with ':' cannot be written as REMOTE:NAME */
    if (*argv[1] == '\0' || strpbrk(argv[1], ":/") != NULL || g_str_equal(argv[1], "local"))
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "remote '%s': a remote name is not empty, not 'local' and has no ':' or '/'",
                             argv[1]);
    if (ms_scenario_lookup_remote(st->scenario, argv[1]) != NULL)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "remote '%s' is declared twice", argv[1]);
    remote = ms_parse_add_remote(st, argv[1], standalone);
    /* a standalone server's instances are located on "none" (api.Instance
     * Location when not clustered) */
    if (standalone)
        g_ptr_array_add(remote->members, g_strdup("none"));
    for (gint i = 3; !standalone && i < argc; i++) {
        g_autofree char *invalid = ms_name_check_upto(MS_NAME_MEMBER, argv[i], NULL);
        if (invalid != NULL)
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                                 "member '%s': LXD rejects this name: %s", argv[i], invalid);
        if (g_ptr_array_find_with_equal_func(remote->members, argv[i], g_str_equal, NULL))
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "member '%s' is listed twice", argv[i]);
        g_ptr_array_add(remote->members, g_strdup(argv[i]));
    }
    return TRUE;
}

/* A step about the object or member @name (pool, on, fault) */
static MsStep *
named_step(MsParseState *st, MsStepKind kind, const char *line, const char *name)
{
    MsStep *step = ms_parse_new_step(st, kind, line);

    step->name = g_strdup(name);
    return step;
}

static gboolean
parse_pool(MsParseState *st, char **argv, gint argc, const char *line, GError **error)
{
    MsStep *step;

    if (argc != 3)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "expected: pool NAME DRIVER (NAME: POOL or REMOTE:POOL)");
    if (st->scenario->members->len == 0)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "'members' must come before 'pool'");
    if (ms_driver_lookup(argv[2]) == NULL) {
        guint n_drivers;
        const MsDriverDef *drivers = ms_drivers(&n_drivers);
        g_autoptr(GString) names = g_string_new(NULL);
        for (guint i = 0; i < n_drivers; i++)
            g_string_append_printf(names, "%s%s", i ? ", " : "", drivers[i].name);
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "unknown storage driver '%s' (one of %s)",
                             argv[2], names->str);
    }
    step = named_step(st, MS_STEP_POOL, line, argv[1]);
    step->driver = g_strdup(argv[2]);
    /* pool REMOTE:NAME DRIVER: on that remote's members */
    return ms_parse_split_remote(st, &step->name, &step->remote, error);
}

static gboolean
parse_on(MsParseState *st, char **argv, gint argc, const char *line, GError **error)
{
    if (argc != 2)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "expected: on MEMBER");
    if (!ms_parse_require_member(st, argv[1], error))
        return FALSE;
    named_step(st, MS_STEP_ON, line, argv[1]);
    return TRUE;
}

/* A declaration of what members' hosts are (host-interface, host-lacks,
 * host-has, same-host): a step the runner applies to the model and replay
 * does not send, its words joined in @value. */
static void
declaration_step(MsParseState *st, const char *line, const char *member, const char *subject, char **value)
{
    MsStep *step = named_step(st, MS_STEP_FAULT, line, member);

    step->subject = g_strdup(subject);
    step->fault = g_strdup("declare");
    step->value = g_strjoinv(" ", value);
}

/* `host-interface MEMBER NAME...`: network interfaces that exist on
 * MEMBER's host, which a nic's parent= may name (model/ms-device-runtime.c,
 * NIC.PARENT_MISSING); a member never declared has them "not modelled". */
static gboolean
parse_host_interface(MsParseState *st, char **argv, gint argc, const char *line, GError **error)
{
    if (argc < 3)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "expected: host-interface MEMBER NAME...");
    if (!ms_parse_require_member(st, argv[1], error))
        return FALSE;
    for (gint i = 2; i < argc; i++)
        if (*argv[i] == '\0' || strpbrk(argv[i], " /") != NULL)
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "'%s' is no interface name", argv[i]);
    declaration_step(st, line, argv[1], "host-interface", argv + 2);
    return TRUE;
}

/* `host-path MEMBER dir|file|missing|char|block PATH...`: what MEMBER's
 * host has at each absolute PATH, which a disk's source= names
 * (model/ms-devices.c, DISK.SOURCE_MISSING, DISK.RECURSIVE; an undeclared
 * path is taken as an existing directory, and said so) or a unix-char or
 * unix-block device's source or path (model/ms-device-unix.c: a character
 * or block device node, or no device node). */
static gboolean
parse_host_path(MsParseState *st, char **argv, gint argc, const char *line, GError **error)
{
    static const char *const states[] = { "dir", "file", "missing", "char", "block", NULL };
    MsStep *step;

    if (argc < 4 || !g_strv_contains(states, argv[2]))
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "expected: host-path MEMBER dir|file|missing|char|block PATH...");
    if (!ms_parse_require_member(st, argv[1], error))
        return FALSE;
    for (gint i = 3; i < argc; i++)
        if (argv[i][0] != '/' || strchr(argv[i], ' ') != NULL)
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                                 "'%s' is no absolute path without spaces", argv[i]);
    step = named_step(st, MS_STEP_FAULT, line, argv[1]);
    step->subject = g_strdup("host-path");
    step->fault = g_strdup(argv[2]);
    step->value = g_strjoinv(" ", argv + 3);
    return TRUE;
}

/* `host-lacks MEMBER gpu|tpm-module|usb|blkio-weight|idmap|criu...`: what
 * MEMBER's host lacks, which a gpu's, a tpm's or a required usb device's
 * start needs (model/ms-device-runtime.c, DEV.GPU_NOT_FOUND, DEV.TPM_MODULE,
 * DEV.USB_REQUIRED_MISSING), limits.disk.priority's cgroup write
 * (model/ms-lxc-config.c, CFG.INST.DISK_PRIORITY_BLKIO,
 * START.DISK_PRIORITY_BLKIO), a shifted disk's mount (DEV.IDMAP_START_MOUNT,
 * DEV.IDMAP_HOTPLUG) and CRIU's restore (model/ms-snapshot-ops.c,
 * SNAPSHOT.RESTORE_STATEFUL_CRIU) and a free IPv4 subnet for
 * ipv4.address=auto (model/ms-network-ops.c, NETWORK.AUTO_SUBNET); a member
 * never declared has these answers "not modelled" (CRIU and the subnet:
 * assumed, with a note). */
static gboolean
parse_host_lacks(MsParseState *st, char **argv, gint argc, const char *line, GError **error)
{
    if (argc < 3) {
        g_autofree char *words = ms_host_lacks_words("|");
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "expected: host-lacks MEMBER %s...", words);
    }
    if (!ms_parse_require_member(st, argv[1], error))
        return FALSE;
    for (gint i = 2; i < argc; i++)
        if (ms_host_lacks_from_word(argv[i]) == 0) {
            g_autofree char *words = ms_host_lacks_words(", ");
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "'%s' is none of %s", argv[i], words);
        }
    declaration_step(st, line, argv[1], "host-lacks", argv + 2);
    return TRUE;
}

/* `host-has MEMBER criu`: MEMBER's host has the criu binary, so a
 * container's checkpoint or restore before 6.6 goes on to CRIU itself,
 * which migsim answers "not modelled" (model/ms-apply.c,
 * ms_apply_criu_runs); the positive of `host-lacks MEMBER criu`, the last
 * of the two declared for a member holds. */
static gboolean
parse_host_has(MsParseState *st, char **argv, gint argc, const char *line, GError **error)
{
    static const char *const things[] = { "criu", NULL };

    if (argc < 3)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "expected: host-has MEMBER criu");
    if (!ms_parse_require_member(st, argv[1], error))
        return FALSE;
    for (gint i = 2; i < argc; i++)
        if (!g_strv_contains(things, argv[i]))
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "'%s' is not criu", argv[i]);
    declaration_step(st, line, argv[1], "host-has", argv + 2);
    return TRUE;
}

/* `same-host MEMBER MEMBER...`: these members run on one host, in one
 * network namespace (the live test clusters here run three daemons so), so
 * a bridge one of them creates exists for the others: the final `lxc
 * network create` of a bridge fails on the peers (model/ms-network-ops.c,
 * NETWORK.PEER_INTERFACE_EXISTS).  Undeclared members each have a host of
 * their own. */
static gboolean
parse_same_host(MsParseState *st, char **argv, gint argc, const char *line, GError **error)
{
    if (argc < 3)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "expected: same-host MEMBER MEMBER...");
    for (gint i = 1; i < argc; i++) {
        if (!ms_parse_require_member(st, argv[i], error))
            return FALSE;
        for (gint j = 1; j < i; j++)
            if (g_str_equal(argv[i], argv[j]))
                return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "member '%s' named twice", argv[i]);
    }
    declaration_step(st, line, argv[1], "same-host", argv + 1);
    return TRUE;
}

static gboolean
parse_fault(MsParseState *st, char **argv, gint argc, const char *line, GError **error)
{
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
        /* `fault migration NAME hang`: the migration never completes */
        gboolean hang = !instance && argc == 4 && g_str_equal(argv[3], "hang");
        /* `fault migration NAME dest-fail TEXT`: it fails on the destination */
        gboolean dest = !instance && g_str_equal(argv[3], "dest-fail");
        if (!((argc == 5 && (g_str_equal(argv[3], fail) || dest) && *argv[4] != '\0') ||
              (argc == 4 && g_str_equal(argv[3], clear)) || hang))
            return ms_parse_fail(
                st, error, MS_SCENARIO_ERROR_SYNTAX,
                "expected: fault %s NAME %s \"TEXT\" | fault %s NAME %s%s", argv[1], fail, argv[1], clear,
                instance ? "" : " | fault migration NAME dest-fail \"TEXT\" | fault migration NAME hang");
        step = named_step(st, MS_STEP_FAULT, line, argv[2]);
        step->subject = g_strdup(argv[1]);
        step->fault = g_strdup(argv[3]);
        step->value = argc == 5 ? g_strdup(argv[4]) : NULL;
        return TRUE;
    }
    if (argc != 4 || !g_str_equal(argv[1], "member"))
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "expected: fault member NAME offline|online|..., fault instance NAME start-fail "
                             "\"TEXT\", fault migration NAME fail|dest-fail \"TEXT\"|hang");
    if (!ms_parse_require_member(st, argv[2], error))
        return FALSE;
    if (!g_strv_contains(faults, argv[3]))
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "unknown fault '%s' (offline, online, unreachable, networks-not-started, "
                             "networks-started, storage-not-started, storage-started)",
                             argv[3]);
    step = named_step(st, MS_STEP_FAULT, line, argv[2]);
    step->fault = g_strdup(argv[3]);
    return TRUE;
}

static gboolean
parse_sleep(MsParseState *st, char **argv, gint argc, const char *line, GError **error)
{
    MsStep *step;
    guint64 ms = 0;

    g_autofree char *seconds =
        argc == 2 && ms_shell_bare_seconds(argv[1]) ? g_strconcat(argv[1], "s", NULL) : NULL;

    /* `sleep 2` pasted from a shell: seconds, as coreutils' sleep reads it */
    if (argc != 2 || !ms_clock_parse_duration(seconds != NULL ? seconds : argv[1], &ms))
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "expected: sleep DURATION (such as 30s, 500ms, 2m, 1h)");
    if (st->scenario->members->len == 0)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "'members' or 'state' must come before 'sleep'");
    step = ms_parse_new_step(st, MS_STEP_SLEEP, line);
    step->sleep_ms = ms;
    return TRUE;
}

static gboolean
parse_releases(MsParseState *st, char **argv, gint argc, const char *line G_GNUC_UNUSED, GError **error)
{
    g_autoptr(GError) set_error = NULL;
    g_autofree char *set_text = argc > 1 ? g_strjoinv(",", argv + 1) : NULL;

    if (argc < 2)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "expected: releases SET (e.g. lxd-5.21.0+)");
    if (st->scenario->releases != 0)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "'releases' may appear only once");
    if (st->scenario->steps->len > 0)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "'releases' must come before the first step");
    if (!ms_release_mask_parse(set_text, &st->scenario->releases, &set_error))
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "releases: %s", set_error->message);
    st->scenario->releases_text = g_steal_pointer(&set_text);
    return TRUE;
}

static gboolean
parse_expect(MsParseState *st, char **argv, gint argc, const char *line, GError **error)
{
    return ms_parse_expectation(st, argv, argc, line, NULL, error);
}

/* The directives, by their first word (`title` and the outcome lines are
 * recognised before a line is split into words). */
typedef struct {
    const char *word;
    gboolean (*parse)(MsParseState *st, char **argv, gint argc, const char *line, GError **error);
} MsDirective;

/* clang-format off */
static const MsDirective directives[] = {
    { "profile", parse_profile },
    { "members", parse_members },
    { "state", parse_state },
    { "pool", parse_pool },
    { "on", parse_on },
    { "fault", parse_fault },
    { "wait", parse_job_line },
    { "step", parse_job_line },
    { "sleep", parse_sleep },
    { "expect", parse_expect },
    { "releases", parse_releases },
    { "remote", parse_remote },
    { "host-interface", parse_host_interface },
    { "host-path", parse_host_path },
    { "host-lacks", parse_host_lacks },
    { "host-has", parse_host_has },
    { "same-host", parse_same_host },
};
/* clang-format on */
G_STATIC_ASSERT(G_N_ELEMENTS(directives) == 17);

/* A host command a report holds: a read-only one is a step shown as not
 * simulated (its output not compared), another one is refused with the
 * reason.  FALSE with @error unset: no host command either. */
static gboolean
host_word(MsParseState *st, char **argv, const char *line, GError **error)
{
    const char *reason = NULL;
    MsStep *step;

    if (g_str_equal(argv[0], "sudo") && argv[1] != NULL)
        argv++;
    if (!ms_shell_host_command(argv, &reason))
        return FALSE;
    if (reason != NULL)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_UNSUPPORTED, "'%s': %s", line, reason);
    if (st->scenario->members->len == 0)
        return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                             "'members' or 'state' must come before the first command");
    step = ms_parse_new_step(st, MS_STEP_NOOP, line);
    step->noop_reason = "a read-only command of the host, not of lxc";
    step->expect = MS_EXPECT_ANY;
    st->last_command = step;
    st->output_for = step;
    st->blank_pending = FALSE;
    return TRUE;
}

/* A first word that is no directive: the error names the nearest one. */
static gboolean
unknown_word(MsParseState *st, const char *word, GError **error)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    g_autofree char *hint = NULL;

    /* the clients and every directive of the table */
    g_ptr_array_add(names, (gpointer) "lxc");
    g_ptr_array_add(names, (gpointer) "incus");
    for (guint i = 0; i < G_N_ELEMENTS(directives); i++)
        g_ptr_array_add(names, (gpointer) directives[i].word);
    hint = st->after_commented_command != 0 ? ms_parse_commented_hint(st) : ms_suggest_hint(word, names);
    return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX,
                         "expected an 'lxc' command, 'Error: ...', a directive (title, profile, releases, "
                         "members, remote, host-interface, host-path, host-lacks, host-has, same-host, "
                         "state, pool, on, fault, "
                         "sleep) or "
                         "'expect ...', got "
                         "'%s'%s",
                         word, hint);
}

gboolean
ms_parse_words(MsParseState *st, char **argv, gint argc, const char *line, const char *background_line,
               GError **error)
{
    if (g_str_equal(argv[0], "lxc") || g_str_equal(argv[0], "incus"))
        return parse_client_command(st, argv, argc, line, background_line, error);
    for (guint i = 0; i < G_N_ELEMENTS(directives); i++)
        if (g_str_equal(argv[0], directives[i].word))
            return directives[i].parse(st, argv, argc, line, error);
    if (ms_str_has_prefix(argv[0], "expect[") && g_str_has_suffix(argv[0], "]")) {
        g_autofree char *set_text =
            g_strndup(argv[0] + strlen("expect["), strlen(argv[0]) - strlen("expect[]"));
        if (argc < 2)
            return ms_parse_fail(st, error, MS_SCENARIO_ERROR_SYNTAX, "'%s' needs what to expect", argv[0]);
        return ms_parse_expectation(st, argv, argc, line, set_text, error);
    }
    return host_word(st, argv, line, error)
               ? TRUE
               : (error != NULL && *error != NULL ? FALSE : unknown_word(st, argv[0], error));
}
