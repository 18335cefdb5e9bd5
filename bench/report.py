"""`results.json` (everything measured) and `results.md` (the table to read)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.figures import Failure, Figure, Target


@dataclass
class Results:
    command: str
    started_at: str
    scale: float
    machine: dict[str, Any]
    load_before: list[float]
    load_after: list[float] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    data_sets: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "command": self.command,
            "started_at": self.started_at,
            "scale": self.scale,
            "seconds": self.seconds,
            "machine": self.machine,
            "data_sets": self.data_sets,
            "load_average_before": self.load_before,
            "load_average_after": self.load_after,
            "figures": [figure.as_json() for figure in self.figures],
            "failures": [{"step": f.step, "error": f.error} for f in self.failures],
        }


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}".strip()


def _ratio(figure: Figure) -> str:
    ratio = figure.ratio
    return "-" if ratio is None else f"{ratio:.2f}"


def _met(figure: Figure) -> str:
    if figure.target is None:
        return "-"
    return "met" if figure.target.met else "**missed**"


def _detail_text(details: dict[str, Any]) -> str:
    parts = []
    for name, value in details.items():
        shown = _number(value) if isinstance(value, float) else " ".join(str(value).split())
        parts.append(f"{name}={shown}")
    return ", ".join(parts)


METHOD = """## Method

- Data set: a fresh PostgreSQL database `registry_bench_<hex>`, filled by the demo
  generator (`registry.demo.generate`) through the batched application, as
  `registry demo` does; dropped at the end (`--keep` keeps it). The SQLite variants
  use a temporary file.
- Bulk baselines: the same number of rows, cut from the generated events (same
  topics and serialised states), inserted into a scratch table with the events
  table's keys, 2,500 rows per transaction, by `executemany` and by `COPY`.
- Catch-up and rebuild run in a separate worker process (`bench.projection_worker`):
  `ReadSide.catch_up()` from zero, then `projections.rebuild.rebuild` of every read
  model in one pass, as `registry rebuild` does. Baselines: `select_notifications`
  in batches of 1,000 over the whole log, without and with decoding each event.
- Runner comparison: a store of its own (the demo generator, the same seed, a
  fiftieth of the scale's children, on both backends alike), and `child_status`
  alone applied from zero on a fresh copy of it (`CREATE DATABASE ... TEMPLATE`,
  SQLite's backup API) in a worker process, by the registry's runner (`ReadSide`
  with that one projection) and by `eventsourcing.projection.ProjectionRunner`
  (`bench/library_projection.py`: a tracking-recorder view running the same
  projection code, one transaction per event), three times each, taking turns;
  medians, each run in the details. Each is timed from constructing the runner to
  its last commit; the registry's catches the whole log up, the library's stops at
  10 s if it has not (its rate is that of the events it applied by then). The
  library's SQLite recorder has no subscription in 9.5: its pull subscription
  (`ListenNotifySubscription`) is wired to it.
- Decisions are plan reviews of children in care (repeatable any number of times).
  Direct: `RegistryApplication.handle(ReviewPlan)`, one caller, one save each. Raw:
  one-row INSERT and commit per row, one client. HTTP: `registry serve` in a
  subprocess, `wrk` with a Lua script rotating over children and carrying a
  supervisor's bearer token.
- GraphQL reads with a monitor's token, under `wrk`, beside `bench/plain_api.py`
  (plain FastAPI JSON routes making the same read-side calls, no schema, no
  authentication, no access log) served by uvicorn in its own process.
- Officers' pages (`bench/pages.py`), on the same `registry serve`, after the GraphQL
  reads: an officer holding the district with the most children alone, signed in
  once through the sign-in form (CSRF token, password). The caseload (`GET /`) and
  child pages under `wrk`, the session's and CSRF cookies sent as a header, beside
  GraphQL reads of the same district (`children`, first 25) and of the same children
  (child with history) with that officer's bearer token. Decision forms: one client
  (httpx), one request at a time, in rounds of an admission (kinship care) then an
  exit of a child out of care, on alternate children of the district: each form
  opened (not timed), then submitted (answered 303 once the read models include
  it); beside the same two decisions over REST with `If-Match` and
  `Prefer: read-your-writes`, which waits alike.
- Each step starts right after a PostgreSQL `CHECKPOINT`, so it does not share the
  disk and cores with the writes the step before left to the checkpointer.
- Memory: VmHWM from `/proc/PID/status` of the API server after all HTTP runs, of
  the plain server, and of the projection worker.
"""


def markdown(results: Results) -> str:
    machine = results.machine
    libraries = ", ".join(f"{name} {version}" for name, version in machine["libraries"].items())
    lines = [
        "# Benchmark results",
        "",
        f"Produced by `{results.command}` on {results.started_at} "
        f"(scale {results.scale:g}, {results.seconds:.0f} s in all).",
        "",
        f"Machine: {machine['cores']} cores ({machine['cpu']}), {machine['memory_gb']} GB memory, "
        f"{machine['os']}; Python {machine['python']}, PostgreSQL {machine['postgresql']}, "
        f"SQLite {machine['sqlite']}, {machine['wrk']}; {libraries}.",
        "",
        "Data sets: "
        + (
            "; ".join(
                f"{name}: {sizes['children']:,} children, {sizes['events']:,} events"
                for name, sizes in results.data_sets.items()
            )
            or "none was generated"
        )
        + ".",
        "",
        f"Load average (1, 5, 15 min) before the run: {results.load_before}, "
        f"after: {results.load_after}. The load generator (wrk), the servers and the "
        "database share the same cores.",
        "",
        "Ratio = figure / baseline, both measured in this run. Latencies are wrk's "
        "(HTTP) or wall-clock per call (direct). Where the time goes when a target is "
        "missed: [PROFILES.md](PROFILES.md).",
        "",
        "| Figure | Value | Baseline | Baseline value | Ratio | Target | Met |",
        "|---|---|---|---|---|---|---|",
    ]
    for figure in results.figures:
        lines.append(
            f"| {figure.title} | {_number(figure.value, figure.unit)} "
            f"| {figure.baseline_title or '-'} | {_number(figure.baseline, figure.unit)} "
            f"| {_ratio(figure)} | {figure.target.text if figure.target else '-'} "
            f"| {_met(figure)} |"
        )
    lines += ["", "## Details", ""]
    for figure in results.figures:
        if figure.details:
            lines.append(
                f"- {figure.title} / {figure.baseline_title or '-'}: {_detail_text(figure.details)}"
            )
    if results.failures:
        lines += ["", "## Measurements that failed", ""]
        for failure in results.failures:
            lines.append(f"- {failure.step}: {' '.join(failure.error.split())}")
    lines += ["", METHOD]
    return "\n".join(lines)


def load(path: Path) -> Results:
    """Results read back from `results.json` (to render the table again)."""
    data = json.loads(path.read_text())
    return Results(
        command=data["command"],
        started_at=data["started_at"],
        scale=data["scale"],
        machine=data["machine"],
        load_before=data["load_average_before"],
        load_after=data["load_average_after"],
        figures=[_figure(figure) for figure in data["figures"]],
        failures=[Failure(f["step"], f["error"]) for f in data["failures"]],
        data_sets=data.get("data_sets", {}),
        seconds=data["seconds"],
    )


def _figure(data: dict[str, Any]) -> Figure:
    target = data.get("target")
    return Figure(
        key=data["key"],
        title=data["title"],
        value=data["value"],
        unit=data["unit"],
        baseline_title=data.get("baseline_title"),
        baseline=data.get("baseline"),
        target=Target(target["text"], target["met"]) if target else None,
        details=data.get("details", {}),
    )


def write(results: Results, directory: Path) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    json_path = directory / "results.json"
    markdown_path = directory / "results.md"
    json_path.write_text(json.dumps(results.as_json(), indent=2, default=str) + "\n")
    markdown_path.write_text(markdown(results))
    return markdown_path, json_path
