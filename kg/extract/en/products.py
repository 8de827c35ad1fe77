"""Products and who produces them: 'X produces yarn and thread', 'main products, such as steel, ...'.

One relation rule: it finds the product phrases in production contexts, creates ``Product`` entities
and ``produces`` relations from the enterprise (or place) that makes them. Staple goods (grain, steel,
pig iron: kg/lexicons/goods.tsv) are products wherever they head a noun phrase, with no maker.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kg import lexicon
from kg.extract.context import ArticleContext
from kg.extract.en.actors import actors_of, subject_of
from kg.extract.registry import rule
from kg.lexicon import singular, slug
from kg.records import Entity, Mention, Relation

PRODUCE_LEMMAS = {
    "produce",
    "manufacture",
    "smelt",
    "mine",
    "turn",
    "output",
    "process",
    "breed",
    "weave",
    "spin",
    "refine",
    "assemble",
    "mass-produce",
    "trial-produce",
    "raise",
    "trial",
    "trial-manufacture",
    "grow",
    "triale",
}  # fmt: skip  ("triale": the model's lemma of "trialed")
# verbs of making that take a new machine or tool (workers' technical innovations), not only goods
MAKE_LEMMAS = {"make", "create", "invent", "design", "build", "devise", "develop", "construct", "improvise"}
# head nouns of machines, tools and instruments: what a verb of making takes is then a product
ARTEFACT_HEADS = {
    "machine", "tool", "mold", "mould", "die", "instrument", "device", "apparatus", "lamp", "engine",
    "compressor", "pump", "lathe", "loom", "tractor", "truck", "vehicle", "boat", "ship", "motor",
    "generator", "transplanter", "harvester", "seeder", "sprayer", "plough", "plow", "thresher", "meter",
    "gauge", "drill", "crane", "cart", "winch", "press", "turbine", "locomotive",
    "radio", "bicycle", "drier", "dryer", "stove", "cutter", "grinder", "conveyor",
}  # fmt: skip
# -ing nouns of work: they name the work, not its product ("iron smelting", "autumn ploughing")
ACTIVITIES = {
    "smelting", "plowing", "ploughing", "planting", "refining", "mining", "processing", "sowing",
    "harvesting", "transplanting", "cultivating", "irrigating", "manufacturing", "repairing",
    "transporting", "digging", "producing", "making", "raising", "breeding", "growing", "weaving",
}  # fmt: skip
# verbs of supply: what is supplied is a product, but the supplier need not make it (buyers: no)
TRADE_LEMMAS = {"supply", "sell", "export", "market"}
# measure words of counted goods: "1,000 boxes of soap", "120 tons of laundry soap"
COUNT_UNITS = {
    "ton", "tons", "jin", "catties", "piculs", "kilograms", "boxes", "bags", "bales", "bolts", "barrels",
    "bottles", "cases", "crates", "sacks", "pieces", "sets", "pairs", "metres", "meters", "dan", "taels",
    "batches", "cartloads", "carts", "truckloads",
}  # fmt: skip
# nouns of output: "the output of steel", "steel output", "wheat yield"
OUTPUT_NOUNS = {"output", "production", "yield", "yields", "productions", "outputs"}
GENERIC = {
    "product",
    "products",
    "goods",
    "output",
    "it",
    "them",
    "this",
    "that",
    "which",
    "what",
    "result",
    "results",
    "progress",
    "contribution",
    "contributions",
    "profit",
    "profits",
    "value",
    "plan",
    "task",
    "tasks",
    "use",
    "effort",
    "efforts",
    "way",
    "ways",
    "decision",
    "preparations",
    "arrangement",
    "improvement",
    "improvements",
    "breakthrough",
    "achievement",
    "achievements",
    "changes",
    "decisions",
    "taxes",
    "tax",
    "money",
    "funds",
    "losses",
    "loss",
    "benefits",
    "income",
    "revenue",
    "sales",
    "demand",
    "difficulties",
    "problems",
    "suggestions",
    "contacts",
    "measures",
    "sense",
    "yield",
    "capacity",
    "increase",
    "production",
    "quantity",
    "volume",
    "amount",
    "part",
    "percent",
    "quality",
    "cost",
    "costs",
    "level",
    "record",
    "records",
    "quota",
    "work",
    "time",
    "year",
    "month",
    "day",
    "hour", "week", "quarter", "shift", "period", "stage",
    "life",
    "labor",
    "labour",
    "power",
    "energy",
    "industry",
    "agriculture",
    "safety",
    "means",
    "place",
    "total",
    "plans",
    "unit",
    "units",
    "enterprise",
    "enterprises",
    "factory",
    "factories",
    "husbandry",
    "prices",
    "price",
    "wages",
    "wage",
    "productivity",
    "efficiency",
    "standards",
    "standard",
    "rates",
    "rate",
    "awareness",
    "consciousness",
    "question",
    "questions",
    "issue",
    "issues",
    "capital",
    "hopes",
    "initiative",
    "investment",
    "investments",
    "enthusiasm",
    "people",
    "morale",
    "spirit",
    "interest",
    "interests",
    "sideline",
    "decline",
    "trial",
    "promises",
    "disputes",
    "scale",
    "banner", "banners", "flag", "flags", "area", "areas", "mine", "mines", "kiln", "kilns", "farm",
    "farms", "workshop", "workshops", "prevention", "livestock", "poultry", "feed", "commodity",
    "commodities", "mass", "materials", "equipment", "order", "orders", "supply", "supplies", "market",
    "markets", "customers", "things", "items", "help", "assistance", "service", "services", "support",
    "lot", "number", "land", "summer", "winter", "spring", "autumn", "season",
    "batch", "kind", "kinds", "variety", "varieties", "type", "types", "deposits", "savings", "loans", "loan",
    "credit", "substitute", "substitutes",
}  # fmt: skip
UNIT_HEADS = {
    "ton",
    "tons",
    "piculs",
    "picul",
    "kilograms",
    "kilogram",
    "kinds",
    "kind",
    "types",
    "type",
    "sets",
    "set",
    "pieces",
    "units",
    "batches",
    "batch",
    "varieties",
    "variety",
    "pairs",
    "meters",
    "metres",
    "taels",
    "tael",
    "mu",
    "jin",
    "catties",
    "dan",
    "head",
    "heads",
    "yuan",
    "horsepower",
    "kilowatts",
    "kilowatt",
    "dou",
    "feet", "foot", "yards", "yard", "litres", "liters", "hectares", "acres", "millions", "thousands",
    "hundreds", "dozens", "tens", "quantities", "amounts", "lots",
} | COUNT_UNITS  # fmt: skip
PRODUCERS = {"Enterprise"}
# nouns of goods whose 'such as' list names products: "farm tools such as A and B"
GOODS_NOUNS = {
    "product", "commodity", "good", "material", "machinery", "equipment", "tool", "implement", "crop",
}  # fmt: skip

KIND_DEPS = {"compound", "amod", "nmod"}
PLACE_PRODUCERS = {"Enterprise", "Organization", "Province", "City", "County", "Region"}
# modifiers that say how many, how good or which, not what a product is
NOT_KINDS = {
    "main", "other", "various", "such", "many", "new", "more", "first", "second", "latest", "own", "good",
    "excellent", "major", "certain", "some", "several", "enough", "sufficient", "attractive", "beautiful",
    "famous", "popular", "cheap", "durable", "daily", "annual", "monthly", "average", "total", "gross",
    "abundant", "plentiful", "scarce", "superior", "improved", "inferior", "high-quality", "quality",
    "surplus", "fat", "less", "substandard",
}  # fmt: skip
# who else makes things, when the verb's subject names it: communes, brigades, counties, provinces
SUBJECT_PRODUCERS = {"Enterprise", "Organization", "County", "City", "Province", "Region"}


def _phrase(tok, *, deep: bool = False) -> tuple[int, int] | None:
    """The product phrase headed by ``tok``: its compounds and adjectives, '500 piculs of bowls' -> bowls.

    ``deep``: also the words of kind inside a modifier's own subtree (a machine: "gear cutting machine")."""
    if tok.lower_ in UNIT_HEADS:
        pobj = [c for p in tok.children if p.lower_ == "of" for c in p.children if c.dep_ == "pobj"]
        return _phrase(pobj[0], deep=deep) if pobj else None
    if tok.pos_ not in {"NOUN", "PROPN"} or tok.lower_ in GENERIC or tok.is_stop or not tok.is_alpha:
        return None
    if tok.tag_ == "VBG" or tok.is_title and tok.i > tok.sent.start:
        return None
    left = tok.i
    for child in sorted(tok.lefts, key=lambda c: -c.i):
        if (
            child.i == left - 1
            and child.dep_ in KIND_DEPS
            and not child.like_num
            and child.lower_ not in NOT_KINDS
            and child.lemma_.lower() not in PRODUCE_LEMMAS  # "growing vegetables": the work, not a kind
            or child.i == left - 1
            and child.text == "-"
        ):
            left = _kind_start(child) if deep and child.dep_ in KIND_DEPS else child.i
    # hyphenated modifiers and the words of kind before them: "blue-and-white", "double-wheel double-share
    # plows", "thin-walled steel wire poles"; not a figure ("seven-ton")
    doc, floor = tok.doc, tok.left_edge.i
    while left > floor:
        prev = doc[left - 1]
        if prev.text == "-" and left - 2 >= floor and doc[left - 2].is_alpha and not doc[left - 2].like_num:
            left -= 2
        elif (
            prev.dep_ in KIND_DEPS and (left <= prev.head.i <= tok.i or prev.head == tok.head != tok
                                        and tok.dep_ == "compound")  # "iron ore production": both hang on it
            and prev.is_alpha and not prev.is_stop
            and not prev.like_num and prev.lower_ not in NOT_KINDS and not prev.is_title
            and prev.lemma_.lower() not in PRODUCE_LEMMAS
        ):
            left -= 1
        else:
            break
    if left >= 2 and left < tok.i and doc[left - 1].text == "-" and doc[left - 2].like_num:
        # "a seven-ton cement boat", "a 6-meter-long pole": the measure, to its last hyphened word, is no
        # word of kind
        while left + 2 <= tok.i and doc[left + 1].text == "-":
            left += 2
        left += 1
    if tok.lower_ in ACTIVITIES:
        return None  # "copper smelting", "spring planting": a kind of work, not a thing made
    return left, tok.i + 1


def _kind_start(tok) -> int:
    """The first of the words of kind that run up to ``tok`` inside its own subtree ('rod bending')."""
    start = tok.i
    while start > tok.left_edge.i:
        prev = tok.doc[start - 1]
        if prev.text != "-" and (
            prev.pos_ not in {"NOUN", "PROPN", "ADJ", "VERB"} or prev.is_stop or prev.lower_ in NOT_KINDS
        ):
            break
        start -= 1
    return start


def _objects(verb) -> list:
    objs = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ == "NOUN":
        objs.append(verb.head)  # "gas compressors produced in Shanghai"
    if verb.lemma_ == "turn":
        objs = (
            [c for c in verb.children if c.dep_ == "dobj"]
            if any(c.lower_ == "out" for c in verb.children)
            else []
        )
    into = [c for p in verb.children if p.lower_ == "into" for c in p.children if c.dep_ == "pobj"]
    if into and verb.lemma_.lower() in {"process", "make", "turn", "convert"}:
        objs = into[:1]  # "processed into soap powder": what comes out, not what goes in
    given = [c for p in verb.children if p.lower_ == "with" for c in p.children if c.dep_ == "pobj"]
    if given and verb.lemma_.lower() in {"supply", "provide", "furnish", "equip"}:
        objs = given[:1]  # "supplies the whole country with steel": the goods, not who receives them
    made_of = [c for p in verb.children if p.lower_ in {"of", "from"} for c in p.children if c.dep_ == "pobj"]
    if made_of and verb.lemma_.lower() == "make" and verb.tag_ == "VBN":
        objs = made_of[:1]  # "made of wire mesh and cement mortar": the materials are goods
    out = []
    for obj in objs:
        out.append(_counted(obj))
        # a conjunct hangs on the measure or on the goods it counts
        conjuncts = {c.i: c for c in (*obj.conjuncts, *_counted(obj).conjuncts)}
        out.extend(_counted(conjuncts[i]) for i in sorted(conjuncts))
    return out


def _counted(tok):
    """What a measure counts: 'large quantities of steel, ingots and pig iron' -> steel."""
    for _ in range(3):
        pobj = [c for p in tok.children if p.lower_ == "of" for c in p.children if c.dep_ == "pobj"]
        if tok.lower_ not in UNIT_HEADS or not pobj:
            break
        tok = pobj[0]
    return tok


def _goods_above(tok):
    """The noun of goods a 'such as' list belongs to, up the phrase it hangs on ('goods needed by the
    rural areas, such as X': the parser hangs 'as' on 'areas')."""
    node = tok.head
    for _ in range(4):
        if node.lemma_ in GOODS_NOUNS:
            return node
        if node.dep_ not in {"pobj", "prep", "agent", "acl"} or node.head is node:
            return None
        node = node.head
    return None


def _such_as_lists(doc) -> Iterator[tuple[int, list]]:
    """'products, such as steel, steel materials, and pig iron': (anchor token index, [heads])."""
    for tok in doc:
        if tok.lower_ == "such" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "as":
            anchor = _goods_above(doc[tok.i + 1])
            if anchor is None:
                anchor = next(
                    (
                        t
                        for t in doc[max(tok.sent.start, tok.i - 4) : tok.i]
                        if t.lemma_ in GOODS_NOUNS | {"supply"}
                    ),
                    None,
                )
            if anchor is None:
                continue
            pobj = [c for c in doc[tok.i + 1].children if c.dep_ == "pobj"]
            if pobj:
                yield anchor.i, [pobj[0], *pobj[0].conjuncts]


def _output_nouns(doc) -> Iterator[tuple[int, list]]:
    """'the output of steel ingots, wire rods and ropes', 'steel output', 'N tons of pig iron'."""
    for tok in doc:
        if tok.lower_ in OUTPUT_NOUNS and tok.pos_ == "NOUN":
            of = [c for c in tok.children if c.lower_ == "of"]
            pobj = [c for p in of for c in p.children if c.dep_ == "pobj"]
            if pobj:
                yield tok.i, [pobj[0], *pobj[0].conjuncts]
            compounds = [c for c in tok.lefts if c.dep_ == "compound" and c.i == tok.i - 1]
            hyphened = compounds and compounds[0].i > 0 and doc[compounds[0].i - 1].text == "-"
            if compounds and not compounds[0].is_title and not hyphened:  # "steel output", "rosin production"
                yield tok.i, compounds
        elif tok.lower_ in COUNT_UNITS and any(c.like_num for c in tok.children):
            pobj = [c for p in tok.children if p.lower_ == "of" for c in p.children if c.dep_ == "pobj"]
            if pobj:
                yield tok.i, [pobj[0], *pobj[0].conjuncts]


# "wheat-producing areas such as A, B and C", "A, one of the major pig production bases": each place named
PRODUCING_AREAS = re.compile(
    r"\b([a-z]+)[- ]produc(?:ing|tion) (?:areas?|regions?|bases?|provinces?|counties|districts?|"
    r"centres?|centers?)\b"
)
# "the X Coal Mine", "Y Copper Mines": a mine is named for what it yields
MINERALS = ("coal", "iron", "copper", "gold", "tin", "lead", "zinc", "tungsten", "salt", "phosphate", "oil")
MINE_NAME = re.compile(rf"\b({'|'.join(MINERALS)}) (?:mines?|mining area|colliery|field)$", re.I)


# goods listed after a noun of goods: "flagship products such as A, B, and C", "equipment, including A and B"
LISTED_GOODS = re.compile(
    r"\b(?:products|goods|commodities|equipment|machinery|metals|materials)\s*,?\s+"
    r"(?:such as|including|especially|like)\s+"
)
LIST_END = re.compile(r"\s(?:have|has|had|were|was|are|is|that|which|to|for|in|at|from|with|by)\s")
LIST_ITEM = re.compile(r"[A-Za-z][a-z]*(?:[- ][a-z]+){0,3}")


# "changed its production to X and Y", "switched to producing X": what a maker turns to making
TURNED_TO = re.compile(
    r"\b(?:chang|switch|shift|turn|convert)(?:ed|es|e|ing)?\s+(?:(?:its|their|the)\s+)?"
    r"(?:production|output)\s+to\s+(?:producing\s+|making\s+)?|\bswitch(?:ed|es|ing)?\s+to\s+(?:producing|making)\s+",
    re.I,
)


def _makers_at(ctx: ArticleContext, start: int, end: int, verb_at: int) -> tuple[int, int, list]:
    """The sentence around start..end and the makers of the verb at ``verb_at`` in it."""
    s, e = ctx.sentence_of(start, end)
    verb = _token_at_char(ctx, verb_at)
    return s, e, (_producers(ctx, verb, s) if verb is not None else [])


def _turned_to(ctx: ArticleContext) -> Iterator[Relation]:
    """'the X Paper Mill changed its production to newsprint and wrapping paper': X produces each."""
    for match in TURNED_TO.finditer(ctx.text):
        if ctx.in_headline(match.start()):
            continue
        s, e, makers = _makers_at(ctx, match.start(), match.end(), match.start())
        for product in _list_products(ctx, match.end()):
            for ref in makers:
                yield Relation(ref, "produces", product.ref, ctx.evidence(s, e))


# "developed a new product, the 40-Watt Daylight Fluorescent Lamp": the product named in apposition
NEW_PRODUCT = re.compile(
    r"\bnew (?:(?:types?|kinds?) of )?products?\s*[,:—–]\s*(?:the\s+|an?\s+)?"
    r"([^,.;:()\n\"“”]{3,60}?)(?=\s*[,.;:()\n]|\s+(?:which|that|is|was|has|have|for|with)\b)",
    re.I,
)


def _new_products(ctx: ArticleContext) -> Iterator[Relation]:
    """'the X Factory has developed a new product, the Y': Y is a product of the maker."""
    for match in NEW_PRODUCT.finditer(ctx.text):
        start, end = match.span(1)
        if ctx.in_headline(start) or any(m.start < end and start < m.end for m in ctx.mentions):
            continue
        s, e, makers = _makers_at(ctx, start, end, match.start())
        product = _product(ctx, start, end)
        for ref in makers:
            yield Relation(ref, "produces", product.ref, ctx.evidence(s, e))


def _token_at_char(ctx: ArticleContext, char: int):
    span = ctx.doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _listed_goods(ctx: ArticleContext) -> None:
    """Products named in a list after a noun of goods, read from the text (the parser often attaches such
    lists' items to the verb): each item of one to four words becomes a Product."""
    for match in LISTED_GOODS.finditer(ctx.text):
        if not ctx.in_headline(match.start()):
            _list_products(ctx, match.end())


def _list_products(ctx: ArticleContext, at: int) -> list[Entity]:
    """The products of a list of goods that starts at ``at`` and runs to a clause, figure or generic word."""
    found: list[Entity] = []
    rest = re.match(r"[^.;:()]*", ctx.text[at:]).group(0)
    end = LIST_END.search(rest)
    segment = rest[: end.start()] if end else rest
    pos = at
    for part in re.split(r"(,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)", segment):
        start, pos = pos, pos + len(part)
        item = part.strip()
        if not item or re.fullmatch(r",?\s*(?:and|or)?\s*", part):
            continue
        if not LIST_ITEM.fullmatch(item) or item.split()[-1].lower() in GENERIC | NOT_KINDS:
            break  # the list has ended: a clause, a figure or a generic word
        if item.split()[0].lower() in NOT_KINDS or item.split()[0].lower() in {"the", "a", "an"}:
            break
        start += len(part) - len(part.lstrip())
        if any(m.start < start + len(item) and start < m.end for m in ctx.mentions):
            continue  # a named entity, not a product
        found.append(_product(ctx, start, start + len(item)))
    return found


def _producing_areas(ctx: ArticleContext) -> Iterator[Relation]:
    """'X-producing areas such as A, B and C', 'A, one of the major X production bases': A, B, C produce X."""
    for match in PRODUCING_AREAS.finditer(ctx.text):
        s, e = ctx.sentence_of(match.start(), match.end())
        listed = []
        gap = re.match(r"\s*,?\s*(?:such as|including|like)\s+", ctx.text[match.end() : e])
        if gap:
            pos = match.end() + gap.end()
            for m in sorted(ctx.mentions_within(pos, e), key=lambda m: m.start):
                if m.type not in PLACE_PRODUCERS or not re.fullmatch(
                    r"[\s,]*(?:and\s+)?", ctx.text[pos : m.start]
                ):
                    break
                listed.append(m)
                pos = m.end
        else:
            before = [m for m in ctx.mentions_within(s, match.start()) if m.type in PLACE_PRODUCERS]
            if before and re.fullmatch(
                r",\s+(?:is\s+)?one of the (?:\w+\s+){0,2}", ctx.text[before[-1].end : match.start()]
            ):
                listed = before[-1:]
        if listed:
            product = _product(ctx, match.start(1), match.end(1))
            for m in listed:
                yield Relation(ctx.mention_ref[m], "produces", product.ref, ctx.evidence(s, e))


def _named_mines(ctx: ArticleContext) -> Iterator[Relation]:
    """'the X Coal Mine' produces coal: a mine's name says what it yields."""
    for m in ctx.mentions:
        ent = ctx.entities.get(ctx.mention_ref[m]) if m.type == "Enterprise" else None
        names = [m.text, ent.label_en, *sorted(ent.aliases_en)] if ent is not None else []
        match = next((x for x in map(MINE_NAME.search, names) if x), None)
        if match is None:
            continue
        if match.string == m.text:
            start = m.start + match.start(1)
        else:  # "coal mines such as A, B": the word in the sentence that names them
            s, e = ctx.sentence_of(m.start, m.end)
            word = re.search(rf"\b{match.group(1).lower()}\b", ctx.text[s:e])
            if word is None:
                continue
            start = s + word.start()
        product = _product(ctx, start, start + len(match.group(1)))
        yield Relation(ctx.mention_ref[m], "produces", product.ref, ctx.evidence(m.start, m.end))


def _producers(ctx: ArticleContext, verb, sent_start: int) -> list[tuple[str, str]]:
    """The nearest enterprise named before the verb in the sentence; else what the verb's subject names
    (a commune, a county: 'the county raised pigs'); else the enterprise named last before it."""
    before = [m for m in ctx.mentions if m.type in PRODUCERS and m.end <= verb.idx]
    in_sentence = [m for m in before if m.start >= sent_start]
    if in_sentence:
        chosen = [in_sentence[-1]]
        for m in reversed(in_sentence[:-1]):  # "the A Factory and the B Mill produce ...": each of them
            if not re.fullmatch(r"(?:,| and|, and)\s+(?:the\s+)?", ctx.text[m.end : chosen[-1].start]):
                break
            chosen.append(m)
        return sorted({ctx.mention_ref[m] for m in chosen})
    subject = actors_of(ctx, verb, SUBJECT_PRODUCERS)
    if subject:
        return subject
    return [ctx.mention_ref[before[-1]]] if before else []


# Banks, shops and trading companies lend, buy and sell: they make no goods ('an order for soap from the
# X Department Store')
TRADER = re.compile(
    r"\b(?:Bank|Branch|Sub-branch|Credit Co-?operative|Savings Office|Insurance Company|Trading Company|"
    r"Commercial Company|Department Store|Store|Shop|Supply and Marketing Co-?operative)$"
)


def _trades(ctx: ArticleContext, ref: tuple[str, str]) -> bool:
    """True for a bank, a shop or a trading company (see :data:`TRADER`)."""
    ent = ctx.entities.get(ref)
    return ent is not None and bool(TRADER.search(ent.label_en))


def _product(ctx: ArticleContext, start: int, end: int) -> Entity:
    text = ctx.text[start:end].lower()
    ref = ("Product", slug(singular(text)))  # keyed in the singular: "pigs" here, "pig" there, one node
    if ref not in ctx.entities:
        ctx.entities[ref] = Entity(type="Product", key=ref[1], label_en=text)
    for form in (text, singular(text)):  # "gas compressors" is also "gas compressor"
        if form != ctx.entities[ref].label_en:
            ctx.entities[ref].aliases_en.add(form)
    mention = Mention(ctx.article.id, "en", start, end, ctx.text[start:end], "Product", "products")
    if mention not in ctx.entities[ref].mentions:  # two rules may find one phrase
        ctx.entities[ref].mentions.append(mention)
    return ctx.entities[ref]


def _made_artefacts(ctx: ArticleContext) -> Iterator[Relation]:
    """'the fitter made a "cylinder pulling machine"', 'the plant built a rice transplanter': what a verb of
    making takes is a product when it is quoted or headed by a noun of machines and tools; its maker
    (a person, too: workers' innovations) produces it."""
    doc = ctx.doc
    for verb in doc:
        if verb.lemma_.lower() not in MAKE_LEMMAS or verb.pos_ != "VERB" or ctx.in_headline(verb.idx):
            continue
        sent = verb.sent
        subj = subject_of(verb)
        person = [
            m for m in ctx.mentions if m.type == "Person" and subj is not None and m.start <= subj.idx < m.end
        ]
        makers = [ctx.mention_ref[person[0]]] if person else actors_of(ctx, verb, SUBJECT_PRODUCERS) or []
        for obj in _objects(verb):
            head = obj
            if obj.lower_ in UNIT_HEADS:
                pobj = [c for p in obj.children if p.lower_ == "of" for c in p.children if c.dep_ == "pobj"]
                head = pobj[0] if pobj else obj
            quoted = (
                head.i > 0
                and any(doc[k].text in {'"', "“"} for k in range(max(sent.start, head.i - 6), head.i))
                and head.i + 1 < len(doc)
                and doc[head.i + 1].text in {'"', "”", ","}
            )
            if head.lemma_.lower() not in ARTEFACT_HEADS and not quoted:
                continue
            span = _phrase(obj, deep=True)
            if span is None or not quoted and not any(
                t.pos_ in {"NOUN", "PROPN"} or t.tag_ == "VBG" for t in doc[span[0] : span[1] - 1]
            ):
                continue  # "improved tools": a machine is named by what kind it is ("rod bending machine")
            start, end = doc[span[0]].idx, doc[span[1] - 1].idx + len(doc[span[1] - 1])
            if any(m.start < end and start < m.end for m in ctx.mentions):
                continue
            product = _product(ctx, start, end)
            for ref in makers:
                yield Relation(ref, "produces", product.ref, ctx.evidence(sent.start_char, sent.end_char))


# nouns of trades and the bodies that run them: a list of staples under one names trades, not goods
SECTORS = {"industry", "network", "sector", "department", "bureau", "ministry", "system", "front", "branch"}
# -tion, -sion, -ness, -ism: nouns of acts and states ("supplying national construction"), not goods
ABSTRACT_NOUN = re.compile(r"[a-z]{3,}(?:tion|sion|ness|ism)s?")


@functools.lru_cache(maxsize=1)
def staple_names() -> frozenset[str]:
    """The English names of staple goods (kg/lexicons/goods.tsv), lower case, singular."""
    return frozenset(en.lower() for en, _ in lexicon.goods())


@functools.lru_cache(maxsize=1)
def staple_heads() -> frozenset[str]:
    """The last words of the staple names, singular and plural: a cheap pre-check on a token."""
    heads = {name.split()[-1] for name in staple_names()}
    return frozenset(heads | {f"{h}s" for h in heads} | {f"{h}es" for h in heads})


def _is_staple(doc, span: tuple[int, int] | None, names: frozenset[str]) -> bool:
    """The phrase ends in the name of a staple ('pig iron', 'angle steel', 'cotton cloth')."""
    if span is None:
        return False
    words = singular(doc[span[0] : span[1]].text.lower()).replace("-", " ").split()
    return any(" ".join(words[-k:]) in names for k in (1, 2, 3))


def _staple_goods(ctx: ArticleContext) -> None:
    """Staple goods (grain, cotton, steel, pig iron ...: goods.tsv) wherever a noun phrase is headed by one,
    not where it modifies another noun ('coal mine', 'grain department'); and the other items of a list
    that holds one ('angle steel, square steel, steel ropes and cast steel pipes'): coordinated nouns are
    things of one kind."""
    doc, heads, names = ctx.doc, staple_heads(), staple_names()
    done: set[int] = set()
    for tok in doc:
        if tok.lower_ not in heads or tok.pos_ != "NOUN" or tok.i in done or ctx.in_headline(tok.idx):
            continue
        first = tok
        while first.dep_ == "conj" and first.head is not first:
            first = first.head
        group = (first, *first.conjuncts)
        if any(g.dep_ in KIND_DEPS | {"poss"} for g in group):
            continue  # "coal mine", "brick and tile factories": a staple that modifies another noun
        if any(a.lemma_.lower() in SECTORS for a in list(first.ancestors)[:3]):
            continue  # "networks for coal and power", "industries such as coal": trades, not goods
        span = _phrase(tok)
        if span is None or not _is_staple(doc, span, names):
            continue
        # the other items of the list, when a second one is a staple too: "A, B and C" of goods, not
        # "grain and transport, urban buses"
        others = [g for g in group if g is not tok]
        if sum(1 for g in others if g.lower_ in heads and _is_staple(doc, _phrase(g), names)) < 1:
            others = []
        for item in (tok, *others):
            if item.i in done:
                continue
            done.add(item.i)
            item_span = _phrase(item) if item is not tok else span
            if item_span is None or ABSTRACT_NOUN.fullmatch(item.lower_) or any(
                c.dep_ == "det" for c in item.children
            ):
                continue  # "the care of ...": a determiner marks a thing already spoken of, no goods
            start, end = doc[item_span[0]].idx, doc[item_span[1] - 1].idx + len(doc[item_span[1] - 1])
            if not any(m.start < end and start < m.end for m in ctx.mentions):
                _product(ctx, start, end)


@rule("relations")
def produces(ctx: ArticleContext) -> Iterator[Relation]:
    """'<enterprise> produces X and Y' / '... produced by <enterprise>' / 'products such as X, Y'."""
    doc = ctx.doc
    found: list[tuple[int, list]] = []
    for tok in doc:
        if tok.lemma_.lower() in PRODUCE_LEMMAS and tok.pos_ == "VERB":
            objs = _objects(tok)
            if objs:
                found.append((tok.i, objs))
    traded = [(t.i, _objects(t)) for t in doc if t.lemma_.lower() in TRADE_LEMMAS and t.pos_ == "VERB"]
    # "made of X and Y", "processed into X": the materials a thing is made of are goods, whose maker
    # the sentence does not name
    traded += [
        (t.i, _objects(t))
        for t in doc
        if t.lemma_.lower() in {"make", "convert"} and t.pos_ == "VERB" and any(
            c.lower_ in {"into", "of", "from"} and c.dep_ == "prep" for c in t.children
        ) and (t.lemma_.lower() != "make" or t.tag_ == "VBN")
        and not any(c.dep_ == "prt" for c in t.children)  # "made up of workers"
    ]
    found.extend(_such_as_lists(doc))
    nominal = list(_output_nouns(doc))
    for anchor, heads in found + nominal + traded:
        is_noun = (anchor, heads) in nominal
        sent = doc[anchor].sent
        verb = doc[anchor]
        if not is_noun:
            agents = [
                m
                for m in ctx.mentions
                if m.type in PRODUCERS
                and verb.idx < m.start < sent.end_char
                and any(c.dep_ == "agent" for c in verb.children)
            ]
            producers = [ctx.mention_ref[agents[0]]] if agents else _producers(ctx, verb, sent.start_char)
        else:  # "the output of the X Plant", "the X Plant's output": named in the noun's own phrase
            edge = doc[verb.left_edge.i : verb.right_edge.i + 1]
            agents = [
                m for m in ctx.mentions if m.type in PRODUCERS and edge.start_char <= m.start < edge.end_char
            ]
            producers = [ctx.mention_ref[m] for m in agents]
        if (anchor, heads) in traded:  # a supplier need not make what it supplies
            producers = []
        producers = [ref for ref in producers if not _trades(ctx, ref)]
        for head in heads:
            span = _phrase(head)
            if span is None:
                continue
            start, end = doc[span[0]].idx, doc[span[1] - 1].idx + len(doc[span[1] - 1])
            if any(m.start < end and start < m.end for m in ctx.mentions) or ABSTRACT_NOUN.fullmatch(
                doc[span[1] - 1].lower_
            ):
                continue  # a named entity, or an act ("supplying national construction"), not a product
            product = _product(ctx, start, end)
            for ref in producers:
                yield Relation(ref, "produces", product.ref, ctx.evidence(sent.start_char, sent.end_char))
    _listed_goods(ctx)
    _staple_goods(ctx)
    yield from _made_artefacts(ctx)
    yield from _turned_to(ctx)
    yield from _new_products(ctx)
    yield from _producing_areas(ctx)
    yield from _named_mines(ctx)
