"""The bulk commands as plain functions for the CLI to wire: typed parameters in, an exit
code out. Progress and one line per failed input go to stderr; `watch` reports new
partnerships and status changes on stdout, one line each.

    citypact batch INPUT... --out DIR [--workers N] [--scheduler tcp://…] [--db …]  -> batch()
    citypact ingest --from-batch DIR [--db …]                                      -> ingest_from_batch()
    citypact watch URL... [--interval S] [--once] [--db …] [--state FILE]          -> watch()
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from citypact.errors import CitypactError

EXIT_OK, EXIT_FAILED_INPUTS, EXIT_ERROR = 0, 1, 2


def _consoles() -> tuple[Console, Console]:
    return Console(), Console(stderr=True)


def _db(db: str | None) -> str:
    from citypact.settings import get_settings

    return db or get_settings().db


def batch(inputs: list[str], out: Path, workers: int | None = None, scheduler: str | None = None,
          db: str | None = None, chunk_size: int | None = None) -> int:
    """Read and analyse in bulk on Dask into Parquet shards in OUT; with `db`, load them too.
    Re-running with the same inputs goes on where a stopped run ended."""
    from citypact.bulk.batch import BatchReport, run_batch

    _, err = _consoles()
    columns = (TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), TextColumn("chunks"),
               TimeElapsedColumn(), TextColumn("{task.fields[note]}"))
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task("batch", total=None, note="planning")
        clock: dict[str, float] = {}

        def on_plan(report: BatchReport, todo: int) -> None:
            progress.update(task, total=todo, note=f"{report.done_before} chunks done before, starting workers")

        def on_progress(_summary: dict[str, Any], report: BatchReport) -> None:
            first = clock.setdefault("first", time.perf_counter() - report.startup_seconds)
            rate = report.documents / max(time.perf_counter() - first, 1e-9)
            progress.update(task, advance=1, note=f"{report.documents} documents, {rate:.0f}/s, "
                                                  f"{report.partnerships} partnerships")

        try:
            report = run_batch(inputs, out, workers=workers, scheduler=scheduler, docs_per_chunk=chunk_size,
                               exclude=_db_files(db), on_plan=on_plan, on_progress=on_progress)
        except (CitypactError, OSError) as exc:
            err.print(f"error: {exc}", highlight=False)
            return EXIT_ERROR
    for line in report.error_lines:
        err.print(f"[red]error[/red]: {line}", highlight=False, soft_wrap=True)
    err.print(f"{report.documents} documents in {report.chunks - report.done_before} chunks "
              f"({report.done_before} done before), {report.analysed} past the prefilter, "
              f"{report.partnerships} partnerships, {report.consultations} consultations, {report.errors} errors, "
              f"{report.seconds:.1f} s", highlight=False)
    if report.stale_shards:
        err.print(f"warning: {report.stale_shards} shards of other inputs moved to {out / 'stale'}", highlight=False)
    code = EXIT_FAILED_INPUTS if report.errors or report.failed_chunks else EXIT_OK
    if db:
        loaded = ingest_from_batch(out, db)
        code = max(code, loaded)
    return code


def ingest_from_batch(batch_dir: Path, db: str | None = None) -> int:
    """Load the shards of a batch into the store; loading twice adds nothing."""
    from citypact.bulk.load import LoadReport, load_batch
    from citypact.store import open_store

    _, err = _consoles()
    try:
        store = open_store(_db(db))
    except CitypactError as exc:
        err.print(f"error: {exc}", highlight=False)
        return EXIT_ERROR
    try:
        with Progress(TextColumn("[bold]load"), TimeElapsedColumn(), TextColumn("{task.fields[note]}"),
                      console=err) as progress:
            task = progress.add_task("load", total=None, note="")

            def on_document(report: LoadReport) -> None:
                progress.update(task, note=f"{report.documents} documents, {report.new_documents} new, "
                                           f"{len(report.new_partnerships)} new partnerships")

            report = load_batch(batch_dir, store, on_document=on_document)
    except CitypactError as exc:
        err.print(f"error: {exc}", highlight=False)
        return EXIT_ERROR
    finally:
        store.close()
    err.print(f"stored: {report.new_documents} new documents of {report.documents} with findings, "
              f"{len(report.new_partnerships)} new partnerships, {len(report.status_changes)} status changes",
              highlight=False)
    return EXIT_OK


def watch(urls: list[str], interval: float = 900.0, once: bool = False, db: str | None = None,
          state: Path = Path("citypact-watch.sqlite"), max_items: int = 50, host_delay: float = 1.0,
          polls: int | None = None) -> int:
    """Poll feeds and sitemaps every `interval` seconds (once with `once`), ingest new items,
    print new partnerships and status changes; stops on Ctrl-C."""
    from citypact.bulk.watch import PoliteClient, WatchState, poll
    from citypact.store import open_store
    from citypact.store.values import parties_label

    out, err = _consoles()
    store, memory, client = open_store(_db(db)), WatchState(state), PoliteClient(host_delay)
    rounds = 1 if once else polls
    failed = False
    try:
        done = 0
        while True:
            report = poll(urls, memory, store, client, max_items=max_items,
                          log=lambda line: err.print(line, highlight=False, soft_wrap=True))
            failed |= bool(report.errors)
            for line in report.errors:
                err.print(f"[red]error[/red]: {line}", highlight=False, soft_wrap=True)
            for pid in report.new_partnerships:
                out.print(f"new partnership #{pid}: {parties_label(store.get_partnership(pid))}", highlight=False)
            for pid, before, after in report.status_changes:
                out.print(f"status change #{pid}: {parties_label(store.get_partnership(pid))}: {before} -> {after}",
                          highlight=False)
            err.print(f"poll: {report.feeds} feeds ({report.unchanged} unchanged), {report.new_items} new items"
                      + (f", {report.waiting} left for the next poll" if report.waiting else ""), highlight=False)
            done += 1
            if rounds is not None and done >= rounds:
                break
            time.sleep(interval)
    except KeyboardInterrupt:
        pass
    finally:
        client.close()
        memory.close()
        store.close()
    return EXIT_FAILED_INPUTS if failed and once else EXIT_OK


def _db_files(db: str | None) -> list[str]:
    """A SQLite store and its side files, never read as batch input."""
    if not db or "://" in db:
        return []
    return [db + suffix for suffix in ("", "-wal", "-shm", "-journal")]
