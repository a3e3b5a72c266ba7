/* migsim: what the lxc client adds on top of the server: the tables lxc
 * list and lxc cluster list print, and how lxc wraps the server's errors. */
#include "ms-apply-private.h"
#include "ms-list.h"
#include "ms-show.h"

#include <string.h>

/* lxc list: columns, filters and formats in ms-list.c */
gboolean
ms_apply_list(MsApply *apply)
{
    g_autofree char *error_text = NULL;
    g_autofree char *note = NULL;

    /* lxc list --project P of a P that does not exist: instancesGet looks
     * the project up first from 5.21.5 and 6.6 (LIST.PROJECT_NOT_FOUND;
     * test/suites/projects.sh:87 at lxd-5.21.7, :98 at lxd-6.9); before,
     * InstanceList filtered by the project finds no instance and lxc prints
     * an empty table (lxd/instances_get.go:320-333 at lxd-5.0.2).  Incus:
     * no row, not modelled (its instancesGet has no look-up at v6.0.4, but
     * its access handler's answer is not read). */
    if (apply->op->project != NULL && ms_rule_applies(MS_RULE_LIST_PROJECT_NOT_FOUND, apply->profile) &&
        ms_apply_check(apply, MS_RULE_LIST_PROJECT_NOT_FOUND, ms_project_display(apply->op->project),
                       !ms_cluster_has_project(apply->cluster, apply->op->project)))
        return ms_apply_reject(apply, MS_RULE_LIST_PROJECT_NOT_FOUND);
    apply->outcome->output = ms_list_instances(apply->cluster, apply->profile, apply->op, &error_text, &note);
    if (ms_apply_check(apply, MS_RULE_CLI_LIST_COLUMN, apply->op->columns, apply->outcome->output == NULL))
        return ms_apply_reject(apply, MS_RULE_CLI_LIST_COLUMN, error_text, apply->op->columns);
    if (note != NULL)
        ms_outcome_add_note(apply->outcome, "%s", note);
    return TRUE;
}

gboolean
ms_apply_cluster_list(MsApply *apply)
{
    g_autofree char *note = NULL;

    apply->outcome->output = ms_list_members(apply->cluster, apply->profile, apply->op, &note);
    if (note != NULL)
        ms_outcome_add_note(apply->outcome, "%s", note);
    return TRUE;
}

/* lxc info, config show, cluster show, profile show, storage list, storage
 * volume list, profile list, network list, operation list: printed from
 * the model (ms-show.c); an object that does not exist is LXD's 404 */
gboolean
ms_apply_show(MsApply *apply)
{
    const char *not_found = NULL;
    g_autofree char *note = NULL;
    const MsOp *op = apply->op;

    /* INSTANCE/SNAPSHOT: lxc config show GETs the snapshot (lxc/config.go
     * :690-694 at lxd-5.0.2, :870-874 at lxd-6.9) and prints its whole
     * record, dates and size included, which migsim does not keep; lxc info
     * sends the name with its slash as an instance's.  Not modelled, never
     * "Instance not found" for a snapshot that exists */
    if ((op->kind == MS_OP_CONFIG_SHOW || op->kind == MS_OP_INFO) && op->instance != NULL &&
        strchr(op->instance, '/') != NULL)
        return ms_apply_fail(
            apply, MS_RULE_NONE, 0, FALSE,
            g_strdup_printf("migsim: not modelled for %s: lxc %s of snapshot %s (migsim keeps "
                            "no snapshot records to print)",
                            apply->profile->name, ms_op_defs[op->kind].name, op->instance));
    /* GET /1.0/instances/NAME is forwarded to the instance's member
     * (instanceGet's forwardedResponseIfInstanceIsRemote, lxd/instance_get.go
     * at lxd-5.0.2): an OFFLINE member's instance gets "Missing event
     * connection with target cluster member" (lxd/cluster/connect.go:37 at
     * lxd-5.0.2, :39 at lxd-5.21.7, :64 at lxd-6.9), as config get does;
     * seen live on 5.0.2 for lxc info and lxc config show, both before and
     * after the member was marked OFFLINE (2026-12-06, lane 6) */
    if ((op->kind == MS_OP_CONFIG_SHOW || op->kind == MS_OP_INFO) && op->instance != NULL) {
        const MsInstance *instance =
            ms_cluster_lookup_project_instance(apply->cluster, op->project, op->instance);

        if (instance != NULL && ms_apply_forward_refused(apply, op->instance, instance->location))
            return FALSE;
    }
    /* profilesGet starts with ProfileProject, which fails for a project
     * that does not exist, as profilesPost does (PROFILE.PROJECT_NOT_FOUND:
     * lxd/profiles.go:144 at lxd-5.0.2, :226 at lxd-5.21.7, :221 at
     * lxd-6.9, behind access handlers that let a trusted client through,
     * allowProjectPermission and allowProjectResourceList;
     * test/suites/projects.sh:301 at lxd-5.21.7 expects a failure): never
     * the default project's profiles.  lxc network list: networksGet's
     * NetworkProject at every release (NETWORK.PROJECT_NOT_FOUND, behind
     * access handlers that load no project; projects.sh:560 at lxd-5.21.7,
     * :674 at lxd-6.9 expect a failure) */
    if (op->kind == MS_OP_NETWORK_LIST && ms_apply_network_project_unknown(apply))
        return FALSE;
    if (op->kind == MS_OP_PROFILE_LIST &&
        ms_apply_check(apply, MS_RULE_PROFILE_PROJECT_NOT_FOUND, ms_project_display(op->project),
                       !ms_cluster_has_project(apply->cluster, op->project)))
        return ms_apply_reject(apply, MS_RULE_PROFILE_PROJECT_NOT_FOUND, op->project);
    /* lxc profile show --project P of a P that does not exist: profileGet's
     * project lookup, as for the profile's other endpoints */
    if (op->kind == MS_OP_PROFILE_SHOW &&
        ms_apply_check(apply, MS_RULE_PROFILE_ACCESS_PROJECT_NOT_FOUND, ms_project_display(op->project),
                       !ms_cluster_has_project(apply->cluster, op->project)))
        return ms_apply_reject(apply, MS_RULE_PROFILE_ACCESS_PROJECT_NOT_FOUND, op->project);
    apply->outcome->output = ms_show_print(apply->cluster, apply->profile, op, &not_found, &note);
    if (ms_apply_check(apply, MS_RULE_INSTANCE_NOT_FOUND, op->instance,
                       g_strcmp0(not_found, "instance") == 0))
        return ms_apply_reject(apply, MS_RULE_INSTANCE_NOT_FOUND);
    /* lxc profile show GETs the profile: profileGet wraps the miss, as
     * for the GET before lxc profile set (lxc/profile.go:1121 at lxd-6.9) */
    if (ms_apply_check(apply, MS_RULE_PROFILE_FETCH_NOT_FOUND, op->profile,
                       g_strcmp0(not_found, "profile") == 0))
        return ms_apply_reject(apply, MS_RULE_PROFILE_FETCH_NOT_FOUND);
    if (ms_apply_check(apply, MS_RULE_POOL_NOT_FOUND, op->pool, g_strcmp0(not_found, "pool") == 0))
        return ms_apply_reject(apply, MS_RULE_POOL_NOT_FOUND);
    /* lxc cluster show GETs the member (lxc/cluster.go:227 at lxd-5.0.2,
     * :250 at lxd-5.21.7, :253 at lxd-6.9) */
    if (ms_apply_check(apply, MS_RULE_MEMBER_GET_NOT_FOUND, op->member, g_strcmp0(not_found, "member") == 0))
        return ms_apply_reject(apply, MS_RULE_MEMBER_GET_NOT_FOUND);
    if (note != NULL)
        ms_outcome_add_note(apply->outcome, "%s", note);
    return TRUE;
}

/* lxc launch has the server start the instance (req.Start, the
 * instance_create_start API extension, which lxc asks the server for) from
 * lxd-5.21.3 and 6.2 and in every Incus (lxc/init.go:185-196 at lxd-5.21.7;
 * :186-195 at lxd-6.9; shared/version/api.go instance_create_start in
 * lxd-5.21.3 and 6.2, not 5.21.2 or 6.1; cmd/incus/launch.go:74-98 at
 * v6.0.4; internal/version/api.go:394 at v6.0.0).  A client older than its
 * server is not modelled: lxc and the server are the same release. */
gboolean
ms_client_launch_starts_on_server(const MsProfile *profile)
{
    static const MsReleases create_start = {
        MS_SPAN_NONE,
        MS_SPAN_FROM(MS_VERSION(5, 21, 3)),
        MS_SPAN_FROM(MS_VERSION(6, 2, 0)),
        MS_INC_ALL,
    };

    return ms_releases_contain(&create_start, profile->version);
}

/* incus delete from v6.23.0 (and 7.x): deleteOne for each name, with no
 * instancesExist pass before it (cmd/incus/delete.go:74-147 at v6.23.0,
 * :73-146 at v7.0.0 .. v7.3.0; instancesExist at :83-87 of every tag
 * v6.0.0 .. v6.0.6 and v6.1.0 .. v6.22.0). */
gboolean
ms_client_incus_delete_one(const MsProfile *profile)
{
    static const MsReleases delete_one = {
        MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION_INCUS(6, 23, 0)) }
    };

    return ms_releases_contain(&delete_one, profile->version);
}

/* incus' formatRemote: the name alone on the default remote, else
 * REMOTE:NAME (cmd/incus/utils.go:771-777 at v6.23.0, :737-743 at v7.3.0); the scenario's own
 * cluster is the default remote `local` (transfer full). */
char *
ms_client_format_remote(const MsApply *apply, const char *name)
{
    if (apply->env->client_remote != NULL)
        return g_strdup_printf("%s:%s", apply->env->client_remote, name);
    return g_strdup(name);
}

/* Incus' cluster.Connect waits for an event listener to the member first
 * (internal/server/cluster/connect.go:41 at v6.0.4, :40 at v7.3.0).  From
 * 6.0.2 and 6.4 EventListenerWait answers "Server isn't ready yet" at once
 * for an address a listener refresh found heartbeating but unreachable
 * (events.go:156-158, :317 at v6.0.4; :150-152 at v7.3.0), which is how a
 * member usually goes OFFLINE; one that was OFFLINE already when the
 * refreshes ran (they skip OFFLINE members, :271 at v7.3.0: after this
 * member's daemon restarted, say) it waits 10 s for and answers "Missing
 * event connection with target cluster member" (:186-188).  Before 6.0.2
 * and 6.4 there was no such map (connect.go:36-38 at v6.0.0, v6.1.0). */
#define INCUS_SINCE_602_F4                                                               \
    {                                                                                    \
        MS_SPAN_FROM(MS_VERSION_INCUS(6, 0, 2)), MS_SPAN_FROM(MS_VERSION_INCUS(6, 4, 0)) \
    }

void
ms_client_incus_offline_alternative(MsApply *apply)
{
    static const MsReleases marked = MS_REL_INCUS(INCUS_SINCE_602_F4);
    static const char missing[] = "Missing event connection with target cluster member";
    static const char not_ready[] = "Server isn't ready yet";
    MsOutcome *outcome = apply->outcome;
    char *main_text = outcome->server_error;
    const char *other;

    if (!ms_releases_contain(&marked, apply->profile->version))
        return;
    if (g_str_equal(main_text, missing))
        other = not_ready;
    else if (g_str_equal(main_text, not_ready))
        other = missing;
    else
        return;
    /* the other text worded by the same client path */
    outcome->server_error = (char *) other;
    if (outcome->alternatives == NULL)
        outcome->alternatives = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(outcome->alternatives, ms_client_error(apply));
    outcome->server_error = main_text;
    ms_outcome_add_note(
        outcome,
        "timing: or \"%s\": Incus answers \"%s\" for a member an event listener refresh found "
        "unreachable before it went OFFLINE, \"%s\" after a 10 s wait otherwise (after this "
        "member's daemon restarted, say)",
        other, not_ready, missing);
}

/* The line lxc prints: the server's text, wrapped as lxc/cluster.go and
 * lxc/move.go wrap it. */
char *
ms_client_error(MsApply *apply)
{
    const MsOutcome *outcome = apply->outcome;
    const MsOp *op = apply->op;

    /* the client refused before sending anything: nothing to wrap */
    if (outcome->http_status == 0)
        return g_strdup(outcome->server_error);
    switch (op->kind) {
    case MS_OP_EVACUATE:
    case MS_OP_RESTORE:
        /* lxc wraps the server's "Missing event connection ..." like any
         * error (lxc/cluster.go:1139 at lxd-5.0.2; Incus' texts too,
         * cmd/incus/cluster.go:1540 at v6.0.4); its own texts for an
         * offline member (5.21.4+, 6.4+) it prints as they are */
        if (outcome->rule == MS_RULE_EVAC_OFFLINE && !ms_profile_is_incus(apply->profile) &&
            !g_str_has_prefix(outcome->server_error, "Missing event connection"))
            return g_strdup(outcome->server_error);
        if (!outcome->async) {
            ms_env_check(apply->env, MS_RULE_CLI_EVAC_WRAP, op->member, TRUE);
            return ms_rule_message(MS_RULE_CLI_EVAC_WRAP, apply->profile, outcome->server_error);
        }
        return g_strdup(outcome->server_error);
    case MS_OP_MOVE:
        if (outcome->async && op->target_project != NULL) {
            ms_env_check(apply->env, MS_RULE_CLI_PROJECT_MOVE_WRAP, op->instance, TRUE);
            return ms_rule_message(MS_RULE_CLI_PROJECT_MOVE_WRAP, apply->profile, outcome->server_error);
        }
        if (outcome->async && op->pool != NULL && op->target == NULL && op->group == NULL) {
            ms_env_check(apply->env, MS_RULE_CLI_POOL_MOVE_WRAP, op->instance, TRUE);
            return ms_rule_message(MS_RULE_CLI_POOL_MOVE_WRAP, apply->profile, outcome->server_error);
        }
        if (outcome->async && ms_rule_applies(MS_RULE_CLI_MOVE_WRAP, apply->profile)) {
            ms_env_check(apply->env, MS_RULE_CLI_MOVE_WRAP, op->instance, TRUE);
            return ms_rule_message(MS_RULE_CLI_MOVE_WRAP, apply->profile, outcome->server_error);
        }
        if (!outcome->async) {
            ms_env_check(apply->env, MS_RULE_CLI_MOVE_API_WRAP, op->instance, TRUE);
            return ms_rule_message(MS_RULE_CLI_MOVE_API_WRAP, apply->profile, outcome->server_error);
        }
        return g_strdup(outcome->server_error);
    case MS_OP_INIT:
        /* an image of another remote: CreateInstanceFromImage sends the
         * request through tryCreateInstance, which wraps the request's and
         * its operation's error (client/lxd_instances.go:778 at lxd-5.21.7,
         * :654 at lxd-6.9; Incus client/incus_instances.go:675 at v6.0.4);
         * a launch's separate start request (before 5.21.3 and 6.2) is not
         * part of it: an instance there after the request and not before it
         * was created, so the start failed.  One there before (a duplicate
         * name) was refused by the create, wrapped (lxc/launch.go:55-58
         * returns init's create error at lxd-5.0.2) */
        if (op->image != NULL && !op->empty && strchr(op->image, ':') != NULL &&
            !g_str_has_prefix(op->image, "local:") && strstr(outcome->server_error, "migsim: ") == NULL &&
            !(op->start && !apply->init_existed &&
              ms_cluster_lookup_instance(apply->cluster, op->instance) != NULL &&
              !ms_client_launch_starts_on_server(apply->profile))) {
            ms_env_check(apply->env, MS_RULE_CLI_IMAGE_CREATE_WRAP, op->instance, TRUE);
            return ms_rule_message(MS_RULE_CLI_IMAGE_CREATE_WRAP, apply->profile, outcome->server_error);
        }
        return g_strdup(outcome->server_error);
    case MS_OP_DELETE:
        /* instancesExist's wrap: the remote is the one the user named,
         * local without one (lxc/utils.go:227 at lxd-5.0.2, :299 at
         * lxd-5.21.7, :298 at lxd-6.9); Incus from v6.23.0 wraps each
         * name's own read, named as formatRemote writes it
         * (cmd/incus/delete.go:93 at v6.23.0, :92 at v7.0.0 .. v7.3.0); an
         * answer migsim does not model stays that, unwrapped */
        if (apply->client_subject != NULL && !ms_rule_unmodelled(outcome->rule, apply->profile)) {
            MsRuleId wrap = apply->client_subject_snapshot ? MS_RULE_CLI_DELETE_SNAPSHOT_EXISTS_WRAP
                                                           : MS_RULE_CLI_DELETE_EXISTS_WRAP;
            g_autofree char *name = ms_client_incus_delete_one(apply->profile)
                                        ? ms_client_format_remote(apply, apply->client_subject)
                                        : NULL;

            /* check sites: CLI_DELETE_SNAPSHOT_EXISTS_WRAP CLI_DELETE_EXISTS_WRAP */
            ms_env_check(apply->env, wrap, apply->client_subject, TRUE);
            if (name != NULL)
                return ms_rule_message(wrap, apply->profile, name, outcome->server_error);
            return ms_rule_message(wrap, apply->profile,
                                   apply->env->client_remote != NULL ? apply->env->client_remote : "local",
                                   apply->client_subject, outcome->server_error);
        }
        /* doDelete's error, with the name and the project
         * (lxc/delete.go:174 at lxd-5.21.7, :153 at lxd-6.9; absent at
         * lxd-5.0.2; Incus cmd/incus/delete.go:154 at v6.0.4, from v6.23.0
         * the name as formatRemote writes it, :143) */
        if (apply->deleting != NULL && ms_rule_applies(MS_RULE_CLI_DELETE_WRAP, apply->profile) &&
            !ms_rule_unmodelled(outcome->rule, apply->profile)) {
            g_autofree char *name = ms_client_incus_delete_one(apply->profile)
                                        ? ms_client_format_remote(apply, apply->deleting)
                                        : g_strdup(apply->deleting);

            ms_env_check(apply->env, MS_RULE_CLI_DELETE_WRAP, apply->deleting, TRUE);
            return ms_rule_message(MS_RULE_CLI_DELETE_WRAP, apply->profile, name,
                                   ms_project_display(op->project), outcome->server_error);
        }
        return g_strdup(outcome->server_error);
    default:
        return g_strdup(outcome->server_error);
    }
}
