/* Shared pieces of the levekar command-line tool. The tool is the only place that prints,
 * exits or touches process state; the library never does. */
#ifndef LK_CLI_H
#define LK_CLI_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* Documented exit codes (README "Exit codes"). */
enum {
    LK_EXIT_OK = 0,
    LK_EXIT_DATA = 1,     /* bad or unsupported input data */
    LK_EXIT_USAGE = 2,    /* bad command line */
    LK_EXIT_IO = 3,       /* a file could not be read or written */
    LK_EXIT_HELPER = 4,   /* a helper program missing or failed (gnuplot, weasyprint) */
    LK_EXIT_GNUPLOT = LK_EXIT_HELPER, /* the same code, as chart's callers name it */
    LK_EXIT_INTERNAL = 5, /* out of memory or another internal failure */
    /* levekar fetch: one code per class of network failure (lk_fetch_fail) */
    LK_EXIT_NETWORK = 6,  /* no connection to the API (or --offline and not in the cache) */
    LK_EXIT_DNS = 7,      /* the API's host name does not resolve */
    LK_EXIT_TIMEOUT = 8,  /* no complete answer within the timeout */
    LK_EXIT_HTTP_4XX = 9, /* the API refused the query (4xx, its title said; 429 after the retries) */
    LK_EXIT_HTTP_5XX = 10,/* the API failed (5xx) */
    LK_EXIT_TRUNCATED = 11, /* an answer cut off or not the JSON/CSV it must be */
    LK_EXIT_NO_TABLE = 12 /* no such table */
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

/* A zone file that matched none of the data: a warning on stderr naming the file, the member
 * codes it expects and what the data has (data: lk_zone_agg_describe_data's text). */
struct lk_zones;
void lk_cli_warn_zones(const char *cmd, const char *zones_path, const struct lk_zones *z, const char *data);
/* After a file of tidy: its region names that match no region (lk_name_resolver_done()) on
 * stderr, one line (an error under strict). Returns 0 or the exit code. */
struct lk_name_resolver;
int lk_cli_names_done(struct lk_name_resolver *u, const char *path, int strict, const char *cmd);

/* A pipeline's messages on stderr ("levekar CMD: warning: ..."), then its failure (rc not
 * LK_OK): as it is when it names one of paths as its place ("FILE:LINE: ..."), else after the
 * command's name. Returns the exit code of rc (0 for LK_OK). */
struct lk_pipeline;
int lk_cli_pipeline_said(const struct lk_pipeline *p, int rc, const char *cmd, const char *const *paths, size_t n_paths);

/* Draw a chart of reps: gnuplot renders into a private directory and the image is moved to
 * out_path on success; with script_path the script is saved too (only a script: it renders to
 * the script's name with .png). Returns the exit code (message printed). */
struct lk_report;
struct lk_chart_opts;
int lk_cli_render_chart(const struct lk_report *const *reps, size_t n, struct lk_chart_opts *co, const char *out_path,
                        const char *script_path);

/* Map a library status to an exit code. */
int lk_cli_exit_code(int status);

/* Say that memory ran out, in one line, and return LK_EXIT_INTERNAL: the library's message
 * when it says where ("FILE: out of memory ..."), else "levekar: out of memory" (msg may be
 * NULL). */
int lk_cli_nomem(const char *msg);

/* Say why a library call failed (its message; for LK_ENOMEM as lk_cli_nomem) and return the
 * exit code of the status. */
int lk_cli_fail(int status, const char *msg);

/* An output: standard output, a device or FIFO written directly, or a regular file written to a
 * temporary file beside it and renamed into place on success, so a failed or interrupted run
 * never leaves a partial file behind (output.c says why each case is as it is). */
typedef struct lk_output {
    FILE *fp;
    char *path;     /* the name as given, NULL for standard output */
    char *target;   /* the regular file the rename replaces (a symlink's file), else NULL */
    char *tmp;      /* the temporary file beside target, else NULL */
    mode_t mode;    /* permission bits of the result */
} lk_output;

int lk_output_open(lk_output *o, const char *path);  /* 0 or prints an error and returns exit code */
int lk_output_commit(lk_output *o);                  /* flush, close, rename; 0 or exit code */
void lk_output_abort(lk_output *o);                  /* close and remove the temporary file */
/* A write to o failed (errno says why): message, abort, exit code. A closed pipe on standard
 * output ends the process quietly by SIGPIPE instead, as cat and grep do. */
int lk_output_failed(lk_output *o, const char *cmd);

/* A file another program writes (gnuplot's chart): a private directory of mode 0700 made by
 * mkdtemp beside the target (or in $TMPDIR when the target is a device or standard output), and
 * a file of the fixed name LEAF in it. Commit renames it onto the target or copies it out. */
typedef struct lk_output_dir {
    char *path;     /* the name as given */
    char *target;   /* the regular file to replace, else NULL */
    char *dir;      /* the private directory */
    char *file;     /* dir/LEAF */
    mode_t mode;
    int how;
} lk_output_dir;

int lk_output_dir_open(lk_output_dir *d, const char *path, const char *leaf);
int lk_output_dir_commit(lk_output_dir *d, const char *what); /* WHAT: the program, for "wrote no" */
void lk_output_dir_abort(lk_output_dir *d);

/* -o naming one of the inputs (the same file, by device and inode): message and LK_EXIT_USAGE. */
int lk_output_check_inputs(const char *cmd, const char *out, const char *const *inputs, size_t n);

/* Signals (cleanup.c): SIGINT, SIGTERM, SIGHUP and SIGPIPE remove the registered temporary
 * files and directories, stop the registered child and end the process with the signal. */
void lk_cleanup_init(void);          /* once, first thing in main; also reads the umask */
mode_t lk_cleanup_umask(void);
int lk_cleanup_mkstemp(char *tmpl);  /* mkstemp + register, no signal in between; fd or -1 */
int lk_cleanup_mkdtemp(char *tmpl);  /* mkdtemp + register; 0 or -1 */
int lk_cleanup_add_file(const char *path);
int lk_cleanup_add_dir(const char *path);
void lk_cleanup_drop_file(const char *path);
void lk_cleanup_drop_dir(const char *path);
void lk_cleanup_set_child(pid_t pid); /* 0: none */
void lk_cleanup_release(void);       /* at the very end of main */

int lk_cmd_tidy(int argc, char **argv);
int lk_cmd_inspect(int argc, char **argv);
int lk_cmd_regions(int argc, char **argv);
int lk_cmd_coverage(int argc, char **argv);
int lk_cmd_report(int argc, char **argv, int trend);
int lk_cmd_indicators(int argc, char **argv);
int lk_cmd_profile(int argc, char **argv);
int lk_cmd_fetch(int argc, char **argv);

/* What an indicator needs from SSB, as queries (fetch_plan.c): per table, the selection built
 * from its metadata. */
struct lk_fetch;
struct lk_indicator;
typedef struct lk_fetch_plan_opts {
    const char *const *regions; /* codes on the borders of geography (or as published) */
    size_t n_regions;
    int all;                    /* every region of the table */
    int year_lo, year_hi;       /* 0: open */
    int geography;              /* 0: the codes as given; else the codes of each year that map into them */
} lk_fetch_plan_opts;
/* The tables the indicator (and its further definitions in the years asked) names in its needs,
 * each fetched with the selection built from its metadata and written to DIR/TABLE.json (or
 * .csv) atomically. Says on stderr what was fetched; returns 0 or an exit code (message said). */
int lk_fetch_indicator(struct lk_fetch *f, const struct lk_indicator *ind, const lk_fetch_plan_opts *o,
                       int csv, const char *dir, char ***written, size_t *n_written);
/* report/trend/chart --fetch: what the indicators need for the areas, fetched through the cache
 * into a private temporary folder; the files are added to *files (grown). Release removes them. */
typedef struct lk_fetched {
    char *dir;
    char **paths;
    size_t n;
} lk_fetched;
struct lk_opt_result;
int lk_fetch_for_report(const char *cmd, const struct lk_opt_result *o, const char ***files, int *n_files,
                        lk_fetched *kept);
void lk_fetched_release(lk_fetched *kept);
/* Write one answer to PATH atomically and say what it was (cmd_fetch.c). 0 or an exit code. */
struct lk_fetch_answer;
int lk_fetch_write(const struct lk_fetch_answer *a, const char *table, const char *path);
/* The exit code of a failed fetch call, after its message (cmd_fetch.c). */
int lk_fetch_fail_exit(struct lk_fetch *f, int rc);
/* Pipe a gnuplot script to gnuplot running in folder DIR; 0 or an exit code (message printed). */
int lk_run_gnuplot(const char *script, size_t len, const char *dir);

/* --suppress, --min-numerator and --min-denominator (opt_specs.c) as options of the
 * protection, the same in report, trend, chart, tidy and coverage. */
struct lk_opt_result;
struct lk_suppress_opts;
void lk_cli_suppress_opts(const struct lk_opt_result *o, struct lk_suppress_opts *out);

#endif
