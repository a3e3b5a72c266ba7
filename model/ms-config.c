/* migsim: config and device maps. */
#include "ms-config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

GHashTable *
ms_config_new(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

GHashTable *
ms_config_copy(GHashTable *config)
{
    GHashTable *copy = ms_config_new();
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init(&iter, config);
    while (g_hash_table_iter_next(&iter, &key, &value))
        g_hash_table_insert(copy, g_strdup(key), g_strdup(value));
    return copy;
}

int
ms_compare_string_ptrs(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

const char **
ms_config_sorted_keys(GHashTable *config)
{
    guint n = 0;
    const char **keys = (const char **) g_hash_table_get_keys_as_array(config, &n);

    qsort(keys, n, sizeof(char *), ms_compare_string_ptrs);
    return keys;
}

void
ms_config_set(GHashTable *config, const char *key, const char *value)
{
    const char *old;

    if (value == NULL) {
        g_hash_table_remove(config, key);
        return;
    }
    /* evacuations rewrite volatile keys with the value they already have:
     * skip the two copies and frees */
    old = g_hash_table_lookup(config, key);
    if (old != NULL && strcmp(old, value) == 0)
        return;
    g_hash_table_insert(config, g_strdup(key), g_strdup(value));
}

const char *
ms_config_get(GHashTable *config, const char *key)
{
    /* most profile and server maps are empty: skip hashing the key */
    if (config == NULL || g_hash_table_size(config) == 0)
        return NULL;
    return g_hash_table_lookup(config, key);
}

gboolean
ms_config_equal(GHashTable *a, GHashTable *b)
{
    GHashTableIter iter;
    gpointer key, value;

    if (g_hash_table_size(a) != g_hash_table_size(b))
        return FALSE;
    g_hash_table_iter_init(&iter, a);
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        const char *other = g_hash_table_lookup(b, key);
        if (other == NULL || strcmp(other, value) != 0)
            return FALSE;
    }
    return TRUE;
}

gboolean
ms_devices_equal(gconstpointer a, gconstpointer b)
{
    MsDevices *da = (MsDevices *) a, *db = (MsDevices *) b;
    MsDevicesIter iter;
    const char *name;
    MsDevice *device;

    if (ms_devices_count(da) != ms_devices_count(db))
        return FALSE;
    ms_devices_iter_init(&iter, da);
    while (ms_devices_iter_next(&iter, &name, &device)) {
        MsDevice *other = ms_devices_lookup(db, name);
        if (other == NULL || !ms_device_equal(device, other))
            return FALSE;
    }
    return TRUE;
}

#define POOL_CACHE_SIZE 64

struct MsStrPool {
    gint ref;
    GHashTable *strings; /* each string is its own key and value */
    /* the strings themselves, packed without a malloc header each (a pool
     * frees none before it goes: at a million instances a cluster's pool
     * holds a million distinct values, user.id in the rolling bench) */
    GStringChunk *chunk;
    /* the last strings interned, by the caller's pointer: a move interns
     * the same few member names and states over and over, and a compare
     * of two short strings costs a tenth of a hash lookup.  An entry is
     * a hint only: its content is compared before it is used.  Made after
     * POOL_CACHE_SIZE interns, so that the short-lived pool of an instance
     * not yet in a cluster stays small.  Two ways a set (pool_cache_set):
     * with one, two pointers of a set evicted each other on every intern,
     * as the literals "RUNNING" and "STOPPED" of ms_instance_mark_started
     * and ms_instance_mark_stopped did, 12 bytes apart in .rodata (a
     * trace of the misses, docs/bench.md "Twenty-ninth round"). */
    guint n_interns;
    struct {
        const char *from;
        const char *interned;
    } * cache;
};

/* The first of the two entries of @string's set in a pool's cache.  The
 * pointer's low bits mixed with the next ones: two pointers in one 32-byte
 * block (literals side by side) never share a set, where the set from
 * bits 4 and up put them in one. */
#define POOL_CACHE_SETS (POOL_CACHE_SIZE / 2)
static inline guint
pool_cache_set(const char *string)
{
    guintptr p = (guintptr) string;

    return 2 * (guint) ((p ^ (p >> 5)) % POOL_CACHE_SETS);
}

MsStrPool *
ms_str_pool_new(void)
{
    MsStrPool *pool = g_new0(MsStrPool, 1);

    pool->ref = 1;
    pool->strings = g_hash_table_new(g_str_hash, g_str_equal);
    pool->chunk = g_string_chunk_new(512);
    return pool;
}

MsStrPool *
ms_str_pool_ref(MsStrPool *pool)
{
    pool->ref++;
    return pool;
}

void
ms_str_pool_unref(MsStrPool *pool)
{
    if (pool == NULL || --pool->ref > 0)
        return;
    g_hash_table_unref(pool->strings);
    g_string_chunk_free(pool->chunk);
    g_free(pool->cache);
    g_free(pool);
}

const char *
ms_str_pool_intern(MsStrPool *pool, const char *string)
{
    guint slot = pool_cache_set(string);
    char *found;

    if (pool->cache != NULL) {
        for (guint way = slot; way < slot + 2; way++) {
            if (pool->cache[way].interned == string)
                return string;
            if (pool->cache[way].from == string && strcmp(pool->cache[way].interned, string) == 0)
                return pool->cache[way].interned;
        }
    } else if (++pool->n_interns > POOL_CACHE_SIZE) {
        pool->cache = g_malloc0(POOL_CACHE_SIZE * sizeof(*pool->cache));
    }
    found = g_hash_table_lookup(pool->strings, string);
    if (found == NULL) {
        found = g_string_chunk_insert(pool->chunk, string);
        g_hash_table_add(pool->strings, found);
    }
    if (pool->cache != NULL) {
        /* the newest first, the other way's entry evicted */
        pool->cache[slot + 1] = pool->cache[slot];
        pool->cache[slot].from = string;
        pool->cache[slot].interned = found;
    }
    return found;
}

const char *
ms_str_pool_lookup(const MsStrPool *pool, const char *string)
{
    return g_hash_table_lookup(pool->strings, string);
}

struct MsConfigMap {
    gint ref;
    guint n;
    guint cap;
    MsStrPool *pool;     /* NULL until the first write of a map made without one */
    const char *pairs[]; /* key, value, key, value ... for cap pairs */
};

#define MAP_MIN_PAIRS 2

static MsConfigMap *
map_alloc(MsStrPool *pool, guint cap)
{
    MsConfigMap *map = g_malloc(sizeof(MsConfigMap) + 2 * cap * sizeof(char *));

    map->ref = 1;
    map->n = 0;
    map->cap = cap;
    map->pool = pool != NULL ? ms_str_pool_ref(pool) : NULL;
    return map;
}

MsConfigMap *
ms_config_map_new(MsStrPool *pool)
{
    return map_alloc(pool, MAP_MIN_PAIRS);
}

MsConfigMap *
ms_config_map_ref(MsConfigMap *map)
{
    map->ref++;
    return map;
}

void
ms_config_map_unref(MsConfigMap *map)
{
    if (map == NULL || --map->ref > 0)
        return;
    ms_str_pool_unref(map->pool);
    g_free(map);
}

guint
ms_config_map_size(const MsConfigMap *map)
{
    return map->n;
}

const char *
ms_config_map_key(const MsConfigMap *map, guint i)
{
    return map->pairs[2 * i];
}

const char *
ms_config_map_value(const MsConfigMap *map, guint i)
{
    return map->pairs[2 * i + 1];
}

/* TRUE when @key is there; *@pos is its index, or where it would go.  The
 * maps hold a handful of keys: a scan beats a bisection. */
static gboolean
map_find(const MsConfigMap *map, const char *key, guint *pos)
{
    guint i;

    for (i = 0; i < map->n; i++) {
        const char *k = map->pairs[2 * i];
        /* the first bytes decide most comparisons (strcmp's order is that
         * of unsigned bytes), without a call */
        int cmp = k == key ? 0 : (int) (guchar) k[0] - (int) (guchar) key[0];

        if (cmp == 0 && k != key)
            cmp = strcmp(k, key);
        if (cmp >= 0) {
            *pos = i;
            return cmp == 0;
        }
    }
    *pos = i;
    return FALSE;
}

const char *
ms_config_map_get(const MsConfigMap *map, const char *key)
{
    guint pos;

    return map_find(map, key, &pos) ? map->pairs[2 * pos + 1] : NULL;
}

guint
ms_config_map_prefix_range(const MsConfigMap *map, const char *prefix, gsize len, guint *first)
{
    guint i = 0, n = 0;

    /* keys in byte order: strncmp(key, prefix, len) is below 0, then 0
     * (the prefixed keys), then above 0; compared byte by byte inline (a
     * key shorter than the prefix is below it at its NUL) */
    for (; i < map->n; i++) {
        const char *k = map->pairs[2 * i];
        int cmp = 0;

        for (gsize j = 0; j < len && cmp == 0; j++)
            cmp = (int) (guchar) k[j] - (int) (guchar) prefix[j];
        if (cmp >= 0)
            break;
    }
    *first = i;
    while (i + n < map->n && ms_has_prefix(map->pairs[2 * (i + n)], prefix, len))
        n++;
    return n;
}

/* *@map unshared, with room for @n pairs. */
static MsConfigMap *
map_own(MsConfigMap **map, guint n)
{
    MsConfigMap *m = *map;

    if (m->ref > 1) {
        MsConfigMap *copy = map_alloc(m->pool, MAX(n, MAX(m->cap, MAP_MIN_PAIRS)));
        copy->n = m->n;
        memcpy(copy->pairs, m->pairs, 2 * m->n * sizeof(char *));
        m->ref--;
        m = copy;
    } else if (n > m->cap) {
        guint cap = MAX(n, 2 * m->cap);
        m = g_realloc(m, sizeof(MsConfigMap) + 2 * cap * sizeof(char *));
        m->cap = cap;
    }
    if (m->pool == NULL)
        m->pool = ms_str_pool_new();
    *map = m;
    return m;
}

void
ms_config_map_set(MsConfigMap **map, const char *key, const char *value)
{
    MsConfigMap *m = *map;
    guint pos;
    gboolean found = map_find(m, key, &pos);

    if (value == NULL) {
        if (!found)
            return;
        m = map_own(map, m->n);
        memmove(&m->pairs[2 * pos], &m->pairs[2 * pos + 2], 2 * (m->n - pos - 1) * sizeof(char *));
        m->n--;
        return;
    }
    if (found && strcmp(m->pairs[2 * pos + 1], value) == 0)
        return;
    m = map_own(map, found ? m->n : m->n + 1);
    if (!found) {
        memmove(&m->pairs[2 * pos + 2], &m->pairs[2 * pos], 2 * (m->n - pos) * sizeof(char *));
        m->pairs[2 * pos] = ms_str_pool_intern(m->pool, key);
        m->n++;
    }
    m->pairs[2 * pos + 1] = ms_str_pool_intern(m->pool, value);
}

MsConfigMap *
ms_config_map_rehome(MsConfigMap *map, MsStrPool *pool)
{
    MsConfigMap *copy;

    if (map->pool == pool)
        return ms_config_map_ref(map);
    /* room for one more pair: an evacuation adds volatile.evacuate.origin
     * to every instance it moves, and growing each map then would double
     * it and leave its old block free (a million of them in the rolling
     * bench) */
    copy = map_alloc(pool, MAX(map->n + 1, MAP_MIN_PAIRS));
    for (guint i = 0; i < 2 * map->n; i++)
        copy->pairs[i] = ms_str_pool_intern(pool, map->pairs[i]);
    copy->n = map->n;
    return copy;
}

GHashTable *
ms_config_map_to_table(const MsConfigMap *map)
{
    GHashTable *config = ms_config_new();

    for (guint i = 0; i < map->n; i++)
        g_hash_table_insert(config, g_strdup(map->pairs[2 * i]), g_strdup(map->pairs[2 * i + 1]));
    return config;
}

MsConfigMap *
ms_config_map_from_table(MsStrPool *pool, GHashTable *config)
{
    g_autofree const char **keys = ms_config_sorted_keys(config);
    guint n = g_hash_table_size(config);
    MsConfigMap *map = map_alloc(pool, MAX(n, MAP_MIN_PAIRS));

    if (map->pool == NULL)
        map->pool = ms_str_pool_new();
    /* the keys come sorted: append in order */
    for (guint i = 0; i < n; i++) {
        map->pairs[2 * i] = ms_str_pool_intern(map->pool, keys[i]);
        map->pairs[2 * i + 1] = ms_str_pool_intern(map->pool, g_hash_table_lookup(config, keys[i]));
    }
    map->n = n;
    return map;
}

static gint
compare_pair_keys(gconstpointer a, gconstpointer b, gpointer data)
{
    const char *const *pairs = data;
    guint i = *(const guint *) a, j = *(const guint *) b;
    int order = strcmp(pairs[2 * i], pairs[2 * j]);

    return order != 0 ? order : (i > j) - (i < j);
}

MsConfigMap *
ms_config_map_from_pairs(MsStrPool *pool, const char *const *pairs, guint n)
{
    guint small[32];
    g_autofree guint *large = n > G_N_ELEMENTS(small) ? g_new(guint, n) : NULL;
    guint *order = large != NULL ? large : small;
    MsConfigMap *map = map_alloc(pool, MAX(n + 1, MAP_MIN_PAIRS));
    guint out = 0;

    if (map->pool == NULL)
        map->pool = ms_str_pool_new();
    for (guint i = 0; i < n; i++)
        order[i] = i;
    g_qsort_with_data(order, (gint) n, sizeof(guint), compare_pair_keys, (gpointer) pairs);
    for (guint i = 0; i < n; i++) {
        guint p = order[i];

        /* of equal keys (ordered by position), the last */
        if (i + 1 < n && strcmp(pairs[2 * p], pairs[2 * order[i + 1]]) == 0)
            continue;
        map->pairs[2 * out] = ms_str_pool_intern(map->pool, pairs[2 * p]);
        map->pairs[2 * out + 1] = ms_str_pool_intern(map->pool, pairs[2 * p + 1]);
        out++;
    }
    map->n = out;
    return map;
}

gboolean
ms_config_map_equal(const MsConfigMap *a, const MsConfigMap *b)
{
    if (a->n != b->n)
        return FALSE;
    for (guint i = 0; i < 2 * a->n; i++)
        if (a->pairs[i] != b->pairs[i] && strcmp(a->pairs[i], b->pairs[i]) != 0)
            return FALSE;
    return TRUE;
}

/* Strings packed in blocks, without a malloc header each: at a million
 * instances the frozen sets' distinct values (a root disk's own size) are a
 * million strings.  The model's one process-wide table: a cache of strings
 * that no answer reads differently from the original, never freed, so it
 * is bounded: past MS_STR_FOREVER_MAX bytes ms_devices_freeze stops using
 * it (sets keep their own strings, as before), so that a long-running
 * `migsim serve` fed endless distinct values does not grow without end. */
#define MS_STR_FOREVER_MAX (128u << 20)
G_LOCK_DEFINE_STATIC(forever);
/* ThreadSanitizer does not see the futex under G_LOCK (GLib's GMutex,
 * glib/gthread-posix.c): the explorer's threads intern through this table,
 * so the lock's ordering is told to it (as sim/tools/ms-explore.h does for
 * the explorer's own locks); nothing in other builds. */
#if defined(__SANITIZE_THREAD__)
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
#define FOREVER_LOCK()                         \
    do {                                       \
        G_LOCK(forever);                       \
        __tsan_acquire(&G_LOCK_NAME(forever)); \
    } while (0)
#define FOREVER_UNLOCK()                       \
    do {                                       \
        __tsan_release(&G_LOCK_NAME(forever)); \
        G_UNLOCK(forever);                     \
    } while (0)
#else
#define FOREVER_LOCK() G_LOCK(forever)
#define FOREVER_UNLOCK() G_UNLOCK(forever)
#endif
static GHashTable *forever_set; /* the interned strings, to count distinct bytes */
static gsize forever_bytes;
static char *forever_block; /* where the next string goes */
static gsize forever_left;  /* bytes left in forever_block */

/* The blocks holding the interned strings, below 4 GiB where the system
 * gives such memory (MAP_32BIT: x86-64 Linux).  GLib's hash tables keep
 * their keys and values in 4-byte slots while every one of them fits in 32
 * bits, and widen them to 8 bytes at the first that does not (ghash.c:
 * have_big_keys, have_big_values, entry_is_big, GLib 2.60 and later).  A
 * frozen device set's maps hold only these strings, so with them low each
 * device map's key and value arrays are half the size (measured: massif and
 * the rolling bench, docs/bench.md "Memory: frozen device maps in small
 * slots").  Elsewhere the blocks are ordinary memory: the same answers,
 * the maps as large as before.  Blocks are never freed (like the strings);
 * untouched pages of the last one cost no memory. */
#define FOREVER_BLOCK_SIZE (1u << 20)

static char *
forever_block_new(gsize size)
{
#ifdef MAP_32BIT
    void *block = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

    if (block != MAP_FAILED)
        return block;
#endif
    return g_malloc(size);
}

static char *
forever_copy(const char *string)
{
    gsize len = strlen(string) + 1;
    char *copy;

    if (len > FOREVER_BLOCK_SIZE / 16)
        return g_memdup2(string, len); /* a long value: not worth a block */
    if (len > forever_left) {
        forever_block = forever_block_new(FOREVER_BLOCK_SIZE);
        forever_left = FOREVER_BLOCK_SIZE;
    }
    copy = forever_block;
    memcpy(copy, string, len);
    forever_block += len;
    forever_left -= len;
    return copy;
}

const char *
ms_str_intern_forever(const char *string)
{
    const char *interned;

    FOREVER_LOCK();
    if (forever_set == NULL)
        forever_set = g_hash_table_new(g_str_hash, g_str_equal);
    interned = g_hash_table_lookup(forever_set, string);
    if (interned == NULL) {
        char *copy = forever_copy(string);

        g_hash_table_add(forever_set, copy);
        forever_bytes += strlen(copy) + 1;
        interned = copy;
    }
    FOREVER_UNLOCK();
    return interned;
}

gboolean
ms_str_forever_full(void)
{
    gboolean full;

    FOREVER_LOCK();
    full = forever_bytes >= MS_STR_FOREVER_MAX;
    FOREVER_UNLOCK();
    return full;
}

gboolean
ms_device_is_root_disk(const MsDevice *device)
{
    return g_strcmp0(ms_device_lookup(device, "type"), "disk") == 0 &&
           g_strcmp0(ms_device_lookup(device, "path"), "/") == 0;
}

MsDevice *
ms_devices_root_disk(MsDevices *devices)
{
    MsDevicesIter iter;
    MsDevice *value;

    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, NULL, &value))
        if (ms_device_is_root_disk(value))
            return value;
    return NULL;
}

gboolean
ms_is_true(const char *value)
{
    return value != NULL && (g_ascii_strcasecmp(value, "true") == 0 || strcmp(value, "1") == 0 ||
                             g_ascii_strcasecmp(value, "yes") == 0 || g_ascii_strcasecmp(value, "on") == 0);
}

gboolean
ms_is_valid_bool(const char *value)
{
    static const char *const booleans[] = { "true", "false", "1", "0", "yes", "no", "on", "off" };

    for (guint i = 0; i < G_N_ELEMENTS(booleans); i++)
        if (g_ascii_strcasecmp(value, booleans[i]) == 0)
            return TRUE;
    return FALSE;
}

gboolean
ms_is_go_int64(const char *value)
{
    return g_ascii_string_to_signed(value, 10, G_MININT64, G_MAXINT64, NULL, NULL);
}

/* units.ParseByteSizeString: the digits up to the first other byte are the
 * number, the rest a suffix it must know; errors "Invalid value: V" (no
 * digit first, unknown suffix), "Invalid integer: V" (beyond int64),
 * "Overflow multiplying N with M" (shared/units/units.go:23-86 at
 * lxd-5.0.2, lxd-5.21.7 and lxd-6.9; Incus shared/units/units.go:23-86 at
 * v6.0.0, v6.0.4 and v6.23.0) */
char *
ms_byte_size_error(const char *value)
{
    gint64 bytes;

    return ms_byte_size_parse(value, &bytes);
}

/* The factor of @suffix in units.ParseByteSizeString's switch, 0 when it
 * has none.  A switch on the length and the bytes, not a walk of a table
 * with strcmp: disk validation reads every `size` on each start and move
 * (about 500 instructions a parse with the table, docs/bench.md "Twentieth
 * round (b)"). */
static gint64
byte_size_factor(const char *suffix)
{
    static const gint64 decimal[] = { 1000LL,
                                      1000LL * 1000,
                                      1000LL * 1000 * 1000,
                                      1000LL * 1000 * 1000 * 1000,
                                      1000LL * 1000 * 1000 * 1000 * 1000,
                                      1000LL * 1000 * 1000 * 1000 * 1000 * 1000 };
    static const char prefixes[] = "KMGTPE"; /* "kB" for the first decimal */
    const char *at;

    /* strlen: a suffix's first byte is never NUL below, so strchr finds
     * only the six prefixes */
    switch (strlen(suffix)) {
    case 0:
        return 1;
    case 1:
        return suffix[0] == 'B' ? 1 : 0;
    case 2:
        if (suffix[1] != 'B')
            return 0;
        if (suffix[0] == 'k')
            return decimal[0];
        at = suffix[0] != 'K' ? strchr(prefixes, suffix[0]) : NULL;
        return at != NULL ? decimal[at - prefixes] : 0;
    case 3:
        if (suffix[1] != 'i' || suffix[2] != 'B')
            return 0;
        at = strchr(prefixes, suffix[0]);
        return at != NULL ? 1LL << (10 * (at - prefixes + 1)) : 0;
    case 6:
        return memcmp(suffix, " bytes", 6) == 0 ? 1 : 0;
    default:
        return 0;
    }
}

char *
ms_byte_size_parse(const char *value, gint64 *bytes)
{
    gsize digits = 0;
    gint64 number = 0;
    gboolean range = FALSE;
    gint64 factor;

    *bytes = 0;
    if (value[0] == '\0')
        return NULL;
    /* strconv.ParseInt of the digits alone (no sign can be among them):
     * out of int64's range is its only error */
    for (; g_ascii_isdigit(value[digits]); digits++) {
        int digit = value[digits] - '0';

        /* number * 10 + digit > G_MAXINT64, with constants (no division a
         * digit: sizes are written in bytes, ten digits and more) */
        if (number > G_MAXINT64 / 10 || (number == G_MAXINT64 / 10 && digit > G_MAXINT64 % 10))
            range = TRUE;
        else
            number = number * 10 + digit;
    }
    if (digits == 0)
        return g_strdup_printf("Invalid value: %s", value);
    if (range)
        return g_strdup_printf("Invalid integer: %s", value);
    factor = byte_size_factor(value + digits);
    if (factor == 0)
        return g_strdup_printf("Invalid value: %s", value);
    /* handleOverflow: fine when either factor is 0 or 1 */
    if (number > 1 && factor > 1 && number > G_MAXINT64 / factor)
        return g_strdup_printf("Overflow multiplying %" G_GINT64_FORMAT " with %" G_GINT64_FORMAT, number,
                               factor);
    *bytes = number * factor;
    return NULL;
}

gboolean
ms_parse_size(const char *value, guint64 *bytes)
{
    static const struct {
        const char *suffix;
        guint64 factor;
    } units[] = {
        { "KiB", 1ULL << 10 },      { "MiB", 1ULL << 20 },
        { "GiB", 1ULL << 30 },      { "TiB", 1ULL << 40 },
        { "kB", 1000ULL },          { "KB", 1000ULL },
        { "MB", 1000000ULL },       { "GB", 1000000000ULL },
        { "TB", 1000000000000ULL }, { "B", 1 },
    };
    char *end = NULL;
    guint64 number;

    if (value == NULL || !g_ascii_isdigit(value[0]))
        return FALSE;
    number = g_ascii_strtoull(value, &end, 10);
    if (*end == '\0') {
        *bytes = number;
        return TRUE;
    }
    for (guint i = 0; i < G_N_ELEMENTS(units); i++) {
        if (strcmp(end, units[i].suffix) == 0) {
            *bytes = number * units[i].factor;
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
value_is_empty(gpointer key, gpointer value, gpointer data)
{
    (void) key;
    (void) data;
    return value != NULL && *(const char *) value == '\0';
}

void
ms_config_drop_empty(GHashTable *config)
{
    g_hash_table_foreach_remove(config, value_is_empty, NULL);
}
