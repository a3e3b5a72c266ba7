/* migsim: state files — a whole cluster as JSON, loaded strictly.
 *
 * The format is the canonical dump of ms_cluster_to_json() (so the output of
 * `migsim state` loads as is) plus a few optional fields that dump only when
 * they differ from their default; docs/preflight.md is the schema.  Loading
 * rejects unknown, missing and mistyped fields with the JSON path of the
 * offender, and a loaded file dumps byte-identically.  Pure: the caller reads
 * the file and passes its text. */
#pragma once

#include "ms-cluster.h"

G_BEGIN_DECLS

typedef struct {
    MsCluster *cluster;
    const MsProfile *profile; /* the file's "release" */
    char *server_version;     /* what LXD reported, when imported; nullable */
    gint shares;              /* holders beyond the first (ms_state_file_share) */
} MsStateFile;

/* (transfer full) @state itself, with one more holder: a loaded state is
 * read-only (a run works on ms_cluster_copy() of its cluster), so the
 * scenarios of `run --state` share the one loaded instead of each copying
 * 8 MiB of it.  Every holder calls ms_state_file_free(). */
MsStateFile *ms_state_file_share(const MsStateFile *state);
/* Drops one holder; the last frees. */
void ms_state_file_free(MsStateFile *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsStateFile, ms_state_file_free)

/* Limits of a state file, checked before parsing (docs/preflight.md): a
 * state file nests 5 levels deep; json-glib recurses per level. */
#define MS_STATE_MAX_DEPTH 64

/* (transfer full) the state, or NULL with an MS_ERROR_INVALID error whose
 * message begins with "@name: $.json.path: ".  @length -1 = NUL-terminated. */
MsStateFile *ms_state_file_parse(const char *name, const char *text, gssize length, GError **error);
/* Whether ms_state_file_parse() accepts @text, with its error when not,
 * without keeping the instances: import checks the text it writes this
 * way (docs/bench.md: keeping them, a second cluster of every instance,
 * was about a fifth of import's instructions). */
gboolean ms_state_file_check(const char *name, const char *text, gssize length, GError **error);

/* (transfer full) the canonical JSON text (pretty, two-space indent, no
 * trailing newline).  @server_version nullable. */
char *ms_state_file_dump(const MsCluster *cluster, const MsProfile *profile, const char *server_version);

/* The profile to simulate for an LXD server version such as "5.21.3" or
 * "6.10": the exact release, else the nearest older one of its series (5.0,
 * 5.21, 6.x); *exact is FALSE then.  NULL when migsim has no release of
 * that series or older (or the text is not a version). */
const MsProfile *ms_state_profile_for_version(const char *version, gboolean *exact);

G_END_DECLS
