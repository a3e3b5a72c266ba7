/* migsim: the replay journal file (sim/live/ms-replay-journal.c): it is
 * created only right before the first change (issue 12), and what it holds
 * then is compared with the records written by hand below
 * (docs/live-replay.md, "The journal"). */
#include <glib.h>
#include <glib/gstdio.h>

#include "ms-replay-journal.h"

static char *
temp_path(const char *name)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp("migsim-journal-XXXXXX", &error);

    g_assert_no_error(error);
    return g_build_filename(dir, "sub", name, NULL);
}

/* A run that changes nothing: scenarios announced, no change, removed at
 * the end: no file at any point. */
static void
test_no_change_no_file(void)
{
    g_autofree char *path = temp_path("replay.journal");
    g_autoptr(GError) error = NULL;
    g_autoptr(MsReplayJournal) journal = ms_replay_journal_create(path, "unix:/nowhere", &error);

    g_assert_no_error(error);
    g_assert_nonnull(journal);
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    g_assert_true(ms_replay_journal_scenario(journal, "a.scn", &error));
    g_assert_true(ms_replay_journal_scenario(journal, "b.scn", &error));
    g_assert_true(ms_replay_journal_clean(journal, &error));
    g_assert_no_error(error);
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    g_assert_false(ms_replay_journal_exists(journal));
    g_assert_true(ms_replay_ledger_is_empty(ms_replay_journal_ledger(journal)));
    g_assert_true(ms_replay_journal_remove(journal, &error));
    g_assert_no_error(error);
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
}

/* The first change creates the file: header, the latest scenario, the
 * change; a journal already there refuses the run. */
static void
test_first_change_creates(void)
{
    g_autofree char *path = temp_path("replay.journal");
    g_autoptr(GError) error = NULL;
    g_autoptr(MsReplayJournal) journal = ms_replay_journal_create(path, "unix:/nowhere", &error);
    g_autoptr(MsReplayJournal) second = NULL;
    g_autoptr(MsReplayLedger) ledger = NULL;
    g_autofree char *text = NULL;

    g_assert_no_error(error);
    g_assert_true(ms_replay_journal_scenario(journal, "a.scn", &error));
    g_assert_true(ms_replay_journal_scenario(journal, "b.scn", &error));
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    g_assert_true(ms_replay_journal_create_instance(journal, "c1", &error));
    g_assert_no_error(error);
    g_assert_true(ms_replay_journal_exists(journal));
    g_assert_true(g_file_get_contents(path, &text, NULL, &error));
    g_assert_cmpstr(text, ==,
                    "{\"journal\":\"migsim-replay\",\"version\":1,\"remote\":\"unix:/nowhere\"}\n"
                    "{\"do\":\"scenario\",\"path\":\"b.scn\"}\n"
                    "{\"do\":\"create-instance\",\"name\":\"c1\"}\n");

    ledger = ms_replay_ledger_load(path, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(ledger->instances->len, ==, 1);
    g_assert_cmpstr(ledger->instances->pdata[0], ==, "c1");

    second = ms_replay_journal_create(path, "unix:/nowhere", &error);
    g_assert_null(second);
    g_assert_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST);
    g_clear_error(&error);

    /* undone: a "clean" record, and the file is removed */
    g_assert_true(ms_replay_journal_clean(journal, &error));
    g_assert_true(ms_replay_ledger_is_empty(ms_replay_journal_ledger(journal)));
    g_assert_true(ms_replay_journal_remove(journal, &error));
    g_assert_no_error(error);
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/replay/journal/no-change-no-file", test_no_change_no_file);
    g_test_add_func("/replay/journal/first-change-creates", test_first_change_creates);
    return g_test_run();
}
