/* migsim: the report writers.  Each returns the whole document as a string
 * (transfer full); the CLI writes it atomically. */
#pragma once

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

/* Text safe for XML 1.0: C0 controls other than TAB/LF/CR become U+FFFD,
 * ANSI escape sequences are removed, markup characters escaped. */
char *ms_xml_escape(const char *text);

G_END_DECLS

G_BEGIN_DECLS

/* Rule coverage over a set of scenario runs. */
typedef struct {
    guint64 pass[MS_RULE_LAST];
    guint64 fail[MS_RULE_LAST];
    gboolean applicable[MS_RULE_LAST]; /* exists in at least one release run */
    GPtrArray *scenarios[MS_RULE_LAST]; /* (element-type utf8) that hit the rule */
    guint n_applicable;
    guint n_covered;
} MsCoverage;

MsCoverage *ms_coverage_new(void);
void ms_coverage_free(MsCoverage *coverage);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsCoverage, ms_coverage_free)
void ms_coverage_add(MsCoverage *coverage, const MsScenarioResult *result);
void ms_coverage_finish(MsCoverage *coverage);
gboolean ms_coverage_is_covered(const MsCoverage *coverage, MsRuleId rule);
double ms_coverage_percent(const MsCoverage *coverage);
char *ms_report_coverage_text(const MsCoverage *coverage);
char *ms_report_coverage_json(const MsCoverage *coverage);
/* An lcov tracefile: one function and two branches (pass, fail) per rule,
 * at the line of the rule's check; paths relative to the source root. */
char *ms_report_coverage_lcov(const MsCoverage *coverage);

G_END_DECLS
