/* migsim: word-level diff (ms-word-diff.h). */
#include "ms-word-diff.h"

#include <string.h>

#define MAX_WORDS 4000

static void
piece_free(MsDiffPiece *piece)
{
    g_free(piece->text);
    g_free(piece);
}

/* Words of @text, each with the white space before it, so that joining
 * the pieces of one side gives the text back. */
static GPtrArray *
split_words(const char *text)
{
    GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
    const char *p = text;

    while (*p != '\0') {
        const char *start = p;
        while (*p != '\0' && g_ascii_isspace(*p))
            p++;
        while (*p != '\0' && !g_ascii_isspace(*p))
            p++;
        g_ptr_array_add(words, g_strndup(start, p - start));
    }
    return words;
}

/* The word without its leading white space: what is compared. */
static const char *
bare(const char *word)
{
    while (g_ascii_isspace(*word))
        word++;
    return word;
}

static void
push(GPtrArray *pieces, MsDiffOp op, const char *word)
{
    MsDiffPiece *last = pieces->len > 0 ? pieces->pdata[pieces->len - 1] : NULL;

    if (last != NULL && last->op == op) {
        char *joined = g_strconcat(last->text, word, NULL);
        g_free(last->text);
        last->text = joined;
        return;
    }
    last = g_new0(MsDiffPiece, 1);
    last->op = op;
    last->text = g_strdup(word);
    g_ptr_array_add(pieces, last);
}

GPtrArray *
ms_word_diff(const char *expected, const char *actual)
{
    g_autoptr(GPtrArray) a = NULL, b = NULL;
    g_autofree guint *table = NULL;
    GPtrArray *pieces;
    guint n, m, i = 0, j = 0;

    if (expected == NULL || actual == NULL || g_str_equal(expected, actual))
        return NULL;
    a = split_words(expected);
    b = split_words(actual);
    n = a->len;
    m = b->len;
    if (n > MAX_WORDS || m > MAX_WORDS)
        return NULL;
    /* table[i][j] = length of the LCS of a[i..] and b[j..] */
    table = g_new0(guint, (gsize) (n + 1) * (m + 1));
#define T(x, y) table[(gsize) (x) * (m + 1) + (y)]
    for (guint x = n; x-- > 0;)
        for (guint y = m; y-- > 0;)
            T(x, y) = g_str_equal(bare(a->pdata[x]), bare(b->pdata[y])) ? T(x + 1, y + 1) + 1
                                                                        : MAX(T(x + 1, y), T(x, y + 1));
    if (T(0, 0) == 0)
        return NULL;
    pieces = g_ptr_array_new_with_free_func((GDestroyNotify) piece_free);
    while (i < n || j < m) {
        if (i < n && j < m && g_str_equal(bare(a->pdata[i]), bare(b->pdata[j]))) {
            push(pieces, MS_DIFF_SAME, b->pdata[j]);
            i++;
            j++;
        } else if (i < n && (j == m || T(i + 1, j) >= T(i, j + 1))) {
            /* removed words before added ones, as diff and git show them */
            push(pieces, MS_DIFF_REMOVED, a->pdata[i++]);
        } else {
            push(pieces, MS_DIFF_ADDED, b->pdata[j++]);
        }
    }
#undef T
    return pieces;
}

const MsDiffMarks ms_diff_marks_plain = { "[-", "-]", "{+", "+}", NULL };

static void
append_escaped(GString *out, const MsDiffMarks *marks, const char *text, gsize len)
{
    g_autofree char *piece = g_strndup(text, len);

    if (marks->escape != NULL)
        marks->escape(out, piece);
    else
        g_string_append(out, piece);
}

void
ms_word_diff_append(GString *out, const GPtrArray *pieces, const MsDiffMarks *marks)
{
    for (guint k = 0; k < pieces->len; k++) {
        const MsDiffPiece *piece = pieces->pdata[k];
        const char *word = piece->text;
        const char *body = bare(word);
        gboolean removed = piece->op == MS_DIFF_REMOVED;

        /* a word keeps the white space before it in its own text; the
         * first word of one text after a word only in the other has none,
         * but two words always stood apart */
        if (k > 0 && body == word)
            g_string_append_c(out, ' ');
        if (piece->op == MS_DIFF_SAME) {
            append_escaped(out, marks, word, strlen(word));
            continue;
        }
        append_escaped(out, marks, word, body - word);
        g_string_append(out, removed ? marks->removed_open : marks->added_open);
        append_escaped(out, marks, body, strlen(body));
        g_string_append(out, removed ? marks->removed_close : marks->added_close);
    }
}

char *
ms_word_diff_text(const char *expected, const char *actual)
{
    g_autoptr(GPtrArray) pieces = ms_word_diff(expected, actual);
    GString *out;

    if (pieces == NULL)
        return NULL;
    out = g_string_new(NULL);
    ms_word_diff_append(out, pieces, &ms_diff_marks_plain);
    return g_string_free(out, FALSE);
}
