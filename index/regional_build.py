"""Regenerates ``index/data/regional.tsv`` from the phrase dictionaries OpenCC ships.

    python -m tongwen.index.regional_build

OpenCC's TWPhrasesRev/HKPhrasesRev map Taiwan and Hong Kong words to mainland ones (軟體 → 軟件). Both sides are
normalized to the index's form (t2s), pairs that normalize to the same word are dropped, and the result is written
as ``regional<TAB>mainland`` lines. The table is data in the repository, so it is reviewed like code and the index
can record its digest.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import opencc

from .analysis.script import to_simplified
from .vocabulary import REGIONAL_TABLE

SOURCES = ("TWPhrasesRev", "HKPhrasesRev", "TWVariantsRevPhrases", "HKVariantsRevPhrases")



def _dump(name: str) -> list[str]:
    root = Path(opencc.__file__).parent / "clib"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.txt"
        subprocess.run([str(root / "bin" / "opencc_dict"), "-i", str(root / "share" / "opencc" / f"{name}.ocd2"),
                        "-o", str(out), "-f", "ocd2", "-t", "text"], check=True)
        return out.read_text(encoding="utf-8").splitlines()


def build() -> list[tuple[str, str]]:
    """The (regional, mainland) pairs, normalized and de-duplicated."""
    pairs = set()
    for name in SOURCES:
        for line in _dump(name):
            regional, _, mainland = line.partition("\t")
            for target in mainland.split():
                a, b = to_simplified(regional), to_simplified(target)
                if a != b and len(a) >= 2 and len(b) >= 2:
                    pairs.add((a, b))
    return sorted(pairs)


def main() -> None:
    """Write the table."""
    pairs = build()
    header = "# regional (Taiwan/Hong Kong, in Simplified form)\tmainland — generated from OpenCC " + opencc.__version__
    REGIONAL_TABLE.write_text(header + "\n" + "".join(f"{a}\t{b}\n" for a, b in pairs), encoding="utf-8")
    print(f"{len(pairs)} pairs written to {REGIONAL_TABLE}")


if __name__ == "__main__":
    main()
