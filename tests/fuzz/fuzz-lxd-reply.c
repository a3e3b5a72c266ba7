/* libFuzzer target: the LXD REST client's reply handling alone — the
 * envelope, async operations and their wait, the server version — with
 * replies from ms-fuzz-canned.h.  Any input gives a result or an
 * MS_LXD_ERROR with a message; never a crash, a leak or a hang. */
#include <glib.h>
#include <stdint.h>

#include "ms-fuzz-canned.h"
#include "ms-lxd-client.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    MsFuzzCanned canned = { (const char *) data, size, 0 };
    g_autoptr(MsLxdClient) client = ms_lxd_client_new_canned(ms_fuzz_canned_reply, &canned);
    g_autoptr(JsonNode) body = json_from_string("{\"name\":\"c1\"}", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) metadata = NULL;
    g_autofree char *lxd_error = NULL, *version = NULL;

    if (size > 256 * 1024)
        return 0;
    /* a change (sync or async, then its operation), then a version probe */
    if (!ms_lxd_client_do(client, "POST", "/1.0/instances", body, NULL, 5, &lxd_error, &metadata, &error)) {
        g_assert_nonnull(error);
        g_assert_true(error->domain == MS_LXD_ERROR && error->message[0] != '\0');
        g_clear_error(&error);
    }
    if (!ms_lxd_client_server_version(client, &version, &error)) {
        g_assert_nonnull(error);
        g_assert_true(error->domain == MS_LXD_ERROR);
    }
    return 0;
}
