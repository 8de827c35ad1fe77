"""Chinese products, found by how the language marks them, not by a list: the noun after a quantity with a
unit of goods (三十万吨生铁, 1600台排灌机械), the noun before 产量 (钢材产量), the objects of production and
supply verbs (生产、制造、加工、供应 …), brand names (迅达牌摩托车), staple goods and machines wherever they
stand (粮食, 拖拉机: kg/lexicons/goods.tsv and the heads of goods words) and the other items of their lists.
A candidate must be a common noun the dictionaries know (zh_glossary.tsv, else CC-CEDICT), so abstract
objects (生产任务, 会议, 方法) stay out."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from itertools import count

from kg import cedict, lexicon, zhseg
from kg.extract.context import ArticleContext
from kg.extract.registry import rule
from kg.extract.zh import names as zh_names
from kg.records import Mention
from kg.zhdoc import Word

UNIT = re.compile(
    r"[\d０-９.，,一二三四五六七八九十百千万亿两几多余]+(?:万|千|百|亿)?(?:多|余)?"
    r"(?:吨|台|辆|架|艘|件|套|公斤|斤|担|匹|双|箱|千瓦|立方米|锭|只|块|支|袋|头|立方公尺|公尺|公担|市斤|桶)(?:多|余)?(?:的)?"
)
# A noun right before its amount (木材三千五百立方公尺, 鸡鸭四百万只): the goods counted.
COUNTED = re.compile(UNIT.pattern.removesuffix("(?:的)?") + r"(?=[，。；、）)\s]|$)")
# Verbs of making and supplying goods: the core shared by VERB and zh.actions' production cues.
MAKING = "生产|制造|制作|加工|供应|出产|试制|制成|增产"
VERB = re.compile(  # 试制成功 before 试制: the longer verb first
    rf"(?:试制成功|研制成功|{MAKING}|生产出|造出|炼出|织出|产出|出口|进口|引进|运来|运往|调运|调入|调出|饲养|养殖|种植|"
    r"收购|采购|出售|销售|运销|推销|烧制|繁殖|购买|购进|改产|研制|酿造|冶炼|开采|"
    r"盛产|交售)"
    r"(?:出了|了|出|的)?"
)
# Verbs of making something new (创造, 制成): their quoted object is a tool or a machine (创造“翻砂机”).
INVENT = re.compile(
    r"(?:创造|创制|制成|试制|研制|设计|发明)(?:了|出|成功)?[^，。；“]{0,8}“([\u4e00-\u9fff]{2,10})”"
)
MORE_QUOTED = re.compile(r"[和、及]“([\u4e00-\u9fff]{2,10})”")
# Last characters of names of goods (压缩机, 日光灯, 新闻纸): a compound ending so names one product.
GOODS_HEADS = "机器车船炉泵灯纸布油肥药皂酒粉料材模具管线绳丝钢铁煤瓶衫衣鞋帽表仪床锭板片砖瓦灰"
# 养猪, 养鸡场: one word of a rearing verb and the animal it rears.
REARING = re.compile(r"养([猪牛羊马鸡鸭鹅兔鱼蜂蚕驴骡虾]{1,2})场?")  # livestock only: 养老, 养病 rear nothing
# Words that follow production words as the head of a noun phrase about production, not as its object
# (生产状况, 生产方针, 生产高潮, 生产的前提): general vocabulary of plans, situations and organisation.
ABSTRACT = {
    "状况", "方针", "前提", "局面", "高潮", "纪录", "新纪录", "障碍", "领导", "工会", "通告", "货源", "网点",
    "需要", "消极", "积极", "国内", "国外", "战线", "队伍", "工作队", "形势", "热情", "关系", "基础",
    "环节", "门路", "渠道", "途径", "困难", "矛盾", "潜力", "热潮", "运动", "竞赛", "高峰", "水平线",
    "矿山", "装置", "建议",
}
# English senses that name an abstraction (-tion, -ment …): a dictionary word so glossed is no product.
ABSTRACT_SENSE = re.compile(
    r"\b(?!(?:electricity|cement|garment|ointment|pigment|implement|instrument)s?\b)"
    r"[a-z]+(?:tion|sion|ment|ship|ness|ity|ance|ence|ism)\b"
)
# English heads of dictionary senses that name no goods: ways, points, meetings, seasons, amounts, qualities
# (方法 'method', 重点 'important point', 会议 'meeting', 捷报 'report of success', 基本 'basic').
ABSTRACT_GLOSS_HEADS = frozenset(
    "method way means point meeting conference report news focus emphasis basis line forefront party side "
    "summer winter spring autumn season volume capacity mainstay pillar backbone vanguard pioneer wealth "
    "riches shortcoming fault weakness advantage situation condition plan task work problem question need "
    "spirit time aspect aim goal result success victory level standard quality quantity amount number "
    "scale scope range area region field front place matter step measure policy idea thought experience "
    "lesson role function effect relation contact order safety life price cost value income profit fund "
    "capital money budget account tax basic fundamental main important general same forward leap".split()
)
# … and heads of such senses ('economic construction'); not -ment, which ends goods too (cement, ointment).
ABSTRACT_HEAD = re.compile(r"(?!electricity\b)[a-z]+(?:tion|sion|ship|ness|ity|ance|ence|ism)")
# A processing verb and its material name an industry or a process, not goods (炼钢, 造纸, 磨粉, 制糖).
PROCESS = re.compile(r"^[炼冶制造磨碾榨纺织酿采烧][钢铁铜铝锡油糖纸粉米布纱酒煤盐砖瓦焦船药]$")
OUTPUT = re.compile(r"产量|销量|出口量|总产|单产")
# How much of the goods, between a verb and its object (生产了大量的拖拉机): not the goods.
AMOUNT = re.compile(r"(?:大量|大批|许多|很多|不少|更多|各种|多种|大宗|[一两几][批些种台套个])(?:的)?")
# 等 and a noun for a kind of goods closing a list (…等畅销货, …等原材料, …等十大拳头产品).
KIND_OF_GOODS = re.compile(
    r"等(?:[一二三四五六七八九十几多百千万\d]+[种类项大个台套件部])?[\u4e00-\u9fff]{0,3}?"
    r"(?:货|产品|商品|物资|原材料|原料|材料|日用品|工业品|农产品|副产品|土特产|药材|农作物|作物|牲畜|家禽|水果|蔬菜|品种|"
    r"农具|机具|工具|设备|机械|机器|用品|制品)"
)
# Last characters of words for staple goods: metals, fuels, grain, fibres, foods, building materials
# (原煤, 小麦, 棉纱, 猪肉, 耐火砖): a dictionary noun so ending names goods wherever it stands.
STAPLE_HEADS = frozenset("钢铁铜铝锌锡铅镍煤油粮米麦棉布纱肉蛋菜糖盐茶酒肥药砖瓦灰泥材料")
# Last characters of names of machines and instruments (拖拉机, 变压器): a dictionary word of three or more
# characters so ending names goods wherever it stands (司机, 时机 are two).
MACHINE_HEADS = frozenset("机器")
# A verb of handling before a staple names an act, not goods (产钢, 砌砖, 漏油, 运料, 种菜).
HANDLING = re.compile(r"^[产砌运漏种用购积收交缴征贷借卖买调缺节省炼冶制造磨碾榨纺织酿采烧取]")
ITEM_BOUNDS = {"、", "和", "及", "的", "，", "：", "；", "。", "\n", ""}
NOMINAL_BEFORE = {"的", "对", "在", "与", "和", "及"}
BRAND = re.compile(r"[\u4e00-\u9fff]{1,4}牌[\u4e00-\u9fff]{1,5}")
NOUN_TAGS = {"n", "nz", "ng"}
FUNCTION_TAGS = {"x", "c", "p", "u", "uj", "ul", "r", "d", "m", "q", "f", "t"}
# verbal nouns and adjectives: acts and qualities (防汛), no goods; not v, which jieba gives goods too (带钢)
VERB_TAGS = {"vn", "vd", "a", "ad", "an"}
LOOSE_TAGS = {"nr", "ns", "m", "nrt", "vn", "j"}  # tags jieba gives some goods words in context
# Objects of production verbs that are not goods: general vocabulary of plans, capacity and work.
NOT_PRODUCTS = {
    "产品", "商品", "食品", "东西", "新产品", "物资", "原料", "材料", "原材料", "设备", "工程", "项目",
    "任务", "计划", "指标",
    "能力", "水平", "规模", "成本", "效率", "技术", "工作", "单位", "部门", "过程", "情况", "问题", "资金",
    "建设", "管理", "发展", "秩序", "安全", "力量", "条件", "方面", "方式", "资料", "总值", "产值", "企业",
    "工厂", "工人", "职工", "群众", "干部", "国家", "人民", "社会", "经济", "时间", "数量", "质量", "品种",
    "价格", "效益", "利润", "成绩", "经验", "办法", "措施", "形势", "工业", "农业", "生产", "部分",
    "车间", "人员", "基地", "厂家", "厂", "矿", "品", "量", "点", "特点", "人", "者", "家", "台", "吨",
    "后劲", "岗位", "原则", "班", "组", "队", "思想", "作风", "精神", "意识", "观念", "风格", "色", "味",
    "政策", "制度", "舆论", "规定", "合同", "贷款", "运动", "活动", "总产", "单产", "亩产", "产量", "年产",
    "左右", "上下", "前后", "以上", "以下", "时候", "农村", "城市",  # 三百吨左右: how near, not what
    "马力", "千瓦", "瓩",  # 十二匹马力: a unit of power
}
# Words of variety before goods (各种车床): how many kinds, no part of the name.
VARIETY = re.compile(r"各种|各式|各类|各样|多种")
# Heads of words for people and places, not goods (现代人, 技术员, 专业户, 车间).
TWO_CHAR_GENERAL = tuple(sorted(w for w in (*NOT_PRODUCTS, *ABSTRACT) if len(w) == 2))
# … and of measures of things (合格率, 容积率, 产值额): no goods.
NOT_PRODUCT_ENDS = (
    "人", "者", "员", "户", "家", "工", "间", "处", "所", "场", "地", "区",
    "率", "性", "度", "值", "额", "费", "量", "式", "田",
    "厂", "站", "路", "园",  # works, lines, gardens (中型厂, 电站, 铁路, 果园): where goods are made, carried
)
NUMERAL_START = re.compile(r"^[一二三四五六七八九十百千万两几半]")
COUNT_WORD = re.compile(r"[一二三四五六七八九十百千两几\d]+[\u4e00-\u9fff]?")
COUNT = re.compile(
    NUMERAL_START.pattern.removeprefix("^") + r"+(?:倍|级|成|次|遍|层|批|等|类|种|项|小时|分钟|天|年|月)"
)


def _noun_run(
    words: list[Word], i: int, *, forward: bool, limit: int = 6, most: int = 2
) -> tuple[int, int] | None:
    """Offsets of the run of nouns starting (forward) or ending (backward) at word ``i``."""
    run: list[Word] = []
    step = 1 if forward else -1
    while 0 <= i < len(words) and len(run) < most:
        w = words[i]
        tagged = w.pos in NOUN_TAGS or w.pos in LOOSE_TAGS and bool(cedict.gloss(w.text))  # 鸭/ns, 八角/m
        if not tagged or w.text in NOT_PRODUCTS or w.text[0] in "全各该本这那每此某":  # 产品|钢: no part
            break
        if run and (sum(len(x.text) for x in run) + len(w.text) > limit):
            break
        if run and len(run[0].text) > 1:
            if not _one_word(run[0].text + w.text if forward else w.text + run[0].text):
                break  # 肥皂|订货: two nouns are one product only when they make one word
        run.append(w)
        i += step
    if not run:
        return None
    run = run if forward else run[::-1]
    return run[0].start, run[-1].end


def _list_item(words: list[Word], k: int, *, forward: bool) -> tuple[int, int] | None:
    """The next item of a list of goods (钢锭、盘条): a noun run, or one word the dictionary glosses
    whatever jieba tagged it."""
    span = _noun_run(words, k, forward=forward)
    if span is None and 0 <= k < len(words) and words[k].pos not in FUNCTION_TAGS | VERB_TAGS and is_goods(
        words[k].text
    ):
        span = (words[k].start, words[k].end)
    return span


def _items_before(
    words: list[Word], ends: dict[int, int], text: str, k: int | None, kinds: frozenset[int] = frozenset()
) -> list[tuple[int, int]]:
    """The items of a list of goods ending with word ``k`` (钢锭、盘条、钢丝绳), last first; a compound
    item whole (竹壳|热水瓶); the list stops at a noun for a kind of goods (…等畅销货|和汗衫), ``kinds``."""
    items: list[tuple[int, int]] = []
    while k is not None:
        span = _list_item(words, k, forward=False)
        if not span or span[1] in kinds:
            break
        span = _whole_item(words, ends, text, span)
        items.append(span)
        first = _count_start(words, ends, span[0])  # 四十|一片|圆盘耙: the count neither ends the list
        k = ends.get(first - 1) if text[first - 1 : first] in {"、", "和", "及"} else None
    return items


def _count_start(words: list[Word], ends: dict[int, int], start: int) -> int:
    """Where the count before offset ``start`` begins (四十|一片|, 二十四|行|, 三十二|片|), else ``start``:
    numerals, each with a measure word of one character or none."""
    for _ in range(3):
        k = ends.get(start)
        if k is None:
            break
        w = words[k]
        numeral = w.pos in {"m", "j", "q"} and COUNT_WORD.fullmatch(w.text)
        measure = w.pos in {"q", "zg"} and len(w.text) == 1 and ends.get(w.start) is not None and (
            words[ends[w.start]].pos == "m" and COUNT_WORD.fullmatch(words[ends[w.start]].text)
        )
        if not (numeral or measure):
            break
        start = w.start
    return start


def _whole_item(words: list[Word], ends: dict[int, int], text: str, span: tuple[int, int]) -> tuple[int, int]:
    """An item of a list widened left over the nouns before it (竹壳|热水瓶, 手推车|轮胎), up to six
    characters in all, when a separator, 的, punctuation or a production verb bounds the nouns (not
    盛产|苹果, 一带|盛产|苹果)."""
    start = span[0]
    while text[start - 1 : start] not in ITEM_BOUNDS:
        k = ends.get(start)
        if k is None or VERB.fullmatch(words[k].text):
            break
        if words[k].pos not in NOUN_TAGS or span[1] - words[k].start > 6:
            return span
        start = words[k].start
    return start, span[1]


def _rest_of_item(
    words: list[Word], index: dict[int, int], text: str, span: tuple[int, int]
) -> tuple[int, int]:
    """A forward item of a list widened right over the nouns after it (青花|双龙|茶杯), up to six
    characters: the item is the whole compound, not its first word."""
    end = span[1]
    while text[end : end + 1] not in ITEM_BOUNDS:
        k = index.get(end)
        w = words[k] if k is not None else None
        if w is None or w.pos not in NOUN_TAGS or w.end - span[0] > 6 or w.text[0] in "全各该本这那每此某":
            break  # 变压器|全部: a quantifier after the goods is no part of them
        end = words[k].end
    return span[0], end


def _one_word(text: str) -> bool:
    return bool(cedict.gloss(text) or text in zh_names.glossary())


def is_goods(name: str) -> bool:
    """A name of goods: not general vocabulary, and a word the dictionaries gloss (or one made of them)."""
    if is_abstract_word(name) or not re.fullmatch(r"[\u4e00-\u9fff]{1,6}", name):
        return False
    if re.fullmatch(r"[一二三四五六七八九十百千万亿两几零多余]+", name):
        return False  # a number (二十), not goods
    if re.fullmatch(r"[\u4e00-\u9fff]?[年月日季旬]份?", name):
        return False  # a time (年, 月份, 头年), not goods
    if PROCESS.match(name):
        return False
    if name.endswith(NOT_PRODUCT_ENDS) or name.endswith(TWO_CHAR_GENERAL):
        return False
    if name in zh_names.glossary():
        return True
    if COUNT.fullmatch(name):
        return False  # 三倍, 四级, 两小时: a count (八角, 大米 are tagged m too: goods)
    if len(name) == 1 and cedict.glosses().get(name, "").startswith("to "):
        return False  # 做, 争: a one-character verb (锄 'a hoe/to hoe', 漆 'paint' are goods)
    if cedict.gloss(name):
        return True
    parts = cedict.segment(name)
    if not parts or len(parts) > 3:
        return False
    if len(parts) == 2 and COUNT_WORD.fullmatch(parts[0]) and len(parts[0]) == 1:
        return False  # 两|小时, 三|倍: a count before a word
    return len(parts) <= 2 or all(len(p) >= 2 or p == parts[-1] for p in parts)  # 钢锭 = 钢 + 锭


def _verb_or_abstract(name: str) -> bool:
    """True when every dictionary sense of ``name`` is a verb ('to arrange') or its first noun sense is an
    abstraction ('condition', 'announcement'): words of activity, not goods."""
    senses = [p.strip() for p in cedict.glosses().get(name, "").split("/") if p.strip()]
    senses = [p for p in senses if not cedict.SKIP.match(p)]
    if not senses:
        return False
    nouns = [p for p in senses if not p.startswith("to ")]
    if not nouns:
        return True
    head = nouns[0].split()[-1]  # the head word: 'flood control' (not -ment: 'cooling ointment')
    return bool(ABSTRACT_SENSE.match(nouns[0]) or ABSTRACT_HEAD.fullmatch(head))


def goods_compound(words: list[Word], k: int) -> tuple[int, int] | None:
    """A compound of two nouns ending in a name of goods (气体|压缩机, 节能|日光灯) starting at word ``k``."""
    if k + 1 >= len(words):
        return None
    first, head = words[k], words[k + 1]
    if first.pos not in NOUN_TAGS or head.pos not in NOUN_TAGS or head.start != first.end:
        return None
    if len(head.text) < 2 or head.text[-1] not in GOODS_HEADS or not is_goods(head.text):
        return None
    return (first.start, head.end) if len(first.text) >= 2 and not is_abstract_word(first.text) else None


def is_abstract_word(name: str) -> bool:
    """A word of plans and situations (生产状况's 状况), or one the dictionary glosses only as a verb or
    an abstraction."""
    return name in ABSTRACT or name in NOT_PRODUCTS or _verb_or_abstract(name)


def word_indexes(ctx: ArticleContext) -> tuple[dict[int, int], dict[int, int]]:
    """Word number by start offset and by end offset, made once per article."""

    def make() -> tuple[dict[int, int], dict[int, int]]:
        return dict(zip(ctx.doc.starts, count())), dict(zip(ctx.doc.ends, count()))  # C loops

    return ctx.shared("word_indexes", make)


def product_spans(ctx: ArticleContext) -> Iterator[tuple[int, int]]:
    """Where products are named: after a quantity, before 产量, after a production verb, brand names."""
    text, doc = ctx.text, ctx.doc
    words = doc.words
    index, ends = word_indexes(ctx)
    for m in re.finditer("牌", text):  # 迅达牌摩托车: the name word before 牌, the goods after it
        before = doc.word_at(m.start() - 1) if m.start() else None
        k = index.get(m.end())
        after = _noun_run(words, k, forward=True, most=1) if k is not None else None
        if before is not None and before.end == m.start() and len(before.text) >= 2 and after:
            yield before.start, after[1]
    for m in OUTPUT.finditer(text):  # 钢锭、盘条、钢丝绳的产量: every item of a list before it
        k = ends.get(m.start() - 1) if text[m.start() - 1 : m.start()] == "的" else None
        items = _items_before(words, ends, text, k)
        if len(items) >= 2:  # one name before 的产量 is whose output it is (兰化的产量), not what
            yield from items
    kinds = frozenset(m.end() for m in KIND_OF_GOODS.finditer(text))
    for m in KIND_OF_GOODS.finditer(text):  # 胶鞋、热水瓶等畅销货, 钢、铁、棉纱等原材料: a list of goods
        items = _items_before(words, ends, text, ends.get(m.start()), kinds)
        if len(items) >= 2:
            yield from items
    for m in COUNTED.finditer(text):  # 木材三千五百立方公尺: the noun before an amount that ends the clause
        k = ends.get(m.start())
        if k is not None and m.start() in doc.boundaries():
            span = _noun_run(words, k, forward=False, most=1)
            if span and not REARING.fullmatch(text, *span) and not VERB.fullmatch(text, *span):
                # 养猪六十万头: the animal, by _extra_spans; 出口2000台: the verb counts what it moved
                yield _whole_item(words, ends, text, span)  # 青花双龙|茶杯500多担: the whole compound
    for pattern, forward in ((UNIT, True), (VERB, True), (OUTPUT, False)):
        for m in pattern.finditer(text):
            amount = AMOUNT.match(text, m.end()) if pattern is VERB else None
            k = index.get(amount.end() if amount else m.end()) if forward else ends.get(m.start())
            if k is None or pattern is VERB and m.start() not in doc.boundaries():
                continue  # 资产|和: a verb must start a word
            if pattern is VERB and text[m.start() - 1 : m.start()] in NOMINAL_BEFORE:
                continue  # 目前的生产状况, 对生产消极: the verb is a noun here, what follows is no object
            span = (goods_compound(words, k) if forward else None) or _noun_run(words, k, forward=forward)
            if pattern is UNIT and (span is None or not is_goods(text[span[0] : span[1]])):
                span = _counted_phrase(ctx, words[k].start) or span  # 二百台|手扶拖拉机: the whole phrase
            if span and pattern is VERB and not _goods_object(text, m, span):
                continue
            while span:
                yield span
                # a list of products: 钢、钢材、生铁
                if not forward or text[span[1] : span[1] + 1] not in {"、", "和", "及"}:
                    break
                nxt = index.get(span[1] + 1)
                q = UNIT.match(text, span[1] + 1)
                if q:
                    nxt = index.get(q.end())
                span = _list_item(words, nxt, forward=True) if nxt is not None else None
                span = _rest_of_item(words, index, text, span) if span else None


def _counted_phrase(ctx: ArticleContext, start: int) -> tuple[int, int] | None:
    """The whole phrase counted by an amount, up to the next separator (二百台|手扶拖拉机、), when it is
    whole words naming goods."""
    m = re.match(r"[\u4e00-\u9fff]{2,7}?(?=[、，。；和及等（）\s]|$)", ctx.text[start : start + 8])
    if m is None or start + m.end() not in ctx.doc.boundaries():
        return None
    return (start, start + m.end()) if is_goods(m.group()) else None


def _extra_spans(ctx: ArticleContext) -> Iterator[tuple[int, int]]:
    """Quoted things made by an inventing verb (创造“翻砂机”) and the animal of a rearing word (养猪)."""
    for m in INVENT.finditer(ctx.text):
        yield m.start(1), m.end(1)
        more = MORE_QUOTED.match(ctx.text, m.end())
        while more:  # 创造“翻砂机”和“自动送料机”: each quoted item of the list
            yield more.start(1), more.end(1)
            more = MORE_QUOTED.match(ctx.text, more.end())
    for w in ctx.doc.words if "养" in ctx.text else ():  # a scan of the words only when one may match
        if w.text[:1] != "养":
            continue  # every match of REARING starts with 养
        r = REARING.fullmatch(ctx.text, w.start, w.start + 3) or REARING.fullmatch(ctx.text, w.start, w.end)
        if r:
            for k in range(r.start(1), r.end(1)):  # 养鸡鸭: each animal reared
                yield k, k + 1


@functools.lru_cache(maxsize=4096)
def abstract_gloss(name: str) -> bool:
    """True when the dictionary's first sense of ``name`` is headed by a word of ways, points, meetings,
    seasons or amounts (ABSTRACT_GLOSS_HEADS): 方法, 重点, 会议, 捷报, 第一线 name no goods."""
    words = re.findall(r"[a-z]+", cedict.gloss(name).lower())
    return bool(words) and words[-1] in ABSTRACT_GLOSS_HEADS


@functools.lru_cache(maxsize=1)
def staple_words() -> frozenset[str]:
    """The Chinese words of the staple goods lexicon (kg/lexicons/goods.tsv: 粮食, 水泥, 拖拉机 …)."""
    return frozenset(zh for _, words in lexicon.goods() for zh in words)


@functools.lru_cache(maxsize=1)
def _staple_last_chars() -> frozenset[str]:
    """Every character a staple, a machine or a word of the goods lexicon ends with."""
    return STAPLE_HEADS | MACHINE_HEADS | {w[-1] for w in staple_words()}


def _staple_words(ctx: ArticleContext) -> Iterator[tuple[int, int]]:
    """Dictionary nouns for staple goods (小麦, 原煤, 耐火砖), the words of the goods lexicon (粮食, 水泥) and
    machines (拖拉机, 变压器) wherever they stand outside a named entity; a one-character one (铜, 铝) only
    as an item of a list (铜、铝、镍)."""
    text, ents, listed = ctx.text, ctx.doc.ents, staple_words()
    last = _staple_last_chars()
    for w in ctx.doc.words:
        t = w.text
        if t[-1] not in last:
            continue  # the one check most words fail
        if t not in listed and (
            w.pos not in {"n", "nz"} or len(t) > 4
            or t[-1] not in STAPLE_HEADS and (len(t) < 3 or t[-1] not in MACHINE_HEADS)
        ):
            continue
        if len(w.text) == 2 and HANDLING.match(w.text) and w.text not in listed:
            continue
        if len(w.text) == 1 and text[w.start - 1 : w.start] not in {"、", "和", "及"} and (
            text[w.end : w.end + 1] not in {"、", "和", "及"}
        ):
            continue
        after = ctx.doc.word_at(w.end)
        if after is not None and after.start == w.end and after.pos in {"n", "nz", "nr"}:
            continue  # 奶油|梅花蛋糕, 粮食|局: a staple that modifies the noun after it names no goods alone
        known = cedict.gloss(t) or t in zh_names.glossary() or t in listed
        if known and (w.text in listed or is_goods(w.text)) and not any(s <= w.start < e for s, e, _ in ents):
            yield w.start, w.end


# One word for a kind of machinery by its use or power (矿山机械, 灌溉机械, 农业机具): goods, where what
# comes before 机械/机具 is no word of quality, time or amount (先进机械, 现代机械, 全部机械). Not …设备:
# equipment is more often a plant's than goods.
MACHINERY = re.compile(r"([\u4e00-\u9fff]{2,3})(?:机械|机具)")
QUALITY_TAGS = {"a", "ad", "an", "t", "r", "d", "m"}


def _machinery(name: str) -> bool:
    m = MACHINERY.fullmatch(name)
    if not m:
        return False
    return m.group(1)[0] not in "全各该本这那每此某" and zhseg.dictionary_tag(m.group(1)) not in QUALITY_TAGS


def _machinery_words(ctx: ArticleContext) -> Iterator[tuple[int, int]]:
    """Words for kinds of machinery (动力机械, 机器设备) wherever they stand as a noun outside a name."""
    ents = ctx.doc.ents
    for w in ctx.doc.words:
        if w.pos in {"n", "nz"} and _machinery(w.text) and not any(s <= w.start < e for s, e, _ in ents):
            after = ctx.doc.word_at(w.end)
            if after is None or after.pos not in {"n", "nz", "ng", "v", "vn"}:  # 农业机械|修配|网: a trade
                yield w.start, w.end


def _goods_object(text: str, verb: re.Match, span: tuple[int, int]) -> bool:
    """A verb's object is goods when the verb is marked (生产了, 生产出, 生产的), the object starts a list
    (生产钢、钢材) or ends the clause or comes before a figure (生产松香，采购小麦一百万斤); a bare compound
    that goes on (生产序列串连) is not."""
    after = text[span[1] : span[1] + 1]
    return verb.group()[-1] in "了出的" or after in {"、", "和", "及"} or bool(
        re.match(r"[，。；\d一二三四五六七八九十百千万中时后]", after)  # 在收购粮食中: the clause goes on
    )


def _siblings(ctx: ArticleContext, spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The other items of a list with 、 that holds a product (铜、铝、镍; 电脑横机、剑杆织机): coordinated
    nouns are things of one kind; not the noun for a kind of goods that closes a list (…等畅销货和汗衫)."""
    text, words = ctx.text, ctx.doc.words
    index, ends = word_indexes(ctx)
    kinds = frozenset(m.end() for m in KIND_OF_GOODS.finditer(text)) if "等" in text else frozenset()
    for start, end in spans:
        if "、" in {text[start - 1 : start], text[end : end + 1]} or (
            text[start - 1 : start] in {"和", "及"} and text[start - 2 : start - 1] not in ITEM_BOUNDS
            and "、" in re.split(r"[，。；：！？\n]", text[max(0, start - 12) : start])[-1]
        ):  # 钢锭、钢胚和生铁: the last item after 和 too
            before = text[start - 1 : start] in {"、", "和", "及"}
            yield from _items_before(words, ends, text, ends.get(start - 1) if before else None, kinds)
            k = index.get(end + 1) if text[end : end + 1] in {"、", "和", "及"} else None
            while k is not None:
                span = _list_item(words, k, forward=True)
                if span is None:
                    break
                yield span
                end = _whole_segment(ctx, *span)[1]  # 锻钢|件、钢绳: the list goes on after the whole item
                k = index.get(end + 1) if text[end : end + 1] in {"、", "和", "及"} else None


LIST_MARKS = frozenset("、和及")
# Where an item of a list ends: a separator, 等 closing the list, punctuation.
ITEM_ENDS = ITEM_BOUNDS | {"等", "（", "）", "(", ")", " "}
ITEM_TAGS = {"n", "nz", "ng", "zg", "k"}  # nouns and noun suffixes (锻钢|件/zg)


def _whole_segment(ctx: ArticleContext, start: int, end: int) -> tuple[int, int]:
    """An item of a list of goods whole, to the separator after it (重钢|胚、 -> 重钢胚, 锻钢|件、 -> 锻钢件):
    the nouns after the found words up to six characters in all, when a separator ends them."""
    text = ctx.text
    if text[start - 1 : start] not in LIST_MARKS and text[end : end + 1] not in LIST_MARKS:
        return start, end
    index, _ = word_indexes(ctx)
    words, e = ctx.doc.words, end
    while text[e : e + 1] not in ITEM_ENDS:
        k = index.get(e)
        if k is None or words[k].pos not in ITEM_TAGS or words[k].end - start > 6:
            return start, end  # no separator within reach: the found words are the item
        e = words[k].end
    return start, e


# 等 and a noun for trades or bodies closing a list (…、化肥和电力等几个网, …等部门): the items name trades.
SECTOR_CLOSE = re.compile(
    r"等(?:[一二三四五六七八九十几多\d]+[个大项类种]?)?(?:网|行业|部门|系统|工业|战线|产业|单位)"
)
CLAUSE_END = re.compile(r"[，。；：！？\n]")


def _in_sector_list(text: str, start: int, end: int) -> bool:
    """An item of a list closed by 等 and a noun for trades (农机、煤炭和电力等三个网): no goods."""
    if text[start - 1 : start] not in LIST_MARKS and text[end : end + 1] not in LIST_MARKS:
        return False
    stop = CLAUSE_END.search(text, end, end + 40)
    return bool(SECTOR_CLOSE.search(text, end, stop.start() if stop else end + 40))


def _whole_goods(whole: str, found: str) -> bool:
    """An item widened to its separator names goods: a name of goods, or one ending in a head of goods
    words or 件 (parts: 锻钢件) after goods."""
    return is_goods(whole) or whole[-1] in WHOLE_HEADS and is_goods(found)


WHOLE_HEADS = frozenset(GOODS_HEADS) | STAPLE_HEADS | {"件"}


def _invented(name: str) -> bool:
    """A made thing named by a compound ending in a name of goods (自动送料机)."""
    return name[-1] in GOODS_HEADS and len(name) >= 3 and not is_abstract_word(name)


# Words of a type or build before goods (小型, 新型, 装配式, 悬式): part of the name of the kind of goods.
KIND_WORD = re.compile(r"[\u4e00-\u9fff]{1,2}[型式]")


def _kind_start(ctx: ArticleContext, start: int) -> int:
    """Where a product's name starts with the word of its type or build right before it (小型|拖拉机)."""
    _, ends = word_indexes(ctx)
    k = ends.get(start)
    w = ctx.doc.words[k] if k is not None else None
    if w is not None and w.pos in {"b", "n"} and KIND_WORD.fullmatch(w.text) and w.text not in NOT_PRODUCTS:
        return w.start
    return start


@rule("mentions", lang="zh")
def zh_products(ctx: ArticleContext) -> Iterator[Mention]:
    """Products named by quantity, output, production verbs and brands (see the module docstring)."""
    seen: set[tuple[int, int]] = set()
    sectors = "等" in ctx.text  # the cheap pre-check of _in_sector_list
    spans = [*product_spans(ctx), *_extra_spans(ctx), *_staple_words(ctx), *_machinery_words(ctx)]
    for start, end in [*spans, *_siblings(ctx, spans)]:
        variety = VARIETY.match(ctx.text, start, end)
        if variety and end - variety.end() >= 2:
            start = variety.end()  # 各种|车床
        if not BRAND.fullmatch(ctx.text, start, end):  # a brand (跃进牌拖拉机) names its goods whole
            start = _kind_start(ctx, start)  # 小型|拖拉机, 新式|农具
        whole = _whole_segment(ctx, start, end)
        widened = whole[1] > end and _whole_goods(ctx.text[whole[0] : whole[1]], ctx.text[start:end])
        if widened:
            start, end = whole
        name = ctx.text[start:end]
        if sectors and _in_sector_list(ctx.text, start, end):
            continue
        if (start, end) in seen or REARING.fullmatch(name) or abstract_gloss(name) or not (
            widened or BRAND.fullmatch(name) or is_goods(name) or _invented(name) or _machinery(name)
        ):
            continue
        seen.add((start, end))
        yield Mention(ctx.article.id, "zh", start, end, name, "Product", "zh_products")
