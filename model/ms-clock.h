/* migsim: how long each command takes on the simulated clock.
 *
 * Time matters to LXD where it keeps or forgets something after a delay:
 * operation records counted by placement (5 s), cluster.offline_threshold.
 * The durations are measured on the live LXD 5.0.2 cluster of this machine
 * (docs/scenario-language.md#time); they are typical values, not bounds. */
#pragma once

#include <glib.h>

#include "ms-op.h"

G_BEGIN_DECLS

typedef struct {
    MsOpKind kind;
    guint base_ms;      /* the command itself */
    guint variant_ms;   /* launch instead of init, delete --force of a running instance, a running move */
    const char *source; /* where the figure comes from */
} MsDurationDef;

const MsDurationDef *ms_duration_def(MsOpKind kind);
/* The simulated time @op took, given what it did (@outcome's events). */
guint64 ms_clock_duration_ms(const MsOp *op, const MsOutcome *outcome);
/* The part of an evacuation or restore one of its events takes. */
guint ms_clock_event_ms(const MsEvent *event);
/* Parses "30s", "500ms", "2m", "1h", "1.5s"; FALSE when it is not a duration. */
gboolean ms_clock_parse_duration(const char *text, guint64 *ms);

G_END_DECLS
