/* migsim: the files of `migsim explore --shard I/N` and their merge
 * (`--merge DIR...`), sim/cli/ms-cli-explore-shard.c. */
#pragma once

#include <glib.h>

#include "ms-explore.h"

G_BEGIN_DECLS

/* Writes @units (element-type MsExploreUnitResult), shard @shard of
 * @shards of the search @options, as @dir/shard.json and @dir/states.bin. */
gboolean ms_explore_shard_write(const char *dir, const MsExploreOptions *options, guint shard, guint shards,
                                GPtrArray *units, GError **error);

/* Reads the shard directories @dirs (NULL-terminated, at least one): fills
 * @options with their search and @units with every shard's units.  An
 * input error (MS_EXIT_INPUT) naming the directory when one is not a
 * shard, is a shard of another search, repeats a shard, or a shard is
 * missing. */
gboolean ms_explore_shard_load(char **dirs, MsExploreOptions *options, GPtrArray *units, GError **error);

G_END_DECLS
