/* levekar indicators: the defined indicators, and with --needs ID what to download for one of
 * them (the tables, the measures and categories to select, the ages), read from its definition,
 * so the list can never disagree with what the computation looks for. */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "levekar.h"
#include "opt.h"

static const lk_opt_spec needs_spec = {
    .name = "needs", .kind = LK_OPT_STRING, .value = "ID",
    .help = "what indicator ID needs (one line per source definition and side)"
};
static const lk_opt indicators_opts[] = {
    { &lk_opt_indicators, NULL, NULL },
    { &needs_spec, NULL, NULL },
};
static const lk_opt_group indicators_groups[] = { { "Options:", indicators_opts, LK_OPT_N(indicators_opts) } };

const lk_opt_cmd lk_opt_cmd_indicators = {
    .name = "indicators", .synopsis = "[--indicators FILE] [--needs ID]",
    .summary = "list the defined indicators",
    .description = "List the defined indicators with their definitions. With --needs ID: which tables to download\n"
                   "for the indicator, which variables and categories to select, and which layout works best.\n",
    .args = 0, .groups = indicators_groups, .n_groups = LK_OPT_N(indicators_groups)
};

/* "=A | code:B | ~C | D" in words. */
static void describe_pattern(const char *p)
{
    int first = 1;
    while (*p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        while (n && (*p == ' ' || *p == '\t')) p++, n--;
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
        if (n) {
            fputs(first ? "" : ", or ", stdout);
            if (n > 5 && strncmp(p, "code:", 5) == 0) printf("the ContentsCode %.*s", (int)(n - 5), p + 5);
            else if (p[0] == '=') printf("\"%.*s\" (the whole label)", (int)(n - 1), p + 1);
            else if (p[0] == '~') printf("a label containing \"%.*s\"", (int)(n - 1), p + 1);
            else printf("a label beginning \"%.*s\"", (int)n, p);
            first = 0;
        }
        p = bar ? bar + 1 : p + strlen(p);
    }
    if (first) fputs("any measure", stdout);
}

/* "a | b | c" as "a / b / c". */
static void say_alternatives(const char *s)
{
    for (; *s; s++) {
        if (*s == '|') fputs("/", stdout);
        else putchar(*s);
    }
}

/* "A | B = x | y ; ?C = z" in words. */
static void describe_where(const char *w)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", w);
    int first = 1;
    for (char *clause = strtok(buf, ";"); clause; clause = strtok(NULL, ";")) {
        char *eq = strchr(clause, '=');
        if (!eq) continue;
        *eq = '\0';
        char *names = clause;
        while (*names == ' ') names++;
        int optional = *names == '?';
        if (optional) names++;
        char *end = eq;
        while (end > names && end[-1] == ' ') *--end = '\0';
        char *vals = eq + 1;
        while (*vals == ' ') vals++;
        printf("%s", first ? "" : "; ");
        say_alternatives(names);
        fputs(" = ", stdout);
        say_alternatives(vals);
        if (optional) fputs(" (or that variable eliminated)", stdout);
        first = 0;
    }
}

static void describe_side(const char *what, const lk_side *s, int rate)
{
    printf("    %s: ", what);
    describe_pattern(s->measure);
    if (s->table && *s->table) printf(", in table %s", s->table);
    putchar('\n');
    if (s->age_lo >= 0) {
        if (s->age_hi >= LK_AGE_MAX) printf("      ages: %d år and older", s->age_lo);
        else if (rate) printf("      ages: the band %d-%d år (a rate cannot be added up from other bands)", s->age_lo, s->age_hi);
        else printf("      ages: %d-%d år (a band %d-%d år, or bands that add up to it exactly)", s->age_lo, s->age_hi,
                    s->age_lo, s->age_hi);
        if (s->table_lo >= 0) printf("; a table without an age variable counts as %d-%d år", s->table_lo, s->table_hi);
        putchar('\n');
    }
    if (s->where && *s->where) {
        fputs("      select: ", stdout);
        describe_where(s->where);
        putchar('\n');
    }
    if (s->multiplier != 1) printf("      values multiplied by %g (e.g. 1000 kr)\n", s->multiplier);
}

static void describe_definition(const lk_indicator *d, size_t k, size_t n)
{
    const char *name = d->variant && *d->variant ? d->variant : d->source;
    if (n > 1) printf("  Definition %zu of %zu: %s", k, n, name);
    else printf("  Definition: %s", name);
    if (d->year_from && d->year_to) printf(", %d-%d", d->year_from, d->year_to);
    else if (d->year_from) printf(", from %d", d->year_from);
    else if (d->year_to) printf(", up to %d", d->year_to);
    putchar('\n');
    if (d->month) printf("    monthly periods: month %d is the year's figure (the other months are not used)\n", d->month);
    if (*d->num.measure || !*d->rate.measure) {
        describe_side("numerator", &d->num, 0);
        describe_side("denominator", &d->den, 0);
    }
    if (*d->rate.measure) describe_side(*d->num.measure ? "or the published rate" : "published rate (used as published)", &d->rate, 1);
    if (d->needs && *d->needs) printf("    download: %s\n", d->needs);
}

static int needs(const lk_registry *reg, const char *id)
{
    const lk_indicator *ind = lk_registry_find(reg, id);
    if (!ind) {
        fprintf(stderr, "levekar indicators: unknown indicator '%s' (expected one of:", id);
        for (size_t i = 0; i < lk_registry_count(reg); i++)
            if (!*lk_registry_get(reg, i)->base) fprintf(stderr, " %s", lk_registry_get(reg, i)->id);
        fprintf(stderr, ")\n");
        return LK_EXIT_USAGE;
    }
    printf("%s: %s\n", ind->id, ind->name_nb);
    size_t n = ind->n_variants + 1;
    for (size_t k = 0; k < n; k++) describe_definition(k ? ind->variants[k - 1] : ind, k + 1, n);
    if (n > 1)
        puts("  For each period the first definition above that gives a value is used, for every region of "
             "that period; each figure names its definition.");
    puts("  Layout: any SSB or FHI export levekar reads (see README, \"What it reads\"); JSON-stat 2.0 from the "
         "PxWebApi carries codes as well as labels and is the safest. Select the regions you compare (the kommune, "
         "its fylke and landet) or all kommuner.");
    return LK_EXIT_OK;
}

/* Is this a further definition its base still has (not one a later file's [id] dropped)? */
static int linked(const lk_registry *reg, const lk_indicator *d)
{
    const lk_indicator *b = lk_registry_find(reg, d->base);
    for (size_t i = 0; b && i < b->n_variants; i++)
        if (b->variants[i] == d) return 1;
    return 0;
}

int lk_cmd_indicators(int argc, char **argv)
{
    lk_opt_result o;
    int pec = lk_opt_parse(&o, &lk_opt_cmd_indicators, argc, argv);
    if (pec != LK_OPT_CONTINUE) return pec;
    const lk_opt_value *files = lk_opt_get(&o, "indicators");
    const char *need = lk_opt_str(&o, "needs");
    lk_registry *reg = NULL;
    if (lk_registry_new(&reg) != LK_OK) {
        lk_opt_free(&o);
        return lk_cli_nomem(NULL);
    }
    for (size_t i = 0; i < files->given; i++) {
        int rc = lk_registry_load(reg, files->list[i]);
        if (rc != LK_OK) {
            int ec = lk_cli_fail(rc, lk_registry_errmsg(reg));
            lk_registry_free(reg);
            lk_opt_free(&o);
            return ec;
        }
    }
    lk_opt_free(&o); /* need is argv's */
    int ec = LK_EXIT_OK;
    if (need) {
        ec = needs(reg, need);
    } else {
        for (size_t i = 0; i < lk_registry_count(reg); i++) {
            const lk_indicator *d = lk_registry_get(reg, i);
            if (*d->base) continue; /* listed under their indicator */
            printf("%s: %s\n  %s\n  %s\n", d->id, d->name_nb, d->definition_nb, d->source);
            for (size_t v = 0; v < d->n_variants; v++)
                if (linked(reg, d->variants[v]))
                    printf("  also as %s (%s)\n", d->variants[v]->id, d->variants[v]->variant);
            putchar('\n');
        }
    }
    /* a write error on standard output is said once, by main */
    lk_registry_free(reg);
    return ec;
}
