/* Unit tests of the scenario parser: what it accepts, and every error path
 * (each must name the file and line and say what was expected). */
#include <glib.h>
#include <string.h>

#include "ms-scenario.h"

static MsScenario *
parse(const char *text, GError **error)
{
    return ms_scenario_parse("t.scn", text, strlen(text), error);
}

static void
expect_error(const char *text, int code, const char *fragment)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) scenario = parse(text, &error);

    g_assert_null(scenario);
    g_assert_error(error, MS_SCENARIO_ERROR, code);
    if (strstr(error->message, fragment) == NULL)
        g_error("error '%s' does not contain '%s'", error->message, fragment);
    g_assert_true(g_str_has_prefix(error->message, "t.scn:"));
}

static void
test_accepts(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) s = parse("# comment\n"
                                    "title  The title \n"
                                    "profile lxd-6.9\n"
                                    "members m1 m2\n"
                                    "pool local dir\n"
                                    "\n"
                                    "$ lxc launch img c1 --target=m1 -s local -c boot.autostart=true\n"
                                    "root@host:~# lxc storage volume create local v --type block \\\n"
                                    "   --target m2\n"
                                    "Error: some \"quoted\" text\n"
                                    "on m2\n"
                                    "lxc config set 'c1' user.note \"two words\"\n"
                                    "expect error \"two\"\n"
                                    "fault member m2 offline\n"
                                    "expect instance c1 location not m2\n"
                                    "expect instance c1 config user.note \"two words\"\n"
                                    "expect volume local/v location m2\n"
                                    "expect server instances.migration.stateful unset\n",
                                    &error);
    MsStep *step;

    g_assert_no_error(error);
    g_assert_cmpstr(s->title, ==, "The title");
    g_assert_cmpstr(s->profile_name, ==, "lxd-6.9");
    g_assert_cmpuint(s->members->len, ==, 2);
    g_assert_cmpuint(s->steps->len, ==, 10);

    step = s->steps->pdata[1];
    g_assert_cmpint(step->kind, ==, MS_STEP_COMMAND);
    g_assert_cmpuint(step->line, ==, 7);
    g_assert_cmpstr(step->text, ==, "lxc launch img c1 --target=m1 -s local -c boot.autostart=true");
    g_assert_cmpint(step->op->kind, ==, MS_OP_INIT);
    g_assert_true(step->op->start);
    g_assert_cmpstr(step->op->target, ==, "m1");
    g_assert_cmpstr(step->op->pool, ==, "local");
    g_assert_cmpstr(step->op->keys->pdata[0], ==, "boot.autostart");
    g_assert_cmpint(step->expect, ==, MS_EXPECT_OK);

    step = s->steps->pdata[2];
    g_assert_cmpint(step->op->kind, ==, MS_OP_VOLUME_CREATE);
    g_assert_cmpstr(step->op->content_type, ==, "block");
    g_assert_cmpstr(step->op->target, ==, "m2");
    g_assert_cmpint(step->expect, ==, MS_EXPECT_ERROR_EXACT);
    g_assert_cmpstr(step->expect_text, ==, "some \"quoted\" text");

    step = s->steps->pdata[4];
    g_assert_cmpint(step->op->kind, ==, MS_OP_CONFIG_SET);
    g_assert_cmpstr(step->op->instance, ==, "c1");
    g_assert_cmpstr(step->op->values->pdata[0], ==, "two words");
    g_assert_cmpint(step->expect, ==, MS_EXPECT_ERROR_CONTAINS);

    step = s->steps->pdata[6];
    g_assert_cmpint(step->kind, ==, MS_STEP_ASSERT);
    g_assert_true(step->negate);
}

static void
test_config_set_forms(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) s = parse("members m1\n"
                                    "lxc config set instances.migration.stateful true\n"
                                    "lxc config set instances.migration.stateful=true\n"
                                    "lxc config set c1 a=1 b=2\n"
                                    "lxc config set c1 key value\n"
                                    /* getConfig: two arguments, the first without "=": key and
                                     * value, whatever the value holds (lxc/utils.go:166) */
                                    "lxc config set c1 raw.lxc lxc.apparmor.profile=unconfined\n"
                                    /* a first argument with "." is a server key (lxc/config.go:512-520) */
                                    "lxc config set core.https_address=:8443 user.x=1\n"
                                    "lxc profile set default raw.lxc lxc.mount.auto=proc:rw\n",
                                    &error);
    MsStep *step;

    g_assert_no_error(error);
    step = s->steps->pdata[0];
    g_assert_null(step->op->instance);
    g_assert_cmpstr(step->op->values->pdata[0], ==, "true");
    step = s->steps->pdata[1];
    g_assert_null(step->op->instance);
    step = s->steps->pdata[2];
    g_assert_cmpstr(step->op->instance, ==, "c1");
    g_assert_cmpuint(step->op->keys->len, ==, 2);
    step = s->steps->pdata[3];
    g_assert_cmpstr(step->op->instance, ==, "c1");
    g_assert_cmpstr(step->op->keys->pdata[0], ==, "key");
    step = s->steps->pdata[4];
    g_assert_cmpstr(step->op->instance, ==, "c1");
    g_assert_cmpuint(step->op->keys->len, ==, 1);
    g_assert_cmpstr(step->op->keys->pdata[0], ==, "raw.lxc");
    g_assert_cmpstr(step->op->values->pdata[0], ==, "lxc.apparmor.profile=unconfined");
    step = s->steps->pdata[5];
    g_assert_null(step->op->instance);
    g_assert_cmpuint(step->op->keys->len, ==, 2);
    step = s->steps->pdata[6];
    g_assert_cmpuint(step->op->keys->len, ==, 1);
    g_assert_cmpstr(step->op->values->pdata[0], ==, "lxc.mount.auto=proc:rw");
}

static void
test_attach_forms(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) s = parse("members m1\n"
                                    "lxc storage volume attach p v c1\n"
                                    "lxc storage volume attach p v c1 /mnt\n"
                                    "lxc storage volume attach p v c1 dev /mnt\n",
                                    &error);
    MsStep *a, *b, *c;

    g_assert_no_error(error);
    a = s->steps->pdata[0], b = s->steps->pdata[1], c = s->steps->pdata[2];
    g_assert_cmpstr(a->op->device, ==, "v");
    g_assert_cmpstr(a->op->path, ==, "");
    g_assert_cmpstr(b->op->device, ==, "v");
    g_assert_cmpstr(b->op->path, ==, "/mnt");
    g_assert_cmpstr(c->op->device, ==, "dev");
    g_assert_cmpstr(c->op->path, ==, "/mnt");
}

static void
test_errors(void)
{
    expect_error("members m1\nfrobnicate all\n", MS_SCENARIO_ERROR_SYNTAX,
                 "t.scn:2: expected an 'lxc' command");
    expect_error("members m1\n$ ls -l\n", MS_SCENARIO_ERROR_UNSUPPORTED,
                 "t.scn:2: only 'lxc', 'incus', 'sleep', 'wait', a one-line 'for' loop, a here-document or "
                 "pipe into lxc or a host command migsim knows can follow a shell prompt, got 'ls -l'");
    expect_error("members m1\nlxc config set c1 user.x \"open\n", MS_SCENARIO_ERROR_SYNTAX,
                 "t.scn:2: cannot split the line");
    expect_error("members m1\non m9\n", MS_SCENARIO_ERROR_UNKNOWN_NAME, "t.scn:2: unknown member 'm9'");
    expect_error("members m1\nfault member m7 offline\n", MS_SCENARIO_ERROR_UNKNOWN_NAME,
                 "unknown member 'm7'");
    expect_error("members m1\nexpect member m4 status ONLINE\n", MS_SCENARIO_ERROR_UNKNOWN_NAME,
                 "unknown member 'm4'");
    expect_error("members m1\nlxc launch img c1\nexpect instance c1 location m5\n",
                 MS_SCENARIO_ERROR_UNKNOWN_NAME, "unknown member 'm5'");
    expect_error("members m1\nlxc publish c1 --alias x\n", MS_SCENARIO_ERROR_UNSUPPORTED,
                 "t.scn:2: 'lxc publish c1 --alias x' is not a command migsim supports");
    /* lxc move has --allow-inconsistent (lxc/move.go:68 at lxd-5.0.2); migsim does not take it
     * (--mode it parses since session 35: scenarios/rules/unfollowed-flags.scn) */
    expect_error("members m1\nlxc move c1 --target m1 --allow-inconsistent\n", MS_SCENARIO_ERROR_UNSUPPORTED,
                 "does not support option '--allow-inconsistent'");
    /* lxc/move.go:77-81 at lxd-5.0.2: one name needs --target, --target-project or -s */
    expect_error("members m1\nlxc move c1\n", MS_SCENARIO_ERROR_UNSUPPORTED, "Invalid number of arguments");
    expect_error("members m1\nlxc launch img\n", MS_SCENARIO_ERROR_UNSUPPORTED,
                 "expects: lxc launch IMAGE NAME");
    expect_error("members m1\nlxc launch img c1 --target\n", MS_SCENARIO_ERROR_UNSUPPORTED, "needs a value");
    expect_error("members m1\nlxc storage volume create p v --type=disk\n", MS_SCENARIO_ERROR_UNSUPPORTED,
                 "--type must be filesystem, block or iso");
    expect_error("members m1\nError: nothing above\n", MS_SCENARIO_ERROR_SYNTAX,
                 "t.scn:2: 'Error:' line has no command above it");
    expect_error("members m1\nlxc list\nexpect ok\nexpect any\n", MS_SCENARIO_ERROR_SYNTAX,
                 "t.scn:4: the command on line 2 already has an expected outcome (line 3)");
    expect_error("members m1\nexpect instance ghost status RUNNING\n", MS_SCENARIO_ERROR_UNKNOWN_NAME,
                 "t.scn:2: unknown instance 'ghost'");
    expect_error("members m1\nexpect volume p/v location m1\n", MS_SCENARIO_ERROR_UNKNOWN_NAME,
                 "unknown volume 'p/v'");
    expect_error("members m1\nexpect profile nope device d k v\n", MS_SCENARIO_ERROR_UNKNOWN_NAME,
                 "unknown profile 'nope'");
    expect_error("members m1\nlxc launch img c1\nexpect instance c1 status PAUSED\n",
                 MS_SCENARIO_ERROR_SYNTAX, "status must be RUNNING or STOPPED");
    expect_error("members m1\nexpect instance\n", MS_SCENARIO_ERROR_SYNTAX,
                 "expected 'expect instance|profile|member|volume|server");
    expect_error("lxc list\n", MS_SCENARIO_ERROR_SYNTAX, "must come before the first command");
    expect_error("title x\n", MS_SCENARIO_ERROR_SYNTAX, "a scenario needs a cluster");
    expect_error("members m1 m1\n", MS_SCENARIO_ERROR_SYNTAX, "listed twice");
    expect_error("members m1\nmembers m2\n", MS_SCENARIO_ERROR_SYNTAX, "may appear only once");
    expect_error("members m1\npool local\n", MS_SCENARIO_ERROR_SYNTAX, "expected: pool NAME DRIVER");
    expect_error("members m1\nfault member m1 exploded\n", MS_SCENARIO_ERROR_SYNTAX,
                 "unknown fault 'exploded'");
    expect_error("members m1\nlxc list\nprofile lxd-6.9\n", MS_SCENARIO_ERROR_SYNTAX,
                 "'profile' must come before the first step");
    expect_error("members m1\npool p nosuch\n", MS_SCENARIO_ERROR_SYNTAX,
                 "t.scn:2: unknown storage driver 'nosuch'");
    expect_error("members m1\nlxc launch img c1\nexpect instance c1 config\n", MS_SCENARIO_ERROR_SYNTAX,
                 "t.scn:3: expected: expect instance NAME config KEY");
    expect_error("members m1\nlxc list \\", MS_SCENARIO_ERROR_SYNTAX, "t.scn:2: the line continues");
}

static gboolean
in_set(const char *set, const char *release)
{
    g_autoptr(GError) error = NULL;
    MsReleaseMask mask = 0;

    g_assert_true(ms_release_mask_parse(set, &mask, &error));
    g_assert_no_error(error);
    return ms_release_mask_has(mask, ms_profile_lookup(release));
}

/* Release sets, against hand-written memberships (LTS series are branches). */
static void
test_release_sets(void)
{
    g_autoptr(GError) error = NULL;
    MsReleaseMask mask = 0;

    g_assert_true(in_set("lxd-5.21.0..5.21.4", "lxd-5.21.4"));
    g_assert_false(in_set("lxd-5.21.0..5.21.4", "lxd-5.21.5"));
    g_assert_false(in_set("lxd-5.21.0..lxd-5.21.4", "lxd-5.0.2"));
    g_assert_true(in_set("lxd-5.21.5+", "lxd-5.21.7"));
    g_assert_false(in_set("lxd-5.21.5+", "lxd-6.9"));
    g_assert_true(in_set("lxd-6.6+", "lxd-6.9"));
    g_assert_false(in_set("lxd-6.6+", "lxd-6.5"));
    g_assert_true(in_set("lxd-5.0.2,lxd-6.x", "lxd-6.1"));
    g_assert_false(in_set("lxd-5.0.2,lxd-6.x", "lxd-5.21.7"));
    g_assert_true(in_set("lxd-5.0.2..lxd-6.1", "lxd-5.21.3"));
    g_assert_true(in_set("lxd-6.9", "lxd-6.9"));
    g_assert_false(ms_release_mask_parse("lxd-5.21.9", &mask, &error));
    g_assert_nonnull(strstr(error->message, "unknown release 'lxd-5.21.9'"));
    g_clear_error(&error);
    g_assert_false(ms_release_mask_parse("lxd-6.4..6.2", &mask, &error));
    g_assert_nonnull(strstr(error->message, "ends before it starts"));
    g_clear_error(&error);
    g_assert_false(ms_release_mask_parse("6.4", &mask, &error));
    g_clear_error(&error);
    g_assert_false(ms_release_mask_parse("lxd-6.4,", &mask, &error));
}

/* `expect timeout`, `expect[SET] timeout` and `fault migration NAME hang`
 * (docs/scenario-language.md#hangs-and-expect-timeout) */
static void
test_expect_timeout(void)
{
    static const char text[] = "members m1 m2\nlxc launch img c1\nfault migration c1 hang\n"
                               "lxc move c1 --target m2\nexpect timeout\n"
                               "lxc move c1 --target m2\nexpect[lxd-6.9] timeout\n";
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) s = parse(text, &error);
    const MsStep *fault, *cmd;

    g_assert_no_error(error);
    fault = s->steps->pdata[1];
    g_assert_cmpint(fault->kind, ==, MS_STEP_FAULT);
    g_assert_cmpstr(fault->fault, ==, "hang");
    g_assert_null(fault->value);
    cmd = s->steps->pdata[2];
    g_assert_cmpint(cmd->expect, ==, MS_EXPECT_TIMEOUT);
    cmd = s->steps->pdata[3];
    g_assert_cmpint(((MsReleaseExpect *) cmd->release_expects->pdata[0])->kind, ==, MS_EXPECT_TIMEOUT);
    expect_error("members m1\nlxc launch img c1\nfault instance c1 hang\n", MS_SCENARIO_ERROR_SYNTAX,
                 "t.scn:3: expected: fault instance NAME start-fail \"TEXT\" | fault instance NAME start-ok");
    expect_error("members m1\nlxc list\nexpect timeout 10s\n", MS_SCENARIO_ERROR_SYNTAX,
                 "t.scn:3: expected 'expect ok', 'expect any', 'expect timeout', 'expect error' or 'expect "
                 "error \"TEXT\"'");
}

/* `fault migration NAME dest-fail "TEXT"`: parsed with its text; without
 * a text, and on an instance, refused with the forms the directive takes
 * (docs/scenario-language.md#injected-failures) */
static void
test_fault_dest_fail(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) s =
        parse("members m1 m2\nlxc launch img c1\nfault migration c1 dest-fail \"Failed creating instance\"\n",
              &error);
    const MsStep *fault;

    g_assert_no_error(error);
    fault = s->steps->pdata[1];
    g_assert_cmpint(fault->kind, ==, MS_STEP_FAULT);
    g_assert_cmpstr(fault->subject, ==, "migration");
    g_assert_cmpstr(fault->fault, ==, "dest-fail");
    g_assert_cmpstr(fault->value, ==, "Failed creating instance");
    expect_error("members m1\nlxc launch img c1\nfault migration c1 dest-fail\n", MS_SCENARIO_ERROR_SYNTAX,
                 "t.scn:3: expected: fault migration NAME fail \"TEXT\" | fault migration NAME ok | fault "
                 "migration NAME dest-fail \"TEXT\" | fault migration NAME hang");
    expect_error("members m1\nlxc launch img c1\nfault instance c1 dest-fail \"x\"\n",
                 MS_SCENARIO_ERROR_SYNTAX,
                 "t.scn:3: expected: fault instance NAME start-fail \"TEXT\" | fault instance NAME start-ok");
}

static void
test_release_qualified(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) s = parse("releases lxd-5.21.0+ lxd-6.1+\n"
                                    "members m1 m2\n"
                                    "lxc launch img c1\n"
                                    "Error[lxd-5.21.0..5.21.4]: old text\n"
                                    "expect[lxd-6.6+] error \"new\"\n"
                                    "expect any\n"
                                    "expect[lxd-6.6+] instance c1 location m2\n",
                                    &error);
    const MsStep *cmd, *check;

    g_assert_no_error(error);
    g_assert_true(ms_release_mask_has(s->releases, ms_profile_lookup("lxd-6.1")));
    g_assert_false(ms_release_mask_has(s->releases, ms_profile_lookup("lxd-5.0.2")));
    cmd = s->steps->pdata[0];
    g_assert_cmpint(cmd->expect, ==, MS_EXPECT_ANY);
    g_assert_cmpuint(cmd->release_expects->len, ==, 2);
    g_assert_cmpstr(((MsReleaseExpect *) cmd->release_expects->pdata[0])->text, ==, "old text");
    g_assert_cmpint(((MsReleaseExpect *) cmd->release_expects->pdata[1])->kind, ==, MS_EXPECT_ERROR_CONTAINS);
    check = s->steps->pdata[1];
    g_assert_true(ms_step_applies(check, ms_profile_lookup("lxd-6.7")));
    g_assert_false(ms_step_applies(check, ms_profile_lookup("lxd-5.21.7")));

    expect_error("members m1\nlxc list\nError[lxd-6.1..6.5]: a\nError[lxd-6.5+]: b\n",
                 MS_SCENARIO_ERROR_SYNTAX,
                 "t.scn:4: the command on line 2 already has an expected outcome for lxd-6.5 (line 3)");
    expect_error("members m1\nlxc list\nError[lxd-7.0]: a\n", MS_SCENARIO_ERROR_SYNTAX,
                 "t.scn:3: in '[lxd-7.0]': unknown release");
    expect_error("members m1\nlxc list\nError[lxd-6.1 oops\n", MS_SCENARIO_ERROR_SYNTAX,
                 "expected: Error[RELEASES]: MESSAGE");
    expect_error("releases lxd-6.x\nmembers m1\nlxc list\nError[lxd-5.0.2]: a\n", MS_SCENARIO_ERROR_SYNTAX,
                 "names releases outside the scenario's 'releases lxd-6.x'");
    expect_error("releases lxd-6.x\nprofile lxd-5.0.2\nmembers m1\n", MS_SCENARIO_ERROR_SYNTAX,
                 "'profile lxd-5.0.2' is not one of 'releases lxd-6.x'");
    expect_error("members m1\nexpect[lxd-6.1] ok\n", MS_SCENARIO_ERROR_SYNTAX,
                 "'expect ok' has no command above it");
    expect_error("members m1\nlxc list\nexpect[lxd-6.1] ok now\n", MS_SCENARIO_ERROR_SYNTAX,
                 "expected 'expect[lxd-6.1] ok'");
}

static void
test_binary_input(void)
{
    static const char nul[] = "members m1\nlxc li\0st\n";
    static const char latin1[] = "members m1\ntitle caf\xe9\n";
    g_autoptr(GError) e1 = NULL, e2 = NULL;

    g_assert_null(ms_scenario_parse("b.scn", nul, sizeof(nul) - 1, &e1));
    g_assert_error(e1, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_SYNTAX);
    g_assert_true(strstr(e1->message, "b.scn:2: the file contains a NUL byte") != NULL);
    g_assert_null(ms_scenario_parse("b.scn", latin1, sizeof(latin1) - 1, &e2));
    g_assert_true(strstr(e2->message, "not valid UTF-8") != NULL);
}

/* `incus` lines: the Incus client's words (cmd/incus/create.go:42,53,
 * snapshot.go:76, cluster.go:1450 at v6.0.4), the same ops as lxc's */
static void
test_incus(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) s = parse("members m1 m2\n"
                                    "incus create img c1 --target m1\n"
                                    "incus init img c2\n"
                                    "$ incus snapshot create c1 s1\n"
                                    "incus cluster evac m1 --force\n"
                                    "incus start c1\n"
                                    "Error: boom\n"
                                    "Try `incus info --show-log c1` for more info\n",
                                    &error);
    const MsProfile *lxd = ms_profile_lookup("lxd-5.21.7");
    const MsProfile *incus = ms_profile_lookup("incus-6.0.4");
    const MsStep *step;
    g_autofree char *refusal = NULL;
    g_autofree char *printed = NULL;

    g_assert_no_error(error);
    g_assert_cmpuint(s->steps->len, ==, 5);
    g_assert_cmpuint(s->incus_line, ==, 2);
    g_assert_true(ms_scenario_for_incus(s));
    g_assert_true(ms_release_mask_has(ms_scenario_releases(s), incus));
    g_assert_false(ms_release_mask_has(ms_scenario_releases(s), lxd));
    step = s->steps->pdata[0];
    g_assert_cmpint(step->op->kind, ==, MS_OP_INIT);
    g_assert_true(step->op->incus);
    printed = ms_op_to_command(step->op);
    g_assert_cmpstr(printed, ==, "incus create img c1 --target=m1");
    step = s->steps->pdata[2];
    g_assert_cmpint(step->op->kind, ==, MS_OP_SNAPSHOT);
    g_assert_cmpstr(step->op->snapshot, ==, "s1");
    step = s->steps->pdata[3];
    g_assert_cmpint(step->op->kind, ==, MS_OP_EVACUATE);
    g_assert_cmpstr(((MsStep *) s->steps->pdata[4])->error_trailer, ==,
                    "Try `incus info --show-log c1` for more info");
    /* an incus line under LXD is refused; under Incus it runs as typed */
    refusal = ms_lxc_client_refusal(step->op, lxd, NULL);
    g_assert_nonnull(refusal);
    g_assert_true(strstr(refusal, "'incus cluster evacuate' is a command of the Incus client") != NULL);
    g_assert_null(ms_lxc_client_refusal(step->op, incus, NULL));

    expect_error("members m1\nincus snapshot c1 s1\n", MS_SCENARIO_ERROR_UNSUPPORTED,
                 "t.scn:2: 'incus snapshot c1' is not a command: Incus takes 'incus snapshot create");
    /* Incus has these (cmd/incus/snapshot.go:451 at v6.0.4): not simulated, not "not a command" */
    expect_error("members m1\nincus snapshot rename c1 s1 s2\n", MS_SCENARIO_ERROR_UNSUPPORTED,
                 "t.scn:2: 'incus snapshot rename' is not simulated: migsim takes 'incus snapshot create");
    expect_error("members m1\nincus admin cluster evacuate m1\n", MS_SCENARIO_ERROR_UNSUPPORTED,
                 "t.scn:2: 'incus admin cluster' is not simulated");
    expect_error("members m1\nincus placement-group create g\n", MS_SCENARIO_ERROR_UNSUPPORTED,
                 "t.scn:2: 'incus placement-group create' is not a command");
    /* the incus client itself: 'Error: unknown command "restore" for "incus
     * storage volume"' (incus 6.0.4, 2026-12-06) */
    expect_error(
        "members m1\nincus storage volume restore local v1 s1\n", MS_SCENARIO_ERROR_UNSUPPORTED,
        "t.scn:2: 'incus storage volume restore' is not a command: Incus takes 'incus storage volume "
        "snapshot restore POOL VOLUME SNAPSHOT'");
    expect_error("members m1\nincus create img\n", MS_SCENARIO_ERROR_UNSUPPORTED,
                 "t.scn:2: 'incus create' expects: incus create IMAGE NAME");
}

/* `lxc` lines under an Incus release: translated where Incus spells the
 * command otherwise, refused where it has none */
static void
test_lxc_under_incus(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) s =
        parse("members m1\nlxc snapshot c1 s1\nlxc init img c2\nlxc placement-group create g\n", &error);
    const MsProfile *incus = ms_profile_lookup("incus-6.0.4");
    g_autofree char *translated = NULL;
    g_autofree char *none = NULL;
    g_autofree char *refusal = NULL;

    g_assert_no_error(error);
    g_assert_false(ms_scenario_for_incus(s));
    g_assert_null(ms_lxc_client_refusal(((MsStep *) s->steps->pdata[0])->op, incus, &translated));
    g_assert_cmpstr(translated, ==, "incus snapshot create c1 s1");
    /* incus init is an alias of create: nothing to translate */
    g_assert_null(ms_lxc_client_refusal(((MsStep *) s->steps->pdata[1])->op, incus, &none));
    g_assert_null(none);
    refusal = ms_lxc_client_refusal(((MsStep *) s->steps->pdata[2])->op, incus, NULL);
    g_assert_nonnull(refusal);
    g_assert_true(strstr(refusal, "'lxc placement-group create' has no Incus equivalent") != NULL);
}

static void
test_missing_file(void)
{
    g_autoptr(GError) error = NULL;

    g_assert_null(ms_scenario_load("/nonexistent/x.scn", &error));
    g_assert_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_IO);
    g_assert_true(g_str_has_prefix(error->message, "/nonexistent/x.scn: "));
}

/* lxc project switch: the later lines' project follows the switch's
 * expected outcome (hand-written: lxc/project.go:727-736 at lxd-5.0.2
 * writes the project only after the server has it) */
static void
test_project_switch(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(MsScenario) s = parse("members m1 m2\n"
                                    "lxc project switch p1\n"
                                    "lxc init img c1\n"
                                    "lxc init img c2 --project default\n"
                                    "lxc project switch p2\n"
                                    "Error: Project not found\n"
                                    "lxc list\n"
                                    "lxc project delete p3\n"
                                    "lxc project switch default\n"
                                    "lxc init img c3\n",
                                    &error);
    const char *want[] = { "p1", "p1", "default", "p2", "p1", "p3", "default", NULL };

    g_assert_no_error(error);
    g_assert_cmpuint(s->steps->len, ==, 8);
    for (guint i = 0; i < 7; i++)
        g_assert_cmpstr(((MsStep *) s->steps->pdata[i])->op->project, ==, want[i]);
    g_assert_null(((MsStep *) s->steps->pdata[7])->op->project);

    expect_error("members m1\nlxc project switch p1\nexpect any\nlxc list\n", MS_SCENARIO_ERROR_UNSUPPORTED,
                 "depends on whether its 'lxc project switch' succeeds");
    expect_error("releases lxd-5.0.2,lxd-6.9\nmembers m1\nlxc project switch p1\n"
                 "Error[lxd-5.0.2]: Project not found\nlxc list\n",
                 MS_SCENARIO_ERROR_UNSUPPORTED, "which differs by release (line 4)");
    expect_error("members m1\nremote r2 standalone\nlxc project switch r2:p1\n",
                 MS_SCENARIO_ERROR_UNSUPPORTED, "a remote other than the local one is not modelled");
    expect_error("members m1\nremote r2 standalone\nlxc project switch p1\nlxc copy c1 r2:c1\n",
                 MS_SCENARIO_ERROR_UNSUPPORTED, "a line naming a remote after 'lxc project switch p1'");
    expect_error("members m1\nlxc project switch p1 &\n", MS_SCENARIO_ERROR_UNSUPPORTED,
                 "a project switch in the background is not modelled");
}

/* the standard input of lxc ... edit: each form gives the same YAML to
 * the op (written here by hand), and each form migsim does not read is
 * refused at its line */
static void
test_edit_stdin(void)
{
    static const char *const forms[] = {
        "lxc profile edit p1 <<EOF\nconfig:\n  limits.cpu: \"2\"\nEOF\n",
        "lxc profile edit p1 <<-'EOF'\n\tconfig:\n\t  limits.cpu: \"2\"\n\tEOF\n",
        "$ cat <<EOF | lxc profile edit p1\n> config:\n>   limits.cpu: \"2\"\n> EOF\n",
        "cat > p1.yaml <<EOF\nconfig:\n  limits.cpu: \"2\"\nEOF\nlxc profile edit p1 < p1.yaml\n",
        "cat > p1.yaml <<EOF\nconfig:\n  limits.cpu: \"2\"\nEOF\ncat p1.yaml | sudo lxc profile edit p1\n",
        "printf 'config:\\n  limits.cpu: \"2\"\\n' | lxc profile edit p1\n",
        "echo -e 'config:\\n  limits.cpu: \"2\"' | lxc profile edit p1\n",
    };

    for (guint i = 0; i < G_N_ELEMENTS(forms); i++) {
        g_autoptr(GError) error = NULL;
        g_autofree char *text = g_strconcat("members m1\nlxc profile create p1\n", forms[i], NULL);
        g_autoptr(MsScenario) s = parse(text, &error);
        const MsStep *step;

        g_assert_no_error(error);
        step = s->steps->pdata[s->steps->len - 1];
        g_assert_cmpint(step->op->kind, ==, MS_OP_PROFILE_EDIT);
        g_assert_cmpstr(step->op->stdin_text, ==, "config:\n  limits.cpu: \"2\"\n");
    }
    expect_error("members m1\nlxc profile edit p1\n", MS_SCENARIO_ERROR_UNSUPPORTED,
                 "t.scn:2: 'lxc profile edit' opens an editor");
    expect_error("members m1\nlxc profile edit p1 <<EOF\nconfig: {}\n", MS_SCENARIO_ERROR_SYNTAX,
                 "t.scn:2: the here-document ('<<EOF') has no line 'EOF' to end it");
    expect_error("members m1\nlxc profile edit p1 <<EOF\nconfig:\n\tlimits.cpu: 2\nEOF\n",
                 MS_SCENARIO_ERROR_UNSUPPORTED, "t.scn:4: the YAML for 'lxc profile edit' is outside");
    expect_error("members m1\nlxc profile edit p1 < p1.yaml\n", MS_SCENARIO_ERROR_UNSUPPORTED,
                 "t.scn:2: 'p1.yaml' is not written above");
    expect_error("members m1\nprintf 'x: y\\n' | lxc profile create p1\n", MS_SCENARIO_ERROR_UNSUPPORTED,
                 "t.scn:2: 'lxc profile create' reads no standard input");
    expect_error("members m1\nprintf '%s' x | lxc profile edit p1\n", MS_SCENARIO_ERROR_UNSUPPORTED,
                 "only printf with one argument");
    expect_error("members m1\necho \"$YAML\" | lxc profile edit p1\n", MS_SCENARIO_ERROR_UNSUPPORTED,
                 "a shell expansion");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/parser/accepts", test_accepts);
    g_test_add_func("/parser/config-set-forms", test_config_set_forms);
    g_test_add_func("/parser/attach-forms", test_attach_forms);
    g_test_add_func("/parser/errors", test_errors);
    g_test_add_func("/parser/incus", test_incus);
    g_test_add_func("/parser/lxc-under-incus", test_lxc_under_incus);
    g_test_add_func("/parser/binary-input", test_binary_input);
    g_test_add_func("/parser/release-sets", test_release_sets);
    g_test_add_func("/parser/release-qualified", test_release_qualified);
    g_test_add_func("/parser/expect-timeout", test_expect_timeout);
    g_test_add_func("/parser/fault-dest-fail", test_fault_dest_fail);
    g_test_add_func("/parser/missing-file", test_missing_file);
    g_test_add_func("/parser/project-switch", test_project_switch);
    g_test_add_func("/parser/edit-stdin", test_edit_stdin);
    return g_test_run();
}
