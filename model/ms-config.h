/* migsim: key/value config maps and device maps as LXD stores them.
 *
 * A config is a GHashTable of owned strings, except an instance's local
 * config, which is an MsConfigMap (below); a device set maps a device name
 * to its config.  Output never depends on hash order: every dump goes
 * through the sorted-keys helpers here or the map's own (sorted) order. */
#pragma once

#include <glib.h>

#include "ms-devices.h"

G_BEGIN_DECLS

GHashTable *ms_config_new(void);
GHashTable *ms_config_copy(GHashTable *config);
/* (transfer container) NULL-terminated array of borrowed keys in byte order */
/* strcmp of two (const char **): qsort and g_ptr_array_sort of string arrays. */
int ms_compare_string_ptrs(gconstpointer a, gconstpointer b);
const char **ms_config_sorted_keys(GHashTable *config);
void ms_config_set(GHashTable *config, const char *key, const char *value);
const char *ms_config_get(GHashTable *config, const char *key);
gboolean ms_config_equal(GHashTable *a, GHashTable *b);
/* Drops the keys of @config whose value is "": LXD's database stores no
 * empty value, so a key sent empty is unset once saved (CreateConfig,
 * lxd/db/cluster/config.mapper.go:148-152; CreateInstanceConfig,
 * lxd/db/instances.go:1146 at lxd-5.0.2). */
void ms_config_drop_empty(GHashTable *config);
/* Two device sets (name -> device config) alike; a GEqualFunc. */
gboolean ms_devices_equal(gconstpointer a, gconstpointer b);

/* Interned strings: one copy of each distinct string, freed with the pool.
 * A cluster owns one and its copies share it, so equal config strings of
 * different instances are one pointer.  Not thread-safe (migsim is
 * single-threaded). */
typedef struct MsStrPool MsStrPool;
MsStrPool *ms_str_pool_new(void);
MsStrPool *ms_str_pool_ref(MsStrPool *pool);
void ms_str_pool_unref(MsStrPool *pool);
/* (transfer none) valid while @pool lives */
const char *ms_str_pool_intern(MsStrPool *pool, const char *string);
/* (transfer none) @string's copy in @pool, NULL when it has none */
const char *ms_str_pool_lookup(const MsStrPool *pool, const char *string);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsStrPool, ms_str_pool_unref)

/* An instance's local config: key/value pairs sorted by key (byte order) in
 * one allocation, every string interned in the map's pool.  A million
 * instances each touch their config on every move, so it is one cache line
 * and a write of a known value allocates nothing (hash tables cost four
 * allocations plus two strings per entry).  Reference-counted: a shared map
 * is copied by ms_config_map_set before its first change. */
typedef struct MsConfigMap MsConfigMap;
/* @pool NULL: a pool of its own */
MsConfigMap *ms_config_map_new(MsStrPool *pool);
MsConfigMap *ms_config_map_ref(MsConfigMap *map);
void ms_config_map_unref(MsConfigMap *map);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsConfigMap, ms_config_map_unref)
guint ms_config_map_size(const MsConfigMap *map);
/* The @i-th pair in key order. */
const char *ms_config_map_key(const MsConfigMap *map, guint i);
const char *ms_config_map_value(const MsConfigMap *map, guint i);
const char *ms_config_map_get(const MsConfigMap *map, const char *key);
/* The pairs of @map whose keys start with @prefix (@len its length): they
 * are next to each other, from *@first on; how many.  A walk from the
 * start that stops at the first key after them, without a call per key. */
guint ms_config_map_prefix_range(const MsConfigMap *map, const char *prefix, gsize len, guint *first);
/* Sets (@value NULL: removes) @key; *@map is replaced when it was shared or
 * had to grow.  A write of the value already there changes nothing. */
void ms_config_map_set(MsConfigMap **map, const char *key, const char *value);
/* The same pairs with strings from @pool: @map itself (a new reference)
 * when it uses @pool already. */
MsConfigMap *ms_config_map_rehome(MsConfigMap *map, MsStrPool *pool);
/* (transfer full) a config table (ms_config_new) with the same pairs */
GHashTable *ms_config_map_to_table(const MsConfigMap *map);
/* (transfer full) @pool NULL: a pool of its own */
MsConfigMap *ms_config_map_from_table(MsStrPool *pool, GHashTable *config);
/* (transfer full) the @n pairs of @pairs (key, value, key, value ...) in
 * any order, a later pair winning over an earlier one with the same key
 * (as ms_config_set into one table); room for one more pair, as
 * ms_config_map_rehome leaves.  Without the table, its 2n+ allocations and
 * its sort: 10 % of an import (docs/bench.md).  @pool NULL: its own. */
MsConfigMap *ms_config_map_from_pairs(MsStrPool *pool, const char *const *pairs, guint n);
gboolean ms_config_map_equal(const MsConfigMap *a, const MsConfigMap *b);

/* One process-wide copy of @string, never freed (so that a frozen device
 * set may outlive its cluster in a copied instance); thread-safe. */
const char *ms_str_intern_forever(const char *string);
/* Has that table reached its bound (128 MiB)?  Callers that only save
 * memory with it stop using it then. */
gboolean ms_str_forever_full(void);
/* Is @device a root disk (a disk at "/")? */
gboolean ms_device_is_root_disk(const MsDevice *device);
/* The root disk of the device set @devices, or NULL; LXD allows one */
MsDevice *ms_devices_root_disk(MsDevices *devices);

/* g_str_has_prefix(@s, @prefix) for a @prefix of length @len, inline:
 * the first byte decides most keys, without a call. */
static inline gboolean
ms_has_prefix(const char *s, const char *prefix, gsize len)
{
    /* a byte loop, not strncmp: keys are short and differ early (a key
     * shorter than @prefix differs at its NUL) */
    for (gsize i = 0; i < len; i++)
        if (s[i] != prefix[i])
            return FALSE;
    return TRUE;
}

/* LXD's shared.IsTrue: "true", "1", "yes", "on" in any case. */
gboolean ms_is_true(const char *value);
/* LXD's config.Bool validator: true/false/1/0/yes/no/on/off in any case. */
gboolean ms_is_valid_bool(const char *value);

/* strconv.ParseInt(value, 10, 64): an optional sign, decimal digits, in
 * range; what validate.IsInt64 (shared/validate/validate.go:64 at
 * lxd-5.0.2) and the cluster config's int64 keys (lxd/config/schema.go:110)
 * accept */
gboolean ms_is_go_int64(const char *value);

/* Parses "1GiB", "100MiB", "512MB", "1073741824"; FALSE when not a size. */
gboolean ms_parse_size(const char *value, guint64 *bytes);
/* What units.ParseByteSizeString fails with on @value, NULL when it
 * accepts it (validate.IsSize) */
char *ms_byte_size_error(const char *value);
/* The same, and the size it reads into *@bytes */
char *ms_byte_size_parse(const char *value, gint64 *bytes);

G_END_DECLS
