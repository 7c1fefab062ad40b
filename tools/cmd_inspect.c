/* levekar inspect: tell a person what the reader found in a file, and account for every line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "levekar.h"
#include "opt.h"

/* What CSV and JSON-stat files say alike: observations, levels, periods, status symbols (the
 * status line is left open for what follows it). */
static void print_counts(const lk_read_info *in)
{
    printf("observations: %zu (%zu with a number, %zu missing)\n", in->observations,
           in->observations - in->missing, in->missing);
    printf("regions:     ");
    int any = 0;
    for (int l = LK_LEVEL_NONE; l <= LK_LEVEL_OTHER; l++) {
        if (!in->level_counts[l]) continue;
        printf(" %s %zu", l == LK_LEVEL_NONE ? "(none)" : lk_level_name((lk_level)l), in->level_counts[l]);
        any = 1;
    }
    printf("%s\n", any ? "  (observations by level)" : " none");
    if (in->national_implied)
        printf("              no region variable: a national table, every observation is region 0 Hele landet\n");
    printf("periods:      %zu", in->n_periods);
    for (size_t p = 0; p < in->n_periods && p < 40; p++) printf(" %s", in->periods[p]);
    if (in->n_periods > 40) printf(" ...");
    putchar('\n');
    printf("status:      ");
    if (!in->n_statuses) printf(" none");
    for (size_t s = 0; s < in->n_statuses; s++)
        printf(" '%s' %zu", in->statuses[s].symbol, in->statuses[s].count);
}

static const lk_opt inspect_opts[] = {
    { &lk_opt_reference_parser, NULL, NULL },
};
static const lk_opt_group inspect_groups[] = { { "Options:", inspect_opts, LK_OPT_N(inspect_opts) } };

const lk_opt_cmd lk_opt_cmd_inspect = {
    .name = "inspect", .synopsis = "[OPTIONS] FILE...",
    .summary = "tell what was found in a file, and account for every line",
    .description = "Show format, encoding, delimiter, layout, table id and title, columns and what each\n"
                   "holds, region levels, periods, status symbols, and how every line was used.\n"
                   "For a JSON-stat dataset: its dimensions, their sizes and roles, and its cells.\n",
    .args = 1, .groups = inspect_groups, .n_groups = LK_OPT_N(inspect_groups)
};

static const char *delim_name(char d)
{
    return d == ';' ? "';'" : d == ',' ? "','" : d == '\t' ? "TAB" : "?";
}

/* A JSON-stat dataset: dimensions instead of columns, cells instead of lines. */
static void print_jsonstat_info(const lk_read_info *in)
{
    printf("table:        %s%s%s\n", *in->table_id ? in->table_id : "(no id)", *in->title ? "  " : "", in->title);
    printf("encoding:     %s\n", in->encoding);
    printf("dimensions:   %zu, in id order (the last varies fastest)\n", in->n_dimensions);
    for (size_t k = 0; k < in->n_dimensions; k++) {
        const lk_dimension_info *d = &in->dimensions[k];
        printf("  %3zu  %-8s \"%s\" (%s)  %zu categor%s%s\n", k + 1, lk_column_role_name(d->role), d->id, d->label,
               d->size, d->size == 1 ? "y" : "ies", d->role == LK_COL_DIM ? "" : d->role_by_name ? ", role by its name" : ", role from the dataset");
    }
    print_counts(in);
    putchar('\n');
    printf("cells:        %zu", in->cells);
    if (in->cells_absent)
        printf(" = %zu in value + %zu left out of the sparse value (missing, without a symbol)",
               in->cells - in->cells_absent, in->cells_absent);
    printf("; no data lines: %lu line%s of JSON text\n", in->lines, in->lines == 1 ? "" : "s");
    if (in->n_meta) {
        printf("metadata:\n");
        for (size_t m = 0; m < in->n_meta; m++) printf("  line %lu: %s\n", in->meta[m].line, in->meta[m].text);
    }
}

static void print_info(const lk_read_info *in)
{
    printf("file:         %s\n", in->path);
    printf("format:       %s\n", in->format);
    if (in->n_dimensions) {
        print_jsonstat_info(in);
        return;
    }
    printf("table:        %s%s%s\n", *in->table_id ? in->table_id : "(no id)", *in->title ? "  " : "", in->title);
    printf("encoding:     %s", in->encoding);
    if (in->repaired_chars) printf(" (%zu doubly-encoded characters repaired)", in->repaired_chars);
    printf("\ndelimiter:    %s   decimal mark: '%c'   line ends: %s\n", delim_name(in->delimiter),
           in->decimal_mark, *in->line_ending ? in->line_ending : "none");
    size_t labels = 0, values = 0;
    for (size_t j = 0; j < in->n_columns; j++) {
        if (in->columns[j].role == LK_COL_VALUE) values++;
        else if (in->columns[j].role != LK_COL_IGNORED && in->columns[j].role != LK_COL_FLAG) labels++;
    }
    printf("layout:       %s: %zu label column%s, %zu value column%s; header on line%s %lu", in->layout,
           labels, labels == 1 ? "" : "s", values, values == 1 ? "" : "s",
           in->header_first_line == in->header_last_line ? "" : "s", in->header_first_line);
    if (in->header_last_line != in->header_first_line) printf("-%lu", in->header_last_line);
    printf("\ncolumns:\n");
    for (size_t j = 0; j < in->n_columns; j++) {
        const lk_column_info *c = &in->columns[j];
        printf("  %3zu  %-8s \"%s\"", j + 1, lk_column_role_name(c->role), c->header);
        if (c->role == LK_COL_VALUE) {
            const char *sep = "  ->";
            if (*c->region) { printf("%s region %s %s", sep, c->region, c->region_name); sep = ","; }
            if (*c->period) { printf("%s period %s", sep, c->period); sep = ","; }
            if (*c->measure) { printf("%s measure \"%s\"", sep, c->measure); sep = ","; }
            if (*c->dim_name) printf("%s %s=\"%s\"", sep, c->dim_name, c->dim_value);
        } else if (c->role != LK_COL_IGNORED) {
            printf("  %zu distinct", c->n_distinct);
        }
        putchar('\n');
    }
    print_counts(in);
    if (in->flagged_by_spvflagg) printf("  (%zu numbers hidden by SPVFLAGG)", in->flagged_by_spvflagg);
    putchar('\n');
    if (in->filled_down) printf("filled down:  %zu empty label cells continued the label above (merged cells)\n", in->filled_down);
    printf("duplicates:   none in %zu rows%s\n", in->duplicates_checked,
           in->duplicate_check_stopped ? " (then the check stopped: more than 67 million combinations of labels; later rows were not checked)" : "");
    printf("lines:        %lu =", in->lines);
    for (int c = 0; c < LK_LINE_CLASS_COUNT; c++)
        printf("%s %lu %s", c ? " +" : "", in->line_counts[c], lk_line_class_name((lk_line_class)c));
    putchar('\n');
    if (in->n_meta) {
        printf("metadata:\n");
        for (size_t m = 0; m < in->n_meta; m++)
            printf("  line %lu (%s): %s\n", in->meta[m].line, lk_line_class_name(in->meta[m].kind), in->meta[m].text);
    }
}

/* Region names without codes (old FHI exports), looked up as tidy and report do, once per
 * distinct name and year: how many resolve, which do not, and where a name meaning a kommune and
 * a fylke of the same territory (Oslo) was taken as the kommune (#13 A3). */
#define NAMES_MAX 256
typedef struct names {
    lk_geo *geo;
    const char *seen[NAMES_MAX]; /* interned names (a reader's pointers stay valid) */
    int year[NAMES_MAX];
    size_t n, resolved, unknown, ambiguous;
    char unknown_list[300], kommune_list[300];
} names;

static void list_add(char *list, size_t size, const char *text)
{
    size_t u = strlen(list);
    if (u + strlen(text) + 8 < size) snprintf(list + u, size - u, "%s%s", u ? ", " : "", text);
    else if (u + 5 < size && strcmp(list + u - 3, "...") != 0) snprintf(list + u, size - u, ", ...");
}

static void names_note(names *nm, const lk_obs *obs)
{
    if (*obs->region || !*obs->region_name || !nm->geo) return;
    int year = obs->period_info.kind ? obs->period_info.last_year : 0;
    for (size_t i = 0; i < nm->n; i++)
        if (nm->seen[i] == obs->region_name && nm->year[i] == year) return;
    if (nm->n == NAMES_MAX) return;
    nm->seen[nm->n] = obs->region_name;
    nm->year[nm->n++] = year;
    char code[LK_REGION_CODE_MAX], text[200];
    lk_level level;
    int rc = lk_geo_code_for_name(nm->geo, obs->region_name, year, code, &level);
    if (rc == LK_OK) {
        nm->resolved++;
        lk_geo_unit f;
        if (level == LK_LEVEL_KOMMUNE && strlen(code) == 4) {
            char fy[3] = { code[0], code[1], '\0' };
            if (lk_geo_unit_at(nm->geo, fy, year ? year : 2024, &f) == LK_OK && strcmp(f.name, obs->region_name) == 0) {
                snprintf(text, sizeof text, "'%s' %d = kommune %s (not fylke %s: the same territory)", obs->region_name, year, code, fy);
                if (!strstr(nm->kommune_list, obs->region_name)) list_add(nm->kommune_list, sizeof nm->kommune_list, text);
            }
        }
    } else if (rc == LK_ENOTFOUND) {
        nm->unknown++;
        snprintf(text, sizeof text, "'%s'", obs->region_name);
        if (!strstr(nm->unknown_list, text)) list_add(nm->unknown_list, sizeof nm->unknown_list, text);
    } else {
        nm->ambiguous++;
    }
}

static void names_print(const names *nm)
{
    if (!nm->n) return;
    printf("names:        region names without codes, looked up per year: %zu resolved, %zu match no region, %zu ambiguous\n",
           nm->resolved, nm->unknown, nm->ambiguous);
    if (*nm->kommune_list) printf("              %s\n", nm->kommune_list);
    if (*nm->unknown_list) printf("              no code: %s\n", nm->unknown_list);
}

/* With several files: the observations so far, and the first one this file gives again. */
typedef struct overlap {
    lk_obsset *seen;
    lk_reader *reader;
    int rc;               /* LK_EDATA: msg says where; other than LK_OK: stopped */
    char msg[1100];
    names *names;
} overlap;

/* Reads on after an observation given again (the file's account is still worth seeing), and
 * says the first one after the account. */
static int note(const lk_obs *obs, void *payload)
{
    overlap *o = payload;
    names_note(o->names, obs);
    if (!o->seen) return 0;
    int rc = lk_obsset_add(o->seen, obs);
    if (rc == LK_EDATA && o->rc == LK_OK) {
        snprintf(o->msg, sizeof o->msg, "%s:%lu: %s", lk_reader_info(o->reader)->path, obs->line, lk_obsset_errmsg(o->seen));
        o->rc = rc;
    } else if (rc != LK_OK && rc != LK_EDATA) {
        o->rc = rc;
        lk_reader_stop_reason(o->reader, lk_obsset_errmsg(o->seen));
        return 1;
    }
    return 0;
}

/* The run, with the options checked (o stays valid until it returns). */
static int inspect(const lk_opt_result *o)
{
    lk_read_opts opts = LK_READ_OPTS_INIT;
    opts.reference_parser = lk_opt_given(o, "reference-parser");
    const char *const *files = o->args;
    int n_files = (int)o->n_args, worst = LK_EXIT_OK;
    if (n_files == 0) {
        fprintf(stderr, "levekar inspect: no input files (expected one or more CSV exports)\n");
        return LK_EXIT_USAGE;
    }
    overlap ov = { NULL, NULL, LK_OK, "", NULL };
    names *nm = calloc(1, sizeof *nm);
    if (!nm || lk_geo_new(&nm->geo) != LK_OK) {
        if (nm) lk_geo_free(nm->geo);
        free(nm);
        return lk_cli_nomem(NULL);
    }
    ov.names = nm;
    if ((worst = lk_cli_distinct_files(files, (size_t)n_files)) != LK_EXIT_OK
        || (n_files > 1 && lk_obsset_new(&ov.seen) != LK_OK)) {
        lk_geo_free(nm->geo);
        free(nm);
        return worst == LK_EXIT_OK ? lk_cli_nomem(NULL) : worst;
    }
    for (int i = 0; i < n_files; i++) {
        if (i) putchar('\n');
        lk_reader *r = NULL;
        int rc = lk_reader_open_ex(&r, files[i], &opts);
        ov.reader = r;
        ov.rc = LK_OK;
        if (rc == LK_OK && ov.seen && lk_obsset_file(ov.seen, files[i]) != LK_OK) rc = LK_ENOMEM;
        lk_geo *geo = nm->geo;
        memset(nm, 0, sizeof *nm);
        nm->geo = geo;
        if (rc == LK_OK) rc = lk_reader_run(r, note, &ov);
        if (rc == LK_EUSER) rc = ov.rc;
        if (rc != LK_OK) {
            fflush(stdout);
            int ec = lk_cli_fail(rc, lk_reader_errmsg(r));
            if (ec > worst) worst = ec;
        } else {
            print_info(lk_reader_info(r));
            names_print(nm);
            if (ov.rc == LK_EDATA) {
                fflush(stdout);
                fprintf(stderr, "%s\n", ov.msg);
                if (LK_EXIT_DATA > worst) worst = LK_EXIT_DATA;
            }
        }
        lk_reader_free(r);
    }
    lk_obsset_free(ov.seen);
    lk_geo_free(nm->geo);
    free(nm);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        lk_output so = { stdout, NULL, NULL, NULL, 0 };
        return lk_output_failed(&so, "inspect");
    }
    return worst;
}

int lk_cmd_inspect(int argc, char **argv)
{
    lk_opt_result o;
    int ec = lk_opt_parse(&o, &lk_opt_cmd_inspect, argc, argv);
    if (ec != LK_OPT_CONTINUE) return ec;
    ec = inspect(&o);
    lk_opt_free(&o);
    return ec;
}
