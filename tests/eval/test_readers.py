from __future__ import annotations

from pathlib import Path

import pytest

from dyads.errors import InputError
from dyads.eval import readers
from dyads.eval.codes import non_iso_codes, normalise_code
from dyads.eval.re3d import entity_role, is_actor_entity


def test_plover_merges_records_maps_types_and_codes(gold_dir: Path) -> None:
    sentences = readers.read_plover(gold_dir / readers.PLOVER_FILE)
    assert [s.text for s in sentences] == [
        "Russia attacked Ukraine on Monday.",
        "Japan asked Ukraine for calm.",
    ]
    first, second = sentences
    assert [e.type for e in first.events] == ["ASSAULT", "CONSULT"]
    assert first.events[1].target == ()
    assert second.events[0].type == "REQUEST"
    assert second.events[0].source == ("JPN",)


def test_codes_map_cameo_to_iso() -> None:
    assert normalise_code(" jap ") == "JPN"
    assert normalise_code("IGO") == "IGO"
    assert non_iso_codes(["RUS", "IGO", "JAP", "XYZ", ""]) == {"JAP", "XYZ"}


def test_conflibert_classes(gold_dir: Path) -> None:
    sentences = readers.read_conflibert_classes(gold_dir / readers.CONFLIBERT_CLASS_FILE)
    assert [s.label for s in sentences] == [1, 0, 4]
    assert sentences[1].text == "The weather was mild in Paris."


def test_conflibert_classes_reject_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("no label here\n")
    with pytest.raises(InputError, match=r"bad\.tsv:1"):
        readers.read_conflibert_classes(path)


def test_conll_spans_and_offsets(gold_dir: Path) -> None:
    first, second = readers.read_conll_spans(gold_dir / readers.CONFLIBERT_NER_FILE)
    assert first.text == "Russian troops shelled Ukrainian positions ."
    assert [(s.role, s.first, s.last) for s in first.spans] == [("S", 0, 1), ("T", 3, 4)]
    start, end = first.offsets[3]
    assert first.text[start:end] == "Ukrainian"
    # A stray I- after O starts a span of its own.
    assert [(s.role, s.first, s.last) for s in second.spans] == [
        ("R", 0, 0),
        ("R", 2, 2),
        ("R", 4, 4),
    ]


def test_re3d_reads_json_lines_with_bom(gold_dir: Path) -> None:
    (document,) = readers.read_re3d(gold_dir / readers.RE3D_DIR)
    assert document.subset == "Test Source"
    assert document.bad_offsets == 1
    values = [e.value for e in document.entities]
    assert values == ["The  Iraqi army", "NATO", "NATO officials", "Basra", "Baghdad", "Syria"]
    # Low confidence, a city that is no capital, and a state "in" which things happen: out.
    actors = [e.value for e in document.entities if is_actor_entity(e, document.text)]
    assert actors == ["The  Iraqi army", "NATO", "Baghdad"]


def test_re3d_reads_a_json_array(tmp_path: Path) -> None:
    subset = tmp_path / "re3d" / "Array"
    subset.mkdir(parents=True)
    (subset / "documents.json").write_text('[{"_id": "A", "text": "Peru voted."}]')
    (document,) = readers.read_re3d(tmp_path / "re3d")
    assert (document.id, document.entities) == ("A", ())


@pytest.mark.parametrize(
    ("value", "etype", "confidence", "expected"),
    [
        ("the Foreign Ministry", "Organisation", 1.0, "gold"),
        ("They", "Person", 1.0, "neutral"),
        ("Kurdish", "Nationality", 0.0, "neutral"),
        ("Peru", "Location", 1.0, "gold"),
        ("Springfield", "Location", 1.0, None),
        ("rifles", "Weapon", 1.0, None),
    ],
)
def test_re3d_entity_roles(value: str, etype: str, confidence: float, expected: str | None) -> None:
    text = f"Then {value} acted."
    entity = readers.GoldEntity(etype, 5, 5 + len(value), value, confidence)
    assert entity_role(entity, text) == expected
