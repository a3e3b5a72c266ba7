/* migsim: checking a change against a cluster's state before it is made
 * (docs/preflight.md).  What it finds (MsPreflightReport) and its writers
 * are in reports/ms-report-preflight.h. */
#pragma once

#include "ms-cluster.h"
#include "ms-report-preflight.h"
#include "ms-state-file.h"

G_BEGIN_DECLS

/* ---- the check itself ---- */

typedef struct {
    gboolean keep_results; /* fill report->results (with cluster pictures) */
    gboolean full_copies;  /* check each member on a full copy, not a view (tests) */
} MsPreflightOptions;

/* Runs the change @steps (element-type MsStep; commands, directives and
 * assertions of a scenario) on a copy of @base, then evacuates and restores
 * every member in turn from the changed state.  (transfer full) */
MsPreflightReport *ms_preflight_run(const MsStateFile *base, const MsProfile *profile, GPtrArray *steps,
                                    const char *source, const MsPreflightOptions *options);

G_END_DECLS
