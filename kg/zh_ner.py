"""Chinese named-entity recognition (PER / LOC / ORG) with a character-level CRF shipped in the package.

The model is a linear-chain CRF (CRFsuite's format, trained with ``python-crfsuite``) over characters,
BIOES tags, trained on the PKU ICL / Fujitsu annotated People's Daily corpus, January 1998 (see
``kg/models/zh_ner/MODEL_CARD.md`` and ``bench/train_zh_ner.py``). It is read from
``kg/models/zh_ner/zh_ner.crfsuite`` lazily, once per process, with no network access, and tagged by
:class:`Crf` with CRFsuite's arithmetic compiled by numba (``kg.crf_kernels``). Features also use
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
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, repeat
from operator import add, itemgetter
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


_PLANE = 0x10000  # the Basic Multilingual Plane's characters are classed once per process, in tables
_FORM_CODE = np.zeros(_PLANE, dtype=np.int64)  # a character's feature form, as a code point
_KIND_CODE = np.zeros(_PLANE, dtype=np.int64)  # its class's letter, as a code point
_CLASSED = np.zeros(_PLANE, dtype=np.bool_)


def _char_codes(cps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The feature forms and classes (:func:`_char_info`) of folded characters, as code points."""
    if cps.size and int(cps.max()) >= _PLANE:  # a character beyond the plane: each distinct one classed
        chars, at = np.unique(cps, return_inverse=True)
        info = [_char_info(c) for c in map(chr, chars.tolist())]
        return (np.array([ord(form) for form, _ in info], dtype=np.int64)[at],
                np.array([ord(kind) for _, kind in info], dtype=np.int64)[at])
    new = cps[~_CLASSED[cps]]
    for cp in set(new.tolist()):
        form, kind = _char_info(chr(cp))
        _FORM_CODE[cp], _KIND_CODE[cp] = ord(form), ord(kind)
        _CLASSED[cp] = True
    return _FORM_CODE[cps], _KIND_CODE[cps]


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


def _word_columns(words: Sequence[Word], n: int, vocab: Vocab | None = None) -> Any:
    """Per-char word features: position in the word (B/M/E/S + length bucket), its tag, tag=word, the
    neighbouring words' tags and their pairs. Characters outside every word (line breaks) are words of
    their own tagged x. Built per word, then spread over the word's characters (with ``vocab``: an array
    of attribute ids, a row per column, :func:`_word_ids`)."""
    if vocab is not None:
        return _word_ids(words, n, vocab)
    words = _with_gaps(words, n)  # characters outside every word (line breaks) as words tagged x
    lens = [w.end - w.start for w in words]
    tags = [w.pos for w in words]
    keys = [w.pos + "=" + w.text if k > 1 else w.pos + "=" for k, w in zip(lens, words, strict=True)]
    prev = ["<", *tags[:-1]]
    nxt = [*tags[1:], ">"]
    per_word = [
        _memoized("wt=", tags), _prefixed("w=", keys), _memoized("wt-1=", prev), _memoized("wt1=", nxt),
        _prefixed("wt-1wt=", prev, tags), _prefixed("wtwt1=", tags, nxt),
    ]
    widx = list(chain.from_iterable(repeat(j, k) for j, k in enumerate(lens)))
    spread = [list(map(col.__getitem__, widx)) for col in per_word]
    shape = list(chain.from_iterable(_SHAPES[k] if k < 16 else _shape(k) for k in lens))
    return [_memoized("wp=", shape), _prefixed("wpt=", shape, map(tags.__getitem__, widx)), *spread]


_TAG_TEXT = itemgetter(1, 0)


def _word_ids(words: Sequence[Word], n: int, vocab: Vocab) -> np.ndarray:
    """:func:`_word_columns` as attribute ids: per word, its tag's number (the tag features from small
    tables) and its ``w=`` id (memoized by tag and text); per character, its position class (S, B, M,
    E) and the word's length bucket, which index the ``wp=``/``wpt=`` tables. No string is made per word."""
    from kg.crf_kernels import with_gaps, word_columns

    ends = np.fromiter(map(_END, words), dtype=np.int64, count=len(words))
    starts = np.fromiter(map(_START, words), dtype=np.int64, count=len(words))
    ti, tt = vocab.tag_numbers([*map(itemgetter(1), words), "x"])  # x: the characters outside every word
    wid = np.fromiter(map(vocab.word_ids.__getitem__, map(_TAG_TEXT, words)), np.int32, len(words))
    lens, ti, wid = with_gaps(starts, ends, n, ti[:-1], wid, ti[-1], vocab.word_ids["x", ""])
    return word_columns(lens, ti, wid, tt.START, tt.END, tt.shape, tt.tag_shape, tt.tag,
                        tt.prev, tt.next, tt.prev_pair, tt.next_pair)


_S, _B, _M, _E = 0, 1, 2, 3  # a character's place in its word: the whole word, first, middle, last


def _shape_name(bucket: int, kind: int) -> str:
    """The ``wp=`` value of a place in a word of a length bucket (1; 2, 3, 4 = 4 or more): see _shape."""
    return "S" if kind == _S else "BME"[kind - 1] + str(bucket)


_START, _END = itemgetter(2), itemgetter(3)  # Word.start, Word.end (faster than by name)


def _with_gaps(words: Sequence[Word], n: int) -> list[Word]:
    """``words`` with a one-character word tagged x for each character of ``[0, n)`` no word covers (for
    training; tagging does the same in ``kg.crf_kernels.with_gaps``)."""
    out: list[Word] = []
    pos = 0
    for w in words:
        out += [Word("", "x", i, i + 1) for i in range(pos, w.start)]
        out.append(w)
        pos = w.end
    return out + [Word("", "x", i, i + 1) for i in range(pos, n)]


def _prefixed(prefix: str, first: Iterable[str], *rest: Iterable[str]) -> list[str]:
    """``prefix + a + b + ...`` for the items ``a, b, ...`` of the columns, in C loops (``map``); as many
    as the shortest column."""
    out: Iterable[str] = map(prefix.__add__, first)
    for col in rest:
        out = map(add, out, col)
    return list(out)


class _Memo(dict[str, str]):
    """``prefix + value`` for the values of a small vocabulary (characters, tags), each string made once."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def __missing__(self, value: str) -> str:
        made = self.prefix + value
        if len(self) < 100_000:
            self[value] = made
        return made


_MEMOS: dict[str, _Memo] = {}


def _memoized(prefix: str, col: Iterable[str]) -> list[str]:
    """:func:`_prefixed` for one column of a small vocabulary, reusing the strings made before."""
    memo = _MEMOS.get(prefix) or _MEMOS.setdefault(prefix, _Memo(prefix))
    return list(map(memo.__getitem__, col))


_CODE_BITS = 21  # a character's code point (or one of the four window ends) in 21 bits
_ENDS = ("<s2>", "<s1>", "</s1>", "</s2>")


_NGRAMS = {"c0": 1, "c-1": 1, "c-2": 1, "c1": 1, "c2": 1,
           "c-2c-1": 2, "c-1c0": 2, "c0c1": 2, "c1c2": 2, "c-1c1": 2, "c-1c0c1": 3, "t": 3}
# The n-gram templates in feature_ids' order: the attribute's prefix, its source (0: the forms' code points
# with two window ends each side, so position t's own is at t + 2; 1: the classes with one end each side)
# and the offsets of its characters from position t.
_TEMPLATES = (("c0=", 0, (2,)), ("c-1=", 0, (1,)), ("c-2=", 0, (0,)), ("c1=", 0, (3,)), ("c2=", 0, (4,)),
              ("c-2c-1=", 0, (0, 1)), ("c-1c0=", 0, (1, 2)), ("c0c1=", 0, (2, 3)), ("c1c2=", 0, (3, 4)),
              ("c-1c1=", 0, (1, 3)), ("c-1c0c1=", 0, (1, 2, 3)), ("t=", 1, (0, 1, 2)))
_TEMPLATE_SPEC = np.array([[source, len(at), *at, *[0] * (3 - len(at))] for _, source, at in _TEMPLATES],
                          dtype=np.int64)


def _pack(value: str, width: int) -> int | None:
    """The code points of an n-gram attribute's ``width`` characters (or window ends) packed in one int,
    None when ``value`` is not that many."""
    if "<" not in value:  # no window end: one code point per character
        if len(value) != width:
            return None
        codes = list(map(ord, value))
        value = ""
    else:
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


class _WordIds(dict[tuple[str, str], int]):
    """The ``w=`` attribute id of a word by (tag, text): ``w=TAG=TEXT``, or ``w=TAG=`` for one character."""

    def __init__(self, vocab: Vocab) -> None:
        super().__init__()
        self.vocab = vocab

    def __missing__(self, key: tuple[str, str]) -> int:
        tag, text = key
        made = self.vocab.get("w=" + tag + "=" + (text if len(text) > 1 else ""), self.vocab.missing)
        if len(self) < 200_000:
            self[key] = made
        return made


class _TagTables:
    """The ids of the tag features (``wt=``, ``wt-1=``, ``wt1=`` and the pairs) by tag number, in small
    arrays; never changed once made (a new tag gets new tables: :meth:`Vocab.tag_numbers`), so threads
    may share them."""

    START, END = 0, 1  # the numbers of "<" and ">", the tags before the first word and after the last

    def __init__(self, vocab: Vocab, index: dict[str, int]) -> None:
        self.index = index
        get, missing = vocab.get, vocab.missing
        tags = sorted(index, key=index.__getitem__)
        self.tag, self.prev, self.next = (np.array([get(p + t, missing) for t in tags], dtype=np.int32)
                                          for p in ("wt=", "wt-1=", "wt1="))
        self.prev_pair, self.next_pair = (
            np.array([[get(p + a + b, missing) for b in tags] for a in tags], dtype=np.int32).reshape(
                len(tags), len(tags)) for p in ("wt-1wt=", "wtwt1="))
        places = [[_shape_name(b, kind) for kind in range(4)] for b in range(5)]  # by bucket, place
        self.shape = np.array([[get("wp=" + p, missing) for p in row] for row in places], dtype=np.int32)
        self.tag_shape = np.array([[[get("wpt=" + p + t, missing) for p in row] for row in places]
                                   for t in tags], dtype=np.int32)


class Vocab:
    """The attributes a CRF model knows, by id (their order in the model file): features built against it
    are attribute ids, ``missing`` (one past the last id) for an attribute the model does not know."""

    def __init__(self, names: Sequence[str]) -> None:
        table = {name: i for i, name in enumerate(names)}
        self.missing = len(names)
        self.get = table.get
        self.word_ids = _WordIds(self)  # the w= ids of words by (tag, text)
        self._tag_tables = _TagTables(self, {"<": _TagTables.START, ">": _TagTables.END})
        (self._unigrams, self._char_bits, self._char_slots, self._bits, self._slots) = _ngram_tables(names)
        self.char_cues = np.full((max(map(len, _CUES.values())), _PLANE), -1, dtype=np.int32)
        for ch, cues in _CUES.items():  # a character's cues by code point, in _cues' order
            self.char_cues[: len(cues), ord(ch)] = [self.get(cue, self.missing) for cue in cues]

    def ngram_ids(self, code: np.ndarray, cls: np.ndarray) -> np.ndarray:
        """The n-gram templates' attribute ids (a row per template of :data:`_TEMPLATES`, ``missing`` where
        the model does not know one), from the forms' code points (two window ends each side) and the
        classes' letters (one end each side), looked up in hash tables of the model's keys
        (``kg.crf_kernels``): no string is made."""
        from kg.crf_kernels import ngram_ids

        return ngram_ids(code, cls, _TEMPLATE_SPEC, self._slots, self._bits, self._char_slots,
                         self._char_bits, self._unigrams, self.missing)

    def tag_numbers(self, tags: list[str]) -> tuple[np.ndarray, _TagTables]:
        """The tags' numbers, and the tables they index (new ones when a tag is new)."""
        tables = self._tag_tables
        new = set(tags) - tables.index.keys()
        if new:
            index = dict(tables.index)
            for tag in sorted(new):
                index[tag] = len(index)
            tables = self._tag_tables = _TagTables(self, index)
        return np.array(list(map(tables.index.__getitem__, tags)), dtype=np.intp), tables


_NgramTables = tuple[np.ndarray, int, np.ndarray, int, np.ndarray]


def _ngram_tables(names: Sequence[str]) -> _NgramTables:
    """:meth:`Vocab.ngram_ids`' tables of the model's attributes ``names``: the one-character templates' ids
    by character (a row each), and the bits and slots of the hash tables of the characters' rows and of
    the other n-grams' ids. Kept between processes (``kg.table_cache``: parsing 41k n-grams takes 0.1 s)."""
    from kg.table_cache import cached

    def made() -> tuple[tuple[int, bytes, tuple[int, ...]], ...]:
        arrays = _parse_ngram_tables(names)
        return tuple((a, b"", ()) if isinstance(a, int) else (0, a.tobytes(), a.shape) for a in arrays)

    key = "\n".join(names).encode() + Path(__file__).read_bytes()  # the model's attributes, this code
    parts = cached("zh-ner-ngrams", key, made, check=lambda v: isinstance(v, tuple) and len(v) == 5)
    dtypes = (np.int32, None, np.int64, None, np.int64)
    return tuple(bits if dtype is None else np.frombuffer(data, dtype=dtype).reshape(shape).copy()
                 for (bits, data, shape), dtype in zip(parts, dtypes, strict=True))  # type: ignore[return-value]


def _parse_ngram_tables(names: Sequence[str]) -> _NgramTables:
    """:func:`_ngram_tables` made from the names."""
    missing = len(names)
    found: dict[str, list[tuple[int, int]]] = {}
    for name, aid in {name: i for i, name in enumerate(names)}.items():  # as Vocab's table has them
        prefix, eq, value = name.partition("=")
        if eq and prefix in _NGRAMS:
            key = _pack(value, _NGRAMS[prefix])
            if key is not None:
                found.setdefault(prefix + "=", []).append((key, aid))
    pairs = [(key, j, aid) for j, (prefix, _, _) in enumerate(_TEMPLATES)
             for key, aid in found.get(prefix, ())]
    single = {j for j, (_, source, at) in enumerate(_TEMPLATES) if source == 0 and len(at) == 1}
    chars = sorted({key for key, j, _ in pairs if j in single})  # a character's ids in one row
    row = {c: r for r, c in enumerate(chars)}
    unigrams = np.full((len(chars) + 1, len(_TEMPLATES)), missing, dtype=np.int32)
    for key, j, aid in pairs:
        if j in single:
            unigrams[row[key], j] = aid
    char_bits, char_slots = _key_table([(c, 0, r) for c, r in row.items()])
    bits, slots = _key_table([p for p in pairs if p[1] not in single])
    return unigrams, char_bits, char_slots, bits, slots


def _key_table(pairs: list[tuple[int, int, int]]) -> tuple[int, np.ndarray]:
    """The bits and slots of a hash table of (key, template, id) triples, at most half full."""
    from kg.crf_kernels import key_table

    bits = max(4, (2 * len(pairs) - 1).bit_length())
    table = np.array(pairs, dtype=np.int64).reshape(len(pairs), 3)  # columns: key, template, id
    keys, templates, ids = table[:, 0].copy(), table[:, 1].copy(), table[:, 2].copy()
    return bits, key_table(keys, templates, ids, bits)


def _cqdb_names(data: bytes, off: int, path: Path) -> list[str]:
    """The strings of a CQDB chunk at ``off`` (a header, 256 hash tables, records ``id, size, name\\0``,
    and a table of the records' offsets by id), in id order."""
    magic, _size, _flag, _order, count, table = struct.unpack_from("<4s5I", data, off)
    if magic != b"CQDB":
        raise ValueError(f"{path}: no CQDB dictionary where the header says")
    names = []
    for rec in struct.unpack_from(f"<{count}I", data, off + table):
        size = struct.unpack_from("<I", data, off + rec + 4)[0]
        names.append(data[off + rec + 8 : off + rec + 7 + size].decode())
    return names


def _model_header(path: Path) -> tuple[bytes, tuple[int, ...]]:
    """The bytes of a CRFsuite model file (``lCRF``, version 100) and its header's offsets (features,
    labels, attributes)."""
    data = path.read_bytes()
    if data[:4] != b"lCRF" or len(data) < 48:
        raise ValueError(f"{path}: not a CRFsuite model")
    return data, struct.unpack_from("<3I", data, 28)


def model_attributes(path: Path) -> list[str]:
    """The attribute names of a CRFsuite model file, in id order."""
    data, (_, _, off_attrs) = _model_header(path)
    return _cqdb_names(data, off_attrs, path)


_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


class Crf:
    """A CRFsuite linear-chain model read from its file and tagged here (``kg.crf_kernels``): CRFsuite's
    arithmetic on attribute ids, without encoding and looking up each attribute's name."""

    def __init__(self, path: Path) -> None:
        data, (off_feats, off_labels, off_attrs) = _model_header(path)
        self.labels = _cqdb_names(data, off_labels, path)
        self.names = np.array(self.labels, dtype=object)
        self.outside = self.labels.index("O")
        self.vocab = Vocab(_cqdb_names(data, off_attrs, path))
        count = struct.unpack_from("<I", data, off_feats + 8)[0]
        feats = np.frombuffer(data, dtype=_FEATURE, count=count, offset=off_feats + 12)
        n = len(self.labels)
        state, trans = feats[feats["type"] == 0], feats[feats["type"] == 1]
        self.state = np.zeros((self.vocab.missing + 1, n))  # the last row: an unknown attribute
        self.state[state["src"], state["dst"]] = state["weight"]
        self.trans = np.zeros((n, n))
        self.trans[trans["src"], trans["dst"]] = trans["weight"]

    def scores(self, columns: Sequence[Any], cue_at: Sequence[int], cue_ids: Sequence[int]) -> np.ndarray:
        """State scores (positions x labels) from columns of attribute ids, then the extra attributes
        ``cue_ids`` at positions ``cue_at`` (in order)."""
        from kg.crf_kernels import state_scores

        ids = np.asarray(columns, dtype=np.int32)
        at, extra = np.array(cue_at, dtype=np.int64), np.array(cue_ids, dtype=np.int64)
        return state_scores(self.state, ids, at, extra)

    def tag(self, scores: np.ndarray) -> list[str]:
        """The best labels for the state scores of a sequence (CRFsuite's Viterbi)."""
        return [self.labels[i] for i in self.best_path(scores).tolist()]

    def best_path(self, scores: np.ndarray) -> np.ndarray:
        """The best label ids for the state scores of a sequence."""
        from kg.crf_kernels import viterbi

        return viterbi(scores, self.trans)


@functools.lru_cache(maxsize=4)
def _crf(path: str) -> Crf:
    return Crf(Path(_check_model(path)))


def _folded(text: str) -> tuple[str, np.ndarray]:
    """``text.translate(_FOLD)`` and its code points, folded in an array (a third of translate's time)."""
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).copy()
    cps[(cps >= 0xFF01) & (cps < 0xFF5F)] -= 0xFEE0
    cps[cps == 0x3000] = 0x20
    return cps.tobytes().decode("utf-32-le"), cps


def _cue_marks(folded: str) -> dict[int, tuple[str, ...]]:
    """Lexicon cues by position: single characters; compound surnames; the last char of a place or
    organisation suffix word; the char right after a title."""
    extra: dict[int, tuple[str, ...]] = {m.start(): _CUES[m.group()] for m in _CUE_AT.finditer(folded)}
    for i, cues in _word_marks(folded).items():
        extra[i] = extra.get(i, ()) + cues
    return extra


def _word_marks(folded: str) -> dict[int, tuple[str, ...]]:
    """The cues of :func:`_cue_marks` that words give (compound surnames, suffix words, titles), sorted at
    each position."""
    n = len(folded)
    marks: dict[int, set[str]] = {}
    for m in _COMPOUND_AT.finditer(folded):
        for i in (m.start(), m.start() + 1):
            marks.setdefault(i, set()).add("sur2")
    for m in _SUFFIX_AT.finditer(folded):
        marks.setdefault(m.start() + len(m.group(1)) - 1, set()).add("sufw=" + _SUFFIX_WORDS[m.group(1)])
    for m in _TITLE_AT.finditer(folded):
        if m.start() + len(m.group(1)) < n:
            marks.setdefault(m.start() + len(m.group(1)), set()).add("title<")
    return {i: tuple(sorted(cues)) for i, cues in marks.items()}


def _char_columns(text: str) -> tuple[str, list[str], list[str]]:
    """The folded text, the characters' feature forms with two window ends each side, and their classes
    with one end each side."""
    folded = text.translate(_FOLD)
    info = [_char_cache.get(c) or _char_info(c) for c in folded]
    forms = ["<s2>", "<s1>", *(x[0] for x in info), "</s1>", "</s2>"]
    return folded, forms, ["B", *(x[1] for x in info), "E"]


def char_features(text: str, words: Sequence[Word] | None = None) -> list[tuple[str, ...]]:
    """CRFsuite attribute lists, one per character of ``text`` (for training; :func:`feature_ids` makes
    the same features as the model's attribute ids, for tagging).

    Features: characters and character bigrams/trigram in a +-2 window (full-width folded, digits
    collapsed), the character-class pattern, surname / place-suffix / organisation-suffix / title cues
    from small hand-written lists, and the char's position in its word (``words``: the article's one
    segmentation, ``kg.zhseg.tokenize``; segmented here when not given) with that word's tag, the word
    itself and the neighbouring words' tags.
    """
    n = len(text)
    if words is None:
        words = tokenize(text)
    folded, cs, ts = _char_columns(text)
    c0, cm1, cm2, cp1, cp2 = cs[2:-2], cs[1:-3], cs[:-4], cs[3:-1], cs[4:]
    cols = [
        _memoized("c0=", c0), _memoized("c-1=", cm1), _memoized("c-2=", cm2),
        _memoized("c1=", cp1), _memoized("c2=", cp2),
        _prefixed("c-2c-1=", cm2, cm1), _prefixed("c-1c0=", cm1, c0), _prefixed("c0c1=", c0, cp1),
        _prefixed("c1c2=", cp1, cp2), _prefixed("c-1c1=", cm1, cp1), _prefixed("c-1c0c1=", cm1, c0, cp1),
        _prefixed("t=", ts, ts[1:], ts[2:]),
        *_word_columns(words, n),
    ]
    items = list(zip(*cols, strict=True))
    for i, e in _cue_marks(folded).items():
        if e:
            items[i] += e
    return items


def feature_ids(text: str, words: Sequence[Word] | None, vocab: Vocab,
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`char_features` as the model's attribute ids: the columns (one id per character each, the
    n-grams looked up by code points, no string made: a row per column), then the cues' positions and
    ids, in order."""
    n = len(text)
    if words is None:
        words = tokenize(text)
    folded, cps = _folded(text)
    forms, kinds = _char_codes(cps)
    code = np.empty(n + 4, dtype=np.int64)  # the forms' code points, the window ends after the last
    code[2:-2] = forms
    code[[0, 1, -2, -1]] = [0x110000 + k for k in range(4)]
    cls = np.empty(n + 2, dtype=np.int64)  # the classes' letters, B and E at the ends
    cls[1:-1] = kinds
    cls[[0, -1]] = ord("B"), ord("E")
    cols = vocab.ngram_ids(code, cls)
    # the single characters' cues from a table by code point (a row per cue, -1 where none), then the
    # words' cues: each position's cues in _cue_marks' order (positions' sums are apart: any order of them)
    single = vocab.char_cues[:, np.minimum(cps, _PLANE - 1)]
    found = single >= 0
    mark_at: list[int] = []
    mark_ids: list[int] = []
    for i, cues in _word_marks(folded).items():
        for cue in cues:
            mark_at.append(i)
            mark_ids.append(vocab.get(cue, vocab.missing))
    cue_at = np.concatenate([np.nonzero(found)[1], np.array(mark_at, dtype=np.int64)])
    cue_ids = np.concatenate([single[found], np.array(mark_ids, dtype=np.int64)])
    return np.vstack([cols, _word_columns(words, n, vocab)]), cue_at, cue_ids


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


def tags_to_spans(tags: Sequence[str], at: Iterable[int] | None = None) -> list[tuple[int, int, str]]:
    """Spans from BIOES tags, tolerant of ill-formed sequences (a B/I run without E still closes).
    ``at``: the positions of the tags other than O, in order, when known (then only those are read)."""
    spans: list[tuple[int, int, str]] = []
    start, cur = -1, ""
    last = -1
    for i in range(len(tags)) if at is None else at:
        t = tags[i]
        if cur and i > last + 1:  # an O at last + 1 closed the span
            spans.append((start, last + 1, cur))
            start, cur = -1, ""
        last = i
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
        spans.append((start, last + 1, cur))
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


@functools.lru_cache(maxsize=1)
def _check_model(path: str) -> str:
    if not Path(path).is_file():
        raise FileNotFoundError(
            f"Chinese NER model not found at {path}; train it with 'python bench/train_zh_ner.py'."
        )
    return path


def entities(text: str, words: Sequence[Word] | None = None, model_path: Path | None = None,
             ) -> list[tuple[int, int, str]]:
    """Entities ``(start, end, label)`` of one text, from its words (``kg.zhseg.tokenize``) when given."""
    if not text.strip():
        return []
    crf = _crf(str(model_path or MODEL_PATH))
    scores = crf.scores(*feature_ids(text, words, crf.vocab))
    spans: list[tuple[int, int, str]] = []
    for off, piece in _chunks(text):
        if piece.strip():
            path = crf.best_path(scores[off : off + len(piece)])
            named = np.flatnonzero(path != crf.outside).tolist()
            tags = tags_to_spans(crf.names[path].tolist(), named)
            spans.extend((s + off, e + off, lab) for s, e, lab in tags)
    return spans


def recognize(texts: Iterable[str], model_path: Path | None = None) -> list[list[tuple[int, int, str]]]:
    """Entities ``(start, end, label)`` (char offsets, end exclusive, label in PER/LOC/ORG) for each text."""
    return [entities(text, None, model_path) for text in texts]
