"""The prompt and the answer schema of ``llm/1``, built from the codebook (data, not code).

The template is ``data/llm/prompt.yaml``; the types, descriptions and modes come from
``data/plover.yaml``. :data:`PROMPT_VERSION`-like strings (:func:`prompt_version`) name the
template and the codebook version together, so that the response cache never answers a new
prompt with an old reply.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from dyads.events.codebook import Codebook, default_codebook
from dyads.model import Mention
from dyads.nlp import yamlfast


@cache
def template() -> dict[str, str]:
    raw = resources.files("dyads.data").joinpath("llm/prompt.yaml").read_text(encoding="utf-8")
    data: dict[str, str] = yamlfast.safe_load(raw)
    return data


def type_lines(codebook: Codebook) -> str:
    t = template()
    lines = []
    for ptype in codebook.types:
        modes = t["modes_line"].format(modes=", ".join(ptype.modes)) if ptype.modes else ""
        desc = " ".join(ptype.description.split())
        lines.append(t["type_line"].format(name=ptype.name, description=desc, modes=modes))
    return "\n".join(lines)


@dataclass(frozen=True)
class Prompt:
    """The two system prompts (full coding, verifying rule candidates) and their version."""

    system: str
    verify: str
    version: str
    types: frozenset[str]
    modes: dict[str, frozenset[str]]


@cache
def build_prompt() -> Prompt:
    codebook = default_codebook()
    t = template()
    types = type_lines(codebook)
    system = t["system"].format(types=types)
    verify = t["verify"].format(types=types)
    digest = hashlib.sha256((system + "\0" + verify).encode()).hexdigest()[:8]
    return Prompt(
        system=system,
        verify=verify,
        version=f"{t['version']}+{digest}",
        types=frozenset(p.name for p in codebook.types),
        modes={p.name: frozenset(p.modes) for p in codebook.types},
    )


def prompt_version() -> str:
    return build_prompt().version


def user_message(sentence: str, published: str | None, mentions: Sequence[Mention],
                 text: str) -> str:  # fmt: skip
    names = list(dict.fromkeys(text[m.start : m.end] for m in mentions))
    return template()["user"].format(
        sentence=sentence, published=published or "unknown", actors="; ".join(names) or "none"
    )


def verify_message(sentence: str, published: str | None, proposals: Sequence[str]) -> str:
    listed = "\n".join(f"{i}. {p}" for i, p in enumerate(proposals))
    return template()["verify_user"].format(
        sentence=sentence, published=published or "unknown", proposals=listed
    )


def _nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


def event_schema(types: Sequence[str]) -> dict[str, Any]:
    """The JSON schema of a full answer (``response_format`` where the server takes one)."""
    event = {
        "type": "object",
        "properties": {
            "type": {"type": "string", "enum": sorted(types)},
            "mode": _nullable("string"),
            "source": _nullable("string"),
            "target": _nullable("string"),
            "trigger": {"type": "string"},
            "negated": {"type": "boolean"},
            "hypothetical": {"type": "boolean"},
        },
        "required": ["type", "source", "target", "trigger"],
    }
    return {
        "type": "object",
        "properties": {"events": {"type": "array", "items": event}},
        "required": ["events"],
    }


def verify_schema(types: Sequence[str]) -> dict[str, Any]:
    decision = {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "decision": {"type": "string", "enum": ["confirm", "retype", "reject"]},
            "type": {"type": ["string", "null"], "enum": [*sorted(types), None]},
        },
        "required": ["id", "decision"],
    }
    return {
        "type": "object",
        "properties": {"decisions": {"type": "array", "items": decision}},
        "required": ["decisions"],
    }
