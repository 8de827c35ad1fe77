"""Chinese relation rules: one sentence at a time, over resolved zh mentions.

Who acts is read from word order, as Chinese news prose puts it: the bodies (else places, else persons)
named before the verb in the sentence, a coordinated run of them (省委、省政府) acting together; 全省 /
省里 / 该市 stand for the article's place; 他们 for the actors of the sentence before; 我们 for the unit
that signs the article; 该厂 / 这家银行 /
银行部门 for the body of that head named last; a body in 根据X的指示 / 在X的领导下 gives the lead and does not
act; the items of an enumeration (X提出下列措施：一、…。二、…) take the actor of the sentence announcing them,
and 会议决定 the body that convened the meeting; a sentence naming nobody keeps the subject of a
sentence before it in its paragraph (承前省略), else the body the article's lead sentence names as its
subject (what the article reports on); with nobody named, the article's main place acts (the gold
convention, as on the English side), a city only when named outside the datelines and headlines (新华社西安电
alone is where the report was filed).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import TypeVar

from kg.extract.context import ArticleContext
from kg.extract.registry import rule
from kg.extract.zh import names as zh_names
from kg.extract.zh.mentions import text_chars
from kg.extract.zh.names import place_spans
from kg.extract.zh.resolve import context_place, entity
from kg.gazetteer import load_gazetteer
from kg.lexicon import slug
from kg.records import Mention, Post, Relation
from kg.trie_regex import literal
from kg.types import PLACE_TYPES

T = TypeVar("T")
BODIES = {"PartyBody", "GovernmentBody"}
ORGS = BODIES | {"Enterprise", "Organization"}
ACTORS = ORGS | PLACE_TYPES
JOINERS = {"、", "和", "与", "及", "、和", "同"}
PLACE_WORDS = re.compile(r"(全省|省里|该省|本省|全市|市里|该市|本市|全县|县里|该县|本县)")
PLACE_WORD_CLASS = {"省": ("Province",), "市": ("City",), "县": ("County",)}
# Words that carry the actors of the sentence before: pronouns, 该厂 / 这个矿, and 其中 (of these).
THEY = re.compile(r"他们|它们|该厂|该公司|这个公司|这个厂|这家|该企业|该矿|这个矿|其中")
ESTABLISH = re.compile(r"成立|建立|组建|设立|筹建|组成")
VISIT = re.compile(
    r"现场办公|视察|走访|考察|察看|看望|慰问|参观|深入(?:基层|企业|工厂|车间|工地)|来到|到.{1,12}?调查"
)
GO_TO = re.compile(r"(?:到|来到|前往|赴)([^。；]{2,60}?)(?:慰问|看望|视察|参观|检查|调查|考察|现场办公)")
SUPPORT = re.compile(r"支援|支持|帮助|扶植|扶持|援助")
# 由X挂帅: X leads; not 由于 (because), nor 由X主持举行会议 (X chairs a meeting, not the body).
LEAD = re.compile(r"由(?!于)(.{1,16}?)(挂帅|牵头|领导|负责|主持(?!举行|召开|.{0,8}会议))")
# 本报太原电, 新华社北京3日电, and the bare 本报讯 / 新华社讯 (the paper reports, it does not act)
DATELINE = re.compile(r"(本报|新华社|据新华社)(?:讯|([\u4e00-\u9fff]{2,8}?)(\d+月)?(\d+日|[一二三十]+日)?电)")
# The press reports, it does not act (新华社, 本报, 人民日报).
MEDIA = re.compile(r"(?:新华社|通讯社|新闻社|报社|日报|本报|电台)$")
# Natural features (rivers, lakes, mountains, islands) lie in a place; they are not part of it.
NATURAL = re.compile(r"(?:江|河|湖|山|岛|湾|海|峡|岭|川)$")
# A plant, mine, farm, shop or station stands in one place (a company or a bank may span a country).
PLANT = re.compile(r"(?:厂|矿|场|店|站)$")
# 位于 / 坐落在 / 地处: the thing before the verb lies in the places after it.
LOCATED = re.compile(r"位于|坐落在|坐落于|地处")
GOVERNING = re.compile(r"(市委|省委|县委|区委|地委|[市省县区地]委员会|政府|人民委员会|人委|行署)$")


def _sentence_mentions(ctx: ArticleContext, start: int, end: int, types: set[str]) -> list[Mention]:
    """Mentions of ``types`` within [start, end), leaving out the dateline (本报太原电) and headlines."""
    return [
        m
        for m in ctx.mentions_within(start, end)
        if m.end <= end
        and m.type in types
        and not _in_dateline(ctx, m)
        and not in_headline(ctx, m.start)
        and not (m.type == "Person" and m.rule == "zh_known_names")  # 毛主席提出的: the leader quoted
    ]


def in_headline(ctx: ArticleContext, pos: int) -> bool:
    """True inside a body line that repeats (part of) the title (each line judged once per article)."""
    line_start = ctx.text.rfind("\n", 0, pos) + 1
    memo: dict[int, bool] = ctx.shared("headline_lines", dict)
    if line_start not in memo:
        line_end = ctx.text.find("\n", pos)
        line = ctx.text[line_start : len(ctx.text) if line_end < 0 else line_end].strip()
        title = ctx.article.title_zh.replace(" ", "").replace("\u3000", "")
        memo[line_start] = (
            bool(line) and len(line) <= 40 and line.replace(" ", "").replace("\u3000", "") in title
        )
    return memo[line_start]


# Whose instruction or leadership a clause follows (根据省委的指示, 按照国务院的规定, 在市委的领导下,
# 在县委领导下, 根据省委“X，Y”的指示 with a slogan's comma): the source of a measure, not who carries it out.
GIVEN_BY = re.compile(
    r"(?:根据|按照|遵照|依照|依据)(?:“[^”]{0,30}”|[^，。；]){1,40}?(?:指示|决定|规定|要求|精神|部署|号召|意见|通知)"
    r"|在[^，。；]{1,40}?的?[^，。；]{0,4}?(?:领导|帮助|支持|指导|协助|关怀|号召)(?:[和与下])"
)
CLAUSE_END = re.compile(r"[，,：:（）()]")
LEVEL_WORD = re.compile(r"(?:(?<=^)|(?<=[，、。；：\n]))(省|市|县)(?=和|、|与|里)")


def state(ctx: ArticleContext) -> tuple[str, str]:
    """China, the country 国家 (the state) stands for in the paper's prose."""
    return _place_ref(ctx, ("Country", "china"))


def owner_of(ctx: ArticleContext, pos: int) -> tuple[str, str] | None:
    """国家的财政制度, 该厂的承包制度: the actor named right before the 的 that ends at ``pos``."""
    if ctx.text[pos - 1 : pos] != "的":
        return None
    for m in ctx.mentions_within(max(0, pos - 30), pos):
        if m.end == pos - 1 and m.type in ACTORS and m in ctx.mention_ref and not MEDIA.search(m.text):
            return ctx.mention_ref[m]
    return state(ctx) if ctx.text[pos - 3 : pos - 1] == "国家" else None


def actors_before(
    ctx: ArticleContext,
    pos: int,
    types: set[str] = ACTORS,
    *,
    fallback: bool = True,
    depth: int = 0,
    nearest: bool = False,
) -> list[tuple[str, str]]:
    """Who acts through the verb at ``pos`` (see the module docstring): the clause before ``pos``, else
    the nearest earlier clause of the sentence naming an actor; bodies first, then enterprises and
    organisations, places, persons; the first coordinated run of them."""
    s, _ = ctx.sentence_of(pos, pos + 1)
    persons = _sentence_mentions(ctx, s, pos, {"Person"})  # the clauses' persons below are among these
    person_starts = {m.start for m in persons}
    found = [
        (m.start, m.end, m.type, ctx.mention_ref[m])
        for m in _sentence_mentions(ctx, s, pos, types)
        if m.end <= pos and not (m.type in PLACE_TYPES and m.end in person_starts)  # 山西李明: whose, not who
    ]
    if found:  # 根据X的指示, 在X的领导下: X instructs or leads; who acts is named elsewhere
        given = [(g.start(), g.end()) for g in GIVEN_BY.finditer(ctx.text, s, pos)]
        found = [f for f in found if not any(a <= f[0] < b for a, b in given)]
    for word in [*PLACE_WORDS.finditer(ctx.text, s, pos), *LEVEL_WORD.finditer(ctx.text, s, pos)]:
        if ctx.text[word.start() - 1 : word.start()] == "在":
            continue  # 在全市…中: where, not who
        level = word.group()[-1] if word.group()[0] in "全该本" else word.group()[0]
        place = context_place(ctx, PLACE_WORD_CLASS[level])
        if place is not None and place.cls in types:
            found.append((word.start(), word.end(), place.cls, (place.cls, place.id)))
    found += _anaphors(ctx, s, pos, types)
    unit = _speaker(ctx)
    if unit is not None and unit[0] in types:  # 我们 in an article a unit signs: that unit
        found += [(w.start(), w.end(), unit[0], unit) for w in WE.finditer(ctx.text, s, pos)]
    found.sort()
    # 省里 read as 省 and as 省里: once, the longer (a run of actors breaks on a duplicate)
    found = [f for i, f in enumerate(found) if not (i + 1 < len(found) and found[i + 1][0] == f[0])]
    cuts = [s, *(m.end() for m in CLAUSE_END.finditer(ctx.text, s, pos)), pos]
    for a, b in reversed(list(zip(cuts, cuts[1:], strict=False))):
        in_clause = [f for f in found if a <= f[0] < b]
        if (
            "Person" not in types
            and any(a <= m.start < b and m.end <= b for m in persons)  # _sentence_mentions(ctx, a, b, ...)
            and not any(f[2] in BODIES | PLACE_TYPES for f in in_clause)
        ):
            return []  # a person acts (市委书记李明在现场办公中): not a body or a place
        if nearest and in_clause:  # X号召Y支援Z: Y, the actor right before the verb
            return sorted({f[3] for f in _last_run(ctx, in_clause)})
        for group in (BODIES, {"Enterprise", "Organization"}, PLACE_TYPES, {"Person"}):
            run = [f for f in in_clause if f[2] in group]
            if run:  # 粮食部和合作总社: a coordinated run of bodies and organisations acts together
                kin = ORGS if group <= ORGS else group
                run = [f for f in in_clause if f[2] in kin and f[0] >= run[0][0]]
                while group is PLACE_TYPES and len(run) > 1 and run[1][0] == run[0][1]:
                    run = run[1:]  # 广东省潮安、普宁等县: the province qualifies the counties that act
                run = _first_run(ctx, run)
                return sorted({f[3] for f in run})
    if THEY.search(ctx.text, s, pos) and depth == 0 and s > 0:
        prev = actors_before(ctx, s - 1, types, fallback=False, depth=1)
        if prev:
            return prev
    if depth == 0:
        for lead in (enumeration_lead(ctx.text, s), meeting_convened(ctx, s, pos)):
            prev = actors_before(ctx, lead, types, fallback=False, depth=1) if lead else []
            if prev:
                return prev
    if not fallback:
        return []
    firm = headline_enterprise(ctx, types & ORGS)
    if firm is not None:
        return [firm]
    if depth == 0:
        prev = _topic_chain(ctx, s, types) or lead_actors(ctx, types)
        if prev:
            return prev
    place = context_place(ctx, ("Province", "City", "County"))
    if place is None or (place.cls == "City" and place.id not in _named_in_body(ctx)):
        return []  # a city named only in the dateline (新华社西安电) is where the report was filed
    return [(place.cls, place.id)]


def lead_actors(ctx: ArticleContext, types: set[str] = ACTORS) -> list[tuple[str, str]]:
    """The bodies, enterprises or organisations the lead sentence names as its subject (农业部召开的会议…;
    该厂…): what the article reports on, the actor of a later sentence that names none, before the
    article's place (as :func:`kg.extract.en.actions._lead_actors` on the English side)."""
    wanted = types & ORGS
    return _article_memo(ctx, "lead " + " ".join(sorted(wanted)), lambda: _lead(ctx, wanted))


def _lead(ctx: ArticleContext, types: set[str]) -> list[tuple[str, str]]:
    for s, e in ctx.sentences()[:6]:
        if in_headline(ctx, s) or len(ctx.text[s:e].strip()) < LEAD_CHARS:
            continue
        if not types:
            return []
        found = actors_before(ctx, _first_verb(ctx, s, e), types, fallback=False, depth=1)
        return [f for f in found if f[0] in types]
    return []


LEAD_CHARS = 20  # a shorter first line is a dateline or a subtitle, not the lead sentence
CHAIN = 3  # how many sentences back a sentence naming no actor looks for one, within its paragraph


def _topic_chain(ctx: ArticleContext, s: int, types: set[str]) -> list[tuple[str, str]]:
    """The actors of the nearest of the :data:`CHAIN` sentences before ``s`` in its paragraph that
    names one: Chinese drops the subject a sentence before gave (承前省略: 该局…。并决定：一、推行X).
    An item of an enumeration looks back from the sentence that announces it."""
    lead = enumeration_lead(ctx.text, s)
    pos = ctx.sentence_of(lead, lead + 1)[0] if lead is not None else s
    para = ctx.text.rfind("\n", 0, pos) + 1
    for _ in range(CHAIN):
        if pos <= para:
            return []
        start = ctx.sentence_of(pos - 1, pos)[0]
        found = actors_before(ctx, _first_verb(ctx, start, pos - 1), types, fallback=False)
        if found:
            return found
        pos = start
    return []


def _first_verb(ctx: ArticleContext, start: int, end: int) -> int:
    """Where the first verb of the first clause in [start, end) ends, outside names (成立扩大销售小组: 成立),
    else where that clause ends: who is named before it is the sentence's subject (省地市成立X: not X)."""
    stop = CLAUSE_END.search(ctx.text, start, end)
    end = stop.start() if stop else end
    names = [(m.start, m.end) for m in ctx.mentions_within(max(0, start - 30), end)]
    for word in ctx.doc.words_within(start, end):
        if word.pos.startswith("v") and not any(a <= word.start < b for a, b in names):
            return word.end  # 会议决定: the verb read too
    return end


WE = re.compile(r"(?:(?<=^)|(?<=[，。；：！？“\n\u3000]))我们")  # opening its clause: a subject, not 教导我们


def _speaker(ctx: ArticleContext) -> tuple[str, str] | None:
    """The unit an article's author signs for (黑龙江省双城县幸福人民公社庆宁大队　张朋: the brigade, the
    last, smallest unit of the address before the name), or None."""
    def find() -> tuple[str, str] | None:
        span = ctx.byline()
        named = ctx.mentions_within(*span) if span else []
        # 新华社记者　李明: a reporter signs, and the press acts in nothing
        orgs = [m for m in named if m.type in ORGS and m in ctx.mention_ref and not MEDIA.search(m.text)]
        return ctx.mention_ref[orgs[-1]] if orgs else None

    return _article_memo(ctx, "speaker", find)


def _named_in_body(ctx: ArticleContext) -> set[str]:
    """The keys of the places named outside the datelines and headlines of the article (made once)."""
    return _article_memo(ctx, "body_places", lambda: {
        m.key for m in ctx.mentions
        if m.type in PLACE_TYPES and not _in_dateline(ctx, m) and not in_headline(ctx, m.start)
    })


# The marker an item of an enumeration opens with: 一、 二， （三） 4. —— 第五 首先 其次.
ITEM = re.compile(
    r"[\s\u3000]*(?:[一二三四五六七八九十]{1,3}[、，,．.]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．]"
    r"|——|──|-{2}|第[一二三四五六七八九十]{1,3}(?![天年月日次届号季批期个])|首先|其次|再次|最后)"
)


def enumeration_lead(text: str, s: int) -> int | None:
    """Where the sentence that opens an enumeration ends (X提出下列措施：一，…。二，…), when the sentence at
    ``s`` is one of its items: an item of the paragraph after its colon, or a line of items (——X) under a
    line that ends in a colon. Its actor acts through every item."""
    if not ITEM.match(text, s):
        return None
    para = text.rfind("\n", 0, s) + 1
    colon = text.rfind("：", para, s)
    if colon >= 0:
        return colon if ITEM.match(text, colon + 1) else None
    line = para
    for _ in range(30):  # the lines of items above, up to the line that announces them
        if line == 0:
            return None
        prev = text.rfind("\n", 0, line - 1) + 1
        above = text[prev : line - 1].rstrip()
        if above.endswith("：") and ITEM.match(text, line):
            return prev + len(above) - 1
        if not ITEM.match(text, prev):
            return None
        line = prev
    return None


# 会议认为 / 会议决定 / 大会要求: the meeting speaks for whoever held it (X召开的会议, X举行常务会议).
MEETING = re.compile(r"(?:会议|大会|座谈会)(?=认为|决定|要求|指出|强调|提出|号召|确定|通过|讨论)")
# a verb of convening whose object, in its clause, is a meeting (召开…会议, 举行常务会议, 召开的大会)
CONVENE = re.compile(r"(?:主持)?(?:召开|举行)(?=[^，。；！？\n]{0,24}?(?:会议|大会|座谈会))")


def meeting_convened(ctx: ArticleContext, s: int, pos: int) -> int | None:
    """Where the verb of convening (召开, 举行) of a meeting stands, the last before the sentence at ``s``,
    when a meeting is that sentence's subject before ``pos`` (会议认为…): the convener named before it
    acts (not whoever held a ceremony earlier: 举行了开工典礼)."""
    if not MEETING.search(ctx.text, s, pos):
        return None
    starts = [m.start() for m in CONVENE.finditer(ctx.text, 0, s)]
    return starts[-1] if starts else None


# 该厂, 这家银行, 银行部门: a body named earlier, referred to by its head (每/各/全 count, not refer).
POINTER = "该|这个|这家|此|本"
POINTERS = POINTER.split("|")
QUANTIFIED = re.compile(r"[各每全诸某其]|许多|一些|所有|有的|[一二三四五六七八九十两几]个$")


def _anaphors(
    ctx: ArticleContext, start: int, end: int, types: set[str]
) -> list[tuple[int, int, str, tuple[str, str]]]:
    """The bodies of the article named again by their head alone in [start, end): 该厂, 这家银行, and a
    head of two characters or more written bare or as a 部门 (银行部门 after 某某县银行): the body of that
    head named last before it."""
    heads = _heads_of_bodies(ctx)
    if not heads:
        return []
    taken = [(m.start, m.end) for m in ctx.mentions_within(start, end)]
    out = []
    for match in heads[0].finditer(ctx.text, start, end):
        a, b = match.span()
        named = [ref for pos, ref in heads[1][match.group("head")] if pos < a]
        if not named or named[-1][0] not in types or any(x < b and a < y for x, y in taken):
            continue
        if not match.group("pointer") and (
            not match.group().endswith("部门") or QUANTIFIED.search(ctx.text, max(0, a - 3), a)
        ):
            continue
        out.append((a, b, named[-1][0], named[-1]))
    return out


def _heads_of_bodies(ctx: ArticleContext) -> tuple[re.Pattern, dict[str, list]] | tuple[()]:
    """A pattern of the heads of the article's bodies and enterprises, and where each body of each head
    is named (kept while the article's mentions and entities stay the same, see :func:`_article_memo`)."""
    return _article_memo(ctx, "heads", lambda: _find_heads_of_bodies(ctx))


def _find_heads_of_bodies(ctx: ArticleContext) -> tuple[re.Pattern, dict[str, list]] | tuple[()]:
    bodies = [e for e in ctx.entities.values() if e.type in ORGS and e.mentions]
    by_head: dict[str, list[tuple[int, tuple[str, str]]]] = {}
    for ent in bodies:
        head = zh_names.head_of(ent.label_zh)
        if head is not None and len(ent.label_zh) > len(head.head) and not MEDIA.search(ent.label_zh):
            by_head.setdefault(head.head, []).extend((m.start, ent.ref) for m in ent.mentions)
    # no head after a pointer or before 部门 anywhere in the text: no match could count (no pattern made)
    text = ctx.text
    if not any(
        h.endswith("部门") or h + "部门" in text or any(p + h in text for p in POINTERS) for h in by_head
    ):
        by_head = {}
    by_pos = {h: sorted(v) for h, v in by_head.items()}
    return (_heads_pattern(frozenset(by_head)), by_pos) if by_head else ()


@functools.lru_cache(maxsize=4096)
def _heads_pattern(heads: frozenset[str]) -> re.Pattern:
    """A pointer (该, 这家), one of ``heads`` (longest first), then 部门: compiled once per set of heads."""
    words = "|".join(sorted(map(re.escape, heads), key=lambda w: (-len(w), w)))
    return re.compile(rf"(?P<pointer>{POINTER})?(?P<head>{words})(?:部门)?")


def headline_enterprise(ctx: ArticleContext, types: set[str] | None = None) -> tuple[str, str] | None:
    """The one enterprise (or one body or organisation of ``types``) the headline names (X电机厂建立制度…):
    the actor of a sentence that names none, before the article's place."""
    types = {"Enterprise"} if types is None else types
    return _article_memo(ctx, "headline " + " ".join(sorted(types)), lambda: _headline_actor(ctx, types))


def _headline_actor(ctx: ArticleContext, types: set[str]) -> tuple[str, str] | None:
    title = ctx.article.title_zh
    named = [m for m in ctx.mentions if m.type in types and m in ctx.mention_ref and not MEDIA.search(m.text)]
    refs = {ctx.mention_ref[m] for m in named if in_headline(ctx, m.start)}  # the headline lines first
    if len(refs) != 1:
        refs = {ctx.mention_ref[m] for m in named if in_headline(ctx, m.start) or m.text in title}
    return refs.pop() if len(refs) == 1 else None


def _last_run(ctx: ArticleContext, found: list[tuple]) -> list[tuple]:
    """The last actor and those joined to it by 、/和."""
    out = [found[-1]]
    for f in reversed(found[:-1]):
        if not _joined(ctx, f, out[-1]):
            break
        out.append(f)
    return out


def _joined(ctx: ArticleContext, a: tuple, b: tuple) -> bool:
    """Two actors joined by 、/和/与, or two bodies written side by side (市委市政府)."""
    gap = ctx.text[a[1] : b[0]].strip()
    return gap in JOINERS or (gap == "" and a[2] in ORGS and b[2] in ORGS)


def _first_run(ctx: ArticleContext, run: list[tuple]) -> list[tuple]:
    """The first actor and those joined to it by 、/和 (省委、省政府)."""
    out = [run[0]]
    for f in run[1:]:
        if not _joined(ctx, out[-1], f):
            break
        out.append(f)
    return out


# --- posts -------------------------------------------------------------------------------------------


@rule("relations", lang="zh")
def zh_holds_post(ctx: ArticleContext) -> Iterator[Relation]:
    """'市委书记李明', '国务委员宋健、王芳', '包钢副总经理李超': the posts people hold, in which body."""
    persons = {m.start: m for m in ctx.mentions if m.type == "Person"}
    if not persons:
        return  # no one to hold a post
    by_end = {m.end: m for m in persons.values()}
    org_ends = {m.end for m in ctx.mentions if m.type in ORGS}
    taken: list[tuple[int, int]] = []
    for title in zh_names.titles_in(text_chars(ctx)):  # the others are nowhere in the article
        for match in literal(title.title_zh).finditer(ctx.text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            holders, pos = [], match.end()
            while pos in persons:
                holders.append(persons[pos])
                pos = persons[pos].end + (
                    1 if ctx.text[persons[pos].end : persons[pos].end + 1] in "、和" else 0
                )
            named_first = by_end.get(match.start())  # 冀中行署罗玉山主任: body, name, then the title
            if not holders and named_first is not None and named_first.start in org_ends:
                holders = [named_first]
                body_end = named_first.start
            else:
                body_end = match.start()
            if not holders:
                continue
            taken.append((match.start(), match.end()))
            body = _post_body(ctx, title, body_end)
            post = Post(title.title_en, title.title_zh, body)
            for person in holders:
                yield Relation(
                    ctx.mention_ref[person], "holds", None, ctx.evidence(match.start(), person.end), post
                )


def _post_body(ctx: ArticleContext, title, start: int) -> tuple[str, str] | None:
    """The body of a post: named just before the title, else implied by the title and the place."""
    before = [m for m in ctx.mentions if m.type in ORGS and 0 <= start - m.end <= 1 and m.end <= start + 2]
    if before:
        return ctx.mention_ref[before[-1]]
    written = [  # 东北人民政府副主席: a body of the article written before the title, though not read there
        e for e in _article_memo(ctx, "orgs", lambda: [e for e in ctx.entities.values() if e.type in ORGS])
        if e.mentions and len(e.label_zh) >= 3 and ctx.text.endswith(e.label_zh, 0, start)
    ]
    if written:
        return max(written, key=lambda e: (len(e.label_zh), e.ref)).ref
    if title.level in zh_names.LEVEL_CLASSES:
        place = context_place(ctx, zh_names.LEVEL_CLASSES[title.level])
        if place is None:
            return None
        name_en = f"{place.name_en} {title.body_head}"
        ent = entity(ctx, title.body_type, slug(name_en), name_en)
        if not ent.label_zh:
            head = next(
                (h for h in zh_names.heads() if h.head_en == title.body_head and h.level == title.level), None
            )
            if head is not None:
                ent.label_zh = f"{place.short_zh}{head.head}"
        return ent.ref
    if title.level == "national":
        for ent in ctx.entities.values():
            if ent.type == title.body_type and title.body_head.lower() in ent.label_en.lower():
                return ent.ref
        ent = entity(ctx, title.body_type, slug(title.body_head), title.body_head)
        ent.label_zh = ent.label_zh or zh_names.canonical_zh().get(title.body_head, "")
        return ent.ref
    return None


# --- bodies and places -------------------------------------------------------------------------------


def _place_of(ctx: ArticleContext, ent) -> tuple[str, str] | None:
    """The place a body is named after: 太原市委 -> Taiyuan (a short form's place comes from its label)."""
    gaz = load_gazetteer()
    name = ent.label_zh.removeprefix("中共")
    prefecture = _prefecture_of(ctx, name)
    if prefecture is not None:
        return prefecture
    spans = [p for p in place_spans(name) if p[0] == 0]
    if not spans:  # 桃源县委: a county the gazetteer lacks, named in the article; 东北人民政府: a region's
        region = _region_prefix(ctx, name) if GOVERNING.search(name) else None
        return _article_place_prefix(ctx, name) or region
    places = gaz.lookup_zh(spans[0][2])
    level = re.search(r"(市|省|县)(委|政府|人民|人委)", name[spans[0][1] - 1 : spans[0][1] + 3])
    if level:
        wanted = {"市": "City", "省": "Province", "县": "County"}[level.group(1)]
        if wanted == "County" and not any(p.cls == wanted for p in places):
            named = _article_place_prefix(ctx, name)  # 渭南县委: the county 渭南县, not the city 渭南
            return named if named and named[0] == "County" else None
        places = [p for p in places if p.cls == wanted] or places
    return (places[0].cls, places[0].id) if places else None


# 地委, 行署, 专署: the party committee and the administrative office of a prefecture
PREFECTURE_BODY = re.compile(r"(?:地委|行署|专署)$")


def _prefecture_of(ctx: ArticleContext, name: str) -> tuple[str, str] | None:
    """The prefecture of the article a prefecture's body is named after: 临沂市地委, 临沂行署 -> 临沂地区
    (the prefecture, not the city of the same name)."""
    head = PREFECTURE_BODY.search(name)
    stem = re.sub(r"(?:市|地区|专区)$", "", name[: head.start()]) if head else ""
    if len(stem) < 2:
        return None
    regions = [
        e for e in ctx.entities.values()
        if e.type == "Region" and e.mentions and e.label_zh.startswith(stem) and PREFECTURE.search(e.label_zh)
    ]
    return min(regions, key=lambda e: (len(e.label_zh), e.ref)).ref if regions else None


def _region_prefix(ctx: ArticleContext, name: str) -> tuple[str, str] | None:
    """The region of the article (东北地区, 晋冀鲁豫边区) that ``name`` starts with, written with or without
    地区 / 区 (东北人民政府), the longest, or None."""
    names = {
        (form, e.ref)
        for e in ctx.entities.values() if e.type == "Region" and e.mentions and not NATURAL.search(e.label_zh)
        for zh in (e.label_zh, *e.aliases_zh)
        for form in (zh, re.sub(r"地?区$", "", zh))
    }
    forms = sorted((f for f in names if len(f[0]) >= 2), key=lambda f: (-len(f[0]), f))
    return next((ref for form, ref in forms if len(form) < len(name) and name.startswith(form)), None)


def _article_place_prefix(ctx: ArticleContext, name: str) -> tuple[str, str] | None:
    """The place of the article (the gazetteer's or not) that ``name`` starts with, the longest:
    安徽省|潜山县商业部门 -> the county 潜山县 named on its own elsewhere in the article."""
    forms = _place_forms(ctx)
    return next((ref for form, ref in forms if len(form) < len(name) and name.startswith(form)), None)


def _place_forms(ctx: ArticleContext) -> list[tuple[str, tuple[str, str]]]:
    """The Chinese names of the article's named provinces, cities and counties, longest first (made once
    the relation rules run: the places with mentions no longer change then)."""
    def make() -> list[tuple[str, tuple[str, str]]]:
        places = [e for e in ctx.entities.values() if e.type in {"Province", "City", "County"} and e.mentions]
        forms = {(zh, e.ref) for e in places for zh in (e.label_zh, *e.aliases_zh) if len(zh) >= 2}
        return sorted(forms, key=lambda f: (-len(f[0]), f))

    return _article_memo(ctx, "place_forms", make)


def _article_memo(ctx: ArticleContext, key: str, make: Callable[[], T]) -> T:
    """A value made from the article's mentions and entities, kept while neither changes (the same
    mention list of the same length, as many entities: the relation rules add entities, not mentions to the
    list; a rule that adds a mention to an existing entity calls :func:`forget_article_memo`)."""
    memo = ctx.__dict__.setdefault("_zh_relation_memo", {})
    stamp = (ctx.mentions, len(ctx.mentions), len(ctx.entities))
    held = memo.get(key)
    if held is None or held[0] is not stamp[0] or held[1:3] != stamp[1:]:
        held = memo[key] = (*stamp, make())
    return held[3]


def forget_article_memo(ctx: ArticleContext) -> None:
    """Drop the values :func:`_article_memo` keeps: a rule added a mention to an entity the article already
    had (neither the mention list nor the entity count tells)."""
    ctx.__dict__.pop("_zh_relation_memo", None)


INNER_DIVISION = re.compile(r"[\u4e00-\u9fff]{1,4}?[区县旗]")


def _innermost_place(ctx: ArticleContext, name: str) -> tuple[str, str] | None:
    """The last place of the run of places a written name starts with (安徽省潜山县商业部门 -> 潜山县), when
    the article knows it; None when a division the article does not name follows (天津市河西区X局)."""
    found = None
    while True:
        ref = _article_place_prefix(ctx, name) or _written_place(name)
        if ref is None:
            return None if found and INNER_DIVISION.match(name) else found
        cut = _place_prefix_length(ctx, name, ref)
        found, name = ref, name[cut:]
        if not name or not cut:
            return found


def _place_prefix_length(ctx: ArticleContext, name: str, ref: tuple[str, str]) -> int:
    """How many characters of ``name`` the place ``ref`` takes (its longest written form there)."""
    ent = ctx.entities.get(ref)
    forms = [*(ent.label_zh, *ent.aliases_zh)] if ent else []
    forms += [p[2] for p in place_spans(name) if p[0] == 0]
    return max((len(f) for f in forms if f and name.startswith(f)), default=0)


def _written_place(text: str) -> tuple[str, str] | None:
    """The gazetteer place a written name starts with (浙江省水利科学研究所 -> Zhejiang), or None."""
    spans = [p for p in place_spans(text) if p[0] == 0 and p[1] < len(text)]
    places = load_gazetteer().lookup_zh(spans[0][2]) if spans else []
    return (places[0].cls, places[0].id) if places else None


def _place_ref(ctx: ArticleContext, ref: tuple[str, str]) -> tuple[str, str]:
    """The place entity ``ref`` of the article, created from the gazetteer when only a body names it."""
    place = load_gazetteer().by_id.get(ref[1])
    if place is None:
        return ref  # a county of the article the gazetteer lacks (渭南县): its entity is there already
    ent = entity(ctx, place.cls, place.id, place.name_en)
    if not ent.mentions and not ent.label_zh:  # not written on its own: its name is only an alias
        ent.aliases_zh.add(place.short_zh)
    ent.attrs.setdefault("level", place.level)
    return ent.ref


@rule("relations", lang="zh")
def zh_governs(ctx: ArticleContext) -> Iterator[Relation]:
    """太原市委 / 市政府 (qualified) governs 太原: party committees and governments of a place."""
    for ent in list(ctx.entities.values()):
        if ent.type not in BODIES or not ent.mentions or not GOVERNING.search(ent.label_zh):
            continue
        where = _place_of(ctx, ent)
        if where is not None:
            m = ent.mentions[0]
            yield Relation(ent.ref, "governs", _place_ref(ctx, where), ctx.evidence(m.start, m.end))


def _in_dateline(ctx: ArticleContext, m: Mention) -> bool:
    """Inside a dateline: in the first 400 characters, or opening a line further on (an article that
    starts with an editor's note, or joins two dispatches)."""
    return any(a <= m.start < b for a, b in ctx.shared("zh_datelines", lambda: _datelines(ctx.text)))


def _datelines(text: str) -> list[tuple[int, int]]:
    """The dateline spans of a Chinese body (see :func:`_in_dateline`)."""
    cut = min(len(text), 400)
    head = [(d.start(), d.end()) for d in DATELINE.finditer(text, 0, cut)]
    return head + [(d.start(1), d.end(1)) for d in LINE_DATELINE.finditer(text, cut)]


LINE_DATELINE = re.compile(r"(?m)^[\s\u3000]*(" + DATELINE.pattern + ")")


@rule("relations", lang="zh")
def zh_part_of(ctx: ArticleContext) -> Iterator[Relation]:
    """Places within their parents named in the article; counties after their province (湖北省郧县);
    party bodies of 中共; departments within the government of their place."""
    gaz = load_gazetteer()
    named = {
        ctx.mention_ref[m]: m for m in ctx.mentions if m.type in PLACE_TYPES and not _in_dateline(ctx, m)
    }
    for (cls, pid), m in sorted(named.items()):
        place = gaz.by_id.get(pid)
        parent = gaz.by_id.get(place.parent) if place and place.parent else None
        if parent and parent.cls != "Country" and any(k[1] == parent.id for k in named):
            yield Relation((cls, pid), "partOf", (parent.cls, parent.id), ctx.evidence(m.start, m.end))
    rank = {"Province": 3, "City": 2, "County": 1, "Region": 0}
    ends: dict[int, Mention] = {}
    for x in ctx.mentions:
        if x.type in rank and x in ctx.mention_ref:
            ends.setdefault(x.end, x)
    run: tuple[Mention, Mention] | None = None  # the wider place and the last place of a run under it
    for m in ctx.mentions_within(0, len(ctx.text)):  # 湖北省郧县, 哈尔滨市马家区: right after a wider one
        outer = ends.get(m.start)
        if outer is None and run and m.type == run[1].type and ctx.text[run[1].end : m.start] in JOINERS:
            outer = run[0]  # 德州专区平原、禹城、夏津等县: each place of the run is in the wider one
        run = None
        if outer is None or m not in ctx.mention_ref:
            continue
        if m.type in rank and not m.key and _rank(outer, rank) > _rank(m, rank):
            pred = "locatedIn" if m.type == "Region" and NATURAL.search(m.text) else "partOf"
            yield Relation(ctx.mention_ref[m], pred, ctx.mention_ref[outer], ctx.evidence(m.start, m.end))
            run = (outer, m)
        elif m.type in ORGS and ctx.mention_ref[m] in ctx.entities:
            inner = _article_place_prefix(ctx, m.text)  # 安徽省|潜山县商业部门: the county, named on its own
            if inner is not None and rank[inner[0]] < rank[outer.type]:  # too, is part of the province
                yield Relation(inner, "partOf", ctx.mention_ref[outer], ctx.evidence(outer.start, m.end))
    for ent in list(ctx.entities.values()):
        if ent.type == "PartyBody" and ent.label_zh.startswith("中共") and len(ent.label_zh) > 2:
            party = entity(ctx, "PartyBody", "chinese-communist-party", "Chinese Communist Party")
            party.label_zh = party.label_zh or "中共"
            m = ent.mentions[0] if ent.mentions else None
            if m is not None:
                yield Relation(ent.ref, "partOf", party.ref, ctx.evidence(m.start, m.end))
    yield from _branches(ctx)
    governments = {
        (_place_of(ctx, e), e.ref)
        for e in ctx.entities.values()
        if e.type == "GovernmentBody" and re.search(r"政府$|人民委员会$", e.label_zh)
    }
    for ent in list(ctx.entities.values()):
        head = zh_names.head_of(ent.label_zh)
        if ent.type != "GovernmentBody" or not ent.mentions or not head or not head.level:
            continue
        if re.search(r"政府$|人民委员会$|人委$", ent.label_zh):
            continue
        where = _place_of(ctx, ent)
        gov = sorted(ref for place, ref in governments if place == where and where is not None)
        if gov:
            m = ent.mentions[0]
            yield Relation(ent.ref, "partOf", gov[0], ctx.evidence(m.start, m.end))


# A prefecture, league or autonomous prefecture (德州专区, 临沂地区, 锡林郭勒盟) holds counties: above a
# county, below a city (the other regions, 华北, 沿海地区, rank lowest).
PREFECTURE = re.compile(r"(?:专区|地区|盟|自治州)$")


def _rank(m: Mention, rank: dict[str, float]) -> float:
    """The administrative rank of a place mention (:data:`PREFECTURE` between city and county)."""
    return 1.5 if m.type == "Region" and PREFECTURE.search(m.text) and len(m.text) > 3 else rank[m.type]


def _branches(ctx: ArticleContext) -> Iterator[Relation]:
    """A body named after another of the article and a head of its own is part of it: 中国人民银行北京分行
    -> 中国人民银行, 某某公司第二工程处 -> 某某公司 (the longest such name)."""
    orgs = [
        (e, (e.label_zh, *sorted(e.aliases_zh)))  # the names of each, sorted once (not once per pair)
        for e in ctx.entities.values() if e.type in ORGS and e.mentions and len(e.label_zh) >= 3
    ]
    for ent, names in orgs:
        wider = [
            o for o, outers in orgs
            if o is not ent and any(
                len(outer) < len(name) and name.startswith(outer)
                and zh_names.head_of(outer) and zh_names.head_of(name[len(outer) :])
                for name in names
                for outer in outers
            )
        ]
        known = zh_names.known_names()
        prefix = zh_names.known_prefix(ent.label_zh)
        if not wider and prefix and zh_names.head_of(ent.label_zh[len(prefix) :]):
            body = known[prefix]  # 中央人民政府|粮食部: the well-known body its name starts with
            outer = entity(ctx, body.type, slug(body.en), body.en)
            outer.label_zh = outer.label_zh or zh_names.canonical_zh().get(body.en, prefix)
            wider = [outer]
        if wider:
            outer = max(wider, key=lambda o: (len(o.label_zh), o.ref))
            m = ent.mentions[0]
            yield Relation(ent.ref, "partOf", outer.ref, ctx.evidence(m.start, m.end))


@rule("relations", lang="zh")
def zh_located_in(ctx: ArticleContext) -> Iterator[Relation]:
    """Where an enterprise is: the place its name starts with, else the place named last in its
    paragraph, else the article's main place."""
    gaz = load_gazetteer()
    done: set[tuple[str, str]] = set()
    named = {ctx.mention_ref[x] for x in ctx.mentions if x.type in PLACE_TYPES and x in ctx.mention_ref}
    for m in ctx.mentions:
        ref = ctx.mention_ref.get(m)
        if m.type != "Enterprise" or ref in done or ref not in ctx.entities:
            continue
        done.add(ref)
        ent = ctx.entities[ref]
        head = zh_names.head_of(ent.label_zh)  # 中国人民银行北京分行: the place right before the head,
        cut = len(ent.label_zh) - len(head.head) if head else -1  # else the place the name starts with
        inner = [p for p in place_spans(ent.label_zh) if p[1] == cut and p[0] > 0]
        found = gaz.lookup_zh(inner[0][2]) if inner else []
        where = (found[0].cls, found[0].id) if found else _place_of(ctx, ent)
        if where is None and ent.key.endswith("-steel"):
            places = gaz.lookup_en(ent.label_en.removesuffix(" Steel"))
            where = (places[0].cls, places[0].id) if places else None
        if where is not None and where[0] == "Country":
            if not PLANT.search(ent.label_zh):
                continue  # 中国石油化工总公司, 美国通用汽车公司: a firm of a country, not of one place
            where = None  # 中国矿物原料厂: one plant, somewhere in the country
        if where is None or (where not in named and where not in ctx.entities):  # 淄博矿务局… after 山东
            where = _place_written_before(ctx, ent) or where
        if where is None:  # 华北电业管理局, 冀中工业公司: the region of the article the name starts with
            where = _region_prefix(ctx, ent.label_zh)
        if where is None and any(LOCATED.match(ctx.text, x.end) for x in ent.mentions):
            continue  # X位于Y: zh_located_at says where
        if where is None:
            p_start = ctx.text.rfind("\n", 0, m.start) + 1
            near = [
                x
                for x in ctx.mentions
                if x.type in {"City", "County", "Province"} and p_start <= x.start < m.start
                and not _in_dateline(ctx, x)  # 新华社济南电: where the report is filed, not the firm
            ]
            if near:
                where = ctx.mention_ref[near[-1]]
            else:
                place = context_place(ctx, ("City", "County", "Province"))
                where = (place.cls, place.id) if place else None
        if where is not None and (where in named or where in ctx.entities):  # 宝鸡食品公司 alone: no city
            yield Relation(
                ref,
                "locatedIn",
                _place_ref(ctx, where) if where[1] in gaz.by_id else where,
                ctx.evidence(m.start, m.end),
            )


def _place_written_before(ctx: ArticleContext, ent) -> tuple[str, str] | None:
    """The administrative place written right before a mention of ``ent`` (河北省东山煤矿, 内蒙古锡林郭勒盟
    羊绒衫厂 -> the nearest province, city or county of the run of places before the name; 上海的X厂)."""
    places = (x for x in ctx.mentions if x.type in PLACE_TYPES and x in ctx.mention_ref)
    starts = _article_memo(ctx, "place_ends", lambda: {x.end: x for x in places})
    for m in ent.mentions:
        pos = m.start - 1 if ctx.text[m.start - 1 : m.start] == "的" else m.start  # 上海的中国钟表厂
        while pos in starts and not _in_dateline(ctx, starts[pos]):
            place = starts[pos]
            if place.type in {"Province", "City", "County"}:
                return ctx.mention_ref[place]
            pos = place.start
    return None


@rule("relations", lang="zh")
def zh_located_at(ctx: ArticleContext) -> Iterator[Relation]:
    """'东山煤码头位于上海黄浦江东岸': the enterprise, organisation or region named before 位于 / 坐落在 /
    地处 lies in each place of the clause after it."""
    for match in LOCATED.finditer(ctx.text):
        s, e = ctx.sentence_of(match.start(), match.end())
        stop = CLAUSE_END.search(ctx.text, match.end(), e)
        where = _sentence_mentions(ctx, match.end(), stop.start() if stop else e, PLACE_TYPES)
        things = _sentence_mentions(ctx, s, match.start(), {"Enterprise", "Organization", "Region"})
        if not where or not things or CLAUSE_END.search(ctx.text, things[-1].end, match.start()):
            continue
        for place in where:
            thing = ctx.mention_ref[things[-1]]
            if ctx.mention_ref[place] != thing:
                yield Relation(thing, "locatedIn", ctx.mention_ref[place], ctx.evidence(s, e))


@rule("relations", lang="zh")
def zh_body_located_in(ctx: ArticleContext) -> Iterator[Relation]:
    """'浙江省水利科学研究所', '湖北省随县商业部门', '沈阳市工业局': an organisation or a department lies
    in the place its written name starts with, else the place written right before it, when the article
    names that place (as the English side reads 'Shenyang Geological Bureau'); governments and party
    committees govern instead, and a department of a government the article names is part of it."""
    named = {ctx.mention_ref[x] for x in ctx.mentions if x.type in PLACE_TYPES and x in ctx.mention_ref}
    if not named:
        return
    governed = {
        _place_of(ctx, e)
        for e in ctx.entities.values()
        if e.type == "GovernmentBody" and re.search(r"政府$|人民委员会$", e.label_zh)
    }
    innermost: dict[str, tuple[str, str] | None] = {}  # the entities do not change while this rule reads
    for ent in list(ctx.entities.values()):
        if ent.type not in {"Organization", "GovernmentBody"} or not ent.mentions or not ent.label_zh:
            continue
        if GOVERNING.search(ent.label_zh) or MEDIA.search(ent.label_zh):
            continue
        for x in ent.mentions:
            if x.text not in innermost:
                innermost[x.text] = _innermost_place(ctx, x.text)
        written = [innermost[x.text] for x in ent.mentions]
        where = next((w for w in written if w), None)
        if where is None and not any(INNER_DIVISION.match(x.text) for x in ent.mentions):
            where = _place_written_before(ctx, ent)  # 天津市|河西区环卫局: in the district, not the city
        if where is None:  # 西北财政经济委员会: the region of the article the name starts with
            where = _region_prefix(ctx, ent.label_zh)
        if where is None or where not in named or where[0] == "Country":
            continue
        if ent.type == "GovernmentBody" and where in governed:
            continue  # 吉林省经济体制改革委员会 beside 吉林省政府: part of the government (zh_part_of)
        m = ent.mentions[0]
        yield Relation(ent.ref, "locatedIn", where, ctx.evidence(m.start, m.end))
