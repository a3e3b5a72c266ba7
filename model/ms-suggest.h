/* migsim: "did you mean" for names typed by hand (commands, options,
 * directives, assertion fields, releases): the closest name of a table by
 * Levenshtein distance.  Pure. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Edits (insert, delete, substitute one byte) turning @a into @b. */
guint ms_levenshtein(const char *a, const char *b);
/* ms_levenshtein when it is at most @bound, else @bound + 1, in time
 * bounded by the shorter string's length times the longer one's only
 * while the lengths differ by at most @bound. */
guint ms_levenshtein_within(const char *a, const char *b, guint bound);
/* The candidate in @candidates (element-type utf8) closest to @word, when
 * it is close enough to be a typo: at most 1 edit for words under 5 bytes,
 * else at most a third of the word's length; the first of equals; NULL when
 * none is close or @word is one of them. */
const char *ms_suggest(const char *word, GPtrArray *candidates);
/* ms_suggest with at most @max_distance edits (release names: 1, since
 * "lxd-4.0" is no typo of "lxd-5.1"). */
const char *ms_suggest_within(const char *word, GPtrArray *candidates, guint max_distance);
/* " (did you mean 'X'?)" for ms_suggest's answer, or "" (transfer full). */
char *ms_suggest_hint(const char *word, GPtrArray *candidates);

G_END_DECLS
