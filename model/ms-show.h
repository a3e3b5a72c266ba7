/* migsim: what the read-only `lxc` commands print, from the model.
 *
 * `lxc info NAME`, `lxc config show [NAME] [--expanded]`, `lxc cluster show
 * M`, `lxc profile show P`, `lxc storage list`, `lxc storage volume list
 * POOL`, `lxc profile list`, `lxc network list`, `lxc operation list`, and
 * `lxc list|cluster list --format json|yaml`: the objects as LXD's API
 * returns them (field order per release, shared/api/ files), printed as lxc
 * prints them (yaml.v2, encoding/json, utils.RenderTable).  Values the model
 * does not know print as Go's zero values; a pasted block is compared
 * without them (docs/scenario-language.md#pasting-a-terminal-session). */
#pragma once

#include <json-glib/json-glib.h>

#include "ms-cluster.h"
#include "ms-op.h"
#include "ms-version.h"

G_BEGIN_DECLS

/* GET /1.0/instances/NAME?recursion=1 as LXD answers it (InstanceFull when
 * @full, else Instance). */
JsonNode *ms_show_instance(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance,
                           gboolean full);
JsonNode *ms_show_member(const MsCluster *cluster, const MsProfile *profile, const MsMember *member);

/* json or yaml of @array as `lxc list -f json|yaml` prints it; NULL for
 * other formats. */
char *ms_show_format(JsonNode *array, const char *format);

/* What the read-only command @op prints, or NULL with *not_found set to
 * the object it names that does not exist ("instance", "profile", "pool",
 * "member").  *note: what is not modelled. */
char *ms_show_print(const MsCluster *cluster, const MsProfile *profile, const MsOp *op,
                    const char **not_found, char **note);

/* Whether LXD shows @key of the server config, when set, as the boolean
 * true instead of its value (a Hidden key). */
gboolean ms_show_server_key_hidden(const MsProfile *profile, const char *key);
/* Each set hidden key of @config, GET /1.0's config object, as true. */
void ms_show_hide_server_keys(JsonObject *config, const MsProfile *profile);

G_END_DECLS
