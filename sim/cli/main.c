/* migsim: entry point — locale, command dispatch, nothing else. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "ms-build-version.h"
#include "ms-cli.h"
#include "ms-version.h"

/* clang-format off */
static const MsCommand commands[] = {
    { "run", "run scenarios and check their expectations", ms_cmd_run },
    { "state", "print the cluster state at the end of a scenario as JSON", ms_cmd_state },
    { "matrix", "run one scenario under every release, as a table", ms_cmd_matrix },
    { "coverage", "which rule outcomes a set of scenarios exercises", ms_cmd_coverage },
    { "rules", "print the rule catalogue", ms_cmd_rules },
    { "profiles", "list the LXD releases migsim simulates", ms_cmd_profiles },
    { "replay", "run scenarios against a real LXD cluster and compare", ms_cmd_replay },
    { "explore", "search operation sequences for invariant violations, shrink them", ms_cmd_explore },
    { "import", "read a live cluster's state into a state file (GET requests only)", ms_cmd_import },
    { "preflight", "check a change against a cluster's state before making it", ms_cmd_preflight },
    { "serve", "serve LXD's REST API from the model, for the real lxc client and tools", ms_cmd_serve },
    { "shell", "type lxc commands at a prompt, applied to the simulated cluster", ms_cmd_shell },
    { "bench", "measure throughput and memory (scenarios, explorer, big clusters)", ms_cmd_bench },
};
/* clang-format on */

static void
usage(FILE *stream)
{
    fprintf(stream, "Usage: migsim COMMAND [OPTIONS...] [ARGS...]\n\n"
                    "Simulates LXD cluster evacuation, restore and migration, release by release.\n\n"
                    "Commands:\n");
    for (guint i = 0; i < G_N_ELEMENTS(commands); i++)
        fprintf(stream, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(stream,
            "\nRun 'migsim COMMAND --help' for a command's options.\n"
            "Exit codes: 0 ok, 1 an expectation failed or a difference, 2 usage error,\n"
            "3 bad scenario or state file, 4 live cluster unreachable or refused, 99 internal error.\n");
}

/* The one place a command's error is printed: a line "migsim: error: ..."
 * for each line of its message (already escaped), none for an empty one. */
static int
finish(gboolean ok, GError *error)
{
    /* a result nobody could read is a failure (git's rule) */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "migsim: error: cannot write to standard output\n");
        return MS_EXIT_INTERNAL;
    }
    if (ok)
        return MS_EXIT_OK;
    g_assert(error != NULL);
    if (*error->message != '\0') {
        g_auto(GStrv) lines = g_strsplit(error->message, "\n", -1);
        for (guint i = 0; lines[i] != NULL; i++)
            fprintf(stderr, "migsim: error: %s\n", lines[i]);
    }
    return ms_cli_exit_code(error);
}

static int
run_command(const MsCommand *command, int argc, char **argv)
{
    g_autoptr(GError) error = NULL;
    gboolean ok = command->run(argc, argv, &error);

    /* a command that fails says why, and one that succeeds sets nothing */
    g_assert(ok == (error == NULL));
    return finish(ok, error);
}

/* "lxd-5.0.0..lxd-6.9": the oldest and the newest release of one product
 * in the release table (model/ms-version.c), by version. */
static char *
release_range(gboolean incus)
{
    guint n;
    const MsProfile *profiles = ms_profiles(&n);
    const MsProfile *first = NULL, *last = NULL;

    for (guint i = 0; i < n; i++) {
        if (ms_profile_is_incus(&profiles[i]) != incus)
            continue;
        if (first == NULL || profiles[i].version < first->version)
            first = &profiles[i];
        if (last == NULL || profiles[i].version > last->version)
            last = &profiles[i];
    }
    if (first == NULL)
        return g_strdup("");
    return g_strdup_printf("%s..%s", first->name, last->name);
}

/* "migsim 0.1.0 (git 0573442) models lxd-5.0.0..lxd-6.9, incus-6.0.0..incus-6.0.6":
 * the git description is taken at build time (vcs_tag in sim/meson.build). */
static void
print_version(void)
{
    g_autofree char *lxd = release_range(FALSE);
    g_autofree char *incus = release_range(TRUE);
    const char *git = MS_BUILD_GIT_DESCRIBE;

    printf("migsim %s (%s%s) models %s%s%s\n", MS_VERSION_STRING,
           *git != '\0' ? "git " : "not built from git", git, lxd, *incus != '\0' ? ", " : "", incus);
}

/* Hidden: the command table, one "NAME<TAB>SUMMARY" line each, for the man
 * page generator (man/gen-man.py) and the shell completions. */
static void
dump_cli(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(commands); i++)
        printf("%s\t%s\n", commands[i].name, commands[i].summary);
}

int
main(int argc, char **argv)
{
    const char *name;

    setlocale(LC_ALL, "");
    if (argc < 2) {
        usage(stderr);
        return MS_EXIT_USAGE;
    }
    name = argv[1];
    if (g_str_equal(name, "--help") || g_str_equal(name, "-h") || g_str_equal(name, "help")) {
        if (argc > 2 && !g_str_equal(name, "--help") && !g_str_equal(name, "-h")) {
            char *help_argv[] = { argv[2], (char *) "--help", NULL };
            for (guint i = 0; i < G_N_ELEMENTS(commands); i++)
                if (g_str_equal(commands[i].name, argv[2]))
                    return run_command(&commands[i], 2, help_argv);
        }
        usage(stdout);
        return MS_EXIT_OK;
    }
    if (g_str_equal(name, "--version") || g_str_equal(name, "version")) {
        print_version();
        return MS_EXIT_OK;
    }
    if (g_str_equal(name, "--dump-cli")) {
        dump_cli();
        return MS_EXIT_OK;
    }
    for (guint i = 0; i < G_N_ELEMENTS(commands); i++) {
        if (g_str_equal(commands[i].name, name))
            return run_command(&commands[i], argc - 1, argv + 1);
    }
    fprintf(stderr, "migsim: error: unknown command '%s'\n\n", name);
    usage(stderr);
    return MS_EXIT_USAGE;
}
