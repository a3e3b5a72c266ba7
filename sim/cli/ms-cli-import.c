/* migsim: `migsim import` and the --remote options it shares with
 * preflight. */
#include "ms-cli.h"
#include "ms-escape.h"

#include <stdio.h>
#include <string.h>

#include "ms-import.h"

/* Generous: a recursion=1 listing of a big cluster takes a while. */
#define IMPORT_TIMEOUT_MS 60000

void
ms_remote_options_clear(MsRemoteOptions *options)
{
    g_clear_pointer(&options->remote, g_free);
    g_clear_pointer(&options->client_cert, g_free);
    g_clear_pointer(&options->client_key, g_free);
    g_clear_pointer(&options->server_cert, g_free);
    options->insecure = FALSE;
}

/* --max-reply-size SIZE: the largest reply body any request reads (a
 * recursion=1 listing of 100,000 instances is about 100 MiB) */
static gboolean
max_reply_size_option(const char *name, const char *value, gpointer data, GError **error)
{
    g_autoptr(GError) local = NULL;
    gsize size = 0;

    (void) data;
    if (!ms_input_parse_size(value, 1024 * 1024, MS_STATE_MAX_SIZE_CEILING, &size, &local)) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s: %s", name, local->message);
        return FALSE;
    }
    ms_lxd_set_max_body(size);
    return TRUE;
}

void
ms_remote_options_add(GOptionContext *context, MsRemoteOptions *options)
{
    GOptionEntry entries[] = {
        { "remote", 0, 0, G_OPTION_ARG_STRING, &options->remote,
          "the cluster: unix:PATH (a member's socket) or https://HOST:PORT", "REMOTE" },
        { "client-cert", 0, 0, G_OPTION_ARG_FILENAME, &options->client_cert,
          "client certificate (PEM) for https remotes", "FILE" },
        { "client-key", 0, 0, G_OPTION_ARG_FILENAME, &options->client_key,
          "client key (PEM) for https remotes", "FILE" },
        { "server-cert", 0, 0, G_OPTION_ARG_FILENAME, &options->server_cert,
          "the server's certificate (PEM), the only one trusted", "FILE" },
        { "insecure", 0, 0, G_OPTION_ARG_NONE, &options->insecure, "do not verify the server's certificate",
          NULL },
        { "max-reply-size", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) max_reply_size_option,
          "read server replies of up to SIZE bytes (suffix K, M or G; default 64M, at most 4G)", "SIZE" },
        { NULL },
    };
    g_option_context_add_main_entries(context, entries, NULL);
}

/* Refuses anything but GET before it reaches the wire: the import promises
 * to change nothing, and this makes the promise independent of the code
 * above. */
static void
check_method(const char *method, const char *path, const char *body, gpointer user_data)
{
    (void) path;
    (void) body;
    (void) user_data;
    g_assert(g_str_equal(method, "GET"));
}

MsStateFile *
ms_remote_import(const MsRemoteOptions *options, char **text, GError **error)
{
    g_autoptr(MsLxdTls) tls = g_new0(MsLxdTls, 1);
    g_autoptr(MsLxdClient) client = NULL;
    g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GError) local = NULL;
    g_autoptr(MsStateFile) state = NULL;
    gboolean https = g_str_has_prefix(options->remote, "https://");

    if (!https && !g_str_has_prefix(options->remote, "unix:")) {
        ms_cli_throw(error, MS_EXIT_USAGE, "--remote: expected unix:PATH or https://HOST:PORT, got '%s'",
                     options->remote);
        return NULL;
    }
    if (!https &&
        (options->client_cert || options->client_key || options->server_cert || options->insecure)) {
        ms_cli_throw(
            error, MS_EXIT_USAGE,
            "--client-cert, --client-key, --server-cert and --insecure are for https:// remotes only");
        return NULL;
    }
    tls->client_cert = g_strdup(options->client_cert);
    tls->client_key = g_strdup(options->client_key);
    tls->server_cert = g_strdup(options->server_cert);
    tls->insecure = options->insecure;
    client = ms_lxd_client_new(options->remote, tls, IMPORT_TIMEOUT_MS, &local);
    if (client == NULL) {
        ms_cli_throw(error, local->code == MS_LXD_ERROR_INVALID ? MS_EXIT_USAGE : MS_EXIT_LIVE,
                     "--remote: %s", local->message);
        return NULL;
    }
    ms_lxd_client_set_log_func(client, check_method, NULL);
    state = ms_import_cluster(client, warnings, text, &local);
    for (guint i = 0; i < warnings->len; i++) {
        /* warnings quote names and texts from the server */
        g_autofree char *visible = ms_escape_text(warnings->pdata[i]);
        fprintf(stderr, "migsim: warning: %s\n", visible);
    }
    if (state == NULL) {
        ms_cli_throw(error, MS_EXIT_LIVE, "cannot read the cluster at %s: %s", options->remote,
                     local->message);
        return NULL;
    }
    return g_steal_pointer(&state);
}

/* ---- migsim import ---- */

gboolean
ms_cmd_import(int argc, char **argv, GError **error)
{
    g_auto(MsRemoteOptions) remote = { NULL };
    g_autofree char *out_path = NULL;
    g_auto(GStrv) from = NULL;
    g_autofree char *release = NULL;
    GOptionEntry entries[] = {
        { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path,
          "write the state file here (default: standard output)", "FILE" },
        { "from", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &from,
          "read what a customer pasted instead of a live cluster (repeat for each file)", "FILE" },
        { "profile", 0, 0, G_OPTION_ARG_STRING, &release, "the LXD release the files come from (with --from)",
          "RELEASE" },
        { NULL },
    };
    g_autoptr(GOptionContext) context =
        g_option_context_new("- read a live cluster's state into a state file");
    g_autoptr(MsStateFile) state = NULL;
    g_autofree char *json = NULL;
    g_autofree char *text = NULL;
    gsize length;

    g_option_context_add_main_entries(context, entries, NULL);
    ms_remote_options_add(context, &remote);
    g_option_context_set_description(
        context,
        "Sends GET requests only: nothing on the cluster changes.\n"
        "--from reads what a customer can paste instead: lxc list/cluster list/storage list/storage volume "
        "list\n"
        "POOL/profile list --format json, lxc config show, or an lxd.buginfo-style dump of them; what they\n"
        "lack is filled in and printed as 'assumption:' lines.\n"
        "Exit status: 0 ok, 2 usage error or a file that cannot be opened, 3 a file migsim cannot read "
        "(FILE:LINE\n"
        "named), 4 the cluster cannot be\n"
        "read or is not LXD.\n"
        "Example: migsim import --remote unix:/var/snap/lxd/common/lxd/unix.socket --out cluster.json");
    if (!ms_cli_parse_options(context, &argc, &argv, "import", error))
        return FALSE;
    if (argc != 1) {
        return ms_cli_throw(error, MS_EXIT_USAGE, "import: takes no arguments (see 'migsim import --help')");
    }
    if (from != NULL && remote.remote != NULL)
        return ms_cli_throw(error, MS_EXIT_USAGE, "import: --from and --remote exclude each other");
    if (from == NULL && remote.remote == NULL)
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "import: --remote or --from is required (see 'migsim import --help')");
    if (release != NULL && from == NULL)
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "import: --profile goes with --from (a live cluster reports its release)");
    if (release != NULL && ms_profile_lookup(release) == NULL)
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "import: --profile: unknown release '%s' (see 'migsim profiles')", release);
    if (from != NULL) {
        g_autoptr(GPtrArray) assumptions = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GError) local = NULL;

        state = ms_import_files(from, release, assumptions, &json, &local);
        if (state == NULL)
            return ms_cli_throw(error, local->domain == G_FILE_ERROR ? MS_EXIT_USAGE : MS_EXIT_INPUT,
                                "import: %s", local->message);
        for (guint i = 0; i < assumptions->len; i++) {
            g_autofree char *visible = ms_escape_text(assumptions->pdata[i]);
            fprintf(stderr, "migsim: assumption: %s\n", visible);
        }
    } else {
        state = ms_remote_import(&remote, &json, error);
        if (state == NULL)
            return FALSE;
    }
    /* the text the import checked the loader accepts, and a newline: added
     * in place (about 100 MB at 100,000 instances: a copy of it was 5 % of
     * the import) */
    length = strlen(json);
    text = g_realloc(g_steal_pointer(&json), length + 2);
    text[length++] = '\n';
    text[length] = '\0';
    /* the imported cluster is not read again: freeing 100,000 instances
     * was 9 % of the import (docs/bench.md), left to the exit in release
     * builds */
    ms_cli_keep_until_exit(g_steal_pointer(&state), (GDestroyNotify) ms_state_file_free);
    if (out_path != NULL)
        return ms_cli_write_file(out_path, text, (gssize) length, error);
    fwrite(text, 1, length, stdout);
    return TRUE;
}
