"""The readers on inputs shaped as councils really send them, built here by hand
(never by casecheck's own writers), with the expected counts of the pinned
rules (issue #5: ASSESS-45WD, ICPC-15WD, LAC-REVIEW-TIMELY) computed in this
file by plain date arithmetic over the rows written, independently of
``checker.workdays`` and of the engines.

The shapes, from the public templates and validators:

- Annex A (Ofsted ILACS template): one sheet per list named ``List 4`` /
  ``List 5 - Section 47`` / ``List 8 - Children in Care``; a title and a
  description above the header row; headers spelt with odd case, spaces and
  line breaks; dates as Excel dates, as ``dd/mm/yyyy`` text and as Excel day
  numbers; ``Y``/``N``, ``Yes``/``No`` and ``a) Yes``/``b) No``; blank rows in
  the middle, trailing blank rows, a cover sheet, an extra notes column.
- CIN census XML (DfE, data-to-insight's csc-validator-be-cin samples): no
  XML declaration or a UTF-8 one, optionally the DfE namespace, a UTF-8 BOM,
  CRLF line ends, Sex as 1/2, ReferralNFA as 0/1, optional blocks absent,
  ``DateOfInitialCPC`` both in CINdetails and in Section47.
- SSDA903 CSVs (DfE return, csc-validator-be-903): Header, Episodes and
  Reviews files under any name (``SSDA903_2025_header.csv``), a BOM, CRLF,
  lower-case headers, extra columns, dd/mm/yyyy dates.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from dateutil.relativedelta import relativedelta
from openpyxl import Workbook

from checker.cli import cli

D = dt.date.fromisoformat

# England and Wales bank holidays for the dates used here (gov.uk/bank-holidays), listed by hand.
BANK_HOLIDAYS = {D(s) for s in (
    "2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25",
    "2024-12-26", "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25",
    "2025-12-25", "2025-12-26",
)}


def working(d: dt.date) -> bool:
    return d.weekday() < 5 and d not in BANK_HOLIDAYS


def wd_between(a: dt.date, b: dt.date) -> int:
    """Working days d with a < d <= b (a <= b)."""
    n, d = 0, a
    while d < b:
        d += dt.timedelta(days=1)
        n += working(d)
    return n


def wd_add(a: dt.date, n: int) -> dt.date:
    d = a
    while n:
        d += dt.timedelta(days=1)
        n -= working(d)
    return d


def within_wd(a: dt.date, b: dt.date, n: int) -> bool:
    return a <= b and wd_between(a, b) <= n


def excel_serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days


def run(path: Path, as_at: dt.date, *extra: str) -> dict:
    res = CliRunner().invoke(cli, ["run", "ilacs", "--data", str(path), "--as-at", as_at.isoformat(),
                                   "--format", "json", *extra])
    assert res.exit_code in (0, 1), res.output
    assert "Traceback" not in res.output
    return json.loads(res.stdout)


def counts(report: dict, rule: str) -> tuple[int, int, int]:
    r = {x["id"]: x for x in report["rules"]}[rule]
    c = r["counts"]
    return c["pass"], c["fail"], c["not_applicable"]


def accounted(report: dict, table: str, rows: int) -> None:
    """Every row written is read, and every row read is evaluated, excluded or rejected."""
    acc = report["accounting"][table]
    assert acc["read"] == rows, acc
    assert acc["read"] == acc["evaluated"] + sum(acc["excluded"].values()) + sum(acc["rejected"].values()), acc


# --------------------------------------------------------------------------- the expected outcomes, by hand


def assess_45wd(rows, as_at):
    """(pass, fail, not applicable) over (start, authorised) pairs: every assessment is single (post-2013)."""
    out = [0, 0, 0]
    for start, auth in rows:
        if auth is None and wd_between(start, as_at) <= 45:
            out[2] += 1
        elif auth is not None and within_wd(start, auth, 45):
            out[0] += 1
        else:
            out[1] += 1
    return tuple(out)


def icpc_15wd(rows, as_at):
    """(pass, fail, not applicable) over (strategy discussion, icpc not required, icpc date)."""
    out = [0, 0, 0]
    for start, not_required, icpc in rows:
        if not_required or (icpc is None and wd_between(start, as_at) <= 15):
            out[2] += 1
        elif icpc is not None and within_wd(start, icpc, 15):
            out[0] += 1
        else:
            out[1] += 1
    return tuple(out)


def lac_review_latest(rows, as_at):
    """Annex A's variant (only the latest review): is a review overdue at as_at?"""
    out = [0, 0, 0]
    for start, end, latest in rows:
        if latest is not None and not (start <= latest <= as_at):
            latest = None
        open_at = start <= as_at and (end is None or end > as_at)
        if not open_at or (latest is not None and latest + relativedelta(months=3) < as_at
                           <= latest + relativedelta(months=6)):
            out[2] += 1
        elif as_at <= (latest + relativedelta(months=3) if latest else wd_add(start, 20)):
            out[0] += 1
        else:
            out[1] += 1
    return tuple(out)


def lac_review_chain(start, end, reviews, as_at) -> bool:
    """Regulation 33 over the whole chain: 20 working days, 3 months, then 6 months."""
    until = min(end or as_at, as_at)
    anchor = start
    for i, r in enumerate(sorted(r for r in reviews if start <= r <= until)):
        ok = within_wd(anchor, r, 20) if i == 0 else anchor <= r <= anchor + relativedelta(months=3 if i == 1 else 6)
        if not ok:
            return False
        anchor = r
    n = len([r for r in reviews if start <= r <= until])
    if n == 0:
        return within_wd(start, until, 20)
    return until <= anchor + relativedelta(months=3 if n == 1 else 6)


# --------------------------------------------------------------------------- Annex A

AA_AS_AT = D("2025-06-30")

# List 4: (child, start, authorised, how the dates are written)
L4 = [
    ("C101", D("2025-03-03"), D("2025-05-02"), "date"),      # 42 wd across Easter and 5 May: pass
    ("C102", D("2025-03-03"), D("2025-05-09"), "text"),      # 46 wd: fail
    ("C103", D("2024-12-02"), D("2025-02-06"), "serial"),    # across Christmas: 45 wd exactly: pass
    ("C104", D("2025-06-20"), None, "date"),                 # open, not yet due
    ("C105", D("2025-01-06"), None, "text"),                 # open and overdue: fail
    ("C106", D("2025-03-24"), D("2025-05-29"), "datetime"),  # 44 wd (Easter, 5 and 26 May): pass
    (" C107 ", D("2025-04-14"), D("2025-06-18"), "text"),   # 43 wd, id with spaces: pass
]
# List 5: (child, strategy discussion, ICPC deemed unnecessary (as written), ICPC date)
L5 = [
    ("C201", D("2025-04-10"), "N", D("2025-05-06")),         # 15 wd across Easter + 5 May: pass
    ("C202", D("2025-04-10"), "No", D("2025-05-07")),        # 16 wd: fail
    ("C203", D("2025-05-01"), "a) Yes", None),               # not required: n/a
    ("C204", D("2025-05-01"), "Y", D("2025-06-20")),         # not required even though held: n/a
    ("C205", D("2025-06-16"), "N", None),                    # not yet due: n/a
    ("C206", D("2025-05-01"), "b) No", None),                # overdue: fail
    ("C207", D("2024-12-16"), None, D("2025-01-08")),        # blank = not recorded as unnecessary; 14 wd: pass
]
# List 8: (child, start, end, latest statutory review)
L8 = [
    ("C301", D("2025-01-06"), None, D("2025-05-15")),        # next due Aug: pass
    ("C302", D("2024-06-03"), None, D("2024-12-10")),        # > 6 months: fail
    ("C303", D("2025-06-02"), None, None),                   # first due 30 June (20 wd): pass
    ("C304", D("2025-04-01"), None, None),                   # first due 1 May: fail
    ("C305", D("2024-09-02"), None, D("2025-02-20")),        # 3 to 6 months: n/a
    ("C306", D("2024-09-02"), D("2025-03-01"), D("2024-09-20")),  # left care: n/a
]


def _date_cell(d, how):
    if d is None:
        return None
    return {"date": d, "datetime": dt.datetime.combine(d, dt.time()), "text": d.strftime("%d/%m/%Y"),
            "serial": excel_serial(d)}[how]


def _sheet(wb, title, header, rows, *, title_rows=2, blank_every=3, trailing=4):
    ws = wb.create_sheet(title)
    ws.append([f"{title.split(' - ')[0]}: {title.split(' - ')[-1]}"])
    if title_rows > 1:
        ws.append(["Please provide one row per event in the six months before the inspection. Dates as dd/mm/yyyy."])
    for _ in range(title_rows - 2):
        ws.append([])
    ws.append(header)
    for i, r in enumerate(rows):
        ws.append(list(r))
        if blank_every and i % blank_every == blank_every - 1:
            ws.append([None] * len(header))
    for _ in range(trailing):
        ws.append(["", None, "  "])
    return ws


def annex_a_workbook(path: Path) -> Path:
    wb = Workbook()
    cover = wb.active
    cover.title = "Guidance"
    cover.append(["Annex A: data template for the inspection of local authority children's services"])
    cover.append(["Complete each list; do not rename the columns."])
    _sheet(wb, "List 4 - Assessments", [
        "Child Unique ID", " GENDER ", "Ethnicity", "Date of Birth\n(dd/mm/yyyy)", "Age of Child (Years)",
        "Does the Child have a Disability", "Continuous Assessment\nStart Date",
        "Child Seen During Continuous Assessment", "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?", "Allocated Team",
        "Allocated Worker", "Notes (not for Ofsted)",
    ], [
        (cid, "a) Male" if i % 2 else "b) Female", "WBRI", dt.date(2015, 3, 1), 10, "b) No",
         _date_cell(s, how), "Yes", _date_cell(a, "text" if how == "text" else how), "a) Yes", "Team A",
         "Worker Name" if i % 3 else None, "checked by TM" if i == 1 else None)
        for i, (cid, s, a, how) in enumerate(L4)
    ])
    _sheet(wb, "List 5 - Section 47", [
        "child unique id", "Gender", "Ethnicity", "Date of Birth", "Does the child have a disability",
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan", "Allocated Team",
    ], [
        (cid, "b) Female", "a) WBRI", "01/02/2012", "N", _date_cell(s, "text" if i % 2 else "date"), nr,
         _date_cell(icpc, "serial" if i % 2 else "text"), "Yes" if icpc else None, "Team B")
        for i, (cid, s, nr, icpc) in enumerate(L5)
    ], title_rows=3)
    _sheet(wb, "List 8 - Children in Care", [
        "Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Date Started to be Looked After",
        "Child's Legal Status", "Date of Latest Statutory Review", "Date Ceased to be Looked After",
        "Placement Type",
    ], [
        (cid, "a) Male", "WBRI", D("2012-01-01"), _date_cell(s, "date"), "C2: Full care order",
         _date_cell(r, "text"), _date_cell(e, "text"), "U1: Foster placement with relative or friend")
        for cid, s, e, r in L8
    ], blank_every=2)
    wb.save(path)
    return path


def test_annex_a_as_councils_send_it(tmp_path):
    path = annex_a_workbook(tmp_path / "Annex A 2025 - Anytown.xlsx")
    rep = run(path, AA_AS_AT)
    assert rep["data"]["format"] == "annex-a"
    expected = assess_45wd([(s, a) for _, s, a, _ in L4], AA_AS_AT)
    assert expected == (4, 2, 1)  # the arithmetic of the table above, checked once by hand
    assert counts(rep, "ASSESS-45WD") == expected
    expected = icpc_15wd([(s, nr in ("Y", "a) Yes"), icpc) for _, s, nr, icpc in L5], AA_AS_AT)
    assert expected == (2, 2, 3)
    assert counts(rep, "ICPC-15WD") == expected
    expected = lac_review_latest([(s, e, r) for _, s, e, r in L8], AA_AS_AT)
    assert expected == (2, 2, 2)
    assert counts(rep, "LAC-REVIEW-TIMELY") == expected
    accounted(rep, "assessments", len(L4))
    accounted(rep, "s47_enquiries", len(L5))
    accounted(rep, "care_periods", len(L8))
    assert rep["accounting"]["assessments"]["evaluated"] == len(L4)
    assert not rep["rejections"], rep["rejections"]


# --------------------------------------------------------------------------- CIN census XML

CIN_AS_AT = D("2025-03-31")

# (child, referral, assessments [(start, authorised)], section 47s [(s47 start, icpc not required, icpc)])
CIN = [
    ("DfEX0000001", D("2024-10-01"), [(D("2024-10-02"), D("2024-12-04"))], [(D("2024-10-03"), False, D("2024-10-24"))]),
    ("DfEX0000002", D("2024-11-18"), [(D("2024-11-19"), D("2025-01-27"))], [(D("2024-12-10"), False, D("2025-01-06"))]),
    ("DfEX0000003", D("2025-03-10"), [(D("2025-03-11"), None)], []),
    ("DfEX0000004", D("2024-12-02"), [(D("2024-12-02"), None)], [(D("2025-02-03"), True, None)]),
    ("DfEX0000005", D("2025-03-03"), [], [(D("2025-03-14"), False, None), (D("2025-02-10"), False, None)]),
    ("DfEX0000006", D("2024-05-01"), [], []),  # a referral with no further blocks
    ("DfEX0000007", D("2024-06-03"), [(D("2024-06-03"), D("2024-08-05")), (D("2025-01-06"), D("2025-03-10"))],
     [(D("2024-12-23"), False, D("2025-01-14"))]),
]


def _d(d):
    return d.isoformat() if d else None


def cin_xml(namespace: bool) -> str:
    children = []
    for i, (cid, ref, assessments, s47s) in enumerate(CIN):
        parts = [f"<Child><ChildIdentifiers><LAchildID>{cid}</LAchildID>"]
        parts.append("<UPNunknown>UN1</UPNunknown>" if i % 2 else f"<UPN>A12345678901{i}</UPN>")
        parts.append(f"<PersonBirthDate>2015-0{i + 1}-14</PersonBirthDate><Sex>{1 + i % 2}</Sex></ChildIdentifiers>")
        if i != 5:  # ChildCharacteristics absent for one child
            parts.append("<ChildCharacteristics><Ethnicity>WBRI</Ethnicity>"
                         "<Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>")
        parts.append(f"<CINdetails><CINreferralDate>{_d(ref)}</CINreferralDate><ReferralSource>1A</ReferralSource>"
                     "<PrimaryNeedCode>N4</PrimaryNeedCode>")
        icpcs = [icpc for _, _, icpc in s47s if icpc]
        if icpcs:
            parts.append(f"<DateOfInitialCPC>{_d(icpcs[0])}</DateOfInitialCPC>")
        for start, auth in assessments:
            parts.append(f"<Assessments>\r\n<AssessmentActualStartDate>{_d(start)}</AssessmentActualStartDate>")
            if auth:
                parts.append(f"<AssessmentAuthorisationDate>{_d(auth)}</AssessmentAuthorisationDate>"
                             "<FactorsIdentifiedAtAssessment><AssessmentFactors>1C</AssessmentFactors>"
                             "</FactorsIdentifiedAtAssessment>")
            parts.append("</Assessments>")
        for start, not_required, icpc in s47s:
            parts.append(f"<Section47><S47ActualStartDate>{_d(start)}</S47ActualStartDate>"
                         f"<InitialCPCtarget>{_d(wd_add(start, 15))}</InitialCPCtarget>")
            if icpc:
                parts.append(f"<DateOfInitialCPC>{_d(icpc)}</DateOfInitialCPC>")
            parts.append(f"<ICPCnotRequired>{'1' if not_required else '0'}</ICPCnotRequired></Section47>")
        parts.append(f"<ReferralNFA>{'1' if i == 5 else '0'}</ReferralNFA></CINdetails></Child>")
        children.append("".join(parts))
    ns = ' xmlns="http://www.dfe.gov.uk/CIN"' if namespace else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\r\n<Message{ns}>\r\n<Header><CollectionDetails>'
            "<Collection>CIN</Collection><Year>2025</Year><ReferenceDate>2025-03-31</ReferenceDate>"
            "</CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>201</LEA><SoftwareCode>Local Authority"
            "</SoftwareCode><Release>ver 3.1.21</Release><SerialNo>001</SerialNo><DateTime>2025-04-02T11:14:05"
            "</DateTime></Source></Header>\r\n<Children>\r\n" + "\r\n".join(children) + "\r\n</Children>\r\n</Message>\r\n")


@pytest.mark.parametrize("namespace", [False, True], ids=["no-namespace", "dfe-namespace"])
def test_cin_census_as_councils_send_it(tmp_path, namespace):
    path = tmp_path / "CIN_Census_2025_201.xml"
    path.write_bytes(b"\xef\xbb\xbf" + cin_xml(namespace).encode("utf-8"))
    rep = run(path, CIN_AS_AT)
    assert rep["data"]["format"] == "cin-xml"
    expected = assess_45wd([a for _, _, assessments, _ in CIN for a in assessments], CIN_AS_AT)
    assert expected == (3, 2, 1)
    assert counts(rep, "ASSESS-45WD") == expected
    expected = icpc_15wd([s for _, _, _, s47s in CIN for s in s47s], CIN_AS_AT)
    assert expected == (2, 2, 2)
    assert counts(rep, "ICPC-15WD") == expected
    accounted(rep, "assessments", sum(len(a) for _, _, a, _ in CIN))
    accounted(rep, "s47_enquiries", sum(len(s) for *_, s in CIN))
    accounted(rep, "referrals", len(CIN))
    assert not rep["rejections"], rep["rejections"]


# --------------------------------------------------------------------------- SSDA903

S903_AS_AT = D("2025-03-31")

# (child, [(DECOM, DEC)], [review dates])
S903 = [
    ("101", [(D("2024-09-02"), None)], [D("2024-09-27"), D("2024-12-20"), D("2025-03-14")]),  # on time
    ("102", [(D("2024-09-02"), None)], [D("2024-10-04")]),            # first review late (> 20 wd)
    ("103", [(D("2025-03-10"), None)], []),                            # first not yet due
    ("104", [(D("2024-05-01"), D("2024-07-15")), (D("2024-07-15"), None)],
     [D("2024-05-29"), D("2024-08-28")]),                              # two episodes, one period; 2nd review 3m: ok; 3rd overdue by Feb: fail
    ("105", [(D("2024-06-03"), D("2024-11-29"))], [D("2024-06-28"), D("2024-09-27")]),  # left care before the next was due
    ("106", [(D("2025-01-06"), None)], []),                            # no first review in 20 wd: fail
]


def _uk(d):
    return d.strftime("%d/%m/%Y") if d else ""


def ssda903_folder(root: Path, missing: tuple[str, ...] = ()) -> Path:
    root.mkdir()
    files = {
        "SSDA903_2024-25_header.csv": ["child,sex,dob,ethnic,upn,mother,mc_dob,extra_notes"] + [
            f"{c},{1 + i % 2},{_uk(D('2012-03-01'))},WBRI,A{i:012d},,,note {i}" for i, (c, _, _) in enumerate(S903)],
        "SSDA903_2024-25_episodes.csv": ["CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,"
                                         "HOME_POST,PL_POST,URN,Team"] + [
            f"{c},{_uk(s)},{'S' if j == 0 else 'P'},C2,N1,U1,PR1,{_uk(e)},{'E11' if c == '105' and e else ('X1' if e else '')},"
            f"{'CARPL' if j == 0 and e and c == '104' else ''},AB1 2CD,AB3 4EF,SC123456,North"
            for c, eps, _ in S903 for j, (s, e) in enumerate(eps)],
        "SSDA903_2024-25_reviews.csv": ["Child,DOB,Review,Review_Code"] + [
            f"{c},{_uk(D('2012-03-01'))},{_uk(r)},PN1" for c, _, rs in S903 for r in rs],
    }
    for name, lines in files.items():
        if any(m in name for m in missing):
            continue
        (root / name).write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8") + b"\r\n")
    return root


def test_ssda903_as_councils_send_it(tmp_path):
    folder = ssda903_folder(tmp_path / "903 return 2025")
    rep = run(folder, S903_AS_AT)
    assert rep["data"]["format"] == "ssda903"
    outcomes = [lac_review_chain(eps[0][0], eps[-1][1], rs, S903_AS_AT) for _, eps, rs in S903]
    expected = (outcomes.count(True), outcomes.count(False), 0)
    assert expected == (3, 3, 0)
    assert counts(rep, "LAC-REVIEW-TIMELY") == expected
    accounted(rep, "children", len(S903))
    accounted(rep, "lac_reviews", sum(len(rs) for *_, rs in S903))
    assert rep["accounting"]["care_periods"]["evaluated"] == len(S903)
    assert not rep["rejections"], rep["rejections"]


# --------------------------------------------------------------------------- Annex A: harder shapes

L4_HEADER = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Continuous Assessment Start Date",
             "Continuous Assessment Date of Authorisation", "Allocated Team"]


def _l4_rows(spell):
    return [(cid.strip(), "F", "WBRI", "01/01/2014", spell(s), spell(a) if a else None, "Team A")
            for cid, s, a, _ in L4]


@pytest.mark.parametrize("spelling", [
    lambda d: d.strftime("%d-%m-%Y"),
    lambda d: d.strftime("%d.%m.%Y"),
    lambda d: d.strftime("%d/%m/%Y 00:00:00"),
    lambda d: d.strftime("%Y-%m-%d 00:00:00"),
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f" {d:%d/%m/%Y} ",
    lambda d: d.strftime("%d/%m/%Y 14:30"),
    lambda d: dt.datetime.combine(d, dt.time(9, 15)),
    lambda d: excel_serial(d) + 0.604,
], ids=["dd-mm-yyyy", "dd.mm.yyyy", "with-midnight", "iso-with-midnight", "no-leading-zeros", "padded",
        "text-with-time", "datetime-with-time", "day-number-with-time"])
def test_annex_a_dates_as_text_exports_write_them(tmp_path, spelling):
    wb = Workbook()
    ws = wb.active
    ws.title = "List 4"
    ws.append(L4_HEADER)
    ws.append(["", "", "", "dd/mm/yyyy", "dd/mm/yyyy", "dd/mm/yyyy", "Text"])  # a row of format hints
    for r in _l4_rows(spelling):
        ws.append(r)
    wb.save(tmp_path / "annex.xlsx")
    rep = run(tmp_path / "annex.xlsx", AA_AS_AT)
    assert counts(rep, "ASSESS-45WD") == assess_45wd([(s, a) for _, s, a, _ in L4], AA_AS_AT)
    accounted(rep, "assessments", len(L4))
    assert not rep["rejections"], rep["rejections"]
    assert any(w["code"] == "hint-row" and w["line"] == 2 for w in rep["warnings"])


@pytest.mark.parametrize("footer", [["Total: 7"], ["Total", 7], ["TOTAL", None, "  ", "7"], ["Grand total", 7.0]])
def test_annex_a_total_rows_under_a_list_are_excluded_with_why(tmp_path, footer):
    """Exports add a total under each list: it is no record (no start date, a count in the
    gender column), so it is excluded and counted so, never rejected, and the counts stand."""
    from openpyxl import load_workbook

    path = annex_a_workbook(tmp_path / "aa.xlsx")
    wb = load_workbook(path)
    for name in ("List 4 - Assessments", "List 8 - Children in Care"):
        wb[name].append(footer)
    wb.save(path)
    rep = run(path, AA_AS_AT)
    assert not rep["rejections"], rep["rejections"]
    assert counts(rep, "ASSESS-45WD") == assess_45wd([(s, a) for _, s, a, _ in L4], AA_AS_AT)
    assert counts(rep, "LAC-REVIEW-TIMELY") == lac_review_latest([(s, e, r) for _, s, e, r in L8], AA_AS_AT)
    for table, rows in (("assessments", L4), ("care_periods", L8)):
        accounted(rep, table, len(rows) + 1)
        assert rep["accounting"][table]["evaluated"] == len(rows)
        assert rep["accounting"][table]["excluded"] == {"Annex A total row under the list (a count, not a record)": 1}


def test_annex_a_a_child_id_that_only_starts_like_total_is_a_record(tmp_path):
    from checker.data.readers.annex_a_sheets import footer_row

    assert footer_row(["Total: 7"]) and footer_row(["  total ", 7, None])
    assert not footer_row(["TOTAL1", "a) Male", "WBRI"])  # an ID, not the word
    assert not footer_row(["Total", "a) Male"])  # text beside it: a record, judged (and rejected) as one


def test_annex_a_unreadable_dates_are_rejected_by_row_and_column(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "List 4 - Assessments"
    ws.append(L4_HEADER)
    rows = _l4_rows(lambda d: d.strftime("%d/%m/%Y"))
    rows[1] = rows[1][:4] + ("3-Mar-2025",) + rows[1][5:]
    rows[2] = rows[2][:4] + ("31/02/2025",) + rows[2][5:]
    for r in rows:
        ws.append(r)
    wb.save(tmp_path / "annex.xlsx")
    rep = run(tmp_path / "annex.xlsx", AA_AS_AT)
    accounted(rep, "assessments", len(L4))
    bad = sorted((r["row"], r["column"], r["value"]) for r in rep["rejections"])
    assert bad == [(3, "start_date", "3-Mar-2025"), (4, "start_date", "31/02/2025")]
    assert all("List 4 - Assessments" in r["file"] for r in rep["rejections"])
    messages = {r["value"]: r["message"] for r in rep["rejections"]}
    assert "not a real date" in messages["31/02/2025"] and "not a real date" not in messages["3-Mar-2025"]
    kept = [(s, a) for i, (_, s, a, _) in enumerate(L4) if i not in (1, 2)]
    assert counts(rep, "ASSESS-45WD") == assess_45wd(kept, AA_AS_AT)


def test_annex_a_group_labels_and_merged_header_cells(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "List 4"
    ws.append(["List 4: Assessments"])
    ws.merge_cells("A1:G1")
    ws.append(["Child Unique ID", "Child details", None, None, "Assessment", None, "Allocated Team"])
    ws.append([None, "Gender", "Ethnicity", "Date of Birth", "Continuous Assessment Start Date",
               "Continuous Assessment Date of Authorisation", None])
    ws.merge_cells("A2:A3")
    ws.merge_cells("G2:G3")
    ws.merge_cells("B2:D2")
    ws.merge_cells("E2:F2")
    for r in _l4_rows(lambda d: d):
        ws.append(r)
    wb.save(tmp_path / "annex.xlsx")
    rep = run(tmp_path / "annex.xlsx", AA_AS_AT)
    assert counts(rep, "ASSESS-45WD") == assess_45wd([(s, a) for _, s, a, _ in L4], AA_AS_AT)
    accounted(rep, "assessments", len(L4))


def test_annex_a_duplicated_header_uses_the_first_and_says_so(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "List 4"
    ws.append(L4_HEADER + ["Continuous Assessment Start Date"])
    for r in _l4_rows(lambda d: d):
        ws.append(list(r) + [dt.date(2020, 1, 1)])
    wb.save(tmp_path / "annex.xlsx")
    rep = run(tmp_path / "annex.xlsx", AA_AS_AT)
    assert counts(rep, "ASSESS-45WD") == assess_45wd([(s, a) for _, s, a, _ in L4], AA_AS_AT)
    dup = [w for w in rep["warnings"] if w["code"] == "duplicate-column"]
    assert dup and dup[0]["column"] == 8 and "List 4" in dup[0]["file"]


def test_annex_a_with_a_list_missing_judges_the_rest_and_names_what_it_could_not(tmp_path):
    path = annex_a_workbook(tmp_path / "annex.xlsx")
    from openpyxl import load_workbook
    wb = load_workbook(path)
    del wb["List 5 - Section 47"]
    wb.save(path)
    rep = run(path, AA_AS_AT)
    assert counts(rep, "ASSESS-45WD") == assess_45wd([(s, a) for _, s, a, _ in L4], AA_AS_AT)
    assert "ICPC-15WD" not in {r["id"] for r in rep["rules"]}
    why = {r["id"]: r["needs"] for r in rep["not_run"]}["ICPC-15WD"]
    assert "Annex A has a place for but this input does not hold" in why[0]
    missing = [w["message"] for w in rep["warnings"] if w["code"] == "missing-list"]
    assert missing and "5 (section 47 enquiries and ICPCs)" in missing[0]


# --------------------------------------------------------------------------- hostile extras


def test_cin_census_with_a_child_repeated_keeps_the_first_and_rejects_the_copy(tmp_path):
    x = cin_xml(False)
    start, end = x.index("<Child>"), x.index("</Child>") + len("</Child>")
    path = tmp_path / "cin.xml"
    path.write_bytes((x[:end] + "\r\n" + x[start:end] + x[end:]).encode("utf-8"))
    rep = run(path, CIN_AS_AT)
    assert counts(rep, "ASSESS-45WD") == assess_45wd([a for _, _, a, _ in CIN for a in a], CIN_AS_AT)
    assert counts(rep, "ICPC-15WD") == icpc_15wd([s for *_, s47s in CIN for s in s47s], CIN_AS_AT)
    dup = [w["message"] for w in rep["warnings"] if w["code"] == "duplicate-child"]
    assert dup and "DfEX0000001" in dup[0] and "Child 2" in dup[0]
    # the copy's records are read and rejected, never silently dropped nor joined to the first child
    accounted(rep, "children", len(CIN) + 1)
    accounted(rep, "assessments", sum(len(a) for _, _, a, _ in CIN) + len(CIN[0][2]))
    accounted(rep, "s47_enquiries", sum(len(s) for *_, s in CIN) + len(CIN[0][3]))
    assert sum(rep["accounting"]["assessments"]["rejected"].values()) == len(CIN[0][2])
    # each rejected record names the duplicate, not a blank child_id it never had
    blocks = [r for r in rep["rejections"] if r["table"] != "children"]
    assert blocks and all("Child 2 repeats the LAchildID `DfEX0000001` of Child 1" in r["message"] for r in blocks)
    assert not any("blank" in r["message"] for r in rep["rejections"])


def test_ssda903_with_the_reviews_file_missing_does_not_judge_reviews(tmp_path):
    folder = ssda903_folder(tmp_path / "903", missing=("reviews",))
    rep = run(folder, S903_AS_AT)
    assert "LAC-REVIEW-TIMELY" not in {r["id"] for r in rep["rules"]}
    why = {r["id"]: r["needs"] for r in rep["not_run"]}["LAC-REVIEW-TIMELY"]
    assert "which SSDA903 has a place for (a sheet or file missing from it)" in why[0], why
    accounted(rep, "children", len(S903))


def test_ssda903_short_row_is_read_with_blank_trailing_cells_as_the_dfe_validator_reads_it(tmp_path):
    """csc-validator-be-903 reads the files with pandas.read_csv, which fills the missing
    trailing cells of a short row with blanks: so does casecheck, with a warning naming
    the file and row."""
    folder = ssda903_folder(tmp_path / "903")
    f = folder / "SSDA903_2024-25_episodes.csv"
    lines = f.read_bytes().decode("utf-8-sig").split("\r\n")
    width = len(lines[0].split(","))
    lines[1] = ",".join(lines[1].split(",")[:11])  # the row of child 101, its last cells dropped
    f.write_bytes("\r\n".join(lines).encode("utf-8"))
    rep = run(folder, S903_AS_AT)
    assert not rep["rejections"], rep["rejections"]
    (w,) = [w for w in rep["warnings"] if w["code"] == "short-row"]
    assert "episodes.csv` row 2 has 11 cells" in w["message"] and f"header has {width}" in w["message"]
    acc = rep["accounting"]["care_periods"]
    assert acc["read"] == acc["evaluated"] + sum(acc["excluded"].values()) + sum(acc["rejected"].values())
    outcomes = [lac_review_chain(eps[0][0], eps[-1][1], rs, S903_AS_AT) for _, eps, rs in S903]
    assert counts(rep, "LAC-REVIEW-TIMELY") == (outcomes.count(True), outcomes.count(False), 0)


def test_ssda903_long_row_is_rejected_by_file_and_row(tmp_path):
    folder = ssda903_folder(tmp_path / "903")
    f = folder / "SSDA903_2024-25_episodes.csv"
    lines = f.read_bytes().decode("utf-8-sig").split("\r\n")
    width = len(lines[0].split(","))
    lines[1] = lines[1] + ",extra"  # the row of child 101, a cell too many
    f.write_bytes("\r\n".join(lines).encode("utf-8"))
    rep = run(folder, S903_AS_AT)
    (rej,) = rep["rejections"]
    assert rej["row"] == 2 and rej["file"].endswith("episodes.csv") and f"{width + 1} cells" in rej["message"]
    acc = rep["accounting"]["care_periods"]
    assert acc["read"] == acc["evaluated"] + sum(acc["excluded"].values()) + sum(acc["rejected"].values())
    kept = [(eps, rs) for c, eps, rs in S903 if c != "101"]
    outcomes = [lac_review_chain(eps[0][0], eps[-1][1], rs, S903_AS_AT) for eps, rs in kept]
    assert counts(rep, "LAC-REVIEW-TIMELY") == (outcomes.count(True), outcomes.count(False), 0)


def test_ssda903_in_windows_1252_is_read(tmp_path):
    folder = ssda903_folder(tmp_path / "903")
    f = folder / "SSDA903_2024-25_episodes.csv"
    f.write_bytes(f.read_bytes().decode("utf-8-sig").replace("North", "Norð Café").encode("cp1252"))
    rep = run(folder, S903_AS_AT)
    assert any("Windows-1252" in w["message"] for w in rep["warnings"])
    outcomes = [lac_review_chain(eps[0][0], eps[-1][1], rs, S903_AS_AT) for _, eps, rs in S903]
    assert counts(rep, "LAC-REVIEW-TIMELY") == (outcomes.count(True), outcomes.count(False), 0)
    assert not rep["rejections"]


@pytest.mark.parametrize("hidden", [True, False], ids=["hidden-copy", "visible-copy"])
def test_annex_a_copy_of_a_list_is_not_counted_twice(tmp_path, hidden):
    from openpyxl import load_workbook
    path = annex_a_workbook(tmp_path / "annex.xlsx")
    wb = load_workbook(path)
    copy = wb.copy_worksheet(wb["List 4 - Assessments"])
    copy.title = "List 4 (old)"
    if hidden:
        copy.sheet_state = "hidden"
    wb.save(path)
    rep = run(path, AA_AS_AT)
    assert counts(rep, "ASSESS-45WD") == assess_45wd([(s, a) for _, s, a, _ in L4], AA_AS_AT)
    accounted(rep, "assessments", len(L4))
    code = "hidden-sheet" if hidden else "copied-sheet"
    said = [w["message"] for w in rep["warnings"] if w["code"] == code]
    assert said and "List 4 (old)" in said[0] and "not read" in said[0]


def test_annex_a_hidden_list_with_no_visible_one_is_read(tmp_path):
    from openpyxl import load_workbook
    path = annex_a_workbook(tmp_path / "annex.xlsx")
    wb = load_workbook(path)
    wb["List 4 - Assessments"].sheet_state = "hidden"
    wb.save(path)
    rep = run(path, AA_AS_AT)
    assert counts(rep, "ASSESS-45WD") == assess_45wd([(s, a) for _, s, a, _ in L4], AA_AS_AT)
