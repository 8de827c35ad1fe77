"""kg.table_cache: a table built once, then read back in later processes; bad files never trusted."""

from __future__ import annotations

from kg import cedict, table_cache


def test_built_once_then_read_back(tmp_path, monkeypatch) -> None:
    files = [tmp_path / "pkg" / "t.marshal", tmp_path / "user" / "t.marshal"]
    monkeypatch.setattr(table_cache, "places", lambda name, key: files)
    calls = []

    def build() -> dict[str, str]:
        calls.append(1)
        return {"卷烟": "cigarette", "化工": "chemical industry"}

    first = table_cache.cached("t", b"key", build)
    assert files[0].is_file() and calls == [1]
    assert table_cache.cached("t", b"key", build) == first and calls == [1]  # read back, not built
    files[0].write_bytes(b"\x00garbage")
    assert table_cache.cached("t", b"key", build) == first and calls == [1, 1]  # damaged: built again
    assert table_cache.cached("t", b"key", build, check=lambda v: "x" in v) == first and len(calls) == 3


def test_unwritable_places_still_give_the_table(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    files = [blocker / "a.marshal", blocker / "b.marshal"]
    monkeypatch.setattr(table_cache, "places", lambda name, key: files)
    assert table_cache.cached("t", b"k", lambda: [1, 2]) == [1, 2]


def test_key_names_the_input() -> None:
    assert table_cache.places("t", b"one") != table_cache.places("t", b"two")
    assert table_cache.places("t", b"one") == table_cache.places("t", b"one")


def test_cedict_glosses_cached_are_the_parsed(tmp_path, monkeypatch) -> None:
    files = [tmp_path / "c.marshal"]
    monkeypatch.setattr(table_cache, "places", lambda name, key: files)
    cedict.glosses.cache_clear()
    parsed = cedict.glosses()
    cedict.glosses.cache_clear()
    assert files[0].is_file() and cedict.glosses() == parsed and len(parsed) > 50_000
    cedict.glosses.cache_clear()


def test_a_new_key_replaces_the_tables_old_file(tmp_path, monkeypatch) -> None:
    real = table_cache.places
    monkeypatch.setattr(table_cache, "places", lambda name, key: [tmp_path / real(name, key)[0].name])
    table_cache.cached("t", b"old input", lambda: 1)
    table_cache.cached("other", b"old input", lambda: 2)
    table_cache.cached("t", b"new input", lambda: 3)
    kept = sorted(p.name.split("-")[0] for p in tmp_path.glob("*.marshal"))
    assert kept == ["other", "t"] and table_cache.cached("t", b"new input", lambda: 4) == 3


def test_a_new_key_keeps_a_table_whose_name_extends_this_ones(tmp_path, monkeypatch) -> None:
    real = table_cache.places
    monkeypatch.setattr(table_cache, "places", lambda name, key: [tmp_path / real(name, key)[0].name])
    table_cache.cached("t-x", b"input", lambda: 1)
    table_cache.cached("t", b"input", lambda: 2)
    assert table_cache.cached("t-x", b"input", lambda: 3) == 1  # not removed as an old 't' table


def test_a_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch) -> None:
    """The temporary file is removed when it cannot replace the table's file (here a folder)."""
    target = tmp_path / "d" / "t.marshal"
    (target / "inside").mkdir(parents=True)
    monkeypatch.setattr(table_cache, "places", lambda name, key: [target])
    assert table_cache.cached("t", b"k", lambda: [1, 2]) == [1, 2]
    assert sorted(p.name for p in target.parent.iterdir()) == ["t.marshal"]
