/* ms_word_diff: the expected diffs are written by hand (what a reader
 * comparing the two texts word by word would mark), not produced by the
 * code under test. */
#include "ms-word-diff.h"

static void
check_plain(const char *expected, const char *actual, const char *want)
{
    g_autofree char *got = ms_word_diff_text(expected, actual);

    g_assert_cmpstr(got, ==, want);
}

static void
test_changed_words(void)
{
    /* the 5.21.5/6.6 rewording of a start failure */
    check_plain("Error: Failed to start instance \"v1\"", "Error: Failed starting instance \"v1\"",
                "Error: Failed [-to start-] {+starting+} instance \"v1\"");
    /* a name: only the quoted word changes, punctuation included */
    check_plain("Failed add validation for device \"bar\"", "Failed add validation for device \"fs1\"",
                "Failed add validation for device [-\"bar\"-] {+\"fs1\"+}");
    /* words only added at the end */
    check_plain("Member not found", "Member not found here", "Member not found {+here+}");
    /* words only removed at the start */
    check_plain("Error: Member not found", "Member not found", "[-Error:-] Member not found");
}

static void
test_no_diff(void)
{
    /* equal texts, a missing side, and texts with no word in common give
     * no diff: the caller shows both texts instead */
    g_assert_null(ms_word_diff("same words", "same words"));
    g_assert_null(ms_word_diff(NULL, "text"));
    g_assert_null(ms_word_diff("text", NULL));
    g_assert_null(ms_word_diff("alpha beta", "gamma delta"));
}

static void
escape_upper(GString *out, const char *text)
{
    for (const char *p = text; *p != '\0'; p++)
        g_string_append_c(out, g_ascii_toupper(*p));
}

static void
test_marks(void)
{
    const MsDiffMarks html = { "<del>", "</del>", "<ins>", "</ins>", escape_upper };
    g_autoptr(GPtrArray) pieces = ms_word_diff("a b c", "a x c");
    g_autoptr(GString) out = g_string_new(NULL);

    g_assert_nonnull(pieces);
    ms_word_diff_append(out, pieces, &html);
    /* the escape sees every piece of text, never the markers */
    g_assert_cmpstr(out->str, ==, "A <del>B</del> <ins>X</ins> C");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/word-diff/changed-words", test_changed_words);
    g_test_add_func("/word-diff/no-diff", test_no_diff);
    g_test_add_func("/word-diff/marks", test_marks);
    return g_test_run();
}
