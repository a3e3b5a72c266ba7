/* migsim: config and device expansion (profiles, then the instance's own;
 * from 5.21.0 the server key underneath) and whether an instance uses a
 * custom volume. */
#include "ms-cluster.h"

#include <string.h>

#include "ms-apply-private.h"
#include "ms-cluster-private.h"
#include "ms-config.h"

gboolean
ms_cluster_instance_uses_volume(const MsCluster *cluster, const MsInstance *instance, const MsVolume *volume)
{
    g_autoptr(MsDevices) devices = NULL;
    MsDevicesIter iter;
    MsDevice *dev;

    if (volume->location != NULL && !g_str_equal(instance->location, volume->location))
        return FALSE;
    /* a disk names a volume of its project's storage project */
    if (!ms_instance_sees_volume(cluster, instance, volume))
        return FALSE;
    devices = ms_cluster_expand_devices(cluster, instance);
    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, NULL, &dev))
        if (ms_device_mounts_volume(dev, volume))
            return TRUE;
    return FALSE;
}

gboolean
ms_device_mounts_volume(MsDevice *device, const MsVolume *volume)
{
    return g_strcmp0(ms_device_lookup_lit(device, "type"), "disk") == 0 &&
           g_strcmp0(ms_device_lookup_lit(device, "pool"), volume->pool) == 0 &&
           g_strcmp0(ms_device_lookup_lit(device, "source"), volume->name) == 0 &&
           g_strcmp0(ms_device_lookup_lit(device, "path"), "/") != 0;
}
/* CFG.EXPAND: 5.0.2 db.ExpandInstanceConfig (profiles, then local);
 * 5.21.0+ instancetype.ExpandInstanceConfig adds the server key
 * instances.migration.stateful underneath when it parses true. */
GHashTable *
ms_cluster_expand_config(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance)
{
    GHashTable *expanded = ms_config_new();
    GHashTableIter iter;
    gpointer key, value;

    if (ms_profile_has(profile, MS_FEATURE_SERVER_STATEFUL_KEY)) {
        const char *server = ms_config_get(cluster->server_config, "instances.migration.stateful");
        if (ms_is_true(server))
            ms_config_set(expanded, "migration.stateful", "true");
    }
    for (guint i = 0; i < instance->profiles->len; i++) {
        MsProfileEntity *p = ms_cluster_lookup_profile_in(
            cluster, ms_cluster_profile_project(cluster, instance->project), instance->profiles->pdata[i]);
        if (p == NULL)
            continue;
        g_hash_table_iter_init(&iter, p->config);
        while (g_hash_table_iter_next(&iter, &key, &value))
            ms_config_set(expanded, key, value);
    }
    for (guint i = 0; i < ms_config_map_size(instance->config); i++)
        ms_config_set(expanded, ms_config_map_key(instance->config, i),
                      ms_config_map_value(instance->config, i));
    return expanded;
}

/* The profile layers of one profile list in one profile project: the
 * value the last profile setting a key gives it, so that asking for an
 * expanded key is one map lookup, not a profile lookup by name and a map
 * lookup per profile (several times per move of a rolling maintenance).
 * An entry is checked against what it was built from on every use:
 *   - the cluster's profile array (same length, same entities in the same
 *     places: MsProfileLayerCache.snapshot), which catches a profile added
 *     or removed; a removal also calls ms_cluster_profiles_changed, as a
 *     new profile may come to have a removed one's address;
 *   - each resolved profile's config map, by identity: the entry holds a
 *     reference to it (so no other map can take its address), and a
 *     profile change swaps in a new map (apply_profile_change), never
 *     changes one in place (ms_profile_entity_copy).
 * The rest an answer depends on, the profile project and the list's
 * names, is the entry's key.  A profile's map changed in place (which the
 * model never does; a test or an importer filling a new profile may) needs
 * ms_cluster_profiles_changed.  In a small cluster (the scenario corpus,
 * the explorer, the unit tests) every answer is checked against the
 * profiles looked up one by one, which aborts on a difference: that
 * catches a change the checks above miss.
 *
 * An entry is found by the hash of its key, or without hashing by the
 * number of the instance's list (MsInstance.profile_list_id, given by
 * ms_cluster_add_instance): the cache's slot of that number answers when it
 * holds (a reference to) the very array the instance's list is, and its
 * entry is for the same profile project.  That needs the array never to
 * change in place while the slot refers to it: it is taken only from an
 * instance whose list is marked shared (ms_cluster_add_instance shares
 * every list so, ms_instance_copy too), which every writer copies first
 * (ms_instance_profiles_mut) or replaces whole (ms-profile-ops.c).  In a
 * rolling maintenance consecutive instances have different lists, so the
 * hashed lookup (about 355 instructions) missed the one-entry "last" on
 * nearly every move. */
typedef struct {
    char *project;      /* the profile project's key (ms_project_key); NULL: default */
    GPtrArray *names;   /* (element-type utf8) the profile list, in order */
    GPtrArray *configs; /* (element-type GHashTable) the found profiles' config maps, referenced */
    GArray *positions;  /* (element-type guint) those profiles' places in cluster->profiles */
    GHashTable *merged; /* key (borrowed from configs) -> LayerHit */
    /* with few keys, the same hits in an array, searched by a walk: cheaper
     * than hashing the key asked (profiles mostly set a key or two) */
    GArray *few; /* (element-type LayerHit); NULL: search merged */
    /* (element-type KeyListMemo) what ms_cluster_expanded_values' lists
     * read here; NULL: none yet */
    GArray *key_lists;
    /* (element-type PrefixMemo) what ms_cluster_profile_prefix_pairs'
     * prefixes find here; NULL: none yet */
    GArray *prefixes;
    /* a number of its own in the process (layers_serial), so that a hold
     * (MsLayersHold) tells new layers at a freed one's address apart */
    guint serial;
} ProfileLayers;

static gint layers_serial; /* the last serial given, atomically (explorer threads) */

/* The keys starting with one prefix in one profile list's layers, with
 * their values, in the order a walk of the list meets them (profile by
 * profile, each config map in its own order): issue 18, a container's
 * start walked every profile's config for linux.sysctl. and
 * limits.kernel. (ms-lxc-config.c, about 920 instructions a move).  Exact
 * as the key lists are: the pairs are borrowed from the config maps the
 * layers hold, checked by profile_layers_current before every use, and a
 * map that is not changed walks in the same order every time. */
typedef struct {
    char *prefix;
    gsize len;
    guint n;
    const char **pairs; /* key, value, key, value ...; NULL when n is 0 */
} PrefixMemo;

/* The longest key list read in one walk; a longer one is read in pieces
 * of this many (ms_cluster_expanded_values).  It was 16, and the start's
 * list grew to 18 keys (session 34's seccomp keys): every start then read
 * its keys one by one, 3,487 instructions a start instead of 1,427
 * (docs/bench.md, "Twenty-fifth round"). */
#define KEY_LIST_MAX 32

/* One key list of ms_cluster_expanded_values read from one profile list's
 * layers (issue 18: a container's start asks 13 keys, each a walk of the
 * instance's own config and of the layers): the keys' byte order, so that
 * the instance's own config (sorted) is read in one walk
 * (key_list_own_values), and each key's value in the layers.  Exact
 * as long as the layers are (the values are borrowed from the same config
 * maps, checked by profile_layers_current before every use).  A list is
 * known by its array's address and its strings' addresses, which needs
 * strings that are never freed (the callers' lists are static arrays of
 * literals, see ms-cluster.h); in a small cluster every answer is checked
 * against the keys read one by one. */
typedef struct {
    const char *const *keys; /* the caller's array */
    guint n;
    const char *key_ptrs[KEY_LIST_MAX]; /* keys[i] when made */
    guint8 order[KEY_LIST_MAX];         /* indexes of keys, their keys in byte order */
    /* lcp[i]: how many first bytes the i-th key in byte order shares with
     * the one before (0 for the first); same[i]: it is that key again */
    guint lcp[KEY_LIST_MAX];
    gboolean same[KEY_LIST_MAX];
    const char *values[KEY_LIST_MAX]; /* each key's value in the layers, NULL: none */
    guint n_stateful;                 /* how many of the keys are migration.stateful (the server key's) */
    guint8 stateful[KEY_LIST_MAX];    /* their indexes */
} KeyListMemo;

/* What a list's number finds (MsProfileLayerCache.by_list) */
typedef struct {
    GPtrArray *list;       /* an instance's shared list of that number, referenced; NULL: empty slot */
    ProfileLayers *layers; /* its layers (borrowed from the entries) */
} ListSlot;

typedef struct {
    const char *key;   /* borrowed from the profile's config */
    const char *value; /* borrowed from the profile's config */
    guint position;    /* the profile's place in cluster->profiles */
} LayerHit;

#define PROFILE_LAYERS_FEW_KEYS 16
#define PROFILE_LAYERS_VERIFY_MAX 2000 /* instances */

struct MsProfileLayerCache {
    gpointer *snapshot; /* a copy of cluster->profiles->pdata when made */
    guint len;
    GHashTable *entries; /* ProfileLayers -> itself */
    ProfileLayers *last; /* the last one used: successive asks are mostly about one instance */
    GArray *by_list;     /* (element-type ListSlot) by MsInstance.profile_list_id - 1 */
};

/* Beyond this many profiles the snapshot check costs more than the
 * lookups it saves: such clusters take the uncached path. */
#define PROFILE_LAYERS_MAX_PROFILES 64

static void
profile_layers_free(gpointer data)
{
    ProfileLayers *layers = data;

    g_hash_table_unref(layers->merged);
    g_clear_pointer(&layers->few, g_array_unref);
    g_clear_pointer(&layers->key_lists, g_array_unref);
    g_clear_pointer(&layers->prefixes, g_array_unref);
    g_ptr_array_unref(layers->configs);
    g_array_unref(layers->positions);
    g_ptr_array_unref(layers->names);
    g_free(layers->project);
    g_free(layers);
}

static guint
profile_layers_hash(gconstpointer data)
{
    const ProfileLayers *layers = data;
    guint h = layers->project != NULL ? g_str_hash(layers->project) : 0;

    for (guint i = 0; i < layers->names->len; i++)
        h = h * 31 + g_str_hash(layers->names->pdata[i]);
    return h;
}

static gboolean
profile_layers_equal(gconstpointer a, gconstpointer b)
{
    const ProfileLayers *x = a, *y = b;

    if (x->names->len != y->names->len || g_strcmp0(x->project, y->project) != 0)
        return FALSE;
    for (guint i = 0; i < x->names->len; i++)
        if (!g_str_equal(x->names->pdata[i], y->names->pdata[i]))
            return FALSE;
    return TRUE;
}

void
ms_profile_layer_cache_free(MsProfileLayerCache *cache)
{
    if (cache == NULL)
        return;
    g_hash_table_unref(cache->entries);
    g_array_unref(cache->by_list);
    g_free(cache->snapshot);
    g_free(cache);
}

void
ms_cluster_profiles_changed(const MsCluster *cluster)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;

    g_clear_pointer(&priv->profile_layers, ms_profile_layer_cache_free);
}

/* The layers of @names in profile project @project, from the profiles as
 * they are now (ms_cluster_lookup_profile_in finds each, as the uncached
 * path does; a name it does not find adds nothing). */
static ProfileLayers *
profile_layers_build(const MsCluster *cluster, const char *project, const GPtrArray *names)
{
    ProfileLayers *layers = g_new0(ProfileLayers, 1);
    GHashTableIter iter;
    gpointer key, value;

    layers->project = g_strdup(project);
    layers->serial = (guint) g_atomic_int_add(&layers_serial, 1) + 1;
    layers->names = g_ptr_array_new_full(names->len, g_free);
    layers->configs = g_ptr_array_new_with_free_func((GDestroyNotify) g_hash_table_unref);
    layers->positions = g_array_new(FALSE, FALSE, sizeof(guint));
    layers->merged = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
    for (guint i = 0; i < names->len; i++) {
        const MsProfileEntity *p = ms_cluster_lookup_profile_in(cluster, project, names->pdata[i]);
        guint at = 0;

        g_ptr_array_add(layers->names, g_strdup(names->pdata[i]));
        if (p == NULL)
            continue;
        while (cluster->profiles->pdata[at] != p)
            at++;
        g_ptr_array_add(layers->configs, g_hash_table_ref(p->config));
        g_array_append_val(layers->positions, at);
        g_hash_table_iter_init(&iter, p->config);
        while (g_hash_table_iter_next(&iter, &key, &value)) {
            LayerHit *hit = g_new(LayerHit, 1);

            hit->key = key;
            hit->value = value;
            hit->position = at;
            g_hash_table_replace(layers->merged, key, hit); /* a later profile wins */
        }
    }
    if (g_hash_table_size(layers->merged) <= PROFILE_LAYERS_FEW_KEYS) {
        layers->few = g_array_new(FALSE, FALSE, sizeof(LayerHit));
        g_hash_table_iter_init(&iter, layers->merged);
        while (g_hash_table_iter_next(&iter, NULL, &value))
            g_array_append_val(layers->few, *(LayerHit *) value);
    }
    return layers;
}

static const LayerHit *
profile_layers_find(const ProfileLayers *layers, const char *key)
{
    if (layers->few == NULL)
        return g_hash_table_lookup(layers->merged, key);
    for (guint i = 0; i < layers->few->len; i++) {
        const LayerHit *hit = &g_array_index(layers->few, LayerHit, i);

        if (hit->key[0] == key[0] && strcmp(hit->key, key) == 0)
            return hit;
    }
    return NULL;
}

/* Do @layers' profiles still have the config maps they were built from?
 * (The snapshot check came first: the places hold the same entities.) */
static gboolean
profile_layers_current(const ProfileLayers *layers, const GPtrArray *profiles)
{
    for (guint i = 0; i < layers->configs->len; i++) {
        const MsProfileEntity *p = profiles->pdata[g_array_index(layers->positions, guint, i)];

        if (p->config != layers->configs->pdata[i])
            return FALSE;
    }
    return TRUE;
}

static void
list_slot_clear(gpointer data)
{
    g_clear_pointer(&((ListSlot *) data)->list, g_ptr_array_unref);
}

/* The cache of @cluster, made (again) unless the profile array is the one
 * it was made for; NULL for clusters with too many profiles. */
static MsProfileLayerCache *
profile_layer_cache(const MsCluster *cluster)
{
    MsClusterPriv *priv = (MsClusterPriv *) cluster;
    const GPtrArray *profiles = cluster->profiles;
    MsProfileLayerCache *cache = priv->profile_layers;

    if (profiles->len > PROFILE_LAYERS_MAX_PROFILES)
        return NULL;
    if (cache != NULL && cache->len == profiles->len &&
        (profiles->len == 0 ||
         memcmp(cache->snapshot, profiles->pdata, profiles->len * sizeof(gpointer)) == 0))
        return cache;
    ms_cluster_profiles_changed(cluster);
    cache = g_new0(MsProfileLayerCache, 1);
    cache->snapshot = g_memdup2(profiles->pdata, profiles->len * sizeof(gpointer));
    cache->len = profiles->len;
    cache->entries =
        g_hash_table_new_full(profile_layers_hash, profile_layers_equal, profile_layers_free, NULL);
    cache->by_list = g_array_new(FALSE, TRUE, sizeof(ListSlot));
    g_array_set_clear_func(cache->by_list, list_slot_clear);
    priv->profile_layers = cache;
    return cache;
}

/* The layers of @instance's list by its number, when its slot holds that
 * very list (so the same names) and the layers are for @project (see the
 * comment at ProfileLayers); NULL otherwise. */
static ProfileLayers *
profile_layers_numbered(const MsProfileLayerCache *cache, const MsInstance *instance, const char *project)
{
    const ListSlot *slot;

    if (instance->profile_list_id == 0 || instance->profile_list_id > cache->by_list->len ||
        !instance->profiles_shared)
        return NULL;
    slot = &g_array_index(cache->by_list, ListSlot, instance->profile_list_id - 1);
    /* the project keys are mostly one pointer (NULL: default): compared
     * without a call then */
    return slot->list == instance->profiles &&
                   (slot->layers->project == project || g_strcmp0(slot->layers->project, project) == 0)
               ? slot->layers
               : NULL;
}

/* Files @layers under @instance's list number, when its list is shared
 * (so never changed in place). */
static void
profile_layers_number(MsProfileLayerCache *cache, ProfileLayers *layers, const MsInstance *instance)
{
    ListSlot *slot;

    if (instance->profile_list_id == 0 || !instance->profiles_shared)
        return;
    if (instance->profile_list_id > cache->by_list->len)
        g_array_set_size(cache->by_list, instance->profile_list_id);
    slot = &g_array_index(cache->by_list, ListSlot, instance->profile_list_id - 1);
    if (slot->list != instance->profiles) {
        g_clear_pointer(&slot->list, g_ptr_array_unref);
        slot->list = g_ptr_array_ref((GPtrArray *) instance->profiles);
    }
    slot->layers = layers;
}

/* Drops @layers from the cache, and from every slot that names it. */
static void
profile_layers_drop(MsProfileLayerCache *cache, ProfileLayers *layers)
{
    for (guint i = 0; i < cache->by_list->len; i++) {
        ListSlot *slot = &g_array_index(cache->by_list, ListSlot, i);

        if (slot->layers == layers) {
            g_clear_pointer(&slot->list, g_ptr_array_unref);
            slot->layers = NULL;
        }
    }
    if (cache->last == layers)
        cache->last = NULL;
    g_hash_table_remove(cache->entries, layers);
}

/* @instance's profile layers; NULL: look the profiles up one by one. */
static const ProfileLayers *
profile_layers(const MsCluster *cluster, const MsInstance *instance)
{
    MsProfileLayerCache *cache = profile_layer_cache(cluster);
    ProfileLayers probe = {
        .project = (char *) ms_project_key(ms_cluster_profile_project(cluster, instance->project)),
        /* a probe: the entries keep their own copy of the names */
        .names = (GPtrArray *) instance->profiles,
    };
    ProfileLayers *layers;
    gboolean numbered;

    if (cache == NULL)
        return NULL;
    layers = profile_layers_numbered(cache, instance, probe.project);
    numbered = layers != NULL;
    if (layers == NULL)
        layers = cache->last != NULL && profile_layers_equal(cache->last, &probe)
                     ? cache->last
                     : g_hash_table_lookup(cache->entries, &probe);
    if (layers != NULL && !profile_layers_current(layers, cluster->profiles)) {
        profile_layers_drop(cache, layers);
        layers = NULL;
        numbered = FALSE;
    }
    if (layers == NULL) {
        layers = profile_layers_build(cluster, probe.project, instance->profiles);
        g_hash_table_add(cache->entries, layers);
    }
    if (!numbered)
        profile_layers_number(cache, layers, instance);
    cache->last = layers;
    return layers;
}

/* The last of @instance's profiles setting @key, looked up by name (the
 * uncached path). */
static const char *
profile_value_uncached(const MsCluster *cluster, const MsInstance *instance, const char *key,
                       const char **profile_name)
{
    for (guint i = instance->profiles->len; i > 0; i--) {
        MsProfileEntity *p =
            ms_cluster_lookup_profile_in(cluster, ms_cluster_profile_project(cluster, instance->project),
                                         instance->profiles->pdata[i - 1]);
        const char *value = p != NULL ? ms_config_get(p->config, key) : NULL;

        if (value != NULL) {
            *profile_name = p->name;
            return value;
        }
    }
    return NULL;
}

/* profile_value's self-check condition: a cluster of up to
 * PROFILE_LAYERS_VERIFY_MAX instances with the self-checks on */
static gboolean
layers_verified(const MsCluster *cluster)
{
    return !((const MsClusterPriv *) cluster)->self_checks_off &&
           g_hash_table_size(cluster->instances) <= PROFILE_LAYERS_VERIFY_MAX;
}

/* @hold's layers, found on its first use.  In a small cluster with the
 * self-checks on (*@verify), every later use looks them up afresh too and
 * aborts on another answer: a hold kept across a profile change would
 * differ (its layers dropped, or no longer the list's). */
static const ProfileLayers *
held_layers(const MsCluster *cluster, MsLayersHold *hold, gboolean *verify)
{
    const ProfileLayers *now;

    if (!hold->known) {
        now = profile_layers(cluster, hold->instance);
        hold->layers = now;
        hold->serial = now != NULL ? now->serial : 0;
        hold->known = TRUE;
        /* asked once per hold (issue 18: a g_hash_table_size call on every
         * read through a hold before): a hold lives through one check or
         * one instance's move, and the condition only chooses how much is
         * checked, never an answer */
        hold->verify = layers_verified(cluster);
    } else if (hold->verify && ((now = profile_layers(cluster, hold->instance)) != hold->layers ||
                                (now != NULL && now->serial != hold->serial))) {
        g_error("ms-cluster-expand.c: the profile layers held for %s are not its layers now: a profile "
                "changed while a check held them",
                hold->instance->name);
    }
    *verify = hold->verify;
    return hold->layers;
}

/* profile_layers' answer for an instance, looked up on first need and
 * then kept by a caller asking several keys (nothing changes between) */
typedef struct {
    gboolean known;
    gboolean verify; /* the layers checked against the uncached path (a small cluster) */
    const ProfileLayers *layers;
    MsLayersHold *hold; /* where to find them first; NULL: profile_layers */
} LazyLayers;

static const char *
profile_value(const MsCluster *cluster, const MsInstance *instance, LazyLayers *lazy, const char *key,
              const char **profile_name)
{
    const ProfileLayers *layers;
    const LayerHit *hit;

    if (!lazy->known) {
        /* asked once per instance, not once per key: the cluster's
         * instance count does not change between a caller's asks.  A
         * self-check like the volume indexes', so off where
         * ms_cluster_set_self_checks turned those off: preflight's views
         * of a big state hold few instances, and this check looked every
         * profile up by name again for each key (9 % of a 200 x 4,000
         * preflight's instructions, docs/bench.md) */
        if (lazy->hold != NULL) {
            lazy->layers = held_layers(cluster, lazy->hold, &lazy->verify);
        } else {
            lazy->layers = profile_layers(cluster, instance);
            lazy->verify = layers_verified(cluster);
        }
        lazy->known = TRUE;
    }
    layers = lazy->layers;

    if (layers == NULL)
        return profile_value_uncached(cluster, instance, key, profile_name);
    hit = profile_layers_find(layers, key);
    if (lazy->verify) {
        const char *name = NULL;
        const char *value = profile_value_uncached(cluster, instance, key, &name);
        const char *cached_name =
            hit != NULL ? ((const MsProfileEntity *) cluster->profiles->pdata[hit->position])->name : NULL;

        if (value != (hit != NULL ? hit->value : NULL) || name != cached_name)
            g_error("ms-cluster-expand.c: the profile layers of %s disagree on %s with its profiles: \"%s\" "
                    "from %s, cached \"%s\" from %s",
                    instance->name, key, value, name, hit != NULL ? hit->value : "(null)",
                    cached_name != NULL ? cached_name : "(null)");
    }
    if (hit == NULL)
        return NULL;
    *profile_name = ((const MsProfileEntity *) cluster->profiles->pdata[hit->position])->name;
    return hit->value;
}

/* The server key's layer under migration.stateful: "true" when the
 * release has it and it is true, else NULL.  Mostly unset, and an empty
 * server config answers without a lookup. */
static const char *
server_stateful(const MsCluster *cluster, const MsProfile *profile)
{
    const char *server = ms_config_get(cluster->server_config, "instances.migration.stateful");

    return ms_is_true(server) && ms_profile_has(profile, MS_FEATURE_SERVER_STATEFUL_KEY) ? "true" : NULL;
}

static const char *
expanded_value(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance,
               LazyLayers *layers, const char *key, MsConfigLayer *layer, const char **layer_name)
{
    const char *value = ms_instance_get_config(instance, key);
    MsConfigLayer found = MS_LAYER_NONE;
    const char *found_name = NULL;

    if (value != NULL)
        found = MS_LAYER_LOCAL;
    else if ((value = profile_value(cluster, instance, layers, key, &found_name)) != NULL)
        found = MS_LAYER_PROFILE;
    /* the first byte first: most keys asked here are unset and do not
     * start with 'm' (about 150,000 strcmp calls in the rolling bench) */
    if (value == NULL && key[0] == 'm' && g_str_equal(key, "migration.stateful")) {
        if ((value = server_stateful(cluster, profile)) != NULL) {
            found = MS_LAYER_SERVER;
            found_name = "instances.migration.stateful";
        }
    }
    if (layer != NULL)
        *layer = found;
    if (layer_name != NULL)
        *layer_name = found_name;
    return value;
}

const char *
ms_cluster_expanded_value(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance,
                          const char *key, MsConfigLayer *layer, const char **layer_name)
{
    LazyLayers layers = { FALSE, FALSE, NULL, NULL };

    return expanded_value(cluster, profile, instance, &layers, key, layer, layer_name);
}

const char *
ms_cluster_expanded_value_held(const MsCluster *cluster, const MsProfile *profile, MsLayersHold *hold,
                               const char *key)
{
    /* lazy still: a key the instance sets itself needs no layers */
    LazyLayers layers = { FALSE, FALSE, NULL, hold };

    return expanded_value(cluster, profile, hold->instance, &layers, key, NULL, NULL);
}

/* strcmp(@a, @b) of two strings whose first *@m bytes are known to be the
 * same; *@m becomes how many are */
static int
compare_from(const char *a, const char *b, guint *m)
{
    guint p = *m;

    while (a[p] == b[p] && a[p] != '\0')
        p++;
    *m = p;
    return (int) (guchar) a[p] - (int) (guchar) b[p];
}

/* The values of @memo's keys in the instance's own config @map (NULL:
 * unset), in one walk of both in byte order: each ms_config_map_get's
 * answer for its key, with fewer byte compares than the strcmp per key of
 * the walk this replaced (ms_config_map_get_sorted, since removed): the
 * start's list holds nine keys starting "limits." and six "security.",
 * and an instance's limits.memory met each with a strcmp (issue 18, docs/bench.md "Twenty-sixth round").
 * A map key k above the list's i-th key K[i], first differing at byte m,
 * is above K[i+1] too when K[i+1] shares more than m first bytes with K[i]
 * (so its byte m is K[i]'s), below it when it shares fewer (it rises at a
 * byte where k is K[i]), and only when it shares exactly m is a compare
 * needed, from byte m on. */
static void
key_list_own_values(const KeyListMemo *memo, const MsConfigMap *map, const char *const *keys,
                    const char **values)
{
    guint i = 0, n = memo->n, size = ms_config_map_size(map);

    for (guint k = 0; k < n; k++)
        values[k] = NULL;
    for (guint j = 0; j < size && i < n; j++) {
        const char *key = ms_config_map_key(map, j);
        guint m = 0;
        int cmp = -1;

        while (i < n) {
            cmp = compare_from(key, keys[memo->order[i]], &m);
            if (cmp <= 0)
                break;
            /* key > K[i], first differing at byte m: the next keys sharing
             * more with the one before are below key too */
            for (i++; i < n && memo->lcp[i] > m; i++)
                ;
            if (i < n && memo->lcp[i] < m) { /* above key: the next map key */
                cmp = -1;
                break;
            }
        }
        if (i < n && cmp == 0) {
            const char *value = ms_config_map_value(map, j);

            values[memo->order[i++]] = value;
            while (i < n && memo->same[i])
                values[memo->order[i++]] = value;
        }
    }
}

/* @layers' memo of the key list @keys, made on first use */
static const KeyListMemo *
key_list_memo(const ProfileLayers *layers_const, const char *const *keys, guint n)
{
    ProfileLayers *layers = (ProfileLayers *) layers_const; /* its memos are a cache */
    KeyListMemo memo;

    if (layers->key_lists == NULL)
        layers->key_lists = g_array_new(FALSE, FALSE, sizeof(KeyListMemo));
    for (guint i = 0; i < layers->key_lists->len; i++) {
        const KeyListMemo *m = &g_array_index(layers->key_lists, KeyListMemo, i);
        guint same = 0;

        if (m->keys != keys || m->n != n)
            continue;
        /* a loop, not memcmp: a dozen pointers, mostly equal */
        while (same < n && m->key_ptrs[same] == keys[same])
            same++;
        if (same == n)
            return m;
    }
    memo.keys = keys;
    memo.n = n;
    memo.n_stateful = 0;
    for (guint i = 0; i < n; i++) {
        const LayerHit *hit = profile_layers_find(layers, keys[i]);
        guint at = i;

        memo.key_ptrs[i] = keys[i];
        memo.values[i] = hit != NULL ? hit->value : NULL;
        if (g_str_equal(keys[i], "migration.stateful"))
            memo.stateful[memo.n_stateful++] = (guint8) i;
        /* insertion sort of the indexes: lists are short and sorted once */
        while (at > 0 && strcmp(keys[memo.order[at - 1]], keys[i]) > 0) {
            memo.order[at] = memo.order[at - 1];
            at--;
        }
        memo.order[at] = (guint8) i;
    }
    for (guint i = 0; i < n; i++) {
        const char *a = i > 0 ? keys[memo.order[i - 1]] : "", *b = keys[memo.order[i]];
        guint l = 0;

        while (i > 0 && a[l] == b[l] && a[l] != '\0')
            l++;
        memo.lcp[i] = l;
        memo.same[i] = i > 0 && strcmp(a, b) == 0;
    }
    g_array_append_val(layers->key_lists, memo);
    return &g_array_index(layers->key_lists, KeyListMemo, layers->key_lists->len - 1);
}

void
ms_cluster_expanded_values(const MsCluster *cluster, const MsProfile *profile, const MsInstance *instance,
                           const char *const *keys, guint n_keys, const char **values)
{
    MsLayersHold hold = ms_layers_hold(instance);

    ms_cluster_expanded_values_held(cluster, profile, &hold, keys, n_keys, values);
}

void
ms_cluster_expanded_values_held(const MsCluster *cluster, const MsProfile *profile, MsLayersHold *hold,
                                const char *const *keys, guint n_keys, const char **values)
{
    /* the layers looked up at most once for all keys (and all lists read
     * through @hold): nothing changes between the asks, so each value is
     * what ms_cluster_expanded_value gives */
    const MsInstance *instance = hold->instance;
    LazyLayers layers = { FALSE, FALSE, NULL, NULL };
    const KeyListMemo *memo;

    /* a longer list in pieces: each key's value is its own, so a piece's
     * values are the list's (each piece a memo of its own, known by the
     * address of its first key in the caller's static array) */
    if (n_keys > KEY_LIST_MAX) {
        for (guint at = 0; at < n_keys; at += KEY_LIST_MAX)
            ms_cluster_expanded_values_held(cluster, profile, hold, keys + at, MIN(KEY_LIST_MAX, n_keys - at),
                                            values + at);
        return;
    }
    /* profile_value's condition for the self-check: off where
     * ms_cluster_set_self_checks turned the self-checks off (perfroll9's
     * list read each key again there, in preflight's small views of a big
     * state) */
    layers.layers = held_layers(cluster, hold, &layers.verify);
    layers.known = TRUE;
    if (layers.layers == NULL) {
        for (guint i = 0; i < n_keys; i++)
            values[i] = expanded_value(cluster, profile, instance, &layers, keys[i], NULL, NULL);
        return;
    }
    /* the instance's own config in one walk, then the layers' memo, then
     * the server key, in expanded_value's order */
    memo = key_list_memo(layers.layers, keys, n_keys);
    key_list_own_values(memo, instance->config, keys, values);
    for (guint i = 0; i < n_keys; i++)
        if (values[i] == NULL)
            values[i] = memo->values[i];
    for (guint i = 0; i < memo->n_stateful; i++)
        if (values[memo->stateful[i]] == NULL)
            values[memo->stateful[i]] = server_stateful(cluster, profile);
    if (layers.verify)
        for (guint i = 0; i < n_keys; i++) {
            const char *one = expanded_value(cluster, profile, instance, &layers, keys[i], NULL, NULL);

            if (one != values[i])
                g_error("ms-cluster-expand.c: the key list memo of %s disagrees on %s: \"%s\", read alone "
                        "\"%s\"",
                        instance->name, keys[i], values[i], one);
        }
}

static void
prefix_memo_clear(gpointer data)
{
    PrefixMemo *memo = data;

    g_free(memo->prefix);
    g_free(memo->pairs);
}

/* @layers' memo of @prefix, made on first use */
static const PrefixMemo *
prefix_memo(const ProfileLayers *layers_const, const char *prefix)
{
    ProfileLayers *layers = (ProfileLayers *) layers_const; /* its memos are a cache */
    GPtrArray *found;
    PrefixMemo memo;
    GHashTableIter iter;
    gpointer key, value;

    if (layers->prefixes == NULL) {
        layers->prefixes = g_array_new(FALSE, FALSE, sizeof(PrefixMemo));
        g_array_set_clear_func(layers->prefixes, prefix_memo_clear);
    }
    for (guint i = 0; i < layers->prefixes->len; i++) {
        const PrefixMemo *m = &g_array_index(layers->prefixes, PrefixMemo, i);

        if (m->prefix[0] == prefix[0] && strcmp(m->prefix, prefix) == 0)
            return m;
    }
    memo.prefix = g_strdup(prefix);
    memo.len = strlen(prefix);
    found = g_ptr_array_new();
    /* the layers' configs are the found profiles' maps in list order */
    for (guint i = 0; i < layers->configs->len; i++) {
        g_hash_table_iter_init(&iter, layers->configs->pdata[i]);
        while (g_hash_table_iter_next(&iter, &key, &value))
            if (ms_has_prefix(key, prefix, memo.len)) {
                g_ptr_array_add(found, key);
                g_ptr_array_add(found, value);
            }
    }
    memo.n = found->len / 2;
    memo.pairs = (const char **) g_ptr_array_free(found, memo.n == 0);
    g_array_append_val(layers->prefixes, memo);
    return &g_array_index(layers->prefixes, PrefixMemo, layers->prefixes->len - 1);
}

/* The check of a small cluster: the walk by name that the memo replaces
 * meets the same pairs in the same order, or this aborts. */
static void
prefix_memo_verify(const MsCluster *cluster, const MsInstance *instance, const PrefixMemo *memo)
{
    const char *project = ms_cluster_profile_project(cluster, instance->project);
    GHashTableIter iter;
    gpointer key, value;
    guint at = 0;

    for (guint i = 0; i < instance->profiles->len; i++) {
        MsProfileEntity *p = ms_cluster_lookup_profile_in(cluster, project, instance->profiles->pdata[i]);

        if (p == NULL)
            continue;
        g_hash_table_iter_init(&iter, p->config);
        while (g_hash_table_iter_next(&iter, &key, &value)) {
            if (!g_str_has_prefix(key, memo->prefix))
                continue;
            if (at >= memo->n || memo->pairs[2 * at] != key || memo->pairs[2 * at + 1] != value)
                g_error("ms-cluster-expand.c: the prefix memo of %s disagrees on %s at %u: %s=%s from %s",
                        instance->name, memo->prefix, at, (const char *) key, (const char *) value, p->name);
            at++;
        }
    }
    if (at != memo->n)
        g_error("ms-cluster-expand.c: the prefix memo of %s has %u pairs of %s, its profiles %u",
                instance->name, memo->n, memo->prefix, at);
}

gboolean
ms_cluster_profile_prefix_pairs(const MsCluster *cluster, const MsInstance *instance, const char *prefix,
                                const char *const **pairs, guint *n)
{
    MsLayersHold hold = ms_layers_hold(instance);

    return ms_cluster_profile_prefix_pairs_held(cluster, &hold, prefix, pairs, n);
}

gboolean
ms_cluster_profile_prefix_pairs_held(const MsCluster *cluster, MsLayersHold *hold, const char *prefix,
                                     const char *const **pairs, guint *n)
{
    gboolean verify;
    const ProfileLayers *layers = held_layers(cluster, hold, &verify);
    const PrefixMemo *memo;

    if (layers == NULL)
        return FALSE;
    memo = prefix_memo(layers, prefix);
    /* profile_value's condition for its self-check */
    if (verify)
        prefix_memo_verify(cluster, hold->instance, memo);
    *pairs = memo->pairs;
    *n = memo->n;
    return TRUE;
}

MsDevices *
ms_cluster_expand_devices(const MsCluster *cluster, const MsInstance *instance)
{
    MsDevices *expanded, *only = NULL;
    guint n_sources = 0;
    gboolean profile_devices = FALSE;
    MsDevicesIter iter;
    const char *key;
    MsDevice *value;

    /* With a single source of devices the expansion is that map itself:
     * shared, not copied (the common case: root disk in the instance or in
     * the default profile).  When no profile of the cluster has devices,
     * that source is the instance's own, found without looking up its
     * profiles by name (this runs several times per move). */
    for (guint i = 0; i < cluster->profiles->len && !profile_devices; i++)
        profile_devices = ms_devices_count(((MsProfileEntity *) cluster->profiles->pdata[i])->devices) > 0;
    if (!profile_devices && ms_devices_count(instance->devices) > 0)
        return ms_devices_ref(instance->devices);
    for (guint i = 0; i < instance->profiles->len; i++) {
        MsProfileEntity *p = ms_cluster_lookup_profile_in(
            cluster, ms_cluster_profile_project(cluster, instance->project), instance->profiles->pdata[i]);
        if (p != NULL && ms_devices_count(p->devices) > 0) {
            only = p->devices;
            n_sources++;
        }
    }
    if (ms_devices_count(instance->devices) > 0) {
        only = instance->devices;
        n_sources++;
    }
    if (n_sources == 1)
        return ms_devices_ref(only);

    expanded = ms_devices_new();
    for (guint i = 0; i < instance->profiles->len; i++) {
        MsProfileEntity *p = ms_cluster_lookup_profile_in(
            cluster, ms_cluster_profile_project(cluster, instance->project), instance->profiles->pdata[i]);
        if (p == NULL)
            continue;
        ms_devices_iter_init(&iter, p->devices);
        while (ms_devices_iter_next(&iter, &key, &value))
            ms_devices_set(expanded, key, ms_device_ref(value));
    }
    ms_devices_iter_init(&iter, instance->devices);
    while (ms_devices_iter_next(&iter, &key, &value))
        ms_devices_set(expanded, key, ms_device_ref(value));
    return expanded;
}

gboolean
ms_cluster_any_instance_device(const MsCluster *cluster,
                               gboolean (*match)(MsDevice *device, gconstpointer data), gconstpointer data)
{
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        g_autoptr(MsDevices) devices = ms_cluster_expand_devices(cluster, value);
        MsDevicesIter dev_iter;
        MsDevice *dev;

        ms_devices_iter_init(&dev_iter, devices);
        while (ms_devices_iter_next(&dev_iter, NULL, &dev))
            if (match(dev, data))
                return TRUE;
    }
    return FALSE;
}
