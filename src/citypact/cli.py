"""The `citypact` command: parses arguments and calls the library; nothing more."""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from citypact.errors import CitypactError, NotFound, ReadError
from citypact.models import Extraction

app = typer.Typer(
    help="Turn what cities and the press publish into a source-linked registry of city partnerships.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# machine-readable output and tables: stdout (wide when it is not a terminal, e.g. in CI logs)
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)  # progress, warnings, per-file errors: stderr

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite path or database URL (default: $CITYPACT_DB or citypact.db)."),
]
EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"


def _db_url(db: str | None) -> str:
    return db or os.environ.get("CITYPACT_DB") or "citypact.db"


def _progress(total: int | None, label: str) -> Progress:
    return Progress(
        TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.fields[note]}"), console=err, transient=True,
        disable=total is not None and total < 3,
    )


def _analyse_inputs(paths: Iterable[str], label: str) -> Iterable[Extraction | ReadError]:
    """Read and analyse every input; a failure is yielded, never raised, and the batch goes on."""
    from citypact.analyse import pipeline
    from citypact.read import expand_inputs, iter_documents

    inputs = list(expand_inputs(paths))
    with _progress(len(inputs), label) as progress:
        task = progress.add_task(label, total=len(inputs), note="")
        found = 0
        for item in iter_documents(inputs):
            if isinstance(item, ReadError):
                yield item
            else:
                try:
                    extraction = pipeline(item)
                except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
                    yield ReadError(item.source, f"analysis failed: {type(exc).__name__}: {exc}")
                    continue
                found += len(extraction.partnerships)
                yield extraction
            progress.update(task, advance=1, note=f"{found} partnerships")


def _fail_line(error: ReadError) -> None:
    err.print(f"[red]error[/red]: {error}", highlight=False, soft_wrap=True)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs or URLs.")],
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl or json.")] = "jsonl",
) -> None:
    """Analyse documents and print one JSON object per document (no store needed)."""
    if format not in ("jsonl", "json"):
        raise typer.BadParameter("format must be jsonl or json", param_hint="--format")
    failed = 0
    results: list[dict[str, Any]] = []
    for item in _analyse_inputs(paths, "extract"):
        if isinstance(item, ReadError):
            failed += 1
            _fail_line(item)
            continue
        if format == "jsonl":
            sys.stdout.write(json.dumps(item.to_json(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            results.append(item.to_json())
    if format == "json":
        sys.stdout.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    if failed:
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, folders, globs or URLs.")] = None,
    db: DbOption = None,
    from_batch: Annotated[Path | None, typer.Option("--from-batch", help="Load the shards of a `batch` run.")] = None,
) -> None:
    """Analyse documents and store their partnerships (the same document twice changes nothing)."""
    from citypact.store import open_store

    if from_batch is not None:
        from citypact.bulk.commands import ingest_from_batch

        if not (from_batch / "manifest.json").exists():
            err.print(f"error: {from_batch}: not a batch output folder (no manifest.json)")
            raise typer.Exit(1)
        code = ingest_from_batch(from_batch, _db_url(db))
        if code:
            raise typer.Exit(code)
        return
    if not paths:
        raise typer.BadParameter("give files, folders, globs or URLs, or --from-batch DIR")
    store = open_store(_db_url(db))
    failed = new_docs = new_records = 0
    try:
        for item in _analyse_inputs(paths, "ingest"):
            if isinstance(item, ReadError):
                failed += 1
                _fail_line(item)
                continue
            result = store.ingest(item)
            new_docs += int(result.new_document)
            new_records += len(result.new_partnerships)
    finally:
        store.close()
    err.print(f"{new_docs} new documents, {new_records} new partnerships, {failed} failed")
    if failed:
        raise typer.Exit(1)


def _table(records: list[dict[str, Any]]) -> Table:
    from citypact.store.values import parties_label

    table = Table(show_lines=False)
    for column in ("id", "parties", "type", "status", "date", "themes", "term", "sources"):
        table.add_column(column, overflow="fold")
    for r in records:
        table.add_row(
            str(r["id"]), parties_label(r), r["type"], r["status"], r.get("date") or "",
            ", ".join(r.get("themes") or []),
            f"{r['duration_years']} y" if r.get("duration_years") else "",
            ", ".join(Path(s).name for s in r.get("sources") or []),
        )
    return table


@app.command("list")
def list_(
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    city: Annotated[str | None, typer.Option(help="A party's name.")] = None,
    country: Annotated[str | None, typer.Option(help="A party's ISO country code.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="twinning, friendship, cooperation, memorandum, other.")] = None,
    status: Annotated[str | None, typer.Option(help="proposed, approved, signed, renewed, suspended, ended, existing.")] = None,
    theme: Annotated[str | None, typer.Option(help="A theme of DESIGN.md's vocabulary.")] = None,
    since: Annotated[str | None, typer.Option(help="Event date on or after (ISO).")] = None,
    until: Annotated[str | None, typer.Option(help="Event date on or before (ISO).")] = None,
    expiring_before: Annotated[str | None, typer.Option(help="Expiry date before (ISO).")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many records.")] = None,
) -> None:
    """List the partnerships in the store."""
    from citypact.store import open_store

    store = open_store(_db_url(db))
    try:
        records = store.list_partnerships(
            city=city, country=country, type=type, status=status, theme=theme,
            since=since, until=until, expiring_before=expiring_before, limit=limit,
        )
        consultations = store.list_consultations() if format == "table" else []
    finally:
        store.close()
    if format == "json":
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    elif format == "csv":
        _write_csv(records)
    elif format == "table":
        out.print(_table(records))
        out.print(f"{len(records)} partnerships")
        for c in consultations:
            out.print(
                f"consultation: {c.get('title')} — {c.get('authority')}; period "
                f"{c.get('period_start')} to {c.get('period_end')}; deadline {c.get('deadline')}; "
                f"respond at {c.get('response_url')}", highlight=False, soft_wrap=True,
            )
    else:
        raise typer.BadParameter("format must be table, json or csv", param_hint="--format")


def _write_csv(records: list[dict[str, Any]]) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(["id", "city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2",
                     "type", "status", "date", "themes", "duration_years", "expires", "sources"])
    for r in records:
        parties = r["parties"]
        for a, b in [(parties[i], parties[j]) for i in range(len(parties)) for j in range(i + 1, len(parties))]:
            writer.writerow([r["id"], a["name"], a.get("country"), a.get("lat"), a.get("lon"),
                             b["name"], b.get("country"), b.get("lat"), b.get("lon"), r["type"], r["status"],
                             r.get("date") or "", ";".join(r.get("themes") or []), r.get("duration_years") or "",
                             r.get("expires") or "", ";".join(r.get("sources") or [])])


@app.command()
def show(
    id: Annotated[int, typer.Argument(help="Partnership id (see `citypact list`).")],
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Show one partnership with its timeline and evidence."""
    from citypact.store import open_store
    from citypact.store.values import parties_label

    store = open_store(_db_url(db))
    try:
        record = store.get_partnership(id)
    except NotFound:
        err.print(f"error: no partnership with id {id}")
        raise typer.Exit(1)
    finally:
        store.close()
    if format == "json":
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    out.print(f"[bold]#{record['id']} {parties_label(record)}[/bold]")
    out.print(f"type {record['type']}, status {record['status']}, date {record.get('date') or '—'}, "
              f"term {record.get('duration_years') or '—'} years, expires {record.get('expires') or '—'}")
    out.print(f"themes: {', '.join(record.get('themes') or []) or '—'}")
    for s in record.get("signatories") or []:
        out.print(f"signed by {s['name']} ({s.get('role') or '?'}, {s.get('party') or '?'})")
    out.print("[bold]timeline[/bold]")
    for e in record.get("events") or []:
        out.print(f"  {e.get('date') or '????'}  {e['status']:<9} {e.get('type') or ''}  {e.get('source')}")
        for ev in e.get("evidence") or []:
            out.print(f"      “{ev['text']}” [{ev['start']}:{ev['end']}]", highlight=False, soft_wrap=True)


@app.command("eval")
def eval_(
    gold: Annotated[Path | None, typer.Argument(help="Gold JSONL file (DESIGN.md, Evaluation).")] = None,
    docs_dir: Annotated[Path | None, typer.Argument(help="Folder holding the gold documents.")] = None,
    cases: Annotated[Path | None, typer.Option("--cases", help="Folder of per-language test tables (tests/lang).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
    explain: Annotated[bool, typer.Option("--explain", help="List each document's missed and false pairs with the stage at fault, and count the causes.")] = False,
) -> None:
    """Score extraction against a gold file: document accuracy, pair P/R/F1, attribute accuracies."""
    from citypact.analyse import pipeline
    from citypact.evaluate import evaluate, load_cases, load_gold
    from citypact.read import read_path
    from citypact.read.base import make_document

    if cases is not None:
        golds = load_cases(cases)

        def run(g):
            return pipeline(make_document(g.text or "", g.doc, published=g.published, language=g.lang))
    elif gold is not None and docs_dir is not None:
        golds = load_gold(gold)

        def run(g):
            document = read_path(docs_dir / g.doc)
            return pipeline(replace(document, url=document.url or g.url))
    else:
        raise typer.BadParameter("give GOLD.jsonl and DOCS_DIR, or --cases DIR")
    started = time.perf_counter()
    report = evaluate(golds, run)
    report["seconds"] = round(time.perf_counter() - started, 2)
    if not explain:
        report.pop("pairs")
    if as_json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    if explain:
        _print_explanation(report["pairs"])
    _print_report(report)


# Per-language columns: (metric, header); languages are rows so the table fits a terminal.
LANGUAGE_COLUMNS = (
    ("documents", "docs"), ("document_accuracy", "doc acc"), ("pairs_gold", "gold"),
    ("pairs_predicted", "pred"), ("pair_precision", "P"), ("pair_recall", "R"), ("pair_f1", "F1"),
    ("type_accuracy", "type"), ("status_accuracy", "status"), ("date_accuracy", "date"),
)


def _fmt(value: Any) -> str:
    return "—" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value))


def _print_report(report: dict[str, Any]) -> None:
    """Languages as rows (the table fits a terminal), then the overall figures in four lines."""
    from rich import box

    if len(report["languages"]) > 1:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("lang")
        for _, header in LANGUAGE_COLUMNS:
            table.add_column(header, justify="right")
        for lang, metrics in report["languages"].items():
            table.add_row(lang, *[_fmt(metrics[name]) for name, _ in LANGUAGE_COLUMNS])
        out.print(table)
    o = {name: _fmt(value) for name, value in report["overall"].items()}
    out.print(f"documents {o['documents']}   document accuracy {o['document_accuracy']}", highlight=False)
    out.print(f"pairs: gold {o['pairs_gold']}, predicted {o['pairs_predicted']}   precision {o['pair_precision']}"
              f"   recall {o['pair_recall']}   F1 {o['pair_f1']}", highlight=False)
    out.print(f"matched pairs: type {o['type_accuracy']}   status {o['status_accuracy']}   date {o['date_accuracy']}"
              f"   theme F1 {o['theme_f1']}   duration {o['duration_accuracy']}"
              f"   signatory recall {o['signatory_recall']}", highlight=False)
    for line in report["errors"]:
        err.print(f"error: {line}")
    out.print(f"{report['overall']['documents']} documents in {report['seconds']} s")


def _print_explanation(notes: list[dict[str, Any]]) -> None:
    """Per document, each missed and false pair with its cause; then the causes counted."""
    from citypact.evaluate import cause_counts

    current = None
    for n in sorted(notes, key=lambda n: (n["doc"], n["kind"], n["cause"])):
        if n["doc"] != current:
            current = n["doc"]
            out.print(f"[bold]{current}[/bold]", highlight=False)
        detail = f" — {n['detail']}" if n["detail"] else ""
        out.print(f"  {n['kind']:6} {' / '.join(n['parties'])}: {n['cause']}{detail}", highlight=False, markup=False)
    counts = cause_counts(notes)
    table = Table(title="pairs by cause", box=None)
    table.add_column("kind")
    table.add_column("cause")
    table.add_column("pairs", justify="right")
    for kind, by_cause in counts.items():
        for cause, count in by_cause.items():
            table.add_row(kind, cause, str(count))
    out.print(table)


@app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(help="CSV of known partnerships (default columns fit the Wikipedia list).")],
    db: DbOption = None,
    report: Annotated[Path | None, typer.Option("--report", help="Write one row per place mention here.")] = None,
    columns: Annotated[str | None, typer.Option(help="Column roles, e.g. 'city1=a,country1=b,lat1=,lng1=' (empty: no such column).")] = None,
    min_population: Annotated[int, typer.Option(help="Smallest places considered: 500, 1000, 5000 or 15000.")] = 500,
    type: Annotated[str, typer.Option("--type", help="Agreement type of the imported rows.")] = "twinning",
) -> None:
    """Import a known registry as `existing` partnerships, resolving names to GeoNames places."""
    from citypact.registry.commands import import_command

    code = import_command(path, _db_url(db), report=report, columns=columns, min_population=min_population,
                          type=type, err=sys.stderr)
    if code:
        raise typer.Exit(code)


@app.command()
def compare(
    path: Annotated[Path, typer.Argument(help="CSV of known partnerships.")],
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    columns: Annotated[str | None, typer.Option(help="Column roles as for import.")] = None,
    out_path: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Say which extracted partnerships are new, already known, or contradicted by a known registry."""
    from citypact.registry.commands import compare_command

    code = compare_command(path, _db_url(db), format=format, columns=columns, out=out_path, err=sys.stderr)
    if code:
        raise typer.Exit(code)


@app.command()
def export(
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="csv, json, geojson or graphml.")] = "csv",
    out_path: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Export the registry (CSV round-trips through `import`; GeoJSON per RFC 7946; GraphML for Gephi)."""
    from citypact.registry.commands import export_command

    code = export_command(_db_url(db), format, out=out_path, err=sys.stderr)
    if code:
        raise typer.Exit(code)


@app.command()
def curate(
    action: Annotated[str, typer.Argument(help="confirm, reject, edit or merge.")],
    id: Annotated[int, typer.Argument(help="Partnership id (for merge: the one to keep).")],
    field: Annotated[str | None, typer.Argument(help="edit: type, status, date, themes or duration_years; merge: the id to merge in.")] = None,
    value: Annotated[str | None, typer.Argument(help="edit: the new value (themes comma-separated).")] = None,
    db: DbOption = None,
    actor: Annotated[str, typer.Option(help="Who makes the change (kept in the audit log).")] = os.environ.get("USER", "curator"),
    reason: Annotated[str | None, typer.Option(help="Why (kept in the audit log).")] = None,
) -> None:
    """Confirm, reject, edit or merge partnerships; every change goes into the audit log."""
    from citypact.errors import StoreError
    from citypact.store import open_store

    store = open_store(_db_url(db))
    try:
        if action == "confirm":
            store.curate_confirm(id, actor, reason)
        elif action == "reject":
            store.curate_reject(id, actor, reason)
        elif action == "edit" and field and value is not None:
            store.curate_edit(id, field, value, actor, reason)
        elif action == "merge" and field and field.isdigit():
            store.curate_merge(id, int(field), actor, reason)
        else:
            raise typer.BadParameter("use: confirm ID | reject ID | edit ID FIELD VALUE | merge KEEP_ID DROP_ID")
    except (NotFound, StoreError) as exc:
        err.print(f"error: {exc}")
        raise typer.Exit(1)
    finally:
        store.close()
    err.print(f"{action}: partnership {id} done")


@app.command()
def check(db: DbOption = None) -> None:
    """Verify the store's integrity; exits non-zero and lists the problems if there are any."""
    from citypact.store import open_store

    store = open_store(_db_url(db))
    try:
        problems = store.check()
    finally:
        store.close()
    for line in problems:
        out.print(line)
    err.print(f"{len(problems)} problems")
    if problems:
        raise typer.Exit(1)


@app.command()
def batch(
    inputs: Annotated[list[str], typer.Argument(help="Folders, globs, files, JSONL or WARC(.gz) archives.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the Parquet shards and the manifest.")],
    workers: Annotated[int | None, typer.Option(help="Local worker processes (default: one per core).")] = None,
    scheduler: Annotated[str | None, typer.Option(help="Address of a running Dask scheduler (tcp://HOST:8786).")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Also load the results into this store.")] = None,
    chunk_size: Annotated[int | None, typer.Option(help="Documents per task (default: sized to the inputs).")] = None,
) -> None:
    """Read and analyse in bulk on Dask; re-running goes on where a stopped run ended."""
    from citypact.bulk.commands import batch as run

    code = run(inputs, out, workers=workers, scheduler=scheduler, db=_db_url(db) if db else None,
               chunk_size=chunk_size)
    if code:
        raise typer.Exit(code)


@app.command()
def watch(
    urls: Annotated[list[str], typer.Argument(help="RSS/Atom feeds or sitemaps of city news rooms.")],
    db: DbOption = None,
    interval: Annotated[float, typer.Option(help="Seconds between polls.")] = 900.0,
    once: Annotated[bool, typer.Option("--once", help="Poll once and stop.")] = False,
    polls: Annotated[int | None, typer.Option(help="Stop after this many polls.")] = None,
    state: Annotated[Path, typer.Option(help="File remembering what has been seen.")] = Path("citypact-watch.sqlite"),
    host_delay: Annotated[float, typer.Option(help="Seconds between requests to one host.")] = 1.0,
    max_items: Annotated[int, typer.Option(help="Items fetched per feed and poll.")] = 50,
) -> None:
    """Poll feeds and sitemaps, ingest new items, report new partnerships and status changes."""
    from citypact.bulk.commands import watch as run

    code = run(urls, interval=interval, once=once, db=_db_url(db), state=state, max_items=max_items,
               host_delay=host_delay, polls=polls)
    if code:
        raise typer.Exit(code)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs) and the web UI; writes need $CITYPACT_TOKEN."""
    from citypact.serve import serve as run

    run(host, port, _db_url(db), os.environ.get("CITYPACT_TOKEN"))


@app.command()
def demo(db: DbOption = None) -> None:
    """Ingest the bundled example documents and print what was found."""
    target = _db_url(db) if db else "citypact-demo.db"
    if "://" not in target and Path(target).exists():
        Path(target).unlink()
    err.print(f"ingesting the example documents in {EXAMPLES_DIR} into {target}")
    try:
        ingest([str(EXAMPLES_DIR / "*.txt")], db=target)
    except typer.Exit as exc:
        if exc.exit_code:
            raise
    list_(db=target)


def main() -> None:
    try:
        app()
    except CitypactError as exc:
        err.print(f"error: {exc}")
        sys.exit(2)


if __name__ == "__main__":
    main()
