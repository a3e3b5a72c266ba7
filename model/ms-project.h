/* migsim: LXD projects.  The default project is implicit (it always exists
 * and has every feature); MsCluster.projects holds the others.  Objects name
 * their project with a string, NULL meaning the default project, so state
 * files and goldens without projects are unchanged.  Pure. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MS_PROJECT_DEFAULT "default"

typedef struct {
    char *name;
    GHashTable *config; /* features.*, restricted*, limits.*, user.* ... */
    /* The project's own image store, used while features.images=true: the
     * images copied in (name -> NULL; an image is named by what was typed
     * to copy it) and the aliases that name them (alias -> image).  Both
     * NULL when migsim does not know the store (a project read from a
     * state file); a project made by lxc project create starts with both
     * empty, as LXD's does.  The default project's images are not kept:
     * every name launched there is taken to exist. */
    GHashTable *images;
    GHashTable *image_aliases;
    /* an image came in with --copy-aliases from a store migsim does not
     * know, so it may carry aliases the store does not list */
    gboolean aliases_unknown;
} MsProject;

/* A new project as `lxc project create` makes it: the features that are
 * enabled by default (lxd/db/cluster/projects.go:50-59 at lxd-5.0.2,
 * :51-64 at lxd-5.21.7, :104-117 at lxd-6.9) set to "true" unless @config
 * names them; features.storage.buckets only where the release has it. */
MsProject *ms_project_new(const char *name, gboolean has_buckets);
MsProject *ms_project_copy(const MsProject *project);
/* Forget the image store (a project loaded from a state file). */
void ms_project_forget_images(MsProject *project);
/* Whether launching @name in @project reads an image store migsim keeps
 * (features.images=true and the store known). */
gboolean ms_project_images_known(const MsProject *project);
void ms_project_free(MsProject *project);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsProject, ms_project_free)

/* NULL for the default project (NULL or "default"), else @name. */
const char *ms_project_key(const char *name);
/* "default" for NULL. */
const char *ms_project_display(const char *name);
gboolean ms_project_same(const char *a, const char *b);

/* shared.IsTrue of the project's features.KEY (@project NULL: the default
 * project, which has every feature). */
gboolean ms_project_feature(const MsProject *project, const char *feature);
/* restricted=true */
gboolean ms_project_restricted(const MsProject *project);
/* GetRestrictedClusterGroups: restricted.cluster.groups split on ',' and
 * trimmed, empty entries dropped; NULL when there is none (transfer full). */
GStrv ms_project_cluster_groups(const MsProject *project);

G_END_DECLS
