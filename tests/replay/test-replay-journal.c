/* migsim: the replay journal file (sim/live/ms-replay-journal.c): it is
 * created only right before the first change (issue 12), and what it holds
 * then is compared with the records written by hand below
 * (docs/live-replay.md, "The journal"). */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

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

/* A member taken offline is listed, with the command that starts it
 * again, until its return is recorded; the records are the ones written
 * here by hand. */
static void
test_member_offline(void)
{
    g_autofree char *path = temp_path("replay.journal");
    g_autoptr(GError) error = NULL;
    g_autoptr(MsReplayJournal) journal = ms_replay_journal_create(path, "unix:/nowhere", &error);
    g_autoptr(MsReplayLedger) ledger = NULL;
    g_autofree char *text = NULL;
    const char *const command[] = { "/t/lxd-cluster.sh", "fault", "/t/c", NULL };

    g_assert_no_error(error);
    g_assert_true(ms_replay_journal_member_offline(journal, "m3", command, &error));
    g_assert_no_error(error);
    g_assert_true(g_file_get_contents(path, &text, NULL, &error));
    g_assert_cmpstr(text, ==,
                    "{\"journal\":\"migsim-replay\",\"version\":1,\"remote\":\"unix:/nowhere\"}\n"
                    "{\"do\":\"member-offline\",\"name\":\"m3\","
                    "\"command\":[\"/t/lxd-cluster.sh\",\"fault\",\"/t/c\"]}\n");
    ledger = ms_replay_ledger_load(path, &error);
    g_assert_no_error(error);
    g_assert_false(ms_replay_ledger_is_empty(ledger));
    g_assert_cmpuint(ledger->offline->len, ==, 1);
    g_assert_cmpstr(ledger->offline->pdata[0], ==, "m3");
    g_assert_cmpstrv(ledger->fault_command, command);

    /* back: the ledger empties, and a second return writes nothing */
    g_assert_true(ms_replay_journal_member_online(journal, "m3", &error));
    g_assert_true(ms_replay_journal_member_online(journal, "m3", &error));
    g_assert_no_error(error);
    g_assert_true(ms_replay_ledger_is_empty(ms_replay_journal_ledger(journal)));
    g_clear_pointer(&ledger, ms_replay_ledger_free);
    ledger = ms_replay_ledger_load(path, &error);
    g_assert_no_error(error);
    g_assert_true(ms_replay_ledger_is_empty(ledger));
    g_assert_true(ms_replay_journal_remove(journal, &error));
    g_assert_no_error(error);
}

/* A member-offline record without its command cannot be recovered: the
 * loader names the line. */
static void
test_member_offline_needs_command(void)
{
    g_autofree char *path = temp_path("bad.journal");
    g_autofree char *dir = g_path_get_dirname(path);
    g_autoptr(GError) error = NULL;
    g_autoptr(MsReplayLedger) ledger = NULL;

    g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
    g_assert_true(g_file_set_contents(path,
                                      "{\"journal\":\"migsim-replay\",\"version\":1,\"remote\":\"unix:/x\"}\n"
                                      "{\"do\":\"member-offline\",\"name\":\"m3\",\"command\":[]}\n",
                                      -1, NULL));
    ledger = ms_replay_ledger_load(path, &error);
    g_assert_null(ledger);
    g_assert_nonnull(error);
    g_assert_nonnull(strstr(error->message, ":2:"));
    g_assert_nonnull(strstr(error->message, "member-offline"));
}

/* A member's prior record and a created cluster group: written once each
 * (a second change keeps the first prior), read back as written by hand. */
static void
test_member_config_and_group(void)
{
    g_autofree char *path = temp_path("replay.journal");
    g_autoptr(GError) error = NULL;
    g_autoptr(MsReplayJournal) journal = ms_replay_journal_create(path, "unix:/nowhere", &error);
    g_autoptr(MsReplayLedger) ledger = NULL;
    g_autoptr(JsonNode) prior = json_from_string("{\"config\":{},\"groups\":[\"default\"]}", &error);
    g_autoptr(JsonNode) later = json_from_string("{\"config\":{\"x\":\"1\"},\"groups\":[]}", &error);
    g_autofree char *text = NULL;
    g_autofree char *back = NULL;

    g_assert_no_error(error);
    g_assert_true(ms_replay_journal_change_member_config(journal, "m2", prior, &error));
    g_assert_true(ms_replay_journal_change_member_config(journal, "m2", later, &error));
    g_assert_true(ms_replay_journal_create_group(journal, "g1", &error));
    g_assert_true(ms_replay_journal_create_group(journal, "g1", &error));
    g_assert_no_error(error);
    g_assert_true(g_file_get_contents(path, &text, NULL, &error));
    g_assert_cmpstr(text, ==,
                    "{\"journal\":\"migsim-replay\",\"version\":1,\"remote\":\"unix:/nowhere\"}\n"
                    "{\"do\":\"change-member-config\",\"name\":\"m2\","
                    "\"prior\":{\"config\":{},\"groups\":[\"default\"]}}\n"
                    "{\"do\":\"create-group\",\"name\":\"g1\"}\n");
    ledger = ms_replay_ledger_load(path, &error);
    g_assert_no_error(error);
    g_assert_cmpuint(ledger->changed_members->len, ==, 1);
    g_assert_cmpstr(ledger->changed_members->pdata[0], ==, "m2");
    back = json_to_string(g_hash_table_lookup(ledger->member_prior, "m2"), FALSE);
    g_assert_cmpstr(back, ==, "{\"config\":{},\"groups\":[\"default\"]}");
    g_assert_cmpuint(ledger->groups->len, ==, 1);
    g_assert_cmpstr(ledger->groups->pdata[0], ==, "g1");
    g_assert_true(ms_replay_journal_clean(journal, &error));
    g_assert_true(ms_replay_ledger_is_empty(ms_replay_journal_ledger(journal)));
    g_assert_true(ms_replay_journal_remove(journal, &error));
    g_assert_no_error(error);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/replay/journal/no-change-no-file", test_no_change_no_file);
    g_test_add_func("/replay/journal/first-change-creates", test_first_change_creates);
    g_test_add_func("/replay/journal/member-offline", test_member_offline);
    g_test_add_func("/replay/journal/member-offline-needs-command", test_member_offline_needs_command);
    g_test_add_func("/replay/journal/member-config-and-group", test_member_config_and_group);
    return g_test_run();
}
