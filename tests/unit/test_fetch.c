/* lib/fetch without the network: the SHA-256 of the cache against FIPS 180-4's vectors, the
 * split under the cell limit, the throttle on a clock the test owns, the wait before a retry,
 * and the JSON-stat join of two parts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fetch/select.h"

static void sha256_vectors(void **state)
{
    (void)state;
    char hex[65];
    /* FIPS 180-4 / NIST examples: "abc", the empty string, and the 56-byte message whose padding
     * takes a second block */
    lk_fetch_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    lk_fetch_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    lk_fetch_sha256_hex(m, strlen(m), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void split_under_limit(void **state)
{
    (void)state;
    size_t a[3], b[8], c[2], chunk[4];
    lk__rvar v[4] = { { a, 3, NULL }, { NULL, 0, NULL }, { b, 8, NULL }, { c, 2, NULL } };
    lk__resolved r = { v, 4 };
    /* 3 x 8 x 2 = 48 cells; limit 10: the largest (8) by 10 / (3 x 2) = 1 -> 8 parts of 6 */
    assert_int_equal(lk__split(&r, 10, chunk, (size_t)-1), 8);
    assert_int_equal(chunk[0], 3);
    assert_int_equal(chunk[1], 1);
    assert_int_equal(chunk[2], 1);
    assert_int_equal(chunk[3], 2);
    /* limit 18: 8 by 18 / 6 = 3 -> ceil(8 / 3) = 3 parts of at most 18 */
    assert_int_equal(lk__split(&r, 18, chunk, (size_t)-1), 3);
    assert_int_equal(chunk[2], 3);
    /* limit 4: 8 -> 4 / 6 = 0 -> 1; then 3 x 1 x 2 = 6 > 4: 3 -> 4 / 2 = 2; 2 x 1 x 2 = 4:
     * parts ceil(3/2) x 8 x 1 = 16 */
    assert_int_equal(lk__split(&r, 4, chunk, (size_t)-1), 16);
    assert_int_equal(chunk[0], 2);
    /* the measure kept whole (CSV): variable 3 never split */
    assert_int_equal(lk__split(&r, 2, chunk, 3), 24);
    assert_int_equal(chunk[3], 2);
    /* under the limit: one part */
    assert_int_equal(lk__split(&r, 48, chunk, (size_t)-1), 1);
}

typedef struct fake { double t, slept; int sleeps; } fake;
static double fake_now(void *ctx) { return ((fake *)ctx)->t; }
static void fake_sleep(void *ctx, double s)
{
    fake *f = ctx;
    f->t += s;
    f->slept += s;
    f->sleeps++;
}

static void throttle_window(void **state)
{
    (void)state;
    fake clk = { 100.0, 0, 0 };
    lk_fetch_opts o = LK_FETCH_OPTS_INIT;
    o.cache_dir = "/nonexistent";
    o.max_calls = 3;
    o.window_s = 60;
    o.now = fake_now;
    o.sleep = fake_sleep;
    o.clock_ctx = &clk;
    lk_fetch *f;
    assert_int_equal(lk_fetch_new(&f, &o), LK_OK);
    /* calls at 100, 101, 102 go at once; the 4th waits for the window of the 1st: 160 */
    for (int i = 0; i < 3; i++) {
        lk__throttle_wait(f);
        lk__throttle_note(f);
        clk.t += 1;
    }
    assert_int_equal(clk.sleeps, 0);
    lk__throttle_wait(f); /* at 103: sleeps 57 s */
    assert_true(clk.slept > 56.999 && clk.slept < 57.001);
    lk__throttle_note(f);  /* at 160 */
    /* the 5th: the oldest of the last 3 is 101, so until 161 */
    lk__throttle_wait(f);
    assert_true(clk.t > 160.999 && clk.t < 161.001);
    /* the gateway says none left: a whole window from the latest call */
    lk__throttle_note(f);  /* at 161 */
    f->remaining = 0;
    double before = clk.t;
    clk.t += 10;
    lk__throttle_wait(f);
    assert_true(clk.t > before + 59.999 && clk.t < before + 60.001);
    /* retry waits: Retry-After seconds, the doubling backoff, too long */
    assert_true(lk__retry_wait(f, "2", 1) == 2.0);
    assert_true(lk__retry_wait(f, "", 1) == 1.0);
    assert_true(lk__retry_wait(f, "", 3) == 4.0);
    assert_true(lk__retry_wait(f, "3600", 1) < 0); /* above max_wait_s (300) */
    lk_fetch_free(f);
}

static void join_two_parts(void **state)
{
    (void)state;
    lk_fetch_opts o = LK_FETCH_OPTS_INIT;
    o.cache_dir = "/nonexistent";
    lk_fetch *f;
    assert_int_equal(lk_fetch_new(&f, &o), LK_OK);
    /* a 2 x 2 cube (R: A, B; T: 1, 2) split on R; part 2 has a status on its 2nd cell */
    const char *p1 = "{\"id\":[\"R\",\"T\"],\"size\":[1,2],\"dimension\":{\"R\":{\"category\":{\"index\":{\"A\":0},"
                     "\"label\":{\"A\":\"a\"}}},\"T\":{\"category\":{\"index\":[\"1\",\"2\"]}}},\"value\":[1,2]}";
    const char *p2 = "{\"id\":[\"R\",\"T\"],\"size\":[1,2],\"dimension\":{\"R\":{\"category\":{\"index\":{\"B\":0},"
                     "\"label\":{\"B\":\"b\"}}},\"T\":{\"category\":{\"index\":[\"1\",\"2\"]}}},\"value\":[3,null],"
                     "\"status\":{\"1\":\"..\"}}";
    lk__buf parts[2] = { { (char *)p1, strlen(p1), 0 }, { (char *)p2, strlen(p2), 0 } }, out = { 0 };
    assert_int_equal(lk__join_jsonstat(f, "test", parts, 2, &out), LK_OK);
    json_t *j = json_loads(out.p, 0, NULL);
    assert_non_null(j);
    /* row-major, T fastest: A1 A2 B1 B2 = 1 2 3 null; the status moves to flat index 3 */
    assert_int_equal(json_integer_value(json_array_get(json_object_get(j, "value"), 2)), 3);
    assert_true(json_is_null(json_array_get(json_object_get(j, "value"), 3)));
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "status"), "3")), "..");
    assert_int_equal(json_integer_value(json_array_get(json_object_get(j, "size"), 0)), 2);
    json_decref(j);
    lk__buf_free(&out);
    lk_fetch_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sha256_vectors),
        cmocka_unit_test(split_under_limit),
        cmocka_unit_test(throttle_window),
        cmocka_unit_test(join_two_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
