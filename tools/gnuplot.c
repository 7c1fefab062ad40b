/* Running gnuplot. The script travels through a pipe to gnuplot's standard input; user text only
 * ever travels inside it, quoted by the library. gnuplot runs inside the private directory the
 * chart is made in (lk_output_dir_open), so the only file name it is ever handed is a short one
 * levekar chose itself: nothing the user typed can reach gnuplot's `set output`, where a name
 * starting with '|' would be run as a shell command. No shell is involved either: gnuplot is
 * started by execvp, and a failure to start it is told once, by us. gnuplot's own standard output
 * goes to /dev/null, its errors to our standard error. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cli.h"

/* In the child, between fork and exec: only async-signal-safe calls. The errno of a failed step
 * goes back through a close-on-exec pipe, which a successful exec closes unread. */
static void child_main(int script_fd, int report_fd, const char *dir)
{
    int e = 0;
    /* our handlers would remove the parent's temporary files from here */
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    int null = open("/dev/null", O_WRONLY);
    if (dup2(script_fd, STDIN_FILENO) < 0 || null < 0 || dup2(null, STDOUT_FILENO) < 0 || chdir(dir) != 0) {
        e = errno;
    } else {
        execlp("gnuplot", "gnuplot", (char *)NULL);
        e = errno;
    }
    ssize_t w = write(report_fd, &e, sizeof e);
    (void)w;
    _exit(127);
}

static int write_all(int fd, const char *s, size_t len)
{
    while (len) {
        ssize_t w = write(fd, s, len);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        s += w;
        len -= (size_t)w;
    }
    return 0;
}

int lk_run_gnuplot(const char *script, size_t len, const char *dir)
{
    int in[2], rep[2];
    if (pipe(in) != 0) {
        fprintf(stderr, "levekar chart: cannot start gnuplot: %s\n", strerror(errno));
        return LK_EXIT_GNUPLOT;
    }
    if (pipe(rep) != 0) {
        fprintf(stderr, "levekar chart: cannot start gnuplot: %s\n", strerror(errno));
        close(in[0]);
        close(in[1]);
        return LK_EXIT_GNUPLOT;
    }
    fcntl(in[1], F_SETFD, FD_CLOEXEC);
    fcntl(rep[0], F_SETFD, FD_CLOEXEC);
    fcntl(rep[1], F_SETFD, FD_CLOEXEC);
    pid_t pid = fork();
    if (pid == 0) child_main(in[0], rep[1], dir);
    int fork_errno = errno;
    close(in[0]);
    close(rep[1]);
    if (pid < 0) {
        close(in[1]);
        close(rep[0]);
        fprintf(stderr, "levekar chart: cannot start gnuplot: %s\n", strerror(fork_errno));
        return LK_EXIT_GNUPLOT;
    }
    lk_cleanup_set_child(pid);
    /* A gnuplot that stops reading (it died on an error) must give EPIPE here, not end us. */
    struct sigaction ign, old;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old);
    int wrote = write_all(in[1], script, len) == 0;
    close(in[1]);
    sigaction(SIGPIPE, &old, NULL);
    int start_errno = 0;
    ssize_t got;
    while ((got = read(rep[0], &start_errno, sizeof start_errno)) < 0 && errno == EINTR) {
    }
    close(rep[0]);
    int status = 0;
    pid_t w;
    while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
    }
    lk_cleanup_set_child(0);
    if (got == (ssize_t)sizeof start_errno) {
        if (start_errno == ENOENT)
            fprintf(stderr, "levekar chart: gnuplot not found (install gnuplot-nox: apt-get install gnuplot-nox)\n");
        else
            fprintf(stderr, "levekar chart: cannot start gnuplot: %s\n", strerror(start_errno));
        return LK_EXIT_GNUPLOT;
    }
    if (w < 0) {
        fprintf(stderr, "levekar chart: gnuplot did not finish: %s\n", strerror(errno));
        return LK_EXIT_GNUPLOT;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !wrote) {
        fprintf(stderr, "levekar chart: gnuplot reported errors (above); no chart written\n");
        return LK_EXIT_GNUPLOT;
    }
    return LK_EXIT_OK;
}
