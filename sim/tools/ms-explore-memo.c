/* migsim: the explorer's memo of transitions (see ms-explore.h).
 *
 * Iterative deepening applies, at each new depth limit, every command the
 * previous limit applied, from the same states: about half the work of a
 * run repeats a transition it has already computed.  The model is pure and
 * a state is known by its canonical hash (the seen-sets already rest on
 * that), so (parent hash, command) decides the child's hash and what the
 * invariants report; the memo keeps those and the search applies the
 * command only when it needs the child state itself (to expand it). */
#include "ms-explore.h"

#include "ms-cluster-hash.h"

/* A memo stops growing at this many slots (24 bytes each, 48 MiB): a
 * longer search only computes more transitions itself, with the same
 * result. */
#define MEMO_MAX_SLOTS ((gsize) 1 << 21)

typedef struct {
    guint64 parent;
    guint64 child;
    guint32 op;       /* the command's alphabet index + 1; 0: empty slot */
    guint32 findings; /* 0: none; else index + 1 into MsExploreMemo.findings */
} MemoEntry;

struct _MsExploreMemo {
    GMutex lock; /* around every lookup and insert: threads share a memo */
    MemoEntry *slots;
    gsize mask;
    gsize used;
    GPtrArray *findings; /* (element-type GPtrArray of MsFinding) */
};

static void
finding_free(MsFinding *finding)
{
    ms_finding_clear(finding);
    g_free(finding);
}

MsExploreMemo *
ms_explore_memo_new(void)
{
    MsExploreMemo *memo = g_new0(MsExploreMemo, 1);

    memo->slots = g_new0(MemoEntry, 1 << 12);
    memo->mask = (1 << 12) - 1;
    memo->findings = g_ptr_array_new_with_free_func((GDestroyNotify) g_ptr_array_unref);
    g_mutex_init(&memo->lock);
    return memo;
}

void
ms_explore_memo_free(MsExploreMemo *memo)
{
    if (memo == NULL)
        return;
    g_mutex_clear(&memo->lock);
    g_free(memo->slots);
    g_ptr_array_unref(memo->findings);
    g_free(memo);
}

static gsize
slot_of(const MsExploreMemo *memo, guint64 parent, guint op)
{
    return ms_hash_mix(parent + (guint64) op * 0x9e3779b97f4a7c15ULL) & memo->mask;
}

static void
memo_lock(MsExploreMemo *memo)
{
    g_mutex_lock(&memo->lock);
    MS_TSAN_ACQUIRE(&memo->lock);
}

static void
memo_unlock(MsExploreMemo *memo)
{
    MS_TSAN_RELEASE(&memo->lock);
    g_mutex_unlock(&memo->lock);
}

gboolean
ms_explore_memo_lookup(const MsExploreMemo *memo, guint64 parent, guint op, guint64 *child,
                       const GPtrArray **findings)
{
    MsExploreMemo *locked = (MsExploreMemo *) memo;
    gboolean known = FALSE;

    memo_lock(locked);
    for (gsize at = slot_of(memo, parent, op); memo->slots[at].op != 0; at = (at + 1) & memo->mask) {
        const MemoEntry *entry = &memo->slots[at];
        if (entry->parent == parent && entry->op == op + 1) {
            *child = entry->child;
            *findings = entry->findings != 0 ? memo->findings->pdata[entry->findings - 1] : NULL;
            known = TRUE;
            break;
        }
    }
    memo_unlock(locked);
    return known;
}

static void
memo_grow(MsExploreMemo *memo)
{
    MemoEntry *old = memo->slots;
    gsize old_size = memo->mask + 1;

    memo->slots = g_new0(MemoEntry, old_size * 2);
    memo->mask = old_size * 2 - 1;
    for (gsize i = 0; i < old_size; i++) {
        gsize at;
        if (old[i].op == 0)
            continue;
        for (at = slot_of(memo, old[i].parent, old[i].op - 1); memo->slots[at].op != 0;
             at = (at + 1) & memo->mask)
            ;
        memo->slots[at] = old[i];
    }
    g_free(old);
}

void
ms_explore_memo_insert(MsExploreMemo *memo, guint64 parent, guint op, guint64 child, GPtrArray *findings)
{
    gsize at;

    memo_lock(memo);
    if ((memo->used + 1) * 4 > (memo->mask + 1) * 3) {
        if (memo->mask + 1 >= MEMO_MAX_SLOTS) {
            memo_unlock(memo);
            g_clear_pointer(&findings, g_ptr_array_unref);
            return;
        }
        memo_grow(memo);
    }
    for (at = slot_of(memo, parent, op); memo->slots[at].op != 0; at = (at + 1) & memo->mask)
        if (memo->slots[at].parent == parent && memo->slots[at].op == op + 1) {
            memo_unlock(memo);
            /* another thread's insert of the same transition: the same findings */
            g_clear_pointer(&findings, g_ptr_array_unref);
            return;
        }
    memo->slots[at].parent = parent;
    memo->slots[at].child = child;
    memo->slots[at].op = op + 1;
    memo->slots[at].findings = 0;
    if (findings != NULL) {
        g_ptr_array_add(memo->findings, findings);
        memo->slots[at].findings = memo->findings->len;
    }
    memo->used++;
    memo_unlock(memo);
}

GPtrArray *
ms_explore_memo_findings_new(void)
{
    return g_ptr_array_new_with_free_func((GDestroyNotify) finding_free);
}
