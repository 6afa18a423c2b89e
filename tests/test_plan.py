"""Planning a query leaf: what it means, worked out once per leaf and vocabulary."""

from __future__ import annotations

import os

from tongwen.search.plan import plan_leaf
from tongwen.search.query import Leaf


def test_a_leaf_planned_again_is_the_plan_made_the_first_time():
    first = plan_leaf(Leaf("軟體 開發"))
    assert plan_leaf(Leaf("軟體 開發")) is first
    assert plan_leaf(Leaf("軟體 開發", exact=True)) is not first  # another leaf: a phrase has no alternatives
    assert [v.via for v in plan_leaf(Leaf("軟體 開發", exact=True)).variants] == ["exact"]


def test_a_changed_vocabulary_file_gives_new_plans_not_the_ones_kept(tmp_path, monkeypatch):
    own = tmp_path / "vocabulary.txt"
    own.write_text("[synonyms]\n海淀 = 五道口\n", encoding="utf-8")
    monkeypatch.setenv("TONGWEN_VOCABULARY", str(own))
    assert [v.text for v in plan_leaf(Leaf("五道口")).variants] == ["五道口", "海淀"]
    own.write_text("[synonyms]\n海淀 = 中关村 = 五道口\n", encoding="utf-8")
    os.utime(own, ns=(own.stat().st_atime_ns, own.stat().st_mtime_ns + 1_000_000_000))
    assert [v.text for v in plan_leaf(Leaf("五道口")).variants] == ["五道口", "海淀", "中关村"]
    monkeypatch.delenv("TONGWEN_VOCABULARY")
    assert [v.text for v in plan_leaf(Leaf("五道口")).variants] == ["五道口"]
