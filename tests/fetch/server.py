#!/usr/bin/env python3
"""A replay of SSB's PxWebApi v2 for levekar's fetch tests, on 127.0.0.1 only.

Built from the published description (PxAPI-2.yml, SSB's guide; ../shared/docs/apis-and-profiles.md
sections 1.2-1.6), not from levekar's code: GET /tables/{id}/metadata (JSON-stat 2.0 without
values, `extension.elimination` per dimension), GET /tables/{id}/data with valueCodes[VAR]=a,b,
POST /tables/{id}/data with a VariablesSelection body, outputFormat json-stat2 or csv; 400
"Too many cells selected" above MAX_CELLS, 400 "Missing selection for mandantory variable",
400 "Non-existent value", 404 "Non-existent table", 500 with an empty body for a code given
twice, 404 for a GET URL over 2100 characters.

The first path segment is a mode, so one server plays every failure:
  ok        answers as the API does
  r429      the first data call of each URL is 429 with Retry-After: 1
  r429long  every data call is 429 with Retry-After: 3600
  e400      data calls: 400 {"title": "Non-existent value"}
  e500      data calls: 500 with an empty body
  slow      waits 3 s before answering
  trunc     announces more bytes than it sends, then closes
  badjson   a 200 whose JSON is cut off (no Content-Length)
  flaky2    the second distinct data call fails (500) the first time it is asked

Usage: server.py PORTFILE LOGFILE [MAX_CELLS]     (serves until killed)
       server.py --export-csv TABLE VAR=CODES...   (a selection as a PxWeb CSV export)
Every request is logged as one JSON line: method, path, query, body, mode.
"""
import json
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Synthetic tables in the shape of SSB's (codes and texts as SSB writes them; values made up).
REGIONS = [("0", "Hele landet"), ("33", "Buskerud"), ("3301", "Drammen"), ("3303", "Kongsberg"), ("3305", "Ringerike"),
           # the codes before the reforms (Drammen was 3005 in 2020-2023, 0602 before; Nedre Eiker
           # 0625 and Svelvik 0711 joined it in 2020; fylker 06 Buskerud, 07 Vestfold, 30 Viken)
           ("3005", "Drammen (2020-2023)"), ("0602", "Drammen (-2019)"), ("0625", "Nedre Eiker (-2019)"),
           ("0711", "Svelvik (-2019)"), ("06", "Buskerud (-2019)"), ("30", "Viken (2020-2023)")]
AGES = [("015", "15 år"), ("016", "16 år"), ("017", "17 år"), ("018", "18 år"), ("019", "19 år"),
        ("020-024", "20-24 år"), ("025-074", "25-74 år"), ("075+", "75 år eller eldre")]
YEARS = [str(y) for y in range(2016, 2021)]
MONTHS = [f"{y}M{m:02d}" for y in range(2016, 2021) for m in (10, 11)]
TABLES = {
    "07459": {
        "label": "07459: Befolkning, etter region, kjønn, alder, statistikkvariabel og år",
        "updated": "2026-02-25T07:00:00Z",
        "dims": [
            ("Region", "region", True, "geo", REGIONS),
            ("Kjonn", "kjønn", True, None, [("1", "Menn"), ("2", "Kvinner")]),
            ("Alder", "alder", True, None, AGES),
            ("ContentsCode", "statistikkvariabel", False, "metric", [("Personer1", "Personer")]),
            ("Tid", "år", False, "time", [(y, y) for y in YEARS]),
        ],
    },
    "13563": {
        "label": "13563: Kommunefordelt prioritert arbeidsstyrkestatus for 15 år og eldre (K), etter region, "
                 "prioritert arbeidsstyrkestatus, alder, innvandringskategori, statistikkvariabel og år",
        "updated": "2025-03-05T07:00:00Z",
        "dims": [
            ("Region", "region", False, "geo", REGIONS[:5]),
            ("HovArbStyrkStatus", "prioritert arbeidsstyrkestatus", False, None,
             [("TOT", "I alt"), ("A.01", "Sysselsatte"), ("A.09", "Registrerte arbeidsledige")]),
            ("Alder", "alder", False, None, [("15-74", "15-74 år"), ("75+", "75 år eller eldre")]),
            ("InnvandrKat", "innvandringskategori", True, None, [("A-G", "I alt"), ("B", "Innvandrere")]),
            ("ContentsCode", "statistikkvariabel", False, "metric", [("Bosatte", "Bosatte")]),
            ("Tid", "år", False, "time", [("2021", "2021"), ("2022", "2022")]),
        ],
    },
    # KOSTRA: every variable mandatory, the region variable KOKkommuneregion0000 with EAK for
    # landet and EKAnn for a fylke's kommuner (the years made up to meet the population's)
    "14019": {
        "label": "14019: Utvalgte nøkkeltall for sosialtjenesten, etter region, statistikkvariabel og år",
        "updated": "2024-06-17T06:00:00Z",
        "dims": [
            ("KOKkommuneregion0000", "region", False, "geo",
             [("EAK", "Landet"), ("EKA33", "Buskerud"), ("3301", "Drammen"), ("EKG12", "KOSTRA-gruppe 12")]),
            ("ContentsCode", "statistikkvariabel", False, "metric",
             [("KOSsosantkliente0000", "Sosialhjelpstilfeller (antall)"),
              ("KOSant18240000", "Antall sosialhjelpstilfeller 18-24 år (antall)")]),
            ("Tid", "år", False, "time", [("2019", "2019"), ("2020", "2020")]),
        ],
    },
    "10539": {
        "label": "10539: Registrerte arbeidsledige 15-74 år, etter region, alder, statistikkvariabel og måned (K)",
        "updated": "2021-01-05T07:00:00Z",
        "dims": [
            ("Region", "region", True, "geo", REGIONS),
            ("Alder", "alder", True, None, [("15-74", "15-74 år"), ("15-24", "15-24 år")]),
            ("ContentsCode", "statistikkvariabel", False, "metric",
             [("RegHeltLedige", "Registrerte helt ledige"), ("RegHeltLedigeProsent", "Registrerte helt ledige i prosent av arbeidsstyrken")]),
            ("Tid", "måned", False, "time", [(m, m) for m in MONTHS]),
        ],
    },
}


# FHI Statistikk's Open API (source nokkel): GET {source}/Table/{id}/dimension, POST .../data
# with {"dimensions": [{"code", "filter": item|all|top, "values"}], "response": {"format"}}.
FHI = {
    "795": {
        "label": "Trangboddhet",
        "dims": [
            ("GEO", "Geografi", [("0", "Hele landet", [("33", "Buskerud", [("3301", "Drammen", []), ("3303", "Kongsberg", [])])])]),
            ("AAR", "År", [("2020_2020", "2020", []), ("2021_2021", "2021", [])]),
            ("KJONN", "Kjønn", [("0", "kjønn samlet", [])]),
            ("ALDER", "Alder", [("0_120", "alle aldre", [])]),
            ("MEASURE_TYPE", "Måltall", [("TELLER", "antall", []), ("RATE", "andel (prosent)", [])]),
        ],
    },
}


def fhi_flat(cats):
    out = []
    for c, l, kids in cats:
        out.append((c, l))
        out.extend(fhi_flat(kids))
    return out


def fhi_dimension(tid):
    def conv(cats):
        return [{"label": l, "value": c, "children": conv(k)} for c, l, k in cats]
    return {"dimensions": [{"code": c, "label": l, "categories": conv(cats)} for c, l, cats in FHI[tid]["dims"]]}


def fhi_data(tid, req):
    import itertools
    t = FHI[tid]
    sel = {d["code"]: d for d in req["dimensions"]}
    ids, size, dim, chosen = [], [], {}, []
    for code, label, cats in t["dims"]:
        flat = fhi_flat(cats)
        if code not in sel:
            raise Problem(400, "All dimension must have one and only one specified filter type")
        d = sel[code]
        if d["filter"] != "item":
            raise Problem(400, "unsupported filter in this replay")
        pick = [i for i, (c, _) in enumerate(flat) if c in d["values"]]
        if len(pick) != len(d["values"]):
            raise Problem(400, "Non-existent category")
        ids.append(code)
        size.append(len(pick))
        chosen.append(pick)
        dim[code] = {"label": label, "category": {"index": [flat[i][0] for i in pick],
                                                  "label": {flat[i][0]: flat[i][1] for i in pick}}}
    values = []
    for combo in itertools.product(*chosen):
        g, a, _, _, m = combo
        values.append(100 * (4 - g) + 10 * a if m == 0 else round(5.0 + g + a / 10, 1))
    return json.dumps({"class": "dataset", "version": "2.0", "href": None, "label": t["label"],
                       "updated": "2022-12-20T11:44:58.7706326+00:00", "source": None, "id": ids, "size": size,
                       "role": {"time": None, "geo": None, "metric": ["MEASURE_TYPE"]}, "dimension": dim,
                       "value": values, "status": ""}, ensure_ascii=False).encode("utf-8")


# SSB's codelist agg_KommSummer on 07459: today's kommuner summed back in time (K-3301), fylker
# as F-33 (codelist[Region]=agg_KommSummer with the metadata and the data)
TABLES["07459@agg_KommSummer"] = dict(TABLES["07459"], dims=[
    ("Region", "region", True, "geo", [("0", "Hele landet"), ("F-33", "Buskerud"), ("K-3301", "Drammen")])
] + TABLES["07459"]["dims"][1:])


def value(table, idx):
    """A made-up count per cell, a function of the category positions (and one cell missing)."""
    table = table.split("@")[0]
    if idx[0] >= 5 and table != "14019":
        return 100 + idx[0]  # the old codes: a small count
    if table == "07459":
        r, k, a, _, t = idx
        if (r, k, a, t) == (4, 1, 0, 4):
            return None
        return 1000 * (5 - r) + 37 * a + 11 * k + 3 * t + 1
    if table == "14019":
        r, c, t = idx
        return [12000, 3000, 2000, 900][r] // (1 + 5 * c) + t
    if table == "13563":
        r, h, a, i, _, t = idx
        return [5000, 4500, 300][h] * (5 - r) + 7 * a + 3 * i + t
    r, a, c, t = idx
    if c == 1:
        return round(2.5 + r * 0.1, 1)
    return 10 * (5 - r) + 3 * a + t % 7


def status(table, idx):
    return ".." if value(table, idx) is None else None


def metadata(tid):
    t = TABLES[tid]
    dim = {}
    role = {"geo": [], "time": [], "metric": []}
    for code, label, elim, r, vals in t["dims"]:
        dim[code] = {"label": label,
                     "category": {"index": {c: i for i, (c, _) in enumerate(vals)}, "label": {c: l for c, l in vals}},
                     "extension": {"elimination": elim, "show": "value"}}
        if r:
            role[r].append(code)
    return {"version": "2.0", "class": "dataset", "label": t["label"], "source": "Statistisk sentralbyrå",
            "updated": t["updated"], "id": [d[0] for d in t["dims"]], "size": [len(d[4]) for d in t["dims"]],
            "dimension": dim, "role": role, "extension": {"px": {"tableid": tid, "language": "no"}}}


class Problem(Exception):
    def __init__(self, status, title, empty=False):
        super().__init__(title)
        self.status, self.title, self.empty = status, title, empty


def resolve(tid, selection):
    """[(dimension, [positions])] for a selection {VAR: [codes]}, as the API checks it."""
    t = TABLES[tid]
    out = []
    known = {d[0].lower() for d in t["dims"]}
    for var in selection:
        if var.lower() not in known:
            raise Problem(400, "Non-existent variable")
    for di, (code, _, elim, _, vals) in enumerate(t["dims"]):
        codes = next((v for k, v in selection.items() if k.lower() == code.lower()), None)
        if codes is None:
            if not elim:
                raise Problem(400, "Missing selection for mandantory variable")
            continue
        pos = []
        for c in codes:
            if c == "*":
                pos.extend(range(len(vals)))
                continue
            hit = [i for i, (vc, _) in enumerate(vals) if vc.lower() == c.lower()]
            if not hit:
                raise Problem(400, "Non-existent value")
            if hit[0] in pos:
                raise Problem(500, "", empty=True)  # the API's answer to a code given twice
            pos.append(hit[0])
        out.append((di, sorted(pos)))
    return out


def cube(tid, sel, max_cells):
    t = TABLES[tid]
    cells = 1
    for _, pos in sel:
        cells *= len(pos)
    if cells > max_cells:
        raise Problem(400, "Too many cells selected")
    # eliminated variables are summed over all their values
    chosen = {di: pos for di, pos in sel}
    full = [chosen.get(di, list(range(len(d[4])))) for di, d in enumerate(t["dims"])]
    return chosen, full


def cells_of(tid, chosen, full):
    """The answer's cells in row-major order over the selected dimensions, eliminated ones summed."""
    import itertools
    shown = sorted(chosen)
    out = []
    for combo in itertools.product(*[chosen[d] for d in shown]):
        fixed = dict(zip(shown, combo))
        total, missing = 0, False
        for rest in itertools.product(*[full[d] if d not in fixed else [fixed[d]] for d in range(len(full))]):
            v = value(tid, rest)
            if v is None:
                missing = True
            else:
                total += v
        out.append((None, "..") if missing else (total, None))
    return shown, out


def jsonstat(tid, chosen, full):
    t = TABLES[tid]
    shown, cells = cells_of(tid, chosen, full)
    dim, ids, size = {}, [], []
    for d in shown:
        code, label, elim, _, vals = t["dims"][d]
        sub = [vals[i] for i in chosen[d]]
        ids.append(code)
        size.append(len(sub))
        cat = {"index": {c: i for i, (c, _) in enumerate(sub)}, "label": {c: l for c, l in sub}}
        if t["dims"][d][3] == "metric":
            cat["unit"] = {c: {"base": "personer", "decimals": 0} for c, _ in sub}
        dim[code] = {"label": label, "category": cat, "extension": {"elimination": elim}}
    role = {r: [t["dims"][d][0] for d in shown if t["dims"][d][3] == r] for r in ("geo", "time", "metric")}
    st = {str(i): s for i, (v, s) in enumerate(cells) if s}
    ds = {"version": "2.0", "class": "dataset", "label": t["label"], "source": "Statistisk sentralbyrå",
          "updated": t["updated"], "id": ids, "size": size, "dimension": dim, "role": role,
          "value": [v for v, _ in cells]}
    if st:
        ds["status"] = st
    return json.dumps(ds, ensure_ascii=False).encode("utf-8")


def csv_answer(tid, chosen, full):
    """SSB's CSV with texts and semicolons: the stub variables, then one column per measure
    (heading=ContentsCode), Latin-1 as SSB's PX codepage."""
    import itertools
    t = TABLES[tid]
    shown, cells = cells_of(tid, chosen, full)
    metric = [d for d in shown if t["dims"][d][3] == "metric"]
    stub = [d for d in shown if d not in metric]
    pos = {d: i for i, d in enumerate(shown)}
    sizes = [len(chosen[d]) for d in shown]

    def flat(assign):
        k = 0
        for d in shown:
            k = k * len(chosen[d]) + assign[d]
        return k
    head = ['"%s"' % t["dims"][d][1] for d in stub]
    mvals = list(itertools.product(*[range(len(chosen[d])) for d in metric]))
    for mv in mvals:
        head.append('"%s"' % " ".join(t["dims"][d][4][chosen[d][i]][1] for d, i in zip(metric, mv)))
    lines = [";".join(head)]
    for sv in itertools.product(*[range(len(chosen[d])) for d in stub]):
        row = []
        for d, i in zip(stub, sv):
            c, l = t["dims"][d][4][chosen[d][i]]
            row.append('"%s %s"' % (c, l) if t["dims"][d][3] == "geo" else '"%s"' % l)
        for mv in mvals:
            assign = dict(zip(stub, sv))
            assign.update(dict(zip(metric, mv)))
            v, s = cells[flat(assign)]
            row.append(s if s else ("%g" % v))
        lines.append(";".join(row))
    del pos, sizes
    return ("\r\n".join(lines) + "\r\n").encode("latin-1")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen = {}
    data_calls = []

    def log_message(self, *args):
        pass

    def send(self, status, body, ctype="application/json; charset=UTF-8", extra=None, length=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.send_header("x-ratelimit-limit", "40")
        self.send_header("x-ratelimit-remaining", "39")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def problem(self, p):
        if p.empty:
            return self.send(p.status, b"")
        body = json.dumps({"type": "Parameter error", "title": p.title, "status": p.status}).encode()
        self.send(p.status, body, "application/problem+json; charset=UTF-8")

    def handle_any(self, method):
        url = urllib.parse.urlsplit(self.path)
        body = b""
        if method == "POST":
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with open(self.server.log, "a", encoding="utf-8") as log:
            log.write(json.dumps({"method": method, "path": url.path, "query": urllib.parse.unquote(url.query),
                                  "body": body.decode("utf-8"), "t": time.monotonic()}) + "\n")
        parts = url.path.strip("/").split("/")
        mode = parts[0] if parts else "ok"
        parts = parts[1:]
        q = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        try:
            if len(self.path) > 2100:
                raise Problem(404, "")
            if len(parts) == 4 and parts[0] == "nokkel" and parts[1].lower() == "table":
                if parts[2] not in FHI:
                    return self.send(404, json.dumps({"status": "Table not found"}).encode())
                if parts[3] == "dimension" and method == "GET":
                    return self.send(200, json.dumps(fhi_dimension(parts[2]), ensure_ascii=False).encode("utf-8"))
                if parts[3] == "data" and method == "POST":
                    return self.send(200, fhi_data(parts[2], json.loads(body)))
                raise Problem(404, "Non-existent page")
            if len(parts) < 3 or parts[0] != "tables":
                raise Problem(404, "Non-existent page")
            tid = parts[1]
            if tid not in TABLES:
                raise Problem(404, "Non-existent table")
            for k, v in q.items():
                if k.startswith("codelist[") and k.endswith("]"):
                    if tid + "@" + v[0] not in TABLES:
                        raise Problem(400, "Non-existent codelist")
                    tid = tid + "@" + v[0]
            if mode == "slow":
                time.sleep(3)
            if parts[2] == "metadata":
                return self.send(200, json.dumps(metadata(tid), ensure_ascii=False).encode("utf-8"),
                                 extra={"Last-Modified": "Wed, 25 Feb 2026 07:00:00 GMT"})
            if parts[2] != "data":
                raise Problem(404, "Non-existent page")
            key = self.path + body.decode()
            first = key not in Handler.seen
            Handler.seen[key] = True
            if first:
                Handler.data_calls.append(key)
            if mode == "r429long":
                return self.send(429, json.dumps({"title": "30 request per minute", "status": 429}).encode(),
                                 extra={"Retry-After": "3600"})
            if mode == "r429" and first:
                return self.send(429, json.dumps({"title": "30 request per minute", "status": 429}).encode(),
                                 extra={"Retry-After": "1"})
            if mode == "e400":
                raise Problem(400, "Non-existent value")
            if mode == "e500":
                raise Problem(500, "", empty=True)
            if mode == "flaky2" and first and len(Handler.data_calls) == 2:
                raise Problem(500, "", empty=True)
            fmt = (q.get("outputFormat") or ["json-stat2"])[0]
            if method == "POST":
                req = json.loads(body)
                selection = {s["variableCode"]: s["valueCodes"] for s in req["selection"]}
                for sel_var in req["selection"]:
                    if sel_var.get("codelist"):
                        tid = tid + "@" + sel_var["codelist"]
                        if tid not in TABLES:
                            raise Problem(400, "Non-existent codelist")
            else:
                selection = {}
                for k, v in q.items():
                    if k.startswith("valueCodes[") and k.endswith("]"):
                        selection[k[11:-1]] = [c for c in v[0].split(",") if c]
            chosen, full = cube(tid, resolve(tid, selection), self.server.max_cells)
            if fmt == "csv":
                return self.send(200, csv_answer(tid, chosen, full), "text/csv; charset=iso-8859-1")
            out = jsonstat(tid, chosen, full)
            if mode == "trunc":
                self.send(200, out[: len(out) // 2], length=len(out))
                self.close_connection = True
                return
            if mode == "badjson":
                return self.send(200, out[: len(out) // 2])
            return self.send(200, out, extra={"Last-Modified": "Wed, 25 Feb 2026 07:00:00 GMT"})
        except Problem as p:
            return self.problem(p)

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")


def export_csv(tid, args):
    """A selection (VAR=a,b ...) as the PxWeb UI exports it: title, blank line, the CSV (for the
    test that fetched data read like an exported file)."""
    t = TABLES[tid]
    selection = {a.split("=", 1)[0]: a.split("=", 1)[1].split(",") for a in args}
    chosen, full = cube(tid, resolve(tid, selection), 10 ** 9)
    sys.stdout.buffer.write(b'"' + t["label"].encode("latin-1") + b'"\r\n\r\n')
    sys.stdout.buffer.write(csv_answer(tid, chosen, full))


def main():
    if sys.argv[1] == "--export-csv":
        return export_csv(sys.argv[2], sys.argv[3:])
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.log = sys.argv[2]
    srv.max_cells = int(sys.argv[3]) if len(sys.argv) > 3 else 800000
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    import os
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    srv.serve_forever()


if __name__ == "__main__":
    main()
