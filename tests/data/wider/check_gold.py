"""Check a gold file (schema seed-gold/1) against the article files it annotates.

Usage: python check_gold.py GOLD.json [ARTICLES_DIR]   (ARTICLES_DIR defaults to ./articles next to GOLD)

Checks what ../shared/gold/seeds-notes.md lists: the JSON parses; entity types and predicates are
allowed; ids are unique per article and a shared id keeps its type and name_en everywhere; mentions_en
and aliases_en occur verbatim in the English part (before <hr />, header included); name_zh, aliases_zh,
post title_zh and evidence_zh occur verbatim in the Chinese part (a government or party body with
aliases_zh may keep a qualified name_zh that is not verbatim); evidence_en occurs verbatim in the
English part; every s/o/org exists in the article; no duplicate triples; title, date and page match the
file (Page: or Edition:); hasIndicator objects carry the five keys. Prints one line per problem, exits 1
if there is any.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

TYPES = {"Person", "GovernmentBody", "PartyBody", "Enterprise", "Organization", "Province", "City",
         "County", "Country", "Region", "PolicyMechanism", "Product", "Indicator"}
PREDICATES = {"holdsPost", "partOf", "locatedIn", "governs", "establishes", "leads", "adoptsMechanism",
              "instanceOfMechanism", "visits", "supports", "produces", "hasIndicator"}
INDICATOR_KEYS = {"indicator", "value", "unit", "period", "comparison"}
# Bodies whose text uses a short form keep the qualified canonical form in name_zh and the verbatim
# short form in aliases_zh (seeds-notes.md, "Convention added after review").
QUALIFIED_ZH = {"GovernmentBody", "PartyBody"}


def split_halves(text: str) -> tuple[str, str]:
    """Return the English part (before <hr />) and the Chinese part (after it)."""
    head, _, tail = text.partition("<hr />")
    return head, tail


def header(text: str, key: str) -> str:
    """Value of a `Key:` header line, or ''."""
    match = re.search(rf"^{key}:[ \t]*(.*)$", text, re.M)
    return match.group(1).strip() if match else ""


def check_article(article: dict, text: str, seen: dict[str, tuple[str, str]]) -> list[str]:
    """Problems found in one annotated article."""
    name = article["file"]
    problems: list[str] = []
    english, chinese = split_halves(text)
    if article["title_en"] != header(english, "Title"):
        problems.append(f"{name}: title_en differs from the Title: header")
    zh_title = re.search(r"^### (.*)$", chinese, re.M)
    if not zh_title or article["title_zh"] != zh_title.group(1).strip():
        problems.append(f"{name}: title_zh differs from the ### line")
    if article["date"] != header(english, "Date") or article["date"] != name[:10]:
        problems.append(f"{name}: date differs from the Date: header or the file name")
    if str(article["page"]) != (header(english, "Page") or header(english, "Edition")):
        problems.append(f"{name}: page differs from the Page:/Edition: header")
    ids: set[str] = set()
    for ent in article["entities"]:
        eid = ent["id"]
        if eid in ids:
            problems.append(f"{name}: duplicate id {eid}")
        ids.add(eid)
        if ent["type"] not in TYPES:
            problems.append(f"{name}: {eid} has unknown type {ent['type']}")
        if eid in seen and seen[eid] != (ent["type"], ent["name_en"]):
            problems.append(f"{name}: {eid} type/name_en differ from another article {seen[eid]}")
        seen.setdefault(eid, (ent["type"], ent["name_en"]))
        for key in ("mentions_en", "aliases_en"):
            for form in ent[key]:
                if form not in english:
                    problems.append(f"{name}: {eid} {key} {form!r} not in the English part")
        zh_forms = list(ent["aliases_zh"])
        if not (ent["type"] in QUALIFIED_ZH and ent["aliases_zh"]):
            zh_forms.append(ent["name_zh"])
        for form in zh_forms:
            if form is not None and form not in chinese:
                problems.append(f"{name}: {eid} zh form {form!r} not in the Chinese part")
    triples: set[str] = set()
    for rel in article["relations"]:
        pred, obj = rel["p"], rel["o"]
        if pred not in PREDICATES:
            problems.append(f"{name}: unknown predicate {pred}")
        if rel["s"] not in ids:
            problems.append(f"{name}: subject {rel['s']} is not an entity of the article")
        if pred == "holdsPost":
            if obj.get("org") not in ids:
                problems.append(f"{name}: post org {obj.get('org')} is not an entity of the article")
            if obj.get("title_zh") and obj["title_zh"] not in chinese:
                problems.append(f"{name}: title_zh {obj['title_zh']!r} not in the Chinese part")
        elif pred == "hasIndicator":
            if not isinstance(obj, dict) or not INDICATOR_KEYS <= set(obj):
                problems.append(f"{name}: hasIndicator object of {rel['s']} lacks keys")
        elif obj not in ids:
            problems.append(f"{name}: object {obj} is not an entity of the article")
        key = json.dumps([rel["s"], pred, obj], sort_keys=True, ensure_ascii=False)
        if key in triples:
            problems.append(f"{name}: duplicate triple {key}")
        triples.add(key)
        if rel["evidence_en"] not in english:
            problems.append(f"{name}: evidence_en not verbatim: {rel['evidence_en']!r}")
        if rel["evidence_zh"] not in chinese:
            problems.append(f"{name}: evidence_zh not verbatim: {rel['evidence_zh']!r}")
    return problems


def main(argv: list[str]) -> int:
    """Check the gold file named in argv; print problems; 0 when clean."""
    gold_path = Path(argv[0])
    folder = Path(argv[1]) if len(argv) > 1 else gold_path.parent / "articles"
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        print(f"{gold_path}: cannot read: {err}")
        return 1
    problems: list[str] = []
    if gold.get("schema") != "seed-gold/1":
        problems.append(f"{gold_path}: schema is not seed-gold/1")
    seen: dict[str, tuple[str, str]] = {}
    for article in gold["articles"]:
        path = folder / article["file"]
        if not path.is_file():
            problems.append(f"{article['file']}: no such article in {folder}")
            continue
        problems += check_article(article, path.read_text(encoding="utf-8"), seen)
    for line in problems:
        print(line)
    n_ent = sum(len(a["entities"]) for a in gold["articles"])
    n_rel = sum(len(a["relations"]) for a in gold["articles"])
    n_art = len(gold["articles"])
    print(f"{n_art} articles, {n_ent} entity rows, {n_rel} relations, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
