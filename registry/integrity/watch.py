"""The integrity watch: the log checked continuously, for as long as the process runs.

Every few seconds it seals the rows written since the last round, each checked for
the registry's signature first (`Chain.seal`): a row inserted or altered behind the
application is found within one round, and never sealed. On a schedule (hourly by
default) it verifies the whole log in one snapshot (`verify`), which also finds
sealed rows that went missing and streams with a gap. Findings go to the alarms
table and the alarm log (`alarms`).

A database restart or outage makes a round fail; the watch logs one JSON line (the
error's type, never its message) and tries again after a pause that doubles up to
a minute, and back to the interval once a round succeeds. No error of a round ends
it; only the stop event does.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from registry.application import RegistryApplication
from registry.integrity.alarms import IntegrityAlarms
from registry.integrity.chain import Chain
from registry.integrity.verify import verify
from registry.observability.request_log import json_logger
from registry.outages import Backoff

LOGGER_NAME = "registry.worker"
LONGEST_PAUSE_SECONDS = 60.0
SEAL_INTERVAL_SECONDS = 5.0
VERIFY_INTERVAL_SECONDS = 3600.0


class IntegrityWatch:
    def __init__(
        self,
        app: RegistryApplication,
        *,
        seal_interval: float = SEAL_INTERVAL_SECONDS,
        verify_interval: float = VERIFY_INTERVAL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.seal_interval = seal_interval
        self.verify_interval = verify_interval
        self.clock = clock
        # Their tables are made now, as the process starts, not in the watch's thread.
        self._chain = Chain(app.recorder, app.signing_key)
        self._alarms = IntegrityAlarms(app.recorder)
        self._next_verify = clock()

    def round(self) -> None:
        """Seal and check new rows; verify the whole log when it is due (at the first
        round, then every `verify_interval`)."""
        sealing = self._chain.seal()
        if sealing.forged is not None:
            self._alarms.record([sealing.forged], found_by="sealing")
        if self.clock() >= self._next_verify:
            report = verify(self.app, seal=False)
            self._alarms.record(report.problems, found_by="verify")
            self._next_verify = self.clock() + self.verify_interval

    def run_until_stopped(self, stopping: threading.Event) -> None:
        """A round every `seal_interval` seconds, the first one interval after the start
        (the process's own start-up writes go first), until `stopping` is set."""
        backoff = Backoff(self.seal_interval, LONGEST_PAUSE_SECONDS)
        if stopping.wait(self.seal_interval):
            return
        while True:
            try:
                self.round()
                pause = backoff.succeeded()
            except Exception as error:  # no round's failure may end the watch
                pause = backoff.failed()
                json_logger(LOGGER_NAME).warning(
                    "integrity round failed; trying again",
                    extra={"fields": {"error": type(error).__name__, "retry_in_seconds": pause}},
                )
            if stopping.wait(pause):
                return
