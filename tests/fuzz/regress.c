/* Replays every kept fuzz input (crashes once found, and seeds) through the
 * fuzz target, as a plain test in the unit suite.  TAP output. */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
    guint n = 0;

    for (int d = 1; d < argc; d++) {
        g_autoptr(GDir) dir = g_dir_open(argv[d], 0, NULL);
        const char *name;
        if (dir == NULL) {
            printf("Bail out! cannot open %s\n", argv[d]);
            return 1;
        }
        while ((name = g_dir_read_name(dir)) != NULL) {
            g_autofree char *path = g_build_filename(argv[d], name, NULL);
            g_autofree char *contents = NULL;
            gsize length;
            if (!g_file_get_contents(path, &contents, &length, NULL))
                continue;
            LLVMFuzzerTestOneInput((const uint8_t *) contents, length);
            printf("ok %u - %s\n", ++n, path);
        }
    }
    printf("1..%u\n", n);
    return 0;
}
