"""Load from `wrk`, a native client, so the load generator does not starve the server.

Each run gets a Lua script that rotates over prepared requests (one per child),
carries the bearer token (or, for the pages, the browser's cookies as a header),
and prints its summary as one JSON line; the figures
read from it are requests/s and the p50/p99 latencies wrk measured. A response
is failed when its status is not 2xx or its JSON carries GraphQL `errors`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

WRK = "wrk"
MARKER = "WRK_JSON "
TIMEOUT_SECONDS = 10
MAX_FAILED_SHARE = 0.01

LUA_TEMPLATE = """
local items = {
%(items)s
}
wrk.headers["Authorization"] = %(authorization)s
wrk.headers["Content-Type"] = "application/json"
%(headers)s
local threads = {}
local thread_number = 0

function setup(thread)
  thread:set("first", thread_number * 7919)
  thread_number = thread_number + 1
  table.insert(threads, thread)
end

function init(args)
  counter = first or 0
  failed = 0
  first_failure = ""
end

function request()
  counter = counter + 1
  local item = items[(counter %% #items) + 1]
  return wrk.format(item[1], item[2], nil, item[3])
end

function response(status, headers, body)
  if status >= 300 or string.find(body or "", '"errors":', 1, true) then
    failed = failed + 1
    if first_failure == "" then
      first_failure = status .. " " .. string.sub(body or "", 1, 300)
    end
  end
end

function done(summary, latency, requests)
  local failed_total = 0
  local failure = ""
  for _, thread in ipairs(threads) do
    failed_total = failed_total + (thread:get("failed") or 0)
    if failure == "" then failure = thread:get("first_failure") or "" end
  end
  local errors = summary.errors
  io.write(string.format(
    '%(marker)s{"requests":%%d,"duration_us":%%d,"p50_us":%%d,"p99_us":%%d,' ..
    '"max_us":%%d,"socket_errors":%%d,"failed":%%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, errors.connect + errors.read + errors.write + errors.timeout, failed_total))
  io.write("WRK_FAILURE " .. string.gsub(failure, "\\n", " ") .. "\\n")
end
"""


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: str | None = None


@dataclass(frozen=True)
class LoadResult:
    """What wrk measured: completed requests and their latency."""

    connections: int
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    failed: int
    socket_errors: int
    first_failure: str

    @property
    def succeeded_per_second(self) -> float:
        ok = self.requests - self.failed
        return ok / self.seconds if self.seconds > 0 else 0.0

    @property
    def none_completed(self) -> bool:
        return self.requests == 0

    def checked(self) -> LoadResult:
        """This result, unless failures make its figures meaningless. When no request
        completed at all, the latencies are wrk's timeout: a lower bound, not a measure."""
        if self.none_completed:
            timeout_ms = TIMEOUT_SECONDS * 1000.0
            return replace(self, p50_ms=timeout_ms, p99_ms=timeout_ms, max_ms=timeout_ms)
        if self.failed > MAX_FAILED_SHARE * self.requests:
            raise RuntimeError(
                f"{self.failed} of {self.requests} requests failed; first: {self.first_failure}"
            )
        return self


def available() -> bool:
    return shutil.which(WRK) is not None


def _lua_string(text: str) -> str:
    level = "=" * 3
    return f"[{level}[{text}]{level}]"


def lua_script(
    requests: Sequence[Request], token: str | None, headers: Mapping[str, str] | None = None
) -> str:
    items = ",\n".join(
        f"{{{_lua_string(r.method)}, {_lua_string(r.path)}, "
        f"{'nil' if r.body is None else _lua_string(r.body)}}}"
        for r in requests
    )
    authorization = _lua_string(f"Bearer {token}") if token else "nil"
    extra = "\n".join(
        # Spaced: `[[` would open a Lua long string.
        f"wrk.headers[ {_lua_string(name)} ] = {_lua_string(value)}"
        for name, value in (headers or {}).items()
    )
    return LUA_TEMPLATE % {
        "items": items,
        "authorization": authorization,
        "headers": extra,
        "marker": MARKER,
    }


def run_load(
    base_url: str,
    requests: Sequence[Request],
    *,
    token: str | None,
    connections: int,
    seconds: float,
    headers: Mapping[str, str] | None = None,
) -> LoadResult:
    """Run wrk for `seconds` with `connections` connections over `requests` in rotation,
    each request carrying `headers` besides the token."""
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as directory:
        script = Path(directory) / "load.lua"
        script.write_text(lua_script(requests, token, headers))
        completed = subprocess.run(
            [
                WRK,
                f"--threads={min(connections, 2)}",
                f"--connections={connections}",
                f"--duration={max(1, round(seconds))}s",
                f"--timeout={TIMEOUT_SECONDS}s",
                f"--script={script}",
                base_url,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        )
    return _parse(completed.stdout, connections).checked()


def _parse(output: str, connections: int) -> LoadResult:
    summary: dict[str, int] | None = None
    failure = ""
    for line in output.splitlines():
        if line.startswith(MARKER):
            summary = json.loads(line.removeprefix(MARKER))
        elif line.startswith("WRK_FAILURE "):
            failure = line.removeprefix("WRK_FAILURE ").strip()
    if summary is None:
        raise RuntimeError(f"wrk printed no summary: {output[-500:]}")
    return LoadResult(
        connections=connections,
        requests=summary["requests"],
        seconds=summary["duration_us"] / 1e6,
        p50_ms=summary["p50_us"] / 1000,
        p99_ms=summary["p99_us"] / 1000,
        max_ms=summary["max_us"] / 1000,
        failed=summary["failed"],
        socket_errors=summary["socket_errors"],
        first_failure=failure,
    )
