/* ms_byte_size_parse against LXD's units.ParseByteSizeString
 * (shared/units/units.go:23-86 at lxd-5.0.2): every suffix its switch
 * takes, the ones it does not, and its three errors.  The values are
 * worked out by hand from that source (powers written out, not computed
 * by the code under test). */
#include <glib.h>

#include "ms-config.h"

static const struct {
    const char *input;
    gint64 bytes;
    const char *error; /* NULL: accepted */
} cases[] = {
    /* empty input: 0, no error */
    { "", 0, NULL },
    /* "", "B", " bytes": 1 */
    { "0", 0, NULL },
    { "1", 1, NULL },
    { "00012", 12, NULL },
    { "42B", 42, NULL },
    { "7 bytes", 7, NULL },
    { "9223372036854775807", G_MAXINT64, NULL },
    { "9223372036854775807B", G_MAXINT64, NULL },
    /* decimal */
    { "1kB", 1000, NULL },
    { "2MB", 2000000, NULL },
    { "3GB", 3000000000, NULL },
    { "4TB", 4000000000000, NULL },
    { "5PB", 5000000000000000, NULL },
    { "1EB", 1000000000000000000, NULL },
    { "6EB", 6000000000000000000, NULL },
    /* binary */
    { "1KiB", 1024, NULL },
    { "2MiB", 2097152, NULL },
    { "00012MiB", 12582912, NULL },
    { "3GiB", 3221225472, NULL },
    { "4TiB", 4398046511104, NULL },
    { "5PiB", 5629499534213120, NULL },
    { "1EiB", 1152921504606846976, NULL },
    { "7EiB", 8070450532247928832, NULL },
    { "0EiB", 0, NULL },
    /* handleOverflow */
    { "8EiB", 0, "Overflow multiplying 8 with 1152921504606846976" },
    { "10EB", 0, "Overflow multiplying 10 with 1000000000000000000" },
    { "9223372036854775807kB", 0, "Overflow multiplying 9223372036854775807 with 1000" },
    { "9007199254740992KiB", 0, "Overflow multiplying 9007199254740992 with 1024" },
    { "9007199254740991KiB", 9223372036854774784, NULL },
    /* ParseInt of the digits: beyond int64, before the suffix is looked at */
    { "9223372036854775808", 0, "Invalid integer: 9223372036854775808" },
    { "9223372036854775810", 0, "Invalid integer: 9223372036854775810" },
    { "9223372036854775799", 9223372036854775799, NULL },
    { "922337203685477581", 922337203685477581, NULL },
    { "18446744073709551616", 0, "Invalid integer: 18446744073709551616" },
    { "9223372036854775808B", 0, "Invalid integer: 9223372036854775808B" },
    { "99999999999999999999xyz", 0, "Invalid integer: 99999999999999999999xyz" },
    /* no digit first */
    { "GiB", 0, "Invalid value: GiB" },
    { "-1", 0, "Invalid value: -1" },
    { " 1", 0, "Invalid value:  1" },
    { "+1", 0, "Invalid value: +1" },
    /* suffixes the switch does not take (case matters, no spaces) */
    { "1KB", 0, "Invalid value: 1KB" },
    { "1kiB", 0, "Invalid value: 1kiB" },
    { "1KIB", 0, "Invalid value: 1KIB" },
    { "1b", 0, "Invalid value: 1b" },
    { "1 B", 0, "Invalid value: 1 B" },
    { "1bytes", 0, "Invalid value: 1bytes" },
    { "1 byte", 0, "Invalid value: 1 byte" },
    { "1 Bytes", 0, "Invalid value: 1 Bytes" },
    { "1iB", 0, "Invalid value: 1iB" },
    { "1ZiB", 0, "Invalid value: 1ZiB" },
    { "1ZB", 0, "Invalid value: 1ZB" },
    { "1GiBs", 0, "Invalid value: 1GiBs" },
    { "1Gi", 0, "Invalid value: 1Gi" },
    { "1G", 0, "Invalid value: 1G" },
    { "1GB ", 0, "Invalid value: 1GB " },
    { "1.5GiB", 0, "Invalid value: 1.5GiB" },
    { "1GiB1", 0, "Invalid value: 1GiB1" },
};

static void
test_cases(void)
{
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        gint64 bytes = -1;
        g_autofree char *error = ms_byte_size_parse(cases[i].input, &bytes);
        g_autofree char *again = ms_byte_size_error(cases[i].input);

        g_test_message("%s", cases[i].input);
        g_assert_cmpstr(error, ==, cases[i].error);
        g_assert_cmpstr(again, ==, cases[i].error);
        /* *bytes is 0 on every error (the callers read it only on NULL) */
        g_assert_cmpint(bytes, ==, cases[i].bytes);
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/byte-size/units-parse", test_cases);
    return g_test_run();
}
