/* migsim: the rule table and the coverage ledger.
 *
 * Rules are data: every validation rule or decision point of LXD that migsim
 * reproduces has one entry (stable ID, releases, exact error text per release,
 * where LXD checks it, the LXD source reference).  The checks themselves are
 * small pure functions next to the operation that runs them; each one reports
 * its outcome through ms_env_check() so the ledger sees both outcomes. */
#pragma once

#include <glib.h>

#include "ms-version.h"

G_BEGIN_DECLS

typedef enum {
#define MS_RULE(sym, ...) MS_RULE_##sym,
#include "ms-rules.def"
#undef MS_RULE
    MS_RULE_LAST,
    MS_RULE_NONE = MS_RULE_LAST,
} MsRuleId;

/* Who refuses a request when the rule fails (ms-rules.def). */
typedef enum {
    MS_REFUSER_NONE,      /* the rule refuses nothing by itself (decisions, wrappers, texts) */
    MS_REFUSER_CLIENT,    /* lxc, before sending anything */
    MS_REFUSER_API,       /* the API handler: a synchronous error */
    MS_REFUSER_OPERATION, /* the background operation: an async error */
} MsRefuser;

typedef enum {
    MS_RULE_KIND_CHECK,    /* passes or rejects with an error text */
    MS_RULE_KIND_DECISION, /* chooses between two behaviours, no error */
    MS_RULE_KIND_WRAPPER,  /* wraps another rule's error; "fails" when applied */
} MsRuleKind;

typedef struct {
    MsReleases releases;
    const char *text; /* printf format; Go's %q is written \"%s\" */
} MsRuleText;

#define MS_RULE_MAX_TEXTS 4

typedef struct {
    MsRuleId id;
    const char *name;  /* the stable ID, from ms-rules.def */
    guint http_status; /* of the refused request (0: refused by the client) */
    MsRefuser refuser;
    MsRuleKind kind;
    MsReleases releases;
    MsRuleText texts[MS_RULE_MAX_TEXTS];
    const char *trigger;
    const char *lxd_ref;
    const char *outcome_pass; /* what "pass" means, for decisions and reports */
    const char *outcome_fail;
    /* Non-NULL when migsim can only ever see one outcome, with the reason. */
    const char *one_way;
    /* Non-NULL when migsim never evaluates the rule (it documents LXD
     * behaviour a scenario cannot reach), with the reason; such a rule has no
     * check site and is listed apart by the coverage report. */
    const char *unevaluated;
    /* Source location of the check, filled from the generated line table. */
} MsRuleDef;

/* What a rule does in Incus (model/ms-rules-incus.c, from the Incus source).
 * Not @modelled: migsim has no Incus source reference for the rule yet, and
 * an Incus profile that reaches it says "not modelled" instead of guessing. */
typedef struct {
    gboolean modelled;
    MsIncusReleases releases;
    MsRuleText texts[MS_RULE_MAX_TEXTS];
    const char *incus_ref;
    const char *differs; /* what differs from LXD, NULL when nothing does */
    /* The Incus feature releases (6.M.0, bit M: MS_INC_READ_AT) at which the
     * row was read in the source; at the others the rule is not modelled
     * (the 6.0 LTS line was read at every tag). */
    guint64 feature_read;
} MsRuleIncusDef;

/* What a rule does in the LXD releases that are not audited release by
 * release (ms_profile_is_derived: every 5.0.x but 5.0.2, and 5.1 .. 5.20),
 * from a search of the source at every tag (model/ms-rules-derived.c,
 * maintained by hand).  The rule applies where one of its texts does, where
 * @decision says (decisions without a text), and in @unmodelled, where
 * migsim cannot tell: there the rule runs and a refusal says "not
 * modelled for RELEASE" instead of guessing a text. */
typedef struct {
    gboolean listed;
    MsReleases decision;
    MsRuleText texts[MS_RULE_MAX_TEXTS];
    MsReleases unmodelled[MS_RULE_MAX_TEXTS];
    const char *lxd_ref;
} MsRuleDerivedDef;

const MsRuleDerivedDef *ms_rule_derived_def(MsRuleId id);
/* TRUE when @profile is a derived release where migsim cannot tell what @id
 * does ("not modelled"). */
gboolean ms_rule_unmodelled(MsRuleId id, const MsProfile *profile);

const MsRuleDef *ms_rule_def(MsRuleId id);
const MsRuleIncusDef *ms_rule_incus_def(MsRuleId id);
MsRuleId ms_rule_lookup(const char *name);
const char *ms_rule_name(MsRuleId id);
gboolean ms_rule_applies(MsRuleId id, const MsProfile *profile);
/* The error text of @id in @profile's release (a printf format), or NULL. */
const char *ms_rule_format(MsRuleId id, const MsProfile *profile);
/* The message of @id in @profile's release with the string arguments:
 * ms_rule_message(MS_RULE_X, profile, "a", "b"). */
char *ms_rule_message_strv(MsRuleId id, const MsProfile *profile, const char *const *args);
/* clang-format off */
#define ms_rule_message(id, profile, ...) \
    ms_rule_message_strv((id), (profile), (const char *const[]){ "", ##__VA_ARGS__, NULL } + 1)
/* clang-format on */

/* Why LXD refuses a request: the rule that decided (MS_RULE_NONE for a
 * failure no rule owns, such as an injected fault), LXD's text before the
 * client's wrapping, and the HTTP status of the refused request.
 * message == NULL: nothing refused. */
typedef struct {
    MsRuleId rule;
    guint http_status;
    char *message;
    /* Other texts LXD may answer instead of @message, in the same form
     * (it walks a Go map: which bad config key it names); NULL: none. */
    GPtrArray *alternatives; /* (element-type utf8) */
} MsRejection;

void ms_rejection_clear(MsRejection *rejection);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(MsRejection, ms_rejection_clear)
/* Fills @rejection with @rule and @message (consumed) and returns FALSE, so
 * a check reads `return ms_reject(out, MS_RULE_X, text)`.  The status is the
 * rule table's, else 400 (LXD's BadRequest, what validation errors get);
 * ms_reject_status names another. */
gboolean ms_reject(MsRejection *rejection, MsRuleId rule, char *message);
gboolean ms_reject_status(MsRejection *rejection, MsRuleId rule, guint http_status, char *message);
/* ms_reject with the rule's own text in @profile's release. */
#define ms_reject_rule(rejection, profile, rule, ...) \
    ms_reject((rejection), (rule), ms_rule_message((rule), (profile), ##__VA_ARGS__))

/* How often each rule passed and failed. */
typedef struct {
    guint64 pass[MS_RULE_LAST];
    guint64 fail[MS_RULE_LAST];
} MsLedger;

MsLedger *ms_ledger_new(void);
void ms_ledger_free(MsLedger *ledger);
void ms_ledger_merge(MsLedger *into, const MsLedger *from);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsLedger, ms_ledger_free)

/* One rule evaluation, in the order they happened. */
typedef struct {
    MsRuleId rule;
    gboolean failed;
    char *subject; /* instance, device or member the rule looked at */
    /* The check site: __FILE__ (static) and __LINE__ of the call.  With a
     * call over several lines the line is the first (gcc) or the last
     * (clang); ms_rule_site_find() accepts either. */
    const char *file;
    guint line;
} MsRuleHit;

void ms_rule_hit_free(MsRuleHit *hit);

/* Blocks from which ms_env_record_hit takes hits (each with its subject)
 * when MsEnv.hit_arena is set, all freed at once: preflight records about
 * 20 hits per instance it evacuates with reasons and drops them all after
 * the evacuation, and a malloc and a free per hit were 4-5 % of its run
 * (docs/bench.md, sessions 34 and 39). */
typedef struct MsHitArena MsHitArena;

MsHitArena *ms_hit_arena_new(void);
/* Frees every hit taken from @arena (the arrays holding them must not be
 * read after, and must have no free function). */
void ms_hit_arena_free(MsHitArena *arena);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsHitArena, ms_hit_arena_free)

/* The run context of one request, kept out of the (immutable) parsed
 * input: the release, where to record outcomes, who sends it. */
typedef struct {
    const MsProfile *profile;
    MsLedger *ledger; /* nullable */
    GPtrArray *hits;  /* nullable (element-type MsRuleHit) */
    /* note when operation records of earlier commands decided a placement
     * (costs a second run of the command on a copy; the scenario runner) */
    gboolean timing_notes;
    const char *client; /* the member whose lxc sends the request (`on MEMBER`); nullable */
    /* the remote lxc sent it to as the user named it (`REMOTE:NAME`); NULL: local */
    const char *client_remote;
    /* what the model took for granted while answering (host paths no
     * scenario declared: model/ms-devices.c), shown as the outcome's notes;
     * set by ms_cluster_apply, NULL elsewhere (element-type utf8) */
    GPtrArray *assumptions;
    /* (nullable) "PROJECT/NAME" of the profile users whose static device
     * validation (ValidDevices of the expanded set) passed without a note
     * in an earlier profile config change applied to another copy of the
     * same state (ms-profile-ops.c, user_devices_valid).  Only a caller
     * that applies each such change to a fresh copy of one unchanging
     * state may set it: preflight's full-state trials (sim/tools/
     * ms-preflight-view.c).  NULL elsewhere. */
    GHashTable *users_devices_valid;
    /* (nullable) where ms_env_record_hit takes the hits it adds to @hits,
     * which then has no free function and is dropped before the arena
     * (preflight's evacuations without an HTML report).  NULL: each hit
     * is g_malloc'd and freed by ms_rule_hit_free.  Last, so that the
     * positional initialisers ({ profile, ledger, hits }) leave it NULL. */
    MsHitArena *hit_arena;
} MsEnv;
/* Records @note in env->assumptions once (nothing when it is NULL). */
void ms_env_assume(MsEnv *env, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Records one evaluation of @rule; returns @failed so checks read as
 * `if (ms_env_check(env, MS_RULE_X, subject, condition)) return reject(...)`.
 * Every call is a check site in the table tools/gen-rule-sites.py generates. */
#define ms_env_check(env, rule, subject, failed) \
    ms_env_check_at((env), (rule), (subject), (failed), __FILE__, __LINE__)
/* The hit list's part of ms_env_check_at (env->hits not NULL). */
void ms_env_record_hit(MsEnv *env, MsRuleId rule, const char *subject, gboolean failed, const char *file,
                       guint line);
/* Inline: a move runs about 20 checks, and the call cost more than the
 * count (docs/bench.md, "Twenty-third round (b)"). */
static inline gboolean
ms_env_check_at(MsEnv *env, MsRuleId rule, const char *subject, gboolean failed, const char *file, guint line)
{
    MsLedger *ledger = env->ledger;

    if (ledger != NULL) {
        if (failed)
            ledger->fail[rule]++;
        else
            ledger->pass[rule]++;
    }
    if (G_UNLIKELY(env->hits != NULL))
        ms_env_record_hit(env, rule, subject, failed, file, line);
    return failed;
}

/* A place in model/ where a rule is checked, and the outcomes it can give
 * (a literal TRUE or FALSE condition gives only one). */
typedef enum {
    MS_SITE_PASS = 1 << 0,
    MS_SITE_FAIL = 1 << 1,
    MS_SITE_BOTH = MS_SITE_PASS | MS_SITE_FAIL,
} MsSiteOutcomes;

typedef struct {
    const char *file; /* model/NAME.c */
    guint line;
    MsRuleId rule;
    MsSiteOutcomes outcomes;
    /* the releases in which the check can never fail (or is never reached),
     * as a release set ms_release_mask_parse reads, and why, with the LXD
     * source; NULL when it can give its outcomes everywhere.  From a comment
     * "dead in SET: WHY" on the call's line or just above it. */
    const char *dead_in;
    const char *dead_why;
} MsRuleSite;

/* The site of @sites that recorded a hit of @rule at @file:@line: same rule
 * and file, the nearest line at or before @line.  -1 when there is none. */
int ms_rule_site_find(const MsRuleSite *sites, guint n_sites, MsRuleId rule, const char *file, guint line);

G_END_DECLS
