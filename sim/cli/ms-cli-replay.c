/* migsim: `migsim replay`: options, the safety checks made before anything
 * is sent, the journal, clean-up and the summary.  Each scenario's steps
 * run in ms-cli-replay-steps.c (see docs/live-replay.md).
 *
 * A scenario that cannot be replayed safely is refused before the first
 * request; whatever a scenario created or changed is removed or put back
 * afterwards, also after a failure or Ctrl-C. */
#include "ms-cli-replay.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ms-report-writers.h"

/* The LXD socket of Debian's lxd package: what --dry-run shows without --remote. */
#define MS_REPLAY_DEFAULT_SOCKET "unix:/var/lib/lxd/unix.socket"
#define MS_REPLAY_DEFAULT_TIMEOUT_S 120

/* The command line of one replay, checked (replay_check_options). */
typedef struct {
    MsRemoteOptions remote;
    char *profile_name, *json_path, *html_path, *color;
    char *journal_path, *recover_path, *fault_command;
    char **member_args, **image_args;
    gboolean yes, keep, dry_run;
    gint timeout_s;
    /* derived */
    GHashTable *member_map, *image_map;
    MsLxdTls *tls;
    char **fault_argv;
    const MsProfile *profile; /* --profile, NULL: the server's */
} ReplayArgs;

static void
replay_args_clear(ReplayArgs *args)
{
    ms_remote_options_clear(&args->remote);
    g_free(args->profile_name);
    g_free(args->json_path);
    g_free(args->html_path);
    g_free(args->color);
    g_free(args->journal_path);
    g_free(args->recover_path);
    g_free(args->fault_command);
    g_strfreev(args->member_args);
    g_strfreev(args->image_args);
    g_clear_pointer(&args->member_map, g_hash_table_unref);
    g_clear_pointer(&args->image_map, g_hash_table_unref);
    g_clear_pointer(&args->tls, ms_lxd_tls_free);
    g_strfreev(args->fault_argv);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(ReplayArgs, replay_args_clear)

static MsLxdTls *
tls_for(const MsRemoteOptions *remote)
{
    MsLxdTls *tls;

    if (!g_str_has_prefix(remote->remote, "https://"))
        return NULL;
    tls = g_new0(MsLxdTls, 1);
    tls->client_cert = g_strdup(remote->client_cert);
    tls->client_key = g_strdup(remote->client_key);
    tls->server_cert = g_strdup(remote->server_cert);
    tls->insecure = remote->insecure;
    return tls;
}

/* `migsim replay --recover JOURNAL`: undoes what the journal lists. */
static gboolean
replay_recover(const ReplayArgs *args, GError **error)
{
    const char *path = args->recover_path;
    g_autoptr(GError) local = NULL;
    g_autoptr(MsReplayLedger) ledger = ms_replay_ledger_load(path, &local);
    g_autoptr(MsLxdTls) tls = NULL;
    g_autoptr(MsReplayLive) live = NULL;
    g_autoptr(GString) log = g_string_new(NULL);
    g_autofree char *version = NULL;
    MsReplayLiveOptions options = { 0 };
    MsRemoteOptions remote = args->remote;
    MsLxdClient *client;

    if (ledger == NULL)
        return ms_cli_throw(error, MS_EXIT_INPUT, "replay --recover: %s", local->message);
    if (ledger->truncated)
        printf("recover: the last record of %s was cut short while being written; the change it announced "
               "was never started and is skipped\n",
               path);
    if (ms_replay_ledger_is_empty(ledger)) {
        /* killed before it announced any change (or after all was undone) */
        if (g_unlink(path) != 0)
            return ms_cli_throw(error, MS_EXIT_LIVE, "replay --recover: %s: %s", path, g_strerror(errno));
        printf("recover: %s lists nothing to undo; removed\n", path);
        return TRUE;
    }
    if (remote.remote == NULL)
        remote.remote = ledger->remote;
    if (remote.remote == NULL)
        return ms_cli_throw(error, MS_EXIT_INPUT,
                            "replay --recover: %s names no remote; give it with --remote", path);
    tls = tls_for(&remote);
    client = ms_lxd_client_new(remote.remote, tls, (guint) args->timeout_s * 1000, &local);
    if (client == NULL)
        return ms_cli_throw(error, MS_EXIT_LIVE, "replay --recover: %s: %s", remote.remote, local->message);
    options.remote = remote.remote;
    options.tls = tls;
    options.timeout_s = (guint) args->timeout_s;
    options.fault_command = (const char *const *) args->fault_argv;
    live = ms_replay_live_new(client, &options);
    if (!ms_replay_live_connect(live, &version, &local))
        return ms_cli_throw(error, MS_EXIT_LIVE, "replay --recover: %s: %s", remote.remote, local->message);
    printf("recover: %s against %s (LXD %s)\n", path, remote.remote, version);
    ms_replay_install_signal_handlers();
    ms_lxd_client_set_interrupt_flag(client, NULL);
    if (!ms_replay_live_recover(live, ledger, log)) {
        fputs(log->str, stdout);
        return ms_cli_throw(error, MS_EXIT_LIVE,
                            "replay --recover: incomplete (see above); %s is kept, run --recover again",
                            path);
    }
    fputs(log->str, stdout);
    if (g_unlink(path) != 0)
        return ms_cli_throw(error, MS_EXIT_LIVE, "replay --recover: %s: %s", path, g_strerror(errno));
    printf("recover: done, nothing left to undo; %s removed\n", path);
    return TRUE;
}

static gboolean
parse_map(char **entries, const char *option, GHashTable *map, GError **error)
{
    for (guint i = 0; entries != NULL && entries[i] != NULL; i++) {
        const char *eq = strchr(entries[i], '=');
        g_autofree char *key = NULL;

        if (eq == NULL || eq == entries[i] || eq[1] == '\0')
            return ms_cli_throw(error, MS_EXIT_USAGE, "%s: expected NAME=NAME, got '%s'", option, entries[i]);
        key = g_strndup(entries[i], eq - entries[i]);
        if (g_hash_table_contains(map, key))
            return ms_cli_throw(error, MS_EXIT_USAGE, "%s: '%s' is mapped twice", option, key);
        g_hash_table_insert(map, g_steal_pointer(&key), g_strdup(eq + 1));
    }
    return TRUE;
}

/* Option checks that need no scenario. */
/* The journal keeps the command for --recover, which may run in another
 * directory: a relative program path is made absolute. */
static gboolean
parse_fault_command(ReplayArgs *args, GError **error)
{
    g_autoptr(GError) local = NULL;

    if (args->fault_command == NULL)
        return TRUE;
    if (!g_shell_parse_argv(args->fault_command, NULL, &args->fault_argv, &local))
        return ms_cli_throw(error, MS_EXIT_USAGE, "--fault-command: %s", local->message);
    if (strchr(args->fault_argv[0], '/') != NULL && !g_path_is_absolute(args->fault_argv[0])) {
        char *absolute = g_canonicalize_filename(args->fault_argv[0], NULL);

        g_free(args->fault_argv[0]);
        args->fault_argv[0] = absolute;
    }
    return TRUE;
}

static gboolean
replay_check_options(ReplayArgs *args, GError **error)
{
    const MsRemoteOptions *remote = &args->remote;

    if (!ms_cli_check_color(args->color, error))
        return FALSE;
    if (remote->remote == NULL && !args->dry_run)
        return ms_cli_throw(
            error, MS_EXIT_USAGE,
            "replay: --remote is required (unix:/path/to/unix.socket or https://HOST:PORT), or "
            "use --dry-run");
    if (remote->remote == NULL)
        args->remote.remote = g_strdup(MS_REPLAY_DEFAULT_SOCKET);
    if (args->timeout_s <= 0 || args->timeout_s > 86400)
        return ms_cli_throw(error, MS_EXIT_USAGE, "--timeout: expected 1 to 86400 seconds, got %d",
                            args->timeout_s);
    if (g_str_has_prefix(remote->remote, "unix:") &&
        (remote->client_cert || remote->client_key || remote->server_cert || remote->insecure))
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "--client-cert, --client-key, --server-cert and --insecure are for https:// "
                            "remotes only");
    if ((remote->client_cert == NULL) != (remote->client_key == NULL))
        return ms_cli_throw(error, MS_EXIT_USAGE, "--client-cert and --client-key go together");
    if (remote->insecure && remote->server_cert != NULL)
        return ms_cli_throw(error, MS_EXIT_USAGE, "--insecure and --server-cert exclude each other");
    args->member_map = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    args->image_map = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    if (!parse_map(args->member_args, "--member", args->member_map, error) ||
        !parse_map(args->image_args, "--image", args->image_map, error))
        return FALSE;
    if (!ms_cli_parse_profile(args->profile_name, &args->profile, error))
        return FALSE;
    args->tls = tls_for(remote);
    return parse_fault_command(args, error);
}

/* Checks of the scenarios against the options, before anything is sent. */
static gboolean
replay_check_scenarios(const ReplayArgs *args, GPtrArray *scenarios, GError **error)
{
    GHashTableIter iter;
    gpointer key;

    /* a mapping of a member no scenario declares is a typo, not a no-op */
    g_hash_table_iter_init(&iter, args->member_map);
    while (g_hash_table_iter_next(&iter, &key, NULL)) {
        gboolean declared = FALSE;

        for (guint i = 0; i < scenarios->len && !declared; i++) {
            const MsScenario *scenario = scenarios->pdata[i];
            for (guint m = 0; m < scenario->members->len; m++)
                declared |= g_str_equal(scenario->members->pdata[m], key);
        }
        if (!declared)
            return ms_cli_throw(error, MS_EXIT_USAGE, "--member: no scenario declares a member '%s'",
                                (const char *) key);
    }
    for (guint i = 0; i < scenarios->len; i++) {
        g_autoptr(GError) local = NULL;

        if (!ms_replay_check_replayable(scenarios->pdata[i], args->fault_command != NULL, &local))
            return ms_cli_throw(error, MS_EXIT_LIVE, "%s", local->message);
    }
    return TRUE;
}

/* The journal every change is written to before it is made; refuses to
 * start while an earlier run's journal is still there. */
static MsReplayJournal *
replay_open_journal(ReplayArgs *args, GError **error)
{
    g_autoptr(GError) local = NULL;
    MsReplayJournal *journal;

    if (args->journal_path == NULL)
        args->journal_path = ms_replay_journal_default_path(args->remote.remote);
    if (g_file_test(args->journal_path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK)) {
        ms_cli_throw(error, MS_EXIT_LIVE,
                     "replay: refused, nothing was changed: an earlier replay did not finish; its journal %s "
                     "lists what it created or changed. Undo it with: migsim replay --recover %s",
                     args->journal_path, args->journal_path);
        return NULL;
    }
    journal = ms_replay_journal_create(args->journal_path, args->remote.remote, &local);
    if (journal == NULL) {
        ms_cli_throw(error, MS_EXIT_LIVE, "replay: --journal: %s", local->message);
        return NULL;
    }
    ms_replay_install_signal_handlers();
    /* at once: whoever kills this run needs the path */
    printf("journal: %s (if this run is killed: migsim replay --recover %s)\n", args->journal_path,
           args->journal_path);
    fflush(stdout);
    return journal;
}

/* Connects for one scenario and decides its release: --profile, else the
 * server's (with --dry-run, the scenario's). */
static MsReplayLive *
replay_connect(const ReplayArgs *args, const MsScenario *scenario, const MsProfile **profile, char **version,
               GError **error)
{
    const MsRemoteOptions *remote = &args->remote;
    MsReplayLiveOptions options = {
        remote->remote,
        args->tls,
        args->member_map,
        args->image_map,
        (guint) args->timeout_s,
        args->dry_run,
        (const char *const *) args->fault_argv,
    };
    g_autoptr(MsReplayLive) live = NULL;
    g_autoptr(GError) local = NULL;
    MsLxdClient *client =
        ms_lxd_client_new(remote->remote, args->tls, (guint) args->timeout_s * 1000, &local);

    if (client == NULL) {
        ms_cli_throw(
            error, g_error_matches(local, MS_LXD_ERROR, MS_LXD_ERROR_INVALID) ? MS_EXIT_USAGE : MS_EXIT_LIVE,
            "--remote: %s", local->message);
        return NULL;
    }
    ms_lxd_client_set_dry_run(client, args->dry_run);
    ms_lxd_client_set_interrupt_flag(client, &ms_replay_interrupted);
    live = ms_replay_live_new(client, &options);
    if (!ms_replay_live_connect(live, version, &local)) {
        ms_cli_throw(error, MS_EXIT_LIVE, "replay: %s: %s", remote->remote, local->message);
        return NULL;
    }
    *profile = args->profile;
    if (*profile == NULL && !args->dry_run) {
        *profile = ms_profile_lookup(*version);
        if (*profile == NULL) {
            ms_cli_throw(
                error, MS_EXIT_LIVE,
                "replay: %s runs LXD %s, which migsim does not simulate; pass --profile (see 'migsim "
                "profiles')",
                remote->remote, *version);
            return NULL;
        }
    } else if (*profile == NULL) {
        MsRunOptions run_options = { NULL };

        *profile = ms_runner_pick_profile(scenario, &run_options, &local);
        if (*profile == NULL) {
            ms_cli_throw(error, MS_EXIT_INPUT, "%s", local->message);
            return NULL;
        }
    }
    return g_steal_pointer(&live);
}

/* Puts back what the scenario changed (unless --keep); FALSE when that
 * was incomplete, which stops the run. */
static gboolean
replay_clean_up(const ReplayArgs *args, MsReplayLive *live, MsReplayJournal *journal,
                const MsScenario *scenario, gboolean aborted, GError **error)
{
    g_autoptr(GString) log = g_string_new(NULL);
    gboolean ok = TRUE;

    /* clean-up must run even after Ctrl-C */
    ms_lxd_client_set_interrupt_flag(ms_replay_live_client(live), NULL);
    if (args->keep) {
        /* a stopped daemon is not a scenario object the user asked to see */
        ok = ms_replay_live_bring_back(live, ms_replay_journal_ledger(journal), log);
        printf("--keep: the scenario's instances, volumes, pools and profiles are left in place\n");
    } else
        ok = ms_replay_live_cleanup(live, aborted || ms_replay_interrupted, log);
    fputs(log->str, stdout);
    ms_lxd_client_set_interrupt_flag(ms_replay_live_client(live), &ms_replay_interrupted);
    if (!ok)
        return ms_cli_throw(error, MS_EXIT_LIVE,
                            "replay: %s: clean-up was incomplete (see above); not running further scenarios",
                            scenario->path);
    return TRUE;
}

/* One scenario: connect, refuse what is unsafe, run, clean up.  FALSE
 * with @error stops the run; *aborted says the scenario did not finish. */
static gboolean
replay_one(const ReplayArgs *args, const MsScenario *scenario, MsReplayJournal *journal, MsReplayUi *ui,
           GPtrArray *results, gboolean *aborted, GError **error)
{
    g_autoptr(MsReplayLive) live = NULL;
    g_autoptr(GError) local = NULL;
    g_autoptr(GPtrArray) touches = NULL;
    g_autofree char *version = NULL;
    const MsProfile *profile = NULL;
    MsScenarioResult *result;
    MsReplayStatus status;
    gboolean cleaned = TRUE;

    live = replay_connect(args, scenario, &profile, &version, error);
    if (live == NULL)
        return FALSE;
    ms_replay_live_set_profile(live, profile);
    ms_replay_live_set_journal(live, journal);
    printf("%s== %s%s%s%s [%s] %s %s%s%s\n", ui->color ? "\033[1m" : "", scenario->path,
           ui->color ? "\033[0m" : "", scenario->title ? ": " : "", scenario->title ? scenario->title : "",
           profile->name, args->dry_run ? "dry run, requests for" : "against", args->remote.remote,
           args->dry_run ? "" : ", LXD ", args->dry_run ? "" : version);
    if (!ms_replay_live_preflight(live, scenario, &touches, &local))
        return ms_cli_throw(error, MS_EXIT_LIVE, "replay: %s: refused, nothing was changed: %s",
                            scenario->path, local->message);
    if (!args->dry_run && ms_replay_is_cluster_wide(scenario)) {
        printf("This scenario changes the whole cluster:\n");
        for (guint t = 0; t < touches->len; t++)
            printf("  %s\n", (const char *) touches->pdata[t]);
        fflush(stdout);
        if (!args->yes)
            return ms_cli_throw(
                error, MS_EXIT_LIVE,
                "replay: %s evacuates or restores members or changes server config; re-run with --yes",
                scenario->path);
    }

    result = ms_scenario_result_new(scenario->path, profile);
    result->title = g_strdup(scenario->title);
    result->is_replay = TRUE;
    g_ptr_array_add(results, result);
    status = ms_replay_run_scenario(live, scenario, profile, ui, result);
    *aborted = status == MS_REPLAY_ABORTED;
    if (!args->dry_run)
        cleaned = replay_clean_up(args, live, journal, scenario, *aborted, error);
    *aborted |= !cleaned;
    printf("-- %s: %u commands, %u checks, %u steps with differences%s\n\n", scenario->path,
           result->n_commands, result->n_checks, result->n_failed, *aborted ? " (aborted)" : "");
    fflush(stdout);
    return cleaned;
}

/* After the last scenario: the journal kept or removed, the summary. */
static void
replay_finish(const ReplayArgs *args, MsReplayJournal *journal, const MsReplayUi *ui, GPtrArray *results,
              gboolean aborted, GError **error)
{
    g_autoptr(GError) local = NULL;

    if (journal != NULL) {
        if (!ms_replay_ledger_is_empty(ms_replay_journal_ledger(journal)))
            printf("journal %s kept: it lists what is still in place; remove it with: migsim replay "
                   "--recover %s\n",
                   args->journal_path, args->journal_path);
        else if (!ms_replay_journal_remove(journal, &local))
            ms_cli_throw(error, MS_EXIT_LIVE, "replay: %s", local->message);
    }
    if (args->dry_run) {
        printf("dry run: nothing was sent\n");
    } else {
        g_autofree char *timing =
            ui->n_timing > 0 ? g_strdup_printf(", %u with timing-dependent placements only", ui->n_timing)
                             : g_strdup("");
        printf("replay: %u scenarios, %u steps compared, %u with differences%s%s\n", results->len,
               ui->n_compared, ui->n_differences, timing, aborted ? ", aborted" : "");
    }
    if (ui->n_unmet > 0)
        printf("note: %u simulated expectations were not met (see 'migsim run')\n", ui->n_unmet);
}

static GOptionContext *
replay_options(ReplayArgs *args)
{
    GOptionEntry entries[] = {
        { "remote", 'r', 0, G_OPTION_ARG_STRING, &args->remote.remote,
          "the cluster: unix:/path/to/unix.socket or https://HOST:PORT (with --dry-run, default "
          "unix:/var/lib/lxd/unix.socket)",
          "REMOTE" },
        { "client-cert", 0, 0, G_OPTION_ARG_FILENAME, &args->remote.client_cert,
          "client certificate (PEM) for https remotes", "FILE" },
        { "client-key", 0, 0, G_OPTION_ARG_FILENAME, &args->remote.client_key,
          "client key (PEM) for https remotes", "FILE" },
        { "server-cert", 0, 0, G_OPTION_ARG_FILENAME, &args->remote.server_cert,
          "the server's certificate (PEM), the only one trusted", "FILE" },
        { "insecure", 0, 0, G_OPTION_ARG_NONE, &args->remote.insecure,
          "do not verify the server's certificate", NULL },
        { "profile", 'p', 0, G_OPTION_ARG_STRING, &args->profile_name,
          "LXD release to simulate (default: the server's)", "lxd-X.Y.Z" },
        { "member", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args->member_args,
          "scenario member M is live member NAME (repeatable)", "M=NAME" },
        { "image", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args->image_args,
          "scenario image I is image alias ALIAS (repeatable)", "I=ALIAS" },
        { "yes", 'y', 0, G_OPTION_ARG_NONE, &args->yes, "allow evacuate, restore and server config changes",
          NULL },
        { "keep", 0, 0, G_OPTION_ARG_NONE, &args->keep, "leave everything the scenarios created in place",
          NULL },
        { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &args->dry_run,
          "print the requests as curl command lines, send nothing", NULL },
        { "json", 0, 0, G_OPTION_ARG_FILENAME, &args->json_path, "write the results as JSON", "FILE" },
        { "html", 0, 0, G_OPTION_ARG_FILENAME, &args->html_path,
          "write an HTML report (simulated and live side by side)", "FILE" },
        { "timeout", 't', 0, G_OPTION_ARG_INT, &args->timeout_s,
          "limit for every request and every operation (default 120)", "SECONDS" },
        { "color", 0, 0, G_OPTION_ARG_STRING, &args->color, "auto, always or never", "WHEN" },
        { "journal", 0, 0, G_OPTION_ARG_FILENAME, &args->journal_path,
          "where to journal every change before it is made (default: "
          "$XDG_STATE_HOME/migsim/replay-HASH.journal)",
          "FILE" },
        { "fault-command", 0, 0, G_OPTION_ARG_STRING, &args->fault_command,
          "run CMD offline|online MEMBER for 'fault member M offline|online' (it must stop or start that "
          "member's daemon; online must also succeed on a running member). The journal keeps it for "
          "--recover, which starts such members again (with this option, this command instead)",
          "CMD" },
        { "recover", 0, 0, G_OPTION_ARG_FILENAME, &args->recover_path,
          "undo what a killed replay's journal lists, then remove the journal", "JOURNAL" },
        { NULL },
    };
    GOptionContext *context = g_option_context_new("FILE... - replay scenarios against a real LXD cluster");

    g_option_context_add_main_entries(context, entries, NULL);
    g_option_context_set_description(
        context, "Each scenario command is sent as the requests lxc sends for it, the same step is\n"
                 "simulated, and the live cluster is read back and compared after every step.\n"
                 "Before anything is sent, a scenario is refused if it would create something that\n"
                 "exists; evacuate, restore and server config changes need --yes.  Afterwards\n"
                 "everything the scenario created is deleted and what it changed is put back\n"
                 "(unless --keep), also after a failure or Ctrl-C.  Every change is journaled\n"
                 "first; 'migsim replay --recover JOURNAL' undoes what a killed run left.\n\n"
                 "Exit status: 0 no difference, 1 differences, 2 usage error, 3 bad scenario,\n"
                 "4 cluster unreachable, not LXD, refused for safety, or interrupted.\n"
                 "Example: migsim replay --remote unix:/var/lib/lxd/unix.socket --yes scenarios/x.scn\n"
                 "See docs/live-replay.md.");
    return context;
}

gboolean
ms_cmd_replay(int argc, char **argv, GError **error)
{
    g_auto(ReplayArgs) args = { .timeout_s = MS_REPLAY_DEFAULT_TIMEOUT_S };
    g_autoptr(GOptionContext) context = replay_options(&args);
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) scenarios = g_ptr_array_new_with_free_func((GDestroyNotify) ms_scenario_free);
    g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func((GDestroyNotify) ms_scenario_result_free);
    g_autoptr(MsReplayJournal) journal = NULL;
    g_autoptr(GError) failure = NULL;
    MsReplayUi ui = { 0 };
    gboolean aborted = FALSE;

    if (!ms_cli_parse_options(context, &argc, &argv, "replay", error))
        return FALSE;
    if (args.recover_path != NULL) {
        if (argc > 1 || args.dry_run || args.keep || args.journal_path != NULL)
            return ms_cli_throw(error, MS_EXIT_USAGE,
                                "--recover takes a journal and no scenario, --dry-run, --keep or --journal");
        if (args.timeout_s <= 0 || args.timeout_s > 86400)
            return ms_cli_throw(error, MS_EXIT_USAGE, "--timeout: expected 1 to 86400 seconds, got %d",
                                args.timeout_s);
        if (!parse_fault_command(&args, error))
            return FALSE;
        return replay_recover(&args, error);
    }
    if (argc < 2)
        return ms_cli_throw(error, MS_EXIT_USAGE, "replay: no scenario given (see 'migsim replay --help')");
    if (!replay_check_options(&args, error) || !ms_cli_collect_files(argv + 1, files, error) ||
        !ms_cli_load_scenarios(files, NULL, scenarios, error) ||
        !replay_check_scenarios(&args, scenarios, error))
        return FALSE;
    ui.color = ms_cli_use_color(args.color, fileno(stdout));
    ui.dry_run = args.dry_run;
    ui.fault_command = args.fault_argv;
    if (!args.dry_run && (journal = replay_open_journal(&args, error)) == NULL)
        return FALSE;

    /* the first failure stops the run; the journal and the summary still
     * say where things stand */
    for (guint i = 0; i < scenarios->len && !aborted && failure == NULL; i++) {
        replay_one(&args, scenarios->pdata[i], journal, &ui, results, &aborted, &failure);
        aborted |= ms_replay_interrupted != 0;
    }
    replay_finish(&args, journal, &ui, results, aborted, failure == NULL ? &failure : NULL);
    if (!ms_cli_write_report(args.json_path, ms_report_json, results, error) ||
        !ms_cli_write_report(args.html_path, ms_report_html, results, error))
        return FALSE;
    if (ms_replay_interrupted)
        return ms_cli_throw(error, MS_EXIT_LIVE, "replay: interrupted by signal %d", ms_replay_interrupted);
    if (failure != NULL) {
        g_propagate_error(error, g_steal_pointer(&failure));
        return FALSE;
    }
    if (aborted)
        return ms_cli_status(error, MS_EXIT_LIVE);
    return ms_cli_status(error, ui.n_differences > 0 ? MS_EXIT_FAILED : MS_EXIT_OK);
}
