/* levekar tidy: every observation of every input file as one tidy CSV. */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "levekar.h"

static void tidy_usage(FILE *to)
{
    fputs("Usage: levekar tidy [OPTIONS] FILE...\n"
          "\n"
          "Read SSB/FHI CSV exports and write one tidy CSV (UTF-8, ',', RFC 4180) with the header\n"
          "  " LK_TIDY_HEADER "\n"
          "A missing value has an empty 'value' and the file's symbol in 'status' ('..', ':', ...).\n"
          "\n"
          "Options:\n"
          "  -o, --output FILE     write to FILE (written to a temporary file, renamed when done)\n"
          "      --reference-parser  split rows with libcsv instead of the fast scanner\n"
          "  -h, --help            show this help\n", to);
}

static int write_obs(const lk_obs *obs, void *payload)
{
    return lk_tidy_write_obs(payload, obs) == LK_OK ? 0 : 1;
}

int lk_cmd_tidy(int argc, char **argv)
{
    const char *out_path = NULL;
    lk_read_opts opts = LK_READ_OPTS_INIT;
    int first_file = 0;
    char **files = argv + 1;
    int n_files = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            tidy_usage(stdout);
            return LK_EXIT_OK;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (++i >= argc) {
                fprintf(stderr, "levekar tidy: %s needs a file name\n", a);
                return LK_EXIT_USAGE;
            }
            out_path = argv[i];
        } else if (strcmp(a, "--reference-parser") == 0) {
            opts.reference_parser = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "levekar tidy: unknown option '%s' (see levekar tidy --help)\n", a);
            return LK_EXIT_USAGE;
        } else {
            files[n_files++] = argv[i];
        }
    }
    (void)first_file;
    if (n_files == 0) {
        fprintf(stderr, "levekar tidy: no input files (expected one or more CSV exports)\n");
        tidy_usage(stderr);
        return LK_EXIT_USAGE;
    }
    lk_output out;
    int ec = lk_output_open(&out, out_path);
    if (ec) return ec;
    if (lk_tidy_write_header(out.fp) != LK_OK) {
        lk_output_abort(&out);
        return LK_EXIT_IO;
    }
    for (int i = 0; i < n_files; i++) {
        lk_reader *r = NULL;
        int rc = lk_reader_open_ex(&r, files[i], &opts);
        if (rc == LK_OK) rc = lk_reader_run(r, write_obs, out.fp);
        if (rc != LK_OK) {
            if (rc == LK_EUSER)
                fprintf(stderr, "levekar tidy: error writing output\n");
            else
                fprintf(stderr, "%s\n", lk_reader_errmsg(r));
            lk_reader_free(r);
            lk_output_abort(&out);
            return rc == LK_EUSER ? LK_EXIT_IO : lk_cli_exit_code(rc);
        }
        lk_reader_free(r);
    }
    return lk_output_commit(&out);
}
