"""Person identity from the article's own evidence (docs/identity.md).

A person's IRI key is ``<name>--<context>``: the slug of the name, then the first of

1. the place the body of the person's first post governs (``li-ming--wuhan``), read from the
   article's ``governs``/``locatedIn`` facts or from the body's name (``wuhan-municipal-...``);
2. for a party or government body (or other organisation) that names no place, the country: such bodies
   in People's Daily are national (the State Council, the Ministry of Railways: ``li-ming--china``);
   for an enterprise, the enterprise itself (``li-ming--enterprise.anshan-steel``);
   with no post, a national leader the press names by title (zh_names.tsv: 毛主席) is also ``--china``;
3. the article's main place, the one named most often (``zhang-hua--lanzhou``), followed by the
   person's occupation when the text gives one right before the name and it is not a post (青年工人张华,
   "worker Zhang Hua": ``zhang-hua--lanzhou.worker``): an ordinary citizen is not the city's official;
4. the article (``zhang-hua--article.1990-03-12_02``).

Everything comes from the one article, so the key does not depend on the build's other articles or on
their order: shards built apart give the same IRI to the same person-in-context. Across contexts,
:func:`candidates` proposes ``kg:possiblySameAs`` links; a CSV of merges and splits
(:func:`read_overrides`) is applied by ``kg build --identities FILE``.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from kg import lexicon
from kg.errors import ConfigError
from kg.gazetteer import load_gazetteer
from kg.lexicon import slug
from kg.records import ArticleResult, Entity, Relation
from kg.types import BODY_TYPES, ENTITY_TYPES, ORG_TYPES, PLACE_TYPES

SEP = "--"  # between the name and the context in a person key; a slug never holds two dashes
PLACE_PREDICATES = ("governs", "locatedIn")
# Occupations that are not posts, as the paper introduces ordinary people (general vocabulary of the period).
ROLES = {"工人": "worker", "职工": "worker", "农民": "peasant", "社员": "commune-member", "教师": "teacher",
         "学生": "student", "战士": "soldier", "技术员": "technician", "医生": "doctor", "记者": "reporter",
         "劳动模范": "model-worker", "劳模": "model-worker", "售货员": "shop-assistant", "司机": "driver",
         "科学家": "scientist", "作家": "writer", "运动员": "athlete", "个体户": "self-employed"}
_ROLE_ZH = re.compile(f"({'|'.join(sorted(ROLES, key=len, reverse=True))})$")
_ROLE_EN = re.compile(r"\b(workers?|peasants?|farmers?|teachers?|students?|soldiers?|technicians?|doctors?"
                      r"|reporters?|model workers?|drivers?|scientists?|writers?|athletes?)\s*$", re.I)
NATIONAL = "china"  # the gazetteer id of the country: the context of a post in a national body


def name_of(key: str) -> str:
    """'li-ming--wuhan' -> 'li-ming' (a key without context is its own name)."""
    return key.split(SEP, 1)[0]


def context_of(key: str) -> str:
    """'li-ming--wuhan' -> 'wuhan'; '' for a key without context."""
    return key.split(SEP, 1)[1] if SEP in key else ""


def body_place(body: tuple[str, str], result: ArticleResult) -> str:
    """The key of the place ``body`` governs or lies in, by the article's facts or the body's name."""
    for rel in sorted(result.relations, key=lambda r: (r.evidence.lang, r.evidence.start)):
        if rel.subject == body and rel.predicate in PLACE_PREDICATES and rel.object \
                and rel.object[0] in PLACE_TYPES:
            return rel.object[1]
    places = {e.key for e in result.entities if e.type in PLACE_TYPES} | set(load_gazetteer().by_id)
    words = body[1].split("-")
    for n in range(len(words) - 1, 0, -1):
        if "-".join(words[:n]) in places:
            return "-".join(words[:n])
    return ""


def main_place(result: ArticleResult) -> str:
    """The place named most often in the article (the earliest named wins ties), or ''."""
    counts: Counter[str] = Counter()
    first: dict[str, tuple[str, int]] = {}
    for ent in result.entities:
        if ent.type in PLACE_TYPES:
            counts[ent.key] += len(ent.mentions)
            first[ent.key] = min(((m.lang, m.start) for m in ent.mentions), default=("", 0))
    if not counts:
        return ""
    return min(counts, key=lambda k: (-counts[k], first[k], k))


def person_contexts(result: ArticleResult) -> dict[str, str]:
    """Name key -> context key of every person of one article."""
    fallback = main_place(result) or f"article.{result.article.id}"
    posts: dict[str, list[Relation]] = {}
    for rel in result.relations:
        if rel.post is not None and rel.post.body is not None and rel.subject[0] == "Person":
            posts.setdefault(rel.subject[1], []).append(rel)
    out = {}
    for ent in result.entities:
        if ent.type != "Person":
            continue
        context = ""
        for rel in sorted(posts.get(ent.key, []), key=lambda r: (r.evidence.lang, r.evidence.start)):
            body = rel.post.body  # type: ignore[union-attr]
            context = body_place(body, result) or (
                NATIONAL if body[0] in BODY_TYPES else f"{ENTITY_TYPES[body[0]].slug}.{body[1]}")
            break
        if not context and ent.key in national_figures():
            context = NATIONAL  # "Chairman Mao": the one national figure, not a person of the article's place
        if not context:
            role = _role(result, ent)
            context = f"{fallback}.{role}" if role and not fallback.startswith("article.") else fallback
        out[ent.key] = context
    return out


@functools.lru_cache(maxsize=1)
def national_figures() -> frozenset[str]:
    """Name keys of the leaders the press names by surname and title (zh_names.tsv: 毛主席, 周总理): one
    national person wherever an article names them."""
    return frozenset(slug(r[1]) for r in lexicon.rows("zh_names.tsv") if len(r) > 2 and r[2] == "Person")


def _role(result: ArticleResult, ent: Entity) -> str:
    """The occupation written right before a mention of the person ('青年工人张华' -> 'worker'), or ''."""
    for m in sorted(ent.mentions, key=lambda m: (m.lang, m.start)):
        before = result.article.body(m.lang)[max(0, m.start - 16):m.start]
        found = (_ROLE_ZH if m.lang == "zh" else _ROLE_EN).search(before)
        if found:
            word = found.group(1)
            return ROLES[word] if m.lang == "zh" else slug(word.rstrip("s") if word.endswith("s") else word)
    return ""


def assign_identities(result: ArticleResult) -> ArticleResult:
    """The result with each person keyed by name and article evidence ('li-ming--wuhan')."""
    contexts = {k: v for k, v in person_contexts(result).items() if SEP not in k}
    renames = {("Person", k): ("Person", f"{k}{SEP}{c}") for k, c in contexts.items()}
    return rename(result, renames)


def rename(result: ArticleResult, renames: dict[tuple[str, str], tuple[str, str]]) -> ArticleResult:
    """``result`` with entity refs replaced as ``renames`` says (entities that meet are merged)."""
    if not renames:
        return result

    def ref(r: tuple[str, str] | None) -> tuple[str, str] | None:
        return renames.get(r, r) if r is not None else None

    merged: dict[tuple[str, str], Entity] = {}
    for ent in result.entities:
        new = dataclasses.replace(ent, key=ref(ent.ref)[1]) if ent.ref in renames else ent  # type: ignore[index]
        if new.ref in merged:
            old = merged[new.ref]
            old.aliases_en |= new.aliases_en
            old.aliases_zh |= new.aliases_zh
            old.mentions = old.mentions + new.mentions
        else:
            merged[new.ref] = new
    relations = []
    for rel in result.relations:
        post = rel.post
        if post is not None and post.body in renames:
            post = replace(post, body=ref(post.body))
        relations.append(replace(rel, subject=ref(rel.subject), object=ref(rel.object), post=post))
    observations = [replace(o, subject=ref(o.subject)) for o in result.observations]
    return replace(result, entities=sorted(merged.values(), key=lambda e: e.ref), relations=relations,
                   observations=observations, quads=None)


# --- across articles ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    """Two person keys that may denote one person, and why."""

    a: str
    b: str
    reason: str


def _ancestors(place: str) -> list[str]:
    gaz = load_gazetteer().by_id
    out = []
    while place in gaz and gaz[place].parent and gaz[place].parent not in out:
        place = gaz[place].parent
        out.append(place)
    return out


def candidates(keys: Iterable[str], rejected: frozenset[tuple[str, str]] = frozenset()) -> list[Candidate]:
    """``kg:possiblySameAs`` proposals between same-named persons of different contexts.

    A pair is proposed when one context lies within the other (a city and its province), when one is
    the other's body (``gov-body.x`` and the place it names), or when one side has only an article
    context (nothing in its article contradicts the other). Pairs in ``rejected`` are left out.
    """
    by_name: dict[str, list[str]] = {}
    for key in sorted(set(keys)):
        if SEP in key:
            by_name.setdefault(name_of(key), []).append(key)
    out = []
    for same in by_name.values():
        for i, a in enumerate(same):
            for b in same[i + 1:]:
                if (a, b) in rejected or (b, a) in rejected:
                    continue
                reason = _reason(context_of(a), context_of(b))
                if reason:
                    out.append(Candidate(a, b, reason))
    return out


def _reason(ca: str, cb: str) -> str:
    for x, y in ((ca, cb), (cb, ca)):
        if x.startswith("article."):
            return f"same name; {x} gives no post or place to compare with {y}"
        if y in _ancestors(x):
            return f"same name; {x} lies within {y}"
        if "." in x and x.split(".", 1)[1].startswith(f"{y}-"):
            return f"same name; body {x.split('.', 1)[1]} is named after {y}"
        if "." in x and x.split(".", 1)[0] == y:
            return f"same name and place ({y}); {x.split('.', 1)[1]} by occupation"
    return ""


KIND_WORDS = {"bureau", "company", "corporation", "factory", "plant", "mill", "works"}  # a name's last word


def merge_named_twice(results: list[ArticleResult]) -> list[ArticleResult]:
    """The results with an organisation one article names shorter and another in full made one node, the
    fuller name's: 'Anshan Iron and Steel' (鞍钢) and 'Anshan Iron and Steel Company' (鞍山钢铁公司, also
    鞍钢), 'Shijingshan Power Plant' and 'Beijing Shijingshan Power Plant'. Both must be of one type, the
    shorter name's words must all be in the fuller one in order, and the two must share a Chinese name that
    is the label of one of them, or the fuller name must be the shorter one and a kind word ('North China
    Electric Power Administration' and its '... Bureau'); a shorter name that fits two fuller ones stays
    apart. Only names the English writes capitalised count, and bodies keyed by their article (a bare
    'Public Security Bureau') are never merged."""
    names_en: dict[tuple[str, str], set[str]] = {}
    names_zh: dict[tuple[str, str], set[str]] = {}
    labels_zh: dict[tuple[str, str], set[str]] = {}
    for result in results:
        own = f"-{slug(result.article.id)}"
        for ent in result.entities:
            named = any(m.lang == "en" and m.text[:1].isupper() for m in ent.mentions)
            if ent.type not in ORG_TYPES or ent.key.endswith(own) or not named:
                continue  # a common noun ('commune-run industry', 社办工业) is no one unit's name
            names_en.setdefault(ent.ref, set()).add(ent.label_en.lower())
            names_zh.setdefault(ent.ref, set()).update({ent.label_zh, *ent.aliases_zh} - {""})
            labels_zh.setdefault(ent.ref, set()).update({ent.label_zh} - {""})
    by_zh: dict[str, set[tuple[str, str]]] = {}
    for ref, names in names_zh.items():
        for name in names:
            by_zh.setdefault(name, set()).add(ref)
    by_en: dict[str, set[tuple[str, str]]] = {}
    for ref, names in names_en.items():
        for name in names:
            by_en.setdefault(name, set()).add(ref)
    renames: dict[tuple[str, str], tuple[str, str]] = {}
    for short in sorted(names_en):
        fuller = {
            long for name in names_zh[short] for long in by_zh[name]
            if long != short and long[0] == short[0]
            and name in labels_zh[short] | labels_zh[long]
            and any(_shorter_form(a, b) for a in names_en[short] for b in names_en[long])
        }
        if not fuller:  # 'North China Electric Power Administration' and its '... Bureau'
            fuller = {long for a in names_en[short] for kind in KIND_WORDS
                      for long in by_en.get(f"{a} {kind}", ()) if long[0] == short[0]}
        if len(fuller) == 1:
            renames[short] = fuller.pop()
    for short in list(renames):  # follow chains: a name shorter than a name shorter than a third
        seen = {short}
        while renames[short] in renames and renames[short] not in seen:
            seen.add(renames[short])
            renames[short] = renames[renames[short]]
    return [rename(r, {k: v for k, v in renames.items() if k in {e.ref for e in r.entities}})
            for r in results]


def _shorter_form(short: str, long: str) -> bool:
    """Whether every word of ``short`` is in ``long``, in order, and ``long`` has more."""
    words, rest = short.split(), iter(long.split())
    return 0 < len(words) < len(long.split()) and all(w in rest for w in words)


# --- user overrides: kg build --identities FILE ------------------------------------------------------

@dataclass(frozen=True)
class Overrides:
    """Merges (key -> the key it becomes), splits (person key in one article -> its own node), and
    rejected candidate pairs, from a user's CSV."""

    merges: dict[str, str]
    splits: frozenset[tuple[str, str]]  # (person key, article id)
    rejected: frozenset[tuple[str, str]]


def read_overrides(path: Path) -> Overrides:
    """Read ``action,person,other[,comment]`` rows: ``merge,KEY,KEY2`` (KEY2 becomes KEY),
    ``split,KEY,ARTICLE`` (that article's KEY is its own node), ``split,KEY,KEY2`` (never propose the two
    as one)."""
    merges: dict[str, str] = {}
    splits, rejected = set(), set()
    try:
        rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: can't read the identities file: {err}") from None
    for n, row in enumerate(rows, 1):
        row = [c.strip().removeprefix("person:") for c in row]
        if not row or not row[0] or row[0].startswith("#") or row[0] == "action":
            continue
        if len(row) not in (3, 4) or row[0] not in ("merge", "split") or not row[1] or not row[2]:
            raise ConfigError(f"{path}: line {n}: expected 'merge,KEY,KEY' or 'split,KEY,ARTICLE|KEY', "
                              f"got {','.join(row)!r}")
        action, key, other = row[:3]  # a fourth column is a comment (kg identities --csv: the reason)
        if action == "merge":
            merges[other] = key
        elif SEP in other:
            rejected.add((key, other))
        else:
            splits.add((key, other))
    return Overrides(merges, frozenset(splits), frozenset(rejected))


def apply_overrides(results: list[ArticleResult], overrides: Overrides) -> list[ArticleResult]:
    """The results with the user's merges and splits applied."""
    out = []
    for result in results:
        renames = {}
        for ent in result.entities:
            if ent.type != "Person":
                continue
            key, seen = ent.key, {ent.key}
            while overrides.merges.get(key, key) not in seen:  # follow chains, stop on a cycle
                key = overrides.merges[key]
                seen.add(key)
            if (ent.key, result.article.id) in overrides.splits:
                key = f"{name_of(ent.key)}{SEP}article.{result.article.id}"
            if key != ent.key:
                renames[ent.ref] = ("Person", key)
        out.append(rename(result, renames))
    return out


# --- evaluation: pairwise merge precision and recall ---------------------------------------------------

def pairwise_scores(gold: dict[tuple[str, str], str], predicted: dict[tuple[str, str], str],
                    ) -> dict[str, float]:
    """Pairwise merge scores: over pairs of (article, name) occurrences, a pair is merged when both get
    the same node (``predicted``) and truly merged when both are the same person (``gold``). Occurrences
    the build did not find count as their own node."""
    items = sorted(gold)
    node = {k: predicted.get(k, f"missing:{k}") for k in items}
    tp = fp = fn = 0
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            same, merged = gold[a] == gold[b], node[a] == node[b]
            tp += same and merged
            fp += merged and not same
            fn += same and not merged
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": p, "recall": r, "true_pairs": tp + fn, "merged_pairs": tp + fp}
