"""Figure 5: the officers' pages beside the GraphQL or REST call that reads or decides
the same, on the same server in the same run, as the same officer.

The caseload and a child's page are loaded under wrk, the browser's cookies (the
session's and the CSRF token's) sent as a header, beside GraphQL reads of the same
district or children with the officer's bearer token. Decision forms are submitted
one after another by one client, as an officer does: each form is opened (not timed:
it gives the version and the CSRF token a browser sends back), then submitted, and
answers 303 once the read models include the decision; beside it, the same
decisions over REST with `If-Match` and `Prefer: read-your-writes`, which wait alike.
"""

from __future__ import annotations

import html
import re
import secrets
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol
from uuid import UUID

import httpx

from bench import wrk
from bench.config import GRAPHQL_CONNECTIONS
from bench.figures import Figure, at_most
from bench.graphql_reads import CHILD_QUERY, connections_text, graphql_request, load_details, probe
from bench.processes import Server
from bench.servers import add_user
from bench.subjects import AdmissibleChild, DistrictSubjects, choose_district_subjects
from bench.timing import LatencyRun, percentile
from registry.api.routes import API_PREFIX
from registry.pages.caseload import PAGE_LENGTH
from registry.pages.signed_in import SESSION_COOKIE

CASELOAD_QUERY = """query Caseload($district: String, $first: Int!) {
  children(filter: {district: $district}, first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id givenName familyName patronymic birthDate district status daysInCare nextReviewDue
        currentPlacement { setting }
        alerts { kind }
      }
    }
  }
}"""
PAGE_P99_MS = 100.0
REQUEST_TIMEOUT_S = 120.0
PASSWORD_BYTES = 18
CARER = "bench kinship carer"
SUBMITTED = 303


@dataclass(frozen=True)
class Officer:
    """An officer holding the subjects' district alone, with a password for the pages and
    a token for GraphQL and REST: the same user and scope whichever way they ask."""

    name: str
    password: str
    token: str


@dataclass(frozen=True)
class PageSetup:
    subjects: DistrictSubjects
    officer: Officer


def prepare(database_url: str, limit: int) -> PageSetup:
    """The pages' district and children, and their officer (added before the server
    starts, as every benchmark user is)."""
    subjects = choose_district_subjects(database_url, limit)
    name = f"bench-officer-{uuid.uuid4().hex[:8]}"
    password = secrets.token_urlsafe(PASSWORD_BYTES)
    token = add_user(
        database_url, "officer", name=name, districts=[subjects.district], password=password
    )
    return PageSetup(subjects, Officer(name, password, token))


def _hidden(page: httpx.Response, name: str) -> str:
    """A hidden field's value in a page's form, as a browser would send it back."""
    found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', page.text)
    if found is None:
        raise RuntimeError(f"{page.request.url.path} has no {name!r} field: {_said(page)}")
    return html.unescape(found[1])


def _said(answer: httpx.Response) -> str:
    """What a page answered, shortly: its status and the error messages it shows."""
    messages = re.findall(r'class="error-message"[^>]*>([^<]*)<', answer.text)
    shown = "; ".join(message.strip() for message in messages) or answer.text[:300]
    return f"{answer.status_code} {answer.headers.get('location', '')} {shown}".strip()


@contextmanager
def signed_in(server: Server, officer: Officer) -> Iterator[httpx.Client]:
    """A client signed in as `officer` as a browser is: the sign-in form's CSRF token,
    then the name and password, once. A refusal fails the step at once, never retried:
    failures throttle the account."""
    with httpx.Client(base_url=server.base_url, timeout=REQUEST_TIMEOUT_S) as browser:
        form = browser.get("/sign-in")
        form.raise_for_status()
        answer = browser.post(
            "/sign-in",
            data={
                "name": officer.name,
                "password": officer.password,
                "csrftoken": _hidden(form, "csrftoken"),
            },
        )
        if answer.status_code != SUBMITTED or SESSION_COOKIE not in browser.cookies:
            raise RuntimeError(f"signing in to the pages answered {_said(answer)}")
        yield browser


def cookie_header(browser: httpx.Client) -> dict[str, str]:
    """The browser's cookies as the one header wrk sends with every request."""
    return {"Cookie": "; ".join(f"{name}={value}" for name, value in browser.cookies.items())}


@dataclass(frozen=True)
class PageKind:
    """One page, as the page's requests and as the GraphQL requests reading the same."""

    key: str
    title: str
    pages: list[wrk.Request]
    graphql: list[wrk.Request]
    baseline_title: str


def page_kinds(subjects: DistrictSubjects) -> list[PageKind]:
    return [
        PageKind(
            "caseload",
            f"Caseload page (GET /, the officer's district, first {PAGE_LENGTH})",
            [wrk.Request("GET", "/")],
            [
                graphql_request(
                    CASELOAD_QUERY, {"district": subjects.district, "first": PAGE_LENGTH}
                )
            ],
            f"GraphQL children(filter: {{district}}, first: {PAGE_LENGTH}), same district",
        ),
        PageKind(
            "child",
            "Child page (GET /children/{id})",
            [wrk.Request("GET", f"/children/{child}") for child in subjects.child_ids],
            [graphql_request(CHILD_QUERY, {"id": str(child)}) for child in subjects.child_ids],
            "GraphQL child with history, same children",
        ),
    ]


def _probe_page(browser: httpx.Client, request: wrk.Request) -> None:
    """One page before the load: a refusal or a redirect to sign-in fails the step
    with what the page said, not as a count of failed requests."""
    answer = browser.get(request.path)
    if answer.status_code != 200:
        raise RuntimeError(f"{request.path} answered {_said(answer)}")


def figures(
    api: Server,
    browser: httpx.Client,
    token: str,
    kind: PageKind,
    connections: int,
    seconds: float,
) -> list[Figure]:
    """p50 and p99 of one page under `connections`, beside the GraphQL read of the same
    (keys without a suffix are the figures under `GRAPHQL_CONNECTIONS`)."""
    suffix = "" if connections == GRAPHQL_CONNECTIONS else f"_{connections}"
    _probe_page(browser, kind.pages[0])
    probe(api, kind.graphql[0], token)
    page = wrk.run_load(
        api.base_url,
        kind.pages,
        token=None,
        connections=connections,
        seconds=seconds,
        headers=cookie_header(browser),
    )
    graphql = wrk.run_load(
        api.base_url, kind.graphql, token=token, connections=connections, seconds=seconds
    )
    details = {
        "connections": connections,
        **load_details(page),
        **load_details(graphql, "graphql_"),
        "first_failure": page.first_failure or None,
    }
    where = f"wrk, {connections_text(connections)}"
    return latency_figures(
        f"page_{kind.key}",
        suffix,
        kind.title,
        where,
        kind.baseline_title,
        page,
        graphql,
        details,
        p99_target_ms=PAGE_P99_MS,
    )


class Percentiles(Protocol):
    """A run's latencies (a wrk load, or a sequential client's)."""

    @property
    def p50_ms(self) -> float: ...

    @property
    def p99_ms(self) -> float: ...


def latency_figures(
    key: str,
    suffix: str,
    title: str,
    where: str,
    baseline_title: str,
    run: Percentiles,
    baseline: Percentiles,
    details: dict[str, Any],
    p99_target_ms: float | None = None,
) -> list[Figure]:
    """The p50 and p99 figures of `run` (`title`, measured `where`) beside
    `baseline`'s."""
    figures = []
    for name in ("p50", "p99"):
        value = getattr(run, f"{name}_ms")
        target = None
        if name == "p99" and p99_target_ms is not None:
            target = at_most(value, p99_target_ms, f"p99 < {p99_target_ms:g} ms")
        figures.append(
            Figure(
                key=f"{key}_{name}{suffix}",
                title=f"{title}, {name} latency, {where}",
                value=value,
                unit="ms",
                baseline_title=f"{baseline_title}, {name}",
                baseline=getattr(baseline, f"{name}_ms"),
                details=details if name == "p50" else {},
                target=target,
            )
        )
    return figures


@dataclass(frozen=True)
class FormDecision:
    """A decision as its page's form (`/children/{id}/{form}`) and its REST endpoint."""

    form: str
    endpoint: str
    body: dict[str, Any]

    def fields(self) -> dict[str, str]:
        """The REST body as the form's fields: a list as its items, comma-separated."""
        return {
            name: ", ".join(value) if isinstance(value, list) else str(value)
            for name, value in self.body.items()
        }


def form_decisions(today: date) -> list[FormDecision]:
    """An admission then an exit: the child is out of care again after the pair, so the
    pair repeats on the same child as often as the rounds need. The admission is into
    kinship care with a named carer: no provider's places run out, whatever the count."""
    return [
        FormDecision(
            "admission",
            "admissions",
            {
                "effective_date": today.isoformat(),
                "removal_date": today.isoformat(),
                "manner": "voluntary",
                "reasons": ["neglect"],
                "setting": "kinship_care",
                "carer": CARER,
            },
        ),
        FormDecision(
            "exit", "exits", {"effective_date": today.isoformat(), "reason": "reunification"}
        ),
    ]


def _submit_form(browser: httpx.Client, child_id: UUID, decision: FormDecision) -> float:
    """The form opened (not timed), then submitted; the submission's latency in ms."""
    path = f"/children/{child_id}/{decision.form}"
    form = browser.get(path)
    if form.status_code != 200:
        raise RuntimeError(f"{path} answered {_said(form)}")
    data = {
        **decision.fields(),
        "version": _hidden(form, "version"),
        "csrftoken": _hidden(form, "csrftoken"),
    }
    started = time.perf_counter()
    answer = browser.post(path, data=data)
    elapsed_ms = (time.perf_counter() - started) * 1000
    if answer.status_code != SUBMITTED:
        raise RuntimeError(f"the {decision.form} form answered {_said(answer)}")
    return elapsed_ms


def _submit_rest(
    client: httpx.Client, child: UUID, decision: FormDecision, version: int
) -> tuple[float, int]:
    """The same decision over REST, waiting alike; its latency in ms and the new version."""
    path = f"{API_PREFIX}/children/{child}/{decision.endpoint}"
    started = time.perf_counter()
    answer = client.post(
        path,
        json=decision.body,
        headers={"If-Match": f'"{version}"', "Prefer": "read-your-writes"},
    )
    elapsed_ms = (time.perf_counter() - started) * 1000
    if answer.status_code != 200:
        raise RuntimeError(f"POST {path} answered {answer.status_code}: {answer.text[:300]}")
    return elapsed_ms, int(answer.json()["version"])


def _sides(
    children: Sequence[AdmissibleChild],
) -> tuple[list[AdmissibleChild], list[AdmissibleChild]]:
    """Alternate children for the page and for REST, so neither decides on a record the
    other has just made longer."""
    if len(children) < 2:
        raise RuntimeError("the pages' district has fewer than two children out of care")
    return list(children[0::2]), list(children[1::2])


def form_figures(
    api: Server, browser: httpx.Client, setup: PageSetup, today: date, rounds: int
) -> list[Figure]:
    """p50 and p99 of a decision form's submission (admissions and exits alike) beside
    the same decisions over REST, in `rounds` rounds: the page's pair on one child,
    then REST's on another, so both meet the server and read models in the same state."""
    on_page, on_rest = _sides(setup.subjects.admissible)
    versions = {child.child_id: child.version for child in on_rest}
    decisions = form_decisions(today)
    page_ms: dict[str, list[float]] = {decision.form: [] for decision in decisions}
    rest_ms: dict[str, list[float]] = {decision.form: [] for decision in decisions}
    headers = {"Authorization": f"Bearer {setup.officer.token}"}
    with httpx.Client(base_url=api.base_url, headers=headers, timeout=REQUEST_TIMEOUT_S) as rest:
        for round_number in range(rounds):
            page_child = on_page[round_number % len(on_page)].child_id
            rest_child = on_rest[round_number % len(on_rest)].child_id
            for decision in decisions:
                page_ms[decision.form].append(_submit_form(browser, page_child, decision))
            for decision in decisions:
                elapsed_ms, versions[rest_child] = _submit_rest(
                    rest, rest_child, decision, versions[rest_child]
                )
                rest_ms[decision.form].append(elapsed_ms)
    page = _run(page_ms)
    baseline = _run(rest_ms)
    details: dict[str, Any] = {"rounds": rounds, "submissions": page.count}
    for form in page_ms:
        details |= {
            f"{form}_p50_ms": percentile(page_ms[form], 0.50),
            f"{form}_p99_ms": percentile(page_ms[form], 0.99),
            f"rest_{form}_p50_ms": percentile(rest_ms[form], 0.50),
            f"rest_{form}_p99_ms": percentile(rest_ms[form], 0.99),
        }
    title = "Decision form submitted (admission or exit, 303 once in the read models)"
    where = "1 client, sequential (httpx)"
    rest_title = "REST POST .../admissions or .../exits, If-Match, Prefer: read-your-writes"
    return latency_figures(
        "page_decision_form", "", title, where, rest_title, page, baseline, details
    )


def _run(latencies: dict[str, list[float]]) -> LatencyRun:
    """Every submission's latency together, the time they took in all."""
    samples = [sample for form in latencies.values() for sample in form]
    return LatencyRun.of(samples, sum(samples) / 1000)
