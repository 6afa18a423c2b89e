"""Whoosh segment writers: field lengths from memory, segments written in worker processes, one commit for all.

Whoosh's ``add_postings`` asks for the length of the posting's field in its document once per posting, and the
stock reader answers each time by reading a byte from the lengths column on disk: a fifth of all indexing time in
profiles of a 10 MB corpus. Reading each field's lengths once, as a list, gives the same numbers at a fraction of
the cost.

Whoosh's postings writer is pure Python and costs about as much as segmentation itself, so a build that wrote
every segment in one process would be bound by that process. Worker processes therefore write segments of their
own (``WorkerSegmentWriter``), and the parent's writer commits them together with its own changes
(``commit_segments``), the way Whoosh's multi-process writer does with ``multisegment=True``.
"""

from __future__ import annotations

import heapq
import itertools
import pickle
import uuid
import zlib
from array import array
from collections import Counter

import numpy as np

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3PostingsWriter
from whoosh.formats import Frequency
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import PostingPool, SegmentWriter

from .adapters import posting_blocks


# Postings per block. Whoosh writes 128, and a query pays a fixed cost in Python for each block it reads (a header
# unpickled, a block decompressed and unpickled): a common word's postings at a gigabyte fill thousands of blocks.
# A block of 1,024 postings is read for about the cost of two of 128, and compresses a little better.
POSTING_BLOCK = 1024


# A block's data (document numbers, weights, values) is pickled with a protocol that stores arrays as their bytes.
# Whoosh pickles tuples of Python numbers with protocol 2, where reading a block of 1,024 postings back costs about
# 60 µs (unpickling two thousand numbers, then NumPy converting them); arrays cost about 15 µs, and a query reads a
# common word's postings a block at a time (300 blocks for 社会 at a gigabyte).
DATA_PROTOCOL = 5
# Blocks of fewer postings are written as Whoosh writes them (see ``ArrayPostings._write_block``).
ARRAYS_FROM = 64


class ArrayCodec(W3Codec):
    """Whoosh's codec, with each posting block's document numbers and weights written as arrays (``ArrayPostings``).

    Whoosh's own reader reads both kinds of block (it unpickles whatever a block holds and iterates over it), so an
    index whose older segments hold tuples is read as before, and merges rewrite them as arrays."""

    def __reduce__(self):
        # Whoosh pickles the codec into every segment's record, and reads a segment with it: recorded as Whoosh's own,
        # which reads these blocks as it reads its own, an index written here is read by any Whoosh 2.7 reader (an
        # earlier Tongwen's too), and this class's name is no part of the index format.
        return (W3Codec, (self._blocklimit, self._compression, self._inlinelimit))

    def postings_writer(self, dbfile, byteids=False):
        """A postings writer that writes arrays."""
        return ArrayPostings(dbfile, blocklimit=self._blocklimit, byteids=byteids, compression=self._compression,
                             inlinelimit=self._inlinelimit)


class ArrayPostings(W3PostingsWriter):
    """``W3PostingsWriter`` whose blocks hold the differences of document numbers as an array of the narrowest
    unsigned type that holds them, and the weights as the array of 32-bit floats Whoosh buffers them in: the same
    numbers its tuples hold."""

    def _write_block(self, last=False):
        # Whoosh's _write_block, with the data pickled with DATA_PROTOCOL; the header is Whoosh's own. A short block
        # is written as Whoosh writes it: an array's pickle costs more bytes than a few numbers, and most terms have
        # a few postings.
        ids = self._ids
        if len(ids) < ARRAYS_FROM or self._byteids:  # byte ids: a vector's postings are terms, not numbers
            super()._write_block(last)
            return
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        databytes = pickle.dumps((self._array_ids(), self._array_weights(), self._mini_values()), DATA_PROTOCOL)
        comp = self._compression
        if comp:
            databytes = zlib.compress(databytes, comp)
        infobytes = pickle.dumps((len(ids), ids[-1], self._maxweight, comp, length_to_byte(self._minlength),
                                  length_to_byte(self._maxlength)), 2)
        blocklength = len(infobytes) + len(databytes)
        self._postfile.write_int(-blocklength if last else blocklength)  # the last block's length is negative
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()

    def _array_ids(self) -> array:
        """The block's document numbers as Whoosh's ``_mini_ids`` gives them (differences), as an array."""
        deltas = np.diff(np.frombuffer(self._ids, dtype=np.uint32).astype(np.int64), prepend=0)
        top = int(deltas.max())
        code = "B" if top < 1 << 8 else "H" if top < 1 << 16 else "I"
        return array(code, deltas.astype(np.dtype(code)).tobytes())

    def _array_weights(self):
        """The block's weights as Whoosh's ``_mini_weights`` gives them (None: all 1; one number: all equal), the
        array it buffers them in otherwise: the numbers its tuple holds."""
        weights = self._weights
        values = np.frombuffer(weights, dtype=np.float32)
        if (values == 1.0).all():
            return None
        if (values == values[0]).all():
            return weights[0]
        return weights


def posting_codec() -> W3Codec:
    """The codec every writer of an index writes with: Whoosh's own, with larger posting blocks of arrays."""
    return ArrayCodec(blocklimit=POSTING_BLOCK)


def quantized_length(n: int) -> int:
    """A field length as Whoosh stores it (one byte, so long fields are rounded) and its reader returns it."""
    return byte_to_length(length_to_byte(n))


class _ListedLengths:
    """Field lengths per document, read once per field from Whoosh's per-document reader."""

    def __init__(self, reader, doc_count: int):
        self._reader = reader
        self._doc_count = doc_count
        self._lists: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        """The length of ``fieldname`` in document ``docnum``, as Whoosh's reader gives it."""
        lengths = self._lists.get(fieldname)
        if lengths is None:
            read = self._reader.doc_field_length
            lengths = self._lists[fieldname] = [read(d, fieldname, default) for d in range(self._doc_count)]
        return lengths[docnum]


class FastSegmentWriter(SegmentWriter):
    """``SegmentWriter`` with field lengths served from memory while postings are written, in larger blocks."""

    def __init__(self, ix, **kwargs):
        kwargs.setdefault("codec", posting_codec())
        super().__init__(ix, **kwargs)

    def _flush_segment(self):
        self.perdocwriter.close()
        reader = self.per_document_reader() if self.codec.length_stats else None
        lengths = _ListedLengths(reader, self.docnum) if reader else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if reader:
            reader.close()


class WorkerSegmentWriter(FastSegmentWriter):
    """Writes one new segment of an index whose lock the parent holds; ``finish`` returns it uncommitted.

    The postings of the ``grouped`` field (the word field: nearly all postings of the index) skip Whoosh's posting
    pool. Whoosh makes a tuple of every posting, sorts them all and writes them one by one with type checks; here
    each term's document numbers and frequencies are appended to two arrays as documents arrive (already in
    document order), terms are sorted once, and each term's postings go to Whoosh's postings writer a block at a
    time. The files written are the same as Whoosh's own (a test compares them posting by posting).
    """

    def __init__(self, ix, limitmb: int, grouped: str = "body"):
        super().__init__(ix, _lk=False, limitmb=limitmb)
        # Whoosh names a writer's scratch folder after the index, so writers in parallel would share it, and the
        # first to finish would delete it under the others: each worker gets its own (the shared one is the parent's).
        self._tempstorage = self.storage.temp_storage(f"{self.indexname}.{uuid.uuid4().hex}.tmp")
        self.pool = PostingPool(self._tempstorage, self.newsegment, limitmb=limitmb)
        for name, field in self.schema.items():
            # What this writer's add_document leaves out, no field of the schema may need.
            if field.vector or field.column_type or field.separate_spelling():
                raise TypeError(f"{type(self).__name__} cannot write field {name!r} (vectors, columns, spelling)")
        field = self.schema[grouped]
        if not (field.indexed and field.scorable and isinstance(field.format, Frequency)):
            raise TypeError(f"{type(self).__name__} groups a scorable text field of frequencies, not {grouped!r}")
        self._grouped = grouped
        self._terms: dict[str, tuple[array, array]] = {}

    def add_document(self, **fields):
        """Add one document (Whoosh's ``add_document`` for this schema: no boosts, vectors, columns or spelling)."""
        self._check_state()
        self._check_fields(self.schema, list(fields))
        docnum, perdoc, add_post = self.docnum, self.perdocwriter, self.pool.add
        perdoc.start_doc(docnum)
        for name in sorted(fields):
            value = fields[name]
            if value is None:
                continue
            field = self.schema[name]
            length = 0
            if name == self._grouped:
                tokens = [value] if isinstance(value, str) else value
                length = len(tokens)
                terms = self._terms
                for word, freq in Counter(tokens).items():
                    postings = terms.get(word)
                    if postings is None:
                        postings = terms[word] = (array("I"), array("I"))
                    postings[0].append(docnum)
                    postings[1].append(freq)
            elif field.indexed:
                for tbytes, freq, weight, vbytes in field.index(value):
                    if field.scorable:
                        length += freq
                    add_post((name, tbytes, docnum, weight, vbytes))
            perdoc.add_field(name, field, value if field.stored else None, length)
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        self.perdocwriter.close()
        reader = self.per_document_reader()
        fieldwriter = self.fieldwriter
        if self._terms:
            # Whoosh writes fields in name order; the grouped field must not come after one the pool holds.
            if any(name < self._grouped for name in self.pool.fieldnames):
                raise RuntimeError("a pooled field sorts before the grouped field")
            lengths = [reader.doc_field_length(d, self._grouped, 0) for d in range(self.docnum)]
            _write_grouped(fieldwriter, self._grouped, self.schema[self._grouped], self._terms, lengths)
        fieldwriter.add_postings(self.schema, _ListedLengths(reader, self.docnum), self.pool.iter_postings())
        fieldwriter.close()
        reader.close()

    def finish(self):
        """Write out the segment's files and return the segment, for the parent to commit."""
        segment = self._finalize_segment()
        self._tempstorage.destroy()
        self.is_closed = True
        return segment

    def abandon(self) -> None:
        """Drop the segment being written (its files are removed by the next commit of the index)."""
        if not self.is_closed:
            self._close_segment()
            self._tempstorage.destroy()
            self.is_closed = True


class MergingSegmentWriter(WorkerSegmentWriter):
    """Writes one segment holding the live documents of several committed segments (a merge).

    Stored fields and lengths are copied by Whoosh's own ``write_per_doc``. Postings are not sent one by one through
    Whoosh's posting pool, as its ``add_reader`` does (three times the cost of indexing the documents afresh, in
    profiles): the sources' term lists are merged in order, and each term's postings are read a block at a time,
    renumbered, and written a block at a time. Memory holds one term's postings, never a segment's.
    """

    def __init__(self, ix, limitmb: int):
        super().__init__(ix, limitmb)
        self._sources: list[tuple[object, list[int]]] = []  # (reader, new number of each old document, -1 if deleted)

    def add_segment(self, segment) -> list[int]:
        """Copy a segment's live documents in; returns their new numbers (-1 for deleted documents)."""
        from whoosh.reading import SegmentReader

        self._check_state()
        reader = SegmentReader(self.storage, self.schema, segment)
        numbers = [-1] * reader.doc_count_all()
        # Whoosh's write_per_doc asks every field's length of every document one read at a time; only scorable
        # fields have lengths, read here once per field (this writer's schema has no vectors or columns).
        scorable = [name for name in self.schema.names() if self.schema[name].scorable]
        lengths = {name: _ListedLengths(reader, len(numbers)) for name in scorable}
        perdoc, schema = self.perdocwriter, self.schema
        for docnum, stored in reader.iter_docs():
            numbers[docnum] = self.docnum
            perdoc.start_doc(self.docnum)
            for name in schema.names():
                length = lengths[name].doc_field_length(docnum, name, 0) if name in lengths else 0
                perdoc.add_field(name, schema[name], stored.get(name), length)
            perdoc.finish_doc()
            self.docnum += 1
        for name in scorable:
            # Whoosh adds each copied length as the byte it stored, rounded (past 10 words), so a merged segment's
            # total, and the index's average length BM25 divides by, would drift from those of the same documents
            # written at once: the source's exact total goes in instead, less its deleted documents' lengths as
            # stored (what is known of them), and scores do not depend on which segments were merged.
            listed = lengths[name]
            rounded = sum(listed.doc_field_length(d, name, 0) or 0 for d in range(len(numbers)))
            perdoc._fieldlengths[name] += reader.field_length(name) - rounded
        self._sources.append((reader, numbers))
        self._added = True
        return numbers

    def _flush_segment(self):
        self.perdocwriter.close()
        reader = self.per_document_reader()
        fieldwriter = self.fieldwriter
        try:
            for name in sorted(self.schema.names()):  # Whoosh writes fields in name order
                field = self.schema[name]
                if not field.indexed:
                    continue
                lengths = ([reader.doc_field_length(d, name, 0) or 0 for d in range(self.docnum)] if field.scorable
                           else None)
                _merge_field(fieldwriter, name, field, self._sources, lengths)
            fieldwriter.close()
        finally:
            reader.close()
            for source, _ in self._sources:
                source.close()


def _merge_field(fieldwriter, name: str, field, sources: list, lengths: list[int] | None) -> None:
    """Write one field's postings from the sources: terms in order, each term's postings renumbered."""
    renumber = [np.asarray(numbers, dtype=np.int64) for _, numbers in sources]
    length_of = np.asarray(lengths, dtype=np.int64) if lengths is not None else None
    with_values = field.format.fixed_value_size() != 0
    streams = [_tagged(source, name, i) for i, (source, _) in enumerate(sources)]
    started = False
    for tbytes, group in itertools.groupby(heapq.merge(*streams, key=lambda item: item[0]), key=lambda item: item[0]):
        ids, weights, values = [], [], []
        for _, i, terminfo in group:
            blocks = posting_blocks(sources[i][0], name, tbytes, field.format, terminfo)
            for block_ids, block_weights, block_values in blocks:
                new = renumber[i][np.asarray(block_ids, dtype=np.int64)]
                keep = new >= 0
                if keep.all():
                    ids.append(new)
                    weights.extend(block_weights)
                    if with_values:
                        values.extend(block_values)
                elif keep.any():
                    flags = keep.tolist()
                    ids.append(new[keep])
                    weights.extend(w for w, k in zip(block_weights, flags) if k)
                    if with_values:
                        values.extend(v for v, k in zip(block_values, flags) if k)
        if not ids:  # every posting of the term was in deleted documents
            continue
        merged = np.concatenate(ids)
        if not started:
            fieldwriter.start_field(name, field)
            started = True
        fieldwriter.start_term(tbytes)
        _add_run(fieldwriter._postwriter, merged.tolist(), weights, values if with_values else [b""] * len(merged),
                 (length_of[merged] if length_of is not None else np.zeros(len(merged), dtype=np.int64)).tolist())
        fieldwriter.finish_term()
    if started:
        fieldwriter.finish_field()


def _tagged(source, name: str, i: int):
    """(term, source number, term info) for the terms of field ``name`` in a source, in order."""
    if name not in source.indexed_field_names():
        return
    for (fieldname, tbytes), terminfo in source._terms.items_from(name, b""):
        if fieldname != name:
            return
        yield tbytes, i, terminfo


def _write_grouped(fieldwriter, name: str, field, terms: dict[str, tuple[array, array]], lengths: list[int]) -> None:
    """Write a field's postings, grouped by term, as Whoosh's ``add_postings`` would write them one by one."""
    boost = field.format.field_boost
    fieldwriter.start_field(name, field)
    for word in sorted(terms):  # code point order is UTF-8 byte order, Whoosh's term order
        docs, freqs = terms[word]
        fieldwriter.start_term(word.encode("utf-8"))
        _add_run(fieldwriter._postwriter, docs, [f * boost for f in freqs], [pack_uint(f) for f in freqs],
                 [lengths[d] for d in docs])
        fieldwriter.finish_term()
    fieldwriter.finish_field()


def _add_run(postwriter, ids: array, weights: list[float], values: list[bytes], lengths: list[int]) -> None:
    """``W3PostingsWriter.add_posting`` for a run of postings: a block is written when full, before more are added."""
    limit, n, i = postwriter._blocklimit, len(ids), 0
    while i < n:
        if len(postwriter._ids) >= limit:
            postwriter._write_block()
        j = min(n, i + limit - len(postwriter._ids))
        postwriter._ids.extend(ids[i:j])
        postwriter._weights.extend(weights[i:j])
        postwriter._values.extend(v for v in values[i:j] if v)
        top = max(weights[i:j])
        if top > postwriter._maxweight:
            postwriter._maxweight = top
        present = [length for length in lengths[i:j] if length]
        if present:
            low, high = min(present), max(present)
            if postwriter._minlength is None or low < postwriter._minlength:
                postwriter._minlength = low
            if high > postwriter._maxlength:
                postwriter._maxlength = high
        i = j


def commit_segments(writer: SegmentWriter, segments: list) -> None:
    """Commit ``segments`` as the index's table of contents: the writer's own (with its deletions) and new ones.

    The writer itself adds no documents: new documents and merges are segments written by other writers.
    """
    writer._check_state()
    if writer._added:
        raise RuntimeError("the committing writer adds no documents of its own")
    writer._close_segment()
    writer._commit_toc(segments)
    writer._finish()
