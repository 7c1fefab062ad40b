/**
 * @file levekar.h
 * @brief levekar: Norwegian living-conditions statistics from SSB and FHI exports.
 *
 * Umbrella header. The data flow follows the modules:
 * read (levekar/read.h, levekar/labels.h) → tidy output (levekar/tidy.h).
 */
#ifndef LEVEKAR_H
#define LEVEKAR_H

#include "levekar/common.h"
#include "levekar/chart.h"
#include "levekar/numbers.h"
#include "levekar/labels.h"
#include "levekar/geography.h"
#include "levekar/harmonise.h"
#include "levekar/indicators.h"
#include "levekar/inputs.h"
#include "levekar/pipeline.h"
#include "levekar/read.h"
#include "levekar/report.h"
#include "levekar/stats.h"
#include "levekar/tidy.h"
#include "levekar/zones.h"
#include "levekar/standardise.h"
#include "levekar/suppress.h"
#include "levekar/inequality.h"
#include "levekar/composite.h"
#include "levekar/coverage.h"
#include "levekar/profile.h"
#include "levekar/fetch.h"

#endif /* LEVEKAR_H */
