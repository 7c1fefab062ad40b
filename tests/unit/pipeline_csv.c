/* The library's pipeline as a command, for the test that it gives `levekar report`'s numbers:
 * pipeline_csv INDICATOR AREA|--all GEOGRAPHY FILE... writes the report CSV (GEOGRAPHY: -1, 0
 * for latest, or a year). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "levekar.h"

int main(int argc, char **argv)
{
    if (argc < 5) return 2;
    const char *areas[] = { argv[2] };
    lk_pipeline_opts o = LK_PIPELINE_OPTS_INIT;
    o.indicator = argv[1];
    if (strcmp(argv[2], "--all") == 0) o.all = 1;
    else o.areas = areas, o.n_areas = 1;
    o.geography = atoi(argv[3]);
    lk_pipeline *p;
    if (lk_pipeline_run(&p, (const char *const *)argv + 4, (size_t)argc - 4, &o) != LK_OK) {
        fprintf(stderr, "%s\n", lk_pipeline_errmsg(p));
        lk_pipeline_free(p);
        return 1;
    }
    int rc = lk_report_write(lk_pipeline_report(p), LK_FORMAT_CSV, stdout);
    lk_pipeline_free(p);
    return rc == LK_OK ? 0 : 1;
}
