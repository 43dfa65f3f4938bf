"""Inputs: folders, globs, URLs passed through, size limits and vanished files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from read_builders import pdf_bytes

from citypact.errors import ReadError
from citypact.models import Document
from citypact.read import expand_inputs, iter_documents, read_path


@pytest.fixture
def tree(write, tmp_path: Path) -> Path:
    write("docs/b.txt", "Bergen og Kharkiv.")
    write("docs/a.txt", "Aarhus og Mykolaiv.")
    write("docs/sub/c.md", "Cork and Lviv.")
    write("docs/sub/d.pdf", pdf_bytes())
    write("docs/.hidden.txt", "skjult")
    write("docs/.git/config", "skjult")
    return tmp_path / "docs"


def test_folder_recursive_sorted_skipping_hidden(tree: Path) -> None:
    folder = str(tree)
    assert list(expand_inputs([folder])) == [
        f"{folder}/a.txt", f"{folder}/b.txt", f"{folder}/sub/c.md", f"{folder}/sub/d.pdf"]


def test_globs_urls_and_missing_inputs(tree: Path) -> None:
    folder = str(tree)
    assert list(expand_inputs([
        f"{folder}/*.txt", f"{folder}/**/*.md", "https://example.org/a", f"{folder}/*.nothing",
        f"{folder}/missing.txt",
    ])) == [
        f"{folder}/a.txt", f"{folder}/b.txt", f"{folder}/sub/c.md", "https://example.org/a",
        f"{folder}/*.nothing", f"{folder}/missing.txt",
    ]


def test_each_file_once(tree: Path) -> None:
    folder = str(tree)
    assert list(expand_inputs([f"{folder}/a.txt", folder, f"{folder}/*.txt"]))[:2] == [
        f"{folder}/a.txt", f"{folder}/b.txt"]
    assert len(list(expand_inputs([f"{folder}/a.txt", folder]))) == 4


def test_iter_documents_goes_on_after_errors(tree: Path, write) -> None:
    empty = write("docs/e_empty.txt", b"")
    folder = str(tree)
    results = list(iter_documents([folder, f"{folder}/*.nothing", f"{folder}/gone.txt"]))
    assert [r.source for r in results] == [
        f"{folder}/a.txt", f"{folder}/b.txt", empty, f"{folder}/sub/c.md", f"{folder}/sub/d.pdf",
        f"{folder}/*.nothing", f"{folder}/gone.txt"]
    assert [type(r).__name__ for r in results] == [
        "Document", "Document", "ReadError", "Document", "Document", "ReadError", "ReadError"]
    assert str(results[2]) == f"{empty}: empty file"
    assert str(results[5]) == f"{folder}/*.nothing: no file matches this pattern"
    assert str(results[6]) == f"{folder}/gone.txt: file not found"


def test_file_gone_between_expand_and_read(tree: Path) -> None:
    paths = list(expand_inputs([str(tree)]))
    os.remove(paths[0])
    results = list(iter_documents(paths))
    assert str(results[0]) == f"{paths[0]}: file not found"
    assert all(isinstance(r, Document) for r in results[1:])


def test_permission_denied(write, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write("locked.txt", "hemmelig")

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    (result,) = iter_documents([path])
    assert str(result) == f"{path}: permission denied"


def test_file_too_large_is_not_read(write, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write("huge.txt", "x" * 2_500_000)
    monkeypatch.setattr(Path, "open", lambda *a, **k: pytest.fail("read a file over the limit"))
    (result,) = iter_documents([path], max_bytes=1_000_000)
    assert str(result) == f"{path}: file too large (2.5 MB > limit 1 MB)"
    with pytest.raises(ReadError, match=r"file too large \(2.5 MB > limit 1 MB\)"):
        read_path(path, max_bytes=1_000_000)


def test_directory_given_to_read_path(tree: Path) -> None:
    with pytest.raises(ReadError, match="is a directory"):
        read_path(tree)


def test_default_limit_comes_from_settings(write, monkeypatch: pytest.MonkeyPatch) -> None:
    from citypact.settings import get_settings

    monkeypatch.setattr(get_settings(), "max_file_bytes", 10)
    (result,) = iter_documents([write("small.txt", "Elleve tegn")])
    assert isinstance(result, ReadError) and "file too large" in result.reason


def test_a_parser_bug_becomes_a_read_error(write, monkeypatch: pytest.MonkeyPatch) -> None:
    from citypact.read import sources

    def explode(*args: object, **kwargs: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(sources, "read_bytes", explode)
    path = write("a.txt", "tekst")
    (result,) = iter_documents([path])
    assert str(result) == f"{path}: unexpected error (KeyError: 'boom')"


def test_pipe_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (result,) = iter_documents([str(fifo)])
    assert str(result) == f"{fifo}: not a regular file (device, pipe or socket)"
