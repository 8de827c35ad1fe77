"""Chinese figure rules: reported statistics -> ``Observation`` records, like kg/extract/en/indicators.py.

Runs after resolution, on Chinese-only articles (a bilingual article's figures come from its English half).
A figure is a number followed by what it counts or measures:

- amount:  财政收入二千九百多万元 -> 29 "million yuan", qualifier "more than"; 三十五万斤 -> 350000 "jin";
- share and change:  百分之十二点七, 12.7％ (比去年同期增长12.7％ -> comparison "same period last year");
- times:  产量为去年的三·三倍 -> 3.3 "times";
- count:  三百多个养猪场 -> 300 "units" of 养猪场, qualifier "more than".

Numbers are read in Chinese numerals (一百十七, 三千三百五十万, 一点四二, 三·三), Arabic and full-width
digits (１９７９６万, 4786.9万, 1，158). The value follows the English translations the gold copies: a number
under a million is written out (三十五万 -> 350000); a million or more is said in millions or billions, the
scale going into the unit (二百五十万亩 -> 2.5 "million mu", 八百四十五亿元 -> 84.5 "billion yuan"), unless
the Chinese spells out more than four significant digits (三百零八万五千二百七十一元), which the
translation keeps digit for digit. An Arabic number with 万 or 亿 (２．５４亿元) is always scaled.

The subject is the place or unit the clause is about: 全市/本市/该市 -> the article's main city (likewise
省, 县, 区), 该厂/全厂/这个公司 -> the enterprise or producing unit named last, else a unit or place named in
the sentence before the figure, else the paragraph's running topic, else the unit the article's lead names
(an archive paragraph is one line, so the topic does not outlive it), else the article's main place.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from decimal import Decimal

from kg.extract.context import ArticleContext
from kg.extract.en.indicators import PLACES, PRODUCING_UNIT
from kg.records import Evidence, Observation, evidence_window

# full-width digits and decimal point -> ASCII, one character for one (offsets hold)
FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0, "两": 2}
MULTIPLIER = {"十": 10, "百": 100, "千": 1000}
CN_DIGITS = "零〇○一二两三四五六七八九"
CN = rf"[{CN_DIGITS}十百千万亿]"
# a Chinese numeral (with a decimal part after 点 or ·) or an Arabic one (1，158 or 4786.9), then an
# optional 多/余 and a scale word: 二千九百多万, 十一万七千多, ２．５４亿, 5.2万
NUMBER = (
    rf"(?P<num>(?P<cn>{CN}+(?:[点·]{CN}+)?)|(?P<ar>\d{{1,3}}(?:[,，]\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?))"
    r"(?P<more>[多余])?(?P<scale>[万亿]+)?(?P<more2>[多余])?"
)
NOT_BEFORE = rf"(?<![{CN_DIGITS}十百千万亿\d.·点第初数几])"  # 第三 (an ordinal), 数百万 (several)
QUAL_BEFORE = r"(?P<pre>将近|接近|近|约|大约|超过|不到|不足|上)?"
QUAL_AFTER = r"(?P<post>以上|左右|多|强|以下)?"
# measure words and the English unit the translations give them (a money unit takes the scale word:
# "million yuan"); a longer word before a shorter one it starts with (匹马力 before 匹)
MEASURES: tuple[tuple[str, str], ...] = (
    ("美元", "US dollars"), ("元", "yuan"),
    ("公吨", "tons"), ("吨", "tons"), ("公斤", "kilograms"), ("市斤", "jin"), ("斤", "jin"),
    ("公担", "quintals"), ("担", "dan"), ("亩", "mu"), ("公顷", "hectares"), ("公里", "kilometers"),
    ("立方公尺", "cubic meters"), ("立方米", "cubic meters"), ("平方公尺", "square meters"),
    ("平方米", "square meters"), ("公尺", "meters"), ("千瓦小时", "kWh"), ("千瓦", "kilowatts"),
    ("瓩", "kilowatts"), ("度电", "kWh"), ("匹马力", "horsepower"), ("马力", "horsepower"),
    ("方尺", "square feet"),
    ("名", "persons"), ("人", "persons"), ("户", "households"), ("个", "units"), ("家", "units"),
    ("台", "units"), ("部", "units"), ("套", "sets"), ("座", "units"), ("件", "pieces"), ("项", "items"),
    ("头", "head"), ("只", "units"), ("种", "kinds"), ("处", "sites"), ("箱", "boxes"), ("袋", "bags"),
    ("令", "reams"), ("双", "pairs"), ("辆", "vehicles"), ("艘", "ships"), ("匹", "head"), ("所", "units"),
)
MEASURE_EN = dict(MEASURES)
MONEY = {"元", "美元"}
# weights and areas: an amount of something, not a count of things (三十五万斤, 六十多万亩)
MEASURED = {"吨", "斤", "亩", "担", "公斤"}
# what follows a measure word when it begins another word (一元化, 元月, 两部分, 三只有)
NOT_AFTER = {"元": "化月旦帅首素件", "部": "分", "只": "有是要能用好"}
UNIT = "|".join(m for m, _ in MEASURES)
AMOUNT = re.compile(rf"{NOT_BEFORE}{QUAL_BEFORE}{NUMBER}(?P<unit>{UNIT}){QUAL_AFTER}")
PER_HUNDRED = re.compile(rf"百分之{QUAL_BEFORE}{NUMBER}{QUAL_AFTER}")
PERCENT = re.compile(rf"{NOT_BEFORE}{QUAL_BEFORE}{NUMBER}%{QUAL_AFTER}")
TIMES = re.compile(rf"{NOT_BEFORE}{QUAL_BEFORE}{NUMBER}倍{QUAL_AFTER}")
AHEAD = re.compile(rf"提前{NUMBER}天")  # 提前十三天完成: days ahead of schedule
# the period a figure covers: 今年一至九月, 1—6月份, 去年上半年, 一九五八年第一季度, 五月份
MONTH = r"[一二三四五六七八九十\d]{1,3}"
PERIOD = re.compile(
    rf"(?:(?:[{CN_DIGITS}\d]{{4}}年|今年|本年|去年|上年)(?:{MONTH}(?:月份?)?(?:至|到|—|-){MONTH}月份?|"
    rf"上半年|下半年|第?[一二三四1-4]季度?|{MONTH}月份)?|"
    rf"(?<![\d{CN_DIGITS}]){MONTH}(?:月份?)?(?:至|到|—|-){MONTH}月份?|上半年|下半年|第[一二三四]季度?|"
    rf"(?<![\d{CN_DIGITS}]){MONTH}月份)"
)
# what a measure word counts that is not a figure: spans of time, aspects, steps, abstract things
NOT_COUNTED = re.compile(
    r"^(?:月|星期|小时|钟头|年头|阶段|方面|问题|步骤|原则|任务|条件|办法|特点|环节|时期|世纪|字|点|次|回)"
)
QUALIFIERS = {
    "多": "more than", "余": "more than", "以上": "more than", "超过": "more than", "强": "more than",
    "上": "more than", "近": "nearly", "将近": "nearly", "接近": "nearly", "约": "about", "大约": "about",
    "左右": "about", "不到": "less than", "不足": "less than", "以下": "less than",
}
COMPARISONS = (
    (re.compile(r"比(?:去年|上年)同期"), "same period last year"),
    (re.compile(r"比(?:去年|上年|一年前)"), "last year"),
    (re.compile(r"比(?:原|原定)?计划"), "plan"),
    (re.compile(r"比(?:[一１1][九９9])?[\d〇○零一二三四五六七八九０-９]{2,4}年"), "earlier year"),
)
# the standard indicators of the period, Chinese -> the English the translations use
INDICATORS = {
    "工业总产值": "total industrial output value", "农业总产值": "total agricultural output value",
    "总产值": "total output value", "生产总值": "total output value", "产值": "output value",
    "总产量": "total output", "产量": "output", "财政收入": "fiscal revenue", "利税": "profits and taxes",
    "税利": "taxes and profits", "利润": "profits", "收入": "income", "销售额": "sales",
    "成本": "cost", "劳动生产率": "labor productivity", "发电量": "power generation",
    "售电量": "electricity sales", "投资": "investment", "贷款": "loans", "存款": "deposits",
    "储蓄": "savings", "出口额": "exports", "进口额": "imports", "营业额": "turnover",
    "播种面积": "sown area", "耕地面积": "cultivated area", "单产": "yield per unit area",
    "亩产": "yield per mu", "税收": "tax revenue", "工资": "wages",
}
CLAUSE = re.compile(r"[，,；;：:。！？、（）()“”\s]")
# words that end a clause's subject before its verb and figure (达, 为, 增长 …), stripped from the indicator
VERBS = re.compile(
    r"(?:(?:已经|已|共|总共|共计|一共|合计|全年|平均|大约|约|仅|就|也|又|都|还|可|将|要|能|了|"
    r"比[^，。；]{0,10}?(?:同期|计划|年|月份|月))*"
    r"(?:增长|增加|提高|上升|降低|下降|减少|节约|节省|超过|完成|达到|达|为|是|有|实现|占|共)"
    r"(?:了|到|为|至)?)+$"
)
# a verb opening the clause before the figure (完成工业总产值, 种植水稻): what is measured is its object
LEADING_VERB = re.compile(
    r"^(?:现在|现|目前|已经|共|已|又|还|可|将|要|并|也|都)*(?:完成|实现|生产出?|种植|养殖|饲养|提出|节约|节省|收购|采购|新建|建成|兴建|"
    r"组织|发放|贷出|发展|拥有|共有|有|达到|获得|增产|收到|上交|出口|购买|买回|支出)(?:了|出)?"
)
TOPIC_WORDS = {"市": ("City",), "省": ("Province",), "县": ("County",), "区": ("Region", "City", "County")}
TOPIC = re.compile(r"(?:全|本|该|此|这个|我)(?P<word>[市省县区])")
UNIT_WORDS = re.compile(r"(?:全|本|该|此|这个|这些|我)(?:厂|公司|矿|社|场|站|企业|局|单位)")
SUBJECT_TYPES = ("Enterprise", "Organization", *PLACES)
# organisations that produce or lend and so report figures (a leading group or a work team does not)
PRODUCING_ZH = re.compile(
    r"(?:合作社|供销社|信用社|公社|大队|生产队|互助组|农场|林场|牧场|渔场|银行|分行|支行)$"
)
# the figure patterns in the order they claim a number: shares, times, days ahead, amounts and counts
FIGURES = (
    ("share", PER_HUNDRED), ("share", PERCENT), ("times", TIMES), ("ahead", AHEAD), ("amount", AMOUNT)
)


def chinese_number(text: str) -> Decimal:
    """'一百十七' -> 117; '三千三百五十万' -> 33500000; '一点四二' -> 1.42; '三·三' -> 3.3."""
    text = text.replace("，", "").replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    whole, _, frac = re.sub("[点·]", "点", text).partition("点")
    value = Decimal(_integer(whole))
    if frac:
        value += Decimal("0." + "".join(str(DIGIT[c]) for c in frac if c in DIGIT))
    return value


def _integer(text: str) -> int:
    """A Chinese integer with 亿 and 万 sections ('二十五亿五千万' -> 2550000000)."""
    if "亿" in text:
        high, _, low = text.rpartition("亿")
        return (_integer(high) if high else 1) * 100_000_000 + (_integer(low) if low else 0)
    if "万" in text:
        high, _, low = text.rpartition("万")
        low_value = _section(low) if low else 0
        if low and len(low) == 1 and low in DIGIT:  # 两万五: the digit after 万 counts thousands
            low_value *= 1000
        return (_integer(high) if high else 1) * 10_000 + low_value
    return _section(text)


def _section(text: str) -> int:
    """A number under ten thousand: '一百十七' -> 117, '十五' -> 15, '一千零四十' -> 1040."""
    total, digit, last = 0, None, 10_000
    for ch in text:
        if ch in DIGIT:
            digit = DIGIT[ch]
        elif ch in MULTIPLIER:
            last = MULTIPLIER[ch]
            total += (1 if digit is None else digit) * last
            digit = None
    if digit is not None:
        total += digit * (last // 10 if last <= 1000 and text[-1] in DIGIT and len(text) > 1
                          and text[-2] not in "零〇○" and last > 10 else 1)
    return total


def well_formed(numeral: str) -> bool:
    """False for what is not one number: a digit string (一九五八, a year), a range (六七), a bare scale."""
    if not re.search(r"[一二两三四五六七八九十百千]", numeral):
        return False  # 零件, 万众: no digit
    integer = re.split("[点·]", numeral)[0]
    return not re.search(r"[一二两三四五六七八九〇○]{2}", integer)


def scaled(value: Decimal, *, written_scale: bool, arabic: bool) -> tuple[Decimal, str]:
    """The translations' way of saying a number: (value, scale word).

    Under a million the number is written out; from a million on it is said in millions (from a billion
    in billions), unless a number spelled out in Chinese numerals has more than four significant digits.
    """
    if value < 1_000_000 or not written_scale:
        return value, ""
    significant = len(str(int(value)).rstrip("0"))
    if not arabic and significant > 4:
        return value, ""
    if value >= 1_000_000_000:
        return value / 1_000_000_000, "billion"
    return value / 1_000_000, "million"


def decimal_text(value: Decimal) -> str:
    """Decimal lexical form without exponent or trailing zeros: 2.50 -> '2.5', 1E+2 -> '100'."""
    return format(value.normalize(), "f")


def _value(m: re.Match) -> tuple[Decimal, bool, bool] | None:
    """The full value of a NUMBER match, whether a scale word was written, and whether it is Arabic."""
    if m.group("cn") and not well_formed(m.group("cn")):
        return None
    base = chinese_number(m.group("num"))
    written = bool(m.group("scale")) or bool(m.group("cn") and re.search("[万亿]", m.group("cn")))
    scale = m.group("scale") or ""
    if m.group("cn") and "亿" in m.group("cn") and scale == "万":  # 九亿三千五百余万: 万 scales the rest
        high, _, low = m.group("cn").rpartition("亿")
        return Decimal(_integer(high or "一")) * 100_000_000 + chinese_number(low) * 10_000, True, False
    for ch in scale:
        base *= 10_000 if ch == "万" else 100_000_000
    return base, written, bool(m.group("ar"))


class _Subjects:
    """Who a figure is about (the English rules' logic on Chinese cue words)."""

    def __init__(self, ctx: ArticleContext) -> None:
        self.ctx = ctx
        self.topic: tuple[str, str] | None = None
        self.paragraph = -1
        self.actors = sorted(
            (m for m in ctx.mentions if m.type in SUBJECT_TYPES and ctx.mention_ref.get(m)
             and (m.type != "Organization" or _producing(m.text))),
            key=lambda m: m.start,
        )
        counts: Counter[tuple[str, str]] = Counter()
        first: dict[tuple[str, str], int] = {}
        for m in ctx.mentions:
            ref = ctx.mention_ref.get(m)
            if m.type in PLACES and ref and ref in ctx.entities:
                counts[ref] += 1
                first.setdefault(ref, m.start)
        self.places = sorted(counts, key=lambda r: (-counts[r], first[r]))
        self.lead = self._lead_unit()

    def _lead_unit(self) -> tuple[str, str] | None:
        """The unit the article's lead names (its first paragraph that is a sentence, dateline included):
        what a figure is about when its own paragraph names nothing."""
        text, pos = self.ctx.text, 0
        for line in text.split("\n"):
            if "。" in line:
                named = [m for m in self.actors if pos <= m.start and m.end <= pos + len(line)
                         and m.type not in PLACES]
                return self.ctx.mention_ref.get(named[0]) if named else None
            pos += len(line) + 1
        return None

    def main(self, classes: tuple[str, ...] = PLACES) -> tuple[str, str] | None:
        for cls in classes:
            found = [r for r in self.places if r[0] == cls]
            if found:
                return found[0]
        return None

    def last_unit(self, before: int) -> tuple[str, str] | None:
        found = [m for m in self.actors if m.type != "Organization" or _producing(m.text)]
        found = [m for m in found if m.type not in PLACES and m.end <= before]
        return self.ctx.mention_ref.get(found[-1]) if found else None

    def cue(self, s: int, end: int, *, places: bool = True) -> tuple[str, str] | None:
        """The subject named in text[s:end]: 全市, 该厂, else a named unit or place (units first)."""
        text = self.ctx.text
        words = [(m.start(), "place", m.group("word")) for m in TOPIC.finditer(text, s, end)]
        words += [(m.start(), "unit", "") for m in UNIT_WORDS.finditer(text, s, end)]
        if words:
            at, kind, word = max(words)
            ref = self.main(TOPIC_WORDS[word]) if kind == "place" else self.last_unit(at)
            if ref is not None:
                return ref
        named = [m for m in self.actors if s <= m.start and m.end <= end and (places or m.type not in PLACES)]
        ranked = sorted(named, key=lambda m: (m.type in PLACES, -m.start))
        return self.ctx.mention_ref.get(ranked[0]) if ranked else None

    def sentence(self, s: int, e: int, paragraph: int) -> None:
        """Move the running topic to the unit a figure-less sentence names."""
        if paragraph != self.paragraph:
            self.paragraph, self.topic = paragraph, None
        self.topic = self.cue(s, e, places=False) or self.topic

    def resolve(self, s: int, figure_start: int) -> tuple[str, str] | None:
        ref = self.cue(s, figure_start) or self.topic or self.lead or self.main()
        self.topic = ref or self.topic
        return ref


def _producing(text: str) -> bool:
    """An organisation that produces (合作社, 公社, 大队, 生产队, 互助组, 农场): a figure's subject."""
    return bool(PRODUCING_ZH.search(text) or PRODUCING_UNIT.search(text))


def _figures(text: str, s: int, e: int) -> list[tuple[str, re.Match]]:
    """The figures of text[s:e], each number once: changes and shares, times, amounts and counts."""
    taken: list[tuple[int, int]] = []
    out: list[tuple[str, re.Match]] = []
    for kind, pattern in FIGURES:
        for m in pattern.finditer(text, s, e):
            a, b = m.span("num")
            if any(a < y and x < b for x, y in taken):
                continue
            if kind == "amount" and m.group("unit") not in MONEY | MEASURED and (
                NOT_COUNTED.match(text[m.end():m.end() + 3])
            ):
                continue
            taken.append((a, b))
            out.append((kind, m))
    return sorted(out, key=lambda x: x[1].start("num"))


def zh_period(text: str, year: str) -> str:
    """'今年一至九月' + '1989' -> '1989-01/1989-09'; '去年' -> '1988'."""
    explicit = re.search(rf"([{CN_DIGITS}\d]{{4}})年", text)
    if explicit:
        year = "".join(str(DIGIT[c]) if c in DIGIT else c for c in explicit.group(1))
    elif re.search("去年|上年", text) and year:
        year = str(int(year) - 1)
    if not year:
        return ""
    half = {"上半年": ("01", "06"), "下半年": ("07", "12")}
    for word, (a, b) in half.items():
        if word in text:
            return f"{year}-{a}/{year}-{b}"
    quarter = re.search(r"第?([一二三四1-4])季", text)
    if quarter:
        q = DIGIT.get(quarter.group(1)) or int(quarter.group(1))
        return f"{year}-{3 * q - 2:02d}/{year}-{3 * q:02d}"
    months = [_month(x) for x in re.findall(r"([一二三四五六七八九十\d]{1,3})(?=月|至|到|—|-)", text)]
    months = [x for x in months if 1 <= x <= 12]
    if len(months) >= 2:
        return f"{year}-{months[0]:02d}/{year}-{months[-1]:02d}"
    if len(months) == 1:
        return f"{year}-{months[0]:02d}"
    return year


def _month(text: str) -> int:
    return int(text) if text.isdigit() else _section(text)


def extract_zh_observations(ctx: ArticleContext) -> list[Observation]:
    """Every figure of a Chinese body as an Observation about a resolved entity."""
    if ctx.lang != "zh" or not ctx.text:
        return []
    text = ctx.text.translate(FULL_WIDTH)
    subjects = _Subjects(ctx)
    out: list[Observation] = []
    year, period, paragraph_of_period = ctx.article.date[:4], "", -1
    for s, e in ctx.sentences():
        paragraph = ctx.text.count("\n", 0, s)
        if paragraph != paragraph_of_period:
            period, paragraph_of_period = "", paragraph
        periods = [p for p in PERIOD.finditer(text, s, e) if text[max(p.start() - 1, 0)] not in "比较"]
        period = periods[0].group() if periods else period  # 比去年同期 is a comparison, not a period
        figures = _figures(text, s, e)
        if not figures:
            subjects.sentence(s, e, paragraph)
            continue
        if paragraph != subjects.paragraph:
            subjects.paragraph, subjects.topic = paragraph, None
        for kind, m in figures:
            obs = _observation(ctx, text, kind, m, s, e, subjects)
            if obs is not None:
                out.append(replace(obs, period=period, period_iso=zh_period(period, year) if period else ""))
    return out


def _observation(
    ctx: ArticleContext, text: str, kind: str, m: re.Match, s: int, e: int, subjects: _Subjects
) -> Observation | None:
    number = _value(m)
    if number is None:
        return None
    value, written, arabic = number
    unit_word = m.groupdict().get("unit") or ""
    if kind == "amount" and value == 1 and unit_word not in MONEY:
        return None  # 一个, 一家: an article, not a count
    after = text[m.end("unit"):m.end("unit") + 1] if unit_word else ""
    if after and after in NOT_AFTER.get(unit_word, ""):
        return None  # 一元化, 两部分, 三只有: the measure word is part of another word
    if m.group("cn") in ("百", "千") and after and after in "万百千":
        return None  # 千家万户, 千种万种: an idiom, not a count
    if re.search(r"(?:第|版|号|No\.?)\s*$", text[max(s, m.start() - 3):m.start()]):
        return None
    ref = subjects.resolve(s, m.start())
    if ref is None:
        return None
    clause_start = max((c.end() for c in CLAUSE.finditer(text, s, m.start())), default=s)
    before = text[clause_start:m.start()]
    if kind == "share":
        unit, shown = "percent", value
    elif kind == "times":
        unit, shown = "times", value
    elif kind == "ahead":
        unit, shown = "days ahead of schedule", value
    else:
        shown, scale = scaled(value, written_scale=written, arabic=arabic)
        unit = f"{scale} {MEASURE_EN[unit_word]}".strip()
    indicator = _indicator(before)
    if kind == "amount" and unit_word not in MONEY | MEASURED:
        counted = re.match(r"[\u4e00-\u9fff]{1,8}?(?=[，。；、,（）()\s]|的|$)", text[m.end():e])
        indicator = indicator or (counted.group() if counted else "")
    comparison = ""
    for pattern, basis in COMPARISONS:
        if pattern.search(before):
            comparison = basis
            break
    pre, post = m.groupdict().get("pre") or "", m.groupdict().get("post") or ""
    more = m.groupdict().get("more") or m.groupdict().get("more2") or ""
    qualifier = QUALIFIERS.get(more or post or pre, "")
    a, b = evidence_window(ctx.text, (s, e), m.span())
    evidence = Evidence(ctx.article.id, ctx.lang, a, b, ctx.text[a:b])
    return Observation(
        subject=ref,
        indicator=indicator or unit,
        value=decimal_text(shown),
        unit=unit,
        evidence=evidence,
        start=m.start("num"),
        end=m.end(),
        comparison=comparison,
        qualifier=qualifier,
        rule=f"zh.indicators.{kind}",
    )


def _indicator(before: str) -> str:
    """What the clause before a figure measures (财政收入, 铁矿石产量), in English when it is a standard
    indicator; '' when the clause names nothing."""
    phrase = VERBS.sub("", before)
    phrase = re.sub(r"^.*(?:年|月份|月|季度|[以之]来|期间|时|后|中|内)(?=[\u4e00-\u9fff]{2})", "", phrase)
    phrase = re.sub(r"^(?:全|本|该|这个|各)(?:市|省|县|区|厂|公司|矿|社)", "", phrase)
    phrase = LEADING_VERB.sub("", phrase)
    phrase = re.sub(r"[^\u4e00-\u9fff]", "", phrase)[-8:]
    return INDICATORS.get(phrase, phrase) if len(phrase) >= 2 else ""
