"""Chinese named-entity recognition (PER / LOC / ORG) with a character-level CRF shipped in the package.

The model is a linear-chain CRF (CRFsuite, via ``python-crfsuite``) over characters, BIOES tags, trained
on the PKU ICL / Fujitsu annotated People's Daily corpus, January 1998 (see
``kg/models/zh_ner/MODEL_CARD.md`` and ``bench/train_zh_ner.py``). It is loaded from
``kg/models/zh_ner/zh_ner.crfsuite`` lazily, once per thread, with no network access. Features also use
jieba's word segmentation and its bundled dictionary's POS tags (jieba is pinned: a different jieba
dictionary would shift the features the model was trained on).

``recognize(texts)`` returns, for each text, a list of ``(start, end, label)`` spans with character
offsets into the original text (end exclusive): ``text[start:end]`` is the entity. Full-width digits
and letters (common in the archive) are folded to ASCII for the features only, so offsets never move.

The feature extractor ``char_features`` lives here so that training and inference share it exactly.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

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


@functools.lru_cache(maxsize=1)
def _jieba() -> tuple[Any, dict[str, str]]:
    """jieba's default tokenizer and its dictionary POS table (loaded once, quietly, from the package)."""
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.dt, jieba.posseg.dt.word_tag_tab


def _word_marks(folded: str) -> list[tuple[str, str, str, str, str]]:
    """Per char: (position in its jieba word as B/M/E/S + length bucket, the word's dictionary POS tag,
    tag=word for multi-char words (tag= for single chars), the previous word's tag, the next word's tag)."""
    tok, tab = _jieba()
    words = list(tok.cut(folded, HMM=True))
    wtags = ["<", *(tab.get(w, "?") for w in words), ">"]
    out: list[tuple[str, str, str, str, str]] = []
    for j, w in enumerate(words):
        k = len(w)
        prev, t, nxt = wtags[j], wtags[j + 1], wtags[j + 2]
        if k == 1:
            out.append(("S", t, t + "=", prev, nxt))
            continue
        b = str(min(k, 4))
        tw = t + "=" + w
        out.append(("B" + b, t, tw, prev, nxt))
        out.extend(("M" + b, t, tw, prev, nxt) for _ in range(k - 2))
        out.append(("E" + b, t, tw, prev, nxt))
    return out


def char_features(text: str) -> list[list[str]]:
    """CRFsuite attribute lists, one per character of ``text``.

    Features: characters and character bigrams/trigram in a +-2 window (full-width folded, digits
    collapsed), the character-class pattern, surname / place-suffix / organisation-suffix / title cues
    from small hand-written lists, and the char's position in its jieba word with that word's dictionary
    POS tag, the word itself and the neighbouring words' tags.
    """
    n = len(text)
    folded = text.translate(_FOLD)
    info = [_char_info(c) for c in folded]
    cs = ["<s2>", "<s1>", *(x[0] for x in info), "</s1>", "</s2>"]
    ts = ["B", "B", *(x[1] for x in info), "E", "E"]
    marks = _word_marks(folded)
    # Lexicon cues: the last char of a place/organisation suffix word; the char right after a title.
    suf_end: list[str] = [""] * n
    title_before = [False] * (n + 1)
    for i in range(n - 1):
        for k in (2, 3, 4):
            w = folded[i:i + k]
            if len(w) < k:
                break
            tag = _SUFFIX_WORDS.get(w)
            if tag and tag not in suf_end[i + k - 1]:
                suf_end[i + k - 1] += tag
            if k < 4 and w in _PER_CONTEXT:
                title_before[i + k] = True
    feats: list[list[str]] = []
    for i in range(n):
        j = i + 2  # index into the padded lists
        c0, cm1, cm2, cp1, cp2 = cs[j], cs[j - 1], cs[j - 2], cs[j + 1], cs[j + 2]
        wp, wt, tw, wprev, wnext = marks[i]
        f = [
            "c0=" + c0, "c-1=" + cm1, "c-2=" + cm2, "c1=" + cp1, "c2=" + cp2,
            "c-2c-1=" + cm2 + cm1, "c-1c0=" + cm1 + c0, "c0c1=" + c0 + cp1, "c1c2=" + cp1 + cp2,
            "c-1c1=" + cm1 + cp1, "c-1c0c1=" + cm1 + c0 + cp1,
            "t=" + ts[j - 1] + ts[j] + ts[j + 1],
            "wp=" + wp, "wt=" + wt, "w=" + tw, "wpt=" + wp + wt, "wt-1=" + wprev, "wt1=" + wnext,
            "wt-1wt=" + wprev + wt, "wtwt1=" + wt + wnext,
        ]
        if c0 in _SURNAMES:
            f.append("sur")
        if cm1 + c0 in _COMPOUND_SURNAMES or c0 + cp1 in _COMPOUND_SURNAMES:
            f.append("sur2")
        if c0 in _LOC_SUFFIX1:
            f.append("locsuf")
        if c0 in _ORG_SUFFIX1:
            f.append("orgsuf")
        if suf_end[i]:
            f.append("sufw=" + suf_end[i])
        if title_before[i]:
            f.append("title<")
        feats.append(f)
    return feats


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


def recognize(texts: Iterable[str], model_path: Path | None = None) -> list[list[tuple[int, int, str]]]:
    """Entities ``(start, end, label)`` (char offsets, end exclusive, label in PER/LOC/ORG) for each text."""
    items = list(texts)
    if not items:
        return []
    tagger = _tagger(model_path)
    out: list[list[tuple[int, int, str]]] = []
    for text in items:
        spans: list[tuple[int, int, str]] = []
        for off, piece in _chunks(text):
            if not piece.strip():
                continue
            tags = tagger.tag(char_features(piece))
            spans.extend((s + off, e + off, lab) for s, e, lab in tags_to_spans(tags))
        out.append(spans)
    return out
