"""The document's layers: made once per document, shared by every reader, never between two."""

from __future__ import annotations

from dyads.nlp.layers import Layers
from dyads.nlp.outlets import outlet_chain
from dyads.nlp.quotes import find_attributions, find_quotes
from dyads.nlp.sentences import split_sentences
from dyads.nlp.tokens import Lemmatizer, tokenize

TEXT = (
    "Borduria shelled the port of Tarsk on Monday, the Daily Ledger reports, citing officials. "
    '"We will answer," the minister said in Szohod. The talks resume next week.'
)


def layers(text: str = TEXT, lemmatizer: Lemmatizer | None = None) -> Layers:
    return Layers(text, split_sentences(text), published="2024-03-06", lemmatizer=lemmatizer)


def test_each_layer_is_made_once_and_equals_the_direct_scan() -> None:
    doc = layers()
    first = doc.tokens(1)
    assert doc.tokens(1) is first
    sent = doc.sentences[1]
    assert first == tokenize(TEXT, sent.start, sent.end)
    assert doc.quotes is doc.quotes
    assert doc.quotes == find_quotes(TEXT)
    assert doc.attributions == find_attributions(TEXT, doc.sentences)
    assert doc.reported_by == outlet_chain(TEXT, doc.sentences)
    assert doc.dates(0) is doc.dates(0)
    assert [d.date for d in doc.dates(0)] == ["2024-03-04"]
    assert len(doc.dates(2)) == 1 and doc.dates(2)[0].date > "2024-03-06"


def test_tokens_use_the_lemmatiser_given() -> None:
    plain = layers().tokens(0)
    own = layers(lemmatizer=Lemmatizer(["shell"])).tokens(0)
    assert own.lemmas[own.lower.index("shelled")] == "shell"
    assert plain.lower == own.lower and plain.starts == own.starts


def test_two_documents_share_no_layer() -> None:
    one, two = layers(), layers("Tarsk is quiet. Nothing happened in Szohod.")
    assert one.tokens(0) is not two.tokens(0)
    assert one.tokens(0).lower != two.tokens(0).lower
    assert two.quotes == [] and one.quotes != []


def test_the_gazetteer_is_loaded_only_for_a_sentence_with_a_locative() -> None:
    from dyads.nlp.places import default_gazetteer

    loads: list[int] = []

    def gazetteer():  # type: ignore[no-untyped-def]
        loads.append(1)
        return default_gazetteer()

    text = "Borduria shelled Tarsk on Monday. Troops massed in Kyiv."
    doc = Layers(text, split_sentences(text), gazetteer=gazetteer)
    assert doc.places(0) == () and loads == []
    assert [h.place.name for h in doc.places(1)] == ["Kyiv"] and loads == [1]


def test_an_extraction_travels_without_its_layers() -> None:
    """Worker processes hand back extractions: the layers (tokens, lemmatiser, gazetteer)
    stay behind, so the parent receives sentences, mentions and events only."""
    import pickle

    from dyads.pipeline import extract

    doc = extract("Borduria shelled Tarsk in Kyiv on Monday.", published="2024-03-06")
    assert doc.layers is not None and doc.layers.places(0)  # the gazetteer was loaded
    copy = pickle.loads(pickle.dumps(doc))
    assert copy.layers is None
    assert (copy.sentences, copy.actors, copy.events) == (doc.sentences, doc.actors, doc.events)
    assert len(pickle.dumps(doc)) < 20_000


def test_tokens_carry_their_shape() -> None:
    text = "Borduria bought 1,200 drones from the U.S. in 2024"
    tokens = layers(text).tokens(0)
    shapes = [tokens.shape(text, i) for i in range(len(tokens))]
    assert shapes == ["Xxxxx", "xxxx", "d,ddd", "xxxx", "xxxx", "xxx", "X.X", ".", "xx", "dddd"]
    assert tokens.capitalised == [s[0] == "X" for s in shapes]
