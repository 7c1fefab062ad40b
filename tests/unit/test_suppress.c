/* Small-count protection (issue 15): the algorithm of lib/statistics/suppress.c on cells and
 * relations given by hand, then lk_report_protect() on report rows built by hand. Every expected
 * state is worked out in the comment beside it from the rules in levekar/suppress.h, never taken
 * from a run. Limits are FHI's (T = 5, N = 10) unless a test says otherwise. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "levekar.h"
#include "report/report_internal.h"

static lk_suppress_opts fhi(void)
{
    lk_suppress_opts o;
    assert_int_equal(lk_suppress_preset(&o, "fhi"), LK_OK);
    o.min_numerator = 5; /* the preset leaves them to the indicator; FHI's defaults */
    o.min_denominator = 10;
    return o;
}

static lk_suppress_cell cell(double x, double n, int exempt, const char *code)
{
    lk_suppress_cell c = { x, n, 1, exempt, code, LK_SUPPRESS_SHOWN };
    return c;
}

/* ------------------------------------------------------------------ the algorithm */

static void test_presets(void **state)
{
    (void)state;
    lk_suppress_opts o;
    assert_int_equal(lk_suppress_preset(&o, "fhi"), LK_OK);
    assert_true(o.min_numerator == LK_SUPPRESS_INDICATOR && o.min_denominator == LK_SUPPRESS_INDICATOR);
    assert_int_equal(o.complement, 1);
    assert_int_equal(o.levels, LK_SUPPRESS_DISTRICTS);
    assert_int_equal(lk_suppress_preset(&o, "ssb"), LK_OK);
    assert_true(o.min_numerator == 3 && o.min_denominator == 0 && !o.complement); /* "fewer than 3" */
    assert_int_equal(lk_suppress_preset(&o, "none"), LK_OK);
    assert_true(o.min_numerator == 0 && o.min_denominator == 0);
    assert_int_equal(lk_suppress_preset(&o, "FHI"), LK_EINVAL);
    assert_string_equal(lk_suppress_status(LK_SUPPRESS_PRIMARY), "~suppressed");
    assert_string_equal(lk_suppress_status(LK_SUPPRESS_SECONDARY), "~suppressed:secondary");
    assert_string_equal(lk_suppress_status(LK_SUPPRESS_SHOWN), "");
}

static void test_primary(void **state)
{
    (void)state;
    lk_suppress_opts o = fhi();
    lk_suppress_cell c[7] = {
        cell(4, 100, 0, "a"),  /* 4 < 5: hidden */
        cell(5, 100, 0, "b"),  /* 5 is not below 5: shown */
        cell(6, 9, 0, "c"),    /* denominator 9 < 10: hidden */
        cell(0, 500, 0, "d"),  /* a zero numerator is below 5: hidden */
        cell(97, 100, 0, "e"), /* 100 - 97 = 3 < 5, all but three: hidden (complement) */
        cell(95, 100, 0, "f"), /* 100 - 95 = 5: shown */
        cell(2, 40, 1, "g"),   /* small, but exempt (a level published as it is): shown */
    };
    c[1].has_counts = 1;
    lk_suppress_result res;
    assert_int_equal(lk_suppress_run(c, 7, NULL, 0, &o, &res), LK_OK);
    lk_suppress_state want[7] = { LK_SUPPRESS_PRIMARY, LK_SUPPRESS_SHOWN, LK_SUPPRESS_PRIMARY, LK_SUPPRESS_PRIMARY,
                                  LK_SUPPRESS_PRIMARY, LK_SUPPRESS_SHOWN, LK_SUPPRESS_SHOWN };
    for (int i = 0; i < 7; i++) assert_int_equal(c[i].state, want[i]);
    assert_int_equal(res.primary, 4);
    assert_int_equal(res.secondary, 0);
    /* SSB's limit: under 3, no denominator rule, no complement */
    lk_suppress_opts s;
    lk_suppress_preset(&s, "ssb");
    assert_int_equal(lk_suppress_is_small(&s, 2, 40), 1);
    assert_int_equal(lk_suppress_is_small(&s, 3, 4), 0);
    assert_int_equal(lk_suppress_is_small(&s, 39, 40), 0);
    assert_int_equal(lk_suppress_is_small(&s, 0, 1000), 1);
    /* unresolved limits are refused, the cells left as they were */
    lk_suppress_opts bad;
    lk_suppress_preset(&bad, "fhi");
    lk_suppress_cell d = cell(1, 100, 0, "x");
    assert_int_equal(lk_suppress_run(&d, 1, NULL, 0, &bad, NULL), LK_EINVAL);
    assert_int_equal(d.state, LK_SUPPRESS_SHOWN);
    size_t out_of_range = 3;
    lk_suppress_relation rel = { 0, &out_of_range, 1 };
    assert_int_equal(lk_suppress_run(&d, 1, &rel, 1, &o, NULL), LK_EINVAL);
    assert_int_equal(d.state, LK_SUPPRESS_SHOWN);
}

/* Kommune 60/600 = Z1 2/40 + Z2 20/200 + Z3 38/360 (no rest). Z1 is below 5. With Z2 and Z3
 * shown, 60 - 20 - 38 = 2 and 600 - 200 - 360 = 40 give Z1 back: one more must go, the one with
 * the smaller denominator, Z2 (200 < 360). Then 60 - 38 = 22 of 240 is all one learns. */
static void test_single_hidden_forces_second(void **state)
{
    (void)state;
    lk_suppress_opts o = fhi();
    lk_suppress_cell c[4] = { cell(60, 600, 1, "3301"), cell(2, 40, 0, "Z1"), cell(20, 200, 0, "Z2"), cell(38, 360, 0, "Z3") };
    size_t parts[3] = { 1, 2, 3 };
    lk_suppress_relation rel = { 0, parts, 3 };
    lk_suppress_result res;
    assert_int_equal(lk_suppress_run(c, 4, &rel, 1, &o, &res), LK_OK);
    assert_int_equal(c[0].state, LK_SUPPRESS_SHOWN);
    assert_int_equal(c[1].state, LK_SUPPRESS_PRIMARY);
    assert_int_equal(c[2].state, LK_SUPPRESS_SECONDARY);
    assert_int_equal(c[3].state, LK_SUPPRESS_SHOWN);
    assert_int_equal(res.primary, 1);
    assert_int_equal(res.secondary, 1);
    assert_int_equal(res.rounds, 1);
    assert_int_equal(res.unresolved, 0);

    /* equal denominators: the smaller code goes, wherever it stands (Z2 after Z3 here) */
    lk_suppress_cell t[4] = { cell(60, 600, 1, "3301"), cell(2, 40, 0, "Z1"), cell(20, 280, 0, "Z3"), cell(38, 280, 0, "Z2") };
    assert_int_equal(lk_suppress_run(t, 4, &rel, 1, &o, &res), LK_OK);
    assert_int_equal(t[2].state, LK_SUPPRESS_SHOWN);
    assert_int_equal(t[3].state, LK_SUPPRESS_SECONDARY);

    /* the partner may not be exempt: with only an exempt one left, the relation is unresolved */
    lk_suppress_cell u[3] = { cell(22, 240, 1, "3301"), cell(2, 40, 0, "Z1"), cell(20, 200, 1, "Z2") };
    size_t up[2] = { 1, 2 };
    lk_suppress_relation ur = { 0, up, 2 };
    assert_int_equal(lk_suppress_run(u, 3, &ur, 1, &o, &res), LK_OK);
    assert_int_equal(u[2].state, LK_SUPPRESS_SHOWN);
    assert_int_equal(res.unresolved, 1);
}

static void test_rest_cell(void **state)
{
    (void)state;
    lk_suppress_opts o = fhi();
    size_t parts[3] = { 1, 2, 3 };
    lk_suppress_relation two = { 0, parts, 2 }, three = { 0, parts, 3 };
    lk_suppress_result res;

    /* Kommune 100/1000, zones 50/500 and 47/480: the rest outside the zones is 3/20, which the
     * output gives by subtraction although no zone is small. The smaller zone (480) goes; then
     * 100 - 50 = 50 of 500 is the zone and the rest together. */
    lk_suppress_cell a[3] = { cell(100, 1000, 1, "3301"), cell(50, 500, 0, "Z1"), cell(47, 480, 0, "Z2") };
    assert_int_equal(lk_suppress_run(a, 3, &two, 1, &o, &res), LK_OK);
    assert_int_equal(a[1].state, LK_SUPPRESS_SHOWN);
    assert_int_equal(a[2].state, LK_SUPPRESS_SECONDARY);
    assert_int_equal(res.secondary, 1);

    /* A rest of 30/300 beside a hidden zone 2/40: 232 - 200 = 32 of 2340 - 2000 = 340 is the
     * zone and the rest together, above the limits: no partner needed. */
    lk_suppress_cell b[3] = { cell(232, 2340, 1, "3301"), cell(2, 40, 0, "Z1"), cell(200, 2000, 0, "Z2") };
    assert_int_equal(lk_suppress_run(b, 3, &two, 1, &o, &res), LK_OK);
    assert_int_equal(b[1].state, LK_SUPPRESS_PRIMARY);
    assert_int_equal(b[2].state, LK_SUPPRESS_SHOWN);
    assert_int_equal(res.secondary, 0);

    /* A small rest 1/8 beside a hidden zone 2/40: 203 - 100 - 100 = 3 of 1948 - 1000 - 900 = 48
     * is below 5: the zone with 900 goes; then 103 of 948. */
    lk_suppress_cell c[4] = { cell(203, 1948, 1, "3301"), cell(2, 40, 0, "Z1"), cell(100, 1000, 0, "Z2"),
                              cell(100, 900, 0, "Z3") };
    assert_int_equal(lk_suppress_run(c, 4, &three, 1, &o, &res), LK_OK);
    assert_int_equal(c[1].state, LK_SUPPRESS_PRIMARY);
    assert_int_equal(c[2].state, LK_SUPPRESS_SHOWN);
    assert_int_equal(c[3].state, LK_SUPPRESS_SECONDARY);

    /* Two zones hidden for want of data (no counts) and a third shown: 70 - 40 = 30 of 400 is
     * what they and the rest hold together, above the limits, so nothing more goes. The same
     * with a total of 42/400: 2 of 100 is small, and the shown zone goes. */
    lk_suppress_cell d[4] = { cell(70, 800, 1, "3301"), cell(0, 0, 0, "Z1"), cell(0, 0, 0, "Z2"), cell(40, 400, 0, "Z3") };
    d[1].has_counts = d[2].has_counts = 0;
    d[1].state = d[2].state = LK_SUPPRESS_ABSENT;
    assert_int_equal(lk_suppress_run(d, 4, &three, 1, &o, &res), LK_OK);
    assert_int_equal(d[3].state, LK_SUPPRESS_SHOWN);
    d[0] = cell(42, 500, 1, "3301");
    assert_int_equal(lk_suppress_run(d, 4, &three, 1, &o, &res), LK_OK);
    assert_int_equal(d[3].state, LK_SUPPRESS_SECONDARY);

    /* A rest with nobody in it (zones 10/100 + 20/200 = the kommune) discloses nothing. */
    lk_suppress_cell e[3] = { cell(30, 300, 1, "3301"), cell(10, 100, 0, "Z1"), cell(20, 200, 0, "Z2") };
    assert_int_equal(lk_suppress_run(e, 3, &two, 1, &o, &res), LK_OK);
    assert_int_equal(e[1].state, LK_SUPPRESS_SHOWN);
    assert_int_equal(e[2].state, LK_SUPPRESS_SHOWN);
}

/* A chain: X = a + q + r and Y = q + t (no rests), Y checked first. Round 1: Y discloses nothing
 * (all shown, empty rest); X has a (2 < 5) alone hidden, so q (100 < 300) goes. Round 2: q is
 * now alone hidden in Y and Y - t gives it back exactly, so t goes too, although q is not
 * small: a secondary cell must not be recoverable either, or a into X would follow. Round 3
 * finds nothing: two rounds hid something. */
static void test_chain_two_rounds(void **state)
{
    (void)state;
    lk_suppress_opts o = fhi();
    lk_suppress_cell c[6] = { cell(402, 4040, 1, "X"), cell(2, 40, 0, "a"), cell(100, 1000, 0, "q"),
                              cell(300, 3000, 0, "r"), cell(150, 1500, 1, "Y"), cell(50, 500, 0, "t") };
    size_t px[3] = { 1, 2, 3 }, py[2] = { 2, 5 };
    lk_suppress_relation rels[2] = { { 4, py, 2 }, { 0, px, 3 } };
    lk_suppress_result res;
    assert_int_equal(lk_suppress_run(c, 6, rels, 2, &o, &res), LK_OK);
    assert_int_equal(c[1].state, LK_SUPPRESS_PRIMARY);
    assert_int_equal(c[2].state, LK_SUPPRESS_SECONDARY);
    assert_int_equal(c[3].state, LK_SUPPRESS_SHOWN);
    assert_int_equal(c[5].state, LK_SUPPRESS_SECONDARY);
    assert_int_equal(res.rounds, 2);
    assert_int_equal(res.secondary, 2);
}

static void test_nothing_when_large(void **state)
{
    (void)state;
    lk_suppress_opts o = fhi();
    /* 600/6000 = 100/1000 + 200/2000 + 300/3000: every count far above 5 and 10 */
    lk_suppress_cell c[4] = { cell(600, 6000, 0, "3301"), cell(100, 1000, 0, "Z1"), cell(200, 2000, 0, "Z2"),
                              cell(300, 3000, 0, "Z3") };
    size_t parts[3] = { 1, 2, 3 };
    lk_suppress_relation rel = { 0, parts, 3 };
    lk_suppress_result res;
    assert_int_equal(lk_suppress_run(c, 4, &rel, 1, &o, &res), LK_OK);
    for (int i = 0; i < 4; i++) assert_int_equal(c[i].state, LK_SUPPRESS_SHOWN);
    assert_int_equal(res.primary + res.secondary + res.rounds, 0);
    /* and limits of 0 and 0 hide nothing at all */
    lk_suppress_opts none;
    lk_suppress_preset(&none, "none");
    lk_suppress_cell z = cell(0, 1, 0, "z");
    assert_int_equal(lk_suppress_run(&z, 1, NULL, 0, &none, &res), LK_OK);
    assert_int_equal(z.state, LK_SUPPRESS_SHOWN);
}

static void test_window_nesting(void **state)
{
    (void)state;
    /* 2013-2015 with one year used (a series from 2015) lies in 2014-2016 with two */
    assert_int_equal(lk_suppress_window_may_nest(2013, 2015, 1, 2014, 2016, 2), 1);
    /* full windows of equal length never nest */
    assert_int_equal(lk_suppress_window_may_nest(2014, 2016, 3, 2015, 2017, 3), 0);
    /* 2014-2016 with two years may lie in 2015-2017 with three only if they are 2015-2016 */
    assert_int_equal(lk_suppress_window_may_nest(2014, 2016, 2, 2015, 2017, 3), 1);
    /* two years cannot lie in a one-year overlap */
    assert_int_equal(lk_suppress_window_may_nest(2014, 2016, 2, 2016, 2018, 3), 0);
    /* a single year in a window around it */
    assert_int_equal(lk_suppress_window_may_nest(2016, 2016, 1, 2014, 2016, 3), 1);
    assert_int_equal(lk_suppress_window_may_nest(2013, 2013, 1, 2014, 2016, 3), 0);
}

/* ------------------------------------------------------------------ applied to a report */

typedef struct fixture {
    lk_indicator ind;
    lk_report_row rows[16];
    struct lk_report rep;
    lk_zones *zones;
    char path[64];
} fixture;

static void setup(fixture *f)
{
    memset(f, 0, sizeof *f);
    f->ind.id = "t";
    f->ind.name_nb = f->ind.name_en = "Ledige";
    f->ind.definition_nb = "Ledige i prosent av personer.";
    f->ind.definition_en = f->ind.family = f->ind.reference = "";
    f->ind.source = "Kilde: SSB";
    f->ind.scale = LK_SCALE_PERCENT;
    f->ind.suppress_min_numerator = 5;
    f->ind.suppress_min_denominator = 10;
    f->rep.ind = &f->ind;
    f->rep.opts = (lk_report_opts)LK_REPORT_OPTS_INIT;
    f->rep.rows = f->rows;
    f->rep.any_counts = 1;
    /* three zones of Drammen, one grunnkrets each */
    snprintf(f->path, sizeof f->path, "/tmp/lk_suppress_XXXXXX");
    int fd = mkstemp(f->path);
    assert_true(fd >= 0);
    const char *text = "zone,name,member\nS1,Sone 1,33010101\nS2,Sone 2,33010102\nS3,Sone 3,33010103\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    assert_int_equal(lk_zones_load(&f->zones, f->path), LK_OK);
    f->rep.zones = f->zones;
}

static void teardown(fixture *f)
{
    lk_zones_free(f->zones);
    unlink(f->path);
}

static lk_report_row *add(fixture *f, const char *period, const char *code, const char *name, lk_level level,
                          const char *role, double x, double n, int years)
{
    lk_report_row *w = &f->rows[f->rep.n++];
    memset(w, 0, sizeof *w);
    w->period = period;
    w->region = code;
    w->region_name = name;
    w->level = level;
    w->role = role;
    w->has_counts = w->has_value = w->has_ci = w->has_index = 1;
    w->numerator = x;
    w->denominator = n;
    w->value = x / n * 100;
    w->ci_low = w->value - 1; /* the writers only print them */
    w->ci_high = w->value + 1;
    w->index_land = 100;
    w->vs_land = "similar";
    w->vs_fylke = w->status = w->unit = w->variant = "";
    w->p_land = 0.5;
    w->p_fylke = NAN;
    w->years_used = years;
    return w;
}

static void assert_hidden(const lk_report_row *w, const char *status)
{
    assert_string_equal(w->status, status);
    assert_false(w->has_value || w->has_counts || w->has_ci || w->has_index || w->has_index_fylke || w->has_kommune_sum);
    assert_true(isnan(w->value) && isnan(w->numerator) && isnan(w->denominator));
    assert_string_equal(w->vs_land, "");
    assert_true(isnan(w->p_land));
}

/* Drammen 2024: S1 2/40, S2 20/200, S3 38/360, kommune 60/600 (the zones cover it). As in
 * test_single_hidden_forces_second: S1 primary, S2 secondary. The kommune (3/60 would be small
 * too, see below) is not a protected level and stays. */
static void test_report_zones(void **state)
{
    (void)state;
    fixture f;
    setup(&f);
    add(&f, "2024", "S1", "Sone 1", LK_LEVEL_ZONE, "area", 2, 40, 1);
    add(&f, "2024", "3301", "Drammen", LK_LEVEL_KOMMUNE, "kommune", 60, 600, 1);
    add(&f, "2024", "0", "Hele landet", LK_LEVEL_LAND, "land", 1000, 10000, 1);
    add(&f, "2024", "S2", "Sone 2", LK_LEVEL_ZONE, "area", 20, 200, 1);
    add(&f, "2024", "S3", "Sone 3", LK_LEVEL_ZONE, "area", 38, 360, 1);
    lk_suppress_opts o;
    lk_suppress_preset(&o, "fhi"); /* the indicator's limits: 5 and 10 */
    assert_int_equal(lk_report_protection(&f.rep, NULL), 0);
    assert_int_equal(lk_report_protect(&f.rep, &o), LK_OK);
    assert_hidden(&f.rows[0], "~suppressed");
    assert_hidden(&f.rows[3], "~suppressed:secondary");
    assert_true(f.rows[1].has_value && f.rows[4].has_value && f.rows[2].has_value);
    assert_string_equal(f.rows[4].status, "");
    lk_suppress_result res;
    assert_int_equal(lk_report_protection(&f.rep, &res), 1);
    assert_int_equal(res.primary, 1);
    assert_int_equal(res.secondary, 1);
    teardown(&f);
}

/* Kommuner are published as they are unless asked: a kommune of 3/60 stays with the default
 * levels and goes with kommuner added to them (3 < 5). */
static void test_report_kommune_level(void **state)
{
    (void)state;
    fixture f;
    setup(&f);
    add(&f, "2024", "3301", "Drammen", LK_LEVEL_KOMMUNE, "area", 3, 60, 1);
    add(&f, "2024", "33", "Buskerud", LK_LEVEL_FYLKE, "fylke", 3000, 30000, 1);
    add(&f, "2024", "0", "Hele landet", LK_LEVEL_LAND, "land", 100000, 1000000, 1);
    lk_suppress_opts o;
    lk_suppress_preset(&o, "fhi");
    assert_int_equal(lk_report_protect(&f.rep, &o), LK_OK);
    assert_true(f.rows[0].has_value);
    assert_string_equal(f.rows[0].status, "");
    assert_int_equal(lk_report_protection(&f.rep, NULL), 0); /* no district rows: no note either */
    o.levels |= LK_SUPPRESS_LEVEL(LK_LEVEL_KOMMUNE);
    assert_int_equal(lk_report_protect(&f.rep, &o), LK_OK);
    assert_hidden(&f.rows[0], "~suppressed");
    /* Buskerud less Drammen (2997 of 29940) is no small cell: the fylke stays */
    assert_true(f.rows[1].has_value);
    teardown(&f);
}

static void test_report_zero_numerator(void **state)
{
    (void)state;
    fixture f;
    setup(&f);
    /* 0 of 500 in S1: nobody there is unemployed says so of each of the 500; hidden. S2 20/500
     * then follows (the kommune 20/1000 less S2 would give S1 back). */
    add(&f, "2024", "S1", "Sone 1", LK_LEVEL_ZONE, "area", 0, 500, 1);
    add(&f, "2024", "S2", "Sone 2", LK_LEVEL_ZONE, "area", 20, 500, 1);
    add(&f, "2024", "3301", "Drammen", LK_LEVEL_KOMMUNE, "kommune", 20, 1000, 1);
    lk_suppress_opts o;
    lk_suppress_preset(&o, "fhi");
    assert_int_equal(lk_report_protect(&f.rep, &o), LK_OK);
    assert_hidden(&f.rows[0], "~suppressed");
    assert_hidden(&f.rows[1], "~suppressed:secondary");
    teardown(&f);
}

/* --window 3 over a zone series from 2015: 2013-2015 holds 2015 only (1 year), 2014-2016 holds
 * 2015 and 2016 (2 years), 2015-2017 all three. Sone 1: 40/400, 42/800, 80/1200. The first two
 * nest and give 2016 alone: 42 - 40 = 2 of 400, below 5, so 2013-2015 goes (the shorter
 * window). 2013-2015 in 2015-2017 gives 2016-2017, 40 of 800; 2014-2016 in 2015-2017 gives
 * 2017, 38 of 400: both fine. The kommune windows (exempt, large) change nothing. */
static void test_report_windows(void **state)
{
    (void)state;
    fixture f;
    setup(&f);
    add(&f, "2013-2015", "S1", "Sone 1", LK_LEVEL_ZONE, "area", 40, 400, 1);
    add(&f, "2014-2016", "S1", "Sone 1", LK_LEVEL_ZONE, "area", 42, 800, 2);
    add(&f, "2015-2017", "S1", "Sone 1", LK_LEVEL_ZONE, "area", 80, 1200, 3);
    lk_suppress_opts o;
    lk_suppress_preset(&o, "fhi");
    assert_int_equal(lk_report_protect(&f.rep, &o), LK_OK);
    assert_hidden(&f.rows[0], "~suppressed:secondary");
    assert_true(f.rows[1].has_value && f.rows[2].has_value);
    teardown(&f);
}

/* The chain of windows and zones. Windows as above for S1 (40/400, 42/800) and S2 (100/1000,
 * 200/2000, years used 1 and 2), kommune 2013-2015 = 140/1400 (S1 + S2, no rest) and 2014-2016
 * = 242/2800. Round 1: the kommune of 2013-2015 discloses nothing (both zones shown); S1's pair
 * gives 2016 as 2 of 400, so S1 2013-2015 goes; S2's pair gives 100 of 1000, fine. Round 2: S1
 * 2013-2015 is alone hidden in its kommune of 2013-2015 with no rest, so 140 - 100 would give
 * it back: S2 2013-2015 goes as well. Round 3: nothing. */
static void test_report_chain(void **state)
{
    (void)state;
    fixture f;
    setup(&f);
    add(&f, "2013-2015", "S1", "Sone 1", LK_LEVEL_ZONE, "area", 40, 400, 1);
    add(&f, "2014-2016", "S1", "Sone 1", LK_LEVEL_ZONE, "area", 42, 800, 2);
    add(&f, "2013-2015", "S2", "Sone 2", LK_LEVEL_ZONE, "area", 100, 1000, 1);
    add(&f, "2014-2016", "S2", "Sone 2", LK_LEVEL_ZONE, "area", 200, 2000, 2);
    add(&f, "2013-2015", "3301", "Drammen", LK_LEVEL_KOMMUNE, "kommune", 140, 1400, 1);
    add(&f, "2014-2016", "3301", "Drammen", LK_LEVEL_KOMMUNE, "kommune", 242, 2800, 2);
    lk_suppress_opts o;
    lk_suppress_preset(&o, "fhi");
    assert_int_equal(lk_report_protect(&f.rep, &o), LK_OK);
    assert_hidden(&f.rows[0], "~suppressed:secondary");
    assert_hidden(&f.rows[2], "~suppressed:secondary");
    assert_true(f.rows[1].has_value && f.rows[3].has_value && f.rows[4].has_value && f.rows[5].has_value);
    lk_suppress_result res;
    lk_report_protection(&f.rep, &res);
    assert_int_equal(res.rounds, 2);
    assert_int_equal(res.primary, 0);
    assert_int_equal(res.secondary, 2);
    teardown(&f);
}

/* A shown row loses its index and test against a hidden reference: with kommuner protected,
 * 3302 (3/60) is hidden, and Drammen (400/4000), compared with it through --compare, keeps its
 * value but not its index (150) and test against 3302; Buskerud loses its kommune sums. */
static void test_report_references(void **state)
{
    (void)state;
    fixture f;
    setup(&f);
    lk_report_cmp cmp[1] = { { "3302", 1, 150, "higher", 0.01 } };
    lk_report_row *a = add(&f, "2024", "3301", "Drammen", LK_LEVEL_KOMMUNE, "area", 400, 4000, 1);
    a->compare = cmp;
    a->n_compare = 1;
    add(&f, "2024", "3302", "Liten", LK_LEVEL_KOMMUNE, "compare", 3, 60, 1);
    lk_report_row *fy = add(&f, "2024", "33", "Buskerud", LK_LEVEL_FYLKE, "fylke", 3000, 30000, 1);
    fy->has_kommune_sum = 1;
    fy->kommune_numerator = 3001;
    fy->kommune_denominator = 30001;
    lk_suppress_opts o;
    lk_suppress_preset(&o, "fhi");
    o.levels |= LK_SUPPRESS_LEVEL(LK_LEVEL_KOMMUNE);
    assert_int_equal(lk_report_protect(&f.rep, &o), LK_OK);
    assert_hidden(&f.rows[1], "~suppressed");
    assert_true(f.rows[0].has_value);
    assert_int_equal(cmp[0].has_index, 0); /* 150 × 6.67 % would give 3302's value */
    assert_string_equal(cmp[0].vs, "");
    assert_int_equal(f.rows[2].has_kommune_sum, 0); /* the sum less the shown kommuner would give it */
    /* 3000/30000 less 400/4000 is large, but 3302 is alone hidden in the fylke's relation with
     * a rest of 2597 of 25940: nothing more goes */
    assert_true(f.rows[0].has_value && f.rows[2].has_value);
    teardown(&f);
}


/* Grunnkretser sum to their kommune by their first four digits, bydeler likewise: 3301 =
 * 33010101 (1/30) + 33010102 (40/400) + 33010103 (60/500) with no rest, so 33010102 (400 <
 * 500) goes with the small one. The two levels are checked each on its own. */
static void test_report_grunnkretser(void **state)
{
    (void)state;
    fixture f;
    setup(&f);
    add(&f, "2024", "33010101", "A", LK_LEVEL_GRUNNKRETS, "area", 1, 30, 1);
    add(&f, "2024", "33010102", "B", LK_LEVEL_GRUNNKRETS, "area", 40, 400, 1);
    add(&f, "2024", "33010103", "C", LK_LEVEL_GRUNNKRETS, "area", 60, 500, 1);
    add(&f, "2024", "3301", "Drammen", LK_LEVEL_KOMMUNE, "kommune", 101, 930, 1);
    lk_suppress_opts o;
    lk_suppress_preset(&o, "fhi");
    assert_int_equal(lk_report_protect(&f.rep, &o), LK_OK);
    assert_hidden(&f.rows[0], "~suppressed");
    assert_hidden(&f.rows[1], "~suppressed:secondary");
    assert_true(f.rows[2].has_value && f.rows[3].has_value);
    teardown(&f);
}

/* How the limits resolve: the indicator's (3 and 20 here), explicit ones over them, no
 * complement for a rate per 1000, no numerator limit for kroner, and refusals. */
static void test_report_limits(void **state)
{
    (void)state;
    fixture f;
    setup(&f);
    f.ind.suppress_min_numerator = 3;
    f.ind.suppress_min_denominator = 20;
    add(&f, "2024", "S1", "Sone 1", LK_LEVEL_ZONE, "area", 4, 19, 1);   /* 19 < 20 */
    add(&f, "2024", "S2", "Sone 2", LK_LEVEL_ZONE, "area", 4, 100, 1);  /* 4 >= 3 */
    add(&f, "2024", "S3", "Sone 3", LK_LEVEL_ZONE, "area", 98, 100, 1); /* 100 - 98 = 2 < 3 */
    lk_suppress_opts o;
    lk_suppress_preset(&o, "fhi");
    assert_int_equal(lk_report_protect(&f.rep, &o), LK_OK);
    assert_string_equal(f.rows[0].status, "~suppressed");
    assert_string_equal(f.rows[1].status, "");
    assert_string_equal(f.rows[2].status, "~suppressed");
    f.rep.n = 0;
    /* per 1000: the complement does not apply (98 events among 100 is no "all but two") */
    f.ind.scale = LK_SCALE_PER1000;
    add(&f, "2024", "S3", "Sone 3", LK_LEVEL_ZONE, "area", 98, 100, 1);
    assert_int_equal(lk_report_protect(&f.rep, &o), LK_OK);
    assert_string_equal(f.rows[0].status, "");
    /* kroner: the numerator is money; 2 kroner over 50 persons stays, 2 over 15 goes (15 < 20) */
    f.rep.n = 0;
    f.ind.scale = LK_SCALE_KRONER;
    add(&f, "2024", "S1", "Sone 1", LK_LEVEL_ZONE, "area", 2, 50, 1);
    add(&f, "2024", "S2", "Sone 2", LK_LEVEL_ZONE, "area", 2, 15, 1);
    o.min_numerator = 5; /* explicit, and still not for an amount */
    assert_int_equal(lk_report_protect(&f.rep, &o), LK_OK);
    assert_string_equal(f.rows[0].status, "");
    assert_string_equal(f.rows[1].status, "~suppressed");
    /* explicit limits over the indicator's: 100 over 15 stays with N = 10 */
    f.rep.n = 0;
    add(&f, "2024", "S2", "Sone 2", LK_LEVEL_ZONE, "area", 100, 15, 1);
    o.min_denominator = 10;
    assert_int_equal(lk_report_protect(&f.rep, &o), LK_OK);
    assert_string_equal(f.rows[0].status, "");
    /* "none" changes nothing and marks nothing; bad options are refused */
    f.rep.n = 0;
    f.rep.protected_ = 0;
    add(&f, "2024", "S1", "Sone 1", LK_LEVEL_ZONE, "area", 0, 5, 1);
    lk_suppress_opts none;
    lk_suppress_preset(&none, "none");
    assert_int_equal(lk_report_protect(&f.rep, &none), LK_OK);
    assert_true(f.rows[0].has_value);
    assert_int_equal(lk_report_protection(&f.rep, NULL), 0);
    o.min_numerator = -2;
    assert_int_equal(lk_report_protect(&f.rep, &o), LK_EINVAL);
    o.min_numerator = 5;
    o.version = 0;
    assert_int_equal(lk_report_protect(&f.rep, &o), LK_EINVAL);
    assert_int_equal(lk_report_protect(NULL, &none), LK_EINVAL);
    assert_true(f.rows[0].has_value);
    teardown(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_presets),
        cmocka_unit_test(test_primary),
        cmocka_unit_test(test_single_hidden_forces_second),
        cmocka_unit_test(test_rest_cell),
        cmocka_unit_test(test_chain_two_rounds),
        cmocka_unit_test(test_nothing_when_large),
        cmocka_unit_test(test_window_nesting),
        cmocka_unit_test(test_report_zones),
        cmocka_unit_test(test_report_kommune_level),
        cmocka_unit_test(test_report_zero_numerator),
        cmocka_unit_test(test_report_windows),
        cmocka_unit_test(test_report_chain),
        cmocka_unit_test(test_report_references),
        cmocka_unit_test(test_report_grunnkretser),
        cmocka_unit_test(test_report_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
