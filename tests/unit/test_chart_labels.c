/* Point labels that do not overlap (lib/report/chart_labels.c). Expected sides worked out by hand
 * on a plot 100 by 100 units, a character 1 unit wide and a line 2 high: a label of 10 characters
 * to the right of a point at (50, 50) takes x 50.6..60.6 and y 49..51 (a gap of 0.6 characters),
 * above it x 45..55 and y 50.6..52.6; a point's dot takes 0.5 characters around it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "report/chart_labels.h"

static size_t place(const lk__label *l, size_t n, lk__label_side *side)
{
    const lk__label_geometry g = { 100, 100, 1, 2, 0.6, 0.5 };
    return lk__chart_place_labels(l, n, &g, side);
}

/* Apart: each to the right of its point. */
static void test_apart(void **state)
{
    (void)state;
    lk__label l[2] = { { 0.2, 0.2, 10, 0 }, { 0.6, 0.8, 10, 0 } };
    lk__label_side side[2];
    assert_int_equal(place(l, 2, side), 0);
    assert_int_equal(side[0], LK__LABEL_RIGHT);
    assert_int_equal(side[1], LK__LABEL_RIGHT);
}

/* Three at one place: the one marked first takes the right, the next the left (50 - 0.6 - 10 =
 * 39.4..49.4 clears the dots at 49.5), and the third has no side: above (y 50.6..52.6) and below
 * (47.4..49.4) both cut the first's label (y 49..51), so it is left out and counted. */
static void test_same_place(void **state)
{
    (void)state;
    lk__label l[3] = { { 0.5, 0.5, 10, 0 }, { 0.5, 0.5, 10, 1 }, { 0.5, 0.5, 10, 0 } };
    lk__label_side side[3];
    assert_int_equal(place(l, 3, side), 1);
    assert_int_equal(side[1], LK__LABEL_RIGHT);
    assert_int_equal(side[0], LK__LABEL_LEFT);
    assert_int_equal(side[2], LK__LABEL_NONE);
}

/* A neighbour's dot: A's right label (50.6..60.6) would cover B's dot at 56 (55.5..56.5), so A's
 * name goes left; B's right (56.6..66.6) is free. */
static void test_dot_in_the_way(void **state)
{
    (void)state;
    lk__label l[2] = { { 0.5, 0.5, 10, 0 }, { 0.56, 0.5, 10, 0 } };
    lk__label_side side[2];
    assert_int_equal(place(l, 2, side), 0);
    assert_int_equal(side[0], LK__LABEL_LEFT);
    assert_int_equal(side[1], LK__LABEL_RIGHT);
}

/* At the right edge (95.6..105.6 leaves the plot) the name goes left; a point outside the plot
 * is not drawn, so its name is neither placed nor counted as left out. */
static void test_edges(void **state)
{
    (void)state;
    lk__label l[2] = { { 0.95, 0.5, 10, 0 }, { -1, 0.5, 10, 0 } };
    lk__label_side side[2];
    assert_int_equal(place(l, 2, side), 0);
    assert_int_equal(side[0], LK__LABEL_LEFT);
    assert_int_equal(side[1], LK__LABEL_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_apart),
        cmocka_unit_test(test_same_place),
        cmocka_unit_test(test_dot_in_the_way),
        cmocka_unit_test(test_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
