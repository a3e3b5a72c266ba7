/* migsim: the coverage and matrix commands. */
#include "ms-cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ms-report-writers.h"

gboolean
ms_cmd_coverage(int argc, char **argv, GError **error)
{
    g_autofree char *profile_name = NULL, *json_path = NULL, *lcov_path = NULL;
    g_autofree char *fail_under_text = NULL;
    gboolean all_profiles = FALSE;
    /* NaN = not given: every comparison with it is false */
    double fail_under = NAN;
    GOptionEntry entries[] = {
        { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name,
          "coverage under this release, from the scenarios written for it", "lxd-X.Y.Z" },
        { "all-profiles", 0, 0, G_OPTION_ARG_NONE, &all_profiles,
          "every release: a table of rules by release", NULL },
        { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, "also write the table as JSON", "FILE" },
        { "lcov", 0, 0, G_OPTION_ARG_FILENAME, &lcov_path,
          "also write an lcov tracefile (genhtml from the source root)", "FILE" },
        { "fail-under", 0, 0, G_OPTION_ARG_STRING, &fail_under_text,
          "exit 1 when a release's coverage is below PCT", "PCT" },
        { NULL },
    };
    g_autoptr(GOptionContext) context =
        g_option_context_new("FILE|DIR... - rule outcomes exercised and right, per release");
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) scenarios = g_ptr_array_new_with_free_func((GDestroyNotify) ms_scenario_free);
    g_autoptr(GPtrArray) coverages = g_ptr_array_new_with_free_func((GDestroyNotify) ms_coverage_free);
    g_autofree char *table = NULL;
    const MsProfile *only = NULL;
    const MsRuleSite *sites;
    guint n_sites, n_profiles;
    const MsProfile *profiles = ms_profiles(&n_profiles);
    int status = MS_EXIT_OK;

    g_option_context_add_main_entries(context, entries, NULL);
    g_option_context_set_description(
        context,
        "Each scenario runs only under the releases it is written for: its 'profile' line, else its\n"
        "'releases' line, else the releases its Error[SET]/expect[SET] lines name, else the latest.\n"
        "An outcome counts when it comes from a command whose expectation was checked and held,\n"
        "before the run's first missed expectation; it counts at its check site in model/, and a\n"
        "site is covered when it gave every outcome it can give (pass and fail).  The percentage\n"
        "is covered check sites of two-way rules; one-way rules, constant checks and rules migsim\n"
        "never evaluates are listed apart.  Without --profile or --all-profiles: every release\n"
        "some scenario is written for.\n"
        "Exit status: 0 ok, 1 a release below --fail-under, 2 usage error, 3 bad scenario,\n"
        "99 a check at no known site (stale site table) or a file that could not be written.");
    if (!ms_cli_parse_options(context, &argc, &argv, "coverage", error))
        return FALSE;
    if (argc < 2) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "coverage: no scenario given");
    }
    if (fail_under_text != NULL) {
        char *end = NULL;
        fail_under = g_ascii_strtod(fail_under_text, &end);
        if (end == fail_under_text || *end != '\0' || isnan(fail_under))
            fail_under = -1;
    }
    if (fail_under_text != NULL && !(fail_under >= 0 && fail_under <= 100)) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "--fail-under: expected a percentage between 0 and 100");
    }
    if (profile_name != NULL && all_profiles) {
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "coverage: --profile and --all-profiles exclude each other");
    }
    if (!ms_cli_parse_profile(profile_name, &only, error) || !ms_cli_collect_files(argv + 1, files, error))
        return FALSE;
    if (!ms_cli_load_scenarios(files, NULL, scenarios, error))
        return FALSE;
    for (guint i = 0; i < scenarios->len; i++) {
        g_autoptr(GError) local = NULL;
        MsRunOptions options = { NULL };
        if (ms_runner_pick_profile(scenarios->pdata[i], &options, &local) == NULL) {
            return ms_cli_throw(error, MS_EXIT_INPUT, "%s", local->message);
        }
    }

    sites = ms_rule_sites(&n_sites);
    for (guint p = 0; p < n_profiles; p++) {
        const MsProfile *profile = &profiles[p];
        g_autoptr(MsCoverage) coverage = NULL;
        gboolean any = FALSE;

        for (guint i = 0; i < scenarios->len; i++)
            any |= ms_cli_written_for(scenarios->pdata[i], profile);
        if (only != NULL ? profile != only : !all_profiles && !any)
            continue;
        coverage = ms_coverage_new(profile, sites, n_sites);
        for (guint i = 0; i < scenarios->len; i++) {
            MsRunOptions options = { profile };
            g_autoptr(MsScenarioResult) result = NULL;
            if (!ms_cli_written_for(scenarios->pdata[i], profile))
                continue;
            result = ms_runner_run(scenarios->pdata[i], profile, &options, NULL);
            ms_coverage_add(coverage, result);
        }
        ms_coverage_finish(coverage);
        g_ptr_array_add(coverages, g_steal_pointer(&coverage));
    }

    table = ms_report_coverage_text(coverages);
    fputs(table, stdout);
    if (json_path != NULL) {
        g_autofree char *json = ms_report_coverage_json(coverages);
        if (!ms_cli_write_file(json_path, json, -1, error))
            return FALSE;
    }
    if (lcov_path != NULL) {
        g_autofree char *lcov = ms_report_coverage_lcov(coverages);
        if (!ms_cli_write_file(lcov_path, lcov, -1, error))
            return FALSE;
    }
    for (guint r = 0; r < coverages->len; r++) {
        const MsCoverage *c = coverages->pdata[r];
        if (c->unmapped->len > 0)
            return ms_cli_throw(
                error, MS_EXIT_INTERNAL,
                "%s: %u rule check(s) at no known check site: the site table is stale (a bug)",
                c->profile->name, c->unmapped->len);
        if (!isnan(fail_under) && ms_coverage_percent(c) < fail_under) {
            fprintf(stderr, "migsim: %s: rule coverage %.1f%% is below %.1f%%\n", c->profile->name,
                    ms_coverage_percent(c), fail_under);
            status = MS_EXIT_FAILED;
        }
    }
    return ms_cli_status(error, status);
}

/* ---- migsim matrix ---- */

/* Is @r a release the scenario is written for (its expectations checked),
 * rather than one of the other product shown beside them? */
static gboolean
checked_row(const MsScenario *scenario, const MsScenarioResult *r)
{
    return ms_release_mask_has(ms_scenario_releases(scenario), r->profile);
}

static void
print_matrix(const MsScenario *scenario, GPtrArray *results, GArray *columns)
{
    g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func(g_free);

    printf("%-12s", "release");
    for (guint c = 0; c < columns->len; c++) {
        const MsStepResult *st =
            ((MsScenarioResult *) results->pdata[0])->steps->pdata[g_array_index(columns, guint, c)];
        g_autofree char *head = g_strdup_printf("L%u", st->line);
        printf(" %-6s", head);
    }
    printf("\n");
    for (guint p = 0; p < results->len; p++) {
        const MsScenarioResult *r = results->pdata[p];
        printf("%-12s", r->profile->name);
        for (guint c = 0; c < columns->len; c++) {
            const MsStepResult *st = r->steps->pdata[g_array_index(columns, guint, c)];
            g_autofree char *cell = NULL;
            if (st->outcome->ok) {
                cell = g_strdup("ok");
            } else {
                guint code = 0;
                for (guint e = 0; e < errors->len; e++)
                    if (g_str_equal(errors->pdata[e], st->outcome->client_error))
                        code = e + 1;
                if (code == 0) {
                    g_ptr_array_add(errors, g_strdup(st->outcome->client_error));
                    code = errors->len;
                }
                cell = g_strdup_printf("E%u", code);
            }
            if (!st->met && checked_row(scenario, r)) {
                char *marked = g_strconcat(cell, "!", NULL);
                g_free(cell);
                cell = marked;
            }
            printf(" %-6s", cell);
        }
        printf("\n");
    }
    printf("\ncommands:\n");
    for (guint c = 0; c < columns->len; c++) {
        const MsStepResult *st =
            ((MsScenarioResult *) results->pdata[0])->steps->pdata[g_array_index(columns, guint, c)];
        printf("  L%-4u %s\n", st->line, st->text);
    }
    if (errors->len > 0) {
        printf("errors:\n");
        for (guint e = 0; e < errors->len; e++)
            printf("  E%-4u Error: %s\n", e + 1, (char *) errors->pdata[e]);
    }
}

/* Error code of @st's outcome in @errors (1-based; added when new), 0 for ok. */
static guint
error_code(GPtrArray *errors, const MsStepResult *st)
{
    if (st->outcome->ok)
        return 0;
    for (guint e = 0; e < errors->len; e++)
        if (g_str_equal(errors->pdata[e], st->outcome->client_error))
            return e + 1;
    g_ptr_array_add(errors, g_strdup(st->outcome->client_error));
    return errors->len;
}

static const MsStepResult *
column_step(GPtrArray *results, guint p, GArray *columns, guint c)
{
    return ((MsScenarioResult *) results->pdata[p])->steps->pdata[g_array_index(columns, guint, c)];
}

/* --json: the same table for scripts (docs/scenario-language.md#matrix-as-json-and-markdown). */
static void
print_matrix_json(const MsScenario *scenario, GPtrArray *results, GArray *columns)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *text = NULL;
    gboolean passed = TRUE;

    json_builder_begin_object(b);
    ms_json_set_string(b, "schema", "migsim-matrix");
    ms_json_set_int(b, "schema_version", 1);
    ms_json_set_string(b, "path", scenario->path);
    ms_json_set_string(b, "title", scenario->title);
    json_builder_set_member_name(b, "columns");
    json_builder_begin_array(b);
    for (guint c = 0; c < columns->len; c++) {
        const MsStepResult *st = column_step(results, 0, columns, c);
        json_builder_begin_object(b);
        ms_json_set_int(b, "line", st->line);
        ms_json_set_string(b, "command", st->text);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "rows");
    json_builder_begin_array(b);
    for (guint p = 0; p < results->len; p++) {
        const MsScenarioResult *r = results->pdata[p];
        gboolean checked = checked_row(scenario, r);

        json_builder_begin_object(b);
        ms_json_set_string(b, "release", r->profile->name);
        ms_json_set_bool(b, "checked", checked);
        json_builder_set_member_name(b, "cells");
        json_builder_begin_array(b);
        for (guint c = 0; c < columns->len; c++) {
            const MsStepResult *st = column_step(results, p, columns, c);
            guint code = error_code(errors, st);
            g_autofree char *cell = code == 0 ? g_strdup("ok") : g_strdup_printf("E%u", code);

            json_builder_begin_object(b);
            ms_json_set_string(b, "outcome", cell);
            json_builder_set_member_name(b, "met");
            if (checked)
                json_builder_add_boolean_value(b, st->met);
            else
                json_builder_add_null_value(b);
            json_builder_end_object(b);
        }
        json_builder_end_array(b);
        json_builder_set_member_name(b, "unmet");
        json_builder_begin_array(b);
        for (guint s = 0; checked && s < r->steps->len; s++) {
            const MsStepResult *st = r->steps->pdata[s];
            if (st->met)
                continue;
            passed = FALSE;
            json_builder_begin_object(b);
            ms_json_set_int(b, "line", st->line);
            ms_json_set_string(b, "text", st->text);
            json_builder_set_member_name(b, "mismatch");
            json_builder_add_string_value(b, st->mismatch);
            json_builder_end_object(b);
        }
        json_builder_end_array(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "errors");
    json_builder_begin_array(b);
    for (guint e = 0; e < errors->len; e++)
        json_builder_add_string_value(b, errors->pdata[e]);
    json_builder_end_array(b);
    ms_json_set_bool(b, "passed", passed);
    json_builder_end_object(b);
    text = ms_report_json_finish(b);
    fputs(text, stdout);
}

/* Text in a Markdown table cell: '|' and line breaks would end it. */
static void
md_cell(const char *text)
{
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '|')
            fputs("\\|", stdout);
        else if (*p == '\n' || *p == '\r')
            fputc(' ', stdout);
        else if (*p == '`')
            fputs("\\`", stdout);
        else
            fputc(*p, stdout);
    }
}

/* --markdown: the table for an issue or a wiki page. */
static void
print_matrix_markdown(const MsScenario *scenario, GPtrArray *results, GArray *columns)
{
    g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func(g_free);
    guint n_unmet = 0;

    printf("### ");
    md_cell(scenario->path);
    if (scenario->title != NULL) {
        printf(": ");
        md_cell(scenario->title);
    }
    printf("\n\n| release |");
    for (guint c = 0; c < columns->len; c++)
        printf(" L%u |", column_step(results, 0, columns, c)->line);
    printf("\n|---|");
    for (guint c = 0; c < columns->len; c++)
        printf("---|");
    printf("\n");
    for (guint p = 0; p < results->len; p++) {
        const MsScenarioResult *r = results->pdata[p];
        printf("| %s%s |", r->profile->name, checked_row(scenario, r) ? "" : " (not checked)");
        for (guint c = 0; c < columns->len; c++) {
            const MsStepResult *st = column_step(results, p, columns, c);
            guint code = error_code(errors, st);
            gboolean unmet = !st->met && checked_row(scenario, r);
            if (code == 0)
                printf(" ok%s |", unmet ? " **!**" : "");
            else
                printf(" E%u%s |", code, unmet ? " **!**" : "");
        }
        printf("\n");
    }
    printf("\nCommands:\n\n");
    for (guint c = 0; c < columns->len; c++) {
        const MsStepResult *st = column_step(results, 0, columns, c);
        printf("- L%u: `", st->line);
        md_cell(st->text);
        printf("`\n");
    }
    if (errors->len > 0) {
        printf("\nErrors:\n\n");
        for (guint e = 0; e < errors->len; e++) {
            printf("- E%u: `Error: ", e + 1);
            md_cell(errors->pdata[e]);
            printf("`\n");
        }
    }
    for (guint p = 0; p < results->len; p++) {
        const MsScenarioResult *r = results->pdata[p];
        for (guint s = 0; checked_row(scenario, r) && s < r->steps->len; s++) {
            const MsStepResult *st = r->steps->pdata[s];
            if (st->met)
                continue;
            if (n_unmet++ == 0)
                printf("\nExpectations that did not hold (**!**):\n\n");
            printf("- %s, L%u `", r->profile->name, st->line);
            md_cell(st->text);
            printf("`: ");
            md_cell(st->mismatch);
            printf("\n");
        }
    }
}

/* Every expectation that did not hold, by release: matrix checks each
 * release against its own expectations (`Error[SET]:`, `expect[SET]`). */
static int
print_unmet(const MsScenario *scenario, GPtrArray *results)
{
    guint n_unmet = 0;

    for (guint p = 0; p < results->len; p++) {
        const MsScenarioResult *r = results->pdata[p];
        if (!checked_row(scenario, r))
            continue;
        for (guint s = 0; s < r->steps->len; s++) {
            const MsStepResult *st = r->steps->pdata[s];
            if (st->met)
                continue;
            if (n_unmet++ == 0)
                printf("\nexpectations that did not hold:\n");
            printf("  %-11s L%-4u %s: %s\n", r->profile->name, st->line, st->text, st->mismatch);
        }
    }
    return n_unmet > 0 ? MS_EXIT_FAILED : MS_EXIT_OK;
}

gboolean
ms_cmd_matrix(int argc, char **argv, GError **error)
{
    gboolean all_steps = FALSE, json = FALSE, markdown = FALSE;
    GOptionEntry entries[] = {
        { "all", 'a', 0, G_OPTION_ARG_NONE, &all_steps,
          "show every command, not only those whose outcome differs between releases", NULL },
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, "print the matrix as JSON", NULL },
        { "markdown", 0, 0, G_OPTION_ARG_NONE, &markdown, "print the matrix as a Markdown table", NULL },
        { NULL },
    };
    g_autoptr(GOptionContext) context = g_option_context_new("FILE - run one scenario under every release");
    g_autoptr(MsScenario) scenario = NULL;
    g_autoptr(GError) local = NULL;
    g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func((GDestroyNotify) ms_scenario_result_free);
    g_autoptr(GArray) columns = g_array_new(FALSE, FALSE, sizeof(guint));
    guint n_profiles;
    const MsProfile *profiles = ms_profiles(&n_profiles);
    guint n_steps;

    g_option_context_add_main_entries(context, entries, NULL);
    g_option_context_set_description(
        context,
        "Rows are releases, columns are the scenario's commands (by line); a cell is 'ok' or\n"
        "an error code explained under the table; '!' marks a cell that misses the scenario's expectation.\n"
        "Each release is checked against its own expectations (Error[SET]:, expect[SET]); only the\n"
        "releases of the scenario's 'releases' line run; without one, every LXD and Incus release runs and\n"
        "the other product's rows are shown, not checked.  Exit status: 0 every expectation held in\n"
        "every release, 1 one did not (listed under the table), 2 usage error, 3 bad scenario.");
    if (!ms_cli_parse_options(context, &argc, &argv, "matrix", error))
        return FALSE;
    if (argc != 2) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "matrix: expected exactly one scenario file");
    }
    if (json && markdown)
        return ms_cli_throw(error, MS_EXIT_USAGE, "matrix: --json and --markdown exclude each other");
    if (!ms_cli_check_one_file(argv[1], "matrix", error))
        return FALSE;
    scenario = ms_scenario_load(argv[1], &local);
    if (scenario == NULL) {
        return ms_cli_throw_lines(error, MS_EXIT_INPUT, local->message);
    }
    /* without a 'releases' line, the other product's releases too (LXD
     * and Incus side by side), shown but not checked */
    for (guint p = 0; p < n_profiles; p++) {
        MsRunOptions options = { &profiles[p] };
        if (ms_release_mask_has(ms_scenario_releases(scenario), &profiles[p]) || scenario->releases == 0)
            g_ptr_array_add(results, ms_runner_run(scenario, &profiles[p], &options, NULL));
    }
    n_steps = ((MsScenarioResult *) results->pdata[0])->steps->len;
    for (guint s = 0; s < n_steps; s++) {
        const MsStepResult *first = ((MsScenarioResult *) results->pdata[0])->steps->pdata[s];
        gboolean differs = FALSE;
        if (first->kind != MS_RESULT_COMMAND)
            continue;
        for (guint p = 1; p < results->len; p++) {
            const MsStepResult *other = ((MsScenarioResult *) results->pdata[p])->steps->pdata[s];
            differs |= other->outcome->ok != first->outcome->ok || other->met != first->met ||
                       g_strcmp0(other->outcome->client_error, first->outcome->client_error) != 0;
        }
        if (differs || all_steps)
            g_array_append_val(columns, s);
    }

    if (json || markdown) {
        gboolean unmet = FALSE;

        if (json)
            print_matrix_json(scenario, results, columns);
        else
            print_matrix_markdown(scenario, results, columns);
        for (guint p = 0; p < results->len; p++) {
            const MsScenarioResult *r = results->pdata[p];
            unmet |= checked_row(scenario, r) && r->n_failed > 0;
        }
        return ms_cli_status(error, unmet ? MS_EXIT_FAILED : MS_EXIT_OK);
    }
    printf("%s%s%s\n", scenario->path, scenario->title ? ": " : "", scenario->title ? scenario->title : "");
    if (columns->len == 0)
        printf("every command has the same outcome in every release (use --all to list them)\n");
    else
        print_matrix(scenario, results, columns);
    if (scenario->releases == 0)
        printf("\n%s rows: what %s does with these commands, beside the %s releases the scenario is written "
               "for; its expectations are not checked there (each rule's %s source: docs/rules.md)\n",
               ms_scenario_for_incus(scenario) ? "lxd-*" : "incus-*",
               ms_scenario_for_incus(scenario) ? "LXD" : "Incus",
               ms_scenario_for_incus(scenario) ? "Incus" : "LXD",
               ms_scenario_for_incus(scenario) ? "LXD" : "Incus");
    return ms_cli_status(error, print_unmet(scenario, results));
}
