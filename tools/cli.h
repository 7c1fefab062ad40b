/* Shared pieces of the levekar command-line tool. The tool is the only place that prints,
 * exits or touches process state; the library never does. */
#ifndef LK_CLI_H
#define LK_CLI_H

#include <stddef.h>
#include <stdio.h>

/* Documented exit codes (README "Exit codes"). */
enum {
    LK_EXIT_OK = 0,
    LK_EXIT_DATA = 1,     /* bad or unsupported input data */
    LK_EXIT_USAGE = 2,    /* bad command line */
    LK_EXIT_IO = 3,       /* a file could not be read or written */
    LK_EXIT_GNUPLOT = 4,  /* gnuplot missing or failed */
    LK_EXIT_INTERNAL = 5  /* out of memory or another internal failure */
};

/* What a file held besides data rows (footnotes, blank lines, labels continued from the row above,
 * numbers hidden by SPVFLAGG): said on stderr, one line, when there was any. With strict, any of
 * it is an error (exit 1). Returns 0 or the exit code. */
struct lk_reader;
int lk_cli_account(const struct lk_reader *r, int strict, const char *cmd);

/* The same export given twice (one file under two names, or a copy of the same bytes) would
 * count everything twice: refused before anything is read. Returns 0 or the exit code (message
 * printed). */
int lk_cli_distinct_files(const char *const *files, size_t n);

/* Map a library status to an exit code. */
int lk_cli_exit_code(int status);

/* An output that is either stdout or a temporary file renamed into place on success, so a
 * failed run never leaves a partial file behind. */
typedef struct lk_output {
    FILE *fp;
    char *path;     /* final path, NULL for stdout */
    char *tmp;      /* temporary path */
} lk_output;

int lk_output_open(lk_output *o, const char *path);  /* 0 or prints an error and returns exit code */
int lk_output_commit(lk_output *o);                  /* flush, close, rename; 0 or exit code */
void lk_output_abort(lk_output *o);                  /* close and remove the temporary file */

int lk_cmd_tidy(int argc, char **argv);
int lk_cmd_inspect(int argc, char **argv);
int lk_cmd_regions(int argc, char **argv);
int lk_cmd_coverage(int argc, char **argv);
int lk_cmd_report(int argc, char **argv, int trend);
int lk_cmd_indicators(int argc, char **argv);
/* Pipe a gnuplot script to gnuplot; 0 or an exit code (message printed). */
int lk_run_gnuplot(const char *script, size_t len);

#endif
