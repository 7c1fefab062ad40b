/* What the profile knows about each indicator beyond its definition: the chapter of forskrift om
 * oversikt over folkehelsen § 3 it belongs in (a befolkningssammensetning ... f helsetilstand),
 * whether it is value-neutral (an age share: a difference is a fact, not better or worse), and
 * the words that put it in a sentence ("2,6 prosent av innbyggerne 15–74 år i Drammen
 * registrert arbeidsledige"). The built-in indicators are all oppvekst- og levekårsforhold;
 * an indicator of an --indicators file is placed there too, and gets the plain sentence. */
#include <string.h>
#include "profile_internal.h"

static const lk__profile_phrase phrases[] = {
    { "unemployment", "av innbyggerne 15–74 år", "registrert arbeidsledige", "of residents aged 15–74",
      "were registered unemployed" },
    { "unemployment-youth", "av innbyggerne 15–24 år", "registrert arbeidsledige", "of residents aged 15–24",
      "were registered unemployed" },
    { "employment", "av innbyggerne 15–74 år", "sysselsatt", "of residents aged 15–74", "were employed" },
    { "social-assistance", "av innbyggerne 20–66 år", "sosialhjelpsmottakere", "of residents aged 20–66",
      "received social assistance" },
    { "social-assistance-18-24", "av innbyggerne 18–24 år", "sosialhjelpsmottakere", "of residents aged 18–24",
      "received social assistance" },
    { "social-assistance-25-66", "av innbyggerne 25–66 år", "sosialhjelpsmottakere", "of residents aged 25–66",
      "received social assistance" },
    { "youth-nav", "av innbyggerne 20–29 år", "mottakere av stønad til livsopphold", "of residents aged 20–29",
      "received benefits for their living" },
    { "unemployment-labour-force", "av arbeidsstyrken", "registrert helt ledige", "of the labour force",
      "were registered wholly unemployed" },
};

/* Indicators whose value is a composition, not a condition (none built in yet): by id. */
static const char *const neutral_ids[] = { "population-0-17", "population-67+", "population-80+", NULL };

char lk__profile_topic(const lk_indicator *ind)
{
    /* every built-in indicator describes oppvekst- og levekårsforhold (§ 3 b) */
    if (strncmp(ind->id, "population", 10) == 0) return 'a';
    return 'b';
}

int lk__profile_neutral(const lk_indicator *ind)
{
    for (size_t i = 0; neutral_ids[i]; i++)
        if (strcmp(ind->id, neutral_ids[i]) == 0) return 1;
    return 0;
}

const lk__profile_phrase *lk__profile_phrase_of(const lk_indicator *ind)
{
    if (ind->scale != LK_SCALE_PERCENT) return NULL;
    for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++)
        if (strcmp(phrases[i].id, ind->id) == 0) return &phrases[i];
    return NULL;
}

const char *lk_profile_topic_name(char topic, const char *lang)
{
    int en = lang && strcmp(lang, "en") == 0;
    switch (topic) {
    case 'a': return en ? "Population" : "Befolkningssammensetning";
    case 'b': return en ? "Childhood and living conditions" : "Oppvekst- og levekårsforhold";
    case 'c': return en ? "Physical, biological, chemical and social environment"
                        : "Fysisk, biologisk, kjemisk og sosialt miljø";
    case 'd': return en ? "Injuries and accidents" : "Skader og ulykker";
    case 'e': return en ? "Health-related behaviour" : "Helserelatert atferd";
    case 'f': return en ? "Health" : "Helsetilstand";
    default: return en ? "Other" : "Annet";
    }
}

lk_verdict lk__profile_verdict(const char *vs, int higher_is_worse, int neutral, int relevant)
{
    if (!vs || !*vs) return LK_VERDICT_NOT_TESTED;
    if (neutral) return LK_VERDICT_NEUTRAL;
    if (strcmp(vs, "similar") == 0 || !relevant) return LK_VERDICT_NOT_DIFFERENT;
    int higher = strcmp(vs, "higher") == 0;
    return higher == !!higher_is_worse ? LK_VERDICT_WORSE : LK_VERDICT_BETTER;
}

const char *lk_profile_item_verdict_name(const lk_profile_item *it, const char *lang)
{
    if (it && it->verdict == LK_VERDICT_NOT_DIFFERENT && it->significant && !it->relevant)
        return lang && strcmp(lang, "en") == 0 ? "small difference" : "liten forskjell";
    return lk_verdict_name(it ? it->verdict : LK_VERDICT_NO_DATA, lang);
}

const char *lk_verdict_name(lk_verdict v, const char *lang)
{
    int en = lang && strcmp(lang, "en") == 0;
    switch (v) {
    case LK_VERDICT_BETTER: return en ? "better" : "bedre";
    case LK_VERDICT_WORSE: return en ? "worse" : "dårligere";
    case LK_VERDICT_NOT_DIFFERENT: return en ? "not different" : "ikke forskjellig";
    case LK_VERDICT_NOT_TESTED: return en ? "not tested" : "ikke testet";
    case LK_VERDICT_NEUTRAL: return en ? "value-neutral" : "verdinøytral";
    default: return en ? "no data" : "ingen data";
    }
}
