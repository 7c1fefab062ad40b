/* What a signal must not leave behind. SIGINT, SIGTERM and SIGHUP (and SIGPIPE, a closed pipe
 * on standard output) end the command with the signal's own status, as any Unix tool does, but
 * first remove the temporary files and private directories the command made and stop the
 * gnuplot it started: a report cut short by Ctrl-C must not leave 100 MB of a half-written
 * temporary file beside the target.
 *
 * The handler may only make async-signal-safe calls (unlink, rmdir, kill, waitpid, raise), so the
 * paths are kept ready as whole strings in fixed slots. A slot's string is never freed while the
 * process can still take a signal (lk_cleanup_release frees them once, at the very end), so a
 * handler running in another thread can never read a freed path. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cli.h"

#define LK_CLEANUP_SLOTS 16

/* Files first, then directories (a private directory empties before it can go). */
static char *volatile files[LK_CLEANUP_SLOTS];
static char *volatile dirs[LK_CLEANUP_SLOTS];
/* Strings taken off a slot, freed at the end (see above). */
static char *retired[2 * LK_CLEANUP_SLOTS * 4];
static size_t n_retired;
static volatile pid_t child;
static mode_t the_umask;

static const int caught[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };

static void on_signal(int sig)
{
    int saved = errno;
    pid_t c = child;
    if (c > 0) { /* gnuplot could go on writing into the private directory */
        kill(c, SIGKILL);
        while (waitpid(c, NULL, 0) < 0 && errno == EINTR) {
        }
    }
    for (int i = 0; i < LK_CLEANUP_SLOTS; i++)
        if (files[i]) unlink(files[i]);
    for (int i = 0; i < LK_CLEANUP_SLOTS; i++)
        if (dirs[i]) rmdir(dirs[i]);
    /* The default action gives the parent the usual status (128 + N in a shell) and, for
     * SIGPIPE, the silence of grep or cat writing into a closed pipe. */
    signal(sig, SIG_DFL);
    errno = saved;
    raise(sig);
}

void lk_cleanup_init(void)
{
    the_umask = umask(0);
    umask(the_umask);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof caught / sizeof *caught; i++) sigaddset(&sa.sa_mask, caught[i]);
    for (size_t i = 0; i < sizeof caught / sizeof *caught; i++) {
        struct sigaction old;
        /* A signal the caller ignores (nohup, a shell's background job) stays ignored. */
        if (sigaction(caught[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN && caught[i] != SIGPIPE) continue;
        sigaction(caught[i], &sa, NULL);
    }
}

mode_t lk_cleanup_umask(void)
{
    return the_umask;
}

static int add(char *volatile *slots, const char *path)
{
    char *copy = strdup(path);
    if (!copy) return -1;
    for (int i = 0; i < LK_CLEANUP_SLOTS; i++)
        if (!slots[i]) {
            slots[i] = copy; /* the whole string is in place before the slot shows it */
            return 0;
        }
    free(copy);
    errno = EMFILE;
    return -1;
}

static void drop(char *volatile *slots, const char *path)
{
    for (int i = 0; i < LK_CLEANUP_SLOTS; i++) {
        char *s = slots[i];
        if (s && strcmp(s, path) == 0) {
            slots[i] = NULL;
            if (n_retired < sizeof retired / sizeof *retired) retired[n_retired++] = s;
            return; /* else: kept, a few bytes, rather than freed under a running handler */
        }
    }
}

int lk_cleanup_add_file(const char *path) { return add(files, path); }
int lk_cleanup_add_dir(const char *path) { return add(dirs, path); }
void lk_cleanup_drop_file(const char *path) { drop(files, path); }
void lk_cleanup_drop_dir(const char *path) { drop(dirs, path); }
void lk_cleanup_set_child(pid_t pid) { child = pid; }

/* Make and register in one step that no signal can split: a temporary made but not yet
 * registered would be left behind. */
static int guarded(char *tmpl, int dir)
{
    sigset_t block, old;
    sigemptyset(&block);
    for (size_t i = 0; i < sizeof caught / sizeof *caught; i++) sigaddset(&block, caught[i]);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int rc = dir ? (mkdtemp(tmpl) ? 0 : -1) : mkstemp(tmpl);
    if (rc >= 0 && add(dir ? dirs : files, tmpl) != 0) {
        int e = errno;
        if (dir) rmdir(tmpl);
        else {
            close(rc);
            unlink(tmpl);
        }
        errno = e;
        rc = -1;
    }
    int e = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    errno = e;
    return rc;
}

int lk_cleanup_mkstemp(char *tmpl) { return guarded(tmpl, 0); }
int lk_cleanup_mkdtemp(char *tmpl) { return guarded(tmpl, 1); }

void lk_cleanup_release(void)
{
    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    for (int i = 0; i < LK_CLEANUP_SLOTS; i++) {
        free(files[i]);
        files[i] = NULL;
        free(dirs[i]);
        dirs[i] = NULL;
    }
    for (size_t i = 0; i < n_retired; i++) free(retired[i]);
    n_retired = 0;
    sigprocmask(SIG_SETMASK, &old, NULL);
}
