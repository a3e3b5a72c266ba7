/* migsim: key/value config maps and device maps as LXD stores them.
 *
 * A config is a GHashTable of owned strings; a device set maps a device name to
 * its config.  Output never depends on hash order: every dump goes through the
 * sorted-keys helpers here. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GHashTable *ms_config_new(void);
GHashTable *ms_config_copy(GHashTable *config);
/* (transfer container) NULL-terminated array of borrowed keys in byte order */
const char **ms_config_sorted_keys(GHashTable *config);
void ms_config_set(GHashTable *config, const char *key, const char *value);
const char *ms_config_get(GHashTable *config, const char *key);
gboolean ms_config_equal(GHashTable *a, GHashTable *b);

GHashTable *ms_devices_new(void);
GHashTable *ms_devices_copy(GHashTable *devices);

/* LXD's shared.IsTrue: "true", "1", "yes", "on" in any case. */
gboolean ms_is_true(const char *value);
/* LXD's config.Bool validator: true/false/1/0/yes/no/on/off in any case. */
gboolean ms_is_valid_bool(const char *value);

/* Parses "1GiB", "100MiB", "512MB", "1073741824"; FALSE when not a size. */
gboolean ms_parse_size(const char *value, guint64 *bytes);

G_END_DECLS
