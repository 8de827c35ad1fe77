"""Chinese named-entity recognition (PER / LOC / ORG) with a character-level CRF shipped in the package.

The model is a linear-chain CRF (CRFsuite, via ``python-crfsuite``) over characters, BIOES tags, trained
on the PKU ICL / Fujitsu annotated People's Daily corpus, January 1998 (see
``kg/models/zh_ner/MODEL_CARD.md`` and ``bench/train_zh_ner.py``). It is loaded from
``kg/models/zh_ner/zh_ner.crfsuite`` lazily, once per thread, with no network access. Features also use
the article's words and tags from ``kg.zhseg`` (``jieba.posseg``'s words with jieba's dictionary and the
domain words, computed by ``kg.posseg``), the same segmentation the zh rules read: a different dictionary
or engine shifts the features (retrain).

``entities(text, words)`` tags one text from its words; ``recognize(texts)`` returns, for each text, a
list of ``(start, end, label)`` spans with character offsets into the original text (end exclusive):
``text[start:end]`` is the entity. Full-width digits and letters (common in the archive) are folded to
ASCII for the features only, so offsets never move.

The feature extractor ``char_features`` lives here so that training and inference share it exactly.
"""

from __future__ import annotations

import functools
import re
import struct
import threading
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, repeat
from operator import add, attrgetter
from pathlib import Path
from typing import Any

import numpy as np

from kg.trie_regex import trie_pattern
from kg.zhseg import Word, tokenize

LABELS: tuple[str, ...] = ("PER", "LOC", "ORG")
MODEL_DIR: Path = Path(__file__).resolve().parent / "models" / "zh_ner"
MODEL_PATH: Path = MODEL_DIR / "zh_ner.crfsuite"

# Texts longer than this are tagged in chunks cut at sentence punctuation (the CRF is linear in length,
# chunking only bounds memory and keeps pathological inputs cheap).
_MAX_CHUNK = 2000
_SENT_END = frozenset("。！？；!?;\n")

# Common single-character surnames (hand-written list, the ~200 most frequent surnames).
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻"
    "苑迟邝钮鄢"
)
_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 独孤 南宫 西门".split()
)
# Characters / words that typically end a place or organisation name, and titles that precede a person.
_LOC_SUFFIX1 = frozenset("省市县区州镇乡村国洲岛山河江湖海湾港路街岭峰屯寨庄堡")
_LOC_SUFFIX2 = frozenset("自治区 自治州 自治县 地区 特区 半岛 群岛 大街 盆地 高原 平原".split())
_ORG_SUFFIX1 = frozenset("部委会局院厂司社校所行团队党署处厅组办馆站台报军庭")
_ORG_SUFFIX2 = frozenset(
    """委员会 公司 集团 大学 学院 中学 小学 银行 协会 学会 联合会 研究所 研究院 办公室 办公厅 政府 法院
    检察院 人大 政协 总局 中心 医院 工厂 基金会 联盟 组织 理事会 代表团 党委 支部 报社 电视台 通讯社
    出版社 俱乐部 球队""".split()
)
_PER_CONTEXT = frozenset(
    """主席 总理 书记 部长 省长 市长 县长 主任 委员 总统 首相 大使 局长 厂长 经理 董事长 校长 院长 记者
    教授 同志 先生 女士 夫人 总书记 副总理 司令 将军 处长 科长 村长 代表 会长 秘书长 外长 议长 国王
    总裁""".split()
)


_FOLD = {o: o - 0xFEE0 for o in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_NUMERALS = frozenset("零〇一二三四五六七八九十百千万亿两")
_SUFFIX_WORDS: dict[str, str] = {w: "L" for w in _LOC_SUFFIX2} | {w: "O" for w in _ORG_SUFFIX2}
_char_cache: dict[str, tuple[str, str]] = {}


def _char_info(ch: str) -> tuple[str, str]:
    """(feature form, coarse class) of a folded char: digits collapse to "0"; classes D/A/N/S/H/P."""
    info = _char_cache.get(ch)
    if info is None:
        if ch.isdigit():
            info = ("0", "D")
        elif "a" <= ch <= "z" or "A" <= ch <= "Z":
            info = (ch, "A")
        elif ch in _NUMERALS:
            info = (ch, "N")
        elif ch.isspace():
            info = (ch, "S")
        elif "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
            info = (ch, "H")
        else:
            info = (ch, "P")
        if len(_char_cache) < 100_000:
            _char_cache[ch] = info
    return info


def _cues(ch: str) -> tuple[str, ...]:
    """The lexicon cues a single character gives: surname, place suffix, organisation suffix."""
    return tuple(
        name for name, hit in (("sur", ch in _SURNAMES), ("locsuf", ch in _LOC_SUFFIX1),
                               ("orgsuf", ch in _ORG_SUFFIX1)) if hit
    )


def _lookahead(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching at every position where one of ``words`` starts (overlaps included)."""
    return re.compile("(?=(" + trie_pattern(words) + "))")


_CUES = {ch: _cues(ch) for ch in _SURNAMES | _LOC_SUFFIX1 | _ORG_SUFFIX1}
_CUE_AT = re.compile("[" + "".join(map(re.escape, sorted(_CUES))) + "]")
_SUFFIX_AT = _lookahead(_SUFFIX_WORDS)
_TITLE_AT = _lookahead(w for w in _PER_CONTEXT if len(w) < 4)
_COMPOUND_AT = _lookahead(_COMPOUND_SURNAMES)


def _shape(k: int) -> tuple[str, ...]:
    """Positions in a word of ``k`` chars: S, or B/M/E with the length bucket (2, 3, 4 = 4 or more)."""
    if k == 1:
        return ("S",)
    b = str(min(k, 4))
    return ("B" + b, *["M" + b] * (k - 2), "E" + b)


_SHAPES = [_shape(k) if k else () for k in range(16)]


def _word_columns(words: Sequence[Word], n: int, vocab: Vocab | None = None) -> list[list[Any]]:
    """Per-char word features: position in the word (B/M/E/S + length bucket), its tag, tag=word, the
    neighbouring words' tags and their pairs. Characters outside every word (line breaks) are words of
    their own tagged x. Built per word (and kept or dropped per word, with ``vocab``), then spread over
    the word's characters."""
    if (not words or words[0].start > 0 or words[-1].end < n
            or any(map(int.__lt__, map(_END, words), map(_START, words[1:])))):
        words = _with_gaps(words, n)  # characters outside every word (line breaks) as words tagged x
    lens = [w.end - w.start for w in words]
    tags = [w.pos for w in words]
    keys = [w.pos + "=" + w.text if k > 1 else w.pos + "=" for k, w in zip(lens, words, strict=True)]
    prev = ["<", *tags[:-1]]
    nxt = [*tags[1:], ">"]
    widx = list(chain.from_iterable(repeat(j, k) for j, k in enumerate(lens)))
    per_word = [
        _memoized("wt=", tags, vocab), _prefixed("w=", keys, vocab=vocab), _memoized("wt-1=", prev, vocab),
        _memoized("wt1=", nxt, vocab), _prefixed("wt-1wt=", prev, tags, vocab=vocab),
        _prefixed("wtwt1=", tags, nxt, vocab=vocab),
    ]
    spread = [list(map(col.__getitem__, widx)) for col in per_word]
    if vocab is not None:  # the position columns per word (its length and tag), then spread
        wp, wpt = vocab.word_shapes("wp="), vocab.word_shapes("wpt=")
        return [list(chain.from_iterable(map(wp.__getitem__, zip(lens, repeat(""))))),
                list(chain.from_iterable(map(wpt.__getitem__, zip(lens, tags, strict=True)))), *spread]
    shape = list(chain.from_iterable(_SHAPES[k] if k < 16 else _shape(k) for k in lens))
    return [_memoized("wp=", shape), _prefixed("wpt=", shape, map(tags.__getitem__, widx)), *spread]


_START, _END = attrgetter("start"), attrgetter("end")


def _with_gaps(words: Sequence[Word], n: int) -> list[Word]:
    """``words`` with a one-character word tagged x for each character of ``[0, n)`` no word covers."""
    out: list[Word] = []
    pos = 0
    for w in words:
        out.extend(Word("", "x", i, i + 1) for i in range(pos, w.start))
        out.append(w)
        pos = w.end
    out.extend(Word("", "x", i, i + 1) for i in range(pos, n))
    return out


def _prefixed(prefix: str, first: Iterable[str], *rest: Iterable[str], vocab: Vocab | None = None,
              ) -> list[Any]:
    """``prefix + a + b + ...`` for the items ``a, b, ...`` of the columns, in C loops (``map``); as many
    as the shortest column. With ``vocab``: the model's bytes for each, b"" for one it does not know."""
    out: Iterable[str] = map(prefix.__add__, first)
    for col in rest:
        out = map(add, out, col)
    return list(out if vocab is None else map(vocab.get, out, repeat(b"")))


class _Memo(dict[str, Any]):
    """``prefix + value`` for the values of a small vocabulary (characters, tags), each string made once
    (with ``vocab``: the model's bytes for it, or None)."""

    def __init__(self, prefix: str, vocab: Vocab | None = None) -> None:
        super().__init__()
        self.prefix = prefix
        self.vocab = vocab

    def __missing__(self, value: str) -> Any:
        made = self.prefix + value
        kept = made if self.vocab is None else self.vocab.get(made, b"")
        if len(self) < 100_000:
            self[value] = kept
        return kept


_MEMOS: dict[str, _Memo] = {}


def _memoized(prefix: str, col: Iterable[str], vocab: Vocab | None = None) -> list[Any]:
    """:func:`_prefixed` for one column of a small vocabulary, reusing the strings made before."""
    memos = _MEMOS if vocab is None else vocab.memos
    memo = memos.get(prefix) or memos.setdefault(prefix, _Memo(prefix, vocab))
    return list(map(memo.__getitem__, col))


_CODE_BITS = 21  # a character's code point (or one of the four window ends) in 21 bits
_ENDS = ("<s2>", "<s1>", "</s1>", "</s2>")


_NGRAMS = {"c-2c-1": 2, "c-1c0": 2, "c0c1": 2, "c1c2": 2, "c-1c1": 2, "c-1c0c1": 3, "t": 3}


def _pack(value: str, width: int) -> int | None:
    """The code points of an n-gram attribute's ``width`` characters (or window ends) packed in one int,
    None when ``value`` is not that many."""
    codes = []
    while value:
        end = next((e for e in _ENDS if value.startswith(e)), None)
        codes.append(0x110000 + _ENDS.index(end) if end else ord(value[0]))
        value = value[len(end) if end else 1 :]
    if len(codes) != width:
        return None
    key = 0
    for c in codes:
        key = (key << _CODE_BITS) | c
    return key


class _ShapeMemo(dict[tuple[int, str], tuple[bytes, ...]]):
    """The position features (``wp=`` or ``wpt=``) of the characters of a word, by its length and tag."""

    def __init__(self, prefix: str, vocab: Vocab) -> None:
        super().__init__()
        self.prefix, self.vocab = prefix, vocab

    def __missing__(self, key: tuple[int, str]) -> tuple[bytes, ...]:
        k, tag = key
        made = tuple(self.vocab.get(self.prefix + s + tag, b"") for s in _shape(k))
        self[key] = made
        return made


class Vocab:
    """The attributes a CRFsuite model knows, as the UTF-8 bytes its tagger reads: features built against
    it leave out what the model does not know (CRFsuite skips those anyway, after encoding each and
    looking it up), so the tags are the same and the tagger does less."""

    def __init__(self, names: Iterable[str]) -> None:
        table = {name: name.encode() for name in names}
        self.get = table.get
        self.memos: dict[str, _Memo] = {}
        self._shapes: dict[str, _ShapeMemo] = {}
        found: dict[str, list[tuple[int, bytes]]] = {}
        for name, raw in table.items():
            prefix, eq, value = name.partition("=")
            if eq and prefix in _NGRAMS:
                key = _pack(value, _NGRAMS[prefix])
                if key is not None:
                    found.setdefault(prefix + "=", []).append((key, raw))
        self._keys: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for prefix, pairs in found.items():
            pairs.sort()
            values = np.empty(len(pairs) + 1, dtype=object)
            values[:-1] = [raw for _, raw in pairs]
            values[-1] = b""
            self._keys[prefix] = (np.array([key for key, _ in pairs], dtype=np.int64), values)

    def keyed(self, prefix: str, *codes: Any) -> list[bytes]:
        """The template's bytes at each position (b"" where the model does not know it), from arrays
        of 2 or 3 code points packed in one int (``(a << 21 | b) << 21 | c``) and looked up in a sorted
        array of the model's keys: no string is made."""
        key = codes[0]
        for col in codes[1:]:
            key = (key << _CODE_BITS) | col
        keys, values = self._keys.get(prefix) or (np.zeros(1, dtype=np.int64), np.array([b""], dtype=object))
        at = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
        return values[np.where(keys[at] == key, at, len(values) - 1)].tolist()

    def word_shapes(self, prefix: str) -> _ShapeMemo:
        return self._shapes.get(prefix) or self._shapes.setdefault(prefix, _ShapeMemo(prefix, self))


def model_attributes(path: Path) -> list[str]:
    """The attribute names of a CRFsuite model file (``lCRF``, version 100), read from its attribute
    dictionary (a CQDB chunk: a header, 256 hash tables, records ``id, size, name\\0``, and a table of the
    records' offsets by id)."""
    data = path.read_bytes()
    if data[:4] != b"lCRF" or len(data) < 48:
        raise ValueError(f"{path}: not a CRFsuite model")
    off = struct.unpack_from("<I", data, 36)[0]  # the header's offset of the attribute CQDB
    magic, _size, _flag, _order, count, table = struct.unpack_from("<4s5I", data, off)
    if magic != b"CQDB":
        raise ValueError(f"{path}: no attribute dictionary where the header says")
    names = []
    for rec in struct.unpack_from(f"<{count}I", data, off + table):
        size = struct.unpack_from("<I", data, off + rec + 4)[0]
        names.append(data[off + rec + 8 : off + rec + 7 + size].decode())
    return names


@functools.lru_cache(maxsize=4)
def _vocab(path: str) -> Vocab:
    return Vocab(model_attributes(Path(path)))


def char_features(text: str, words: Sequence[Word] | None = None, vocab: Vocab | None = None,
                  ) -> list[tuple[Any, ...]]:
    """CRFsuite attribute lists, one per character of ``text``, built column by column (with ``vocab``:
    only the attributes the model knows, as bytes, in the same order; for tagging, not training).

    Features: characters and character bigrams/trigram in a +-2 window (full-width folded, digits
    collapsed), the character-class pattern, surname / place-suffix / organisation-suffix / title cues
    from small hand-written lists, and the char's position in its word (``words``: the article's one
    segmentation, ``kg.zhseg.tokenize``; segmented here when not given) with that word's tag, the word
    itself and the neighbouring words' tags.
    """
    n = len(text)
    if words is None:
        words = tokenize(text)
    folded = text.translate(_FOLD)
    info = [_char_cache.get(c) or _char_info(c) for c in folded]
    cs = ["<s2>", "<s1>", *(x[0] for x in info), "</s1>", "</s2>"]
    ts = ["B", *(x[1] for x in info), "E"]
    c0, cm1, cm2, cp1, cp2 = cs[2:-2], cs[1:-3], cs[:-4], cs[3:-1], cs[4:]
    if vocab is None:
        cols = [
            _memoized("c0=", c0), _memoized("c-1=", cm1), _memoized("c-2=", cm2),
            _memoized("c1=", cp1), _memoized("c2=", cp2),
            _prefixed("c-2c-1=", cm2, cm1), _prefixed("c-1c0=", cm1, c0), _prefixed("c0c1=", c0, cp1),
            _prefixed("c1c2=", cp1, cp2), _prefixed("c-1c1=", cm1, cp1), _prefixed("c-1c0c1=", cm1, c0, cp1),
            _prefixed("t=", ts, ts[1:], ts[2:]),
            *_word_columns(words, n),
        ]
    else:  # the same columns, by code points for the n-grams: the model's bytes, b"" where unknown
        ends = [0x110000 + k for k in range(4)]
        code = np.array([*ends[:2], *map(ord, c0), *ends[2:]], dtype=np.int64)
        dm2, dm1, d0, dp1, dp2 = (code[k : k + n] for k in range(5))
        cls = np.array([*map(ord, ts)], dtype=np.int64)
        cols = [
            _memoized("c0=", c0, vocab), _memoized("c-1=", cm1, vocab), _memoized("c-2=", cm2, vocab),
            _memoized("c1=", cp1, vocab), _memoized("c2=", cp2, vocab),
            vocab.keyed("c-2c-1=", dm2, dm1), vocab.keyed("c-1c0=", dm1, d0), vocab.keyed("c0c1=", d0, dp1),
            vocab.keyed("c1c2=", dp1, dp2), vocab.keyed("c-1c1=", dm1, dp1),
            vocab.keyed("c-1c0c1=", dm1, d0, dp1), vocab.keyed("t=", cls[:-2], cls[1:-1], cls[2:]),
            *_word_columns(words, n, vocab),
        ]
    # Lexicon cues: single characters; compound surnames; the last char of a place/organisation suffix
    # word; the char right after a title.
    extra: dict[int, tuple[str, ...]] = {m.start(): _CUES[m.group()] for m in _CUE_AT.finditer(folded)}
    marks: dict[int, set[str]] = {}
    for m in _COMPOUND_AT.finditer(folded):
        for i in (m.start(), m.start() + 1):
            marks.setdefault(i, set()).add("sur2")
    for m in _SUFFIX_AT.finditer(folded):
        marks.setdefault(m.start() + len(m.group(1)) - 1, set()).add("sufw=" + _SUFFIX_WORDS[m.group(1)])
    for m in _TITLE_AT.finditer(folded):
        if m.start() + len(m.group(1)) < n:
            marks.setdefault(m.start() + len(m.group(1)), set()).add("title<")
    for i, cues in marks.items():
        extra[i] = extra.get(i, ()) + tuple(sorted(cues))
    items = list(zip(*cols, strict=True))
    if vocab is not None:
        extra = {i: tuple(filter(None, map(vocab.get, e))) for i, e in extra.items()}
    for i, e in extra.items():
        if e:
            items[i] += e
    return items


def spans_to_tags(n: int, spans: Iterable[Sequence[Any]]) -> list[str]:
    """BIOES tags for a text of length ``n`` from ``(start, end, label)`` spans (later overlaps ignored)."""
    tags = ["O"] * n
    for s, e, lab in sorted(spans, key=lambda x: (x[0], -x[1])):
        s, e = int(s), int(e)
        if not 0 <= s < e <= n or any(t != "O" for t in tags[s:e]):
            continue
        if e - s == 1:
            tags[s] = "S-" + lab
        else:
            tags[s] = "B-" + lab
            for k in range(s + 1, e - 1):
                tags[k] = "I-" + lab
            tags[e - 1] = "E-" + lab
    return tags


def tags_to_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Spans from BIOES tags, tolerant of ill-formed sequences (a B/I run without E still closes)."""
    spans: list[tuple[int, int, str]] = []
    start, cur = -1, ""
    for i, t in enumerate(tags):
        pre, _, lab = t.partition("-")
        if pre in ("B", "S") or pre == "O" or (pre in ("I", "E") and lab != cur):
            if cur:
                spans.append((start, i, cur))
            start, cur = -1, ""
        if pre == "S":
            spans.append((i, i + 1, lab))
        elif pre in ("B", "I"):
            if not cur:
                start, cur = i, lab
        elif pre == "E":
            if cur:
                spans.append((start, i + 1, cur))
            else:
                spans.append((i, i + 1, lab))
            start, cur = -1, ""
    if cur:
        spans.append((start, len(tags), cur))
    return [s for s in spans if s[2] in LABELS]


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` pieces of at most ``_MAX_CHUNK`` chars, cut after sentence punctuation if any."""
    pos, n = 0, len(text)
    while pos < n:
        end = min(pos + _MAX_CHUNK, n)
        if end < n:
            cut = max((k for k in range(pos + _MAX_CHUNK // 2, end) if text[k] in _SENT_END), default=-1)
            if cut >= 0:
                end = cut + 1
        yield pos, text[pos:end]
        pos = end


_local = threading.local()


@functools.lru_cache(maxsize=1)
def _check_model(path: str) -> str:
    if not Path(path).is_file():
        raise FileNotFoundError(
            f"Chinese NER model not found at {path}; train it with 'python bench/train_zh_ner.py'."
        )
    return path


def _tagger(path: Path | None = None) -> Any:
    """The CRFsuite tagger (one per thread: pycrfsuite taggers are not thread-safe), opened once."""
    import pycrfsuite  # lazy: importing kg must not need the C extension

    key = str(path or MODEL_PATH)
    cache: dict[str, Any] = _local.__dict__.setdefault("taggers", {})
    if key not in cache:
        tagger = pycrfsuite.Tagger()
        tagger.open(_check_model(key))
        cache[key] = tagger
    return cache[key]


def entities(text: str, words: Sequence[Word] | None = None, model_path: Path | None = None,
             ) -> list[tuple[int, int, str]]:
    """Entities ``(start, end, label)`` of one text, from its words (``kg.zhseg.tokenize``) when given."""
    if not text.strip():
        return []
    tagger = _tagger(model_path)
    feats = char_features(text, words, _vocab(str(model_path or MODEL_PATH)))
    spans: list[tuple[int, int, str]] = []
    for off, piece in _chunks(text):
        if piece.strip():
            tags = tagger.tag(feats[off : off + len(piece)])
            spans.extend((s + off, e + off, lab) for s, e, lab in tags_to_spans(tags))
    return spans


def recognize(texts: Iterable[str], model_path: Path | None = None) -> list[list[tuple[int, int, str]]]:
    """Entities ``(start, end, label)`` (char offsets, end exclusive, label in PER/LOC/ORG) for each text."""
    return [entities(text, None, model_path) for text in texts]
