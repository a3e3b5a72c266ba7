/* migsim: a word-level diff of two texts (an expected and an actual error
 * text or output block): the longest common subsequence of their words.
 * GLib has no diff; texts are short, so a quadratic table is enough. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    MS_DIFF_SAME,
    MS_DIFF_REMOVED, /* only in the expected text */
    MS_DIFF_ADDED,   /* only in the actual text */
} MsDiffOp;

typedef struct {
    MsDiffOp op;
    char *text; /* words with the white space between them */
} MsDiffPiece;

/* The pieces turning @expected into @actual (element-type MsDiffPiece), or
 * NULL when a word diff would not help: a text is NULL, the texts are
 * equal, they share no word, or they are too long (over 4,000 words). */
GPtrArray *ms_word_diff(const char *expected, const char *actual);
/* How the changed words are marked: text around the removed and around
 * the added words, and an escape for every piece of text (NULL: as is). */
typedef struct {
    const char *removed_open, *removed_close;
    const char *added_open, *added_close;
    void (*escape)(GString *out, const char *text);
} MsDiffMarks;

/* git's --word-diff=plain markers: "[-removed-]{+added+}" */
extern const MsDiffMarks ms_diff_marks_plain;

/* Appends @pieces (from ms_word_diff) to @out with @marks; white space
 * around a changed run stays outside its markers. */
void ms_word_diff_append(GString *out, const GPtrArray *pieces, const MsDiffMarks *marks);
/* The diff as one line of text in git's --word-diff=plain form:
 * "[-removed-]{+added+}", or NULL as ms_word_diff (transfer full). */
char *ms_word_diff_text(const char *expected, const char *actual);

G_END_DECLS
