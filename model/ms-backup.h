/* migsim: instance backups' requests (model/ms-backup-ops.c). */
#pragma once

#include "ms-json-strict.h"
#include "ms-version.h"

G_BEGIN_DECLS

/* The kind of body lxc query sends for -d @typed (NULL: no -d) at
 * @profile's release: MS_JSON_STRICT_NULL for no body at all; text that is
 * not JSON goes as a JSON string (MS_JSON_STRICT_STRING).  Replay sends the
 * same (sim/live/ms-replay-ops.c). */
MsJsonStrictKind ms_backup_body_from_lxc(const char *typed, const MsProfile *profile);

G_END_DECLS
