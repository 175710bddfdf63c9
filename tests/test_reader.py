"""Reading input: formats, ids, dates, and clear rejections that never stop the batch."""

from __future__ import annotations

import json
from datetime import date

import pytest

from kg.reader import Article, Rejected, parse_date, read_inputs


@pytest.mark.parametrize("text,expected", [
    ("2025-11-08", date(2025, 11, 8)),
    ("November 8, 2025", date(2025, 11, 8)),
    ("26-FEB-1987 15:01:01.79", date(1987, 2, 26)),
    ("December 31, 2017", date(2017, 12, 31)),
    ("1990-01-03", date(1990, 1, 3)),
    ("27-MAR-1987 00:02:59.13&#5;&#5;&#5;RM", date(1987, 3, 27)),
])
def test_reader_parses_usual_date_formats(text, expected):
    assert parse_date(text) == expected


def test_reader_rejects_unparseable_date():
    with pytest.raises(ValueError):
        parse_date("the day after tomorrow-ish")


def test_reader_txt_jsonl_and_directory(tmp_path):
    (tmp_path / "a.txt").write_text("Qatar mediated talks.", encoding="utf-8")
    rows = [{"id": "x1", "text": "Iran accused Iraq.", "date": "26-FEB-1987 15:01:01.79", "title": "T"},
            {"id": "x2", "text": "Peru granted asylum.", "url": "http://e.org/2", "source": "AP"}]
    (tmp_path / "b.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    (tmp_path / "ignored.rq").write_text("SELECT * {}", encoding="utf-8")
    items = list(read_inputs([tmp_path], default_date=date(2020, 1, 1)))
    arts = {a.id: a for a in items if isinstance(a, Article)}
    assert set(arts) == {"a", "x1", "x2"}
    assert arts["x1"].date == date(1987, 2, 26) and arts["x1"].date_from_input and arts["x1"].title == "T"
    assert arts["a"].date == date(2020, 1, 1) and not arts["a"].date_from_input
    assert arts["x2"].url == "http://e.org/2" and arts["x2"].source == "AP"


def test_reader_bad_records_are_rejected_with_line_and_fix(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text('{"id": "ok", "text": "Fine."}\nnot json\n{"id": "nt"}\n{"id": "ok", "text": "dup"}\n'
                 '{"id": "d", "text": "x", "date": "when pigs fly"}\n', encoding="utf-8")
    items = list(read_inputs([p]))
    ok = [a for a in items if isinstance(a, Article)]
    bad = [r for r in items if isinstance(r, Rejected)]
    assert [a.id for a in ok] == ["ok"]
    reasons = {r.origin.rsplit(":", 1)[1]: r for r in bad}
    assert set(reasons) == {"2", "3", "4", "5"}
    assert "not JSON" in reasons["2"].reason and "one JSON object per line" in reasons["2"].fix
    assert "'text'" in reasons["3"].reason
    assert "duplicate id" in reasons["4"].reason
    assert "does not parse" in reasons["5"].reason


def test_reader_empty_binary_and_missing_files(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 20)
    items = list(read_inputs([tmp_path / "empty.txt", tmp_path / "bin.txt", tmp_path / "nope.txt"]))
    assert all(isinstance(r, Rejected) for r in items)
    assert ["empty" in items[0].reason, "binary" in items[1].reason, "no such" in items[2].reason] == [True] * 3


def test_reader_windows_latin1_html_and_control_characters(tmp_path):
    (tmp_path / "w.txt").write_bytes("Caf\xe9 talks\r\nended.\x07".encode("cp1252"))
    (tmp_path / "h.txt").write_text("<html><head><script>x()</script></head><body><p>Iran accused Iraq.</p></body></html>",
                                    encoding="utf-8")
    arts = {a.id: a for a in read_inputs([tmp_path])}
    assert arts["w"].text == "Café talks\nended. "
    assert arts["h"].text == "Iran accused Iraq."


def test_reader_content_hash_changes_with_text():
    a = Article(id="a", text="one")
    b = Article(id="a", text="two")
    assert a.content_hash != b.content_hash and a.content_hash == Article(id="a", text="one").content_hash
