"""The sample library: shipped samples, the user's .txt/.md/.docx files, bad files, uploads."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import docx
import pytest

from drafter.drafting.samples import (
    SampleLibrary,
    guess_kind,
    guess_org_type,
    read_sample,
    safe_filename,
    save_user_sample,
)
from drafter.errors import SampleError
from drafter.settings import Settings

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def make_docx(paragraphs: list[str]) -> bytes:
    """A Word file built with python-docx, one paragraph per item."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def shipped() -> SampleLibrary:
    return SampleLibrary.load(SAMPLES)


def test_shipped_library_has_nine_documents_without_warnings(shipped):
    assert shipped.warnings == []
    assert [s.id for s in shipped] == ["seed-000", "seed-001", "seed-002", "seed-003-1", "seed-003-2",
                                       "seed-003-3", "seed-003-4", "seed-003-5", "seed-004"]
    assert {s.meta.source_part for s in shipped if s.meta.source.startswith("003_")} == {
        "【篇一】", "【篇二】", "【篇三】", "【篇四】", "【篇五】"}
    for s in shipped:
        assert s.meta.origin == "shipped" and not s.meta.inferred
        assert s.chars > 500 and s.tokens > s.chars  # cl100k spends more than one token per CJK char
        assert s.meta.defects, f"{s.id} should list its known defects"


def test_shipped_metadata_as_decided(shipped):
    meta = {s.id: s.meta for s in shipped}
    assert {i: (m.kind, m.org_type, m.year) for i, m in meta.items()} == {
        "seed-000": ("annual_summary", "school", 2013),
        "seed-001": ("annual_summary", "school", 2012),
        "seed-002": ("annual_plan", "school", 2011),  # title says 2023, body 2017, era markers 2011
        "seed-003-1": ("annual_summary", "village", None),
        "seed-003-2": ("annual_summary", "school", 2014),
        "seed-003-3": ("annual_summary", "village", 2014),
        "seed-003-4": ("annual_summary", "school", None),
        "seed-003-5": ("annual_summary", "school", None),
        "seed-004": ("thematic_summary", "school", 2012),
    }
    codes = {i: {d.code for d in m.defects} for i, m in meta.items()}
    assert "garbled_dates" in codes["seed-001"]
    assert {"year_mismatch", "placeholders"} <= codes["seed-002"]
    assert all("placeholders" in codes[i] for i in ("seed-003-1", "seed-003-2", "seed-003-4", "seed-003-5"))
    assert meta["seed-004"].appendix == "dropped"


@pytest.mark.parametrize("chrome", ["小编", "访问次数", "您目前的位置", "点此访问", "学习啦", "【篇", "502128",
                                    "联系电话", "情况表", "自畅分享", "范文五篇"])
def test_web_chrome_is_gone(shipped, chrome):
    assert not [s.id for s in shipped if chrome in s.text]


def test_prose_is_kept_as_published(shipped):
    # Garbled dates and placeholders are defects to list, not to repair.
    assert "530日下午" in shipped.get("seed-001").text
    assert shipped.get("seed-002").text.count("建党__周年") == 4
    assert shipped.get("seed-000").text.splitlines()[2].endswith("现把一年来的工作汇报如下。\u3000\u3000\u3000\u3000")


def test_user_txt_without_front_matter_gets_inferred_metadata(tmp_path):
    user = tmp_path / "user"
    user.mkdir()
    text = "某某村党支部2026年工作计划\n\n一、指导思想\n坚持学习。\n二、主要任务\n抓好党建。\n\n某某村党支部\n2025年12月20日\n"
    (user / "村计划.txt").write_bytes(text.encode("gb18030"))  # Chinese Windows Notepad's encoding
    lib = SampleLibrary.load(SAMPLES, user)
    assert lib.warnings == []
    sample = lib.get("user-村计划")
    assert sample is not None and sample.meta.origin == "user" and sample.meta.inferred
    assert (sample.title, sample.kind, sample.org_type, sample.meta.year) == (
        "某某村党支部2026年工作计划", "annual_plan", "village", 2025)
    assert sample.parsed.headings == ["指导思想", "主要任务"]
    assert len(lib) == 10


def test_user_docx_sample_made_with_python_docx(tmp_path):
    user = tmp_path / "user"
    user.mkdir()
    (user / "医院总结.docx").write_bytes(make_docx([
        "某某医院党支部2025年度工作总结", "",
        "\u3000\u3000一年来，支部坚持以习近平新时代中国特色社会主义思想为指导。现将工作总结如下：",
        "一、强化政治引领。支部全年开展集中学习12次。",
        "(一)、抓好理论学习",
        "坚持第一议题制度。",
        "二、存在的问题",
        "学习形式还不够丰富。",
        "", "某某医院党支部", "2025年12月8日",
    ]))
    lib = SampleLibrary.load(None, user)
    assert lib.warnings == []
    sample = lib.get("user-医院总结")
    assert (sample.kind, sample.org_type, sample.meta.year) == ("annual_summary", "hospital", 2025)
    doc = sample.parsed
    assert doc.title == "某某医院党支部2025年度工作总结"
    assert doc.headings == ["强化政治引领", "存在的问题"]
    assert doc.sections[0].body == "支部全年开展集中学习12次。"
    assert [(c.marker, c.heading) for c in doc.sections[0].children] == [("(一)、", "抓好理论学习")]
    assert (doc.closing.unit, doc.closing.date_text) == ("某某医院党支部", "2025年12月8日")


def test_user_md_with_front_matter(tmp_path):
    user = tmp_path / "user"
    user.mkdir()
    (user / "mine.md").write_text("---\nid: mine\ntitle: 我的范文\nkind: thematic_summary\norg_type: community\n"
                                  "year: 2025\n---\n某社区党支部专题总结\n\n开头。\n一、做法\n内容。\n", encoding="utf-8")
    sample = SampleLibrary.load(None, user).get("mine")
    assert (sample.title, sample.kind, sample.org_type, sample.meta.year) == (
        "我的范文", "thematic_summary", "community", 2025)
    assert sample.meta.origin == "user" and not sample.meta.inferred


def test_broken_files_are_skipped_with_a_warning_naming_them(tmp_path, caplog):
    user = tmp_path / "user"
    user.mkdir()
    (user / "好的.txt").write_text("某小学党支部工作总结\n一、学习\n内容。", encoding="utf-8")
    (user / "坏的.docx").write_bytes(b"this is not a zip file")
    (user / "残缺.docx").write_bytes(make_docx(["x"])[:300])
    (user / "元数据坏.md").write_text("---\nid: [unclosed\n---\n正文", encoding="utf-8")
    (user / "类型错.md").write_text("---\nkind: report\n---\n正文", encoding="utf-8")
    (user / "空的.txt").write_text("\u3000\n\n", encoding="utf-8")
    (user / "乱码.txt").write_bytes(b"\xff\xfe\xfd\x80")
    (user / "扫描件.pdf").write_bytes(b"%PDF-1.4")
    (user / "~$好的.docx").write_bytes(b"lock")  # Word's lock file: ignored silently
    (user / ".hidden.txt").write_text("x", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="drafter.drafting.samples"):
        lib = SampleLibrary.load(SAMPLES, user)
    assert [s.id for s in lib if s.meta.origin == "user"] == ["user-好的"]
    assert len(lib) == 10
    for name in ("坏的.docx", "残缺.docx", "元数据坏.md", "类型错.md", "空的.txt", "乱码.txt", "扫描件.pdf"):
        assert any(name in w for w in lib.warnings), name
        assert any(name in r.getMessage() for r in caplog.records), name
    assert len(lib.warnings) == 7
    assert not any("~$" in w or ".hidden" in w for w in lib.warnings)
    assert all(w.startswith("已跳过范文文件 ") for w in lib.warnings)


def test_duplicate_ids(tmp_path):
    user = tmp_path / "user"
    user.mkdir()
    (user / "a.md").write_text("---\nid: seed-000\ntitle: 冒名\n---\n正文", encoding="utf-8")
    (user / "b.txt").write_text("计划\n正文", encoding="utf-8")
    (user / "b.md").write_text("计划\n正文", encoding="utf-8")
    lib = SampleLibrary.load(SAMPLES, user)
    assert lib.get("seed-000").meta.origin == "shipped"
    assert any("a.md" in w and "重复" in w for w in lib.warnings)
    assert lib.get("user-b") is not None and lib.get("user-b.txt") is not None


def test_missing_folders_give_an_empty_library(tmp_path):
    lib = SampleLibrary.load(tmp_path / "nope", tmp_path / "nope2")
    assert len(lib) == 0 and lib.warnings == []


def test_from_settings_reads_both_folders(tmp_path):
    settings = Settings(data_dir=tmp_path)
    save_user_sample(settings.user_samples_dir, "x.txt", "某村党支部工作总结\n一、学习\n内容。".encode())
    lib = SampleLibrary.from_settings(settings)
    assert len(lib) == 10 and lib.get("user-x").org_type == "village"


def test_save_user_sample_sanitises_and_never_escapes_the_folder(tmp_path):
    user = tmp_path / "samples"
    path = save_user_sample(user, "../../etc/我的 总结(1).TXT", "总结\n正文".encode())
    assert path.parent == user and path.name == "我的_总结(1).txt"
    assert path.read_text(encoding="utf-8") == "总结\n正文"
    assert save_user_sample(user, r"C:\Users\a\我的 总结(1).txt", "总结\n正文".encode()) == path  # same bytes
    other = save_user_sample(user, "我的 总结(1).txt", "总结\n别的正文".encode())
    assert other.name == "我的_总结(1)-2.txt"
    docx_path = save_user_sample(user, "w.docx", make_docx(["标题", "一、学习"]))
    assert read_sample(docx_path, origin="user").parsed.headings == ["学习"]
    assert not list(user.glob(".upload-*"))


@pytest.mark.parametrize(("name", "data", "words"), [
    ("a.doc", b"\xd0\xcf\x11\xe0", "格式"),
    ("a.pdf", b"%PDF", "格式"),
    ("noext", b"text", "格式"),
    ("a.docx", b"not a zip", ".docx"),
    ("a.txt", b"", "空"),
    ("a.txt", b"\xff\xfe\xfd\x80", "编码"),
    ("a.md", "---\nid: [x\n---\n正文".encode(), "YAML"),
])
def test_save_user_sample_rejects_bad_uploads(tmp_path, name, data, words):
    with pytest.raises(SampleError) as err:
        save_user_sample(tmp_path, name, data)
    assert words in str(err.value)
    assert not any(tmp_path.iterdir())


def test_safe_filename():
    assert safe_filename("") == "范文"
    assert safe_filename("..") == "范文"
    assert safe_filename("a/b/<bad>|name?.md") == "badname.md"


@pytest.mark.parametrize(("title", "kind"), [
    ("某小学党支部2025年工作总结", "annual_summary"),
    ("某村党支部2025年工作总结暨2026年工作计划", "annual_summary"),
    ("某医院党支部2026年党建工作要点", "annual_plan"),
    ("党纪学习教育专项总结", "thematic_summary"),
    ("田林二中党支部创先争优工作总结", "thematic_summary"),
])
def test_guess_kind(title, kind):
    assert guess_kind(title) == kind


@pytest.mark.parametrize(("title", "text", "org"), [
    ("某某大学化学学院党支部工作总结", "", "university"),
    ("嘉泽中心小学党支部工作总结", "村", "school"),
    ("党支部工作总结", "全村经济快速发展，村民代表大会，村民小组", "village"),
    ("党支部工作总结", "公司党支部围绕生产经营，企业发展", "enterprise"),
    ("党支部工作总结", "", "other"),
])
def test_guess_org_type(title, text, org):
    assert guess_org_type(title, text) == org


def test_cli_lists_the_library(monkeypatch, tmp_path, capsys):
    from drafter.cli import main

    monkeypatch.setenv("DRAFTER_DATA_DIR", str(tmp_path))
    (tmp_path / "samples").mkdir()
    (tmp_path / "samples" / "坏的.docx").write_bytes(b"junk")
    assert main(["samples"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == ["编号", "标题", "类型", "单位类型", "年份", "字数", "词元", "一级标题"]
    row = next(line for line in lines if line.startswith("seed-004"))
    assert row.split()[2:] == ["专项工作总结", "学校", "2012", "5191", str(read_sample(
        SAMPLES / "seed-004.md").tokens), "3"]
    assert "共 9 篇" in out
    assert "坏的.docx" in err


def test_cli_show_and_unknown_id(monkeypatch, tmp_path, capsys):
    from drafter.cli import main

    monkeypatch.setenv("DRAFTER_DATA_DIR", str(tmp_path))
    assert main(["samples", "show", "seed-000"]) == 0
    out = capsys.readouterr().out
    assert "标题：2013年度嘉泽中心小学党支部工作总结" in out
    assert "\n  一、党支部工作目标和理念\n" in out and "\n    1、党支部工作目标以支部书记" in out
    assert "落款：（无单位）　2013年12月6日" in out
    assert main(["samples", "show", "no-such"]) == 1
    assert "找不到编号为“no-such”的范文" in capsys.readouterr().err
    assert main(["samples", "show"]) == 1
