/* libFuzzer target: the scenario parser, then the runner on what parses.
 * Any input must give a scenario or a GError naming file and line — never a
 * crash, a leak or undefined behaviour.  Built with -Dfuzz=true (clang);
 * tests/fuzz/regress.c replays the kept inputs in the unit suite. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "ms-runner.h"
#include "ms-scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) scenario = NULL;

    /* bound the work per input: the runner is linear in the steps */
    if (size > 16384)
        return 0;
    scenario = ms_scenario_parse("fuzz.scn", (const char *) data, size, &error);
    if (scenario == NULL) {
        g_assert_nonnull(error);
        /* every error of the file, one per line, each naming the file */
        g_auto(GStrv) lines = g_strsplit(error->message, "\n", -1);
        for (guint i = 0; lines[i] != NULL; i++)
            g_assert_true(g_str_has_prefix(lines[i], "fuzz.scn:"));
        return 0;
    }
    {
        MsRunOptions options = { NULL };
        g_autoptr(GError) profile_error = NULL;
        const MsProfile *profile = ms_runner_pick_profile(scenario, &options, &profile_error);
        g_autoptr(MsScenarioResult) result = NULL;

        if (profile == NULL)
            return 0;
        options.capture_state = TRUE;
        options.explain = TRUE;
        result = ms_runner_run(scenario, profile, &options, NULL);
    }
    return 0;
}
