"""kg/fast_pipes.py: the stand-ins annotate exactly as the model's own attribute_ruler and lemmatizer."""

from __future__ import annotations

import pytest
import spacy
from threadpoolctl import threadpool_info

from kg.build import BuildReport, read_inputs
from kg.fast_pipes import AttributeMatch, speed_up
from kg.nlp import DEFAULT_MODEL
from kg.pipeline import ascii_punctuation

from .conftest import DEV_BILINGUAL, ROOT

COLUMNS = ["TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE"]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    articles = read_inputs([ROOT / "seeds", DEV_BILINGUAL], BuildReport())
    found = [ascii_punctuation(a.body_en) for a in articles if a.body_en]
    # what the rare patterns are for: contractions, "gon na", "let 's", a space token, no text at all
    return [*found, "Ain't nothin' gonna stop us, y'all.  Let's go; it's gotta be done.\n\nC'mon!", ""]


def test_the_build_pipeline_uses_the_stand_ins(nlp) -> None:
    assert isinstance(nlp.get_pipe("attribute_ruler").match, AttributeMatch)
    assert nlp.get_pipe("lemmatizer").pipe.__qualname__ == "LemmaLookup.pipe"
    for name in ("tok2vec", "ner"):
        assert {node.ops.use_blis for node in nlp.get_pipe(name).model.walk()} == {False}
    # numpy's BLAS on one thread: more would only wait for each other on these small matrices
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and {pool["num_threads"] for pool in blas} == {1}


def test_same_annotations_as_spacy(texts: list[str]) -> None:
    plain = spacy.load(DEFAULT_MODEL)
    fast = spacy.load(DEFAULT_MODEL)
    speed_up(fast)
    for _ in range(2):  # the second pass answers from the memos
        for want, got in zip(plain.pipe(texts), fast.pipe(texts, batch_size=4), strict=True):
            assert got.to_array(COLUMNS).tolist() == want.to_array(COLUMNS).tolist(), want.text[:60]
    assert len(fast.get_pipe("attribute_ruler").match.memo) > 1000


def test_matches_equal_the_matchers(texts: list[str]) -> None:
    nlp = spacy.load(DEFAULT_MODEL)
    ruler = nlp.get_pipe("attribute_ruler")
    fast = AttributeMatch(ruler)
    assert fast.ok
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        docs = list(nlp.pipe(texts))
    found = [fast(doc) for doc in docs]
    assert found == [sorted(set(ruler.match(doc))) for doc in docs]
    assert any(end - start > 1 for doc in found for _, _, start, end in doc)  # a two-token pattern matched
