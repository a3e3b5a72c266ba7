/* migsim: JUnit XML for CI systems.  Messages may carry quotes, control
 * characters or ANSI escapes (captured lxc output): ms_xml_escape makes them
 * valid XML 1.0, which g_markup_escape_text alone does not. */
#include "ms-report-writers.h"

#include "ms-escape.h"

#include <string.h>

char *
ms_xml_escape(const char *text)
{
    GString *out = g_string_new(NULL);
    const char *p = text ? text : "";

    while (*p != '\0') {
        gunichar ch = g_utf8_get_char_validated(p, -1);
        if (ch == (gunichar) -1 || ch == (gunichar) -2) {
            g_string_append(out, "\xEF\xBF\xBD");
            p++;
            continue;
        }
        if (ch == 0x1b) {
            /* CSI sequences: ESC [ parameters final-byte */
            const char *q = p + 1;
            if (*q == '[') {
                q++;
                while (*q != '\0' && !(*q >= 0x40 && *q <= 0x7e))
                    q++;
                if (*q != '\0')
                    q++;
            }
            p = q;
            continue;
        }
        if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')
            g_string_append(out, "\xEF\xBF\xBD");
        else if (ch == '&')
            g_string_append(out, "&amp;");
        else if (ch == '<')
            g_string_append(out, "&lt;");
        else if (ch == '>')
            g_string_append(out, "&gt;");
        else if (ch == '"')
            g_string_append(out, "&quot;");
        else if (ch == '\'')
            g_string_append(out, "&apos;");
        else if (ch == 0xFFFE || ch == 0xFFFF)
            g_string_append(out, "\xEF\xBF\xBD");
        else if (ch >= 0x7f && ms_escape_needed(ch))
            /* DEL, C1 controls, invisible and bidi format characters: shown,
             * so that a name cannot hide or reorder what follows it */
            g_string_append_printf(out, "\\u{%04X}", ch);
        else
            g_string_append_unichar(out, ch);
        p = g_utf8_next_char(p);
    }
    return g_string_free(out, FALSE);
}

char *
ms_report_junit(GPtrArray *results)
{
    GString *out = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    guint tests = 0, failures = 0;

    for (guint i = 0; i < results->len; i++) {
        const MsScenarioResult *r = results->pdata[i];
        tests += r->n_commands + r->n_checks;
        failures += r->n_failed;
    }
    g_string_append_printf(out, "<testsuites name=\"migsim\" tests=\"%u\" failures=\"%u\" errors=\"0\">\n",
                           tests, failures);
    for (guint i = 0; i < results->len; i++) {
        const MsScenarioResult *r = results->pdata[i];
        g_autofree char *path = ms_xml_escape(r->path);
        g_autofree char *release = ms_xml_escape(r->profile->name);

        g_string_append_printf(out,
                               "  <testsuite name=\"%s [%s]\" tests=\"%u\" failures=\"%u\" errors=\"0\" "
                               "skipped=\"0\" time=\"0\">\n",
                               path, release, r->n_commands + r->n_checks, r->n_failed);
        for (guint s = 0; s < r->steps->len; s++) {
            const MsStepResult *st = r->steps->pdata[s];
            g_autofree char *name = NULL;

            /* a directive is a test only when it could not be applied; a
             * check for other releases is no test of this one */
            if ((st->kind == MS_RESULT_DIRECTIVE && st->met) || st->not_applicable)
                continue;
            name = ms_xml_escape(st->text);
            /* CI systems identify a test by class and name: the release is
             * part of it, so the runs of --all-profiles stay apart */
            g_string_append_printf(out, "    <testcase classname=\"%s [%s]\" name=\"line %u: %s\" time=\"0\"",
                                   path, release, st->line, name);
            if (st->met) {
                g_string_append(out, "/>\n");
                continue;
            }
            {
                g_autofree char *message = ms_xml_escape(st->mismatch);
                g_autofree char *expected = ms_xml_escape(st->expected);
                /* the same words as the expectation, so a reader can compare
                 * the two lines: "Error: …" on both sides */
                g_autofree char *error = st->outcome != NULL && !st->outcome->ok
                                             ? g_strconcat("Error: ", st->outcome->client_error, NULL)
                                             : NULL;
                g_autofree char *actual = ms_xml_escape(st->outcome == NULL ? st->mismatch
                                                        : st->outcome->ok   ? "ok"
                                                                            : error);
                g_string_append_printf(out,
                                       ">\n      <failure message=\"%s\" type=\"expectation\">expected: "
                                       "%s\nactual: %s</failure>\n    </testcase>\n",
                                       message, expected, actual);
            }
        }
        g_string_append(out, "  </testsuite>\n");
    }
    g_string_append(out, "</testsuites>\n");
    return g_string_free(out, FALSE);
}
