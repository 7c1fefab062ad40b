/* The composite levekårsindeks (issue 16, apis-and-profiles.md §5.1) against values worked out by
 * hand in the comments: four districts d1-d4, scores s = ⌈10·rank/N⌉ (N = 4: ranks 1-4 give
 * 3, 5, 8, 10), z-scores with √1.25 = 1.1180340, √(4/3) = 1.1547005. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "levekar.h"

#define NEAR(a, b, tol) do { double a_ = (a), b_ = (b); \
    if (!(fabs(a_ - b_) < (tol))) fail_msg("%s = %.10g, expected %.10g", #a, a_, b_); } while (0)

/* A (higher is worse): 1, 2, 3, 4. B (higher is better): 10, 40, 20, 30. */
static const double v2[] = { 1, 2, 3, 4, 10, 40, 20, 30 };
static const int dir2[] = { LK_COMP_HIGHER_WORSE, LK_COMP_HIGHER_BETTER };
static const char *dnames[] = { "d1", "d2", "d3", "d4" };
static const char *inames[] = { "A", "B" };

static lk_composite_input input(size_t m, const double *v, const int *dir)
{
    lk_composite_input in = LK_COMPOSITE_INPUT_INIT;
    in.n_districts = 4;
    in.n_indicators = m;
    in.value = v;
    in.direction = dir;
    in.district_names = dnames;
    in.indicator_names = inames;
    return in;
}

static void test_scores_and_ranks(void **state)
{
    (void)state;
    lk_composite_input in = input(2, v2, dir2);
    lk_composite *c;
    assert_int_equal(lk_composite_compute(&c, &in, NULL), LK_OK);
    /* A: ranks 1, 2, 3, 4 → scores 3, 5, 8, 10.
     * B, higher better: fewest problems d2 (40) rank 1, d4 (30) 2, d3 (20) 3, d1 (10) 4
     *   → d1 10, d2 3, d3 8, d4 5. */
    const double want_score[] = { 3, 5, 8, 10, 10, 3, 8, 5 };
    for (size_t k = 0; k < 8; k++)
        NEAR(c->score[k], want_score[k], 1e-15);
    /* means: d1 (3+10)/2 = 6.5, d2 (5+3)/2 = 4, d3 (8+8)/2 = 8, d4 (10+5)/2 = 7.5;
     * ranks (1 = most problems): d3 1, d4 2, d1 3, d2 4 */
    const double want_mean[] = { 6.5, 4, 8, 7.5 };
    const size_t want_rank[] = { 3, 4, 1, 2 };
    for (size_t i = 0; i < 4; i++) {
        NEAR(c->mean_score[i], want_mean[i], 1e-15);
        assert_int_equal(c->rank_score[i], want_rank[i]);
        assert_int_equal(c->n_used[i], 2);
    }
    /* z, equal weights. A: μ = 2.5, σ = √(5/4) = 1.1180340: −1.3416408, −0.4472136, 0.4472136, 1.3416408.
     * B: μ = 25, σ = √(500/4) = 11.180340, (x − μ)/σ = −1.3416408, 1.3416408, −0.4472136, 0.4472136,
     * times d = −1. */
    const double want_z[] = { -1.3416408, -0.4472136, 0.4472136, 1.3416408,
                              1.3416408, -1.3416408, 0.4472136, -0.4472136 };
    for (size_t k = 0; k < 8; k++)
        NEAR(c->z[k], want_z[k], 1e-7);
    /* z̄: d1 0, d2 (−0.4472136 − 1.3416408)/2 = −0.8944272, d3 0.4472136, d4 (1.3416408 − 0.4472136)/2
     * = 0.4472136: d3 and d4 tie (equal up to rounding) and share rank 1; d1 3, d2 4.
     * 100 + 10 z̄: 100, 91.055728, 104.472136, 104.472136 */
    const double want_mz[] = { 0, -0.8944272, 0.4472136, 0.4472136 };
    const double want_iz[] = { 100, 91.055728, 104.472136, 104.472136 };
    const size_t want_rz[] = { 3, 4, 1, 1 };
    for (size_t i = 0; i < 4; i++) {
        NEAR(c->mean_z[i], want_mz[i], 1e-7);
        NEAR(c->index_z[i], want_iz[i], 1e-6);
        assert_int_equal(c->rank_z[i], want_rz[i]);
    }
    assert_string_equal(lk_composite_errmsg(c), "");
    lk_composite_free(c);
}

static void test_leave_one_out(void **state)
{
    (void)state;
    lk_composite_input in = input(2, v2, dir2);
    lk_composite *c;
    assert_int_equal(lk_composite_compute(&c, &in, NULL), LK_OK);
    /* Without A: B's scores d1 10, d2 3, d3 8, d4 5 → ranks d1 1, d2 4, d3 2, d4 3.
     * Changes against 3, 4, 1, 2: 2, 0, 1, 1 → largest 2, at d1. */
    const size_t no_a[] = { 1, 4, 2, 3 };
    /* Without B: A's scores 3, 5, 8, 10 → ranks 4, 3, 2, 1; changes 1, 1, 1, 1 → 1, first at d1. */
    const size_t no_b[] = { 4, 3, 2, 1 };
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(c->loo_rank_score[0 * 4 + i], no_a[i]);
        assert_int_equal(c->loo_rank_score[1 * 4 + i], no_b[i]);
    }
    assert_int_equal(c->loo_max_change_score[0], 2);
    assert_int_equal(c->loo_district_score[0], 0);
    assert_int_equal(c->loo_max_change_score[1], 1);
    assert_int_equal(c->loo_district_score[1], 0);
    /* z without A: B's z 1.34, −1.34, 0.45, −0.45 → ranks 1, 4, 2, 3; against 3, 4, 1, 1:
     * changes 2, 0, 1, 2 → largest 2, first at d1.
     * z without B: A's z → ranks 4, 3, 2, 1; changes 1, 1, 1, 0 → 1 at d1. */
    const size_t z_no_a[] = { 1, 4, 2, 3 };
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(c->loo_rank_z[i], z_no_a[i]);
    assert_int_equal(c->loo_max_change_z[0], 2);
    assert_int_equal(c->loo_district_z[0], 0);
    assert_int_equal(c->loo_max_change_z[1], 1);
    lk_composite_free(c);

    /* One indicator: nothing to leave out */
    in = input(1, v2, dir2);
    assert_int_equal(lk_composite_compute(&c, &in, NULL), LK_OK);
    assert_null(c->loo_rank_score);
    assert_null(c->loo_max_change_z);
    lk_composite_free(c);
}

static void test_ties(void **state)
{
    (void)state;
    /* A = 1, 2, 2, 4 (higher worse): ranks 1, 2.5, 2.5, 4 → ⌈2.5⌉ = 3, ⌈6.25⌉ = 7, 7, ⌈10⌉ = 10.
     * Alone, the index ranks d4 1, then d2 and d3 share 2, d1 4 (competition ranking). */
    const double v[] = { 1, 2, 2, 4 };
    lk_composite_input in = input(1, v, dir2);
    lk_composite *c;
    assert_int_equal(lk_composite_compute(&c, &in, NULL), LK_OK);
    const double want_s[] = { 3, 7, 7, 10 };
    const size_t want_r[] = { 4, 2, 2, 1 };
    for (size_t i = 0; i < 4; i++) {
        NEAR(c->score[i], want_s[i], 1e-15);
        assert_int_equal(c->rank_score[i], want_r[i]);
        assert_int_equal(c->rank_z[i], want_r[i]);
    }
    lk_composite_free(c);
}

static void test_population_weights(void **state)
{
    (void)state;
    /* A = 1, 2, 3, 4 with populations 300, 100, 100, 100: μ = (300 + 200 + 300 + 400)/600 = 2,
     * σ² = (300·1 + 0 + 100·1 + 100·4)/600 = 4/3, σ = 1.1547005:
     * z = −0.8660254, 0, 0.8660254, 1.7320508 */
    const double pop[] = { 300, 100, 100, 100 };
    lk_composite_input in = input(1, v2, dir2);
    lk_composite *c;
    in.population = pop;
    assert_int_equal(lk_composite_compute(&c, &in, NULL), LK_OK);
    const double want[] = { -0.8660254, 0, 0.8660254, 1.7320508 };
    for (size_t i = 0; i < 4; i++)
        NEAR(c->z[i], want[i], 1e-7);
    /* the scores do not depend on the weights */
    NEAR(c->score[0], 3, 1e-15);
    lk_composite_free(c);
}

static void test_missing(void **state)
{
    (void)state;
    /* d2 has no value for B, suppressed with reason "..". */
    const int has[] = { 1, 1, 1, 1, 1, 0, 1, 1 };
    const char *why[] = { "", "", "", "", "", "..", "", "" };
    /* the missing cell holds NaN: it is never read (a read one would be refused as not finite) */
    const double v[] = { 1, 2, 3, 4, 10, NAN, 20, 30 };
    lk_composite_input in = input(2, v, dir2);
    lk_composite *c;
    in.has_value = has;
    in.why = why;
    assert_int_equal(lk_composite_compute(&c, &in, NULL), LK_EDATA);
    assert_string_equal(lk_composite_errmsg(c),
                        "indicator 'B', district 'd2': no value (..) (expected a value in every cell, or partial)");
    assert_null(c->score);
    lk_composite_free(c);

    /* partial: B among d1, d3, d4 (10, 20, 30, higher better): d4 rank 1, d3 2, d1 3 of N = 3
     * → ⌈10/3⌉ = 4, ⌈20/3⌉ = 7, ⌈30/3⌉ = 10: d1 10, d3 7, d4 4; d2 keeps A only.
     * Means: d1 (3+10)/2 = 6.5, d2 5 (one indicator), d3 (8+7)/2 = 7.5, d4 (10+4)/2 = 7
     * → ranks d3 1, d4 2, d1 3, d2 4. */
    lk_composite_opts o = LK_COMPOSITE_OPTS_INIT;
    o.partial = 1;
    assert_int_equal(lk_composite_compute(&c, &in, &o), LK_OK);
    assert_true(isnan(c->score[4 + 1]));
    assert_true(isnan(c->z[4 + 1]));
    NEAR(c->score[4 + 0], 10, 1e-15);
    NEAR(c->score[4 + 2], 7, 1e-15);
    NEAR(c->score[4 + 3], 4, 1e-15);
    const double want_mean[] = { 6.5, 5, 7.5, 7 };
    const size_t want_used[] = { 2, 1, 2, 2 }, want_rank[] = { 3, 4, 1, 2 };
    for (size_t i = 0; i < 4; i++) {
        NEAR(c->mean_score[i], want_mean[i], 1e-15);
        assert_int_equal(c->n_used[i], want_used[i]);
        assert_int_equal(c->rank_score[i], want_rank[i]);
    }
    /* Without A, d2 has nothing left: rank 0, not counted in the change. */
    assert_int_equal(c->loo_rank_score[0 * 4 + 1], 0);
    lk_composite_free(c);
}

static void test_refusals(void **state)
{
    (void)state;
    lk_composite *c;
    /* a value-neutral indicator */
    const int neutral[] = { LK_COMP_HIGHER_WORSE, 0 };
    lk_composite_input in = input(2, v2, neutral);
    assert_int_equal(lk_composite_compute(&c, &in, NULL), LK_EDATA);
    assert_string_equal(lk_composite_errmsg(c), "indicator 'B': direction 0 (expected LK_COMP_HIGHER_WORSE (1) or "
                        "LK_COMP_HIGHER_BETTER (-1); a value-neutral indicator has no place in the index)");
    lk_composite_free(c);

    /* no spread: no z-score */
    const double flat[] = { 2, 2, 2, 2 };
    in = input(1, flat, dir2);
    assert_int_equal(lk_composite_compute(&c, &in, NULL), LK_EDATA);
    assert_string_equal(lk_composite_errmsg(c),
                        "indicator 'A': every district has the same value 2 (expected some spread for a z-score)");
    lk_composite_free(c);

    /* a district without any indicator, even with partial */
    const int has[] = { 1, 0, 1, 1 };
    lk_composite_opts o = LK_COMPOSITE_OPTS_INIT;
    o.partial = 1;
    in = input(1, v2, dir2);
    in.has_value = has;
    assert_int_equal(lk_composite_compute(&c, &in, &o), LK_EDATA);
    assert_string_equal(lk_composite_errmsg(c), "district 'd2' has no value for any indicator (expected at least 1)");
    lk_composite_free(c);

    /* a non-finite value, a bad weight */
    const double inf[] = { 1, INFINITY, 3, 4 };
    in = input(1, inf, dir2);
    assert_int_equal(lk_composite_compute(&c, &in, NULL), LK_EDATA);
    assert_string_equal(lk_composite_errmsg(c), "indicator 'A', district 'd2': value inf (expected a finite number)");
    lk_composite_free(c);
    const double pop[] = { 1, 1, 0, 1 };
    in = input(1, v2, dir2);
    in.population = pop;
    assert_int_equal(lk_composite_compute(&c, &in, NULL), LK_EDATA);
    assert_string_equal(lk_composite_errmsg(c), "district 'd3': population 0 (expected a finite weight > 0)");
    lk_composite_free(c);

    /* arguments */
    in = input(1, v2, dir2);
    in.n_districts = 1;
    assert_int_equal(lk_composite_compute(&c, &in, NULL), LK_EINVAL);
    assert_string_equal(lk_composite_errmsg(c),
                        "1 districts and 1 indicators (expected at least 2 districts and 1 indicator)");
    lk_composite_free(c);
    assert_int_equal(lk_composite_compute(NULL, &in, NULL), LK_EINVAL);
    assert_string_equal(lk_composite_errmsg(NULL), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scores_and_ranks),
        cmocka_unit_test(test_leave_one_out),
        cmocka_unit_test(test_ties),
        cmocka_unit_test(test_population_weights),
        cmocka_unit_test(test_missing),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
