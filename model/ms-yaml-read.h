/* migsim: the YAML that bug reports feed to `lxc ... edit`, read as lxc
 * reads it (gopkg.in/yaml.v2's yaml.Unmarshal into an api.*Put struct).
 *
 * Only a subset of YAML is read: what `lxc profile show` and `lxc config
 * show` print and what people type by hand (block maps and sequences,
 * plain, quoted and `|`/`>` block scalars, `{}` and `[]`, comments).
 * Anything else (anchors, tags, flow collections with content, multi-line
 * plain or quoted scalars, tabs in the indentation) is refused with its
 * line, never read some other way. */
#pragma once

#include <glib.h>

#include "ms-devices.h"

G_BEGIN_DECLS

typedef enum {
    MS_YAML_SCALAR,
    MS_YAML_MAP,
    MS_YAML_SEQ,
} MsYamlKind;

typedef struct MsYamlNode MsYamlNode;
struct MsYamlNode {
    MsYamlKind kind;
    guint line;          /* 1-based, in the document: where the node starts */
    char *value;         /* a scalar's text, decoded */
    gboolean quoted;     /* quoted or block scalar: always a string (!!str) */
    GPtrArray *children; /* MAP: key, value, key, value ...; SEQ: items */
};

void ms_yaml_node_free(MsYamlNode *node);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsYamlNode, ms_yaml_node_free)

/* The document @text; NULL without an error for an empty document (only
 * blank lines and comments).  An error's message starts "line N: " (N in
 * the document) and *@error_line (when not NULL) receives N. */
MsYamlNode *ms_yaml_read(const char *text, guint *error_line, GError **error);

/* yaml.v2's short tag of a node (resolve.go): !!str, !!int, !!float,
 * !!bool, !!null, !!map, !!seq. */
const char *ms_yaml_tag(const MsYamlNode *node);

/* An api.ProfilePut, api.InstancePut, api.StorageVolumePut or api.ClusterGroupPut as
 * yaml.Unmarshal fills it. */
typedef struct {
    GHashTable *config;  /* (element-type utf8 utf8), never NULL */
    MsDevices *devices;  /* never NULL */
    GPtrArray *profiles; /* NULL when the document has no `profiles` */
    GPtrArray *members;  /* api.ClusterGroupPut's; NULL when the document has none */
    char *description;
    char *architecture;
    char *restore;
    gboolean ephemeral;
    gboolean stateful;
} MsYamlPut;

void ms_yaml_put_free(MsYamlPut *put);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsYamlPut, ms_yaml_put_free)

typedef enum {
    MS_YAML_PROFILE_PUT,  /* api.ProfilePut: config, description, devices */
    MS_YAML_INSTANCE_PUT, /* api.InstancePut: also architecture, ephemeral, profiles, restore, stateful */
    MS_YAML_VOLUME_PUT,   /* api.StorageVolumePut: config, description, restore (no devices) */
    MS_YAML_GROUP_PUT,    /* api.ClusterGroupPut: description, members */
} MsYamlPutType;

/* yaml.Unmarshal(@text, &api.XPut{}): the struct, or NULL with
 * *@type_errors set to yaml.v2's TypeError text ("yaml: unmarshal
 * errors:\n  line N: cannot unmarshal ...").  @text must be in the subset
 * (ms_yaml_read succeeds); keys the struct has no field for are ignored,
 * as yaml.v2 ignores them. */
MsYamlPut *ms_yaml_unmarshal_put(const char *text, MsYamlPutType type, char **type_errors);

G_END_DECLS
