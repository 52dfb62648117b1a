from __future__ import annotations

import re
from pathlib import Path

import pytest

from dyads.errors import DataError
from dyads.events.codebook import (
    PLOVER_TYPES,
    CameoCode,
    Codebook,
    PloverContext,
    PloverType,
    default_codebook,
    goldstein_of,
    quad_class_of,
)

CROSSWALK = (
    Path(__file__).resolve().parents[3] / "shared" / "eval" / "plover-gsr" / "CAMEO2PLOVER-2021.txt"
)

ROOT_GOLDSTEIN = {
    "01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0, "08": 5.0,
    "09": -2.0, "10": -5.0, "11": -2.0, "12": -4.0, "13": -6.0, "14": -6.5, "15": -7.2,
    "16": -4.0, "17": -7.0, "18": -9.0, "19": -10.0, "20": -10.0,
}  # fmt: skip

TYPE_QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 2, "COOPERATE": 2, "AID": 2,
    "RETREAT": 2, "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 4,
    "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip


@pytest.fixture(scope="module")
def book() -> Codebook:
    return default_codebook()


def test_packaged_tables_validate_clean(book: Codebook) -> None:
    assert book.validate() == []
    assert book.data_version == "2026.11"
    assert len(book.codes) > 300


@pytest.mark.parametrize("name", PLOVER_TYPES)
def test_every_plover_type_present(book: Codebook, name: str) -> None:
    ptype = book.plover(name)
    assert ptype.quad_class == TYPE_QUAD[name]
    assert ptype.description
    assert book.has_code(ptype.cameo)
    assert -10.0 <= (ptype.score or 0.0) <= 10.0


def test_type_lookup_ignores_case(book: Codebook) -> None:
    assert book.plover("consult").name == "CONSULT"
    assert {"visit", "third-party", "multilateral", "phone"} <= set(book.plover("CONSULT").modes)
    assert {"disapprove", "investigate", "allege"} == set(book.plover("ACCUSE").modes)
    assert {"aerial", "drone"} <= set(book.plover("ASSAULT").added_modes)
    assert book.plover("PROTEST").mode_descriptions["demo"]


@pytest.mark.parametrize(("root", "goldstein"), sorted(ROOT_GOLDSTEIN.items()))
def test_every_cameo_root_present(book: Codebook, root: str, goldstein: float) -> None:
    code = book.cameo(root)
    assert code.goldstein == goldstein
    number = int(root)
    expected = 1 if number <= 5 else 2 if number <= 8 else 3 if number <= 13 else 4
    assert code.quad_class == expected


def test_codes_are_sound(book: Codebook) -> None:
    for code in book.codes:
        assert re.fullmatch(r"\d{2,4}", code.code)
        assert -10.0 <= code.goldstein <= 10.0, code
        assert code.quad_class == book.cameo(code.root).quad_class, code
        assert code.name, code


@pytest.mark.parametrize(
    ("code", "ptype", "mode", "context"),
    [
        ("072", "AID", None, "military"),
        ("112", "ACCUSE", "disapprove", None),
        ("1122", "ACCUSE", "allege", "human_rights"),
        ("190", "ASSAULT", None, "military"),
        ("163", "COERCE", "restrict", "sanctions"),  # the crosswalk files embargoes under COERCE
        ("1623", "SANCTION", "discontinue", "humanitarian"),
        ("042", "CONSULT", "visit", None),
        ("0871", "RETREAT", "ceasefire", "military"),
        ("1056", "REQUEST", "yield", "military"),
        ("2042", "ASSAULT", "unconventional", "cbrn"),
    ],
)
def test_crosswalk_spot_checks(
    book: Codebook, code: str, ptype: str, mode: str | None, context: str | None
) -> None:
    entry = book.cameo(code)
    assert entry.plover_type == ptype
    assert entry.mode == mode
    if context is not None:
        assert context in entry.context


@pytest.mark.parametrize("code", ["01", "010", "016", "02", "023", "0256"])
def test_statements_and_appeals_have_no_plover_type(book: Codebook, code: str) -> None:
    entry = book.cameo(code)
    assert entry.plover_type is None
    assert entry.note


def test_goldstein_and_quad_helpers() -> None:
    assert goldstein_of("072") == 8.3
    assert goldstein_of("0874") == 10.0
    assert quad_class_of("042") == 1
    assert quad_class_of("1384") == 3
    assert quad_class_of("193") == 4
    assert default_codebook() is default_codebook()


@pytest.mark.parametrize("code", ["999", "0", "21", "0425", ""])
def test_unknown_code_names_the_code(book: Codebook, code: str) -> None:
    with pytest.raises(DataError, match=re.escape(repr(code))):
        book.cameo(code)


def test_unknown_type_raises(book: Codebook) -> None:
    with pytest.raises(DataError, match="CRIME"):
        book.plover("CRIME")


def test_codes_for_and_default_code(book: Codebook) -> None:
    protest = {c.code for c in book.codes_for("PROTEST")}
    assert {"141", "1451", "144"} <= protest
    assert book.default_code("ACCUSE").code == "11"


def test_user_directory_overrides_one_file(tmp_path: Path) -> None:
    (tmp_path / "cameo.yaml").write_text(
        'version: "local-1"\n'
        "codes:\n"
        '  "04": {name: talk, goldstein: 1.0, quad_class: 1, type: CONSULT, mode: null,'
        " context: []}\n"
        '  "042": {name: trip, goldstein: 2.5, quad_class: 1, type: CONSULT, mode: visit,'
        " context: [diplomatic]}\n",
        encoding="utf-8",
    )
    book = Codebook.load(tmp_path)
    assert book.cameo("042").name == "trip"
    assert book.goldstein_of("042") == 2.5
    assert len(book.codes) == 2
    # plover.yaml was not overridden, so the packaged one is used
    assert book.plover("ASSAULT").quad_class == 4
    problems = book.validate()
    assert any("versions differ" in p for p in problems)
    assert any("CAMEO root 19: missing" in p for p in problems)
    with pytest.raises(DataError, match="'190'"):
        book.cameo("190")


def test_user_directory_must_exist(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        Codebook.load(tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("codes: [\n", "invalid YAML"),
        ("- a\n- b\n", "mapping at the top level"),
        ('codes: {"04": {name: x, goldstein: 1.0}}\n', "version"),
        ('version: "1"\ncodes:\n  04: {name: x, goldstein: 1.0}\n', "quoted string"),
        ('version: "1"\ncodes:\n  "04": {name: x, goldstein: high}\n', "goldstein"),
        ('version: "1"\ncodes:\n  "4x": {name: x, goldstein: 1.0}\n', "not a CAMEO code"),
    ],
)
def test_broken_override_names_the_file(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "cameo.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=problem) as caught:
        Codebook.load(tmp_path)
    assert "cameo.yaml" in str(caught.value)


def test_validate_reports_each_kind_of_problem() -> None:
    consult = PloverType("CONSULT", "meet", 1, "04", ("visit",), ("diplomatic",))
    book = Codebook(
        types=[consult, PloverType("CRIME", "x", 5, "99", (), ("nowhere",))],
        codes=[
            CameoCode("04", "consult", 1.0, 1, "CONSULT", None, ()),
            CameoCode("041", "call", 1.0, 1, "CONSULT", "phone", ()),
            CameoCode("042", "visit", 11.5, 2, "CONSULT", "visit", ("diplomatic",)),
            CameoCode("0431", "orphan", 1.0, 1, "MEET", None, ("weather",)),
        ],
        contexts=[PloverContext("diplomatic", "diplomacy", "plover")],
        version="1",
    )
    problems = "\n".join(book.validate())
    assert "PLOVER type ASSAULT: missing" in problems
    assert "PLOVER type CRIME: not one of the 16" in problems
    assert "quad class 5 is not 1-4" in problems
    assert "mode 'phone' is not a CONSULT mode" in problems
    assert "Goldstein score 11.5 is outside -10..10" in problems
    assert "CAMEO code 042: quad class 2 disagrees with root 04" in problems
    assert "parent code 043 is missing" in problems
    assert "unknown PLOVER type 'MEET'" in problems
    assert "unknown context 'weather'" in problems
    assert "CAMEO root 20: missing" in problems


def _crosswalk_rows() -> list[tuple[str, str, str | None, list[str]]]:
    rows = []
    for line in CROSSWALK.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d{3,4}):\s*([^#]*)", line.strip())
        if not match:
            continue
        parts = [p.strip() for p in match.group(2).split(",")]
        contexts = [c.strip().lower() for c in re.split(r"[;,]", ",".join(parts[2:])) if c.strip()]
        rows.append((match.group(1), parts[0], parts[1] or None, contexts))
    return rows


@pytest.mark.skipif(not CROSSWALK.exists(), reason="the PLOVER crosswalk is not beside the project")
def test_table_agrees_with_crosswalk(book: Codebook) -> None:
    rows = _crosswalk_rows()
    assert len(rows) > 250
    for code, ptype, mode, contexts in rows:
        entry = book.cameo(code)
        assert entry.plover_type == ptype, code
        if entry.mode != mode:
            # only where the crosswalk's mode is not one of the type's modes, with a note
            assert entry.mode is None and entry.note and "not among" in entry.note, code
        assert set(contexts) <= set(entry.context), code
