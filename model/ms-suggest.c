/* migsim: "did you mean" (ms-suggest.h). */
#include "ms-suggest.h"

#include <string.h>

guint
ms_levenshtein(const char *a, const char *b)
{
    return ms_levenshtein_within(a, b, G_MAXUINT - 1);
}

/* The bound keeps a suggestion for a long argument cheap: the fuzzer's
 * 4 KiB command lines made the full table, once per verb, most of its
 * time.  The distance is at least the difference of the lengths, and
 * never falls below a row's smallest cell, so either exceeding @bound
 * ends the count. */
guint
ms_levenshtein_within(const char *a, const char *b, guint bound)
{
    gsize n = strlen(a), m = strlen(b);
    guint stack_row[64];
    g_autofree guint *heap_row = NULL;
    guint *row = stack_row;

    bound = MIN(bound, G_MAXUINT - 1);
    if ((n > m ? n - m : m - n) > bound)
        return bound + 1;
    if (m + 1 > G_N_ELEMENTS(stack_row))
        row = heap_row = g_new(guint, m + 1);
    for (gsize j = 0; j <= m; j++)
        row[j] = j;
    for (gsize i = 1; i <= n; i++) {
        guint diagonal = row[0], smallest;

        row[0] = i;
        smallest = row[0];
        for (gsize j = 1; j <= m; j++) {
            guint above = row[j];
            guint cost = a[i - 1] == b[j - 1] ? 0 : 1;

            row[j] = MIN(MIN(row[j] + 1, row[j - 1] + 1), diagonal + cost);
            smallest = MIN(smallest, row[j]);
            diagonal = above;
        }
        if (smallest > bound)
            return bound + 1;
    }
    return MIN(row[m], bound + 1);
}

const char *
ms_suggest(const char *word, GPtrArray *candidates)
{
    gsize length = strlen(word);

    return ms_suggest_within(word, candidates, length < 5 ? 1 : length / 3);
}

const char *
ms_suggest_within(const char *word, GPtrArray *candidates, guint limit)
{
    const char *best = NULL;
    guint best_distance = G_MAXUINT;

    for (guint i = 0; i < candidates->len; i++) {
        const char *candidate = candidates->pdata[i];
        guint d;

        if (g_str_equal(candidate, word))
            return NULL;
        /* only a candidate both close enough and closer than the best
         * so far can change the answer */
        d = ms_levenshtein_within(word, candidate, MIN(limit, best_distance - 1));
        if (d < best_distance && d <= limit) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

char *
ms_suggest_hint(const char *word, GPtrArray *candidates)
{
    const char *best = ms_suggest(word, candidates);

    return best != NULL ? g_strdup_printf(" (did you mean '%s'?)", best) : g_strdup("");
}
