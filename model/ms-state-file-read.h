/* migsim: the state-file loader's reading primitives (private to
 * model/ms-state-file*.c).  Each takes the JSON path of the node it reads,
 * so that a complaint names the exact field ("NAME: $.path: why"). */
#pragma once

#include "ms-devices.h"
#include "ms-json-lite.h"
#include "ms-names.h"
#include "ms-version.h"

G_BEGIN_DECLS

typedef struct {
    const char *name; /* file name for messages */
    GError **error;
    const MsProfile *profile; /* the file's release: names are checked as it checks them */
    /* names seen so far, per kind: the cluster's own lookups scan arrays,
     * and a file of 100,000 profiles must not take 10^10 comparisons */
    GHashTable *seen;
    /* non-NULL: check only (ms_state_file_check()): the instances' names
     * read so far, and instances are read and checked but not kept */
    GHashTable *instance_names;
} MsStateLoader;

gboolean ms_state_first_sight(MsStateLoader *ld, const char *kind, const char *name, const char *extra,
                              gpointer value);
gpointer ms_state_seen(MsStateLoader *ld, const char *kind, const char *name);
gpointer ms_state_seen_extra(MsStateLoader *ld, const char *kind, const char *name, const char *extra);
gboolean ms_state_fail(MsStateLoader *ld, const char *path, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
const char *ms_state_node_kind(const MsJsonLite *node);
gboolean ms_state_is_string(const MsJsonLite *node);
char *ms_state_child_path(const char *path, const char *key);
/* "@array_path[@index]" in @buf, as g_strdup_printf("%s[%u]") without a
 * format and an allocation per element of the large arrays; @array_path
 * is one of the loader's own short literals */
typedef struct {
    char text[64];
} MsStateIndexPath;
const char *ms_state_index_path(MsStateIndexPath *buf, const char *array_path, guint index);
gboolean ms_state_check_keys(MsStateLoader *ld, const MsJsonLite *object, const char *path,
                             const char *const *required, const char *const *optional);
const MsJsonLite *ms_state_want_object(MsStateLoader *ld, const MsJsonLite *node, const char *path);
const MsJsonLite *ms_state_want_array(MsStateLoader *ld, const MsJsonLite *node, const char *path);
gboolean ms_state_get_string(MsStateLoader *ld, const MsJsonLite *object, const char *path, const char *key,
                             gboolean nullable, const char **out);
gboolean ms_state_read_config(MsStateLoader *ld, const MsJsonLite *node, const char *path,
                              GHashTable *config);
gboolean ms_state_read_member_config(MsStateLoader *ld, const MsJsonLite *object, const char *path,
                                     const char *key, GHashTable *config);
gboolean ms_state_read_devices(MsStateLoader *ld, const MsJsonLite *object, const char *path, const char *key,
                               MsDevices *devices);
gboolean ms_state_read_strings(MsStateLoader *ld, const MsJsonLite *object, const char *path, const char *key,
                               GPtrArray *out);
gboolean ms_state_check_derived_devices(MsStateLoader *ld, const MsJsonLite *object, const char *path,
                                        const char *key, gboolean devices);
gboolean ms_state_check_name(MsStateLoader *ld, const char *path, MsNameKind kind, const char *name);
gboolean ms_state_prescan(MsStateLoader *ld, const char *text, gsize length, char **problem);

G_END_DECLS
