/* migsim: instance backups (lxc query -X POST /1.0/instances/NAME/backups;
 * the model keeps only how many an instance has, which refuses its moves:
 * MOVE.BACKUPS).  What the request's body is decides whether LXD creates
 * one at all, so the body lxc sends is worked out here from what the user
 * typed, and a body given as sent (migsim serve) is read the same way. */
#include "ms-apply-private.h"
#include "ms-json-strict.h"
#include "ms-backup.h"

#include <json-glib/json-glib.h>
#include <string.h>

MsJsonStrictKind
ms_backup_body_from_lxc(const char *typed, const MsProfile *profile)
{
    MsJsonStrictKind kind;

    /* lxc/query.go:92-96 (lxd-5.0.2): json.Unmarshal of -d's text, kept as
     * a string when it fails, which the empty flag does; from 5.21.4 and
     * 6.5 an empty flag sends nothing (:99-106 at lxd-5.21.7) */
    if (typed == NULL || *typed == '\0')
        return ms_profile_has(profile, MS_FEATURE_CLI_QUERY_NO_EMPTY_BODY) ? MS_JSON_STRICT_NULL
                                                                           : MS_JSON_STRICT_STRING;
    kind = ms_json_strict_kind(typed);
    /* a JSON null unmarshals to nil: rawQuery then sends no body (client/
     * lxd.go at lxd-5.0.2, client/request.go:17-44 at lxd-5.21.7); from
     * 5.0.3 and 5.14 lxc answers the "EOF" by sending "null" as text, whose
     * nil map the handler panics on (MS_FEATURE_CLI_QUERY_EOF_RETRY; review
     * of session 26): the connection's error is not modelled */
    if (kind == MS_JSON_STRICT_NULL && ms_profile_has(profile, MS_FEATURE_CLI_QUERY_EOF_RETRY))
        return MS_JSON_STRICT_INVALID;
    return kind == MS_JSON_STRICT_INVALID ? MS_JSON_STRICT_STRING : kind;
}

/* A body as serve got it: json-glib has read it already (it refuses what
 * is not JSON with a 400 of its own, ms-serve-api.c), and it comes here
 * written out again as one value, which json.Decoder.Decode reads.  No
 * body: io.EOF (NULL).  A value Go refuses, or a JSON null (Decode then
 * leaves a nil map, which the handler's next assignment panics on):
 * INVALID, not modelled. */
static MsJsonStrictKind
body_from_wire(const char *body)
{
    const char *start = body != NULL ? body + strspn(body, " \t\n\r") : "";
    MsJsonStrictKind kind;

    if (*start == '\0')
        return MS_JSON_STRICT_NULL;
    kind = ms_json_strict_first(start);
    return kind == MS_JSON_STRICT_NULL ? MS_JSON_STRICT_INVALID : kind;
}

/* The members of a body that decoded into a map: migsim keeps no backup
 * names, dates or options, so it answers only for an empty object and for
 * a "name" it can judge; NULL when it can, else why not (transfer full). */
static char *
object_unmodelled(const char *text, const MsInstance *instance)
{
    g_autoptr(JsonNode) root = json_from_string(text, NULL);
    JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
    g_autoptr(GList) members = object != NULL ? json_object_get_members(object) : NULL;
    JsonNode *name;

    if (object == NULL)
        return g_strdup("a body json-glib does not read as Go does");
    for (GList *l = members; l != NULL; l = l->next)
        if (!g_str_equal(l->data, "name"))
            return g_strdup_printf("a backup request with \"%s\" (backup options and expiry are not "
                                   "modelled)",
                                   (const char *) l->data);
    name = json_object_get_member(object, "name");
    if (name == NULL)
        return NULL;
    if (!JSON_NODE_HOLDS_VALUE(name) || json_node_get_value_type(name) != G_TYPE_STRING)
        return g_strdup("a backup name that is not a JSON string (LXD answers with Go's type error)");
    /* instance_backup.go:307-310 at lxd-5.0.2 refuses a '/' with its own
     * text, which is not in migsim's rule table */
    if (strchr(json_node_get_string(name), '/') != NULL)
        return g_strdup("a backup name with a '/' (\"Backup names may not contain slashes\")");
    if (*json_node_get_string(name) != '\0' && instance->n_backups > 0)
        return g_strdup_printf("a named backup of %s, which has backups whose names migsim does not keep",
                               instance->name);
    return NULL;
}

gboolean
ms_apply_backup(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsInstance *instance = NULL;
    MsJsonStrictKind body;

    /* before the instance is loaded (lxd/instance_backup.go:227-233 at lxd-5.0.2) */
    if (!ms_apply_project_backups(apply, op->project))
        return FALSE;
    instance = ms_apply_lookup_instance(apply, op->instance, FALSE);
    if (instance == NULL)
        return FALSE;
    /* then the body, decoded into a map (instance_backup.go:250-254 at
     * lxd-5.0.2, :275-279 at lxd-5.21.7, :263-267 at lxd-6.9) */
    body = op->request_data_sent ? body_from_wire(op->request_data)
                                 : ms_backup_body_from_lxc(op->request_data, apply->profile);
    if (body == MS_JSON_STRICT_INVALID)
        return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                             g_strdup_printf("migsim: not modelled for %s: a backup request whose body is "
                                             "not JSON or is null (LXD answers with Go's syntax error, or "
                                             "its handler panics on the nil map and drops the connection)",
                                             apply->profile->name));
    if (ms_apply_check(apply, MS_RULE_QUERY_BODY_EMPTY, op->instance, body == MS_JSON_STRICT_NULL))
        return ms_apply_reject(apply, MS_RULE_QUERY_BODY_EMPTY);
    if (ms_apply_check(apply, MS_RULE_QUERY_BODY_NOT_OBJECT, op->instance, body != MS_JSON_STRICT_OBJECT))
        return ms_apply_reject(apply, MS_RULE_QUERY_BODY_NOT_OBJECT, ms_json_strict_go_name(body));
    {
        /* an object was sent, so there was text */
        g_autofree char *why = object_unmodelled(op->request_data, instance);

        if (why != NULL)
            return ms_apply_fail(
                apply, MS_RULE_NONE, 0, FALSE,
                g_strdup_printf("migsim: not modelled for %s: %s", apply->profile->name, why));
    }
    instance->n_backups++;
    return TRUE;
}
