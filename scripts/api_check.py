"""Helpers of scripts/api-check, the peer's check of tinhgon's JSON API.

  seed ADDR TOKEN     records, through the API, the party work the OpenAPI document's examples
                      name by number (admission 1, transfer 1, meeting 1 and its file 1, documents 1
                      2 (with task 1 and file 1) and 3, campaign 1, case 1, discipline decision 1), so
                      that the examples of the writes on them can be accepted.
  count HAR OPENAPI   counts (OPENAPI a file or the document's address), per write operation, the generated requests the server accepted (2xx),
                      from schemathesis' HAR report; fails when a write the account's role may take
                      (not every answer 403) accepted none.

Standard library only: it runs on the Python that runs schemathesis.
"""

import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

SEED = [
    ("POST", "/api/people", {"code": "42.0999101", "full_name": "Trần Văn Bình", "gender": "male", "birth_date": "1995-04-12"}),
    ("POST", "/api/people", {"code": "42.0999102", "full_name": "Lê Minh Châu", "gender": "female", "birth_date": "1997-09-03"}),
    ("POST", "/api/admissions", {"person": "42.0999101", "cell": "18073.DU.C01", "on": "2026-03-02"}),
    ("POST", "/api/transfers", {"person": "42.0000066", "to_cell": "18073.DU.C02", "on": "2026-11-02", "letter": "15-GGT/ĐU"}),
    ("POST", "/api/meetings", {"unit": "18073.DU.C01", "kind": "regular", "planned_on": "2026-12-01", "topic": "Sinh hoạt thường kỳ"}),
    ("FILE", "/api/meetings/1/files?name=bien-ban.pdf", b"%PDF-1.4\n% bien ban\n"),
    ("POST", "/api/documents", {"issuer": "18073.DU", "kind": "ke_hoach", "title": "Kế hoạch sơ kết"}),
    ("POST", "/api/documents", {"issuer": "18073.DU", "kind": "ke_hoach", "sign": "01-KH/ĐU", "issued_on": "2026-01-05", "title": "Kế hoạch thực hiện nhiệm vụ năm 2026", "targets": ["18073.DU.C01"]}),
    ("POST", "/api/documents/2/tasks", {"unit": "18073.DU.C01", "title": "Rà soát đảng viên", "deadline": "2026-06-30"}),
    ("FILE", "/api/documents/2/files?name=ke-hoach.pdf", b"%PDF-1.4\n% ke hoach\n"),
    ("POST", "/api/documents", {"issuer": "18073.DU", "kind": "chuong_trinh", "sign": "01-CTr/ĐU", "issued_on": "2026-01-06", "title": "Chương trình hành động"}),
    ("POST", "/api/campaigns", {"launcher": "18073.DU", "title": "Sơ kết", "reference_on": "2026-11-30", "report_by": "2026-12-31", "fields": ["members_total"]}),
    ("POST", "/api/cases", {"kind": "inspection", "handler": "42.TU.UBKT", "opened_on": "2026-05-04", "title": "Kiểm tra chi bộ", "subject_unit": "18073.DU.C01"}),
    ("POST", "/api/disciplines", {"person": "42.0000065", "form": "reprimand", "breach_on": "2026-01-10", "decided_by": "18073.DU", "decided_on": "2026-02-02", "decision_no": "5-QĐ/ĐU"}),
]


def seed(addr, token):
    for method, path, body in SEED:
        if method == "FILE":
            data, kind = body, "application/octet-stream"
        else:
            data, kind = json.dumps(body).encode(), "application/json"
        req = urllib.request.Request(addr + path, data=data, method="POST")
        req.add_header("Authorization", "Bearer " + token)
        req.add_header("Content-Type", kind)
        try:
            with urllib.request.urlopen(req) as r:
                r.read()
        except urllib.error.HTTPError as e:
            sys.exit(f"seed: {path} answered {e.code}: {e.read().decode()}")


def operations(openapi):
    """The write operations of the document, each with the pattern its paths match."""
    out = []
    for path, item in openapi["paths"].items():
        for method in item:
            if method in ("post", "delete"):
                pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$"
                out.append((method.upper(), path, re.compile(pattern)))
    return out


def count(har_path, openapi_path):
    with open(har_path) as f:
        entries = json.load(f)["log"]["entries"]
    if openapi_path.startswith("http"):
        with urllib.request.urlopen(openapi_path) as r:
            ops = operations(json.load(r))
    else:
        with open(openapi_path) as f:
            ops = operations(json.load(f))
    tally = {(m, p): {"accepted": 0, "forbidden": 0, "all": 0} for m, p, _ in ops}
    for e in entries:
        method = e["request"]["method"]
        path = urllib.parse.urlsplit(e["request"]["url"]).path
        status = e["response"]["status"]
        for m, p, pattern in ops:
            if m == method and pattern.match(path):
                t = tally[(m, p)]
                t["all"] += 1
                t["accepted"] += 200 <= status < 300
                t["forbidden"] += status == 403
                break
    failed = []
    for (m, p), t in sorted(tally.items(), key=lambda kv: kv[0][1]):
        # A 403 is the role's refusal (reach answers 404), whatever else the body had.
        role_may = t["forbidden"] == 0
        print(f"  {m:6} {p:45} accepted {t['accepted']:4} of {t['all']:5}" + ("" if role_may else "  (not the role's)"))
        if role_may and t["accepted"] == 0:
            failed.append(f"{m} {p}")
    if failed:
        sys.exit("no generated request accepted: " + ", ".join(failed))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "seed":
        seed(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "count":
        count(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
