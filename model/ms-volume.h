/* migsim: custom storage volumes. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    MS_CONTENT_FILESYSTEM,
    MS_CONTENT_BLOCK,
    MS_CONTENT_ISO,
} MsContentType;

typedef struct {
    char *pool;
    char *name;
    MsContentType content_type;
    char *location; /* member holding it; NULL on remote pools */
    /* the project it lives in, NULL for default: the storage project of the
     * request's (project.StorageVolumeProject, lxd/project/project.go:72 at
     * lxd-5.0.2, :115 at lxd-5.21.7, :122 at lxd-6.9), which is default
     * for a project without features.storage.volumes */
    char *project;
    GHashTable *config;
    GPtrArray *snapshots; /* (element-type utf8) in creation order */
    /* a cluster copy shares its original's volumes (ms_cluster_copy): a
     * change goes through ms_cluster_volume_mut, which unshares first */
    gint ref_count;
} MsVolume;

MsVolume *ms_volume_new(const char *pool, const char *name, MsContentType type, const char *location);
MsVolume *ms_volume_copy(const MsVolume *volume);
MsVolume *ms_volume_ref(MsVolume *volume);
/* drops one reference */
void ms_volume_free(MsVolume *volume);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsVolume, ms_volume_free)

const char *ms_content_type_to_string(MsContentType type);
gboolean ms_content_type_from_string(const char *text, MsContentType *type);

G_END_DECLS
