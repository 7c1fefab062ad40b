/* Running gnuplot through a pipe. The command is a constant; user text only travels inside the
 * script, quoted by the library. gnuplot's own output goes to /dev/null (a bad output path would
 * otherwise send the image to our stdout), its errors to our stderr. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "cli.h"

int lk_run_gnuplot(const char *script, size_t len)
{
    FILE *p = popen("exec gnuplot >/dev/null", "w");
    if (!p) {
        fprintf(stderr, "levekar chart: cannot start gnuplot: %s\n", strerror(errno));
        return LK_EXIT_GNUPLOT;
    }
    size_t wrote = fwrite(script, 1, len, p); /* EPIPE when gnuplot is missing: SIGPIPE is ignored */
    int status = pclose(p);
    if (status == -1) {
        fprintf(stderr, "levekar chart: gnuplot did not finish: %s\n", strerror(errno));
        return LK_EXIT_GNUPLOT;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        fprintf(stderr, "levekar chart: gnuplot not found (install gnuplot-nox: apt-get install gnuplot-nox)\n");
        return LK_EXIT_GNUPLOT;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || wrote != len) {
        fprintf(stderr, "levekar chart: gnuplot reported errors (above); no chart written\n");
        return LK_EXIT_GNUPLOT;
    }
    return LK_EXIT_OK;
}
