/* migsim: `migsim explore` — options, the seed line, shrinking and writing
 * the violations.  Everything on stdout follows from the seed (and a step
 * budget); timings go to stderr. */
#include "ms-explore.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ms-cli.h"
#include "ms-cluster-hash.h"
#include "ms-explore-shard-cli.h"
#include "ms-scenario.h"

/* Default bounds: every sequence of up to three commands after the fixture
 * (about 2.6 million steps at 136 operations), which covers the #15218
 * sequence and finishes in seconds; deeper runs say so with --depth. */
#define DEFAULT_DEPTH_EXHAUSTIVE 3
#define DEFAULT_DEPTH_RANDOM 24
#define DEFAULT_BUDGET_RANDOM 1000000
#define DEFAULT_MAX_VIOLATIONS 16

/* --seed: a decimal number, 0x-prefixed hex, or any other word (a git commit,
 * a CI run id) hashed to 64 bits, as TigerBeetle's parse_seed does. */
static gboolean
parse_seed(const char *text, guint64 *seed)
{
    g_autoptr(GError) error = NULL;

    if (*text == '\0')
        return FALSE;
    if (g_ascii_isdigit(text[0]) && !g_str_has_prefix(text, "0x") &&
        g_ascii_string_to_unsigned(text, 10, 0, G_MAXUINT64, seed, NULL))
        return TRUE;
    if (g_str_has_prefix(text, "0x"))
        return g_ascii_string_to_unsigned(text + 2, 16, 0, G_MAXUINT64, seed, &error);
    for (const char *p = text; *p != '\0'; p++)
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '.')
            return FALSE;
    *seed = ms_hash_mix(ms_hash_string(text));
    return TRUE;
}

/* --budget: N steps, or Ns seconds ("30s", "0.5s"). */
static gboolean
parse_budget(const char *text, guint64 *steps, gdouble *seconds)
{
    gsize len = strlen(text);

    if (len > 1 && text[len - 1] == 's') {
        g_autofree char *number = g_strndup(text, len - 1);
        char *end = NULL;
        gdouble value = g_ascii_strtod(number, &end);
        if (end == NULL || *end != '\0' || !(value > 0) || value > 1e7)
            return FALSE;
        *seconds = value;
        return TRUE;
    }
    return g_ascii_string_to_unsigned(text, 10, 1, G_MAXUINT64, steps, NULL);
}

static char *
invariant_list(guint mask)
{
    g_autoptr(GString) out = g_string_new(NULL);

    for (guint i = 0; i < MS_INVARIANT_LAST; i++)
        if (mask & (1u << i))
            g_string_append_printf(out, "%s%s", out->len ? "," : "", ms_invariant_name(i));
    return g_string_free(g_steal_pointer(&out), FALSE);
}

static char *
budget_text(const MsExploreOptions *o)
{
    if (o->budget_seconds > 0)
        return g_strdup_printf("%gs", o->budget_seconds);
    if (o->budget_steps > 0)
        return g_strdup_printf("%" G_GUINT64_FORMAT, o->budget_steps);
    return g_strdup("none");
}

/* The command line that repeats this run. */
static char *
reproduce_command(const MsExploreOptions *o)
{
    g_autoptr(GString) out = g_string_new("migsim explore");
    g_autofree char *budget = budget_text(o);

    g_string_append_printf(out,
                           " --profile %s --members %u --depth %u --seed %" G_GUINT64_FORMAT " --strategy %s",
                           o->profile->name, o->n_members, o->depth, o->seed,
                           o->strategy == MS_STRATEGY_EXHAUSTIVE ? "exhaustive" : "random");
    if (!g_str_equal(budget, "none"))
        g_string_append_printf(out, " --budget %s", budget);
    if (o->concurrent)
        g_string_append(out, " --concurrent");
    if (o->fixture != MS_FIXTURE_STAGED)
        g_string_append_printf(out, " --fixture %s", ms_fixture_name(o->fixture));
    /* any number of jobs gives the same run: the command names one */
    if (o->jobs > 0)
        g_string_append(out, " --jobs 1");
    if (o->invariants != (1u << MS_INVARIANT_LAST) - 1)
        for (guint i = 0; i < MS_INVARIANT_LAST; i++)
            if (o->invariants & (1u << i))
                g_string_append_printf(out, " --invariant %s", ms_invariant_name(i));
    return g_string_free(g_steal_pointer(&out), FALSE);
}

static guint64
fresh_seed(void)
{
    /* Only the choice of seed is random; it is printed first and decides
     * everything after it. */
    g_autoptr(GRand) rand = g_rand_new();

    return ((guint64) g_rand_int(rand) << 32) | g_rand_int(rand);
}

static gboolean
write_violation(const char *out_dir, MsViolation *violation, guint number, char **path, GError **error)
{
    g_autofree char *name = g_strdup_printf("%s-%u.scn", ms_invariant_name(violation->invariant), number);

    if (g_mkdir_with_parents(out_dir, 0755) != 0)
        return ms_cli_throw(error, MS_EXIT_INTERNAL, "--out: cannot create %s: %s", out_dir,
                            g_strerror(errno));
    *path = g_build_filename(out_dir, name, NULL);
    return ms_cli_write_file(*path, violation->scenario, -1, error);
}

/* The command line's options as given, before they are checked. */
typedef struct {
    char *profile_name, *seed_text, *budget, *strategy, *out_dir, *depth_text, *shard_text, *fixture;
    char **invariant_names;
    gint members, max_violations, jobs; /* G_MININT: not given */
    gboolean concurrent, merge;
    guint shard, shards; /* --shard I/N, checked; shards 0: not given */
} ExploreArgs;

static void
explore_args_clear(ExploreArgs *args)
{
    g_free(args->profile_name);
    g_free(args->seed_text);
    g_free(args->budget);
    g_free(args->strategy);
    g_free(args->out_dir);
    g_free(args->depth_text);
    g_free(args->shard_text);
    g_free(args->fixture);
    g_strfreev(args->invariant_names);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(ExploreArgs, explore_args_clear)

/* --shard I/N: I from 0 to N-1 (a GitLab job passes
 * $((CI_NODE_INDEX - 1))/$CI_NODE_TOTAL). */
static gboolean
parse_shard(const char *text, guint *shard, guint *shards)
{
    g_auto(GStrv) parts = g_strsplit(text, "/", -1);
    guint64 i, n;

    if (g_strv_length(parts) != 2 || !g_ascii_string_to_unsigned(parts[0], 10, 0, G_MAXUINT, &i, NULL) ||
        !g_ascii_string_to_unsigned(parts[1], 10, 0, G_MAXUINT, &n, NULL) || n == 0 || n > 4096 || i >= n)
        return FALSE;
    *shard = (guint) i;
    *shards = (guint) n;
    return TRUE;
}

/* --shard: a whole exhaustive search, cut by units, written to --out. */
static gboolean
shard_options(ExploreArgs *args, const MsExploreOptions *options, GError **error)
{
    if (args->shard_text == NULL)
        return TRUE;
    if (!parse_shard(args->shard_text, &args->shard, &args->shards)) {
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "--shard: expected I/N with N from 1 to 4096 and I from 0 to N-1, got '%s'",
                            args->shard_text);
    }
    if (options->strategy != MS_STRATEGY_EXHAUSTIVE)
        return ms_cli_throw(error, MS_EXIT_USAGE, "--shard: only the exhaustive strategy is partitioned");
    /* a budget ends the search at a step count that no shard can know */
    if (args->budget != NULL) {
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "--shard: a sharded search runs to the end; bound it with --depth, not --budget");
    }
    if (args->out_dir == NULL)
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "--shard: needs --out DIR, where the shard's units are written");
    return TRUE;
}

/* The explorer's options from the command line's, checked; FALSE with a
 * usage error. */
static gboolean
explore_options(ExploreArgs *args, MsExploreOptions *options, GError **error)
{
    gint64 depth;

    if (!ms_cli_parse_profile(args->profile_name, &options->profile, error))
        return FALSE;
    if (options->profile == NULL)
        options->profile = ms_profile_latest();
    if (args->members != G_MININT && (args->members < 1 || args->members > 9)) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "--members: expected 1 to 9, got %d", args->members);
    }
    options->n_members = args->members == G_MININT ? 3 : (guint) args->members;
    /* G_MININT: not given, the sequential search */
    if (args->jobs != G_MININT && (args->jobs < 1 || args->jobs > 64))
        return ms_cli_throw(error, MS_EXIT_USAGE, "--jobs: expected 1 to 64, got %d", args->jobs);
    options->jobs = args->jobs == G_MININT ? 0 : (guint) args->jobs;
    if (args->strategy == NULL || g_str_equal(args->strategy, "exhaustive")) {
        options->strategy = MS_STRATEGY_EXHAUSTIVE;
    } else if (g_str_equal(args->strategy, "random")) {
        options->strategy = MS_STRATEGY_RANDOM;
    } else {
        return ms_cli_throw(error, MS_EXIT_USAGE, "--strategy: expected exhaustive or random, got '%s'",
                            args->strategy);
    }
    /* read as text: an int option cannot tell "not given" from any value a
     * user may type, -1 included */
    if (args->depth_text == NULL) {
        depth = options->strategy == MS_STRATEGY_EXHAUSTIVE ? DEFAULT_DEPTH_EXHAUSTIVE : DEFAULT_DEPTH_RANDOM;
    } else if (!g_ascii_string_to_signed(args->depth_text, 10, 1, 200, &depth, NULL)) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "--depth: expected 1 to 200, got '%s'", args->depth_text);
    }
    options->depth = (guint) depth;
    if (options->jobs > 0 && options->strategy != MS_STRATEGY_EXHAUSTIVE)
        return ms_cli_throw(error, MS_EXIT_USAGE, "--jobs: only the exhaustive strategy is partitioned");
    if (args->max_violations != G_MININT && args->max_violations < 1) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "--max-violations: expected at least 1, got %d",
                            args->max_violations);
    }
    options->max_violations =
        args->max_violations == G_MININT ? DEFAULT_MAX_VIOLATIONS : (guint) args->max_violations;
    if (args->seed_text != NULL && !parse_seed(args->seed_text, &options->seed)) {
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "--seed: expected a number, 0xHEX or a word of letters and digits, got '%s'",
                            args->seed_text);
    }
    if (args->seed_text == NULL)
        options->seed = fresh_seed();
    if (args->budget != NULL &&
        !parse_budget(args->budget, &options->budget_steps, &options->budget_seconds)) {
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "--budget: expected a number of steps or seconds such as 30s, got '%s'",
                            args->budget);
    }
    if (args->budget == NULL && options->strategy == MS_STRATEGY_RANDOM)
        options->budget_steps = DEFAULT_BUDGET_RANDOM;
    for (guint i = 0; args->invariant_names != NULL && args->invariant_names[i] != NULL; i++) {
        MsInvariant invariant;
        if (!ms_invariant_from_name(args->invariant_names[i], &invariant)) {
            return ms_cli_throw(
                error, MS_EXIT_USAGE,
                "--invariant: unknown invariant '%s' (restore-roundtrip, accepted-stays-valid, "
                "no-evacuated-target, evacuate-empties, no-stranded)",
                args->invariant_names[i]);
        }
        options->invariants |= 1u << invariant;
    }
    if (options->invariants == 0)
        options->invariants = (1u << MS_INVARIANT_LAST) - 1;
    /* the directory itself is made only when a violation is written, so
     * a run that finds nothing leaves no trace; what cannot work is
     * refused now */
    if (args->out_dir != NULL && g_file_test(args->out_dir, G_FILE_TEST_EXISTS) &&
        !g_file_test(args->out_dir, G_FILE_TEST_IS_DIR)) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "--out: %s exists and is not a directory", args->out_dir);
    }
    if (args->fixture == NULL || g_str_equal(args->fixture, "staged")) {
        options->fixture = MS_FIXTURE_STAGED;
    } else if (g_str_equal(args->fixture, "neutral")) {
        options->fixture = MS_FIXTURE_NEUTRAL;
    } else {
        return ms_cli_throw(error, MS_EXIT_USAGE, "--fixture: expected staged or neutral, got '%s'",
                            args->fixture);
    }
    options->progress = isatty(fileno(stderr));
    options->concurrent = args->concurrent;
    return shard_options(args, options, error);
}

/* Shrinks and prints each violation, and writes it to @out_dir when given
 * (the first write error in @write_error); FALSE when a shrunk scenario
 * does not reproduce or could not be written. */
static gboolean
print_violations(MsExploreResult *result, const MsExploreOptions *options, const char *reproduce,
                 const char *out_dir, GError **write_error)
{
    gboolean all_written = TRUE;

    for (guint i = 0; i < result->violations->len; i++) {
        MsViolation *violation = result->violations->pdata[i];
        g_autofree char *provenance =
            g_strdup_printf("found by: %s (after %" G_GUINT64_FORMAT " states, depth %u)", reproduce,
                            violation->found_at, violation->found_depth);
        g_autofree char *path = NULL;

        ms_explore_shrink(violation, options->profile, provenance);
        printf("violation %u: %s\n", i + 1, violation->signature);
        printf("  %s\n", violation->message);
        printf("  found after %" G_GUINT64_FORMAT
               " states at depth %u; shrunk from %u to %u commands after the set-up\n",
               violation->found_at, violation->found_depth, violation->found->ops->len,
               violation->shrunk->ops->len);
        if (violation->scenario == NULL || !violation->verified) {
            printf("  the shrunk scenario does not reproduce under 'migsim run' (a migsim bug)\n");
            all_written = FALSE;
        }
        if (violation->scenario == NULL)
            continue;
        if (out_dir != NULL) {
            /* the first failure is the one reported; the others are alike */
            if (write_violation(out_dir, violation, i + 1, &path, *write_error == NULL ? write_error : NULL))
                printf("  wrote %s\n", path);
            else
                all_written = FALSE;
        } else {
            printf("%s", violation->scenario);
        }
    }
    return all_written;
}

/* The closing lines: what was explored, and how to repeat it; the timing
 * on stderr. */
static void
print_summary(const MsExploreResult *result, const MsExploreOptions *options, const char *reproduce)
{
    printf("explored %" G_GUINT64_FORMAT " states (%" G_GUINT64_FORMAT " distinct)", result->steps,
           result->distinct);
    if (options->strategy == MS_STRATEGY_EXHAUSTIVE)
        printf(", every sequence up to depth %u%s", result->depth_reached,
               result->exhausted ? " covered" : " covered before the budget ran out");
    printf("; %u violation%s\n", result->violations->len, result->violations->len == 1 ? "" : "s");
    /* a merge (seconds 0) explored nothing itself */
    if (result->seconds > 0)
        fprintf(stderr, "explore: %.2f s, %.0f states/s\n", result->seconds, result->steps / result->seconds);
    if (result->violations->len > 0)
        printf("reproduce: %s\n", reproduce);
}

/* The first line: the seed and every parameter derived from it. */
static void
print_header(const MsExploreOptions *options)
{
    g_autoptr(MsUniverse) universe = ms_universe_new(options);
    g_autofree char *invariants_text = invariant_list(options->invariants);
    g_autofree char *budget_line = budget_text(options);

    g_autofree char *fixture = options->fixture == MS_FIXTURE_STAGED
                                   ? g_strdup_printf("%u", universe->fixture->len)
                                   : g_strdup(ms_fixture_name(options->fixture));

    printf("SEED=%" G_GUINT64_FORMAT " profile=%s members=%u strategy=%s depth=%u budget=%s "
           "invariants=%s fixture=%s alphabet=%u\n",
           options->seed, options->profile->name, options->n_members,
           options->strategy == MS_STRATEGY_EXHAUSTIVE ? "exhaustive" : "random", options->depth, budget_line,
           invariants_text, fixture, universe->alphabet->len);
    fflush(stdout);
}

/* Shrinks, prints and writes the violations of a whole search, and the
 * summary; the exit status of `explore`. */
static gboolean
report_search(MsExploreResult *result, const MsExploreOptions *options, const char *out_dir, GError **error)
{
    g_autofree char *reproduce = reproduce_command(options);
    g_autoptr(GError) write_error = NULL;
    gboolean all_written = print_violations(result, options, reproduce, out_dir, &write_error);

    print_summary(result, options, reproduce);
    if (write_error != NULL) {
        g_propagate_error(error, g_steal_pointer(&write_error));
        return FALSE;
    }
    if (!all_written)
        return ms_cli_status(error, MS_EXIT_INTERNAL);
    return ms_cli_status(error, result->violations->len > 0 ? MS_EXIT_FAILED : MS_EXIT_OK);
}

/* `--shard I/N`: runs the shard's units and writes them to --out; the
 * verdict is the merge's, so a shard that ran exits 0 whatever it found. */
static gboolean
run_shard(const ExploreArgs *args, const MsExploreOptions *options, GError **error)
{
    g_autoptr(GArray) owned = g_array_new(FALSE, FALSE, sizeof(guint));
    g_autoptr(GPtrArray) units = NULL;
    g_autoptr(GHashTable) signatures = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GHashTable) distinct = g_hash_table_new(g_int64_hash, g_int64_equal);
    g_autoptr(GTimer) timer = g_timer_new();
    guint64 steps = 0;

    print_header(options);
    units = ms_explore_run_shard(options, args->shard, args->shards, owned);
    printf("shard %u/%u: %u of %u units\n", args->shard, args->shards, owned->len,
           ms_explore_unit_count(options));
    for (guint i = 0; i < units->len; i++) {
        const MsExploreUnitResult *unit = units->pdata[i];

        steps += unit->result->steps;
        for (guint h = 0; h < unit->hashes->len; h++)
            g_hash_table_add(distinct, &g_array_index(unit->hashes, guint64, h));
        for (guint v = 0; v < unit->result->violations->len; v++) {
            const MsViolation *violation = unit->result->violations->pdata[v];
            if (g_hash_table_add(signatures, violation->signature))
                printf("finding: %s\n", violation->signature);
        }
    }
    printf("explored %" G_GUINT64_FORMAT " states (%u distinct) in this shard's units; %u signature%s\n",
           steps, g_hash_table_size(distinct), g_hash_table_size(signatures),
           g_hash_table_size(signatures) == 1 ? "" : "s");
    fprintf(stderr, "explore: %.2f s, %.0f states/s\n", g_timer_elapsed(timer, NULL),
            steps / MAX(g_timer_elapsed(timer, NULL), 1e-9));
    if (!ms_explore_shard_write(args->out_dir, options, args->shard, args->shards, units, error))
        return FALSE;
    printf("wrote %s/shard.json and %s/states.bin; merge all %u: migsim explore --merge DIR...\n",
           args->out_dir, args->out_dir, args->shards);
    return TRUE;
}

/* `--merge DIR...`: every shard's units merged as `--jobs` merges its
 * threads'; the output of `migsim explore ... --jobs 1`. */
static gboolean
run_merge(const ExploreArgs *args, char **dirs, GError **error)
{
    static const char *const search_options[] = { "--profile",  "--members",        "--depth",
                                                  "--seed",     "--budget",         "--invariant",
                                                  "--strategy", "--max-violations", "--concurrent",
                                                  "--jobs",     "--shard" };
    const gboolean given[] = { args->profile_name != NULL, args->members != G_MININT,
                               args->depth_text != NULL,   args->seed_text != NULL,
                               args->budget != NULL,       args->invariant_names != NULL,
                               args->strategy != NULL,     args->max_violations != G_MININT,
                               args->concurrent,           args->jobs != G_MININT,
                               args->shard_text != NULL };
    g_autoptr(GPtrArray) units = g_ptr_array_new_with_free_func((GDestroyNotify) ms_explore_unit_result_free);
    g_autoptr(MsExploreResult) result = NULL;
    MsExploreOptions options = { 0 };
    guint missing = 0;

    G_STATIC_ASSERT(G_N_ELEMENTS(search_options) == G_N_ELEMENTS(given));
    for (guint i = 0; i < G_N_ELEMENTS(given); i++)
        if (given[i]) {
            return ms_cli_throw(error, MS_EXIT_USAGE,
                                "--merge: the search comes from the shards; %s is not taken",
                                search_options[i]);
        }
    if (dirs[0] == NULL)
        return ms_cli_throw(error, MS_EXIT_USAGE, "--merge: expected the shard directories, got none");
    if (args->out_dir != NULL && g_file_test(args->out_dir, G_FILE_TEST_EXISTS) &&
        !g_file_test(args->out_dir, G_FILE_TEST_IS_DIR))
        return ms_cli_throw(error, MS_EXIT_USAGE, "--out: %s exists and is not a directory", args->out_dir);
    if (!ms_explore_shard_load(dirs, &options, units, error))
        return FALSE;
    print_header(&options);
    result = ms_explore_merge_units(&options, units, &missing);
    if (result == NULL)
        return ms_cli_throw(error, MS_EXIT_INPUT, "--merge: no shard holds unit %u", missing);
    result->seconds = 0;
    return report_search(result, &options, args->out_dir, error);
}

gboolean
ms_cmd_explore(int argc, char **argv, GError **error)
{
    g_auto(ExploreArgs) args = { .members = G_MININT, .max_violations = G_MININT, .jobs = G_MININT };
    GOptionEntry entries[] = {
        { "profile", 'p', 0, G_OPTION_ARG_STRING, &args.profile_name,
          "LXD release to simulate (default: the latest)", "lxd-X.Y.Z" },
        { "members", 0, 0, G_OPTION_ARG_INT, &args.members,
          "cluster members in the universe (1-9, default 3)", "N" },
        { "depth", 0, 0, G_OPTION_ARG_STRING, &args.depth_text,
          "commands after the fixture: exhaustive bound (default 3) or walk length (default 24)", "D" },
        { "seed", 0, 0, G_OPTION_ARG_STRING, &args.seed_text,
          "64-bit seed: decimal, 0xHEX, or a word such as a git commit (default: drawn and printed)", "S" },
        { "budget", 0, 0, G_OPTION_ARG_STRING, &args.budget,
          "stop after STEPS operations or SECONDS (e.g. 30s)", "STEPS|SECONDSs" },
        { "invariant", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args.invariant_names,
          "check only this invariant (repeatable; default all)", "NAME" },
        { "strategy", 0, 0, G_OPTION_ARG_STRING, &args.strategy, "exhaustive (default) or random",
          "exhaustive|random" },
        { "out", 0, 0, G_OPTION_ARG_FILENAME, &args.out_dir,
          "write each shrunk violation as DIR/INVARIANT-N.scn", "DIR" },
        { "max-violations", 0, 0, G_OPTION_ARG_INT, &args.max_violations,
          "stop after this many distinct violations (default 16)", "N" },
        { "concurrent", 0, 0, G_OPTION_ARG_NONE, &args.concurrent,
          "search interleavings of evacuate/restore/move run with '&', 'step %N', 'wait'", NULL },
        { "jobs", 'j', 0, G_OPTION_ARG_INT, &args.jobs,
          "the partitioned exhaustive search on N threads (1-64; the same output for every N)", "N" },
        { "shard", 0, 0, G_OPTION_ARG_STRING, &args.shard_text,
          "run shard I (0 to N-1) of the partitioned search's units, written to --out for --merge", "I/N" },
        { "fixture", 0, 0, G_OPTION_ARG_STRING, &args.fixture,
          "staged (default: the #15218 pieces created first) or neutral (members only; the alphabet creates "
          "pools, volumes and instances)",
          "staged|neutral" },
        { "merge", 0, 0, G_OPTION_ARG_NONE, &args.merge,
          "merge the shard directories given as arguments into the whole search's result", NULL },
        { NULL },
    };
    g_autoptr(GOptionContext) context =
        g_option_context_new("[--merge DIR...] - search for invariant violations");
    g_autoptr(MsExploreResult) result = NULL;
    MsExploreOptions options = { 0 };

    g_option_context_add_main_entries(context, entries, NULL);
    g_option_context_set_description(
        context,
        "Invariants: restore-roundtrip, accepted-stays-valid, no-evacuated-target, evacuate-empties\n"
        "(docs/explore.md).  Exit status: 0 no violation (a --shard: it ran), 1 violations found,\n"
        "2 usage error, 3 a --merge directory that is not a shard of the same search or a shard\n"
        "missing, 99 a shrunk scenario did not reproduce or could not be written.\n"
        "Example: migsim explore --profile lxd-5.21.7 --out found/");
    if (!ms_cli_parse_options(context, &argc, &argv, "explore", error))
        return FALSE;
    if (args.merge) {
        g_auto(GStrv) dirs = g_new0(char *, argc);

        for (int i = 1; i < argc; i++)
            dirs[i - 1] = g_strdup(argv[i]);
        return run_merge(&args, dirs, error);
    }
    if (argc > 1) {
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "explore: unexpected argument '%s' (see 'migsim explore --help')", argv[1]);
    }
    if (!explore_options(&args, &options, error))
        return FALSE;
    if (args.shards > 0)
        return run_shard(&args, &options, error);

    print_header(&options);
    result = options.jobs > 0 ? ms_explore_run_jobs(&options) : ms_explore_run(&options);
    return report_search(result, &options, args.out_dir, error);
}
