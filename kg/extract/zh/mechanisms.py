"""Open-class Chinese policy mechanisms, found by how the language marks them rather than by a list: a
phrase ending in a head word of measures (责任制, 承包制, 制度, 办法, 政策, 规定, 运动, 竞赛 …) that is the
object of a verb of adoption (实行, 推行, 推广, 建立, 采取, 开展 …), a quoted slogan after such a verb
(开展“双增双节”), and campaigns named by number words (“三反”运动); also goals a verb of achieving takes
(实现水利化), items of enumerations named with their verb of acting (——强化资金管理), methods named by the
suffix 法 and forms of organisation set up in numbers (三十五个造船小组). The text's own phrase is the label;
the head picks the scheme concept it is ``skos:broader`` to (责任制 -> responsibility-system)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kg import cedict
from kg.extract.context import ArticleContext
from kg.extract.registry import rule
from kg.extract.zh import names as zh_names
from kg.extract.zh.mentions import exact_matches, mechanism_patterns
from kg.extract.zh.products import GOODS_HEADS, is_goods
from kg.extract.zh.relations import ITEM
from kg.records import Mention
from kg.zhdoc import Word, dictionary_tag

ADOPT = re.compile(
    r"(?:实行|推行|推广|建立|采取|开展|实施|试行|执行|贯彻|落实|坚持|搞好|大搞|搞|制定|制订|颁布|提倡|掀起|发动|"
    r"展开|进行|普遍实行|全面推行|采用|签订|订立|发放|举办|学习|改进|健全|恢复|取消|完善|加强|巩固|拟定|订出)"
    r"(?:了|起|着|起了)?"
)
# Head words of measures -> the scheme concept the phrase is narrower than ("" for none).
HEADS = {
    "承包经营责任制": "contract-management-system",
    "责任制": "responsibility-system",
    "工作制": "",
    "负责制": "responsibility-system",
    "承包制": "contract-system",
    "包干制": "contract-system",
    "承包": "contract-system",
    "包产到户": "contract-system",
    "包干到户": "contract-system",
    "包产": "contract-system",
    "包干": "contract-system",
    "制度": "",
    "管理制": "enterprise-management",
    "办法": "",
    "政策": "",
    "暂行规定": "temporary-regulation",
    "暂行办法": "temporary-regulation",
    "规定": "",
    "条例": "",
    "运动": "campaigns",
    "竞赛": "socialist-emulation",
    "劳动竞赛": "socialist-emulation",
    "协作": "inter-enterprise-cooperation",
    "合同": "",
    "合同制": "",
    "贷款": "finance",
    "计划": "",
    "改造": "",
    "革新": "",
    "建议": "",
    "征收办法": "",
    "税": "",
    "手续费": "",
    "差价": "",
    "联营": "inter-enterprise-cooperation",
    "贷粮": "finance",
    "公约": "",
    "协议": "",
    "体制": "",
    "基金": "finance",
    "抵押金": "finance",
    "工作法": "",
    "操作法": "",
    "所有制": "",
    "监督": "",
    "教育": "",
    "检查": "",
    "管理": "",
    "联销": "joint-sales",
    "措施": "",
    "网点": "",
    "展销": "sales-exhibition",
}
# Heads that name a measure wherever a named stem comes before them (定额制度, 生产竞赛运动), verb or not.
STRONG = {
    "制度", "责任制", "负责制", "工作制", "运动", "办法", "政策", "暂行规定", "暂行办法", "竞赛", "劳动竞赛",
    *(NOUN_HEADS := {
        "贷款", "贷粮", "公约", "协议", "体制", "基金", "抵押金", "工作法", "操作法", "所有制",
        "监督", "教育",
    }),
    "网点",
}
# Heads of systems that a verb may modify (收购体制) and the modifiers that may come before such a verb.
SYSTEM_HEADS = {"制度", "体制", "责任制", "负责制", "工作制", "办法"}
OBJECT_VERBS = {
    "改革", "改变", "打破", "废除", "破坏", "违反", "遵守", "冲破", "突破", "保护", "维护", "服从",
    "按照", "根据",
}
MODIFIERS = {"现行", "原有", "现有", "原来", "新", "旧", "这种", "这项", "一种", "统一"}
# Places and their suffixes: a stem ending so is where the measure is, not part of its name (X村|贷款).
PLACE_END = re.compile(r"[省市县区乡镇村]$")
# Heads that are a measure alone after a verb of adoption (签订合同); 发放贷款 names no particular loan.
BARE = {"合同", "合同制"}
# A head ending in 制 is no head before 度: 财务管理|制度 is a 制度, not a 管理制 and a stray 度.
HEAD_RE = re.compile(
    "|".join(re.escape(h) + "(?!度)" * (h[-1] == "制") for h in sorted(HEADS, key=lambda h: (-len(h), h)))
)
# A quoted slogan named as a line of policy (“抓革命，促生产”的伟大方针, “备战、备荒、为人民”的战略方针).
SLOGAN = re.compile(
    r"“([\u4e00-\u9fff，、]{4,16})”(?:的)?(?:[\u4e00-\u9fff]{0,4})(?:方针|政策|口号|路线|原则|办法|制度|运动)"
)
PLAN = re.compile(r"第[一二三四五六七八九十]+个五年计划")
NUMBERED = re.compile(
    r"“([一二三四五六七八九十两双百千]\w{1,6}?)”(?:运动|活动)?|([一二三四五六七八九十两双][\u4e00-\u9fff]{1,3})运动"
)
# A quoted slogan of two to four parallel parts (“劳资两利、发展生产”, “先机械化，后合作化”).
PARALLEL = re.compile(r"“((?:[\u4e00-\u9fff]{3,7}[，、]){1,2}[\u4e00-\u9fff]{3,7})”")
QUOTED = re.compile(r"“([\u4e00-\u9fff、]{2,12})”")
# Stems that make a head generic, not a named measure (体育运动, 经济政策, 各项制度, 规章制度).
GENERIC_STEM = re.compile(
    r"(?:银行|体育|群众|政治|经济|各项|规章|有关|现行|一切|这些|国家|党的|具体|正确|有效|原有|现有|新|老|好|政府|"
    r"宣传|曲解|执行|贯彻|落实|业务|不合理|上述|以上|这种|这项|该项|此项|技术|积极|有力|必要|果断|紧急|综合|"
    r"多种|社会|各种|种种|相应|得力|切实)$"
)
NOUN_STEM_TAGS = {"n", "vn", "nz", "j", "l", "ng", "nr"}  # nr: jieba tags some common nouns so (红旗)
STEM_TAGS = {"n", "vn", "v", "nz", "j", "b", "a", "an", "l", "s", "ns", "nt", "nr", "zg"}
STOP_WORDS = {
    "的", "了", "和", "与", "及", "等", "这种", "这一", "这个", "一种", "各种", "有关", "新的", "一系列",
    "企业", "工厂", "各厂", "全厂", "全国", "各地", "各级", "我国", "农村", "城市", "职工", "群众",
    "上述", "以上", "下列", "此项", "该项", "这项", "原来", "过去", "今年", "明年", "去年",
    "利用", "通过", "根据", "按照", "依照", "运用", "是", "就是", "也是", "都是",
}
# A verb of lacking or a negation before a measure says it is absent, it is no part of its name (没有|责任制).
NEGATION = re.compile(r"^(?:没有|缺乏|缺少|没|并无|尚无|毫无|未能)$")
# Verbs whose object may be an enumeration of measures (推行深翻土地、合理密植和分期播种).
LIST_VERB = re.compile(
    r"(?:采取|推行|推广|实行|坚持|试行|提倡|贯彻|执行|普遍推行|全面推行|大力推广)(?:了|着)?"
)
LIST_SEP = re.compile(r"、|以及|和|及|与")
# What may close an enumeration: the clause end, or 等/的 and a noun of measures (…等措施, …的方针).
LIST_END = re.compile(r"(?:等|的)(?:措施|办法|方针|政策|制度|原则|经验|方法|形式)|等?(?:[，。；：！？\n]|$)")
NOT_MEASURE = re.compile(r"[0-9０-９省市县区厂矿局部委社队人]$|^[这那各该本此一二两三四五六七八九十几]")


@functools.lru_cache(maxsize=1)
def period_terms() -> tuple[re.Pattern, dict[str, str]]:
    """Standard policy terms of the period (zh_mechanism_terms.tsv): regex, term -> broader concept."""
    rows = zh_names.policy_terms()
    return re.compile("|".join(re.escape(t) for t in sorted(rows, key=lambda t: (-len(t), t)))), rows


def _stem_start(ctx: ArticleContext, head_start: int, floor: int) -> int:
    """Start of the modifier words before a head: adjacent content words, back to ``floor``, at most 8
    characters."""
    held = ctx.doc.word_at(head_start)
    if held is not None and held.start < head_start < held.end:
        verb = ADOPT.match(held.text)  # 发放贷款 is one jieba word: the verb is not part of the name
        head_start = min(head_start, held.start + (verb.end() if verb else 0))  # 税收政策, 集体合同
    start = head_start
    words = ctx.doc.words_within(max(floor, head_start - 10), head_start)
    for w in reversed(words):
        if w.end != start or w.pos not in STEM_TAGS or w.text in STOP_WORDS or head_start - w.start > 8:
            break
        if ADOPT.search(w.text) or NEGATION.match(w.text):
            break  # 开展|生产竞赛运动, 大力开展|技术革新运动: the verb is not part of the name
        start = w.start
    first = ctx.doc.word_at(start)
    if (
        start < head_start and first is not None and len(first.text) == 1 and first.end < head_start
        and first.pos not in {"v", "vn"}  # 争|红旗|运动: a one-character verb does start a name
    ):
        start = first.end  # 6项|具体政策: a stray character (a measure word) does not start a name
    return start


def _verb_modifier(ctx: ArticleContext, verb: Word, head: str) -> bool:
    """A two-character verb that modifies a head of systems (收购体制, 检查制度) rather than takes it as
    its object (完善|责任制, 改革|体制): a modifier (的, 现行, 这种) or the clause's start comes before it."""
    if head not in SYSTEM_HEADS or verb.pos != "v" or len(verb.text) != 2 or ADOPT.fullmatch(verb.text) or (
        verb.text in OBJECT_VERBS
    ):
        return False
    before = ctx.doc.word_at(verb.start - 1)
    return before is None or before.pos in {"uj", "b", "r", "x"} or before.text in MODIFIERS


def _noun_stem_start(ctx: ArticleContext, start: int, head_start: int) -> int:
    """The start of the nouns right before a head, within [start, head_start), no place among them."""
    for w in reversed(ctx.doc.words_within(start, head_start)):
        if w.pos not in NOUN_STEM_TAGS - {"nr", "vn"} or PLACE_END.search(w.text) or w.text in STOP_WORDS:
            return w.end
        head_start = w.start
    return head_start


# 改包片定点为定标挂职承包: reform prose names the old and the new measure, each a phrase of words.
CHANGE = re.compile(r"改([\u4e00-\u9fff、]{4,14}?)为([\u4e00-\u9fff、]{4,16}?)(?:相?结合)?(?=[，。；])")
# Heads a clause of description ending in 的 may name (执行合格半制品才加工的制度).
DESCRIBED = {"制度", "办法", "政策", "方针", "责任制"}


def _described(ctx: ArticleContext, start: int, head: re.Match) -> bool:
    """Whether the object of a verb of adoption, from ``start`` to ``head``, is a clause of description
    ending in 的 before a head of systems (群众性自检、互查零件质量的制度), not an adjective (严格的制度)."""
    text = ctx.text
    if head.group() not in DESCRIBED or text[head.start() - 1 : head.start()] != "的":
        return False
    desc = text[start : head.start() - 1]
    last = ctx.doc.word_at(head.start() - 2)
    if last is not None and last.start == start and last.pos in {"i", "l"}:
        return False  # 采取因地制宜的办法: the idiom alone is the measure (_idiom_ways)
    return (
        4 <= len(desc) <= 14 and "的" not in desc and bool(re.fullmatch(r"[\u4e00-\u9fff、]+", desc))
        and last is not None and last.pos not in {"a", "ad", "d", "r", "m"} and start in ctx.doc.boundaries()
        and not NOT_MEASURE.match(desc) and not any(start <= s < head.start() for s, _, _ in ctx.doc.ents)
    )


def _modifies(ctx: ArticleContext, end: int) -> bool:
    """Whether the phrase ending at ``end`` modifies what follows: 的 (办法的改进) or the adverbial 地
    (有计划地发动)."""
    after = ctx.text[end : end + 1]
    if after == "地":
        word = ctx.doc.word_at(end)
        return word is not None and word.text == "地"
    return after == "的"


def _head_end(text: str, end: int, broader: str) -> tuple[int, str]:
    """The end of a name whose head another strong head follows (爱国增产竞赛|运动, 合同|制度), and the
    scheme concept of its last head."""
    nxt = HEAD_RE.match(text, end)
    while nxt and nxt.group() in STRONG and len(nxt.group()) >= 2:
        end, broader = nxt.end(), HEADS[nxt.group()] or broader
        nxt = HEAD_RE.match(text, end)
    return end, broader


# Words that close an adopted phrase, no part of it: 等 (实行统一票证等), 后/时/中 (实行代运业务后).
TRAILING = {"等", "后", "时", "中", "以后", "之后", "时候", "以来"}


def _trimmed(ctx: ArticleContext, start: int, end: int) -> int:
    """``end`` moved back over trailing words that close a phrase rather than name a measure."""
    while end > start:
        last = ctx.doc.word_at(end - 1)
        if last is None or last.end != end or last.start < start or last.text not in TRAILING:
            break
        end = last.start
    return end


def _after_time(ctx: ArticleContext, start: int, end: int) -> int:
    """``start`` moved past a time word that opens the phrase (今年|夏粮征购): when, not what."""
    word = ctx.doc.word_at(start)
    if word is not None and word.start == start and word.pos == "t" and end - word.end >= 2:
        return word.end
    return start


def _changed(ctx: ArticleContext) -> Iterator[tuple[int, int, str]]:
    """The old and the new measure of 改X为Y, each whole words, with no named body or place in them."""
    bounds = ctx.doc.boundaries()
    for m in CHANGE.finditer(ctx.text):
        for g in (1, 2):
            s, e = m.span(g)
            if s in bounds and e in bounds and not any(s < b and a < e for a, b, _ in ctx.doc.ents):
                yield s, e, ""


# 利税 (profits and taxes) is a figure; 纳税, 减税 … pay or cut a tax, they name none.
NOT_TAX = re.compile(r"^[利纳缴减免退偷漏抗扣交上完补欠]税$")


def _taxes(ctx: ArticleContext) -> Iterator[tuple[int, int, str]]:
    """Taxes named by a noun word ending in 税 (契税, 交易税), or by 税 written after a noun of two
    characters (牲畜|税): measures of the fiscal policy."""
    for w in ctx.doc.words if "税" in ctx.text else ():  # a scan of the words only when one may match
        if w.pos == "n" and 2 <= len(w.text) <= 4 and w.text.endswith("税") and not NOT_TAX.match(w.text):
            yield w.start, w.end, "finance"
        elif w.text == "税" and w.pos == "n":
            noun = ctx.doc.word_at(w.start - 1)
            if noun is not None and noun.end == w.start and noun.pos == "n" and len(noun.text) == 2:
                yield noun.start, w.end, "finance"


def _shared_head(text: str, items: list[tuple[int, int]]) -> int:
    """Where the head of the last item starts when it is shared by the items before it (分等论价、
    优级优价政策: none of them has a head of its own), else 0."""
    last = HEAD_RE.search(text, items[-1][0], items[-1][1])
    if len(items) < 2 or not last or last.end() != items[-1][1] or last.start() - items[-1][0] < 3:
        return 0
    return 0 if any(HEAD_RE.search(text, s, e) for s, e in items[:-1]) else last.start()


def _enumerated(ctx: ArticleContext) -> Iterator[tuple[int, int, str]]:
    """Each item of an enumeration of measures after a verb of adoption (推行深翻土地、合理密植和分期播种;
    采取放宽期限、降低利息等措施; 坚持自力更生、勤俭建国的方针)."""
    text = ctx.text
    for verb in LIST_VERB.finditer(text):
        clause = re.match(r"[^，。；：！？\n]{0,48}", text[verb.end() :]).group()
        if "、" not in clause or verb.end() not in ctx.doc.boundaries():
            continue
        close = None
        for m in LIST_END.finditer(text, verb.end(), verb.end() + len(clause) + 1):
            if m.start() > verb.end() and m.start() in ctx.doc.boundaries():
                close = m.start()
                break
        if close is None:
            continue
        items, pos = [], verb.end()
        for sep in [*LIST_SEP.finditer(text, verb.end(), close), None]:
            end = sep.start() if sep else close
            start, stop = pos, end
            while start < stop and text[start] in "“「":
                start += 1
            while stop > start and text[stop - 1] in "”」":
                stop -= 1
            cut = re.search(r"[等的]", text[start:stop]) if sep is None else None
            items.append((start, start + cut.start() if cut else stop))  # …百货商店|等形式
            pos = sep.end() if sep else close
        shared = _shared_head(text, items)
        if shared:
            items[-1] = (items[-1][0], shared)  # 分等论价、优级优价|政策: the head is shared by all
        if any(not _measure_item(ctx, s, e) for s, e in items):
            continue
        measures = [(s, e) for s, e in items if not _goods_word(ctx, s, e)]  # 推广青贮饲料: goods
        if len(measures) >= 2:
            for s, e in measures:
                yield s, e, ""


def _adopted_phrase(ctx: ArticleContext) -> Iterator[tuple[int, int, str]]:
    """The whole object of a verb of adoption when it ends the clause (采取自报公议，实行保护牲畜，): a
    measure named by a verb phrase, with no head word."""
    text = ctx.text
    for verb in LIST_VERB.finditer(text):
        clause = re.match(r"[\u4e00-\u9fff]{4,8}(?=[，。；])", text[verb.end() : verb.end() + 9])
        if clause is None or verb.end() not in ctx.doc.boundaries():
            continue
        start = verb.end()
        end = _trimmed(ctx, start, verb.end() + clause.end())
        name = text[start:end]
        if len(name) < 4:
            continue
        if "的" in name or HEAD_RE.search(name) or ADOPT.search(name) or _goods_word(ctx, start, end):
            continue
        if _measure_item(ctx, start, end) and not any(w.pos in {"m", "r", "d", "p", "c"} for w in
                                                      ctx.doc.words_within(start, end)):
            yield start, end, ""


# Verbs that take a line of work as their object (做好X工作, 狠抓X工作, 加强X工作).
WORK_VERB = re.compile(r"(?:做好|抓好|狠抓|搞好|加强|开展|推动|重视)(?:了)?")
WORK = re.compile(r"工作(?=[，。；！、不]|$)")
# The way a measure is named as a method or line (采取见缝插针的方法, 坚持两条腿走路的方针).
WAY = re.compile(r"的(?:方法|办法|方针|原则|做法)")


def _work_objects(ctx: ArticleContext) -> Iterator[tuple[int, int, str]]:
    """The line of work a verb takes before 工作 (做好重点用油的供应工作, 狠抓扭亏增盈工作): the measure
    is the phrase between them, 4-14 characters of whole words, no named entity in it."""
    text, bounds = ctx.text, ctx.doc.boundaries()
    for work in WORK.finditer(text):
        window = text[max(0, work.start() - 18) : work.start()]
        clause = re.search(r"[^，。；：！？\n]{0,18}$", window).group()
        verbs = [v for v in WORK_VERB.finditer(clause) if v.end() < len(clause)]
        if not verbs:
            continue
        start = work.start() - len(clause) + verbs[-1].end()
        name = text[start : work.start()]
        if (
            4 <= len(name) <= 14 and start in bounds and work.start() in bounds
            and re.fullmatch(r"[\u4e00-\u9fff、]+", name) and not NOT_MEASURE.search(name)
            and not GENERIC_STEM.match(name) and not WORK_VERB.match(name)
            and not any(s < work.start() and start < e for s, e, _ in ctx.doc.ents)
        ):
            yield start, work.start(), ""


# A line of combining or of doing things at once (土洋结合, 大、中、小相结合, 洋土并举, A与B相结合): the
# whole phrase up to the marker is the measure; what may follow it (clause end, 的, a noun of lines).
JOINED = re.compile(r"(?:相结合|结合|并举)(?=[，。；：、”」\n]|的|$)")
COUNTED = re.compile(r"[一二三四五六七八九十两几]个")
JOIN_ITEM = re.compile(r"[^，。；：、“”「」\n]{1,16}$")


def _joined(ctx: ArticleContext) -> Iterator[tuple[int, int, str]]:
    """Lines of combining or of doing things at once: back from 相结合/结合/并举 to the clause, an
    item separator or a verb of adoption; one-character items before 、 are parts of it (大、中、小)."""
    text, bounds = ctx.text, ctx.doc.boundaries()
    for m in JOINED.finditer(text) if "结合" in text or "并举" in text else ():
        item = JOIN_ITEM.search(text, max(0, m.start() - 16), m.start())
        if item is None:
            continue
        start = item.start()
        if m.start() - start == 1:  # 大、中、小相结合: one-character items before it are one line
            while start >= 2 and text[start - 1] == "、" and start - 2 in bounds and start - 1 in bounds:
                start -= 2
        verbs = [
            v for v in ADOPT.finditer(text, start, m.start())
            if v.end() < m.start() - 1 and v.start() in bounds and not _after_adverb(ctx, v.start())
            and text[v.end() : v.end() + 1] not in CONJUNCTIONS
            # 不断采用X, 巩固与提高: the verb (and its object) are an item themselves
        ]
        if verbs:
            start = verbs[-1].end()
        copula = [w.end for w in ctx.doc.words_within(start, m.start()) if w.text == "是"]
        start = copula[-1] if copula else start  # 方针是|普及与提高相结合: what the line is, not the subject
        listed = text[start - 1 : start] == "、"  # 、生产部门和辅助部门并举: an item, verb and all
        for first in () if listed else ctx.doc.words_within(start, m.start()):
            if text[first.end : first.end + 1] in CONJUNCTIONS:
                break  # 制造与修补相结合: the verb is one of the things combined
            sense = cedict.glosses().get(first.text, "")
            verb = first.pos in {"v", "d", "p", "c", "r", "u", "ul", "uj"} or sense.startswith("to ")
            if first.start != start or not verb or m.start() - first.end < 2:
                break
            start = first.end  # 他们|企图|百业并举, 做到|大、中、小相结合: no part of the line
        name = text[start : m.start()]
        if (
            len(name.replace("、", "")) >= 2 and start in bounds and "的" not in name
            and re.fullmatch(r"[\u4e00-\u9fff、]+", name) and not NOT_MEASURE.match(name)
            and (m.group() != "结合" or len(name) <= 4 and dictionary_tag(name) != "v")  # 学习|结合: one act
            and not COUNTED.search(name)  # 三个领域并举: things counted, no line named
        ):
            yield start, m.end(), ""


CONJUNCTIONS = set("与和及同")


def _after_adverb(ctx: ArticleContext, pos: int) -> bool:
    """Whether an adverb ends right before ``pos`` (不断|采用)."""
    word = ctx.doc.word_at(pos - 1)
    return word is not None and word.end == pos and word.pos in {"d", "ad"}


def _idiom_ways(ctx: ArticleContext) -> Iterator[tuple[int, int, str]]:
    """A four-character idiom named as the way or line taken (采取见缝插针的方法): the idiom is the
    measure."""
    for way in WAY.finditer(ctx.text):
        word = ctx.doc.word_at(way.start() - 1)
        if word is not None and word.end == way.start() and len(word.text) == 4 and word.pos in {"i", "l"}:
            before = ctx.text[max(0, word.start - 4) : word.start]
            if LIST_VERB.search(before) or ADOPT.search(before):
                yield word.start, word.end, ""


# A line of transformation named as the goal a verb of achieving takes (实现公社工业化、轨道化, 作到经营
# 企业化): each item ends in 化 and follows the verb or a separator.
ACHIEVE = re.compile(r"(?:实现|作到|做到)(?:了)?")
ACHIEVED = re.compile(r"([\u4e00-\u9fff]{1,6}?化)(?=[、和与及前后，。；！？\n]|$)")


def _achieved(ctx: ArticleContext) -> Iterator[tuple[int, int, str]]:
    """Each X化 item a verb of achieving takes as its object (实现绳索牵引化、轨道化、水利化), whole words,
    two or more characters before 化, no named entity in it."""
    text, bounds = ctx.text, ctx.doc.boundaries()
    for verb in ACHIEVE.finditer(text) if "化" in text else ():
        pos = verb.end()
        while (item := ACHIEVED.match(text, pos)) is not None:
            s, e = item.span(1)
            named = any(a < e and s < b for a, b, _ in ctx.doc.ents)
            if e - s < 3 or s not in bounds or e not in bounds or named or text[s] in "不没":
                break
            yield s, e, ""
            if text[e : e + 1] not in ("、", "和", "与", "及"):
                break
            pos = e + 1


ITEM_CLAUSE = re.compile(r"、?([\u4e00-\u9fff]{4,12})(?=[，。；\n])")
OPENERS = {"d", "ad", "c"}  # 努力|调整产品结构, 尽量|使用代用品: adverbs open an item, they name no measure
OBJECT_TAGS = {"n", "vn", "nz", "l", "b", "an", "j"}
ACTED = {"管理", "改造", "检查", "监督"}  # heads of work that an item names with its verb (加强|企业管理)
VAGUE = re.compile(r"(?:领导|指导|工作|问题|任务|作用)$")  # 加强|农业生产领导: leading or work, no measure
# Verbs that act on a line of work or a resource and name a measure with it (强化|资金管理, 使用|代用品),
# unlike verbs of perception or attitude (注意|产品质量, 把握|思想脉搏).
ACTING = re.compile(
    r"(?:加强|强化|改进|改善|深化|调整|推广|使用|完善|健全|精简|压缩|控制|限制|清理|整顿|简化|改革)"
)


def _acting_clause(ctx: ArticleContext, at: int) -> tuple[int, int] | None:
    """The span of the clause at ``at`` (after 、 and adverbs) when it is only a verb of acting and its
    noun object (强化资金管理, 尽量|使用代用品), else None. jieba may fuse the verb with the object's first
    word (推广先进|经验) or tag the object's last noun a verb (劳动|组织)."""
    text = ctx.text
    clause = ITEM_CLAUSE.match(text, at)
    if clause is None or clause.start(1) not in ctx.doc.boundaries():
        return None
    start, end = clause.span(1)
    for w in ctx.doc.words_within(start, end):
        if w.pos not in OPENERS:
            break
        start = w.end
    verb = ACTING.match(text, start)
    if verb is None or end - verb.end() < 3:
        return None
    first = ctx.doc.word_at(start)
    obj = ctx.doc.words_within(verb.end(), end)
    if first is None or first.end != verb.end() and first.pos not in {"i", "l"} or not obj:
        return None
    head = HEAD_RE.search(text, obj[-1].start, end)
    if (
        first.pos not in {"v", "vn", "i", "l"} or obj[-1].end != end
        or any(w.pos not in OBJECT_TAGS and (w is not obj[-1] or w.pos != "v") for w in obj)
        or VAGUE.search(obj[-1].text) or head and head.group() not in ACTED
        or any(start < e and s < end for s, e, _ in ctx.doc.ents)
    ):
        return None
    return start, end


def _listed_items(ctx: ArticleContext) -> Iterator[tuple[int, int, str]]:
    """Measures named with their verb of acting: an item of an enumeration (——强化资金管理，; 四、尽量使用
    代用品。), or one of two or more such clauses close together (加强客运管理，…；加强货源管理，). A verb of
    adoption's object alone is named by the head rules (一、全面推行|负责制); an object of two characters
    names none (清理仓库)."""
    text = ctx.text
    for marker in ITEM.finditer(text):
        if not marker.start() or text[marker.start() - 1] in "\n。；：！？ \u3000":
            span = _acting_clause(ctx, marker.end())
            if span:
                yield *span, ""
    starts = [0, *(m.end() for m in re.finditer(r"[，。；：\n]", text))]
    spans = [_acting_clause(ctx, at) if ACTING.search(text, at, at + 6) else None for at in starts]
    for i, span in enumerate(spans):
        if span and any(spans[j] for j in range(max(0, i - 2), i + 3) if j != i and j < len(spans)):
            yield *span, ""


# Words that end a method's name on its left: function words, numbers, pronouns and verbs of using.
METHOD_STOP_TAGS = {"uj", "ul", "ud", "uz", "u", "x", "p", "c", "r", "m", "f", "q", "d", "ad"}
USING = re.compile(r"(?:使用|应用|运用|利用|采用|用)$")
# Verbs of making or keeping a law: the X法 they take is a law (颁布|兵役法), not a way of working.
LEGISLATING = re.compile(r"(?:颁布|公布|通过|修改|修订|施行|遵守|违反)了?$")


def _methods(ctx: ArticleContext) -> Iterator[tuple[int, int, str]]:
    """A method named by the suffix 法 written as a word of its own (活动支木模法, 无钉支木模法): the
    content words before it, two to seven characters, back to a function word or a verb of using."""
    text = ctx.text
    for w in ctx.doc.words if "法" in text else ():
        if w.text != "法" or text[w.end : w.end + 1] in ("国", "方", "律", "令", "院"):
            continue
        start = w.start
        for prev in reversed(ctx.doc.words_within(max(0, w.start - 8), w.start)):
            stop = prev.pos in METHOD_STOP_TAGS or ADOPT.fullmatch(prev.text) or USING.search(prev.text)
            if prev.end != start or stop or w.start - prev.start > 7:
                break
            start = prev.start
        if w.start - start >= 2 and not any(s < w.start and start < e for s, e, _ in ctx.doc.ents):
            law = LEGISLATING.search(text, max(0, start - 4), start)
            yield start, w.end, "" if law else "work-methods"  # 公布了环境保护法: a law, not a method


# Forms of organisation set up in numbers (三十五个造船小组, 设立了储蓄服务站): generic units, not a body.
FORM = re.compile(r"小组|服务站|基点|营业所|座谈会|研究会")
SET_UP = re.compile(
    r"(?:建立|设立|成立|组织|组成|举办|办起)了?(?:[一二三四五六七八九十百千几若干\d]+个|一批|若干)?$"
    r"|[一二三四五六七八九十百千几\d]+个$"
)


def _forms(ctx: ArticleContext) -> Iterator[tuple[int, int, str]]:
    """A form of organisation (造船小组, 贷款基点) named right after a verb of setting up or a count: the
    noun words before its head, no place or named body among them, no body's head (协调小组)."""
    text, bounds = ctx.text, ctx.doc.boundaries()
    for head in FORM.finditer(text):
        if head.end() not in bounds:
            continue
        start = _noun_stem_start(ctx, _stem_start(ctx, head.start(), max(0, head.start() - 8)), head.start())
        if head.start() - start < 2 or not SET_UP.search(text, max(0, start - 8), start):
            continue
        named = any(s < head.end() and start < e for s, e, _ in ctx.doc.ents)
        if start in bounds and not named and zh_names.head_of(text[start : head.end()]) is None:
            yield start, head.end(), ""  # 资金协调小组: a body's head, the body rules name it


def _goods_word(ctx: ArticleContext, start: int, end: int) -> bool:
    """One noun word naming goods (青贮饲料), not an activity (深翻土地/l, 分期播种/vn)."""
    word = ctx.doc.word_at(start)
    return (
        word is not None and word.end == end and word.pos in {"n", "nz"} and word.text[-1] in GOODS_HEADS
        and is_goods(word.text)
    )


def _measure_item(ctx: ArticleContext, start: int, end: int) -> bool:
    """An item of an enumeration that may name a measure: a phrase of 3-8 Chinese characters (not one
    word of activity: 开会、讨论), whole words, no named entity, no place, body or person (…省, …厂, …人),
    no demonstrative (这种…)."""
    name = ctx.text[start:end]
    bounds = ctx.doc.boundaries()
    return (
        3 <= len(name) <= 8 and bool(re.fullmatch(r"[\u4e00-\u9fff]+", name))
        and not NOT_MEASURE.search(name) and start in bounds and end in bounds
        and not any(s < end and start < e for s, e, _ in ctx.doc.ents)
    )


@rule("mentions", lang="zh")
def zh_open_mechanisms(ctx: ArticleContext) -> Iterator[Mention]:
    """Mechanisms named by an adopted phrase with a measure head, a quoted slogan, or a numbered campaign."""
    text = ctx.text
    exact = mechanism_patterns()[1]
    known = [(m.start(), m.end(), exact[m.group()]) for m in exact_matches(ctx)]
    found: list[tuple[int, int, str]] = []
    for verb in ADOPT.finditer(text):
        clause = re.match(r"[^，。；：！？\n]{0,24}", text[verb.end() :]).group()
        end_limit = verb.end() + len(clause)
        quoted = QUOTED.match(text, verb.end())
        if quoted:
            found.append((quoted.start(1), quoted.end(1), ""))
            continue
        for head in HEAD_RE.finditer(text, verb.end(), end_limit):
            if _modifies(ctx, head.end()) or head.start() - verb.end() > 16:
                continue
            if _described(ctx, verb.end(), head):  # 执行|合格半制品才加工的制度: the whole object
                found.append((verb.end(), head.end(), HEADS[head.group()]))
                break
            if head.start() - verb.end() > 14:
                continue
            start = _stem_start(ctx, head.start(), verb.end())
            if start == head.start() and len(head.group()) < 3 and head.group() not in BARE:
                continue  # a bare head (实行承包): the lexicon's concept, not a named one
            if text[start - 1 : start] == "、":
                break  # 分等论价、优级优价政策: items sharing a head, each named by the enumeration
            if start in ctx.doc.boundaries() or start == verb.end():  # 签订合同 may be one jieba word
                if not GENERIC_STEM.match(text, start, head.start()):
                    found.append((start, head.end(), HEADS[head.group()]))
            break
    for head in HEAD_RE.finditer(text):  # 定额制度, 生产竞赛运动: a strong head after two or more stem chars
        if head.group() not in STRONG or _modifies(ctx, head.end()):
            continue
        start = _stem_start(ctx, head.start(), max(0, head.start() - 10))
        if head.group() in NOUN_HEADS:  # 农具贷款, 爱国公约: nouns only (使|现存贷款, 南畔村|贷款)
            after = ctx.doc.word_at(head.end())
            if after is not None and after.start == head.end() and after.pos in {"n", "vn"}:
                continue  # 贷款|限额: the head is a modifier of the noun after it
            start = _noun_stem_start(ctx, start, head.start())
        last = ctx.doc.word_at(head.start() - 1)
        if last is not None and _verb_modifier(ctx, last, head.group()):
            start = last.start  # 现行|收购体制: a verb modifying a head of systems names one
        elif last is not None and last.pos == "b":
            start = last.start  # 短期|竞赛, 集体|合同: a non-predicative adjective names a kind of measure
        elif last is None or last.pos not in NOUN_STEM_TAGS | {"b"}:
            continue  # 稳定政策, 完善责任制: an adjective or a verb before the head names no measure
        if head.start() - start >= 2 and start in ctx.doc.boundaries() and not GENERIC_STEM.match(
            text, start, head.start()
        ):
            found.append((start, head.end(), HEADS[head.group()]))
    found.extend(_taxes(ctx))
    found.extend(_changed(ctx))
    found.extend(_enumerated(ctx))
    found.extend(_adopted_phrase(ctx))
    found.extend(_work_objects(ctx))
    found.extend(_idiom_ways(ctx))
    found.extend(_joined(ctx))
    found.extend(_achieved(ctx))
    found.extend(_methods(ctx))
    found.extend(_forms(ctx))
    listed = list(_listed_items(ctx))
    if listed:  # ——加强|企业管理: the item names the measure with its verb, not its object alone
        found = [(s, e, b) for s, e, b in found if not any(e == e2 and s2 < s for s2, e2, _ in listed)]
        found.extend(listed)
    terms_re, terms = period_terms()
    bounds = ctx.doc.boundaries()
    for m in terms_re.finditer(text):
        edges = (m.start() in bounds) + (m.end() in bounds)  # jieba may cut a rare term (了拨|改贷)
        if edges == 2 or edges == 1 and len(m.group()) >= 3:
            found.append((m.start(), m.end(), terms[m.group()]))
    for m in PARALLEL.finditer(text):  # not a pair of idioms (“和衷共济，同舟共济”): a description
        parts = re.split("[，、]", m.group(1))
        if not any(len(p) == 4 and cedict.gloss(p) for p in parts):
            found.append((m.start(1), m.end(1), ""))
    for m in SLOGAN.finditer(text):
        found.append((m.start(1), m.end(1), ""))
    for m in PLAN.finditer(text):
        found.append((m.start(), m.end(), ""))
    numbered = set()
    for m in NUMBERED.finditer(text):
        g = 1 if m.group(1) else 2
        found.append((m.start(g), m.end(g), "campaigns"))
        if re.match(r"”?(?:运动|期间|计划|规划)", text[m.end(g) : m.end(g) + 3]):
            numbered.add((m.start(g), m.end(g)))  # “三反”运动, “七五”期间: two characters name one
    seen: set[tuple[int, int]] = set()
    # 分等论价、优级优价政策: an item after 、 found without its shared head is not named with it too
    ends = {(s, e) for s, e, _ in found}
    found = [
        (s, e, b) for s, e, b in found
        if text[s - 1 : s] != "、"
        or not any((s, k) in ends and HEAD_RE.fullmatch(text, k, e) for k in range(s + 2, e))
    ]
    found = [(s, *_head_end(text, e, b)) if text[s - 1 : s] != "、" else (s, e, b) for s, e, b in found]
    for start, end, broader in found:
        start = _after_time(ctx, start, end)
        if text[end - 1 : end] == "的" or text[start : start + 1] == "的":
            continue  # 为生产建设服务的: a clause that describes something, no name
        inside = [(s, e, key) for s, e, key in known if start <= s and e <= end and (s, e) != (start, end)]
        if inside and not broader:
            broader = inside[0][2]  # 生产竞赛运动 is narrower than the lexicon's 竞赛
        if (start, end) in seen or any(
            s < end and start < e and (s, e, key) not in inside for s, e, key in known
        ):
            continue  # the lexicon names it
        seen.add((start, end))
        name = text[start:end]
        short = len(name) == 2 and name not in BARE and name not in terms and not name.endswith("税") and (
            (start, end) not in numbered
        )
        # 试点, 兼并: two characters name a measure only as a term of the period or a tax (契税)
        if len(name) < 2 or short or not re.search(r"[\u4e00-\u9fff]{2}", name):
            continue
        yield Mention(
            ctx.article.id, "zh", start, end, name, "PolicyMechanism", "zh_open_mechanisms", "", broader
        )
