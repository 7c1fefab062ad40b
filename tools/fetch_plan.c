/* What an indicator needs, as queries: the tables its definitions name in `needs` (five-digit
 * SSB ids, the first the numerator's, "with NNNNN" the denominator's), and for each the
 * selection built from the table's metadata and the definition's sides: the regions with their
 * fylke and landet, the years (the November month where the definition takes one month), the
 * measures whose label or code the sides' patterns name, the age bands that overlap the ages
 * asked, the categories of the `where` clauses, and the total of any other mandatory variable.
 * Composed here, in the tool, so lib/fetch knows nothing of indicators. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "cli.h"
#include "levekar.h"

#define MAX_TABLES 8
/* plan_table: the table was not fetched, and that is not an error of the run (said on stderr):
 * it does not exist (an alternative such as "12210 (to 2021) or 14019 (2022 on)"), or it has no
 * period in the years asked */
#define SKIPPED_NO_TABLE (-2)
#define SKIPPED_NO_YEARS (-3)

/* The five-digit table ids of a needs text, in order, once each. */
static size_t needs_tables(const char *needs, char ids[][8], size_t n, size_t max)
{
    for (const char *p = needs; *p && n < max; p++) {
        if (!isdigit((unsigned char)*p) || (p > needs && isalnum((unsigned char)p[-1]))) continue;
        size_t k = 0;
        while (isdigit((unsigned char)p[k])) k++;
        if (k == 5 && !isalpha((unsigned char)p[k]) && p[k] != '-') {
            int seen = 0;
            for (size_t i = 0; i < n; i++) seen |= strncmp(ids[i], p, 5) == 0;
            if (!seen) {
                memcpy(ids[n], p, 5);
                ids[n++][5] = '\0';
            }
        }
        p += k ? k - 1 : 0;
    }
    return n;
}

/* Does the label (or code) match a measure pattern (indicators.def: `=whole`, `code:X`,
 * `~anywhere`, first words)? */
static int measure_matches(const char *pattern, const lk_fetch_value *v)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", pattern);
    for (char *alt = strtok(buf, "|"); alt; alt = strtok(NULL, "|")) {
        while (*alt == ' ') alt++;
        size_t n = strlen(alt);
        while (n && alt[n - 1] == ' ') alt[--n] = '\0';
        if (!n) continue;
        size_t ll = strlen(v->label);
        if (strncmp(alt, "code:", 5) == 0) {
            if (strcasecmp(alt + 5, v->code) == 0) return 1;
        } else if (alt[0] == '=') {
            size_t k = n - 1;
            /* the whole label, or the label with a trailing "(unit)" */
            if (strcasecmp(alt + 1, v->label) == 0 ||
                (ll > k + 2 && strncasecmp(alt + 1, v->label, k) == 0 && v->label[k] == ' ' && v->label[k + 1] == '('))
                return 1;
        } else if (alt[0] == '~') {
            for (size_t i = 0; i + n - 1 <= ll; i++)
                if (strncasecmp(v->label + i, alt + 1, n - 1) == 0) return 1;
        } else if (strncasecmp(alt, v->label, n) == 0 && (v->label[n] == '\0' || v->label[n] == ' ')) {
            return 1;
        }
    }
    return 0;
}

/* Is the value named by a `where` clause's value list ("A.09 | Registrerte arbeidsledige")? */
static int where_value(const char *vals, const lk_fetch_value *v)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", vals);
    for (char *alt = strtok(buf, "|"); alt; alt = strtok(NULL, "|")) {
        while (*alt == ' ') alt++;
        size_t n = strlen(alt);
        while (n && alt[n - 1] == ' ') alt[--n] = '\0';
        if (n && (strcasecmp(alt, v->code) == 0 || strcasecmp(alt, v->label) == 0)) return 1;
    }
    return 0;
}

/* The value list of the clause of `where` that names this variable, or NULL. */
static const char *where_for(const char *where, const lk_fetch_var *var, char *out, size_t cap)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", where ? where : "");
    char *save = NULL;
    for (char *cl = strtok_r(buf, ";", &save); cl; cl = strtok_r(NULL, ";", &save)) {
        char *eq = strchr(cl, '=');
        if (!eq) continue;
        *eq = '\0';
        char *save2 = NULL;
        for (char *name = strtok_r(cl, "|", &save2); name; name = strtok_r(NULL, "|", &save2)) {
            while (*name == ' ' || *name == '?') name++;
            size_t n = strlen(name);
            while (n && name[n - 1] == ' ') name[--n] = '\0';
            if (n && (strcasecmp(name, var->code) == 0 || strcasecmp(name, var->label) == 0)) {
                snprintf(out, cap, "%s", eq + 1);
                return out;
            }
        }
    }
    return NULL;
}

static int is_total(const lk_fetch_value *v)
{
    static const char *const totals[] = { "I alt", "Begge kjønn", "Alle aldre", "Alle næringer", "Total", "Hele landet", NULL };
    for (int i = 0; totals[i]; i++)
        if (strcasecmp(v->label, totals[i]) == 0) return 1;
    return strcasecmp(v->code, "TOT") == 0 || strcasecmp(v->code, "00-99") == 0;
}

static int is_age_var(const lk_fetch_var *v)
{
    return strcasecmp(v->code, "Alder") == 0 || strcasecmp(v->label, "alder") == 0;
}

/* A growing list of value codes (pointers into the metadata). */
typedef struct codes {
    const char **v;
    size_t n, cap;
} codes;

static int add(codes *c, const char *code)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i], code) == 0) return 0;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        const char **p = realloc(c->v, cap * sizeof *p);
        if (!p) return -1;
        c->v = p;
        c->cap = cap;
    }
    c->v[c->n++] = code;
    return 0;
}

static int year_of(const char *code)
{
    return isdigit((unsigned char)code[0]) && isdigit((unsigned char)code[1]) && isdigit((unsigned char)code[2]) &&
                   isdigit((unsigned char)code[3])
               ? atoi(code)
               : 0;
}

/* The value of the region variable that is region code c: c, K-c, F-c, EKAc (KOSTRA's fylke as
 * its kommuner) or, for landet, EAK or a text Hele landet. */
static const char *region_value(const lk_fetch_var *var, const char *c)
{
    char alt[4][32];
    snprintf(alt[0], sizeof alt[0], "%s", c);
    snprintf(alt[1], sizeof alt[1], "K-%s", c);
    snprintf(alt[2], sizeof alt[2], "F-%s", c);
    snprintf(alt[3], sizeof alt[3], "EKA%s", c);
    for (int a = 0; a < 4; a++)
        for (size_t i = 0; i < var->n_values; i++)
            if (strcasecmp(var->values[i].code, alt[a]) == 0) return var->values[i].code;
    if (strcmp(c, "0") == 0)
        for (size_t i = 0; i < var->n_values; i++)
            if (strcasecmp(var->values[i].code, "EAK") == 0 || strcasecmp(var->values[i].label, "Hele landet") == 0 ||
                strcasecmp(var->values[i].label, "Landet") == 0)
                return var->values[i].code;
    return NULL;
}

/* The regions wanted in the codes of one year: with geography, every kommune of that year
 * that maps into a region asked. */
static int regions_for_year(const lk_geo *geo, const lk_fetch_plan_opts *o, int year, const lk_fetch_var *var,
                            codes *out)
{
    for (size_t r = 0; r < o->n_regions; r++) {
        const char *c = o->regions[r];
        char fylke[3] = { c[0], c[1], 0 };
        const char *want[3] = { c, strlen(c) >= 4 ? fylke : NULL, "0" };
        for (int w = 0; w < 3; w++) {
            const char *v = want[w] ? region_value(var, want[w]) : NULL;
            if (v && add(out, v) != 0) return -1;
        }
        if (!geo || !year || strlen(c) != 4) continue;
        lk_geo_unit units[512];
        size_t n = 0;
        if (lk_geo_units(geo, LK_LEVEL_KOMMUNE, year, units, 512, &n) != LK_OK) continue;
        for (size_t u = 0; u < n && u < 512; u++) {
            lk_geo_target t[16];
            size_t nt = 0;
            if (lk_geo_map(geo, units[u].code, year, o->geography, t, 16, &nt) != LK_OK) continue;
            for (size_t k = 0; k < nt; k++)
                if (strcmp(t[k].code, c) == 0) {
                    const char *v = region_value(var, units[u].code);
                    char uf[3] = { units[u].code[0], units[u].code[1], 0 };
                    const char *vf = region_value(var, uf);
                    if ((v && add(out, v) != 0) || (vf && add(out, vf) != 0)) return -1;
                }
        }
    }
    return 0;
}

/* The definitions of the indicator that apply to the years asked: the indicator, its further ones. */
static size_t definitions(const lk_indicator *ind, const lk_fetch_plan_opts *o, const lk_indicator **out, size_t max)
{
    size_t n = 0;
    const lk_indicator *all[17];
    size_t na = 0;
    all[na++] = ind;
    for (size_t i = 0; i < ind->n_variants && na < 17; i++) all[na++] = ind->variants[i];
    for (size_t i = 0; i < na && n < max; i++) {
        const lk_indicator *d = all[i];
        if (o->year_hi && d->year_from && d->year_from > o->year_hi) continue;
        if (o->year_lo && d->year_to && d->year_to < o->year_lo) continue;
        out[n++] = d;
    }
    return n;
}

/* Remember a written file (for report --fetch). 0, or -1 out of memory. */
static int remember(char ***written, size_t *n, const char *path)
{
    if (!written) return 0;
    char **p = realloc(*written, (*n + 1) * sizeof *p);
    if (!p) return -1;
    *written = p;
    if (!(p[*n] = strdup(path))) return -1;
    (*n)++;
    return 0;
}

static int plan_table(lk_fetch *f, const lk_geo *geo, const char *table, const lk_indicator *const *defs, size_t nd,
                      const lk_fetch_plan_opts *o, int csv, const char *dir, char ***written, size_t *n_written)
{
    const lk_fetch_meta *m;
    int rc = lk_fetch_metadata(f, table, NULL, 0, &m);
    if (rc != LK_OK && lk_fetch_failure(f) == LK_FETCH_FAIL_NO_TABLE) {
        fprintf(stderr, "levekar fetch: warning: %s; table %s not fetched\n", lk_fetch_errmsg(f), table);
        return SKIPPED_NO_TABLE;
    }
    if (rc != LK_OK) return lk_fetch_fail_exit(f, rc);
    lk_fetch_sel sel[32];
    codes val[32];
    size_t ns = 0;
    int ec = 0;
    memset(val, 0, sizeof val);
    /* the years first: the regions of each year depend on them */
    const lk_fetch_var *time = NULL;
    for (size_t i = 0; i < m->n_vars; i++)
        if (m->vars[i].role == LK_FETCH_ROLE_TIME || strcasecmp(m->vars[i].code, "Tid") == 0) time = &m->vars[i];
    for (size_t i = 0; i < m->n_vars && ns < 32 && !ec; i++) {
        const lk_fetch_var *v = &m->vars[i];
        codes *c = &val[ns];
        int selected = 0;
        if (v == time) {
            for (size_t k = 0; k < v->n_values; k++) {
                const char *code = v->values[k].code;
                int y = year_of(code), month_ok = 1;
                for (size_t d = 0; d < nd; d++) {
                    char mm[8];
                    snprintf(mm, sizeof mm, "M%02d", defs[d]->month);
                    const char *mp = strchr(code, 'M');
                    if (defs[d]->month && mp) month_ok = strcmp(mp, mm) == 0;
                }
                if ((!o->year_lo || (y >= o->year_lo && y <= o->year_hi)) && month_ok && add(c, code) != 0) ec = -1;
            }
            if (!ec && !c->n) {
                fprintf(stderr, "levekar fetch: note: table %s has no period in %d-%d (it has %s to %s); not fetched\n",
                        table, o->year_lo, o->year_hi, v->n_values ? v->values[0].code : "none",
                        v->n_values ? v->values[v->n_values - 1].code : "none");
                ec = SKIPPED_NO_YEARS;
                break;
            }
            selected = 1;
        } else if (v->role == LK_FETCH_ROLE_GEO || strcasecmp(v->code, "Region") == 0 ||
                   strncasecmp(v->code, "KOKkommuneregion", 16) == 0) {
            if (o->all) {
                if (add(c, "*") != 0) ec = -1;
            } else if (time && o->geography) {
                for (size_t k = 0; k < time->n_values && !ec; k++)
                    if (regions_for_year(geo, o, year_of(time->values[k].code), v, c) != 0) ec = -1;
            } else if (regions_for_year(NULL, o, 0, v, c) != 0) {
                ec = -1;
            }
            if (!ec && !c->n) {
                fprintf(stderr, "levekar fetch: table %s: %s has none of the regions asked (expected codes such as %s)\n",
                        table, v->code, v->n_values ? v->values[0].code : "3301");
                ec = LK_EXIT_USAGE;
                break;
            }
            selected = 1;
        } else if (v->role == LK_FETCH_ROLE_METRIC || strcasecmp(v->code, "ContentsCode") == 0) {
            for (size_t k = 0; k < v->n_values; k++)
                for (size_t d = 0; d < nd; d++) {
                    const lk_side *sides[3] = { &defs[d]->num, &defs[d]->den, &defs[d]->rate };
                    for (int s = 0; s < 3; s++)
                        if (sides[s]->measure && *sides[s]->measure && measure_matches(sides[s]->measure, &v->values[k]) &&
                            add(c, v->values[k].code) != 0)
                            ec = -1;
                }
            if (!c->n && add(c, "*") != 0) ec = -1; /* none named: every measure, the reader picks */
            selected = 1;
        } else {
            char buf[512];
            for (size_t d = 0; d < nd; d++) {
                const lk_side *sides[2] = { &defs[d]->num, &defs[d]->den };
                for (int s = 0; s < 2; s++) {
                    const char *vals = where_for(sides[s]->where, v, buf, sizeof buf);
                    if (!vals) continue;
                    for (size_t k = 0; k < v->n_values; k++)
                        if (where_value(vals, &v->values[k]) && add(c, v->values[k].code) != 0) ec = -1;
                    selected = 1;
                }
            }
            if (!selected && is_age_var(v)) {
                /* the bands that overlap the ages a side asks; compute chooses those that tile them */
                for (size_t k = 0; k < v->n_values; k++) {
                    int lo, hi;
                    if (lk_age_parse(v->values[k].label, &lo, &hi) != LK_OK) continue;
                    for (size_t d = 0; d < nd; d++) {
                        const lk_side *sides[2] = { &defs[d]->num, &defs[d]->den };
                        for (int s = 0; s < 2; s++)
                            if (sides[s]->age_lo >= 0 && lo <= sides[s]->age_hi && hi >= sides[s]->age_lo &&
                                add(c, v->values[k].code) != 0)
                                ec = -1;
                    }
                }
                selected = c->n > 0;
            }
            if (!selected && !v->elimination) {
                for (size_t k = 0; k < v->n_values; k++)
                    if (is_total(&v->values[k]) && add(c, v->values[k].code) != 0) ec = -1;
                if (!c->n && add(c, "*") != 0) ec = -1;
                selected = 1;
            }
        }
        if (selected && !ec) {
            sel[ns].var = v->code;
            sel[ns].values = c->v;
            sel[ns].n_values = c->n;
            sel[ns].codelist = NULL;
            ns++;
        }
    }
    if (ec == -1) ec = lk_cli_nomem(NULL);
    if (ec == SKIPPED_NO_YEARS) {
        for (size_t i = 0; i < 32; i++) free(val[i].v);
        return ec;
    }
    if (!ec) {
        const lk_fetch_answer *a;
        rc = lk_fetch_table(f, table, sel, ns, csv ? LK_FETCH_CSV : LK_FETCH_JSONSTAT, &a);
        if (rc != LK_OK) ec = lk_fetch_fail_exit(f, rc);
        else {
            size_t n = strlen(dir) + strlen(table) + 8;
            char *path = malloc(n);
            if (!path) ec = lk_cli_nomem(NULL);
            else {
                snprintf(path, n, "%s/%s.%s", dir, table, csv ? "csv" : "json");
                ec = lk_fetch_write(a, table, path);
                if (!ec && remember(written, n_written, path) != 0) ec = lk_cli_nomem(NULL);
                free(path);
            }
        }
    }
    for (size_t i = 0; i < 32; i++) free(val[i].v);
    return ec;
}

int lk_fetch_indicator(lk_fetch *f, const lk_indicator *ind, const lk_fetch_plan_opts *o, int csv, const char *dir,
                       char ***written, size_t *n_written)
{
    const lk_indicator *defs[17];
    size_t nd = definitions(ind, o, defs, 17);
    char ids[MAX_TABLES][8];
    size_t nt = 0;
    for (size_t d = 0; d < nd; d++) nt = needs_tables(defs[d]->needs ? defs[d]->needs : "", ids, nt, MAX_TABLES);
    if (!nt) {
        fprintf(stderr, "levekar fetch: indicator %s names no SSB table in its needs for these years (expected a "
                        "five-digit table id; FHI's tables are not fetched yet: levekar indicators --needs %s)\n",
                ind->id, ind->id);
        return LK_EXIT_USAGE;
    }
    lk_geo *geo = NULL;
    if (o->geography && lk_geo_new(&geo) != LK_OK) return lk_cli_nomem(NULL);
    int ec = 0, fetched = 0, no_table = 0, no_years = 0;
    for (size_t t = 0; t < nt && !ec; t++) {
        /* the definitions that name this table */
        const lk_indicator *mine[17];
        size_t nm = 0;
        for (size_t d = 0; d < nd; d++)
            if (defs[d]->needs && strstr(defs[d]->needs, ids[t])) mine[nm++] = defs[d];
        /* a table two indicators share is fetched (and read) once */
        int again = 0;
        for (size_t w = 0; written && w < *n_written; w++) {
            const char *slash = strrchr((*written)[w], '/');
            again |= slash && strncmp(slash + 1, ids[t], strlen(ids[t])) == 0 && slash[1 + strlen(ids[t])] == '.';
        }
        if (!again) ec = plan_table(f, geo, ids[t], mine, nm, o, csv, dir, written, n_written);
        if (ec == SKIPPED_NO_TABLE || ec == SKIPPED_NO_YEARS) {
            no_table |= ec == SKIPPED_NO_TABLE;
            no_years |= ec == SKIPPED_NO_YEARS;
            ec = 0;
        } else if (!ec) {
            fetched++;
        }
    }
    if (!ec && !fetched) {
        fprintf(stderr, "levekar fetch: nothing fetched for %s (expected a table of its definitions with periods in "
                        "the years asked)\n", ind->id);
        ec = no_table && !no_years ? LK_EXIT_NO_TABLE : LK_EXIT_USAGE; /* no such table, or years asked wrong */
    }
    lk_geo_free(geo);
    return ec;
}
