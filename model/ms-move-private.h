/* migsim: shared by the modules of lxc move and lxc rename: ms-move.c (the
 * handlers), ms-move-options.c (the options of a move --target) and
 * ms-pool-move.c (a move -s POOL without --target); ms-project-move.c's move
 * --target-project uses ms_move_has_overrides.  Not installed API. */
#pragma once

#include "ms-apply-private.h"

G_BEGIN_DECLS

/* -p, --no-profiles, -c or -d on a move: what makes lxc send the
 * instance's new profiles, config or devices (lxc/move.go) */
static inline gboolean
ms_move_has_overrides(const MsOp *op)
{
    return op->profiles != NULL || op->no_profiles || op->keys->len > 0 || op->device_overrides != NULL;
}

/* ---- ms-move.c ---- */
/* The instance under its new name (the cluster indexes instances by name). */
void ms_move_rename_in_cluster(MsCluster *cluster, const MsInstance *instance, const char *new_name);
/* NAME.INSTANCE for the new name of a move: TRUE when refused. */
gboolean ms_move_name_invalid(MsApply *apply, const char *new_name);
/* MOVE.NAME_IN_USE for a new name taken in @project: TRUE when refused. */
gboolean ms_move_new_name_taken(MsApply *apply, const char *project);
/* A new name another instance of another project holds: not modelled
 * (TRUE). */
gboolean ms_move_new_name_elsewhere(MsApply *apply, const MsInstance *instance);

/* ---- ms-move-options.c ---- */
/* TRUE when migsim models the --target-project of this move; otherwise
 * says "not modelled". */
gboolean ms_move_target_project_modelled(MsApply *apply, const MsInstance *instance);
/* The same for -p/--profile and --no-profiles of a cluster move. */
gboolean ms_move_profiles_modelled(MsApply *apply, const MsInstance *instance);
/* The requested profiles replace the instance's after the migration. */
void ms_move_set_profiles(MsApply *apply, MsInstance *instance);
/* The same for -s POOL of a cluster move. */
gboolean ms_move_pool_modelled(MsApply *apply, const MsInstance *instance);
/* lxc move's own checks and the options migsim does not follow: TRUE when
 * the move was refused or left as not modelled. */
gboolean ms_move_options_refused(MsApply *apply);
/* Incus' targeted -s POOL move of a stopped instance: the rule the
 * operation refuses it with (MOVE.POOL_SAME: already on POOL;
 * MOVE.POOL_UNKNOWN: no such POOL), or MS_RULE_NONE (ms-move-options.c). */
MsRuleId ms_move_incus_pool_refused(const MsApply *apply, const MsInstance *instance);
/* Incus 7.0-7.3: a stopped instance's move --target with --target-project
 * migrates it to the member and drops the project change (ms-move-options.c). */
gboolean ms_move_incus_drops_project(const MsApply *apply, const MsInstance *instance);
/* Incus: whether `incus move C --target M -s POOL` is the stopped C's copy
 * onto M into another existing pool (ms-move-options.c), and that move
 * once the target's checks passed (ms-pool-move.c). */
gboolean ms_move_incus_target_pool(const MsApply *apply, const MsInstance *instance);
gboolean ms_move_incus_pool_to_member(MsApply *apply, MsInstance *instance, const MsMember *target);

/* ---- ms-pool-move.c ---- */
/* Whether the move is lxc move NAME [NEWNAME] -s POOL without --target as
 * LXD's lxc sends it (one server-side request). */
gboolean ms_move_local_pool(const MsApply *apply);
/* That move (the handler ms_apply_move hands it to). */
gboolean ms_move_to_pool(MsApply *apply);

G_END_DECLS
