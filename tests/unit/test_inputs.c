/* Checks across input files: the same export given twice (lk_same_export) and the same
 * observation in two files (lk_obsset). Files are written here; expected pairs, counts and
 * messages are stated literally. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "levekar.h"
#include "common/obs_identity.h" /* to act as a reader delivering an observation */

static char dir[64];

static const char *in_dir(const char *name)
{
    static char paths[8][128];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, 128, "%s/%s", dir, name);
    return p;
}

static void write_file(const char *name, const char *bytes, size_t len)
{
    FILE *f = fopen(in_dir(name), "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/lk_inputs_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Returns "later<-earlier" for a pair, "-" for none. */
static const char *pair(const char *const *paths, size_t n)
{
    static char text[32];
    size_t a = 99, b = 99;
    int rc = lk_same_export(paths, n, &a, &b);
    if (rc == LK_OK) return "-";
    if (rc != LK_EDATA) return "error";
    snprintf(text, sizeof text, "%zu<-%zu", b, a);
    return text;
}

static void test_same_export(void **state)
{
    (void)state;
    write_file("a.csv", "region;2024\n3301;5\n", 19);
    write_file("b.csv", "region;2024\n3301;6\n", 19);  /* same size, other bytes */
    write_file("c.csv", "region;2024\n3301;5\n", 19);  /* a copy of a */
    write_file("d.csv", "region;2024\n3301;55\n", 20); /* another size */
    write_file("e1.csv", "", 0);
    write_file("e2.csv", "", 0);
    char a[128], b[128], c[128], d[128], e1[128], e2[128], dot[160], sym[128], hard[128], missing[128];
    strcpy(a, in_dir("a.csv"));
    strcpy(b, in_dir("b.csv"));
    strcpy(c, in_dir("c.csv"));
    strcpy(d, in_dir("d.csv"));
    strcpy(e1, in_dir("e1.csv"));
    strcpy(e2, in_dir("e2.csv"));
    snprintf(dot, sizeof dot, "%s/./a.csv", dir);
    strcpy(sym, in_dir("sym.csv"));
    strcpy(hard, in_dir("hard.csv"));
    strcpy(missing, in_dir("missing.csv"));
    assert_int_equal(symlink(a, sym), 0);
    assert_int_equal(link(a, hard), 0);

    assert_string_equal(pair((const char *[]){ a, b, d }, 3), "-");
    assert_string_equal(pair((const char *[]){ a, a }, 2), "1<-0");
    assert_string_equal(pair((const char *[]){ a, dot }, 2), "1<-0");
    assert_string_equal(pair((const char *[]){ sym, b }, 2), "-");
    assert_string_equal(pair((const char *[]){ b, sym, a }, 3), "2<-1");
    assert_string_equal(pair((const char *[]){ hard, a }, 2), "1<-0");
    assert_string_equal(pair((const char *[]){ a, c }, 2), "1<-0");
    /* the first later path that repeats one, and the first it repeats */
    assert_string_equal(pair((const char *[]){ b, a, d, c, a }, 5), "3<-1");
    assert_string_equal(pair((const char *[]){ d, b, a, d, b }, 5), "3<-0");
    /* empty files are each their own error, not copies of each other */
    assert_string_equal(pair((const char *[]){ e1, e2 }, 2), "-");
    assert_string_equal(pair((const char *[]){ e1, e1 }, 2), "1<-0");
    /* a path that cannot be looked at is left to the reader */
    assert_string_equal(pair((const char *[]){ missing, missing, a }, 3), "-");

    /* one file alone, or none: nothing to compare (and the file is not even looked at) */
    size_t x, y;
    assert_int_equal(lk_same_export((const char *[]){ missing }, 1, &x, &y), LK_OK);
    assert_int_equal(lk_same_export(NULL, 0, &x, &y), LK_OK);
    assert_int_equal(lk_same_export((const char *[]){ a, b }, 2, NULL, &y), LK_EINVAL);
}

/* Two files of 200,000 bytes that differ only in their last byte, past the first chunk read. */
static void test_same_export_long(void **state)
{
    (void)state;
    size_t n = 200000;
    char *bytes = malloc(n);
    assert_non_null(bytes);
    for (size_t i = 0; i < n; i++) bytes[i] = (char)('a' + i % 26);
    write_file("long1.csv", bytes, n);
    bytes[n - 1] = '!';
    write_file("long2.csv", bytes, n);
    write_file("long3.csv", bytes, n);
    free(bytes);
    char p1[128], p2[128], p3[128];
    strcpy(p1, in_dir("long1.csv"));
    strcpy(p2, in_dir("long2.csv"));
    strcpy(p3, in_dir("long3.csv"));
    assert_string_equal(pair((const char *[]){ p1, p2 }, 2), "-");
    assert_string_equal(pair((const char *[]){ p1, p2, p3 }, 3), "2<-1");
}

/* ------------------------------------------------------------------ observations */

static lk_obs obs(const char *table, const char *region, const char *period, const char *measure,
                  const lk_dim *dims, size_t n_dims, unsigned long line)
{
    lk_obs o;
    memset(&o, 0, sizeof o);
    o.table = table;
    o.region = region;
    o.region_name = "";
    o.period = period;
    o.measure = measure;
    o.dims = dims;
    o.n_dims = n_dims;
    o.line = line;
    o.status = "";
    return o;
}

static void test_obsset_across_files(void **state)
{
    (void)state;
    lk_obsset *s;
    assert_int_equal(lk_obsset_new(&s), LK_OK);
    lk_dim age[] = { { "alder", "15-74 år" } };
    lk_obs o = obs("10539", "3301", "2024", "Registrerte arbeidsledige", age, 1, 12);
    assert_int_equal(lk_obsset_add(s, &o), LK_EINVAL); /* no file yet */
    assert_int_equal(lk_obsset_file(s, "a.csv"), LK_OK);
    assert_int_equal(lk_obsset_add(s, &o), LK_OK);
    o.period = "2023";
    o.line = 13;
    assert_int_equal(lk_obsset_add(s, &o), LK_OK);
    /* the same observation again in the same file is the reader's business (split parts) */
    assert_int_equal(lk_obsset_add(s, &o), LK_OK);
    assert_int_equal(lk_obsset_count(s), 2);

    assert_int_equal(lk_obsset_file(s, "b.csv"), LK_OK);
    lk_obs p = obs("10539", "3301", "2022", "Registrerte arbeidsledige", age, 1, 6);
    assert_int_equal(lk_obsset_add(s, &p), LK_OK);  /* another period */
    p.period = "2024";
    p.region = "3312";
    assert_int_equal(lk_obsset_add(s, &p), LK_OK);  /* another region */
    p.region = "3301";
    p.measure = "Registrerte helt ledige";
    assert_int_equal(lk_obsset_add(s, &p), LK_OK);  /* another measure */
    p.measure = "Registrerte arbeidsledige";
    lk_dim young[] = { { "alder", "15-24 år" } };
    p.dims = young;
    assert_int_equal(lk_obsset_add(s, &p), LK_OK);  /* another category */
    p.dims = age;
    p.table = "10540";
    assert_int_equal(lk_obsset_add(s, &p), LK_OK);  /* another table */
    p.table = "10539";
    p.has_value = 0;                                  /* missing in one file: still given twice */
    p.line = 7;
    assert_int_equal(lk_obsset_add(s, &p), LK_EDATA);
    assert_string_equal(lk_obsset_errmsg(s),
                        "the same observation as a.csv:12 (table 10539, region 3301, period 2024, measure "
                        "Registrerte arbeidsledige, alder=15-74 år) (expected each observation once)");
    assert_int_equal(lk_obsset_count(s), 7);           /* the refused one is not kept */
    lk_obsset_free(s);
    lk_obsset_free(NULL);
}

/* A file without a table id may be an export of any table: it meets every table. */
static void test_obsset_no_table_id(void **state)
{
    (void)state;
    lk_obsset *s;
    assert_int_equal(lk_obsset_new(&s), LK_OK);
    lk_obs o = obs("07459", "3301", "2024", "Personer", NULL, 0, 4);
    assert_int_equal(lk_obsset_file(s, "a.csv"), LK_OK);
    assert_int_equal(lk_obsset_add(s, &o), LK_OK);
    assert_int_equal(lk_obsset_file(s, "b.csv"), LK_OK);
    o.table = "03027";
    assert_int_equal(lk_obsset_add(s, &o), LK_OK);
    assert_int_equal(lk_obsset_file(s, "resaved.csv"), LK_OK);
    o.table = "";
    o.line = 2;
    assert_int_equal(lk_obsset_add(s, &o), LK_EDATA);
    assert_string_equal(lk_obsset_errmsg(s), "the same observation as a.csv:4 (table 07459, region 3301, period "
                                             "2024, measure Personer) (expected each observation once)");
    /* and the other way round: an id-less file first */
    o.region = "3312";
    assert_int_equal(lk_obsset_add(s, &o), LK_OK);
    assert_int_equal(lk_obsset_file(s, "c.csv"), LK_OK);
    o.table = "11111";
    o.line = 9;
    assert_int_equal(lk_obsset_add(s, &o), LK_EDATA);
    assert_string_equal(lk_obsset_errmsg(s), "the same observation as resaved.csv:2 (table 11111, region 3312, "
                                             "period 2024, measure Personer) (expected each observation once)");
    lk_obsset_free(s);
}

/* Categories in another column order are the same categories; a region given only by name is
 * compared by name (the tools resolve names to codes first). */
static void test_obsset_dims_and_names(void **state)
{
    (void)state;
    lk_obsset *s;
    assert_int_equal(lk_obsset_new(&s), LK_OK);
    lk_dim ks[] = { { "kjønn", "Kvinner" }, { "alder", "0-4 år" } };
    lk_dim sk[] = { { "alder", "0-4 år" }, { "kjønn", "Kvinner" } };
    lk_dim menn[] = { { "alder", "0-4 år" }, { "kjønn", "Menn" } };
    lk_obs o = obs("", "", "2020", "", ks, 2, 3);
    o.region_name = "Drammen";
    assert_int_equal(lk_obsset_file(s, "fhi.csv"), LK_OK);
    assert_int_equal(lk_obsset_add(s, &o), LK_OK);
    assert_int_equal(lk_obsset_file(s, "ssb.csv"), LK_OK);
    lk_obs p = obs("", "3301", "2020", "", sk, 2, 5);
    p.region_name = "Drammen";
    assert_int_equal(lk_obsset_add(s, &p), LK_OK); /* a code is not a name */
    p.dims = menn;
    p.region = "";
    assert_int_equal(lk_obsset_add(s, &p), LK_OK); /* other categories */
    p.dims = sk;
    p.line = 8;
    assert_int_equal(lk_obsset_add(s, &p), LK_EDATA);
    assert_string_equal(lk_obsset_errmsg(s), "the same observation as fhi.csv:3 (region Drammen, period 2020, "
                                             "alder=0-4 år, kjønn=Kvinner) (expected each observation once)");
    lk_obsset_free(s);
}

/* The pointer memos: one buffer holding other codes (a program's observation, identity 0) and a
 * reader's labels (an observation being delivered, identity set) are each taken for what they
 * hold. */
static void test_obsset_pointers(void **state)
{
    (void)state;
    lk_obsset *s;
    assert_int_equal(lk_obsset_new(&s), LK_OK);
    char code[8], period[8], measure[16];
    lk_obs o = obs("", code, period, measure, NULL, 0, 1);
    assert_int_equal(lk_obsset_file(s, "a.csv"), LK_OK);
    strcpy(measure, "Personer");
    strcpy(period, "2024");
    for (int i = 0; i < 50; i++) {
        snprintf(code, sizeof code, "%04d", 3300 + i);
        o.line = (unsigned long)i + 2;
        assert_int_equal(lk_obsset_add(s, &o), LK_OK);
    }
    assert_int_equal(lk_obsset_count(s), 50);
    /* a second file whose labels are interned per reader: source set, pointers stable */
    assert_int_equal(lk_obsset_file(s, "b.csv"), LK_OK);
    lk_obs p = obs("", "3399", "2024", "Personer", NULL, 0, 2);
    lk__delivering.obs = &p; /* as a reader records it while its callback runs */
    lk__delivering.source = 42;
    assert_int_equal(lk_obsset_add(s, &p), LK_OK);
    p.region = "3310";
    p.line = 3;
    assert_int_equal(lk_obsset_add(s, &p), LK_EDATA);
    lk__delivering.obs = NULL;
    lk__delivering.source = 0;
    assert_string_equal(lk_obsset_errmsg(s), "the same observation as a.csv:12 (region 3310, period 2024, measure "
                                             "Personer) (expected each observation once)");
    lk_obsset_free(s);
}

/* A file read in two parts: each part in its own set, merged with the part's first line. */
static void test_obsset_merge(void **state)
{
    (void)state;
    lk_obsset *s, *part1, *part2;
    assert_int_equal(lk_obsset_new(&s), LK_OK);
    assert_int_equal(lk_obsset_new(&part1), LK_OK);
    assert_int_equal(lk_obsset_new(&part2), LK_OK);
    lk_dim age[] = { { "alder", "15-74 år" } };
    assert_int_equal(lk_obsset_file(s, "a.csv"), LK_OK);
    for (int y = 2011; y <= 2019; y++) {
        char period[8];
        snprintf(period, sizeof period, "%d", y);
        lk_obs o = obs("10539", "3301", period, "Registrerte arbeidsledige", age, 1, (unsigned long)(y - 2000));
        assert_int_equal(lk_obsset_add(s, &o), LK_OK);
    }
    /* b.csv: 2020-2024 in the first part; in the second part (lines counted from its start)
     * 2024 once more (the first part's, not a conflict) and, on lines 9 and 7, 2015 and 2012 */
    assert_int_equal(lk_obsset_file(part1, "b.csv"), LK_OK);
    assert_int_equal(lk_obsset_file(part2, "b.csv"), LK_OK);
    for (int y = 2020; y <= 2024; y++) {
        char period[8];
        snprintf(period, sizeof period, "%d", y);
        lk_obs o = obs("10539", "3301", period, "Registrerte arbeidsledige", age, 1, (unsigned long)(y - 2018));
        assert_int_equal(lk_obsset_add(part1, &o), LK_OK);
    }
    lk_obs o = obs("10539", "3301", "2024", "Registrerte arbeidsledige", age, 1, 1);
    assert_int_equal(lk_obsset_add(part2, &o), LK_OK);
    assert_int_equal(lk_obsset_merge(s, part1, 0), LK_OK);
    assert_int_equal(lk_obsset_merge(s, part2, 1000), LK_OK); /* the halves of one file */
    assert_int_equal(lk_obsset_count(s), 14);
    o.period = "2015";
    o.line = 9;
    assert_int_equal(lk_obsset_add(part2, &o), LK_OK);
    o.period = "2012";
    o.line = 7;
    assert_int_equal(lk_obsset_add(part2, &o), LK_OK);
    assert_int_equal(lk_obsset_merge(s, part2, 1000), LK_EDATA);
    assert_string_equal(lk_obsset_errmsg(s), "b.csv:1007: the same observation as a.csv:12 (table 10539, region "
                                             "3301, period 2012, measure Registrerte arbeidsledige, alder=15-74 år) "
                                             "(expected each observation once)");
    assert_int_equal(lk_obsset_merge(s, s, 0), LK_EINVAL);
    lk_obsset_free(part1);
    lk_obsset_free(part2);
    lk_obsset_free(s);
}

/* Many observations (the table grows several times) and the limit of periods. */
static void test_obsset_many(void **state)
{
    (void)state;
    lk_obsset *s;
    assert_int_equal(lk_obsset_new(&s), LK_OK);
    char region[16], period[16];
    lk_obs o = obs("", region, period, "Personer", NULL, 0, 0);
    const char *files[] = { "a.csv", "b.csv" };
    for (int f = 0; f < 2; f++) {
        assert_int_equal(lk_obsset_file(s, files[f]), LK_OK);
        for (int i = 0; i < 100000; i++) {
            snprintf(region, sizeof region, "%d", f * 1000 + i % 1000);
            snprintf(period, sizeof period, "%d", 1900 + i / 1000);
            o.line = (unsigned long)i + 2;
            assert_int_equal(lk_obsset_add(s, &o), LK_OK);
        }
    }
    assert_int_equal(lk_obsset_count(s), 200000);
    assert_int_equal(lk_obsset_file(s, "c.csv"), LK_OK);
    snprintf(region, sizeof region, "1999");
    snprintf(period, sizeof period, "1999");
    o.line = 5;
    assert_int_equal(lk_obsset_add(s, &o), LK_EDATA);
    assert_string_equal(lk_obsset_errmsg(s), "the same observation as b.csv:100001 (region 1999, period 1999, "
                                             "measure Personer) (expected each observation once)");
    int rc = LK_OK;
    for (int i = 0; i < 300000 && rc == LK_OK; i++) {
        snprintf(period, sizeof period, "p%d", i);
        rc = lk_obsset_add(s, &o);
    }
    assert_int_equal(rc, LK_ELIMIT); /* 100 periods above, then the 262,044th new one */
    assert_string_equal(lk_obsset_errmsg(s), "more than 262143 periods across the input files (expected fewer)");
    lk_obsset_free(s);
}

/* With the reader: K-3005 and 3005 are one region, and the line is the file's line. */
static int feed(const lk_obs *o, void *payload)
{
    return lk_obsset_add(payload, o) == LK_OK ? 0 : 1;
}

static void test_obsset_with_reader(void **state)
{
    (void)state;
    static const char a[] = "\"region\";\"\xE5r\";\"Personer\"\r\n\"K-3005 Drammen\";\"2019\";101386\r\n";
    static const char b[] = "\"region\";\"\xE5r\";\"Personer\"\r\n\"3301 Drammen\";\"2019\";1\r\n"
                            "\"3005 Drammen\";\"2019\";101386\r\n";
    lk_obsset *s;
    lk_reader *r;
    assert_int_equal(lk_obsset_new(&s), LK_OK);
    assert_int_equal(lk_obsset_file(s, "a.csv"), LK_OK);
    assert_int_equal(lk_reader_open_memory(&r, "a.csv", a, sizeof a - 1, NULL), LK_OK);
    assert_int_equal(lk_reader_run(r, feed, s), LK_OK);
    lk_reader_free(r);
    assert_int_equal(lk_obsset_file(s, "b.csv"), LK_OK);
    assert_int_equal(lk_reader_open_memory(&r, "b.csv", b, sizeof b - 1, NULL), LK_OK);
    assert_int_equal(lk_reader_run(r, feed, s), LK_EUSER);
    assert_string_equal(lk_obsset_errmsg(s), "the same observation as a.csv:2 (region 3005, period 2019, measure "
                                             "Personer) (expected each observation once)");
    lk_reader_free(r);
    lk_obsset_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_export),
        cmocka_unit_test(test_same_export_long),
        cmocka_unit_test(test_obsset_across_files),
        cmocka_unit_test(test_obsset_no_table_id),
        cmocka_unit_test(test_obsset_dims_and_names),
        cmocka_unit_test(test_obsset_pointers),
        cmocka_unit_test(test_obsset_merge),
        cmocka_unit_test(test_obsset_many),
        cmocka_unit_test(test_obsset_with_reader),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
