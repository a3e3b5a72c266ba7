/* migsim: LXD releases, the release sets that rules and features apply to,
 * and the feature table.
 *
 * A behaviour that changed at release R is keyed by the first release of each
 * series (5.0 LTS, 5.21 LTS, 6.x) that has it.  Adding a release is one line in
 * the profile table of ms-version.c; nothing else keys on version numbers. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef guint32 MsVersion;
#define MS_VERSION(major, minor, patch) ((MsVersion) (((major) << 16) | ((minor) << 8) | (patch)))
#define MS_VERSION_MAJOR(v) (((v) >> 16) & 0xff)
#define MS_VERSION_MINOR(v) (((v) >> 8) & 0xff)
#define MS_VERSION_PATCH(v) ((v) & 0xff)

/* Releases of one series: [from, until); from == 0 means none of the series,
 * until == 0 means open-ended. */
typedef struct {
    MsVersion from;
    MsVersion until;
} MsSpan;

typedef struct {
    MsSpan lts50;
    MsSpan lts521;
    MsSpan v6;
} MsReleases;

#define MS_SPAN_NONE { 0, 0 }
#define MS_SPAN_ALL { 1, 0 }
#define MS_SPAN_FROM(v) { (v), 0 }
#define MS_SPAN_UNTIL(v) { 1, (v) }
#define MS_SPAN_RANGE(a, b) { (a), (b) }

/* Every release. */
#define MS_REL_ALL { MS_SPAN_ALL, MS_SPAN_ALL, MS_SPAN_ALL }
/* New in 5.21.P and 6.M (absent from 5.0). M == 0 means every 6.x. */
#define MS_REL_SINCE(p521, m6) \
    { MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(5, 21, p521)), MS_SPAN_FROM(MS_VERSION(6, m6, 0)) }
/* New in 6.M only (not backported to 5.21). */
#define MS_REL_SINCE_6(m6) { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_FROM(MS_VERSION(6, m6, 0)) }
/* Present in 5.0 and until (not including) 5.21.P and 6.M. */
#define MS_REL_UNTIL(p521, m6) \
    { MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(5, 21, p521)), MS_SPAN_UNTIL(MS_VERSION(6, m6, 0)) }
/* Present everywhere except 6.M and later. */
#define MS_REL_UNTIL_6(m6) { MS_SPAN_ALL, MS_SPAN_ALL, MS_SPAN_UNTIL(MS_VERSION(6, m6, 0)) }
#define MS_REL_ONLY_50 { MS_SPAN_ALL, MS_SPAN_NONE, MS_SPAN_NONE }
#define MS_REL_NOT_50 { MS_SPAN_NONE, MS_SPAN_ALL, MS_SPAN_ALL }

gboolean ms_releases_contain(const MsReleases *releases, MsVersion version);
/* "all", "5.21.3+, 6.2+", "5.0.2 only" ... for catalogues. */
char *ms_releases_describe(const MsReleases *releases);

/* One simulated LXD release. */
typedef struct {
    const char *name; /* "lxd-5.21.7" */
    MsVersion version;
    const char *tag_date;
} MsProfile;

const MsProfile *ms_profiles(guint *n_profiles);
/* Accepts "lxd-5.21.7", "5.21.7", "lxd-6.9", "6.9", and the series aliases
 * "lxd-5.0.x", "lxd-5.21.x", "lxd-6.x" (latest of the series). */
const MsProfile *ms_profile_lookup(const char *name);
const MsProfile *ms_profile_latest(void);
char *ms_version_to_string(MsVersion version);

/* A set of simulated releases as a scenario names it, one bit per profile in
 * table order.  Items are separated by commas: "lxd-6.6" (one release),
 * "lxd-5.21.0..5.21.4" (inclusive range, the second "lxd-" optional),
 * "lxd-6.6+" (that release and the later ones of its series: 5.0.x, 5.21.x
 * and 6.x are branches, so "lxd-5.21.5+" holds no 6.x), "lxd-5.21.x" (a
 * series).  A range follows version order across series.
 * Every release named must be simulated, so a typo is an error. */
typedef guint64 MsReleaseMask;
gboolean ms_release_mask_parse(const char *text, MsReleaseMask *mask, GError **error);
gboolean ms_release_mask_has(MsReleaseMask mask, const MsProfile *profile);
/* The mask of every simulated release. */
MsReleaseMask ms_release_mask_all(void);
/* The latest release in @mask, NULL when it is empty. */
const MsProfile *ms_release_mask_latest(MsReleaseMask mask);

typedef enum {
    MS_FEATURE_SERVER_STATEFUL_KEY,
    MS_FEATURE_CONFIG_ERROR_QUOTED,
    MS_FEATURE_EVACUATE_MODE,
    MS_FEATURE_EVACUATE_MODE_STRICT,
    MS_FEATURE_DISK_STATEFUL_RULES,
    MS_FEATURE_STATEFUL_NO_HOTPLUG,
    MS_FEATURE_ISO_VOLUMES,
    MS_FEATURE_BLOCK_SHARED,
    MS_FEATURE_RESTORE_SKIP,
    MS_FEATURE_RESTORE_MAP_ORDER,
    MS_FEATURE_NOT_STARTED_CHECK,
    MS_FEATURE_EVAC_RESTORE_EXCLUSION,
    MS_FEATURE_DEST_EVACUATED_CHECK,
    MS_FEATURE_CT_LIVE_REJECTED,
    MS_FEATURE_START_SIZE_STATE,
    MS_FEATURE_MOVE_COPY_RENAME,
    MS_FEATURE_AUTOSTART_AFTER_EVACUATE,
    MS_FEATURE_EVAC_QUORUM,
    MS_FEATURE_EVAC_STAYS_EVACUATED,
    MS_FEATURE_EVAC_ONE_AT_A_TIME,
    MS_FEATURE_CLI_YES_FLAG,
    MS_FEATURE_CANMIGRATE_NIL_GUARD,
    MS_FEATURE_PLACEMENT_GROUPS,
    MS_FEATURE_CREATE_NAME_CHECK_SYNC,
    MS_FEATURE_EVACUATE_MODE_HEAL,
    MS_FEATURE_MOVE_SAME_MEMBER_SYNC,
    MS_FEATURE_MOVE_SAME_MEMBER_UNCHECKED,
    MS_FEATURE_MOVE_DEST_FAILURE_FIRST,
    MS_FEATURE_LAST
} MsFeature;

typedef struct {
    MsFeature feature;
    const char *name;
    MsReleases releases;
    const char *summary;
    const char *lxd_ref;
} MsFeatureDef;

const MsFeatureDef *ms_feature_def(MsFeature feature);
gboolean ms_profile_has(const MsProfile *profile, MsFeature feature);

G_END_DECLS
