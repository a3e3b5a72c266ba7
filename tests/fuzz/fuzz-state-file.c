/* libFuzzer target: the state-file loader (model/ms-state-file.c).
 * Any input gives a state or an MS_ERROR_INVALID error that names the file;
 * a state that loads dumps to text that loads again and dumps the same
 * (the loader accepts everything the dumper writes).  Whatever the loader's
 * own JSON reader accepts, json-glib accepts too, with an equal tree
 * (model/ms-json-lite.h: json-glib judges the rest). */
#include <glib.h>
#include <stdint.h>

#include "ms-error.h"
#include "ms-json-lite.h"
#include "ms-state-file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsStateFile) state = NULL;
    g_autoptr(MsStateFile) again = NULL;
    g_autofree char *dumped = NULL, *redumped = NULL;

    if (size > 1024 * 1024)
        return 0;
    if (g_utf8_validate((const char *) data, (gssize) size, NULL)) {
        g_autoptr(MsJsonLiteDoc) lite = ms_json_lite_parse((const char *) data, size, MS_STATE_MAX_DEPTH);
        g_autoptr(JsonParser) parser = json_parser_new_immutable();
        g_autoptr(MsJsonLiteDoc) glib = NULL;

        if (lite != NULL) {
            if (!json_parser_load_from_data(parser, (const char *) data, (gssize) size, &error))
                g_error("json-glib rejects what the lite reader read: %s", error->message);
            glib = ms_json_lite_from_node(json_parser_get_root(parser));
            g_assert_true(ms_json_lite_equal(ms_json_lite_root(lite), ms_json_lite_root(glib)));
        }
    }
    state = ms_state_file_parse("fuzz.json", (const char *) data, (gssize) size, &error);
    {
        /* the check that keeps no instance (import's) answers as the loader */
        g_autoptr(GError) check_error = NULL;
        gboolean accepted =
            ms_state_file_check("fuzz.json", (const char *) data, (gssize) size, &check_error);

        g_assert_true(accepted == (state != NULL));
        if (state == NULL)
            g_assert_cmpstr(check_error->message, ==, error->message);
    }
    if (state == NULL) {
        g_assert_error(error, MS_ERROR, MS_ERROR_INVALID);
        g_assert_true(g_str_has_prefix(error->message, "fuzz.json: "));
        return 0;
    }
    dumped = ms_state_file_dump(state->cluster, state->profile, state->server_version);
    again = ms_state_file_parse("dumped.json", dumped, -1, &error);
    if (again == NULL)
        g_error("a loaded state dumps to a file the loader rejects: %s", error->message);
    redumped = ms_state_file_dump(again->cluster, again->profile, again->server_version);
    g_assert_cmpstr(dumped, ==, redumped);
    return 0;
}
