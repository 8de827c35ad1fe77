"""Train the packaged Chinese NER model (character CRF) on the PKU People's Daily January 1998 corpus.

Never run by CI or the tests. The features use the words of ``kg.zhseg.tokenize`` (the segmenter the build
uses), so retrain when the segmenter or its dictionary changes. Reads the corpus from ``../shared/data``
(it is NOT copied into the repo) and writes ``kg/models/zh_ner/zh_ner.crfsuite``; with ``--dev`` it also
scores the new model.

    python bench/train_zh_ner.py            # defaults used for the shipped model

Data credit: PKU ICL / Fujitsu annotated People's Daily corpus, January 1998 (research use).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pycrfsuite

from kg.zh_ner import MODEL_PATH, char_features, recognize, spans_to_tags

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def read_jsonl(path: Path, limit: int | None = None) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
                if limit and len(rows) >= limit:
                    break
    return rows


def micro_f1(gold: list[dict], pred: list[list[tuple[int, int, str]]]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for row, p in zip(gold, pred, strict=True):
        g = {(int(s), int(e), lab) for s, e, lab in row["entities"]}
        ps = set(p)
        tp += len(g & ps)
        fp += len(ps - g)
        fn += len(g - ps)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", type=Path, default=DATA / "pd98-train.jsonl")
    ap.add_argument("--dev", type=Path, default=DATA / "pd98-dev.jsonl", help="scored after training")
    ap.add_argument("--no-dev", action="store_true", help="skip scoring on --dev")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--c1", type=float, default=0.02, help="L1 penalty (prunes features: smaller model)")
    ap.add_argument("--c2", type=float, default=0.01, help="L2 penalty")
    ap.add_argument("--max-iterations", type=int, default=250)
    ap.add_argument("--min-freq", type=float, default=0, help="drop features seen fewer times than this")
    ap.add_argument("--limit", type=int, help="use only the first N training lines (quick experiments)")
    args = ap.parse_args(argv)

    t0 = time.time()
    train = read_jsonl(args.train, args.limit)
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params({
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.max_iterations,
        "feature.minfreq": args.min_freq,
        "feature.possible_transitions": True,
    })
    for row in train:
        text = row["text"]
        if text:
            trainer.append(char_features(text), spans_to_tags(len(text), row["entities"]))
    print(f"features for {len(train)} lines ({sum(len(r['text']) for r in train)} chars) "
          f"in {time.time() - t0:.0f}s", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp")
    t1 = time.time()
    trainer.train(str(tmp))
    tmp.replace(args.out)
    log = trainer.logparser.last_iteration or {}
    print(f"trained in {time.time() - t1:.0f}s ({log.get('num', '?')} iterations, "
          f"{log.get('active_features', '?')} active features); total {time.time() - t0:.0f}s; "
          f"model {args.out.stat().st_size / 1e6:.2f} MB -> {args.out}", flush=True)

    if not args.no_dev and args.dev.is_file():
        dev = read_jsonl(args.dev)
        t2 = time.time()
        pred = recognize([r["text"] for r in dev], model_path=args.out)
        dt = time.time() - t2
        p, r, f = micro_f1(dev, pred)
        chars = sum(len(r["text"]) for r in dev)
        print(f"dev: P {p:.4f} R {r:.4f} F1 {f:.4f}; {chars / dt:,.0f} chars/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
