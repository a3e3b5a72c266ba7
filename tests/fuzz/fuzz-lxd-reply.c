/* libFuzzer target: the LXD REST client's reply handling alone — the
 * envelope, async operations and their wait, the server version — with
 * replies from ms-fuzz-canned.h.  Any input gives a result or an
 * MS_LXD_ERROR with a message; never a crash, a leak or a hang.  The GET
 * import reads through ms-json-lite (ms_lxd_client_get_lite) ends as
 * ms_lxd_client_do's json-glib reading of the same replies: the same
 * error, the same server text, the same metadata. */
#include <glib.h>
#include <stdint.h>

#include "ms-fuzz-canned.h"
#include "ms-lxd-client.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* GET the replies of @data with both readers and compare the outcomes */
static void
get_both_ways(const uint8_t *data, size_t size)
{
    static const char path[] = "/1.0/instances?recursion=1";
    MsFuzzCanned canned_do = { (const char *) data, size, 0 };
    MsFuzzCanned canned_lite = { (const char *) data, size, 0 };
    g_autoptr(MsLxdClient) client_do = ms_lxd_client_new_canned(ms_fuzz_canned_reply, &canned_do);
    g_autoptr(MsLxdClient) client_lite = ms_lxd_client_new_canned(ms_fuzz_canned_reply, &canned_lite);
    g_autoptr(GError) error_do = NULL, error_lite = NULL;
    g_autoptr(JsonNode) metadata = NULL;
    g_autoptr(MsJsonLiteDoc) converted = NULL, doc = NULL;
    const MsJsonLite *lite = NULL;
    g_autofree char *lxd_error_do = NULL, *lxd_error_lite = NULL;
    gboolean ok_do, ok_lite;

    ok_do = ms_lxd_client_do(client_do, "GET", path, NULL, NULL, 5, &lxd_error_do, &metadata, &error_do);
    ok_lite = ms_lxd_client_get_lite(client_lite, path, 5, &lxd_error_lite, &doc, &lite, &error_lite);
    g_assert_cmpint(ok_do, ==, ok_lite);
    if (!ok_do) {
        g_assert_cmpuint(error_do->code, ==, error_lite->code);
        g_assert_cmpstr(error_do->message, ==, error_lite->message);
        return;
    }
    g_assert_cmpstr(lxd_error_do, ==, lxd_error_lite);
    g_assert_true((metadata == NULL) == (lite == NULL));
    if (metadata != NULL) {
        converted = ms_json_lite_from_node(metadata);
        g_assert_true(ms_json_lite_equal(ms_json_lite_root(converted), lite));
    }
}

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
    get_both_ways(data, size);
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
