#include <string.h>
#include "names.h"
#include "../common/ascii.h"

/* Lower-case one character at *s (ASCII, Æ Ø Å), advancing *s; returns a code for comparison. */
static unsigned fold(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    if (p[0] == 0xC3 && (p[1] == 0x85 || p[1] == 0x86 || p[1] == 0x98)) {
        *s += 2;
        return 0xC300u | (unsigned)(p[1] + 0x20);
    }
    if (p[0] == 0xC3 && p[1]) {
        *s += 2;
        return 0xC300u | p[1];
    }
    *s += 1;
    return (unsigned)lk_to_lower(p[0]);
}

int lk_name_eq(const char *a, const char *b)
{
    while (*a && *b)
        if (fold(&a) != fold(&b)) return 0;
    return *a == '\0' && *b == '\0';
}

static int in_list(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (lk_name_eq(name, *list)) return 1;
    return 0;
}

static const char *const region_names[] = {
    "region", "geografi", "kommune", "fylke", "bydel", "grunnkrets", "delområde", "kommuneregion",
    "KOKkommuneregion0000", "KOKbydelsregion0000", "KOKfylkesregion0000", "geography", "area",
    "municipality", "county", "Region/kommune", NULL
};
static const char *const period_names[] = {
    "år", "aar", "tid", "year", "time", "måned", "kvartal", "periode", "month", "quarter",
    "halvår", "uke", "week", "period", NULL
};
static const char *const measure_names[] = {
    "statistikkvariabel", "contents", "contentscode", "måltall", "measure_type", "measure",
    "statistical variable", NULL
};
static const char *const dim_names[] = {
    "alder", "kjønn", "KJONN", "ALDER", "UTDANN", "INNVAND", "LANDBAK", "age", "sex",
    "landbakgrunn", "innvandringskategori", "utdanningsnivå", NULL
};
static const char *const value_names[] = {
    "TELLER", "NEVNER", "RATE", "SMR", "MEIS", "sumTELLER", "sumNEVNER", "RATE.n", "MALTALL",
    "sumTELLER_uprikk", "sumNEVNER_uprikk", "TELLER_uprikk", "NEVNER_uprikk", "RATE_NO",
    "BEFVEKST_ANT", "MEIS_uprikk", "SMR_uprikk", NULL
};

lk_name_kind lk_name_classify(const char *name)
{
    if (!name || !*name) return LK_NAME_UNKNOWN;
    if (strcmp(name, "GEO") == 0) return LK_NAME_FHI_GEO;
    if (strcmp(name, "SPVFLAGG") == 0) return LK_NAME_FLAG;
    if (in_list(name, value_names)) return LK_NAME_VALUE;
    size_t n = strlen(name);
    if (n > 7 && strcmp(name + n - 7, "_uprikk") == 0) return LK_NAME_VALUE;
    if (in_list(name, region_names)) return LK_NAME_REGION;
    if (in_list(name, period_names)) return LK_NAME_PERIOD;
    if (in_list(name, measure_names)) return LK_NAME_MEASURE;
    if (in_list(name, dim_names)) return LK_NAME_DIM;
    return LK_NAME_UNKNOWN;
}
