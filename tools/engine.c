/* A document engine (WeasyPrint for .pdf, pandoc for .docx) run on files levekar wrote into a
 * private directory (engine.h). The library never runs programs, so the run is here, modelled on
 * gnuplot.c:
 *
 *  - the engine runs inside the private directory of lk_output_dir_open (mode 0700) on fixed names
 *    levekar chose, started by execvp (no shell), so nothing the user typed reaches its command
 *    line;
 *  - no network: the documents are self-contained, and the engine gets its proxy variables
 *    pointed at a closed local port, so a request that slipped in anyway fails at once instead of
 *    leaving the machine;
 *  - a timeout (LEVEKAR_PDF_TIMEOUT seconds, default 120): an engine that hangs is killed;
 *  - its messages go to a log in the directory, shown only when it fails. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"
#include "engine.h"
#include "levekar.h"

extern char **environ;

/* a port nothing listens on (discard, refused on any ordinary machine) */
#define NO_PROXY_URL "http://127.0.0.1:9"

static const char *const proxies[] = { "http_proxy=" NO_PROXY_URL, "https_proxy=" NO_PROXY_URL, "ftp_proxy=" NO_PROXY_URL,
                                       "all_proxy=" NO_PROXY_URL,  "HTTP_PROXY=" NO_PROXY_URL,  "HTTPS_PROXY=" NO_PROXY_URL,
                                       "ALL_PROXY=" NO_PROXY_URL };
#define N_PROXIES (sizeof proxies / sizeof *proxies)

/* Our environment without any proxy settings of its own (a no_proxy could exempt a host), with
 * ours added; NULL when memory ran out. Made before fork: the child may only assign it. */
static char **engine_environ(void)
{
    size_t n = 0;
    while (environ[n]) n++;
    char **env = malloc((n + N_PROXIES + 1) * sizeof *env), **e = env;
    if (!env) return NULL;
    for (size_t i = 0; i < n; i++) {
        const char *eq = strchr(environ[i], '=');
        size_t k = eq ? (size_t)(eq - environ[i]) : strlen(environ[i]);
        if (k >= 6 && (strncmp(environ[i] + k - 6, "_proxy", 6) == 0 || strncmp(environ[i] + k - 6, "_PROXY", 6) == 0)) continue;
        *e++ = environ[i];
    }
    for (size_t i = 0; i < N_PROXIES; i++) *e++ = (char *)proxies[i];
    *e = NULL;
    return env;
}

/* In the child, between fork and exec: only async-signal-safe calls. The errno of a failed step
 * goes back through a close-on-exec pipe, which a successful exec closes unread. */
static void child_main(int report_fd, int log_fd, const char *dir, char **env, const lk_engine *eng)
{
    int e = 0;
    signal(SIGINT, SIG_DFL); /* our handlers would remove the parent's temporary files from here */
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    int null = open("/dev/null", O_RDWR);
    if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(null, STDOUT_FILENO) < 0 || dup2(log_fd, STDERR_FILENO) < 0 ||
        chdir(dir) != 0) {
        e = errno;
    } else {
        environ = env;
        execvp(eng->argv[0], (char *const *)eng->argv);
        e = errno;
    }
    ssize_t w = write(report_fd, &e, sizeof e);
    (void)w;
    _exit(127);
}

long lk_engine_timeout(void)
{
    const char *s = getenv("LEVEKAR_PDF_TIMEOUT");
    if (!s) return 120;
    char *end;
    errno = 0;
    long t = strtol(s, &end, 10);
    if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || t < 1 || t > 86400) {
        fprintf(stderr, "levekar profile: LEVEKAR_PDF_TIMEOUT=%s (expected whole seconds from 1 to 86400)\n", s);
        return -1;
    }
    return t;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Wait for PID at most LIMIT seconds (polled: no alarm that could fire before the wait begins);
 * 1 with its status, 0 when it ran too long and was killed, -1 on a failed wait (errno). */
static int wait_limited(pid_t pid, long limit, int *status)
{
    double end = now() + (double)limit;
    for (;;) {
        pid_t w = waitpid(pid, status, WNOHANG);
        if (w == pid) return 1;
        if (w < 0 && errno != EINTR) return -1;
        if (now() >= end) {
            kill(pid, SIGKILL);
            while (waitpid(pid, status, 0) < 0 && errno == EINTR) {
            }
            return 0;
        }
        struct timespec nap = { 0, 20 * 1000 * 1000 };
        nanosleep(&nap, NULL);
    }
}

/* What the engine wrote on its standard error (its own words, which say what in the document it
 * could not lay out). */
static void show_log(const char *log)
{
    FILE *f = fopen(log, "r");
    if (!f) return;
    char buf[4096];
    size_t n, total = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0 && total < 64 * 1024) {
        fwrite(buf, 1, n, stderr);
        total += n;
    }
    fclose(f);
}

/* The run itself, its standard error into LOG. */
static int run(const lk_engine *eng, const char *dir, const char *log, long limit)
{
    int rep[2], log_fd;
    char **env = engine_environ();
    if (!env) return lk_cli_nomem(NULL);
    if ((log_fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0) {
        fprintf(stderr, "levekar profile: cannot start %s: %s: %s\n", eng->argv[0], log, strerror(errno));
        free(env);
        return LK_EXIT_IO;
    }
    if (pipe(rep) != 0) {
        fprintf(stderr, "levekar profile: cannot start %s: %s\n", eng->argv[0], strerror(errno));
        close(log_fd);
        free(env);
        return LK_EXIT_HELPER;
    }
    fcntl(rep[0], F_SETFD, FD_CLOEXEC);
    fcntl(rep[1], F_SETFD, FD_CLOEXEC);
    pid_t pid = fork();
    if (pid == 0) child_main(rep[1], log_fd, dir, env, eng);
    int fork_errno = errno;
    close(rep[1]);
    close(log_fd);
    free(env); /* the child has its copy */
    if (pid < 0) {
        close(rep[0]);
        fprintf(stderr, "levekar profile: cannot start %s: %s\n", eng->argv[0], strerror(fork_errno));
        return LK_EXIT_HELPER;
    }
    lk_cleanup_set_child(pid);
    int start_errno = 0;
    ssize_t got;
    while ((got = read(rep[0], &start_errno, sizeof start_errno)) < 0 && errno == EINTR) {
    }
    close(rep[0]);
    int status = 0, done = wait_limited(pid, limit, &status);
    lk_cleanup_set_child(0);
    if (got == (ssize_t)sizeof start_errno) {
        if (start_errno == ENOENT)
            fprintf(stderr, "levekar profile: %s not found (install %s: apt-get install %s)\n", eng->argv[0], eng->package, eng->package);
        else fprintf(stderr, "levekar profile: cannot start %s: %s\n", eng->argv[0], strerror(start_errno));
        return LK_EXIT_HELPER;
    }
    if (done < 0) {
        fprintf(stderr, "levekar profile: %s did not finish: %s\n", eng->argv[0], strerror(errno));
        return LK_EXIT_HELPER;
    }
    if (done == 0) {
        fprintf(stderr, "levekar profile: %s did not finish within %ld s (LEVEKAR_PDF_TIMEOUT); no %s written\n", eng->argv[0], limit, eng->what);
        return LK_EXIT_HELPER;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        show_log(log);
        if (WIFEXITED(status))
            fprintf(stderr, "levekar profile: %s failed (exit %d, its messages above); no %s written\n", eng->argv[0], WEXITSTATUS(status),
                    eng->what);
        else
            fprintf(stderr, "levekar profile: %s ended by signal %d; no %s written\n", eng->argv[0], WTERMSIG(status), eng->what);
        return LK_EXIT_HELPER;
    }
    return LK_EXIT_OK;
}

char *lk_engine_path(const char *dir, const char *leaf)
{
    size_t a = strlen(dir), b = strlen(leaf);
    char *p = malloc(a + b + 2);
    if (p) {
        memcpy(p, dir, a);
        p[a] = '/';
        memcpy(p + a + 1, leaf, b + 1);
    }
    return p;
}

int lk_engine_write(const char *path, int (*write)(const void *doc, FILE *f), const void *doc)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "levekar profile: %s: %s\n", path, strerror(errno));
        return LK_EXIT_IO;
    }
    int rc = write(doc, f), e = errno;
    if (fclose(f) != 0 && rc == LK_OK) {
        rc = LK_EIO;
        e = errno;
    }
    if (rc == LK_ENOMEM) return lk_cli_nomem(NULL);
    if (rc != LK_OK) {
        fprintf(stderr, "levekar profile: %s: %s\n", path, strerror(e));
        return LK_EXIT_IO;
    }
    return LK_EXIT_OK;
}

int lk_engine_run(const lk_engine *eng, const char *dir, long limit)
{
    /* the log lives in the private directory only while the engine runs: the directory must hold
     * nothing but the document when it is committed or removed */
    char *log = lk_engine_path(dir, "engine.log");
    if (!log || lk_cleanup_add_file(log) != 0) {
        free(log);
        return lk_cli_nomem(NULL);
    }
    int ec = run(eng, dir, log, limit);
    unlink(log);
    lk_cleanup_drop_file(log);
    free(log);
    return ec;
}
