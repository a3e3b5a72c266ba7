/* migsim: custom volume snapshots named by the volume's snapshots.pattern,
 * and the rename of a volume snapshot (lxc storage volume rename POOL
 * VOL/SNAP VOL/NEW).  migsim keeps a volume snapshot's name only, so both
 * change that name and nothing else; what LXD could answer differently
 * (a template, a name taken, a rename the server refuses) is said to be
 * not modelled. */
#include "ms-names.h"
#include "ms-storage-private.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static gboolean
snapshot_not_modelled(MsApply *apply, const char *what)
{
    return ms_apply_fail(apply, MS_RULE_NONE, 0, FALSE,
                         g_strdup_printf("migsim: not modelled for %s: %s", apply->profile->name, what));
}

/* TRUE when each name is made of URL-unreserved characters only (no
 * escaping in a path segment or a query value) */
static gboolean names_plain(const char *first, ...) G_GNUC_NULL_TERMINATED;
static gboolean
names_plain(const char *first, ...)
{
    va_list ap;
    gboolean plain = TRUE;

    va_start(ap, first);
    for (const char *name = first; name != NULL && plain; name = va_arg(ap, const char *))
        plain = name[0] != '\0' &&
                strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~") ==
                    strlen(name);
    va_end(ap);
    return plain;
}

/* The index Go's fmt.Sscanf(NAME, PREFIX "%d", &num) reads from @name into
 * *@num: TRUE when it reads one (the prefix, an optional sign, a run of
 * decimal digits; what follows is left unread).  *@unsure when the digits
 * could overflow Go's int, which migsim does not follow. */
static gboolean
pattern_index(const char *name, const char *prefix, gint64 *num, gboolean *unsure)
{
    const char *p;
    gboolean negative = FALSE;
    gsize digits;

    if (!g_str_has_prefix(name, prefix))
        return FALSE;
    p = name + strlen(prefix);
    if (*p == '+' || *p == '-')
        negative = *p++ == '-';
    digits = strspn(p, "0123456789");
    if (digits == 0)
        return FALSE;
    if (digits > 18) {
        *unsure = TRUE;
        return FALSE;
    }
    *num = g_ascii_strtoll(p, NULL, 10) * (negative ? -1 : 1);
    return TRUE;
}

/* The name of a snapshot of @volume taken without one under its own
 * snapshots.pattern @pattern.  volumeDetermineNextSnapshotName
 * (lxd/storage_volumes_snapshot.go:1360-1381 at lxd-5.0.2;
 * VolumeDetermineNextSnapshotName, lxd/storage/utils.go:1362 at lxd-5.21.7,
 * :1337-1360 at lxd-6.9) renders the pattern as a template, then replaces
 * its one "%d" by one more than the highest index fmt.Sscanf reads with
 * the pattern from the snapshot names of every custom volume of that name
 * in the pool, in any project, on the member handling the request (or on a
 * remote pool) (GetNextStorageVolumeSnapshotIndex,
 * lxd/db/storage_volumes.go:734-775 at lxd-5.0.2, :754-800 at lxd-6.9).
 * Only a pattern PREFIX%d, with no template, no other '%' and nothing
 * after the "%d", is followed (its Sscanf reads the same at every tag);
 * NULL once said not modelled. */
char *
ms_volume_snapshot_pattern_name(MsApply *apply, const MsVolume *volume, const char *pattern)
{
    const char *mark = strstr(pattern, "%d");
    g_autofree char *prefix = NULL;
    gint64 next = 0;

    /* Incus v6.0.4 names it alike (cmd/incusd/storage_volumes_snapshot.go
     * :201-224, fmt.Sprintf of the pattern); its other releases are not
     * read */
    if (ms_profile_is_incus(apply->profile)) {
        snapshot_not_modelled(apply, "a volume snapshot named by the volume's snapshots.pattern under Incus");
        return NULL;
    }
    if (mark == NULL || mark[2] != '\0' || strchr(mark + 1, '%') != NULL ||
        memchr(pattern, '%', mark - pattern) != NULL || strpbrk(pattern, "{} \t\n") != NULL) {
        snapshot_not_modelled(apply, "a volume snapshot named by the volume's snapshots.pattern (only a "
                                     "pattern PREFIX%d is followed)");
        return NULL;
    }
    prefix = g_strndup(pattern, mark - pattern);
    for (guint i = 0; i < apply->cluster->volumes->len; i++) {
        const MsVolume *other = apply->cluster->volumes->pdata[i];

        if (!g_str_equal(other->pool, volume->pool) || !g_str_equal(other->name, volume->name) ||
            g_strcmp0(other->location, volume->location) != 0)
            continue;
        for (guint j = 0; j < other->snapshots->len; j++) {
            gint64 num;
            gboolean unsure = FALSE;

            if (pattern_index(other->snapshots->pdata[j], prefix, &num, &unsure) && num >= next)
                next = num + 1;
            if (unsure) {
                snapshot_not_modelled(apply, "a volume snapshot named by the volume's snapshots.pattern "
                                             "next to a snapshot whose index may overflow");
                return NULL;
            }
        }
    }
    return g_strdup_printf("%s%" G_GINT64_FORMAT, prefix, next);
}

/* The name of a snapshot of @volume taken without a name or a
 * snapshots.pattern: "snap%d" with one more than the highest index over the
 * snapshots of every custom volume of that name in the pool, in any
 * project, on the member handling the request (the volume's) or on a
 * remote pool.  GetNextStorageVolumeSnapshotIndex's query has no project
 * in it at any tag (lxd/db/storage_volumes.go:737-745 at lxd-5.0.2, from
 * storagePoolVolumeSnapshotsTypePost's "snap%d", lxd/storage_volumes_snapshot.go
 * :165-166; :757-764 at lxd-6.9 through VolumeDetermineNextSnapshotName's
 * default pattern, lxd/storage/utils.go:1337-1359; Incus
 * internal/server/db/storage_volumes.go:706-709 at v6.0.0, v6.0.4, v6.23.0,
 * :707-710 at v7.3.0, cmd/incusd/storage_volumes_snapshot.go:201-224 at
 * v6.0.4), so a volume's namesake in another project moves the index on
 * (ms_next_snapshot_name reads each name as Sscanf("snap%d") does). */
char *
ms_volume_snapshot_default_name(const MsCluster *cluster, const MsVolume *volume)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new();

    for (guint i = 0; i < cluster->volumes->len; i++) {
        const MsVolume *other = cluster->volumes->pdata[i];

        if (!g_str_equal(other->pool, volume->pool) || !g_str_equal(other->name, volume->name) ||
            g_strcmp0(other->location, volume->location) != 0)
            continue;
        for (guint j = 0; j < other->snapshots->len; j++)
            g_ptr_array_add(names, other->snapshots->pdata[j]);
    }
    return ms_next_snapshot_name(names);
}

/* incus storage volume rename POOL VOL/SNAP NEW and delete POOL VOL/SNAP:
 * incus does not split the name and sends it, escaped, to the volume
 * endpoint, whose IsSnapshot check refuses it on any member before the
 * pool is loaded (VOLUME.SNAPSHOT_RENAME_INCUS, VOLUME.SNAPSHOT_DELETE_INCUS:
 * cmd/incus/storage_volume.go:738-746,1923-1936, cmd/incusd/storage_volumes.go
 * :1041-1043,2117-2119 at v6.0.4).  Not modelled: a first field incus's
 * parseVolume takes as the volume type (cmd/incus/storage_volume.go:41-50),
 * a name Go's %q would escape, and the releases whose client was not read
 * (v6.23.0 on). */
gboolean
ms_volume_snapshot_incus(MsApply *apply)
{
    static const char *const types[] = { "custom", "image", "container", "virtual-machine" };
    const MsOp *op = apply->op;
    gboolean delete = op->kind == MS_OP_VOLUME_DELETE;
    MsRuleId rule = delete ? MS_RULE_VOLUME_SNAPSHOT_DELETE_INCUS : MS_RULE_VOLUME_SNAPSHOT_RENAME_INCUS;
    gsize parent_len = strcspn(op->volume, "/");

    for (guint i = 0; i < G_N_ELEMENTS(types); i++)
        if (strlen(types[i]) == parent_len && strncmp(op->volume, types[i], parent_len) == 0)
            return snapshot_not_modelled(apply, "a volume name whose first field incus takes as its type");
    for (const char *p = op->volume; delete &&*p != '\0'; p++)
        if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\')
            return snapshot_not_modelled(apply, "a volume snapshot name Go's %q would escape");
    /* check sites: VOLUME_SNAPSHOT_DELETE_INCUS VOLUME_SNAPSHOT_RENAME_INCUS */
    if (!ms_rule_applies(rule, apply->profile))
        return snapshot_not_modelled(apply,
                                     "a volume snapshot named VOL/SNAP under this Incus release (not read)");
    /* check sites: VOLUME_SNAPSHOT_DELETE_INCUS VOLUME_SNAPSHOT_RENAME_INCUS */
    ms_apply_check(apply, rule, op->volume, TRUE);
    /* check sites: VOLUME_SNAPSHOT_DELETE_INCUS VOLUME_SNAPSHOT_RENAME_INCUS */
    return delete ? ms_apply_reject(apply, rule, op->volume) : ms_apply_reject(apply, rule);
}

/* The volume whose snapshot PARENT/SNAP the op names (@parent_len bytes of
 * op->volume), with that snapshot at *@index; NULL once refused or said
 * not modelled.  migsim follows a snapshot of an existing volume of one
 * name, untargeted, while no instance or profile uses the volume (a disk
 * may name a snapshot as its source, and lxd-6.9 rewrites the backup files
 * of the instances using it); the rest is not modelled.  Incus never gets
 * here (ms_volume_snapshot_incus). */
static MsVolume *
snapshot_parent(MsApply *apply, gsize parent_len, guint *index)
{
    const MsOp *op = apply->op;
    g_autofree char *parent = g_strndup(op->volume, parent_len);
    const char *project = ms_cluster_volume_project(apply->cluster, op->project);
    const char *snapshot = op->volume + parent_len + 1;
    MsVolume *volume;

    if (op->target != NULL || ms_cluster_count_volumes(apply->cluster, project, op->pool, parent) != 1) {
        snapshot_not_modelled(apply, "a snapshot of a volume that is missing, on more than one member or "
                                     "named with --target");
        return NULL;
    }
    volume = ms_storage_volume_lookup_named(apply, parent);
    if (volume == NULL)
        return NULL;
    if (!g_ptr_array_find_with_equal_func(volume->snapshots, snapshot, g_str_equal, index)) {
        snapshot_not_modelled(apply, "a volume snapshot that does not exist");
        return NULL;
    }
    if (ms_storage_volume_in_use(apply->cluster, volume)) {
        snapshot_not_modelled(apply, "a snapshot of a volume an instance or a profile uses");
        return NULL;
    }
    return volume;
}

/* lxd-6.7 records each operation with a reference to its entity, looked up
 * from the operation's URL (registerDBOperation, lxd/operations/linux.go
 * :56-59, GetEntityReferenceFromURL, lxd/db/cluster/entities.go:467-512).
 * The URL of a volume snapshot's delete and rename has no ?target=
 * (lxd/storage_volumes_snapshot.go:1072, :566-573), and the snapshot query
 * compares the volume's member name with that empty location
 * (entity_type_storage_volume_snapshot.go:56-79): on a pool that is not
 * remote, where every volume has a member, no row matches, and the handler
 * fails before the operation runs (an InternalError).  Fixed in lxd-6.8
 * (PR #17794).  @description is the operation type's
 * (lxd/db/operationtype/operation_type.go:209,213 at lxd-6.7). */
static gboolean
snapshot_entity_refused(MsApply *apply, const MsVolume *volume, const char *snapshot, const char *description)
{
    const MsPool *pool = ms_cluster_lookup_pool(apply->cluster, volume->pool);
    /* NULL: the default project (ms_cluster_volume_project) */
    const char *project = ms_cluster_volume_project(apply->cluster, apply->op->project) ?: "default";
    g_autofree char *url = NULL;

    if (!ms_rule_applies(MS_RULE_VOLUME_SNAPSHOT_ENTITY_REF, apply->profile) || pool == NULL ||
        ms_pool_is_remote(pool))
        return FALSE;
    /* api.URL escapes the path and the project (shared/api/url.go at
     * lxd-6.7): only names that need no escaping are followed */
    if (!names_plain(volume->pool, volume->name, snapshot, project, NULL)) {
        snapshot_not_modelled(apply,
                              "lxd-6.7's entity URL of a volume snapshot whose pool, volume, snapshot or "
                              "project name url.PathEscape or the query would escape");
        return TRUE;
    }
    url = g_strdup_printf(
        "/1.0/storage-pools/%s/volumes/custom/%s/snapshots/%s%s%s", volume->pool, volume->name, snapshot,
        g_str_equal(project, "default") ? "" : "?project=", g_str_equal(project, "default") ? "" : project);
    /* dead in lxd-5.0.x,lxd-5.1..5.20,lxd-5.21.x,lxd-6.1..6.6,lxd-6.8..6.9: entity references only from lxd-6.7, the member in the URL from lxd-6.8 */
    ms_apply_check(apply, MS_RULE_VOLUME_SNAPSHOT_ENTITY_REF, volume->name, TRUE);
    ms_apply_reject(apply, MS_RULE_VOLUME_SNAPSHOT_ENTITY_REF, description, url);
    return TRUE;
}

/* lxc storage volume rename POOL VOL/SNAP VOL/NEW.  lxc refuses a source
 * with two '/', a new name with another parent or without one
 * (cmdStorageVolumeRename, lxc/storage_volume.go:1620-1641 at lxd-5.0.2),
 * then storagePoolVolumeSnapshotTypePost checks the new name (no '/' at
 * lxd-5.0.2, lxd/storage_volumes_snapshot.go:536-541; ValidVolumeName at
 * :524-527 at lxd-5.21.7, :529-532 at lxd-6.9) and RenameCustomVolumeSnapshot
 * renames the snapshot's row (lxd/storage/backend_lxd.go:4407-4438 at
 * lxd-5.0.2; from some release after 5.0.2 it refuses a taken name first,
 * :6431-6435 at lxd-6.9).  Not modelled besides snapshot_parent's: a new
 * name with another parent, none, more than one '/' or one taken. */
gboolean
ms_volume_snapshot_rename(MsApply *apply)
{
    const MsOp *op = apply->op;
    const char *slash = strchr(op->volume, '/');
    const char *new_name = op->new_name != NULL ? op->new_name : "";
    const char *new_slash = strchr(new_name, '/');
    gsize parent_len = slash - op->volume;
    MsVolume *volume;
    guint index;

    if (strchr(slash + 1, '/') != NULL || new_slash == NULL || (gsize) (new_slash - new_name) != parent_len ||
        strncmp(new_name, op->volume, parent_len) != 0 || new_slash[1] == '\0' ||
        strchr(new_slash + 1, '/') != NULL)
        return snapshot_not_modelled(apply, "the rename of a volume snapshot to a name with another "
                                            "parent, none, or more than one '/'");
    if (!ms_storage_volume_snapshot_new_name_modelled(apply, new_slash + 1))
        return FALSE;
    volume = snapshot_parent(apply, parent_len, &index);
    if (volume == NULL)
        return FALSE;
    /* the taken name is refused in the operation (RenameCustomVolumeSnapshot) */
    if (snapshot_entity_refused(apply, volume, volume->snapshots->pdata[index],
                                "Renaming storage volume snapshot"))
        return FALSE;
    if (g_ptr_array_find_with_equal_func(volume->snapshots, new_slash + 1, g_str_equal, NULL))
        return snapshot_not_modelled(apply, "the rename of a volume snapshot to a name another snapshot has");
    g_free(volume->snapshots->pdata[index]);
    volume->snapshots->pdata[index] = g_strdup(new_slash + 1);
    ms_cluster_volumes_changed(apply->cluster);
    return TRUE;
}

/* lxc storage volume delete POOL VOL/SNAP: lxc deletes the snapshot
 * (cmdStorageVolumeDelete splits at the first '/',
 * lxc/storage_volume.go:637-640 at lxd-5.0.2, :782-785 at lxd-6.9), through
 * storagePoolVolumeSnapshotTypeDelete (lxd/storage_volumes_snapshot.go:1010
 * at lxd-5.0.2, :954 at lxd-5.21.7, :974 at lxd-6.9) and
 * DeleteCustomVolumeSnapshot.  Not modelled besides snapshot_parent's. */
gboolean
ms_volume_snapshot_delete(MsApply *apply)
{
    gsize parent_len = strchr(apply->op->volume, '/') - apply->op->volume;
    MsVolume *volume;
    guint index;

    volume = snapshot_parent(apply, parent_len, &index);
    if (volume == NULL)
        return FALSE;
    if (snapshot_entity_refused(apply, volume, volume->snapshots->pdata[index],
                                "Deleting storage volume snapshot"))
        return FALSE;
    g_ptr_array_remove_index(volume->snapshots, index);
    ms_cluster_volumes_changed(apply->cluster);
    return TRUE;
}

/* A name every Incus release's rename handler takes: 2 to 64 of
 * [A-Za-z0-9._-], starting and ending with a letter or digit (the 6.0.0-6.0.4
 * and 6.1-6.15 handler refuses only "" and '/', "No name provided", "Storage
 * volume names may not contain slashes", cmd/incusd/storage_volumes_snapshot.go
 * :600-606 at v6.0.4; validate.IsAPIName from v6.0.5 and v6.16.0, incus
 * 75855f9150, shared/validate/validate.go:563-599 at v6.23.0, also refuses a
 * one-character name).  Other names are said to be not modelled. */
static gboolean
incus_plain_snapshot_name(const char *name)
{
    gsize n = strlen(name);

    return n >= 2 && n <= 64 && g_ascii_isalnum(name[0]) && g_ascii_isalnum(name[n - 1]) &&
           strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n;
}

/* incus storage volume snapshot delete|rm POOL VOL SNAP, rename POOL VOL
 * SNAP NEW and show (MsOp.incus_snapshot_form; the arguments per release:
 * ms_lxc_incus_snapshot_verbs in sim/scenario/ms-lxc.c).  The client sends
 * what lxc sends for VOL/SNAP: DeleteStoragePoolVolumeSnapshot,
 * RenameStoragePoolVolumeSnapshot, GetStoragePoolVolumeSnapshot
 * (cmd/incus/storage_volume.go:2526, :2789, :2952 at v6.0.4), served by
 * storagePoolVolumeSnapshotTypeDelete, Post and Get
 * (cmd/incusd/storage_volumes_snapshot.go:1115, :536, :684 at v6.0.4).
 * migsim follows an untargeted command on a snapshot that exists, of a
 * volume of one name in a pool that exists (snapshot_parent's conditions,
 * and a volume no instance or profile uses for delete and rename): delete
 * drops the snapshot, rename renames it to a plain name
 * (incus_plain_snapshot_name), show prints its name and content type, or
 * VOLUME.NOT_FOUND for a snapshot the volume lacks.
 * The rest is not modelled: the handlers look the pool up at different
 * steps per verb and release (delete loads it inside the operation at
 * v6.0.4, before it from v6.23.0), delete's and rename's not-found texts
 * were not read, and
 * from v6.23.0 a dependent volume's snapshot is not deleted (incus
 * 0ccaadce01, "Direct snapshot removal is not allowed for dependent
 * volumes"). */
gboolean
ms_volume_snapshot_incus_verb(MsApply *apply)
{
    /* show's POOL VOL SNAP form: v6.23.0 on (7.0.0 was tagged after it) */
    static const MsReleases show_split =
        MS_REL_INCUS(((MsIncusReleases){ MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION_INCUS(6, 23, 0)) }));
    const MsOp *op = apply->op;
    gboolean split = op->incus_snapshot_form == MS_INCUS_SNAPSHOT_SPLIT;
    gsize parent_len = split ? strlen(op->volume) - strlen(op->snapshot) - 1 : strcspn(op->volume, "/");
    g_autofree char *parent = g_strndup(op->volume, parent_len);
    const char *snapshot = op->volume[parent_len] == '/' ? op->volume + parent_len + 1 : "";
    const MsVolume *volume;

    if (!ms_profile_is_incus(apply->profile))
        return snapshot_not_modelled(apply, "an Incus client's volume snapshot command under an LXD release");
    if (op->kind == MS_OP_VOLUME_SHOW && split != ms_releases_contain(&show_split, apply->profile->version))
        return snapshot_not_modelled(
            apply,
            split ? "incus storage volume snapshot show POOL VOL SNAP before v6.23.0, whose client takes "
                    "POOL VOL/SNAP (its refusal of three arguments is not modelled)"
                  : "incus storage volume snapshot show POOL VOL/SNAP from v6.23.0, whose client takes "
                    "POOL [TYPE/]VOL SNAP (what it makes of VOL/SNAP is not modelled)");
    if (*parent == '\0' || *snapshot == '\0' || strchr(parent, '/') != NULL || strchr(snapshot, '/') != NULL)
        return snapshot_not_modelled(apply, "a volume or snapshot name that is empty or holds a '/' (the "
                                            "client's reading of a volume type or a path is not modelled)");
    if (ms_cluster_lookup_pool(apply->cluster, op->pool) == NULL)
        return snapshot_not_modelled(apply, "a volume snapshot command on a pool that does not exist");
    if (op->kind == MS_OP_VOLUME_RENAME &&
        !incus_plain_snapshot_name(op->new_name + MIN(parent_len + 1, strlen(op->new_name))))
        return snapshot_not_modelled(apply, "a volume snapshot's new name other than 2-64 letters, digits, "
                                            "'.', '_' or '-' starting and ending with a letter or digit");
    if (op->target != NULL ||
        ms_cluster_count_volumes(apply->cluster, ms_cluster_volume_project(apply->cluster, op->project),
                                 op->pool, parent) != 1)
        return snapshot_not_modelled(apply, "a snapshot of a volume that is missing, on more than one member "
                                            "or named with --target");
    volume = ms_storage_volume_lookup_named(apply, parent);
    if (volume == NULL)
        return FALSE;
    /* show GETs the snapshot as get does (GetStoragePoolVolumeSnapshot,
     * cmd/incus/storage_volume.go:2952 at v6.0.4).  Untargeted, the handler
     * routes the request by the members holding VOL/SNAP first
     * (forwardedResponseIfVolumeIsRemote in storagePoolVolumeSnapshotTypeGet,
     * cmd/incusd/storage_volumes_snapshot.go
     * :731 at v6.0.4, :853 at v7.3.0), and GetStorageVolumeNodes finds no row of
     * a snapshot that is not there, whatever the pool: a 404 "Storage pool
     * volume not found" (internal/server/db/storage_volumes.go:639 at
     * v6.0.0-v7.0.0, :640 at v7.3.0), VOLUME.NOT_FOUND's Incus text, as
     * incus storage volume get POOL VOL/SNAP KEY answers.  Delete and rename
     * of a missing snapshot stay not modelled (their handlers differ). */
    if (!g_ptr_array_find_with_equal_func(volume->snapshots, snapshot, g_str_equal, NULL))
        return op->kind == MS_OP_VOLUME_SHOW
                   ? ms_storage_volume_found(apply, NULL)
                   : snapshot_not_modelled(apply, "a volume snapshot that does not exist");
    if (ms_config_get(volume->config, "dependent") != NULL)
        return snapshot_not_modelled(apply, "a snapshot of a volume with the dependent key");
    switch (op->kind) {
    case MS_OP_VOLUME_SHOW:
        apply->outcome->output = g_strdup_printf("name: %s\ncontent_type: %s\n", snapshot,
                                                 ms_content_type_to_string(volume->content_type));
        ms_outcome_add_note(apply->outcome,
                            "migsim keeps only the names of volume snapshots: their config, description and "
                            "dates are not modelled, so only name and content_type are printed");
        return TRUE;
    case MS_OP_VOLUME_RENAME:
        return ms_volume_snapshot_rename(apply);
    case MS_OP_VOLUME_DELETE:
        return ms_volume_snapshot_delete(apply);
    default:
        g_assert_not_reached();
    }
}
