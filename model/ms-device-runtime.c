/* migsim: an instance's devices after validation: LXD's start order
 * (Devices.Sorted), CanMigrate of each device, the instance-mode validation
 * context, and the start-time checks of an instance (moved out of
 * ms-devices.c, which keeps validateConfig). */
#include "ms-apply-private.h"
#include "ms-device-types.h"

#include <stdlib.h>
#include <string.h>

/* A device's type against a literal, the first byte before strcmp: the
 * same answer as g_str_equal (a type is never NULL: ms_device_get gives
 * ""), without a call for most types asked (a start asks a device's type
 * up to nine times in ms_device_host_check alone; issue 18) */
#define TYPE_IS(type, lit) ((type)[0] == (lit)[0] && strcmp((type), "" lit "") == 0)

/* Devices.Sorted(): NICs, then disks (root first, then by path, then by
 * name), then the other types in descending type-name order.  Only type
 * "nic" goes first: an infiniband device is one of the other types
 * (lxd/device/config/devices_sort.go:26-31 at lxd-5.0.2, the same at
 * lxd-5.21.7 and lxd-6.9; Incus internal/server/device/config/
 * devices_sort.go:26-31 at v6.0.4; review s24). */

static int
device_rank(MsDevice *device)
{
    const char *type = ms_device_get_lit(device, "type");

    if (TYPE_IS(type, "nic"))
        return 0;
    if (TYPE_IS(type, "disk"))
        return 1;
    return 2;
}

/* What Devices.Sorted compares of one device, read once per device rather
 * than on every comparison. */
typedef struct {
    const char *name;
    int rank;
    gboolean root;     /* rank 1: ms_device_is_root_disk */
    const char *value; /* rank 1: its path; rank 2: its type */
} DeviceSortKey;

static int
compare_device_keys(const void *a, const void *b)
{
    const DeviceSortKey *ka = a, *kb = b;
    int c;

    if (ka->rank != kb->rank)
        return ka->rank - kb->rank;
    if (ka->rank == 1) {
        if (ka->root != kb->root)
            return ka->root ? -1 : 1;
        c = strcmp(ka->value, kb->value);
        if (c != 0)
            return c;
    } else if (ka->rank == 2) {
        c = strcmp(kb->value, ka->value);
        if (c != 0)
            return c;
    }
    return strcmp(ka->name, kb->name);
}

GPtrArray *
ms_devices_sorted(MsDevices *devices)
{
    guint n = ms_devices_count(devices), i = 0;
    DeviceSortKey few[16];
    g_autofree DeviceSortKey *many = n > G_N_ELEMENTS(few) ? g_new(DeviceSortKey, n) : NULL;
    DeviceSortKey *keys = many != NULL ? many : few;
    GPtrArray *names = g_ptr_array_sized_new(n);
    MsDevicesIter iter;
    const char *key;
    MsDevice *value;

    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, &key, &value)) {
        DeviceSortKey *k = &keys[i++];

        k->name = key;
        k->rank = device_rank(value);
        /* a disk's type is "disk", so it is a root disk when its path is "/" */
        k->value = k->rank == 1 ? ms_device_get_lit(value, "path") : ms_device_get_lit(value, "type");
        k->root = k->rank == 1 && g_str_equal(k->value, "/");
    }
    /* the names are unique, so the order is total and any sort gives it */
    qsort(keys, n, sizeof(*keys), compare_device_keys);
    for (i = 0; i < n; i++)
        g_ptr_array_add(names, (gpointer) keys[i].name);
    return names;
}

/* clang-format off */
static const MsReleases bridged_parent_migrates =
    MS_REL_V5(MS_SPAN_50_FROM(3), MS_SPAN_5_FROM(17), MS_SPAN_ALL, MS_SPAN_ALL);
/* clang-format on */

gboolean
ms_device_can_migrate(const MsCluster *cluster, MsEnv *env, const char *name, MsDevice *device)
{
    const char *type = ms_device_get_lit(device, "type");
    const MsDeviceTypeDef *def;
    gboolean migratable;

    if (TYPE_IS(type, "disk")) {
        const char *pool_name;
        const MsPool *pool;

        /* the pool read only past the root disk (most disks): each read is
         * a lookup */
        if (g_str_equal(ms_device_get_lit(device, "path"), "/")) /* ms_device_is_root_disk: type is disk */
            migratable = TRUE;
        else if (*(pool_name = ms_device_get_lit(device, "pool")) == '\0')
            migratable = ms_profile_has(env->profile, MS_FEATURE_DISK_VIRTUAL_MIGRATES) &&
                         (g_str_equal(ms_device_get_lit(device, "source"), "cloud-init:config") ||
                          g_str_equal(ms_device_get_lit(device, "source"), "agent:config"));
        else
            migratable =
                (pool = ms_cluster_lookup_pool(cluster, pool_name)) != NULL && ms_pool_is_remote(pool);
        return !ms_env_check(env, MS_RULE_DISK_CAN_MIGRATE, name, !migratable);
    }
    def = ms_device_type_lookup(type, ms_device_subtype(cluster, device));
    if (def == NULL)
        return FALSE; /* validation refuses a type LXD does not have */
    switch (def->migrate) {
    case MS_DEV_MIGRATE_ALWAYS:
        migratable = TRUE;
        break;
    case MS_DEV_MIGRATE_NETWORK_KEY:
        migratable = *ms_device_get_lit(device, "network") != '\0';
        /* from lxd-5.0.3 and lxd-5.17 a bridged nic migrates when it is on
         * a managed network, named by network= or by parent=
         * (nic_bridged.go:56 d.network != nil at lxd-5.0.3, :59 at
         * lxd-5.21.7; LXD #12174, fixed by PR #12176); before, only with
         * network= (nic_bridged.go:57 at lxd-5.0.2 and lxd-5.16) */
        if (!migratable && TYPE_IS(type, "nic") && g_strcmp0(def->subtype, "bridged") == 0 &&
            ms_releases_contain(&bridged_parent_migrates, env->profile->version))
            migratable = ms_cluster_lookup_network(cluster, ms_device_get_lit(device, "parent")) != NULL;
        break;
    default:
        migratable = FALSE;
        break;
    }
    return !ms_env_check(env, MS_RULE_DEV_CAN_MIGRATE, name, !migratable);
}

/* The nictype or gputype LXD loads the device as: a nic or infiniband with a
 * network= key takes the network's type (lxd/device/nictype/nictype.go). */
const char *
ms_device_subtype(const MsCluster *cluster, MsDevice *device)
{
    const char *type = ms_device_get_lit(device, "type");

    if (TYPE_IS(type, "gpu"))
        return ms_device_get_lit(device, "gputype");
    if (TYPE_IS(type, "nic") || TYPE_IS(type, "infiniband")) {
        const char *network = ms_device_get_lit(device, "network");
        const MsNetwork *net;
        const char *net_type;

        if (*network == '\0')
            return ms_device_get_lit(device, "nictype");
        net = ms_cluster_lookup_network(cluster, network);
        net_type = net != NULL ? ms_config_get(net->config, "type") : NULL;
        if (net_type == NULL || g_str_equal(net_type, "bridge"))
            return "bridged";
        return net_type;
    }
    return NULL;
}

void
ms_device_context_for_instance(MsDeviceContext *ctx, const MsCluster *cluster, MsEnv *env,
                               const MsInstance *instance, gboolean stateful, MsDevices *expanded_devices)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->cluster = cluster;
    ctx->env = env;
    ctx->mode = MS_VALIDATE_INSTANCE;
    ctx->instance_name = instance->name;
    ctx->type = instance->type;
    ctx->member = instance->location;
    ctx->project = instance->project;
    ctx->stateful = stateful;
    ctx->sibling_devices = expanded_devices;
    ctx->local_devices = instance->devices;
}

gboolean
ms_instance_expanded_stateful(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance)
{
    return ms_is_true(
        ms_cluster_expanded_value(cluster, profile, instance, "migration.stateful", NULL, NULL));
}

/* ---- start ---- */

static guint8 idmap_kind_at_start(const MsCluster *cluster, const MsProfile *profile,
                                  const MsInstance *instance, MsLayersHold *hold);

void
ms_instance_mark_started(MsApply *apply, MsInstance *instance)
{
    ms_instance_mark_started_held(apply, instance, NULL);
}

void
ms_instance_mark_started_held(MsApply *apply, MsInstance *instance, MsLayersHold *hold)
{
    g_assert(hold == NULL || hold->instance == instance);
    instance->status = MS_INSTANCE_RUNNING;
    instance->stateful = FALSE;
    instance->file_ops_pending = FALSE;
    instance->state_dir_left = FALSE;
    /* the ID map's keys read before this start's own config writes below
     * (none of them an ID-map key) */
    instance->idmap_at_start = idmap_kind_at_start(apply->cluster, apply->profile, instance, hold);
    ms_instance_set_config(instance, "volatile.last_state.power", "RUNNING");
    /* a start applies the pending template and deletes the key, whatever
     * its value (lxd/instance/drivers/driver_lxc.go:2481-2496 onStart,
     * driver_qemu.go:2345-2358 at lxd-5.0.2; driver_lxc.go:2540,
     * driver_qemu.go:3170 at lxd-5.21.7; :2433, :3299 at lxd-6.9; Incus
     * driver_lxc.go:2687, driver_qemu.go:3098 at v6.0.4).  Seen live on
     * 5.0.2: tools/live-random.py --gen 18 --seed 18002 scenario 0, a
     * hand-set volatile.apply_template=copy gone after lxc start */
    ms_instance_set_config(instance, "volatile.apply_template", NULL);
    /* a container's start writes the idmap it starts with into
     * volatile.idmap.current whenever the key holds anything else
     * (driver_lxc.go:1894-1899 at lxd-5.0.2, :1987 at lxd-5.21.7, :1935 at
     * lxd-6.9; Incus :2050 at v6.0.4): that map is the host's, which migsim
     * does not know, so a value a user set is no longer held.  Seen live on
     * 5.0.2: `config set C volatile.idmap.current=[]`, then a stateless
     * move (a restart), and LXD held the host's map (tools/live-random.py
     * --gen 14 --seed 32008 scenario 2 line 76) */
    if (instance->type == MS_INSTANCE_CONTAINER)
        ms_instance_set_config(instance, "volatile.idmap.current", NULL);
}

void
ms_instance_mark_stopped(MsInstance *instance)
{
    instance->status = MS_INSTANCE_STOPPED;
    instance->idmap_at_start = 0;
    ms_instance_set_config(instance, "volatile.last_state.power", "STOPPED");
}

/* A post-start hook fails once the container runs: LXD stops it again
 * (driver_lxc.go:2436-2444 at lxd-5.0.2, :2494-2501 at lxd-5.21.7,
 * :2387-2395 at lxd-6.9; Incus :2643-2650 at v6.0.4), whose onStop writes
 * volatile.last_state.power=STOPPED (:2888 at lxd-5.0.2).  The same Start
 * serves lxc start, launch, copy --start, a move's and a restore's start. */
void
ms_instance_mark_hook_failed(MsApply *apply, MsInstance *instance, MsRuleId rule)
{
    if (instance == NULL ||
        (rule != MS_RULE_DEV_UNIX_WATCH_PATH_START && rule != MS_RULE_DEV_PROXY_NAT_CONNECT_START))
        return;
    ms_instance_mark_started(apply, instance);
    ms_instance_mark_stopped(instance);
}

static const char *
stateful_incompatible_device(MsDevice *device, const MsProfile *profile)
{
    const char *type = ms_device_get_lit(device, "type");
    const char *nictype = ms_device_get_lit(device, "nictype");

    if (TYPE_IS(type, "gpu"))
        return "GPU";
    if (TYPE_IS(type, "usb"))
        return "USB";
    if (TYPE_IS(type, "pci"))
        return "PCI";
    if (TYPE_IS(type, "tpm") && ms_releases_contain(&(MsReleases) MS_REL_SINCE(5, 7), profile->version))
        return "TPM";
    if (TYPE_IS(type, "nic") && g_str_equal(nictype, "physical"))
        return "Network physical";
    if (TYPE_IS(type, "nic") && g_str_equal(nictype, "sriov"))
        return "Network SR-IOV";
    return NULL;
}

/* The nictypes whose Start checks that parent= is an interface of the
 * host (validateEnvironment), at an instance start and at a hot-plug
 * alike, and the rule whose text they give: bridged, sriov and routed
 * quote the parent with %q, macvlan, ipvlan and physical with '%s' until
 * lxd-6.6 (NIC.PARENT_MISSING, NIC.PARENT_MISSING_QUOTED: the files and
 * lines are in the rules; seen live on 5.0.2 for bridged,
 * tests/live/nic-parent-5.0.2.transcript, and for every nictype,
 * tests/live/scenarios/nic-parent-nictypes.scn).  routed checks only a
 * parent that is set; so does every nictype here, since an empty parent
 * fails validateConfig first where it is required. */
static const struct {
    const char *nictype;
    MsRuleId rule;
} nic_parent_rules[] = {
    { "bridged", MS_RULE_NIC_PARENT_MISSING },       { "sriov", MS_RULE_NIC_PARENT_MISSING },
    { "routed", MS_RULE_NIC_PARENT_MISSING },        { "macvlan", MS_RULE_NIC_PARENT_MISSING_QUOTED },
    { "ipvlan", MS_RULE_NIC_PARENT_MISSING_QUOTED }, { "physical", MS_RULE_NIC_PARENT_MISSING_QUOTED },
};
G_STATIC_ASSERT(G_N_ELEMENTS(nic_parent_rules) == 6);

/* A created bridge network is an interface of that name on every member;
 * a pending one (created on no member yet) and an OVN network (migsim's
 * are Errored; a created one has no host interface of its name either) are
 * not: seen live on 5.0.2, a macvlan nic with parent= an Errored OVN
 * network hot-plugged into a running container, 'Failed to start device
 * "D": Parent device 'ovn0' doesn't exist' where migsim said ok
 * (tests/live/DISAGREEMENTS.md #31-fidlive11). */
static gboolean
nic_parent_is_bridge(const MsCluster *cluster, const char *parent)
{
    const MsNetwork *network = ms_cluster_lookup_network(cluster, parent);
    const char *type = network != NULL ? ms_config_get(network->config, "type") : NULL;

    return network != NULL && network->created && (type == NULL || g_str_equal(type, "bridge"));
}

/* A created bridge network's name is on every member (nic_parent_is_bridge).  Other
 * interfaces are the ones the scenario declares with `host-interface`;
 * without a declaration migsim cannot tell, and says so.  What Start
 * checks after the parent depends on the host too: an sriov parent needs a
 * free VF (not modelled); ipvlan first needs liblxc's network_ipvlan,
 * network_l2proxy and network_gateway_device_route extensions, which every
 * liblxc LXD 5.0 runs with has (taken as present). */
gboolean
ms_nic_parent_check(const MsCluster *cluster, MsEnv *env, const MsMember *member, const char *name,
                    MsDevice *device, MsRejection *out)
{
    const char *nictype, *parent;
    MsRuleId rule = MS_RULE_NONE;
    gboolean missing;

    /* the type first: most devices are disks, and each read is a lookup */
    if (!g_str_equal(ms_device_get_lit(device, "type"), "nic") ||
        *ms_device_get_lit(device, "network") != '\0')
        return TRUE;
    nictype = ms_device_get_lit(device, "nictype");
    for (guint i = 0; i < G_N_ELEMENTS(nic_parent_rules); i++)
        if (g_str_equal(nictype, nic_parent_rules[i].nictype))
            rule = nic_parent_rules[i].rule;
    parent = ms_device_get_lit(device, "parent");
    if (rule == MS_RULE_NONE || *parent == '\0' || nic_parent_is_bridge(cluster, parent))
        return TRUE;
    if (member->host_interfaces == NULL)
        return ms_reject_status(out, MS_RULE_NONE, 400,
                                g_strdup_printf("migsim: not modelled for %s: nic \"%s\" has parent \"%s\", "
                                                "no managed network; declare the host interfaces of %s "
                                                "with `host-interface %s NAME...`",
                                                env->profile->name, name, parent, member->name,
                                                member->name));
    missing = !g_ptr_array_find_with_equal_func(member->host_interfaces, parent, g_str_equal, NULL);
    /* check sites: NIC_PARENT_MISSING NIC_PARENT_MISSING_QUOTED */
    if (ms_env_check(env, rule, name, missing))
        return ms_reject_rule(out, env->profile, rule, name, parent);
    if (g_str_equal(nictype, "sriov"))
        return ms_reject_status(
            out, MS_RULE_NONE, 400,
            g_strdup_printf("migsim: not modelled for %s: nic \"%s\" needs a free SR-IOV "
                            "virtual function of \"%s\" on %s, which migsim does not know",
                            env->profile->name, name, parent, member->name));
    return TRUE;
}

/* A container's physical gpu with pci=ADDR: validatePCIDevice wants
 * /sys/bus/pci/devices/ADDR, ADDR as NormaliseAddress made it at validation
 * ("0000:" before a 7-character address, lower case: lxd/device/pci/pci.go
 * :161-175 at lxd-5.0.2, :168-180 at lxd-6.9; gpu_physical.go:64, :71 at
 * lxd-6.9), else "Invalid PCI address (no device found): ADDR"
 * (DEV.GPU_PCI_MISSING: device_utils_generic.go:17-23 at lxd-5.0.2, the
 * text at every tag lxd-5.0.0 .. lxd-6.9); then the host's cards, none of
 * which has ADDR on a host declared `host-lacks MEMBER gpu`
 * (DEV.GPU_NOT_FOUND; seen live on 5.0.2 with pci=0000:00:02.0, an address
 * the host has for a device that is no display controller: live-random
 * --gen 20 --seed 36102 scenario 1 line 25).  Whether the address exists is
 * the scenario's `host-path MEMBER dir|missing /sys/bus/pci/devices/ADDR`;
 * undeclared, or a host not declared without GPUs: not modelled. */
static gboolean
gpu_pci_start_check(MsEnv *env, const MsMember *member, const char *name, const char *pci, MsRejection *out)
{
    g_autofree char *lower = g_ascii_strdown(pci, -1);
    g_autofree char *address = strlen(lower) == 7 ? g_strconcat("0000:", lower, NULL) : g_strdup(lower);
    g_autofree char *path = g_strconcat("/sys/bus/pci/devices/", address, NULL);
    MsHostPath state = member != NULL ? ms_member_host_path(member, path) : MS_HOST_PATH_UNDECLARED;
    const char *why = NULL;

    if (state == MS_HOST_PATH_UNDECLARED)
        why = "with pci=, which the host's PCI devices decide (declare `host-path MEMBER dir|missing "
              "/sys/bus/pci/devices/ADDR`)";
    else if (state != MS_HOST_PATH_MISSING && !(member->host_lacks & MS_HOST_LACKS_GPU))
        why = "with pci= of a PCI device the host has, where the host may have the GPU it names (declare "
              "`host-lacks MEMBER gpu` for a host without any)";
    else if (ms_rule_format(state == MS_HOST_PATH_MISSING ? MS_RULE_DEV_GPU_PCI_MISSING
                                                          : MS_RULE_DEV_GPU_NOT_FOUND,
                            env->profile) == NULL)
        why = "on a release whose GPU lookup migsim has not read";
    if (why != NULL)
        return ms_reject_status(out, MS_RULE_NONE, 400,
                                g_strdup_printf("migsim: not modelled for %s: gpu \"%s\" starts %s",
                                                env->profile->name, name, why));
    /* check sites: DEV_GPU_PCI_MISSING */
    if (ms_env_check(env, MS_RULE_DEV_GPU_PCI_MISSING, name, state == MS_HOST_PATH_MISSING))
        return ms_reject_rule(out, env->profile, MS_RULE_DEV_GPU_PCI_MISSING, name, address);
    /* check sites: DEV_GPU_NOT_FOUND */
    ms_env_check(env, MS_RULE_DEV_GPU_NOT_FOUND, name, TRUE);
    return ms_reject_rule(out, env->profile, MS_RULE_DEV_GPU_NOT_FOUND, name);
}

/* A container's gpu Start (physical: validatePCIDevice, then the host's
 * cards; mig: nvidia.runtime first, whatever the host).  The GPU lookup
 * is answered on a host declared without GPUs only, a pci= where the
 * scenario declares whether the host has that PCI device
 * (gpu_pci_start_check); a VM's gpu and a mig gpu with nvidia.runtime
 * true stay "not modelled".  A CDI id never gets here (ms-device-gpu.c
 * says "not modelled" at validation), nor an mdev or sriov gpu of a
 * container (GPU.INSTANCE_TYPE, or skipped from a profile). */
static gboolean
gpu_start_check(const MsCluster *cluster, MsEnv *env, const MsInstance *instance, const MsMember *member,
                const char *name, MsDevice *device, MsRejection *out)
{
    const char *gputype = ms_device_get_lit(device, "gputype");
    gboolean mig = g_str_equal(gputype, "mig");
    const char *why = NULL;

    if (instance != NULL && instance->type == MS_INSTANCE_CONTAINER && mig) {
        const char *runtime =
            ms_cluster_expanded_value(cluster, env->profile, instance, "nvidia.runtime", NULL, NULL);

        /* a true nvidia.runtime is never set in migsim (its set is not
         * modelled); the host decides past this check */
        if (ms_is_true(runtime))
            why = "with nvidia.runtime true, where the host's GPUs and NVIDIA tools decide";
        else if (ms_rule_format(MS_RULE_DEV_GPU_MIG_RUNTIME, env->profile) == NULL)
            why = "on a release whose mig gpu start migsim has not read";
        else {
            /* check sites: DEV_GPU_MIG_RUNTIME */
            ms_env_check(env, MS_RULE_DEV_GPU_MIG_RUNTIME, name, TRUE);
            return ms_reject_rule(out, env->profile, MS_RULE_DEV_GPU_MIG_RUNTIME, name);
        }
    } else if (instance == NULL || instance->type != MS_INSTANCE_CONTAINER)
        why = "in a VM";
    /* newByType loads any gputype but mig, mdev and sriov (none, physical
     * or a value LXD does not have, which validation passes) as a physical
     * gpu (lxd/device/device_load.go:56-66 at lxd-5.0.2, :57-67 at
     * lxd-5.21.7 and lxd-6.9), whose Start never reads gputype
     * (gpu_physical.go:88-207 at lxd-5.0.2); seen live on 5.0.2: gputype=bogus
     * hot-plugged, 'Failed to detect requested GPU device' (live-random
     * --gen 18 --seed 35004 scenario 3 line 36) */
    else if (g_str_equal(gputype, "mdev") || g_str_equal(gputype, "sriov"))
        why = "of this gputype";
    else if (*ms_device_get_lit(device, "pci") != '\0')
        return gpu_pci_start_check(env, member, name, ms_device_get_lit(device, "pci"), out);
    else if (member == NULL || !(member->host_lacks & MS_HOST_LACKS_GPU))
        why = "where the host may have the GPU it names (declare `host-lacks MEMBER gpu` for a host without "
              "any)";
    else if (ms_rule_format(MS_RULE_DEV_GPU_NOT_FOUND, env->profile) == NULL)
        why = "on a release whose GPU lookup migsim has not read";
    if (why != NULL)
        return ms_reject_status(out, MS_RULE_NONE, 400,
                                g_strdup_printf("migsim: not modelled for %s: gpu \"%s\" starts %s",
                                                env->profile->name, name, why));
    /* check sites: DEV_GPU_NOT_FOUND */
    ms_env_check(env, MS_RULE_DEV_GPU_NOT_FOUND, name, TRUE);
    return ms_reject_rule(out, env->profile, MS_RULE_DEV_GPU_NOT_FOUND, name);
}

/* A container's tpm Start: validateEnvironment looks swtpm up, then loads
 * tpm_vtpm_proxy unless /sys/module has it (DEV.TPM_MODULE; seen live on
 * 5.0.2: tools/live-random.py --gen 20 --seed 20005 scenario 4 line 33,
 * tests/live/scenarios/profile-hotplug.scn, gpu-tpm-start.scn).  Answered
 * on a host declared `host-lacks MEMBER tpm-module`; a VM's needs swtpm
 * only, taken as present. */
static gboolean
tpm_start_check(MsEnv *env, const MsInstance *instance, const MsMember *member, const char *name,
                MsRejection *out)
{
    if (instance == NULL || instance->type != MS_INSTANCE_CONTAINER)
        return TRUE;
    if (!ms_member_lacks_answerable(member, MS_HOST_LACKS_TPM_MODULE, MS_RULE_DEV_TPM_MODULE, env->profile))
        return ms_reject_status(
            out, MS_RULE_NONE, 400,
            g_strdup_printf("migsim: not modelled for %s: tpm \"%s\" starts in a container "
                            "only where the host has swtpm and the tpm_vtpm_proxy module "
                            "(declare `host-lacks MEMBER tpm-module` for a host with swtpm, "
                            "without the module and without modprobe)",
                            env->profile->name, name));
    /* check sites: DEV_TPM_MODULE */
    ms_env_check(env, MS_RULE_DEV_TPM_MODULE, name, TRUE);
    return ms_reject_rule(out, env->profile, MS_RULE_DEV_TPM_MODULE, name);
}

/* A usb device's Start keeps the host's USB devices its vendorid,
 * productid and serial match, as loadUsb lists them from
 * /sys/bus/usb/devices (none where that directory is missing); a required
 * one (required=true) that matches none fails "Required USB device not
 * found" (DEV.USB_REQUIRED_MISSING: lxd/device/usb.go:134-159
 * startContainer, :161-188 startVM, :235-247 loadUsb at lxd-5.0.2;
 * :164-218, :265-277 at lxd-5.21.7 and lxd-6.9, the same texts at every
 * tag lxd-5.0.0 .. lxd-6.9).  Answered on a host declared `host-lacks
 * MEMBER usb` (no USB device at all, so no id matches; seen live on 5.0.2:
 * tests/live/scenarios/usb-blkio-host.scn), "not modelled" elsewhere; an
 * optional one starts whatever the host has.  A VM's Start refuses any usb
 * device while migration.stateful is true, before the lookup (usb.go:162-164
 * at lxd-5.0.2, :192-194 at lxd-5.21.7 and lxd-6.9): not modelled. */
static gboolean
usb_start_check(const MsCluster *cluster, MsEnv *env, const MsInstance *instance, const MsMember *member,
                const char *name, MsDevice *device, MsRejection *out)
{
    const char *why = NULL;

    if (instance != NULL && instance->type == MS_INSTANCE_VM &&
        ms_is_true(
            ms_cluster_expanded_value(cluster, env->profile, instance, "migration.stateful", NULL, NULL)))
        why = "in a VM with migration.stateful=true, which its Start refuses first";
    else if (!ms_is_true(ms_device_get_lit(device, "required")))
        return TRUE;
    else if (member == NULL || !(member->host_lacks & MS_HOST_LACKS_USB))
        why = "required, where the host may have a device it matches (declare `host-lacks MEMBER usb` for a "
              "host without any USB device)";
    else if (ms_rule_format(MS_RULE_DEV_USB_REQUIRED_MISSING, env->profile) == NULL)
        why = "required, on a release whose usb start migsim has not read";
    if (why != NULL)
        return ms_reject_status(out, MS_RULE_NONE, 400,
                                g_strdup_printf("migsim: not modelled for %s: usb \"%s\" starts %s",
                                                env->profile->name, name, why));
    /* check sites: DEV_USB_REQUIRED_MISSING */
    ms_env_check(env, MS_RULE_DEV_USB_REQUIRED_MISSING, name, TRUE);
    return ms_reject_rule(out, env->profile, MS_RULE_DEV_USB_REQUIRED_MISSING, name);
}

/* A gpu device's Start looks for the GPU it names among the host's
 * (resources.GetGPU), which migsim knows only where the scenario declares
 * the host has none (`host-lacks MEMBER gpu`; seen live on 5.0.2:
 * tools/live-random.py --gen 8 --seed 7311 scenario 1, and
 * tests/live/scenarios/gpu-tpm-start.scn): gpu_start_check.  A tpm's
 * Start loads the tpm_vtpm_proxy module in a container (`host-lacks
 * MEMBER tpm-module`): tpm_start_check.  A unix-char or unix-block device's
 * Start stats its source or path on the host: what the scenario declares
 * of the member's /dev (ms_unix_device_start_check).  A disk's propagation
 * passes validation whatever its value (validatePropagation tests
 * d.config["bind"], not the value: internal/server/device/disk.go:176-182 at
 * v6.0.4, :253 at v6.0.6 and v6.23.0, :258 at v7.3.0; lxd/device/disk.go
 * :147-152 at lxd-5.0.2) and is refused when the mount is made ("Invalid
 * propagation mode %q", device_utils_disk.go:130-150 at v6.0.4); which
 * disks mount with it at start migsim does not follow: a value outside the
 * list is not modelled at start (live 6.0.4: tools/live-random.py --product
 * incus --gen 18 --seed 28018 scenario 2, 'Failed to start device "D":
 * Invalid propagation mode "bogus"' where migsim said ok).  Then the nic
 * parent (NIC.PARENT_MISSING). */
gboolean
ms_device_host_check(const MsCluster *cluster, MsEnv *env, const MsInstance *instance, const MsMember *member,
                     const char *name, MsDevice *device, MsRejection *out)
{
    const char *type = ms_device_get_lit(device, "type");

    if (TYPE_IS(type, "disk")) {
        static const char *const modes[] = { "",        "private", "shared",      "slave",    "unbindable",
                                             "rshared", "rslave",  "runbindable", "rprivate", NULL };
        const char *propagation = ms_device_get_lit(device, "propagation");

        /* unset on most disks: answered without the list walk (issue 18) */
        if (*propagation != '\0' && !g_strv_contains(modes, propagation))
            return ms_reject_status(
                out, MS_RULE_NONE, 400,
                g_strdup_printf("migsim: not modelled for %s: disk \"%s\" with propagation=%s, which "
                                "the mount refuses where the disk is mounted with it",
                                env->profile->name, name, propagation));
    }
    if (TYPE_IS(type, "proxy"))
        return ms_device_proxy_start_check(env, name, device, out);
    if (TYPE_IS(type, "gpu"))
        return gpu_start_check(cluster, env, instance, member, name, device, out);
    if (TYPE_IS(type, "tpm"))
        return tpm_start_check(env, instance, member, name, out);
    if (TYPE_IS(type, "usb"))
        return usb_start_check(cluster, env, instance, member, name, device, out);
    if (TYPE_IS(type, "unix-char") || TYPE_IS(type, "unix-block"))
        return ms_unix_device_start_check(env, member, name, device, out);
    /* ms_nic_parent_check passes every device but a nic at once; the type
     * is known here (issue 18: a disk's start read it again) */
    if (!TYPE_IS(type, "nic"))
        return TRUE;
    return ms_nic_parent_check(cluster, env, member, name, device, out);
}

/* A disk a start mounts into an unprivileged container with owner
 * shifting (ms_disk_shifts_owner: shift=true, or a custom volume with
 * security.shifted=true) is mounted idmapped or through shiftfs where the
 * host allows it, and where it allows neither startCommon refuses it,
 * unwrapped by Start (DEV.IDMAP_START_MOUNT:
 * lxd/instance/drivers/driver_lxc.go:2090-2111 at lxd-5.0.2, :2161 at
 * lxd-5.21.7, :2108 'Failed setting up device mount' at lxd-6.9; Incus
 * internal/server/instance/drivers/driver_lxc.go:2251 at v6.0.4).  Seen
 * live on 5.0.2, whose hosts have neither (a stopped container given a
 * security.shifted volume, or a host-path disk with shift=true;
 * tests/live/DISAGREEMENTS.md #29-fidlive8).  Answered on a member declared
 * `host-lacks MEMBER idmap`; the host's abilities are not held otherwise:
 * not modelled.  The hot-plug's own check is ms-device-ops.c's
 * disk_hotplug_shift_check. */
static gboolean
disk_start_shift_check(const MsCluster *cluster, MsEnv *env, const MsInstance *instance,
                       const MsMember *member, const char *name, MsDevice *device, MsRejection *out)
{
    if (!TYPE_IS(ms_device_get_lit(device, "type"), "disk") ||
        g_str_equal(ms_device_get_lit(device, "path"), "/") ||
        !ms_disk_shifts_owner(cluster, env->profile, instance, device))
        return TRUE;
    if (!ms_member_lacks_answerable(member, MS_HOST_LACKS_IDMAP, MS_RULE_DEV_IDMAP_START_MOUNT, env->profile))
        return ms_reject_status(
            out, MS_RULE_NONE, 400,
            g_strdup_printf("migsim: not modelled for %s: a start of %s with disk \"%s\", which "
                            "has owner shifting; LXD mounts it idmapped or through shiftfs where "
                            "the host allows, else refuses the start (\"idmapping abilities are "
                            "required but aren't supported on system\"; declare `host-lacks MEMBER "
                            "idmap` for a host with neither)",
                            env->profile->name, instance->name, name));
    /* check sites: DEV_IDMAP_START_MOUNT */
    ms_env_check(env, MS_RULE_DEV_IDMAP_START_MOUNT, name, TRUE);
    return ms_reject_rule(out, env->profile, MS_RULE_DEV_IDMAP_START_MOUNT, name);
}

/* A container's ID map as far as migsim follows it (findIdmap and
 * NextIdmap: lxd/instance/drivers/driver_lxc.go at lxd-5.0.2; Incus
 * internal/server/instance/drivers/driver_lxc.go at v6.0.4): none when
 * privileged, a range of its own when isolated (findIdmap allocates each
 * isolated container a range no other container has), else the host's
 * default range.  A running container's map is its map at start
 * (CurrentIdmap), which migsim takes to be the one its keys give now. */
typedef enum {
    IDMAP_UNKNOWN, /* raw.idmap, security.idmap.base or .size: not followed */
    IDMAP_NONE,
    IDMAP_DEFAULT,
    IDMAP_ISOLATED,
} IdmapKind;

static IdmapKind idmap_kind_held(const MsCluster *cluster, const MsProfile *profile,
                                 const MsInstance *instance, MsLayersHold *hold);

static IdmapKind
idmap_kind(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance)
{
    return idmap_kind_held(cluster, profile, instance, NULL);
}

/* idmap_kind, the profile layers read through @hold (@instance's) when not NULL */
static IdmapKind
idmap_kind_held(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance,
                MsLayersHold *hold)
{
    /* read in one call (the profile layers found once: a start asks all
     * five), then judged in the order they were asked one by one */
    static const char *const keys[] = { "security.privileged", "raw.idmap", "security.idmap.base",
                                        "security.idmap.size", "security.idmap.isolated" };
    const char *values[G_N_ELEMENTS(keys)];

    if (hold != NULL)
        ms_cluster_expanded_values_held(cluster, profile, hold, keys, G_N_ELEMENTS(keys), values);
    else
        ms_cluster_expanded_values(cluster, profile, instance, keys, G_N_ELEMENTS(keys), values);
    if (ms_is_true(values[0]))
        return IDMAP_NONE;
    for (guint i = 1; i <= 3; i++)
        if (*(values[i] ?: "") != '\0')
            return IDMAP_UNKNOWN;
    if (ms_is_true(values[4]))
        return IDMAP_ISOLATED;
    return IDMAP_DEFAULT;
}

static guint8
idmap_kind_at_start(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance,
                    MsLayersHold *hold)
{
    return instance->type == MS_INSTANCE_VM
               ? 0
               : (guint8) (idmap_kind_held(cluster, profile, instance, hold) + 1);
}

/* A running container's map: the one of its start when this run started
 * it, else (loaded running) the one its keys give now. */
static IdmapKind
idmap_kind_running(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance)
{
    return instance->idmap_at_start != 0 ? (IdmapKind) (instance->idmap_at_start - 1)
                                         : idmap_kind(cluster, profile, instance);
}

/* isRequired (lxd/device/disk.go:111-118 at lxd-5.0.2): required unless
 * required=false or optional=true. */
static gboolean
disk_required(MsDevice *device)
{
    const char *required = ms_device_get_lit(device, "required");

    return (*required == '\0' || ms_is_true(required)) && !ms_is_true(ms_device_get_lit(device, "optional"));
}

/* Whether every disk of @user that mounts @volume is required: a disk that
 * is not (required=false, optional=true) starts without its volume when
 * the mount fails, the ID map refusal included (diskSourceNotFoundError,
 * lxd/device/disk.go:465-469,582 at lxd-5.0.2), so its container running
 * does not show that the volume was shifted to its map.  @except_device:
 * a device of @user not counted (the one being added), or NULL. */
static gboolean
volume_disks_in(MsDevices *devices_owned, const MsVolume *volume, const char *except_device,
                gboolean *all_required)
{
    g_autoptr(MsDevices) devices = devices_owned;
    MsDevicesIter iter;
    const char *key;
    MsDevice *dev;
    gboolean any = FALSE;

    *all_required = TRUE;
    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, &key, &dev)) {
        if (!ms_device_mounts_volume(dev, volume) ||
            (except_device != NULL && g_str_equal(key, except_device)))
            continue;
        any = TRUE;
        if (!disk_required(dev))
            *all_required = FALSE;
    }
    return any;
}

static gboolean
volume_disks(const MsCluster *cluster, const MsInstance *user, const MsVolume *volume,
             const char *except_device, gboolean *all_required)
{
    return volume_disks_in(ms_cluster_expand_devices(cluster, user), volume, except_device, all_required);
}

/* volume_disks of @user before the profile change @change (NULL: now):
 * whether it had the volume mounted. */
static gboolean
volume_disks_before(const MsCluster *cluster, const MsInstance *user, const MsVolume *volume,
                    const char *except_device, const MsProfileChange *change, gboolean *all_required)
{
    MsDevices *before = change != NULL ? g_hash_table_lookup(change->before, user) : NULL;

    if (before == NULL)
        return volume_disks(cluster, user, volume, except_device, all_required);
    return volume_disks_in(ms_devices_ref(before), volume, except_device, all_required);
}

/* Whether the maps of @a (kind @ka) and @b (kind @kb) are the same; FALSE
 * when either is unknown. */
static gboolean
idmap_same(const MsInstance *a, IdmapKind ka, const MsInstance *b, IdmapKind kb)
{
    return ka != IDMAP_UNKNOWN && ka == kb && (ka != IDMAP_ISOLATED || a == b);
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

static gboolean
idmap_not_modelled(const MsProfile *profile, const MsInstance *instance, const char *name,
                   const MsVolume *volume, const char *why, MsRejection *out)
{
    return ms_reject_status(
        out, MS_RULE_NONE, 400,
        g_strdup_printf("migsim: not modelled for %s: disk \"%s\" of %s mounts volume %s, "
                        "which other containers use; %s (\"Idmaps of container ... and "
                        "storage volume ... are not identical\")",
                        profile->name, name, instance->name, volume->name, why));
}

/* storagePoolVolumeAttachShift for @instance's disk @name of @volume: TRUE
 * when not refused.  LXD compares the container's map with the one the
 * volume is shifted to (its volatile.idmap.last) and only when they differ
 * walks the instances using the volume (VolumeUsedByInstanceDevices, Go map
 * order): with several, a container among them whose map differs is
 * named; with one that is not this container (a hot-plug: the new device
 * is not in the database yet), the refusal names none.  migsim does not
 * hold the map on disk, but a running container using the volume pins it:
 * it was shifted to that container's map when it mounted it, and no other
 * map can have been shifted to since (that start would have been refused
 * by the running one; security.shifted cannot change while it runs,
 * lxd/storage/backend_lxd.go:4002-4016 at lxd-5.0.2).  Without a running
 * user the map on disk is unknown: equal maps everywhere pass either way,
 * other cases are not modelled.  Seen live on 5.0.2
 * (tests/live/DISAGREEMENTS.md #15-fidincus2). */
static gboolean
idmap_shift_check(const MsCluster *cluster, MsEnv *env, const MsInstance *instance, const char *name,
                  const MsVolume *volume, const MsProfileChange *change, MsRejection *out)
{
    const MsProfile *profile = env->profile;
    gboolean hotplug = instance->status == MS_INSTANCE_RUNNING;
    g_autoptr(GPtrArray) users = ms_cluster_volume_users(cluster, volume, instance);
    g_autoptr(GPtrArray) differ = g_ptr_array_new();
    IdmapKind next;
    const MsInstance *pin = NULL;
    IdmapKind pin_kind = IDMAP_UNKNOWN;
    gboolean same, required, self_required = FALSE, optional_runs = FALSE, self_listed = FALSE;

    /* the users LXD lists hold this container when another of its disks
     * already mounts the volume (a hot-plug's new disk is not in the
     * database yet; a start's is): then a hot-plug next to one other user
     * names that user, as with several */
    if (hotplug)
        self_listed = volume_disks_before(cluster, instance, volume, name, change, &self_required);
    /* a profile's disk is in the database while its users update: each
     * lists itself, whether or not another of its disks mounted the volume
     * (then it was shifted to its map already) */
    if (hotplug && change != NULL && !self_listed) {
        self_listed = TRUE;
        self_required = FALSE;
    }
    /* only this container: it shifts the volume; or it runs with another
     * required disk of it, so the volume is shifted to its map already */
    if (users->len == 0 || (self_listed && self_required))
        return TRUE;
    /* a running container's map is CurrentIdmap (its start's), a stopped
     * one's NextIdmap (its keys now): disk.go:1453-1457 and :1499-1503 at
     * lxd-5.0.2.  Read only past the answers above, which do not need it
     * (issue 18: a start of a volume's only user read its ID-map keys for
     * nothing) */
    next = hotplug ? idmap_kind_running(cluster, profile, instance) : idmap_kind(cluster, profile, instance);
    for (guint i = 0; i < users->len; i++) {
        const MsInstance *user = users->pdata[i];
        gboolean running = user->status == MS_INSTANCE_RUNNING;
        IdmapKind kind;

        if (user->type == MS_INSTANCE_VM) /* counted, never compared */
            continue;
        kind = running ? idmap_kind_running(cluster, profile, user) : idmap_kind(cluster, profile, user);
        if (!idmap_same(instance, next, user, kind))
            g_ptr_array_add(differ, (gpointer) user->name);
        if (!running)
            continue;
        /* a running user pins the map on disk when it had the volume
         * mounted: a profile's disk new to it mounts when that user updates
         * (Go map order, lxd/profiles_utils.go:128 at lxd-5.0.2), and only
         * where the map on disk is its own already, so it pins nothing new */
        if (!volume_disks_before(cluster, user, volume, NULL, change, &required))
            continue;
        if (!required) { /* it may run without the volume mounted */
            optional_runs = TRUE;
            continue;
        }
        if (pin != NULL && !idmap_same(pin, pin_kind, user, kind))
            return idmap_not_modelled(profile, instance, name, volume,
                                      "running containers with other idmap keys use it", out);
        pin = user, pin_kind = kind;
    }
    if (pin == NULL && optional_runs)
        return idmap_not_modelled(profile, instance, name, volume,
                                  "a running container mounts it only through a disk that is not required, "
                                  "so whether the volume was shifted to its map is not known",
                                  out);
    if (self_listed)
        hotplug = FALSE;
    if (pin == NULL) {
        /* the map on disk unknown: the same maps pass whether or not LXD
         * compares; a hot-plug next to one other user is refused unless the
         * volume is already shifted to this map */
        if (differ->len == 0 && !(hotplug && users->len == 1))
            return TRUE;
        return idmap_not_modelled(profile, instance, name, volume,
                                  "no running container pins the map on disk", out);
    }
    if (pin_kind == IDMAP_UNKNOWN || next == IDMAP_UNKNOWN)
        return idmap_not_modelled(profile, instance, name, volume,
                                  "raw.idmap or an idmap base or size is set", out);
    same = idmap_same(instance, next, pin, pin_kind);
    if (hotplug && users->len == 1) {
        if (ms_env_check(env, MS_RULE_DISK_IDMAP_VOLUME, name, !same))
            return ms_reject_rule(out, profile, MS_RULE_DISK_IDMAP_VOLUME, name, volume->name, volume->pool);
        return TRUE;
    }
    if (!ms_env_check(env, MS_RULE_DISK_IDMAP_CONTAINER, name, !same))
        return TRUE;
    /* any container whose map differs may be the one named */
    g_ptr_array_sort(differ, compare_names);
    ms_reject_rule(out, profile, MS_RULE_DISK_IDMAP_CONTAINER, name, volume->name, volume->pool,
                   (const char *) differ->pdata[0], volume->name);
    for (guint i = 1; i < differ->len; i++) {
        if (out->alternatives == NULL)
            out->alternatives = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(out->alternatives,
                        ms_rule_message(MS_RULE_DISK_IDMAP_CONTAINER, profile, name, volume->name,
                                        volume->pool, (const char *) differ->pdata[i], volume->name));
    }
    return FALSE;
}

/* A container's disk of a filesystem custom volume (start or hot-plug):
 * storagePoolVolumeAttachShift (lxd/device/disk.go:1420-1521 at lxd-5.0.2,
 * :2080 at lxd-5.21.7, :2019 at lxd-6.9; Incus
 * internal/server/device/disk.go:1962-2063 at v6.0.4); security.unmapped
 * and security.shifted volumes skip it (:1434-1437, :1451).  TRUE when not
 * refused.  A disk that is not required (required=false, optional=true)
 * starts without its volume when the mount fails (disk.go:465-469,
 * isRequired :111-118 at lxd-5.0.2; Incus disk.go:815-820 at v6.0.4), so
 * such a disk is not checked here, and a running user whose only disks of
 * the volume are such does not pin its map (idmap_shift_check). */
gboolean
ms_device_idmap_check(const MsCluster *cluster, MsEnv *env, const MsInstance *instance, const char *name,
                      MsDevice *device, const MsProfileChange *change, MsRejection *out)
{
    const char *pool, *source;
    MsVolume *const *named;
    MsVolume *one;
    guint n_named;

    /* the cheapest tests first, each read a lookup: a root disk (most
     * devices) has no source, a VM none of this check */
    if (instance->type == MS_INSTANCE_VM || *(source = ms_device_get_lit(device, "source")) == '\0' ||
        *(pool = ms_device_get_lit(device, "pool")) == '\0' ||
        !g_str_equal(ms_device_get_lit(device, "type"), "disk") ||
        g_str_equal(ms_device_get_lit(device, "path"), "/") || !disk_required(device))
        return TRUE;
    n_named = ms_cluster_volumes_named(cluster, source, &named, &one);
    /* the volumes of that name and their users through the indexes: a
     * scan of every volume and every instance here made each start O(N)
     * and a rolling maintenance O(N^2) (perfdevmap, session 22) */
    for (guint i = 0; i < n_named; i++) {
        const MsVolume *volume = named[i];

        if (!g_str_equal(volume->pool, pool) ||
            (volume->location != NULL && g_strcmp0(volume->location, instance->location) != 0) ||
            volume->content_type != MS_CONTENT_FILESYSTEM ||
            !ms_instance_sees_volume(cluster, instance, volume) ||
            ms_is_true(ms_config_get(volume->config, "security.unmapped")) ||
            ms_is_true(ms_config_get(volume->config, "security.shifted")))
            continue;
        if (!idmap_shift_check(cluster, env, instance, name, volume, change, out))
            return FALSE;
    }
    return TRUE;
}

/* A VM's qemu config is written after its devices started, and reads
 * limits.memory with units.ParseByteSizeString until lxd-5.21.4, 6.5,
 * Incus 6.0.3 and 6.6: an "N%" value, which config validation accepts,
 * fails there (START.VM_MEMORY_PERCENT; LXD #15882, Incus #1261).  With
 * migration.stateful the size.state check reads the value earlier only
 * where it runs at start (5.0.0-5.0.3, 5.1-5.20: handled before this, not
 * modelled); elsewhere it runs at a stateful stop (validateRootDiskStateful
 * Stop, called from Stop only: driver_qemu.go:4829 at lxd-5.21.3, :4858 at
 * lxd-6.4; Incus checkStateStorage from Stop and snapshot, :4884, :5047 at
 * v6.0.2), so the start fails here with or without it. */
static gboolean
vm_memory_start_check(const MsCluster *cluster, MsEnv *env, MsLayersHold *hold, MsRejection *out)
{
    const MsProfile *profile = env->profile;
    const MsInstance *instance = hold->instance;
    const char *memory = ms_cluster_expanded_value_held(cluster, profile, hold, "limits.memory");
    gboolean percent = memory != NULL && g_str_has_suffix(memory, "%");

    if (!ms_rule_applies(MS_RULE_START_VM_MEMORY_PERCENT, profile))
        return TRUE;
    if (ms_env_check(env, MS_RULE_START_VM_MEMORY_PERCENT, instance->name, percent))
        return ms_reject_rule(out, profile, MS_RULE_START_VM_MEMORY_PERCENT, memory);
    return TRUE;
}

/* From lxd-6.7 a VM's qemu config (written after its devices started,
 * before limits.memory is read) allocates a PCIe slot through busAllocate
 * for each NIC (addNetDevConfig), PCI device (addPCIDevConfig), disk on
 * the nvme or virtio-blk bus (addDriveConfig, the root disk too) or
 * directory share (addDriveDirConfig), and a GPU's slot plus one per other
 * function of its IOMMU group (addGPUDevConfig), and refuses the slot past
 * limits.max_bus_ports (default 8): "PCI devices limit reached: used %d of
 * %d slots; increase limits.max_bus_ports to allow more devices", wrapped
 * per device ("Failed allocating bus for NIC device %q: %w"; driver_qemu.go
 * :96, :2279-2291, :3734-3737 at lxd-6.7; :99, :2310-2323, :3786-3800,
 * :4467, :4604, :5006, :5095, :5139 at lxd-6.9; no limit before 6.7, nor
 * in Incus up to v7.3.0).  Each of those devices takes at most one slot
 * (a GPU one, plus the host's): migsim counts them, and says "not
 * modelled" when their count can pass the limit (which disks take a slot
 * and the GPU's group are not modelled); a GPU within it is an
 * assumption about the host.  FALSE when not modelled. */
static gboolean
vm_pci_slots_start_check(const MsCluster *cluster, MsEnv *env, MsLayersHold *hold, MsDevice **maps, guint n,
                         MsRejection *out)
{
    const MsInstance *instance = hold->instance;
    static const MsReleases slot_limit = MS_REL_SINCE_6(7);
    const MsProfile *profile = env->profile;
    const char *limit;
    guint64 max = 8, slots = 0;
    gboolean gpu = FALSE;

    /* the release first: the key is read only where the limit exists
     * (issue 18: a VM's start before 6.7 read it for nothing) */
    if (!ms_releases_contain(&slot_limit, profile->version))
        return TRUE;
    limit = ms_cluster_expanded_value_held(cluster, profile, hold, "limits.max_bus_ports");
    if (limit != NULL && *limit != '\0')
        max = g_ascii_strtoull(limit, NULL, 10); /* a uint8 (validate.IsUint8 at config time) */
    for (guint i = 0; i < n; i++) {
        const char *type = ms_device_get_lit(maps[i], "type");

        if (TYPE_IS(type, "nic") || TYPE_IS(type, "infiniband") || TYPE_IS(type, "pci") ||
            TYPE_IS(type, "disk"))
            slots++;
        else if (TYPE_IS(type, "gpu")) {
            slots++;
            gpu = TRUE;
        }
    }
    if (slots > max)
        return ms_reject_status(
            out, MS_RULE_NONE, 400,
            g_strdup_printf("migsim: not modelled for %s: a start of %s, whose %" G_GUINT64_FORMAT
                            " nic, disk, pci and gpu devices can take more PCIe slots than "
                            "limits.max_bus_ports (%" G_GUINT64_FORMAT
                            ") allows ('PCI devices limit reached', driver_qemu.go:3799 "
                            "at lxd-6.9): which of them take one is not modelled",
                            profile->name, instance->name, slots, max));
    if (gpu)
        ms_env_assume(env,
                      "%s's GPU shares its IOMMU group with few enough functions on %s that its slots stay "
                      "within limits.max_bus_ports (%" G_GUINT64_FORMAT ")",
                      instance->name, instance->location, max);
    return TRUE;
}

/* A container's validateStartup, around START.PROTECTED: before it, an
 * instance whose own config (not a profile's) sets
 * image.requirements.nesting=true is refused unless the expanded
 * security.nesting is true (START.IMAGE_NESTING: lxd/instance/drivers/
 * driver_lxc.go:2621-2622 at lxd-5.0.4, :2582 at lxd-5.21.2 and lxd-6.1,
 * :2566 at lxd-6.9; absent at lxd-5.0.3, 5.1-5.20, 5.21.1; Incus
 * internal/server/instance/drivers/driver_lxc.go:2639 at v6.0.0, :3254 at
 * v7.3.0).  After it, security.delegate_bpf=true needs the host's BPF token
 * support (Linux 6.9+: driver_lxc.go:2575 at lxd-6.9, from lxd-5.21.4 and
 * 6.4, where the key appears): the host's.  @nesting, @bpf: the expanded
 * security.nesting and security.delegate_bpf (read with the start's key
 * list).  FALSE when refused or not modelled. */
static gboolean
ct_validate_startup_known(MsEnv *env, const MsInstance *instance, const char *nesting, const char *bpf,
                          gboolean after_protection, MsRejection *out)
{
    const MsProfile *profile = env->profile;

    if (!after_protection) {
        if (ms_rule_applies(MS_RULE_START_IMAGE_NESTING, profile) &&
            ms_env_check(env, MS_RULE_START_IMAGE_NESTING, instance->name,
                         ms_is_true(ms_instance_get_config(instance, "image.requirements.nesting")) &&
                             !ms_is_true(nesting)))
            return ms_reject_rule(out, profile, MS_RULE_START_IMAGE_NESTING);
        return TRUE;
    }
    if (ms_profile_is_incus(profile) || !ms_is_true(bpf))
        return TRUE;
    return ms_reject_status(
        out, MS_RULE_NONE, 400,
        g_strdup_printf("migsim: not modelled for %s: a start of %s, which has "
                        "security.delegate_bpf=true: it starts only on a host whose kernel "
                        "has BPF tokens (Linux 6.9+)",
                        profile->name, instance->name));
}

static MsDevice *
start_root_disk(MsDevice **maps, guint n)
{
    MsDevice *root = NULL;

    for (guint i = 0; i < n; i++)
        if (ms_device_is_root_disk(maps[i]))
            root = maps[i];
    return root;
}

gboolean
ms_instance_start_check(const MsCluster *cluster, MsEnv *env, const MsInstance *instance, gboolean stateful,
                        MsRejection *out)
{
    /* the profile layers found once for every read below (issue 18: about
     * six lookups a start before): nothing here changes a profile */
    MsLayersHold hold = ms_layers_hold(instance);

    return ms_instance_start_check_held(cluster, env, &hold, stateful, out);
}

gboolean
ms_instance_start_check_held(const MsCluster *cluster, MsEnv *env, MsLayersHold *hold, gboolean stateful,
                             MsRejection *out)
{
    const MsInstance *instance = hold->instance;
    const MsProfile *profile = env->profile;
    g_autoptr(MsDevices) devices = ms_cluster_expand_devices(cluster, instance);
    g_autoptr(GPtrArray) order = ms_cluster_devices_sorted(cluster, devices);
    const MsMember *member = ms_cluster_lookup_member(cluster, instance->location);
    gboolean vm = instance->type == MS_INSTANCE_VM;
    /* the expanded keys every start reads, in one call (the profile
     * layers found once); each value is what ms_cluster_expanded_value
     * gives it: nothing below changes config or profiles before it is read.
     * The last two are read by a container's validateStartup
     * (ct_validate_startup_known) in the same walk of the own config
     * (issue 18: two own-config searches and two layer reads a start
     * fewer); they are not handed to the host. */
    static const char *const keys[] = {
        "migration.stateful",    "security.protection.start", "security.protection.shift",
        "limits.processes",      "limits.cpu.allowance",      "limits.cpu.priority",
        "limits.disk.priority",  "linux.kernel_modules",      "raw.apparmor",
        "limits.hugepages.64KB", "limits.hugepages.1MB",      "limits.hugepages.2MB",
        "limits.hugepages.1GB",  "security.syscalls.allow",   "security.syscalls.whitelist",
        "raw.seccomp",           "security.syscalls.deny",    "security.syscalls.blacklist",
        "security.nesting",      "security.delegate_bpf"
    };
    /* keys[6] (limits.disk.priority) to keys[HOST_KEYS_END - 1] go to the host */
    enum { HOST_KEYS_END = 18, NESTING = 18, DELEGATE_BPF = 19 };
    G_STATIC_ASSERT(G_N_ELEMENTS(keys) == DELEGATE_BPF + 1);
    const char *values[G_N_ELEMENTS(keys)];
    gboolean mig_stateful;
    MsDevice *root = NULL;
    MsDeviceContext ctx;
    /* each device's map, in start order, looked up once (on the stack for
     * the usual handful of devices: a start is part of every move) */
    MsDevice *few[16];
    g_autofree MsDevice **many = order->len > G_N_ELEMENTS(few) ? g_new(MsDevice *, order->len) : NULL;
    MsDevice **maps = many != NULL ? many : few;

    ms_cluster_expanded_values_held(cluster, profile, hold, keys, G_N_ELEMENTS(keys), values);
    mig_stateful = ms_is_true(values[0]); /* = ms_instance_expanded_stateful */
    for (guint i = 0; i < order->len; i++)
        maps[i] = ms_devices_lookup(devices, order->pdata[i]);
    /* the last root disk in start order, looked for only where it is read
     * (a member whose pools did not start, a stateful VM) */
    if ((member != NULL && member->pools_not_started) || (vm && mig_stateful))
        root = start_root_disk(maps, order->len);

    if (ms_env_check(env, MS_RULE_START_POOL_AVAIL, instance->name,
                     root != NULL && member != NULL && member->pools_not_started)) {
        return ms_reject_status(
            out, MS_RULE_START_POOL_AVAIL, 503,
            ms_rule_message(MS_RULE_START_POOL_AVAIL, profile, ms_device_get_lit(root, "pool")));
    }
    if (ms_env_check(env, MS_RULE_START_ALREADY_RUNNING, instance->name,
                     instance->status == MS_INSTANCE_RUNNING)) {
        return ms_reject_rule(out, profile, MS_RULE_START_ALREADY_RUNNING);
    }
    if (vm && stateful &&
        ms_env_check(env, MS_RULE_START_STATEFUL_NEEDS_KEY, instance->name, !mig_stateful)) {
        return ms_reject_rule(out, profile, MS_RULE_START_STATEFUL_NEEDS_KEY);
    }
    if (vm && mig_stateful && ms_profile_has(profile, MS_FEATURE_START_SIZE_STATE)) {
        guint64 size_state = 100ULL << 20, memory = 1ULL << 30;
        const char *limit = ms_cluster_expanded_value_held(cluster, profile, hold, "limits.memory");

        if (root != NULL)
            ms_parse_size(ms_device_lookup_lit(root, "size.state"), &size_state);
        /* "N%" passes config validation but this check reads limits.memory
         * with units.ParseByteSizeString and returns its bare error
         * ("Invalid value: N%", driver_qemu.go:953-956 at lxd-5.0.2), not
         * START.SIZE_STATE_502's text: not modelled, rather than comparing
         * with the 1GiB default */
        if (limit != NULL && *limit != '\0' && !ms_parse_size(limit, &memory))
            return ms_reject_status(out, MS_RULE_NONE, 400,
                                    g_strdup_printf("migsim: not modelled for %s: a start of %s, which has "
                                                    "limits.memory=%s and migration.stateful=true; the "
                                                    "size.state check cannot read the percentage",
                                                    profile->name, instance->name, limit));
        if (ms_env_check(env, MS_RULE_START_SIZE_STATE_502, instance->name, size_state < memory)) {
            return ms_reject_rule(out, profile, MS_RULE_START_SIZE_STATE_502);
        }
    }
    if (!vm && !ct_validate_startup_known(env, instance, values[NESTING], values[DELEGATE_BPF], FALSE, out))
        return FALSE;
    if (ms_rule_applies(MS_RULE_START_PROTECTED, profile) &&
        ms_env_check(env, MS_RULE_START_PROTECTED, instance->name, ms_is_true(values[1]))) {
        return ms_reject_rule(out, profile, MS_RULE_START_PROTECTED);
    }

    if (!vm && !ct_validate_startup_known(env, instance, values[NESTING], values[DELEGATE_BPF], TRUE, out))
        return FALSE;
    /* a container's start hands these to the host, whose answer is its
     * own: initLXC refuses limits.disk.priority without the blkio weight
     * controller ("Cannot apply limits.disk.priority as blkio.weight cgroup
     * controller is missing", driver_lxc.go:1173-1195, startCommon's
     * initLXC :1834 at lxd-5.0.2; :1228 at lxd-5.21.7, :1196 at lxd-6.9;
     * Incus :1255 at v6.0.4, :1264 at v7.3.0; seen live on 5.0.2, lane 5,
     * 2026-12-06, the Update's initLXC of a stopped container), startCommon
     * loads linux.kernel_modules with modprobe (:1845-1854), the hugetlb
     * limits go to lxc's forkstart as cgroup items (:1213-1229; live, every
     * running Update of them failed on a host whose hugetlb controller LXD
     * finds), raw.apparmor goes through the host's apparmor_parser, if any
     * (seen live: garbage taken on a host without AppArmor); a seccomp
     * allowlist (security.syscalls.allow, or its old name .whitelist) is the
     * user's list after "allowlist\n[all]\n" and raw.seccomp the user's
     * policy (lxd/seccomp/seccomp.go:730-742 at lxd-5.0.2, :796 at lxd-5.21.7, :797
     * at lxd-6.9; Incus internal/server/seccomp/seccomp.go:764 at v6.0.4), which
     * liblxc loads before the container's init runs: whether init can run
     * under it depends on the syscalls the host's init makes (seen live on
     * 5.0.2, security.syscalls.allow=mount: "Failed to run: /usr/bin/lxd
     * forkstart C ...: exit status 1", tools/live-random.py --gen 18 --seed
     * 34004 scenario 0 line 95); a denylist (security.syscalls.deny, its
     * old name .blacklist, until 5.20 and in Incus) is the user's list
     * appended to the same policy (seccomp.go:816-823 at lxd-5.0.2, :871 at
     * lxd-5.21.7, :868 at lxd-6.9; Incus seccomp.go:847-854 at v6.0.4), its
     * entries without an action liblxc's denylist default: whether init's
     * syscalls are among them is the image's and the host's as well
     * (review s34-revD) */
    /* initLXC is startCommon's first step (driver_lxc.go:1834-1836 at
     * lxd-5.0.2), wrapped "Load go-lxc struct: %w", "Failed loading
     * go-lxc: %w" from lxd-5.0.4 and lxd-5.21.2 (:1916 at lxd-5.21.7, :1867
     * at lxd-6.9): on a member declared `host-lacks MEMBER blkio-weight` its
     * limits.disk.priority check refuses the start before anything runs (seen
     * live on 5.0.2: tests/live/scenarios/usb-blkio-host.scn) */
    if (!vm && values[6] != NULL && *values[6] != '\0' && member != NULL &&
        (member->host_lacks & MS_HOST_LACKS_BLKIO_WEIGHT) &&
        ms_rule_format(MS_RULE_START_DISK_PRIORITY_BLKIO, profile) != NULL) {
        /* check sites: START_DISK_PRIORITY_BLKIO */
        ms_env_check(env, MS_RULE_START_DISK_PRIORITY_BLKIO, instance->name, TRUE);
        return ms_reject_rule(out, profile, MS_RULE_START_DISK_PRIORITY_BLKIO);
    }
    for (guint i = 6; !vm && i < HOST_KEYS_END; i++) /* keys[6]: limits.disk.priority on */
        if (values[i] != NULL && *values[i] != '\0')
            return ms_reject_status(out, MS_RULE_NONE, 400,
                                    g_strdup_printf("migsim: not modelled for %s: a start of %s, which has "
                                                    "%s=%s; LXD hands it to the host, whose answer "
                                                    "depends on the host",
                                                    profile->name, instance->name, keys[i], values[i]));
    /* a container protected against shifting fails its start when its
     * on-disk ID map must change and the host cannot idmap the mount
     * ("Failed to handle idmapped storage: Container is protected against
     * filesystem shifting", driver_lxc.go:1766-1768, :1879-1881 at
     * lxd-5.0.2; :1972 at lxd-5.21.7; :1920 at lxd-6.9; Incus :1856, :2040 at
     * v6.0.4), before
     * the devices are validated: the host and the on-disk map are not held
     * here (seen live on 5.0.2, the first start of a container on a dir
     * pool failed; tools/live-random.py --gen 7 --seed 7202 scenario 5) */
    if (!vm && ms_is_true(values[2]))
        return ms_reject_status(out, MS_RULE_NONE, 400,
                                g_strdup_printf("migsim: not modelled for %s: a start of %s, which has "
                                                "security.protection.shift=true; whether its ID map must "
                                                "shift depends on the host",
                                                profile->name, instance->name));
    /* a container's limits.processes is its cgroup's pids.max: with a
     * small one the container's init cannot fork what it needs and lxc's
     * forkstart fails ("Failed to run: .../lxd forkstart C ...: exit status
     * 1", seen live on 5.0.2 with limits.processes=0: an evacuation's start
     * on the target, tools/live-random.py --gen 20 --seed 20003 scenario 5
     * line 30, where migsim said ok).  How small is too small is the
     * image's: below 16 a start is not modelled. */
    if (!vm && values[3] != NULL && *values[3] != '\0' &&
        strspn(values[3], "0123456789") == strlen(values[3]) && strlen(values[3]) < 3 && atoi(values[3]) < 16)
        return ms_reject_status(out, MS_RULE_NONE, 400,
                                g_strdup_printf("migsim: not modelled for %s: a start of %s, which has "
                                                "limits.processes=%s; whether its init fits in so few "
                                                "processes is the image's",
                                                profile->name, instance->name, values[3]));
    /* a container's limits.kernel.NAME becomes an rlimit of its init,
     * which lxc's forkstart sets against the host's own limits (seen live
     * on 5.0.2 with Debian's liblxc, lane 5 on 2026-12-06: nofile=1000,
     * nproc=10:20 and core=unlimited started; nofile=10:20 (too few for
     * the container's init), nofile=100000 and nproc=unlimited (above the
     * daemon's hard limits 20000 and 96553 there) and bogus=10 failed,
     * "Failed to run: /usr/bin/lxd forkstart C ...: exit status 1", a path
     * of the host's); a value liblxc refuses fails initLXC first ("Load
     * go-lxc struct: ...", driver_lxc.go:1836 at lxd-5.0.2; "Failed loading
     * go-lxc: ...", :1916 at lxd-5.21.7).  What always fails is not
     * modelled (the text is the host's); a resource liblxc names with a
     * value it takes is assumed to fit the host, and the outcome says so:
     * the instance ran with it before on a member like this one. */
    if (!vm) {
        gboolean any = FALSE;
        const char *unknown = ms_instance_prlimit_start_unknown(cluster, profile, hold, &any);

        if (unknown != NULL)
            return ms_reject_status(
                out, MS_RULE_NONE, 400,
                g_strdup_printf("migsim: not modelled for %s: a start of %s, which has "
                                "%s=%s; lxc sets it as an rlimit of the container's "
                                "init, which fails on any host",
                                profile->name, instance->name, unknown,
                                ms_cluster_expanded_value_held(cluster, profile, hold, unknown)));
        if (any)
            ms_env_assume(env,
                          "%s's limits.kernel.* rlimits fit the host's own limits of %s (lxc's "
                          "forkstart sets them; a value above the host's hard limit, or too small "
                          "for the container's init, fails the start)",
                          instance->name, instance->location);
    }
    /* from lxd-5.21.4 and 6.3 initLXC hands linux.sysctl.NAME to liblxc
     * unprefixed, which liblxc refuses by the source (ms-lxc-config.c;
     * driver_lxc.go:1019-1020 at lxd-6.9); never seen live */
    if (ms_instance_sysctl_unprefixed_key(cluster, profile, hold) != NULL)
        return ms_reject_status(out, MS_RULE_NONE, 400,
                                g_strdup_printf("migsim: not modelled for %s: a start of %s, which has %s: "
                                                "this release's initLXC hands it to liblxc unprefixed, "
                                                "which liblxc refuses by the source (never seen live)",
                                                profile->name, instance->name,
                                                ms_instance_sysctl_unprefixed_key(cluster, profile, hold)));
    /* Every device is validated before any starts, so the first failing one
     * in start order is the one reported. */
    ms_device_context_for_instance(&ctx, cluster, env, instance, mig_stateful, devices);
    ctx.conflicts = MS_NIC_CONFLICT_REFUSE;
    for (guint i = 0; i < order->len; i++) {
        const char *name = order->pdata[i];
        g_auto(MsRejection) inner = { 0 };

        if (!ms_device_validate(&ctx, name, maps[i], &inner)) {
            ms_env_check(env, MS_RULE_WRAP_START, name, TRUE);
            /* the device's rule decided; the text is the start wrapper's */
            return ms_reject_status(out, inner.rule, 400,
                                    ms_rule_message(MS_RULE_WRAP_START, profile, name, inner.message));
        }
    }
    if (vm && mig_stateful) {
        for (guint i = 0; i < order->len; i++) {
            const char *name = order->pdata[i];
            const char *what = stateful_incompatible_device(maps[i], profile);
            if (ms_env_check(env, MS_RULE_DEV_STATEFUL_START, name, what != NULL)) {
                return ms_reject_rule(out, profile, MS_RULE_DEV_STATEFUL_START, name, what);
            }
        }
    }
    /* PreStartCheck of nic devices on a managed network: unavailable when
     * the member's networks did not start (nic_bridged.go:490 at lxd-5.21.7),
     * wrapped "Failed pre-start check for device %q" by the start
     * (driver_qemu.go:1338, driver_lxc.go:2066 at lxd-5.21.7) */
    for (guint i = 0; member != NULL && i < order->len; i++) {
        const char *network;

        if (!g_str_equal(ms_device_get_lit(maps[i], "type"), "nic"))
            continue;
        network = ms_device_get_lit(maps[i], "network");
        if (*network == '\0' || ms_cluster_lookup_network(cluster, network) == NULL)
            continue;
        if (ms_env_check(env, MS_RULE_START_NETWORK_AVAIL, instance->name, member->networks_not_started)) {
            return ms_reject_status(
                out, MS_RULE_START_NETWORK_AVAIL, 503,
                ms_rule_message(MS_RULE_START_NETWORK_AVAIL, profile, order->pdata[i], network));
        }
    }
    for (guint i = 0; member != NULL && i < order->len; i++) {
        const char *type = ms_device_get_lit(maps[i], "type");

        /* a VM's start skips the unix devices its profiles bring
         * (ErrUnsupportedDevType: driver_qemu.go:1109-1111 at lxd-5.0.2,
         * :1326 at lxd-5.21.7, :1350 at lxd-6.9; Incus :1377 at v6.0.4);
         * its own are refused before (ms-devices.c vm_skips_profile_device) */
        if (vm &&
            (TYPE_IS(type, "unix-char") || TYPE_IS(type, "unix-block") || TYPE_IS(type, "unix-hotplug")))
            continue;
        if (!ms_device_host_check(cluster, env, instance, member, order->pdata[i], maps[i], out) ||
            !ms_device_idmap_check(cluster, env, instance, order->pdata[i], maps[i], NULL, out) ||
            !disk_start_shift_check(cluster, env, instance, member, order->pdata[i], maps[i], out))
            return FALSE;
    }
    /* a container's CPU limits go to its cgroup as lxc.cgroup(2).* items
     * that lxc's forkstart writes after the devices start (driver_lxc.go:
     * 1148-1170 at lxd-5.0.2, :1204-1220 at lxd-5.21.7, :1172-1188 at
     * lxd-6.9): a quota or period the kernel refuses fails the start with
     * "Failed to run: /usr/bin/lxd forkstart C ...: exit status 1", a
     * path of the host's (seen live on 5.0.2 with 0ms/100ms and
     * 5ms/2000ms; ms_cpu_limits_judge) */
    if (!vm && !ms_instance_cpu_limits_start_check(env, instance, values[4], values[5], out))
        return FALSE;
    if (vm && !vm_pci_slots_start_check(cluster, env, hold, maps, order->len, out))
        return FALSE;
    if (vm && !vm_memory_start_check(cluster, env, hold, out))
        return FALSE;
    /* a failure injected by the scenario (`fault instance NAME start-fail
     * TEXT`): the start itself fails with the text given, before the
     * post-start hooks run (forkstart, then runHooks(postStartHooks):
     * lxd/instance/drivers/driver_lxc.go:2397, :2437 at lxd-5.0.2; :2437,
     * :2494 at lxd-5.21.7; :2332, :2387 at lxd-6.9) */
    if (ms_cluster_injected(cluster, "start", instance->name) != NULL) {
        return ms_reject_status(out, MS_RULE_NONE, 500,
                                g_strdup(ms_cluster_injected(cluster, "start", instance->name)));
    }
    /* the post-start hooks, in the devices' start order, once the container
     * runs: a unix device's watch (DEV.UNIX_WATCH_PATH_START), a nat
     * proxy's setupNAT (DEV.PROXY_NAT_CONNECT_START); a VM's nat proxy is
     * not modelled (ms_device_proxy_nat_check) */
    for (guint i = 0; member != NULL && i < order->len; i++)
        if ((!vm && !ms_unix_device_watch_check(env, order->pdata[i], maps[i], FALSE, out)) ||
            !ms_device_proxy_nat_check(env, instance, devices, order->pdata[i], maps[i], FALSE, out))
            return FALSE;
    return TRUE;
}
