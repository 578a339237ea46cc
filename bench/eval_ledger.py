"""Drafts from a ledger (issue 17), checked by a reader of this bench's own: counts, length, dated runs, numbers.

The ledger is read here with openpyxl / csv and this file's own header words (not drafter.facts.ledger); the
routines are counted by the 类别 column (a joint meeting such as "组织生活会、民主评议" counts for both; 书记讲党课
is a 党课 row whose host is the sheet's secretary). Each "支委会N次"-style count in the draft is found with a
regular expression and said equal or different. Also: Chinese characters against the template's target, the
longest run of sentences opening with a date, numbers in the draft that neither the ledger nor the sheet holds,
and seconds a document.

Run: .venv/bin/python bench/eval_ledger.py [--engine template|llm] [--pair SHEET LEDGER]...
     [--measure SHEET LEDGER DRAFT.md SECONDS]... [--out FILE.md] [--quick]
Without --pair/--measure it drafts the in-repo example ledgers; --quick drafts them with the template only.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import itertools
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAIRS = [("examples/enterprise_ledger_summary_2025.yaml", "examples/ledgers/企业党支部2025年三会一课台账.xlsx"),
         ("examples/village_ledger_summary_2025.yaml", "examples/ledgers/村党支部2025年活动记录.csv")]

# Header words, checked in this order; a header cell goes to the first column whose word it contains.
HEADERS = [("expected", ("应到", "应参加", "应参会")), ("present", ("实到", "参加人数", "参会人数", "出席")),
           ("date", ("时间", "日期")), ("kind", ("类别", "类型", "形式")), ("host", ("主持", "主讲", "讲课", "授课", "组织者")),
           ("topic", ("议题", "主题", "名称")), ("content", ("内容",)), ("note", ("备注", "成效", "效果"))]
# Routine -> words of the 类别 cell that name it.
ROUTINES = {"支部党员大会": ("党员大会", "支部大会"), "支委会": ("支委", "支部委员会"), "党小组会": ("党小组",),
            "党课": ("党课",), "主题党日": ("主题党日",), "组织生活会": ("组织生活会",),
            "民主评议党员": ("民主评议",), "谈心谈话": ("谈心",)}
SECRETARY_LECTURE = "书记讲党课"
# Routine -> how a draft names it; a count follows as "N次" or "N场".
SAID = {"支部党员大会": r"(?:支部党员大会|党员大会|支部大会)", "支委会": r"(?:支委会|支部委员会会议|支委会议)",
        "党小组会": r"党小组会(?:议)?", "党课": r"(?<!书记讲)(?<!书记)(?<!专题)党课", "主题党日": r"主题党日(?:活动)?",
        "组织生活会": r"组织生活会", "民主评议党员": r"民主评议(?:党员)?(?:工作)?", "谈心谈话": r"谈心谈话(?:活动)?",
        SECRETARY_LECTURE: r"书记讲(?:专题)?党课"}
_CN = {c: i for i, c in enumerate("零一二三四五六七八九", 0)} | {"两": 2}
_COUNT = r"(?:活动|会议)?(?:共)?(\d+|[一二两三四五六七八九十]+)(?:次|场)"
_NUM = re.compile(r"\d+(?:\.\d+)?")
_DATE_TEXT = re.compile(r"(20\d\d)\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})")
_MONTH_DAY = re.compile(r"^\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ROUGH = re.compile(r"^\s*(\d{1,2})\s*月\s*(?:上旬|中旬|下旬|初|底|末)\s*$")
_TWO_DAYS = re.compile(r"\d\s*[日号][ \t]*[、，,；;和及与/\n]\s*\d")
_MONTH = re.compile(r"^\s*(?:20\d\d\s*[./年-]\s*(\d{1,2})\s*月?|(\d{1,2})\s*月)\s*份?\s*$")  # "2025.5", "5月"
_DATED = re.compile(r"^(?:(?:19|20)\d\d年)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}日|份|上旬|中旬|下旬|初|底|中)?")


def _cn_int(text: str) -> int:
    """12 or 十二 -> 12."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN.get(tens, 1) if tens else 1) * 10 + (_CN.get(ones, 0) if ones else 0)
    return _CN.get(text, 0)


def _cell(value: object) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}-{value.month}-{value.day}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def read_rows(path: Path) -> list[list[str]]:
    """Every row of the ledger's first sheet (or the CSV, or every table of a .docx one after another) as
    strings; dates as 2025-3-5."""
    if path.suffix.lower() == ".docx":
        import docx

        # a Word ledger is often one table a half-year or a page: the tables' rows read on as one list (a second
        # header row is no record: it has no date)
        return [[c.text.strip() for c in row.cells] for t in docx.Document(str(path)).tables for row in t.rows]
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        ws = openpyxl.load_workbook(path, data_only=True).worksheets[0]
        return [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "gbk"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]


def header_map(row: list[str]) -> dict[str, int]:
    """Column -> index, from one row's header cells."""
    found: dict[str, int] = {}
    for i, cell in enumerate(row):
        for column, words in HEADERS:
            if column not in found and any(w in cell for w in words):
                found[column] = i
                break
    return found


def _ymd(date: str) -> re.Match[str] | None:
    """Year, month, day of a date cell written with 年/月 or - / . between them, or as 20250612."""
    date = re.sub(r"^\s*(20\d\d)(\d\d)(\d\d)\s*$", r"\1-\2-\3", date)
    return _DATE_TEXT.search(date.replace("年", "-").replace("月", "-"))


def read_ledger(path: Path) -> list[dict[str, str]]:
    """The records: rows below the header (found in the first ten rows) with a date and a 类别."""
    rows = read_rows(path)
    found = [(h, cols) for h, cols in enumerate(map(header_map, rows[:10]))
             if {"date", "kind"} <= cols.keys() and len(cols) >= 3]
    if not found:
        raise SystemExit(f"{path}: no header row with a date and a 类别 column in the first ten rows")
    h, cols = found[0]
    # a two-row header: 应到/实到 under a merged 参加人数 — the second row's words name their columns
    below = header_map(rows[h + 1]) if h + 1 < len(rows) else {}
    if below and "date" not in below and not any(_ymd(c) for c in rows[h + 1]):
        cols, h = cols | below, h + 1
    records = []
    previous = ""
    for row in rows[h + 1:]:
        rec = {c: unicodedata.normalize("NFKC", row[i]) if i < len(row) else "" for c, i in cols.items()}
        # one "应到/实到" column ("27/23", a line each for several meetings): both numbers, the first line's
        both = re.match(r"\s*(\d+)\s*/\s*(\d+)", rec.get("expected", ""))
        if both and not rec.get("present"):
            rec["expected"], rec["present"] = both.group(1), both.group(2)
        if rec["date"].strip() in ("同上", "同前", "〃"):  # the row above's date, as TRUTH counts it
            rec["date"] = previous
        previous = rec["date"] or previous
        month_only = _MONTH.search(rec["date"]) and rec["kind"] not in ("其他", "其它")  # a meeting that month
        # a meeting whose date was left blank happened all the same (TRUTH counts it, in no month)
        undated = not rec["date"].strip() and rec.get("topic", "").strip() and rec["kind"] not in ("其他", "其它")
        if rec["kind"] and (_ymd(rec["date"]) or _MONTH_DAY.search(rec["date"]) or _ROUGH.search(rec["date"])
                            or month_only or undated):
            records.append(rec)
            if _TWO_DAYS.search(rec["date"]):  # "2025年8月5日、8月7日": two meetings in one row, as TRUTH counts
                # (and "9月10日\n9月11日\n9月12日" three): the head-count once
                days = len(re.findall(r"\d\s*[日号]", rec["date"]))
                records += [dict(rec, present="", expected="") for _ in range(max(1, days - 1))]
    # "9月23日" without a year: the year most rows give (a real record; the secretary left the year out)
    years = Counter(m.group(1) for r in records if (m := _ymd(r["date"])))
    year = years.most_common(1)[0][0] if years else ""
    for r in records:
        if not r["date"].strip():
            continue  # undated: counted, in no month
        if not _ymd(r["date"]) and year:
            if m := _MONTH_DAY.search(r["date"]):
                r["date"] = f"{year}-{m.group(1)}-{m.group(2)}"
            else:  # "4月上旬", "2025.5": a meeting held that month, its day not written down (counted, as TRUTH does)
                rough = _ROUGH.search(r["date"]) or _MONTH.search(r["date"])
                r["date"] = f"{year}-{next(g for g in rough.groups() if g)}-15"
    return records


def ledger_counts(records: list[dict[str, str]], secretary: str) -> dict[str, int]:
    """Routine -> rows of the ledger, by the 类别 column; 书记讲党课 by the host."""
    counts = Counter()
    for r in records:
        for routine, words in ROUTINES.items():
            # the 类别 names it, or the 主题 joins it to the row's own ("……主题党日暨书记讲党课")
            joined = "暨" in r.get("topic", "") and any(w in r["topic"].split("暨", 1)[1] for w in words)
            if any(w in r["kind"] for w in words) or joined:
                counts[routine] += 1
        host = r.get("host", "").strip()
        # the secretary by name, or by surname and post ("沈主任" for 沈嘉禾), as TRUTH counts it
        by_post = secretary and re.fullmatch(re.escape(secretary[0]) + r"(?:主任|书记|所长|院长|局长|经理|总)", host)
        if "党课" in r["kind"] and secretary and (secretary in host or by_post):
            counts[SECRETARY_LECTURE] += 1
    return dict(counts)


def draft_counts(text: str) -> dict[str, list[int]]:
    """Routine -> every count the draft gives it ("支委会12次", "开展主题党日活动十一次")."""
    flat = text.replace("\n", "")
    return {routine: [_cn_int(m.group(1)) for m in re.finditer(said + _COUNT, flat)]
            for routine, said in SAID.items()}


def compare_counts(ledger: dict[str, int], text: str) -> list[tuple[str, int, str, bool]]:
    """(routine, ledger count, what the draft says, equal) for every routine either side has."""
    said = draft_counts(text)
    flat = text.replace("\n", "")
    out = []
    for routine in SAID:
        n, found = ledger.get(routine, 0), said[routine]
        if not n and not found:
            continue
        if found:
            out.append((routine, n, "、".join(f"{k}次" for k in found), all(k == n for k in found)))
        elif n == 1 and re.search(SAID[routine], flat):
            out.append((routine, n, "named, no number (once)", True))
        else:
            out.append((routine, n, "not stated", False))
    return out


def body_lines(markdown: str, branch_name: str) -> list[str]:
    """The draft's text lines (characters counted as a secretary does: all visible ones) without the title, headings and the 落款 (unit name and date)."""
    out = []
    for line in markdown.splitlines():
        s = line.strip()
        if not s or s.startswith("#") or s == branch_name or re.fullmatch(r"20\d\d年\d{1,2}月\d{1,2}日", s):
            continue
        out.append(s)
    return out


def han_chars(lines: list[str]) -> int:
    """Chinese characters (CJK ideographs only; digits and punctuation not counted)."""
    return sum(len(re.findall(r"[\u4e00-\u9fff]", s)) for s in lines)


def longest_dated_run(markdown: str) -> tuple[int, str]:
    """The longest run of sentences in a row (within a section) that open with a date, and its first sentence."""
    best, first, run, start = 0, "", 0, ""
    for line in markdown.splitlines():
        if line.startswith("#"):
            run = 0
            continue
        for sentence in re.findall(r"[^。！？]+[。！？]?", line.strip()):
            if _DATED.match(sentence.strip()):
                run, start = run + 1, start if run else sentence
                if run > best:
                    best, first = run, start
            else:
                run = 0
    return best, first.strip()


def held_numbers(records: list[dict[str, str]], rows: list[list[str]], sheet_text: str,
                 counts: dict[str, int], year: int) -> set[str]:
    """Numbers the ledger or the sheet holds, or that follow from them by counting or adding."""
    held = set(_NUM.findall(sheet_text)) | {str(year - 1), str(year), str(year + 1)}
    for row in rows:
        for cell in row:
            held |= set(_NUM.findall(cell)) | set(re.findall(r"\d+", cell))  # "2025.11.20-11.28" holds 28
    held |= {str(n) for n in counts.values()} | {str(len(records))}
    held |= {str(n) for n in Counter(r["kind"] for r in records).values()}
    months = {m.group(2) for r in records if (m := _ymd(r["date"]))}
    held.add(str(len(months)))
    present = [int(r["present"]) for r in records if r.get("present", "").isdigit()]
    held.add(str(sum(present)))
    # 实到/应到 over any set of routines: a section reports the rate of the routines it totals
    by_routine = [[r for r in records if any(w in r["kind"] for w in ROUTINES[k])] for k in ROUTINES]
    groups = [[r for g, keep in zip(by_routine, mask, strict=True) if keep for r in g]
              for mask in itertools.product([False, True], repeat=len(by_routine))] + [records]
    held |= {rate for group in groups for rate in attendance_rates(group)}
    held |= {str(int(n)) for n in held if n.isdigit()}
    return held


def attendance_rates(records: list[dict[str, str]]) -> set[str]:
    """实到/应到 of these records as a draft may write it: of the sums or the mean of each row's, 82 or 81.6."""
    pairs = [(int(r["present"]), int(r["expected"])) for r in records
             if r.get("present", "").isdigit() and r.get("expected", "").isdigit() and int(r["expected"])]
    if not pairs:
        return set()
    rates = (100 * sum(p for p, _ in pairs) / sum(e for _, e in pairs), 100 * sum(p / e for p, e in pairs) / len(pairs))
    return {f"{x:.0f}" for x in rates} | {f"{x:.1f}" for x in rates}


def stray_numbers(text: str, held: set[str]) -> list[str]:
    """Numbers in the draft that are not held (a 百分比 or sum the bench cannot rebuild shows here too)."""
    return [n for n in _NUM.findall(text) if n not in held and str(int(float(n))) not in held]


def template_target(kind: str) -> int:
    """The template's own length target: the sum of its sections' target_chars."""
    data = yaml.safe_load((ROOT / "templates" / f"{kind}.yaml").read_text(encoding="utf-8"))
    return sum(int(s.get("target_chars", 0)) for s in data["sections"])


def draft(sheet: Path, ledger: Path, engine: str) -> tuple[str, float]:
    """Draft as `drafter draft SHEET --ledger LEDGER` does: the Markdown and the seconds it took."""
    from drafter.cli.draft import with_ledgers
    from drafter.documents.draft import new_draft
    from drafter.documents.export import to_markdown
    from drafter.drafting import engine as eng
    from drafter.drafting.context import EngineContext
    from drafter.drafting.samples import SampleLibrary
    from drafter.facts.load import load_facts_file
    from drafter.settings import load_settings

    t0 = time.perf_counter()
    settings = load_settings()
    facts = with_ledgers(load_facts_file(sheet), [ledger])
    ctx = EngineContext.create(settings, samples=SampleLibrary.from_settings(settings))
    outline = eng.default_outline(facts, ctx)
    if engine == "template":
        result = eng.template_draft(facts, ctx, outline)
    else:
        from drafter.llm import make_model

        result = new_draft(facts, outline)
        eng.draft_document(result, make_model(settings), ctx)
    for section in result.sections:  # a section that failed or was left unwritten is said, not only short
        if section.error:
            print(f"{sheet.stem} {section.heading or section.id}: {section.error}", file=sys.stderr)
    return to_markdown(result), time.perf_counter() - t0


def measure(sheet: Path, ledger: Path, markdown: str, seconds: float | None) -> dict:
    """Every figure of one document."""
    facts = yaml.safe_load(sheet.read_text(encoding="utf-8"))
    records, rows = read_ledger(ledger), read_rows(ledger)
    counts = ledger_counts(records, facts["branch"].get("secretary", ""))
    lines = body_lines(markdown, facts["branch"]["name"])
    text = "\n".join(lines)
    chars, han, target = sum(len(re.sub(r"\s", "", s)) for s in lines), han_chars(lines), template_target(facts["kind"])
    floor = 2000 if len(records) >= 35 else 1600
    return {"doc": sheet.stem, "ledger": ledger.name, "records": len(records), "chars": chars, "han": han,
            "target": target,
            "floor": floor, "counts": compare_counts(counts, text), "run": longest_dated_run(markdown),
            "stray": stray_numbers(text, held_numbers(records, rows, sheet.read_text(encoding="utf-8"), counts,
                                                      int(facts["year"]))),
            "seconds": seconds, "markdown": markdown}


def report(results: list[dict]) -> str:
    """The table and, per document, each count compared and each number the bench could not place."""
    lines = ["| document | records | characters / template target (floor) | of which 汉字 | counts equal "
             "| longest dated run | numbers in neither | seconds |", "|---|---|---|---|---|---|---|---|"]
    for r in results:
        equal = sum(1 for c in r["counts"] if c[3])
        floor = "meets" if r["chars"] >= r["floor"] else "MISSES"
        secs = f"{r['seconds']:.0f}" if r["seconds"] is not None else "—"
        lines.append(f"| {r['doc']} | {r['records']} | {r['chars']} / {r['target']} ({r['chars'] / r['target']:.0%}; "
                     f"{floor} {r['floor']}) | {r['han']} | {equal}/{len(r['counts'])} | {r['run'][0]} | {len(r['stray'])} | {secs} |")
    for r in results:
        lines += ["", f"{r['doc']} ({r['ledger']}):"]
        lines += [f"- {name}: ledger {n}, draft {said}: {'equal' if ok else 'DIFFERENT'}"
                  for name, n, said, ok in r["counts"]]
        if r["run"][0] > 3:
            lines.append(f"- dated run of {r['run'][0]} from: {r['run'][1]}")
        if r["stray"]:
            lines.append(f"- numbers in neither ledger nor sheet: {', '.join(r['stray'])}")
    return "\n".join(lines)


def main() -> int:
    """Draft (or take drafts made elsewhere), measure, print the table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engine", choices=["template", "llm"], default="llm", help="llm: the configured provider")
    ap.add_argument("--pair", nargs=2, action="append", default=[], metavar=("SHEET", "LEDGER"),
                    help="draft this sheet with this ledger (may be outside the repository)")
    ap.add_argument("--measure", nargs=4, action="append", default=[], metavar=("SHEET", "LEDGER", "DRAFT", "SECONDS"),
                    help="measure a draft made by `drafter draft -o DRAFT.md` (SECONDS: its time, or -)")
    ap.add_argument("--quick", action="store_true", help="the in-repo ledgers, template only, no model (CI)")
    ap.add_argument("--out", type=Path, help="also write the drafts to this Markdown file")
    args = ap.parse_args()
    results = []
    for sheet, ledger, path, secs in args.measure:
        text = Path(path).read_text(encoding="utf-8")
        results.append(measure(Path(sheet), Path(ledger), text, None if secs == "-" else float(secs)))
    pairs = args.pair or ([] if args.measure else [(ROOT / s, ROOT / le) for s, le in PAIRS])
    for sheet, ledger in pairs:
        text, secs = draft(Path(sheet), Path(ledger), "template" if args.quick else args.engine)
        results.append(measure(Path(sheet), Path(ledger), text, secs))
    out = report(results)
    print(out)
    if args.out:
        args.out.write_text(out + "".join(f"\n\n## {r['doc']}\n\n{r['markdown']}" for r in results), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
