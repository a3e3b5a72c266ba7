/* libFuzzer target: the `lxc` verb table's argument binder and printer.
 * The input is the command line after `lxc`, one argument per line.  Any
 * input must give an MsOp or an "unsupported" GError naming the command;
 * an MsOp must print (ms_op_to_command) as a line that parses back to the
 * same operation and prints the same again.  Built with -Dfuzz=true
 * (clang); the fuzz-regressions-lxc test replays the kept inputs. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "ms-scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    g_autoptr(GError) error = NULL;
    g_autoptr(MsOp) op = NULL;
    g_autoptr(MsOp) again = NULL;
    g_auto(GStrv) reparsed = NULL;
    g_autofree char *printed = NULL;
    g_autofree char *printed_again = NULL;

    if (size > 4096 || memchr(data, '\0', size) != NULL)
        return 0;
    text = g_strndup((const char *) data, size);
    lines = g_strsplit(text, "\n", 64);
    g_ptr_array_add(args, (char *) "lxc");
    for (guint i = 0; lines[i] != NULL; i++)
        g_ptr_array_add(args, lines[i]);
    g_ptr_array_add(args, NULL);

    op = ms_lxc_parse((char **) args->pdata, &error);
    if (op == NULL) {
        g_assert_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_UNSUPPORTED);
        g_assert_true(strstr(error->message, "lxc") != NULL);
        return 0;
    }
    printed = ms_op_to_command(op);
    if (!g_shell_parse_argv(printed, NULL, &reparsed, NULL))
        g_error("printed '%s' is not a shell command line", printed);
    again = ms_lxc_parse(reparsed, &error);
    if (again == NULL)
        g_error("printed '%s' does not parse: %s", printed, error->message);
    g_assert_cmpint(again->kind, ==, op->kind);
    printed_again = ms_op_to_command(again);
    g_assert_cmpstr(printed, ==, printed_again);
    return 0;
}
