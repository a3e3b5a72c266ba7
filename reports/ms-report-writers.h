/* migsim: the report writers.  Each returns the whole document as a string
 * (transfer full); the CLI writes it atomically. */
#pragma once

#include "ms-coverage.h"
#include "ms-report.h"

G_BEGIN_DECLS

/* docs/report-schema.md, schema version MS_REPORT_SCHEMA_VERSION */
char *ms_report_json(GPtrArray *results);
/* JUnit XML: one testsuite per scenario file, one testcase per command or check */
char *ms_report_junit(GPtrArray *results);
/* One self-contained HTML file (inline CSS and SVG): every step with a
 * picture of the cluster after it; replays show simulated and live side by side. */
char *ms_report_html(GPtrArray *results);

/* The rule catalogue. @profile NULL = every release. */
char *ms_report_rules_text(const MsProfile *profile);
char *ms_report_rules_json(const MsProfile *profile);
char *ms_report_rules_markdown(void);

/* The document in @builder, pretty-printed with a final newline: the form
 * of every JSON file and stream migsim writes. */
char *ms_report_json_finish(JsonBuilder *builder);

/* One member of the object being built: its name, then its value (a NULL
 * string is JSON null). */
void ms_json_set_string(JsonBuilder *b, const char *name, const char *value);
void ms_json_set_int(JsonBuilder *b, const char *name, gint64 value);
void ms_json_set_bool(JsonBuilder *b, const char *name, gboolean value);
void ms_json_set_double(JsonBuilder *b, const char *name, double value);

/* Text safe for XML 1.0: C0 controls other than TAB/LF/CR become U+FFFD,
 * ANSI escape sequences are removed, markup characters escaped. */
char *ms_xml_escape(const char *text);

G_END_DECLS

G_BEGIN_DECLS

/* Rule coverage (ms-coverage.h), one release per MsCoverage; the text and
 * JSON writers take several releases (--all-profiles). */
char *ms_report_coverage_text(GPtrArray *coverages);
char *ms_report_coverage_json(GPtrArray *coverages);
/* An lcov tracefile, one test (TN) per release: a function per rule at its
 * first check site, a line and two branches (pass, fail) per check site;
 * paths relative to the source root. */
char *ms_report_coverage_lcov(GPtrArray *coverages);

G_END_DECLS
