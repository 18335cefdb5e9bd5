"""`registry users add|list|revoke`: local users and their bearer tokens.

`add` prints the new token alone on one line, so scripts can capture it; it is
stored only as a keyed hash and cannot be shown again. `list` prints one
tab-separated line per user: id, name, role, districts, state. The id is what
decisions record as `recorded_by`, so a history can be traced to a person.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from registry.api.users import UnknownUser, UserExists, UserStore
from registry.cli import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from registry.database import open_database
from registry.districts import DistrictDirectory
from registry.permissions import Role
from registry.settings import Settings


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "users", help="manage users and their bearer tokens"
    )
    verbs = parser.add_subparsers(dest="users_verb", required=True, metavar="ACTION")

    add = verbs.add_parser("add", help="add a user and print their token")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=[role.value for role in Role])
    add.add_argument(
        "--district",
        action="append",
        default=[],
        dest="districts",
        help="a district the user works in (repeatable)",
    )
    add.add_argument(
        "--region",
        action="append",
        default=[],
        dest="regions",
        help="a region whose districts the user works in (repeatable; the districts it "
        "has when the user is added)",
    )
    add.set_defaults(handler=_add)

    listing = verbs.add_parser(
        "list", help="list users: id, name, role, districts, state (never their tokens)"
    )
    listing.set_defaults(handler=_list)

    revoke = verbs.add_parser("revoke", help="revoke a user's token")
    revoke.add_argument("name")
    revoke.set_defaults(handler=_revoke)


def _store() -> tuple[UserStore, Any]:
    settings = Settings()
    database = open_database(settings.database_url)
    return UserStore(database, settings.secret_key), database


def _add(arguments: argparse.Namespace) -> int:
    districts = _holdings(arguments.districts, arguments.regions)
    if districts is None:
        return EXIT_USAGE
    store, database = _store()
    try:
        token = store.add(arguments.name, Role(arguments.role), districts)
    except UserExists:
        print(f"a user named {arguments.name!r} already exists", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        database.close()
    print(token)
    return EXIT_OK


def _holdings(districts: list[str], regions: list[str]) -> frozenset[str] | None:
    """The districts given and those of the regions given, checked against the
    reference list when one is loaded; None (after saying why) when one is unknown."""
    directory = DistrictDirectory(open_database(Settings().database_url))
    try:
        known = {district.code for district in directory.districts()}
        held = set(districts)
        for region in regions:
            of_region = directory.of_region(region)
            if not of_region:
                print(f"users: no district of the list is in region {region!r}", file=sys.stderr)
                return None
            held |= of_region
    finally:
        directory.close()
    unknown = sorted(held - known) if known else []
    if unknown:
        print(f"users: {unknown[0]!r} is not in the list of districts", file=sys.stderr)
        return None
    return frozenset(held)


def _list(_: argparse.Namespace) -> int:
    store, database = _store()
    try:
        listings = store.list_users()
    finally:
        database.close()
    for listing in listings:
        user = listing.user
        state = f"revoked {listing.revoked_at}" if listing.revoked_at else "active"
        districts = ",".join(sorted(user.districts)) or "-"
        print(f"{user.id}\t{user.name}\t{user.role}\t{districts}\t{state}")
    return EXIT_OK


def _revoke(arguments: argparse.Namespace) -> int:
    store, database = _store()
    try:
        store.revoke(arguments.name)
    except UnknownUser:
        print(f"no active user named {arguments.name!r}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        database.close()
    return EXIT_OK
