/* The tidy writer emits into a FILE *, so its exact text is compared here. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "levekar.h"

static char *written(void (*emit)(FILE *))
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    emit(f);
    fclose(f);
    return text;
}

static void emit_header(FILE *f) { assert_int_equal(lk_tidy_write_header(f), LK_OK); }

static void emit_rows(FILE *f)
{
    lk_dim dims[2] = { { "alder", "15-74 \xC3\xA5r" }, { "kj\xC3\xB8nn", "Begge kj\xC3\xB8nn" } };
    lk_obs o;
    memset(&o, 0, sizeof o);
    o.table = "07459";
    o.region = "3301";
    o.region_name = "Drammen";
    o.level = LK_LEVEL_KOMMUNE;
    o.period = "2024";
    o.measure = "Personer";
    o.dims = dims;
    o.n_dims = 2;
    o.has_value = 1;
    o.value = 70123;
    o.status = "";
    assert_int_equal(lk_tidy_write_obs(f, &o), LK_OK);
    o.has_value = 0;
    o.value = 0;
    o.status = ":";
    o.n_dims = 0;
    o.region_name = "Nes, \"Buskerud\"";
    assert_int_equal(lk_tidy_write_obs(f, &o), LK_OK);
    o.has_value = 1;
    o.value = -0.1;
    o.status = "";
    o.level = LK_LEVEL_NONE;
    o.region = o.region_name = "";
    o.dims = dims;
    o.n_dims = 1;
    dims[0].value = "a,b";
    assert_int_equal(lk_tidy_write_obs(f, &o), LK_OK);
}

static void test_header(void **state)
{
    (void)state;
    char *t = written(emit_header);
    assert_string_equal(t, "table,region,region_name,level,period,measure,dims,value,status\n");
    free(t);
}

static void test_rows(void **state)
{
    (void)state;
    char *t = written(emit_rows);
    assert_string_equal(t,
        "07459,3301,Drammen,kommune,2024,Personer,alder=15-74 \xC3\xA5r; kj\xC3\xB8nn=Begge kj\xC3\xB8nn,70123,\n"
        "07459,3301,\"Nes, \"\"Buskerud\"\"\",kommune,2024,Personer,,,:\n"
        "07459,,,,2024,Personer,\"alder=a,b\",-0.1,\n");
    free(t);
}

static void number(double v, const char *text)
{
    char buf[40];
    lk_format_number(buf, sizeof buf, v);
    assert_string_equal(buf, text);
}

static void test_numbers(void **state)
{
    (void)state;
    number(2.5, "2.5");
    number(31387, "31387");
    number(0.1, "0.1");
    number(1.0 / 3.0, "0.3333333333333333");
    number(-0.0, "0");
    number(1e20, "1e+20");
    number(102273, "102273");
    number(0.30000000000000004, "0.30000000000000004");
    /* counts take a direct path: the same text as printf's %.15g */
    number(0, "0");
    number(-42, "-42");
    number(999999999999999.0, "999999999999999");
    number(-999999999999999.0, "-999999999999999");
    number(1e15, "1e+15");
    number(4503599627370497.0, "4503599627370497");
    char want[40], got[40];
    unsigned long long x = 88172645463325252ull;
    for (int i = 0; i < 100000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double v = (double)(long long)(x % 2000000000000000ull) - 1e15; /* integers in (-1e15, 1e15) */
        if (v <= -1e15) continue;
        snprintf(want, sizeof want, "%.15g", v);
        lk_format_number(got, sizeof got, v);
        assert_string_equal(got, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header),
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
