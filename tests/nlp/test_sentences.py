import pytest

from dyads.nlp.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Troops crossed the border. Talks failed.",
            ["Troops crossed the border.", "Talks failed."],
        ),
        (
            "Gen. Miller met U.S. envoys. They agreed.",
            ["Gen. Miller met U.S. envoys.", "They agreed."],
        ),
        (
            "Headline here\nBody text starts. It goes on.",
            ["Headline here", "Body text starts.", "It goes on."],
        ),
        (
            "Baku.News reports that Azerbaijan protested. Nothing else.",
            ["Baku.News reports that Azerbaijan protested.", "Nothing else."],
        ),
        (
            "He said “We will not retreat.” Then he left.",
            ["He said “We will not retreat.”", "Then he left."],
        ),
        (
            "John F. Kennedy spoke on Jan. 5 in Berlin.",
            ["John F. Kennedy spoke on Jan. 5 in Berlin."],
        ),
        ("", []),
        ("   \n\n  ", []),
    ],
)
def test_split(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_offsets_and_indexes() -> None:
    text = "One. Two.\nThree!"
    sents = split_sentences(text)
    assert [s.index for s in sents] == [0, 1, 2]
    assert all(text[s.start : s.end].strip() == text[s.start : s.end] for s in sents)
