"""The learned relation linker (issue 13): where the relation rules stall, a small classifier links them.

Candidates are pairs of entities the rules found in one sentence whose types fit a predicate's domain and
range (:data:`FITS`, as in ``ontology/kg.ttl``) and that the rules did not link. Each gets string features
(types, order, distance, the words between and around, the dependency path in English, verbs between)
and a multinomial logistic regression over ``none`` and the predicates scores it; a predicate above the
model's threshold becomes a relation. The weights are a sorted JSON file, ``kg/models/linker.json``, made by
``bench/train_linker.py`` from the project's own annotations; prediction is plain Python.

``KG_LINKER`` sets it: ``on`` (the packaged model), ``off``, or the path of another model file.
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.records import Relation
from kg.types import ACTOR_TYPES, BODY_TYPES, PLACE_TYPES

MODEL_FILE = Path(__file__).resolve().parent / "models" / "linker.json"
DEFAULT = "off"  # the setting when KG_LINKER is unset
NONE = "none"
MAX_TOKENS = 40  # pairs further apart than this many tokens (words in Chinese) per sentence are no candidates
SENTENCES = 2  # pairs at most this many sentences apart in one paragraph are candidates

_LINKED = BODY_TYPES | PLACE_TYPES | {"Enterprise"}
# predicate -> (subject types, object types), the domains and ranges of ontology/kg.ttl
FITS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "partOf": (_LINKED, _LINKED),
    "locatedIn": (_LINKED, PLACE_TYPES),
    "governs": (frozenset({"GovernmentBody", "PartyBody"}), PLACE_TYPES),
    "establishes": (ACTOR_TYPES, BODY_TYPES | {"Enterprise"}),
    "leads": (BODY_TYPES | {"Person"}, BODY_TYPES | {"Enterprise"}),
    "adoptsMechanism": (ACTOR_TYPES, frozenset({"PolicyMechanism"})),
    "instanceOfMechanism": (BODY_TYPES, frozenset({"PolicyMechanism"})),
    "visits": (ACTOR_TYPES, _LINKED),
    "supports": (ACTOR_TYPES, ACTOR_TYPES),
    "produces": (PLACE_TYPES | {"Enterprise"}, frozenset({"Product"})),
}


NAME = "<name>"
ZH_NAME_TAGS = {"nr", "ns", "nt", "nz"}  # jieba's tags of persons, places, organisations, other names


def fitting(subject_type: str, object_type: str) -> list[str]:
    """The predicates whose domain and range admit (subject_type, object_type)."""
    return [p for p, (dom, rng) in FITS.items() if subject_type in dom and object_type in rng]


@dataclass(frozen=True)
class Candidate:
    """A subject-object pair of one sentence with its features."""

    subject: tuple[str, str]
    object: tuple[str, str]
    start: int  # the character span from the first mention's start to the second's end
    end: int
    features: tuple[str, ...]


def linker_setting() -> str:
    """``KG_LINKER`` as given, or the default."""
    return os.environ.get("KG_LINKER", DEFAULT).strip() or DEFAULT


def linker_enabled() -> bool:
    """True unless the setting is off."""
    return linker_setting().lower() not in {"off", "0", "no", "false"}


@functools.lru_cache(maxsize=4)
def load_model(path: str) -> dict:
    """A model file: {lang: {"classes": [...], "threshold": t, "weights": {feature: [w per class]}}}."""
    return json.loads(Path(path).read_text("utf-8"))


def model_path() -> str:
    """The model file the setting names (the packaged one for ``on``)."""
    setting = linker_setting()
    return str(MODEL_FILE) if setting.lower() in {"on", "1", "yes", "true"} else setting


def link(ctx, relations: list[Relation]) -> list[Relation]:
    """The relations the model adds to ``relations`` (the rules' ones) in one article's context."""
    model = load_model(model_path()).get(ctx.lang)
    if not model:
        return []
    linked = linked_pairs(relations)
    best: dict[tuple, tuple[float, str, Candidate]] = {}
    for cand in candidates(ctx, linked):
        probs = predict(model, cand.features)
        pred = max((p for p in probs if p != NONE and p in fitting(cand.subject[0], cand.object[0])),
                   key=lambda p: (probs[p], p), default=None)
        if pred is None or probs[pred] < model["threshold"]:
            continue
        key = (cand.subject, pred, cand.object)
        if key not in best or probs[pred] > best[key][0]:
            best[key] = (probs[pred], pred, cand)
    out = []
    for key in sorted(best):
        _, pred, c = best[key]
        out.append(Relation(subject=c.subject, predicate=pred, object=c.object,
                            evidence=ctx.evidence(c.start, c.end)))
    return out


def linked_pairs(relations: list[Relation]) -> set[frozenset]:
    """The entity pairs the rules linked, in either direction."""
    return {frozenset((r.subject, r.object)) for r in relations if r.object is not None}


def predict(model: dict, features: tuple[str, ...]) -> dict[str, float]:
    """Class -> probability (softmax of the summed weights of the features the model knows)."""
    classes = model["classes"]
    scores = list(model["weights"].get("__bias__", [0.0] * len(classes)))
    for f in features:
        w = model["weights"].get(f)
        if w is not None:
            scores = [a + b for a, b in zip(scores, w, strict=True)]
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return {c: e / total for c, e in zip(classes, exps, strict=True)}


def candidates(ctx, linked: set[frozenset]) -> Iterator[Candidate]:
    """Every ordered pair of entities of one sentence, or of sentences up to :data:`SENTENCES` apart in one
    paragraph, that some predicate fits and the rules left unlinked; of several mention pairs of the same two
    entities, the closest."""
    tokens = _tokens(ctx)
    starts = [t[0] for t in tokens]
    sents = ctx.sentences()
    sent_starts = [a for a, _ in sents]
    breaks = [i for i, ch in enumerate(ctx.text) if ch == "\n"]
    ments = []
    for m, ref in sorted(_mentions(ctx), key=lambda x: (x[0].start, x[0].end, x[1])):
        si = max(0, bisect.bisect_right(sent_starts, m.start) - 1)
        ments.append((m, ref, si, bisect.bisect_left(breaks, m.start)))
    first = {}  # sentence index -> its first actor
    for _, ref, si, _ in ments:
        if ref[0] in ACTOR_TYPES:
            first.setdefault(si, ref)
    chosen: dict[tuple, tuple[int, int, object, object]] = {}
    for i, (a, ra, sa, pa) in enumerate(ments):
        for b, rb, sb, pb in ments[i + 1:]:
            if sb - sa > SENTENCES or pb != pa:
                break
            if ra == rb or b.start < a.end or frozenset((ra, rb)) in linked:
                continue
            gap = bisect.bisect_left(starts, b.start) - bisect.bisect_right(starts, a.start) + 1
            if gap > MAX_TOKENS * (1 + sb - sa):
                continue
            for s, o in ((ra, rb), (rb, ra)):
                if fitting(s[0], o[0]) and ((s, o) not in chosen or (sb - sa, gap) < chosen[(s, o)][:2]):
                    chosen[(s, o)] = (sb - sa, gap, a, b)
    info = {id(m): (si, ref) for m, ref, si, _ in ments}
    for (s, o), (_, _, a, b) in sorted(chosen.items()):
        (sa, ra), (sb, rb) = info[id(a)], info[id(b)]
        feats = _features(ctx, tokens, starts, a, b, ra == s, s, o, sb - sa, sents[sb][0],
                          (first.get(sa) == ra, first.get(sb) == rb))
        yield Candidate(s, o, a.start, b.end, feats)


def _mentions(ctx) -> set[tuple]:
    """(mention, entity ref) of this body: the resolver's map and the entities' own mention lists."""
    out = {(m, ref) for m, ref in ctx.mention_ref.items() if ref in ctx.entities}
    out.update((m, ref) for ref, ent in ctx.entities.items() for m in ent.mentions
               if m.lang == ctx.lang and m.article == ctx.article.id)
    return out


def _tokens(ctx) -> list[tuple[int, int, str, str]]:
    """(start, end, lemma or word, coarse tag) of the body's tokens ("V" for verbs). A proper name reads
    as ``<name>``: the model learns from how relations are worded, never from whom or where."""
    cached = getattr(ctx, "_linker_tokens", None)
    if cached is None:
        if ctx.lang == "zh":
            cached = [(w.start, w.end, NAME if w.pos[:2] in ZH_NAME_TAGS else w.text,
                       "V" if w.pos.startswith("v") else w.pos[:1]) for w in ctx.doc.words]
        else:
            cached = [(t.idx, t.idx + len(t), NAME if t.pos_ == "PROPN" else t.lemma_.lower(),
                       "V" if t.pos_ in {"VERB", "AUX"} else t.pos_) for t in ctx.doc]
        ctx._linker_tokens = cached
    return cached


def _features(ctx, tokens, starts, a, b, forward: bool, s, o, apart: int, b_sentence: int,
              firsts: tuple[bool, bool]) -> tuple[str, ...]:
    """The feature strings of the pair (subject s, object o) at mentions a (first) and b (second), ``apart``
    sentences apart (the words between are those of b's sentence before b when they are in two)."""
    ia = bisect.bisect_right(starts, max(a.end - 1, b_sentence - 1 if apart else 0))
    ib = bisect.bisect_left(starts, b.start)
    between = tokens[ia:ib]
    order = ("f" if forward else "b") + (f"x{apart}" if apart else "")
    tp = f"{s[0]}>{o[0]}"
    gap = len(between)
    dist = "0" if gap == 0 else "1" if gap <= 2 else "3" if gap <= 5 else "6" if gap <= 10 else "11" \
        if gap <= 20 else "21"
    feats = {f"t:{tp}", f"to:{tp}:{order}", f"o:{order}", f"d:{dist}", f"dt:{tp}:{dist}",
             f"fa:{firsts[0]}:{order}", f"fb:{firsts[1]}:{order}", f"x:{apart}"}
    mark = "x" if apart else ""
    for _, _, w, tag in between:
        feats.add(f"w{mark}:{w}")
        feats.add(f"wo:{w}:{order}")
        if tag == "V":
            feats.add(f"v{mark}:{w}")
            feats.add(f"vt:{w}:{o[0]}")
    i0 = bisect.bisect_right(starts, a.start) - 1
    for tok in tokens[max(0, i0 - 2):max(0, i0)]:
        feats.add(f"pre:{tok[2]}")
    for tok in tokens[bisect.bisect_left(starts, b.end):][:2]:
        feats.add(f"post:{tok[2]}")
    if ctx.lang == "en" and not apart:
        feats.update(_dependency_features(ctx.doc, a, b, order))
    return tuple(sorted(feats))


def _dependency_features(doc, a, b, order: str) -> list[str]:
    """The dependency path between the heads of the two mentions: its labels, and its inner lemmas."""
    sa = doc.char_span(a.start, a.end, alignment_mode="expand")
    sb = doc.char_span(b.start, b.end, alignment_mode="expand")
    if sa is None or sb is None:
        return []
    ha, hb = sa.root, sb.root
    up = [ha, *ha.ancestors]
    down = [hb, *hb.ancestors]
    common = next((t for t in up if t in down), None)
    if common is None:
        return ["dp:none"]
    left = up[:up.index(common)]
    right = down[:down.index(common)]
    path = "^".join(t.dep_ for t in left) + f"|{common.lemma_.lower()}|" + "v".join(t.dep_ for t in right)
    inner = [t.lemma_.lower() for t in (*left[1:], common, *right[1:]) if t not in (ha, hb)]
    return [f"dp:{path}:{order}", f"dl:{common.lemma_.lower()}", *(f"dw:{w}" for w in inner)]
