/* migsim: plain-words explanations of why LXD gave an outcome (--explain). */
#pragma once

#include "ms-cluster.h"
#include "ms-report.h"
#include "ms-scenario.h"

G_BEGIN_DECLS

/* (transfer full) a few lines; never NULL. */
char *ms_explain_step(const MsCluster *cluster, const MsProfile *profile, const MsStep *step,
                      const MsStepResult *result);

/* Where @instance's expanded migration.stateful comes from, in one sentence. */
char *ms_explain_stateful_layer(const MsCluster *cluster, const MsProfile *profile,
                                const MsInstance *instance);

G_END_DECLS
