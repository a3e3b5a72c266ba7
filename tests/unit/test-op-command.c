/* The `lxc` command printed for a parsed operation (ms_op_to_command, used
 * by the explorer to write runnable scenarios and by preflight), against
 * strings written by hand: a spelling lxc accepts (cobra takes --flag=value
 * and flags after the arguments), lxc's flag names (the lxc/ command files at
 * lxd-5.21.7 and lxd-6.9), device keys in the order typed, shell quoting.
 * A round trip of the code with itself could not catch a flag dropped or
 * renamed in both directions; these strings can. */
#include <glib.h>

#include "ms-scenario.h"

static const struct {
    const char *typed;   /* as a user might type it */
    const char *printed; /* what migsim must print for it */
} cases[] = {
    /* lxc/launch.go, lxc/init.go: --vm, --target, -s/--storage, -p, -c */
    { "lxc launch img c1", "lxc launch img c1" },
    { "lxc launch img v1 --vm --target=m2 -s local", "lxc launch img v1 --vm --target=m2 -s local" },
    { "lxc init img c2 --target m1 --storage remote", "lxc init img c2 --target=m1 -s remote" },
    { "lxc launch img 'odd name' -c 'user.note=two words' -p default",
      "lxc launch img 'odd name' -p default -c 'user.note=two words'" },
    { "lxc init --empty e1 --no-profiles", "lxc init e1 --empty --no-profiles" },
    /* lxc/action.go */
    { "lxc start c1", "lxc start c1" },
    { "lxc stop c1 c2 --force", "lxc stop c1 c2 --force" },
    { "lxc stop v1 --stateful", "lxc stop v1 --stateful" },
    { "lxc start v1 --stateless", "lxc start v1 --stateless" },
    /* flags lxc has for another action only (lxc/action.go:140-145 at
     * lxd-5.21.7): kept as typed, so the line lxc refuses prints back */
    { "lxc start v1 --stateful", "lxc start v1 --stateful" },
    { "lxc restart --stateless v1", "lxc restart v1 --stateless" },
    { "lxc delete c1 --force", "lxc delete c1 --force" },
    /* lxc/move.go: live unless --stateless */
    { "lxc move c1 --target=m2 --stateless", "lxc move c1 --target=m2 --stateless" },
    { "lxc move v1 --target m3", "lxc move v1 --target=m3" },
    /* lxc/cluster.go */
    { "lxc cluster evacuate m1 --force", "lxc cluster evacuate m1 --force" },
    { "lxc cluster evacuate m1 --action=stop --force", "lxc cluster evacuate m1 --action=stop --force" },
    { "lxc cluster restore m2 --force --action skip", "lxc cluster restore m2 --action=skip --force" },
    /* lxc/config.go: server keys without an instance */
    { "lxc config set instances.migration.stateful=true",
      "lxc config set instances.migration.stateful=true" },
    { "lxc config set instances.migration.stateful true",
      "lxc config set instances.migration.stateful=true" },
    { "lxc config set v1 migration.stateful=true limits.memory=1GiB",
      "lxc config set v1 migration.stateful=true limits.memory=1GiB" },
    { "lxc config unset v1 migration.stateful", "lxc config unset v1 migration.stateful" },
    /* lxc/config_device.go */
    { "lxc config device add c1 data disk pool=local source=vol path=/srv",
      "lxc config device add c1 data disk pool=local source=vol path=/srv" },
    { "lxc config device remove c1 data", "lxc config device remove c1 data" },
    /* lxc/storage.go, lxc/storage_volume.go */
    { "lxc storage create fast dir --target m1", "lxc storage create fast dir --target=m1" },
    { "lxc storage volume create local foo --type=block --target m1",
      "lxc storage volume create local foo --type=block --target=m1" },
    { "lxc storage volume attach local foo v1", "lxc storage volume attach local foo v1" },
    { "lxc storage volume attach remote rfs c1 data /srv",
      "lxc storage volume attach remote rfs c1 data /srv" },
    { "lxc storage volume detach local foo v1", "lxc storage volume detach local foo v1" },
    /* lxc/profile.go */
    { "lxc profile create p1", "lxc profile create p1" },
    { "lxc profile add c1 p1", "lxc profile add c1 p1" },
    { "lxc profile device add default root disk path=/ pool=local",
      "lxc profile device add default root disk path=/ pool=local" },
    /* lxc/image.go: --alias repeats, --copy-aliases, --target-project */
    { "lxc image copy img local: --alias a1 --target-project p1 --alias a2",
      "lxc image copy img local: --target-project=p1 --alias=a1 --alias=a2" },
    { "lxc image cp local:img local: --copy-aliases --target-project p1 -q",
      "lxc image copy local:img local: --quiet --target-project=p1 --copy-aliases" },
    { "lxc image import busybox.tar.xz --alias img --project p1",
      "lxc image import busybox.tar.xz --alias=img --project=p1" },
    { "lxc image rm img --project p1", "lxc image delete img --project=p1" },
};

static void
test_printed(gconstpointer data)
{
    guint i = GPOINTER_TO_UINT(data);
    g_auto(GStrv) argv = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(MsOp) op = NULL;
    g_autofree char *printed = NULL;

    g_assert_true(g_shell_parse_argv(cases[i].typed, NULL, &argv, &error));
    op = ms_lxc_parse(argv, &error);
    g_assert_no_error(error);
    printed = ms_op_to_command(op);
    g_assert_cmpstr(printed, ==, cases[i].printed);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_set_nonfatal_assertions();
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *name = g_strdup_printf("/op-command/%02u", i);
        g_test_add_data_func(name, GUINT_TO_POINTER(i), test_printed);
    }
    return g_test_run();
}
