/* levekar: the command-line tool. Thin: parse arguments, call the library, print. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include "cli.h"
#include "levekar.h"
#include "opt.h"

int lk_cli_nomem(const char *msg)
{
    /* only a message that names what ran out: a handle that could not be made has a stand-in
     * text ("out of memory (no reader)"), and an errno text would not say it plainly */
    if (msg && strstr(msg, ": out of memory")) fprintf(stderr, "%s\n", msg);
    else fputs("levekar: out of memory\n", stderr);
    return LK_EXIT_INTERNAL;
}

int lk_cli_fail(int status, const char *msg)
{
    if (status == LK_ENOMEM) return lk_cli_nomem(msg);
    if (msg && *msg) fprintf(stderr, "%s\n", msg);
    else fprintf(stderr, "levekar: %s\n", lk_strerror(status)); /* never an empty line */
    return lk_cli_exit_code(status);
}

/* The commands: name, function, option table (libgit2's src/cli/cmd.h). */
static int cmd_report(int argc, char **argv) { return lk_cmd_report(argc, argv, 0); }
static int cmd_trend(int argc, char **argv) { return lk_cmd_report(argc, argv, 1); }
static int cmd_chart(int argc, char **argv) { return lk_cmd_report(argc, argv, 2); }

static const struct {
    int (*fn)(int argc, char **argv);
    const lk_opt_cmd *opts;
} commands[] = {
    { lk_cmd_tidy, &lk_opt_cmd_tidy },
    { cmd_report, &lk_opt_cmd_report },
    { cmd_trend, &lk_opt_cmd_trend },
    { cmd_chart, &lk_opt_cmd_chart },
    { lk_cmd_indicators, &lk_opt_cmd_indicators },
    { lk_cmd_inspect, &lk_opt_cmd_inspect },
    { lk_cmd_regions, &lk_opt_cmd_regions },
    { lk_cmd_coverage, &lk_opt_cmd_coverage },
    { lk_cmd_profile, &lk_opt_cmd_profile },
    { lk_cmd_fetch, &lk_opt_cmd_fetch },
};

/* README "Exit codes", from cli.h's constants */
static const lk_opt_exit exits[] = {
    { LK_EXIT_OK, "ok", "success" },
    { LK_EXIT_DATA, "bad data", "bad or unsupported input data" },
    { LK_EXIT_USAGE, "bad usage", "bad command line" },
    { LK_EXIT_IO, "input/output error", "a file could not be read or written" },
    { LK_EXIT_HELPER, "helper program missing or failed",
      "a helper program missing or failed (gnuplot for charts, weasyprint for profile -o FILE.pdf)" },
    { LK_EXIT_INTERNAL, "internal error", "out of memory or another internal failure" },
    { LK_EXIT_NETWORK, "no connection", "fetch: no connection to the API (or --offline and not in the cache)" },
    { LK_EXIT_DNS, "DNS failure", "fetch: the API's host name does not resolve" },
    { LK_EXIT_TIMEOUT, "timeout", "fetch: no complete answer within the timeout" },
    { LK_EXIT_HTTP_4XX, "query refused", "fetch: the API refused the query (HTTP 4xx; 429 after the retries)" },
    { LK_EXIT_HTTP_5XX, "server error", "fetch: the API failed (HTTP 5xx)" },
    { LK_EXIT_TRUNCATED, "cut-off answer", "fetch: an answer cut off, or not the JSON-stat or CSV it must be" },
    { LK_EXIT_NO_TABLE, "no such table", "fetch: the table id does not exist" },
};

static const lk_opt_word more[] = {
    { "version", "print the version" },
};

static const lk_opt_word env[] = {
    { "TMPDIR", "where chart makes its private folder when the image goes to standard output or a device\n"
                "(default /tmp)" },
    { "LEVEKAR_THREADS", "1: report, trend and chart read every file with one thread (a large file is\n"
                         "otherwise read in two halves at once)" },
    { "LEVEKAR_SPLIT_MIN", "the size in bytes from which a file is read by two threads (default 32 MiB; never below 4 MiB)" },
    { "XDG_CACHE_HOME", "fetch keeps its answers in $XDG_CACHE_HOME/levekar (default ~/.cache/levekar)" },
    { "LEVEKAR_SSB_API", "the PxWebApi v2 fetch asks (default " LK_FETCH_SSB_API ")" },
    { "LEVEKAR_FHI_API", "the FHI Statistikk Open API fetch --fhi asks (default " LK_FETCH_FHI_API ")" },
    { "LEVEKAR_FETCH_RATE", "CALLS/SECONDS: fetch's throttle (default 30/60, below SSB's limit)" },
    { "LEVEKAR_FETCH_MAX_CELLS", "the cells per call above which fetch splits a query (default 800000)" },
    { "LEVEKAR_FETCH_MAX_URL", "the URL length above which fetch asks by POST (default 2000)" },
    { "LEVEKAR_PDF_TIMEOUT", "whole seconds (1 to 86400) profile -o FILE.pdf gives weasyprint before it is\n"
                             "stopped (default 120; another value is refused)" },
};

static void prog(lk_opt_prog *p, const lk_opt_cmd **cmds)
{
    size_t n = sizeof commands / sizeof commands[0];
    for (size_t i = 0; i < n; i++) cmds[i] = commands[i].opts;
    p->about = "Living-conditions statistics from SSB Statistikkbanken and FHI CSV exports";
    p->description =
        "levekar reads the CSV exports of SSB Statistikkbanken and FHI (and JSON-stat 2.0 from the\n"
        "PxWebApi) as they are downloaded, accounts for every line of them, and writes tidy observations,\n"
        "indicators for areas against their kommune, fylke and landet with intervals and tests, trends\n"
        "and charts. Each command below lists its options; levekar COMMAND --help says the same.\n"
        "\n"
        "An output file is written to a temporary file beside it and renamed into place when the run\n"
        "succeeded, so a failed run leaves no partial file. A missing value keeps its status symbol\n"
        "and is never a zero.\n";
    p->cmds = cmds;
    p->n_cmds = n;
    p->more = more;
    p->n_more = sizeof more / sizeof more[0];
    p->exits = exits;
    p->n_exits = sizeof exits / sizeof exits[0];
    p->env = env;
    p->n_env = sizeof env / sizeof env[0];
    p->see_also = ".BR gnuplot (1)";
}

static int run(int argc, char **argv)
{
    lk_opt_prog p;
    const lk_opt_cmd *cmds[sizeof commands / sizeof commands[0]];
    prog(&p, cmds);
    if (argc < 2) {
        lk_opt_help_commands(stderr, &p);
        return LK_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        lk_opt_help_commands(stdout, &p);
        return LK_EXIT_OK;
    }
    if (strcmp(cmd, "--man") == 0) {
        lk_opt_man(stdout, &p, lk_version());
        return LK_EXIT_OK;
    }
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("levekar %s\n", lk_version());
        return LK_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cmd, commands[i].opts->name) == 0) return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "levekar: unknown command '%s' (expected report, trend, chart, indicators, tidy, inspect, regions, coverage, fetch or version; see levekar --help)\n", cmd);
    return LK_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    /* Temporary files go when a signal ends the run; a closed pipe ends it quietly (SIGPIPE). */
    lk_cleanup_init();
    /* GSL aborts on a domain error by default; the library checks arguments before calling GSL,
     * and this makes sure a slip could only ever give an error code. */
    gsl_set_error_handler_off();
    int ec = run(argc, argv);
    /* What went to standard output must have arrived: help, version or a listing written to a
     * full disk is an error, as any other write error (a command that failed said why already). */
    int was_bad = ferror(stdout);
    errno = 0;
    if ((fflush(stdout) != 0 || was_bad) && ec == LK_EXIT_OK) {
        if (errno == EPIPE) raise(SIGPIPE);
        fprintf(stderr, "levekar: standard output: cannot write: %s\n", errno ? strerror(errno) : "write error");
        ec = LK_EXIT_IO;
    }
    lk_cleanup_release();
    return ec;
}
