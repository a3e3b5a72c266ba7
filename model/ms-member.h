/* migsim: a cluster member. */
#pragma once

#include <glib.h>

#include "ms-rules.h"

G_BEGIN_DECLS

typedef enum {
    MS_MEMBER_ONLINE,
    MS_MEMBER_EVACUATED,
    MS_MEMBER_OFFLINE,
} MsMemberStatus;

typedef enum {
    MS_MEMBER_ROLE_VOTER,
    MS_MEMBER_ROLE_STANDBY,
    MS_MEMBER_ROLE_SPARE,
} MsMemberRole;

#define MS_MEMBER_MAYBE_LEADER (1u << 3)

/* What a scenario declared of a path on a member's host (`host-path MEMBER
 * dir|file|missing|char|block PATH...`); a path never declared is taken as
 * an existing directory by a disk, and the transcript says so
 * (model/ms-devices.c); a unix-char or unix-block device's start needs it
 * declared (model/ms-device-unix.c). */
typedef enum {
    MS_HOST_PATH_UNDECLARED,
    MS_HOST_PATH_DIR,
    MS_HOST_PATH_FILE,
    MS_HOST_PATH_MISSING,
    MS_HOST_PATH_CHAR,  /* a character device node */
    MS_HOST_PATH_BLOCK, /* a block device node */
} MsHostPath;

/* What a scenario declared a member's host lacks (`host-lacks MEMBER
 * gpu|tpm-module|usb|blkio-weight|idmap|criu...`, MsMember.host_lacks); nothing declared: the starts
 * that depend on it are "not modelled" (model/ms-device-runtime.c). */
typedef enum {
    /* no GPU card: resources.GetGPU lists none */
    MS_HOST_LACKS_GPU = 1 << 0,
    /* swtpm is installed, tpm_vtpm_proxy is not loaded and there is no
     * modprobe to load it */
    MS_HOST_LACKS_TPM_MODULE = 1 << 1,
    /* no USB device: /sys/bus/usb/devices missing or empty (a required usb
     * device never starts, DEV.USB_REQUIRED_MISSING) */
    MS_HOST_LACKS_USB = 1 << 2,
    /* a cgroup v1 blkio controller without blkio.weight and
     * blkio.bfq.weight, no v2 io controller (limits.disk.priority is
     * refused, CFG.INST.DISK_PRIORITY_BLKIO, START.DISK_PRIORITY_BLKIO) */
    MS_HOST_LACKS_BLKIO_WEIGHT = 1 << 3,
    /* neither idmapped mounts (liblxc's idmapped_mounts_v2 and the
     * kernel's) nor shiftfs: IdmappedStorage answers IdmapStorageNone, so a
     * disk with owner shifting is refused in an unprivileged container
     * (DEV.IDMAP_START_MOUNT, DEV.IDMAP_HOTPLUG) */
    MS_HOST_LACKS_IDMAP = 1 << 4,
    /* no criu binary on PATH (exec.LookPath("criu") fails): a container's
     * CRIU restore is refused (SNAPSHOT.RESTORE_STATEFUL_CRIU) */
    MS_HOST_LACKS_CRIU = 1 << 5,
    /* LXD's search of a free IPv4 subnet for ipv4.address=auto finds none:
     * every candidate 10.x.y.0/24 is routed or answers a ping or a TCP
     * connection to port 22 (randomSubnetV4, lxd/network/network_utils.go
     * :557-577 at lxd-5.0.2), as on the live test clusters here, whose
     * sandbox accepts any outgoing TCP connection (NETWORK.AUTO_SUBNET) */
    MS_HOST_LACKS_FREE_IPV4_SUBNET = 1 << 6,
} MsHostLacks;

/* The bit `host-lacks MEMBER WORD` declares, 0 when WORD is none. */
MsHostLacks ms_host_lacks_from_word(const char *word);
/* Every word `host-lacks` takes, in bit order, joined by @separator.
 * (transfer full) */
char *ms_host_lacks_words(const char *separator);

/* What a scenario declared a member's host has (`host-has MEMBER criu`,
 * MsMember.host_has), the positive of MsHostLacks where a checked tool's
 * presence is not the default migsim assumes. */
typedef enum {
    /* the criu binary on PATH: exec.LookPath("criu") succeeds, so a
     * container's checkpoint or restore goes on to CRIU itself, whose
     * answer is the host's (not modelled) */
    MS_HOST_HAS_CRIU = 1 << 0,
} MsHostHas;

/* name, architecture, failure_domain and scheduler_instance are GRefStrings
 * (g_ref_string_new), shared by a member's copies: set them with
 * ms_member_set_string, never g_free them.  A member of a cluster copy may
 * borrow them and its groups (MsMember.borrowed): its cluster holds the
 * references. */
typedef struct {
    char *name;
    /* @name as ms_str_intern_forever holds it, the pointer an instance's
     * location is (ms_instance_new): ms_cluster_lookup_member compares
     * pointers before it compares strings.  Never freed, like the table. */
    const char *name_key;
    guint id; /* LXD's node ID: creation order, ties in target choice go to the lowest */
    MsMemberStatus status;
    /* An offline member keeps its database state (ONLINE or EVACUATED)
     * underneath; this is what it shows again when it comes back. */
    MsMemberStatus db_status;
    char *architecture;
    char *failure_domain;
    /* (element-type utf8) shared by the member's copies (preflight copies
     * 1,000 members per view and per way out): read it here, change it only
     * through ms_member_groups_mut (const, so a write through it does not
     * compile: -Werror=discarded-qualifiers) */
    const GPtrArray *groups;
    MsMemberRole role;
    /* the raft leader ("database-leader"); when no member has it set, the
     * first voter is (ms_roles_leader, model/ms-roles.h) */
    gboolean leader;
    /* roles LXD may have given this member instead of @role where it picks
     * by Go map order: bits 1 << MsMemberRole, MS_MEMBER_MAYBE_LEADER */
    guint maybe;
    char *scheduler_instance; /* "all", "manual", "group" */
    gboolean networks_not_started;
    gboolean pools_not_started;
    guint n_instances;
    /* instance-creation operations on this member still in the operations
     * table (MsCluster.op_records): placement counts them as instances */
    guint n_op_records;
    /* `fault member M unreachable`: the simulated time (ms) it stopped
     * answering heartbeats; G_MAXUINT64 while it answers */
    guint64 unreachable_since_ms;
    /* `host-interface MEMBER NAME...`: the host's network interfaces a nic
     * parent= may name (element-type utf8); NULL when the scenario declared
     * none, then a parent that is no managed network is "not modelled" */
    GPtrArray *host_interfaces;
    /* `host-path MEMBER dir|file|missing PATH...`: path -> MsHostPath
     * (GINT_TO_POINTER); NULL when the scenario declared none.  Shared by
     * copies: never changed once set, replaced on a new declaration. */
    GHashTable *host_paths;
    /* `host-lacks MEMBER ...`: MsHostLacks bits (guint8: 8 at most); 0 when never declared */
    guint8 host_lacks;
    /* `host-has MEMBER ...`: MsHostHas bits; 0 when never declared */
    guint8 host_has;
    /* `same-host MEMBER MEMBER...`: members with the same non-zero value
     * run on one host, in one network namespace (as the live test clusters
     * here), so a bridge one creates exists for the others; 0: a host of
     * its own (ms_member_same_host) */
    guint host_id;
    /* one of a cluster copy's members, allocated in one block with the
     * others (ms_cluster_copy: preflight copies 1,000 members per view and
     * per way out): ms_member_free releases its references, the cluster
     * frees the block */
    gboolean in_block;
    /* its four strings and @groups are references its cluster holds for
     * all its members at once (ms_cluster_copy: two atomic operations per
     * string per member per copy were a tenth of preflight's time), not its
     * own; ms_member_set_string and ms_member_groups_mut take its own
     * first */
    gboolean borrowed;
} MsMember;

MsMember *ms_member_new(const char *name, guint id);
/* Do @a and @b run on one host (`same-host`)?  A member is its own host. */
gboolean ms_member_same_host(const MsMember *a, const MsMember *b);
MsMember *ms_member_copy(const MsMember *member);
/* ms_member_copy into @into (uninitialised), taking the same references */
void ms_member_copy_into(MsMember *into, const MsMember *member);
/* @member's copy into @into, borrowing its strings and groups: the caller
 * holds a reference to each until @into is freed (MsMember.borrowed) */
void ms_member_borrow_into(MsMember *into, const MsMember *member);
void ms_member_free(MsMember *member);
/* @member's groups, to change: always a new array of its own, with the
 * same strings, replacing the one it may share with its copies. */
GPtrArray *ms_member_groups_mut(MsMember *member);
/* Replaces one of @member's reference-counted strings (&member->architecture, ...). */
/* Sets @field, one of @member's four strings, to a copy of @value. */
void ms_member_set_string(MsMember *member, char **field, const char *value);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsMember, ms_member_free)

const char *ms_member_status_to_string(MsMemberStatus status); /* "ONLINE" ... */

/* The status LXD lists: a member evacuated in the database is "Evacuated"
 * even while it does not answer (lxd/db/node.go:151-155 at lxd-5.0.2,
 * :175-180 at lxd-6.9; internal/server/db/node.go:150-155 at Incus
 * v6.0.4).  MsMember.status says OFFLINE then, for what the model does. */
MsMemberStatus ms_member_listed_status(const MsMember *member);
/* LXD's message beside it ("No heartbeat" stands for "No heartbeat for
 * DURATION (TIME)") */
const char *ms_member_listed_message(const MsMember *member);
/* "Online", "Evacuated", "Offline" as the API spells it. */
const char *ms_member_status_to_api(MsMemberStatus status);
gboolean ms_member_status_from_string(const char *text, MsMemberStatus *status);
const char *ms_member_role_to_string(MsMemberRole role);
gboolean ms_member_in_group(const MsMember *member, const char *group);
/* What the scenario declared of @path on @member's host (NULL member:
 * undeclared). */
MsHostPath ms_member_host_path(const MsMember *member, const char *path);
/* TRUE when a check that only a host without @lacks can answer may answer
 * for @profile: @member (NULL: unknown) was declared `host-lacks MEMBER
 * ...` with every bit of @lacks and @profile's release has a text for
 * @rule.  FALSE: the host decides, so the caller
 * says "not modelled". */
gboolean ms_member_lacks_answerable(const MsMember *member, MsHostLacks lacks, MsRuleId rule,
                                    const MsProfile *profile);
/* TRUE when @profile's text for @rule names CRIU (the release checks for
 * the criu binary there) and @member (NULL: unknown) was not declared
 * `host-lacks MEMBER criu`: CRIU on the host decides, and migsim assumes it
 * absent (ms_apply_note_criu_assumed says so in the transcript). */
gboolean ms_member_criu_decides(const MsMember *member, MsRuleId rule, const MsProfile *profile);
/* TRUE when @member (NULL: unknown) was declared `host-has MEMBER criu`
 * and @profile's text for @rule names CRIU: LookPath finds criu and CRIU
 * itself answers, so the caller says "not modelled" (ms_apply_criu_runs). */
gboolean ms_member_criu_runs(const MsMember *member, MsRuleId rule, const MsProfile *profile);

G_END_DECLS
