/* migsim: a JSON tree printed as the lxc client prints YAML (gopkg.in/yaml.v2
 * via yaml.Marshal: block style, mappings in the tree's member order,
 * sequences at their key's indentation, scalars quoted only where YAML
 * would read them otherwise). */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* @node as yaml.Marshal prints it (ending in a newline). */
char *ms_yaml_emit(JsonNode *node);
/* @node as encoding/json's Marshal prints it (one line, no newline). */
char *ms_json_emit(JsonNode *node);

G_END_DECLS
