/* Drammen's latest registered unemployment with its interval, against landet: one call from
 * the export files to the report (levekar/pipeline.h). Usage: drammen_unemployment FILE... */
#include <stdio.h>
#include <levekar.h>

int main(int argc, char **argv)
{
    const char *areas[] = { "3301" };
    lk_pipeline_opts o = LK_PIPELINE_OPTS_INIT;
    o.indicator = "unemployment";
    o.areas = areas;
    o.n_areas = 1;
    lk_pipeline *p;
    if (argc < 2 || lk_pipeline_run(&p, (const char *const *)argv + 1, (size_t)argc - 1, &o) != LK_OK) {
        fprintf(stderr, "%s\n", argc < 2 ? "usage: drammen_unemployment FILE..." : lk_pipeline_errmsg(p));
        return 1;
    }
    const lk_report_row *d = lk_report_latest(lk_pipeline_report(p), "3301");
    const lk_report_row *land = d ? lk_report_find(lk_pipeline_report(p), "0", d->period) : NULL;
    if (d && land && land->has_value)
        printf("%s %s: %.2f %% (%.2f-%.2f), landet %.2f %%, %s\n", d->period, d->region_name, d->value, d->ci_low,
               d->ci_high, land->value, d->vs_land);
    lk_pipeline_free(p);
    return d && land && land->has_value ? 0 : 1;
}
