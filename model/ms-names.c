/* migsim: LXD's name validation per release (ms-names.h).
 *
 * Our own code, written from the validators at each tag: instances
 * (ValidName + validate.IsHostname), profiles and pools (the POST
 * handlers' quick checks, later validate.IsEntityName for pools), custom
 * volumes (the POST quick check, later ValidVolumeName in lxd/storage and
 * then lxd/storage/drivers), member server names (PUT /1.0/cluster). */
#include "ms-names.h"

#include <errno.h>

#include <string.h>

/* How ValidName treats a non-snapshot instance name. */
typedef enum {
    MS_NAME_INSTANCE_RESERVED, /* "/" -> The character "/" is reserved for snapshots */
    MS_NAME_INSTANCE_SLASHES,  /* "/" -> Invalid instance name %q: Cannot contain slashes */
    MS_NAME_INSTANCE_HOSTNAME, /* IsHostname only */
} MsInstanceNameCheck;

/* validate.IsHostname's digit rule. */
typedef enum {
    MS_NAME_HOSTNAME_NO_LEADING_DIGIT, /* strconv.Atoi(name[0]): Name must not start with a number */
    MS_NAME_HOSTNAME_NOT_A_NUMBER,     /* strconv.ParseUint(name): Name cannot be a number */
} MsHostnameDigits;

/* The volume POST handler's check of the new name. */
typedef enum {
    MS_NAME_VOLUME_POST,      /* "" / "/" quick checks in storage_volumes.go */
    MS_NAME_VOLUME_SLASH,     /* lxd/storage ValidVolumeName: empty, slash */
    MS_NAME_VOLUME_BACKSLASH, /* ... plus backslash */
    MS_NAME_VOLUME_DRIVERS,   /* lxd/storage/drivers ValidVolumeName, wrapped Invalid volume name %q: */
} MsVolumeNameCheck;

typedef struct {
    const char *release;
    MsInstanceNameCheck instance;
    gboolean instance_quoted; /* "Invalid instance name %q: %w" rather than "Invalid instance name: %w" */
    MsHostnameDigits digits;
    MsVolumeNameCheck volume;
    gboolean pool_ascii;  /* validate.IsEntityName on new pools */
    gboolean member_none; /* ServerName cannot be "none" */
    const char *reference;
} MsNameRules;

/* Generated from the tags with git grep (the 5.0.x and 5.1 .. 5.20 rows by
 * the same greps: the reserved/slashes text, the quoted wrapper, IsHostname's
 * digit rule, lxd/storage ValidVolumeName, the ServerName "none" check),
 * checked by hand at 5.0.2, 5.21.7 and 6.9; the reference lists ValidName, the call in instancesPost,
 * IsHostname, the profile, pool and volume POST checks, and the server
 * name checks of clusterPut (required, "@" prefix, "none"). */
/* clang-format off */
static const MsNameRules name_rules[] = {
    { "lxd-5.0.0", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NO_LEADING_DIGIT, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:858 (wrapper lxd/instance/instance_utils.go:849), shared/validate/validate.go:824; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.0.1", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NO_LEADING_DIGIT, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:790 (wrapper lxd/instance/instance_utils.go:781), shared/validate/validate.go:825; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.0.2", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NO_LEADING_DIGIT, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:704 (wrapper :723), lxd/instances_post.go:1116, shared/validate/validate.go:722; lxd/profiles.go:263; lxd/storage_pools.go:257; lxd/storage_volumes.go:564; lxd/api_cluster.go:299, :307" },
    { "lxd-5.0.3", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:698 (wrapper lxd/instance/instance_utils.go:689), shared/validate/validate.go:733; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.0.4", MS_NAME_INSTANCE_SLASHES, TRUE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_SLASH, FALSE, TRUE,
      "lxd/instance/instance_utils.go:706 (wrapper lxd/instance/instance_utils.go:693), shared/validate/validate.go:733; lxd/storage/utils.go:1004; lxd/api_cluster.go:351" },
    { "lxd-5.0.5", MS_NAME_INSTANCE_SLASHES, TRUE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_SLASH, FALSE, TRUE,
      "lxd/instance/instance_utils.go:706 (wrapper lxd/instance/instance_utils.go:693), shared/validate/validate.go:733; lxd/storage/utils.go:1004; lxd/api_cluster.go:351" },
    { "lxd-5.0.6", MS_NAME_INSTANCE_SLASHES, TRUE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_SLASH, FALSE, TRUE,
      "lxd/instance/instance_utils.go:706 (wrapper lxd/instance/instance_utils.go:693), shared/validate/validate.go:733; lxd/storage/utils.go:1004; lxd/api_cluster.go:351" },
    { "lxd-5.0.7", MS_NAME_INSTANCE_SLASHES, TRUE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_SLASH, FALSE, TRUE,
      "lxd/instance/instance_utils.go:706 (wrapper lxd/instance/instance_utils.go:693), shared/validate/validate.go:758; lxd/storage/utils.go:1004; lxd/api_cluster.go:351" },
    { "lxd-5.0.8", MS_NAME_INSTANCE_SLASHES, TRUE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_SLASH, FALSE, TRUE,
      "lxd/instance/instance_utils.go:706 (wrapper lxd/instance/instance_utils.go:693), shared/validate/validate.go:758; lxd/storage/utils.go:1004; lxd/api_cluster.go:351" },
    { "lxd-5.0.9", MS_NAME_INSTANCE_SLASHES, TRUE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_SLASH, FALSE, TRUE,
      "lxd/instance/instance_utils.go:711 (wrapper lxd/instance/instance_utils.go:698), shared/validate/validate.go:758; lxd/storage/utils.go:1004; lxd/api_cluster.go:351" },
    { "lxd-5.1", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NO_LEADING_DIGIT, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:860 (wrapper lxd/instance/instance_utils.go:851), shared/validate/validate.go:824; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.2", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NO_LEADING_DIGIT, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:860 (wrapper lxd/instance/instance_utils.go:851), shared/validate/validate.go:824; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.3", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NO_LEADING_DIGIT, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:890 (wrapper lxd/instance/instance_utils.go:881), shared/validate/validate.go:824; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.4", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NO_LEADING_DIGIT, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:909 (wrapper lxd/instance/instance_utils.go:900), shared/validate/validate.go:824; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.5", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NO_LEADING_DIGIT, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:790 (wrapper lxd/instance/instance_utils.go:781), shared/validate/validate.go:825; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.6", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NO_LEADING_DIGIT, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:816 (wrapper lxd/instance/instance_utils.go:807), shared/validate/validate.go:739; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.7", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NO_LEADING_DIGIT, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:816 (wrapper lxd/instance/instance_utils.go:807), shared/validate/validate.go:740; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.8", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NO_LEADING_DIGIT, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:753 (wrapper lxd/instance/instance_utils.go:744), shared/validate/validate.go:740; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.9", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NO_LEADING_DIGIT, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:753 (wrapper lxd/instance/instance_utils.go:744), shared/validate/validate.go:740; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.10", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NO_LEADING_DIGIT, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:718 (wrapper lxd/instance/instance_utils.go:709), shared/validate/validate.go:740; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.11", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NO_LEADING_DIGIT, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:718 (wrapper lxd/instance/instance_utils.go:709), shared/validate/validate.go:740; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.12", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NO_LEADING_DIGIT, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:719 (wrapper lxd/instance/instance_utils.go:710), shared/validate/validate.go:740; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.13", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NO_LEADING_DIGIT, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:719 (wrapper lxd/instance/instance_utils.go:710), shared/validate/validate.go:740; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.14", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NO_LEADING_DIGIT, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:698 (wrapper lxd/instance/instance_utils.go:689), shared/validate/validate.go:732; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.15", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NO_LEADING_DIGIT, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:698 (wrapper lxd/instance/instance_utils.go:689), shared/validate/validate.go:732; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.16", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NO_LEADING_DIGIT, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:698 (wrapper lxd/instance/instance_utils.go:689), shared/validate/validate.go:732; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.17", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NO_LEADING_DIGIT, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:698 (wrapper lxd/instance/instance_utils.go:689), shared/validate/validate.go:732; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.18", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:698 (wrapper lxd/instance/instance_utils.go:689), shared/validate/validate.go:732; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.19", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:698 (wrapper lxd/instance/instance_utils.go:689), shared/validate/validate.go:732; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.20", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:698 (wrapper lxd/instance/instance_utils.go:689), shared/validate/validate.go:733; volume POST quick checks; no ServerName 'none' check" },
    { "lxd-5.21.0", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:671 (wrapper :690), lxd/instances_post.go:1117, shared/validate/validate.go:715; lxd/profiles.go:287; lxd/storage_pools.go:272; lxd/storage_volumes.go:685; lxd/api_cluster.go:334, :342" },
    { "lxd-5.21.1", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "lxd/instance/instance_utils.go:671 (wrapper :690), lxd/instances_post.go:1117, shared/validate/validate.go:715; lxd/profiles.go:287; lxd/storage_pools.go:272; lxd/storage_volumes.go:963; lxd/api_cluster.go:334, :342" },
    { "lxd-5.21.2", MS_NAME_INSTANCE_SLASHES, TRUE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_SLASH, FALSE, FALSE,
      "lxd/instance/instance_utils.go:653 (wrapper :672), lxd/instances_post.go:1129, shared/validate/validate.go:715; lxd/profiles.go:287; lxd/storage_pools.go:272; lxd/storage_volumes.go:947, lxd/storage/utils.go:1254; lxd/api_cluster.go:334, :342" },
    { "lxd-5.21.3", MS_NAME_INSTANCE_HOSTNAME, TRUE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_SLASH, FALSE, TRUE,
      "lxd/instance/instancetype/instance.go:33 (wrapper :52), lxd/instances_post.go:1276, shared/validate/validate.go:719; lxd/profiles.go:358; lxd/storage_pools.go:292; lxd/storage_volumes.go:1009, lxd/storage/utils.go:1287; lxd/api_cluster.go:369, :377, :381" },
    { "lxd-5.21.4", MS_NAME_INSTANCE_HOSTNAME, TRUE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_DRIVERS, FALSE, TRUE,
      "lxd/instance/instancetype/instance.go:40 (wrapper :55), lxd/instances_post.go:1293, shared/validate/validate.go:724; lxd/profiles.go:400; lxd/storage_pools.go:306; lxd/storage_volumes.go:1026, lxd/storage/drivers/utils.go:966; lxd/api_cluster.go:372, :380, :384" },
    { "lxd-5.21.5", MS_NAME_INSTANCE_HOSTNAME, TRUE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_DRIVERS, FALSE, TRUE,
      "lxd/instance/instancetype/instance.go:43 (wrapper :58), lxd/instances_post.go:1336, shared/validate/validate.go:735; lxd/profiles.go:399; lxd/storage_pools.go:316; lxd/storage_volumes.go:1040, lxd/storage/drivers/utils.go:946; lxd/api_cluster.go:361, :369, :373" },
    { "lxd-5.21.6", MS_NAME_INSTANCE_HOSTNAME, TRUE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_DRIVERS, FALSE, TRUE,
      "lxd/instance/instancetype/instance.go:43 (wrapper :58), lxd/instances_post.go:1363, shared/validate/validate.go:735; lxd/profiles.go:399; lxd/storage_pools.go:316; lxd/storage_volumes.go:1040, lxd/storage/drivers/utils.go:946; lxd/api_cluster.go:361, :369, :373" },
    { "lxd-5.21.7", MS_NAME_INSTANCE_HOSTNAME, TRUE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_DRIVERS, FALSE, TRUE,
      "lxd/instance/instancetype/instance.go:43 (wrapper :58), lxd/instances_post.go:1407, shared/validate/validate.go:735; lxd/profiles.go:399; lxd/storage_pools.go:316; lxd/storage_volumes.go:1040, lxd/storage/drivers/utils.go:946; lxd/api_cluster.go:361, :369, :373" },
    { "lxd-6.1", MS_NAME_INSTANCE_SLASHES, TRUE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_SLASH, FALSE, FALSE,
      "lxd/instance/instance_utils.go:653 (wrapper :672), lxd/instances_post.go:1129, shared/validate/validate.go:715; lxd/profiles.go:287; lxd/storage_pools.go:272; lxd/storage_volumes.go:947, lxd/storage/utils.go:1254; lxd/api_cluster.go:334, :342" },
    { "lxd-6.2", MS_NAME_INSTANCE_SLASHES, TRUE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_SLASH, FALSE, TRUE,
      "lxd/instance/instancetype/instance.go:33 (wrapper :56), lxd/instances_post.go:1276, shared/validate/validate.go:719; lxd/profiles.go:358; lxd/storage_pools.go:292; lxd/storage_volumes.go:1009, lxd/storage/utils.go:1293; lxd/api_cluster.go:369, :377, :381" },
    { "lxd-6.3", MS_NAME_INSTANCE_HOSTNAME, TRUE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_BACKSLASH, FALSE, TRUE,
      "lxd/instance/instancetype/instance.go:39 (wrapper :54), lxd/instances_post.go:1287, shared/validate/validate.go:720; lxd/profiles.go:396; lxd/storage_pools.go:305; lxd/storage_volumes.go:1024, lxd/storage/utils.go:1369; lxd/api_cluster.go:369, :377, :381" },
    { "lxd-6.4", MS_NAME_INSTANCE_HOSTNAME, TRUE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_BACKSLASH, FALSE, TRUE,
      "lxd/instance/instancetype/instance.go:39 (wrapper :54), lxd/instances_post.go:1293, shared/validate/validate.go:720; lxd/profiles.go:397; lxd/storage_pools.go:305; lxd/storage_volumes.go:1025, lxd/storage/utils.go:1350; lxd/api_cluster.go:372, :380, :384" },
    { "lxd-6.5", MS_NAME_INSTANCE_HOSTNAME, TRUE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_DRIVERS, FALSE, TRUE,
      "lxd/instance/instancetype/instance.go:40 (wrapper :55), lxd/instances_post.go:1293, shared/validate/validate.go:724; lxd/profiles.go:400; lxd/storage_pools.go:306; lxd/storage_volumes.go:1026, lxd/storage/drivers/utils.go:966; lxd/api_cluster.go:373, :381, :385" },
    { "lxd-6.6", MS_NAME_INSTANCE_HOSTNAME, TRUE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_DRIVERS, FALSE, TRUE,
      "lxd/instance/instancetype/instance.go:43 (wrapper :58), lxd/instances_post.go:1245, shared/validate/validate.go:712; lxd/profiles.go:401; lxd/storage_pools.go:305; lxd/storage_volumes.go:1036, lxd/storage/drivers/utils.go:966; lxd/api_cluster.go:361, :369, :373" },
    { "lxd-6.7", MS_NAME_INSTANCE_HOSTNAME, TRUE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_DRIVERS, TRUE, TRUE,
      "lxd/instance/instancetype/instance.go:50 (wrapper :65), lxd/instances_post.go:1467, shared/validate/validate.go:731; lxd/profiles.go:401; lxd/storage_pools.go:306, :310; lxd/storage_volumes.go:1036, lxd/storage/drivers/utils.go:952; lxd/api_cluster.go:286, :294, :298" },
    { "lxd-6.8", MS_NAME_INSTANCE_HOSTNAME, TRUE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_DRIVERS, TRUE, TRUE,
      "lxd/instance/instancetype/instance.go:49 (wrapper :64), lxd/instances_post.go:1538, shared/validate/validate.go:731; lxd/profiles.go:401; lxd/storage_pools.go:302, :306; lxd/storage_volumes.go:1037, lxd/storage/drivers/utils.go:968; lxd/api_cluster.go:286, :294, :298" },
    { "lxd-6.9", MS_NAME_INSTANCE_HOSTNAME, TRUE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_DRIVERS, TRUE, TRUE,
      "lxd/instance/instancetype/instance.go:49 (wrapper :64), lxd/instances_post.go:1590, shared/validate/validate.go:736; lxd/profiles.go:394; lxd/storage_pools.go:299, :303; lxd/storage_volumes.go:1012, lxd/storage/drivers/utils.go:983; lxd/api_cluster.go:285, :293, :297" },
    /* Incus 6.0 LTS: the checks of LXD 5.21.0's shape, read at each tag */
    { "incus-6.0.0", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "internal/server/instance/instance_utils.go:701,714 (v6.0.0 .. v6.0.4: :709,:714), :683 (v6.0.6): reserved '/' then validate.IsHostname wrapped 'Invalid instance name: %w'; shared/validate/validate.go:717 (v6.0.0), :810 (v6.0.6) 'Name cannot be a number'; cmd/incusd/storage_volumes.go:1048 (v6.0.0) 'No name provided'; no ServerName 'none' check, no IsEntityName on pools" },
    { "incus-6.0.1", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "internal/server/instance/instance_utils.go:701,714 (v6.0.0 .. v6.0.4: :709,:714), :683 (v6.0.6): reserved '/' then validate.IsHostname wrapped 'Invalid instance name: %w'; shared/validate/validate.go:717 (v6.0.0), :810 (v6.0.6) 'Name cannot be a number'; cmd/incusd/storage_volumes.go:1048 (v6.0.0) 'No name provided'; no ServerName 'none' check, no IsEntityName on pools" },
    { "incus-6.0.2", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "internal/server/instance/instance_utils.go:701,714 (v6.0.0 .. v6.0.4: :709,:714), :683 (v6.0.6): reserved '/' then validate.IsHostname wrapped 'Invalid instance name: %w'; shared/validate/validate.go:717 (v6.0.0), :810 (v6.0.6) 'Name cannot be a number'; cmd/incusd/storage_volumes.go:1048 (v6.0.0) 'No name provided'; no ServerName 'none' check, no IsEntityName on pools" },
    { "incus-6.0.3", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "internal/server/instance/instance_utils.go:701,714 (v6.0.0 .. v6.0.4: :709,:714), :683 (v6.0.6): reserved '/' then validate.IsHostname wrapped 'Invalid instance name: %w'; shared/validate/validate.go:717 (v6.0.0), :810 (v6.0.6) 'Name cannot be a number'; cmd/incusd/storage_volumes.go:1048 (v6.0.0) 'No name provided'; no ServerName 'none' check, no IsEntityName on pools" },
    { "incus-6.0.4", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "internal/server/instance/instance_utils.go:701,714 (v6.0.0 .. v6.0.4: :709,:714), :683 (v6.0.6): reserved '/' then validate.IsHostname wrapped 'Invalid instance name: %w'; shared/validate/validate.go:717 (v6.0.0), :810 (v6.0.6) 'Name cannot be a number'; cmd/incusd/storage_volumes.go:1048 (v6.0.0) 'No name provided'; no ServerName 'none' check, no IsEntityName on pools" },
    { "incus-6.0.5", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "internal/server/instance/instance_utils.go:701,714 (v6.0.0 .. v6.0.4: :709,:714), :683 (v6.0.6): reserved '/' then validate.IsHostname wrapped 'Invalid instance name: %w'; shared/validate/validate.go:717 (v6.0.0), :810 (v6.0.6) 'Name cannot be a number'; cmd/incusd/storage_volumes.go:1048 (v6.0.0) 'No name provided'; no ServerName 'none' check, no IsEntityName on pools; from v6.0.5 pools, volumes, projects and snapshots go through validate.IsAPIName (commit 5f7d51aba8; ms_name_api_checked)" },
    { "incus-6.0.6", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "internal/server/instance/instance_utils.go:701,714 (v6.0.0 .. v6.0.4: :709,:714), :683 (v6.0.6): reserved '/' then validate.IsHostname wrapped 'Invalid instance name: %w'; shared/validate/validate.go:717 (v6.0.0), :810 (v6.0.6) 'Name cannot be a number'; cmd/incusd/storage_volumes.go:1048 (v6.0.0) 'No name provided'; no ServerName 'none' check, no IsEntityName on pools; from v6.0.5 pools, volumes, projects and snapshots go through validate.IsAPIName (commit 5f7d51aba8; ms_name_api_checked)" },
    { "incus-6.1", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "internal/server/instance/instance_utils.go:691,705, shared/validate/validate.go:717, cmd/incusd/storage_volumes.go:1048 'No name provided' (v6.1.0): as the 6.0 rows" },
    { "incus-6.4", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "internal/server/instance/instance_utils.go:708,722, shared/validate/validate.go:717, cmd/incusd/storage_volumes.go:1060 'No name provided' (v6.4.0): as the 6.0 rows" },
    { "incus-6.10", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "internal/server/instance/instance_utils.go:712,726, shared/validate/validate.go:717, cmd/incusd/storage_volumes.go:1061 'No name provided' (v6.10.0): as the 6.0 rows" },
    { "incus-6.16", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "internal/server/instance/instance_utils.go:681,695, shared/validate/validate.go:760 (v6.16.0): the instance and hostname checks as the 6.0 rows; cmd/incusd/storage_volumes.go has no 'No name provided' at v6.16.0 (as at v6.0.6): pools, volumes, projects and snapshots go through validate.IsAPIName (commit 75855f9150 at v6.16.0; ms_name_api_checked)" },
    { "incus-6.22", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "internal/server/instance/instance_utils.go:686,700, shared/validate/validate.go:810 (v6.22.0): the instance and hostname checks as the 6.0 rows; cmd/incusd/storage_volumes.go has no 'No name provided' at v6.22.0 (as at v6.0.6): pools, volumes, projects and snapshots go through validate.IsAPIName (commit 75855f9150 at v6.16.0; ms_name_api_checked)" },
    { "incus-6.23", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "internal/server/instance/instance_utils.go:686,700, shared/validate/validate.go:811 (v6.23.0): the instance and hostname checks as the 6.0 rows; cmd/incusd/storage_volumes.go has no 'No name provided' at v6.23.0 (as at v6.0.6): pools, volumes, projects and snapshots go through validate.IsAPIName (commit 75855f9150 at v6.16.0; ms_name_api_checked)" },
    { "incus-7.0.0", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "internal/server/instance/instance_utils.go:686,700 ValidName, shared/validate/validate.go:811 IsHostname (v7.0.0; both bodies as at v6.23.0): the instance and hostname checks as the 6.0 rows; cmd/incusd/storage_volumes.go has no 'No name provided' at v7.0.0: pools, volumes, projects and snapshots go through validate.IsAPIName (commit 75855f9150 at v6.16.0; ms_name_api_checked)" },
    { "incus-7.0.1", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "internal/server/instance/instance_utils.go:690,704 ValidName, shared/validate/validate.go:841 IsHostname (v7.0.1; both bodies as at v6.23.0): the instance and hostname checks as the 6.0 rows; cmd/incusd/storage_volumes.go has no 'No name provided' at v7.0.1: pools, volumes, projects and snapshots go through validate.IsAPIName (commit 75855f9150 at v6.16.0; ms_name_api_checked)" },
    { "incus-7.1", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "internal/server/instance/instance_utils.go:690,704 ValidName, shared/validate/validate.go:811 IsHostname (v7.1.0; both bodies as at v6.23.0): the instance and hostname checks as the 6.0 rows; cmd/incusd/storage_volumes.go has no 'No name provided' at v7.1.0: pools, volumes, projects and snapshots go through validate.IsAPIName (commit 75855f9150 at v6.16.0; ms_name_api_checked)" },
    { "incus-7.2", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "internal/server/instance/instance_utils.go:690,704 ValidName, shared/validate/validate.go:829 IsHostname (v7.2.0; both bodies as at v6.23.0): the instance and hostname checks as the 6.0 rows; cmd/incusd/storage_volumes.go has no 'No name provided' at v7.2.0: pools, volumes, projects and snapshots go through validate.IsAPIName (commit 75855f9150 at v6.16.0; ms_name_api_checked)" },
    { "incus-7.3", MS_NAME_INSTANCE_RESERVED, FALSE, MS_NAME_HOSTNAME_NOT_A_NUMBER, MS_NAME_VOLUME_POST, FALSE, FALSE,
      "internal/server/instance/instance_utils.go:690,704 ValidName, shared/validate/validate.go:841 IsHostname (v7.3.0; both bodies as at v6.23.0): the instance and hostname checks as the 6.0 rows; cmd/incusd/storage_volumes.go has no 'No name provided' at v7.3.0: pools, volumes, projects and snapshots go through validate.IsAPIName (commit 75855f9150 at v6.16.0; ms_name_api_checked)" },
};
/* clang-format on */
G_STATIC_ASSERT(G_N_ELEMENTS(name_rules) == 65);

static const MsNameRules *
rules_for(const MsProfile *profile)
{
    guint n;
    const MsProfile *profiles = ms_profiles(&n);

    /* the rows follow ms_profiles' order: a profile of that table finds
     * its row by position, checked by name (a state's load checks every
     * name, and scanning 65 rows by strcmp was 0.7 % of an import) */
    if (profile >= profiles && profile < profiles + n) {
        gsize at = (gsize) (profile - profiles);

        if (at < G_N_ELEMENTS(name_rules) && g_str_equal(name_rules[at].release, profile->name))
            return &name_rules[at];
    }
    for (guint i = 0; i < G_N_ELEMENTS(name_rules); i++)
        if (g_str_equal(name_rules[i].release, profile->name))
            return &name_rules[i];
    return NULL;
}

/* every simulated release has a row (test-model checks it) */
static const MsNameRules *
rules_of(const MsProfile *profile)
{
    const MsNameRules *r = rules_for(profile);

    g_assert(r != NULL);
    return r;
}

const char *
ms_name_reference(const MsProfile *profile)
{
    const MsNameRules *r = rules_for(profile);

    return r != NULL ? r->reference : NULL;
}

const char *
ms_name_kind_label(MsNameKind kind)
{
    static const char *const labels[] = { "instance",       "profile", "storage pool",
                                          "storage volume", "member",  "project" };
    G_STATIC_ASSERT(G_N_ELEMENTS(labels) == MS_NAME_LAST);

    return labels[kind];
}

char *
ms_go_quote(const char *text)
{
    GString *out = g_string_new("\"");

    for (const char *p = text; *p != '\0';) {
        gunichar ch = g_utf8_get_char_validated(p, -1);

        if (ch == (gunichar) -1 || ch == (gunichar) -2) {
            g_string_append_printf(out, "\\x%02x", (guchar) *p);
            p++;
            continue;
        }
        p = g_utf8_next_char(p);
        switch (ch) {
        case '"':
            g_string_append(out, "\\\"");
            continue;
        case '\\':
            g_string_append(out, "\\\\");
            continue;
        case '\a':
            g_string_append(out, "\\a");
            continue;
        case '\b':
            g_string_append(out, "\\b");
            continue;
        case '\f':
            g_string_append(out, "\\f");
            continue;
        case '\n':
            g_string_append(out, "\\n");
            continue;
        case '\r':
            g_string_append(out, "\\r");
            continue;
        case '\t':
            g_string_append(out, "\\t");
            continue;
        case '\v':
            g_string_append(out, "\\v");
            continue;
        default:
            break;
        }
        /* strconv.IsPrint: graphic characters and the ASCII space */
        if (ch == ' ' || (ch > 0x20 && ch < 0x7f) ||
            (ch >= 0xa1 && g_unichar_isgraph(ch) && g_unichar_type(ch) != G_UNICODE_FORMAT && ch != 0xad))
            g_string_append_unichar(out, ch);
        else if (ch < 0x80)
            g_string_append_printf(out, "\\x%02x", ch);
        else if (ch < 0x10000)
            g_string_append_printf(out, "\\u%04x", ch);
        else
            g_string_append_printf(out, "\\U%08x", ch);
    }
    g_string_append_c(out, '"');
    return g_string_free(out, FALSE);
}

/* validate.IsHostname: NULL or the reason. */
static const char *
hostname_error(const char *name, MsHostnameDigits digits)
{
    gsize len = strlen(name); /* Go's len(): bytes */
    guint64 number;

    if (len < 1 || len > 63)
        return "Name must be 1-63 characters long";
    if (name[0] == '-')
        return "Name must not start with \"-\" character";
    if (name[len - 1] == '-')
        return "Name must not end with \"-\" character";
    if (digits == MS_NAME_HOSTNAME_NO_LEADING_DIGIT && g_ascii_isdigit(name[0]))
        return "Name must not start with a number";
    /* ParseUint: decimal digits only, no sign, within 64 bits */
    if (digits == MS_NAME_HOSTNAME_NOT_A_NUMBER && strspn(name, "0123456789") == len &&
        g_ascii_string_to_unsigned(name, 10, 0, G_MAXUINT64, &number, NULL))
        return "Name cannot be a number";
    for (const char *p = name; *p != '\0'; p++)
        if (!g_ascii_isalnum(*p) && *p != '-')
            return "Name can only contain alphanumeric and hyphen characters";
    return NULL;
}

static char *
instance_error(const MsNameRules *r, const char *name)
{
    /* quoted only for an error: a state's load checks every name */
    g_autofree char *quoted = NULL;
    const char *why;

    if (strchr(name, '/') != NULL && r->instance == MS_NAME_INSTANCE_RESERVED)
        return g_strdup("The character \"/\" is reserved for snapshots");
    if (strchr(name, '/') != NULL && r->instance == MS_NAME_INSTANCE_SLASHES) {
        quoted = ms_go_quote(name);
        return g_strdup_printf("Invalid instance name %s: Cannot contain slashes", quoted);
    }
    why = hostname_error(name, r->digits);
    if (why == NULL)
        return NULL;
    quoted = ms_go_quote(name);
    return r->instance_quoted ? g_strdup_printf("Invalid instance name %s: %s", quoted, why)
                              : g_strdup_printf("Invalid instance name: %s", why);
}

gboolean
ms_name_has_space(const char *name)
{
    /* unicode.IsSpace */
    for (const char *p = name; *p != '\0'; p = g_utf8_next_char(p)) {
        gunichar ch = g_utf8_get_char_validated(p, -1);
        if (ch == (gunichar) -1 || ch == (gunichar) -2)
            return FALSE;
        if (g_unichar_isspace(ch) || ch == 0x85 || ch == 0xa0)
            return TRUE;
    }
    return FALSE;
}

/* validate.IsEntityName (shared/validate/validate.go:1007 at lxd-6.9) */
static char *
ascii_error(const char *name)
{
    for (const char *p = name; *p != '\0'; p = g_utf8_next_char(p)) {
        gunichar ch = g_utf8_get_char_validated(p, -1);
        if (ch > 127 && ch != (gunichar) -1 && ch != (gunichar) -2) {
            char utf8[8] = { 0 };
            g_unichar_to_utf8(ch, utf8);
            /* %q of a rune: 'é' */
            return g_strdup_printf("Name contains non-ASCII character '%s'", utf8);
        }
    }
    return NULL;
}

static char *api_name_wrapped(const char *prefix, const char *name, const MsProfile *profile);

/* Projects: projectValidateName in lxd/api_project.go (lxd-5.0.2 :1149,
 * lxd-5.21.0 .. 5.21.3, lxd-6.1, lxd-6.2; Incus v6.0.4
 * cmd/incusd/api_project.go:1826), then ValidName in lxd/project/project.go
 * (lxd-5.21.4+ and lxd-6.3+: '*' and '.'/'..' first, then a backslash
 * check; lxd-6.7+ also validate.IsEntityName, the pools' ASCII check). */
static char *
project_error(const MsNameRules *r, const MsProfile *profile, const char *name)
{
    MsVersion v = profile->version;
    gboolean valid_name =
        !ms_profile_is_incus(profile) &&
        ((v >= MS_VERSION(5, 21, 4) && v < MS_VERSION(6, 0, 0)) || v >= MS_VERSION(6, 3, 0));
    g_autofree char *quoted = ms_go_quote(name);
    gboolean reserved = g_str_equal(name, "*");
    gboolean dots = g_str_equal(name, ".") || g_str_equal(name, "..");

    if (ms_name_api_checked(profile)) {
        /* Incus 6.0.5+, 6.16+: IsAPIName first (cmd/incusd/api_project.go
         * :366-369 at v6.0.6 and v6.16.0, :380-383 at v7.3.0), then
         * projectValidateName without its empty, slash and space checks
         * (:1873-1891 at v6.0.6): of the rest only an underscore gets past
         * IsAPIName (quotes and '*' are its reserved characters, "." and
         * ".." do not end in an alphanumeric) */
        char *why = api_name_wrapped("Invalid project name", name, profile);

        if (why == NULL && strchr(name, '_') != NULL)
            why = g_strdup("Project names may not contain underscores");
        return why;
    }
    if (*name == '\0')
        return g_strdup("No name provided");
    if (valid_name && reserved)
        return g_strdup("Reserved project name");
    if (valid_name && dots)
        return g_strdup_printf("Invalid project name %s", quoted);
    if (valid_name && strchr(name, '\\') != NULL)
        return g_strdup("Project names may not contain back slashes");
    if (strchr(name, '/') != NULL)
        return g_strdup("Project names may not contain slashes");
    if (strchr(name, ' ') != NULL)
        return g_strdup("Project names may not contain spaces");
    if (strchr(name, '_') != NULL)
        return g_strdup("Project names may not contain underscores");
    if (strchr(name, '\'') != NULL || strchr(name, '"') != NULL)
        return g_strdup("Project names may not contain quotes");
    if (reserved)
        return g_strdup("Reserved project name");
    if (dots)
        return g_strdup_printf("Invalid project name %s", quoted);
    if (r->pool_ascii)
        return ascii_error(name);
    return NULL;
}

static char *
volume_error(const MsNameRules *r, const char *name)
{
    g_autofree char *quoted = ms_go_quote(name);
    const char *why = NULL;

    switch (r->volume) {
    case MS_NAME_VOLUME_POST:
        if (*name == '\0')
            return g_strdup("No name provided");
        if (strchr(name, '/') != NULL)
            return g_strdup("Storage volume names may not contain slashes");
        return NULL;
    case MS_NAME_VOLUME_SLASH:
    case MS_NAME_VOLUME_BACKSLASH:
        if (*name == '\0')
            return g_strdup("Invalid volume name: Cannot be empty");
        if (r->volume == MS_NAME_VOLUME_BACKSLASH && strchr(name, '\\') != NULL)
            return g_strdup_printf("Invalid volume name %s: Cannot contain backslashes", quoted);
        if (strchr(name, '/') != NULL)
            return g_strdup_printf("Invalid volume name %s: Cannot contain slashes", quoted);
        return NULL;
    case MS_NAME_VOLUME_DRIVERS:
        if (*name == '\0')
            why = "Cannot be empty";
        else if (g_str_equal(name, ".."))
            why = "Cannot be \"..\"";
        else if (strchr(name, '\\') != NULL)
            why = "Cannot contain backslashes";
        else if (strchr(name, '/') != NULL)
            why = "Cannot contain slashes";
        else if (ms_name_has_space(name))
            why = "Cannot contain white space";
        return why != NULL ? g_strdup_printf("Invalid volume name %s: %s", quoted, why) : NULL;
    }
    g_assert_not_reached();
}

/* Incus' validate.IsAPIName (shared/validate/validate.go:538-573 at
 * v6.0.5 and v6.16.0, :563-597 at v6.0.6 and v6.23.0; '$' reserved from
 * v6.0.6 and v6.21.0, not at v6.20.0): NULL or the reason.  Byte length,
 * then white space, then the reserved characters in their order, then an
 * ASCII alphanumeric at both ends, of at least two characters until 6.23
 * (the regexp needs two there) and one from 7.0.0. */
static char *
incus_api_name_error(const char *name, const MsProfile *profile)
{
    static const MsReleases dollar_from = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, MS_INC_SINCE(6, 21) };
    /* the regexp takes one character from v7.0.0 (and so 7.0.1):
     * `^[a-zA-Z0-9]+(.*[a-zA-Z0-9]+)?$`, validate.go IsAPIName at v7.0.0 */
    static const MsReleases one_char_from = {
        MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION_INCUS(7, 0, 0)) }
    };
    static const char *const reserved[] = { "$", "?", "&", "+", "\"", "'", "`", "*", "/" };
    gsize len = strlen(name);

    if (len > 64)
        return g_strdup("Maximum name length is 64 characters");
    if (ms_name_has_space(name))
        return g_strdup("Name cannot contain white space");
    for (guint i = 0; i < G_N_ELEMENTS(reserved); i++) {
        if (i == 0 && !ms_releases_contain(&dollar_from, profile->version))
            continue;
        if (strstr(name, reserved[i]) != NULL) {
            g_autofree char *quoted = ms_go_quote(reserved[i]);
            return g_strdup_printf("Name contains invalid character %s", quoted);
        }
    }
    if ((len < 2 && !ms_releases_contain(&one_char_from, profile->version)) || !g_ascii_isalnum(name[0]) ||
        !g_ascii_isalnum(name[len - 1]))
        return g_strdup("Names must start and end with an alphanumeric character");
    return NULL;
}

char *
ms_name_api_error(const char *name, const MsProfile *profile)
{
    return incus_api_name_error(name, profile);
}

/* NULL or "PREFIX: REASON" when Incus' IsAPIName refuses @name */
static char *
api_name_wrapped(const char *prefix, const char *name, const MsProfile *profile)
{
    g_autofree char *why = incus_api_name_error(name, profile);

    return why != NULL ? g_strdup_printf("%s: %s", prefix, why) : NULL;
}

gboolean
ms_name_api_checked(const MsProfile *profile)
{
    /* commit 5f7d51aba8 (v6.0.5), 75855f9150 (v6.16.0) "incusd:
     * Consistently validate object names" */
    static const MsReleases api_names = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, MS_INC_SINCE(5, 16) };

    return ms_releases_contain(&api_names, profile->version);
}

/* Incus' cluster group names.  Up to v6.0.4 and v6.15.0 clusterGroupsPost
 * calls clusterGroupValidateName, LXD 5.0's checks in LXD's order
 * (cmd/incusd/api_cluster.go:4322-4352 at v6.0.0,
 * cmd/incusd/api_cluster_group.go:768-797 at v6.0.4, :857-886 at v6.15.0);
 * from v6.0.5 and v6.16.0 validate.IsAPIName wrapped "Invalid cluster group
 * name: %w" (api_cluster_group.go:88-91 at v6.0.5, :92-95 at v6.16.0,
 * :95-98 at v7.3.0; commit 5f7d51aba8).  Live 6.0.4 (tests/live/
 * incus-scenarios/group-names.scn): every text below, and "a?b", "a$b",
 * "a\\b", "é1", "a" accepted. */
char *
ms_name_incus_group_error(const char *name, const MsProfile *profile)
{
    /* "No name provided" first: never sent by the incus client, which
     * refuses an empty name itself ("Missing cluster group name",
     * cmd/incus/cluster_group.go:231 at v6.0.4) */
    if (ms_name_api_checked(profile))
        return api_name_wrapped("Invalid cluster group name", name, profile);
    if (strchr(name, '/') != NULL)
        return g_strdup("Cluster group names may not contain slashes");
    if (strchr(name, ' ') != NULL)
        return g_strdup("Cluster group names may not contain spaces");
    if (strchr(name, '_') != NULL)
        return g_strdup("Cluster group names may not contain underscores");
    if (strchr(name, '\'') != NULL || strchr(name, '"') != NULL)
        return g_strdup("Cluster group names may not contain quotes");
    if (g_str_equal(name, "*"))
        return g_strdup("Reserved cluster group name");
    if (g_str_equal(name, ".") || g_str_equal(name, "..")) {
        g_autofree char *quoted = ms_go_quote(name);
        return g_strdup_printf("Invalid cluster group name %s", quoted);
    }
    return NULL;
}

/* Incus' custom volume snapshot names.  Up to v6.0.4 and v6.15.0
 * storagePoolVolumeSnapshotsTypePost checks the name with the pool's
 * ValidateName (cmd/incusd/storage_volumes_snapshot.go:243 at v6.0.4, :244
 * at v6.15.0): a '/' or a unicode.IsSpace character
 * (internal/server/storage/backend.go:105-117 at v6.0.4, :98-104 at v6.0.0);
 * from v6.0.5 and v6.16.0 validate.IsAPIName wrapped "Invalid storage
 * volume snapshot name: %w" (:244-247 at v6.0.5 and v6.16.0, :270-273 at
 * v7.3.0).  Live 6.0.4: ".x", "a_b", "a:b", "a$b", "x.", "a", "é1", "a?b",
 * "a'b" accepted. */
char *
ms_name_volume_snapshot_error(const char *name, const MsProfile *profile)
{
    if (ms_name_api_checked(profile))
        return api_name_wrapped("Invalid storage volume snapshot name", name, profile);
    if (strchr(name, '/') != NULL)
        return g_strdup("Storage name cannot contain \"/\"");
    if (ms_name_has_space(name))
        return g_strdup("Storage name cannot contain white space");
    return NULL;
}

gboolean
ms_name_lxd_group_suspect(const char *name)
{
    if (*name == '\0' || g_str_equal(name, ".") || g_str_equal(name, ".."))
        return TRUE;
    for (const char *p = name; *p != '\0'; p++)
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '.')
            return TRUE;
    return FALSE;
}

/* networksPost's quick checks at Incus (cmd/incusd/networks.go:366,370 at
 * v6.0.4; :416,420,423-426 at v6.0.5 and v6.16.0; :406,410,413-416 at
 * v7.3.0): an empty name, then "none" (no such check at v6.0.0, v6.0.1 and
 * v6.1-v6.3: git grep at each tag), then from v6.0.5 and v6.16 IsAPIName.
 * Live 6.0.4: tests/live/incus-scenarios/network-names.scn. */
char *
ms_name_incus_network_error(const char *name, const MsProfile *profile)
{
    static const MsReleases none_from = { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, MS_INC_SINCE(2, 4) };

    if (*name == '\0')
        return g_strdup("No name provided");
    if (g_str_equal(name, "none") && ms_releases_contain(&none_from, profile->version))
        return g_strdup(ms_name_api_checked(profile) ? "Invalid network name: 'none' is a reserved name"
                                                     : "Network name 'none' is not valid");
    if (ms_name_api_checked(profile))
        return api_name_wrapped("Invalid network name", name, profile);
    return NULL;
}

/* The bridge driver's ValidateName: validate.IsInterfaceName (byte length
 * 2..15, then ^[-_a-zA-Z0-9.]+$; shared/validate/validate.go:207-224 at
 * v6.0.4, :222-237 at v6.0.5, :237-252 at v7.3.0), then the common
 * driver's checks, which refuse nothing that regexp lets through
 * (internal/server/network/driver_bridge.go:149-157, driver_common.go
 * :216-227 at v6.0.4); wrapped "Invalid network name: %w" from v6.0.5 and
 * v6.16 (cmd/incusd/networks.go:451-454 at v6.0.5). */
char *
ms_name_incus_bridge_error(const char *name, const MsProfile *profile)
{
    gsize len = strlen(name);
    const char *why = NULL;

    if (len < 2)
        why = "Network interface is too short (minimum 2 characters)";
    else if (len > 15)
        why = "Network interface is too long (maximum 15 characters)";
    else if (name[strspn(name, "-_.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")] != '\0')
        why = "Network interface contains invalid characters";
    if (why == NULL)
        return NULL;
    return ms_name_api_checked(profile) ? g_strdup_printf("Invalid network name: %s", why) : g_strdup(why);
}

gboolean
ms_name_lxd_network_suspect(const char *name)
{
    gsize len = strlen(name);

    if (len < 2 || len > 15 || g_str_equal(name, "none") || name[0] == '-' || name[0] == '.')
        return TRUE;
    return name[strspn(name, "-_.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")] != '\0';
}

/* Profile names: profilesPost's and profilePost's quick checks
 * (lxd/profiles.go:263 at lxd-5.0.2; Incus cmd/incusd/profiles.go:344-354
 * at v6.0.4).  Incus from v6.0.5 and v6.16.0 calls IsAPIName instead
 * (cmd/incusd/profiles.go:347-350 and :811-814 at v6.0.6 and v6.16.0). */
static char *
profile_error(const MsProfile *profile, const char *name)
{
    if (*name == '\0')
        return g_strdup("No name provided");
    if (ms_name_api_checked(profile)) {
        g_autofree char *why = incus_api_name_error(name, profile);
        return why != NULL ? g_strdup_printf("Invalid profile name: %s", why) : NULL;
    }
    if (strchr(name, '/') != NULL)
        return g_strdup("Profile names may not contain slashes");
    if (g_str_equal(name, ".") || g_str_equal(name, "..")) {
        g_autofree char *quoted = ms_go_quote(name);
        return g_strdup_printf("Invalid profile name %s", quoted);
    }
    return NULL;
}

char *
ms_name_check(MsNameKind kind, const char *name, const MsProfile *profile)
{
    const MsNameRules *r = rules_of(profile);

    switch (kind) {
    case MS_NAME_INSTANCE:
        return instance_error(r, name);
    case MS_NAME_PROFILE:
        return profile_error(profile, name);
    case MS_NAME_POOL:
        if (*name == '\0')
            return g_strdup("No name provided");
        /* Incus 6.0.5+, 6.16+: IsAPIName in place of the slash check
         * (cmd/incusd/storage_pools.go:318-324 at v6.0.6 and v6.16.0,
         * :332-338 at v7.3.0) */
        if (ms_name_api_checked(profile))
            return api_name_wrapped("Invalid storage pool name", name, profile);
        if (strchr(name, '/') != NULL)
            return g_strdup("Storage pool names may not contain slashes");
        if (r->pool_ascii)
            return ascii_error(name);
        return NULL;
    case MS_NAME_VOLUME:
        /* Incus 6.0.5+, 6.16+: IsAPIName in place of the empty and slash
         * checks (cmd/incusd/storage_volumes.go:785-788 at v6.0.6, :670-673
         * at v6.16.0, :883-886 at v7.3.0); no other name check follows
         * (the backend's ValidateName went in the same commit) */
        if (ms_name_api_checked(profile))
            return api_name_wrapped("Invalid storage volume name", name, profile);
        return volume_error(r, name);
    case MS_NAME_MEMBER:
        if (*name == '\0')
            return g_strdup("ServerName is required when enabling clustering");
        if (name[0] == '@')
            return g_strdup("ServerName may not start with \"@\"");
        if (r->member_none && g_str_equal(name, "none"))
            return g_strdup("ServerName cannot be \"none\"");
        return NULL;
    case MS_NAME_PROJECT:
        return project_error(r, profile, name);
    case MS_NAME_LAST:
        break;
    }
    g_assert_not_reached();
}

char *
ms_name_check_upto(MsNameKind kind, const char *name, const MsProfile *profile)
{
    const MsProfile *last = profile != NULL ? profile : ms_profile_latest();
    g_autofree char *invalid = ms_name_check(kind, name, last);
    guint n;
    const MsProfile *profiles = ms_profiles(&n);

    if (invalid == NULL)
        return NULL;
    for (guint i = 0; i < n; i++) {
        g_autofree char *older = NULL;
        if (profiles[i].version >= last->version)
            continue;
        older = ms_name_check(kind, name, &profiles[i]);
        if (older == NULL)
            return NULL;
    }
    return g_steal_pointer(&invalid);
}

/* GetNextInstanceSnapshotIndex, lxd/db/instances.go:1092-1126 at lxd-5.0.2,
 * :1027 at lxd-5.21.7, :1033-1072 at lxd-6.9 (internal/server/db/
 * instances.go:1009-1043 at v6.0.4), and for volumes
 * VolumeDetermineNextSnapshotName with GetNextStorageVolumeSnapshotIndex,
 * lxd/storage/utils.go:1337-1363 and lxd/db/storage_volumes.go:754-797 at
 * lxd-6.9 (:729 at lxd-5.21.7; lxd/storage_volumes_snapshot.go:1360-1379 and
 * lxd/db/storage_volumes.go:734 at lxd-5.0.2): every snapshot name Go's
 * Sscanf("snap%d") reads (a sign and decimal digits after "snap", whatever
 * follows) counts, so a snapshot named "x" does not, and the count of
 * snapshots is not the index (seen live on 5.0.2: after `lxc snapshot c1 x`,
 * `lxc snapshot c1` made snap0). */
char *
ms_next_snapshot_name(const GPtrArray *names)
{
    gint64 next = 0;

    for (guint i = 0; i < names->len; i++) {
        const char *name = names->pdata[i];
        const char *digits;
        gint64 n;

        if (!g_str_has_prefix(name, "snap"))
            continue;
        digits = name + 4 + (name[4] == '+' || name[4] == '-');
        if (!g_ascii_isdigit(*digits))
            continue;
        errno = 0;
        n = g_ascii_strtoll(name + 4, NULL, 10);
        /* Sscanf refuses a number past int64 (an error: not counted); at
         * the largest, Go's num + 1 wraps to the smallest */
        if (errno == ERANGE)
            continue;
        if (n >= next)
            next = (gint64) ((guint64) n + 1);
    }
    return g_strdup_printf("snap%" G_GINT64_FORMAT, next);
}

/* validate.IsDeviceName (shared/validate/validate.go:757-778 at lxd-5.0.2,
 * :770 at lxd-5.21.7, :783-802 at lxd-6.9; Incus :759-780 at v6.0.4, the
 * same texts at every tag that has it, errors.New from lxd-5.21 and Incus
 * 6.0.6 in place of fmt.Errorf): its error, NULL when @value passes. */
char *
ms_device_name_error(const char *value)
{
    gsize length = strlen(value);

    if (length < 1 || length > 63)
        return g_strdup("Name must be 1-63 characters long");
    if (value[0] == '.')
        return g_strdup("Name must not start with \".\" character");
    for (const char *p = value; *p != '\0'; p++)
        if (!g_ascii_isalnum(*p) && strchr("/.-:_", *p) == NULL)
            return g_strdup("Name can only contain alphanumeric, forward slash, hyphen, colon, underscore "
                            "and full stop characters");
    return NULL;
}
