/* "Did you mean": Levenshtein distances against hand-counted values, the
 * bounded count, and the hints a typo and a long argument get. */
#include <glib.h>
#include <string.h>

#include "ms-scenario.h"
#include "ms-suggest.h"

static void
test_distances(void)
{
    /* counted by hand: k->s, e->i, +g */
    g_assert_cmpuint(ms_levenshtein("kitten", "sitting"), ==, 3);
    g_assert_cmpuint(ms_levenshtein("", "abc"), ==, 3);
    g_assert_cmpuint(ms_levenshtein("evacuate", "evacuate"), ==, 0);
    g_assert_cmpuint(ms_levenshtein("restore", "restroe"), ==, 2);
    /* within the bound the count is exact, past it bound + 1 */
    g_assert_cmpuint(ms_levenshtein_within("kitten", "sitting", 3), ==, 3);
    g_assert_cmpuint(ms_levenshtein_within("kitten", "sitting", 2), ==, 3);
    g_assert_cmpuint(ms_levenshtein_within("kitten", "sitting", 0), ==, 1);
    g_assert_cmpuint(ms_levenshtein_within("abc", "abcdefgh", 2), ==, 3);
    g_assert_cmpuint(ms_levenshtein_within("abc", "abcdefgh", 5), ==, 5);
    g_assert_cmpuint(ms_levenshtein_within("x", "y", G_MAXUINT), ==, 1);
}

static void
test_suggest(void)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    g_autofree char *long_word = g_strnfill(4000, 'e');
    g_autofree char *hint = NULL;

    g_ptr_array_add(names, (char *) "evacuate");
    g_ptr_array_add(names, (char *) "restore");
    g_ptr_array_add(names, (char *) "restora");
    g_assert_cmpstr(ms_suggest("evacuat", names), ==, "evacuate");
    /* the first of two candidates at the same distance */
    g_assert_cmpstr(ms_suggest("restorx", names), ==, "restore");
    g_assert_null(ms_suggest("restore", names));
    /* 8 edits from "evacuate" is no typo of it */
    g_assert_null(ms_suggest("xxxxxxxx", names));
    g_assert_null(ms_suggest(long_word, names));
    g_assert_null(ms_suggest_within("restorxx", names, 1));
    g_assert_cmpstr(ms_suggest_within("restorxx", names, 2), ==, "restore");
    hint = ms_suggest_hint("evacute", names);
    g_assert_cmpstr(hint, ==, " (did you mean 'evacuate'?)");
}

static void
assert_unsupported(char **argv, const char *message)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsOp) op = ms_lxc_parse(argv, &error);

    g_assert_null(op);
    g_assert_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_UNSUPPORTED);
    g_assert_cmpstr(error->message, ==, message);
}

static void
test_command_hint(void)
{
    char *typo[] = { (char *) "lxc", (char *) "clustr", (char *) "evacuate", (char *) "m1", NULL };
    g_autofree char *long_word = g_strnfill(4000, 'q');
    char *garbage[] = { (char *) "lxc", long_word, NULL };
    g_autofree char *garbage_message =
        g_strdup_printf("'lxc %s' is not a command migsim supports", long_word);

    assert_unsupported(typo, "'lxc clustr evacuate m1' is not a command migsim supports (did you mean 'lxc "
                             "cluster evacuate'?)");
    assert_unsupported(garbage, garbage_message);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/suggest/distances", test_distances);
    g_test_add_func("/suggest/candidates", test_suggest);
    g_test_add_func("/suggest/command-hint", test_command_hint);
    return g_test_run();
}
