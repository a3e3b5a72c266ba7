/* migsim: an enum's spellings as a table instead of a hand-written switch.
 *
 *   MS_ENUM_NAMES(member_status_names,
 *                 [MS_MEMBER_ONLINE] = "ONLINE", [MS_MEMBER_OFFLINE] = "OFFLINE")
 *   MS_ENUM_TO_STRING(ms_member_status_to_string, MsMemberStatus, member_status_names)
 *   MS_ENUM_FROM_STRING(ms_member_status_from_string, MsMemberStatus, member_status_names,
 *                       g_ascii_strcasecmp)
 *
 * The values must be small and non-negative (they index the table); a value
 * without a name is a bug and asserts. */
#pragma once

#include <glib.h>
#include <string.h>

/* clang-format off */
#define MS_ENUM_NAMES(names, ...) static const char *const names[] = { __VA_ARGS__ };

#define MS_ENUM_TO_STRING(func, Type, names)                                   \
    const char *func(Type value)                                               \
    {                                                                          \
        g_assert((guint) value < G_N_ELEMENTS(names) && names[value] != NULL); \
        return names[value];                                                   \
    }

/* @compare: strcmp, or g_ascii_strcasecmp where case does not matter */
#define MS_ENUM_FROM_STRING(func, Type, names, compare)                        \
    gboolean func(const char *text, Type *value)                               \
    {                                                                          \
        for (guint i = 0; i < G_N_ELEMENTS(names); i++) {                      \
            if (names[i] != NULL && compare(names[i], text) == 0) {            \
                *value = (Type) i;                                             \
                return TRUE;                                                   \
            }                                                                  \
        }                                                                      \
        return FALSE;                                                          \
    }
/* clang-format on */
