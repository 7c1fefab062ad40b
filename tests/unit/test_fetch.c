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
    /* calls at 100, 101, 102 go at once; the 4th waits for the window of the 1st and the margin
     * of a quarter second (a call reaches the gateway a network delay after it starts): 160.25 */
    for (int i = 0; i < 3; i++) {
        lk__throttle_wait(f);
        lk__throttle_note(f);
        clk.t += 1;
    }
    assert_int_equal(clk.sleeps, 0);
    lk__throttle_wait(f); /* at 103: sleeps 57.25 s */
    assert_true(clk.slept > 57.249 && clk.slept < 57.251);
    lk__throttle_note(f);  /* at 160.25 */
    /* the 5th: the oldest of the last 3 is 101, so until 161.25 */
    lk__throttle_wait(f);
    assert_true(clk.t > 161.249 && clk.t < 161.251);
    /* the gateway says none left: a whole window (and the margin) from the latest call */
    lk__throttle_note(f);  /* at 161.25 */
    f->remaining = 0;
    double before = clk.t;
    clk.t += 10;
    lk__throttle_wait(f);
    assert_true(clk.t > before + 60.249 && clk.t < before + 60.251);
    /* retry waits: Retry-After seconds, the doubling backoff, too long */
    assert_true(lk__retry_wait(f, "2", 1) == 2.0);
    assert_true(lk__retry_wait(f, "", 1) == 1.0);
    assert_true(lk__retry_wait(f, "", 3) == 4.0);
    assert_true(lk__retry_wait(f, "3600", 1) < 0); /* above max_wait_s (300) */
    assert_true(lk__retry_wait(f, "Wed, 21 Oct 2015 07:28:00 GMT", 1) == 0.0); /* an HTTP date passed: at once */
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

/* A made-up table: Region (A "Oslo", B "Bergen", C "Oslo" twice a text, D whose text is B's
 * code), Tid (2019 ... 2022, the time), both mandatory but Region. */
static const lk_fetch_value regions[] = { { "A", "Oslo" }, { "B", "Bergen" }, { "C", "Oslo" }, { "D", "B" } };
static const lk_fetch_value years[] = { { "2019", "2019" }, { "2020", "2020" }, { "2021", "2021" }, { "2022", "2022" } };
static const lk_fetch_var vars[] = {
    { "Region", "region", 1, LK_FETCH_ROLE_GEO, regions, 4 },
    { "Tid", "år", 0, LK_FETCH_ROLE_TIME, years, 4 },
};
static const lk_fetch_meta meta = { "T1", "T1: test", "", vars, 2 };

/* The positions one selection of Tid (and Region "A") resolves to, as "0,1,..", or the error. */
static const char *resolve_tid(lk_fetch *f, const char *var, const char *item, char *buf, size_t cap)
{
    const char *a[] = { "A" }, *t[] = { item };
    lk_fetch_sel sel[2] = { { "Region", a, 1, NULL }, { var, t, 1, NULL } };
    lk__resolved r;
    if (lk__resolve(f, &meta, sel, 2, &r) != LK_OK) return lk_fetch_errmsg(f);
    size_t at = 0;
    buf[0] = '\0';
    size_t vi = strcmp(var, "Region") == 0 || strcmp(var, "region") == 0 ? 0 : 1;
    for (size_t k = 0; k < r.vars[vi].n; k++)
        at += (size_t)snprintf(buf + at, cap - at, "%s%zu", k ? "," : "", r.vars[vi].idx[k]);
    lk__resolved_free(&r);
    return buf;
}

static void resolve_selections(void **state)
{
    (void)state;
    lk_fetch_opts o = LK_FETCH_OPTS_INIT;
    o.cache_dir = "/nonexistent";
    lk_fetch *f;
    char buf[256];
    assert_int_equal(lk_fetch_new(&f, &o), LK_OK);
    /* the API's expressions (PxWebApi's rules): top of a time variable = the newest */
    assert_string_equal(resolve_tid(f, "Tid", "top(2)", buf, sizeof buf), "2,3");
    assert_string_equal(resolve_tid(f, "Tid", "top(2,1)", buf, sizeof buf), "1,2");
    assert_string_equal(resolve_tid(f, "Tid", "bottom(1)", buf, sizeof buf), "0");
    assert_string_equal(resolve_tid(f, "Tid", "from(2021)", buf, sizeof buf), "2,3");
    assert_string_equal(resolve_tid(f, "Tid", "to(2020)", buf, sizeof buf), "0,1");
    assert_string_equal(resolve_tid(f, "Tid", "range(2020,2021)", buf, sizeof buf), "1,2");
    assert_string_equal(resolve_tid(f, "Tid", "202?", buf, sizeof buf), "1,2,3");
    assert_string_equal(resolve_tid(f, "Tid", "*1", buf, sizeof buf), "2");
    assert_string_equal(resolve_tid(f, "år", "*", buf, sizeof buf), "0,1,2,3"); /* the variable by its text */
    /* top of another variable: the first; bottom: the last */
    const char *top1[] = { "top(1)" }, *bot1[] = { "bottom(1)" }, *y20[] = { "2020" };
    lk_fetch_sel ts[2] = { { "Region", top1, 1, NULL }, { "Tid", y20, 1, NULL } };
    lk__resolved tr;
    assert_int_equal(lk__resolve(f, &meta, ts, 2, &tr), LK_OK);
    assert_int_equal(tr.vars[0].n, 1);
    assert_int_equal(tr.vars[0].idx[0], 0);
    lk__resolved_free(&tr);
    ts[0].values = bot1;
    assert_int_equal(lk__resolve(f, &meta, ts, 2, &tr), LK_OK);
    assert_int_equal(tr.vars[0].idx[0], 3);
    lk__resolved_free(&tr);
    /* a variable given twice */
    assert_string_equal(resolve_tid(f, "Region", "B", buf, sizeof buf),
                        "table T1: Region is selected twice (expected one --select per variable)");
    /* texts: Bergen is B; Oslo is A and C (ambiguous); B is B's code and D's text */
    const char *one[] = { "Bergen" }, *two[] = { "Oslo" }, *clash[] = { "B" }, *y[] = { "2020" };
    lk_fetch_sel sel[2] = { { "Region", one, 1, NULL }, { "Tid", y, 1, NULL } };
    lk__resolved r;
    assert_int_equal(lk__resolve(f, &meta, sel, 2, &r), LK_OK);
    assert_int_equal(r.vars[0].n, 1);
    assert_int_equal(r.vars[0].idx[0], 1);
    lk__resolved_free(&r);
    sel[0].values = two;
    assert_int_equal(lk__resolve(f, &meta, sel, 2, &r), LK_EDATA);
    assert_string_equal(lk_fetch_errmsg(f), "table T1: Region: 'Oslo' is the text of several values: A, C (expected one; give the code)");
    assert_int_equal(lk_fetch_failure(f), LK_FETCH_FAIL_QUERY);
    sel[0].values = clash;
    assert_int_equal(lk__resolve(f, &meta, sel, 2, &r), LK_EDATA);
    assert_string_equal(lk_fetch_errmsg(f), "table T1: Region: 'B' is the code of Bergen and the text of D (expected one; give the code)");
    /* Tid is mandatory; Region may be left out (eliminated: no positions) */
    assert_int_equal(lk__resolve(f, &meta, sel, 0, &r), LK_EDATA);
    assert_string_equal(lk_fetch_errmsg(f), "table T1: Tid (år) must be selected (expected --select Tid=CODES; the API refuses a query without it)");
    assert_int_equal(lk__resolve(f, &meta, sel + 1, 1, &r), LK_OK);
    assert_null(r.vars[0].idx);
    lk__resolved_free(&r);
    lk_fetch_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sha256_vectors),
        cmocka_unit_test(split_under_limit),
        cmocka_unit_test(throttle_window),
        cmocka_unit_test(join_two_parts),
        cmocka_unit_test(resolve_selections),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
