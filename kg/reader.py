"""Reading input: files, directories, JSON Lines and standard input become `Article` records.

Readers stream: nothing holds the corpus in memory. A bad record never stops the batch; it
comes out as a `Rejected` naming the input, the line and the fix, and the caller decides what
to do with it (the build writes them to ``OUT/rejected.jsonl``).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

__all__ = ["Article", "Rejected", "read_inputs", "parse_date", "clean_text"]

MAX_ARTICLE_CHARS = 2_000_000
INPUT_SUFFIXES = (".txt", ".jsonl")
_ID_RE = re.compile(r"[^A-Za-z0-9._~-]+")


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, as read. `id` is unique within a build."""

    id: str
    text: str
    title: str | None = None
    date: date | None = None
    url: str | None = None
    source: str | None = None
    origin: str = ""  # where it came from: "path:line"
    date_from_input: bool = False

    @property
    def content_hash(self) -> str:
        h = hashlib.sha256()
        for part in (self.title or "", self.text, self.date.isoformat() if self.date else ""):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input record that could not be read, with what to do about it."""

    origin: str
    reason: str
    fix: str
    id: str | None = None

    def message(self) -> str:
        return f"{self.origin}: {self.reason} ({self.fix})"

    def as_dict(self) -> dict[str, str | None]:
        return {"origin": self.origin, "id": self.id, "reason": self.reason, "fix": self.fix}


@dataclass(slots=True)
class _Seen:
    ids: set[str] = field(default_factory=set)


def parse_date(value: str | None) -> date | None:
    """Parse the date formats news data comes in; raise ValueError when it cannot.

    >>> parse_date("2025-11-08"), parse_date("November 8, 2025"), parse_date("26-FEB-1987 15:01:01.79")
    (datetime.date(2025, 11, 8), datetime.date(2025, 11, 8), datetime.date(1987, 2, 26))
    """
    if value is None:
        return None
    value = str(value).strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    from html import unescape

    from dateutil import parser as dateparser

    # wire data carries junk after the date ("27-MAR-1987 00:02:59.13&#5;&#5;RM"): clean it, then
    # try the whole value, then its leading words
    cleaned = "".join(c for c in unescape(value) if c.isprintable()).strip()
    words = cleaned.split()
    for candidate in dict.fromkeys([cleaned, " ".join(words[:3]), " ".join(words[:2]), words[0] if words else ""]):
        if not candidate:
            continue
        try:
            parsed: datetime = dateparser.parse(candidate, default=datetime(1900, 1, 1))
        except (ValueError, OverflowError):
            continue
        if 1800 <= parsed.year <= 2200:
            return parsed.date()
    raise ValueError(f"unrecognised date {value!r}")


_CONTROL = {c for c in map(chr, range(32)) if c not in "\n\t"} | {"\x7f"}


def clean_text(text: str) -> str:
    """Normalise line endings and drop control characters; keep everything else as written."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(c in _CONTROL for c in text):
        text = "".join(" " if c in _CONTROL else c for c in text)
    return unicodedata.normalize("NFC", text)


def _safe_id(raw: str) -> str:
    return _ID_RE.sub("-", raw.strip()).strip("-")[:200] or "article"


def _decode(data: bytes, origin: str) -> str | Rejected:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Rejected(origin, "binary file, not text", "give a UTF-8 text or JSON Lines file")
    for enc in ("utf-8-sig", "utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return Rejected(origin, "text is neither UTF-8 nor Windows-1252", "re-encode the file as UTF-8")


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def _html_to_text(html: str) -> str:
    from html.parser import HTMLParser

    class _Extract(HTMLParser):
        skip = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form"}
        block = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "article", "section", "tr"}

        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.depth = 0
            self.out: list[str] = []

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag in self.skip:
                self.depth += 1
            elif tag in self.block:
                self.out.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in self.skip and self.depth:
                self.depth -= 1
            elif tag in self.block:
                self.out.append("\n")

        def handle_data(self, data: str) -> None:
            if not self.depth:
                self.out.append(data)

    p = _Extract()
    p.feed(html)
    lines = [" ".join(line.split()) for line in "".join(p.out).split("\n")]
    return "\n".join(line for line in lines if line)


def _make_article(
    raw_id: str, text: object, origin: str, default_date: date | None, seen: _Seen, **meta: object
) -> Article | Rejected:
    if not isinstance(text, str):
        return Rejected(origin, "field 'text' is missing or not a string", "give each record a 'text' string", raw_id)
    text = clean_text(text)
    if _looks_like_html(text):
        text = _html_to_text(text)
    if not text.strip():
        return Rejected(origin, "article text is empty", "remove the record or give it text", raw_id)
    if len(text) > MAX_ARTICLE_CHARS:
        return Rejected(
            origin,
            f"article has {len(text):,} characters, more than the {MAX_ARTICLE_CHARS:,} allowed",
            "split it into articles",
            raw_id,
        )
    art_id = _safe_id(raw_id)
    if art_id in seen.ids:
        return Rejected(origin, f"duplicate id {art_id!r} in this input", "give every article a unique id", art_id)
    raw_date = meta.get("date")
    try:
        d = parse_date(raw_date if isinstance(raw_date, str) else None)
    except ValueError:
        return Rejected(
            origin, f"date {raw_date!r} does not parse", "use YYYY-MM-DD or a date like 'November 8, 2025'", art_id
        )
    seen.ids.add(art_id)
    str_or_none = lambda k: (str(meta[k]).strip() or None) if meta.get(k) not in (None, "") else None  # noqa: E731
    return Article(
        id=art_id,
        text=text,
        title=str_or_none("title"),
        date=d or default_date,
        url=str_or_none("url"),
        source=str_or_none("source"),
        origin=origin,
        date_from_input=d is not None,
    )


def _read_jsonl_lines(lines: Iterable[str], name: str, default_date: date | None, seen: _Seen):
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line:
            continue
        origin = f"{name}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield Rejected(origin, f"line is not JSON ({e.msg})", "write one JSON object per line")
            continue
        if not isinstance(rec, dict):
            yield Rejected(origin, "line is JSON but not an object", "write one JSON object per line")
            continue
        raw_id = rec.get("id")
        raw_id = str(raw_id) if raw_id not in (None, "") else f"{Path(name).stem}-{n}"
        meta = {k: rec.get(k) for k in ("title", "date", "url", "source")}
        yield _make_article(raw_id, rec.get("text"), origin, default_date, seen, **meta)


def _read_file(path: Path, default_date: date | None, seen: _Seen) -> Iterator[Article | Rejected]:
    origin = str(path)
    if path.suffix.lower() == ".jsonl":
        try:
            fh = path.open("rb")
        except OSError as e:
            yield Rejected(origin, f"cannot open ({e.strerror})", "check the path and permissions")
            return
        with fh:
            def lines() -> Iterator[str]:
                for raw in fh:
                    decoded = _decode(raw, origin)
                    yield decoded if isinstance(decoded, str) else "\x00"
            yield from _read_jsonl_lines(lines(), origin, default_date, seen)
        return
    try:
        data = path.read_bytes()
    except OSError as e:
        yield Rejected(origin, f"cannot read ({e.strerror})", "check the path and permissions")
        return
    if not data.strip():
        yield Rejected(origin, "file is empty", "remove it or give it text", path.stem)
        return
    text = _decode(data, origin)
    if isinstance(text, Rejected):
        yield text
        return
    yield _make_article(path.stem, text, origin, default_date, seen)


def read_inputs(inputs: Iterable[str | Path], *, default_date: date | None = None) -> Iterator[Article | Rejected]:
    """Yield an `Article` or a `Rejected` for every record in `inputs`, lazily.

    Each input is a `.txt` file (one article; id = file stem), a `.jsonl` file (one article per
    line: `id`, `text`, optional `title`, `date`, `url`, `source`), a directory (every
    `.txt`/`.jsonl` below it, in sorted order) or ``-`` for standard input (JSON Lines if the
    first character is ``{``, else one plain-text article with id ``stdin``).
    """
    seen = _Seen()
    for item in inputs:
        if str(item) == "-":
            data = sys.stdin.read()
            if data.lstrip().startswith("{"):
                yield from _read_jsonl_lines(data.splitlines(), "<stdin>", default_date, seen)
            else:
                yield _make_article("stdin", data, "<stdin>", default_date, seen)
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
            if not files:
                yield Rejected(str(path), "directory has no .txt or .jsonl files", "point at a folder of articles")
            for f in files:
                yield from _read_file(f, default_date, seen)
        elif path.is_file():
            if path.suffix.lower() not in INPUT_SUFFIXES:
                yield Rejected(str(path), f"unsupported file type {path.suffix!r}", "give .txt or .jsonl files")
                continue
            yield from _read_file(path, default_date, seen)
        else:
            yield Rejected(str(path), "no such file or directory", "check the path")
