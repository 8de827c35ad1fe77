"""Reader stage: article files -> ``Article`` records.

Consumes People's Daily article files (``.txt`` / ``.md``) in one of three layouts and produces one
:class:`kg.records.Article` per file; it is the first stage of the pipeline and knows nothing of NLP.

1. Bilingual: an English header (``Title:``, ``Author:``, ``Date:``, ``Page:`` or ``Edition:``; blank
   lines between them allowed, and a bare dateline just after them is read as part of it), the English
   body, optionally the translator's name list (a ``**Named Entities**`` line, then one ``中文 English``
   pair a line, with or without pinyin glosses in brackets, bullets, or headings such as
   ``Organizations:`` / ``People`` / ``Places`` / ``Events`` followed by a colon or a tab), a ``<hr />``
   line, ``Original:``, then a Chinese block (layout 2). The name list is not body text: it is kept as
   ``Article.name_pairs``. An English translation may stop mid-sentence before ``<hr />``; it is read as
   it is, and the Chinese block carries the rest.
2. Chinese block (the archive layout, also a file on its own)::

       ### 标题第一部分  标题第二部分
       作者甲　作者乙                  (may be empty)
       1989-10-03
       第5版(国内专页（经济）)          (section may be empty: 第3版())
       专栏：开拓新的绿色事业           (value may be empty)

           正文……                     (body lines, indented)

3. Plain text: a body only; its language is decided by the share of CJK characters, and it has no
   date or title.

Limits (docs/reliability.md): only regular files are read (a FIFO or device named ``x.txt`` would block
or never end); a file over ``max_bytes`` (default :data:`MAX_BYTES`, 1 MB) is skipped before it is read;
a body over :data:`MAX_BODY_CHARS` characters (spaCy's ``nlp.max_length``) is skipped, so no accepted
article can make the NLP stage fail (with the default, no body can reach it: a character takes at least
a byte). Text read from bytes never holds lone surrogates or NUL characters.

Bodies are normalised: every line is stripped of leading and trailing whitespace (including the
full-width space ``　``), blank lines are dropped and the remaining lines are joined with a single
``"\\n"``. The text of each line is otherwise unchanged. Character offsets used by later stages (and
stored in the graph) refer to this normalised body.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.errors import ArticleError, ConfigError
from kg.namelist import name_pairs
from kg.records import Article

SUFFIXES = (".txt", ".md")
MAX_BYTES = 1_000_000  # default file-size limit (kg build --max-size): real articles are < 200 kB
MAX_BODY_CHARS = 1_000_000  # spaCy's default nlp.max_length: a longer body can't be parsed
FIRST_ISSUE = dt.date(1946, 1, 1)  # the corpus starts in 1946; a date before it is worth a warning
SKIP_DIRS = frozenset({"__pycache__", "node_modules"})

_HEADER_RE = re.compile(r"^(title|authors?|date|page|edition|section|column)[ \t]*:(.*)$", re.IGNORECASE)
_HR_RE = re.compile(r"^\s*<hr\s*/?\s*>\s*$", re.IGNORECASE)
_ORIGINAL_RE = re.compile(r"^\s*Original\s*:\s*$", re.IGNORECASE)
_ORIGINAL_HALF_RE = re.compile(r"^[ \t]*Original[ \t]*:[ \t]*$", re.IGNORECASE | re.MULTILINE)
_ZH_TITLE_RE = re.compile(r"^###(?!#)[ \t]*(.*)$")
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_ZH_DATE_LINE_RE = re.compile(r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?$")
_ZH_PAGE_RE = re.compile(r"^第\s*(\S+?)\s*版\s*(?:[(（](.*)[)）])?$")
_ZH_COLUMN_RE = re.compile(r"^专栏\s*[：:](.*)$")
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_ID_BAD_RE = re.compile(r"[^A-Za-z0-9._-]")
_EN_AUTHOR_SPLIT_RE = re.compile(r"[,;，；]")
_ZH_AUTHOR_SPLIT_RE = re.compile(r"[\s、，,；;]+")
_NAMES_HEAD_RE = re.compile(r"^[#*_\s]*named[ \t]+entities[*_ \t]*[:：]?[*_ \t]*$", re.IGNORECASE)
_EN_DATELINE_RE = re.compile(
    r"^[(（\[]?(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"|(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:\d{1,2}\s+)?"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?:\s+\d{1,2}(?:st|nd|rd|th)?)?,?\s+\d{4})[)）\]]?\.?$", re.IGNORECASE)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


# ---------------------------------------------------------------------------------------------- public


def read_article(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Article:
    """Read one article file; raise :class:`ArticleError` if it can't be read as an article.

    Args:
        max_bytes: files larger than this are refused unread (see :data:`MAX_BYTES`).
    """
    source = _printable(str(path))  # for messages and the graph; the file is opened by ``path``
    raw = _read_bytes(source, Path(path), max_bytes)
    warnings: list[str] = []
    text = _decode(source, raw, warnings)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ArticleError(source, "empty file")
    lines = text.split("\n")
    fields: dict[str, object] = {}
    first = next(line.strip() for line in lines if line.strip())
    if _HEADER_RE.match(first):
        _parse_bilingual(source, lines, fields, warnings)
    elif _ZH_TITLE_RE.match(first):
        _parse_zh_block(source, lines, 0, fields, warnings)
        if not fields.get("date"):
            raise ArticleError(source, "no date (expected a YYYY-MM-DD line after the ### title)")
    else:
        body = _norm_body(lines)
        fields["body_zh" if _is_chinese(body) else "body_en"] = body
    if not fields.get("body_en") and not fields.get("body_zh"):
        raise ArticleError(source, "no article body")
    for key, lang in (("body_en", "English"), ("body_zh", "Chinese")):
        size = len(str(fields.get(key, "")))
        if size > MAX_BODY_CHARS:
            raise ArticleError(
                source, f"{lang} body has {size:,} characters, over the limit of {MAX_BODY_CHARS:,} "
                "(spaCy's nlp.max_length): split the article into several files")
    return Article(
        id=article_id(Path(path).stem),
        source=source,
        sha256=hashlib.sha256(raw).hexdigest(),
        warnings=tuple(dict.fromkeys(warnings)),
        **fields,  # type: ignore[arg-type]
    )


def iter_articles(
    path: str | Path, *, max_bytes: int = MAX_BYTES, warn: Callable[[str], None] | None = None
) -> Iterator[Article | ArticleError]:
    """Read a file, or every ``.txt``/``.md`` file under a directory (recursively, sorted by path).

    Hidden files and directories, ``__pycache__`` and ``README.*`` files are skipped. Directory
    symlinks are followed once (real paths are tracked, so loops end; a link back to one of its own
    parent folders is passed to ``warn`` as ``"<link>: symlink loop ..."``). A file that can't be read
    is yielded as its :class:`ArticleError` rather than raised. A path that doesn't exist raises
    :class:`ConfigError` at once.
    """
    root = Path(path)
    if not root.exists():
        if root.is_symlink():
            raise ConfigError(f"input path {str(path)!r} is a broken symlink")
        raise ConfigError(f"input path {str(path)!r} does not exist")
    if not root.is_dir():
        return _iter_file(root, max_bytes)
    return _iter_dir(root, max_bytes, warn)


def chinese_half(text: str) -> str:
    """The archive-layout part of a bilingual file: what follows its ``Original:`` line ('' if none).

    Benchmarks and evaluations use it to make a Chinese-only copy of a bilingual article.
    """
    match = _ORIGINAL_HALF_RE.search(text)
    return text[match.end() :].lstrip("\n") if match else ""


def article_id(stem: str) -> str:
    """A stable id usable in an IRI: ``stem`` with chars outside ``[A-Za-z0-9._-]`` replaced by ``_``.

    When anything had to be replaced (non-ASCII, spaces...), the first 8 hex digits of the SHA-256 of
    the stem are appended so that distinct stems keep distinct ids.
    """
    safe = _ID_BAD_RE.sub("_", stem)
    if safe != stem or not safe:
        safe = f"{safe}-{hashlib.sha256(stem.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
    return safe


# -------------------------------------------------------------------------------------------- walking


def _read_or_error(path: Path, max_bytes: int) -> Article | ArticleError:
    try:
        return read_article(path, max_bytes=max_bytes)
    except ArticleError as err:
        return err


def _iter_file(path: Path, max_bytes: int) -> Iterator[Article | ArticleError]:
    yield _read_or_error(path, max_bytes)


def _iter_dir(
    root: Path, max_bytes: int, warn: Callable[[str], None] | None
) -> Iterator[Article | ArticleError]:
    files, errors = _collect(root, warn)
    yield from errors
    for file in files:
        yield _read_or_error(file, max_bytes)


def _collect(root: Path, warn: Callable[[str], None] | None = None) -> tuple[list[Path], list[ArticleError]]:
    """All article files under ``root`` sorted by relative path, plus errors for unlistable dirs."""
    files: list[Path] = []
    errors: list[ArticleError] = []
    seen_dirs: set[str] = set()
    seen_files: set[str] = set()
    stack: list[tuple[Path, tuple[str, ...]]] = [(root, ())]  # a folder and the real paths above it
    while stack:
        directory, parents = stack.pop()
        real = os.path.realpath(directory)
        if real in parents:
            if warn is not None:
                warn(f"{_printable(str(directory))}: symlink loop back to {_printable(real)} (not followed)")
            continue
        if real in seen_dirs:  # the same folder reached through another link: read once
            continue
        seen_dirs.add(real)
        try:
            entries = list(os.scandir(directory))
        except OSError as err:
            problem = f"cannot list directory: {err.strerror or err}"
            errors.append(ArticleError(_printable(str(directory)), problem))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()  # follows symlinks; loops are cut by seen_dirs
            except OSError:
                is_dir = False
            if is_dir:
                if entry.name not in SKIP_DIRS:
                    stack.append((Path(entry.path), (*parents, real)))
            elif entry.name.lower().endswith(SUFFIXES) and not _is_readme(entry.name):
                real_file = os.path.realpath(entry.path)
                if real_file not in seen_files:  # a file reached twice through symlinks counts once
                    seen_files.add(real_file)
                    files.append(Path(entry.path))
    files.sort(key=lambda p: p.relative_to(root).parts)
    return files, errors


def _is_readme(name: str) -> bool:
    """``README.md`` / ``readme.txt``: documentation next to the data, not an article."""
    return name.rsplit(".", 1)[0].upper() == "README"


# ------------------------------------------------------------------------------------------- decoding


def _read_bytes(source: str, path: Path, max_bytes: int) -> bytes:
    """The file's bytes; a non-regular file, one over ``max_bytes`` or an OS error is an ArticleError."""
    try:
        with open(path, "rb", opener=_open_nonblocking) as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise ArticleError(source, f"not a regular file ({_kind(info.st_mode)}); not read")
            if info.st_size > max_bytes:
                raise ArticleError(source, f"file is {_size(info.st_size)}, over the {_size(max_bytes)} "
                                   "limit (raise it with --max-size)")
            # bounded (the file may grow while it is read), but never asks for more than the file holds
            raw = fh.read(min(max_bytes, info.st_size + 65536) + 1)
    except OSError as err:
        raise ArticleError(source, f"cannot read file: {err.strerror or err}") from err
    if len(raw) > max_bytes:
        raise ArticleError(source, f"file grew over the {_size(max_bytes)} limit while it was read")
    return raw


def _open_nonblocking(path: str, flags: int) -> int:
    """``open`` that can't hang on a FIFO with no writer (the flag is harmless on regular files)."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _printable(name: str) -> str:
    """A path as valid Unicode: bytes of a file name that aren't UTF-8 become U+FFFD (not lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "replace")
    return name


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a file")


def _size(n: int) -> str:
    """'52.4 MB', '5 MB', '812 kB' (decimal units, as --max-size takes them) when that is exact, else the
    bytes ('1,001,000 bytes': never '1 MB, over the 1 MB limit')."""
    for unit, scale in (("MB", 1_000_000), ("kB", 1000)):
        if n >= scale:
            shown = f"{n / scale:.1f}".removesuffix(".0")
            return f"{shown} {unit}" if round(float(shown) * scale) == n else f"{n:,} bytes"
    return f"{n} bytes"


def _decode(source: str, raw: bytes, warnings: list[str]) -> str:
    """Bytes -> str: UTF-8 (BOM stripped), else GB18030 with a warning; binary -> ArticleError."""
    if not raw.strip():
        raise ArticleError(source, "empty file")
    for boms, codec in (((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"), "UTF-32"),  # before UTF-16: same start
                        ((b"\xff\xfe", b"\xfe\xff"), "UTF-16")):
        if raw.startswith(boms):
            try:
                text = raw.decode(codec.lower())
            except UnicodeDecodeError:
                raise ArticleError(source, "binary file, not text") from None
            if "\x00" in text:
                raise ArticleError(source, "binary file, not text")
            warnings.append(f"decoded as {codec}")
            return text.lstrip("\ufeff")
    if b"\x00" in raw:
        raise ArticleError(source, "binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
            warnings.append("decoded as GB18030")
        except UnicodeDecodeError:
            text = raw.decode("utf-8", errors="replace")
            bad = text.count("\ufffd")
            if bad > max(3, len(text) // 100):
                raise ArticleError(source, "binary file, not text") from None
            warnings.append(f"{bad} undecodable byte(s) replaced with U+FFFD")
    if len(_CONTROL_RE.findall(text)) > max(3, len(text) // 100):
        raise ArticleError(source, "binary file, not text")
    return text.lstrip("\ufeff")


# -------------------------------------------------------------------------------------------- layouts


def _parse_bilingual(source: str, lines: list[str], fields: dict[str, object], warnings: list[str]) -> None:
    """English header + English body [+ ``<hr />`` + ``Original:`` + Chinese block]."""
    header: dict[str, str] = {}
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if stripped:
            m = _HEADER_RE.match(stripped)
            if not m:
                break
            key = m.group(1).lower().rstrip("s")
            header.setdefault(key, m.group(2).strip())
        i += 1
    while i < len(lines) and (not lines[i].strip() or _EN_DATELINE_RE.match(lines[i].strip())):
        i += 1  # a bare dateline under the header belongs to it, not to the body
    end = len(lines)
    for j in range(i, len(lines)):
        if _HR_RE.match(lines[j]) or _ORIGINAL_RE.match(lines[j]):
            end = j
            break
    names_at = next((j for j in range(i, end) if _NAMES_HEAD_RE.match(lines[j].strip())), end)
    if names_at < end:
        fields["name_pairs"] = name_pairs(lines[names_at + 1:end])
    fields["body_en"] = _norm_body(lines[i:names_at])
    fields["title_en"] = header.get("title", "")
    fields["authors_en"] = _split_authors(header.get("author", ""), _EN_AUTHOR_SPLIT_RE)
    fields["page"] = header.get("page") or header.get("edition") or ""
    if header.get("section"):
        fields["section"] = header["section"]
    if header.get("column"):
        fields["column"] = header["column"]
    date_en = _parse_date(source, header["date"], warnings) if header.get("date") else ""

    # the Chinese part
    k = end
    while k < len(lines) and (not lines[k].strip() or _HR_RE.match(lines[k]) or _ORIGINAL_RE.match(lines[k])):
        k += 1
    if k < len(lines):
        if _ZH_TITLE_RE.match(lines[k].strip()):
            zh: dict[str, object] = {}
            _parse_zh_block(source, lines, k, zh, warnings)
            for key in ("title_zh", "authors_zh", "body_zh", "section", "column"):
                if zh.get(key) and not fields.get(key):
                    fields[key] = zh[key]
            if not fields["page"] and zh.get("page"):
                fields["page"] = zh["page"]
            date_zh = str(zh.get("date", ""))
            if date_en and date_zh and date_en != date_zh:
                warnings.append(f"English date {date_en} differs from Chinese date {date_zh}")
            date_en = date_en or date_zh
        else:
            warnings.append("text after <hr /> has no '### title' line; read as Chinese body")
            fields["body_zh"] = _norm_body(lines[k:])
    elif end < len(lines):
        warnings.append("no Chinese text after the '<hr />' / 'Original:' line; English half only")
    if not fields["body_en"] and fields.get("body_zh"):
        warnings.append("no English body under the English header; Chinese half only")
    if not date_en:
        raise ArticleError(source, "no date (no 'Date:' header and no Chinese date line)")
    fields["date"] = date_en
    if not fields["title_en"] and not fields.get("title_zh"):
        warnings.append("no title")


def _parse_zh_block(
    source: str, lines: list[str], start: int, fields: dict[str, object], warnings: list[str]
) -> None:
    """Chinese archive block starting at the ``###`` line ``lines[start]`` (leading blanks allowed)."""
    while not lines[start].strip():
        start += 1
    m = _ZH_TITLE_RE.match(lines[start].strip())
    assert m is not None
    fields["title_zh"] = m.group(1).strip()
    author = date_raw = ""
    page_match: re.Match[str] | None = None
    i = start + 1
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        if line[:1].isspace():  # an indented line: the body has begun
            break
        if m := _ZH_COLUMN_RE.match(stripped):
            fields["column"] = m.group(1).strip()
            i += 1
            break
        if not date_raw and _ZH_DATE_LINE_RE.match(stripped):
            date_raw = stripped
        elif page_match is None and (pm := _ZH_PAGE_RE.match(stripped)):
            page_match = pm
        elif not author and not date_raw and page_match is None and len(stripped) <= 40:
            author = stripped
        else:  # an unindented body line after the header
            break
        i += 1
    if date_raw:
        fields["date"] = _parse_date(source, date_raw, warnings)
    if page_match is not None:
        fields["page"] = page_match.group(1)
        fields["section"] = (page_match.group(2) or "").strip()
    fields["authors_zh"] = _split_authors(author, _ZH_AUTHOR_SPLIT_RE)
    fields["body_zh"] = _norm_body(lines[i:])


# ---------------------------------------------------------------------------------------------- helpers


def _norm_body(lines: list[str]) -> str:
    """Strip each line, drop blank ones, join with ``"\\n"``: the text offsets refer to."""
    return "\n".join(s for s in (line.strip() for line in lines) if s)


def _parse_date(source: str, value: str, warnings: list[str] | None = None) -> str:
    """``YYYY-MM-DD`` (also ``/``, ``.`` or 年月日 separators) -> ISO; a bad date is an ArticleError, and a
    real date outside People's Daily's years (before 1946, or after today) a warning."""
    m = _DATE_RE.match(value.strip())
    if m:
        try:
            date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
        else:
            if warnings is not None and not FIRST_ISSUE <= date <= dt.date.today():
                when = "in the future" if date > dt.date.today() else "before 1946"
                warnings.append(f"date {date.isoformat()} is {when}: check the file's date line")
            return date.isoformat()
    shown = value.strip()[:40]
    raise ArticleError(source, f"bad date {shown!r} (expected a real date as YYYY-MM-DD)")


def _split_authors(value: str, sep: re.Pattern[str]) -> tuple[str, ...]:
    return tuple(a for a in (part.strip() for part in sep.split(value)) if a)


def _is_chinese(text: str) -> bool:
    """True if CJK ideographs make up at least half of the letters of ``text``."""
    letters = sum(1 for ch in text if ch.isalpha())
    return letters > 0 and len(_CJK_RE.findall(text)) * 2 >= letters
