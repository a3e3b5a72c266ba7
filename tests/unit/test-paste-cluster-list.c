/* Unit tests of the set-up read from a pasted `lxc cluster list`
 * (ms_paste_cluster_list_setup, sim/scenario/ms-paste.c; the parser's hook,
 * sim/scenario/ms-scenario-paste-setup.c): tables as lxc prints them (the
 * live 5.0.2 cluster's, tests/recorded/lxd-5.0.2/cluster-list.out; canonical/
 * lxd-ui #1314's, LXD 6.4), against set-up lines written by hand. */
#include <glib.h>
#include <string.h>

#include "ms-paste.h"
#include "ms-scenario.h"

/* lxc cluster list on the live 5.0.2 cluster (2026-12-02) */
static const char live_502[] = "+------+------------------------+-----------------+--------------+-----------"
                               "-----+-------------+--------+-------------------+\n"
                               "| NAME |          URL           |      ROLES      | ARCHITECTURE | FAILURE "
                               "DOMAIN | DESCRIPTION | STATE  |      MESSAGE      |\n"
                               "+------+------------------------+-----------------+--------------+-----------"
                               "-----+-------------+--------+-------------------+\n"
                               "| m1   | https://127.0.0.1:8443 | database-leader | x86_64       | default   "
                               "     |             | ONLINE | Fully operational |\n"
                               "|      |                        | database        |              |           "
                               "     |             |        |                   |\n"
                               "+------+------------------------+-----------------+--------------+-----------"
                               "-----+-------------+--------+-------------------+\n"
                               "| m2   | https://127.0.0.2:8443 | database        | x86_64       | default   "
                               "     |             | ONLINE | Fully operational |\n"
                               "+------+------------------------+-----------------+--------------+-----------"
                               "-----+-------------+--------+-------------------+\n"
                               "| m3   | https://127.0.0.3:8443 | database        | x86_64       | default   "
                               "     |             | ONLINE | Fully operational |\n"
                               "+------+------------------------+-----------------+--------------+-----------"
                               "-----+-------------+--------+-------------------+\n";

/* canonical/lxd-ui #1314 (LXD 6.4): the leader is node2 */
static const char ui_1314[] = "+-------+---------------------------+-----------------+--------------+--------"
                              "--------+-------------+--------+-------------------+\n"
                              "| NAME  |            URL            |      ROLES      | ARCHITECTURE | "
                              "FAILURE DOMAIN | DESCRIPTION | STATE  |      MESSAGE      |\n"
                              "+-------+---------------------------+-----------------+--------------+--------"
                              "--------+-------------+--------+-------------------+\n"
                              "| node1 | https://192.168.3.61:8443 | database        | x86_64       | "
                              "default        |             | ONLINE | Fully operational |\n"
                              "+-------+---------------------------+-----------------+--------------+--------"
                              "--------+-------------+--------+-------------------+\n"
                              "| node2 | https://192.168.3.62:8443 | database-leader | x86_64       | "
                              "default        |             | ONLINE | Fully operational |\n"
                              "|       |                           | database        |              |        "
                              "        |             |        |                   |\n"
                              "+-------+---------------------------+-----------------+--------------+--------"
                              "--------+-------------+--------+-------------------+\n"
                              "| node3 | https://192.168.3.63:8443 | database        | x86_64       | "
                              "default        |             | ONLINE | Fully operational |\n"
                              "+-------+---------------------------+-----------------+--------------+--------"
                              "--------+-------------+--------+-------------------+\n";

/* the live table's columns, hand-edited: states, a failure domain, Incus's
 * STATUS header, four members of which two vote */
static const char edited[] =
    "+------+-----+------------------+--------------+----------------+-------------+-----------+---------+\n"
    "| NAME | URL |      ROLES       | ARCHITECTURE | FAILURE DOMAIN | DESCRIPTION |  STATUS   | MESSAGE |\n"
    "+------+-----+------------------+--------------+----------------+-------------+-----------+---------+\n"
    "| a1   | x   | database-leader  | x86_64       | default        |             | ONLINE    | ok      |\n"
    "|      |     | database         |              |                |             |           |         |\n"
    "+------+-----+------------------+--------------+----------------+-------------+-----------+---------+\n"
    "| a2   | x   | database         | x86_64       | rack2          |             | EVACUATED | m       |\n"
    "+------+-----+------------------+--------------+----------------+-------------+-----------+---------+\n"
    "| a3   | x   | database-standby | x86_64       | default        |             | OFFLINE   | m       |\n"
    "+------+-----+------------------+--------------+----------------+-------------+-----------+---------+\n"
    "| a4   | x   |                  | x86_64       | default        |             | BLOCKED   | m       |\n"
    "+------+-----+------------------+--------------+----------------+-------------+-----------+---------+\n";

static void
read_table(const char *table, const char *const *want_setup, const char *const *want_notes)
{
    g_auto(GStrv) split = g_strsplit(table, "\n", -1);
    g_autoptr(GPtrArray) pasted = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) setup = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func(g_free);

    for (guint i = 0; split[i] != NULL; i++)
        if (*split[i] != '\0')
            g_ptr_array_add(pasted, g_strdup(split[i]));
    g_assert_true(ms_paste_cluster_list_setup(pasted, setup, notes));
    g_assert_cmpuint(setup->len, ==, g_strv_length((char **) want_setup));
    for (guint i = 0; i < setup->len; i++)
        g_assert_cmpstr(setup->pdata[i], ==, want_setup[i]);
    g_assert_cmpuint(notes->len, ==, g_strv_length((char **) want_notes));
    for (guint i = 0; i < notes->len; i++)
        if (strstr(notes->pdata[i], want_notes[i]) == NULL)
            g_error("note '%s' lacks '%s'", (const char *) notes->pdata[i], want_notes[i]);
}

static void
test_live_502(void)
{
    static const char *const setup[] = { "members m1 m2 m3", NULL };
    static const char *const notes[] = { "listed leader, voters, stand-bys", NULL };

    read_table(live_502, setup, notes);
}

/* the leader first: migsim's first member leads */
static void
test_leader_first(void)
{
    static const char *const setup[] = { "members node2 node1 node3", NULL };
    static const char *const notes[] = { "listed leader, voters, stand-bys", NULL };

    read_table(ui_1314, setup, notes);
}

/* two voters of four are no layout migsim gives (three vote): the table's
 * order; EVACUATED and OFFLINE set up, BLOCKED and the domain noted */
static void
test_states(void)
{
    static const char *const setup[] = { "members a1 a2 a3 a4", "lxc cluster evacuate a2 --force",
                                         "fault member a3 offline", NULL };
    static const char *const notes[] = { "the pasted database roles are not those migsim gives",
                                         "member a2: failure domain rack2 is not set up",
                                         "member a4: state BLOCKED is not set up", NULL };

    read_table(edited, setup, notes);
}

/* not a table: nothing */
static void
test_not_a_table(void)
{
    g_autoptr(GPtrArray) pasted = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) setup = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func(g_free);

    g_ptr_array_add(pasted, g_strdup("m1,https://127.0.0.1:8443,database,x86_64,default,,ONLINE,ok"));
    g_assert_false(ms_paste_cluster_list_setup(pasted, setup, notes));
    g_assert_cmpuint(setup->len, ==, 0);
}

/* the parser: a file opening with a pasted cluster list needs no members
 * line; one with members keeps them (the table is then only compared) */
static void
test_parser(void)
{
    g_autofree char *text = g_strconcat("profile lxd-6.4\nroot@node1:~# lxc cluster ls\n", ui_1314, NULL);
    g_autofree char *with_members = g_strconcat("members m1 m2 m3\n$ lxc cluster list\n", live_502, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) s = ms_scenario_parse("t.scn", text, strlen(text), &error);
    g_autoptr(MsScenario) t = NULL;
    const MsStep *step;

    g_assert_no_error(error);
    g_assert_cmpuint(s->members->len, ==, 3);
    g_assert_cmpstr(s->members->pdata[0], ==, "node2");
    g_assert_cmpstr(s->members->pdata[1], ==, "node1");
    g_assert_cmpuint(s->steps->len, ==, 1);
    step = s->steps->pdata[0];
    g_assert_cmpuint(step->line, ==, 2);
    g_assert_nonnull(strstr(step->narration, "set-up from the pasted cluster list"));
    t = ms_scenario_parse("t.scn", with_members, strlen(with_members), &error);
    g_assert_no_error(error);
    g_assert_cmpstr(t->members->pdata[0], ==, "m1");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/paste-cluster-list/live-5.0.2", test_live_502);
    g_test_add_func("/paste-cluster-list/leader-first", test_leader_first);
    g_test_add_func("/paste-cluster-list/states", test_states);
    g_test_add_func("/paste-cluster-list/not-a-table", test_not_a_table);
    g_test_add_func("/paste-cluster-list/parser", test_parser);
    return g_test_run();
}
