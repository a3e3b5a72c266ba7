/* migsim: database roles and the leader's rebalance of them.
 *
 * Every member is a raft node (cluster.Accept gives a joining member a
 * role, lxd/cluster/membership.go:262-294 at lxd-5.0.2); which role it has
 * is decided by go-dqlite's RolesChanges.Adjust (app/roles.go at go-dqlite
 * v1.11.6 for lxd-5.0.2, v1.21.0/v2.0.x for 5.0.3+, 5.20+, 5.21.x, v3.0.x
 * for 6.x) called from cluster.Rebalance (membership.go:649-686), which
 * rebalanceMemberRoles (lxd/api_cluster.go:2325-2371 at lxd-5.0.2) repeats
 * until it has nothing to change; 6.9 replaces Adjust by LXD's own
 * rolesAdjust, which also moves roles off evacuated members
 * (lxd/cluster/membership.go:866-1100 at lxd-6.9).
 *
 * Adjust walks Go maps and sorts with sort.Slice: where several members
 * are equally good, which one LXD picks is not determined.  migsim picks
 * the first in member order and records the others in MsMember.maybe, so
 * that an expectation accepts any member LXD may have picked. */
#include "ms-roles.h"

#include "ms-config.h"

#include <string.h>

#define BIT(role) (1u << (role))
/* dqlite's minVoters (app/roles.go:9 at go-dqlite v1.11.6) */
#define MIN_VOTERS 3

typedef struct {
    MsCluster *cluster;
    const MsProfile *profile;
    guint voters;   /* cluster.max_voters */
    guint standbys; /* cluster.max_standby */
    MsMember *leader;
} Round;

/* What one call of Adjust decides: @role for one of @choices.  When
 * @every, LXD changes them all, one per call (offline members); else it
 * picks one of them by map order. */
typedef struct {
    MsMemberRole role;
    GPtrArray *choices;
    gboolean every;
    gboolean transfer; /* 6.9: hand the leadership over first */
} Change;

static guint
config_uint(const MsCluster *cluster, const char *key, guint fallback)
{
    const char *value = ms_config_get(cluster->server_config, key);

    return value != NULL ? (guint) g_ascii_strtoull(value, NULL, 10) : fallback;
}

/* newRolesChanges (lxd/cluster/membership.go:1000-1037 at lxd-5.0.2): a
 * member is online for Adjust when the leader can connect to it, which a
 * member that stopped answering fails before it shows OFFLINE. */
static gboolean
reachable(const MsMember *member)
{
    return member->status != MS_MEMBER_OFFLINE && member->unreachable_since_ms == G_MAXUINT64;
}

static gboolean
evacuated(const Round *r, const MsMember *member)
{
    return ms_profile_has(r->profile, MS_FEATURE_ROLES_EVACUATED) && member->db_status == MS_MEMBER_EVACUATED;
}

/* RolesChanges.list: the members of @role that are (un)reachable, in
 * @domains when not NULL, not evacuated when @skip_evacuated (6.9's
 * filterPromotionCandidates). */
static GPtrArray *
list(const Round *r, MsMemberRole role, gboolean online, GHashTable *domains, gboolean skip_evacuated)
{
    GPtrArray *out = g_ptr_array_new();

    for (guint i = 0; i < r->cluster->members->len; i++) {
        MsMember *m = r->cluster->members->pdata[i];
        if (m->role != role || reachable(m) != online)
            continue;
        if (domains != NULL && !g_hash_table_contains(domains, m->failure_domain))
            continue;
        if (skip_evacuated && evacuated(r, m))
            continue;
        g_ptr_array_add(out, m);
    }
    return out;
}

static GPtrArray *
list_promotable(const Round *r, gboolean with_standbys, GHashTable *domains, gboolean skip_evacuated)
{
    GPtrArray *out =
        with_standbys ? list(r, MS_MEMBER_ROLE_STANDBY, TRUE, domains, skip_evacuated) : g_ptr_array_new();
    g_autoptr(GPtrArray) spares = list(r, MS_MEMBER_ROLE_SPARE, TRUE, domains, skip_evacuated);

    for (guint i = 0; i < spares->len; i++)
        g_ptr_array_add(out, spares->pdata[i]);
    return out;
}

static GHashTable *
domains_of(GPtrArray *members)
{
    GHashTable *set = g_hash_table_new(g_str_hash, g_str_equal);

    for (guint i = 0; members != NULL && i < members->len; i++)
        g_hash_table_add(set, ((MsMember *) members->pdata[i])->failure_domain);
    return set;
}

/* sortCandidates (app/roles.go at go-dqlite v1.11.6): candidates outside
 * @domains first.  The stand-bys are listed before the spares, and for up
 * to 6 candidates every Go release's sort.Slice keeps equal ones in order
 * (insertion sort; from 7 on, the shell pass of Go < 1.19 does not), so
 * the first is a stand-by when there is one.  Within a role the order is
 * the map's: any of them. */
static GPtrArray *
first_choices(GPtrArray *candidates, GHashTable *domains)
{
    GPtrArray *best = g_ptr_array_new();
    MsMemberRole first;

    for (guint i = 0; i < candidates->len; i++) {
        MsMember *m = candidates->pdata[i];
        if (!g_hash_table_contains(domains, m->failure_domain))
            g_ptr_array_add(best, m);
    }
    if (best->len == 0)
        for (guint i = 0; i < candidates->len; i++)
            g_ptr_array_add(best, candidates->pdata[i]);
    if (candidates->len > 6 || best->len == 0)
        return best;
    first = ((MsMember *) best->pdata[0])->role;
    for (guint i = best->len; i-- > 0;)
        if (((MsMember *) best->pdata[i])->role != first)
            g_ptr_array_remove_index(best, i);
    return best;
}

static gboolean
change(Change *c, MsMemberRole role, GPtrArray *choices, gboolean every)
{
    c->role = role;
    c->choices = choices;
    c->every = every;
    return TRUE;
}

static gboolean
promote(Change *c, MsMemberRole role, GPtrArray *candidates, GPtrArray *holders)
{
    g_autoptr(GHashTable) domains = domains_of(holders);

    change(c, role, first_choices(candidates, domains), FALSE);
    g_ptr_array_unref(candidates);
    return TRUE;
}

/* The online holders of a role other than the leader (Adjust never
 * demotes the leader); for voters from 5.0.3 on those of the failure
 * domains with most voters first (sortVoterCandidatesToDemote). */
static GPtrArray *
demotable(const Round *r, GPtrArray *holders, gboolean by_domain)
{
    GPtrArray *out = g_ptr_array_new();
    guint most = 0;

    for (guint i = 0; i < holders->len; i++) {
        MsMember *m = holders->pdata[i];
        guint n = 0;
        if (m == r->leader)
            continue;
        for (guint j = 0; by_domain && j < holders->len; j++)
            n += g_str_equal(((MsMember *) holders->pdata[j])->failure_domain, m->failure_domain);
        if (n > most) {
            most = n;
            g_ptr_array_set_size(out, 0);
        }
        if (n == most)
            g_ptr_array_add(out, m);
    }
    return out;
}

static gboolean
promote_or(Change *c, MsMemberRole role, GPtrArray *candidates, GPtrArray *holders)
{
    if (candidates->len > 0)
        return promote(c, role, candidates, holders);
    g_ptr_array_unref(candidates);
    return FALSE;
}

/* Adjust's domain spread (go-dqlite v1.21.0+, 3c6fa66): voters into the
 * failure domains that have none. */
static gboolean
spread(const Round *r, Change *c, GPtrArray *online_voters, gboolean skip_evacuated)
{
    g_autoptr(GHashTable) with = domains_of(online_voters);
    g_autoptr(GHashTable) without = g_hash_table_new(g_str_hash, g_str_equal);
    GPtrArray *candidates;

    if (!ms_profile_has(r->profile, MS_FEATURE_ROLES_DOMAIN_SPREAD))
        return FALSE;
    for (guint i = 0; i < r->cluster->members->len; i++) {
        MsMember *m = r->cluster->members->pdata[i];
        if (reachable(m) && !g_hash_table_contains(with, m->failure_domain))
            g_hash_table_add(without, m->failure_domain);
    }
    if (g_hash_table_size(without) == 0 || g_hash_table_size(with) >= online_voters->len)
        return FALSE;
    candidates = list_promotable(r, TRUE, without, skip_evacuated);
    if (candidates->len == 0) {
        g_ptr_array_unref(candidates);
        return FALSE;
    }
    /* all candidates are in @without: equal for the sort, stand-bys first */
    change(c, MS_MEMBER_ROLE_VOTER, first_choices(candidates, without), FALSE);
    g_ptr_array_unref(candidates);
    return TRUE;
}

/* Adjust for one role: fewer online holders than wanted, promote (when
 * no member can be, Adjust changes nothing at all); more, demote one that
 * is not the leader; offline holders, demote them.  -1: nothing to do. */
static int
adjust_half(const Round *r, Change *c, MsMemberRole role, GPtrArray *on, GPtrArray *off, guint want,
            gboolean by_domain)
{
    if (on->len < want)
        return promote_or(c, role, list_promotable(r, role == MS_MEMBER_ROLE_VOTER, NULL, FALSE), on);
    if (on->len > want)
        return change(c, MS_MEMBER_ROLE_SPARE, demotable(r, on, by_domain), FALSE);
    if (off->len > 0)
        return change(c, MS_MEMBER_ROLE_SPARE, g_ptr_array_ref(off), TRUE);
    return -1;
}

/* go-dqlite's RolesChanges.Adjust (app/roles.go:127-225 at v1.11.6). */
static gboolean
adjust(const Round *r, Change *c)
{
    guint n = r->cluster->members->len;
    g_autoptr(GPtrArray) on_v = NULL, on_s = NULL, off_v = NULL, off_s = NULL;
    gboolean by_domain = ms_profile_has(r->profile, MS_FEATURE_ROLES_DOMAIN_SPREAD);
    int done;

    if (n == 1)
        return FALSE;
    if (n < MIN_VOTERS) {
        g_autoptr(GPtrArray) voters = list(r, MS_MEMBER_ROLE_VOTER, TRUE, NULL, FALSE);
        g_autoptr(GPtrArray) offline = list(r, MS_MEMBER_ROLE_VOTER, FALSE, NULL, FALSE);
        GPtrArray *others = demotable(r, voters, FALSE);
        for (guint i = 0; i < offline->len; i++)
            if (offline->pdata[i] != r->leader)
                g_ptr_array_add(others, offline->pdata[i]);
        if (others->len == 0) {
            g_ptr_array_unref(others);
            return FALSE;
        }
        return change(c, MS_MEMBER_ROLE_SPARE, others, TRUE);
    }
    on_v = list(r, MS_MEMBER_ROLE_VOTER, TRUE, NULL, FALSE);
    on_s = list(r, MS_MEMBER_ROLE_STANDBY, TRUE, NULL, FALSE);
    off_v = list(r, MS_MEMBER_ROLE_VOTER, FALSE, NULL, FALSE);
    off_s = list(r, MS_MEMBER_ROLE_STANDBY, FALSE, NULL, FALSE);
    if (spread(r, c, on_v, FALSE))
        return TRUE;
    if (off_v->len == 0 && on_v->len == r->voters && off_s->len == 0 && on_s->len == r->standbys)
        return FALSE;
    done = adjust_half(r, c, MS_MEMBER_ROLE_VOTER, on_v, off_v, r->voters, by_domain);
    if (done < 0)
        done = adjust_half(r, c, MS_MEMBER_ROLE_STANDBY, on_s, off_s, r->standbys, FALSE);
    return done > 0;
}

static GPtrArray *
only_evacuated(const Round *r, GPtrArray *members, gboolean skip_leader)
{
    GPtrArray *out = g_ptr_array_new();

    for (guint i = 0; i < members->len; i++)
        if (evacuated(r, members->pdata[i]) && !(skip_leader && members->pdata[i] == r->leader))
            g_ptr_array_add(out, members->pdata[i]);
    return out;
}

/* prioritizeEvacuated (lxd/cluster/membership.go:1178-1191 at lxd-6.9) */
static GPtrArray *
evacuated_first(const Round *r, GPtrArray *candidates)
{
    GPtrArray *ev = only_evacuated(r, candidates, FALSE);

    if (ev->len > 0) {
        g_ptr_array_unref(candidates);
        return ev;
    }
    g_ptr_array_unref(ev);
    return candidates;
}

/* rolesAdjustBelowQuorum (lxd/cluster/membership.go:825-864 at lxd-6.9) */
static gboolean
adjust_small_69(const Round *r, Change *c)
{
    g_autoptr(GPtrArray) voters = list(r, MS_MEMBER_ROLE_VOTER, TRUE, NULL, TRUE);
    GPtrArray *candidates;

    if (r->leader == NULL || !evacuated(r, r->leader))
        return adjust(r, c);
    /* no sort here: the candidates in map order, stand-bys listed first */
    candidates = list(r, MS_MEMBER_ROLE_STANDBY, TRUE, NULL, TRUE);
    if (candidates->len == 0) {
        g_ptr_array_unref(candidates);
        candidates = list(r, MS_MEMBER_ROLE_SPARE, TRUE, NULL, TRUE);
    }
    if (candidates->len > 0)
        return change(c, MS_MEMBER_ROLE_VOTER, candidates, FALSE);
    g_ptr_array_unref(candidates);
    c->transfer = voters->len > 0;
    return FALSE;
}

/* rolesAdjust (lxd/cluster/membership.go:866-1100 at lxd-6.9) without the
 * control-plane role, which migsim does not model (never active). */
static gboolean
adjust_69(const Round *r, Change *c)
{
    g_autoptr(GPtrArray) on_v = NULL, on_s = NULL, off_v = NULL, off_s = NULL, ev_v = NULL, ev_s = NULL;

    if (r->cluster->members->len == 1)
        return FALSE;
    if (r->cluster->members->len < MIN_VOTERS)
        return adjust_small_69(r, c);
    on_v = list(r, MS_MEMBER_ROLE_VOTER, TRUE, NULL, FALSE);
    on_s = list(r, MS_MEMBER_ROLE_STANDBY, TRUE, NULL, FALSE);
    off_v = list(r, MS_MEMBER_ROLE_VOTER, FALSE, NULL, FALSE);
    off_s = list(r, MS_MEMBER_ROLE_STANDBY, FALSE, NULL, FALSE);
    ev_v = only_evacuated(r, on_v, FALSE);
    ev_s = only_evacuated(r, on_s, FALSE);
    /* phases 1 and 2: replace evacuated holders first (:888-911) */
    if (ev_v->len > 0 && on_v->len - ev_v->len < r->voters &&
        promote_or(c, MS_MEMBER_ROLE_VOTER, list_promotable(r, TRUE, NULL, TRUE), on_v))
        return TRUE;
    if (ev_s->len > 0 && on_s->len - ev_s->len < r->standbys &&
        promote_or(c, MS_MEMBER_ROLE_STANDBY, list_promotable(r, FALSE, NULL, TRUE), on_s))
        return TRUE;
    if (spread(r, c, on_v, TRUE))
        return TRUE;
    if (off_v->len == 0 && on_v->len == r->voters && off_s->len == 0 && on_s->len == r->standbys &&
        ev_v->len == 0 && ev_s->len == 0)
        return FALSE;
    /* phase 4 (:942-965) */
    if (on_v->len < r->voters) {
        g_autoptr(GPtrArray) ev = only_evacuated(r, on_v, TRUE);
        if (promote_or(c, MS_MEMBER_ROLE_VOTER, list_promotable(r, TRUE, NULL, TRUE), on_v))
            return TRUE;
        if (ev->len > 0)
            return change(c, MS_MEMBER_ROLE_SPARE, g_ptr_array_ref(ev), FALSE);
    }
    if (on_v->len > r->voters)
        return change(c, MS_MEMBER_ROLE_SPARE, evacuated_first(r, demotable(r, on_v, TRUE)), FALSE);
    if (off_v->len > 0)
        return change(c, MS_MEMBER_ROLE_SPARE, g_ptr_array_ref(off_v), TRUE);
    /* phase 7 (:1003-1028) */
    if (on_s->len < r->standbys) {
        if (promote_or(c, MS_MEMBER_ROLE_STANDBY, list_promotable(r, FALSE, NULL, TRUE), on_s))
            return TRUE;
        if (ev_s->len > 0)
            return change(c, MS_MEMBER_ROLE_SPARE, g_ptr_array_ref(ev_s), TRUE);
        if (ev_v->len == 0)
            return FALSE;
    }
    if (on_s->len > r->standbys)
        return change(c, MS_MEMBER_ROLE_SPARE, evacuated_first(r, demotable(r, on_s, FALSE)), FALSE);
    if (off_s->len > 0)
        return change(c, MS_MEMBER_ROLE_SPARE, g_ptr_array_ref(off_s), TRUE);
    /* phase 10 (:1068-1085) */
    {
        g_autoptr(GPtrArray) ev = only_evacuated(r, on_v, TRUE);
        if (ev->len > 0)
            return change(c, MS_MEMBER_ROLE_SPARE, g_ptr_array_ref(ev), TRUE);
        if (ev_s->len > 0)
            return change(c, MS_MEMBER_ROLE_SPARE, g_ptr_array_ref(ev_s), TRUE);
    }
    c->transfer = r->leader != NULL && evacuated(r, r->leader) && r->leader->role == MS_MEMBER_ROLE_VOTER;
    return FALSE;
}

MsMember *
ms_roles_leader(const MsCluster *cluster)
{
    MsMember *first = NULL;

    for (guint i = 0; i < cluster->members->len; i++) {
        MsMember *m = cluster->members->pdata[i];
        if (m->leader)
            return m;
        if (first == NULL && m->role == MS_MEMBER_ROLE_VOTER)
            first = m;
    }
    return first;
}

/* A new raft leader among the reachable voters (not evacuated ones on
 * 6.9's transfer); any of them may win.  FALSE without quorum. */
static gboolean
elect(Round *r, gboolean skip_evacuated, MsOutcome *outcome)
{
    guint voters = 0;
    g_autoptr(GPtrArray) up = list(r, MS_MEMBER_ROLE_VOTER, TRUE, NULL, skip_evacuated);
    MsMember *old = r->leader;

    for (guint i = 0; i < r->cluster->members->len; i++)
        voters += ((MsMember *) r->cluster->members->pdata[i])->role == MS_MEMBER_ROLE_VOTER;
    for (guint i = up->len; i-- > 0;)
        if (up->pdata[i] == old)
            g_ptr_array_remove_index(up, i);
    if (up->len == 0 || 2 * (up->len + (old != NULL && reachable(old) ? 1 : 0)) <= voters)
        return FALSE;
    for (guint i = 0; i < r->cluster->members->len; i++)
        ((MsMember *) r->cluster->members->pdata[i])->leader = FALSE;
    r->leader = up->pdata[0];
    r->leader->leader = TRUE;
    for (guint i = 1; i < up->len; i++)
        ((MsMember *) up->pdata[i])->maybe |= MS_MEMBER_MAYBE_LEADER;
    if (outcome != NULL)
        ms_outcome_add_note(
            outcome, "database leader: %s -> %s%s", old != NULL ? old->name : "(none)", r->leader->name,
            up->len <= 1     ? ""
            : skip_evacuated ? " (transfer: LXD picks the first reachable voter its dqlite client lists, "
                               "lxd/cluster/gateway.go:486-526 at lxd-6.9; any is accepted)"
                             : " (or any other reachable voter: raft election)");
    return TRUE;
}

void
ms_roles_leader_leaving(MsCluster *cluster, MsMember *member, MsOutcome *outcome)
{
    if (member != ms_roles_leader(cluster))
        return;
    member->leader = FALSE;
    if (cluster->members->len != 2)
        return;
    for (guint i = 0; i < cluster->members->len; i++) {
        MsMember *other = cluster->members->pdata[i];
        if (other == member || other->role == MS_MEMBER_ROLE_VOTER)
            continue;
        if (outcome != NULL)
            ms_outcome_add_note(outcome,
                                "database role: %s %s -> voter (the leader of a two-member cluster "
                                "promotes the other member before it leaves)",
                                other->name, ms_member_role_to_string(other->role));
        other->role = MS_MEMBER_ROLE_VOTER;
        other->maybe = 0;
    }
}

void
ms_roles_after_leader_removed(MsCluster *cluster, const MsProfile *profile, MsOutcome *outcome)
{
    /* the removed leader took its flag with it: no member has it now */
    Round r = { cluster, profile, config_uint(cluster, "cluster.max_voters", 3),
                config_uint(cluster, "cluster.max_standby", 2), NULL };

    for (guint i = 0; i < cluster->members->len; i++)
        if (((MsMember *) cluster->members->pdata[i])->leader)
            return;
    (void) elect(&r, FALSE, outcome);
}

/* The trigger of the heartbeat round's rebalance (lxd/daemon.go:2146-2180
 * at lxd-5.0.2): an OFFLINE member holding a role, or fewer online voters
 * or stand-bys than wanted (5.21.5+ and 6.7+: or more, "!=",
 * lxd/daemon.go:2614 at lxd-5.21.5; 6.9: or an evacuated member holding a
 * role, lxd/daemon.go:2808). */
static gboolean
needs_rebalance(const Round *r)
{
    guint voters = 0, standbys = 0;
    gboolean degraded = FALSE, evacuated_role = FALSE;
    gboolean exact = ms_profile_has(r->profile, MS_FEATURE_ROLES_TRIGGER_EXACT);

    for (guint i = 0; i < r->cluster->members->len; i++) {
        const MsMember *m = r->cluster->members->pdata[i];
        if (m->status == MS_MEMBER_OFFLINE) {
            degraded |= m->role != MS_MEMBER_ROLE_SPARE;
            continue;
        }
        voters += m->role == MS_MEMBER_ROLE_VOTER;
        standbys += m->role == MS_MEMBER_ROLE_STANDBY;
        evacuated_role |= evacuated(r, m) && m->role != MS_MEMBER_ROLE_SPARE;
    }
    if (exact)
        return degraded || evacuated_role || voters != r->voters || standbys != r->standbys;
    return degraded || voters < r->voters || standbys < r->standbys;
}

static void
apply_change(Round *r, const Change *c, MsOutcome *outcome)
{
    MsMember *pick = c->choices->pdata[0];
    g_autoptr(GString) others = g_string_new(NULL);

    (void) r;
    if (!c->every)
        for (guint i = 1; i < c->choices->len; i++) {
            MsMember *m = c->choices->pdata[i];
            m->maybe |= BIT(c->role);
            g_string_append_printf(others, ", %s", m->name);
        }
    /* the pick keeps its old role in the orders where another was picked;
     * a change LXD always makes leaves nothing else possible */
    if (!c->every && c->choices->len > 1)
        pick->maybe |= BIT(pick->role);
    if (outcome != NULL && others->len > 0)
        ms_outcome_add_note(outcome, "database role: %s %s -> %s (LXD picks one of %s%s: Go map order)",
                            pick->name, ms_member_role_to_string(pick->role),
                            ms_member_role_to_string(c->role), pick->name, others->str);
    else if (outcome != NULL)
        ms_outcome_add_note(outcome, "database role: %s %s -> %s", pick->name,
                            ms_member_role_to_string(pick->role), ms_member_role_to_string(c->role));
    pick->role = c->role;
}

/* Raft commits an entry (a role change too) only when more than half of
 * the voters answer.  @lost (nullable) gets the names of the others. */
static gboolean
has_quorum(const MsCluster *cluster, GString *lost, guint *n_voters)
{
    guint voters = 0, unreachable = 0;

    for (guint i = 0; i < cluster->members->len; i++) {
        const MsMember *m = cluster->members->pdata[i];

        if (m->role != MS_MEMBER_ROLE_VOTER)
            continue;
        voters++;
        if (!reachable(m)) {
            if (lost != NULL)
                g_string_append_printf(lost, "%s%s", unreachable > 0 ? ", " : "", m->name);
            unreachable++;
        }
    }
    if (n_voters != NULL)
        *n_voters = voters;
    return unreachable == 0 || 2 * (voters - unreachable) > voters;
}

char *
ms_roles_quorum_loss(const MsCluster *cluster)
{
    g_autoptr(GString) lost = NULL;
    guint voters = 0;

    /* every command asks: build the names only when the quorum is lost */
    if (has_quorum(cluster, NULL, NULL))
        return NULL;
    lost = g_string_new(NULL);
    has_quorum(cluster, lost, &voters);
    g_string_append_printf(lost, " of %u voter%s", voters, voters == 1 ? "" : "s");
    return g_string_free(g_steal_pointer(&lost), FALSE);
}

void
ms_roles_heartbeat(MsCluster *cluster, const MsProfile *profile, MsOutcome *outcome)
{
    Round r = { cluster, profile, config_uint(cluster, "cluster.max_voters", 3),
                config_uint(cluster, "cluster.max_standby", 2), ms_roles_leader(cluster) };
    gboolean v69 = ms_profile_has(profile, MS_FEATURE_ROLES_EVACUATED);

    if (cluster->members->len < 2 || r.leader == NULL)
        return;
    if (!reachable(r.leader) && !elect(&r, FALSE, outcome))
        return;
    /* a role change is a raft configuration entry: without a majority of
     * the voters it is never committed */
    if (!has_quorum(cluster, NULL, NULL))
        return;
    /* 6.9 hands the leadership over before it evacuates the leader
     * (ensureEvacuationLeadershipHandover, lxd/api_cluster_member.go:
     * 1681-1727, 1760-1769 at lxd-6.9); with no other voter it cannot */
    if (v69 && evacuated(&r, r.leader))
        (void) elect(&r, TRUE, outcome);
    if (!needs_rebalance(&r))
        return;
    /* every call changes one member, and the roles converge: bounded by
     * one demotion and one promotion per member and role */
    for (guint round = 0; round < 4 * cluster->members->len + 4; round++) {
        Change c = { 0 };
        gboolean changed = v69 ? adjust_69(&r, &c) : adjust(&r, &c);
        if (!changed && c.transfer && elect(&r, TRUE, outcome))
            continue;
        if (!changed)
            break;
        apply_change(&r, &c, outcome);
        g_ptr_array_unref(c.choices);
    }
}

gboolean
ms_roles_parse(const char *text, guint *bit)
{
    /* clang-format off */
    static const struct { const char *name; guint bit; } names[] = {
        { "voter", BIT(MS_MEMBER_ROLE_VOTER) }, { "database", BIT(MS_MEMBER_ROLE_VOTER) },
        { "database-voter", BIT(MS_MEMBER_ROLE_VOTER) },
        { "stand-by", BIT(MS_MEMBER_ROLE_STANDBY) }, { "standby", BIT(MS_MEMBER_ROLE_STANDBY) },
        { "database-standby", BIT(MS_MEMBER_ROLE_STANDBY) },
        { "spare", BIT(MS_MEMBER_ROLE_SPARE) },
        { "leader", MS_MEMBER_MAYBE_LEADER }, { "database-leader", MS_MEMBER_MAYBE_LEADER },
    };
    /* clang-format on */
    for (guint i = 0; i < G_N_ELEMENTS(names); i++)
        if (g_str_equal(text, names[i].name)) {
            *bit = names[i].bit;
            return TRUE;
        }
    return FALSE;
}

gboolean
ms_roles_member_may_have(const MsCluster *cluster, const MsMember *member, guint bit)
{
    if (bit == MS_MEMBER_MAYBE_LEADER)
        return member == ms_roles_leader(cluster) || (member->maybe & bit) != 0;
    return BIT(member->role) == bit || (member->maybe & bit) != 0;
}

GPtrArray *
ms_roles_api(const MsCluster *cluster, const MsProfile *profile, const MsMember *member)
{
    GPtrArray *roles = g_ptr_array_new();
    gboolean leader = member == ms_roles_leader(cluster);
    gboolean voter_name = profile != NULL && ms_profile_has(profile, MS_FEATURE_ROLES_VOTER_NAME);

    if (leader)
        g_ptr_array_add(roles, (char *) "database-leader");
    if (member->role == MS_MEMBER_ROLE_VOTER && voter_name && !leader)
        g_ptr_array_add(roles, (char *) "database-voter");
    else if (member->role == MS_MEMBER_ROLE_VOTER && !voter_name)
        g_ptr_array_add(roles, (char *) "database");
    else if (member->role == MS_MEMBER_ROLE_STANDBY)
        g_ptr_array_add(roles, (char *) "database-standby");
    return roles;
}

char *
ms_roles_describe(const MsCluster *cluster)
{
    GString *out = g_string_new(NULL);
    const MsMember *leader = ms_roles_leader(cluster);

    for (guint i = 0; i < cluster->members->len; i++) {
        const MsMember *m = cluster->members->pdata[i];
        g_string_append_printf(out, "%s%s=%s%s", i ? " " : "", m->name, ms_member_role_to_string(m->role),
                               m == leader ? "+leader" : "");
    }
    return g_string_free(out, FALSE);
}
