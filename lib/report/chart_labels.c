/* Point labels that do not overlap (chart_labels.h). Greedy, as a person labels a scatter plot:
 * the points the chart is about first, then the rest in order, each name on the first of four
 * sides of its point that is free. A name that has no free side is left out rather than printed
 * over another, and the chart says how many were (a covered name cannot be read either). */
#include "chart_labels.h"

typedef struct box {
    double x0, y0, x1, y1;
} box;

/* The gap between a point and its label, and the room a point's dot takes, in characters. */
#define GAP 0.6
#define DOT 0.5

static box label_box(const lk__label *l, lk__label_side side, double width, double height, double char_w, double line)
{
    double px = l->x * width, py = l->y * height, w = (double)l->chars * char_w, gap = GAP * char_w;
    box b;
    switch (side) {
    case LK__LABEL_LEFT:
        b.x1 = px - gap, b.x0 = b.x1 - w, b.y0 = py - line / 2, b.y1 = py + line / 2;
        break;
    case LK__LABEL_ABOVE:
        b.x0 = px - w / 2, b.x1 = px + w / 2, b.y0 = py + gap, b.y1 = b.y0 + line;
        break;
    case LK__LABEL_BELOW:
        b.x0 = px - w / 2, b.x1 = px + w / 2, b.y1 = py - gap, b.y0 = b.y1 - line;
        break;
    default: /* right */
        b.x0 = px + gap, b.x1 = b.x0 + w, b.y0 = py - line / 2, b.y1 = py + line / 2;
        break;
    }
    return b;
}

static int overlap(box a, box b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

static int inside(const lk__label *l)
{
    return l->x >= 0 && l->x <= 1 && l->y >= 0 && l->y <= 1;
}

static int free_at(const lk__label *labels, size_t n, size_t i, box b, double width, double height, double char_w,
                   double line, const lk__label_side *side)
{
    if (b.x0 < 0 || b.x1 > width || b.y0 < 0 || b.y1 > height) return 0;
    double dot = DOT * char_w;
    for (size_t j = 0; j < n; j++) {
        if (j == i || !inside(&labels[j])) continue;
        box d = { labels[j].x * width - dot, labels[j].y * height - dot, labels[j].x * width + dot, labels[j].y * height + dot };
        if (overlap(b, d)) return 0;
        if (side[j] != LK__LABEL_NONE && overlap(b, label_box(&labels[j], side[j], width, height, char_w, line)))
            return 0;
    }
    return 1;
}

size_t lk__chart_place_labels(const lk__label *labels, size_t n, double width, double height, double char_w, double line,
                              lk__label_side *side)
{
    static const lk__label_side order[4] = { LK__LABEL_RIGHT, LK__LABEL_LEFT, LK__LABEL_ABOVE, LK__LABEL_BELOW };
    size_t left_out = 0;
    for (size_t i = 0; i < n; i++) side[i] = LK__LABEL_NONE;
    for (int pass = 1; pass >= 0; pass--)
        for (size_t i = 0; i < n; i++) {
            if ((labels[i].first != 0) != pass || !inside(&labels[i])) continue;
            for (size_t k = 0; k < 4 && side[i] == LK__LABEL_NONE; k++) {
                box b = label_box(&labels[i], order[k], width, height, char_w, line);
                if (free_at(labels, n, i, b, width, height, char_w, line, side)) side[i] = order[k];
            }
            left_out += side[i] == LK__LABEL_NONE;
        }
    return left_out;
}
