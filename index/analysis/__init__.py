"""The analysis pipeline: a literal, ordered list of small steps, one concern per module.

    NFKC → OpenCC t2s → the mainland's standard characters → segmentation → Latin folding

Character steps (``nfkc``, ``script``, ``variants``) map text to text and carry each character's origin in the
original text; segmentation turns the normalized text into tokens whose spans are ORIGINAL offsets; token steps only
change token text. Two segmentations share the character steps: ``WORDS`` (jieba words, for ranking) and ``GRAMS``
(Han bigrams, for literal matching of any run of Han characters: what the literal index holds).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import opencc

from tongwen.index import import_jieba

from ..adapters import jieba_dictionary
from . import dictionary, latin, nfkc, script, segment, variants
from .dictionary import Vocabulary
from .token import Mapped, Token

jieba = import_jieba()


@dataclass(frozen=True)
class Pipeline:
    """An ordered list of steps: character steps (text → text, origins kept), one segmenter, token steps.

    The only way text is analyzed, for documents and for queries alike; iterating it gives its steps in order.
    """

    name: str
    char_steps: tuple[Callable[[Mapped], Mapped], ...]
    segmenter: Callable[[Mapped, str], list[Token]]
    token_steps: tuple[Callable[[list[Token]], list[Token]], ...]
    # Where the segmenter's domain words come from (read when first needed, never at import); None: it needs none.
    vocabulary: Callable[[], Vocabulary] | None = None

    def __iter__(self):
        return iter((*self.char_steps, self.segmenter, *self.token_steps))

    def normalize(self, text: str) -> Mapped:
        """The character steps over ``text``, each character remembering its origin."""
        m = Mapped(text)
        for step in self.char_steps:
            m = step(m)
        return m

    def prepare(self, for_queries: bool = False) -> None:
        """Teach the segmenter its vocabulary (once per process; a writer does it before forking its workers).

        ``for_queries``: the process segments queries only (a searcher), which may map the taught dictionary from
        a table instead of loading it; a process that segments documents after that loads it whole."""
        if self.vocabulary is not None and (for_queries or segment.loaded() != segment.WHOLE):
            segment.teach(self.vocabulary(), for_queries)

    def tokens(self, m: Mapped, mode: str = "index") -> list[Token]:
        """The segmenter and token steps over text the character steps have normalized already."""
        if not segment.taught():
            self.prepare()
        tokens = self.segmenter(m, mode)
        for step in self.token_steps:
            tokens = step(tokens)
        return tokens

    def run(self, text: str, mode: str = "index") -> list[Token]:
        """The whole pipeline over ``text``."""
        return self.tokens(self.normalize(text), mode)


CHAR_STEPS = (nfkc.nfkc, script.t2s, variants.fold_variants)
WORDS = Pipeline("words", CHAR_STEPS, segment.words, (latin.fold_and_stem,), vocabulary=dictionary.vocabulary)
# Exactly what the literal index encodes (``literal.LiteralPart``), shown by ``tongwen analyze``.
GRAMS = Pipeline("grams", CHAR_STEPS, segment.grams, ())
# The Latin words of a query as the word field holds them (its own segmenter: no jieba).
LATIN_WORDS = Pipeline("latin_words", CHAR_STEPS, segment.latin_words, (latin.fold_and_stem,))
# ... and as highlighting matches them in a passage: folded, not stemmed.
LATIN_FOLDED = Pipeline("latin_folded", CHAR_STEPS, segment.latin_words, (latin.fold,))
PIPELINES = (WORDS, GRAMS, LATIN_WORDS, LATIN_FOLDED)

# Bump when a step changes what it emits without changing its name; the version also names every step, so adding,
# removing or reordering steps asks for a rebuild by itself.
PIPELINE_REVISION = "11"

__all__ = ["Mapped", "Token", "normalize", "fold_key", "fold_keys", "analyze", "words", "grams", "pipeline_version",
           "reconstruct"]


def normalize(text: str) -> Mapped:
    """Run the character steps over ``text``: NFKC, Traditional → Simplified, the mainland's standard characters;
    offsets kept."""
    return WORDS.normalize(text)


def fold_key(text: str) -> str:
    """``text`` as compared wherever two spellings must meet as one key: normalized (NFKC, Simplified), lower case."""
    return normalize(text).text.lower()


def fold_keys(texts: list[str]) -> list[str]:
    """``fold_key`` of each of ``texts``, in one pass over them joined by line breaks (no step looks across one):
    opening an index folds every title, and a call per title costs ten times the work."""
    if any("\n" in text for text in texts):
        return [fold_key(text) for text in texts]
    folded = fold_key("\n".join(texts)).split("\n")
    if len(folded) != len(texts):  # a step that made a line break after all: one at a time, then
        return [fold_key(text) for text in texts]
    return folded


def analyze(pipeline: Pipeline, text: str, mode: str = "index") -> list[Token]:
    """Run a whole pipeline (``WORDS`` or ``GRAMS``) over ``text``."""
    return pipeline.run(text, mode)


def words(text: str, mode: str = "index") -> list[Token]:
    """Word tokens of ``text`` (jieba search mode for ``index``, precise mode for ``query``)."""
    return analyze(WORDS, text, mode)


def grams(text: str, mode: str = "index") -> list[Token]:
    """Literal tokens of ``text``: its Han bigrams, and each run's last character, as the literal index holds them."""
    return analyze(GRAMS, text, mode)


# How many characters either side of a character a character step may look at to decide what it becomes, spaces
# between them aside (the variant folds look at one neighbour: 显著 keeps its 著, 随著 does not).
CONTEXT = 4


def _window(original: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened by CONTEXT characters that are not spaces on either side, as far as ``original`` goes."""
    lo, seen = start, 0
    while lo > 0 and seen < CONTEXT:
        lo -= 1
        seen += not original[lo].isspace()
    hi, seen = end, 0
    while hi < len(original) and seen < CONTEXT:
        seen += not original[hi].isspace()
        hi += 1
    return lo, hi


def normalize_token_text(original: str, start: int, end: int, kind: str, stem: bool) -> str:
    """What the span [start, end) of ``original`` normalizes to as a token of ``kind``, read amid the characters
    around it as the pipeline read it: the reconstruct check's other side."""
    lo, hi = _window(original, start, end)
    m = normalize(original[lo:hi])
    text = "".join(ch for k, ch in enumerate(m.text)
                   if start - lo <= m.span(k, k + 1)[0] and m.span(k, k + 1)[1] <= end - lo)
    if kind == "latin":
        return latin.fold([Token(text, 0, len(text), kind)], stem=stem)[0].text
    if kind == "han":  # a bigram may span a line break inside a word: the literal index squeezes it out
        return script.squeeze(text)
    if kind == "unit":  # a number or Latin word and a Han word: lower-cased, without the spaces between
        return "".join(text.split()).lower()
    return text


def reconstruct(tokens: list[Token], original: str, stem: bool) -> list[Token]:
    """Tokens whose span, sliced from ``original`` and normalized where it stands, is NOT the token (empty when all
    is well).

    A character that NFKC expands (㈠ → (一)) is one origin for several characters, so a token made of part of
    its expansion only has to occur inside what its span normalizes to.
    """
    bad = []
    for t in tokens:
        got = normalize_token_text(original, t.start, t.end, t.kind, stem)
        if got != t.text and not (len(got) > t.end - t.start and t.text in got):
            bad.append(t)
    return bad


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha1(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return "none"


def pipeline_version() -> str:
    """Identifies how queries and documents are analyzed: steps, jieba and OpenCC versions."""
    steps = ";".join(f"{p.name}=" + ",".join(step.__name__ for step in p) for p in PIPELINES)
    digest = hashlib.sha1(steps.encode()).hexdigest()[:8]
    return f"p{PIPELINE_REVISION}.{digest}-jieba{jieba.__version__}-opencc{opencc.__version__}"


def dictionary_version(extra: list[Path] | None = None) -> str:
    """A digest of the segmentation dictionaries (jieba's own plus any user dictionaries) in use."""
    main = jieba_dictionary()
    parts = [_file_digest(main)]
    parts += [_file_digest(p) for p in extra or []]
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:12]
