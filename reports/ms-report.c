/* migsim: run results (the data the writers read). */
#include "ms-report.h"

#include "ms-word-diff.h"

#include <string.h>

void
ms_step_result_free(MsStepResult *result)
{
    if (result == NULL)
        return;
    g_free(result->text);
    g_free(result->narration);
    ms_outcome_free(result->outcome);
    g_free(result->expected);
    g_free(result->mismatch);
    if (result->hits)
        g_ptr_array_unref(result->hits);
    if (result->state)
        json_node_unref(result->state);
    g_free(result->explanation);
    g_free(result->live_error);
    if (result->live_diffs)
        g_ptr_array_unref(result->live_diffs);
    if (result->live_state)
        json_node_unref(result->live_state);
    g_free(result);
}

GPtrArray *
ms_step_result_word_diff(const MsStepResult *result)
{
    /* an assertion and its mismatch are not two texts of the same kind:
     * only an error expected word for word is compared word by word */
    if (result->met || result->outcome == NULL || result->outcome->ok || result->expected == NULL ||
        !g_str_has_prefix(result->expected, "Error: "))
        return NULL;
    g_autofree char *actual = g_strconcat("Error: ", result->outcome->client_error, NULL);
    return ms_word_diff(result->expected, actual);
}

MsScenarioResult *
ms_scenario_result_new(const char *path, const MsProfile *profile)
{
    MsScenarioResult *result = g_new0(MsScenarioResult, 1);

    result->path = g_strdup(path);
    result->profile = profile;
    result->steps = g_ptr_array_new_with_free_func((GDestroyNotify) ms_step_result_free);
    result->ledger = ms_ledger_new();
    return result;
}

void
ms_scenario_result_free(MsScenarioResult *result)
{
    if (result == NULL)
        return;
    g_free(result->path);
    g_free(result->title);
    g_free(result->description);
    g_ptr_array_unref(result->steps);
    ms_ledger_free(result->ledger);
    if (result->initial_state)
        json_node_unref(result->initial_state);
    g_free(result->load_error);
    g_free(result);
}

MsScenarioResult *
ms_scenario_result_new_load_error(const char *path, const char *message)
{
    MsScenarioResult *result = ms_scenario_result_new(path, NULL);
    gsize n = strlen(path);

    result->load_error = g_strdup(message);
    /* "PATH:LINE: why": the loader's form when it knows the line */
    if (g_str_has_prefix(message, path) && message[n] == ':' && g_ascii_isdigit(message[n + 1]))
        result->load_line = (guint) g_ascii_strtoull(message + n + 1, NULL, 10);
    return result;
}

guint
ms_report_count_load_errors(GPtrArray *results)
{
    guint n = 0;

    for (guint i = 0; i < results->len; i++)
        n += ((const MsScenarioResult *) results->pdata[i])->load_error != NULL;
    return n;
}
