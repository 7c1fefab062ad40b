/* Age (and sex) standardisation wired through the computation and the pipeline (issue 15):
 * lk_calc_bands (the finest bands, sex, parents, windows, missing values) and report rows
 * standardised direct (ESP 2013 and landet as standard) and indirect, against values worked
 * out by hand. The fixture is shaped like SSB 07459 (region, alder in 5-year bands, år; a
 * band "80 år eller eldre" beside its parts, as a 5-year export with a total has it) and a
 * count of deaths by the same bands; the numbers are chosen to make the sums short:
 *
 *             80-84            85-89            90+             80+ (total)
 *   landet    100000 / 4000    50000 / 5000     20000 / 4000    170000 / 13000   (2024)
 *   landet     90000 / 3600    60000 / 6000     30000 / 6000                     (2023)
 *   33         10000 / 350      5000 / 450       2000 / 400      17000 / 1200
 *   3301        2000 / 60       1000 / 80        1000 / 250       4000 / 390
 *   3303        1000 / 50        500 / 40         100 / 20        1600 / 110
 *
 * Exact Poisson limits (chi-square quantiles / 2, from an incomplete-gamma bisection written
 * apart from the library, mpmath): O = 390: 352.2494940 and 430.6940655. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "levekar.h"

#define NEAR(a, b, tol) assert_true(fabs((a) - (b)) < (tol))
#define CONTAINS(s, sub) do { if (!strstr((s), (sub))) fail_msg("'%s' lacks '%s'", (s), (sub)); } while (0)

/* One region's four bands (80-84, 85-89, 90+, 80+ = their sum) in a year, Latin-1 CRLF. */
static void put_bands(FILE *f, const char *region, const char *year, int a, int b, int c)
{
    fprintf(f, "\"%s\";\"80-84 \xE5r\";\"%s\";%d\r\n\"%s\";\"85-89 \xE5r\";\"%s\";%d\r\n", region, year, a, region, year, b);
    fprintf(f, "\"%s\";\"90 \xE5r eller eldre\";\"%s\";%d\r\n\"%s\";\"80 \xE5r eller eldre\";\"%s\";%d\r\n", region, year,
            c, region, year, a + b + c);
}

static char *write_fixture(int deaths, char *path)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    if (deaths) fputs("\"D\xF8""de, etter region, alder og \xE5r\"\r\n\r\n\"region\";\"alder\";\"\xE5r\";\"D\xF8""de\"\r\n", f);
    else fputs("\"07459: Befolkning, etter region, alder, statistikkvariabel og \xE5r\"\r\n\r\n"
               "\"region\";\"alder\";\"\xE5r\";\"Personer\"\r\n", f);
    put_bands(f, "0 Hele landet", "2023", deaths ? 3600 : 90000, deaths ? 6000 : 60000, deaths ? 6000 : 30000);
    put_bands(f, "0 Hele landet", "2024", deaths ? 4000 : 100000, deaths ? 5000 : 50000, deaths ? 4000 : 20000);
    put_bands(f, "33 Buskerud", "2024", deaths ? 350 : 10000, deaths ? 450 : 5000, deaths ? 400 : 2000);
    put_bands(f, "K-3301 Drammen", "2024", deaths ? 60 : 2000, deaths ? 80 : 1000, deaths ? 250 : 1000);
    put_bands(f, "K-3303 Kongsberg", "2024", deaths ? 50 : 1000, deaths ? 40 : 500, deaths ? 20 : 100);
    fclose(f);
    return path;
}

static const char def_text[] =
    "[deaths80]\nname.nb = D\xC3\xB8""de 80 \xC3\xA5r og eldre\nname.en = Deaths aged 80 and older\n"
    "numerator = =D\xC3\xB8""de\ndenominator = =Personer\nscale = per1000\ndirection = higher-worse\n"
    "family = test\ndefinition.nb = D\xC3\xB8""de per 1000 innbyggere 80 \xC3\xA5r og eldre\n"
    "definition.en = Deaths per 1000 residents aged 80 and older\nsource = Kilde: testdata\nstandardise = %s\n";

typedef struct fx {
    char pop[40], deaths[40], def[40];
} fx;

static void make(fx *x, const char *standardise)
{
    strcpy(x->pop, "/tmp/lk-stdp-pop-XXXXXX");
    strcpy(x->deaths, "/tmp/lk-stdp-dea-XXXXXX");
    strcpy(x->def, "/tmp/lk-stdp-def-XXXXXX");
    write_fixture(0, x->pop);
    write_fixture(1, x->deaths);
    int fd = mkstemp(x->def);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fprintf(f, def_text, standardise);
    fclose(f);
}

static void unmake(fx *x)
{
    unlink(x->pop);
    unlink(x->deaths);
    unlink(x->def);
}

static int run(fx *x, int standardise, const char *standard, lk_pipeline **p)
{
    const char *files[] = { x->pop, x->deaths };
    static const char *areas[] = { "3301" };
    lk_pipeline_opts o = LK_PIPELINE_OPTS_INIT;
    o.indicator = "deaths80";
    o.indicators_file = x->def;
    o.areas = areas;
    o.n_areas = 1;
    o.standardise = standardise;
    o.standard_file = standard;
    return lk_pipeline_run(p, files, 2, &o);
}

static const lk_report_row *row_of(lk_pipeline *p, const char *region)
{
    const lk_report_row *w = lk_report_find(lk_pipeline_report(p), region, "2024");
    assert_non_null(w);
    return w;
}

/* Direct, ESP 2013: weights of 80-84, 85-89, 90+ are 2500, 1500, 1000 of 5000 = 0.5, 0.3, 0.2. */
static void test_direct_esp(void **state)
{
    (void)state;
    fx x;
    make(&x, "none");
    lk_pipeline *p;
    assert_int_equal(run(&x, LK_STANDARDISE_DIRECT, "esp2013", &p), LK_OK);
    const lk_report_row *a = row_of(p, "3301");
    /* DSR = 0.5·60/2000 + 0.3·80/1000 + 0.2·250/1000 = 0.015 + 0.024 + 0.05 = 0.089 → 89 per 1000 */
    NEAR(a->value, 89.0, 1e-9);
    NEAR(a->crude, 97.5, 1e-9); /* 390 / 4000: from the 80+ band, as without standardisation */
    NEAR(a->numerator, 390, 1e-9);
    /* var = 0.25·60/2000² + 0.09·80/1000² + 0.04·250/1000² = 3.75e-6 + 7.2e-6 + 1e-5 = 2.095e-5;
     * √(var/390) = 2.3177133e-4; 0.089 + that × (352.2494940 − 390) = 0.0802505151,
     * 0.089 + that × (430.6940655 − 390) = 0.0984317176 */
    assert_true(a->has_ci);
    NEAR(a->ci_low, 80.25051506, 1e-6);
    NEAR(a->ci_high, 98.43171762, 1e-6);
    assert_string_equal(a->std_method, "direct");
    assert_string_equal(a->std_interval, "Dobson (exact Poisson)");
    assert_string_equal(a->std_standard, "ESP 2013");
    assert_string_equal(a->std_bands, "80-84, 85-89, 90+");
    /* landet: 0.5·0.04 + 0.3·0.1 + 0.2·0.2 = 0.09; Buskerud 0.5·0.035 + 0.3·0.09 + 0.2·0.2 = 0.0845 */
    NEAR(row_of(p, "0")->value, 90.0, 1e-9);
    NEAR(row_of(p, "33")->value, 84.5, 1e-9);
    NEAR(a->index_land, 89.0 / 90 * 100, 1e-9);   /* 98.888... */
    NEAR(a->index_fylke, 89.0 / 84.5 * 100, 1e-9); /* 105.3254 */
    /* against the rest of landet (98000/3940, 49000/4920, 19000/3750): DSR 0.0896981740,
     * var 7.02497055e-7; z = (0.089 − 0.0896981740) / √(2.095e-5 + 7.02497e-7) = −0.1500409,
     * p = erfc(0.1500409 / √2) = 0.8807323 */
    assert_string_equal(a->vs_land, "similar");
    NEAR(a->p_land, 0.8807323412, 1e-8);
    /* against the rest of Buskerud (8000/290, 4000/370, 1000/150): DSR 0.075875, var
     * 9.2140625e-6; z = 0.013125 / √(3.0164e-5) = 2.3897606, p = 0.0168594 */
    assert_string_equal(a->vs_fylke, "higher");
    NEAR(a->p_fylke, 0.0168593585, 1e-8);
    /* the text names the method and the standard */
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_int_equal(lk_report_write(lk_pipeline_report(p), LK_FORMAT_TEXT, m), LK_OK);
    fclose(m);
    CONTAINS(buf, "aldersstandardisert (direkte), standard: ESP 2013");
    free(buf);
    lk_pipeline_free(p);
    unmake(&x);
}

/* Direct with the default standard: landet's population in the latest period (2024, not 2023),
 * weights 100000, 50000, 20000 of 170000. The indicator's key asks for it (standardise =
 * direct), the options leave it (-1). */
static void test_direct_landet(void **state)
{
    (void)state;
    fx x;
    make(&x, "direct");
    lk_pipeline *p;
    assert_int_equal(run(&x, -1, NULL, &p), LK_OK);
    const lk_report_row *a = row_of(p, "3301");
    /* (100000·0.03 + 50000·0.08 + 20000·0.25) / 170000 = (3000 + 4000 + 5000) / 170000 = 0.0705882
     * (with 2023's population it would be (2700 + 4800 + 7500) / 180000 = 0.0833) */
    NEAR(a->value, 12000.0 / 170000 * 1000, 1e-9);
    assert_string_equal(a->std_standard, "landet 2024");
    /* var = Σ (nᵢ/N)² xᵢ/nᵢ² = (0.3460208·1.5e-5 + 0.0865052·8e-5 + 0.0138408·2.5e-4) = 1.5570934e-5;
     * √(var/390) = 1.9981376e-4 → 63.0451710 and 78.7194628 per 1000 */
    NEAR(a->ci_low, 63.04517100, 1e-6);
    NEAR(a->ci_high, 78.71946279, 1e-6);
    /* landet standardised to itself is its crude rate 13000 / 170000: index 12000 / 13000 × 100 */
    NEAR(row_of(p, "0")->value, 13000.0 / 170000 * 1000, 1e-9);
    NEAR(a->index_land, 12000.0 / 13000 * 100, 1e-9);
    lk_pipeline_free(p);
    unmake(&x);
}

/* Indirect against landet's rates of 2024 (0.04, 0.10, 0.20). */
static void test_indirect(void **state)
{
    (void)state;
    fx x;
    make(&x, "none");
    lk_pipeline *p;
    assert_int_equal(run(&x, LK_STANDARDISE_INDIRECT, NULL, &p), LK_OK);
    const lk_report_row *a = row_of(p, "3301");
    /* E = 2000·0.04 + 1000·0.1 + 1000·0.2 = 380; SMR = 390 / 380 = 1.0263158 */
    NEAR(a->expected, 380, 1e-9);
    NEAR(a->smr, 390.0 / 380, 1e-12);
    NEAR(a->index_land, 39000.0 / 380, 1e-9); /* SMR × 100 = 102.63158 */
    /* value = SMR × landet's crude 13000/170000 = 0.0784830 → 78.4829721 per 1000 */
    NEAR(a->value, 390.0 / 380 * 13000 / 170000 * 1000, 1e-9);
    NEAR(a->crude, 97.5, 1e-9);
    /* exact: 352.2494940 / 380 = 0.9269724, 430.6940655 / 380 = 1.1334054; × 76.4705882 */
    NEAR(a->smr_low, 0.9269723525, 1e-8);
    NEAR(a->smr_high, 1.1334054355, 1e-8);
    NEAR(a->ci_low, 70.88612107, 1e-6);
    NEAR(a->ci_high, 86.67218036, 1e-6);
    assert_string_equal(a->std_interval, "exact Poisson");
    /* 3301 (390 over E 380) against the rest of landet (12610 over E 98000·0.04 + 49000·0.1 +
     * 19000·0.2 = 12620): binomial 13000, 380/13000; two-sided p = 0.6165251 */
    assert_string_equal(a->vs_land, "similar");
    NEAR(a->p_land, 0.6165250824, 1e-8);
    /* against the rest of Buskerud: 810 over E 8000·0.04 + 4000·0.1 + 1000·0.2 = 920: p = 0.0147882 */
    assert_string_equal(a->vs_fylke, "higher");
    NEAR(a->p_fylke, 0.0147881794, 1e-8);
    /* landet against its own rates: SMR 1, value its crude rate, index 100 */
    NEAR(row_of(p, "0")->smr, 1.0, 1e-12);
    NEAR(row_of(p, "0")->index_land, 100, 1e-9);
    lk_pipeline_free(p);
    unmake(&x);
}

/* A standard whose bands the data's do not nest in is refused with the band named. */
static void test_not_nested(void **state)
{
    (void)state;
    fx x;
    make(&x, "none");
    char std[] = "/tmp/lk-stdp-std-XXXXXX";
    int fd = mkstemp(std);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("age,population\n80-86,5000\n87+,3000\n", f); /* 85-89 lies across 86|87 */
    fclose(f);
    lk_pipeline *p;
    assert_int_equal(run(&x, LK_STANDARDISE_DIRECT, std, &p), LK_EDATA);
    CONTAINS(lk_pipeline_errmsg(p), "does not nest");
    CONTAINS(lk_pipeline_errmsg(p), "85-89");
    lk_pipeline_free(p);
    unlink(std);
    unmake(&x);
}

/* Indirect by age and sex: the pipeline keeps the sexes (kjønn: Menn, Kvinner beside Begge
 * kjønn) and the strata are (band, sex) pairs. Landet's rates: men 80-84 50/1000 = 0.05, women
 * 30/1000 = 0.03, men 85+ 100/500 = 0.2, women 50/500 = 0.1. */
static void test_indirect_by_sex(void **state)
{
    (void)state;
    char path[] = "/tmp/lk-stdp-sex-XXXXXX", def[] = "/tmp/lk-stdp-sdf-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("\"region\";\"kj\xF8nn\";\"alder\";\"\xE5r\";\"Personer\";\"D\xF8""de\"\r\n", f);
    static const char *const rows[] = {
        "0 Hele landet;Menn;80-84;1000;50", "0 Hele landet;Kvinner;80-84;1000;30", "0 Hele landet;Begge kj\xF8nn;80-84;2000;80",
        "0 Hele landet;Menn;85+;500;100", "0 Hele landet;Kvinner;85+;500;50", "0 Hele landet;Begge kj\xF8nn;85+;1000;150",
        "3391 A;Menn;80-84;100;6", "3391 A;Kvinner;80-84;300;9", "3391 A;Begge kj\xF8nn;80-84;400;15",
        "3391 A;Menn;85+;50;10", "3391 A;Kvinner;85+;150;15", "3391 A;Begge kj\xF8nn;85+;200;25",
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        char reg[32], sex[32], age[16];
        int pop, dead;
        assert_int_equal(sscanf(rows[i], "%31[^;];%31[^;];%15[^;];%d;%d", reg, sex, age, &pop, &dead), 5);
        fprintf(f, "\"%s\";\"%s\";\"%s\";\"2024\";%d;%d\r\n", reg, sex, age, pop, dead);
    }
    fclose(f);
    fd = mkstemp(def);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    fprintf(f, def_text, "indirect");
    fclose(f);
    const char *files[] = { path };
    const char *areas[] = { "3391" };
    lk_pipeline_opts o = LK_PIPELINE_OPTS_INIT;
    o.indicator = "deaths80";
    o.indicators_file = def;
    o.areas = areas;
    o.n_areas = 1;
    lk_pipeline *p;
    assert_int_equal(lk_pipeline_run(&p, files, 1, &o), LK_OK);
    const lk_report_row *a = lk_report_find(lk_pipeline_report(p), "3391", "2024");
    assert_non_null(a);
    /* by sex: E = 100·0.05 + 300·0.03 + 50·0.2 + 150·0.1 = 5 + 9 + 10 + 15 = 39, O = 40
     * (without the sexes E would be 400·0.04 + 200·0.15 = 46) */
    NEAR(a->expected, 39, 1e-9);
    NEAR(a->smr, 40.0 / 39, 1e-12);
    /* value: SMR × landet's crude 230 / 3000, per 1000 = 78.6324786 */
    NEAR(a->value, 40.0 / 39 * 230 / 3000 * 1000, 1e-9);
    NEAR(a->crude, 40.0 / 600 * 1000, 1e-9); /* the crude ratio from Begge kjønn: 40 / 600 */
    CONTAINS(a->std_bands, "menn");
    lk_pipeline_free(p);
    unlink(path);
    unlink(def);
}

/* A stratum in which the area has no population keeps its weight with a rate of 0 (lk_std_direct)
 * and the run says so once. 3303 with no one aged 90+: ESP gives 0.5·50/1000 + 0.3·40/500 + 0 =
 * 0.025 + 0.024 = 0.049. */
static void test_empty_stratum(void **state)
{
    (void)state;
    fx x;
    make(&x, "none");
    /* 3303's 90+ band: 100 persons and 20 deaths become 0 and 0 (its 80+ total follows) */
    for (int k = 0; k < 2; k++) {
        const char *path = k ? x.deaths : x.pop;
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        char buf[8192];
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = '\0';
        char *row = strstr(buf, "\"K-3303 Kongsberg\";\"90 \xE5r eller eldre\";\"2024\";");
        assert_non_null(row);
        char *num = strchr(row + 20, ';');
        num = strchr(num + 1, ';') + 1; /* after the year */
        char *tot = strstr(row, "\"K-3303 Kongsberg\";\"80 \xE5r eller eldre\";\"2024\";");
        assert_non_null(tot);
        f = fopen(path, "wb");
        fwrite(buf, 1, (size_t)(num - buf), f);
        fputs("0\r\n", f);
        fwrite(strchr(row, '\n') + 1, 1, (size_t)(tot - strchr(row, '\n') - 1), f);
        fprintf(f, "\"K-3303 Kongsberg\";\"80 \xE5r eller eldre\";\"2024\";%d\r\n", k ? 90 : 1500);
        fputs(strchr(tot, '\n') + 1, f);
        fclose(f);
    }
    const char *files[] = { x.pop, x.deaths };
    static const char *areas[] = { "3303" };
    lk_pipeline_opts o = LK_PIPELINE_OPTS_INIT;
    o.indicator = "deaths80";
    o.indicators_file = x.def;
    o.areas = areas;
    o.n_areas = 1;
    o.standardise = LK_STANDARDISE_DIRECT;
    o.standard_file = "esp2013";
    lk_pipeline *p;
    assert_int_equal(lk_pipeline_run(&p, files, 2, &o), LK_OK);
    const lk_report_row *a = lk_report_find(lk_pipeline_report(p), "3303", "2024");
    assert_non_null(a);
    NEAR(a->value, 49.0, 1e-9);
    NEAR(a->crude, 90.0 / 1500 * 1000, 1e-9); /* 90 / 1500 */
    int said = 0;
    for (size_t i = 0; i < lk_pipeline_message_count(p); i++)
        if (strstr(lk_pipeline_message_at(p, i)->text, "3303 2024: ") &&
            strstr(lk_pipeline_message_at(p, i)->text, "(1 row with such a note)"))
            said++;
    assert_int_equal(said, 1);
    lk_pipeline_free(p);
    unmake(&x);
}

/* ------------------------------------------------------------------ lk_calc_bands */

static int feed(const lk_obs *o, void *payload)
{
    return lk_calc_add(payload, o, 0) == LK_OK ? 0 : 1;
}

static void read_into(lk_calc *c, const char *bytes)
{
    lk_reader *r;
    assert_int_equal(lk_reader_open_memory(&r, "t.csv", bytes, strlen(bytes), NULL), LK_OK);
    assert_int_equal(lk_reader_run(r, feed, c), LK_OK);
    lk_reader_free(r);
}

static lk_indicator ind_of(lk_registry **reg)
{
    assert_int_equal(lk_registry_new(reg), LK_OK);
    char text[1024];
    snprintf(text, sizeof text, def_text, "none");
    assert_int_equal(lk_registry_load_text(*reg, "t.def", text), LK_OK);
    return *lk_registry_find(*reg, "deaths80");
}

static double count_of(const lk_std_band *b, size_t n, const char *age, const char *sex)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(b[i].age, age) == 0 && ((!sex && !b[i].sex) || (sex && b[i].sex && strcmp(sex, b[i].sex) == 0)))
            return b[i].count;
    fail_msg("no band %s %s", age, sex ? sex : "");
    return -1;
}

/* kommuner only, with sex (Menn, Kvinner, Begge kjønn) and two years */
static const char by_sex[] =
    "\"region\";\"kj\xF8nn\";\"alder\";\"\xE5r\";\"Personer\";\"D\xF8""de\"\r\n"
    "\"3391 A\";\"Menn\";\"80-84 \xE5r\";\"2023\";100;1\r\n"
    "\"3391 A\";\"Kvinner\";\"80-84 \xE5r\";\"2023\";200;2\r\n"
    "\"3391 A\";\"Begge kj\xF8nn\";\"80-84 \xE5r\";\"2023\";300;3\r\n"
    "\"3391 A\";\"Menn\";\"85+\";\"2023\";50;5\r\n"
    "\"3391 A\";\"Kvinner\";\"85+\";\"2023\";70;7\r\n"
    "\"3391 A\";\"Begge kj\xF8nn\";\"85+\";\"2023\";120;12\r\n"
    "\"3391 A\";\"Begge kj\xF8nn\";\"80 \xE5r eller eldre\";\"2023\";420;15\r\n"
    "\"3391 A\";\"Menn\";\"80-84 \xE5r\";\"2024\";110;1\r\n"
    "\"3391 A\";\"Kvinner\";\"80-84 \xE5r\";\"2024\";210;2\r\n"
    "\"3391 A\";\"Begge kj\xF8nn\";\"80-84 \xE5r\";\"2024\";320;3\r\n"
    "\"3391 A\";\"Menn\";\"85+\";\"2024\";60;6\r\n"
    "\"3391 A\";\"Kvinner\";\"85+\";\"2024\";80;8\r\n"
    "\"3391 A\";\"Begge kj\xF8nn\";\"85+\";\"2024\";140;14\r\n"
    "\"3392 B\";\"Begge kj\xF8nn\";\"80-84 \xE5r\";\"2024\";1000;10\r\n"
    "\"3392 B\";\"Begge kj\xF8nn\";\"85+\";\"2024\";500;20\r\n"
    "\"3392 B\";\"Menn\";\"80-84 \xE5r\";\"2024\";400;4\r\n"
    "\"3392 B\";\"Kvinner\";\"80-84 \xE5r\";\"2024\";600;6\r\n"
    "\"3392 B\";\"Menn\";\"85+\";\"2024\";200;8\r\n"
    "\"3392 B\";\"Kvinner\";\"85+\";\"2024\";300;12\r\n";

static void test_calc_bands(void **state)
{
    (void)state;
    lk_registry *reg;
    lk_indicator ind = ind_of(&reg);
    lk_std_band b[16];
    size_t n;
    for (int sex = 0; sex <= 1; sex++) {
        lk_calc *c;
        lk_calc_opts o = LK_CALC_OPTS_INIT;
        o.by_sex = sex;
        assert_int_equal(lk_calc_new(&c, &ind, &o), LK_OK);
        read_into(c, by_sex);
        assert_int_equal(lk_calc_finish(c), LK_OK);
        /* the ratio is the same with or without the sexes kept: 2023, 80+ band of Begge kjønn */
        const lk_ratio *r = lk_calc_find(c, "3391", "2023");
        NEAR(r->num, 15, 1e-12);
        NEAR(r->den, 420, 1e-12);
        assert_int_equal(lk_calc_bands(c, "3391", "2023", 1, b, 16, &n), LK_OK);
        if (!sex) { /* both sexes: the finest bands (80-84 and 85+, not 80+), of Begge kjønn */
            assert_int_equal(n, 2);
            NEAR(count_of(b, n, "80-84 \xC3\xA5r", NULL), 300, 1e-12);
            NEAR(count_of(b, n, "85+", NULL), 120, 1e-12);
        } else { /* men and women apart, over their total */
            assert_int_equal(n, 4);
            NEAR(count_of(b, n, "80-84 \xC3\xA5r", "Menn"), 100, 1e-12);
            NEAR(count_of(b, n, "80-84 \xC3\xA5r", "Kvinner"), 200, 1e-12);
            NEAR(count_of(b, n, "85+", "Menn"), 50, 1e-12);
            NEAR(count_of(b, n, "85+", "Kvinner"), 70, 1e-12);
        }
        /* landet and fylke 33 are not in the data: summed from 3391 and 3392 (2024) */
        assert_int_equal(lk_calc_bands(c, "0", "2024", 0, b, 16, &n), LK_OK);
        if (!sex) {
            assert_int_equal(n, 2);
            NEAR(count_of(b, n, "80-84 \xC3\xA5r", NULL), 13, 1e-12); /* 3 + 10 */
            NEAR(count_of(b, n, "85+", NULL), 34, 1e-12);            /* 14 + 20 */
        } else {
            assert_int_equal(n, 4);
            NEAR(count_of(b, n, "85+", "Kvinner"), 20, 1e-12); /* 8 + 12 */
            NEAR(count_of(b, n, "80-84 \xC3\xA5r", "Menn"), 5, 1e-12); /* 1 + 4 */
        }
        assert_int_equal(lk_calc_bands(c, "33", "2024", 1, b, 16, &n), LK_OK);
        NEAR(count_of(b, n, "85+", sex ? "Menn" : NULL), sex ? 260 : 640, 1e-12); /* 60 + 200; 140 + 500 */
        /* too small a buffer: how many there are */
        assert_int_equal(lk_calc_bands(c, "3391", "2024", 1, b, 1, &n), LK_ELIMIT);
        assert_int_equal(n, sex ? 4 : 2);
        assert_int_equal(lk_calc_bands(c, "3391", "2019", 1, b, 16, &n), LK_ENOTFOUND);
        assert_int_equal(lk_calc_bands(c, "9999", "2024", 1, b, 16, &n), LK_ENOTFOUND);
        lk_calc_free(c);
    }
    /* sums merged from another computation (a file read by two threads) keep the sexes */
    lk_calc *part, *whole;
    lk_calc_opts so = LK_CALC_OPTS_INIT;
    so.by_sex = 1;
    assert_int_equal(lk_calc_new(&part, &ind, &so), LK_OK);
    assert_int_equal(lk_calc_new(&whole, &ind, &so), LK_OK);
    read_into(part, by_sex);
    assert_int_equal(lk_calc_merge(whole, part), LK_OK);
    assert_int_equal(lk_calc_finish(whole), LK_OK);
    assert_int_equal(lk_calc_bands(whole, "3391", "2023", 1, b, 16, &n), LK_OK);
    assert_int_equal(n, 4);
    NEAR(count_of(b, n, "85+", "Kvinner"), 70, 1e-12);
    lk_calc_free(part);
    lk_calc_free(whole);
    /* a window: the years' bands summed (2023 + 2024 of 3391, both sexes) */
    lk_calc *c;
    lk_calc_opts o = LK_CALC_OPTS_INIT;
    o.window = 2;
    assert_int_equal(lk_calc_new(&c, &ind, &o), LK_OK);
    read_into(c, by_sex);
    assert_int_equal(lk_calc_finish(c), LK_OK);
    assert_int_equal(lk_calc_bands(c, "3391", "2023-2024", 1, b, 16, &n), LK_OK);
    assert_int_equal(n, 2);
    NEAR(count_of(b, n, "80-84 \xC3\xA5r", NULL), 620, 1e-12); /* 300 + 320 */
    NEAR(count_of(b, n, "85+", NULL), 260, 1e-12);            /* 120 + 140 */
    lk_calc_free(c);
    lk_registry_free(reg);
}

/* A missing band is never a zero; bands that cannot tile the ages are refused. */
static void test_calc_bands_refused(void **state)
{
    (void)state;
    lk_registry *reg;
    lk_indicator ind = ind_of(&reg);
    lk_std_band b[16];
    size_t n;
    lk_calc *c;
    assert_int_equal(lk_calc_new(&c, &ind, NULL), LK_OK);
    read_into(c, "\"region\";\"alder\";\"\xE5r\";\"Personer\";\"D\xF8""de\"\r\n"
                 "\"3391 A\";\"80-84 \xE5r\";\"2024\";100;1\r\n"
                 "\"3391 A\";\"85+\";\"2024\";..;2\r\n"
                 "\"3391 A\";\"80 \xE5r eller eldre\";\"2024\";300;3\r\n"
                 "\"3392 B\";\"80-86 \xE5r\";\"2024\";100;1\r\n"
                 "\"3392 B\";\"85+\";\"2024\";100;1\r\n");
    assert_int_equal(lk_calc_finish(c), LK_OK);
    assert_int_equal(lk_calc_bands(c, "3391", "2024", 1, b, 16, &n), LK_EDATA);
    CONTAINS(lk_calc_errmsg(c), "age band '85+' is missing ('..'");
    assert_int_equal(lk_calc_bands(c, "3392", "2024", 1, b, 16, &n), LK_EDATA);
    CONTAINS(lk_calc_errmsg(c), "cannot cover 80 år og eldre exactly once");
    lk_calc_free(c);
    lk_registry_free(reg);
}

/* Several source definitions: the bands of the definition used for the period. */
static void test_calc_bands_variants(void **state)
{
    (void)state;
    lk_registry *reg;
    assert_int_equal(lk_registry_new(&reg), LK_OK);
    assert_int_equal(lk_registry_load_text(reg, "v.def",
                     "[d80]\nname.nb = D80\nnumerator = =D\xC3\xB8""de\ndenominator = =Personer\nscale = per1000\nyears = -2023\n"
                     "variant = old\n\n[d80@new]\nvariant = new\nyears = 2024-\nnumerator = =Avd\xC3\xB8""de\n"), LK_OK);
    lk_calc *c;
    assert_int_equal(lk_calc_new(&c, lk_registry_find(reg, "d80"), NULL), LK_OK);
    read_into(c, "\"region\";\"alder\";\"\xE5r\";\"Personer\";\"D\xF8""de\";\"Avd\xF8""de\"\r\n"
                 "\"3391 A\";\"80-84 \xE5r\";\"2023\";100;1;..\r\n"
                 "\"3391 A\";\"85+\";\"2023\";50;2;..\r\n"
                 "\"3391 A\";\"80-84 \xE5r\";\"2024\";110;..;3\r\n"
                 "\"3391 A\";\"85+\";\"2024\";60;..;4\r\n");
    assert_int_equal(lk_calc_finish(c), LK_OK);
    lk_std_band b[8];
    size_t n;
    assert_int_equal(lk_calc_bands(c, "3391", "2024", 0, b, 8, &n), LK_OK); /* new: Avdøde 3 and 4 */
    assert_int_equal(n, 2);
    NEAR(count_of(b, n, "85+", NULL), 4, 1e-12);
    assert_int_equal(lk_calc_bands(c, "3391", "2023", 0, b, 8, &n), LK_OK); /* old: Døde 1 and 2 */
    NEAR(count_of(b, n, "85+", NULL), 2, 1e-12);
    lk_calc_free(c);
    lk_registry_free(reg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_direct_esp),
        cmocka_unit_test(test_direct_landet),
        cmocka_unit_test(test_indirect),
        cmocka_unit_test(test_not_nested),
        cmocka_unit_test(test_indirect_by_sex),
        cmocka_unit_test(test_empty_stratum),
        cmocka_unit_test(test_calc_bands),
        cmocka_unit_test(test_calc_bands_refused),
        cmocka_unit_test(test_calc_bands_variants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
