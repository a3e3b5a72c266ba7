/* migsim: what the custom volume handlers share (ms-storage-ops.c,
 * ms-volume-set-ops.c, ms-volume-copy-ops.c): they were one file, split
 * by concern; these were its static helpers. */
#pragma once

#include "ms-apply-private.h"

/* ms-storage-ops.c */

/* The instances whose devices use @volume; *@running when one of them
 * runs. */
guint ms_storage_volume_users(const MsCluster *cluster, const MsVolume *volume, gboolean *running);
/* Whether a profile's disk device names @volume (in use for a delete). */
gboolean ms_storage_volume_in_profile(const MsCluster *cluster, const MsVolume *volume);
/* An instance or a profile uses @volume. */
gboolean ms_storage_volume_in_use(const MsCluster *cluster, const MsVolume *volume);
/* lxc storage volume rename (storagePoolVolumePost); FALSE when refused. */
gboolean ms_storage_volume_rename(MsApply *apply, MsVolume *volume);
/* VOLUME.NOT_FOUND(_TARGETED) when @volume is NULL; FALSE when refused. */
gboolean ms_storage_volume_found(MsApply *apply, const MsVolume *volume);
/* The volume the op names, once its request is forwarded; NULL once
 * refused. */
MsVolume *ms_storage_volume_lookup_forwarded(MsApply *apply);
/* The volume named @name in the op's pool and project, once its request is
 * forwarded; NULL once refused. */
MsVolume *ms_storage_volume_lookup_named(MsApply *apply, const char *name);
/* The pool's name check on a volume snapshot's @name: TRUE when it passes,
 * FALSE once refused or said not modelled. */
gboolean ms_storage_volume_snapshot_name_modelled(MsApply *apply, const char *name);
gboolean ms_storage_volume_snapshot_new_name_modelled(MsApply *apply, const char *name);

/* ms-volume-set-ops.c */

/* Whether the driver's volume rules (ms-volume-keys.c) judge a volume of
 * @pool. */
gboolean ms_storage_volume_rules_judged(const MsApply *apply, const MsPool *pool);
/* Incus on a pool whose driver rules are not read: TRUE (said not
 * modelled) when @keys has a key other than user.*. */
gboolean ms_storage_incus_driver_keys_unread(MsApply *apply, const MsPool *pool, const GPtrArray *keys);
/* A derived release: the snapshot keys judged, other driver keys noted as
 * not read; TRUE when refused */
gboolean ms_storage_derived_volume_keys_refused(MsApply *apply, const MsPool *pool, const char *storage_name,
                                                MsContentType type, GHashTable *config,
                                                const GPtrArray *keys);
/* lxc storage volume set|unset; FALSE when refused. */
gboolean ms_storage_volume_set(MsApply *apply, MsVolume *volume);
/* lxc storage volume edit; FALSE when refused. */
gboolean ms_storage_volume_edit(MsApply *apply);

/* ms-volume-restore.c */

/* lxc storage volume restore: what is refused or not modelled before the
 * volume is looked up; FALSE once answered. */
gboolean ms_storage_volume_restore_parsed(MsApply *apply);
/* lxc storage volume restore of @volume; FALSE when refused. */
gboolean ms_storage_volume_restore(MsApply *apply, MsVolume *volume);

/* ms-volume-snapshot.c */

/* The name of a snapshot of @volume taken without one under its
 * snapshots.pattern @pattern; NULL once said not modelled. */
char *ms_volume_snapshot_pattern_name(MsApply *apply, const MsVolume *volume, const char *pattern);
/* The name of a snapshot of @volume taken without one or a pattern:
 * "snap%d" over its namesakes in every project too. */
char *ms_volume_snapshot_default_name(const MsCluster *cluster, const MsVolume *volume);
/* lxc storage volume rename POOL VOL/SNAP VOL/NEW; FALSE when refused or
 * not modelled. */
gboolean ms_volume_snapshot_rename(MsApply *apply);
/* lxc storage volume delete POOL VOL/SNAP; FALSE when refused or not
 * modelled. */
gboolean ms_volume_snapshot_delete(MsApply *apply);
gboolean ms_volume_snapshot_incus(MsApply *apply);
gboolean ms_volume_snapshot_incus_verb(MsApply *apply);
