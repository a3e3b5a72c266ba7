/* migsim: names LXD accepts for new objects, release by release.
 *
 * What a state file, an import or a scenario names must be a name the
 * simulated release would have let exist; a command that creates an object
 * under a name LXD rejects fails as LXD fails it (rule NAME.INVALID).  The
 * per-release table in ms-names.c cites the validators (file:line at the
 * tag).  Pure. */
#pragma once

#include <glib.h>

#include "ms-version.h"

G_BEGIN_DECLS

typedef enum {
    MS_NAME_INSTANCE,
    MS_NAME_PROFILE,
    MS_NAME_POOL,
    MS_NAME_VOLUME,  /* a custom storage volume */
    MS_NAME_MEMBER,  /* a cluster member's server name */
    MS_NAME_PROJECT, /* a project */
    MS_NAME_LAST,
} MsNameKind;

/* NULL when @profile's LXD accepts @name for a new object of @kind; else
 * (transfer full) LXD's error text, as lxc prints it after "Error: ". */
char *ms_name_check(MsNameKind kind, const char *name, const MsProfile *profile);

/* The same for an object that may have been created by an older release
 * and kept through upgrades: NULL when any simulated release up to
 * @profile (every release when NULL) accepts @name; else @profile's error
 * (the latest release's when NULL). */
char *ms_name_check_upto(MsNameKind kind, const char *name, const MsProfile *profile);

/* TRUE when @profile's object names go through Incus' validate.IsAPIName
 * (Incus 6.0.5+, 6.16+): "Invalid profile name: REASON", "Invalid storage
 * pool name: REASON", "Invalid storage volume name: REASON", "Invalid
 * project name: REASON", "Invalid snapshot name: REASON", in place of the
 * older per-kind checks. */
gboolean ms_name_api_checked(const MsProfile *profile);

/* (transfer full) NULL when Incus' validate.IsAPIName at @profile accepts
 * @name, else its reason ("Name contains invalid character \"/\"" ...). */
char *ms_name_api_error(const char *name, const MsProfile *profile);

/* (transfer full) NULL when validate.IsDeviceName accepts @value (LXD and
 * Incus alike), else its reason ("Name must not start with \".\" character" ...). */
char *ms_device_name_error(const char *value);

/* (transfer full) NULL when Incus at @profile accepts @name for a new
 * cluster group, else its error text: clusterGroupValidateName up to 6.0.4
 * and 6.15, "Invalid cluster group name: REASON" (IsAPIName) from 6.0.5
 * and 6.16.  Incus profiles only; @name is not empty (the client refuses
 * an empty name). */
char *ms_name_incus_group_error(const char *name, const MsProfile *profile);

/* (transfer full) NULL when @profile's server accepts @name for a custom
 * volume snapshot, else its error text: the backend's ValidateName ('/'
 * then white space) of LXD 5.0.1-5.20 and of Incus up to 6.0.4 and 6.15,
 * "Invalid storage volume snapshot name: REASON" from Incus 6.0.5 and
 * 6.16.  Not for LXD 5.0.0 or 5.21+ (their checks are not modelled). */
char *ms_name_volume_snapshot_error(const char *name, const MsProfile *profile);

/* TRUE when LXD's cluster group name checks may refuse @name at some
 * release (any character but ASCII letters, digits, '-' and '.', an empty
 * name, "." and ".."): those names are not modelled for LXD. */
gboolean ms_name_lxd_group_suspect(const char *name);

/* (transfer full) NULL when networksPost's quick checks at the Incus
 * release @profile accept @name, else the text: "No name provided", the
 * reserved "none" (from 6.0.2 and 6.4), validate.IsAPIName (from 6.0.5 and
 * 6.16).  Incus profiles only. */
char *ms_name_incus_network_error(const char *name, const MsProfile *profile);

/* (transfer full) NULL when the bridge driver's ValidateName at the Incus
 * release @profile accepts @name, else the text (IsInterfaceName, wrapped
 * "Invalid network name: " from 6.0.5 and 6.16).  Incus profiles only. */
char *ms_name_incus_bridge_error(const char *name, const MsProfile *profile);

/* TRUE when some LXD release's network name checks may refuse @name (not
 * modelled for LXD): empty, "none", under 2 or over 15 bytes, a character
 * other than ASCII letters, digits, '-', '_' and '.', a leading '-' or '.'. */
gboolean ms_name_lxd_network_suspect(const char *name);

/* TRUE when @name holds a character Go's unicode.IsSpace takes for white
 * space (the names' space checks of LXD and Incus). */
gboolean ms_name_has_space(const char *name);

/* "instance", "profile", "storage pool", "storage volume", "member", "project" */
const char *ms_name_kind_label(MsNameKind kind);

/* The LXD source lines the checks of @profile follow (for catalogues). */
const char *ms_name_reference(const MsProfile *profile);

/* @text quoted as Go's %q verb (strconv.Quote) writes it: LXD formats names
 * in errors that way. */
char *ms_go_quote(const char *text);
/* The name a snapshot gets without one, under snapshots.pattern's default
 * "snap%d": one more than the highest N among @names (a snapshot list, in
 * any order) named snapN, 0 when none is. */
char *ms_next_snapshot_name(const GPtrArray *names);

G_END_DECLS
