/* migsim: gpu devices' validateConfig, every gputype (physical, mdev, mig,
 * sriov), read at lxd-5.0.2, lxd-5.21.7 and lxd-6.9 and Incus v6.0.4
 * (lxd/device/gpu.go gpuValidationRules, gpu_physical.go, gpu_mdev.go,
 * gpu_mig.go, gpu_sriov.go; Incus internal/server/device/ the same names).
 * Compared at every tag lxd-5.0.0 .. lxd-6.9 and Incus v6.0.0 .. v7.3.0
 * (2026-12-06, the functions' bodies without comments): the same everywhere
 * but for the conflict text's "when when" (lxd-5.0.0 .. 5.0.2 and 5.1 ..
 * 5.14), the CDI ids of a physical gpu (lxd-5.21.3+ and lxd-6.2+) and
 * Incus from v6.23.0 (not read: "not modelled").  Lines are at lxd-5.0.2
 * unless a tag is named: gpu.go:7-65, gpu_physical.go:36-76,
 * gpu_mdev.go:208-248, gpu_mig.go:24-75, gpu_sriov.go:25-63; at lxd-6.9
 * gpu_physical.go:43-107 (CDI :85-104).
 *
 * Each validateConfig refuses an instance type it does not support
 * (ErrUnsupportedDevType: physical both, mdev and sriov VMs, mig
 * containers; a profile's, validated for type any, passes), then runs
 * Device.Validate over gpuValidationRules' map (Go's random order: two
 * refused options make LXD name either, "not modelled"), then refuses an
 * unknown option (lxd/device/config/devices.go:44-63; gputype, type and
 * user.* pass), then the pci and id conflicts and mig's source.  A gpu's
 * start needs the host's GPUs and stays "not modelled"
 * (ms-device-runtime.c). */
#include "ms-apply-private.h"
#include "ms-names.h"

#include <string.h>

#define CHECK(rule, condition) ms_env_check(ctx->env, (rule), name, (condition))
#define FAIL(rule, ...) ms_reject_rule(out, ctx->env->profile, (rule), ##__VA_ARGS__)

typedef enum {
    GPU_PHYSICAL,
    GPU_MDEV,
    GPU_MIG,
    GPU_SRIOV,
} GpuType;

/* The options each gputype's validateConfig lists (required and optional
 * alike); physical's uid, gid and mode for a container or a profile only. */
static const char *const common_keys[] = { "vendorid", "productid", "id", "pci", NULL };
static const char *const mig_keys[] = { "mig.gi", "mig.ci", "mig.uuid", NULL };
static const char *const physical_ct_keys[] = { "uid", "gid", "mode", NULL };

/* newByType's switch: mig, mdev and sriov, any other gputype (none, or
 * one LXD does not have) a physical gpu (lxd/device/device_load.go:56-66
 * at lxd-5.0.2, :57-67 at lxd-6.9; Incus :56-66 at v6.0.4). */
static GpuType
gpu_type_from(const char *gputype)
{
    static const char *const names[] = { "physical", "mdev", "mig", "sriov" };
    G_STATIC_ASSERT(G_N_ELEMENTS(names) == GPU_SRIOV + 1);

    for (guint i = 1; i < G_N_ELEMENTS(names); i++)
        if (g_str_equal(gputype, names[i]))
            return (GpuType) i;
    return GPU_PHYSICAL;
}

/* instanceSupported (lxd/device/device_utils_instance.go:9-22) */
static gboolean
gpu_supports(GpuType type, MsInstanceType instance)
{
    switch (type) {
    case GPU_PHYSICAL:
        return TRUE;
    case GPU_MIG:
        return instance == MS_INSTANCE_CONTAINER;
    case GPU_MDEV:
    case GPU_SRIOV:
        return instance == MS_INSTANCE_VM;
    }
    return FALSE;
}

static gboolean
gpu_key_listed(GpuType type, gboolean container_keys, const char *key)
{
    if (g_strv_contains(common_keys, key))
        return TRUE;
    if (type == GPU_MIG)
        return g_strv_contains(mig_keys, key);
    if (type == GPU_MDEV)
        return g_str_equal(key, "mdev");
    if (type == GPU_PHYSICAL && container_keys)
        return g_strv_contains(physical_ct_keys, key);
    return FALSE;
}

static gboolean
all_hex(const char *p, gsize n)
{
    for (gsize i = 0; i < n; i++)
        if (!g_ascii_isxdigit(p[i]))
            return FALSE;
    return TRUE;
}

/* validate.IsPCIAddress: [DDDD:]BB:SS.F in hex (shared/validate/
 * validate.go:544-555 at lxd-5.0.2, :545 at lxd-6.9). */
static gboolean
is_pci_address(const char *value)
{
    gsize n = strlen(value);

    if (n == 12) {
        if (!all_hex(value, 4) || value[4] != ':')
            return FALSE;
        value += 5;
    } else if (n != 7)
        return FALSE;
    return all_hex(value, 2) && value[2] == ':' && all_hex(value + 3, 2) && value[5] == '.' &&
           all_hex(value + 6, 1);
}

/* uuid.Parse as validate.IsUUID calls it (validate.go:536 at lxd-5.0.2,
 * :535 at lxd-6.9): 1 valid, 0 refused, -1 not followed (the {...} and
 * urn:uuid: forms). */
static int
uuid_parses(const char *value)
{
    gsize n = strlen(value);

    if (n == 32)
        return all_hex(value, 32);
    if (n == 38 || n == 45)
        return -1;
    if (n != 36)
        return 0;
    for (gsize i = 0; i < n; i++) {
        gboolean dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? value[i] != '-' : !g_ascii_isxdigit(value[i]))
            return 0;
    }
    return 1;
}

/* One listed option's validator: NULL when it takes @value, else its
 * text (transfer full); *@not_followed set where migsim cannot tell. */
static char *
gpu_option_error(const char *key, const char *value, gboolean required, gboolean *not_followed)
{
    if (*value == '\0')
        return required ? g_strdup("Required value") : NULL; /* validate.IsNotEmpty */
    if (g_str_equal(key, "vendorid") || g_str_equal(key, "productid"))
        return ms_device_is_id(value) ? NULL
                                      : g_strdup("Invalid value, must be four lower case hex characters");
    if (g_str_equal(key, "pci"))
        return is_pci_address(value) ? NULL : g_strdup("Invalid PCI address");
    if (g_str_equal(key, "mig.gi") || g_str_equal(key, "mig.ci")) {
        /* validate.IsUint8: strconv.ParseUint(value, 10, 8) */
        guint n = 0;
        gboolean ok = TRUE;
        for (const char *p = value; *p != '\0' && ok; p++)
            ok = g_ascii_isdigit(*p) && (n = n * 10 + (guint) (*p - '0')) <= 255;
        if (ok)
            return NULL;
        g_autofree char *quoted = ms_go_quote(value);
        return g_strdup_printf("Invalid value for an integer %s. Must be between 0 and 255", quoted);
    }
    if (g_str_equal(key, "mig.uuid")) {
        /* gpuValidMigUUID: IsUUID after a "MIG-" prefix
         * (lxd/device/device_utils_gpu.go:10-16) */
        int parses = uuid_parses(g_str_has_prefix(value, "MIG-") ? value + 4 : value);
        if (parses < 0)
            *not_followed = TRUE;
        return parses == 0 ? g_strdup("Invalid UUID") : NULL;
    }
    if (g_str_equal(key, "uid") || g_str_equal(key, "gid") || g_str_equal(key, "mode")) {
        const char *why = ms_device_unix_option_error(key, value);
        return why != NULL ? g_strdup(why) : NULL;
    }
    return NULL; /* id and mdev: validate.IsAny */
}

/* Is @id what strconv.Atoi parses (physical's CDI check, lxd-6.9
 * gpu_physical.go:85)?  A sign and 18 digits at most are followed. */
static gboolean
atoi_parses(const char *id)
{
    const char *p = id + (*id == '+' || *id == '-');

    if (*p == '\0' || strlen(p) > 18)
        return FALSE;
    for (; *p != '\0'; p++)
        if (!g_ascii_isdigit(*p))
            return FALSE;
    return TRUE;
}

/* A profile's gpu validated for an instance of a type the gputype does
 * not support is skipped (ErrUnsupportedDevType, lxd/instance/drivers/
 * load.go:96-101 at lxd-5.0.2, :99-104 at lxd-6.9). */
static gboolean
skipped_profile_device(const MsDeviceContext *ctx, const char *name)
{
    return !ctx->for_profile && ctx->instance_name != NULL && ctx->local_devices != NULL &&
           !ms_devices_has(ctx->local_devices, name);
}

/* Is @name one of the instance's own devices (not one of its profiles')? */
static gboolean
local_device(const MsDeviceContext *ctx, const char *name)
{
    MsDevices *local = ctx->local_devices != NULL ? ctx->local_devices : ctx->sibling_devices;

    return !ctx->for_profile && ctx->instance_name != NULL && local != NULL && ms_devices_has(local, name);
}

const char *
ms_device_gpu_validate(const MsDeviceContext *ctx, const char *name, MsDevice *device, MsRejection *out,
                       gboolean *valid)
{
    static const MsReleases cdi_ids = MS_REL_SINCE(3, 2);
    const MsProfile *profile = ctx->env->profile;
    gboolean any_type = ctx->for_profile;
    const char *id = ms_device_get_lit(device, "id");
    const char *pci = ms_device_get_lit(device, "pci");
    const char *bad_key = NULL, *unknown = NULL;
    g_autofree char *bad_why = NULL;
    guint n_bad = 0, n_unknown = 0;
    gboolean not_followed = FALSE;
    GpuType type = gpu_type_from(ms_device_get_lit(device, "gputype"));
    MsDeviceIter iter;
    const char *key, *value;

    if (ms_rule_format(MS_RULE_GPU_MIG_SOURCE, profile) == NULL)
        return "on a release whose gpu rules migsim has not read";
    if (!any_type && !gpu_supports(type, ctx->type)) {
        if (skipped_profile_device(ctx, name)) {
            *valid = TRUE;
            return NULL;
        }
        /* the instance's own device in ValidDevices' pass over its local
         * set (load.go:94-103 at lxd-5.0.2: only the expanded pass skips
         * it); seen live on 5.0.2: gpu gputype=mdev on a container */
        if (ctx->mode == MS_VALIDATE_STATIC && local_device(ctx, name)) {
            /* only refused here: elsewhere the answer is "not modelled" below */
            CHECK(MS_RULE_GPU_INSTANCE_TYPE, TRUE);
            *valid = FAIL(MS_RULE_GPU_INSTANCE_TYPE);
            return NULL;
        }
        return "of a gputype the instance type does not support, outside the instance's own validation";
    }
    /* the rules' map, required mdev included even when unset */
    if (type == GPU_MDEV && *ms_device_get_lit(device, "mdev") == '\0') {
        n_bad++;
        bad_key = "mdev";
        bad_why = g_strdup("Required value");
    }
    ms_device_iter_init(&iter, device);
    while (ms_device_iter_next(&iter, &key, &value)) {
        char *why;

        if (g_str_equal(key, "type") || g_str_equal(key, "gputype") || g_str_has_prefix(key, "user."))
            continue;
        if (g_str_has_prefix(key, "initial.") &&
            (ms_profile_is_incus(profile) || profile->version >= MS_VERSION(5, 19, 0)))
            return "with an initial.* option, which the option check passes over";
        if (!gpu_key_listed(type, any_type || ctx->type == MS_INSTANCE_CONTAINER, key)) {
            if (n_unknown++ == 0)
                unknown = key;
            continue;
        }
        if (type == GPU_MDEV && g_str_equal(key, "mdev"))
            continue; /* counted above when empty */
        why = gpu_option_error(key, value, FALSE, &not_followed);
        if (why != NULL && n_bad++ == 0) {
            bad_key = key;
            bad_why = why;
        } else
            g_free(why);
    }
    if (not_followed)
        return "with a mig.uuid in the {...} or urn:uuid: form, which uuid.Parse's version decides";
    if (n_bad > 1)
        return "with two invalid options; LXD names either, picked in Go's random map order";
    if (n_bad == 0 && n_unknown > 1)
        return "with two unknown options; LXD names either, picked in Go's random map order";
    if (CHECK(MS_RULE_GPU_VALUE, bad_key != NULL)) {
        *valid = FAIL(MS_RULE_GPU_VALUE, bad_key, bad_why);
        return NULL;
    }
    if (CHECK(MS_RULE_GPU_KEYS, unknown != NULL)) {
        *valid = FAIL(MS_RULE_GPU_KEYS, unknown);
        return NULL;
    }
    /* pci, then id: the other fields in the slices' order */
    for (guint pass = 0; pass < 2; pass++) {
        static const char *const with_pci[] = { "id", "productid", "vendorid", NULL };
        static const char *const with_id[] = { "pci", "productid", "vendorid", NULL };
        const char *set = pass == 0 ? "pci" : "id";
        const char *clash = NULL;

        if (*(pass == 0 ? pci : id) == '\0')
            continue;
        for (const char *const *f = pass == 0 ? with_pci : with_id; *f != NULL && clash == NULL; f++)
            if (*ms_device_get(device, *f) != '\0')
                clash = *f;
        if (CHECK(MS_RULE_GPU_CONFLICT, clash != NULL)) {
            *valid = FAIL(MS_RULE_GPU_CONFLICT, clash, set);
            return NULL;
        }
    }
    if (type == GPU_PHYSICAL && *id != '\0' && !ms_profile_is_incus(profile) &&
        ms_releases_contain(&cdi_ids, profile->version) && !atoi_parses(id))
        return "with an id that is not a DRM card number (LXD 5.21.3+ and 6.2+ read it as a CDI id)";
    if (type == GPU_MIG) {
        gboolean has_uuid = *ms_device_get_lit(device, "mig.uuid") != '\0';
        gboolean has_gi = *ms_device_get_lit(device, "mig.gi") != '\0';
        gboolean has_ci = *ms_device_get_lit(device, "mig.ci") != '\0';

        if (CHECK(MS_RULE_GPU_MIG_UUID_CONFLICT, has_uuid && (has_gi || has_ci))) {
            *valid = FAIL(MS_RULE_GPU_MIG_UUID_CONFLICT, has_gi ? "mig.gi" : "mig.ci");
            return NULL;
        }
        if (CHECK(MS_RULE_GPU_MIG_SOURCE, !has_uuid && !(has_gi && has_ci))) {
            *valid = FAIL(MS_RULE_GPU_MIG_SOURCE);
            return NULL;
        }
    }
    *valid = TRUE;
    return NULL;
}

#undef CHECK
#undef FAIL
