/* Each built-in indicator on files shaped like the real tables analysts download (labels,
 * dimensions and codes as in the project's table notes: SSB 10539, 13563, 07984, 11616, 07459,
 * KOSTRA 12210/14019 and 12362), with the expected figures worked out by hand in the comments.
 * The values are made up; the shapes are not. Each fixture also carries the traps of its table:
 * measures whose labels contain another's, function groups beside functions, a percent under a
 * count's label. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "levekar.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static int feed(const lk_obs *o, void *payload)
{
    return lk_calc_add(payload, o, 0) == LK_OK ? 0 : 1;
}

static void read_into(lk_calc *c, const char *name, const char *bytes)
{
    lk_reader *r;
    assert_int_equal(lk_reader_open_memory(&r, name, bytes, strlen(bytes), NULL), LK_OK);
    int rc = lk_reader_run(r, feed, c);
    if (rc != LK_OK) fprintf(stderr, "%s: %s\n", name, lk_reader_errmsg(r));
    assert_int_equal(rc, LK_OK);
    lk_reader_free(r);
}

static lk_registry *reg;

static int setup(void **state)
{
    (void)state;
    return lk_registry_new(&reg) == LK_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    lk_registry_free(reg);
    return 0;
}

static void finish_ok(lk_calc *c)
{
    int rc = lk_calc_finish(c);
    if (rc != LK_OK) fprintf(stderr, "finish: %s\n", lk_calc_errmsg(c));
    assert_int_equal(rc, LK_OK);
}

static lk_calc *calc_of(const char *id)
{
    const lk_indicator *ind = lk_registry_find(reg, id);
    assert_non_null(ind);
    lk_calc *c;
    assert_int_equal(lk_calc_new(&c, ind, NULL), LK_OK);
    return c;
}

static const lk_ratio *ratio(lk_calc *c, const char *region, const char *period)
{
    const lk_ratio *r = lk_calc_find(c, region, period);
    if (!r) fprintf(stderr, "no ratio for %s %s\n", region, period);
    assert_non_null(r);
    return r;
}

/* 07459 "Befolkning": new statbank layout, Latin-1, CRLF, 5-year bands; Drammen 3301. */
static const char pop07459[] =
    "\"07459: Befolkning, etter region, alder, statistikkvariabel og \xE5r\"\r\n"
    "\"region\";\"alder\";\"\xE5r\";\"Personer\"\r\n"
    "\"3301 Drammen\";\"10-14 \xE5r\";\"2020\";6000\r\n"
    "\"3301 Drammen\";\"15-19 \xE5r\";\"2020\";6100\r\n"
    "\"3301 Drammen\";\"20-24 \xE5r\";\"2020\";6200\r\n"
    "\"3301 Drammen\";\"25-74 \xE5r\";\"2020\";65000\r\n"
    "\"3301 Drammen\";\"75 \xE5r eller eldre\";\"2020\";7000\r\n"
    "\"3301 Drammen\";\"10-14 \xE5r\";\"2021\";6000\r\n"
    "\"3301 Drammen\";\"15-19 \xE5r\";\"2021\";6150\r\n"
    "\"3301 Drammen\";\"20-24 \xE5r\";\"2021\";6250\r\n"
    "\"3301 Drammen\";\"25-74 \xE5r\";\"2021\";65600\r\n"
    "\"3301 Drammen\";\"75 \xE5r eller eldre\";\"2021\";7100\r\n";

/* 10539, old statbank "Semikolonseparert med overskrift": months glued with the measure; the
 * analyst took October and November 2020. */
static const char reg10539[] =
    "\"10539: Registrerte arbeidsledige 15-74 \xE5r, etter region, alder, statistikkvariabel og m\xE5ned\"\r\n"
    "\r\n"
    "\"region\";\"alder\";\"Registrert helt arbeidsledige 2020M10\";\"Registrert helt arbeidsledige 2020M11\"\r\n"
    "\"3301 Drammen\";\"15-74 \xE5r\";4000;4845\r\n"
    "\"3301 Drammen\";\"15-24 \xE5r\";700;820\r\n";

/* 13563, new statbank layout: prioritert arbeidsstyrkestatus and innvandringskategori in the
 * stub, both sides the measure "Bosatte". */
static const char reg13563[] =
    "\"13563: Kommunefordelt prioritert arbeidsstyrkestatus for 15 \xE5r og eldre (K), etter region, "
    "prioritert arbeidsstyrkestatus, alder, innvandringskategori, statistikkvariabel og \xE5r\"\r\n"
    "\"region\";\"prioritert arbeidsstyrkestatus\";\"alder\";\"innvandringskategori\";\"statistikkvariabel\";\"2021\"\r\n"
    "\"K-3301 Drammen\";\"I alt\";\"15-74 \xE5r\";\"I alt\";\"Bosatte\";78252\r\n"
    "\"K-3301 Drammen\";\"I alt\";\"15-74 \xE5r\";\"Innvandrere\";\"Bosatte\";20000\r\n"
    "\"K-3301 Drammen\";\"Sysselsatte\";\"15-74 \xE5r\";\"I alt\";\"Bosatte\";51323\r\n"
    "\"K-3301 Drammen\";\"Registrerte arbeidsledige\";\"15-74 \xE5r\";\"I alt\";\"Bosatte\";3072\r\n"
    "\"K-3301 Drammen\";\"Registrerte arbeidsledige\";\"15-74 \xE5r\";\"Innvandrere\";\"Bosatte\";1200\r\n"
    "\"K-3301 Drammen\";\"Deltakere p\xE5 arbeidsmarkedstiltak\";\"15-74 \xE5r\";\"I alt\";\"Bosatte\";900\r\n";

static void test_unemployment_10539_and_13563(void **state)
{
    (void)state;
    lk_calc *c = calc_of("unemployment");
    read_into(c, "07459.csv", pop07459);
    read_into(c, "10539.csv", reg10539);
    read_into(c, "13563.csv", reg13563);
    finish_ok(c);
    /* 2020 from 10539: November only (October 4000 is not used), the 15-74 row (not + 15-24);
     * population 15-74 = 6100 + 6200 + 65000 = 77300 */
    const lk_ratio *a = ratio(c, "3301", "2020");
    assert_true(a->has_value);
    NEAR(a->num, 4845);
    NEAR(a->den, 77300);
    assert_string_equal(a->variant, "SSB 10539 (november) / 07459");
    /* 2021 from 13563: A.09 of "I alt" immigrant category (3072, not + 1200) over I alt / I alt
     * (78252, not + 20000); the population of 07459 for 2021 is not this definition's */
    const lk_ratio *b = ratio(c, "3301", "2021");
    assert_true(b->has_value);
    NEAR(b->num, 3072);
    NEAR(b->den, 78252);
    assert_string_equal(b->variant, "SSB 13563");
    assert_null(lk_calc_find(c, "3301", "2020M10"));
    assert_int_equal(lk_calc_count(c), 2);
    lk_calc_free(c);

    /* youth: 15-24 from 10539 November (820) over 15-19 + 20-24 = 12300; nothing from 2021 */
    c = calc_of("unemployment-youth");
    read_into(c, "07459.csv", pop07459);
    read_into(c, "10539.csv", reg10539);
    read_into(c, "13563.csv", reg13563);
    finish_ok(c);
    a = ratio(c, "3301", "2020");
    NEAR(a->num, 820);
    NEAR(a->den, 12300);
    assert_null(lk_calc_find(c, "3301", "2021"));
    lk_calc_free(c);
}

/* 10540 is a percent of the labour force under the label 10539's counts carry: summing it as
 * persons would be a silent wrong answer. */
static void test_unemployment_refuses_a_percent(void **state)
{
    (void)state;
    static const char pct10540[] =
        "\"10540: Registrerte arbeidsledige 15-74 \xE5r, etter region, alder, statistikkvariabel og m\xE5ned (prosent)\"\r\n"
        "\r\n"
        "\"region\";\"alder\";\"Registrert helt arbeidsledige 2015M11\"\r\n"
        "\"0602 Drammen\";\"15-74\";3.5\r\n";
    lk_calc *c = calc_of("unemployment");
    read_into(c, "07459.csv", pop07459);
    read_into(c, "10540.csv", pct10540);
    assert_int_equal(lk_calc_finish(c), LK_EDATA);
    /* the title's "(prosent)" is the unit (or, without it, 3.5 is no whole number) */
    assert_non_null(strstr(lk_calc_errmsg(c), "is in 'prosent', not a count"));
    assert_non_null(strstr(lk_calc_errmsg(c), "--rate"));
    lk_calc_free(c);
}

/* 07984 "Sysselsatte per 4. kvartal" with K. codes, industries beside the total and no age
 * column (the table is 15-74 år); beside it 11616, whose measures contain "personer". */
static void test_employment_07984(void **state)
{
    (void)state;
    static const char emp07984[] =
        "\"07984: Sysselsatte per 4. kvartal, etter region, n\xE6ring (SN2007), statistikkvariabel og \xE5r\"\r\n"
        "\r\n"
        "\"region\";\"n\xE6ring (SN2007)\";\"Sysselsatte personer etter bosted 2020\"\r\n"
        "\"K.3301 Drammen\";\"00-99 Alle n\xE6ringer\";52000\r\n"
        "\"K.3301 Drammen\";\"01-03 Jordbruk, skogbruk og fiske\";400\r\n"
        "\"K.3301 Drammen\";\"05-09 Bergverksdrift og utvinning\";300\r\n";
    static const char pend11616[] =
        "\"11616: Sysselsatte per 4. kvartal, etter region, statistikkvariabel og \xE5r\"\r\n"
        "\r\n"
        "\"region\";\"Sysselsatte personer bosatt i regionen 2020\";\"Personer som pendler inn i regionen 2020\"\r\n"
        "\"3301 Drammen\";51900;20000\r\n";
    lk_calc *c = calc_of("employment");
    read_into(c, "07459.csv", pop07459);
    read_into(c, "07984.csv", emp07984);
    read_into(c, "11616.csv", pend11616);
    finish_ok(c);
    /* 52000 (00-99 only; 11616's 51900 is another measure) / (6100 + 6200 + 65000 = 77300);
     * "Personer som pendler inn" is not the population */
    const lk_ratio *a = ratio(c, "3301", "2020");
    NEAR(a->num, 52000);
    NEAR(a->den, 77300);
    assert_string_equal(a->variant, "SSB 07984 / 07459");
    lk_calc_free(c);

    /* 2021 from 13563: Sysselsatte 51323 / I alt 78252 */
    c = calc_of("employment");
    read_into(c, "13563.csv", reg13563);
    finish_ok(c);
    a = ratio(c, "3301", "2021");
    NEAR(a->num, 51323);
    NEAR(a->den, 78252);
    assert_string_equal(a->variant, "SSB 13563");
    lk_calc_free(c);
}

/* KOSTRA 12210 (2021 wording) and 14019 (2022 wording), kommuner across as in the new statbank's
 * KOSTRA downloads; the traps: every recipient measure starts with "Sosialhjelpsmottakere", and
 * "sosialhjelp" is in the children's measure too. */
static const char kostra2021[] =
    "\"12210: Utvalgte n\xF8kkeltall for sosialtjenesten (K), etter region, statistikkvariabel og \xE5r\"\r\n"
    "\"statistikkvariabel\";\"\xE5r\";\"3301 Drammen\";\"3303 Kongsberg\"\r\n"
    "\"Sosialhjelpsmottakere (antall)\";\"2021\";3400;700\r\n"
    "\"Antall sosialhjelpsmottakere 18-24 \xE5r (antall)\";\"2021\";600;110\r\n"
    "\"Sosialhjelpsmottakere med sosialhjelp i 6 m\xE5neder eller mer (antall)\";\"2021\";1300;250\r\n"
    "\"Sosialhjelpsmottakere med arbeidsinntekt som hovedinntekt (antall)\";\"2021\";500;90\r\n"
    "\"Antall barn i familier som mottok sosialhjelp (antall)\";\"2021\";1800;300\r\n";
static const char kostra2022[] =
    "\"14019: Utvalgte n\xF8kkeltall for sosialtjenesten (K), etter region, statistikkvariabel og \xE5r\"\r\n"
    "\"statistikkvariabel\";\"\xE5r\";\"3301 Drammen\";\"3303 Kongsberg\"\r\n"
    "\"Sosialhjelpstilfeller (antall)\";\"2022\";3500;720\r\n"
    "\"Antall sosialhjelpstilfeller 18-24 \xE5r (antall)\";\"2022\";630;:\r\n"
    "\"Sosialhjelpstilfeller med sosialhjelp i 6 m\xE5neder eller mer (antall)\";\"2022\";1400;260\r\n"
    "\"Arbeidsinntekt som hovedinntekt (antall)\";\"2022\";520;95\r\n";

static void test_kostra_recipients(void **state)
{
    (void)state;
    lk_calc *c = calc_of("recipients-under-25");
    read_into(c, "12210.csv", kostra2021);
    read_into(c, "14019.csv", kostra2022);
    finish_ok(c);
    const lk_ratio *a = ratio(c, "3301", "2021");
    NEAR(a->num, 600);   /* 18-24 */
    NEAR(a->den, 3400);  /* the total only, not + 6 months + main income + children */
    a = ratio(c, "3301", "2022");
    NEAR(a->num, 630);
    NEAR(a->den, 3500);
    a = ratio(c, "3303", "2022");
    assert_false(a->has_value);      /* suppressed in the file: its symbol, never a zero */
    assert_string_equal(a->status, ":");
    /* report rows keep their own texts: the calc may be freed first (#14.6) */
    lk_report *rep;
    lk_report_opts ro = LK_REPORT_OPTS_INIT;
    assert_int_equal(lk_report_new(&rep, lk_registry_find(reg, "recipients-under-25"), &ro), LK_OK);
    assert_int_equal(lk_report_add_all(rep, c, NULL), LK_OK);
    lk_calc_free(c);
    int seen = 0;
    for (size_t i = 0; i < lk_report_count(rep); i++) {
        const lk_report_row *w = lk_report_get(rep, i);
        if (strcmp(w->region, "3303") == 0 && strcmp(w->period, "2022") == 0) {
            assert_string_equal(w->status, ":");
            seen = 1;
        }
    }
    assert_true(seen);
    lk_report_free(rep);

    /* long-term: both measures in one file, each year in its own wording */
    c = calc_of("long-term-recipients");
    read_into(c, "12210.csv", kostra2021);
    read_into(c, "14019.csv", kostra2022);
    finish_ok(c);
    a = ratio(c, "3301", "2021");
    NEAR(a->num, 1300);
    NEAR(a->den, 3400);
    a = ratio(c, "3303", "2022");
    NEAR(a->num, 260);
    NEAR(a->den, 720);
    lk_calc_free(c);

    /* 20-66: KOSTRA has no recipients by age: refused with the reason, not computed from the total */
    c = calc_of("social-assistance");
    read_into(c, "12210.csv", kostra2021);
    read_into(c, "07459.csv", pop07459);
    assert_int_equal(lk_calc_finish(c), LK_EDATA);
    assert_non_null(strstr(lk_calc_errmsg(c), "ages 20-66 år asked for, but the data has no age dimension"));
    lk_calc_free(c);
}

/* 12362 "Utgifter til tjenesteområdene": function 281 beside the group FGK12 in one dimension,
 * two arts and two measures; only 281 x AGD2 x Beløp (1000 kr) counts. */
static void test_kostra_spending(void **state)
{
    (void)state;
    static const char exp12362[] =
        "\"12362: Utgifter til tjenesteomr\xE5\x64\x65ne, kommunekonsern, etter region, funksjon, art, statistikkvariabel og \xE5r\"\r\n"
        "\"region\";\"funksjon\";\"art\";\"statistikkvariabel\";\"2020\"\r\n"
        "\"3301 Drammen\";\"281 Ytelse til livsopphold\";\"AGD2 Netto driftsutgifter\";\"Bel\xF8p (1000 kr)\";77300\r\n"
        "\"3301 Drammen\";\"281 Ytelse til livsopphold\";\"AGD10 Brutto driftsutgifter\";\"Bel\xF8p (1000 kr)\";90000\r\n"
        "\"3301 Drammen\";\"281 Ytelse til livsopphold\";\"AGD2 Netto driftsutgifter\";\"Andel av totale utgifter (prosent)\";2.1\r\n"
        "\"3301 Drammen\";\"FGK12 Sosialsektoren samlet\";\"AGD2 Netto driftsutgifter\";\"Bel\xF8p (1000 kr)\";300000\r\n";
    /* 07459 with single years 20-66 for Drammen: 47 ages of 1000 */
    char pop[8192];
    size_t k = (size_t)snprintf(pop, sizeof pop, "\"07459: Befolkning\"\r\n\"region\";\"alder\";\"\xE5r\";\"Personer\"\r\n");
    for (int age = 18; age <= 70; age++)
        k += (size_t)snprintf(pop + k, sizeof pop - k, "\"3301 Drammen\";\"%d \xE5r\";\"2020\";1000\r\n", age);
    lk_calc *c = calc_of("social-assistance-spending");
    read_into(c, "12362.csv", exp12362);
    read_into(c, "07459.csv", pop);
    finish_ok(c);
    const lk_ratio *a = ratio(c, "3301", "2020");
    NEAR(a->num, 77300000); /* 77300 × 1000 kr; not + 90000 (brutto), 2.1 (a share) or 300000 (the group) */
    NEAR(a->den, 47000);    /* ages 20..66 = 47 single years of 1000: 1644.68 kr per inhabitant */
    lk_calc_free(c);
}

/* Recipients as a share of all inhabitants: the total count over the whole population. */
static void test_recipients_share_of_population(void **state)
{
    (void)state;
    static const char pop2021[] =
        "\"07459: Befolkning\"\r\n\"region\";\"alder\";\"\xE5r\";\"Personer\"\r\n"
        "\"3301 Drammen\";\"0-17 \xE5r\";\"2021\";20000\r\n"
        "\"3301 Drammen\";\"18 \xE5r eller eldre\";\"2021\";82000\r\n";
    lk_calc *c = calc_of("social-assistance-population");
    read_into(c, "12210.csv", kostra2021);
    read_into(c, "07459.csv", pop2021);
    finish_ok(c);
    const lk_ratio *a = ratio(c, "3301", "2021");
    NEAR(a->num, 3400);
    NEAR(a->den, 102000); /* 3.33 % */
    lk_calc_free(c);
}

/* 13563 without the status column (downloaded with it eliminated): the residents are not the
 * unemployed; refused with what was looked for. */
static void test_selector_without_its_dimension(void **state)
{
    (void)state;
    static const char flat[] =
        "\"13563: Kommunefordelt prioritert arbeidsstyrkestatus for 15 \xE5r og eldre (K)\"\r\n"
        "\"region\";\"alder\";\"statistikkvariabel\";\"2022\"\r\n"
        "\"K-3301 Drammen\";\"15-74 \xE5r\";\"Bosatte\";78900\r\n";
    lk_calc *c = calc_of("unemployment");
    read_into(c, "13563.csv", flat);
    assert_int_equal(lk_calc_finish(c), LK_EDATA);
    assert_non_null(strstr(lk_calc_errmsg(c), "is there, but without the dimension asked for"));
    assert_non_null(strstr(lk_calc_errmsg(c), "(definition SSB 13563)"));
    lk_calc_free(c);
}

/* Two wordings of one figure in the same year are the same people twice: an error. */
static void test_two_wordings_in_one_year(void **state)
{
    (void)state;
    static const char both[] =
        "\"12210: Utvalgte n\xF8kkeltall for sosialtjenesten (K)\"\r\n"
        "\"statistikkvariabel\";\"\xE5r\";\"3301 Drammen\"\r\n"
        "\"Sosialhjelpsmottakere (antall)\";\"2021\";3400\r\n"
        "\"Sosialhjelpstilfeller (antall)\";\"2021\";3400\r\n"
        "\"Antall sosialhjelpsmottakere 18-24 \xE5r (antall)\";\"2021\";600\r\n";
    lk_calc *c = calc_of("recipients-under-25");
    read_into(c, "12210.csv", both);
    assert_int_equal(lk_calc_finish(c), LK_EDATA);
    assert_non_null(strstr(lk_calc_errmsg(c), "matches several measures in the same period: 'Sosialhjelpsmottakere (antall)', 'Sosialhjelpstilfeller (antall)'"));
    lk_calc_free(c);
}

/* The pattern syntax (B1): a plain pattern is the label's first words, never a part of a word or
 * of a later phrase; "=" the whole label (a unit in parentheses aside); "~" words anywhere. */
static void test_pattern_syntax(void **state)
{
    (void)state;
    static const char kube[] =
        "GEO;AAR;KJONN;ALDER;TELLER;sumTELLER;NEVNER;sumNEVNER\n"
        "301;2024_2024;0;0_120;10;30;100;300\n";
    static const char defs[] =
        "[a]\nname.nb = a\nnumerator = TELLER\ndenominator = NEVNER\ncounts = no\n"
        "[b]\nname.nb = b\nnumerator = sumTELLER\ndenominator = =sumNEVNER\ncounts = no\n"
        "[c]\nname.nb = c\nnumerator = ~personer bosatt\ndenominator = =Personer\n"
        "[d]\nname.nb = d\nnumerator = Sysselsatte\ndenominator = Personer\n";
    lk_registry *r;
    assert_int_equal(lk_registry_new(&r), LK_OK);
    assert_int_equal(lk_registry_load_text(r, "t.def", defs), LK_OK);
    lk_calc *c;
    assert_int_equal(lk_calc_new(&c, lk_registry_find(r, "a"), NULL), LK_OK);
    read_into(c, "kube.csv", kube);
    finish_ok(c);
    NEAR(ratio(c, "0301", "2024")->num, 10);  /* TELLER, not sumTELLER */
    NEAR(ratio(c, "0301", "2024")->den, 100);
    lk_calc_free(c);
    assert_int_equal(lk_calc_new(&c, lk_registry_find(r, "b"), NULL), LK_OK);
    read_into(c, "kube.csv", kube);
    finish_ok(c);
    NEAR(ratio(c, "0301", "2024")->num, 30);
    NEAR(ratio(c, "0301", "2024")->den, 300);
    lk_calc_free(c);
    static const char pend[] =
        "\"11616: Sysselsatte per 4. kvartal\"\r\n\r\n"
        "\"region\";\"Sysselsatte personer bosatt i regionen 2021\";\"Personer som pendler inn i regionen 2021\";\"Personer 2021\"\r\n"
        "\"3801 Horten\";12807;4367;27000\r\n";
    assert_int_equal(lk_calc_new(&c, lk_registry_find(r, "c"), NULL), LK_OK);
    read_into(c, "11616.csv", pend);
    finish_ok(c);
    NEAR(ratio(c, "3801", "2021")->num, 12807); /* "~personer bosatt" inside the label */
    NEAR(ratio(c, "3801", "2021")->den, 27000); /* "=Personer": not "Personer som pendler inn" */
    lk_calc_free(c);
    /* "Personer" as a plain pattern is the label's start: "Personer som pendler inn i regionen"
     * starts with it too, so d is ambiguous, and says so; "Sysselsatte" takes the first column */
    assert_int_equal(lk_calc_new(&c, lk_registry_find(r, "d"), NULL), LK_OK);
    read_into(c, "11616.csv", pend);
    assert_int_equal(lk_calc_finish(c), LK_EDATA);
    assert_non_null(strstr(lk_calc_errmsg(c), "denominator: the pattern 'Personer' matches several measures"));
    lk_calc_free(c);
    lk_registry_free(r);
}

/* Counts in thousands (SSB's labour force survey: "Arbeidsledige (1000 personer)"): the ratio
 * stands, without an interval or a test; thousands over persons is refused. */
static lk_obs thousands_obs(const char *region, lk_level level, const char *measure, const char *unit, double v)
{
    lk_obs o;
    memset(&o, 0, sizeof o);
    o.table = "";
    o.region = region;
    o.region_name = "";
    o.level = level;
    o.period = "2024";
    lk_period_parse(&o.period_info, "2024", 4);
    o.measure = measure;
    o.unit = unit;
    o.has_value = 1;
    o.value = v;
    o.status = "";
    o.line = 2;
    return o;
}

static void test_counts_in_thousands(void **state)
{
    (void)state;
    static const char defs[] =
        "[aku]\nname.nb = Arbeidsledige (AKU)\nnumerator = =Arbeidsledige\ndenominator = =Arbeidsstyrken\n";
    lk_registry *r;
    assert_int_equal(lk_registry_new(&r), LK_OK);
    assert_int_equal(lk_registry_load_text(r, "t.def", defs), LK_OK);
    const lk_indicator *ind = lk_registry_find(r, "aku");
    lk_calc *c;
    assert_int_equal(lk_calc_new(&c, ind, NULL), LK_OK);
    lk_obs o = thousands_obs("0", LK_LEVEL_LAND, "Arbeidsledige", "1000 personer", 121.5);
    assert_int_equal(lk_calc_add(c, &o, 0), LK_OK);
    o = thousands_obs("0", LK_LEVEL_LAND, "Arbeidsstyrken", "1000 personer", 3020.4);
    assert_int_equal(lk_calc_add(c, &o, 0), LK_OK);
    o = thousands_obs("03", LK_LEVEL_FYLKE, "Arbeidsledige", "1000 personer", 20.1);
    assert_int_equal(lk_calc_add(c, &o, 0), LK_OK);
    o = thousands_obs("03", LK_LEVEL_FYLKE, "Arbeidsstyrken", "1000 personer", 400.0);
    assert_int_equal(lk_calc_add(c, &o, 0), LK_OK);
    finish_ok(c);
    const lk_ratio *a = ratio(c, "0", "2024");
    assert_true(a->in_thousands);
    lk_report *rep;
    lk_report_opts ro = LK_REPORT_OPTS_INIT;
    assert_int_equal(lk_report_new(&rep, ind, &ro), LK_OK);
    assert_int_equal(lk_report_add_all(rep, c, NULL), LK_OK);
    int seen = 0;
    for (size_t i = 0; i < lk_report_count(rep); i++) {
        const lk_report_row *w = lk_report_get(rep, i);
        if (strcmp(w->region, "03") != 0) continue;
        seen = 1;
        NEAR(w->value, 5.025);               /* 20.1 / 400 × 100 */
        assert_false(w->has_ci);             /* no Wilson interval on estimates in thousands */
        assert_string_equal(w->vs_land, ""); /* and no test */
        assert_string_equal(w->status, "~thousands");
    }
    assert_true(seen);
    lk_report_free(rep);
    lk_calc_free(c);
    /* thousands over persons: refused */
    assert_int_equal(lk_calc_new(&c, ind, NULL), LK_OK);
    o = thousands_obs("0", LK_LEVEL_LAND, "Arbeidsledige", "1000 personer", 121.5);
    assert_int_equal(lk_calc_add(c, &o, 0), LK_OK);
    o = thousands_obs("0", LK_LEVEL_LAND, "Arbeidsstyrken", "personer", 3020400);
    assert_int_equal(lk_calc_add(c, &o, 0), LK_OK);
    assert_int_equal(lk_calc_finish(c), LK_EDATA);
    assert_non_null(strstr(lk_calc_errmsg(c), "the numerator is in thousands"));
    lk_calc_free(c);
    lk_registry_free(r);
}

/* From the review of #13 B: a year beside its November, one definition per period (never a
 * row of Drammen from 07984 against Buskerud from 13563), and two "I alt" codes in one file. */
static void test_review_cases(void **state)
{
    (void)state;
    static const char mixed[] =
        "\"10539: Registrerte arbeidsledige\"\r\n\r\n"
        "\"region\";\"alder\";\"Registrert helt arbeidsledige 2020\";\"Registrert helt arbeidsledige 2020M11\"\r\n"
        "\"3301 Drammen\";\"15-74 \xE5r\";3000;4000\r\n";
    lk_calc *c = calc_of("unemployment");
    read_into(c, "07459.csv", pop07459);
    read_into(c, "mixed.csv", mixed);
    assert_int_equal(lk_calc_finish(c), LK_EDATA); /* 3000 + 4000 was summed as 2020 */
    assert_non_null(strstr(lk_calc_errmsg(c), "both monthly figures (month 11 taken as the year) and annual figures"));
    lk_calc_free(c);

    /* employment 2021: Drammen in 07984, everyone in 13563: 13563 (the first definition with a
     * value, 07984, has Drammen only; one definition per period: the first with any value) */
    static const char emp2021[] =
        "\"07984: Sysselsatte per 4. kvartal\"\r\n\r\n"
        "\"region\";\"Sysselsatte personer etter bosted 2021\"\r\n"
        "\"K.3301 Drammen\";40000\r\n";
    static const char all13563[] =
        "\"13563: Kommunefordelt prioritert arbeidsstyrkestatus for 15 \xE5r og eldre (K)\"\r\n"
        "\"region\";\"prioritert arbeidsstyrkestatus\";\"alder\";\"statistikkvariabel\";\"2021\"\r\n"
        "\"K-3301 Drammen\";\"I alt\";\"15-74 \xE5r\";\"Bosatte\";78252\r\n"
        "\"K-3301 Drammen\";\"Sysselsatte\";\"15-74 \xE5r\";\"Bosatte\";51323\r\n"
        "\"F-33 Buskerud\";\"I alt\";\"15-74 \xE5r\";\"Bosatte\";210957\r\n"
        "\"F-33 Buskerud\";\"Sysselsatte\";\"15-74 \xE5r\";\"Bosatte\";150105\r\n";
    c = calc_of("employment");
    read_into(c, "07459.csv", pop07459);
    read_into(c, "07984.csv", emp2021);
    read_into(c, "13563.csv", all13563);
    finish_ok(c);
    const lk_ratio *d = ratio(c, "3301", "2021");
    assert_string_equal(d->variant, "SSB 07984 / 07459"); /* one definition for the period */
    NEAR(d->num, 40000);
    assert_null(lk_calc_find(c, "33", "2021")); /* Buskerud has no 07984 figure: not 13563's beside it */
    lk_calc_free(c);

    /* TOT and TOT3 are both "I alt": summed they would double the residents */
    static const char codes[] =
        "\"13563: test\"\r\n"
        "\"region\";\"prioritert arbeidsstyrkestatus\";\"alder\";\"statistikkvariabel\";\"2021\"\r\n"
        "\"K-3301 Drammen\";\"TOT\";\"15-74 \xE5r\";\"Bosatte\";78000\r\n"
        "\"K-3301 Drammen\";\"TOT3\";\"15-74 \xE5r\";\"Bosatte\";78000\r\n"
        "\"K-3301 Drammen\";\"A.09\";\"15-74 \xE5r\";\"Bosatte\";3000\r\n";
    c = calc_of("unemployment");
    read_into(c, "13563.csv", codes);
    assert_int_equal(lk_calc_finish(c), LK_EDATA);
    assert_non_null(strstr(lk_calc_errmsg(c), "the categories 'TOT' and 'TOT3' both match"));
    lk_calc_free(c);
}

/* Definition files (review): [id] after its [id@name] in one file is refused (the block was
 * copied from the built-in [id]); a failed load leaves the further definitions usable. */
static void test_definition_file_order(void **state)
{
    (void)state;
    lk_registry *r;
    assert_int_equal(lk_registry_new(&r), LK_OK);
    static const char before[] =
        "[unemployment@mine]\nvariant = mine\nyears = 2030-\n"
        "[unemployment]\nname.nb = Ledige\nnumerator = =Ledige\ndenominator = =Personer\n";
    assert_int_equal(lk_registry_load_text(r, "b.def", before), LK_EDATA);
    assert_non_null(strstr(lk_registry_errmsg(r), "b.def:4: [unemployment] comes after a further definition of it on line 1"));
    lk_registry_free(r);

    /* a load that grows the registry (the array moves) and then fails */
    assert_int_equal(lk_registry_new(&r), LK_OK);
    char big[1 << 16];
    size_t k = 0;
    for (int i = 0; i < 200; i++)
        k += (size_t)snprintf(big + k, sizeof big - k, "[x%d]\nname.nb = x\nnumerator = =A\ndenominator = =B\n", i);
    snprintf(big + k, sizeof big - k, "[bad]\nno key here\n");
    assert_int_equal(lk_registry_load_text(r, "big.def", big), LK_EDATA);
    const lk_indicator *u = lk_registry_find(r, "unemployment");
    assert_int_equal(u->n_variants, 1);
    assert_string_equal(u->variants[0]->id, "unemployment@13563"); /* not a pointer into the old array */
    assert_string_equal(u->variants[0]->base, "unemployment");
    lk_registry_free(r);
}

/* 18-24 from KOSTRA over 07459's single years 18-24 (both wordings); 25-66 has no count. */
static void test_kostra_18_24(void **state)
{
    (void)state;
    char pop[4096];
    size_t k = (size_t)snprintf(pop, sizeof pop, "\"07459: Befolkning\"\r\n\"region\";\"alder\";\"\xE5r\";\"Personer\"\r\n");
    for (int year = 2021; year <= 2022; year++)
        for (int age = 16; age <= 26; age++)
            k += (size_t)snprintf(pop + k, sizeof pop - k, "\"3301 Drammen\";\"%d \xE5r\";\"%d\";%d\r\n", age, year,
                                  1000 + age);
    lk_calc *c = calc_of("social-assistance-18-24");
    read_into(c, "12210.csv", kostra2021);
    read_into(c, "14019.csv", kostra2022);
    read_into(c, "07459.csv", pop);
    finish_ok(c);
    /* 2021: 600 / (1018 + ... + 1024 = 7 × 1021 = 7147); 2022: 630 / 7147 */
    const lk_ratio *a = ratio(c, "3301", "2021");
    NEAR(a->num, 600);
    NEAR(a->den, 7147);
    a = ratio(c, "3301", "2022");
    NEAR(a->num, 630);
    NEAR(a->den, 7147);
    lk_calc_free(c);
    /* 25-66: the KOSTRA total has no ages; refused, never the total over 25-66 */
    c = calc_of("social-assistance-25-66");
    read_into(c, "12210.csv", kostra2021);
    read_into(c, "07459.csv", pop);
    assert_int_equal(lk_calc_finish(c), LK_EDATA);
    assert_non_null(strstr(lk_calc_errmsg(c), "ages 25-66 år asked for, but the data has no age dimension"));
    lk_calc_free(c);
}

/* FHI writes "Kjønn samlet" in one table and "kjønn samlet" in another: both are the total,
 * never summed with menn and kvinner (one list of totals, lib/read/totals.c). */
static void test_total_in_lower_case(void **state)
{
    (void)state;
    static const char fhi[] =
        "Geografi;\xC3\x85r;Kj\xC3\xB8nn;M\xC3\xA5ltall;Antall\n"
        "Drammen;2021;kj\xC3\xB8nn samlet;Antall;100\n"
        "Drammen;2021;menn;Antall;60\n"
        "Drammen;2021;kvinner;Antall;40\n";
    static const char pop[] =
        "Geografi;\xC3\x85r;Kj\xC3\xB8nn;Personer\n"
        "Drammen;2021;Kj\xC3\xB8nn samlet;1000\n"
        "Drammen;2021;menn;500\n"
        "Drammen;2021;kvinner;500\n";
    static const char defs[] = "[x]\nname.nb = x\nnumerator = =Antall\ndenominator = =Personer\n";
    lk_registry *r;
    assert_int_equal(lk_registry_new(&r), LK_OK);
    assert_int_equal(lk_registry_load_text(r, "t.def", defs), LK_OK);
    lk_calc *c;
    assert_int_equal(lk_calc_new(&c, lk_registry_find(r, "x"), NULL), LK_OK);
    read_into(c, "fhi.csv", fhi);
    read_into(c, "pop.csv", pop);
    finish_ok(c);
    assert_true(lk_calc_count(c) >= 1);
    const lk_ratio *a = lk_calc_get(c, 0);
    NEAR(a->num, 100); /* the total, not 200 */
    NEAR(a->den, 1000);
    lk_calc_free(c);
    lk_registry_free(r);
}

/* The computation's speed tricks against its plain path (#14.8): the same observations with
 * their reader's identity (pointer caches on) and without it (every string by content) give the
 * same ratios, value for value. */
static int feed_plain(const lk_obs *o, void *payload)
{
    lk_obs copy = *o; /* not the observation the reader is delivering: read by content */
    return lk_calc_add(payload, &copy, 0) == LK_OK ? 0 : 1;
}

static void test_plain_and_fast(void **state)
{
    (void)state;
    const char *const texts[] = { pop07459, reg10539, reg13563, kostra2021, kostra2022 };
    const char *const ids[] = { "unemployment", "employment", "recipients-under-25" };
    for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++) {
        lk_calc *fast = calc_of(ids[k]), *plain = calc_of(ids[k]);
        for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
            read_into(fast, "f.csv", texts[t]);
            lk_reader *r;
            assert_int_equal(lk_reader_open_memory(&r, "f.csv", texts[t], strlen(texts[t]), NULL), LK_OK);
            assert_int_equal(lk_reader_run(r, feed_plain, plain), LK_OK);
            lk_reader_free(r);
        }
        int a = lk_calc_finish(fast), b = lk_calc_finish(plain);
        assert_int_equal(a, b);
        assert_int_equal(lk_calc_count(fast), lk_calc_count(plain));
        for (size_t i = 0; i < lk_calc_count(fast); i++) {
            const lk_ratio *x = lk_calc_get(fast, i), *y = lk_calc_get(plain, i);
            assert_string_equal(x->region, y->region);
            assert_string_equal(x->period, y->period);
            assert_int_equal(x->has_value, y->has_value);
            assert_true(x->num == y->num && x->den == y->den);
            assert_string_equal(x->status, y->status);
            assert_string_equal(x->variant, y->variant);
        }
        assert_true(lk_calc_count(fast) > 0);
        lk_calc_free(fast);
        lk_calc_free(plain);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unemployment_10539_and_13563),
        cmocka_unit_test(test_unemployment_refuses_a_percent),
        cmocka_unit_test(test_employment_07984),
        cmocka_unit_test(test_kostra_recipients),
        cmocka_unit_test(test_kostra_spending),
        cmocka_unit_test(test_recipients_share_of_population),
        cmocka_unit_test(test_selector_without_its_dimension),
        cmocka_unit_test(test_two_wordings_in_one_year),
        cmocka_unit_test(test_pattern_syntax),
        cmocka_unit_test(test_counts_in_thousands),
        cmocka_unit_test(test_review_cases),
        cmocka_unit_test(test_definition_file_order),
        cmocka_unit_test(test_kostra_18_24),
        cmocka_unit_test(test_total_in_lower_case),
        cmocka_unit_test(test_plain_and_fast),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
