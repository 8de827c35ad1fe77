"""Chinese relation rules for what actors do: adopt mechanisms, establish and lead bodies, visit,
support, produce; and the mechanism a body is an instance of. Actors come from
``zh.relations.actors_before`` (word order: who is named before the verb)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg import lexicon
from kg.extract.context import ArticleContext
from kg.extract.registry import rule
from kg.extract.zh import names as zh_names
from kg.extract.zh.mentions import mechanism_patterns
from kg.extract.zh.names import place_spans
from kg.extract.zh.products import MAKING, is_goods
from kg.extract.zh.relations import (
    ACTORS,
    BODIES,
    ESTABLISH,
    GO_TO,
    LEAD,
    MEDIA,
    ORGS,
    SUPPORT,
    VISIT,
    _in_dateline,
    _place_of,
    _place_ref,
    _sentence_mentions,
    actors_before,
    forget_article_memo,
    headline_enterprise,
    in_headline,
    owner_of,
    state,
)
from kg.extract.zh.resolve import context_place, entity, local_key, product_entity
from kg.lexicon import slug
from kg.records import Mention, Relation
from kg.types import PLACE_TYPES
from kg.zhdoc import dictionary_tag

PRODUCT_LIST = re.compile(
    r"主要产品|产品有|产品是|生产的|生产出|(?<![今去明当全])[年日月]产(?=[\d一二三四五六七八九十几数])"
)
QUANTITY = re.compile(
    r"^[\d０-９.一二三四五六七八九十百千万亿两几多余]+(?:万|千|百|亿)?(?:吨|台|辆|件|套|米|公斤|斤|担|箱|种|个|部|双)?"
)
PRODUCE_CUE = re.compile(MAKING + r"|产量|年产|日产|月产|产品|炼|织|造")
# Words of making and rearing (the paragraph's maker is credited), and of buying (it is not).
MAKE_CUE = re.compile(PRODUCE_CUE.pattern + r"|饲|养|改产|产")
BUY_CUE = re.compile(r"购买|采购|收购|订货|订购|购进|进口|调入|引进")
# Verbs of opposing a measure: its object is not adopted (反对, 批判, 抵制, 废除 …).
# Verbs of opposing or leaving a measure behind, and negations (没有X制度, 未制订X): not adopted.
OPPOSE = re.compile(
    r"反对|批判|抵制|废除|破除|否定|攻击|污蔑|鼓吹|取消|揭露|改变|克服|纠正|扭转|摆脱"
    r"|没有|缺乏|尚无|并无|(?<![从所])未(?!来)"  # 尚未 is 'not yet'; 从未间断, 前所未有 negate nothing
)
# The state's numbered plans (第一个五年计划, 第二个五年计划).
STATE_PLAN = re.compile(r"第[一二三四五六七八九十]+个五年计划")
# 在压缩银根的情况下: a measure named as the circumstance of the clause, not as what its actor does.
CIRCUMSTANCE = re.compile(r"[^，。；]{0,20}?的(?:情况|形势|条件|背景)下")
GENERIC_PRODUCTS = {"产品", "商品", "产量", "东西", "新产品", "物资", "原料", "材料", "设备", "工程", "项目"}


@rule("relations", lang="zh")
def zh_instance_of_mechanism(ctx: ArticleContext) -> Iterator[Relation]:
    """A body named after a mechanism is an instance of it: 生产指挥部 -> production command center;
    资金协调小组 -> a narrower 'financial coordination group' under 协调小组."""
    exact_re, exact, open_re, open_heads = mechanism_patterns()
    for ent in list(ctx.entities.values()):
        if ent.type not in BODIES | {"Organization"} or not ent.mentions or not ent.label_zh:
            continue
        name = _unqualified(ent.label_zh)
        found = None  # the match ending last (the name's head), then the longest
        for regex, table, is_open in ((exact_re, exact, False), (open_re, open_heads, True)):
            for m in regex.finditer(name):
                rank = (m.end(), len(m.group()), not is_open)
                if found is None or rank > found[0]:
                    found = (rank, m, table[m.group()], is_open)
        if found is None:
            continue
        _, match, key, is_open = found
        mech = lexicon.mechanism_by_key()[key]
        phrase = name[: match.end()]
        if is_open and phrase != match.group():
            words, complete = zh_names.render(phrase)
            english = re.sub(r"^(\w+ \w+) leading group$", r"\1 group", " ".join(words).lower())
            target = entity(ctx, "PolicyMechanism", slug(english), english if complete else "")
            target.attrs.setdefault("broader", key)
            target.label_zh = target.label_zh or phrase
        else:
            target = entity(ctx, "PolicyMechanism", key, mech.label_en)
            target.label_zh = target.label_zh or match.group()
        m = ent.mentions[0]
        yield Relation(ent.ref, "instanceOfMechanism", target.ref, ctx.evidence(m.start, m.end))


def _unqualified(name: str) -> str:
    """吉林省资金协调小组 -> 资金协调小组: the name without its place."""
    spans = [p for p in place_spans(name) if p[0] == 0]
    return name[spans[0][1] :] if spans else name


@rule("relations", lang="zh")
def zh_adopts_mechanism(ctx: ArticleContext) -> Iterator[Relation]:
    """Who is named before a mechanism in its sentence adopts it (省委、省政府…实行厂长负责制)."""
    for m in ctx.mentions:
        if m.type != "PolicyMechanism" or in_headline(ctx, m.start) or _in_dateline(ctx, m):
            continue
        clause = ctx.text.rfind("，", 0, m.start) + 1
        if OPPOSE.search(ctx.text, max(clause, ctx.sentence_of(m.start, m.end)[0]), m.start):
            continue  # 反对“先机械化，后合作化”的谬论: opposed, not adopted
        if CIRCUMSTANCE.match(ctx.text, m.end) or OPPOSE.match(m.text):
            continue  # 在X的情况下; a phrase found with its negation (没有X制度)
        owner = owner_of(ctx, m.start)  # 国家的财政制度: the owner's measure, whoever carries it out
        if owner is None and STATE_PLAN.search(m.text):
            owner = state(ctx)  # 第二个五年计划: the state's plan, whoever works within it
        for actor in [owner] if owner else actors_before(ctx, m.start, ACTORS):
            if not MEDIA.search(ctx.entities[actor].label_zh if actor in ctx.entities else ""):
                yield Relation(actor, "adoptsMechanism", ctx.mention_ref[m], ctx.evidence(m.start, m.end))


@rule("relations", lang="zh")
def zh_establishes(ctx: ArticleContext) -> Iterator[Relation]:
    """'吉林省政府成立生产指挥部': the actor before 成立/建立/组建 establishes the bodies after it."""
    for match in ESTABLISH.finditer(ctx.text):
        s, e = ctx.sentence_of(match.start(), match.end())
        nxt = ESTABLISH.search(ctx.text, match.end(), e)
        stop = nxt.start() if nxt else e
        found = _sentence_mentions(ctx, match.end(), stop, ORGS)
        targets = [ctx.mention_ref[m] for m in found if m.type != "Enterprise"]
        new_body = _established_body(ctx, match.end()) if not targets else None
        targets = targets or ([new_body] if new_body else [])
        if not targets:
            continue
        actors = actors_before(ctx, match.start(), ACTORS)
        for body in targets[:4]:
            for actor in actors:
                if actor != body:
                    yield Relation(actor, "establishes", body, ctx.evidence(s, e))


# 成立了(一个)“X”: the object of a verb of founding, up to the clause's end.
FOUNDED = re.compile(
    r"了?(?:一个|一批|[一二三四五六七八九十几]+个)?[“\"]?([\u4e00-\u9fff]{3,12})[”\"]?(?=[，。；：、（\n]|$)"
)


def _established_body(ctx: ArticleContext, pos: int) -> tuple[str, str] | None:
    """成立了节约办公室: what is founded is a body when its name ends in a body's head (办公室, 小组, 委员会,
    指挥部 …), though no mention rule named it; a body of this article only (never merged across
    articles by a generic name)."""
    found = FOUNDED.match(ctx.text, pos)
    head = zh_names.head_of(found.group(1)) if found else None
    if head is None or head.type not in ORGS - {"Enterprise"} or len(found.group(1)) <= len(head.head):
        return None
    name = found.group(1)
    english, complete = zh_names.english_name(name)
    ent = entity(ctx, head.type, local_key(ctx, slug(english)), english if complete else "")
    if not complete:
        ent.attrs.setdefault("machine_en", english)
        ent.attrs.setdefault("machine_source", "cc-cedict")
    ent.label_zh = ent.label_zh or name
    start = found.start(1)
    end = start + len(name)
    ent.mentions.append(Mention(ctx.article.id, "zh", start, end, name, head.type, "zh_founded"))
    forget_article_memo(ctx)  # the heads of the bodies now include this mention
    return ent.ref


@rule("relations", lang="zh")
def zh_leads(ctx: ArticleContext) -> Iterator[Relation]:
    """'<body>由<person or body>挂帅/牵头/领导': the leader leads the body."""
    for match in LEAD.finditer(ctx.text):
        s, e = ctx.sentence_of(match.start(), match.end())
        bodies = [m for m in _sentence_mentions(ctx, s, match.start(), BODIES) if m.end <= match.start()]
        leaders = _sentence_mentions(ctx, match.start(1), match.end(1), BODIES | {"Person"})
        if bodies and leaders:
            yield Relation(
                ctx.mention_ref[leaders[0]], "leads", ctx.mention_ref[bodies[-1]], ctx.evidence(s, e)
            )


@rule("relations", lang="zh")
def zh_visits(ctx: ArticleContext) -> Iterator[Relation]:
    """'市委书记李明在现场办公中…包钢', '市政府几位领导在X厂、Y厂等企业现场办公': persons (else bodies)
    named before the verb visit the enterprises and organisations of the sentence."""
    seen: set[tuple[int, int]] = set()
    for match in VISIT.finditer(ctx.text):
        s, e = ctx.sentence_of(match.start(), match.end())
        people = [m for m in _sentence_mentions(ctx, s, match.start(), {"Person"})]
        actors = sorted({ctx.mention_ref[m] for m in people}) or [
            a for a in actors_before(ctx, match.start(), BODIES, fallback=False) if a[0] in BODIES
        ]
        targets = _sentence_mentions(ctx, s, e, {"Enterprise", "Organization"})
        for go in GO_TO.finditer(ctx.text, s, e):  # 到铁道部、交通部慰问: the bodies gone to are visited
            targets += [m for m in _sentence_mentions(ctx, go.start(1), go.end(1), ORGS) if m not in targets]
        if (s, e) in seen or not actors:
            continue
        seen.add((s, e))
        for actor in actors:
            home = _municipal_place(ctx, actor)
            for t in targets:
                if ctx.mention_ref[t] != actor:
                    yield Relation(actor, "visits", ctx.mention_ref[t], ctx.evidence(s, e))
                    if home is not None and t.type == "Enterprise":
                        yield Relation(ctx.mention_ref[t], "locatedIn", home, ctx.evidence(s, e))


def _municipal_place(ctx: ArticleContext, ref: tuple[str, str]) -> tuple[str, str] | None:
    """The city or county of a municipal or county body (太原市政府 -> Taiyuan)."""
    ent = ctx.entities.get(ref)
    if ent is None or ref[0] not in BODIES or not re.search(r"(市|县)(委|政府)", ent.label_zh):
        return None
    where = _place_of(ctx, ent)
    return _place_ref(ctx, where) if where and where[0] in {"City", "County"} else None


@rule("relations", lang="zh")
def zh_supports(ctx: ArticleContext) -> Iterator[Relation]:
    """'山西省国营工业…全面支援地方工业': the actor before 支援/支持/帮助 supports the bodies after it."""
    for match in SUPPORT.finditer(ctx.text):
        s, e = ctx.sentence_of(match.start(), match.end())
        stop = re.compile(r"[，：；]").search(ctx.text, match.end(), e)
        clause_end = stop.start() if stop else e
        targets = _sentence_mentions(ctx, match.end(), clause_end, ORGS | PLACE_TYPES)
        pos = match.start()
        went = GONE_TO.search(ctx.text, max(s, pos - 60), pos)
        if went and not targets:  # 到东北、华北等地…帮助工作: the places and units gone to are helped
            targets = _sentence_mentions(ctx, went.start(), pos, ORGS | PLACE_TYPES)
            pos = went.start() if targets else pos
        if not targets:
            continue
        for actor in actors_before(ctx, pos, ACTORS, fallback=False, nearest=True):
            for t in targets[:3]:
                if ctx.mention_ref[t] != actor:
                    yield Relation(actor, "supports", ctx.mention_ref[t], ctx.evidence(s, e))


# 到 / 赴 / 深入 X (…) then a verb of help: the last such going-to before the verb, to its end; not 到 as
# the complement of another verb (得到, 受到, 达到, 看到 …: 得到X的支持 is help received, not given).
GO = r"(?:(?<![得受达做遇感直收看听想找提谈说学用碰见])到|赴|前往|深入)"
GONE_TO = re.compile(rf"{GO}(?!.*{GO})[^。；]*$")


# Receiving support: 得到贷款, 获得政府批准, 取得银行的支持 (the receiver is named before, the giver in it).
RECEIVE = re.compile(r"(?:得到|获得|取得|接受)了?([^，。；]{0,8}?)(?:贷款|支援|帮助|支持|扶持|援助|批准)")


@rule("relations", lang="zh")
def zh_receives_support(ctx: ArticleContext) -> Iterator[Relation]:
    """'X厂在得到贷款后…', 'X获得政府批准': the giver named in the phrase (else the one body the headline
    names) supports the enterprise or organisation named before the verb."""
    for match in RECEIVE.finditer(ctx.text):
        s, e = ctx.sentence_of(match.start(), match.end())
        givers = [ctx.mention_ref[m] for m in _sentence_mentions(ctx, match.start(1), match.end(1), ORGS)]
        head = headline_enterprise(ctx, ORGS)
        givers = givers or ([head] if head else [])
        receivers = actors_before(ctx, match.start(), {"Enterprise", "Organization"}, fallback=False)
        for giver in givers:
            for receiver in receivers:
                if giver != receiver:
                    yield Relation(giver, "supports", receiver, ctx.evidence(s, e))


@rule("relations", lang="zh")
def zh_produces(ctx: ArticleContext) -> Iterator[Relation]:
    """'这个公司的主要产品钢、钢材、生铁等', '年产三十万吨生铁、二十四万吨钢': what an enterprise makes;
    a product named after an enterprise and a production word in its sentence (该厂生产的钢材)."""
    for m in ctx.mentions:
        if m.type != "Product":
            continue
        s, e = ctx.sentence_of(m.start, m.end)
        makers = [ctx.mention_ref[p] for p in _producers(ctx, m, s, e) or _paragraph_producer(ctx, m)]
        makers = [x for x in makers if not _trades(ctx, x)]
        if not makers and MAKE_CUE.search(ctx.text, s, e) and not BUY_CUE.search(ctx.text, s, e):
            firm = headline_enterprise(ctx)  # 形成了宽幅布、灯芯绒等拳头产品: the firm the article is about
            place = context_place(ctx, ("County",)) if firm is None else None  # 饲养着肥猪: the county
            makers = [firm] if firm else [(place.cls, place.id)] if place else []
        for maker in makers:
            yield Relation(maker, "produces", ctx.mention_ref[m], ctx.evidence(s, e))
    for match in PRODUCT_LIST.finditer(ctx.text):
        s, e = ctx.sentence_of(match.start(), match.end())
        producers = [
            m for m in ctx.mentions
            if m.type == "Enterprise" and m.end <= match.start() and not _trades(ctx, ctx.mention_ref[m])
        ]
        if not producers:
            continue
        producer = ctx.mention_ref[producers[-1]]
        for start, end in _product_items(ctx.text, match.end(), e):
            overlap = [m for m in ctx.mentions if m.start < end and start < m.end]
            if overlap:  # named already: a product mention is this product
                if overlap[0].type == "Product":
                    yield Relation(producer, "produces", ctx.mention_ref[overlap[0]], ctx.evidence(s, e))
                continue
            product = _product(ctx, start, end)
            yield Relation(producer, "produces", product.ref, ctx.evidence(s, e))


# 河北、山东等主要麦产区, 产棉区: a producing area of goods (X产区, 产X区) right after its places
PRODUCING_AREA = re.compile(
    r"等?(?:主要|重要|重点)?(?:([\u4e00-\u9fff]{1,3}?)产区|产([\u4e00-\u9fff]{1,3}?)区)"
)
# 高产区 'high-yield area', 新产区, 主要产区: an adjective, a distinguishing word or a verb before 产区 names
# how the area yields, not its goods
AREA_MODIFIER_TAGS = {"a", "ad", "b", "d", "v", "vn"}


@rule("relations", lang="zh")
def zh_producing_areas(ctx: ArticleContext) -> Iterator[Relation]:
    """'运往河北、山西、山东等主要麦产区': each place of the run written right before a producing area of
    some goods (麦产区, 产棉区) produces those goods."""
    ends = {m.end: m for m in ctx.mentions if m.type in PLACE_TYPES and m in ctx.mention_ref}
    for match in PRODUCING_AREA.finditer(ctx.text):
        name = match.group(1) or match.group(2)
        last = ends.get(match.start())
        if last is None or not is_goods(name) or dictionary_tag(name) in AREA_MODIFIER_TAGS:
            continue
        run = [last]
        while ctx.text[run[-1].start - 1 : run[-1].start] in {"、", "和", "及"} and run[-1].start - 1 in ends:
            run.append(ends[run[-1].start - 1])
        group = 1 if match.group(1) else 2
        product = _product(ctx, match.start(group), match.end(group))
        for place in run:
            evidence = ctx.evidence(place.start, match.end())
            yield Relation(ctx.mention_ref[place], "produces", product.ref, evidence)


# Banks, trading companies and shops lend, buy and sell: they make no goods (人民银行, 贸易公司, 供销社).
TRADER = re.compile(
    r"(?:银行|分行|支行|信用社|信用合作社|储蓄所|保险公司|贸易公司|商业公司|百货公司|商店|供销社|供销合作社)$"
)


def _trades(ctx: ArticleContext, ref: tuple[str, str]) -> bool:
    """True for a bank, a trading company or a shop (see :data:`TRADER`)."""
    ent = ctx.entities.get(ref)
    return ent is not None and bool(TRADER.search(ent.label_zh))


def _producers(ctx: ArticleContext, product: Mention, s: int, e: int) -> list[Mention]:
    """Who makes ``product``: the enterprises named before it with a production word between
    (某钢厂和某铁厂…增产矽钢片), those it is made by (铸件…由经纬纺织机械厂…协作生产), or the enterprise
    it describes (生产纱和线的国棉七厂); coordinated enterprises (X和Y) all produce."""
    text = ctx.text
    firms = [m for m in _sentence_mentions(ctx, s, e, {"Enterprise"})]
    before = [f for f in firms if f.end <= product.start]
    after = [f for f in firms if f.start >= product.end]
    if before and PRODUCE_CUE.search(text, before[-1].end, product.start) and "由" not in text[
        before[-1].end : product.start
    ]:
        return _coordinated(ctx, before, last=True)
    if after:
        between = text[product.end : after[0].start]
        if "由" in between and PRODUCE_CUE.search(text, after[-1].end, e):
            return _coordinated(ctx, after, last=False)
        if re.fullmatch(r"(?:[、和及与][\u4e00-\u9fff]{1,6})*的", between) and PRODUCE_CUE.search(
            text, s, product.start
        ):
            return [after[0]]
    return []


def _paragraph_producer(ctx: ArticleContext, product: Mention) -> list[Mention]:
    """Who makes a product its sentence names no maker for: the enterprise last named before it in its
    paragraph (X厂…办了一个农场…今年先养鸡、兔), else, in a paragraph naming no enterprise,
    the county or city its sentence names (X全县…饲养着两万头猪), else the province."""
    s, e = ctx.sentence_of(product.start, product.end)
    if not MAKE_CUE.search(ctx.text, s, e) or BUY_CUE.search(ctx.text, s, e):
        return []  # 订货, 购买: who buys goods does not make them
    start = ctx.text.rfind("\n", 0, product.start) + 1
    before = [
        m for m in _sentence_mentions(ctx, start, product.start, {"Enterprise", *PLACE_TYPES})
        if m in ctx.mention_ref
    ]
    end = ctx.text.find("\n", product.end)
    firms = _sentence_mentions(ctx, start, len(ctx.text) if end < 0 else end, {"Enterprise"})
    for types in ({"Enterprise"}, {"County", "City"}, {"Province"}):
        found = [m for m in before if m.type in types and (types == {"Enterprise"} or m.start >= s)]
        if found and (types == {"Enterprise"} or not firms):  # a paragraph about a firm: not its place
            return [found[-1]]
    return []


def _coordinated(ctx: ArticleContext, firms: list[Mention], *, last: bool) -> list[Mention]:
    """The last (or first) enterprise and those joined to it by 、/和/与/及."""
    order = firms[::-1] if last else firms
    out = [order[0]]
    for f in order[1:]:
        a, b = (f, out[-1]) if last else (out[-1], f)
        if ctx.text[a.end : b.start].strip() not in {"、", "和", "与", "及", "同"}:
            break
        out.append(f)
    return out


def _product_items(text: str, pos: int, end: int) -> list[tuple[int, int]]:
    """The items of a list '钢、钢材、生铁等' (quantities stripped), stopping at 等/的/，."""
    items = []
    clause = re.match(r"[^，。；：等的]*", text[pos:end]).group()
    offset = pos
    for part in re.split(r"(、|和|及)", clause):
        if part in {"、", "和", "及"}:
            offset += len(part)
            continue
        q = QUANTITY.match(part)
        start = offset + (q.end() if q else 0)
        while start < offset + len(part) and text[start] in "了出着过":
            start += 1
        name = text[start : offset + len(part)]
        name = re.sub(r"(产量|生产|等)$", "", name)
        if 1 <= len(name) <= 6 and is_goods(name) and name not in GENERIC_PRODUCTS:
            items.append((start, start + len(name)))
        offset += len(part)
    return items


def _product(ctx: ArticleContext, start: int, end: int):
    name = ctx.text[start:end]
    ent = product_entity(ctx, name)
    ent.label_zh = ent.label_zh or name
    ent.mentions.append(Mention(ctx.article.id, "zh", start, end, name, "Product", "zh_products"))
    return ent
