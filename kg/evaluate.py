"""Score a graph against a gold annotation file (schema "seed-gold/1"): ``kg evaluate``.

This is the project's shared scorer (tools/score_graph.py), vendored so that ``kg evaluate`` gives the
same numbers; ``score()`` also lists false positives. Keep it in step with the shared copy
(tests/test_evaluate.py compares the two when ../shared is present).


Usage:
    kg evaluate GRAPH [GRAPH ...] --gold GOLD.json [--json] [--min-entity-f1 X] [--min-relation-f1 Y]

GRAPH is any RDF file rdflib can read (.ttl, .trig, .nq, .nt, .jsonld). Several files are merged.

How the graph is read (the contract the exporter must meet):
- An entity is a node with an rdf:type whose local name is one of the gold entity types
  (Person, GovernmentBody, PartyBody, Enterprise, Organization, Province, City, County, Country,
  Region, PolicyMechanism, Product). Namespaces do not matter, local names do.
- Its names are the literals of any predicate whose local name is label, prefLabel, altLabel,
  hiddenLabel or name (rdfs:label, skos:prefLabel, skos:altLabel, schema:name, ...), any language.
- A relation is a triple between two entities whose predicate local name is the gold predicate
  (partOf, locatedIn, governs, establishes, leads, adoptsMechanism, instanceOfMechanism, visits,
  supports, produces).
- holdsPost is found when person -[holds|holdsPost]-> post -[postIn]-> org,
  or person -[holdsPost|postIn|memberOf]-> org.
- hasIndicator is found when the entity reaches, in at most two hops, a numeric literal equal to the
  gold value.

Matching: a predicted entity matches a gold entity when they share a normalised name (gold name_en,
aliases_en, name_zh, aliases_zh). Each gold entity is matched at most once, so an entity split into two
nodes costs precision. "typed" scores also require the node to carry exactly the gold class among
the scored classes (a node typed both Enterprise and GovernmentBody is never typed-correct). Gold
entities whose notes say
"unnamed" or "implied" in every article that has them, and gold Indicator entities, are left out of
entity scores and out of relation scores (hasIndicator is scored by value, see above).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF

from kg.types import RELATIONS

NAME_PREDICATES = {"label", "prefLabel", "altLabel", "hiddenLabel", "name"}
SIMPLE_RELATIONS = set(RELATIONS)  # the gold contract's simple relations are exactly ours


def local_name(term) -> str:
    text = str(term)
    return re.split(r"[#/:]", text.rstrip("/#"))[-1]


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).strip().lower()
    text = text.strip("\"'“”‘’「」《》 ")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"[\s\-‐–—]+", " ", text)
    return text.strip()


def load_graph(paths: list[str]) -> Dataset:
    graph = Dataset(default_union=True)
    for path in paths:
        fmt = None
        if path.endswith(".trig"):
            fmt = "trig"
        elif path.endswith(".nq"):
            fmt = "nquads"
        elif path.endswith((".jsonld", ".json")):
            fmt = "json-ld"
        graph.parse(path, format=fmt)
    return graph


def load_gold(path: str):
    with open(path, encoding="utf-8") as fh:
        gold = json.load(fh)
    entities: dict[str, dict] = {}
    relations = []
    for article in gold["articles"]:
        for ent in article["entities"]:
            merged = entities.setdefault(
                ent["id"], {"id": ent["id"], "type": ent["type"], "names": set(), "skip": True}
            )
            for key in ("name_en", "name_zh"):
                if ent.get(key):
                    merged["names"].add(norm(ent[key]))
            for key in ("aliases_en", "aliases_zh"):
                for alias in ent.get(key) or []:
                    merged["names"].add(norm(alias))
            notes = (ent.get("notes") or "").lower()
            # left out only where every article that has it marks it unnamed or implied
            if "unnamed" not in notes and "implied" not in notes:
                merged["skip"] = False
        for rel in article.get("relations", []):
            relations.append(rel)
    types = set(gold.get("entity_types", [])) - {"Indicator"}
    return entities, relations, types


def predicted_entities(graph, types):
    nodes = {}
    for s, o in graph.subject_objects(RDF.type):
        t = local_name(o)
        if t in types and isinstance(s, URIRef):
            nodes.setdefault(s, set()).add(t)
    names = defaultdict(set)
    for s, p, o in graph.triples((None, None, None)):
        if s in nodes and isinstance(o, Literal) and local_name(p) in NAME_PREDICATES:
            names[s].add(norm(o))
    return nodes, names


def match(gold_entities, nodes, names):
    """Greedy one-to-one matching, same-type pairs first."""
    index = defaultdict(set)
    for gid, ent in gold_entities.items():
        for n in ent["names"]:
            index[n].add(gid)
    pairs_typed, pairs_other = [], []
    for node, node_types in nodes.items():
        cands = set()
        for n in names.get(node, ()):
            cands |= index.get(n, set())
        for gid in sorted(cands):
            (pairs_typed if node_types == {gold_entities[gid]["type"]} else pairs_other).append((node, gid))
    node_to_gold, gold_to_node = {}, {}
    for node, gid in sorted(pairs_typed, key=str) + sorted(pairs_other, key=str):
        if node in node_to_gold or gid in gold_to_node:
            continue
        node_to_gold[node], gold_to_node[gid] = gid, node
    return node_to_gold, gold_to_node


def _short(names, node) -> str:
    return sorted(names.get(node, {local_name(node)}))[0]


def prf(tp, n_pred, n_gold):
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def reaches_value(graph, node, value, hops=2):
    frontier = {node}
    for _ in range(hops):
        nxt = set()
        for s in frontier:
            for o in graph.objects(s, None):
                if isinstance(o, Literal):
                    try:
                        if abs(float(o.toPython()) - float(value)) < 1e-6:
                            return True
                    except (TypeError, ValueError):
                        continue
                else:
                    nxt.add(o)
        frontier = nxt
    return False


def has_post(graph, person, org):
    for p, post in graph.predicate_objects(person):
        ln = local_name(p)
        if ln in {"holdsPost", "postIn", "memberOf"} and post == org:
            return True
        if ln in {"holds", "holdsPost"}:
            for q, target in graph.predicate_objects(post):
                if local_name(q) == "postIn" and target == org:
                    return True
    return False


def score(graph, gold_path):
    gold_entities, gold_relations, types = load_gold(gold_path)
    nodes, names = predicted_entities(graph, types)
    node_to_gold, gold_to_node = match(gold_entities, nodes, names)
    scored_gold = {gid for gid, e in gold_entities.items() if not e["skip"] and e["type"] in types}
    skipped_nodes = {n for n, g in node_to_gold.items() if g not in scored_gold}
    pred_nodes = [n for n in nodes if n not in skipped_nodes]

    result = {"entities": {}, "relations": {}}
    tp = sum(1 for n in pred_nodes if n in node_to_gold)
    # typed: the node carries exactly the gold class among the scored classes (no hedging by multi-typing)
    tp_typed = sum(
        1 for n in pred_nodes if n in node_to_gold and nodes[n] == {gold_entities[node_to_gold[n]]["type"]}
    )
    result["entities"]["all"] = dict(
        zip(("p", "r", "f"), prf(tp, len(pred_nodes), len(scored_gold)), strict=False),
        tp=tp,
        pred=len(pred_nodes),
        gold=len(scored_gold),
    )
    result["entities"]["typed"] = dict(
        zip(("p", "r", "f"), prf(tp_typed, len(pred_nodes), len(scored_gold)), strict=False), tp=tp_typed
    )
    for t in sorted(types):
        g = [gid for gid in scored_gold if gold_entities[gid]["type"] == t]
        pr = [n for n in pred_nodes if t in nodes[n]]
        tpt = sum(
            1
            for n in pr
            if n in node_to_gold and nodes[n] == {t} and gold_entities[node_to_gold[n]]["type"] == t
        )
        if g or pr:
            result["entities"][t] = dict(
                zip(("p", "r", "f"), prf(tpt, len(pr), len(g)), strict=False),
                tp=tpt,
                pred=len(pr),
                gold=len(g),
            )
    result["missed"] = sorted(gid for gid in scored_gold if gid not in gold_to_node)
    result["false_positives"] = sorted(
        f"{sorted(nodes[n])[0]} {sorted(names.get(n, {str(n)}))[0]}"
        for n in pred_nodes
        if n not in node_to_gold
    )
    result["wrong_type"] = sorted(
        f"{sorted(names.get(n, {str(n)}))[0]}: {'/'.join(sorted(nodes[n]))} (gold {gold_entities[g]['type']})"
        for n, g in node_to_gold.items()
        if n in pred_nodes and nodes[n] != {gold_entities[g]["type"]}
    )

    # relations
    found = defaultdict(lambda: [0, 0])  # predicate -> [found, total]
    gold_simple = set()
    missed_rel = []
    for rel in gold_relations:
        p, s, o = rel["p"], rel["s"], rel["o"]
        if s not in scored_gold:
            continue
        if p == "holdsPost":
            org = o.get("org") if isinstance(o, dict) else None
            if org not in scored_gold:
                continue
            ok = (
                s in gold_to_node
                and org in gold_to_node
                and has_post(graph, gold_to_node[s], gold_to_node[org])
            )
        elif p == "hasIndicator":
            value = o.get("value") if isinstance(o, dict) else None
            if value is None:
                continue
            ok = s in gold_to_node and reaches_value(graph, gold_to_node[s], value)
        elif p in SIMPLE_RELATIONS and isinstance(o, str):
            if o not in scored_gold:
                continue
            gold_simple.add((s, p, o))
            ok = (
                s in gold_to_node
                and o in gold_to_node
                and (gold_to_node[s], None, gold_to_node[o]) in graph
                and any(local_name(q) == p for q in graph.predicates(gold_to_node[s], gold_to_node[o]))
            )
        else:
            continue
        found[p][1] += 1
        if ok:
            found[p][0] += 1
        else:
            missed_rel.append(f"{s} {p} {o if isinstance(o, str) else json.dumps(o, ensure_ascii=False)}")
    # precision over simple relations: predicted triples between entity nodes with a relation predicate
    pred_rel = 0
    pred_rel_ok = 0
    false_rel: list[str] = []
    per_pred: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # predicate -> [predicted, correct]
    for s, p, o in graph.triples((None, None, None)):
        ln = local_name(p)
        if ln in SIMPLE_RELATIONS and s in nodes and o in nodes:
            if s in skipped_nodes or o in skipped_nodes:
                continue
            pred_rel += 1
            per_pred[ln][0] += 1
            if (node_to_gold.get(s), ln, node_to_gold.get(o)) in gold_simple:
                pred_rel_ok += 1
                per_pred[ln][1] += 1
            else:
                false_rel.append(f"{_short(names, s)} {ln} {_short(names, o)}")
    total_found = sum(v[0] for v in found.values())
    total = sum(v[1] for v in found.values())
    simple_found = sum(v[0] for k, v in found.items() if k in SIMPLE_RELATIONS)
    simple_total = sum(v[1] for k, v in found.items() if k in SIMPLE_RELATIONS)
    result["relations"]["recall_all"] = total_found / total if total else 0.0
    p, r, f = prf(pred_rel_ok, pred_rel, simple_total)
    result["relations"]["simple"] = {
        "p": p,
        "r": simple_found / simple_total if simple_total else 0.0,
        "f": f,
        "pred": pred_rel,
        "gold": simple_total,
    }
    for k, (a, b) in sorted(found.items()):
        result["relations"][k] = {"found": a, "gold": b}
    # per predicate: precision over predicted triples, recall over gold ones (not in the shared scorer)
    result["predicates"] = {}
    for k in sorted(set(per_pred) | {k for k in found if k in SIMPLE_RELATIONS}):
        n_pred, ok = per_pred.get(k, [0, 0])
        n_gold = found[k][1] if k in found else 0
        pp, _, _ = prf(ok, n_pred, n_gold)
        rr = found[k][0] / n_gold if n_gold else 0.0
        result["predicates"][k] = {
            "p": pp,
            "r": rr,
            "f": 2 * pp * rr / (pp + rr) if pp + rr else 0.0,
            "pred": n_pred,
            "gold": n_gold,
        }
    result["missed_relations"] = missed_rel
    result["false_relations"] = sorted(false_rel)
    return result


def format_report(res: dict, *, details: bool = True) -> str:
    """The scorer's text report; with ``details``, also misses and false positives."""
    lines = [f"{'entities':22} {'P':>6} {'R':>6} {'F1':>6} {'pred':>5} {'gold':>5}"]
    for k, v in res["entities"].items():
        lines.append(
            f"{k:22} {v['p']:6.3f} {v['r']:6.3f} {v['f']:6.3f} {v.get('pred', ''):>5} {v.get('gold', ''):>5}"
        )
    lines.append(
        "relations (found/gold): "
        + ", ".join(
            f"{k} {v['found']}/{v['gold']}"
            for k, v in res["relations"].items()
            if isinstance(v, dict) and "found" in v
        )
    )
    if res.get("predicates"):
        lines.append(f"{'relations':22} {'P':>6} {'R':>6} {'F1':>6} {'pred':>5} {'gold':>5}")
        for k, v in res["predicates"].items():
            lines.append(f"{k:22} {v['p']:6.3f} {v['r']:6.3f} {v['f']:6.3f} {v['pred']:>5} {v['gold']:>5}")
    s = res["relations"]["simple"]
    lines.append(
        f"simple relations P {s['p']:.3f} R {s['r']:.3f} F1 {s['f']:.3f}; all-relation recall "
        f"{res['relations']['recall_all']:.3f}"
    )
    if details:
        for key, title in (
            ("missed", "missed entities"),
            ("false_positives", "false positive entities"),
            ("wrong_type", "wrong type"),
            ("missed_relations", "missed relations"),
            ("false_relations", "false positive relations"),
        ):
            if res.get(key):
                lines.append(f"{title} ({len(res[key])}):")
                lines.extend(f"  {item}" for item in res[key])
    ef, rf = res["entities"]["typed"]["f"], res["relations"]["simple"]["f"]
    lines.append(
        f"entity_typed_f1={ef:.3f} entity_f1={res['entities']['all']['f']:.3f} relation_f1={rf:.3f} "
        f"relation_recall_all={res['relations']['recall_all']:.3f}"
    )
    return "\n".join(lines)
