/* Unit tests of the shell forms of a pasted session (sim/scenario/ms-shell.c):
 * the steps they make, checked against hand-written values, and the error
 * each refused form gives (file, line and why). */
#include <glib.h>
#include <string.h>

#include "ms-scenario.h"
#include "ms-shell.h"

static MsScenario *
parse(const char *text, GError **error)
{
    return ms_scenario_parse("t.scn", text, strlen(text), error);
}

static void
expect_error(const char *text, const char *fragment)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) scenario = parse(text, &error);

    g_assert_null(scenario);
    g_assert_nonnull(error);
    if (strstr(error->message, fragment) == NULL)
        g_error("error '%s' does not contain '%s'", error->message, fragment);
}

static const MsStep *
step_at(const MsScenario *s, guint i)
{
    g_assert_cmpuint(i, <, s->steps->len);
    return s->steps->pdata[i];
}

/* bash expands {1..3} and $(seq 2 3); each pass is a step on the loop's line */
static void
test_loop(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) s = parse("members m1\n"
                                    "for i in {1..3}; do lxc launch img c$i --target m1; done\n"
                                    "Creating c1\n"
                                    "for n in $(seq 2 3); do lxc stop \"c${n}\"; lxc start c$n; done\n"
                                    "for x in a b; do sleep 1; done\n",
                                    &error);
    const char *const texts[] = { "lxc launch img c1 --target m1",
                                  "lxc launch img c2 --target m1",
                                  "lxc launch img c3 --target m1",
                                  "lxc stop \"c2\"",
                                  "lxc start c2",
                                  "lxc stop \"c3\"",
                                  "lxc start c3" };

    g_assert_no_error(error);
    g_assert_cmpuint(s->steps->len, ==, G_N_ELEMENTS(texts) + 2);
    for (guint i = 0; i < G_N_ELEMENTS(texts); i++) {
        g_assert_cmpint(step_at(s, i)->kind, ==, MS_STEP_COMMAND);
        g_assert_cmpstr(step_at(s, i)->text, ==, texts[i]);
        g_assert_cmpuint(step_at(s, i)->line, ==, i < 3 ? 2 : 4);
    }
    /* the output after the first loop is every pass's: kept, not compared */
    g_assert_nonnull(step_at(s, 2)->output_lines);
    g_assert_nonnull(step_at(s, 2)->output_not_compared);
    g_assert_cmpint(step_at(s, 7)->kind, ==, MS_STEP_SLEEP);
    g_assert_cmpuint(step_at(s, 7)->sleep_ms, ==, 1000);
}

/* prompts, sudo, lxc's global log flags, bare seconds, host commands */
static void
test_forms(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) s =
        parse("members m1\n"
              "[root@host ~]# lxc launch img c1\n"
              "587bab5b1ce9 [~]# sudo lxc stop c1 --debug\n"
              "DEBUG  [2022-10-27T04:37:11-04:00] Connecting to a local LXD over a Unix socket\n"
              "sudo lxc start -v c1 --force-local\n"
              "sleep 2\n"
              "journalctl -u snap.lxd.daemon\n"
              "Dec 04 12:00:00 m1 lxd.daemon[738]: a line\n"
              "user@host:~% lxc list\n",
              &error);

    g_assert_no_error(error);
    g_assert_cmpuint(s->steps->len, ==, 6);
    g_assert_cmpstr(step_at(s, 0)->text, ==, "lxc launch img c1");
    g_assert_null(step_at(s, 0)->output_not_compared);
    g_assert_cmpstr(step_at(s, 1)->text, ==, "lxc stop c1 --debug");
    g_assert_cmpint(step_at(s, 1)->op->kind, ==, MS_OP_STOP);
    g_assert_cmpuint(step_at(s, 1)->output_lines->len, ==, 1);
    g_assert_nonnull(step_at(s, 1)->output_not_compared);
    g_assert_cmpint(step_at(s, 2)->op->kind, ==, MS_OP_START);
    g_assert_nonnull(step_at(s, 2)->output_not_compared);
    g_assert_cmpuint(step_at(s, 3)->sleep_ms, ==, 2000);
    g_assert_cmpint(step_at(s, 4)->kind, ==, MS_STEP_NOOP);
    g_assert_cmpuint(step_at(s, 4)->output_lines->len, ==, 1);
    g_assert_cmpint(step_at(s, 5)->op->kind, ==, MS_OP_LIST);
}

/* Incus #1650's LVM report after its prompt: read-only, not simulated,
 * its table kept as output (not compared); a mutating LVM command is
 * still refused */
static void
test_lvm_reports(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) s = parse("members incus1\n"
                                    "root@incus1:~# vgs\n"
                                    "  VG        #PV #LV #SN Attr   VSize   VFree\n"
                                    "  vg_iscsi    1   0   0 wz--ns <50.00g <49.75g\n"
                                    "pvs\n"
                                    "sudo lvs vg_iscsi\n"
                                    "root@incus1:~# incus cluster list\n",
                                    &error);

    g_assert_no_error(error);
    g_assert_cmpuint(s->steps->len, ==, 4);
    g_assert_cmpint(step_at(s, 0)->kind, ==, MS_STEP_NOOP);
    g_assert_cmpuint(step_at(s, 0)->output_lines->len, ==, 2);
    g_assert_cmpint(step_at(s, 1)->kind, ==, MS_STEP_NOOP);
    g_assert_cmpint(step_at(s, 2)->kind, ==, MS_STEP_NOOP);
    g_assert_cmpint(step_at(s, 3)->op->kind, ==, MS_OP_CLUSTER_LIST);

    g_clear_error(&error);
    g_assert_null(parse("members incus1\nroot@incus1:~# vgcreate vg0 /dev/sdb\n", &error));
    g_assert_nonnull(error);
}

/* LXD #15877's reproducer as typed at a prompt: the sleep, the wait and
 * the host's journal follow the prompt like the lxc commands */
static void
test_prompt_commands(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) s = parse("members m1 m2\n"
                                    "$ lxc cluster evacuate m1 --force&\n"
                                    "$ sleep 2\n"
                                    "[root@m1 ~]# sleep 0.5\n"
                                    "root@m1:~# wait %1\n"
                                    "user@m1:~$ sudo journalctl -u lxd\n"
                                    "Dec 04 12:00:00 m1 lxd.daemon[738]: a line\n"
                                    "$ lxc cluster list\n",
                                    &error);

    g_assert_no_error(error);
    g_assert_cmpuint(s->steps->len, ==, 6);
    g_assert_true(step_at(s, 0)->background);
    g_assert_cmpint(step_at(s, 1)->kind, ==, MS_STEP_SLEEP);
    g_assert_cmpuint(step_at(s, 1)->sleep_ms, ==, 2000);
    g_assert_cmpuint(step_at(s, 2)->sleep_ms, ==, 500);
    g_assert_cmpint(step_at(s, 3)->kind, ==, MS_STEP_WAIT);
    g_assert_cmpuint(step_at(s, 3)->job, ==, 1);
    g_assert_cmpint(step_at(s, 4)->kind, ==, MS_STEP_NOOP);
    g_assert_cmpuint(step_at(s, 4)->output_lines->len, ==, 1);
    g_assert_cmpint(step_at(s, 5)->op->kind, ==, MS_OP_CLUSTER_LIST);
}

/* a session that ends while a job runs: the jobs finish after the last
 * line, their outcome not checked */
static void
test_jobs_at_end(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) s = parse("members m1 m2\n"
                                    "lxc cluster evacuate m1 --force &\n"
                                    "lxc cluster list\n",
                                    &error);
    const MsStep *last;

    g_assert_no_error(error);
    g_assert_cmpuint(s->steps->len, ==, 3);
    last = step_at(s, 2);
    g_assert_cmpint(last->kind, ==, MS_STEP_WAIT);
    g_assert_cmpuint(last->job, ==, 0);
    g_assert_cmpint(last->expect, ==, MS_EXPECT_ANY);
    g_assert_cmpuint(last->line, ==, 3);
}

static void
test_refused(void)
{
    expect_error("members m1\nfor i in 1 2; do lxc launch img c$i; done\nError: boom\n",
                 "t.scn:3: 'Error:' line follows the shell loop on line 2");
    expect_error("members m1\nfor i in 1 2; do\n", "t.scn:2: a shell loop is read only on one line");
    expect_error("members m1\nfor i in 1 2; do lxc start c$j; done\n", "only the loop's variable $i");
    expect_error("members m1\nfor i in 1 2; do echo $i; done\n", "only 'lxc', 'incus' and 'sleep' commands");
    expect_error("members m1\nfor i in $(ls); do lxc start $i; done\n",
                 "a command substitution, variable or glob in a loop's list is not expanded");
    expect_error("members m1\nfor i in $(seq 1 x); do lxc start c$i; done\n", "only numeric ranges");
    expect_error("members m1\nfor i in {a..c}; do lxc start c$i; done\n", "only numeric ranges");
    expect_error("members m1\nfor i in {1..5000}; do lxc start c$i; done\n", "more than 1000 passes");
    expect_error("members m1\nlxd sql global \"DELETE FROM storage_volumes\"\n",
                 "t.scn:2: 'lxd sql global \"DELETE FROM storage_volumes\"': 'lxd sql' reads or edits");
    expect_error("members m1\nsystemctl stop snap.lxd.daemon\n", "'fault member NAME offline'");
    /* a host command ends the output block above it (it was read as lxc's output) */
    expect_error("members m1\nlxc list\nsudo systemctl stop snap.lxd.daemon\n",
                 "t.scn:3: 'sudo systemctl stop");
    /* after a prompt too, a host command is refused with its own reason */
    expect_error("members m1\n$ systemctl stop snap.lxd.daemon\n",
                 "t.scn:2: 'systemctl stop snap.lxd.daemon': a daemon stop");
    expect_error("members m1\nroot@m1:~# sudo lxd sql global 'SELECT 1'\n", "t.scn:2: 'sudo lxd sql global");
    expect_error("members m1\n$ ls -l\n", "only 'lxc', 'incus', 'sleep', 'wait', a one-line 'for' loop, a "
                                          "here-document or pipe into lxc or a host command migsim knows can "
                                          "follow a shell prompt, got 'ls -l'");
    expect_error("members m1\nsleep 2x\n", "expected: sleep DURATION");
    /* a bare "# " is a comment: what follows a commented command says so */
    expect_error(
        "members m1\n# lxc storage volume create p v\nStorage volume v created\n",
        "t.scn:3: expected an 'lxc' command, 'Error: ...', a directive (title, profile, releases, members, "
        "remote, host-interface, host-path, host-lacks, host-has, same-host, state, pool, on, fault, sleep) "
        "or 'expect "
        "...', "
        "got "
        "'Storage' "
        "(line 2 is "
        "a comment: a bare '# ' starts one, so its command does not run; write a root prompt as "
        "'root@host:~# ')");
    expect_error("members m1\n# incus start c1\n\nError: boom\n",
                 "t.scn:4: 'Error:' line has no command above it (line 2 is a comment");
    expect_error("members m1\n# a note\nError: boom\n", "t.scn:3: 'Error:' line has no command above it");
}

/* Prompts and step lists of reports (LXD #8386's zsh prompt with its
 * "~" line, Incus #566's numbered steps, the LXD test suite's LXD_DIR):
 * the commands they hold, by hand */
static void
test_report_forms(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) s = parse("members node1 node2\n"
                                    "~\n"
                                    "root @ node1 # lxc ls --fast c1\n"
                                    "~/src\n"
                                    "user@host ~ % sudo lxc stop c1\n"
                                    "root@h1 (node1):~# lxc start c1\n"
                                    " 1. lxc stop c1\n"
                                    "2) lxc start c1\n"
                                    "LXD_DIR=\"${LXD_ONE_DIR}\" lxc list\n"
                                    "sudo LXD_DIR=\"${LXD_ONE_DIR}\" LXD_CONF=/c lxc list\n"
                                    "LXD_CONF=/c lxc list\n"
                                    "\xe2\x9d\xaf lxc stop c1\n"
                                    "\xe2\x9d\xaf sleep 1\n"
                                    "% lxc start c1\n"
                                    "stgraber@castiana:~$ \n"
                                    "% sleep 1\n"
                                    "root@node1:/tmp#\n",
                                    &error);
    const char *const texts[] = { "lxc ls --fast c1", "lxc stop c1", "lxc start c1", "lxc stop c1",
                                  "lxc start c1",     "lxc list",    "lxc list",     "lxc list",
                                  "lxc stop c1",      "sleep 1",     "lxc start c1", "sleep 1" };

    g_assert_no_error(error);
    g_assert_cmpuint(s->steps->len, ==, G_N_ELEMENTS(texts));
    for (guint i = 0; i < G_N_ELEMENTS(texts); i++)
        g_assert_cmpstr(step_at(s, i)->text, ==, texts[i]);
    /* --fast is lxc's -c nsacPt */
    g_assert_cmpstr(step_at(s, 0)->op->columns, ==, "nsacPt");
    g_assert_null(step_at(s, 0)->output_lines); /* "~/src" is the next prompt's, not output */
    g_assert_cmpuint(step_at(s, 1)->line, ==, 5);
}

/* a quoted "u@h $ lxc x" is an expectation's text, not a prompt */
static void
test_report_forms_quoted(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) s = parse("members m1\nlxc list\nexpect error \"u@h $ lxc x\"\n", &error);

    g_assert_no_error(error);
    g_assert_cmpuint(s->steps->len, ==, 1);
    g_assert_cmpstr(step_at(s, 0)->expect_text, ==, "u@h $ lxc x");
}

/* an error list lxc prints on several lines (Incus #3933's "Failed to
 * evacuate instances:"): the " - " lines are the error's, by hand */
static void
test_error_list(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) s = parse("members m1 m2\n"
                                    "lxc cluster evacuate m2 --force\n"
                                    "Error: Failed to evacuate instances:\n"
                                    " - default/a: Failed to migrate instance \"a\"\n"
                                    " - default/b: x\n"
                                    "lxc list\n"
                                    "Error: one line\n",
                                    &error);

    g_assert_no_error(error);
    g_assert_cmpuint(s->steps->len, ==, 2);
    g_assert_cmpstr(
        step_at(s, 0)->expect_text, ==,
        "Failed to evacuate instances:\n - default/a: Failed to migrate instance \"a\"\n - default/b: x");
    g_assert_cmpstr(step_at(s, 1)->expect_text, ==, "one line");
    /* only right after an "Error: ...:" line */
    expect_error("members m1\nlxc list\nError: one line\n - more\n", "t.scn:4:");
}

/* a command's standard error inside an error, "Failed to run: CMD: ERR
 * (STDERR)" with STDERR over several lines, blank ones too (Incus #413's
 * zfs usage text): one exact text up to the ')' that closes it; the
 * Markdown fences around a report's commands are no lines of it */
static void
test_run_error_lines(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) s =
        parse("members m1 m2\n"
              "```shell\n"
              "$ lxc list\n"
              "Error: Failed to run: zfs snapshot -r p/x@s: exit status 2 (cannot open 'p/x'\n"
              "usage:\n"
              "\tsnapshot [-r] <filesystem|volume>@<snap> ...\n"
              "\n"
              "For the property list, run: zfs set|get)\n"
              "```\n"
              "lxc list\n"
              "Error[lxd-6.9]: Failed running: x: exit status 1 (a\n"
              "b)\n"
              "lxc list\n"
              "Error: Failed to run: y: exit status 1 (one line)\n",
              &error);

    g_assert_no_error(error);
    g_assert_cmpuint(s->steps->len, ==, 3);
    g_assert_cmpstr(
        step_at(s, 0)->expect_text, ==,
        "Failed to run: zfs snapshot -r p/x@s: exit status 2 (cannot open 'p/x'\nusage:\n"
        "\tsnapshot [-r] <filesystem|volume>@<snap> ...\n\nFor the property list, run: zfs set|get)");
    g_assert_null(step_at(s, 0)->output_lines);
    g_assert_cmpstr(((MsReleaseExpect *) step_at(s, 1)->release_expects->pdata[0])->text, ==,
                    "Failed running: x: exit status 1 (a\nb)");
    /* closed on its line: what follows is not the error's */
    g_assert_cmpstr(step_at(s, 2)->expect_text, ==, "Failed to run: y: exit status 1 (one line)");
    /* a command before the ')' or the end of the file: the paste lost the end */
    expect_error("members m1\nlxc list\nError: Failed to run: z: exit status 1 (a\nlxc list\n", "t.scn:4:");
    expect_error("members m1\nlxc list\nError: Failed to run: z: exit status 1 (a\nb\n", "t.scn:3:");
    /* an unbalanced '(' elsewhere is one line as before */
    expect_error("members m1\nlxc list\nError: a (b\nc\n", "t.scn:4:");
}

/* the same list under some releases: `Error[SET]: ...:` opens it too
 * (review s26: a release-dependent list had to be written as one
 * `expect[SET] error " - ..."` line per entry) */
static void
test_error_list_by_release(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) s = parse("members m1 m2\n"
                                    "lxc cluster evacuate m2 --force\n"
                                    "Error[lxd-5.0.2]: Failed to evacuate instances:\n"
                                    " - default/a: old\n"
                                    "Error[lxd-6.9]: Failed to evacuate instances:\n"
                                    " - default/a: new\n"
                                    " - default/b: new\n"
                                    "Error[lxd-5.21.7]: not a list\n",
                                    &error);
    const MsStep *cmd;

    g_assert_no_error(error);
    g_assert_cmpuint(s->steps->len, ==, 1);
    cmd = step_at(s, 0);
    g_assert_cmpuint(cmd->release_expects->len, ==, 3);
    g_assert_cmpstr(((MsReleaseExpect *) cmd->release_expects->pdata[0])->text, ==,
                    "Failed to evacuate instances:\n - default/a: old");
    g_assert_cmpstr(((MsReleaseExpect *) cmd->release_expects->pdata[1])->text, ==,
                    "Failed to evacuate instances:\n - default/a: new\n - default/b: new");
    g_assert_cmpstr(((MsReleaseExpect *) cmd->release_expects->pdata[2])->text, ==, "not a list");
    /* a list line after a one-line release error is not the error's */
    expect_error("members m1\nlxc list\nError[lxd-6.9]: one line\n - more\n", "t.scn:4:");
}

/* what the report forms do not stretch to */
static void
test_report_forms_refused(void)
{
    /* a prompt with spaces names its user@host */
    expect_error("members m1\nsome words here # lxc list\n", "t.scn:2:");
    /* prose and comments with an '@' are not prompts (review, session 26:
     * each of these ran its tail as a command) */
    expect_error("members m1\nssh root@node2 # lxc list shows nothing here\n", "t.scn:2:");
    expect_error("members m1\nNote from admin@example.com % lxc delete c1\n", "t.scn:2:");
    /* an empty prompt needs its user@host:path */
    expect_error("members m1\nlxc list\n\nnode1:~$\n", "t.scn:4:");
    /* a bare "% " before anything but a client or a prompt command */
    expect_error("members m1\n% rm -rf /var/lib/lxd\n", "t.scn:2:");
    /* two daemons: which member each is, is not known */
    expect_error("members m1\nLXD_DIR=/a lxc list\nLXD_DIR=/b lxc list\n",
                 "t.scn:3: 'LXD_DIR=/b' names another daemon than 'LXD_DIR=/a' on line 2");
    /* two client configurations: which remotes (and default remote) each
     * holds is not known (review s26: LXD_CONF was dropped silently) */
    expect_error("members m1\nLXD_CONF=/a lxc list\nLXD_CONF=/b lxc list\n",
                 "t.scn:3: 'LXD_CONF=/b' names another client configuration than 'LXD_CONF=/a' on line 2");
    expect_error("members m1\nlxc list --fast -c ns\n", "--fast with --columns is not modelled");
}

/* `;`, `||`, `!`, time, watch and `|grep` (ms-shell-chain.c): the steps
 * each makes and what they expect, as bash runs them */
static void
test_lists(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) s = parse("members m1\n"
                                    "lxc start c1 ; lxc stop c2\n"
                                    "! lxc move c1 --target m9 || false\n"
                                    "lxc delete c1 || true\n"
                                    "lxc start c1 || lxc start c2\n"
                                    "time lxc list\n"
                                    "watch -n 2 'lxc cluster list'\n"
                                    "lxc list|grep c1\n",
                                    &error);

    g_assert_no_error(error);
    g_assert_cmpuint(s->steps->len, ==, 9);
    {
        /* a trailing ';' ends the command: `lxc list;` is `lxc list` */
        g_autoptr(GError) error2 = NULL;
        g_autoptr(MsScenario) t = parse("members m1\nlxc list;\n", &error2);
        g_assert_no_error(error2);
        g_assert_cmpuint(t->steps->len, ==, 1);
        g_assert_cmpint(step_at(t, 0)->expect, ==, MS_EXPECT_OK);
    }
    /* ';': the first's outcome is not checked, the second carries the line's */
    g_assert_cmpint(step_at(s, 0)->expect, ==, MS_EXPECT_ANY);
    g_assert_true(step_at(s, 1)->list_after);
    g_assert_false(step_at(s, 1)->or_after);
    /* `! A || false`: A must fail */
    g_assert_cmpint(step_at(s, 2)->expect, ==, MS_EXPECT_ERROR_ANY);
    g_assert_cmpint(step_at(s, 3)->expect, ==, MS_EXPECT_ANY);
    /* `A || B`: B runs only after A failed */
    g_assert_cmpint(step_at(s, 4)->expect, ==, MS_EXPECT_ANY);
    g_assert_true(step_at(s, 5)->or_after);
    g_assert_cmpstr(step_at(s, 6)->op->format, ==, NULL);
    g_assert_nonnull(step_at(s, 6)->output_not_compared);
    g_assert_cmpint(step_at(s, 7)->op->kind, ==, MS_OP_CLUSTER_LIST);
    g_assert_nonnull(step_at(s, 7)->output_not_compared);
    g_assert_cmpint(step_at(s, 8)->op->kind, ==, MS_OP_LIST);
    g_assert_cmpstr(step_at(s, 8)->output_not_compared, ==, "piped into another program");

    expect_error("members m1\nwatch lxc stop c1\n",
                 "t.scn:2: 'watch lxc stop c1': watch runs the command again");
    expect_error("members m1\nlxc start c1 && lxc stop c1 || lxc list\n", "'&&' and '||' on one line");
    expect_error("members m1\nlxc exec c1 -- true || lxc start c1\n",
                 "the exit status of 'lxc exec c1 -- true'");
    expect_error("members m1\nlxc start c1 || reboot\n", "after '||' migsim takes an lxc or incus command");
    expect_error("members m1\n! lxc start c1 || lxc stop c1\n", "runs when A succeeded; not modelled");
    /* review, session 26: forms whose status migsim read wrongly */
    expect_error("members m1\nlxc list || lxc start c1 || lxc start c2\n", "more than one '||'");
    expect_error("members m1\nlxc list | grep -q c1 || lxc start c1\n", "its last command's, not lxc's");
    expect_error("members m1\n! lxc list | grep -q c9\n", "'!' before a pipeline or another '!'");
    expect_error("members m1\n! ! lxc list\n", "'!' before a pipeline or another '!'");
    expect_error("members m1\nlxc list ; lxc list ; lxc list\n", "more than two commands joined with ';'");
    expect_error("members m1\n! ! ! ! lxc list\n", "t.scn:2:");
    {
        /* `! A ; B`: ';' drops A's status */
        g_autoptr(GError) error3 = NULL;
        g_autoptr(MsScenario) u = parse("members m1\n! lxc list ; lxc list\n", &error3);
        g_assert_no_error(error3);
        g_assert_cmpint(step_at(u, 0)->expect, ==, MS_EXPECT_ANY);
    }
}

/* ms_shell_parse_argv's words and errors are g_shell_parse_argv's (the
 * truth here) on hand-picked lines and on 20,000 random ones over an
 * alphabet of blanks, quotes, backslashes, '#', control and high bytes
 * and plain characters. */
static void
check_argv_as_glib(const char *line)
{
    g_auto(GStrv) ours = NULL, theirs = NULL;
    g_autoptr(GError) our_error = NULL, their_error = NULL;
    gint our_argc = -1, their_argc = -1;
    gboolean ok = ms_shell_parse_argv(line, &our_argc, &ours, &our_error);

    g_assert_cmpint(ok, ==, g_shell_parse_argv(line, &their_argc, &theirs, &their_error));
    if (!ok) {
        g_assert_cmpstr(our_error->message, ==, their_error->message);
        return;
    }
    g_assert_cmpint(our_argc, ==, their_argc);
    g_assert_true(g_strv_equal((const char *const *) ours, (const char *const *) theirs));
}

static void
test_argv_as_glib(void)
{
    static const char *const lines[] = {
        "lxc move c1 --target m2",
        "  lxc   list  ",
        "",
        "   ",
        "lxc a#b",
        "lxc #c",
        "lxc 'a b' c",
        "lxc \"a\" b",
        "lxc a\\ b",
        "lxc\tlist",
        "lxc\nlist",
        "lxc a\r b",
        "\xc3\xa9t\xc3\xa9 x",
        "lxc config set c1 limits.cpu=2",
        "lxc ;|&$`* x",
        /* quotes the fast path removes itself (no backslash, no '#') */
        "lxc config set c1 user.note 'a b'",
        "lxc a'b c'd \"e f\"g",
        "lxc '' \"\" x",
        "lxc 'a\"b' \"c'd\"",
        "lxc 'a b",
        "lxc a\"",
        "  'x'  ",
    };
    /* lines of words and quotes only, the ones the fast path splits */
    static const char quoted[] = "ab '\"";
    /* \v, \f and bytes above 127 (a UTF-8 é, a lone continuation byte,
     * 0xff) are no blanks for GLib's tokeniser either: words, not splits */
    static const char alphabet[] = "ab =-.$;|&'\"\\# \t\n\r\v\f\x01\x80\xff\xc3\xa9";
    g_autoptr(GRand) rand = g_rand_new_with_seed(31);

    for (guint i = 0; i < G_N_ELEMENTS(lines); i++)
        check_argv_as_glib(lines[i]);
    for (guint i = 0; i < 20000; i++) {
        char line[16];
        guint n = g_rand_int_range(rand, 0, sizeof line);

        for (guint c = 0; c < n; c++)
            line[c] = alphabet[g_rand_int_range(rand, 0, sizeof alphabet - 1)];
        line[n] = '\0';
        check_argv_as_glib(line);
    }
    for (guint i = 0; i < 20000; i++) {
        char line[16];
        guint n = g_rand_int_range(rand, 0, sizeof line);

        for (guint c = 0; c < n; c++)
            line[c] = quoted[g_rand_int_range(rand, 0, sizeof quoted - 1)];
        line[n] = '\0';
        check_argv_as_glib(line);
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/shell-paste/loop", test_loop);
    g_test_add_func("/shell-paste/forms", test_forms);
    g_test_add_func("/shell-paste/prompt-commands", test_prompt_commands);
    g_test_add_func("/shell-paste/lvm-reports", test_lvm_reports);
    g_test_add_func("/shell-paste/jobs-at-end", test_jobs_at_end);
    g_test_add_func("/shell-paste/refused", test_refused);
    g_test_add_func("/shell-paste/report-forms", test_report_forms);
    g_test_add_func("/shell-paste/report-forms-refused", test_report_forms_refused);
    g_test_add_func("/shell-paste/report-forms-quoted", test_report_forms_quoted);
    g_test_add_func("/shell-paste/error-list", test_error_list);
    g_test_add_func("/shell-paste/error-list-by-release", test_error_list_by_release);
    g_test_add_func("/shell-paste/run-error-lines", test_run_error_lines);
    g_test_add_func("/shell-paste/lists", test_lists);
    g_test_add_func("/shell-paste/argv-as-glib", test_argv_as_glib);
    return g_test_run();
}
