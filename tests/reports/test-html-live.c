/* The HTML report of a replay: a step with a live answer shows the
 * simulated and the live cluster side by side, marks where they differ and
 * lists the differences.  `migsim replay` is not needed: the test runs
 * lxd-15218 in the simulator and gives one step a live snapshot in which v1
 * kept running, as a real cluster that disagreed would report it. */
#include <string.h>

#include "ms-report-writers.h"
#include "ms-runner.h"
#include "ms-scenario.h"

static guint
count(const char *haystack, const char *needle)
{
    guint n = 0;

    for (const char *p = strstr(haystack, needle); p != NULL; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* The text of the step article with @id. (transfer full) */
static char *
article(const char *html, const char *id)
{
    g_autofree char *marker = g_strdup_printf("id=\"%s\"", id);
    const char *id_at = strstr(html, marker);
    const char *start = id_at ? g_strrstr_len(html, id_at - html, "<article ") : NULL;
    const char *end = start ? strstr(start, "</article>") : NULL;

    g_assert_nonnull(end);
    return g_strndup(start, end - start);
}

static MsStepResult *
find_step(MsScenarioResult *result, const char *text)
{
    for (guint i = 0; i < result->steps->len; i++) {
        MsStepResult *step = result->steps->pdata[i];
        if (g_str_equal(step->text, text))
            return step;
    }
    g_assert_not_reached();
}

static void
test_live_pair(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) scenario = ms_scenario_load("scenarios/lxd-15218.scn", &error);
    g_autoptr(MsScenarioResult) result = NULL;
    g_autoptr(GPtrArray) results = g_ptr_array_new();
    MsRunOptions options = { NULL, TRUE, FALSE, NULL, NULL, NULL };
    const MsProfile *profile;
    MsStepResult *evacuate, *attach;
    JsonObject *v1 = NULL;
    JsonArray *instances;
    g_autofree char *html = NULL, *step = NULL, *failed = NULL, *plain = NULL;

    g_assert_no_error(error);
    profile = ms_runner_pick_profile(scenario, &options, &error);
    g_assert_no_error(error);
    result = ms_runner_run(scenario, profile, &options, NULL);
    result->is_replay = TRUE;

    /* the live cluster kept v1 running on m1 when the model stopped it */
    evacuate = find_step(result, "lxc cluster evacuate m1 --force");
    g_assert_nonnull(evacuate->state);
    evacuate->has_live = TRUE;
    evacuate->live_ok = TRUE;
    /* json_node_copy shares the objects: a deep copy goes through text */
    {
        g_autofree char *text = json_to_string(evacuate->state, FALSE);
        evacuate->live_state = json_from_string(text, &error);
        g_assert_no_error(error);
    }
    instances = json_object_get_array_member(json_node_get_object(evacuate->live_state), "instances");
    for (guint i = 0; i < json_array_get_length(instances); i++) {
        JsonObject *inst = json_array_get_object_element(instances, i);
        if (g_str_equal(json_object_get_string_member(inst, "name"), "v1"))
            v1 = inst;
    }
    g_assert_nonnull(v1);
    json_object_set_string_member(v1, "status", "RUNNING");
    evacuate->live_diffs = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(evacuate->live_diffs, g_strdup("instance v1: status RUNNING, simulated STOPPED <&>"));

    /* a live error, and a partial live snapshot: no members, one instance */
    attach = find_step(result, "lxc storage volume attach local bar v2");
    attach->has_live = TRUE;
    attach->live_ok = FALSE;
    attach->live_error = g_strdup("Failed add validation for device \"bar\": \x1b[1mboom\x1b[0m");
    attach->live_state = json_from_string("{\"instances\":[{\"name\":\"v2\",\"type\":\"virtual-machine\","
                                          "\"status\":\"RUNNING\",\"location\":\"m2\"}]}",
                                          &error);
    g_assert_no_error(error);

    g_ptr_array_add(results, result);
    html = ms_report_html(results);

    /* 16 steps, two of them with a second (live) picture */
    g_assert_cmpuint(count(html, "<article class=\"step "), ==, 16);
    g_assert_cmpuint(count(html, "<svg class=\"ms-state\""), ==, 18);

    step = article(html, "s1-9");
    g_assert_nonnull(strstr(step, "lxc cluster evacuate m1 --force"));
    g_assert_cmpuint(count(step, "<svg class=\"ms-state\""), ==, 2);
    g_assert_nonnull(strstr(step, "Live LXD cluster after line 34"));
    /* the live picture marks v1, the simulated one does not */
    g_assert_cmpuint(count(step, "class=\"diff-mark\""), ==, 1);
    g_assert_nonnull(strstr(step, ">sim: STOPPED on m1<"));
    g_assert_nonnull(strstr(
        step, "<ul class=\"diffs\"><li>instance v1: status RUNNING, simulated STOPPED &lt;&amp;&gt;</li>"));
    /* a step with differences fails, even though its expectation held */
    g_assert_nonnull(strstr(step, "class=\"step command fail\""));

    failed = article(html, "s1-8");
    g_assert_cmpuint(count(failed, "<svg class=\"ms-state\""), ==, 2);
    g_assert_nonnull(strstr(failed, "Error: Failed add validation for device &quot;bar&quot;: boom"));
    g_assert_null(strstr(failed, "\x1b"));
    /* the partial snapshot still draws v2 on m2 */
    g_assert_nonnull(strstr(failed, "<title>v2: virtual machine, RUNNING on m2</title>"));

    /* steps without a live answer have one picture */
    plain = article(html, "s1-10");
    g_assert_cmpuint(count(plain, "<svg class=\"ms-state\""), ==, 1);
    g_assert_null(strstr(plain, "diff-mark"));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/reports/html/live-pair", test_live_pair);
    return g_test_run();
}
