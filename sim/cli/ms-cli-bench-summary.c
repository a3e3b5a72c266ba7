/* migsim: `migsim bench --only summary [--baseline PATH]` — one table of
 * what a user runs, each row a migsim command run as a child process and
 * timed with wait4 (its CPU time, user + system, and the wall clock), for
 * this binary and, with --baseline, for another migsim binary given the
 * same command line in the same run, interleaved row by row so both see
 * the same machine (docs/bench.md#summary).  A baseline that lacks a
 * command's option fails that row, and the row says so.  No time passes
 * or fails; the preflight and import rows' outcomes are checked for both
 * binaries (ms-cli-bench-outcome.c), and a wrong one fails the bench. */
#include "ms-cli-bench-summary.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ms-bench.h"
#include "ms-cli-bench-outcome.h"
#include "ms-cli.h"

/* Starts @argv with its standard streams on /dev/null, standard output
 * on @stdout_path when not NULL; its pid, or -1. */
static pid_t
spawn_quiet(char **argv, const char *stdout_path)
{
    pid_t pid;

    fflush(stdout);
    fflush(stderr);
    pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);

        int out = stdout_path != NULL ? open(stdout_path, O_WRONLY | O_CREAT | O_TRUNC, 0600) : null;

        dup2(null, STDIN_FILENO);
        dup2(out, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        execv(argv[0], argv);
        _exit(127);
    }
    return pid;
}

/* One child's figures: *@code its exit status (-1: could not run, or a
 * signal). */
static void
run_child(char **argv, const char *stdout_path, gdouble *cpu, gdouble *wall, int *code)
{
    gint64 start = g_get_monotonic_time();
    struct rusage usage;
    int status = 0;
    pid_t pid = spawn_quiet(argv, stdout_path);

    *code = -1;
    if (pid < 0 || wait4(pid, &status, 0, &usage) != pid)
        return;
    *wall = (g_get_monotonic_time() - start) / 1e6;
    *cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
           usage.ru_stime.tv_usec / 1e6;
    if (WIFEXITED(status))
        *code = WEXITSTATUS(status);
}

/* A server (`migsim serve` of this binary, so the server side is the same
 * for both clients) of @state on @socket; its pid, or -1. */
static pid_t
start_server(const char *self, const char *state, const char *limit, const char *socket)
{
    g_autofree char *listen = g_strdup_printf("unix:%s", socket);
    char *argv[] = { (char *) self,
                     (char *) "serve",
                     (char *) "--state",
                     (char *) state,
                     (char *) "--max-state-size",
                     (char *) limit,
                     (char *) "--listen",
                     listen,
                     NULL };
    pid_t pid = spawn_quiet(argv, NULL);

    /* loading a state at the size limit takes seconds on a busy machine */
    for (guint i = 0; pid > 0 && i < 1200 && !g_file_test(socket, G_FILE_TEST_EXISTS); i++)
        g_usleep(50000);
    if (pid > 0 && !g_file_test(socket, G_FILE_TEST_EXISTS)) {
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
        return -1;
    }
    return pid;
}

/* What a row's outcome check reads */
typedef enum {
    CHECK_NONE,      /* the exit status alone (the rolling row checks its own outcome) */
    CHECK_PREFLIGHT, /* the text on standard output (ms_bench_preflight_outcome) */
    CHECK_IMPORT,    /* the state written to {TMP} (ms_bench_import_outcome) */
} Check;

typedef struct {
    const char *what;     /* the row's first cell */
    const char *args[16]; /* after the binary; "{TMP}", "{STATE}", "{LIMIT}", "{SOCKET}" ... are replaced */
    int ok_codes;         /* bit (1 << exit status) for each status that is a completed run */
    gboolean server;      /* needs `migsim serve` of the state on {SOCKET} */
    Check check;
} Row;

static char **
row_argv(const Row *row, const char *binary, const char *tmp, const char *state, const char *limit,
         const char *socket, const char *corpus, const char *steps, const char *largest)
{
    GPtrArray *argv = g_ptr_array_new();

    g_ptr_array_add(argv, g_strdup(binary));
    for (guint i = 0; row->args[i] != NULL; i++) {
        const char *arg = row->args[i];
        if (g_str_equal(arg, "{TMP}"))
            g_ptr_array_add(argv, g_build_filename(tmp, "out", NULL));
        else if (g_str_equal(arg, "{STATE}"))
            g_ptr_array_add(argv, g_strdup(state));
        else if (g_str_equal(arg, "{LIMIT}"))
            g_ptr_array_add(argv, g_strdup(limit));
        else if (g_str_equal(arg, "{SOCKET}"))
            g_ptr_array_add(argv, g_strdup_printf("unix:%s", socket));
        else if (g_str_equal(arg, "{CORPUS}"))
            g_ptr_array_add(argv, g_strdup(corpus));
        else if (g_str_equal(arg, "{STEPS}"))
            g_ptr_array_add(argv, g_strdup(steps));
        else if (g_str_equal(arg, "{LARGEST}"))
            g_ptr_array_add(argv, g_strdup(largest));
        else
            g_ptr_array_add(argv, g_strdup(arg));
    }
    g_ptr_array_add(argv, NULL);
    return (char **) g_ptr_array_free(argv, FALSE);
}

static char *
cell(gdouble cpu, gdouble wall, int code, int ok_codes)
{
    if (code < 0 || code > 30 || (ok_codes & (1 << code)) == 0)
        return g_strdup_printf("fails (exit %d) | |", code);
    return g_strdup_printf("%.3f | %.3f |", cpu, wall);
}

/* Checks what @row's run of @who (exit status @code) did, when it ran to a
 * completed exit status and the row has a check: a line about it on
 * @outcomes; FALSE when it is wrong.  @state: the state's text (1,000
 * members of @n_instances instances). */
static gboolean
check_outcome(const Row *row, const char *who, int code, const char *text, const char *out, const char *state,
              guint64 n_instances, GString *outcomes)
{
    g_autoptr(GString) summary = g_string_new(NULL);
    g_autoptr(GString) why = g_string_new(NULL);
    gboolean ok;

    if (row->check == CHECK_NONE || code < 0 || code > 30 || (row->ok_codes & (1 << code)) == 0)
        return TRUE;
    ok = row->check == CHECK_PREFLIGHT
             ? ms_bench_preflight_outcome(text, code, 1000, n_instances, summary, why)
             : ms_bench_import_outcome(out, state, summary, why);
    g_string_append_printf(outcomes, "- %s, %s: %s%s\n",
                           row->check == CHECK_PREFLIGHT ? "preflight" : "import", who,
                           ok ? "" : "OUTCOME WRONG: ", ok ? summary->str : why->str);
    return ok;
}

static void
remove_tree(const char *path)
{
    g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
        g_autofree char *child = g_build_filename(path, name, NULL);
        if (g_file_test(child, G_FILE_TEST_IS_DIR) && !g_file_test(child, G_FILE_TEST_IS_SYMLINK))
            remove_tree(child);
        else
            g_unlink(child);
    }
    g_rmdir(path);
}

gboolean
ms_cli_bench_summary(const char *corpus, const char *baseline, guint64 explore_steps, guint largest,
                     guint64 state_instances, gboolean mixed, guint64 seed, GError **error)
{
    static const Row rows[] = {
        { "`migsim run -q CORPUS` (the whole corpus, each scenario at its release)",
          { "run", "-q", "{CORPUS}", NULL },
          1 << 0 | 1 << 1,
          FALSE },
        { "`migsim explore --depth 6 --budget STEPS` (staged fixture, lxd-5.21.7; shrinking included)",
          { "explore", "--profile", "lxd-5.21.7", "--depth", "6", "--budget", "{STEPS}", "--seed", "1",
            "--out", "{TMP}", NULL },
          1 << 0 | 1 << 1,
          FALSE },
        { "`migsim explore --fixture neutral --depth 6 --budget STEPS` (lxd-5.21.7; shrinking included)",
          { "explore", "--fixture", "neutral", "--profile", "lxd-5.21.7", "--depth", "6", "--budget",
            "{STEPS}", "--seed", "1", "--out", "{TMP}", NULL },
          1 << 0 | 1 << 1,
          FALSE },
        { "`migsim bench --only rolling --largest M` (the mixed workload up to M members, outcome checked)",
          { "bench", "--only", "rolling", "--largest", "{LARGEST}", NULL },
          1 << 0,
          FALSE },
        { "`migsim preflight --state STATE --max-state-size LIMIT -- lxc config set "
          "instances.migration.stateful true` (then every "
          "member evacuated and restored)",
          { "preflight", "--state", "{STATE}", "--max-state-size", "{LIMIT}", "--", "lxc", "config", "set",
            "instances.migration.stateful", "true", NULL },
          1 << 0 | 1 << 1,
          FALSE,
          CHECK_PREFLIGHT },
        { "`migsim import --remote unix:SOCKET --max-reply-size LIMIT -o FILE` from `migsim serve --state "
          "STATE --max-state-size LIMIT` (client CPU)",
          { "import", "--remote", "{SOCKET}", "--max-reply-size", "{LIMIT}", "-o", "{TMP}", NULL },
          1 << 0,
          TRUE,
          CHECK_IMPORT },
    };
    g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
    g_autofree char *tmp = g_dir_make_tmp("migsim-bench-XXXXXX", NULL);
    g_autofree char *state_path = NULL, *socket = NULL, *state = NULL, *limit = NULL;
    const char *binaries[2] = { self, baseline };
    g_autofree char *steps = g_strdup_printf("%" G_GUINT64_FORMAT, explore_steps);
    /* the 1,000-member rolling maintenance alone takes longer than the rest */
    g_autofree char *rolling = g_strdup_printf("%u", MIN(largest, 100));
    g_autoptr(GString) outcomes = g_string_new(NULL);
    guint wrong = 0;

    if (self == NULL || tmp == NULL)
        return ms_cli_throw(error, MS_EXIT_INTERNAL, "bench: cannot find this binary or make a directory");
    /* issue 18's 1,000 members and 100,000 instances (--state-instances):
     * a state file above the default limit, and replies above the
     * client's, so the commands are given --max-state-size and
     * --max-reply-size: twice the file's size, in MiB */
    state = ms_bench_state(1000, state_instances, mixed, seed);
    limit = g_strdup_printf("%zuM", 2 * strlen(state) / (1024 * 1024) + 1);
    state_path = g_build_filename(tmp, "state.json", NULL);
    socket = g_build_filename(tmp, "serve.socket", NULL);
    if (!ms_cli_write_file(state_path, state, -1, error)) {
        remove_tree(tmp);
        return FALSE;
    }
    printf("STATE: 1000 members, %" G_GUINT64_FORMAT " instances (--state-instances) of the %s (%zu bytes; "
           "LIMIT=%s); STEPS=%s (--explore-steps), M=%s (--largest, at most 100); baseline: %s\n\n",
           state_instances, mixed ? "mixed workload" : "uniform workload (running containers on a ceph pool)",
           strlen(state), limit, steps, rolling, baseline != NULL ? baseline : "none (--baseline PATH)");
    printf("| command (the same for both binaries) | CPU s | wall s | baseline CPU s | baseline wall s | "
           "baseline CPU / this CPU |\n|---|---:|---:|---:|---:|---:|\n");
    for (guint r = 0; r < G_N_ELEMENTS(rows); r++) {
        gdouble cpu[2] = { 0, 0 }, wall[2] = { 0, 0 };
        int code[2] = { -1, -1 };
        g_autofree char *mine = NULL, *theirs = NULL;

        for (guint b = 0; b < 2 && binaries[b] != NULL; b++) {
            g_auto(GStrv) argv =
                row_argv(&rows[r], binaries[b], tmp, state_path, limit, socket, corpus, steps, rolling);
            g_autofree char *out = g_build_filename(tmp, "out", NULL);
            g_autofree char *text =
                rows[r].check == CHECK_PREFLIGHT ? g_build_filename(tmp, "text", NULL) : NULL;
            pid_t server = -1;

            if (rows[r].server && (server = start_server(self, state_path, limit, socket)) < 0) {
                code[b] = -1;
                continue;
            }
            run_child(argv, text, &cpu[b], &wall[b], &code[b]);
            if (server > 0) {
                kill(server, SIGTERM);
                waitpid(server, NULL, 0);
                g_unlink(socket);
            }
            if (!check_outcome(&rows[r], b == 0 ? "this binary" : "baseline", code[b], text, out, state,
                               (guint64) state_instances, outcomes))
                wrong++;
            if (text != NULL)
                g_unlink(text);
            if (g_file_test(out, G_FILE_TEST_IS_DIR))
                remove_tree(out);
            else
                g_unlink(out);
        }
        mine = cell(cpu[0], wall[0], code[0], rows[r].ok_codes);
        theirs = baseline == NULL ? g_strdup("| |") : cell(cpu[1], wall[1], code[1], rows[r].ok_codes);
        printf("| %s | %s %s", rows[r].what, mine, theirs);
        if (baseline != NULL && g_str_has_suffix(mine, "|") && !g_str_has_prefix(mine, "fails") &&
            !g_str_has_prefix(theirs, "fails") && cpu[0] > 0)
            printf(" %.2f× |\n", cpu[1] / cpu[0]);
        else
            printf(" |\n");
        fflush(stdout);
    }
    printf("\n%s", outcomes->str);
    if (outcomes->len > 0)
        printf("\n");
    remove_tree(tmp);
    if (wrong > 0)
        return ms_cli_throw(error, MS_EXIT_FAILED, "%u wrong outcome%s (OUTCOME WRONG above)", wrong,
                            wrong == 1 ? "" : "s");
    return TRUE;
}
