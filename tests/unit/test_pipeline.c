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
    assert_int_equal(run(files, 0, "unemployment", "3301", &p), LK_EINVAL);
    lk_pipeline_free(p);
    lk_pipeline_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_failures) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
