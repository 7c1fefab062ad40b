/* The JSON-stat 2.0 reader on datasets written here, one per variant of apis-and-profiles.md §3
 * (index as object, array or absent; value as array or sparse object; status as text, array or
 * object; role; note and extension kept). Every observation is checked as its tidy row, written
 * out by hand from the fixture. The fixtures write JSON with ' for " (no label here holds a ')
 * so that they stay readable. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "fixture.h"

typedef struct js_run {
    int rc;
    char *tidy;        /* tidy rows without the header */
    char *lines;       /* "line column" of each observation, one a line */
    char *err;
    lk_reader *reader;
} js_run;

typedef struct sink { FILE *tidy, *lines; } sink;

static int collect(const lk_obs *obs, void *payload)
{
    sink *s = payload;
    fprintf(s->lines, "%lu %zu\n", obs->line, obs->column);
    return lk_tidy_write_obs(s->tidy, obs) == LK_OK ? 0 : 1;
}

/* ' → " */
static char *dq(const char *text)
{
    char *t = malloc(strlen(text) + 1);
    for (size_t i = 0;; i++) {
        t[i] = text[i] == '\'' ? '"' : text[i];
        if (!text[i]) break;
    }
    return t;
}

static js_run run_bytes(const char *bytes, size_t len)
{
    js_run out = { 0, NULL, NULL, NULL, NULL };
    size_t n1 = 0, n2 = 0;
    sink s = { open_memstream(&out.tidy, &n1), open_memstream(&out.lines, &n2) };
    out.rc = lk_reader_open_memory(&out.reader, "t.json", bytes, len, NULL);
    if (out.rc == LK_OK) out.rc = lk_reader_run(out.reader, collect, &s);
    fclose(s.tidy);
    fclose(s.lines);
    out.err = strdup(lk_reader_errmsg(out.reader));
    return out;
}

static void run_free(js_run *r)
{
    free(r->tidy);
    free(r->lines);
    free(r->err);
    lk_reader_free(r->reader);
}

/* Read a fixture (with ' for "), check its tidy rows, keep the run for further checks. */
static js_run check(const char *fixture, const char *expected)
{
    char *json = dq(fixture);
    js_run r = run_bytes(json, strlen(json));
    if (r.rc != LK_OK) fprintf(stderr, "error: %s\n", r.err);
    assert_int_equal(r.rc, LK_OK);
    assert_string_equal(r.tidy, expected);
    const lk_read_info *in = lk_reader_info(r.reader);
    assert_string_equal(in->format, "JSON-stat 2.0");
    free(json);
    return r;
}

static void expect_error(const char *fixture, int rc, const char *message)
{
    char *json = dq(fixture);
    js_run r = run_bytes(json, strlen(json));
    if (r.rc != rc || strcmp(r.err, message) != 0) fprintf(stderr, "got rc %d: %s\n", r.rc, r.err);
    assert_int_equal(r.rc, rc);
    assert_string_equal(r.err, message);
    assert_string_equal(r.tidy, ""); /* nothing delivered before the error */
    run_free(&r);
    free(json);
}

/* The metadata lines joined as "line: text\n". */
static char *meta_text(const lk_reader *reader)
{
    const lk_read_info *in = lk_reader_info(reader);
    char *t = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&t, &n);
    for (size_t i = 0; i < in->n_meta; i++) fprintf(f, "%lu: %s\n", in->meta[i].line, in->meta[i].text);
    fclose(f);
    return t;
}

/* ------------------------------------------------------------------ SSB PxWebApi v1 */

/* As SSB answers: index objects (written here out of position order), value array, status
 * object by position with a missing cell and a note next to a number, role, extension.px. */
static const char ssb_v1[] =
    "{'class':'dataset','label':'07459: Befolkning, etter region, alder, statistikkvariabel og \xC3\xA5r',"
    "'source':'Statistisk sentralbyr\xC3\xA5','updated':'2024-02-22T07:00:00Z',"
    "'id':['Region','Alder','ContentsCode','Tid'],'size':[3,2,1,2],"
    "'dimension':{"
    "'Region':{'label':'region','category':{'index':{'EAK':2,'K-3005':0,'0301':1},"
    "'label':{'K-3005':'Drammen','0301':'Oslo','EAK':'Landet'}}},"
    "'Alder':{'label':'alder','category':{'index':{'15-24':1,'15-74':0},"
    "'label':{'15-74':'15-74 \xC3\xA5r','15-24':'15-24 \xC3\xA5r'}}},"
    "'ContentsCode':{'label':'statistikkvariabel','category':{'index':{'Personer1':0},"
    "'label':{'Personer1':'Personer'},'unit':{'Personer1':{'base':'personer','decimals':0}}}},"
    "'Tid':{'label':'\xC3\xA5r','category':{'index':{'2023':0,'2024':1},'label':{'2023':'2023','2024':'2024'}}}},"
    "'value':[70100,70500,12000,null,500000,505000,90000,91000,3900000,3950000,650000,655000],"
    "'status':{'3':'..','11':'*'},"
    "'role':{'time':['Tid'],'metric':['ContentsCode'],'geo':['Region']},'version':'2.0',"
    "'extension':{'px':{'infofile':'None','tableid':'07459','decimals':0}}}";

static void test_ssb_index_object_status_object(void **state)
{
    (void)state;
    js_run r = check(ssb_v1,
        "07459,3005,Drammen,kommune,2023,Personer,alder=15-74 \xC3\xA5r,personer,70100,\n"
        "07459,3005,Drammen,kommune,2024,Personer,alder=15-74 \xC3\xA5r,personer,70500,\n"
        "07459,3005,Drammen,kommune,2023,Personer,alder=15-24 \xC3\xA5r,personer,12000,\n"
        "07459,3005,Drammen,kommune,2024,Personer,alder=15-24 \xC3\xA5r,personer,,..\n"
        "07459,0301,Oslo,kommune,2023,Personer,alder=15-74 \xC3\xA5r,personer,500000,\n"
        "07459,0301,Oslo,kommune,2024,Personer,alder=15-74 \xC3\xA5r,personer,505000,\n"
        "07459,0301,Oslo,kommune,2023,Personer,alder=15-24 \xC3\xA5r,personer,90000,\n"
        "07459,0301,Oslo,kommune,2024,Personer,alder=15-24 \xC3\xA5r,personer,91000,\n"
        "07459,0,Landet,land,2023,Personer,alder=15-74 \xC3\xA5r,personer,3900000,\n"
        "07459,0,Landet,land,2024,Personer,alder=15-74 \xC3\xA5r,personer,3950000,\n"
        "07459,0,Landet,land,2023,Personer,alder=15-24 \xC3\xA5r,personer,650000,\n"
        "07459,0,Landet,land,2024,Personer,alder=15-24 \xC3\xA5r,personer,655000,*\n");
    const lk_read_info *in = lk_reader_info(r.reader);
    assert_string_equal(in->table_id, "07459");
    assert_string_equal(in->title, "Befolkning, etter region, alder, statistikkvariabel og \xC3\xA5r");
    assert_string_equal(in->encoding, "UTF-8");
    assert_int_equal(in->n_dimensions, 4);
    static const char *const ids[] = { "Region", "Alder", "ContentsCode", "Tid" };
    static const char *const labels[] = { "region", "alder", "statistikkvariabel", "\xC3\xA5r" };
    static const lk_column_role roles[] = { LK_COL_REGION, LK_COL_DIM, LK_COL_MEASURE, LK_COL_PERIOD };
    static const size_t sizes[] = { 3, 2, 1, 2 };
    for (size_t k = 0; k < 4; k++) {
        assert_string_equal(in->dimensions[k].id, ids[k]);
        assert_string_equal(in->dimensions[k].label, labels[k]);
        assert_int_equal(in->dimensions[k].role, roles[k]);
        assert_int_equal(in->dimensions[k].role_by_name, 0);
        assert_int_equal(in->dimensions[k].size, sizes[k]);
    }
    assert_int_equal(in->cells, 12);
    assert_int_equal(in->cells_absent, 0);
    assert_int_equal(in->observations, 12);
    assert_int_equal(in->missing, 1);
    assert_int_equal(in->level_counts[LK_LEVEL_KOMMUNE], 8);
    assert_int_equal(in->level_counts[LK_LEVEL_LAND], 4); /* EAK is landet */
    assert_int_equal(in->n_periods, 2);
    assert_string_equal(in->periods[0], "2023");
    assert_string_equal(in->periods[1], "2024");
    assert_int_equal(in->n_statuses, 2);
    assert_string_equal(in->statuses[0].symbol, "..");
    assert_int_equal(in->statuses[0].count, 1);
    assert_string_equal(in->statuses[1].symbol, "*");
    assert_int_equal(in->n_columns, 0);
    assert_int_equal(in->lines, 1);
    char *m = meta_text(r.reader);
    assert_string_equal(m,
        "1: label: 07459: Befolkning, etter region, alder, statistikkvariabel og \xC3\xA5r\n"
        "1: source: Statistisk sentralbyr\xC3\xA5\n"
        "1: updated: 2024-02-22T07:00:00Z\n"
        "1: extension: {\"px\":{\"infofile\":\"None\",\"tableid\":\"07459\",\"decimals\":0}}\n"
        "1: unit (statistikkvariabel Personer1 Personer): {\"base\":\"personer\",\"decimals\":0}\n");
    free(m);
    /* one line: every cell is on line 1, and its column is its position + 1 */
    assert_string_equal(r.lines, "1 1\n1 2\n1 3\n1 4\n1 5\n1 6\n1 7\n1 8\n1 9\n1 10\n1 11\n1 12\n");
    run_free(&r);
}

/* ------------------------------------------------------------------ FHI's open API */

/* As FHI answers: index arrays, role with "geo": null and "time": null (GEO and AAR tell by
 * their names), status "" for all, GEO codes with leading zeros (and one without: 301), years
 * coded 2021_2021; the document spread over lines, as a pretty-printer writes it. */
static const char fhi[] =
    "{\n"
    "  'version': '2.0', 'class': 'dataset', 'label': 'Befolkningsvekst (B)',\n"
    "  'id': ['GEO', 'AAR', 'KJONN', 'MEASURE_TYPE'],\n"
    "  'size': [3, 2, 1, 2],\n"
    "  'dimension': {\n"
    "    'GEO': {'label': 'Geografi', 'category': {'index': ['3301', '03', '301'],\n"
    "            'label': {'03': 'Oslo', '301': 'Oslo', '3301': 'Drammen'}}},\n"
    "    'AAR': {'label': '\xC3\x85r', 'category': {'index': ['2021_2021', '2022_2022'],\n"
    "            'label': {'2021_2021': '2021', '2022_2022': '2022'}}},\n"
    "    'KJONN': {'label': 'Kj\xC3\xB8nn', 'category': {'index': ['0'], 'label': {'0': 'kj\xC3\xB8nn samlet'}}},\n"
    "    'MEASURE_TYPE': {'label': 'M\xC3\xA5ltall', 'category': {'index': ['TELLER', 'RATE'],\n"
    "            'label': {'TELLER': 'Antall', 'RATE': 'Andel (prosent)'}}}\n"
    "  },\n"
    "  'role': {'time': null, 'geo': null, 'metric': ['MEASURE_TYPE']},\n"
    "  'status': '',\n"
    "  'value': [\n"
    "    120, 5.5, 130, 5.75,\n"
    "    900, 1.25, 950, null,\n"
    "    880, 1.2, 940, 0.1\n"
    "  ]\n"
    "}\n";

static void test_fhi_index_array_roles_by_name(void **state)
{
    (void)state;
    js_run r = check(fhi,
        ",3301,Drammen,kommune,2021,Antall,Kj\xC3\xB8nn=kj\xC3\xB8nn samlet,,120,\n"
        ",3301,Drammen,kommune,2021,Andel (prosent),Kj\xC3\xB8nn=kj\xC3\xB8nn samlet,prosent,5.5,\n"
        ",3301,Drammen,kommune,2022,Antall,Kj\xC3\xB8nn=kj\xC3\xB8nn samlet,,130,\n"
        ",3301,Drammen,kommune,2022,Andel (prosent),Kj\xC3\xB8nn=kj\xC3\xB8nn samlet,prosent,5.75,\n"
        ",03,Oslo,fylke,2021,Antall,Kj\xC3\xB8nn=kj\xC3\xB8nn samlet,,900,\n"
        ",03,Oslo,fylke,2021,Andel (prosent),Kj\xC3\xB8nn=kj\xC3\xB8nn samlet,prosent,1.25,\n"
        ",03,Oslo,fylke,2022,Antall,Kj\xC3\xB8nn=kj\xC3\xB8nn samlet,,950,\n"
        ",03,Oslo,fylke,2022,Andel (prosent),Kj\xC3\xB8nn=kj\xC3\xB8nn samlet,prosent,,\n"
        ",0301,Oslo,kommune,2021,Antall,Kj\xC3\xB8nn=kj\xC3\xB8nn samlet,,880,\n"
        ",0301,Oslo,kommune,2021,Andel (prosent),Kj\xC3\xB8nn=kj\xC3\xB8nn samlet,prosent,1.2,\n"
        ",0301,Oslo,kommune,2022,Antall,Kj\xC3\xB8nn=kj\xC3\xB8nn samlet,,940,\n"
        ",0301,Oslo,kommune,2022,Andel (prosent),Kj\xC3\xB8nn=kj\xC3\xB8nn samlet,prosent,0.1,\n");
    const lk_read_info *in = lk_reader_info(r.reader);
    assert_string_equal(in->table_id, "");
    assert_string_equal(in->title, "Befolkningsvekst (B)");
    assert_int_equal(in->dimensions[0].role, LK_COL_REGION);
    assert_int_equal(in->dimensions[0].role_by_name, 1);
    assert_int_equal(in->dimensions[1].role, LK_COL_PERIOD);
    assert_int_equal(in->dimensions[1].role_by_name, 1);
    assert_int_equal(in->dimensions[2].role, LK_COL_DIM);
    assert_int_equal(in->dimensions[3].role, LK_COL_MEASURE);
    assert_int_equal(in->dimensions[3].role_by_name, 0);
    assert_int_equal(in->missing, 1);
    assert_int_equal(in->n_statuses, 0);
    assert_int_equal(in->lines, 21);
    /* each cell's line is the line its value is written on (lines 17-19, four a line) */
    assert_string_equal(r.lines, "17 1\n17 2\n17 3\n17 4\n18 5\n18 6\n18 7\n18 8\n19 9\n19 10\n19 11\n19 12\n");
    char *m = meta_text(r.reader);
    assert_string_equal(m, "2: label: Befolkningsvekst (B)\n");
    free(m);
    run_free(&r);
}

/* ------------------------------------------------------------------ sparse, absent index, status array */

/* No role at all (names tell); a dimension with one category and no index; value as a sparse
 * object; status as an array by position. Absent cells are missing without a symbol. */
static void test_sparse_value_absent_index_status_array(void **state)
{
    (void)state;
    js_run r = check(
        "{'class':'dataset','version':'2.0','label':'10540: Registrerte ledige, etter region og \xC3\xA5r',"
        "'id':['Region','ContentsCode','Tid'],'size':[3,1,2],"
        "'dimension':{'Region':{'label':'region','category':{'index':{'3301':0,'3312':1,'33':2},"
        "'label':{'3301':'Drammen','3312':'Lier','33':'Buskerud'}}},"
        "'ContentsCode':{'label':'statistikkvariabel','category':{'label':{'Ledige':'Registrerte ledige'}}},"
        "'Tid':{'label':'\xC3\xA5r','category':{'index':['2023','2024']}}},"
        "'value':{'5':60,'0':10,'2':30},"
        "'status':[null,'..',null,':',null,null]}",
        "10540,3301,Drammen,kommune,2023,Registrerte ledige,,,10,\n"
        "10540,3301,Drammen,kommune,2024,Registrerte ledige,,,,..\n"
        "10540,3312,Lier,kommune,2023,Registrerte ledige,,,30,\n"
        "10540,3312,Lier,kommune,2024,Registrerte ledige,,,,:\n"
        "10540,33,Buskerud,fylke,2023,Registrerte ledige,,,,\n"
        "10540,33,Buskerud,fylke,2024,Registrerte ledige,,,60,\n");
    const lk_read_info *in = lk_reader_info(r.reader);
    assert_int_equal(in->cells, 6);
    assert_int_equal(in->cells_absent, 3);
    assert_int_equal(in->missing, 3);
    for (size_t k = 0; k < 3; k++) assert_int_equal(in->dimensions[k].role_by_name, 1);
    assert_int_equal(in->dimensions[1].role, LK_COL_MEASURE);
    run_free(&r);
}

/* status as one text for all cells, and as an array of one entry (also for all). */
static void test_status_text_and_single_entry_array(void **state)
{
    (void)state;
    js_run r = check(
        "{'class':'dataset','version':'2.0','label':'09535: Konsultasjoner',"
        "'id':['Region','Tid'],'size':[1,2],'role':{'geo':['Region'],'time':['Tid']},"
        "'dimension':{'Region':{'label':'region','category':{'index':{'33':0},'label':{'33':'Buskerud'}}},"
        "'Tid':{'label':'\xC3\xA5r','category':{'index':{'2022':0,'2023':1}}}},"
        "'value':[null,null],'status':'.'}",
        "09535,33,Buskerud,fylke,2022,Konsultasjoner,,,,.\n"
        "09535,33,Buskerud,fylke,2023,Konsultasjoner,,,,.\n");
    assert_int_equal(lk_reader_info(r.reader)->statuses[0].count, 2);
    run_free(&r);
    r = check(
        "{'class':'dataset','version':'2.0','label':'09535: Konsultasjoner',"
        "'id':['Region','Tid'],'size':[1,2],"
        "'dimension':{'Region':{'label':'region','category':{'index':{'33':0},'label':{'33':'Buskerud'}}},"
        "'Tid':{'label':'\xC3\xA5r','category':{'index':{'2022':0,'2023':1}}}},"
        "'value':[null,4.5],'status':[':']}",
        "09535,33,Buskerud,fylke,2022,Konsultasjoner,,,,:\n"
        "09535,33,Buskerud,fylke,2023,Konsultasjoner,,,4.5,:\n");
    run_free(&r);
}

/* Notes (dataset note as a string and as an array, dimension and category notes) and
 * dimension extensions are kept as metadata, each with its line. */
static void test_notes_and_extensions_kept(void **state)
{
    (void)state;
    js_run r = check(
        "{'class':'dataset','version':'2.0',\n"
        "'label':'07459: Befolkning, etter region og \xC3\xA5r','note':'Tabellnotat.',\n"
        "'id':['Region','Tid'],'size':[1,1],\n"
        "'dimension':{'Region':{'label':'region','note':['Regionnotat.'],'extension':{'elimination':false},\n"
        "'category':{'index':{'K-5001':0},'label':{'K-5001':'Trondheim - Tr\xC3\xA5\x61nte'},\n"
        "'note':{'K-5001':['1.1.2020 ble 5001 Trondheim og 5030 Klæbu slått sammen.']}}},\n"
        "'Tid':{'label':'\xC3\xA5r','category':{'index':{'2022':0}}}},\n"
        "'value':[212660]}",
        "07459,5001,Trondheim - Tr\xC3\xA5\x61nte,kommune,2022,Befolkning,,,212660,\n");
    char *m = meta_text(r.reader);
    assert_string_equal(m,
        "2: label: 07459: Befolkning, etter region og \xC3\xA5r\n"
        "2: note: Tabellnotat.\n"
        "4: note (region): Regionnotat.\n"
        "4: extension (region): {\"elimination\":false}\n"
        "6: note (region K-5001 Trondheim - Tr\xC3\xA5\x61nte): 1.1.2020 ble 5001 Trondheim og 5030 Klæbu slått sammen.\n");
    free(m);
    run_free(&r);
    r = check(
        "{'class':'dataset','version':'2.0','label':'Test','note':['Notat A.','Notat B.'],"
        "'id':['Region'],'size':[1],'dimension':{'Region':{'category':{'label':{'0':'Hele landet'}}}},"
        "'value':[5]}",
        ",0,Hele landet,land,,Test,,,5,\n");
    m = meta_text(r.reader);
    assert_string_equal(m, "1: label: Test\n1: note: Notat A.\n1: note: Notat B.\n");
    free(m);
    run_free(&r);
}

/* No metric role and no dimension named like a measure: the label says what is measured, as the
 * CSV export's value column "07459: Befolkning, etter ..." does; the table id from the label. */
static void test_measure_from_label(void **state)
{
    (void)state;
    js_run r = check(
        "{'class':'dataset','version':'2.0','label':'07459: Befolkning, etter region, alder og \xC3\xA5r',"
        "'id':['Region','Alder','Tid'],'size':[1,1,1],"
        "'dimension':{'Region':{'label':'region','category':{'index':{'3301':0},'label':{'3301':'Drammen'}}},"
        "'Alder':{'label':'alder','category':{'index':{'999':0},'label':{'999':'Alle aldre'}}},"
        "'Tid':{'label':'\xC3\xA5r','category':{'index':{'2024':0}}}},"
        "'value':[103000]}",
        "07459,3301,Drammen,kommune,2024,Befolkning,alder=Alle aldre,,103000,\n");
    run_free(&r);
}

/* A label that repeats the code, a region without a code, a value written as text or as a
 * status symbol, a BOM and white space before the document. */
static void test_odd_labels_and_text_values(void **state)
{
    (void)state;
    js_run r = check(
        "\xEF\xBB\xBF \r\n{'class':'dataset','version':'2.0','label':'T',"
        "'id':['region','Tid'],'size':[3,1],"
        "'dimension':{'region':{'category':{'index':['a','3301','K-Rest'],"
        "'label':{'a':'3312 Lier','3301':'3301 Drammen','K-Rest':'Delte kommuner og uoppgitt '}}},"
        "'Tid':{'category':{'index':['2024']}}},"
        "'value':['12.5','..',7]}",
        ",3312,Lier,kommune,2024,T,,,12.5,\n"
        ",3301,Drammen,kommune,2024,T,,,,..\n"
        ",Rest,Delte kommuner og uoppgitt,other,2024,T,,,7,\n");
    const lk_read_info *in = lk_reader_info(r.reader);
    assert_string_equal(in->encoding, "UTF-8 with BOM");
    assert_string_equal(r.lines, "2 1\n2 2\n2 3\n");
    run_free(&r);
    r = check(
        "{'class':'dataset','version':'2.0','label':'T','id':['region','Tid'],'size':[1,1],"
        "'dimension':{'region':{'category':{'index':['x'],'label':{'x':'Drammen'}}},"
        "'Tid':{'category':{'index':['2024']}}},'value':[1]}",
        ",,Drammen,other,2024,T,,,1,\n");
    run_free(&r);
}

/* ------------------------------------------------------------------ CSV and JSON-stat agree */

/* The same small table as the old Statistikkbanken CSV (Latin-1, CRLF, quoted title, measure
 * and year glued in the header) and as the JSON-stat answer: the same tidy bytes. */
static void test_csv_and_jsonstat_same_tidy_rows(void **state)
{
    (void)state;
    static const char csv[] =
        "\"07459: Befolkning, etter region, alder, statistikkvariabel og \xE5r\"\r\n"
        "\r\n"
        "\"region\";\"alder\";\"Personer 2023\";\"Personer 2024\";\"Andel (prosent) 2023\";\"Andel (prosent) 2024\"\r\n"
        "\"K-3005 Drammen\";\"0-14 \xE5r\";18000;18100;17.9;17.75\r\n"
        "\"K-3005 Drammen\";\"15-74 \xE5r\";70100;..;69.8;..\r\n"
        "\"0301 Oslo\";\"0-14 \xE5r\";110000;111000;15.6;15.25\r\n"
        "\"0301 Oslo\";\"15-74 \xE5r\";500000;505000;71.2;71\r\n";
    static const char json[] =
        "{'class':'dataset','label':'07459: Befolkning, etter region, alder, statistikkvariabel og \xC3\xA5r',"
        "'source':'Statistisk sentralbyr\xC3\xA5','updated':'2024-02-22T07:00:00Z',"
        "'id':['Region','Alder','ContentsCode','Tid'],'size':[2,2,2,2],"
        "'dimension':{"
        "'Region':{'label':'region','category':{'index':{'K-3005':0,'0301':1},'label':{'K-3005':'Drammen','0301':'Oslo'}}},"
        "'Alder':{'label':'alder','category':{'index':{'000-014':0,'015-074':1},"
        "'label':{'000-014':'0-14 \xC3\xA5r','015-074':'15-74 \xC3\xA5r'}}},"
        "'ContentsCode':{'label':'statistikkvariabel','category':{'index':{'Personer1':0,'Andel':1},"
        "'label':{'Personer1':'Personer','Andel':'Andel (prosent)'}}},"
        "'Tid':{'label':'\xC3\xA5r','category':{'index':{'2023':0,'2024':1},'label':{'2023':'2023','2024':'2024'}}}},"
        "'value':[18000,18100,17.9,17.75,70100,null,69.8,null,110000,111000,15.6,15.25,500000,505000,71.2,71],"
        "'status':{'5':'..','7':'..'},"
        "'role':{'time':['Tid'],'metric':['ContentsCode'],'geo':['Region']},'version':'2.0',"
        "'extension':{'px':{'infofile':'None','tableid':'07459','decimals':1}}}";
    static const char expected[] =
        "07459,3005,Drammen,kommune,2023,Personer,alder=0-14 \xC3\xA5r,,18000,\n"
        "07459,3005,Drammen,kommune,2024,Personer,alder=0-14 \xC3\xA5r,,18100,\n"
        "07459,3005,Drammen,kommune,2023,Andel (prosent),alder=0-14 \xC3\xA5r,prosent,17.9,\n"
        "07459,3005,Drammen,kommune,2024,Andel (prosent),alder=0-14 \xC3\xA5r,prosent,17.75,\n"
        "07459,3005,Drammen,kommune,2023,Personer,alder=15-74 \xC3\xA5r,,70100,\n"
        "07459,3005,Drammen,kommune,2024,Personer,alder=15-74 \xC3\xA5r,,,..\n"
        "07459,3005,Drammen,kommune,2023,Andel (prosent),alder=15-74 \xC3\xA5r,prosent,69.8,\n"
        "07459,3005,Drammen,kommune,2024,Andel (prosent),alder=15-74 \xC3\xA5r,prosent,,..\n"
        "07459,0301,Oslo,kommune,2023,Personer,alder=0-14 \xC3\xA5r,,110000,\n"
        "07459,0301,Oslo,kommune,2024,Personer,alder=0-14 \xC3\xA5r,,111000,\n"
        "07459,0301,Oslo,kommune,2023,Andel (prosent),alder=0-14 \xC3\xA5r,prosent,15.6,\n"
        "07459,0301,Oslo,kommune,2024,Andel (prosent),alder=0-14 \xC3\xA5r,prosent,15.25,\n"
        "07459,0301,Oslo,kommune,2023,Personer,alder=15-74 \xC3\xA5r,,500000,\n"
        "07459,0301,Oslo,kommune,2024,Personer,alder=15-74 \xC3\xA5r,,505000,\n"
        "07459,0301,Oslo,kommune,2023,Andel (prosent),alder=15-74 \xC3\xA5r,prosent,71.2,\n"
        "07459,0301,Oslo,kommune,2024,Andel (prosent),alder=15-74 \xC3\xA5r,prosent,71,\n";
    fx_run c = fx_read(csv, sizeof csv - 1, 0);
    assert_int_equal(c.rc, LK_OK);
    js_run j = check(json, expected);
    assert_string_equal(c.tidy, j.tidy);
    assert_string_equal(lk_reader_info(c.reader)->table_id, lk_reader_info(j.reader)->table_id);
    assert_string_equal(lk_reader_info(c.reader)->title, lk_reader_info(j.reader)->title);
    assert_string_equal(lk_reader_info(c.reader)->format, "CSV");
    fx_free(&c);
    run_free(&j);
}

/* ------------------------------------------------------------------ files */

/* From a file: the first MiB window is not the whole document (the value comes after 5 MiB of
 * white space), and such a reader is never split in two (a JSON document has no line starts to
 * split at). */
static void test_large_file_read_whole_not_split(void **state)
{
    (void)state;
    char path[] = "/tmp/lk_jsonstat_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    char *head = dq("{'class':'dataset','version':'2.0','label':'T','id':['Region'],'size':[2],"
                    "'dimension':{'Region':{'category':{'index':['3301','3312'],'label':{'3301':'Drammen','3312':'Lier'}}}},");
    fputs(head, f);
    free(head);
    for (int i = 0; i < 5 * 1024; i++) fprintf(f, "%1023s\n", "");
    fputs("\"value\":[1,\n2]}\n", f);
    fclose(f);
    lk_reader *r, *part2 = (lk_reader *)1;
    assert_int_equal(lk_reader_open(&r, path, NULL), LK_OK);
    assert_int_equal(lk_reader_split(r, &part2, 0), LK_OK);
    assert_null(part2);
    size_t n = 0;
    char *tidy = NULL;
    FILE *mem = open_memstream(&tidy, &n);
    sink s = { mem, fopen("/dev/null", "w") };
    assert_int_equal(lk_reader_run(r, collect, &s), LK_OK);
    fclose(mem);
    fclose(s.lines);
    assert_string_equal(tidy, ",3301,Drammen,kommune,,T,,,1,\n,3312,Lier,kommune,,T,,,2,\n");
    assert_int_equal(lk_reader_info(r)->lines, 5 * 1024 + 2);
    free(tidy);
    lk_reader_free(r);
    unlink(path);
}

/* ------------------------------------------------------------------ errors */

static void test_broken_json(void **state)
{
    (void)state;
    expect_error("{\n  'class': 'dataset',\n  'id': ['Region'\n}\n", LK_EDATA,
                 "t.json:4: invalid JSON: ']' expected near '}' (expected a JSON-stat 2.0 dataset)");
    expect_error("{'class': 'dataset', 'id': [", LK_EDATA,
                 "t.json:1: invalid JSON: ']' expected near end of file (expected a JSON-stat 2.0 dataset)");
    expect_error("{'label':'\xE5r'}", LK_EDATA,
                 "t.json:1: invalid JSON: unable to decode byte 0xe5 near '\"' (expected a JSON-stat 2.0 dataset in "
                 "UTF-8, as JSON always is)");
    expect_error("{'a':1}\n{'b':2}\n", LK_EDATA,
                 "t.json:2: invalid JSON: end of file expected near '{' (expected a JSON-stat 2.0 dataset)");
    expect_error("{'dimension':{'Region':{'category':{'index':{'3301':0,'3301':1}}}}}", LK_EDATA,
                 "t.json:1: duplicate object key near '\"3301\"' (expected each key once in an object: a repeated "
                 "category would be lost)");
}

static void test_json_that_is_not_jsonstat(void **state)
{
    (void)state;
    expect_error("{'name':'x','rows':[1,2]}", LK_EDATA,
                 "t.json:1: JSON, but not JSON-stat: an object with members 'name', 'rows' and no class (expected "
                 "a JSON-stat 2.0 dataset: an object with class \"dataset\", version, id, size, dimension and value)");
    expect_error("{}", LK_EDATA,
                 "t.json:1: JSON, but not JSON-stat: an object with no members and no class (expected a JSON-stat "
                 "2.0 dataset: an object with class \"dataset\", version, id, size, dimension and value)");
    expect_error("{\n'version':'2.0',\n'class':'collection','link':{'item':[{'class':'dataset','href':'x'}]}}", LK_EDATA,
                 "t.json:3: a JSON-stat collection (a list of links to datasets), not a dataset (expected a "
                 "JSON-stat 2.0 dataset: download one of the datasets it links to)");
    expect_error("{'version':'2.0','class':'dimension','category':{}}", LK_EDATA,
                 "t.json:1: a JSON-stat dimension without values, not a dataset (expected a JSON-stat 2.0 dataset)");
    expect_error("{'error':'Too many values selected'}", LK_EDATA,
                 "t.json:1: an error answer from the API: 'Too many values selected' (expected a JSON-stat 2.0 "
                 "dataset; the query failed)");
    expect_error("{'type':'Parameter error','title':'Non-existent table','status':404}", LK_EDATA,
                 "t.json:1: an error answer from the API: 'Non-existent table' (HTTP status 404) (expected a "
                 "JSON-stat 2.0 dataset; the query failed)");
    expect_error("{'title':'Befolkning','variables':[{'code':'Region'}]}", LK_EDATA,
                 "t.json:1: PxWebApi table metadata (title and variables), not data (expected a JSON-stat 2.0 "
                 "dataset: POST a query with \"response\": {\"format\": \"json-stat2\"})");
    expect_error("{'dataset':{'dimension':{},'value':[]}}", LK_EDATA,
                 "t.json:1: JSON-stat 1.x (a bundle of datasets, 'dataset' the first) (expected a JSON-stat 2.0 "
                 "dataset: ask the API for json-stat2)");
    expect_error("{'class':'dataset','id':['A'],'size':[1],'dimension':{},'value':[]}", LK_EDATA,
                 "t.json:1: JSON-stat dataset without version (expected a JSON-stat 2.0 dataset: version \"2.0\")");
    expect_error("{'class':'dataset','version':'2.0','id':['A'],'size':[1],'value':[1]}", LK_EDATA,
                 "t.json:1: JSON-stat dataset without 'dimension' (expected id, size, dimension and value)");
}

#define DS(dims, rest) "{'class':'dataset','version':'2.0','label':'T'," dims "," rest "}"
#define TWO_REGIONS "'dimension':{'Region':{'category':{'index':{'3301':0,'3312':1},'label':{'3301':'Drammen','3312':'Lier'}}}}"

static void test_inconsistent_datasets(void **state)
{
    (void)state;
    expect_error(DS("'id':['Region'],'size':[2]," TWO_REGIONS, "'value':[1,2,3]"), LK_EDATA,
                 "t.json:1: 'value' has 3 cells but the sizes give 2 (expected one value per cell: the product of 'size')");
    expect_error(DS("'id':['Region'],'size':[2],"
                    "'dimension':{'Region':{'category':{'index':{'3301':0,'3312':2}}}}", "'value':[1,2]"), LK_EDATA,
                 "t.json:1: category '3312' of dimension 'Region' is at position 2 (expected 0 to 1: the dimension has size 2)");
    expect_error(DS("'id':['Region','Tid'],'size':[2,1]," TWO_REGIONS, "'value':[1,2]"), LK_EDATA,
                 "t.json:1: 'id' names dimension 'Tid', which 'dimension' does not hold (expected every id described in 'dimension')");
    expect_error(DS("'id':['Region'],'size':[2],"
                    "'dimension':{'Region':{'category':{'index':['3301','3301']}}}", "'value':[1,2]"), LK_EDATA,
                 "t.json:1: dimension 'Region' has category '3301' twice (expected each category id once)");
    expect_error(DS("'id':['Region','Alder'],'size':[1,2],"
                    "'dimension':{'Region':{'category':{'index':['3301']}},"
                    "'Alder':{'label':'alder','category':{'index':['a','b'],'label':{'a':'15-74 \xC3\xA5r','b':'15-74 \xC3\xA5r'}}}}",
                    "'value':[1,2]"), LK_EDATA,
                 "t.json:1: categories 'a' and 'b' of dimension 'Alder' both read as '15-74 \xC3\xA5r' (expected each "
                 "once: their cells would be the same observation)");
    expect_error(DS("'id':['Region'],'size':[2],"
                    "'dimension':{'Region':{'category':{'index':{'3301':0,'3312':0}}}}", "'value':[1,2]"), LK_EDATA,
                 "t.json:1: categories '3301' and '3312' of dimension 'Region' are both at position 0 (expected each position once)");
    expect_error(DS("'id':['Region'],'size':[2,1]," TWO_REGIONS, "'value':[1,2]"), LK_EDATA,
                 "t.json:1: 'size' has 2 entries for 1 dimension in 'id' (expected one size per dimension)");
    expect_error(DS("'id':['Region'],'size':[2],'dimension':{'Region':{'category':{'label':{'3301':'Drammen','3312':'Lier'}}}}",
                    "'value':[1,2]"), LK_EDATA,
                 "t.json:1: dimension 'Region' has no category index (expected category.index, which may be left out "
                 "only for a single category named in category.label)");
    expect_error(DS("'id':['Tid'],'size':[1],'dimension':{'Tid':{'category':{'index':['siste']}}}", "'value':[1]"), LK_EDATA,
                 "t.json:1: category 'siste' (siste) of dimension 'Tid' is not a period (expected 2023, 2023K4, "
                 "2023M01, 2006-2010 or 2019_2021)");
    expect_error(DS("'id':['Region'],'size':[2]," TWO_REGIONS, "'value':[1,true]"), LK_EDATA,
                 "t.json:1: cell 1 of 'value' is true (expected a number, null or a status text)");
    expect_error(DS("'id':['Region'],'size':[2]," TWO_REGIONS, "'value':[1,2],'status':['..','..','..']"), LK_EDATA,
                 "t.json:1: 'status' has 3 entries but the dataset 2 cells (expected one per cell, or one for all)");
    expect_error(DS("'id':['Region'],'size':[2]," TWO_REGIONS, "'value':{'0':1,'2':5}"), LK_EDATA,
                 "t.json:1: 'value' has a cell at '2' (expected positions 0 to 1: the sizes give 2 cells)");
    expect_error(DS("'id':['Region'],'size':[2]," TWO_REGIONS, "'value':[1,2],'role':{'geo':['GEO']}"), LK_EDATA,
                 "t.json:1: role 'geo' names 'GEO', which is not in 'id' (expected ids of the dataset's dimensions)");
    expect_error(DS("'id':['Region'],'size':[0]," TWO_REGIONS, "'value':[]"), LK_EDATA,
                 "t.json:1: dimension 'Region' has size 0: the dataset has no cells (expected at least one category "
                 "in every dimension)");
    /* the line of the part that is wrong */
    expect_error("{'class':'dataset','version':'2.0',\n'id':['Region'],\n'size':[2],\n'dimension':{\n"
                 "'Region':{'category':{\n'index':['3301','3301']}}},\n'value':[1,2]}", LK_EDATA,
                 "t.json:5: dimension 'Region' has category '3301' twice (expected each category id once)");
    expect_error("{'class':'dataset','version':'2.0',\n'id':['Region'],\n'size':[2],\n" TWO_REGIONS ",\n"
                 "'value':[1,\n2,\n3]}", LK_EDATA,
                 "t.json:5: 'value' has 3 cells but the sizes give 2 (expected one value per cell: the product of 'size')");
}

/* The callback's reason to stop names the cell's line. */
static int stop_at_second(const lk_obs *obs, void *payload)
{
    lk_reader *r = payload;
    if (obs->column == 2) {
        lk_reader_stop_reason(r, "stop here (expected nothing)");
        return 1;
    }
    return 0;
}

static void test_stop_reason_names_line(void **state)
{
    (void)state;
    char *json = dq(fhi);
    lk_reader *r;
    assert_int_equal(lk_reader_open_memory(&r, "t.json", json, strlen(json), NULL), LK_OK);
    assert_int_equal(lk_reader_run(r, stop_at_second, r), LK_EUSER);
    assert_string_equal(lk_reader_errmsg(r), "t.json:17: stop here (expected nothing)");
    lk_reader_free(r);
    free(json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ssb_index_object_status_object),
        cmocka_unit_test(test_fhi_index_array_roles_by_name),
        cmocka_unit_test(test_sparse_value_absent_index_status_array),
        cmocka_unit_test(test_status_text_and_single_entry_array),
        cmocka_unit_test(test_notes_and_extensions_kept),
        cmocka_unit_test(test_measure_from_label),
        cmocka_unit_test(test_odd_labels_and_text_values),
        cmocka_unit_test(test_csv_and_jsonstat_same_tidy_rows),
        cmocka_unit_test(test_large_file_read_whole_not_split),
        cmocka_unit_test(test_broken_json),
        cmocka_unit_test(test_json_that_is_not_jsonstat),
        cmocka_unit_test(test_inconsistent_datasets),
        cmocka_unit_test(test_stop_reason_names_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
