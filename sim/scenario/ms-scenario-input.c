/* migsim: reading an input file (a scenario, a state file, or standard
 * input) whole, only when it is a regular file of at most a given size, with
 * the reason in words when it is not (moved out of ms-scenario.c). */
#include "ms-scenario-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ms-report.h"

/* The kind of a file that is not a regular file, for messages. */
static const char *
file_kind(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe)";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

/* Why @path cannot be opened, in words: a link loop and a dangling link are
 * not "no such file". */
static char *
open_failure(const char *path, int saved_errno)
{
    struct stat link_st;

    if (saved_errno == ELOOP)
        return g_strdup("a loop of symbolic links (a link that points, directly or not, to itself)");
    if (saved_errno == ENOENT && lstat(path, &link_st) == 0 && S_ISLNK(link_st.st_mode)) {
        g_autofree char *target = g_file_read_link(path, NULL);
        g_autofree char *shown = ms_text_visible(target != NULL ? target : "?");
        return g_strdup_printf("a symbolic link to '%s', which does not exist", shown);
    }
    if (saved_errno == ENOENT)
        return g_strdup("no such file");
    return g_strdup(g_strerror(saved_errno));
}

static MsInput *
read_stdin(const char *what, gsize max_size, GError **error)
{
    g_autoptr(GString) data = g_string_new(NULL);
    MsInput *input;

    for (;;) {
        char buffer[65536];
        ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_IO, "-: standard input: %s",
                        g_strerror(errno));
            return NULL;
        }
        if (n == 0)
            break;
        if (data->len + (gsize) n > max_size) {
            g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_IO,
                        "-: standard input larger than %" G_GSIZE_FORMAT " MiB, the limit for %s",
                        max_size / (1024 * 1024), what);
            return NULL;
        }
        g_string_append_len(data, buffer, n);
    }
    input = g_new0(MsInput, 1);
    input->length = data->len;
    input->text = g_string_free(g_steal_pointer(&data), FALSE);
    return input;
}

MsInput *
ms_input_read(const char *path, const char *what, gsize max_size, GError **error)
{
    g_autoptr(GString) data = NULL;
    struct stat st;
    int fd, saved_errno;

    /* "-": standard input, a pipe or a terminal as well as a file */
    if (g_str_equal(path, "-"))
        return read_stdin(what, max_size, error);
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; fstat on the
     * open file (not stat on the name) leaves no window to swap it */
    fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        g_autofree char *why = open_failure(path, errno);
        g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_IO, "%s: %s", path, why);
        return NULL;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        saved_errno = errno;
        close(fd);
        if (!S_ISREG(st.st_mode))
            g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_IO, "%s: is %s; %s must be regular files",
                        path, file_kind(st.st_mode), what);
        else
            g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_IO, "%s: %s", path,
                        g_strerror(saved_errno));
        return NULL;
    }
    data = g_string_sized_new(MIN((gsize) st.st_size, max_size) + 1);
    for (;;) {
        char buffer[65536];
        ssize_t n = read(fd, buffer, sizeof buffer);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            saved_errno = errno;
            close(fd);
            g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_IO, "%s: %s", path,
                        g_strerror(saved_errno));
            return NULL;
        }
        if (n == 0)
            break;
        /* the size is checked while reading, too: the file may grow */
        if (data->len + (gsize) n > max_size) {
            close(fd);
            g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_IO,
                        "%s: larger than %" G_GSIZE_FORMAT " MiB, the limit for %s", path,
                        max_size / (1024 * 1024), what);
            return NULL;
        }
        g_string_append_len(data, buffer, n);
    }
    close(fd);
    {
        MsInput *input = g_new0(MsInput, 1);
        input->length = data->len;
        input->text = g_string_free(g_steal_pointer(&data), FALSE);
        return input;
    }
}

void
ms_input_free(MsInput *input)
{
    if (input == NULL)
        return;
    g_free(input->text);
    g_free(input);
}
