/* The start of a unix-char or unix-block device: what unixCommon.Start
 * makes of the host's device file (lxd/device/unix_common.go:175-207 at
 * lxd-5.0.2, :268-300 at lxd-5.21.7, :269-301 at lxd-6.9; Incus
 * internal/server/device/unix_common.go:225-257 at v6.0.4, the same steps at
 * every tag lxd-5.0.0 .. lxd-6.9 and v6.0.0 .. v7.3.0, git grep).  The host's
 * /dev is what the scenario declares (`host-path MEMBER char|block|...`),
 * beside the character devices every Linux host has. */
#include "ms-apply-private.h"

#include <string.h>

/* Character devices every Linux host has (devices.txt: 1,3 null, 1,5 zero,
 * 1,7 full, 1,8 random, 1,9 urandom).  Seen live on 5.0.2: source=/dev/null
 * path=/dev/n0, source=/dev/zero and path=/dev/null hot-plugged into
 * running containers (tools/live-random.py --gen 20 --seeds 20002,
 * 20003); /dev/null as a unix-block device refused with 'Path specified is
 * not a unix-block device' (--gen 20 --seed 20001 scenario 4). */
static const char *const universal_char[] = { "/dev/null",   "/dev/zero",    "/dev/full",
                                              "/dev/random", "/dev/urandom", NULL };

/* What the host has at @path: the state a `host-path` line declared, a
 * universal character device, else UNDECLARED. */
static MsHostPath
unix_host_node(const MsMember *member, const char *path)
{
    MsHostPath state = ms_member_host_path(member, path);

    if (state == MS_HOST_PATH_UNDECLARED && g_strv_contains(universal_char, path))
        return MS_HOST_PATH_CHAR;
    return state;
}

/* unixDeviceSetup makes the node with mknod where LXD runs outside a user
 * namespace, and refuses major, minor, mode, uid and gid inside one ('The
 * "%s" property may not be set when adding a device to a nested
 * container': lxd/device/device_utils_unix.go:107-112 at lxd-5.0.2, :128
 * at lxd-5.21.7 and lxd-6.9); migsim takes the first, and says so when one
 * of them is set. */
static void
assume_not_nested(MsEnv *env, const char *name, MsDevice *device)
{
    const char *set = NULL;

    if (*ms_device_get_lit(device, "major") != '\0')
        set = "major";
    else if (*ms_device_get_lit(device, "minor") != '\0')
        set = "minor";
    else if (*ms_device_get_lit(device, "mode") != '\0')
        set = "mode";
    else if (*ms_device_get_lit(device, "uid") != '\0')
        set = "uid";
    else if (*ms_device_get_lit(device, "gid") != '\0')
        set = "gid";
    if (set != NULL)
        ms_env_assume(env,
                      "%s: %s \"%s\": LXD taken to run outside a user namespace (a nested LXD refuses "
                      "its %s)",
                      env->profile->name, ms_device_get_lit(device, "type"), name, set);
}

/* unixCommon.Start on @member: the source (or, without one, the path) is
 * looked at on the host (unixDeviceSourcePath, unixDeviceAttributes).  A
 * device node of the other type: 'Path specified is not a %s device'
 * (DEV.UNIX_NOT_OURS).  A node of the type: set up (with only one of major
 * and minor, unixDeviceSetup's 'Both major and minor must be supplied for
 * device: %s' names the host path, which a snap's HostPath prefixes: not
 * modelled).  No node (missing, or a file or directory, which
 * unixDeviceAttributes calls "Not a device"): made from major and minor
 * when both are set, skipped when required is false, else 'The required
 * device path doesn't exist and the major and minor settings are not
 * specified' (DEV.UNIX_REQUIRED_MISSING; isRequired: "" or true,
 * unix_common.go:36-43 at lxd-5.0.2).  Seen live on 5.0.2 (lane 2,
 * tests/live/scenarios/unix-start.scn). */
gboolean
ms_unix_device_start_check(MsEnv *env, const MsMember *member, const char *name, MsDevice *device,
                           MsRejection *out)
{
    const char *type = ms_device_get_lit(device, "type");
    const char *source = ms_device_get_lit(device, "source");
    const char *path = *source != '\0' ? source : ms_device_get_lit(device, "path");
    gboolean has_major = *ms_device_get_lit(device, "major") != '\0';
    gboolean has_minor = *ms_device_get_lit(device, "minor") != '\0';
    const char *required = ms_device_get_lit(device, "required");
    MsHostPath node = unix_host_node(member, path);
    gboolean is_node = node == MS_HOST_PATH_CHAR || node == MS_HOST_PATH_BLOCK;

    if (node == MS_HOST_PATH_UNDECLARED)
        return ms_reject_status(
            out, MS_RULE_NONE, 400,
            g_strdup_printf("migsim: not modelled for %s: %s \"%s\" starts only where the host has the "
                            "device file it names; declare what %s has at %s with `host-path %s "
                            "char|block|missing %s`",
                            env->profile->name, type, name, member != NULL ? member->name : "the member",
                            path, member != NULL ? member->name : "MEMBER", path));
    if (is_node) {
        gboolean ours = g_str_equal(type, node == MS_HOST_PATH_CHAR ? "unix-char" : "unix-block");

        /* check sites: DEV_UNIX_NOT_OURS */
        if (ms_env_check(env, MS_RULE_DEV_UNIX_NOT_OURS, name, !ours))
            return ms_reject_rule(out, env->profile, MS_RULE_DEV_UNIX_NOT_OURS, name, type);
        if (has_major != has_minor)
            return ms_reject_status(
                out, MS_RULE_NONE, 400,
                g_strdup_printf("migsim: not modelled for %s: %s \"%s\" sets only one of major and minor; "
                                "LXD's refusal names the host path, which a snap prefixes",
                                env->profile->name, type, name));
        assume_not_nested(env, name, device);
        return TRUE;
    }
    if (has_major && has_minor) {
        assume_not_nested(env, name, device);
        return TRUE;
    }
    /* check sites: DEV_UNIX_REQUIRED_MISSING */
    if (ms_env_check(env, MS_RULE_DEV_UNIX_REQUIRED_MISSING, name, *required == '\0' || ms_is_true(required)))
        return ms_reject_rule(out, env->profile, MS_RULE_DEV_UNIX_REQUIRED_MISSING, name);
    return TRUE;
}

/* unixCommon.Register, the post hook of a started device that is not
 * required: it watches the device's host path (unixDeviceSourcePath, Go's
 * filepath.Clean) with the device monitor, whose Watch refuses a path that
 * does not start with its prefix, /dev ('Path needs to be in /dev':
 * lxd/device/unix_common.go:85-89 Register, device_utils_unix_events.go:52-62
 * unixRegisterHandler, lxd/fsmonitor/drivers/common.go:38-42 Watch at
 * lxd-5.0.2; 'Failed adding' from lxd-6.8; Incus
 * internal/server/device/device_utils_unix_events.go:61 at v6.0.4).  A
 * hot-plug runs the hook in deviceStart, wrapped 'Failed to start device'
 * (@running, DEV.UNIX_WATCH_PATH); an instance start runs it after the
 * container started, then stops it and returns the bare error
 * (lxd/instance/drivers/driver_lxc.go:2436-2444 at lxd-5.0.2,
 * DEV.UNIX_WATCH_PATH_START).  Seen live on 5.0.2: path=/etc/hostname
 * required=false (tests/live/scenarios/unix-start.scn). */
/* ErrInvalidPath's text with the monitor's prefix (lxd/fsmonitor/drivers/
 * errors.go:23, lxd/daemon.go:1416-1419 at lxd-5.0.2) */
#define WATCH_REFUSAL "Path needs to be in /dev"

/* Whether a snap's shared.HostPath leaves @path as it is (shared/util.go:
 * 206-211 at lxd-5.0.2, :222 at lxd-5.21.7, :168 at lxd-6.9). */
static gboolean
unix_snap_aware(const char *path)
{
    static const char *const prefixes[] = { "/dev", "/snap", "/var/snap", "/var/lib/snapd", NULL };

    for (guint i = 0; prefixes[i] != NULL; i++) {
        gsize n = strlen(prefixes[i]);

        if (strncmp(path, prefixes[i], n) == 0 && (path[n] == '\0' || path[n] == '/'))
            return TRUE;
    }
    return FALSE;
}

gboolean
ms_unix_device_watch_check(MsEnv *env, const char *name, MsDevice *device, gboolean running, MsRejection *out)
{
    MsRuleId rule = running ? MS_RULE_DEV_UNIX_WATCH_PATH : MS_RULE_DEV_UNIX_WATCH_PATH_START;
    const char *type = ms_device_get_lit(device, "type");
    const char *source, *path, *required;
    g_autofree char *clean = NULL;
    gboolean outside;

    /* the type first: every device of every start comes here (issue 18) */
    if (!g_str_equal(type, "unix-char") && !g_str_equal(type, "unix-block"))
        return TRUE;
    required = ms_device_get_lit(device, "required");
    if (*required == '\0' || ms_is_true(required))
        return TRUE;
    source = ms_device_get_lit(device, "source");
    path = *source != '\0' ? source : ms_device_get_lit(device, "path");
    if (*path != '/' || strstr(path, "//") != NULL)
        return ms_reject_status(out, MS_RULE_NONE, 400,
                                g_strdup_printf("migsim: not modelled for %s: %s \"%s\" is not required and "
                                                "its path \"%s\" is relative or has a double slash, which "
                                                "the device monitor's watch cleans in ways not followed",
                                                env->profile->name, type, name, path));
    clean = g_canonicalize_filename(path, "/");
    outside = !g_str_has_prefix(clean, "/dev");
    /* LXD (not Incus, whose unixDeviceSourcePath is the bare path:
     * internal/server/device/device_utils_unix.go:77-84 at v6.0.4) watches
     * shared.HostPath of the path, which in a snap prefixes
     * /var/lib/snapd/hostfs to any path not under /dev, /snap, /var/snap or
     * /var/lib/snapd (shared/util.go:174-214 at lxd-5.0.2, :189 at
     * lxd-5.21.7, :160 at lxd-6.9; lxd/device/device_utils_unix.go:73-80 at
     * lxd-5.0.2, :90-97 at lxd-5.21.7 and lxd-6.9).  A snap then refuses
     * every path a plain install refuses, naming the prefixed path, and
     * also refuses /devX or /etc/../dev/X, which a plain install watches:
     * migsim does not know which LXD runs. */
    if (!ms_profile_is_incus(env->profile) && !unix_snap_aware(path)) {
        if (!outside)
            return ms_reject_status(out, MS_RULE_NONE, 400,
                                    g_strdup_printf("migsim: not modelled for %s: %s \"%s\" is not required "
                                                    "and its path \"%s\" is watched by a plain LXD but "
                                                    "refused by a snap's (its HostPath is outside /dev)",
                                                    env->profile->name, type, name, path));
        ms_env_assume(env,
                      "%s: %s \"%s\": LXD taken not to run from a snap (a snap's watch names "
                      "\"/var/lib/snapd/hostfs%s\")",
                      env->profile->name, type, name, clean);
    }
    /* check sites: DEV_UNIX_WATCH_PATH DEV_UNIX_WATCH_PATH_START */
    if (ms_env_check(env, rule, name, outside))
        return running ? ms_reject_rule(out, env->profile, rule, name, clean, WATCH_REFUSAL)
                       : ms_reject_rule(out, env->profile, rule, clean, WATCH_REFUSAL);
    return TRUE;
}
