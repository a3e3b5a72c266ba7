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

char *
ms_input_size_text(gsize size)
{
    if (size % (1024 * 1024 * 1024) == 0)
        return g_strdup_printf("%" G_GSIZE_FORMAT " GiB", size / (1024 * 1024 * 1024));
    if (size % (1024 * 1024) == 0)
        return g_strdup_printf("%" G_GSIZE_FORMAT " MiB", size / (1024 * 1024));
    if (size % 1024 == 0)
        return g_strdup_printf("%" G_GSIZE_FORMAT " KiB", size / 1024);
    return g_strdup_printf("%" G_GSIZE_FORMAT " bytes", size);
}

/* "SUBJECT larger than 8 MiB, the limit for WHAT[; RAISE]"; @subject:
 * "PATH:" or "-: standard input" */
static void
too_large(GError **error, const char *subject, gsize max_size, const char *what, const char *raise)
{
    g_autofree char *limit = ms_input_size_text(max_size);

    g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_IO, "%s larger than %s, the limit for %s%s%s",
                subject, limit, what, raise != NULL ? "; " : "", raise != NULL ? raise : "");
}

static MsInput *
read_stdin(const char *what, gsize max_size, const char *raise, GError **error)
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
            too_large(error, "-: standard input", max_size, what, raise);
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
ms_input_read(const char *path, const char *what, gsize max_size, const char *raise, GError **error)
{
    g_autoptr(GString) data = NULL;
    struct stat st;
    int fd, saved_errno;

    /* "-": standard input, a pipe or a terminal as well as a file */
    if (g_str_equal(path, "-"))
        return read_stdin(what, max_size, raise, error);
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
            g_autofree char *subject = g_strdup_printf("%s:", path);

            close(fd);
            too_large(error, subject, max_size, what, raise);
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

/* Set by the command line before any file is read (no lock needed). */
static gsize state_max_size = MS_STATE_MAX_SIZE;

gsize
ms_state_file_max_size(void)
{
    return state_max_size;
}

void
ms_state_file_set_max_size(gsize max_size)
{
    g_return_if_fail(max_size >= MS_STATE_MAX_SIZE_FLOOR && max_size <= MS_STATE_MAX_SIZE_CEILING);
    state_max_size = max_size;
}

gboolean
ms_state_file_parse_max_size(const char *text, gsize *max_size, GError **error)
{
    return ms_input_parse_size(text, MS_STATE_MAX_SIZE_FLOOR, MS_STATE_MAX_SIZE_CEILING, max_size, error);
}

gboolean
ms_input_parse_size(const char *text, gsize floor_size, gsize ceiling_size, gsize *size, GError **error)
{
    static const struct {
        const char *suffix;
        guint64 unit;
    } units[] = {
        { "", 1 },
        { "K", 1024 },
        { "KiB", 1024 },
        { "M", 1024 * 1024 },
        { "MiB", 1024 * 1024 },
        { "G", 1024 * 1024 * 1024 },
        { "GiB", 1024 * 1024 * 1024 },
    };
    g_autofree char *floor = ms_input_size_text(floor_size);
    g_autofree char *ceiling = ms_input_size_text(ceiling_size);
    g_autofree char *shown = NULL;
    const char *end = text;
    guint64 value = 0;

    while (g_ascii_isdigit(*end) && value <= ceiling_size)
        value = value * 10 + (guint64) (*end++ - '0');
    for (guint i = 0; end != text && i < G_N_ELEMENTS(units); i++) {
        if (!g_str_equal(end, units[i].suffix))
            continue;
        if (value > ceiling_size / units[i].unit || value * units[i].unit < floor_size)
            break;
        *size = (gsize) (value * units[i].unit);
        return TRUE;
    }
    shown = ms_text_visible(text);
    g_set_error(error, MS_SCENARIO_ERROR, MS_SCENARIO_ERROR_SYNTAX,
                "'%s' is not a size from %s to %s (digits, then K, M or G for KiB, MiB or GiB)", shown, floor,
                ceiling);
    return FALSE;
}

void
ms_input_free(MsInput *input)
{
    if (input == NULL)
        return;
    g_free(input->text);
    g_free(input);
}
