/* migsim: error domain and throw helpers. */
#include "ms-error.h"

/* clang-format off */
G_DEFINE_QUARK(ms-error-quark, ms_error)
/* clang-format on */

gboolean
ms_throw(GError **error, MsErrorCode code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_propagate_error(error, g_error_new_valist(MS_ERROR, code, fmt, ap));
    va_end(ap);
    return FALSE;
}

gpointer
ms_null_throw(GError **error, MsErrorCode code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_propagate_error(error, g_error_new_valist(MS_ERROR, code, fmt, ap));
    va_end(ap);
    return NULL;
}
