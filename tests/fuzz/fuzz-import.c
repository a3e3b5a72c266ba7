/* libFuzzer target: the LXD REST reply parser and `migsim import`, fed
 * with server replies (ms-fuzz-canned.h), in-process.  Any input gives a
 * state or an MS_LXD_ERROR; a state that import returns must load
 * (whatever import accepts, the loader accepts: issue 12) and dump the same
 * after loading. */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>

#include "ms-fuzz-canned.h"
#include "ms-import.h"
#include "ms-state-file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    MsFuzzCanned canned = { (const char *) data, size, 0 };
    g_autoptr(MsLxdClient) client = ms_lxd_client_new_canned(ms_fuzz_canned_reply, &canned);
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GError) error = NULL;
    g_autoptr(MsStateFile) state = NULL;
    g_autoptr(MsStateFile) loaded = NULL;
    g_autofree char *text = NULL, *dumped = NULL, *redumped = NULL;

    if (size > 256 * 1024)
        return 0;
    state = ms_import_cluster(client, warnings, &text, &error);
    /* MS_FUZZ_VERBOSE=1: how far each input gets (for keeping seeds useful) */
    if (g_getenv("MS_FUZZ_VERBOSE") != NULL)
        fprintf(stderr, "import: %s\n", state != NULL ? "ok" : error->message);
    if (state == NULL) {
        g_assert_error(error, MS_LXD_ERROR, error->code);
        return 0;
    }
    dumped = ms_state_file_dump(state->cluster, state->profile, state->server_version);
    /* the text import hands to the command is the state's dump */
    g_assert_cmpstr(text, ==, dumped);
    loaded = ms_state_file_parse("imported.json", dumped, -1, &error);
    if (loaded == NULL)
        g_error("import wrote a state the loader rejects: %s", error->message);
    redumped = ms_state_file_dump(loaded->cluster, loaded->profile, loaded->server_version);
    g_assert_cmpstr(dumped, ==, redumped);
    return 0;
}
