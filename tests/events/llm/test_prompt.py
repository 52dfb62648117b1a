"""The prompt is built from the codebook and versioned."""

from __future__ import annotations

from dyads.events.codebook import default_codebook
from dyads.events.llm.prompt import build_prompt, event_schema, user_message


def test_every_type_and_its_description_is_in_the_prompt() -> None:
    prompt = build_prompt()
    for ptype in default_codebook().types:
        assert f"- {ptype.name}: " + " ".join(ptype.description.split())[:40] in prompt.system
        assert f"- {ptype.name}: " in prompt.verify
    assert prompt.version.startswith("llm-prompt/1+")


def test_the_schema_allows_only_codebook_types() -> None:
    schema = event_schema(sorted(build_prompt().types))
    enum = schema["properties"]["events"]["items"]["properties"]["type"]["enum"]
    assert set(enum) == {t.name for t in default_codebook().types}


def test_the_user_message_holds_sentence_date_and_actors() -> None:
    message = user_message("Chile thanked Peru.", "2025-01-02", [], "Chile thanked Peru.")
    assert "Sentence: Chile thanked Peru." in message and "2025-01-02" in message
    assert "Actors found: none" in message
