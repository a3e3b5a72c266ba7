/* Replays kept fuzz inputs (the seed corpus and the inputs that once
 * crashed) through one fuzz target, as a plain test in the unit suite.
 * Every entry of the given directories is an input, read in sorted order;
 * one that cannot be read fails the test (a kept crash that silently stops
 * being replayed is no regression test).  Hidden files are skipped.
 *
 *   fuzz-regress-TARGET DIR...      (TAP output) */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

int
main(int argc, char **argv)
{
    guint n = 0, failed = 0;

    for (int d = 1; d < argc; d++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(GDir) dir = g_dir_open(argv[d], 0, &error);
        g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
        const char *name;

        if (dir == NULL) {
            printf("Bail out! %s\n", error->message);
            return 1;
        }
        while ((name = g_dir_read_name(dir)) != NULL)
            if (name[0] != '.')
                g_ptr_array_add(names, g_strdup(name));
        g_ptr_array_sort(names, compare_names);
        for (guint i = 0; i < names->len; i++) {
            g_autofree char *path = g_build_filename(argv[d], names->pdata[i], NULL);
            g_autofree char *contents = NULL;
            g_autoptr(GError) read_error = NULL;
            gsize length;

            n++;
            if (!g_file_test(path, G_FILE_TEST_IS_REGULAR) ||
                !g_file_get_contents(path, &contents, &length, &read_error)) {
                printf("not ok %u - %s: %s\n", n, path,
                       read_error != NULL ? read_error->message : "not a regular file");
                failed++;
                continue;
            }
            LLVMFuzzerTestOneInput((const uint8_t *) contents, length);
            printf("ok %u - %s\n", n, path);
        }
    }
    if (n == 0) {
        printf("Bail out! no input in the given directories\n");
        return 1;
    }
    printf("1..%u\n", n);
    return failed > 0;
}
