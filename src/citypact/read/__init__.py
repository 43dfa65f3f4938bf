"""The read stage: files, folders, globs, URLs, JSONL and WARC into Documents.

`iter_documents` is the entry point for batches (it yields a ReadError per failed
input and goes on); `read_path` and `read_bytes` read one thing and raise ReadError.
"""

from citypact.read.base import ReadResult, make_document
from citypact.read.formats import read_bytes
from citypact.read.sources import expand_inputs, iter_documents, read_path

__all__ = [
    "ReadResult",
    "expand_inputs",
    "iter_documents",
    "make_document",
    "read_bytes",
    "read_path",
]
