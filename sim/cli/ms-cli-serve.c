/* migsim serve: options, the starting cluster, exit codes (docs/serve.md). */
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "ms-cli.h"

#include "ms-names.h"
#include "ms-serve.h"
#include "ms-state-file.h"

/* The state a scenario starts from: its members (or state file) and the
 * directives before its first command (pools, faults, sleeps). */
static MsCluster *
scenario_start(const MsScenario *scenario, GString *header)
{
    MsCluster *cluster = ms_runner_initial_cluster(scenario);
    g_autofree char *client = NULL;

    for (guint i = 0; i < scenario->steps->len; i++) {
        const MsStep *step = scenario->steps->pdata[i];
        if (step->kind == MS_STEP_COMMAND)
            break;
        if (step->kind == MS_STEP_SLEEP)
            ms_cluster_advance_clock(cluster, step->sleep_ms);
        else if (step->kind == MS_STEP_POOL || step->kind == MS_STEP_ON || step->kind == MS_STEP_FAULT)
            ms_runner_apply_directive(cluster, step, &client);
        if (step->kind != MS_STEP_ASSERT && step->kind != MS_STEP_NOOP)
            g_string_append_printf(header, "%s\n", step->text);
    }
    return cluster;
}

/* The most members --members makes: each is served on a socket of its
 * own, and a larger number is a typo, not a cluster (docs/serve.md) */
#define MS_SERVE_MAX_MEMBERS 1000

/* An empty cluster of --members: N members m1..mN, or the names given,
 * each a member name @profile's LXD accepts */
static MsCluster *
members_cluster(const char *members, const MsProfile *profile, GString *header, GError **error)
{
    g_autoptr(MsCluster) cluster = ms_cluster_new();
    g_auto(GStrv) names = NULL;
    char *end = NULL;
    guint64 n = g_ascii_strtoull(members, &end, 10);

    g_string_append(header, "members");
    if (end != members && *end == '\0') {
        if (n < 1 || n > MS_SERVE_MAX_MEMBERS) {
            ms_cli_throw(error, MS_EXIT_USAGE, "serve: --members %s: expected 1 to %d members", members,
                         MS_SERVE_MAX_MEMBERS);
            return NULL;
        }
        for (guint64 i = 1; i <= n; i++) {
            g_autofree char *name = g_strdup_printf("m%" G_GUINT64_FORMAT, i);
            ms_cluster_add_member(cluster, name);
            g_string_append_printf(header, " %s", name);
        }
    } else {
        names = g_strsplit_set(members, ", ", -1);
        for (guint i = 0; names[i] != NULL; i++) {
            g_autofree char *refused =
                *names[i] != '\0' ? ms_name_check(MS_NAME_MEMBER, names[i], profile) : NULL;

            if (refused != NULL) {
                g_autofree char *shown = g_strescape(names[i], NULL);
                ms_cli_throw(error, MS_EXIT_USAGE, "serve: --members: \"%s\": %s", shown, refused);
                return NULL;
            }
            if (*names[i] != '\0' && ms_cluster_lookup_member(cluster, names[i]) == NULL) {
                ms_cluster_add_member(cluster, names[i]);
                g_string_append_printf(header, " %s", names[i]);
            }
        }
        if (cluster->members->len < 1 || cluster->members->len > MS_SERVE_MAX_MEMBERS) {
            ms_cli_throw(error, MS_EXIT_USAGE, "serve: --members %s: expected 1 to %d member names", members,
                         MS_SERVE_MAX_MEMBERS);
            return NULL;
        }
    }
    g_string_append_c(header, '\n');
    ms_cluster_assign_roles(cluster);
    return g_steal_pointer(&cluster);
}

/* --listen unix:PATH and --listen https://ADDR:PORT (each kind in member
 * order: the first unix: is m1's socket, the first https:// m1's address)
 * and --dir DIR (DIR/MEMBER/unix.socket for every member without a unix
 * --listen, LXD_DIR style). */
static gboolean
listen_addresses(const MsCluster *cluster, char **listen, const char *dir, GPtrArray *sockets,
                 GPtrArray *https, GError **error)
{
    guint n_listen = listen != NULL ? g_strv_length(listen) : 0;
    guint n_unix = 0;

    for (guint i = 0; i < n_listen; i++) {
        GPtrArray *into = g_str_has_prefix(listen[i], "unix:")      ? sockets
                          : g_str_has_prefix(listen[i], "https://") ? https
                                                                    : NULL;
        const char *rest = into == sockets ? listen[i] + 5 : listen[i] + 8;
        if (into == NULL || *rest == '\0' || (into == https && strchr(rest, '/') != NULL)) {
            return ms_cli_throw(error, MS_EXIT_USAGE,
                                "serve: --listen %s: give unix:PATH or https://ADDR:PORT", listen[i]);
        }
        if (into->len == cluster->members->len) {
            return ms_cli_throw(error, MS_EXIT_USAGE, "serve: more --listen %s addresses than the %u members",
                                into == sockets ? "unix:" : "https://", cluster->members->len);
        }
        g_ptr_array_add(into, g_strdup(rest));
    }
    n_unix = sockets->len;
    for (guint i = n_unix; i < cluster->members->len; i++) {
        const MsMember *member = cluster->members->pdata[i];
        if (dir != NULL) {
            g_autofree char *member_dir = g_build_filename(dir, member->name, NULL);
            if (g_mkdir_with_parents(member_dir, 0700) != 0) {
                return ms_cli_throw(error, MS_EXIT_USAGE, "serve: cannot create %s: %s", member_dir,
                                    g_strerror(errno));
            }
            g_ptr_array_add(sockets, g_build_filename(member_dir, "unix.socket", NULL));
        } else {
            g_ptr_array_add(sockets, g_strdup(""));
        }
    }
    while (https->len < cluster->members->len)
        g_ptr_array_add(https, g_strdup(""));
    if (n_listen == 0 && dir == NULL) {
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "serve: give --listen unix:PATH, --listen https://ADDR:PORT or --dir DIR (see "
                            "'migsim serve --help')");
    }
    return TRUE;
}

/* The server certificate: --cert/--key, else DIR/server.crt and
 * DIR/server.key with --dir (LXD keeps server.crt in LXD_DIR). */
static gboolean
certificate_paths(GPtrArray *https, const char *dir, char **cert, char **key, GError **error)
{
    gboolean any = FALSE;

    for (guint i = 0; i < https->len; i++)
        any |= *(const char *) https->pdata[i] != '\0';
    if (!any)
        return TRUE;
    if (*cert == NULL && dir != NULL)
        *cert = g_build_filename(dir, "server.crt", NULL);
    if (*key == NULL && dir != NULL)
        *key = g_build_filename(dir, "server.key", NULL);
    if (*cert == NULL || *key == NULL) {
        return ms_cli_throw(error, MS_EXIT_USAGE,
                            "serve: --listen https:// needs --cert FILE and --key FILE, or --dir DIR");
    }
    return TRUE;
}

/* --speed FACTOR: a number from 0 (done at once) to 1000. */
static gboolean
parse_speed(const char *text, double *speed, GError **error)
{
    char *end = NULL;
    double value = g_ascii_strtod(text, &end);

    if (end == text || *end != '\0' || !(value >= 0 && value <= 1000))
        return ms_cli_throw(error, MS_EXIT_USAGE, "serve: --speed %s: not a number from 0 to 1000", text);
    *speed = value;
    return TRUE;
}

/* The cluster a scenario starts from (its members, pools and faults
 * before its first command), with the release it picks (*profile); the
 * recording's header gets the same start. */
static MsCluster *
start_from_scenario(const char *path, const MsProfile **profile, GString *header, MsScenario **scenario,
                    GError **error)
{
    g_autoptr(GError) local = NULL;
    MsRunOptions run = { .profile_override = *profile };

    if (!ms_cli_check_one_file(path, "serve", error))
        return NULL;
    *scenario = ms_scenario_load(path, &local);
    if (*scenario == NULL) {
        ms_cli_throw_lines(error, MS_EXIT_INPUT, local->message);
        return NULL;
    }
    *profile = ms_runner_pick_profile(*scenario, &run, &local);
    if (*profile == NULL) {
        ms_cli_throw(error, MS_EXIT_INPUT, "%s", local->message);
        return NULL;
    }
    g_string_append_printf(header, "profile %s\n", (*profile)->name);
    if ((*scenario)->state_path != NULL) {
        g_autofree char *abs = g_canonicalize_filename((*scenario)->state_path, NULL);
        g_string_append_printf(header, "state %s\n", abs);
    } else {
        g_string_append(header, "members");
        for (guint i = 0; i < (*scenario)->members->len; i++)
            g_string_append_printf(header, " %s", (char *) (*scenario)->members->pdata[i]);
        g_string_append_c(header, '\n');
    }
    return scenario_start(*scenario, header);
}

/* The cluster of a state file, served as its release unless --profile */
static MsCluster *
start_from_state(const char *state_path, const MsProfile **profile, GString *header, GError **error)
{
    g_autoptr(GError) local = NULL;
    g_autofree char *abs = g_canonicalize_filename(state_path, NULL);
    g_autoptr(MsStateFile) state = ms_state_file_load(state_path, &local);

    if (state == NULL) {
        ms_cli_throw(error, MS_EXIT_INPUT, "%s", local->message);
        return NULL;
    }
    if (*profile == NULL)
        *profile = state->profile;
    g_string_append_printf(header, "profile %s\nstate %s\n", (*profile)->name, abs);
    return ms_cluster_copy(state->cluster);
}

gboolean
ms_cmd_serve(int argc, char **argv, GError **error)
{
    g_autofree char *profile_name = NULL;
    g_autofree char *state_path = NULL;
    g_autofree char *members = NULL;
    g_autofree char *dir = NULL;
    g_autofree char *record = NULL;
    g_autofree char *cert = NULL;
    g_autofree char *key = NULL;
    g_auto(GStrv) listen = NULL;
    g_auto(GStrv) trust = NULL;
    g_auto(GStrv) advertise = NULL;
    g_autofree char *speed = NULL;
    GOptionEntry entries[] = {
        { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name,
          "the release to serve as (default: the scenario's, the state file's or the latest)", "RELEASE" },
        { "state", 0, 0, G_OPTION_ARG_FILENAME, &state_path,
          "start from this state file (migsim import writes them)", "FILE" },
        MS_CLI_MAX_STATE_SIZE_ENTRY,
        { "members", 0, 0, G_OPTION_ARG_STRING, &members,
          "start from an empty cluster of N members (m1..mN) or of these names (default 3)", "N|NAMES" },
        { "listen", 'l', 0, G_OPTION_ARG_STRING_ARRAY, &listen,
          "serve the next member on this unix socket or HTTPS address (repeat, in member order)",
          "unix:PATH|https://ADDR:PORT" },
        { "advertise", 0, 0, G_OPTION_ARG_STRING_ARRAY, &advertise,
          "the next member's address as the cluster lists it, without listening there (repeat, in member "
          "order; a --listen https address is listed otherwise)",
          "ADDR:PORT" },
        { "cert", 0, 0, G_OPTION_ARG_FILENAME, &cert,
          "the HTTPS server certificate (PEM; made with --key when both are missing; default DIR/server.crt)",
          "FILE" },
        { "key", 0, 0, G_OPTION_ARG_FILENAME, &key, "its private key (default DIR/server.key)", "FILE" },
        { "trust", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &trust,
          "trust this client certificate over HTTPS (repeat; like lxc config trust add)", "CERT" },
        { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir,
          "serve every other member on DIR/MEMBER/unix.socket (LXD_DIR=DIR/MEMBER)", "DIR" },
        { "record", 0, 0, G_OPTION_ARG_FILENAME, &record, "write the changes clients made as a scenario",
          "FILE" },
        { "speed", 0, 0, G_OPTION_ARG_STRING, &speed,
          "operations take their simulated time divided by FACTOR (1: as on the live cluster; "
          "default 0: done at once)",
          "FACTOR" },
        { NULL },
    };
    g_autoptr(GOptionContext) context =
        g_option_context_new("[SCENARIO] - serve LXD's REST API from the model");
    g_autoptr(GError) local = NULL;
    g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) https = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GString) header = g_string_new("# recorded by migsim serve\n");
    g_autoptr(MsScenario) scenario = NULL;
    const MsProfile *profile = NULL;
    MsServeOptions options = { 0 };
    gboolean ok;

    g_option_context_add_main_entries(context, entries, NULL);
    g_option_context_set_description(
        context, "Starts from an empty cluster (--members), a state file (--state) or the state a scenario\n"
                 "starts from (its members, pools and faults before its first command), and serves until\n"
                 "SIGINT or SIGTERM; then removes its sockets.\n"
                 "Exit status: 0 stopped by a signal, 2 usage error, 3 bad scenario or state file,\n"
                 "4 a socket cannot be made (or the certificate cannot be read or made).\n"
                 "Over HTTPS only clients whose certificate is given with --trust are trusted; others\n"
                 "get what LXD gives an untrusted client (docs/serve.md#https).\n"
                 "Example: migsim serve --profile lxd-5.21.7 --dir /tmp/c scenarios/lxd-15218.scn &\n"
                 "         LXD_DIR=/tmp/c/m1 lxc cluster list");
    if (!ms_cli_parse_options(context, &argc, &argv, "serve", error))
        return FALSE;
    if (argc > 2 || (argc == 2 && (state_path != NULL || members != NULL)) ||
        (state_path != NULL && members != NULL)) {
        return ms_cli_throw(
            error, MS_EXIT_USAGE,
            "serve: give one of SCENARIO, --state FILE and --members (see 'migsim serve --help')");
    }
    if (!ms_cli_parse_profile(profile_name, &profile, error))
        return FALSE;
    if (speed != NULL && !parse_speed(speed, &options.speed, error))
        return FALSE;
    if (argc == 2) {
        options.cluster = start_from_scenario(argv[1], &profile, header, &scenario, error);
    } else if (state_path != NULL) {
        options.cluster = start_from_state(state_path, &profile, header, error);
    } else {
        if (profile == NULL)
            profile = ms_profile_latest();
        g_string_append_printf(header, "profile %s\n", profile->name);
        options.cluster = members_cluster(members != NULL ? members : "3", profile, header, error);
    }
    if (options.cluster == NULL)
        return FALSE;
    g_string_append_c(header, '\n');
    if (!listen_addresses(options.cluster, listen, dir, sockets, https, error) ||
        !certificate_paths(https, dir, &cert, &key, error)) {
        ms_cluster_free(options.cluster);
        return FALSE;
    }
    options.profile = profile;
    options.sockets = sockets;
    options.https = https;
    options.cert_path = cert;
    options.key_path = key;
    options.trust = trust;
    options.advertise = advertise;
    options.record_path = record;
    options.record_header = header->str;
    ok = ms_serve_main(&options, &local);
    g_clear_pointer(&options.cluster, ms_cluster_free);
    if (!ok)
        return ms_cli_throw(error, MS_EXIT_LIVE, "serve: %s", local->message);
    return TRUE;
}
