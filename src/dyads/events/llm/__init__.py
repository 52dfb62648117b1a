"""``llm/1``: events proposed by a language model behind an OpenAI-compatible server.

The model only proposes: every span it returns is looked up in the sentence by us
(:mod:`~dyads.events.llm.verify`), the actors are our dictionary's mentions under those spans,
and the shared tail (:mod:`dyads.events.shared`) does modality, claims, dates, places and the
record. See ``docs/llm.md``.
"""
