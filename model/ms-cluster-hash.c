/* migsim: the canonical state hash (see ms-cluster-hash.h for the contract). */
#include "ms-cluster-hash.h"

/* Distinct odd constants keep a field's hash from cancelling another's when
 * both are folded into the same sum. */
#define SEED_MEMBER 0x9e3779b97f4a7c15ULL
#define SEED_POOL 0xc2b2ae3d27d4eb4fULL
#define SEED_VOLUME 0x165667b19e3779f9ULL
#define SEED_PROFILE 0xd6e8feb86659fd93ULL
#define SEED_INSTANCE 0xff51afd7ed558ccdULL
#define SEED_DEVICE 0xc4ceb9fe1a85ec53ULL
#define SEED_NETWORK 0x27d4eb2f165667c5ULL
#define SEED_GROUP 0x94d049bb133111ebULL

/* The building blocks are static inline here and exported below: the model
 * is built position-independent (meson's b_staticpic), where a call to an
 * exported function within its own file is not inlined (it could be
 * interposed), and the hash makes several hundred such calls per state. */
static inline guint64
mix(guint64 value)
{
    /* splitmix64's finaliser: every input bit flips about half the output
     * bits, which a commutative sum of entries needs. */
    value ^= value >> 30;
    value *= 0xbf58476d1ce4e5b9ULL;
    value ^= value >> 27;
    value *= 0x94d049bb133111ebULL;
    value ^= value >> 31;
    return value;
}

static inline guint64
hash_string(const char *text)
{
    /* FNV-1a: the strings are short names and keys, where it beats anything
     * that needs the length first. */
    guint64 h = 0xcbf29ce484222325ULL;

    if (text == NULL)
        return 0x5bd1e9955bd1e995ULL;
    for (const unsigned char *p = (const unsigned char *) text; *p != '\0'; p++) {
        h ^= *p;
        h *= 0x100000001b3ULL;
    }
    return h;
}

guint64
ms_hash_mix(guint64 value)
{
    return mix(value);
}

guint64
ms_hash_string(const char *text)
{
    return hash_string(text);
}

static inline guint64
fold(guint64 h, guint64 value)
{
    return mix(h ^ value) + 0x9e3779b97f4a7c15ULL;
}

static guint64
hash_config(GHashTable *config)
{
    GHashTableIter iter;
    gpointer key, value;
    guint64 sum = 0;

    if (config == NULL)
        return 0;
    /* what the loop below gives for no entries, without walking the
     * buckets (server config, injected faults and most profiles are empty) */
    if (g_hash_table_size(config) == 0)
        return fold(0, 0);
    g_hash_table_iter_init(&iter, config);
    while (g_hash_table_iter_next(&iter, &key, &value))
        sum += mix(hash_string(key) * 31 + mix(hash_string(value)));
    return fold(sum, g_hash_table_size(config));
}

guint64
ms_hash_config(GHashTable *config)
{
    return hash_config(config);
}

/* ms_hash_config of the same pairs: the canonical hash does not depend on
 * how a config is stored */
static guint64
hash_config_map(const MsConfigMap *config)
{
    guint64 sum = 0;

    for (guint i = 0; i < ms_config_map_size(config); i++)
        sum += mix(hash_string(ms_config_map_key(config, i)) * 31 +
                   mix(hash_string(ms_config_map_value(config, i))));
    return fold(sum, ms_config_map_size(config));
}

/* hash_config of one device's options, read through the accessors (the
 * same sum: the canonical hash does not depend on how a device is stored) */
static guint64
hash_device(MsDevice *device)
{
    MsDeviceIter iter;
    const char *key, *value;
    guint64 sum = 0;

    if (ms_device_count(device) == 0)
        return fold(0, 0);
    ms_device_iter_init(&iter, device);
    while (ms_device_iter_next(&iter, &key, &value))
        sum += mix(hash_string(key) * 31 + mix(hash_string(value)));
    return fold(sum, ms_device_count(device));
}

guint64
ms_hash_device(MsDevice *device)
{
    return hash_device(device);
}

static guint64
hash_devices(MsDevices *devices)
{
    MsDevicesIter iter;
    const char *key;
    MsDevice *value;
    guint64 sum = 0;

    if (ms_devices_count(devices) == 0)
        return fold(0, 0);
    ms_devices_iter_init(&iter, devices);
    while (ms_devices_iter_next(&iter, &key, &value))
        sum += mix(hash_string(key) ^ (hash_device(value) * SEED_DEVICE));
    return fold(sum, ms_devices_count(devices));
}

static guint64
hash_strv(const GPtrArray *strings)
{
    guint64 h = SEED_GROUP;

    if (strings == NULL)
        return h;
    for (guint i = 0; i < strings->len; i++)
        h = fold(h, hash_string(strings->pdata[i]));
    return fold(h, strings->len);
}

/* A set of names, or with @with_values a name -> small int map; order-free.
 * Sets made with g_hash_table_add() store the key pointer as the value, so
 * their values must not be read. */
static guint64
hash_key_set(GHashTable *set, gboolean with_values)
{
    GHashTableIter iter;
    gpointer key, value;
    guint64 sum = 0;

    if (set == NULL)
        return 0;
    if (g_hash_table_size(set) == 0)
        return fold(0, 0);
    g_hash_table_iter_init(&iter, set);
    while (g_hash_table_iter_next(&iter, &key, &value))
        sum += mix(hash_string(key) + (with_values ? (guint64) GPOINTER_TO_SIZE(value) : 0));
    return fold(sum, g_hash_table_size(set));
}

static guint64
hash_member(const MsMember *m)
{
    guint64 h = SEED_MEMBER;

    h = fold(h, hash_string(m->name));
    h = fold(h, m->id);
    h = fold(h, ((guint64) m->status << 8) | ((guint64) m->db_status << 16) | ((guint64) m->role << 24) |
                    ((guint64) m->networks_not_started << 32) | ((guint64) m->pools_not_started << 33) |
                    ((guint64) m->host_lacks << 34) | ((guint64) m->host_has << 42));
    if (m->host_id != 0)
        h = fold(h, m->host_id);
    h = fold(h, hash_string(m->architecture));
    h = fold(h, hash_string(m->failure_domain));
    h = fold(h, hash_string(m->scheduler_instance));
    if (m->host_interfaces != NULL)
        h = fold(h, hash_strv(m->host_interfaces));
    if (m->host_paths != NULL)
        h = fold(h, hash_key_set(m->host_paths, TRUE));
    return fold(h, hash_strv(m->groups));
}

static guint64
hash_instance(const MsInstance *inst)
{
    guint64 h = SEED_INSTANCE;

    h = fold(h, hash_string(inst->name));
    h = fold(h,
             ((guint64) inst->type << 1) | ((guint64) inst->status << 4) | ((guint64) inst->n_backups << 8));
    h = fold(h, hash_string(inst->location));
    if (inst->project != NULL)
        h = fold(h, hash_string(inst->project));
    h = fold(h, hash_config_map(inst->config));
    h = fold(h, hash_devices(inst->devices));
    h = fold(h, hash_strv(inst->profiles));
    return fold(h, hash_strv(inst->snapshots));
}

/* What the simulated clock still decides (docs/explore.md#states): the
 * remaining life of each operation record (placement counts it until then)
 * and how long each unreachable member has been silent (it turns OFFLINE
 * when that passes cluster.offline_threshold).  The absolute time is left
 * out: nothing in the model reads it except through these differences, so
 * two states that differ only in it behave alike from then on. */
static guint64
hash_clock(const MsCluster *cluster)
{
    guint64 h = SEED_GROUP + 2;

    for (guint i = 0; i < cluster->op_records->len; i++) {
        const MsOpRecord *r = cluster->op_records->pdata[i];
        guint64 left = r->removed_at_ms == G_MAXUINT64 ? G_MAXUINT64 : r->removed_at_ms - cluster->now_ms;
        h = fold(h, fold(hash_string(r->member), left));
    }
    for (guint i = 0; cluster->n_unreachable > 0 && i < cluster->members->len; i++) {
        const MsMember *m = cluster->members->pdata[i];
        if (m->unreachable_since_ms != G_MAXUINT64)
            h = fold(h, fold(hash_string(m->name), cluster->now_ms - m->unreachable_since_ms));
    }
    return fold(h, cluster->op_records->len);
}

/* The operations in flight: which request, which job number, the steps it
 * has still to run (an evacuation that has moved c1 differs from one that
 * has not, even where the instances' places agree). */
static guint64
hash_jobs(const MsCluster *cluster)
{
    guint64 h = SEED_GROUP + 3;

    for (guint i = 0; i < cluster->jobs->len; i++) {
        const MsJob *job = cluster->jobs->pdata[i];
        /* the fields a job's request uses (evacuate, restore, move) */
        const MsOp *op = job->op;
        guint64 oh = fold(op->kind, hash_string(op->member));
        oh = fold(oh, hash_string(op->instance));
        oh = fold(oh, hash_string(op->target));
        oh = fold(oh, hash_string(op->action));
        oh = fold(oh, ((guint64) op->force << 1) | ((guint64) op->stateless << 2) | op->stateful);
        h = fold(h, fold(job->id, oh));
        for (guint s = job->next; s < job->steps->len; s++)
            h = fold(h, hash_string(job->steps->pdata[s]));
        h = fold(h, job->steps->len - job->next);
        h = fold(h, hash_string(job->hung));
    }
    return fold(h, cluster->jobs->len);
}

guint64
ms_cluster_hash(const MsCluster *cluster)
{
    GHashTableIter iter;
    gpointer value;
    guint64 h = 0x84222325cbf29ce4ULL, sum = 0;

    for (guint i = 0; i < cluster->members->len; i++)
        h = fold(h, hash_member(cluster->members->pdata[i]));
    for (guint i = 0; i < cluster->pools->len; i++) {
        const MsPool *p = cluster->pools->pdata[i];
        guint64 ph = fold(SEED_POOL, hash_string(p->name));
        ph = fold(ph, hash_string(p->driver));
        ph = fold(ph, p->state);
        if (p->errored)
            ph = fold(ph, 0xe77);
        ph = fold(ph, hash_key_set(p->member_state, TRUE));
        h = fold(h, fold(ph, hash_config(p->config)));
    }
    for (guint i = 0; i < cluster->volumes->len; i++) {
        const MsVolume *v = cluster->volumes->pdata[i];
        guint64 vh = fold(SEED_VOLUME, hash_string(v->pool));
        vh = fold(vh, hash_string(v->name));
        vh = fold(vh, hash_string(v->project));
        vh = fold(vh, v->content_type);
        vh = fold(vh, hash_string(v->location));
        vh = fold(vh, hash_strv(v->snapshots));
        h = fold(h, fold(vh, hash_config(v->config)));
    }
    for (guint i = 0; i < cluster->profiles->len; i++) {
        const MsProfileEntity *p = cluster->profiles->pdata[i];
        guint64 ph = fold(SEED_PROFILE, hash_string(p->name));
        if (p->project != NULL)
            ph = fold(ph, hash_string(p->project));
        ph = fold(ph, hash_config(p->config));
        h = fold(h, fold(ph, hash_devices(p->devices)));
    }
    g_hash_table_iter_init(&iter, cluster->instances);
    while (g_hash_table_iter_next(&iter, NULL, &value))
        sum += hash_instance(value);
    h = fold(h, fold(sum, g_hash_table_size(cluster->instances)));
    h = fold(h, hash_config(cluster->server_config));
    h = fold(h, cluster->next_member_id);
    h = fold(h, hash_strv(cluster->cluster_groups));
    for (guint i = 0; i < cluster->networks->len; i++) {
        const MsNetwork *n = cluster->networks->pdata[i];
        guint64 nh = fold(SEED_NETWORK, hash_string(n->name));
        nh = fold(nh, n->created);
        nh = fold(nh, n->errored);
        nh = fold(nh, hash_key_set(n->pending_on, FALSE));
        nh = fold(nh, hash_config(n->forwards));
        h = fold(h, fold(nh, hash_config(n->config)));
    }
    for (guint i = 0; i < cluster->placement_groups->len; i++) {
        const MsPlacementGroup *g = cluster->placement_groups->pdata[i];
        h = fold(h, fold(fold(SEED_GROUP, hash_string(g->name)), hash_config(g->config)));
    }
    for (guint i = 0; i < cluster->projects->len; i++) {
        const MsProject *p = cluster->projects->pdata[i];
        guint64 ph = fold(fold(SEED_GROUP + 1, hash_string(p->name)), hash_config(p->config));
        if (p->images != NULL)
            ph = fold(fold(fold(ph, hash_key_set(p->images, FALSE)), hash_config(p->image_aliases)),
                      p->aliases_unknown);
        h = fold(h, ph);
    }
    h = fold(h, hash_clock(cluster));
    h = fold(h, hash_jobs(cluster));
    h = fold(h, hash_config(cluster->injected));
    return mix(h);
}
