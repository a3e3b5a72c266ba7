/* migsim: the one mapping between LXD's REST objects and the model.
 *
 * `migsim import` (a whole cluster into a state file), replay's read-back
 * of the live cluster after each step, and the GET bodies --dry-run shows
 * (taken from the simulated cluster) all go through here, so that a field
 * LXD reports is read, and written, one way only.
 *
 * The readers take MsJsonLite trees (model/ms-json-lite.h): import reads
 * replies of hundreds of MiB that way (docs/bench.md); replay's json-glib
 * objects are converted by the _json adapters and read by the same code.
 *
 * Strict (import): a reply that does not have LXD's shape is an error
 * naming the request and the field.  Lenient (replay's read-back): what is
 * not LXD's shape is left out, as the comparison then shows it absent,
 * without stopping the replay. */
#pragma once

#include <json-glib/json-glib.h>

#include "ms-cluster.h"
#include "ms-json-lite.h"

G_BEGIN_DECLS

/* Live member names into the model's (replay's --member map); NULL keeps them. */
typedef const char *(*MsLxdMemberNameFunc)(gpointer data, const char *live_name);

typedef struct {
    gboolean strict;
    const char *request; /* "/1.0/instances?recursion=1", for messages */
    GPtrArray *warnings; /* (nullable) what was mapped with a guess */
    GError **error;      /* set (strict only) when a mapping returns FALSE/NULL */
    MsLxdMemberNameFunc member_name;
    gpointer member_data;
    /* (nullable) where ms_lxd_map_instance interns an instance's config:
     * the cluster's pool (ms_cluster_strings) it will join, else its own */
    MsStrPool *strings;
} MsLxdMap;

/* Records "GET REQUEST: WHERE: ... (not LXD's reply shape)" in strict
 * mode; FALSE always. */
gboolean ms_lxd_map_bad(MsLxdMap *map, const char *where, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* A string field; absent or null gives @fallback (NULL = required: an
 * error in strict mode, NULL in lenient mode). */
const char *ms_lxd_map_field(MsLxdMap *map, const MsJsonLite *object, const char *key, const char *fallback,
                             const char *where);

/* Element @index of @array as an object. */
const MsJsonLite *ms_lxd_map_element(MsLxdMap *map, const MsJsonLite *array, guint index);

/* LXD's map[string]string at @key into @config.  Old daemons report a few
 * booleans and numbers: kept as LXD prints them.  Other values: an error
 * (strict) or skipped (lenient). */
gboolean ms_lxd_map_config(MsLxdMap *map, const MsJsonLite *object, const char *key, GHashTable *config,
                           const char *where);
gboolean ms_lxd_map_devices(MsLxdMap *map, const MsJsonLite *object, MsDevices *devices, const char *where);
gboolean ms_lxd_map_strings(MsLxdMap *map, const MsJsonLite *object, const char *key, GPtrArray *out,
                            const char *where);

/* An instance of GET /1.0/instances?recursion=1 (name, type, status,
 * location in model names, profiles, config, devices); NULL when it is not
 * one (strict: with the error).  A Frozen or unknown status is mapped with
 * a warning. */
MsInstance *ms_lxd_map_instance(MsLxdMap *map, const MsJsonLite *object, const char *where);

/* A profile's config and devices into @profile. */
gboolean ms_lxd_map_profile(MsLxdMap *map, const MsJsonLite *object, MsProfileEntity *profile,
                            const char *where);

/* A member's "status" ("Online", "Evacuated", "Offline"; others are
 * mapped to OFFLINE with a warning). */
MsMemberStatus ms_lxd_map_member_status(MsLxdMap *map, const char *name, const char *status);

/* The same three for json-glib objects (replay's read-back); @object
 * nullable. */
MsInstance *ms_lxd_map_instance_json(MsLxdMap *map, JsonObject *object, const char *where);
gboolean ms_lxd_map_profile_json(MsLxdMap *map, JsonObject *object, MsProfileEntity *profile,
                                 const char *where);
gboolean ms_lxd_map_config_json(MsLxdMap *map, JsonObject *object, const char *key, GHashTable *config,
                                const char *where);

/* ---- the model as LXD shows it (the dry run's GET bodies) ---- */

/* (transfer full) a node holding @obj (@array), whose reference it takes;
 * shared by replay and serve */
JsonNode *ms_lxd_map_take_object(JsonObject *obj);
JsonNode *ms_lxd_map_take_array(JsonArray *array);

JsonObject *ms_lxd_map_config_to_json(GHashTable *config);
JsonObject *ms_lxd_map_devices_to_json(MsDevices *devices);
/* GET /1.0/instances/NAME, GET /1.0/profiles/NAME, GET /1.0 as LXD would
 * answer for @cluster; an empty object for a name the cluster lacks. */
JsonNode *ms_lxd_map_instance_to_json(const MsCluster *cluster, const char *name);
JsonNode *ms_lxd_map_profile_to_json(const MsCluster *cluster, const char *name);
JsonNode *ms_lxd_map_server_to_json(const MsCluster *cluster);

G_END_DECLS
