"""Fast segment writing for full rebuilds.

Whoosh's own writer spools every posting through an external sort of pickled tuples and looks
up each document's field length once per posting; that caps it at a few hundred services a
second. This writer keeps Whoosh's codec, file format and commit protocol (it is a
``SegmentWriter``) and replaces only the posting pool: postings are collected in compact
arrays, sorted once with numpy and handed to the codec's field writer in order, with lengths
from memory. Incremental updates still go through Whoosh's normal writer; both produce the same
index (a test compares them posting by posting).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
from whoosh.formats import Frequency
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from directory.search.analysis import LocalOfferTokenizer, terms
from directory.search.documents import IndexDocument
from directory.search.schema import TEXT_FIELDS


class _Lengths:
    """What the codec's field writer asks for: a document's length in a field."""

    def __init__(self, lengths: dict[str, array[int]]) -> None:
        self._lengths = lengths

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        column = self._lengths.get(fieldname)
        return column[docnum] if column is not None else default


class BulkSegmentWriter(SegmentWriter):  # type: ignore[misc]  # Whoosh is untyped
    """Writes many documents into one new segment of an existing index."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self._terms: dict[str, dict[bytes, int]] = {name: {} for name in (*TEXT_FIELDS, "id")}
        # Parallel arrays per field: term number, document number, frequency.
        self._postings: dict[str, tuple[array[int], array[int], array[int]]] = {
            name: (array("i"), array("i"), array("i")) for name in self._terms
        }
        self._values: dict[str, dict[int, bytes]] = {name: {} for name in self._terms}
        self._lengths: dict[str, array[int]] = {name: array("i") for name in TEXT_FIELDS}
        self._lengths["id"] = array("i")

    def add_documents(self, documents: Iterable[IndexDocument]) -> int:
        added = 0
        for document in documents:
            self._add(document)
            added += 1
        return added

    def _add(self, document: IndexDocument) -> None:
        schema = self.schema
        docnum = self.docnum
        perdoc = self.perdocwriter
        texts: dict[str, str] = {"id": str(document.service_id), **document.text_fields()}
        columns = document.column_values()
        perdoc.start_doc(docnum)
        for fieldname in sorted(texts):
            field = schema[fieldname]
            length = self._collect(fieldname, field, texts[fieldname], docnum)
            perdoc.add_field(fieldname, field, texts[fieldname] if field.stored else None, length)
            if fieldname != "id":
                columns[f"{fieldname}_length"] = min(length, 65535)
        for fieldname in sorted(columns):
            field = schema[fieldname]
            value = columns[fieldname]
            perdoc.add_field(fieldname, field, None, 0)
            perdoc.add_column_value(fieldname, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _collect(self, fieldname: str, field: Any, text: str, docnum: int) -> int:
        terms = self._terms[fieldname]
        term_numbers, docnums, freqs = self._postings[fieldname]
        values = self._values[fieldname]
        length = 0
        for btext, freq, _weight, vbytes in self._index(field, text):
            number = terms.setdefault(btext, len(terms))
            term_numbers.append(number)
            docnums.append(docnum)
            freqs.append(freq)
            # Every posting of a Frequency field encodes its frequency; keep one per value.
            values.setdefault(freq, vbytes)
            length += freq
        self._lengths[fieldname].append(length if field.scorable else 0)
        return length

    @staticmethod
    def _index(field: Any, text: str) -> Iterator[tuple[bytes, int, float, bytes]]:
        """What ``field.index(text)`` yields, without Whoosh's per-token objects."""
        if not (
            isinstance(field.analyzer, LocalOfferTokenizer)
            and type(field.format) is Frequency
            and field.format.field_boost == 1.0
        ):
            yield from field.index(text)
            return
        # Exactly Frequency.word_values: weight = frequency, value = the packed frequency.
        for term, freq in Counter(terms(text)).items():
            yield term.encode("utf-8"), freq, float(freq), pack_uint(freq)

    def _sorted_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        for fieldname in sorted(self._postings):
            terms = self._terms[fieldname]
            if not terms:
                continue
            term_numbers, docnums, freqs = (
                np.frombuffer(a, dtype=np.int32) for a in self._postings[fieldname]
            )
            by_text = sorted(terms, key=terms.__getitem__)
            rank = np.empty(len(by_text), dtype=np.int32)
            rank[np.argsort(np.array(by_text, dtype=object))] = np.arange(len(by_text))
            order = np.lexsort((docnums, rank[term_numbers]))
            ordered_texts = sorted(by_text)
            ranks = rank[term_numbers][order].tolist()
            values = self._values[fieldname]
            for r, docnum, freq in zip(
                ranks, docnums[order].tolist(), freqs[order].tolist(), strict=True
            ):
                yield fieldname, ordered_texts[r], docnum, float(freq), values[freq]

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        self.fieldwriter.add_postings(self.schema, _Lengths(self._lengths), self._sorted_postings())
        self.fieldwriter.close()
