/* migsim: shared by the HTML report's page (ms-report-html.c) and its
 * pictures (ms-report-html-svg.c).  Private to reports/. */
#pragma once

#include "ms-report-writers.h"

G_BEGIN_DECLS

/* Appends @text escaped for HTML and SVG (ms_xml_escape). */
void ms_html_esc(GString *out, const char *text);
void ms_html_escf(GString *out, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* The object in @node, or NULL (snapshots may be partial). */
JsonObject *ms_html_node_object(JsonNode *node);
/* What changed between two snapshots, in words; (element-type utf8). */
GPtrArray *ms_html_state_changes(JsonObject *before, JsonObject *after);
/* One cluster picture (inline SVG in a <figure>) of the snapshot @state;
 * @prev marks what moved, @compare (a simulated snapshot) what a live one
 * does differently.  *@picture_id counts pictures in the document. */
void ms_html_append_figure(GString *out, JsonNode *state, JsonNode *prev, JsonNode *compare,
                           const MsOutcome *outcome, guint *picture_id, const char *caption);

G_END_DECLS
