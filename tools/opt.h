/* One option parser for every command (after libgit2's src/cli/opt.h). A command declares its
 * options as a table; the parser checks each value once, the same way in every command, and the
 * help text and the man page are generated from the same tables, so they cannot drift from what
 * is parsed.
 *
 * An option's meaning (its name, kind and check) is an lk_opt_spec, declared once: the shared
 * ones (--geography, --zones, -o, ...) in opt_specs.c. A command's table lists uses of specs
 * (lk_opt), which may word the help or the placeholder for the command, never the check. */
#ifndef LK_OPT_H
#define LK_OPT_H

#include <stddef.h>
#include <stdio.h>

typedef enum lk_opt_kind {
    LK_OPT_FLAG,        /* no value */
    LK_OPT_STRING,      /* any text */
    LK_OPT_FILE,        /* a file name (checked by whoever opens it) */
    LK_OPT_YEAR,        /* 1900-2199: num */
    LK_OPT_YEAR_LATEST, /* a year, or 'latest' (num 0) */
    LK_OPT_INT,         /* a whole number lo..hi: num */
    LK_OPT_CHOICE,      /* one of choices: num is its index */
    LK_OPT_FRACTION,    /* a number strictly between 0 and 1: real */
    LK_OPT_CHECKED      /* text that check() accepts (it may set num, num2) */
} lk_opt_kind;

/* A repeatable option collects every value given (--area A --area B); any other option given
 * twice is an error, as two values for one setting are ambiguous. */
#define LK_OPT_REPEAT 1u

struct lk_opt_value;

typedef struct lk_opt_spec {
    const char *name;     /* the long name without "--" */
    char short_name;      /* 'o' for -o, or 0 */
    lk_opt_kind kind;
    unsigned flags;       /* LK_OPT_REPEAT */
    const char *value;    /* the placeholder in help ("YEAR|latest"); NULL for a flag */
    const char *help;     /* the help, wrapped where needed ('\n' is a space) */
    int lo, hi;           /* LK_OPT_INT: the range */
    const char *what;     /* LK_OPT_INT: what the number counts ("a number of years") */
    const char *const *choices;   /* LK_OPT_CHOICE: the words, NULL-terminated */
    const char *expected; /* LK_OPT_CHECKED, LK_OPT_FRACTION: the "(expected ...)" text */
    int (*check)(const char *v, struct lk_opt_value *out); /* LK_OPT_CHECKED: 1 if good */
} lk_opt_spec;

/* One option of a command: the spec, and the command's own wording (NULL: the spec's). */
typedef struct lk_opt {
    const lk_opt_spec *spec;
    const char *value;
    const char *help;
} lk_opt;

/* A section of a command's options under a title ("Selection:"); NULL title: it goes on from
 * the section before. */
typedef struct lk_opt_group {
    const char *title;
    const lk_opt *opts;
    size_t n;
} lk_opt_group;

/* A word a command takes first (chart's kinds). */
typedef struct lk_opt_word {
    const char *word;
    const char *help;
} lk_opt_word;

typedef struct lk_opt_cmd {
    const char *name;        /* "tidy" */
    const char *synopsis;    /* after "levekar NAME ": "[OPTIONS] FILE..." */
    const char *summary;     /* one line for levekar --help */
    const char *description; /* the paragraphs before the options (lines end with '\n') */
    int args;                /* 1 when it takes arguments (files), 0 when none */
    const char *words_title; /* "Kinds:" */
    const lk_opt_word *words;
    size_t n_words;
    const lk_opt_group *groups;
    size_t n_groups;
} lk_opt_cmd;

#define LK_OPT_N(a) (sizeof(a) / sizeof((a)[0]))

/* What was given for one option. */
typedef struct lk_opt_value {
    size_t given;        /* how many times (0: not given) */
    const char *str;     /* the (last) value as given, a pointer into argv */
    const char **list;   /* LK_OPT_REPEAT: every value, in order (given of them) */
    long num, num2;      /* the checked number (see lk_opt_kind) */
    double real;
} lk_opt_value;

typedef struct lk_opt_result {
    const lk_opt_cmd *cmd;
    lk_opt_value *values;  /* one per lk_opt of the command, in table order */
    const char **args;     /* the arguments that are not options, in order */
    size_t n_args;
} lk_opt_result;

/* The parser went on: the command runs. Any other return of lk_opt_parse is the exit code. */
#define LK_OPT_CONTINUE (-1)

/* Parse argv[1..argc-1] (argv[0] is the command's name) against cmd. -h/--help prints the help
 * on standard output and returns 0; a bad command line prints one message ("levekar CMD: ...")
 * and returns LK_EXIT_USAGE; out of memory returns LK_EXIT_INTERNAL. On LK_OPT_CONTINUE res holds
 * the values (pointers into argv) until lk_opt_free. "--" ends the options; "-" is an argument. */
int lk_opt_parse(lk_opt_result *res, const lk_opt_cmd *cmd, int argc, char **argv);
void lk_opt_free(lk_opt_result *res);

/* Does the command line ask for help (-h or --help where an option is expected, not as the value
 * of one, before any "--")? */
int lk_opt_asks_help(const lk_opt_cmd *cmd, int argc, char **argv);

/* The value of the option with long name NAME. The name must be in the command's table (a
 * name that is not is a slip in the tool: said and the process ends with LK_EXIT_INTERNAL). */
const lk_opt_value *lk_opt_get(const lk_opt_result *res, const char *name);
int lk_opt_given(const lk_opt_result *res, const char *name);
const char *lk_opt_str(const lk_opt_result *res, const char *name);      /* NULL if not given */
long lk_opt_num(const lk_opt_result *res, const char *name, long dflt);   /* dflt if not given */

/* Check one value as SPEC says, as the parser does: 1, or 0 after the one message. */
int lk_opt_check_value(const char *cmd, const lk_opt_spec *spec, const char *v, lk_opt_value *out);

/* Generated text (opt_help.c): a command's help; the list of commands; the man page. */
void lk_opt_help(FILE *to, const lk_opt_cmd *cmd);
typedef struct lk_opt_exit {
    int code;
    const char *word;    /* in the --help line: "bad data" */
    const char *meaning; /* in the man page: "bad or unsupported input data" */
} lk_opt_exit;
/* The whole program, for the list of commands and the man page. */
typedef struct lk_opt_prog {
    const char *about;              /* one line: what the program is for */
    const char *description;        /* the man page's DESCRIPTION (lines end with '\n') */
    const lk_opt_cmd *const *cmds;
    size_t n_cmds;
    const lk_opt_word *more;        /* further commands that take no options ("version") */
    size_t n_more;
    const lk_opt_exit *exits;
    size_t n_exits;
    const lk_opt_word *env;         /* environment variables read */
    size_t n_env;
    const char *see_also;           /* man(7) text of SEE ALSO */
} lk_opt_prog;
void lk_opt_help_commands(FILE *to, const lk_opt_prog *p);
void lk_opt_man(FILE *to, const lk_opt_prog *p, const char *version);

/* The shared specs (opt_specs.c): one meaning each, in every command that takes them. */
extern const lk_opt_spec lk_opt_output, lk_opt_geography, lk_opt_estimate_splits, lk_opt_zones,
    lk_opt_changes, lk_opt_strict, lk_opt_reference_parser, lk_opt_year, lk_opt_indicators,
    lk_opt_window, lk_opt_format, lk_opt_lang, lk_opt_ci, lk_opt_level, lk_opt_alpha,
    lk_opt_suppress, lk_opt_min_numerator, lk_opt_min_denominator; /* small-count protection */

/* The tables of report, trend and chart (opt_report.c). */
extern const lk_opt_cmd lk_opt_cmd_report, lk_opt_cmd_trend, lk_opt_cmd_chart;
/* The other commands' tables, each beside its command. */
extern const lk_opt_cmd lk_opt_cmd_tidy, lk_opt_cmd_inspect, lk_opt_cmd_coverage, lk_opt_cmd_regions,
    lk_opt_cmd_indicators, lk_opt_cmd_fetch;
/* levekar profile's table (opt_profile.c). */
extern const lk_opt_cmd lk_opt_cmd_profile;

#endif
