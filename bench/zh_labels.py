"""Chinese labels of a built graph against gold ``name_zh`` (issue 4 acceptance figure).

Builds the articles into a temporary folder (``kg.build.build``), maps gold entities to graph nodes with
the scorer's own matching (``kg.evaluate``, the shared scorer vendored: any shared normalised name,
same-type pairs first), and prints:

- the share of gold entities with a ``name_zh`` whose node carries exactly that label as its
  ``rdfs:label``/``skos:prefLabel`` @zh (an entity named differently in two articles counts as found
  when the node's label is one of its gold names), and the misses;
- every Person node whose @zh labels (label, prefLabel or altLabel) are not the gold name of the person
  it matches: a wrong person label (the acceptance figure requires none);
- the English scorer's headline figures for the same graph, so one run shows both;
- with ``--zh-only`` (the Chinese half of each file, after ``Original:``, built as an archive-layout
  file), the share of non-person nodes whose English label is a translation: a gazetteer name, or a
  label with at least one word that is not romanised Chinese (issue 13), with the rest listed.

Usage::

    python bench/zh_labels.py                         # seeds/ against tests/data/gold/seeds.json
    python bench/zh_labels.py --dev                   # the annotated files of tests/data/dev-bilingual
    python bench/zh_labels.py --dev --zh-only         # their Chinese halves alone, as archive files
    python bench/zh_labels.py --inputs DIR --gold G.json --zh-only   # any annotated folder
    python bench/zh_labels.py --dev --keep /tmp/out
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import RDFS, SKOS

from kg.corpus import chinese_half

ROOT = Path(__file__).resolve().parents[1]


DATA = ROOT / "tests" / "data"


def gold_zh_names(gold_path: Path) -> dict[str, dict]:
    """Gold id -> {type, names_zh (every article's name_zh), all_zh (names and aliases), skip}."""
    out: dict[str, dict] = {}
    for article in json.loads(gold_path.read_text(encoding="utf-8"))["articles"]:
        for ent in article["entities"]:
            row = out.setdefault(
                ent["id"], {"type": ent["type"], "names_zh": set(), "all_zh": set(), "articles": set()}
            )
            if ent.get("name_zh"):
                row["names_zh"].add(ent["name_zh"])
                row["articles"].add(article["file"])
            row["all_zh"] |= {ent.get("name_zh") or "", *(ent.get("aliases_zh") or [])} - {""}
    return out


def zh_labels(graph, node, predicates) -> set[str]:
    return {
        str(o)
        for p in predicates
        for o in graph.objects(node, p)
        if isinstance(o, Literal) and o.language == "zh"
    }


def measure(graph_path: Path, gold_path: Path) -> dict:
    """The label figures for one built graph."""
    from kg import evaluate as scorer

    graph = scorer.load_graph([str(graph_path)])
    gold_entities, _, types = scorer.load_gold(str(gold_path))
    nodes, names = scorer.predicted_entities(graph, types)
    node_to_gold, gold_to_node = scorer.match(gold_entities, nodes, names)
    gold_zh = gold_zh_names(gold_path)
    wanted = sorted(
        gid
        for gid, g in gold_zh.items()
        if g["names_zh"]
        and gid in gold_entities
        and not gold_entities[gid]["skip"]
        and gold_entities[gid]["type"] in types
    )
    hits, misses = [], []
    for gid in wanted:
        node = gold_to_node.get(gid)
        labels = zh_labels(graph, node, (RDFS.label, SKOS.prefLabel)) if node is not None else set()
        if labels & gold_zh[gid]["names_zh"]:
            hits.append(gid)
        else:
            got = (
                "not found" if node is None else ("no @zh label" if not labels else "/".join(sorted(labels)))
            )
            misses.append(
                f"{gid} ({gold_zh[gid]['type']}): want {'/'.join(sorted(gold_zh[gid]['names_zh']))}"
                f", got {got}"
            )
    wrong_persons, unverified = [], []
    for node, node_types in sorted(nodes.items()):
        if "Person" not in node_types:
            continue
        labels = zh_labels(graph, node, (RDFS.label, SKOS.prefLabel, SKOS.altLabel))
        gid = node_to_gold.get(node)
        if gid is None or gold_zh.get(gid, {}).get("type") != "Person":
            if labels:
                unverified.append(f"{node.split('/')[-1]}: {'/'.join(sorted(labels))}")
            continue
        bad = labels - gold_zh[gid]["all_zh"]
        if bad:
            wrong_persons.append(
                f"{gid}: {'/'.join(sorted(bad))} (gold {'/'.join(sorted(gold_zh[gid]['all_zh']))})"
            )
    score = scorer.score(graph, str(gold_path))
    return {
        "wanted": len(wanted),
        "hits": len(hits),
        "share": len(hits) / len(wanted) if wanted else 0.0,
        "misses": misses,
        "wrong_persons": wrong_persons,
        "unverified_persons": unverified,
        "entity_typed_f1": score["entities"]["typed"]["f"],
        "relation_f1": score["relations"]["simple"]["f"],
    }


def dev_inputs(data: Path, workdir: Path, *, zh_only: bool = False) -> list[Path]:
    """Copies of the dev-bilingual files that dev.json annotates (the build reads a folder); with
    ``zh_only`` only their Chinese halves, in the archive layout."""
    gold = json.loads((data / "gold" / "dev.json").read_text(encoding="utf-8"))
    folder = workdir / "dev-input"
    folder.mkdir()
    for article in gold["articles"]:
        src = data / "dev-bilingual" / article["file"]
        text = src.read_text(encoding="utf-8")
        if zh_only:
            text = chinese_half(text)
        (folder / article["file"]).write_text(text, encoding="utf-8")
    return [folder]


def folder_input(folder: Path, workdir: Path, *, zh_only: bool) -> Path:
    """A copy of the articles of ``folder`` (their Chinese halves with ``zh_only``)."""
    out = workdir / "input"
    out.mkdir()
    for src in sorted(folder.glob("*.txt")):
        text = src.read_text(encoding="utf-8")
        (out / src.name).write_text(chinese_half(text) if zh_only else text, encoding="utf-8")
    return out


def seed_inputs(workdir: Path) -> list[Path]:
    """The seed articles' Chinese halves, in the archive layout."""
    folder = workdir / "seed-input"
    folder.mkdir()
    for src in sorted((ROOT / "seeds").glob("*.txt")):
        (folder / src.name).write_text(chinese_half(src.read_text(encoding="utf-8")), encoding="utf-8")
    return [folder]


def english_labels(graph_path: Path) -> tuple[int, list[str]]:
    """Non-person entity nodes, and those whose @en label is missing or only romanised Chinese."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    from kg.extract.zh.names import is_romanised
    from kg.gazetteer import load_gazetteer

    kg_ns = "https://w3id.org/rmrb-kg/ontology#"
    classes = {"GovernmentBody", "PartyBody", "Enterprise", "Organization", "Province", "City",
               "County", "Region", "Country", "PolicyMechanism", "Product"}
    graph = Graph()
    graph.parse(graph_path)
    total, bad = 0, []
    for node in sorted(set(graph.subjects(RDF.type, None))):
        types = {str(t).removeprefix(kg_ns) for t in graph.objects(node, RDF.type)}
        if not types & classes or not isinstance(node, URIRef):
            continue
        total += 1
        labels = [o for o in graph.objects(node, RDFS.label) if isinstance(o, Literal)]
        en = [str(o) for o in labels if o.language == "en"]
        source = {str(o) for o in graph.objects(node, URIRef(kg_ns + "labelSource"))}
        gazetteer = not source and any(load_gazetteer().lookup_en(label) for label in en)
        if not en or (not gazetteer and all(is_romanised(label) for label in en)):
            zh = [str(o) for o in labels if o.language == "zh"]
            bad.append(f"{'/'.join(sorted(types & classes))} {'/'.join(zh)} -> {'/'.join(en) or '(none)'}")
    return total, bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA, help="folder with gold/ and dev-bilingual/")
    parser.add_argument("--dev", action="store_true", help="measure the annotated dev-bilingual files")
    parser.add_argument("--zh-only", action="store_true", help="build the Chinese halves alone")
    parser.add_argument("--inputs", type=Path, help="a folder of bilingual articles (with --gold)")
    parser.add_argument("--gold", type=Path, help="the gold file of --inputs")
    parser.add_argument("--keep", type=Path, help="build into this folder instead of a temporary one")
    args = parser.parse_args(argv)
    from kg.build import build

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.inputs and args.gold:
            inputs, gold = [folder_input(args.inputs, work, zh_only=args.zh_only)], args.gold
        elif args.dev:
            inputs = dev_inputs(args.data, work, zh_only=args.zh_only)
            gold = args.data / "gold" / "dev.json"
        elif args.zh_only:
            inputs, gold = seed_inputs(work), args.data / "gold" / "seeds.json"
        else:
            inputs, gold = [ROOT / "seeds"], args.data / "gold" / "seeds.json"
        out = args.keep or work / "out"
        out.mkdir(parents=True, exist_ok=True)
        build(inputs, out, html=False)
        res = measure(out / "graph.ttl", gold)
        total, untranslated = english_labels(out / "graph.ttl") if args.zh_only else (0, [])
    print(f"gold: {gold}")
    print(
        f"zh labels: {res['hits']}/{res['wanted']} = {res['share']:.1%} of gold entities with a name_zh "
        f"carry it as their @zh label"
    )
    for line in res["misses"]:
        print("  miss:", line)
    print(f"wrong person @zh labels: {len(res['wrong_persons'])}")
    for line in res["wrong_persons"]:
        print("  wrong:", line)
    for line in res["unverified_persons"]:
        print("  person not in gold:", line)
    print(f"entity_typed_f1={res['entity_typed_f1']:.3f} relation_f1={res['relation_f1']:.3f}")
    if args.zh_only:
        share = 1 - len(untranslated) / total if total else 0.0
        done = total - len(untranslated)
        print(f"english labels: {done}/{total} = {share:.1%} of non-person nodes translated")
        for line in untranslated:
            print("  untranslated:", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
