import io
import json
from pathlib import Path

import pytest

from dyads.errors import InputError
from dyads.ingest.formats import read_paths
from dyads.ingest.normalise import content_id, normalise_text
from dyads.model import Article


def test_normalise_removes_zero_width_and_unifies_space() -> None:
    assert normalise_text("Rus\u200bsia\r\n\u00a0said") == "Russia\n said"


def test_same_text_same_id() -> None:
    assert content_id("a") == content_id("a") != content_id("b")


def test_reads_text_folder_jsonl_and_reports_bad_input(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Kenya hosted talks.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_bytes("\ufeffPeru protested.".encode())
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03garbage")
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 owners marched.".encode("latin-1"))
    (tmp_path / "utf16.txt").write_bytes("Chile voted.".encode("utf-16"))
    lines = [
        json.dumps({"id": "x1", "text": "Fiji agreed.", "published": "2024-05-01", "authors": "A"}),
        "{not json",
        json.dumps({"id": "x3"}),
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines), encoding="utf-8")
    results = list(read_paths([str(tmp_path)]))
    articles = [r for r in results if isinstance(r, Article)]
    errors = {str(r) for r in results if isinstance(r, InputError)}
    assert sorted(a.text for a in articles) == [
        "Chile voted.",
        "Fiji agreed.",
        "Kenya hosted talks.",
        "Peru protested.",
    ]
    fiji = next(a for a in articles if a.id == "x1")
    assert fiji.published == "2024-05-01" and fiji.authors == ("A",)
    assert any("batch.jsonl:2: is not valid JSON" in e for e in errors)
    assert any("batch.jsonl:3: has no 'text'" in e for e in errors)
    assert any("empty.txt: is empty" in e for e in errors)
    assert any("binary.txt: looks like a binary file" in e for e in errors)
    assert any("latin.txt: is not valid UTF-8" in e for e in errors)
    assert len(errors) == 5


def test_missing_path_is_an_error() -> None:
    (result,) = list(read_paths(["/nonexistent/file.txt"]))
    assert isinstance(result, InputError) and "does not exist" in str(result)


def test_stdin_of_json_lines_is_read_as_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [
        json.dumps({"id": "s1", "text": "Norway praised Chile.", "published": "2024-03-01"}),
        "",
        json.dumps({"id": "s2", "text": "Peru accused Bolivia."}),
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    results = list(read_paths(["-"]))
    assert [(a.id, a.text) for a in results if isinstance(a, Article)] == [
        ("s1", "Norway praised Chile."),
        ("s2", "Peru accused Bolivia."),
    ]
    assert results[0].published == "2024-03-01"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        'The minister said: {"deal": "off"} was the message.\n',
        '{"text": "Chile voted."}\nand then a line of prose.\n',
        '{"title": "no text field"}\n',
    ],
)
def test_stdin_that_is_not_json_lines_is_one_article(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    (article,) = list(read_paths(["-"]))
    assert isinstance(article, Article) and article.text == text.strip()
