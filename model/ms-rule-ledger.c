/* migsim: rejections, the rule ledger (pass and fail counts per rule) and
 * the hits of the rule checks, with where each check site is. */
#include "ms-rules.h"

#include <string.h>

void
ms_rejection_clear(MsRejection *rejection)
{
    g_clear_pointer(&rejection->message, g_free);
    g_clear_pointer(&rejection->alternatives, g_ptr_array_unref);
    rejection->rule = MS_RULE_NONE;
    rejection->http_status = 0;
}

gboolean
ms_reject_status(MsRejection *rejection, MsRuleId rule, guint http_status, char *message)
{
    g_free(rejection->message);
    rejection->rule = rule;
    rejection->http_status = http_status;
    rejection->message = message;
    return FALSE;
}

gboolean
ms_reject(MsRejection *rejection, MsRuleId rule, char *message)
{
    guint status = rule != MS_RULE_NONE ? ms_rule_def(rule)->http_status : 0;

    return ms_reject_status(rejection, rule, status != 0 ? status : 400, message);
}

MsLedger *
ms_ledger_new(void)
{
    return g_new0(MsLedger, 1);
}

void
ms_ledger_free(MsLedger *ledger)
{
    g_free(ledger);
}

void
ms_ledger_merge(MsLedger *into, const MsLedger *from)
{
    for (guint i = 0; i < MS_RULE_LAST; i++) {
        into->pass[i] += from->pass[i];
        into->fail[i] += from->fail[i];
    }
}

void
ms_rule_hit_free(MsRuleHit *hit)
{
    if (hit == NULL)
        return;
    /* a subject ms_env_record_hit placed right after the hit goes with it */
    if (hit->subject != (char *) (hit + 1))
        g_free(hit->subject);
    g_free(hit);
}

#define HIT_ARENA_BLOCK (64 * 1024)

typedef struct HitBlock HitBlock;
struct HitBlock {
    HitBlock *next;
    gsize size; /* bytes in data */
    gsize used;
    /* hits and their subjects, each at a multiple of 8 bytes */
    guint64 data[];
};

struct MsHitArena {
    HitBlock *head; /* the block being filled; the full ones follow it */
};

MsHitArena *
ms_hit_arena_new(void)
{
    return g_new0(MsHitArena, 1);
}

void
ms_hit_arena_free(MsHitArena *arena)
{
    if (arena == NULL)
        return;
    while (arena->head != NULL) {
        HitBlock *next = arena->head->next;
        g_free(arena->head);
        arena->head = next;
    }
    g_free(arena);
}

/* @size bytes from @arena, 8-byte aligned (as a hit's pointers need) */
static gpointer
hit_arena_take(MsHitArena *arena, gsize size)
{
    HitBlock *block = arena->head;
    gpointer at;

    size = (size + 7) & ~(gsize) 7;
    if (block == NULL || block->size - block->used < size) {
        gsize data = MAX(size, (gsize) HIT_ARENA_BLOCK - sizeof(HitBlock));
        block = g_malloc(sizeof(HitBlock) + data);
        block->size = data;
        block->used = 0;
        block->next = arena->head;
        arena->head = block;
    }
    at = (char *) block->data + block->used;
    block->used += size;
    return at;
}

/* The hit and a copy of its subject in one block: preflight records about
 * 20 hits per instance it evacuates (118,159 in a 200 x 4,000 preflight),
 * and the subject's own allocation and free were 40 % of their cost
 * (docs/bench.md, session 34).  From env->hit_arena when set. */
void
ms_env_record_hit(MsEnv *env, MsRuleId rule, const char *subject, gboolean failed, const char *file,
                  guint line)
{
    gsize size = subject != NULL ? strlen(subject) + 1 : 0;
    MsRuleHit *hit = env->hit_arena != NULL ? hit_arena_take(env->hit_arena, sizeof(MsRuleHit) + size)
                                            : g_malloc(sizeof(MsRuleHit) + size);

    hit->rule = rule;
    hit->failed = failed;
    hit->subject = subject != NULL ? memcpy(hit + 1, subject, size) : NULL;
    hit->file = file;
    hit->line = line;
    g_ptr_array_add(env->hits, hit);
}

int
ms_rule_site_find(const MsRuleSite *sites, guint n_sites, MsRuleId rule, const char *file, guint line)
{
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    int best = -1;

    for (guint i = 0; i < n_sites; i++) {
        const char *site_base = strrchr(sites[i].file, '/') ? strrchr(sites[i].file, '/') + 1 : sites[i].file;
        if (sites[i].rule != rule || sites[i].line > line || !g_str_equal(site_base, base))
            continue;
        if (best < 0 || sites[i].line > sites[best].line)
            best = (int) i;
    }
    return best;
}

void
ms_env_assume(MsEnv *env, const char *fmt, ...)
{
    g_autofree char *note = NULL;
    va_list args;

    if (env->assumptions == NULL)
        return;
    va_start(args, fmt);
    note = g_strdup_vprintf(fmt, args);
    va_end(args);
    /* one disk is validated several times in one request (static, then
     * instance mode; each instance a profile reaches): say it once */
    if (!g_ptr_array_find_with_equal_func(env->assumptions, note, g_str_equal, NULL))
        g_ptr_array_add(env->assumptions, g_steal_pointer(&note));
}
