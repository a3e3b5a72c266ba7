/* migsim: JUnit XML for CI systems.  Messages may carry quotes, control
 * characters or ANSI escapes (captured lxc output): ms_xml_escape makes them
 * valid XML 1.0, which g_markup_escape_text alone does not. */
#include "ms-report-writers.h"

#include "ms-escape.h"
#include "ms-word-diff.h"

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

/* @text with every '.' as '_': Jenkins splits a classname at its last dot
 * into package and class, and "scenarios/x.scn" or "lxd-6.9" would split
 * inside a file name or a release. */
static char *
undotted(const char *text)
{
    char *copy = g_strdup(text);

    g_strdelimit(copy, ".", '_');
    return copy;
}

/* Does the run hold @r's file under more than one release (--all-profiles,
 * --profile repeated)?  Then the release is part of each test's class.  It
 * depends on this file only, not on the other files of the run. */
static gboolean
several_releases(GPtrArray *results, const MsScenarioResult *r)
{
    for (guint i = 0; i < results->len; i++) {
        const MsScenarioResult *other = results->pdata[i];
        if (other->profile != NULL && other->profile != r->profile && g_str_equal(other->path, r->path))
            return TRUE;
    }
    return FALSE;
}

/* The test name of step @index of @r: its text, and "#N" for its Nth
 * occurrence in the file (N > 1), so that inserting a line elsewhere
 * keeps every name (transfer full). */
static char *
step_test_name(const MsScenarioResult *r, guint index)
{
    const MsStepResult *st = r->steps->pdata[index];
    guint n = 1;

    for (guint i = 0; i < index; i++)
        n += g_str_equal(((const MsStepResult *) r->steps->pdata[i])->text, st->text);
    return n == 1 ? g_strdup(st->text) : g_strdup_printf("%s #%u", st->text, n);
}

static void
append_load_error(GString *out, const MsScenarioResult *r)
{
    g_autofree char *path = ms_xml_escape(r->path);
    g_autofree char *classname_raw = undotted(r->path);
    g_autofree char *classname = ms_xml_escape(classname_raw);
    g_autofree char *message = ms_xml_escape(r->load_error);
    /* a file's errors, one per line: a raw newline in an attribute would be
     * read as a space (XML 1.0 3.3.3) */
    g_auto(GStrv) lines = g_strsplit(message, "\n", -1);
    g_autofree char *attribute = g_strjoinv("&#10;", lines);

    g_string_append_printf(out,
                           "  <testsuite name=\"%s\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" "
                           "time=\"0\">\n    <testcase classname=\"%s\" name=\"load\" time=\"0\">\n"
                           "      <error message=\"%s\" type=\"invalid-scenario\">%s</error>\n"
                           "    </testcase>\n  </testsuite>\n",
                           path, classname, attribute, message);
}

static void
append_failure(GString *out, const MsStepResult *st)
{
    g_autofree char *message = ms_xml_escape(st->mismatch);
    g_autofree char *expected = ms_xml_escape(st->expected);
    /* the same words as the expectation, so a reader can compare the two
     * lines: "Error: …" on both sides */
    g_autofree char *error = st->outcome != NULL && !st->outcome->ok
                                 ? g_strconcat("Error: ", st->outcome->client_error, NULL)
                                 : NULL;
    const char *actual_raw = st->outcome == NULL ? st->mismatch : st->outcome->ok ? "ok" : error;
    g_autofree char *actual = ms_xml_escape(actual_raw);
    /* two error texts: a word diff shows what changed */
    g_autoptr(GPtrArray) pieces = ms_step_result_word_diff(st);
    g_autoptr(GString) words = g_string_new(NULL);
    g_autofree char *diff = NULL;

    if (pieces != NULL) {
        ms_word_diff_append(words, pieces, &ms_diff_marks_plain);
        diff = ms_xml_escape(words->str);
    }

    g_string_append_printf(out,
                           ">\n      <failure message=\"%s\" type=\"expectation\">expected: "
                           "%s\nactual: %s",
                           message, expected, actual);
    if (diff != NULL)
        g_string_append_printf(out, "\nwords: %s", diff);
    /* the line is not part of the test's name (it moves when a line is
     * inserted), but a reader needs it */
    g_string_append_printf(out, "\nline: %u</failure>\n    </testcase>\n", st->line);
}

char *
ms_report_junit(GPtrArray *results)
{
    GString *out = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    guint tests = 0, failures = 0, errors = ms_report_count_load_errors(results);

    for (guint i = 0; i < results->len; i++) {
        const MsScenarioResult *r = results->pdata[i];
        tests += r->load_error != NULL ? 1 : r->n_commands + r->n_checks;
        failures += r->n_failed;
    }
    g_string_append_printf(out, "<testsuites name=\"migsim\" tests=\"%u\" failures=\"%u\" errors=\"%u\">\n",
                           tests, failures, errors);
    for (guint i = 0; i < results->len; i++) {
        const MsScenarioResult *r = results->pdata[i];
        g_autofree char *path = NULL, *release = NULL, *classname_raw = NULL, *classname = NULL;

        if (r->load_error != NULL) {
            append_load_error(out, r);
            continue;
        }
        path = ms_xml_escape(r->path);
        release = ms_xml_escape(r->profile->name);
        /* CI systems identify a test by class and name: the release is part
         * of the class when the run holds several, so the runs of
         * --all-profiles stay apart; Jenkins reads PATH as the package and
         * the release as the class */
        if (several_releases(results, r)) {
            g_autofree char *file = undotted(r->path), *rel = undotted(r->profile->name);
            classname_raw = g_strconcat(file, ".", rel, NULL);
        } else {
            classname_raw = undotted(r->path);
        }
        classname = ms_xml_escape(classname_raw);
        g_string_append_printf(out,
                               "  <testsuite name=\"%s [%s]\" tests=\"%u\" failures=\"%u\" errors=\"0\" "
                               "skipped=\"0\" time=\"0\">\n",
                               path, release, r->n_commands + r->n_checks, r->n_failed);
        for (guint s = 0; s < r->steps->len; s++) {
            const MsStepResult *st = r->steps->pdata[s];
            g_autofree char *name_raw = NULL, *name = NULL;

            /* a directive is a test only when it could not be applied; a
             * check for other releases is no test of this one */
            if ((st->kind == MS_RESULT_DIRECTIVE && st->met) || st->not_applicable)
                continue;
            name_raw = step_test_name(r, s);
            name = ms_xml_escape(name_raw);
            g_string_append_printf(out, "    <testcase classname=\"%s\" name=\"%s\" time=\"0\"", classname,
                                   name);
            if (st->met) {
                g_string_append(out, "/>\n");
                continue;
            }
            append_failure(out, st);
        }
        g_string_append(out, "  </testsuite>\n");
    }
    g_string_append(out, "</testsuites>\n");
    return g_string_free(out, FALSE);
}
