/* migsim: shared by the HTML report's page (ms-report-html.c), its
 * snapshot reading (ms-report-html-snapshot.c) and its pictures
 * (ms-report-html-svg.c).  Private to reports/. */
#pragma once

#include "ms-report-writers.h"

G_BEGIN_DECLS

/* Appends @text escaped for HTML and SVG (ms_xml_escape). */
void ms_html_esc(GString *out, const char *text);
void ms_html_escf(GString *out, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* The object in @node, or NULL (snapshots may be partial). */
JsonObject *ms_html_node_object(JsonNode *node);
/* Members of a snapshot object, NULL (FALSE, 0) where absent or of another
 * type: a live snapshot may be partial. */
const char *ms_html_obj_str(JsonObject *object, const char *key);
gboolean ms_html_obj_bool(JsonObject *object, const char *key);
JsonArray *ms_html_obj_array(JsonObject *object, const char *key);
JsonObject *ms_html_obj_object(JsonObject *object, const char *key);
guint ms_html_array_len(JsonArray *array);
JsonObject *ms_html_array_object(JsonArray *array, guint i);
/* The object of @array whose "name" is @name, or NULL. */
JsonObject *ms_html_find_named(JsonArray *array, const char *name);
/* The volume @pool/@name (on @location for a local pool) of @volumes, or NULL. */
JsonObject *ms_html_find_volume(JsonArray *volumes, const char *pool, const char *name, const char *location);
/* What changed between two snapshots, in words; (element-type utf8). */
GPtrArray *ms_html_state_changes(JsonObject *before, JsonObject *after);
/* One cluster picture (inline SVG in a <figure>) of the snapshot @state;
 * @prev marks what moved, @compare (a simulated snapshot) what a live one
 * does differently, @refused (nullable, NULL-terminated) the instances and
 * members LXD's error is about.  *@picture_id counts pictures in the
 * document. */
void ms_html_append_figure(GString *out, JsonNode *state, JsonNode *prev, JsonNode *compare,
                           const MsOutcome *outcome, const char *const *refused, guint *picture_id,
                           const char *caption);

G_END_DECLS
