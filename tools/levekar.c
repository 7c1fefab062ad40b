/* levekar: the command-line tool. Thin: parse arguments, call the library, print. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include "cli.h"
#include "levekar.h"

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

static void usage(FILE *to)
{
    fputs("Usage: levekar COMMAND [OPTIONS] ...\n"
          "\n"
          "Living-conditions statistics from SSB Statistikkbanken and FHI CSV exports.\n"
          "\n"
          "Commands:\n"
          "  tidy FILE... [-o OUT]   read exports and write one tidy CSV of observations\n"
          "                          (--geography YEAR: borders of YEAR; --zones FILE: district sums)\n"
          "  report FILE...          an indicator for areas against kommune, fylke and landet, with\n"
          "                          intervals, index and significance (csv, text, md, json, prose)\n"
          "  trend FILE...           the indicator's weighted linear trend per region\n"
          "  chart KIND -o FILE ...  trend, compare, funnel or panel chart through gnuplot (PNG, SVG, PDF)\n"
          "  indicators              list the defined indicators\n"
          "  inspect FILE...         tell what was found in a file, and account for every line\n"
          "  regions [--year Y]      list kommuner and fylker of a year, or --changes\n"
          "  coverage --zones F ...  share of each kommune's grunnkrets counts outside the zones\n"
          "  version                 print the version\n"
          "\n"
          "Run 'levekar COMMAND --help' for a command's options.\n"
          "Exit codes: 0 ok, 1 bad data, 2 bad usage, 3 input/output error, 4 gnuplot missing or\n"
          "failed, 5 internal error.\n", to);
}

static int run(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return LK_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return LK_EXIT_OK;
    }
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("levekar %s\n", lk_version());
        return LK_EXIT_OK;
    }
    if (strcmp(cmd, "tidy") == 0) return lk_cmd_tidy(argc - 1, argv + 1);
    if (strcmp(cmd, "inspect") == 0) return lk_cmd_inspect(argc - 1, argv + 1);
    if (strcmp(cmd, "report") == 0) return lk_cmd_report(argc - 1, argv + 1, 0);
    if (strcmp(cmd, "trend") == 0) return lk_cmd_report(argc - 1, argv + 1, 1);
    if (strcmp(cmd, "chart") == 0) return lk_cmd_report(argc - 1, argv + 1, 2);
    if (strcmp(cmd, "indicators") == 0) return lk_cmd_indicators(argc - 1, argv + 1);
    if (strcmp(cmd, "regions") == 0) return lk_cmd_regions(argc - 1, argv + 1);
    if (strcmp(cmd, "coverage") == 0) return lk_cmd_coverage(argc - 1, argv + 1);
    fprintf(stderr, "levekar: unknown command '%s' (expected report, trend, chart, indicators, tidy, inspect, regions, coverage or version; see levekar --help)\n", cmd);
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
