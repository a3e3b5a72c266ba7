/* migsim: config and device maps. */
#include "ms-config.h"

#include <stdlib.h>
#include <string.h>

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

static int
compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

const char **
ms_config_sorted_keys(GHashTable *config)
{
    guint n = 0;
    const char **keys = (const char **) g_hash_table_get_keys_as_array(config, &n);

    qsort(keys, n, sizeof(char *), compare_strings);
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

GHashTable *
ms_devices_new(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                 (GDestroyNotify) g_hash_table_unref);
}

GHashTable *
ms_devices_copy(GHashTable *devices)
{
    GHashTable *copy = ms_devices_new();
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init(&iter, devices);
    while (g_hash_table_iter_next(&iter, &key, &value))
        g_hash_table_insert(copy, g_strdup(key), ms_config_copy(value));
    return copy;
}

gboolean
ms_is_true(const char *value)
{
    return value != NULL && (g_ascii_strcasecmp(value, "true") == 0 || strcmp(value, "1") == 0 ||
                             g_ascii_strcasecmp(value, "yes") == 0 ||
                             g_ascii_strcasecmp(value, "on") == 0);
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
ms_parse_size(const char *value, guint64 *bytes)
{
    static const struct {
        const char *suffix;
        guint64 factor;
    } units[] = {
        { "KiB", 1ULL << 10 }, { "MiB", 1ULL << 20 }, { "GiB", 1ULL << 30 }, { "TiB", 1ULL << 40 },
        { "kB", 1000ULL },     { "KB", 1000ULL },     { "MB", 1000000ULL },  { "GB", 1000000000ULL },
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
