"""The ``llm/1`` extractor: a model proposes (or checks) events, verification keeps the true.

``--llm-mode full``: ``llm.propose/1`` asks about every sentence with an actor mention and
turns each verified answer into a :class:`~dyads.events.candidate.Candidate`.
``--llm-mode verify``: the rule stages of ``rules/1`` propose, ``llm.verify/1`` sends their
candidates (one request per sentence that has any) and the model confirms, retypes or
rejects each. Either way the shared tail does modality, claims, dates, places and records.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dyads.events.candidate import Candidate, SentenceWork
from dyads.events.llm.band import GateBand, gate_digest
from dyads.events.llm.client import ChatClient, LLMReport
from dyads.events.llm.parse import AnswerError, parse_answer
from dyads.events.llm.prompt import (
    build_prompt,
    event_schema,
    user_message,
    verify_message,
    verify_schema,
)
from dyads.events.llm.settings import LLMSettings, resolve
from dyads.events.llm.verify import verify_event
from dyads.events.rules import RULE_STAGES
from dyads.events.staged import SHARED_TAIL, StagedExtractor
from dyads.model import Event, Extraction, Mention, Sentence

NAME = "llm/1"


def client_for(llm_client: ChatClient | None, llm: Any) -> ChatClient:
    if llm_client is not None:
        return llm_client
    settings = llm if isinstance(llm, LLMSettings) else resolve(llm)
    return ChatClient(settings, build_prompt().version)


def _items(value: Any, key: str) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        value = value.get(key, [])
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


class _AsksTheModel:
    """A stage with the extractor's client, the prompt and the schema of its answers."""

    make_schema = staticmethod(event_schema)

    def __init__(self, *, llm_client: ChatClient | None = None, llm: Any = None,
                 **_options: Any) -> None:  # fmt: skip
        self.client = client_for(llm_client, llm)
        self.prompt = build_prompt()
        self.schema = self.make_schema(sorted(self.prompt.types))


class ProposeStage(_AsksTheModel):
    """Asks the model for the sentence's events; keeps those whose spans are in the text."""

    name = "llm.propose/1"
    requires = ("doc.actors",)
    assigns = ("candidates",)

    @staticmethod
    def message_for(doc: Extraction, sent: Sentence, mentions: list[Mention]) -> str:
        text = doc.article.text
        return user_message(text[sent.start : sent.end], doc.article.published, mentions, text)

    def ask(self, message: str) -> str:
        return self.client.ask("events", self.prompt.system, message, self.schema)

    def __call__(self, work: SentenceWork) -> None:
        if not work.mentions:  # no role could be filled: nothing to ask
            return
        answer = self.ask(self.message_for(work.doc, work.sentence, work.mentions))
        report = self.client.report
        try:
            data, how = parse_answer(answer)
        except AnswerError:
            report.unreadable += 1
            return
        report.truncated += how == "truncated"
        text, sent = work.layers.text, work.sentence
        for item in _items(data, "events"):
            report.events_proposed += 1
            etype = str(item.get("type") or "").strip().upper()
            if etype not in self.prompt.types:
                report.dropped += 1
                continue
            found = verify_event(text, sent.start, sent.end, item, work.mentions)
            if found is None:
                report.hallucinated += 1
                continue
            if not found.source and not found.target:
                report.dropped += 1  # spans in the text, but no actor of ours under them
                continue
            mode = item.get("mode")
            work.candidates.append(Candidate(
                work.sentence, found.trigger, etype, source=found.source, target=found.target,
                pattern=NAME, mode=mode if mode in self.prompt.modes[etype] else None,
                negated=item.get("negated") is True, hypothetical=item.get("hypothetical") is True,
                trace=[f"llm:{self.client.settings.model}"],
            ))  # fmt: skip


def _names(mentions: list[Mention], text: str) -> str:
    return ", ".join(f'"{text[m.start : m.end]}"' for m in mentions) or "none"


class VerifyStage(_AsksTheModel):
    """Sends the rule candidates of a sentence; confirms, retypes or rejects each."""

    name = "llm.verify/1"
    requires = ("candidates",)
    assigns = ("llm.verified",)
    make_schema = staticmethod(verify_schema)

    def __init__(self, *, llm_client: ChatClient | None = None, llm: Any = None,
                 model: str | Path | None = None, **options: Any) -> None:  # fmt: skip
        super().__init__(llm_client=llm_client, llm=llm)
        self.band = GateBand(self.client.settings.band_range, model, options)

    def __call__(self, work: SentenceWork) -> None:
        if not work.candidates:
            return
        split = self.band.triage(work)
        report = self.client.report
        report.gate_kept += len(split.keep)
        report.gate_dropped += len(split.drop)
        if not split.ask:  # the gate is sure of every candidate: no request
            work.candidates[:] = split.keep
            return
        proposed = list(work.candidates)
        work.candidates[:] = split.ask
        self._ask(work)
        kept = {id(c) for c in split.keep} | {id(c) for c in work.candidates}
        work.candidates[:] = [c for c in proposed if id(c) in kept]  # in the rules' order

    def _ask(self, work: SentenceWork) -> None:
        """Confirms, retypes or rejects each of ``work.candidates``."""
        text, sent = work.layers.text, work.sentence
        proposals = [
            f'{c.type}: trigger "{c.trigger.text_in(text)}", source {_names(c.source, text)}, '
            f"target {_names(c.target, text)}"
            for c in work.candidates
        ]
        message = verify_message(text[sent.start : sent.end], work.doc.article.published,
                                 proposals)  # fmt: skip
        answer = self.client.ask("verify", self.prompt.verify, message, self.schema)
        report = self.client.report
        try:
            data, _how = parse_answer(answer)
        except AnswerError:
            report.unreadable += 1  # keep what the rules said
            return
        decisions: dict[int, Mapping[str, Any]] = {}
        for item in _items(data, "decisions"):
            if isinstance(item.get("id"), int):
                decisions.setdefault(item["id"], item)
        kept: list[Candidate] = []
        for i, cand in enumerate(work.candidates):
            decision = decisions.get(i, {})
            verdict = decision.get("decision")
            new_type = str(decision.get("type") or "").upper()
            if verdict == "reject":
                report.rejected += 1
                continue
            if verdict == "retype" and new_type in self.prompt.types and new_type != cand.type:
                report.retyped += 1
                cand.trace.append(f"llm:retype:{cand.type}->{new_type}")
                cand.type, cand.cameo, cand.mode, cand.complement = new_type, None, None, None
            kept.append(cand)
        work.candidates[:] = kept


class LLMExtractor(StagedExtractor):
    """``llm/1``: settings from ``llm=`` (a mapping or :class:`LLMSettings`), else the
    environment; ``report`` is the run's :class:`LLMReport`."""

    def __init__(self, **options: Any) -> None:
        self.client = client_for(options.pop("llm_client", None), options.pop("llm", None))
        self.mode = self.client.settings.mode
        stages = ["llm.propose/1"] if self.mode == "full" else [*RULE_STAGES, "llm.verify/1"]
        self.gate_model = options.get("model")
        super().__init__(NAME, [*stages, *SHARED_TAIL], llm_client=self.client, **options)

    @property
    def data_version(self) -> str:
        """What the events depend on beyond the dictionaries: the model's name (not the URL
        it is served from), the prompt's version, the mode, and in verify mode the gate band
        and the gate model; stored with the events so that a change shows (``recode``)."""
        s = self.client.settings
        parts = [f"llm={s.model}", f"prompt={self.client.prompt_version}", f"mode={self.mode}"]
        if self.mode == "verify":
            low, high = s.band_range
            parts.append(f"band={low:g}-{high:g}")
            if (low, high) != (0.0, 1.0):
                parts.append(f"gate={gate_digest(self.gate_model)}")
        return ";".join(parts)

    @property
    def report(self) -> LLMReport:
        return self.client.report

    def __call__(self, doc: Extraction) -> list[Event]:
        if not any(m.actor.kind != "outlet" for m in doc.actors):
            return []
        if self.mode == "full":
            self._prefetch(doc)
        return super().__call__(doc)

    def _prefetch(self, doc: Extraction) -> None:
        """Ask about the article's sentences concurrently; the stage then reads the cache."""
        stage = self.stages[0]
        if not isinstance(stage, ProposeStage) or self.client.settings.concurrency < 2:
            return
        by_sentence: dict[int, list[Mention]] = {}
        for m in doc.actors:
            if m.actor.kind != "outlet":
                by_sentence.setdefault(m.sentence, []).append(m)
        messages = [stage.message_for(doc, s, by_sentence[s.index])
                    for s in doc.sentences if s.index in by_sentence]  # fmt: skip
        self.client.prefetch("events", stage.prompt.system, messages, stage.schema)
