/* levekar fetch: a table (or what an indicator needs) from SSB's PxWebApi v2, through the cache,
 * written atomically. The only command that uses the network, and only when asked. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#include "levekar.h"
#include "opt.h"

/* --select VAR=CODES: the text as given (the metadata says whether VAR and the codes exist) */
static int check_select(const char *v, lk_opt_value *out)
{
    (void)out;
    const char *eq = strchr(v, '=');
    return eq && eq != v && eq[1];
}

/* --years A-B (or A): num and num2 the years */
static int check_years(const char *v, lk_opt_value *out)
{
    char *end;
    long a = strtol(v, &end, 10), b = a;
    if (end == v) return 0;
    if (*end == '-') {
        const char *s = end + 1;
        b = strtol(s, &end, 10);
        if (end == s) return 0;
    }
    if (*end || a < 1900 || b > 2199 || a > b) return 0;
    out->num = a;
    out->num2 = b;
    return 1;
}

static const char *const formats[] = { "json", "csv", NULL };

static const lk_opt_spec table_spec = {
    .name = "table", .kind = LK_OPT_STRING, .value = "ID", .help = "an SSB table (07459)"
};
static const lk_opt_spec select_spec = {
    .name = "select", .kind = LK_OPT_CHECKED, .flags = LK_OPT_REPEAT, .value = "VAR=CODES", .check = check_select,
    .expected = "VAR=CODE,CODE...",
    .help = "the values of a variable, by code or text, or the API's expressions (*, top(3),\n"
            "from(2015), range(a,b)); a variable not selected is eliminated (repeatable)"
};
static const lk_opt_spec codelist_spec = {
    .name = "codelist", .kind = LK_OPT_CHECKED, .flags = LK_OPT_REPEAT, .value = "VAR=ID", .check = check_select,
    .expected = "VAR=ID, such as Region=agg_KommSummer",
    .help = "the values of VAR from one of SSB's codelists (agg_KommSummer: today's kommuner\n"
            "summed back in time)"
};
static const lk_opt_spec indicator_spec = {
    .name = "indicator", .kind = LK_OPT_STRING, .value = "ID",
    .help = "everything a defined indicator needs (its tables, measures, ages and categories)"
};
static const lk_opt_spec region_spec = {
    .name = "region", .kind = LK_OPT_STRING, .flags = LK_OPT_REPEAT, .value = "CODE",
    .help = "with --indicator: a kommune or fylke, with its fylke and landet (repeatable)"
};
static const lk_opt_spec all_spec = {
    .name = "all", .kind = LK_OPT_FLAG, .help = "with --indicator: every region of the tables"
};
static const lk_opt_spec years_spec = {
    .name = "years", .kind = LK_OPT_CHECKED, .value = "A-B", .check = check_years,
    .expected = "years such as 2015-2024, or one year", .help = "with --indicator: the periods of years A to B"
};
static const lk_opt_spec geography_spec = {
    .name = "geography", .kind = LK_OPT_YEAR, .value = "YEAR",
    .help = "with --indicator: the regions are on the borders of YEAR; each year's codes that make\n"
            "them up are fetched too (then report --geography YEAR)"
};
static const lk_opt_spec format_spec = {
    .name = "format", .kind = LK_OPT_CHOICE, .value = "json|csv", .choices = formats,
    .help = "JSON-stat 2.0 (default) or SSB's CSV"
};
static const lk_opt_spec fhi_spec = {
    .name = "fhi", .kind = LK_OPT_STRING, .value = "SOURCE",
    .help = "with --table: FHI Statistikk's Open API, source SOURCE (nokkel: Kommunehelsa's key\n"
            "figures; default base $LEVEKAR_FHI_API, else " LK_FETCH_FHI_API ")"
};
static const lk_opt_spec cache_spec = {
    .name = "cache", .kind = LK_OPT_FILE, .value = "DIR",
    .help = "the cache (default $XDG_CACHE_HOME/levekar, else ~/.cache/levekar)"
};
static const lk_opt_spec refresh_spec = {
    .name = "refresh", .kind = LK_OPT_FLAG, .help = "ask the API again, replacing what the cache holds"
};
static const lk_opt_spec offline_spec = {
    .name = "offline", .kind = LK_OPT_FLAG, .help = "only the cache; nothing is asked of the network"
};
static const lk_opt_spec api_spec = {
    .name = "api-base", .kind = LK_OPT_STRING, .value = "URL",
    .help = "the API to ask (default $LEVEKAR_SSB_API, else\n" LK_FETCH_SSB_API ")"
};
static const lk_opt_spec timeout_spec = {
    .name = "timeout", .kind = LK_OPT_INT, .value = "SECONDS", .lo = 1, .hi = 3600, .what = "a number of seconds",
    .help = "the longest a call may take (default 120)"
};

static const lk_opt query_opts[] = {
    { &table_spec, NULL, NULL },
    { &select_spec, NULL, NULL },
    { &codelist_spec, NULL, NULL },
    { &fhi_spec, NULL, NULL },
};
static const lk_opt indicator_opts[] = {
    { &indicator_spec, NULL, NULL },
    { &region_spec, NULL, NULL },
    { &all_spec, NULL, NULL },
    { &years_spec, NULL, NULL },
    { &geography_spec, NULL, NULL },
    { &lk_opt_indicators, NULL, NULL },
};
static const lk_opt output_opts[] = {
    { &lk_opt_output, "FILE|DIR", "the answer (--table: a file; --indicator: a folder, one file per\n"
                                  "table), written to a temporary file and renamed when whole" },
    { &format_spec, NULL, NULL },
    { &cache_spec, NULL, NULL },
    { &refresh_spec, NULL, NULL },
    { &offline_spec, NULL, NULL },
    { &api_spec, NULL, NULL },
    { &timeout_spec, NULL, NULL },
};
static const lk_opt_group fetch_groups[] = {
    { "A table (raw query):", query_opts, LK_OPT_N(query_opts) },
    { "An indicator:", indicator_opts, LK_OPT_N(indicator_opts) },
    { "Output, cache and network:", output_opts, LK_OPT_N(output_opts) },
};

const lk_opt_cmd lk_opt_cmd_fetch = {
    .name = "fetch", .synopsis = "--table ID --select VAR=CODES... -o FILE | --indicator ID --region CODE... -o DIR",
    .summary = "data from SSB's PxWebApi v2, cached, with provenance (the only command that uses the network)",
    .description =
        "Reads the table's metadata, resolves each variable and value by code or text, splits the query\n"
        "under the API's 800 000 cells, keeps below its rate limit (30 calls a minute; 429 and\n"
        "Retry-After honoured) and joins the parts into one JSON-stat 2.0 dataset (or SSB's CSV). Every\n"
        "answer is kept in the cache with its URL, request, date, Last-Modified, the table's updated\n"
        "and SHA-256 (DIR/TABLE/KEY.json beside the body); a repeated run is served from it.\n"
        "Failures have an exit code each: 6 no connection, 7 DNS, 8 timeout, 9 HTTP 4xx, 10 HTTP 5xx,\n"
        "11 a cut-off answer, 12 no such table.\n",
    .args = 0, .groups = fetch_groups, .n_groups = LK_OPT_N(fetch_groups)
};

int lk_fetch_fail_exit(lk_fetch *f, int rc)
{
    if (rc == LK_ENOMEM) return lk_cli_nomem(lk_fetch_errmsg(f));
    const char *msg = lk_fetch_errmsg(f);
    fprintf(stderr, "levekar fetch: %s\n", *msg ? msg : lk_strerror(rc));
    switch (lk_fetch_failure(f)) {
    case LK_FETCH_FAIL_NETWORK: return LK_EXIT_NETWORK;
    case LK_FETCH_FAIL_DNS: return LK_EXIT_DNS;
    case LK_FETCH_FAIL_TIMEOUT: return LK_EXIT_TIMEOUT;
    case LK_FETCH_FAIL_CLIENT: return LK_EXIT_HTTP_4XX;
    case LK_FETCH_FAIL_SERVER: return LK_EXIT_HTTP_5XX;
    case LK_FETCH_FAIL_TRUNCATED: return LK_EXIT_TRUNCATED;
    case LK_FETCH_FAIL_NO_TABLE: return LK_EXIT_NO_TABLE;
    case LK_FETCH_FAIL_QUERY: return LK_EXIT_USAGE;
    case LK_FETCH_FAIL_NONE: break;
    }
    return rc == LK_EIO ? LK_EXIT_IO : lk_cli_exit_code(rc);
}

int lk_fetch_write(const lk_fetch_answer *a, const char *table, const char *path)
{
    lk_output out;
    int ec = lk_output_open(&out, path);
    if (ec) return ec;
    if (fwrite(a->data, 1, a->len, out.fp) != a->len) return lk_output_failed(&out, "fetch");
    ec = lk_output_commit(&out);
    if (ec) return ec;
    size_t cached = 0;
    for (size_t i = 0; i < a->n_parts; i++) cached += (size_t)a->parts[i].from_cache;
    fprintf(stderr, "levekar fetch: %s: %zu cell%s in %zu part%s (%zu from the cache), updated %s, sha256 %s -> %s\n",
            table, a->cells, a->cells == 1 ? "" : "s", a->n_parts, a->n_parts == 1 ? "" : "s", cached, *a->updated ? a->updated : "(not said)",
            a->sha256, path);
    return 0;
}

/* The cache folder: --cache DIR, else $XDG_CACHE_HOME/levekar, else $HOME/.cache/levekar (the XDG
 * base directory rule). 0 and *out (freed by the caller), or the exit code after the message. */
static int cache_dir(const char *cmd, const char *given, char **out)
{
    const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    const char *root = x && *x == '/' ? x : NULL;
    size_t n = given ? strlen(given) + 1 : root ? strlen(root) + 10 : home && *home ? strlen(home) + 18 : 0;
    if (!n) {
        fprintf(stderr, "levekar %s: no cache folder: neither XDG_CACHE_HOME nor HOME is set (expected --cache DIR)\n", cmd);
        return LK_EXIT_USAGE;
    }
    *out = malloc(n);
    if (!*out) return lk_cli_nomem(NULL);
    if (given) memcpy(*out, given, n);
    else snprintf(*out, n, root ? "%s/levekar" : "%s/.cache/levekar", root ? root : home);
    return 0;
}

/* LEVEKAR_FETCH_RATE=CALLS/SECONDS, LEVEKAR_FETCH_MAX_CELLS=N and LEVEKAR_FETCH_MAX_URL=N: a
 * gentler (or, in tests, a faster) throttle, a smaller cell limit, POST from a shorter URL. 1, or 0 after the message. */
static int env_limits(lk_fetch_opts *o)
{
    const char *rate = getenv("LEVEKAR_FETCH_RATE"), *cells = getenv("LEVEKAR_FETCH_MAX_CELLS");
    const char *url = getenv("LEVEKAR_FETCH_MAX_URL");
    if (url && *url) {
        char *end;
        long n = strtol(url, &end, 10);
        if (n < 1 || *end) {
            fprintf(stderr, "levekar fetch: LEVEKAR_FETCH_MAX_URL='%s' (expected a whole number from 1)\n", url);
            return 0;
        }
        o->max_url = (size_t)n;
    }
    if (rate && *rate) {
        char *end;
        long calls = strtol(rate, &end, 10);
        double secs = *end == '/' ? strtod(end + 1, &end) : -1;
        if (calls < 1 || calls > 10000 || secs <= 0 || secs > 86400 || *end) {
            fprintf(stderr, "levekar fetch: LEVEKAR_FETCH_RATE='%s' (expected CALLS/SECONDS, such as 30/60)\n", rate);
            return 0;
        }
        o->max_calls = (int)calls;
        o->window_s = secs;
    }
    if (cells && *cells) {
        char *end;
        long n = strtol(cells, &end, 10);
        if (n < 1 || *end) {
            fprintf(stderr, "levekar fetch: LEVEKAR_FETCH_MAX_CELLS='%s' (expected a whole number from 1)\n", cells);
            return 0;
        }
        o->max_cells = n;
    }
    return 1;
}

/* "VAR=a,b,c" as a selection; the strings point into a copy freed by the caller. */
static int parse_select(const char *arg, char **copy, lk_fetch_sel *s)
{
    *copy = strdup(arg);
    if (!*copy) return LK_ENOMEM;
    char *eq = strchr(*copy, '=');
    *eq = '\0';
    s->var = *copy;
    size_t n = 1;
    for (char *p = eq + 1; *p; p++) n += *p == ',';
    const char **vals = calloc(n, sizeof *vals);
    if (!vals) return LK_ENOMEM;
    /* commas split the values except inside parentheses: range(2015,2020) is one */
    size_t k = 0;
    int depth = 0;
    char *start = eq + 1;
    for (char *p = eq + 1;; p++) {
        if (*p == '(') depth++;
        else if (*p == ')' && depth) depth--;
        if ((*p == ',' && !depth) || !*p) {
            int end = !*p;
            *p = '\0';
            if (*start) vals[k++] = start;
            start = p + 1;
            if (end) break;
        }
    }
    s->values = vals;
    s->n_values = k;
    return LK_OK;
}

static int usage(const char *fmt, const char *a)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 0)))
#endif
    ;
/* One message about the command line (fmt has one %s, a); returns the usage exit code. */
static int usage(const char *fmt, const char *a)
{
    fprintf(stderr, "levekar fetch: ");
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
    fprintf(stderr, fmt, a);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
    fputc('\n', stderr);
    return LK_EXIT_USAGE;
}

static int run_table(lk_fetch *f, const lk_opt_result *res, int csv, const char *out)
{
    const lk_opt_value *sv = lk_opt_get(res, "select"), *cv = lk_opt_get(res, "codelist");
    size_t n = sv->given;
    lk_fetch_sel *sel = calloc(n ? n : 1, sizeof *sel);
    char **copies = calloc(n ? n : 1, sizeof *copies);
    int ec = 0;
    if (!sel || !copies) ec = lk_cli_nomem(NULL);
    for (size_t i = 0; i < n && !ec; i++)
        if (parse_select(sv->list[i], &copies[i], &sel[i]) != LK_OK) ec = lk_cli_nomem(NULL);
    for (size_t i = 0; i < cv->given && !ec; i++) {
        const char *eq = strchr(cv->list[i], '=');
        size_t vl = (size_t)(eq - cv->list[i]);
        size_t k = 0;
        while (k < n && !(strlen(sel[k].var) == vl && strncmp(sel[k].var, cv->list[i], vl) == 0)) k++;
        if (k == n) {
            ec = usage("--codelist %s names a variable no --select names (expected --select VAR=CODES for it)", cv->list[i]);
            break;
        }
        sel[k].codelist = eq + 1;
    }
    const char *table = lk_opt_str(res, "table");
    const lk_fetch_answer *a = NULL;
    if (!ec) {
        int rc = lk_fetch_table(f, table, sel, n, csv ? LK_FETCH_CSV : LK_FETCH_JSONSTAT, &a);
        if (rc != LK_OK) ec = lk_fetch_fail_exit(f, rc);
    }
    if (!ec) ec = lk_fetch_write(a, table, out);
    for (size_t i = 0; i < n && sel && copies; i++) {
        free(copies[i]);
        free((void *)sel[i].values);
    }
    free(copies);
    free(sel);
    return ec;
}

static int run_indicator(lk_fetch *f, const lk_opt_result *res, int csv, const char *dir)
{
    lk_registry *reg = NULL;
    int rc = lk_registry_new(&reg), ec = 0;
    if (rc != LK_OK) return lk_cli_fail(rc, NULL);
    const lk_opt_value *defs = lk_opt_get(res, "indicators");
    for (size_t i = 0; i < defs->given && !ec; i++)
        if ((rc = lk_registry_load(reg, defs->list[i])) != LK_OK) ec = lk_cli_fail(rc, lk_registry_errmsg(reg));
    const char *id = lk_opt_str(res, "indicator");
    const lk_indicator *ind = ec ? NULL : lk_registry_find(reg, id);
    if (!ec && !ind) ec = usage("no indicator '%s' (expected one of levekar indicators)", id);
    if (!ec && mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "levekar fetch: %s: cannot make the folder: %s\n", dir, strerror(errno));
        ec = LK_EXIT_IO;
    }
    if (!ec) {
        const lk_opt_value *rv = lk_opt_get(res, "region"), *yv = lk_opt_get(res, "years");
        lk_fetch_plan_opts po = { rv->list, rv->given, lk_opt_given(res, "all"), yv->given ? (int)yv->num : 0,
                                  yv->given ? (int)yv->num2 : 0, (int)lk_opt_num(res, "geography", 0) };
        ec = lk_fetch_indicator(f, ind, &po, csv, dir, NULL, NULL);
    }
    lk_registry_free(reg);
    return ec;
}

void lk_fetched_release(lk_fetched *k)
{
    for (size_t i = 0; i < k->n; i++) {
        unlink(k->paths[i]);
        lk_cleanup_drop_file(k->paths[i]);
        free(k->paths[i]);
    }
    free(k->paths);
    if (k->dir) {
        rmdir(k->dir);
        lk_cleanup_drop_dir(k->dir);
        free(k->dir);
    }
    memset(k, 0, sizeof *k);
}

int lk_fetch_for_report(const char *cmd, const lk_opt_result *o, const char ***files, int *n_files, lk_fetched *k)
{
    memset(k, 0, sizeof *k);
    const lk_opt_value *ids = lk_opt_get(o, "indicator"), *areas = lk_opt_get(o, "area");
    if (!ids->given) {
        fprintf(stderr, "levekar %s: --fetch needs --indicator ID (expected the indicators to fetch the data of)\n", cmd);
        return LK_EXIT_USAGE;
    }
    if (!areas->given && !lk_opt_given(o, "all")) {
        fprintf(stderr, "levekar %s: --fetch needs --area CODE or --all (expected the regions to fetch)\n", cmd);
        return LK_EXIT_USAGE;
    }
    char *cache = NULL;
    const char *tmp = getenv("TMPDIR");
    size_t tl = strlen(tmp && *tmp ? tmp : "/tmp") + 32;
    k->dir = malloc(tl);
    lk_registry *reg = NULL;
    lk_fetch *f = NULL;
    lk_geo *geo = NULL;
    int ec = cache_dir(cmd, NULL, &cache);
    if (ec) goto done;
    if (!k->dir || lk_registry_new(&reg) != LK_OK) {
        ec = lk_cli_nomem(NULL);
        goto done;
    }
    snprintf(k->dir, tl, "%s/levekar-fetch-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (lk_cleanup_mkdtemp(k->dir) != 0) {
        fprintf(stderr, "levekar %s: %s: cannot make a private folder for the fetched files: %s\n", cmd, k->dir,
                strerror(errno));
        free(k->dir);
        k->dir = NULL;
        ec = LK_EXIT_IO;
        goto done;
    }
    const char *defs = lk_opt_str(o, "indicators");
    int rc = defs ? lk_registry_load(reg, defs) : LK_OK;
    if (rc != LK_OK) {
        ec = lk_cli_fail(rc, lk_registry_errmsg(reg));
        goto done;
    }
    lk_fetch_opts fo = LK_FETCH_OPTS_INIT;
    const char *env = getenv("LEVEKAR_SSB_API");
    fo.api_base = env && *env ? env : NULL;
    fo.cache_dir = cache;
    if (!env_limits(&fo)) {
        ec = LK_EXIT_USAGE;
        goto done;
    }
    rc = lk_fetch_new(&f, &fo);
    if (rc != LK_OK) {
        ec = rc == LK_EINVAL ? usage("LEVEKAR_SSB_API='%s' (expected an http:// or https:// URL)", fo.api_base)
                             : lk_cli_fail(rc, NULL);
        goto done;
    }
    /* the regions on the borders the report harmonises to: each year's codes that make them up */
    long g = lk_opt_num(o, "geography", -1);
    if (g == 0) {
        if (lk_geo_new(&geo) != LK_OK) {
            ec = lk_cli_nomem(NULL);
            goto done;
        }
        g = lk_geo_latest_change_year(geo);
    }
    lk_fetch_plan_opts po = { areas->list, areas->given, lk_opt_given(o, "all"), 0, 0, g > 0 ? (int)g : 0 };
    for (size_t i = 0; i < ids->given && !ec; i++) {
        const lk_indicator *ind = lk_registry_find(reg, ids->list[i]);
        if (!ind) {
            fprintf(stderr, "levekar %s: no indicator '%s' (expected one of levekar indicators)\n", cmd, ids->list[i]);
            ec = LK_EXIT_USAGE;
            break;
        }
        size_t before = k->n;
        ec = lk_fetch_indicator(f, ind, &po, 0, k->dir, &k->paths, &k->n);
        for (size_t w = before; w < k->n && !ec; w++) lk_cleanup_add_file(k->paths[w]);
    }
    if (!ec) {
        const char **grown = realloc((void *)*files, ((size_t)*n_files + k->n + 3) * sizeof *grown);
        if (!grown) ec = lk_cli_nomem(NULL);
        else {
            *files = grown;
            for (size_t w = 0; w < k->n; w++) (*files)[(*n_files)++] = k->paths[w];
        }
    }
done:
    if (ec) lk_fetched_release(k);
    lk_geo_free(geo);
    lk_fetch_free(f);
    lk_registry_free(reg);
    free(cache);
    return ec;
}

int lk_cmd_fetch(int argc, char **argv)
{
    lk_opt_result res;
    int ec = lk_opt_parse(&res, &lk_opt_cmd_fetch, argc, argv);
    if (ec != LK_OPT_CONTINUE) return ec;
    int by_table = lk_opt_given(&res, "table"), by_ind = lk_opt_given(&res, "indicator");
    const char *out = lk_opt_str(&res, "output");
    char *cache = NULL;
    lk_fetch *f = NULL;
    ec = 0;
    if (by_table == by_ind) ec = usage("%s", by_table ? "--table and --indicator are two commands (expected one)"
                                                       : "nothing to fetch (expected --table ID or --indicator ID)");
    else if (!out) ec = usage("%s", "where to? (expected -o FILE for --table, -o DIR for --indicator)");
    else if (by_table && (lk_opt_given(&res, "region") || lk_opt_given(&res, "all") || lk_opt_given(&res, "years") ||
                          lk_opt_given(&res, "geography")))
        ec = usage("%s", "--region, --all, --years and --geography go with --indicator (expected --select with --table)");
    else if (by_ind && lk_opt_given(&res, "fhi"))
        ec = usage("%s", "--fhi goes with --table (an indicator's FHI tables are not fetched yet)");
    else if (by_ind && (lk_opt_given(&res, "select") || lk_opt_given(&res, "codelist")))
        ec = usage("%s", "--select and --codelist go with --table (the indicator says what to select)");
    else if (by_ind && !lk_opt_given(&res, "region") && !lk_opt_given(&res, "all"))
        ec = usage("%s", "which regions? (expected --region CODE or --all)");
    if (!ec) ec = cache_dir("fetch", lk_opt_str(&res, "cache"), &cache);
    lk_fetch_opts o = LK_FETCH_OPTS_INIT;
    if (!ec) {
        const char *api = lk_opt_str(&res, "api-base");
        o.fhi_source = lk_opt_str(&res, "fhi");
        const char *env = getenv(o.fhi_source ? "LEVEKAR_FHI_API" : "LEVEKAR_SSB_API");
        o.api_base = api ? api : env && *env ? env : NULL;
        o.cache_dir = cache;
        o.refresh = lk_opt_given(&res, "refresh");
        o.offline = lk_opt_given(&res, "offline");
        o.timeout_ms = lk_opt_num(&res, "timeout", 120) * 1000;
        if (!env_limits(&o)) ec = LK_EXIT_USAGE;
    }
    if (!ec) {
        int rc = lk_fetch_new(&f, &o);
        if (rc == LK_EINVAL && o.fhi_source && (!o.api_base || !strncmp(o.api_base, "http", 4)))
            ec = usage("--fhi '%s' (expected a source id of letters and digits, such as nokkel)", o.fhi_source);
        else if (rc == LK_EINVAL) ec = usage("--api-base '%s' (expected an http:// or https:// URL)", o.api_base);
        else if (rc != LK_OK) ec = lk_cli_fail(rc, NULL);
    }
    if (!ec) {
        int csv = (int)lk_opt_num(&res, "format", 0) == 1;
        ec = by_table ? run_table(f, &res, csv, out) : run_indicator(f, &res, csv, out);
    }
    lk_fetch_free(f);
    free(cache);
    lk_opt_free(&res);
    return ec;
}
