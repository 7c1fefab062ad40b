/* Region labels, FHI GEO numbers, periods, value cells and SPVFLAGG: the small grammars. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "levekar.h"

static void region(const char *label, int rc, const char *code, lk_level level, const char *name, char prefix)
{
    lk_region_label l;
    assert_int_equal(lk_region_label_parse(&l, label, strlen(label)), rc);
    assert_string_equal(l.code, code);
    assert_int_equal(l.level, level);
    assert_int_equal(l.prefix, prefix);
    assert_int_equal(l.name_length, strlen(name));
    assert_memory_equal(label + l.name_offset, name, strlen(name));
}

static void test_region_labels(void **state)
{
    (void)state;
    region("0 Hele landet", LK_OK, "0", LK_LEVEL_LAND, "Hele landet", 0);
    region("33 Buskerud", LK_OK, "33", LK_LEVEL_FYLKE, "Buskerud", 0);
    region("03 Oslo - Oslove", LK_OK, "03", LK_LEVEL_FYLKE, "Oslo - Oslove", 0);
    region("3301 Drammen", LK_OK, "3301", LK_LEVEL_KOMMUNE, "Drammen", 0);
    region("K-3005 Drammen", LK_OK, "3005", LK_LEVEL_KOMMUNE, "Drammen", 'K');
    region("K_3001 Halden", LK_OK, "3001", LK_LEVEL_KOMMUNE, "Halden", 'K');
    region("K.3005 Drammen", LK_OK, "3005", LK_LEVEL_KOMMUNE, "Drammen", 'K');
    region("F-33 Buskerud", LK_OK, "33", LK_LEVEL_FYLKE, "Buskerud", 'F');
    region("030101a Gamle Oslo", LK_OK, "030101a", LK_LEVEL_BYDEL, "Gamle Oslo", 0);
    region("030100aa Oslo total", LK_OK, "030100aa", LK_LEVEL_BYDEL, "Oslo total", 0);
    region("03010101", LK_OK, "03010101", LK_LEVEL_GRUNNKRETS, "", 0);
    region("33019999 Uoppgitt grunnkrets", LK_OK, "33019999", LK_LEVEL_GRUNNKRETS, "Uoppgitt grunnkrets", 0);
    /* KOSTRA: landet and fylker under our codes; Landet uten Oslo and groups have their own levels */
    region("EAK Landet", LK_OK, "0", LK_LEVEL_LAND, "Landet", 0);
    region("EKA33 Buskerud", LK_OK, "33", LK_LEVEL_FYLKE, "Buskerud", 0);
    region("EKA06 Buskerud (-2019)", LK_OK, "06", LK_LEVEL_FYLKE, "Buskerud (-2019)", 0);
    region("EAKUO Landet uten Oslo", LK_OK, "EAKUO", LK_LEVEL_LAND_EX_OSLO, "Landet uten Oslo", 0);
    region("EKG13 Kostragruppe 13", LK_OK, "EKG13", LK_LEVEL_KOSTRA_GROUP, "Kostragruppe 13", 0);
    region("EAFK Fylkeskommuner", LK_OK, "EAFK", LK_LEVEL_OTHER, "Fylkeskommuner", 0);
    region("K-Rest Delte kommuner og uoppgitt", LK_OK, "Rest", LK_LEVEL_OTHER, "Delte kommuner og uoppgitt", 'K');
    region("K-21-22 Svalbard og Jan Mayen", LK_OK, "21-22", LK_LEVEL_OTHER, "Svalbard og Jan Mayen", 'K');
    /* trailing spaces (seen in real JSON-stat labels) and multilingual names */
    region("5436 Porsanger - Porsángu - Porsanki ", LK_OK, "5436", LK_LEVEL_KOMMUNE, "Porsanger - Porsángu - Porsanki", 0);
    region("  3301   Drammen  ", LK_OK, "3301", LK_LEVEL_KOMMUNE, "Drammen", 0);
    region("3428 Nes (Innlandet)", LK_OK, "3428", LK_LEVEL_KOMMUNE, "Nes (Innlandet)", 0);
    region("0602 Drammen (-2019)", LK_OK, "0602", LK_LEVEL_KOMMUNE, "Drammen (-2019)", 0);
    region("3301 - Drammen", LK_OK, "3301", LK_LEVEL_KOMMUNE, "Drammen", 0); /* PxWebApi v2 UseCodesAndTexts */
    region("5001 Trondheim - Tråante", LK_OK, "5001", LK_LEVEL_KOMMUNE, "Trondheim - Tråante", 0);
    /* names only (old FHI exports) */
    region("Drammen", LK_ENOTFOUND, "", LK_LEVEL_OTHER, "Drammen", 0);
    region("Nes (Buskerud)", LK_ENOTFOUND, "", LK_LEVEL_OTHER, "Nes (Buskerud)", 0);
    region("", LK_ENOTFOUND, "", LK_LEVEL_NONE, "", 0);
    /* not codes */
    region("15-74 år", LK_ENOTFOUND, "", LK_LEVEL_OTHER, "15-74 år", 0);
    region("123456789 Too long", LK_ENOTFOUND, "", LK_LEVEL_OTHER, "123456789 Too long", 0);
}

static void geo(const char *s, int rc, const char *code, lk_level level)
{
    lk_region_label l;
    assert_int_equal(lk_region_from_fhi_geo(&l, s, strlen(s)), rc);
    assert_string_equal(l.code, code);
    assert_int_equal(l.level, level);
}

static void test_fhi_geo(void **state)
{
    (void)state;
    geo("0", LK_OK, "0", LK_LEVEL_LAND);
    geo("3", LK_OK, "03", LK_LEVEL_FYLKE);
    geo("46", LK_OK, "46", LK_LEVEL_FYLKE);
    geo("301", LK_OK, "0301", LK_LEVEL_KOMMUNE);
    geo("3301", LK_OK, "3301", LK_LEVEL_KOMMUNE);
    geo("30101", LK_OK, "030101", LK_LEVEL_BYDEL);
    geo("3010101", LK_OK, "03010101", LK_LEVEL_GRUNNKRETS);
    geo("0301", LK_OK, "0301", LK_LEVEL_KOMMUNE);
    geo("x1", LK_ENOTFOUND, "", LK_LEVEL_NONE);
    geo("", LK_ENOTFOUND, "", LK_LEVEL_NONE);
    geo("123456789", LK_ENOTFOUND, "", LK_LEVEL_NONE);
}

static void period(const char *s, int rc, lk_period_kind kind, int first, int last, int sub, const char *text)
{
    lk_period p;
    char buf[LK_PERIOD_TEXT_MAX];
    assert_int_equal(lk_period_parse(&p, s, strlen(s)), rc);
    assert_int_equal(p.kind, kind);
    assert_int_equal(p.first_year, first);
    assert_int_equal(p.last_year, last);
    assert_int_equal(p.sub, sub);
    lk_period_format(buf, sizeof buf, &p);
    assert_string_equal(buf, text);
}

/* #13 A4: a malformed period code says what is wrong; labels that only start with a year,
 * and valid codes, are no problem. */
static void test_period_problems(void **state)
{
    (void)state;
    char buf[96];
    static const struct { const char *s, *why; } bad[] = {
        { "2023U53", "2023 has no week 53 (its weeks are 01-52)" },
        { "2023W53", "2023 has no week 53 (its weeks are 01-52)" },
        { "2023U1", "week '1' (expected two digits, 01-52)" },
        { "2023K5", "quarter '5' (expected 1-4)" },
        { "2023M13", "month '13' (expected 01-12, two digits)" },
        { "2023H3", "half-year '3' (expected 1 or 2)" },
        { "2021-2019", "the range ends in 2019, before it begins" },
        { "1699K1", "year 1699 is outside 1700-2199" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *w = lk_period_problem(bad[i].s, strlen(bad[i].s), buf, sizeof buf);
        assert_non_null(w);
        assert_string_equal(w, bad[i].why);
    }
    static const char *const fine[] = { "2020U53", "2023", "2023 Halden", "2019 0-9 år", "1000-1999", "15-74", "aar2013", "K-3001" };
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++)
        assert_null(lk_period_problem(fine[i], strlen(fine[i]), buf, sizeof buf));
    /* weeks per year: 2026 begins on a Thursday, 2024 (leap) on a Monday, 2004 (leap) on a Thursday */
    assert_int_equal(lk_period_weeks(2026), 53);
    assert_int_equal(lk_period_weeks(2024), 52);
    assert_int_equal(lk_period_weeks(2004), 53);
    assert_int_equal(lk_period_weeks(2009), 53); /* 1 January 2009 is a Thursday */
    assert_int_equal(lk_period_weeks(2021), 52);
}

static void test_periods(void **state)
{
    (void)state;
    period("2023", LK_OK, LK_PERIOD_YEAR, 2023, 2023, 0, "2023");
    period(" 2023 ", LK_OK, LK_PERIOD_YEAR, 2023, 2023, 0, "2023");
    period("2023K4", LK_OK, LK_PERIOD_QUARTER, 2023, 2023, 4, "2023K4");
    period("2023M01", LK_OK, LK_PERIOD_MONTH, 2023, 2023, 1, "2023M01");
    period("2023M12", LK_OK, LK_PERIOD_MONTH, 2023, 2023, 12, "2023M12");
    period("2023H1", LK_OK, LK_PERIOD_HALF, 2023, 2023, 1, "2023H1");
    period("2020U01", LK_OK, LK_PERIOD_WEEK, 2020, 2020, 1, "2020U01");
    period("2006-2010", LK_OK, LK_PERIOD_RANGE, 2006, 2010, 0, "2006-2010");
    period("2019_2021", LK_OK, LK_PERIOD_RANGE, 2019, 2021, 0, "2019-2021");
    period("2020_2020", LK_OK, LK_PERIOD_YEAR, 2020, 2020, 0, "2020");
    period("2023K5", LK_ENOTFOUND, LK_PERIOD_NONE, 0, 0, 0, "");
    period("2023M13", LK_ENOTFOUND, LK_PERIOD_NONE, 0, 0, 0, "");
    period("2023M1", LK_ENOTFOUND, LK_PERIOD_NONE, 0, 0, 0, "");
    period("2021-2019", LK_ENOTFOUND, LK_PERIOD_NONE, 0, 0, 0, "");
    period("15-74", LK_ENOTFOUND, LK_PERIOD_NONE, 0, 0, 0, "");
    period("1699", LK_ENOTFOUND, LK_PERIOD_NONE, 0, 0, 0, "");
    /* #13 A4: SSB's population series start in 1735 (and 1769); years from 1700 are periods */
    period("1735", LK_OK, LK_PERIOD_YEAR, 1735, 1735, 0, "1735");
    period("1700", LK_OK, LK_PERIOD_YEAR, 1700, 1700, 0, "1700");
    period("1769-1800", LK_OK, LK_PERIOD_RANGE, 1769, 1800, 0, "1769-1800");
    /* ISO weeks: 2020 and 2015 begin on a Thursday (53 weeks), 2023 on a Sunday (52) */
    period("2020U53", LK_OK, LK_PERIOD_WEEK, 2020, 2020, 53, "2020U53");
    period("2015U53", LK_OK, LK_PERIOD_WEEK, 2015, 2015, 53, "2015U53");
    period("2023U52", LK_OK, LK_PERIOD_WEEK, 2023, 2023, 52, "2023U52");
    period("2023U53", LK_ENOTFOUND, LK_PERIOD_NONE, 0, 0, 0, "");
    period("20233", LK_ENOTFOUND, LK_PERIOD_NONE, 0, 0, 0, "");
    period("aar2013", LK_ENOTFOUND, LK_PERIOD_NONE, 0, 0, 0, "");
    period("", LK_ENOTFOUND, LK_PERIOD_NONE, 0, 0, 0, "");
}

static void value(const char *s, char mark, int rc, double expected)
{
    double v = -12345;
    assert_int_equal(lk_value_parse(&v, s, strlen(s), mark), rc);
    if (rc == LK_OK) assert_true(v == expected);
}

static void test_values(void **state)
{
    (void)state;
    value("31387", '.', LK_OK, 31387);
    value("2.5", '.', LK_OK, 2.5);
    value("0.0", '.', LK_OK, 0.0);
    value("-16517", '.', LK_OK, -16517);
    value("-1.8", '.', LK_OK, -1.8);
    value("+3", '.', LK_OK, 3);
    value(" 42 ", '.', LK_OK, 42);
    value("2,5", ',', LK_OK, 2.5);
    value("2,5", '.', LK_ENOTFOUND, 0);
    value("2.5", ',', LK_ENOTFOUND, 0);
    value("1e3", '.', LK_OK, 1000);
    value("1.5E-2", '.', LK_OK, 0.015);
    value("0.1", '.', LK_OK, 0.1);
    value("123456789012345678901234", '.', LK_OK, 123456789012345678901234.0);
    value("1e400", '.', LK_ELIMIT, 0);
    /* status symbols and other tokens are not numbers: the caller keeps them as the status */
    value(".", '.', LK_ENOTFOUND, 0);
    value("..", '.', LK_ENOTFOUND, 0);
    value("...", '.', LK_ENOTFOUND, 0);
    value(":", '.', LK_ENOTFOUND, 0);
    value("-", '.', LK_ENOTFOUND, 0);
    value("*", '.', LK_ENOTFOUND, 0);
    value("NaN", '.', LK_ENOTFOUND, 0);
    value("inf", '.', LK_ENOTFOUND, 0);
    value("1 234,5", ',', LK_ENOTFOUND, 0);
    value(".5", '.', LK_OK, 0.5);
    value("-.5", '.', LK_OK, -0.5);
    value("+.25e1", '.', LK_OK, 2.5);
    value(",5", ',', LK_OK, 0.5);
    value(".e5", '.', LK_ENOTFOUND, 0);
    value("-.", '.', LK_ENOTFOUND, 0);
    value(".-5", '.', LK_ENOTFOUND, 0);
    value("5.", '.', LK_OK, 5);
    value("", '.', LK_ENOTFOUND, 0);
    double z;
    assert_int_equal(lk_value_parse(&z, "-0", 2, '.'), LK_OK);
    assert_true(z == 0.0 && !signbit(z));
    /* 17 significant digits (more than a double's 53 bits hold in the mantissa: the long double
     * path) read back as the double printf wrote them from, over the magnitudes of shares,
     * rates and counts */
    unsigned long long x = 0x2545F4914F6CDD1Dull;
    char buf[40];
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double v = ldexp((double)(x >> 11), -53) * pow(10.0, (double)((int)(x % 24) - 8));
        int n = snprintf(buf, sizeof buf, "%.17g", v);
        double back = -1;
        assert_int_equal(lk_value_parse(&back, buf, (size_t)n, '.'), LK_OK);
        if (back != v) fprintf(stderr, "%s read as %.17g\n", buf, back);
        assert_true(back == v);
    }
}

/* The oracle: strtod, in the C locale (this program never calls setlocale). */
static void rounded(const char *s, char mark)
{
    char dot[1200];
    snprintf(dot, sizeof dot, "%s", s);
    for (char *p = dot; *p; p++)
        if (*p == mark) *p = '.';
    double want = strtod(dot, NULL), got = -12345;
    int rc = lk_value_parse(&got, s, strlen(s), mark);
    if (isinf(want)) {
        if (rc != LK_ELIMIT) fprintf(stderr, "%s: rc %d, want out of range\n", s, rc);
        assert_int_equal(rc, LK_ELIMIT);
        return;
    }
    if (rc != LK_OK || got != want) fprintf(stderr, "%s: rc %d, read as %.17g, want %.17g\n", s, rc, got, want);
    assert_int_equal(rc, LK_OK);
    assert_true(got == want || (want == 0 && got == 0));
}

/* Correct rounding: random decimal strings of 15 to 20 significant digits with the point
 * anywhere and exponents over the whole range, against strtod; then the hard cases by hand. */
static void test_values_correctly_rounded(void **state)
{
    (void)state;
    unsigned long long x = 0xD1B54A32D192ED03ull;
    char buf[80];
    for (int i = 0; i < 1000000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int nd = 15 + (int)(x % 6), point = 1 + (int)((x >> 3) % (unsigned)nd), k = 0; /* ".5" is checked above */
        unsigned long long y = x * 0x2545F4914F6CDD1Dull;
        if (x & 8) buf[k++] = '-';
        for (int d = 0; d < nd; d++) {
            if (d == point) buf[k++] = '.';
            y ^= y << 13, y ^= y >> 7, y ^= y << 17;
            buf[k++] = (char)('0' + (d == 0 ? 1 + y % 9 : y % 10));
        }
        int e;
        switch (i % 4) {
        case 0: e = 0; break;                                /* plain decimals: the report's numbers */
        case 1: e = (int)((x >> 20) % 61) - 30; break;       /* the long double path's range and beyond */
        case 2: e = (int)((x >> 20) % 641) - 340; break;     /* everything, subnormals and overflow */
        default: e = (int)((x >> 20) % 50) + 280; break;     /* near the largest double */
        }
        if (e) k += snprintf(buf + k, sizeof buf - (size_t)k, "e%d", e);
        buf[k] = '\0';
        rounded(buf, '.');
        if (i % 16 == 0) { /* a decimal comma reads the same */
            for (char *p = buf; *p; p++)
                if (*p == '.') *p = ',';
            rounded(buf, ',');
        }
    }
    static const char *hard[] = {
        "9007199254740993",                         /* 2^53 + 1: halfway, to even (2^53) */
        "9007199254740993.0000000000000001",        /* just above halfway: 2^53 + 2 */
        "9007199254740992.9999999999999999",
        "9007199254740995",                         /* halfway, to even (2^53 + 4) */
        "18014398509481993",                        /* 2^54 + 9 */
        "1.00000000000000011102230246251565404236316680908203125", /* 1 + 2^-53: halfway, to 1 */
        "1.00000000000000011102230246251565404236316680908203126",
        "1.00000000000000011102230246251565404236316680908203124",
        "0.1", "0.3", "2.2250738585072011e-308", "2.2250738585072012e-308", /* the smallest normal */
        "2.2250738585072014e-308", "4.9406564584124654e-324", "4.9e-324",  /* the smallest subnormal */
        "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-330", "1e-400", "-1e-400",
        "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "-1.7976931348623158e308",
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096"
        "330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730"
        "270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497"
        "792", /* halfway past the largest double: rounds to even, which is out of range */
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096"
        "330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730"
        "270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497"
        "791",
        "1e308", "1e309", "1e999", "-1e999", "1e1000000000000", "1e-1000000000000", "0e999999", "123456789012345678901234567890",
        "7.038531e-26", "8.533e+68", "4.1006e-184", "9.998e+307", "9.9538452227e-280", "6.47660115e-260",
        "7.4e+47", "5.92e+48", "7.35e+66", "8.32116e+55", /* hard cases for long double multiplication */
        "2.4354608e+46", "9.37e+65", "1.5e+25", "123456789012345678e-45", "1234567890123456789e27",
        "1234567890123456789e-27", "9999999999999999999e27", "1e23", "8.589973e9", "4.35679e-10",
    };
    for (size_t i = 0; i < sizeof hard / sizeof hard[0]; i++) rounded(hard[i], '.');
    /* more digits than a halfway point has (767): the ones after the 780th still decide */
    char big[1200];
    for (int tail = 0; tail < 3; tail++) {
        int k = snprintf(big, sizeof big, "1.00000000000000011102230246251565404236316680908203125");
        while (k < 1000) big[k++] = '0';
        big[k++] = tail == 0 ? '0' : '1';
        big[k] = '\0';
        rounded(big, '.');
        big[1] = ',';
        rounded(big, ',');
    }
    int k = snprintf(big, sizeof big, "0.");
    while (k < 900) big[k++] = '0';
    snprintf(big + k, sizeof big - (size_t)k, "123456789012345678901e880");
    rounded(big, '.');
    value("1e999", '.', LK_ELIMIT, 0);
    value("1.7976931348623158e308", '.', LK_OK, DBL_MAX);
    value("9007199254740993", '.', LK_OK, 9007199254740992.0);
}

static void test_fhi_flags(void **state)
{
    (void)state;
    assert_string_equal(lk_fhi_flag_symbol("0", 1), "");
    assert_string_equal(lk_fhi_flag_symbol("1", 1), "..");
    assert_string_equal(lk_fhi_flag_symbol("2", 1), ".");
    assert_string_equal(lk_fhi_flag_symbol("3", 1), ":");
    assert_string_equal(lk_fhi_flag_symbol("4", 1), ":");
    assert_string_equal(lk_fhi_flag_symbol("-1", 2), ":");
    assert_string_equal(lk_fhi_flag_symbol("9", 1), "..");
    assert_string_equal(lk_fhi_flag_symbol("", 0), "");
    assert_null(lk_fhi_flag_symbol("7", 1));
}

static void test_status_texts(void **state)
{
    (void)state;
    for (int s = -1; s < 10; s++) assert_non_null(lk_strerror(s));
    assert_string_equal(lk_level_name(LK_LEVEL_KOMMUNE), "kommune");
    assert_string_equal(lk_version(), LK_VERSION_STRING);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_region_labels), cmocka_unit_test(test_fhi_geo),
        cmocka_unit_test(test_periods),       cmocka_unit_test(test_period_problems),       cmocka_unit_test(test_values),
        cmocka_unit_test(test_values_correctly_rounded),
        cmocka_unit_test(test_fhi_flags),     cmocka_unit_test(test_status_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
