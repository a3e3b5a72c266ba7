/* migsim: how many entries LXD lists in a custom volume's, a pool's and a
 * managed network's used_by, which lxc's list tables print as USED BY
 * (ms-used-by.h). */
#include "ms-used-by.h"

#include "ms-apply-private.h"
#include "ms-config.h"

/* the pool of the root disk among @devices */
static const char *
root_pool(MsDevices *devices)
{
    MsDevice *root = ms_devices_root_disk(devices);

    return root != NULL ? ms_device_lookup_lit(root, "pool") : NULL;
}

/* api.NewURL().Path(...).Project(P): "?project=P" unless P is default or
 * empty (shared/api/url.go:54-62 at lxd-5.21.7) */
static char *
url_in_project(const char *path, const char *name, const char *project)
{
    return project != NULL && *project != '\0' && !g_str_equal(project, "default")
               ? g_strdup_printf("/1.0/%s/%s?project=%s", path, name, project)
               : g_strdup_printf("/1.0/%s/%s", path, name);
}

gboolean
ms_devices_name_volume(MsDevices *devices, const MsVolume *volume)
{
    MsDevicesIter iter;
    MsDevice *dev;

    if (devices == NULL)
        return FALSE;
    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, NULL, &dev))
        if (g_strcmp0(ms_device_lookup_lit(dev, "type"), "disk") == 0 &&
            g_strcmp0(ms_device_lookup_lit(dev, "pool"), volume->pool) == 0 &&
            g_strcmp0(ms_device_lookup_lit(dev, "source"), volume->name) == 0)
            return TRUE;
    return FALSE;
}

/* LXD's used_by of a custom volume: the instances whose own devices (not
 * their profiles') name it, then the profiles whose disks do
 * (storagePoolVolumeUsedByGet, lxd/storage_volumes_utils.go:114-135 at
 * lxd-5.0.2, :169-188 at lxd-5.21.7 and lxd-6.9; VolumeUsedByInstanceDevices
 * with expandDevices false, lxd/storage/utils.go:729-790 at lxd-5.0.2: an
 * instance on another member than a local volume's does not count), each
 * "/1.0/instances/NAME" or "/1.0/profiles/NAME" with "?project=P" outside
 * default.  A volume the daemon uses (storage.backups_volume,
 * storage.images_volume) is used by "/1.0" alone: migsim's volumes are
 * never that.  The order within each part is the database's (not
 * modelled): here the instances' names, then the profiles' table order. */
GPtrArray *
ms_used_by_custom_volume_urls(const MsCluster *cluster, const MsVolume *volume)
{
    g_autoptr(GPtrArray) instances = ms_cluster_list_instances(cluster, NULL);
    GPtrArray *urls = g_ptr_array_new_with_free_func(g_free);

    for (guint i = 0; i < instances->len; i++) {
        const MsInstance *instance = instances->pdata[i];

        if (volume->location != NULL && g_strcmp0(instance->location, volume->location) != 0)
            continue;
        if (ms_instance_sees_volume(cluster, instance, volume) &&
            ms_devices_name_volume(instance->devices, volume))
            g_ptr_array_add(urls, url_in_project("instances", instance->name, instance->project));
    }
    for (guint i = 0; i < cluster->profiles->len; i++) {
        const MsProfileEntity *p = cluster->profiles->pdata[i];

        if (ms_profile_sees_volume(cluster, p, volume) && ms_devices_name_volume(p->devices, volume))
            g_ptr_array_add(urls, url_in_project("profiles", p->name, p->project));
    }
    return urls;
}

/* lxc prints the count (lxc/storage_volume.go:1524 at lxd-5.0.2) */
guint
ms_used_by_custom_volume(const MsCluster *cluster, const MsVolume *volume)
{
    g_autoptr(GPtrArray) urls = ms_used_by_custom_volume_urls(cluster, volume);

    return urls->len;
}

/* How many entries a pool's used_by has, or -1 when migsim cannot know:
 * a URL per volume of the pool on every member, instance and custom
 * volumes with each of their snapshots, then one per disk device of a
 * profile naming the pool (storagePools.UsedBy, lxd/storage/storage.go:
 * 132-224 at lxd-5.0.2, :93-190 at lxd-5.21.7, :79-176 at lxd-6.9).  A
 * pool whose driver keeps images as volumes (btrfs, zfs, lvm, ceph) also
 * lists an image volume per member that created an instance from it, and
 * from 5.21 storage buckets count: neither is modelled, so only a dir or
 * cephfs pool has a count.  Seen live on 5.0.2: 4 containers and a custom
 * volume on a dir pool, USED BY 5. */
gint
ms_used_by_pool(const MsCluster *cluster, const MsPool *pool)
{
    g_autoptr(GPtrArray) instances = NULL;
    gint n = 0;

    if (g_strcmp0(pool->driver, "dir") != 0 && g_strcmp0(pool->driver, "cephfs") != 0)
        return -1;
    instances = ms_cluster_list_instances(cluster, NULL);
    for (guint i = 0; i < instances->len; i++) {
        const MsInstance *instance = instances->pdata[i];
        g_autoptr(MsDevices) devices = ms_cluster_expand_devices(cluster, instance);
        if (g_strcmp0(root_pool(devices), pool->name) == 0)
            n += 1 + (instance->snapshots != NULL ? instance->snapshots->len : 0);
    }
    for (guint i = 0; i < cluster->volumes->len; i++) {
        const MsVolume *volume = cluster->volumes->pdata[i];
        if (g_str_equal(volume->pool, pool->name))
            n += 1 + (volume->snapshots != NULL ? volume->snapshots->len : 0);
    }
    for (guint i = 0; i < cluster->profiles->len; i++) {
        const MsProfileEntity *p = cluster->profiles->pdata[i];
        MsDevicesIter iter;
        MsDevice *dev;
        if (p->devices == NULL)
            continue;
        ms_devices_iter_init(&iter, p->devices);
        while (ms_devices_iter_next(&iter, NULL, &dev))
            n += g_strcmp0(ms_device_lookup_lit(dev, "type"), "disk") == 0 &&
                 g_strcmp0(ms_device_lookup_lit(dev, "pool"), pool->name) == 0;
    }
    return n;
}

/* isInUseByDevice: a nic naming the network, or (but for an OVN network)
 * whose parent, with its vlan, is the network's interface
 * (lxd/network/network_utils.go:239-258 at lxd-5.0.2; GetHostDevice names
 * a vlan "PARENT.VLAN" unless the host has another interface for it, which
 * migsim does not model) */
static gboolean
nic_uses_network(MsDevice *dev, const char *name, const char *type)
{
    const char *parent = ms_device_lookup_lit(dev, "parent");
    const char *vlan = ms_device_lookup_lit(dev, "vlan");
    g_autofree char *host = NULL;

    if (g_strcmp0(ms_device_lookup_lit(dev, "type"), "nic") != 0)
        return FALSE;
    if (g_strcmp0(ms_device_lookup_lit(dev, "network"), name) == 0)
        return TRUE;
    if (g_strcmp0(type, "ovn") == 0 || parent == NULL || *parent == '\0')
        return FALSE;
    host = vlan != NULL && *vlan != '\0' ? g_strdup_printf("%s.%s", parent, vlan) : g_strdup(parent);
    return g_str_equal(host, name);
}

/* How many entries a managed network's used_by has (network.UsedBy,
 * lxd/network/network_utils.go:97-215 at lxd-5.0.2, :132-262 at lxd-5.21.7,
 * :133-263 at lxd-6.9): the created networks whose network= or parent=
 * names it, the profiles with a nic using it, and an entry per nic of an
 * instance's expanded devices using it (an instance with two such nics
 * counts twice).  Peerings are not modelled (migsim has none).  migsim's
 * networks live in the default project, so a profile or instance counts
 * when its project's network project is default. */
guint
ms_used_by_network(const MsCluster *cluster, const MsNetwork *network, const char *type)
{
    g_autoptr(GPtrArray) instances = ms_cluster_list_instances(cluster, NULL);
    guint n = 0;

    for (guint i = 0; i < cluster->networks->len; i++) {
        const MsNetwork *other = cluster->networks->pdata[i];
        if (other == network || !other->created)
            continue;
        n += g_strcmp0(ms_config_get(other->config, "network"), network->name) == 0 ||
             g_strcmp0(ms_config_get(other->config, "parent"), network->name) == 0;
    }
    for (guint i = 0; i < cluster->profiles->len; i++) {
        const MsProfileEntity *p = cluster->profiles->pdata[i];
        MsDevicesIter iter;
        MsDevice *dev;
        gboolean uses = FALSE;
        if (p->devices == NULL || ms_cluster_network_project(cluster, p->project) != NULL)
            continue;
        ms_devices_iter_init(&iter, p->devices);
        while (!uses && ms_devices_iter_next(&iter, NULL, &dev))
            uses = nic_uses_network(dev, network->name, type);
        n += uses;
    }
    for (guint i = 0; i < instances->len; i++) {
        const MsInstance *instance = instances->pdata[i];
        g_autoptr(MsDevices) devices = NULL;
        MsDevicesIter iter;
        MsDevice *dev;
        if (ms_cluster_network_project(cluster, instance->project) != NULL)
            continue;
        devices = ms_cluster_expand_devices(cluster, instance);
        ms_devices_iter_init(&iter, devices);
        while (ms_devices_iter_next(&iter, NULL, &dev))
            n += nic_uses_network(dev, network->name, type);
    }
    return n;
}
