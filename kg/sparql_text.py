"""What ``kg serve``'s front reads in a SPARQL request before passing it on: the query or update text, whether
it would make the store fetch a URL (``SERVICE``, ``LOAD``), and a short form of Oxigraph's syntax errors."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

# strings (long ones first), IRIs and comments: their content never holds a keyword
_OPAQUE_RE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|' r"'''(?:[^'\\]|\\.|'(?!''))*'''|"
    r'"(?:[^"\\\n]|\\.)*"|' r"'(?:[^'\\\n]|\\.)*'|"
    r"<[^<>\"{}|^`\\\s]*>|#[^\n]*",
    re.DOTALL,
)
_FETCH_RE = re.compile(r"(?<![\w?$:])(SERVICE|LOAD)(?![\w:-])", re.IGNORECASE)
_SYNTAX_RE = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)


def request_text(query_string: str, body: bytes | None, content_type: str) -> str:
    """The SPARQL query or update of a request: from the URL, a form body, or a raw body."""
    parts = parse_qs(query_string, keep_blank_values=True)
    media = content_type.split(";")[0].strip().lower()
    raw = (body or b"").decode("utf-8", errors="replace")
    if media == "application/x-www-form-urlencoded":
        parts = {**parts, **parse_qs(raw, keep_blank_values=True)}
    elif media in ("application/sparql-query", "application/sparql-update"):
        return raw
    return "\n".join(v for key in ("query", "update") for v in parts.get(key, []))


def fetches(text: str) -> str | None:
    """'SERVICE' or 'LOAD' if ``text`` asks the store to fetch a URL, else None (keywords in strings, IRIs,
    comments, variable and prefixed names do not count)."""
    match = _FETCH_RE.search(_OPAQUE_RE.sub(" ", text))
    return match.group(1).upper() if match else None


def syntax_message(error: str, text: str) -> str:
    """Oxigraph's 'error at L:C: expected one of ...' (a list of grammar tokens) as one short line that
    shows where: 'SPARQL syntax error at line 1, column 28, near "…": expected …'."""
    match = _SYNTAX_RE.match(error.strip())
    if not match:
        return " ".join(error.split())[:300]
    line_no, column, detail = int(match[1]), int(match[2]), " ".join(match[3].split())
    lines = text.splitlines() or [""]
    line = lines[min(line_no, len(lines)) - 1]
    near = line[max(0, column - 21): column + 19].strip() or "the end of the query"
    if detail.startswith("expected one of"):
        tokens = detail.removeprefix("expected one of").strip().split(", ")
        detail = "expected one of " + ", ".join(tokens[:6]) + (", …" if len(tokens) > 6 else "")
    return f"SPARQL syntax error at line {line_no}, column {column}, near {near!r}: {detail[:200]}"
