/* migsim: error domains and the one-line throw helpers.
 *
 * Owns the GError domains of the model; a rejection of an `lxc` operation is
 * not a GError (it is an MsOutcome), GError is for runtime failures such as a
 * bad scenario or an unknown name handed to the API. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MS_ERROR (ms_error_quark())

typedef enum {
    MS_ERROR_FAILED,
    MS_ERROR_NOT_FOUND,
    MS_ERROR_INVALID,
    MS_ERROR_EXISTS,
} MsErrorCode;

GQuark ms_error_quark(void);

/* Sets @error and returns FALSE, so a failure is reported in one line:
 * `return ms_throw(error, MS_ERROR_INVALID, "...", ...);` */
gboolean ms_throw(GError **error, MsErrorCode code, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
gpointer ms_null_throw(GError **error, MsErrorCode code, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

G_END_DECLS
