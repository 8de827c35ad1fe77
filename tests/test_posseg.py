"""kg.posseg (the default Chinese engine) gives jieba.posseg's words and tags, pair for pair."""

from __future__ import annotations

import json

import pytest

from kg import zhseg
from kg.build import BuildReport, read_inputs
from kg.posseg import DatPosseg, dictionary_total

from .conftest import DEV_BILINGUAL, ROOT, shared_path

# Hard cases: decimals and percentages, ASCII runs, a run the HMM leaves open at its end (在这 before a
# dictionary word), characters the HMM has never seen, full-width digits, spaces and mixed punctuation.
HARD = [
    "增长10.1%和19.5%，达到3.5亿元。",
    "在这一年中，中国的改革开放和现代化建设继续向前迈进。",
    "上海一家小厂向大船厂提出竞赛，作到经营企业化。",
    "李劼人的作品鵷鵷两部，ＧＤＰ增长１９９７年８．８％。",
    "IBM公司和AT&T在C++与c#方面合作 ,  Windows 95 版本 v2.0_beta",
    "主管副省长、县委书记和厂长们在联合推销会上讲话。\r\n第二行",
]


@pytest.fixture(scope="module")
def engines() -> tuple[DatPosseg, zhseg._Posseg]:
    zhseg.engine.cache_clear()
    fast = zhseg.engine()
    assert isinstance(fast, DatPosseg)  # the default engine
    return fast, zhseg._Posseg()


def _bodies() -> list[str]:
    articles = read_inputs([ROOT / "seeds", DEV_BILINGUAL], BuildReport())
    return [a.body_zh for a in articles if a.body_zh]


def test_same_pairs_as_jieba_posseg_on_hard_cases_and_articles(engines) -> None:
    fast, slow = engines
    lines = HARD + [line for body in _bodies() for line in body.split("\n")]
    assert len(lines) > 100
    for line in lines:
        assert fast.tag(line) == slow.tag(line), line


def test_same_pairs_as_jieba_posseg_on_the_pku_corpus(engines) -> None:
    fast, slow = engines
    with shared_path("data/pd98-dev.jsonl").open(encoding="utf-8") as fh:
        lines = [json.loads(row)["text"] for _, row in zip(range(300), fh, strict=False)]
    differing = [line for line in lines if fast.tag(line) != slow.tag(line)]
    assert differing == []


def test_domain_words_get_jiebas_frequencies_and_come_out_whole(engines) -> None:
    fast, slow = engines
    added = [w for w, _ in zhseg.domain_words() if len(w) >= 3]
    assert added
    assert fast.total == slow._pos.tokenizer.total
    assert [fast.freq(w) for w in added] == [slow._pos.tokenizer.FREQ[w] for w in added]
    assert ("主管副省长", "n") in fast.tag("由主管副省长挂帅")


def test_words_cover_the_text_exactly(engines) -> None:
    fast, _ = engines
    for line in HARD:
        assert "".join(w for w, _ in fast.tag(line)) == line


def test_dictionary_read_once_by_the_engine_gives_the_files_tags_and_frequencies(engines) -> None:
    """With the default engine, dictionary_tag and word_frequency come from the C++ loader's one reading
    of jieba's file: the same as parsing the file in Python, for its words and for the domain words
    (whose frequencies add_word changed in the engine), and nothing for a word jieba does not have."""
    fast, reference = engines
    table, total = zhseg._read_dictionary()
    assert dictionary_total(zhseg._jieba_dictionary_file().read_bytes()) == total
    assert fast.total == reference._pos.tokenizer.total  # after the domain words, as jieba sums them
    assert len(fast.base_tags) == len(table)
    for word, (freq, tag) in table.items():
        assert (zhseg.dictionary_tag(word), zhseg.word_frequency(word)) == (tag, freq), word
    added = [w for w, _ in zhseg.domain_words() if fast.freq(w) and w not in table]
    assert added and all(zhseg.dictionary_tag(w) == "" and zhseg.word_frequency(w) == 0 for w in added)
    replaced = [w for w in fast._replaced if fast.freq(w) != table[w][0]]
    assert replaced and all(zhseg.word_frequency(w) == table[w][0] for w in replaced)


def test_cached_trie_and_tags_are_the_files(tmp_path, monkeypatch) -> None:
    """The trie and tag table kept in the cache file tag as the file parsed afresh does; a damaged cache
    file is parsed around (and replaced), never trusted."""
    from kg import table_cache

    places = [tmp_path / "a" / "dat.marshal", tmp_path / "b" / "dat.marshal"]
    monkeypatch.setattr(table_cache, "places", lambda name, key: places)
    path = zhseg._jieba_dictionary_file()
    parsed = DatPosseg(path)  # no cache file yet: parsed, then written
    assert places[0].is_file() and not places[1].exists()
    cached = DatPosseg(path)
    places[0].write_bytes(b"not a marshalled trie")
    damaged = DatPosseg(path)
    assert parsed.total == cached.total == damaged.total == zhseg._read_dictionary()[1]
    assert parsed.base_tags == cached.base_tags == damaged.base_tags
    freqs = [cached.base_freq(w) for w in cached.base_tags]  # most frequent first (cache lines: _base_tables)
    assert freqs == sorted(freqs, reverse=True)
    for line in HARD:
        assert parsed.tag(line) == cached.tag(line) == damaged.tag(line)
    assert places[0].read_bytes() != b"not a marshalled trie"


def test_hmm_route_is_jiebas_viterbi_on_unseen_and_rare_characters(engines) -> None:
    """kg.pos_hmm's compiled Viterbi takes jieba's path, from jieba's start and from every state a closed
    word may leave, on runs of rare and unseen characters; its words are jieba's __cut's."""
    import importlib
    import random

    posseg = importlib.import_module("jieba.posseg")
    jieba_viterbi = importlib.import_module("jieba.posseg.viterbi").viterbi
    fast, _ = engines
    start_p, trans_p, emit_p, states = posseg.start_P, posseg.trans_P, posseg.emit_P, posseg.char_state_tab_P
    reference = posseg.POSTokenizer()
    rng = random.Random(16)
    chars = [chr(c) for c in range(0x4E00, 0x9FA5)]
    common = list("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发")
    for _ in range(400):
        pool = rng.choice([chars, common, chars + common * 50])
        obs = "".join(rng.choice(pool) for _ in range(rng.randint(1, 8)))
        last = rng.choice([None, *trans_p])
        start = start_p if last is None else dict.fromkeys(trans_p, float("-inf")) | trans_p[last]
        expected = jieba_viterbi(obs, states, start, trans_p, emit_p)[1]
        assert fast.hmm.route(obs, fast.hmm.start_vector(start)) == expected, obs
        cut = [(p.word, p.flag) for p in reference._POSTokenizer__cut(obs)]
        assert fast.hmm.cut(obs) == cut, obs


def test_short_texts_kept_are_segmented_as_afresh_until_a_word_is_added(engines) -> None:
    """zhseg keeps the words of short texts (names the rules segment again and again): the same words as
    segmenting afresh, a new list each time, and forgotten once the engine gains a word."""
    fast, _ = engines
    name = "红星卷烟厂"
    first = zhseg.tokenize(name)
    assert first == zhseg._tokenize(name) and name in zhseg._short
    again = zhseg.tokenize(name)
    assert again == first and again is not first
    again.clear()
    assert zhseg.tokenize(name) == first  # the kept words are not the caller's list
    long = "县委书记和厂长们在联合推销会上讲话，" * 3
    assert len(long) > zhseg.SHORT and zhseg.tokenize(long) == zhseg._tokenize(long)
    assert long not in zhseg._short
    fast.add_word("红星卷烟厂", "nt")
    try:
        assert [w.text for w in zhseg.tokenize(name)] == [name]  # the new word, not the kept words
    finally:
        zhseg.engine.cache_clear()  # the engine with the added word is not the others' tests'
        zhseg._short.clear()
