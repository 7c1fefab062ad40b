/* The pipeline's failures: one message each, with the file or the name at fault. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "levekar.h"

static int run(const char *const *files, size_t n, const char *indicator, const char *area, lk_pipeline **p)
{
    const char *areas[] = { area };
    lk_pipeline_opts o = LK_PIPELINE_OPTS_INIT;
    o.indicator = indicator;
    o.areas = areas;
    o.n_areas = 1;
    return lk_pipeline_run(p, files, n, &o);
}

static void test_failures(void **state)
{
    (void)state;
    lk_pipeline *p;
    const char *missing[] = { "/nonexistent/levekar/07459.csv" };
    assert_int_equal(run(missing, 1, "unemployment", "3301", &p), LK_EIO);
    assert_non_null(strstr(lk_pipeline_errmsg(p), "/nonexistent/levekar/07459.csv: cannot open"));
    assert_null(lk_pipeline_report(p));
    lk_pipeline_free(p);

    char path[] = "/tmp/levekar-pipeline-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("\"region\";\"\xE5r\";\"Ledige\";\"Personer\"\r\n\"3301 Drammen\";\"2024\";30;1000\r\n", f);
    fclose(f);
    const char *files[] = { path };
    assert_int_equal(run(files, 1, "nosuch", "3301", &p), LK_EDATA);
    assert_string_equal(lk_pipeline_errmsg(p), "unknown indicator 'nosuch' (expected one of `levekar indicators`)");
    lk_pipeline_free(p);
    /* the built-in unemployment takes 10539 to 2020 and 13563 from 2021: none of this file */
    assert_int_equal(run(files, 1, "unemployment", "3301", &p), LK_EDATA);
    assert_non_null(strstr(lk_pipeline_errmsg(p), "no definition of 'unemployment' found its data"));
    lk_pipeline_free(p);
    /* the same file twice */
    const char *twice[] = { path, path };
    assert_int_equal(run(twice, 2, "unemployment", "3301", &p), LK_EDATA);
    assert_non_null(strstr(lk_pipeline_errmsg(p), "the same export as"));
    lk_pipeline_free(p);
    remove(path);
    /* a change list that cannot be read: its own message */
    {
        const char *areas[] = { "3301" };
        lk_pipeline_opts o = LK_PIPELINE_OPTS_INIT;
        o.indicator = "unemployment";
        o.areas = areas;
        o.n_areas = 1;
        o.changes_file = "/nonexistent/levekar/changes.csv";
        assert_int_equal(lk_pipeline_run(&p, files, 1, &o), LK_EIO);
        assert_non_null(strstr(lk_pipeline_errmsg(p), "/nonexistent/levekar/changes.csv"));
        lk_pipeline_free(p);
    }
    assert_int_equal(run(files, 0, "unemployment", "3301", &p), LK_EINVAL);
    lk_pipeline_free(p);
    lk_pipeline_free(NULL);
}

/* A caller's definition, a --where filter and a comparison region through the pipeline; the
 * caller's strings may go once the run is done. */
static void test_definition_where_compare(void **state)
{
    (void)state;
    char path[] = "/tmp/levekar-pipeline-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("\"region\";\"kj\xF8nn\";\"\xE5r\";\"Ledige\";\"Personer\"\r\n"
          "\"3301 Drammen\";\"Menn\";\"2024\";30;1000\r\n\"3301 Drammen\";\"Kvinner\";\"2024\";20;1000\r\n"
          "\"3303 Kongsberg\";\"Menn\";\"2024\";10;1000\r\n\"3303 Kongsberg\";\"Kvinner\";\"2024\";5;1000\r\n", f);
    fclose(f);
    lk_indicator ind;
    memset(&ind, 0, sizeof ind);
    ind.id = "mine";
    ind.name_nb = ind.name_en = "Ledige";
    ind.family = ind.definition_nb = ind.definition_en = ind.source = ind.reference = "";
    ind.needs = ind.base = ind.variant = "";
    ind.num.measure = "=Ledige";
    ind.den.measure = "=Personer";
    ind.num.table = ind.den.table = ind.num.where = ind.den.where = ind.rate.measure = ind.rate.table = "";
    ind.num.age_lo = ind.num.age_hi = ind.den.age_lo = ind.den.age_hi = ind.rate.age_lo = ind.rate.age_hi = -1;
    ind.num.table_lo = ind.num.table_hi = ind.den.table_lo = ind.den.table_hi = -1;
    ind.num.multiplier = ind.den.multiplier = 1;
    ind.num.file = ind.den.file = ind.rate.file = -1;
    ind.scale = LK_SCALE_PERCENT;
    char area[] = "3301", where[] = "kj\xC3\xB8nn=Menn", cmp[] = "3303";
    const char *areas[] = { area }, *wh[] = { where }, *cm[] = { cmp };
    const char *files[] = { path };
    lk_pipeline_opts o = LK_PIPELINE_OPTS_INIT;
    o.definition = &ind;
    o.areas = areas;
    o.n_areas = 1;
    o.where = wh;
    o.n_where = 1;
    o.compare = cm;
    o.n_compare = 1;
    lk_pipeline *p;
    int rc = lk_pipeline_run(&p, files, 1, &o);
    if (rc != LK_OK) fprintf(stderr, "%s\n", lk_pipeline_errmsg(p));
    assert_int_equal(rc, LK_OK);
    memset(cmp, 'x', 4); /* the report keeps its own copy */
    const lk_report *r = lk_pipeline_report(p);
    int area_seen = 0, cmp_seen = 0;
    for (size_t i = 0; i < lk_report_count(r); i++) {
        const lk_report_row *w = lk_report_get(r, i);
        if (strcmp(w->region, "3301") == 0) {
            area_seen = 1;
            assert_true(w->numerator == 30 && w->denominator == 1000); /* men only */
            assert_int_equal(w->n_compare, 1);
            assert_string_equal(w->compare[0].region, "3303");
            assert_true(w->compare[0].has_index && w->compare[0].index == 300); /* 3 % / 1 % x 100 */
        }
        if (strcmp(w->region, "3303") == 0) cmp_seen = 1;
    }
    assert_true(area_seen && cmp_seen);
    lk_pipeline_free(p);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_failures), cmocka_unit_test(test_definition_where_compare) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
