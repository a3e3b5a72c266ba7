/* migsim: "did you mean" (ms-suggest.h). */
#include "ms-suggest.h"

#include <string.h>

guint
ms_levenshtein(const char *a, const char *b)
{
    gsize n = strlen(a), m = strlen(b);
    g_autofree guint *row = g_new(guint, m + 1);

    for (gsize j = 0; j <= m; j++)
        row[j] = j;
    for (gsize i = 1; i <= n; i++) {
        guint diagonal = row[0];
        row[0] = i;
        for (gsize j = 1; j <= m; j++) {
            guint above = row[j];
            guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[j] = MIN(MIN(row[j] + 1, row[j - 1] + 1), diagonal + cost);
            diagonal = above;
        }
    }
    return row[m];
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
        d = ms_levenshtein(word, candidate);
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best_distance <= limit ? best : NULL;
}

char *
ms_suggest_hint(const char *word, GPtrArray *candidates)
{
    const char *best = ms_suggest(word, candidates);

    return best != NULL ? g_strdup_printf(" (did you mean '%s'?)", best) : g_strdup("");
}
