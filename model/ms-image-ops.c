/* migsim: the images of projects that keep their own (features.images=true):
 * lxc image copy into a project, lxc image delete there, and lxc's look-up
 * of a local image in the project before lxc init/launch sends the create.
 *
 * migsim keeps no images of the default project: a name launched there is
 * taken to exist.  A project lxc project create made starts with an empty
 * store (lxd/db/images.go:708-740 ProjectHasImages at lxd-5.0.2; seen live:
 * `lxc launch bb c1 --project p1` fails `Image not found`), and only what
 * lxc image copy put there is in it.  The store of a project read from a
 * state file is unknown (ms_project_forget_images). */
#include "ms-apply-private.h"

#include <string.h>

#include "ms-notify.h"

static const char *
local_image_name(const char *image)
{
    return g_str_has_prefix(image, "local:") ? image + strlen("local:") : image;
}

static gboolean not_modelled(MsApply *apply, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static gboolean
not_modelled(MsApply *apply, const char *fmt, ...)
{
    g_autofree char *what = NULL;
    va_list ap;

    va_start(ap, fmt);
    what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: %s", apply->profile->name, what));
}

/* The project lxc reads the source image from: until lxd-6.6 the remote's
 * own (lxc/image.go:187-195 at lxd-5.0.2 puts back the remote's project
 * that --project replaced), from lxd-6.7 --project's (the revert is gone,
 * GetImageServer at lxc/image.go:200 at lxd-6.9). */
static const char *
source_project(const MsApply *apply)
{
    return apply->profile->version >= MS_VERSION(6, 7, 0) ? ms_project_key(apply->op->project) : NULL;
}

/* The image @name of @project's known store names (an alias's image), or
 * NULL. */
static const char *
image_of_alias(const MsProject *project, const char *name)
{
    return g_hash_table_lookup(project->image_aliases, name);
}

static void
add_alias(MsProject *project, const char *alias, const char *image)
{
    ms_config_set(project->image_aliases, alias, image);
}

/* The copy lands in @into's own store: the image, the --alias names and,
 * with --copy-aliases, the source's aliases of it (lxc/image.go:280-291
 * at lxd-5.0.2: ensureImageAliases, which moves an alias that already
 * exists onto the new image). */
static void
store_copy(const MsApply *apply, const MsProject *from, MsProject *into, const char *image)
{
    const MsOp *op = apply->op;

    g_hash_table_add(into->images, g_strdup(image));
    for (guint i = 0; op->aliases != NULL && i < op->aliases->len; i++)
        add_alias(into, op->aliases->pdata[i], image);
    if (!op->copy_aliases)
        return;
    if (from == NULL) {
        /* the name typed is one of its aliases; others migsim does not know */
        add_alias(into, local_image_name(op->image), image);
        into->aliases_unknown = TRUE;
        return;
    }
    {
        GHashTableIter iter;
        gpointer alias, target;

        g_hash_table_iter_init(&iter, from->image_aliases);
        while (g_hash_table_iter_next(&iter, &alias, &target))
            if (g_str_equal(target, image))
                add_alias(into, alias, image);
        into->aliases_unknown |= from->aliases_unknown;
    }
}

static gboolean
image_copy(MsApply *apply)
{
    const MsOp *op = apply->op;
    MsCluster *cluster = apply->cluster;
    const char *from_name = source_project(apply);
    const char *into_name = ms_project_key(op->target_project != NULL ? op->target_project : op->project);
    const MsProject *from = NULL;
    MsProject *into;
    const char *image = local_image_name(op->image);

    if (strchr(image, ':') != NULL)
        return not_modelled(apply, "images of another remote (%s) are not modelled", op->image);
    if (ms_profile_is_incus(apply->profile)) {
        /* the incus client reads the source in --project from v6.0.2 and
         * v6.4 and writes to the remote's project without --target-project
         * (cmd/incus/image.go:198-227 at v6.0.4); its refusals are not
         * read: only a copy from the default project into another one that
         * exists is answered */
        into = op->target_project != NULL && ms_project_key(op->target_project) != NULL
                   ? (MsProject *) ms_cluster_lookup_project(cluster, op->target_project)
                   : NULL;
        if (ms_project_key(op->project) != NULL || into == NULL)
            return not_modelled(apply, "incus image copy other than from the default project into an "
                                       "existing one (--target-project)");
        if (ms_project_images_known(into))
            store_copy(apply, NULL, into, image);
        return TRUE;
    }
    /* lxc reads the source image first (dereferenceAlias, GetImage) */
    if (from_name != NULL) {
        from = ms_cluster_lookup_project(cluster, from_name);
        if (!ms_project_images_known(from))
            return not_modelled(apply, "the images of project %s are not known", from_name);
        image = image_of_alias(from, image);
        if (image == NULL)
            return not_modelled(apply, "lxc's look-up of %s in project %s, which has no such alias",
                                op->image, from_name);
    }
    if (ms_apply_check(apply, MS_RULE_IMAGE_COPY_SAME_PROJECT, op->image,
                       ms_project_same(from_name, into_name)))
        return ms_apply_reject(apply, MS_RULE_IMAGE_COPY_SAME_PROJECT);
    into = into_name != NULL ? (MsProject *) ms_cluster_lookup_project(cluster, into_name) : NULL;
    if (ms_apply_check(apply, MS_RULE_IMAGE_COPY_PROJECT_NOT_FOUND, ms_project_display(into_name),
                       into_name != NULL && into == NULL))
        return ms_apply_reject(apply, MS_RULE_IMAGE_COPY_PROJECT_NOT_FOUND, into_name);
    /* a project without features.images keeps its images in the default
     * project (lxd/images.go:1209-1212 at lxd-6.9), which migsim does not
     * list; an unknown store stays unknown */
    if (ms_project_images_known(into))
        store_copy(apply, from, into, image);
    return TRUE;
}

static void
remove_image(MsProject *project, const char *image)
{
    GHashTableIter iter;
    gpointer target;

    g_hash_table_remove(project->images, image);
    g_hash_table_iter_init(&iter, project->image_aliases);
    while (g_hash_table_iter_next(&iter, NULL, &target))
        if (g_str_equal(target, image))
            g_hash_table_iter_remove(&iter);
}

/* Whether a project other than @project holds @image: the default
 * project does for an image copied from it (every image but an imported
 * file's: migsim answers no delete there), another project when a store
 * migsim knows has it.  Then imageDelete only drops @project's database row; otherwise
 * it notifies every member with NotifyAll, which a member that is down
 * refuses (lxd/images.go:2376-2399 at lxd-5.0.2, :3013-3039 at
 * lxd-5.21.7, :3091-3138 at lxd-6.9, where the other project must also
 * share the images volume, storage.project.NAME.images_volume, which
 * migsim does not model: both fall back to storage.images_volume;
 * cmd/incusd/images.go:2759-2785 at v6.0.4). */
static gboolean
image_held_elsewhere(const MsCluster *cluster, const MsProject *project, const char *image)
{
    if (!g_str_has_prefix(image, "file:"))
        return TRUE;
    for (guint i = 0; i < cluster->projects->len; i++) {
        const MsProject *other = cluster->projects->pdata[i];

        if (other != project && ms_project_images_known(other) && g_hash_table_contains(other->images, image))
            return TRUE;
    }
    return FALSE;
}

/* lxc image delete NAME: lxc resolves the alias in the project, then
 * deletes the image with every alias of it (lxc/image.go:318-360 at
 * lxd-5.0.2; lxd/images.go imageDelete).  Only an alias of a store migsim
 * keeps is answered. */
static gboolean
image_delete(MsApply *apply)
{
    const MsOp *op = apply->op;
    const char *name = ms_project_key(op->project);
    MsProject *project = name != NULL ? (MsProject *) ms_cluster_lookup_project(apply->cluster, name) : NULL;
    g_autofree char *image = NULL;

    if (!ms_project_images_known(project))
        return not_modelled(apply,
                            "the images of project %s are not kept (only those of projects with "
                            "features.images=true made by lxc project create)",
                            ms_project_display(op->project));
    image = g_strdup(image_of_alias(project, local_image_name(op->image)));
    if (image == NULL)
        return not_modelled(apply,
                            "project %s has no alias %s that migsim knows of (LXD's answer to a "
                            "fingerprint or an unknown name is not modelled)",
                            name, op->image);
    if (!image_held_elsewhere(apply->cluster, project, image) && !ms_notify_all_up(apply))
        return not_modelled(
            apply,
            "whether another project holds image %s, an imported file's (migsim "
            "keeps no images of the default project): if none does, the delete notifies every member and a "
            "member that is down refuses it (CLUSTER.PEER_DOWN's notifier)",
            op->image);
    remove_image(project, image);
    return TRUE;
}

/* lxc image import FILE --alias A --project P (lxc/image.go:685-866 at
 * lxd-5.0.2): a new image in the project's store (the default project's
 * when it has none of its own), its aliases made as for a copy.  Each file
 * is an image of its own; a file imported twice into one store is the
 * same fingerprint, which LXD refuses, in a text not modelled. */
static gboolean
image_import(MsApply *apply)
{
    const MsOp *op = apply->op;
    const char *name = ms_project_key(op->project);
    MsProject *project = name != NULL ? (MsProject *) ms_cluster_lookup_project(apply->cluster, name) : NULL;
    g_autofree char *image = g_strconcat("file:", op->image, NULL);

    if (name != NULL && project == NULL)
        return not_modelled(apply, "an image import into project %s, which does not exist", name);
    if (!ms_project_images_known(project))
        return TRUE;
    if (g_hash_table_contains(project->images, image))
        return not_modelled(apply, "%s imported twice into project %s (the same fingerprint)", op->image,
                            name);
    g_hash_table_add(project->images, g_strdup(image));
    for (guint i = 0; op->aliases != NULL && i < op->aliases->len; i++)
        add_alias(project, op->aliases->pdata[i], image);
    return TRUE;
}

gboolean
ms_apply_image(MsApply *apply)
{
    if (ms_profile_is_incus(apply->profile) && apply->op->kind != MS_OP_IMAGE_COPY)
        return not_modelled(apply, "incus image import and delete are not modelled");
    switch (apply->op->kind) {
    case MS_OP_IMAGE_COPY:
        return image_copy(apply);
    case MS_OP_IMAGE_IMPORT:
        return image_import(apply);
    default:
        return image_delete(apply);
    }
}

gboolean
ms_apply_image_lookup(MsApply *apply)
{
    const MsOp *op = apply->op;
    const MsProject *project;
    const char *image;
    gboolean found;

    if (op->empty || op->image == NULL || ms_project_key(op->project) == NULL)
        return TRUE;
    /* an image of another remote (ubuntu:, images:) is downloaded into the
     * project */
    if (strchr(op->image, ':') != NULL && !g_str_has_prefix(op->image, "local:"))
        return TRUE;
    project = ms_cluster_lookup_project(apply->cluster, op->project);
    if (project == NULL || !ms_project_feature(project, "images"))
        return TRUE;
    image = local_image_name(op->image);
    if (project->images == NULL) {
        ms_outcome_add_note(apply->outcome,
                            "project %s has its own images (features.images=true) and lxc looks %s up "
                            "there first; the state does not say which images it holds, so migsim takes "
                            "it to be there",
                            op->project, image);
        return TRUE;
    }
    found = image_of_alias(project, image) != NULL;
    if (!found && (project->aliases_unknown || ms_profile_is_incus(apply->profile)))
        return not_modelled(apply,
                            "whether %s names an image of project %s (an image was copied there with "
                            "aliases migsim does not know, or the client is Incus')",
                            image, op->project);
    if (ms_apply_check(apply, MS_RULE_IMAGE_PROJECT_NOT_FOUND, image, !found))
        return ms_apply_reject(apply, MS_RULE_IMAGE_PROJECT_NOT_FOUND, image, "local");
    return TRUE;
}
