"""Bounded input: zip bombs, thousands of headings, YAML aliases and oversized sheets are refused or stay fast."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import textwrap
import time
import zipfile
import zlib
from pathlib import Path

import docx
import pytest

from drafter.documents.draft import VersionSource
from drafter.documents.word_import import import_docx, parse_docx
from drafter.drafting.samples import docx_text
from drafter.errors import FactsError, InputError, SampleError
from drafter.facts.load import load_facts_yaml
from drafter.proofreading.wordlists import parse_entries
from drafter.settings import Limits, load_settings
from tests.storage.test_store import make_draft

GIB = 1024 ** 3


def _docx_with(document_xml_size: int, *, lie_to: int | None = None) -> bytes:
    """A real .docx whose word/document.xml is `document_xml_size` zeros, deflated (about size/1000 bytes).

    With lie_to, the zip directory declares that size and the CRC of that many zeros (a header that lies)."""
    base = io.BytesIO()
    docx.Document().save(base)
    src = zipfile.ZipFile(base)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                zf.writestr(info.filename, src.read(info.filename))
        with zf.open("word/document.xml", "w") as fh:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(document_xml_size // len(chunk)):
                fh.write(chunk)
    data = bytearray(out.getvalue())
    if lie_to is not None:
        package = zipfile.ZipFile(io.BytesIO(bytes(data)))
        info = package.getinfo("word/document.xml")
        crc = zlib.crc32(b"\0" * lie_to)
        struct.pack_into("<I", data, info.header_offset + 14, crc)
        struct.pack_into("<I", data, info.header_offset + 22, lie_to)
        pos = package.start_dir
        while True:  # this entry's central directory record, found by its name
            name_len = struct.unpack_from("<H", data, pos + 28)[0]
            if bytes(data[pos + 46:pos + 46 + name_len]) == b"word/document.xml":
                break
            pos += 46 + name_len + sum(struct.unpack_from("<HH", data, pos + 30))
        struct.pack_into("<I", data, pos + 16, crc)
        struct.pack_into("<I", data, pos + 24, lie_to)
    return bytes(data)


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    honest, liar = folder / "bomb.docx", folder / "liar.docx"
    honest.write_bytes(_docx_with(GIB))
    liar.write_bytes(_docx_with(GIB, lie_to=1000))
    return {"honest": honest, "liar": liar}


def _peak_mb(call: str, path: Path) -> tuple[float, str]:
    """Peak memory (MB) of a fresh process that runs `call` on the file's bytes; and what it printed."""
    script = textwrap.dedent(f"""
        import resource, sys
        from pathlib import Path
        from drafter.errors import DrafterError
        data = Path({str(path)!r}).read_bytes()
        try:
            {call}
            print("accepted")
        except DrafterError as exc:
            print("refused", exc)
        # VmHWM: this process's own peak. ru_maxrss would also hold the peak of the process it was forked from
        # (Linux keeps it across exec), i.e. pytest's own size.
        status = Path("/proc/self/status")
        hwm = [ln for ln in status.read_text().splitlines() if ln.startswith("VmHWM:")] if status.exists() else []
        print(int(hwm[0].split()[1]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.returncode == 0, out.stderr[-2000:]
    *lines, peak = out.stdout.strip().splitlines()
    return float(peak), "\n".join(lines)


def test_the_bomb_is_about_one_megabyte(bombs):
    assert bombs["honest"].stat().st_size < 1.5 * 1024 * 1024


@pytest.mark.parametrize("call", [
    "from drafter.documents.word_import import parse_docx; parse_docx(data)",
    "from drafter.drafting.samples import docx_text; docx_text(data)",
])
def test_zip_bomb_refused_under_400_mb(bombs, call):
    peak, said = _peak_mb(call, bombs["honest"])
    assert said.startswith("refused") and "解压后" in said
    assert peak < 400, f"peak {peak:.0f} MB"


def test_a_directory_that_lies_cannot_inflate_more(bombs):
    peak, said = _peak_mb("from drafter.documents.word_import import parse_docx; parse_docx(data)", bombs["liar"])
    assert peak < 400, f"peak {peak:.0f} MB"
    assert said.startswith("refused")  # 1000 zeros are no Word document


def test_bomb_messages_in_chinese_with_limits_from_settings(bombs, monkeypatch):
    small = Limits(docx_max_unpacked_mb=0.01)
    data = _docx_with(8 * 1024 * 1024)
    with pytest.raises(InputError, match="压缩比异常"):
        parse_docx(data)
    with pytest.raises(InputError, match="超过上限 0.01 MB"):
        parse_docx(data, small)
    with pytest.raises(SampleError, match="解压后|压缩比"):
        docx_text(data)
    env = {"DRAFTER_DOCX_MAX_MB": "5", "DRAFTER_DOCX_MAX_RATIO": "20"}
    assert load_settings(env, secrets_path=Path("/nonexistent")).limits.docx_max_ratio == 20
    monkeypatch.setenv("DRAFTER_DOCX_MAX_MB", "0.01")  # calls given no limits follow the environment
    with pytest.raises(InputError, match="超过上限 0.01 MB"):
        parse_docx(_docx_with(4 * 1024 * 1024))


def _headings_docx(n: int) -> bytes:
    document = docx.Document()
    document.add_paragraph("某支部2025年度工作总结")
    for i in range(n):
        document.add_paragraph(f"一、第{i}项新增的工作")
        document.add_paragraph(f"第{i}项工作的正文。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def four_thousand() -> bytes:
    return _headings_docx(4000)


def _draft():
    d = make_draft()
    for i, sec in enumerate(d.sections):
        sec.record(f"第{i}节的正文。", VersionSource.GENERATED)
    return d


def test_4000_headings_import_fast_and_capped_without_losing_text(four_thousand):
    draft = _draft()
    before = len(draft.sections)
    start = time.perf_counter()
    report = import_docx(draft, four_thousand)
    elapsed = time.perf_counter() - start
    assert elapsed < 5, f"{elapsed:.1f} s"
    assert len(report.added) == Limits().import_max_new_sections
    assert len(draft.sections) == before + Limits().import_max_new_sections
    assert any("超过 50 个上限" in m and "其余 3950 个" in m for m in report.messages)
    last = draft.section(report.added[-1]).text
    assert "第3999项工作的正文。" in last and "一、第3999项新增的工作" in last
    assert len(draft.outline_history) == 1  # one outline edit, not one per heading


def test_4000_new_sections_linear_when_the_cap_allows(four_thousand):
    draft = _draft()
    start = time.perf_counter()
    report = import_docx(draft, four_thousand, Limits(import_max_new_sections=10_000))
    elapsed = time.perf_counter() - start
    assert elapsed < 5, f"{elapsed:.1f} s"
    assert len(report.added) == 4000
    assert [s.heading for s in draft.sections][-1].endswith("第3999项新增的工作")


def test_tables_are_reported_not_dropped_silently():
    draft = _draft()
    document = docx.Document()
    document.add_paragraph(draft.title)
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "党员人数"
    out = io.BytesIO()
    document.save(out)
    assert parse_docx(out.getvalue()).tables == 1
    report = import_docx(draft, out.getvalue())
    assert any("1 个表格" in m for m in report.messages)


BILLION_LAUGHS = textwrap.dedent("""\
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    entries: [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    """)


def test_billion_laughs_refused_fast_for_word_lists_and_facts():
    start = time.perf_counter()
    with pytest.raises(InputError, match="锚点或别名"):
        parse_entries(BILLION_LAUGHS.encode(), "yaml")
    with pytest.raises(FactsError, match="锚点或别名"):
        load_facts_yaml("year: 2025\nbranch: {name: 支部}\n" + BILLION_LAUGHS.replace("entries", "achievements"))
    assert time.perf_counter() - start < 1


def test_oversized_sheets_refused_with_chinese_messages():
    acts = "".join(f"  - {{date: 2025-01-01, title: 活动{i}}}\n" for i in range(501))
    with pytest.raises(FactsError, match="条目过多（最多 500 条）"):
        load_facts_yaml("year: 2025\nbranch: {name: 支部}\nactivities:\n" + acts)
    with pytest.raises(FactsError, match="内容过长（最多 200000 字）"):  # a field without a limit of its own
        load_facts_yaml("year: 2025\nbranch: {name: 支部}\nactivities:\n  - {title: 学习, detail: " + "字" * 200_001 + "}\n")
    with pytest.raises(FactsError, match="其他说明：最多 5000 字"):  # the field's own limit (templates/fields.yaml)
        load_facts_yaml("year: 2025\nbranch: {name: 支部}\nnotes: " + "字" * 200_001 + "\n")
    start = time.perf_counter()
    with pytest.raises(FactsError, match="文件太大"):
        load_facts_yaml("year: 2025\nbranch: {name: 支部}\nactivities:\n" + acts * 200)
    assert time.perf_counter() - start < 1
