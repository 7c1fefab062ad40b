/* Conformance with real exports: every observation listed in ../shared/corpus/expected.csv is
 * produced, and each file gives the observation count its README states. Runs where ../shared
 * exists; skipped (exit 77) elsewhere. expected.csv is parsed with libcsv, independently of the
 * reader under test. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <csv.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fixture.h"

#ifndef LK_SHARED_DIR
#define LK_SHARED_DIR "../shared"
#endif

typedef struct row { char *f[8]; size_t n; } row;
typedef struct rows { row *v; size_t n, cap; row cur; } rows;

static void on_field(void *s, size_t len, void *data)
{
    rows *r = data;
    if (r->cur.n < 8) {
        char *c = malloc(len + 1);
        memcpy(c, s ? s : "", len);
        c[len] = '\0';
        r->cur.f[r->cur.n++] = c;
    }
}

static void on_row(int term, void *data)
{
    (void)term;
    rows *r = data;
    if (r->n == r->cap) r->v = realloc(r->v, (r->cap = r->cap ? 2 * r->cap : 32) * sizeof *r->v);
    r->v[r->n++] = r->cur;
    memset(&r->cur, 0, sizeof r->cur);
}

/* Observations of one file, kept as strings for matching. */
typedef struct obs_rec { char *region, *period, *measure, *dims, *status; int has; double value; char unit[24], code[24]; } obs_rec;
typedef struct obs_list { obs_rec *v; size_t n, cap; } obs_list;

static char *dup(const char *s)
{
    char *c = malloc(strlen(s) + 1);
    strcpy(c, s);
    return c;
}

static int collect(const lk_obs *o, void *payload)
{
    obs_list *l = payload;
    if (l->n == l->cap) l->v = realloc(l->v, (l->cap = l->cap ? 2 * l->cap : 64) * sizeof *l->v);
    obs_rec *r = &l->v[l->n++];
    char dims[1024] = "";
    for (size_t i = 0; i < o->n_dims; i++) {
        strcat(dims, i ? "; " : "");
        strncat(dims, o->dims[i].name, 200);
        strcat(dims, "=");
        strncat(dims, o->dims[i].value, 200);
    }
    r->region = dup(o->region);
    r->period = dup(o->period);
    r->measure = dup(o->measure);
    r->dims = dup(dims);
    r->status = dup(o->status);
    r->has = o->has_value;
    r->value = o->value;
    snprintf(r->unit, sizeof r->unit, "%s", o->unit ? o->unit : "");
    snprintf(r->code, sizeof r->code, "%s", o->measure_code ? o->measure_code : "");
    return 0;
}

static size_t read_file(const char *name, obs_list *l)
{
    char path[512];
    snprintf(path, sizeof path, "%s/corpus/%s", LK_SHARED_DIR, name);
    lk_reader *r;
    int rc = lk_reader_open_ex(&r, path, NULL);
    if (rc == LK_OK) rc = lk_reader_run(r, collect, l);
    if (rc != LK_OK) fprintf(stderr, "%s\n", lk_reader_errmsg(r));
    assert_int_equal(rc, LK_OK);
    lk_reader_free(r);
    return l->n;
}

static void test_expected_observations(void **state)
{
    (void)state;
    size_t len;
    char *text = fx_slurp(LK_SHARED_DIR "/corpus/expected.csv", &len);
    if (!text) skip();
    struct csv_parser p;
    rows rs = { 0 };
    assert_int_equal(csv_init(&p, CSV_APPEND_NULL), 0);
    csv_parse(&p, text, len, on_field, on_row, &rs);
    csv_fini(&p, on_field, on_row, &rs);
    csv_free(&p);
    assert_true(rs.n > 1);
    size_t checked = 0;
    for (size_t i = 1; i < rs.n; i++) { /* row 0 is the header */
        row *e = &rs.v[i];
        if (e->n < 7) continue;
        const char *file = e->f[0], *region = e->f[1], *period = e->f[2], *measure = e->f[3];
        const char *dims = e->f[4], *value = e->f[5], *status = e->f[6];
        obs_list l = { 0 };
        read_file(file, &l);
        int found = 0;
        for (size_t k = 0; k < l.n && !found; k++) {
            obs_rec *o = &l.v[k];
            /* expected.csv leaves the region empty for 11623, which has no region variable: a
             * national table, region 0 since #13 A5 */
            if (strcmp(o->region, *region ? region : "0") || strcmp(o->period, period)) continue;
            if (!strstr(o->measure, measure) || !strstr(o->dims, dims)) continue;
            if (*value) {
                if (!o->has || fabs(o->value - strtod(value, NULL)) > 1e-9) continue;
            } else if (o->has || strcmp(o->status, status)) {
                continue;
            }
            found = 1;
        }
        if (!found)
            fprintf(stderr, "not found: %s region=%s period=%s measure=%s dims=%s value=%s status=%s\n", file,
                    region, period, measure, dims, value, status);
        assert_true(found);
        checked++;
        for (size_t k = 0; k < l.n; k++) {
            free(l.v[k].region); free(l.v[k].period); free(l.v[k].measure); free(l.v[k].dims); free(l.v[k].status);
        }
        free(l.v);
    }
    assert_true(checked >= 13);
    for (size_t i = 0; i < rs.n; i++)
        for (size_t k = 0; k < rs.v[i].n; k++) free(rs.v[i].f[k]);
    free(rs.v);
    free(text);
}

/* Observation counts from corpus/README.md (the FHI cube: 4 rows of 7 value columns), for every
 * file in the corpus: a file the table does not list fails, so a new real export is never left
 * out of the conformance run. */
static const struct { const char *file; size_t n; } counts[] = {
    { "ssb_pxweb1_06913_K_underscore_excerpt.csv", 96 },      /* 12 rows x 8 measures */
    { "ssb_pxweb1_11623_semicolon_title_blankline.csv", 21 }, /* 3 x 7 */
    { "ssb_pxweb2_09535_fylker_semicolon_title.csv", 240 },   /* 15 x 16 */
    { "ssb_pxweb2_12143_kostra_kommuner.csv", 360 },          /* 60 x 6 */
    { "fhi_kube_testcube1_utf8bom.csv", 4 * 7 },
    { "ssb_apiv1_07459_2022_kommsummer.json-stat2.json", 359 },
    { "ssb_pxweb1_07459_alder10_tab_K.csv", 4642 },
    { "ssb_kostra_pxweb1_driftsresultat_tab_oldnewcodes.csv", 1920 },
    { "ssb_pxweb1_11616_pendling_semicolon.csv", 92 },
};

static void free_list(obs_list *l)
{
    for (size_t k = 0; k < l->n; k++) {
        free(l->v[k].region); free(l->v[k].period); free(l->v[k].measure); free(l->v[k].dims); free(l->v[k].status);
    }
    free(l->v);
}

static void test_observation_counts(void **state)
{
    (void)state;
    DIR *d = opendir(LK_SHARED_DIR "/corpus");
    if (!d) skip();
    size_t files = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        if (n[0] == '.' || strcmp(n, "README.md") == 0 || strcmp(n, "SOURCES.md") == 0 || strcmp(n, "expected.csv") == 0)
            continue;
        size_t i = 0;
        while (i < sizeof counts / sizeof counts[0] && strcmp(counts[i].file, n) != 0) i++;
        if (i == sizeof counts / sizeof counts[0]) fprintf(stderr, "corpus file %s has no count here\n", n);
        assert_true(i < sizeof counts / sizeof counts[0]);
        obs_list l = { 0 };
        size_t got = read_file(n, &l);
        if (got != counts[i].n) fprintf(stderr, "%s: %zu observations (expected %zu)\n", n, got, counts[i].n);
        assert_int_equal(got, counts[i].n);
        free_list(&l);
        files++;
    }
    closedir(d);
    assert_int_equal(files, sizeof counts / sizeof counts[0]);
}

/* The PxWebApi v1 JSON-stat answer: one observation per region (corpus/README.md: 359), the
 * summed series K-3005 as region 3005 with 102273 persons (formats.md §1.9). */
static void test_jsonstat_answer(void **state)
{
    (void)state;
    obs_list l = { 0 };
    assert_int_equal(read_file("ssb_apiv1_07459_2022_kommsummer.json-stat2.json", &l), 359);
    size_t drammen = 0;
    for (size_t k = 0; k < l.n; k++) {
        obs_rec *o = &l.v[k];
        if (strcmp(o->region, "3005") == 0) {
            drammen++;
            assert_string_equal(o->period, "2022");
            assert_string_equal(o->measure, "Personer");
            assert_string_equal(o->dims, "");
            assert_true(o->has);
            assert_true(o->value == 102273);
        }
        free(l.v[k].region); free(l.v[k].period); free(l.v[k].measure); free(l.v[k].dims); free(l.v[k].status);
    }
    assert_int_equal(drammen, 1);
    free(l.v);
}

/* #13 A7: units as the files state them. 12143 mixes "Beløp (1000 kr)" and "Andel av brutto
 * driftsinntekter (prosent)" (180 observations each: 30 rows x 6 kommuner per measure, README:
 * 360 in all); the JSON-stat answer has category.unit base "personer" and ContentsCode Personer1. */
static void test_units(void **state)
{
    (void)state;
    obs_list l = { 0 };
    read_file("ssb_pxweb2_12143_kostra_kommuner.csv", &l);
    size_t kr = 0, pct = 0;
    for (size_t k = 0; k < l.n; k++) {
        if (strstr(l.v[k].measure, "(1000 kr)")) { assert_string_equal(l.v[k].unit, "1000 kr"); kr++; }
        if (strstr(l.v[k].measure, "(prosent)")) { assert_string_equal(l.v[k].unit, "prosent"); pct++; }
    }
    assert_int_equal(kr, 180);
    assert_int_equal(pct, 180);
    free_list(&l);
    obs_list j = { 0 };
    read_file("ssb_apiv1_07459_2022_kommsummer.json-stat2.json", &j);
    for (size_t k = 0; k < j.n; k++) {
        assert_string_equal(j.v[k].unit, "personer");
        assert_string_equal(j.v[k].code, "Personer1");
    }
    free_list(&j);
}

int main(void)
{
    FILE *probe = fopen(LK_SHARED_DIR "/corpus/expected.csv", "r");
    if (!probe) {
        printf("../shared/corpus not present: conformance test skipped\n");
        return 77;
    }
    fclose(probe);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expected_observations),
        cmocka_unit_test(test_observation_counts),
        cmocka_unit_test(test_jsonstat_answer),
        cmocka_unit_test(test_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
