/* migsim: the self-contained HTML report.  Being written. */
#include "ms-report-writers.h"

char *
ms_report_html(GPtrArray *results)
{
    (void) results;
    return g_strdup("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>migsim</title></head><body></body></html>\n");
}
