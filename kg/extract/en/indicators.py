"""English figure rules: reported statistics -> ``Observation`` records (``qb:Observation`` in the graph).

Runs after resolution (``extract_observations(ctx)``, called by the pipeline). Three kinds of figure:

- change:  "the city's total industrial output value increased by 10.1% compared to the same period
  last year" -> 10.1 percent, comparison "same period last year";
- amount:  "The total output value reached 150 million yuan" -> 150 "million yuan" (the scale stays in
  the unit, so the value is the number as printed);
- count:   "more than 50 types of products" -> 50 "types of products", qualifier "more than".

The subject is the place or enterprise the sentence is about: "the city's" / "in the city" -> the
article's main city (likewise province, county), "the company's" / "the factory" -> the enterprise named
last, a named enterprise or place before the figure, else the paragraph's running topic, else the
article's main place. The period comes from the sentence ("From January to the end of October") or the
paragraph before it, normalised with the article's year when it can be ("1989-01/1989-10").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from kg.extract.context import ArticleContext
from kg.extract.en.places import NATURAL
from kg.records import Evidence, Observation, evidence_window

SMALL = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
TENS = {
    w: 10 * i
    for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if i > 1
}
WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|"
    r"eight|nine))?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|a|one)(?:\s+(?:hundred|thousand))?"
)
DIGITS = r"\$?\d{1,3}(?:,\d{3})+(?:\.\d+)?|\$?\d+(?:\.\d+)?"
NUMBER = rf"(?P<num>{DIGITS}|\b{WORD})(?![\w/])"
QUALIFIER = r"(?:(?P<qual>more than|over|nearly|almost|about|approximately|at least|less than|some)\s+)?"
SCALE = r"(?:\s*(?P<scale>hundred million|ten thousand|million|billion|thousand))?"
MONEY = r"yuan|US dollars|dollars|West German Marks|marks|pounds|rubles|roubles"
MEASURE = (
    r"tons|tonnes|kilograms|grams|taels|piculs|jin|catties|mu|hectares|square meters|square metres|"
    r"kilometers|kilometres|meters|metres|kilowatts|kilowatt-hours|units"
)
PERCENT = r"\s*(?:%|percent\b|per cent\b)"
CHANGE_VERB = r"(?:increased|rose|grew|went up|decreased|dropped|fell|declined|was up|was down|up|down)"
LEVEL_VERB = r"(?:reached|totaled|totalled|amounted to|hit|exceeded|was|were|of|to)"
CHANGE = re.compile(rf"\b{CHANGE_VERB}\s+(?:by\s+)?{QUALIFIER}{NUMBER}{PERCENT}", re.I)
AMOUNT = re.compile(rf"{QUALIFIER}{NUMBER}{SCALE}\s*(?P<unit>{MONEY}|{MEASURE})\b", re.I)
DOLLARS = re.compile(
    rf"{QUALIFIER}(?P<num>\$\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\$\d+(?:\.\d+)?){SCALE}(?![\w/])", re.I
)
SHARE = re.compile(rf"{QUALIFIER}{NUMBER}{PERCENT}", re.I)
COUNT = re.compile(
    rf"{QUALIFIER}{NUMBER}{SCALE}\s+(?P<noun>(?:(?:[a-z][a-z-]*|and)\s+){{0,3}}?"
    rf"(?:[a-z][a-z-]*s|people|personnel|staff|cadres)"
    rf"(?:\s+of\s+(?!(?:the|a|an|this|its|their)\b)[a-z][a-z-]*)?)\b"
)
NOT_COUNTED = re.compile(
    r"^(?:days?|years?|months?|weeks?|hours?|minutes?|times|o'clock|aspects|ways|"
    r"sides|levels|lines|points|stages|steps|series|words|batches|percent|principles|tasks)\b",
    re.I,
)
COMPARISON = re.compile(
    r"^[^.;]{0,30}?\b(?:compared (?:to|with)|over|than|on|from)\s+(?:that of\s+)?(?:the\s+)?"
    r"(?P<cmp>same period (?:of )?(?:last|the previous) year|previous year|last year|"
    r"\d{4})",
    re.I,
)
MONTHS = ("january february march april may june july august september october november december").split()
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
PERIOD = re.compile(
    rf"\b(?:[Ff]rom {MONTH} to (?:the end of )?{MONTH}|[Ii]n the first (?:half|(?:three|two) "
    rf"quarters) of (?:this|last) year|[Ii]n {MONTH}(?: \d{{4}})?|[Ii]n \d{{4}}|[Bb]y \d{{4}}|"
    rf"[Tt]his year|[Ll]ast year)\b"
)
COMPARED = re.compile(r"(?:same period|than|compared (?:to|with)|over|on)\s+(?:the\s+)?$", re.I)
TOPIC_WORDS = {
    "city": ("City",),
    "municipality": ("City",),
    "province": ("Province",),
    "county": ("County",),
    "region": ("Region",),
}
ENTERPRISE_WORDS = r"company|factory|plant|mill|mine|enterprise|works|firm|shipyard"
POSSESSOR = re.compile(
    rf"\b(?:the|this|its|their) (?:[a-z-]+ ){{0,2}}?(?P<word>city|province|county|municipality|"
    rf"{ENTERPRISE_WORDS})(?:'s|’s)?\b",
    re.I,
)
OF_POSSESSOR = re.compile(rf"\s*(?:[\w-]+\s+){{0,3}}?of {POSSESSOR.pattern[2:]}", re.I)
PLACES = ("City", "Province", "County", "Region")
SUBJECT_TYPES = ("Enterprise", "Organization", *PLACES)
# organisations that produce and so have output figures: co-operatives, communes, brigades, production teams,
# mutual aid teams (a leading group, a work team or an inspection team produces nothing)
PRODUCING_UNIT = re.compile(
    r"\b(?:Co-?operative|Commune|Brigade|Production Team|Mutual[- ]Aid (?:Team|Group))s?$", re.I
)


def _unit(m) -> bool:
    """An enterprise, or an organisation that produces (a co-operative, a brigade): figures' subjects."""
    return m.type == "Enterprise" or m.type == "Organization" and bool(PRODUCING_UNIT.search(m.text))


def to_number(text: str) -> str:
    """'1,000' -> '1000'; '$4.532' -> '4.532'; 'eighty-three' -> '83'; 'a hundred' -> '100'."""
    text = text.lower().replace(",", "").replace("$", "").strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return text
    words = text.replace("-", " ").split()
    total = 0
    for w in words:
        if w in ("a", "one"):
            total += 1
        elif w in SMALL:
            total += SMALL[w]
        elif w in TENS:
            total += TENS[w]
        elif w == "hundred":
            total = max(total, 1) * 100
        elif w == "thousand":
            total = max(total, 1) * 1000
    return str(total)


def normalise_period(text: str, year: str) -> str:
    """'January to the end of October' + '1989' -> '1989-01/1989-10'; 'In October' -> '1989-10'."""
    low = text.lower()
    months = [f"{MONTHS.index(m) + 1:02d}" for m in re.findall(MONTH.lower(), low)]
    explicit = re.search(r"\d{4}", low)
    y = explicit.group() if explicit else year
    if "last year" in low and year:
        y = str(int(year) - 1)
    if not y:
        return ""
    if "first half" in low:
        return f"{y}-01/{y}-06"
    if "first three quarters" in low:
        return f"{y}-01/{y}-09"
    if len(months) == 2:
        return f"{y}-{months[0]}/{y}-{months[1]}"
    if len(months) == 1:
        return f"{y}-{months[0]}"
    return y


def _clean_phrase(text: str, *, clause: bool = False) -> str:
    """A noun phrase without articles and possessors; ``clause`` also drops what precedes a conjunction."""
    text = text.strip(" ,;:")
    if clause:
        text = re.sub(r"^(?:and|but|while|with|as|where|which|that|so)\s+", "", text, flags=re.I)
    text = re.sub(r"^(?:the|a|an|its|their|this|these)\s+", "", text, flags=re.I)
    text = re.sub(
        rf"^(?:(?:the|this) )?(?:city|province|county|municipality|{ENTERPRISE_WORDS})(?:'s|’s)\s+",
        "",
        text,
        flags=re.I,
    )
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    return text.strip()


def _indicator_before(sentence: str, pos: int, chunks: list[tuple[int, int]] | None = None) -> str:
    """The noun phrase that ends right before a verb at ``pos`` ('the city's total output value').

    ``chunks`` are the parser's noun chunks as sentence offsets: the last one inside the clause wins.
    """
    clause = re.split(r"[,;:]|\bthan\b", sentence[:pos])[-1]
    clause_start = pos - len(clause)
    inside = [(a, b) for a, b in chunks or () if a >= clause_start and b <= pos]
    if inside:
        a, b = inside[-1]
        for x, y in reversed(inside[:-1]):  # "profits and taxes": coordinated chunks stay together
            if sentence[y:a].strip() != "and":
                break
            a = x
        return _clean_phrase(sentence[a:b], clause=True)
    clause = re.sub(r"\b(?:has|have|had|was|were|is|are|also|already|all|have been)\s*$", "", clause.strip())
    return _clean_phrase(" ".join(clause.split()[-6:]), clause=True)


class _Subjects:
    """Who a figure is about, with the paragraph's running topic."""

    def __init__(self, ctx: ArticleContext) -> None:
        self.ctx = ctx
        self.topic: tuple[str, str] | None = None
        self.paragraph = -1
        self.actors = sorted(
            (m for m in ctx.mentions if m.type in SUBJECT_TYPES and (m.type != "Organization" or _unit(m))),
            key=lambda m: m.start,
        )

    def main(self, classes: tuple[str, ...]) -> tuple[str, str] | None:
        place = self.ctx.main_place(classes)
        return (place.cls, place.id) if place and (place.cls, place.id) in self.ctx.entities else None

    def last_enterprise(self, before: int) -> tuple[str, str] | None:
        found = [m for m in self.actors if _unit(m) and m.end <= before]
        return self.ctx.mention_ref.get(found[-1]) if found else None

    def by_word(self, word: str, at: int) -> tuple[str, str] | None:
        """'city' -> the article's main city; 'factory' -> the enterprise named last before ``at``."""
        word = word.lower()
        return self.main(TOPIC_WORDS[word]) if word in TOPIC_WORDS else self.last_enterprise(at)

    def cue(self, s: int, end: int, *, places: bool = True) -> tuple[str, str] | None:
        """The subject named in text[s:end]: 'the city's', 'the company', else a named enterprise/place."""
        cues = list(POSSESSOR.finditer(self.ctx.text, s, end))
        if cues:
            ref = self.by_word(cues[-1].group("word"), cues[-1].start())
            if ref is not None:
                return ref
        named = [
            m
            for m in self.actors
            if s <= m.start
            and m.end <= end
            and (_unit(m) or places and m.type in PLACES)
            and not NATURAL.search(m.text)
        ]
        ranked = sorted(named, key=lambda m: (not _unit(m), -m.start))
        return self.ctx.mention_ref.get(ranked[0]) if ranked else None

    def sentence(self, s: int, e: int, paragraph: int) -> None:
        """Move the running topic to the subject a figure-less sentence names."""
        if paragraph != self.paragraph:
            self.paragraph, self.topic = paragraph, None
        self.topic = self.cue(s, e, places=False) or self.topic

    def resolve(self, s: int, figure_start: int, figure_end: int) -> tuple[str, str] | None:
        ref = self.cue(s, figure_start)
        after = OF_POSSESSOR.match(self.ctx.text, figure_end) if ref is None else None
        if after:  # "16 employees of the food factory"
            ref = self.by_word(after.group("word"), figure_start)
        ref = ref or self.topic or self.main(("City", "County", "Province", "Region"))
        self.topic = ref or self.topic
        return ref


def _spans(ctx: ArticleContext, s: int, e: int) -> Iterator[tuple[str, re.Match]]:
    """Figures of one sentence, each number once: changes, then amounts, shares, counts."""
    taken: list[tuple[int, int]] = []
    for kind, pattern in (
        ("change", CHANGE),
        ("amount", AMOUNT),
        ("amount", DOLLARS),
        ("share", SHARE),
        ("count", COUNT),
    ):
        for m in pattern.finditer(ctx.text, s, e):
            a, b = m.span("num")
            if any(a < y and x < b for x, y in taken):
                continue
            if kind == "count" and (
                NOT_COUNTED.match(m.group("noun")) or m.group("num").lower() in ("a", "one")
            ):
                continue
            if re.fullmatch(r"1[89]\d\d|20\d\d", m.group("num")) and kind == "count":
                continue  # a year, not a quantity
            if re.search(r"(?:No\.|Number)\s*$", ctx.text[max(s, a - 8) : a]):
                continue
            taken.append((a, b))
            yield kind, m


def extract_observations(ctx: ArticleContext) -> list[Observation]:
    """Every figure of an English body as an Observation about a resolved entity."""
    if ctx.lang != "en" or not ctx.text:
        return []
    subjects = _Subjects(ctx)
    year = ctx.article.date[:4]
    out: list[Observation] = []
    period_text = ""
    for s, e in ctx.sentences():
        paragraph = ctx.text.count("\n\n", 0, s)
        if paragraph != subjects.paragraph:
            period_text = ""
        sentence = ctx.text[s:e]
        for found in PERIOD.finditer(sentence):
            if not COMPARED.search(sentence[max(0, found.start() - 25) : found.start()]):
                period_text = found.group()
                break
        last_cmp = ""
        figures = sorted(_spans(ctx, s, e), key=lambda x: x[1].start("num"))
        if not figures:
            subjects.sentence(s, e, paragraph)
            continue
        if paragraph != subjects.paragraph:
            subjects.paragraph, subjects.topic = paragraph, None
        for kind, m in figures:
            ref = subjects.resolve(s, m.start(), m.end("num"))
            if ref is None:
                continue
            obs = _observation(ctx, kind, m, s, e, ref, period_text, year, last_cmp)
            if kind == "change" and obs.comparison:
                last_cmp = obs.comparison
            out.append(obs)
    return out


def _observation(
    ctx: ArticleContext,
    kind: str,
    m: re.Match,
    s: int,
    e: int,
    ref: tuple[str, str],
    period_text: str,
    year: str,
    last_cmp: str,
) -> Observation:
    sentence = ctx.text[s:e]
    chunks = _noun_chunks(ctx, s, e)
    value = to_number(m.group("num"))
    after = ctx.text[m.end() : e]
    comparison = ""
    if kind in ("change", "amount"):
        found = COMPARISON.search(after)
        comparison = found.group("cmp").lower() if found else (last_cmp if kind == "change" else "")
    dollars = m.group("num").startswith("$")
    if kind == "change" or kind == "share":
        unit = "percent"
        indicator = _indicator_before(sentence, m.start() - s, chunks) if kind == "change" else ""
        if kind == "share":
            of = re.match(r"\s*of\s+((?:[\w'’-]+\s*){1,6})", after)
            before = _indicator_before(sentence, m.start() - s, chunks)
            indicator = f"share of {_clean_phrase(of.group(1))}" if of else before
    elif kind == "amount" or dollars:
        scale = (m.groupdict().get("scale") or "").lower()
        base = "US dollars" if dollars else m.groupdict().get("unit") or "US dollars"
        unit = f"{scale} {base}".strip()
        of = re.match(r"\s+of\s+((?:[a-z][\w-]*\s*){1,4})", after)
        indicator = _clean_phrase(of.group(1)) if of else _indicator_before(sentence, m.start() - s, chunks)
        indicator = re.sub(
            r"\s+(?:reached|totaled|totalled|amounted to|hit|exceeded|of|to|was|were)$", "", indicator
        )
    else:
        scale = (m.group("scale") or "").lower()
        unit = m.group("noun").lower()
        value = (
            str(int(float(value) * {"thousand": 1000, "ten thousand": 10000}.get(scale, 1)))
            if scale in ("thousand", "ten thousand")
            else value
        )
        indicator = unit
    period = period_text if period_text else ""
    a, b = evidence_window(ctx.text, (s, e), m.span())
    evidence = Evidence(ctx.article.id, ctx.lang, a, b, ctx.text[a:b])
    a, b = m.span("num")
    end = m.end()
    return Observation(
        subject=ref,
        indicator=indicator or unit,
        value=value,
        unit=unit,
        evidence=evidence,
        start=a,
        end=end,
        period=_strip_in(period),
        period_iso=normalise_period(period, year) if period else "",
        comparison=comparison,
        qualifier=(m.group("qual") or "").lower(),
        rule=f"indicators.{kind}",
    )


def _noun_chunks(ctx: ArticleContext, s: int, e: int) -> list[tuple[int, int]]:
    """Noun chunks of text[s:e] as offsets into it; none when the pipeline has no parser.

    The article's chunks are listed once (``Span.noun_chunks`` walks the whole document's on every
    call, which made articles with many figures quadratic in their length) and cut by offset.
    """
    chunks = getattr(ctx, "_noun_chunks", None)
    if chunks is None:
        doc = ctx.doc
        parsed = doc is not None and doc.has_annotation("DEP")
        chunks = [(c.start_char, c.end_char) for c in doc.noun_chunks] if parsed else []
        ctx._noun_chunks = chunks
    first = bisect.bisect_left(chunks, (s, -1))
    last = bisect.bisect_right(chunks, (e, e + 1))
    return [(cs - s, ce - s) for cs, ce in chunks[first:last] if ce <= e]


def _strip_in(text: str) -> str:
    return re.sub(r"^(?:[Ff]rom|[Ii]n|[Bb]y)\s+", "", text)
