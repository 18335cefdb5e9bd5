"""Districts within regions as reference data (`registry.districts`): loaded from CSV,
listed over REST and GraphQL, held by users by district or region, and every
decision's district checked against them, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from registry.cli import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, main
from registry.database import open_database as open_projection_database
from registry.database import persistence_env
from registry.districts import District, DistrictDirectory
from registry.importing.batch import BatchedRegistry
from registry.importing.importer import Importer
from registry.importing.rows import ImportRow
from registry.permissions import User
from tests.integration.api.support import CHILD, Api, ApiCase
from tests.support.backends import OnPostgres, OnSQLite
from tests.support.tokens import user_of

LIST = (
    "region,district,name_az,name_ru,name_en\n"
    "northern,north,Şimal,Северный,North\n"
    "northern,highlands,Dağlıq,Горный,Highlands\n"
    "southern,south,Cənub,Южный,South\n"
)
DISTRICTS = [
    District("north", "northern", "Şimal", "Северный", "North"),
    District("highlands", "northern", "Dağlıq", "Горный", "Highlands"),
    District("south", "southern", "Cənub", "Южный", "South"),
]


class DistrictsCommand:
    @pytest.fixture(autouse=True)
    def deployment(self, database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("REGISTRY_DATABASE_URL", database_url)

    def _file(self, folder: Path, text: str) -> Path:
        path = folder / "districts.csv"
        path.write_text(text, encoding="utf-8")
        return path

    def test_import_then_list(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["districts", "import", str(self._file(tmp_path, LIST))]) == EXIT_OK
        assert "3 districts in 2 regions loaded" in capsys.readouterr().out
        assert main(["districts", "list"]) == EXIT_OK
        lines = capsys.readouterr().out.splitlines()
        assert lines == [
            "northern\thighlands\tDağlıq\tГорный\tHighlands",
            "northern\tnorth\tŞimal\tСеверный\tNorth",
            "southern\tsouth\tCənub\tЮжный\tSouth",
        ]

    @pytest.mark.parametrize(
        "text",
        [
            "district,region,name_az,name_ru,name_en\nnorth,northern,a,b,c\n",
            LIST + "southern,south,Cənub,Южный,South\n",
            LIST + "southern,east,Şərq\x00,Восточный,East\n",
            LIST + "southern,   ,Şərq,Восточный,East\n",
        ],
        ids=["header", "twice", "control character", "blank code"],
    )
    def test_a_bad_file_loads_nothing(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
    ) -> None:
        assert main(["districts", "import", str(self._file(tmp_path, LIST))]) == EXIT_OK
        assert main(["districts", "import", str(self._file(tmp_path, text))]) == EXIT_FAILURE
        assert "districts not loaded" in capsys.readouterr().err
        main(["districts", "list"])
        assert len(capsys.readouterr().out.splitlines()) == 3

    def test_a_supervisor_holds_a_region(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        main(["districts", "import", str(self._file(tmp_path, LIST))])
        capsys.readouterr()
        code = main(["users", "add", "aysel", "--role", "supervisor", "--region", "northern"])
        assert code == EXIT_OK
        user = self._user(capsys.readouterr().out.strip())
        assert user is not None and user.districts == frozenset({"north", "highlands"})
        assert user.covers("highlands") and not user.covers("south")

    def test_users_hold_listed_districts_only(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        main(["districts", "import", str(self._file(tmp_path, LIST))])
        assert main(["users", "add", "a", "--role", "officer", "--district", "atlantis"]) == (
            EXIT_USAGE
        )
        assert main(["users", "add", "b", "--role", "supervisor", "--region", "mars"]) == (
            EXIT_USAGE
        )
        assert "atlantis" in capsys.readouterr().err

    def _user(self, token: str) -> User | None:
        return user_of(token)


class DistrictsChecked(ApiCase):
    @pytest.fixture
    def listed(self, api: Api) -> Api:
        directory = api.registry.districts
        assert directory is not None
        directory.replace(DISTRICTS)
        return api

    def test_any_district_until_a_list_is_loaded(self, api: Api) -> None:
        response = api.post("/children", {**CHILD, "district": "atlantis"}, "supervisor_national")
        assert response.status_code == 201

    def test_decisions_name_listed_districts_only(self, listed: Api) -> None:
        api = listed
        before = api.max_notification_id()
        registered = api.post("/children", {**CHILD, "district": "atlantis"}, "supervisor_national")
        assert (registered.status_code, registered.json()["code"]) == (422, "unknown_district")
        assert "atlantis" not in registered.text
        assert api.max_notification_id() == before

        child = api.register_child()
        transfer = {"effective_date": "2024-02-01", "to_district": "atlantis"}
        moved = api.post(f"/children/{child}/transfers", transfer, "supervisor_national")
        assert (moved.status_code, moved.json()["code"]) == (422, "unknown_district")
        correction = {
            "effective_date": "2024-02-01",
            "corrects": 1,
            "changes": {"district": "atlantis"},
            "reason": "typo",
        }
        corrected = api.post(f"/children/{child}/corrections", correction, "supervisor_national")
        assert (corrected.status_code, corrected.json()["code"]) == (422, "unknown_district")
        assert (
            api.post(
                f"/children/{child}/transfers",
                {**transfer, "to_district": "south"},
                "supervisor_national",
            ).status_code
            == 200
        )

    def test_import_rows_name_listed_districts_only(
        self, listed: Api, database_url: str, today: date
    ) -> None:
        importing = BatchedRegistry(
            persistence_env(database_url),
            today=lambda: today,
            districts=DistrictDirectory(open_projection_database(database_url)),
        )
        try:
            fields = {k: v for k, v in CHILD.items() if v is not None}
            rows = [ImportRow(1, "r1", "c1", "registration", {**fields, "district": "atlantis"})]
            result = Importer(importing, recorded_by="import").run(rows)
        finally:
            importing.close()
        assert [(r.code, r.row.line) for r in result.rejections] == [("unknown_district", 1)]

    def test_rest_and_graphql_list_them(self, listed: Api) -> None:
        headers = {"Authorization": f"Bearer {listed.tokens['evaluator']}"}
        listed_over_rest = listed.client.get("/api/v1/districts", headers=headers)
        assert listed_over_rest.status_code == 200
        assert [d["code"] for d in listed_over_rest.json()] == ["highlands", "north", "south"]
        assert listed_over_rest.json()[1] == {
            "code": "north",
            "region": "northern",
            "name_az": "Şimal",
            "name_ru": "Северный",
            "name_en": "North",
        }
        assert listed.client.get("/api/v1/districts").status_code == 401
        answer = listed.client.post(
            "/graphql", json={"query": "{ districts { code region nameRu } }"}, headers=headers
        ).json()
        assert answer["data"]["districts"][2] == {
            "code": "south",
            "region": "southern",
            "nameRu": "Южный",
        }


class TestDistrictsCommandOnSQLite(OnSQLite, DistrictsCommand):
    pass


@pytest.mark.postgres
class TestDistrictsCommandOnPostgres(OnPostgres, DistrictsCommand):
    pass


class TestDistrictsCheckedOnSQLite(OnSQLite, DistrictsChecked):
    pass


@pytest.mark.postgres
class TestDistrictsCheckedOnPostgres(OnPostgres, DistrictsChecked):
    pass
