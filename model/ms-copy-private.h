/* migsim: shared by the modules of lxc copy within a cluster: ms-copy-ops.c
 * (placement, the copy itself) and ms-copy-refresh.c (a refresh into an
 * existing instance).  Not installed API. */
#pragma once

#include "ms-apply-private.h"

G_BEGIN_DECLS

/* @copy gets @source's (or the op's snapshot's) local config and devices;
 * with @keep_volatile its volatile keys too, as lxc copy --refresh sends */
void ms_copy_fill(const MsApply *apply, const MsInstance *source, MsInstance *copy, gboolean keep_volatile);
/* whether the copied volume holds a state directory a refused stateful
 * stop left (the snapshot's when copying one) */
gboolean ms_copy_state_dir_copied(const MsApply *apply, const MsInstance *source);
/* appends @source's snapshots to @copy's, each with its record */
void ms_copy_snapshots(const MsInstance *source, MsInstance *copy);
/* createFromCopy's check of @source's snapshots in the other project
 * @project_name (ms-project-restrict.c): FALSE when not modelled (said so) */
gboolean ms_apply_project_copy_snapshots_in(MsApply *apply, const MsInstance *source,
                                            const char *project_name);
/* the pool of @instance's expanded root disk, or NULL (newly allocated) */
char *ms_copy_root_pool_name(const MsCluster *cluster, const MsInstance *instance);
/* fails @apply with "lxc copy --refresh WHAT is not modelled" */
gboolean ms_copy_refresh_not_modelled(MsApply *apply, const char *what);
/* the refresh of @existing from @source on @member with the request's
 * @devices; FALSE when refused or not modelled */
gboolean ms_copy_refresh_existing(MsApply *apply, const MsInstance *source, MsInstance *existing,
                                  const MsMember *member, MsDevices *devices);

G_END_DECLS
