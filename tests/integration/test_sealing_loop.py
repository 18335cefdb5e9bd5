"""The worker's integrity watch outlives its database: cut off, it keeps trying, and
once the database answers again it seals what was written meanwhile (PostgreSQL,
reached through a proxy the test cuts)."""

from __future__ import annotations

import threading
import time

import pytest

from registry.application import RegistryApplication
from registry.database import persistence_env
from registry.integrity.chain import Chain
from registry.integrity.watch import IntegrityWatch
from tests.conftest import TODAY
from tests.support.journeys import register_child
from tests.support.tcp_proxy import TCPProxy


@pytest.mark.postgres
def test_the_watch_survives_a_lost_database(postgres_url: str) -> None:
    proxy, proxied = TCPProxy.to(postgres_url)
    env = {**persistence_env(proxied), "POSTGRES_CONNECT_TIMEOUT": "1"}
    sealer = RegistryApplication(env, today=lambda: TODAY)
    writer = RegistryApplication(persistence_env(postgres_url), today=lambda: TODAY)
    stopping = threading.Event()
    watch = IntegrityWatch(sealer, seal_interval=0.05)
    loop = threading.Thread(target=watch.run_until_stopped, args=(stopping,), daemon=True)
    try:
        register_child(writer)
        loop.start()
        assert _sealed_up_to(writer, 1)
        proxy.cut()
        time.sleep(0.5)
        register_child(writer)
        assert loop.is_alive()
        proxy.start()
        assert _sealed_up_to(writer, writer.recorder.max_notification_id() or 0)
        assert loop.is_alive()
    finally:
        stopping.set()
        loop.join(timeout=70)
        proxy.cut()
        sealer.close()
        writer.close()
    assert not loop.is_alive()


def _sealed_up_to(app: RegistryApplication, notification_id: int, seconds: float = 20) -> bool:
    chain = Chain(app.recorder, app.signing_key)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        head = chain.head()
        if head is not None and head.notification_id >= notification_id:
            return True
        time.sleep(0.05)
    return False
