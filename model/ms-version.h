/* migsim: LXD releases, the release sets that rules and features apply to,
 * and the feature table.
 *
 * A behaviour that changed at release R is keyed by the first release of each
 * series (5.0 LTS, the 5.1 .. 5.20 feature releases, 5.21 LTS, 6.x) that has
 * it.  Adding a release is one line in the profile table of ms-version.c;
 * nothing else keys on version numbers. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef guint32 MsVersion;
#define MS_VERSION(major, minor, patch) ((MsVersion) (((major) << 16) | ((minor) << 8) | (patch)))
/* clang-format off */
#define MS_VERSION_MAJOR(v) (((v) >> 16) & 0xff)
#define MS_VERSION_MINOR(v) (((v) >> 8) & 0xff)
#define MS_VERSION_PATCH(v) ((v) & 0xff)
/* clang-format on */
/* Incus (the fork, lxc/incus) reuses LXD's numbers (6.0.4, 6.9): its
 * releases carry a product bit so that no LXD span ever contains them. */
#define MS_VERSION_INCUS_BIT ((MsVersion) 1 << 24)
#define MS_VERSION_INCUS(major, minor, patch) (MS_VERSION(major, minor, patch) | MS_VERSION_INCUS_BIT)
/* clang-format off */
#define MS_VERSION_IS_INCUS(v) (((v) & MS_VERSION_INCUS_BIT) != 0)
/* clang-format on */

/* Releases of one series: [from, until); from == 0 means none of the series,
 * until == 0 means open-ended. */
typedef struct {
    MsVersion from;
    MsVersion until;
} MsSpan;

/* Incus releases: the 6.0 LTS line (6.0.0 ...) and the feature releases
 * (6.1.0 ... 6.23.0, 7.0.0, 7.1.0 ...), each a span of Incus versions, and
 * the 7.0 LTS line's point releases (7.0.1 ...).  7.0.0 was tagged on main
 * after v6.23.0 (it is an ancestor of v7.1.0), so @v6 holds it; a 7.0.P
 * release takes @v6 too (version order: 7.0.1 < 7.1.0) unless @lts70 is set,
 * for what the 7.0 branch got otherwise (a backport from 7.2, say):
 * MS_SPAN_NONE_SET is an explicit "none" there. */
typedef struct {
    MsSpan lts60;
    MsSpan v6;
    MsSpan lts70;
} MsIncusReleases;

/* LXD releases.  The LXD-only macros below leave @incus empty: what Incus
 * does is stated per rule and per feature from the Incus source, never
 * inherited from LXD.  @v5 holds the 5.1 .. 5.20 feature releases; it comes
 * last so that the positional initialisers of the 5.0/5.21/6 spans leave it
 * empty: a rule's 5.1 .. 5.20 behaviour is read from the source audit table
 * (ms-rules-derived.c), a feature's is written with MS_REL_V5. */
typedef struct {
    MsSpan lts50;
    MsSpan lts521;
    MsSpan v6;
    MsIncusReleases incus;
    MsSpan v5;
} MsReleases;

/* clang-format off */
#define MS_INC_NONE { MS_SPAN_NONE, MS_SPAN_NONE }
#define MS_INC_ALL { MS_SPAN_ALL, MS_SPAN_ALL }
/* Incus 6.0.P and later LTS releases, 6.M and later feature releases. */
#define MS_INC_SINCE(p60, m6) \
    { MS_SPAN_FROM(MS_VERSION_INCUS(6, 0, p60)), MS_SPAN_FROM(MS_VERSION_INCUS(6, m6, 0)) }
/* Incus releases before 6.0.P and 6.M. */
#define MS_INC_UNTIL(p60, m6) \
    { MS_SPAN_UNTIL(MS_VERSION_INCUS(6, 0, p60)), MS_SPAN_UNTIL(MS_VERSION_INCUS(6, m6, 0)) }
/* The Incus feature release 6.M.0 as a bit of a read mask
 * (MsFeatureDef.incus_read, MsRuleIncusDef.feature_read). */
#define MS_INC_READ_AT(m) (G_GUINT64_CONSTANT(1) << (m))
/* Incus 7.x (lxc/incus tags v7.0.0 ...): the 7.0 LTS release 7.0.P at bit
 * 32 + P, the feature release 7.M.0 at bit 40 + M.  Incus 7.0.0 was tagged
 * on main after v6.23.0, so a span of the feature line (@v6 of
 * MsIncusReleases, ordered by version) goes on through 7.x; only these bits
 * say that a span was read there. */
#define MS_INC7_READ_LTS(p) (G_GUINT64_CONSTANT(1) << (32 + (p)))
#define MS_INC7_READ_AT(m) (G_GUINT64_CONSTANT(1) << (40 + (m)))
/* The Incus feature releases migsim simulates (model/ms-version.c). */
#define MS_INC_READ_PROFILES                                                                        \
    (MS_INC_READ_AT(1) | MS_INC_READ_AT(4) | MS_INC_READ_AT(10) | MS_INC_READ_AT(16) | MS_INC_READ_AT(22) | \
     MS_INC_READ_AT(23))
/* The Incus 7.x releases migsim simulates: 7.0.0, 7.0.1 (7.0 LTS), 7.1, 7.2, 7.3. */
#define MS_INC7_READ_PROFILES                                                                        \
    (MS_INC7_READ_LTS(0) | MS_INC7_READ_LTS(1) | MS_INC7_READ_AT(1) | MS_INC7_READ_AT(2) | MS_INC7_READ_AT(3))
/* TRUE when @read holds the Incus release @v (always for the 6.0 LTS line,
 * read at every tag; a 6.x feature release or a 7.x release only at its bit). */
#define MS_INC_READ_HAS(read, v)                                                                      \
    (MS_VERSION_MAJOR(v) == 7                                                                         \
         ? (MS_VERSION_MINOR(v) == 0 ? (MS_VERSION_PATCH(v) < 8 && (((read) >> (32 + MS_VERSION_PATCH(v))) & 1)) \
                                     : (MS_VERSION_PATCH(v) == 0 && MS_VERSION_MINOR(v) < 24 &&              \
                                        (((read) >> (40 + MS_VERSION_MINOR(v))) & 1)))                \
         : (MS_VERSION_MINOR(v) == 0 ||                                                               \
            (MS_VERSION_PATCH(v) == 0 && MS_VERSION_MINOR(v) < 32 && (((read) >> MS_VERSION_MINOR(v)) & 1))))
/* An MsReleases holding Incus releases only. */
#define MS_REL_INCUS(inc) { MS_SPAN_NONE, MS_SPAN_NONE, MS_SPAN_NONE, inc }

#define MS_SPAN_NONE { 0, 0 }
/* none, but set (MsIncusReleases.lts70: not the feature line's answer) */
#define MS_SPAN_NONE_SET { 0, 1 }
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
/* Every span written out: 5.0.x, 5.1 .. 5.20, 5.21.x, 6.x. */
#define MS_REL_V5(l50, v5, l521, v6) { l50, l521, v6, MS_INC_NONE, v5 }
/* 5.0.P and later 5.0.x, 5.M .. 5.20: spans for MS_REL_V5. */
#define MS_SPAN_50_FROM(p) MS_SPAN_RANGE(MS_VERSION(5, 0, p), MS_VERSION(5, 1, 0))
#define MS_SPAN_50_UNTIL(p) MS_SPAN_RANGE(MS_VERSION(5, 0, 0), MS_VERSION(5, 0, p))
#define MS_SPAN_5_FROM(m) MS_SPAN_RANGE(MS_VERSION(5, m, 0), MS_VERSION(5, 21, 0))
#define MS_SPAN_5_UNTIL(m) MS_SPAN_RANGE(MS_VERSION(5, 1, 0), MS_VERSION(5, m, 0))
/* clang-format on */

gboolean ms_releases_contain(const MsReleases *releases, MsVersion version);
/* "all", "5.21.3-5.21.7, 6.2-6.9", "5.0.2" ... for catalogues: the releases
 * audited by hand (the derived ones, ms_profile_is_derived, are skipped:
 * the rule table's spans do not speak for them). */
char *ms_releases_describe(const MsReleases *releases);
/* The same over every release ("all" then names every LXD release). */
char *ms_releases_describe_all(const MsReleases *releases);

/* One simulated LXD or Incus release. */
typedef struct {
    const char *name; /* "lxd-5.21.7", "incus-6.0.4" */
    MsVersion version;
    const char *tag_date;
} MsProfile;

const MsProfile *ms_profiles(guint *n_profiles);
/* Accepts "lxd-5.21.7", "5.21.7", "lxd-6.9", "6.9", and the series aliases
 * "lxd-5.0.x", "lxd-5.21.x", "lxd-6.x", "lxd-5.x" (5.1 .. 5.20) (latest of the series); Incus
 * releases only with their prefix: "incus-6.0.4", "incus-6.0.x". */
const MsProfile *ms_profile_lookup(const char *name);
/* " (did you mean 'lxd-6.9'?)" for a release name that is a typo of one,
 * else "" (transfer full; ms-suggest.h). */
char *ms_profile_suggest_hint(const char *name);
/* The latest LXD release (the default profile). */
const MsProfile *ms_profile_latest(void);
gboolean ms_profile_is_incus(const MsProfile *profile);
/* A release whose rules come from a search of the source at every tag
 * (model/ms-rules-derived.c): every 5.0.x but 5.0.2 and the feature
 * releases 5.1 .. 5.20. */
gboolean ms_profile_is_derived(const MsProfile *profile);
/* "LXD" or "Incus". */
const char *ms_profile_product(const MsProfile *profile);
char *ms_version_to_string(MsVersion version);

/* A set of simulated releases as a scenario names it, one bit per profile in
 * table order.  Items are separated by commas: "lxd-6.6" (one release),
 * "lxd-5.21.0..5.21.4" (inclusive range, the second "lxd-" optional),
 * "lxd-6.6+" (that release and the later ones of its series: 5.0.x, 5.21.x
 * and 6.x are branches, so "lxd-5.21.5+" holds no 6.x; the feature releases
 * 5.1 .. 5.20 are one series, so "lxd-5.12+" is 5.12 .. 5.20), "lxd-5.21.x"
 * (a series; "lxd-5.x" is 5.1 .. 5.20).  A range follows version order across series.
 * Every release named must be simulated, so a typo is an error. */
/* 128 bits: 65 profiles since Incus 7.x (gcc's and clang's __int128,
 * only ever shifted, masked and compared with 0). */
__extension__ typedef unsigned __int128 MsReleaseMask;
gboolean ms_release_mask_parse(const char *text, MsReleaseMask *mask, GError **error);
gboolean ms_release_mask_has(MsReleaseMask mask, const MsProfile *profile);
/* The mask of every simulated release. */
MsReleaseMask ms_release_mask_all(void);
/* Every simulated LXD release, or every Incus release. */
MsReleaseMask ms_release_mask_product(gboolean incus);
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
    MS_FEATURE_PROFILE_DISK_LOOKUP,
    MS_FEATURE_ROLES_DOMAIN_SPREAD,
    MS_FEATURE_ROLES_TRIGGER_EXACT,
    MS_FEATURE_ROLES_EVACUATED,
    MS_FEATURE_ROLES_VOTER_NAME,
    MS_FEATURE_VOLUME_MOVE_RENAME,
    MS_FEATURE_DISK_SOURCE_AGENT,
    MS_FEATURE_DISK_VIRTUAL_MIGRATES,
    MS_FEATURE_CLI_COPY_START,
    MS_FEATURE_CLI_EVACUATE_FORCE_SHORT,
    MS_FEATURE_CLI_QUERY_NO_EMPTY_BODY,
    MS_FEATURE_CLI_QUERY_EOF_RETRY,
    MS_FEATURE_CLI_PROJECT_DELETE_FORCE,
    MS_FEATURE_CLI_GROUP_CREATE_STDIN,
    MS_FEATURE_EVAC_ORIGIN_KEPT,
    MS_FEATURE_LIST_ERROR_TYPE,
    MS_FEATURE_LAST
} MsFeature;

typedef struct {
    MsFeature feature;
    const char *name;
    MsReleases releases;
    const char *summary;
    const char *lxd_ref;
    /* Incus releases that have the feature, with the Incus source. */
    MsIncusReleases incus;
    const char *incus_ref;
    /* The Incus feature releases (6.M.0, bit M; 7.x: MS_INC7_READ_*) at which @incus was read in
     * the source; tests/unit/test-model.c fails for an Incus feature profile
     * outside it, so that a new profile never inherits an unread span. */
    guint64 incus_read;
} MsFeatureDef;

const MsFeatureDef *ms_feature_def(MsFeature feature);
gboolean ms_profile_has(const MsProfile *profile, MsFeature feature);

G_END_DECLS
