/* The pipeline's failures: one message each, with the file or the name at fault. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
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
    /* an unknown id is a bad option, listing the ids there are (the built-ins come first) */
    assert_int_equal(run(files, 1, "nosuch", "3301", &p), LK_EINVAL);
    assert_non_null(strstr(lk_pipeline_errmsg(p), "unknown indicator 'nosuch' (expected one of: unemployment "));
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

static lk_side side(const char *measure)
{
    lk_side s;
    memset(&s, 0, sizeof s);
    s.measure = measure;
    s.table = s.where = "";
    s.age_lo = s.age_hi = s.table_lo = s.table_hi = -1;
    s.multiplier = 1;
    s.file = 0;
    return s;
}

static void write_file(char *path, const char *text)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
}

/* An indicator made on the spot from two measures, every region (no area given), the rows
 * found by region and period, the trend of one, and what the file held besides data said as a
 * message. */
static void test_adhoc_rows_trend_messages(void **state)
{
    (void)state;
    char path[] = "/tmp/levekar-pipeline-XXXXXX";
    write_file(path, "\"region\";\"\xE5r\";\"Ledige\";\"Personer\"\r\n"
                     "\"3301 Drammen\";\"2022\";10;1000\r\n\"3301 Drammen\";\"2023\";20;1000\r\n"
                     "\"3301 Drammen\";\"2024\";30;1000\r\n\"3303 Kongsberg\";\"2024\";5;500\r\n"
                     "\r\n\"Kilde: SSB\"\r\n");
    const char *files[] = { path };
    lk_side num = side("=Ledige"), den = side("=Personer");
    lk_pipeline_opts o = LK_PIPELINE_OPTS_INIT;
    o.numerator = &num;
    o.denominator = &den;
    lk_pipeline *p;
    int rc = lk_pipeline_run(&p, files, 1, &o);
    if (rc != LK_OK) fprintf(stderr, "%s\n", lk_pipeline_errmsg(p));
    assert_int_equal(rc, LK_OK);
    assert_int_equal(lk_pipeline_report_count(p), 1);
    const lk_report *r = lk_pipeline_report(p);
    const lk_report_row *d = lk_report_latest(r, "3301");
    assert_non_null(d);
    assert_string_equal(d->period, "2024");
    assert_true(d->numerator == 30 && d->denominator == 1000 && fabs(d->value - 3.0) < 1e-12); /* 30/1000 = 3 % */
    const lk_report_row *k = lk_report_find(r, "3303", "2024");
    assert_non_null(k); /* no area asked for: every region */
    assert_true(fabs(k->value - 1.0) < 1e-12);                  /* 5/500 = 1 % */
    assert_null(lk_report_find(r, "3303", "2022"));
    assert_null(lk_report_latest(r, "9999"));
    lk_report_trend tr;
    assert_int_equal(lk_report_trend_of(r, "3301", &tr), LK_OK);
    /* 1 %, 2 %, 3 % lie on a line: any weighted least squares gives 1 percentage point a year */
    assert_true(tr.ok && tr.periods == 3 && fabs(tr.t.slope - 1.0) < 1e-9);
    assert_string_equal(tr.first->period, "2022");
    /* the footnote is kept as metadata and said; nothing else was left out */
    int said = 0;
    for (size_t i = 0; i < lk_pipeline_message_count(p); i++) {
        const lk_message *m = lk_pipeline_message_at(p, i);
        if (m->kind == LK_MESSAGE_INFO && strstr(m->text, "1 footnote line kept as metadata")) said = 1;
    }
    assert_true(said);
    assert_null(lk_pipeline_message_at(p, lk_pipeline_message_count(p)));
    lk_pipeline_free(p);
    remove(path);
}

/* Blank lines inside the data: said, or refused with strict; incompatible indicators refused
 * side by side; a numerator without a denominator refused. */
static void test_strict_and_options(void **state)
{
    (void)state;
    char path[] = "/tmp/levekar-pipeline-XXXXXX";
    write_file(path, "\"region\";\"\xE5r\";\"Ledige\";\"Personer\"\r\n\"3301 Drammen\";\"2024\";30;1000\r\n"
                     "\r\n\"3303 Kongsberg\";\"2024\";5;500\r\n");
    const char *files[] = { path };
    lk_side num = side("=Ledige"), den = side("=Personer");
    lk_pipeline_opts o = LK_PIPELINE_OPTS_INIT;
    o.numerator = &num;
    o.denominator = &den;
    lk_pipeline *p;
    assert_int_equal(lk_pipeline_run(&p, files, 1, &o), LK_OK);
    assert_int_equal(lk_pipeline_message_count(p), 1);
    assert_non_null(strstr(lk_pipeline_message_at(p, 0)->text, ": 1 blank line (see levekar inspect)"));
    lk_pipeline_free(p);
    o.strict = 1;
    assert_int_equal(lk_pipeline_run(&p, files, 1, &o), LK_EDATA);
    assert_non_null(strstr(lk_pipeline_errmsg(p), ": 1 blank line (--strict: expected only a preamble"));
    assert_null(lk_pipeline_report(p));
    lk_pipeline_free(p);
    o.strict = 0;
    o.denominator = NULL;
    assert_int_equal(lk_pipeline_run(&p, files, 1, &o), LK_EINVAL);
    assert_non_null(strstr(lk_pipeline_errmsg(p), "a numerator without a denominator"));
    lk_pipeline_free(p);
    lk_pipeline_opts o2 = LK_PIPELINE_OPTS_INIT;
    const char *ids[] = { "unemployment", "unemployment-labour-force" }; /* NAV's and SSB's */
    o2.indicators = ids;
    o2.n_indicators = 2;
    assert_int_equal(lk_pipeline_run(&p, files, 1, &o2), LK_EINVAL);
    assert_non_null(strstr(lk_pipeline_errmsg(p), "follow incompatible definitions"));
    lk_pipeline_free(p);
    remove(path);
}

/* Buffers in memory give what the same bytes in a file give; the same bytes twice are refused. */
static void test_memory_inputs(void **state)
{
    (void)state;
    static const char csv[] = "\"region\";\"\xE5r\";\"Ledige\";\"Personer\"\r\n\"3301 Drammen\";\"2024\";30;1000\r\n"
                              "\"3303 Kongsberg\";\"2024\";5;500\r\n";
    char path[] = "/tmp/levekar-pipeline-XXXXXX";
    write_file(path, csv);
    lk_side num = side("=Ledige"), den = side("=Personer");
    lk_pipeline_opts o = LK_PIPELINE_OPTS_INIT;
    o.numerator = &num;
    o.denominator = &den;
    lk_pipeline *pf, *pm;
    const char *files[] = { path };
    assert_int_equal(lk_pipeline_run(&pf, files, 1, &o), LK_OK);
    lk_pipeline_input in[2] = { { "mem.csv", csv, sizeof csv - 1 }, { "copy.csv", csv, sizeof csv - 1 } };
    assert_int_equal(lk_pipeline_run_inputs(&pm, in, 1, &o), LK_OK);
    const lk_report *rf = lk_pipeline_report(pf), *rm = lk_pipeline_report(pm);
    assert_int_equal(lk_report_count(rf), lk_report_count(rm));
    for (size_t i = 0; i < lk_report_count(rf); i++) {
        const lk_report_row *a = lk_report_get(rf, i), *b = lk_report_get(rm, i);
        assert_string_equal(a->region, b->region);
        assert_true(a->has_value == b->has_value && (!a->has_value || a->value == b->value));
    }
    assert_true(fabs(lk_report_find(rm, "3301", "2024")->value - 3.0) < 1e-12); /* 30/1000 */
    lk_pipeline_free(pf);
    lk_pipeline_free(pm);
    assert_int_equal(lk_pipeline_run_inputs(&pm, in, 2, &o), LK_EDATA);
    assert_string_equal(lk_pipeline_errmsg(pm), "copy.csv: the same export as mem.csv (expected each file once)");
    lk_pipeline_free(pm);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_failures), cmocka_unit_test(test_definition_where_compare),
                                        cmocka_unit_test(test_adhoc_rows_trend_messages),
                                        cmocka_unit_test(test_strict_and_options),
                                        cmocka_unit_test(test_memory_inputs) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
