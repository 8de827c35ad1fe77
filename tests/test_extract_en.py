"""English extraction on realistic sentences written for the tests (not from the seed articles)."""

from __future__ import annotations

import pytest

from kg.pipeline import extract_doc
from kg.records import Article


def run(nlp, text: str, authors: tuple[str, ...] = ()):
    article = Article(id="t", source="t.txt", sha256="0" * 64, body_en=text, authors_en=authors)
    return extract_doc(article, nlp(text))


def labels(result) -> set[tuple[str, str]]:
    return {(e.type, e.label_en) for e in result.entities}


@pytest.mark.parametrize(("text", "expected"), [
    ("Workers at Wuhan Boiler Factory overfulfilled the plan.", ("Enterprise", "Wuhan Boiler Factory")),
    ("The Anshan Iron and Steel Company raised output.", ("Enterprise", "Anshan Iron and Steel Company")),
    ("The Ministry of Railways issued a circular.", ("GovernmentBody", "Ministry of Railways")),
    ("The Hubei Provincial Party Committee met in Wuhan.", ("PartyBody", "Hubei Provincial Party Committee")),
    ("The Liaoning Provincial Government approved the plan.",
     ("GovernmentBody", "Liaoning Provincial Government")),
    ("Xinhua News Agency reported the news.", ("Organization", "Xinhua News Agency")),
    ("Factories in Hunan Province cut costs.", ("Province", "Hunan")),
    ("Guangzhou City opened a trade fair.", ("City", "Guangzhou")),
    ("Enterprises adopted the factory director responsibility system.",
     ("PolicyMechanism", "factory director responsibility system")),
    ("Mayor Zhu Rongji spoke at the meeting in Shanghai.", ("Person", "Zhu Rongji")),
])
def test_entity_types(nlp, text: str, expected: tuple[str, str]) -> None:
    assert expected in labels(run(nlp, text))


def test_short_body_names_take_the_article_place(nlp) -> None:
    """'the Municipal Government' in a Shenyang article is the Shenyang Municipal Government."""
    result = run(nlp, "People's Daily, Shenyang, May 3rd. Shenyang is short of funds. "
                      "The Municipal Government set up a funds coordination group.")

    assert ("GovernmentBody", "Shenyang Municipal Government") in labels(result)


def test_title_before_name_is_a_post_in_the_local_body(nlp) -> None:
    result = run(nlp, "Xiamen kept growing. Mayor Zou Erjun visited Xiamen Textile Factory.")

    posts = [(r.subject, r.post.title_en, r.post.body) for r in result.relations if r.post]
    assert (("Person", "zou-erjun"), "Mayor", ("GovernmentBody", "xiamen-municipal-government")) in posts


def test_bylines_are_not_people(nlp) -> None:
    result = run(nlp, "From our reporter Li Anda in Changchun: output rose.", authors=("Lǐ Āndá",))

    assert not any(e.type == "Person" for e in result.entities)


def test_relations_carry_their_sentence(nlp) -> None:
    text = ("Nanjing is busy. The Nanjing Municipal Government established a Production Command Center. "
            "It also adopted the contract management system.")
    result = run(nlp, text)
    preds = {(r.subject[1], r.predicate, r.object[1]) for r in result.relations if r.object}

    assert ("nanjing-municipal-government", "governs", "nanjing") in preds
    assert ("nanjing-municipal-government", "establishes", "nanjing-production-command-center") in preds
    assert ("nanjing-production-command-center", "instanceOfMechanism", "production-command-center") in preds
    for rel in result.relations:
        assert text[rel.evidence.start : rel.evidence.end] == rel.evidence.text
