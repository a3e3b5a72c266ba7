/* migsim: reading a live cluster's state (GET requests only) into a state
 * file (docs/preflight.md). */
#pragma once

#include "ms-lxd-client.h"
#include "ms-lxd-map.h"
#include "ms-state-file.h"

G_BEGIN_DECLS

/* Reads the whole cluster through @client with GET requests only.
 * @warnings (element-type utf8) receives what could not be mapped exactly
 * (an unknown LXD version, a Frozen instance ...).  *@text (optional) gets
 * the state's ms_state_file_dump(), which the loader was checked to accept.
 * NULL + MS_LXD_ERROR when the cluster cannot be read or does not answer
 * like LXD. */
MsStateFile *ms_import_cluster(MsLxdClient *client, GPtrArray *warnings, char **text, GError **error);

/* The sections of an import from LXD's JSON arrays (the metadata of
 * GET /1.0/cluster/members, /1.0/storage-pools/POOL/volumes,
 * /1.0/profiles, /1.0/instances with recursion=1, which is also what
 * `lxc ... list --format json` prints); @map is strict.  Shared by the
 * live import and the import from files (ms-import-file.c). */
gboolean ms_import_members_array(MsLxdMap *map, MsCluster *cluster, const MsJsonLite *array);
gboolean ms_import_volumes_array(MsLxdMap *map, MsCluster *cluster, const MsPool *pool,
                                 const MsJsonLite *array);
gboolean ms_import_profiles_array(MsLxdMap *map, MsCluster *cluster, const MsJsonLite *array);
gboolean ms_import_instances_array(MsLxdMap *map, MsCluster *cluster, const MsJsonLite *array);

/* A state from what a customer can paste without API access (`lxc list
 * --format json`, `lxc cluster list --format json`, `lxc storage list
 * --format json`, `lxc storage volume list POOL --format json`, `lxc profile
 * list --format json`, `lxc config show`, an lxd.buginfo-style dump);
 * @assumptions receives every piece that was missing and how it was filled
 * in; *@text as for ms_import_cluster().  NULL + MS_LXD_ERROR_PROTOCOL
 * naming FILE:LINE on input it cannot read. */
MsStateFile *ms_import_files(char **paths, const char *release, GPtrArray *assumptions, char **text,
                             GError **error);

G_END_DECLS
