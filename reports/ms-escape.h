/* migsim: making names and texts from state files, servers and scenarios
 * safe to print.  A name may carry escape sequences, carriage returns or
 * newlines (LXD accepts them in profile, pool and volume names, a state
 * file in member names): printed raw they could forge a line such as
 * "Result: nothing would break." on a terminal.  Every writer of terminal
 * or plain-text output passes such strings through here; HTML and JUnit go
 * through ms_xml_escape, JSON through json-glib's escaping. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when @ch is shown escaped: C0 and C1 controls (newline included),
 * DEL, and the invisible format characters that reorder or hide text
 * (U+200B-U+200F, U+202A-U+202E, U+2060-U+2069, U+FEFF). */
gboolean ms_escape_needed(gunichar ch);

/* (transfer full) @text with each such character as \xNN (below U+0100)
 * or \u{XXXX}, and each byte that is not UTF-8 as \xNN; a backslash stays
 * a backslash.  NULL gives NULL. */
char *ms_escape_text(const char *text);

/* (transfer full) ms_escape_text() of each line of @text, the lines still
 * joined by '\n': for messages that list several errors, one per line
 * (each already escaped where it was made).  NULL gives NULL. */
char *ms_escape_lines(const char *text);

/* @text itself when nothing needs escaping, else the escaped copy, kept
 * alive in @keep (element-type utf8, g_free) for the caller's printf. */
const char *ms_escape_keep(GPtrArray *keep, const char *text);

/* @word as one shell word for a command a user may paste: as is when it
 * holds only [A-Za-z0-9_@%+=:,./-], else single-quoted (g_shell_quote). */
char *ms_shell_word(const char *word);

G_END_DECLS
