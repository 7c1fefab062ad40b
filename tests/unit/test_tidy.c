/* The tidy writer emits into a FILE *, so its exact text is compared here. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
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
    assert_string_equal(t, "table,region,region_name,level,period,measure,dims,unit,value,status\n");
    free(t);
}

static void test_rows(void **state)
{
    (void)state;
    char *t = written(emit_rows);
    assert_string_equal(t,
        "07459,3301,Drammen,kommune,2024,Personer,alder=15-74 \xC3\xA5r; kj\xC3\xB8nn=Begge kj\xC3\xB8nn,,70123,\n"
        "07459,3301,\"Nes, \"\"Buskerud\"\"\",kommune,2024,Personer,,,,:\n"
        "07459,,,,2024,Personer,\"alder=a,b\",,-0.1,\n");
    free(t);
}

static void emit_overflow(FILE *f)
{
    lk_obs o;
    memset(&o, 0, sizeof o);
    o.table = "07459";
    o.region = "Z1";
    o.region_name = "Sone";
    o.level = LK_LEVEL_ZONE;
    o.period = "2024";
    o.measure = "Personer";
    o.has_value = 1;
    o.value = 1e308 * 10.0; /* a sum beyond the largest double */
    o.status = "";
    assert_int_equal(lk_tidy_write_obs(f, &o), LK_OK);
    o.value = -o.value;
    assert_int_equal(lk_tidy_write_obs(f, &o), LK_OK);
    o.value = o.value + -o.value; /* inf - inf */
    assert_int_equal(lk_tidy_write_obs(f, &o), LK_OK);
}

/* No output says inf or nan: a sum that overflowed is written empty and flagged. */
static void test_overflow(void **state)
{
    (void)state;
    char *t = written(emit_overflow);
    assert_string_equal(t, "07459,Z1,Sone,zone,2024,Personer,,,,~overflow\n"
                           "07459,Z1,Sone,zone,2024,Personer,,,,~overflow\n"
                           "07459,Z1,Sone,zone,2024,Personer,,,,~overflow\n");
    free(t);
    char buf[40] = "x";
    assert_int_equal(lk_format_number(buf, sizeof buf, INFINITY), 0);
    assert_string_equal(buf, "");
    assert_int_equal(lk_format_number(buf, sizeof buf, -INFINITY), 0);
    assert_string_equal(buf, "");
    assert_int_equal(lk_format_number(buf, sizeof buf, NAN), 0);
    assert_string_equal(buf, "");
    assert_int_equal(lk_format_number(buf, sizeof buf, 1.7976931348623157e308), strlen("1.7976931348623157e+308"));
    assert_string_equal(buf, "1.7976931348623157e+308");
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

/* The shortest of printf's %.15g, %.16g and %.17g that reads back as v: the definition the
 * formatter must meet, written out the slow way. */
static void reference_number(char *buf, size_t size, double v)
{
    for (int prec = 15; prec <= 17; prec++) {
        int n = snprintf(buf, size, "%.*g", prec, v);
        double back;
        if (lk_value_parse(&back, buf, (size_t)n, '.') == LK_OK && back == v) break;
    }
    if (strcmp(buf, "-0") == 0) strcpy(buf, "0");
}

static void test_numbers_against_printf(void **state)
{
    (void)state;
    char want[48], got[48];
    unsigned long long x = 0x9E3779B97F4A7C15ull;
    size_t checked = 0;
    for (int i = 0; i < 300000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double v;
        switch (i % 6) {
        case 0: { /* any finite double */
            memcpy(&v, &x, sizeof v);
            if (!isfinite(v)) continue;
            break;
        }
        case 1: v = (double)(x % 100000) / (double)(1 + (x >> 20) % 3000000); break; /* ratios of counts */
        case 2: v = 100.0 * (double)(x % 1000) / (double)(1 + (x >> 24) % 1000); break; /* per cent */
        case 3: v = ldexp((double)(x >> 11), -53) * pow(10.0, (double)((int)(x % 40) - 20)); break;
        case 4: v = (double)(x % 100000) + 0.5 * (double)((x >> 30) % 2) + 1e-3 * (double)((x >> 40) % 7); break;
        default: v = -((double)(x % 1000000) / 7.0); break;
        }
        reference_number(want, sizeof want, v);
        lk_format_number(got, sizeof got, v);
        if (strcmp(got, want) != 0) fprintf(stderr, "%.17g: got %s want %s\n", v, got, want);
        assert_string_equal(got, want);
        checked++;
    }
    assert_true(checked > 250000);
    /* nines that carry into a new digit, and exponent forms at both ends */
    static const double edge[] = { 9.9999999999999995, 99999.999999999985, 0.000099999999999999991, 1e-5,
                                   123456789012345680.0, 1e300, 5e-324, 0.1, 2.5e-7, 1e16, 999999999999999.9,
                                   /* the edges of the exact digit path (1e-6 .. 2^53) and of powers of ten */
                                   1e-6, 9.9999999999999995e-07, 1.0000000000000002e-06, 9007199254740991.0,
                                   9007199254740992.0, 4503599627370496.5, 1e15 + 0.5, 0.99999999999999989,
                                   1.0000000000000002, 9.9999999999999982, 10.000000000000002, 0.7, 2.0 / 3.0,
                                   1e-3 / 3.0, 123456.78901234567, 0.30000000000000004 };
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
        reference_number(want, sizeof want, edge[i]);
        lk_format_number(got, sizeof got, edge[i]);
        assert_string_equal(got, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header),
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_overflow),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_numbers_against_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
