/* migsim: the number of entries in LXD's used_by of a custom volume, a
 * storage pool and a managed network, as lxc's list tables print it (USED
 * BY), from the model. */
#pragma once

#include "ms-cluster.h"

G_BEGIN_DECLS

/* a custom volume's (lxc storage volume list) */
/* Does a disk device of @devices (NULL: none) name @volume's pool and name? */
gboolean ms_devices_name_volume(MsDevices *devices, const MsVolume *volume);
guint ms_used_by_custom_volume(const MsCluster *cluster, const MsVolume *volume);
/* its URLs, instances then profiles (the order in each: see ms-used-by.c) */
GPtrArray *ms_used_by_custom_volume_urls(const MsCluster *cluster, const MsVolume *volume);
/* a pool's (lxc storage list), or -1 when the model cannot know it */
gint ms_used_by_pool(const MsCluster *cluster, const MsPool *pool);
/* a managed network's (lxc network list); @type its type ("bridge" when unset) */
guint ms_used_by_network(const MsCluster *cluster, const MsNetwork *network, const char *type);

G_END_DECLS
