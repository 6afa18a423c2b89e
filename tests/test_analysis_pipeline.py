"""The whole pipeline: a golden table, and properties that must hold for any text."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongwen.index import analysis
from tongwen.index.analysis import GRAMS, WORDS, grams, normalize, reconstruct, words
from tongwen.index.analysis.script import squeeze, to_simplified
from tongwen.index.literal import SHIFT, LiteralPart
from tongwen.search.display import to_traditional

SAMPLE_HAN = "中關村科學城海淀区立足创新软体網路资料庫的是在和核心区国际标准隨著顯土帳篷户衞身分"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("中關村科學城", [("中关", 0, 2), ("中关村", 0, 3), ("中关村科学城", 0, 6), ("关村", 1, 3), ("科学", 3, 5),
                         ("科学城", 3, 6)]),
        ("ＧＤＰ增長", [("gdp", 0, 3), ("gdp增长", 0, 5), ("增长", 3, 5)]),
        ("第 12 條", [("第", 0, 1), ("第12", 0, 4), ("第12条", 0, 6), ("12", 2, 4), ("12条", 2, 6), ("条", 5, 6)]),
        ("海淀區 RISC-V", [("海淀", 0, 2), ("海淀区", 0, 3), ("淀区", 1, 3), ("risc", 4, 8), ("risc-v", 4, 10)]),
        ("㈠政策 policies", [("一", 0, 1), ("政策", 1, 3), ("polici", 4, 12)]),
    ],
)
def test_the_word_pipeline_normalizes_segments_and_keeps_original_spans(text, expected):
    assert [(t.text, t.start, t.end) for t in words(text)] == expected


def test_the_pipelines_are_literal_ordered_lists_of_steps():
    names = [f.__name__ for f in WORDS]
    assert names == ["nfkc", "t2s", "fold_variants", "words", "fold_and_stem"]
    assert [f.__name__ for f in GRAMS] == ["nfkc", "t2s", "fold_variants", "grams"]


mixed_text = st.text(
    alphabet=st.sampled_from(list(SAMPLE_HAN) + list("ＧＤＰgdpRISC-V5G 10.6，。、\n㈠ﬁＡ“”《》「」\"")), max_size=60
)


@settings(max_examples=200, deadline=None)
@given(mixed_text)
def test_every_token_span_slices_the_original_text_to_the_token(text):
    assert reconstruct(words(text), text, stem=True) == []
    assert reconstruct(grams(text), text, stem=False) == []
    for tok in words(text) + grams(text):
        assert 0 <= tok.start < tok.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(mixed_text)
def test_the_gram_pipeline_is_exactly_what_the_literal_index_encodes(text):
    """``tongwen analyze`` shows the literal index's entries: the same bigrams and characters, in the same order."""
    part = LiteralPart.encode([squeeze(normalize(text).text)])
    order = np.argsort(part.positions, kind="stable")
    shift, low = int(SHIFT), (1 << int(SHIFT)) - 1
    stored = [chr(c >> shift) + (chr(c & low) if c & low else "") for c in part.codes[order].tolist()]
    assert [t.text for t in grams(text, "index")] == stored


@settings(max_examples=200, deadline=None)
@given(mixed_text)
def test_query_terms_are_terms_the_index_holds_for_the_same_string(text):
    index_words = {t.text for t in words(text, "index")}
    assert {t.text for t in words(text, "query")} <= index_words
    index_grams = {t.text for t in grams(text, "index")}
    assert {t.text for t in grams(text, "query")} <= index_grams


@settings(max_examples=200, deadline=None)
@given(mixed_text)
def test_a_text_and_its_other_script_twin_analyze_to_the_same_terms(text):
    for twin in (to_simplified(text), to_traditional(text)):
        assert [t.text for t in words(twin, "query")] == [t.text for t in words(text, "query")]
        assert [t.text for t in grams(twin, "query")] == [t.text for t in grams(text, "query")]


def test_no_step_of_the_analysis_runs_outside_a_pipeline():
    """Segmenters and token steps are called only by the pipelines: a module that calls one by hand analyzes
    text differently from the index without anyone noticing (charabia's check)."""
    import re
    from pathlib import Path

    from tongwen.index.analysis import PIPELINES

    steps = {step.__name__ for pipeline in PIPELINES for step in list(pipeline)[len(pipeline.char_steps):]}
    root = Path(__file__).resolve().parents[1]
    calls = re.compile(r"\b(?:segment|latin)\.(" + "|".join(sorted(steps)) + r")\(")
    outside = [f"{path.relative_to(root)}: {m.group()}" for folder in ("index", "search", "api", "tongwen")
               for path in (root / folder).rglob("*.py") if "analysis" not in path.parts
               for m in calls.finditer(path.read_text(encoding="utf-8"))]
    assert outside == []


def test_the_pipeline_version_names_every_step():
    from tongwen.index.analysis import PIPELINES, Pipeline, pipeline_version

    before = pipeline_version()
    import tongwen.index.analysis as analysis

    extra = Pipeline("extra", analysis.CHAR_STEPS, analysis.segment.grams, ())
    original = analysis.PIPELINES
    analysis.PIPELINES = (*PIPELINES, extra)
    try:
        assert pipeline_version() != before
    finally:
        analysis.PIPELINES = original
    assert pipeline_version() == before


def test_the_word_pipeline_is_handed_its_vocabulary_and_teaches_it_before_segmenting(monkeypatch):
    """The vocabulary comes in through the pipeline, read when first needed: nothing is read at import."""
    import subprocess
    import sys

    code = ("import os; os.environ['TONGWEN_VOCABULARY'] = '/nonexistent'; "
            "import tongwen.index.analysis as a, tongwen.index.analysis.segment as s; "
            "print(s.taught(), a.WORDS.vocabulary is not None)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr  # importing read no vocabulary file
    assert done.stdout.split() == ["False", "True"]


@given(st.lists(st.text(alphabet=st.sampled_from(list("軟體网络發展ＡＢab①ｶ 　\t。，臺灣核心區后後")), max_size=12),
                max_size=8))
def test_folding_many_keys_at_once_equals_folding_each(texts):
    assert analysis.fold_keys(texts) == [analysis.fold_key(text) for text in texts]
