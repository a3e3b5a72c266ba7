/* migsim: escaping for terminal and text output (ms-escape.h). */
#include "ms-escape.h"

#include <string.h>

gboolean
ms_escape_needed(gunichar ch)
{
    return ch < 0x20 || (ch >= 0x7f && ch < 0xa0) || (ch >= 0x200b && ch <= 0x200f) ||
           (ch >= 0x202a && ch <= 0x202e) || (ch >= 0x2060 && ch <= 0x2069) || ch == 0xfeff;
}

/* Length of the clean prefix of @text: valid UTF-8 without characters to
 * escape. */
static gsize
clean_prefix(const char *text)
{
    const char *p = text;
    const char *words_end = text + (strlen(text) & ~(gsize) 7);
    const guint64 ones = G_GUINT64_CONSTANT(0x0101010101010101), highs = ones * 0x80;

    /* eight bytes at a time while all are printable ASCII (0x20-0x7e): a
     * way's result at issue 18's size names 15,000 refusers in 148 KB, a
     * thousand of them in one preflight's text.  A byte below 0x20 makes
     * (byte - 0x20) borrow into its high bit; one above 0x7e has its high
     * bit set in (byte + 1) | byte.  Loaded with memcpy, within the string
     * (strlen), so no read goes past its end. */
    while (p < words_end) {
        guint64 w;

        memcpy(&w, p, sizeof w);
        if ((((w - ones * 0x20) & ~w) | ((w + ones) | w)) & highs)
            break;
        p += sizeof w;
    }
    while (*p != '\0') {
        gunichar ch;

        /* printable ASCII, nearly all of a report, is one valid byte
         * ms_escape_needed passes (a preflight's text at issue 18's size
         * is 110 MB, each byte decoded here) */
        if ((guchar) *p >= 0x20 && (guchar) *p < 0x7f) {
            p++;
            continue;
        }
        ch = g_utf8_get_char_validated(p, -1);
        if (ch == (gunichar) -1 || ch == (gunichar) -2 || ms_escape_needed(ch))
            break;
        p = g_utf8_next_char(p);
    }
    return p - text;
}

char *
ms_escape_text(const char *text)
{
    GString *out;
    const char *p;
    gsize clean;

    if (text == NULL)
        return NULL;
    clean = clean_prefix(text);
    if (text[clean] == '\0')
        return g_strdup(text);
    out = g_string_new_len(text, clean);
    for (p = text + clean; *p != '\0';) {
        gunichar ch = g_utf8_get_char_validated(p, -1);

        if (ch == (gunichar) -1 || ch == (gunichar) -2) {
            g_string_append_printf(out, "\\x%02x", (guchar) *p);
            p++;
            continue;
        }
        if (ch < 0x100 && ms_escape_needed(ch))
            g_string_append_printf(out, "\\x%02x", ch);
        else if (ms_escape_needed(ch))
            g_string_append_printf(out, "\\u{%04X}", ch);
        else
            g_string_append_len(out, p, g_utf8_next_char(p) - p);
        p = g_utf8_next_char(p);
    }
    return g_string_free(out, FALSE);
}

char *
ms_escape_lines(const char *text)
{
    g_auto(GStrv) lines = NULL;

    if (text == NULL)
        return NULL;
    lines = g_strsplit(text, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        char *visible = ms_escape_text(lines[i]);
        g_free(lines[i]);
        lines[i] = visible;
    }
    return g_strjoinv("\n", lines);
}

const char *
ms_escape_keep(GPtrArray *keep, const char *text)
{
    if (text == NULL || text[clean_prefix(text)] == '\0')
        return text;
    g_ptr_array_add(keep, ms_escape_text(text));
    return keep->pdata[keep->len - 1];
}

char *
ms_shell_word(const char *word)
{
    static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-";

    if (*word != '\0' && strspn(word, safe) == strlen(word))
        return g_strdup(word);
    return g_shell_quote(word);
}
