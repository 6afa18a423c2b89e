"""The query language: Whoosh's syntax, written in either script.

    中关村 科学城          terms are ANDed by default
    软件 OR 軟體           either
    海淀 NOT 朝阳          (or -朝阳) without
    "全国科技创新中心"      the exact run of characters, across segmentation
    title:规划  agency:海淀区人民政府  year:2016  script:hant  type:规划  number:海政发〔2016〕40号  status:现行有效
    (人才 OR 人材) 孵化器   grouping
    RISC*                 a prefix

Parsing yields a small tree of ``And``/``Or``/``Not``/``Leaf`` values; ``search.plan`` decides what a leaf matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tongwen.index import numerals
from tongwen.index.errors import QuerySyntaxError

from .contract import FILTER_FIELDS

FIELDS = frozenset({"title", *FILTER_FIELDS})
OPERATORS = {"AND", "OR", "NOT"}
MAX_LEAVES = 200
# Parentheses and NOTs nested deeper than this are no query a person writes; the parser recurses per level.
MAX_DEPTH = 32
_SPACED_ORDINAL = re.compile(r"第[ \t\u3000]*[0-9]{1,4}(?:-[0-9]{1,2})?[ \t\u3000]*"
                             r"(?:条|條|章|节|節|编|編|款|项|項)(?![^\s)])")

# Full-width quotes and brackets are how Chinese users type the same syntax.
_WIDE = str.maketrans({"“": '"', "”": '"', "（": "(", "）": ")"})
_TOKEN = re.compile(r'\s+|"[^"]*"?|\(|\)|[^\s()"]+')


@dataclass(frozen=True)
class Leaf:
    """One term of the query: text to match in ``field`` (None = the document text and title)."""

    text: str
    field: str | None = None
    exact: bool = False  # a quoted phrase: no vocabulary expansion
    prefix: bool = False  # ended in *: matches words that start with the text


@dataclass(frozen=True)
class And:
    """All of the children."""

    children: tuple


@dataclass(frozen=True)
class Or:
    """Any of the children."""

    children: tuple


@dataclass(frozen=True)
class Not:
    """Documents without the child."""

    child: object


def leaves(node) -> list[Leaf]:
    """Every leaf of a query tree, left to right (negated ones included)."""
    if isinstance(node, Leaf):
        return [node]
    if isinstance(node, Not):
        return leaves(node.child)
    return [leaf for child in node.children for leaf in leaves(child)]


class _Parser:
    def __init__(self, text: str, dash_negates: bool = True):
        self.text = text
        self.dash_negates = dash_negates
        self.tokens: list[tuple[str, int]] = []
        for m in _TOKEN.finditer(text):
            if not m.group().isspace():
                self.tokens.append((m.group(), m.start()))
        self.i = 0
        self.depth = 0

    def deeper(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.error(f"parentheses or NOTs nested deeper than {MAX_DEPTH} levels", pos)

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, len(self.text))

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def error(self, message: str, pos: int):
        raise QuerySyntaxError(f"{message} at character {pos + 1} of the query")

    def parse(self):
        node = self.parse_or()
        tok, pos = self.peek()
        if tok is not None:
            self.error("unexpected ')'" if tok == ")" else f"unexpected {tok!r}", pos)
        return node

    def parse_or(self):
        children = [self.parse_and()]
        while self.peek()[0] == "OR":
            _, pos = self.take()
            if self.peek()[0] in (None, ")", "OR", "AND"):
                self.error("'OR' needs a term after it", pos)
            children.append(self.parse_and())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def parse_and(self):
        children = []
        while True:
            tok, pos = self.peek()
            if tok is None or tok in (")", "OR"):
                break
            if tok == "AND":
                self.take()
                if not children or self.peek()[0] in (None, ")", "OR", "AND"):
                    self.error("'AND' needs a term on each side", pos)
                continue
            children.append(self.parse_unary())
        if not children:
            tok, pos = self.peek()
            self.error("expected a term", pos)
        children = _citations(children)
        return children[0] if len(children) == 1 else And(tuple(children))

    def parse_unary(self):
        tok, pos = self.peek()
        if tok == "NOT":
            self.take()
            if self.peek()[0] in (None, ")", "OR", "AND"):
                self.error("'NOT' needs a term after it", pos)
            self.deeper(pos)
            node = Not(self.parse_unary())
            self.depth -= 1
            return node
        # --name is a command-line option as written (pasted help texts), not a double negation.
        if self.dash_negates and tok.startswith("-") and len(tok) > 1 and not tok[1].isdigit() and tok[1] != "-":
            self.tokens[self.i] = (tok[1:], pos + 1)
            self.deeper(pos)
            node = Not(self.parse_unary())
            self.depth -= 1
            return node
        return self.parse_primary()

    def parse_primary(self, field: str | None = None):
        tok, pos = self.take()
        if tok == "(":
            self.deeper(pos)
            node = self.parse_or()
            self.depth -= 1
            close, cpos = self.take()
            if close != ")":
                self.error("'(' is never closed", pos)
            return node if field is None else _with_field(node, field)
        if tok == ")":
            self.error("unexpected ')'", pos)
        if tok.startswith('"'):
            if len(tok) < 2 or not tok.endswith('"'):
                self.error('a quote (") is never closed', pos)
            inner = tok[1:-1].strip()
            if not inner:
                self.error("an empty phrase", pos)
            return Leaf(inner, field, exact=True)
        name, colon, rest = tok.partition(":")
        if colon and field is None and name.lower() in FIELDS:
            fname = name.lower()
            if rest:
                return self._word(rest, fname, pos)
            nxt, npos = self.peek()
            if nxt is None or nxt in (")", "AND", "OR", "NOT"):
                self.error(f"'{name}:' needs a value", pos)
            return self.parse_primary(fname)
        return self._word(tok, field, pos)

    def _word(self, tok: str, field: str | None, pos: int) -> Leaf:
        prefix = tok.endswith("*")
        text = tok.rstrip("*")
        if "*" in text:
            self.error("'*' is only allowed at the end of a word", pos)
        if prefix and not text:
            from tongwen.index.errors import QueryTooExpensive

            raise QueryTooExpensive("a lone '*' would match every document: add at least one character before it")
        return Leaf(text, field, prefix=prefix)


def _with_field(node, field: str):
    if isinstance(node, Leaf):
        return Leaf(node.text, field, node.exact, node.prefix)
    if isinstance(node, Not):
        return Not(_with_field(node.child, field))
    return type(node)(tuple(_with_field(c, field) for c in node.children))


def _plain(node) -> bool:
    return isinstance(node, Leaf) and node.field is None and not node.exact and not node.prefix


# A law's name ends with its kind, in either script (劳动合同法, 民法典, 條例, 实施细则…): 工作岗位 第十七条 is two
# words.
_LAW_NAME = re.compile(r"(?:法|法典|[条條]例|[规規]定|[细細规規通准準][则則]|[决決]定|解[释釋]|章程|修正案)$")


def _names_a_law(leaf: Leaf) -> bool:
    text = leaf.text
    return bool(_LAW_NAME.search(text)) and numerals.article_number(text) is None and \
        numerals.split_citation(text) is None


def _citations(children: list) -> list:
    """A law's name and its article written apart (劳动合同法 第四十七条) read also as the citation written as one
    term (劳动合同法第四十七条): the documents holding both words still match, and the article of the law that name
    titles ranks first, its passage shown."""
    out: list = []
    for child in children:
        last = out[-1] if out else None
        if (isinstance(last, Leaf) and _plain(last) and _plain(child) and _names_a_law(last)
                and numerals.article_number(child.text) is not None):
            out[-1] = Or((Leaf(last.text + child.text), And((last, child))))
        else:
            out.append(child)
    return out


def parse(text: str, dash_negates: bool = True):
    """Parse a query string into a tree (raises QuerySyntaxError saying where).

    ``dash_negates=False`` reads ``-word`` as text (pasted paragraphs are full of ``-i`` and ``--force``); the
    keyword NOT still excludes.
    """
    text = text.translate(_WIDE)
    # 第 12 條 and 第 1-1 條, as Taiwan's law database writes them, are one term: the spaces are layout.
    text = _SPACED_ORDINAL.sub(lambda m: "".join(m.group().split()), text)
    tree = _Parser(text, dash_negates).parse()
    if len(leaves(tree)) > MAX_LEAVES:
        from tongwen.index.errors import QueryTooExpensive

        raise QueryTooExpensive(f"the query has more than {MAX_LEAVES} terms")
    return tree


def plain(text: str) -> Leaf:
    """The whole query as one literal leaf: how a pasted paragraph is read when its syntax does not parse."""
    return Leaf(" ".join(text.split()))


def positive_leaves(node) -> list[Leaf]:
    """The leaves of a query that are not negated."""
    if isinstance(node, Leaf):
        return [node]
    if isinstance(node, (And, Or)):
        return [leaf for child in node.children for leaf in positive_leaves(child)]
    return []
