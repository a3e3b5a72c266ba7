/* Canned LXD replies for the fuzz targets: the input is a sequence of
 * replies separated by a line "%%"; the Nth request gets the Nth reply,
 * whatever it asks for.  A reply may start with a line "HTTP NNN" (its
 * status; 200 otherwise).  Past the last reply the connection drops. */
#pragma once

#include <glib.h>
#include <string.h>

typedef struct {
    const char *data;
    gsize size;
    gsize at; /* next unread byte */
} MsFuzzCanned;

static gboolean
ms_fuzz_canned_reply(const char *method, const char *path, guint *http_status, GByteArray *body,
                     gpointer user_data)
{
    MsFuzzCanned *c = user_data;
    const char *start = c->data + c->at, *end = c->data + c->size, *stop;
    static const char separator[] = "\n%%\n";

    (void) method;
    (void) path;
    if (c->at > c->size || (c->at == c->size && c->size > 0))
        return FALSE;
    stop = g_strstr_len(start, end - start, separator);
    if (stop == NULL)
        stop = end;
    c->at = stop == end ? c->size + 1 : (gsize) (stop - c->data) + strlen(separator);
    *http_status = 200;
    if (end - start > 9 && memcmp(start, "HTTP ", 5) == 0 && g_ascii_isdigit(start[5]) &&
        g_ascii_isdigit(start[6]) && g_ascii_isdigit(start[7]) && start[8] == '\n') {
        *http_status = (guint) ((start[5] - '0') * 100 + (start[6] - '0') * 10 + (start[7] - '0'));
        start += 9;
    }
    if (stop > start)
        g_byte_array_append(body, (const guint8 *) start, stop - start);
    return TRUE;
}
