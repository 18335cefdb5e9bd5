"""`registry users add|list|revoke|set-password|sessions`: local users, their bearer
tokens, their passwords for the pages and their sessions.

`add` prints the new token alone on one line, so scripts can capture it; it is
stored only as a keyed hash and cannot be shown again. `--password` asks for a
password for the pages (twice, not echoed), `--password-stdin` reads it from the
first line of standard input, for scripts; `set-password` does the same for a user
already added. `sessions NAME` lists the user's page sessions, `--revoke REF` ends
one, `--revoke-all` every live one. `list` prints one
tab-separated line per user: id, name, role, districts, state. The id is what
decisions record as `recorded_by`, so a history can be traced to a person.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import timedelta
from typing import Any

from registry.accounts.passwords import PasswordStore, WeakPassword
from registry.accounts.sessions import SessionStore
from registry.api.users import UnknownUser, UserExists, UserStore
from registry.cli import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from registry.database import open_database
from registry.districts import DistrictDirectory
from registry.permissions import Role, User
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
    _password_options(add)
    add.set_defaults(handler=_add)

    set_password = verbs.add_parser("set-password", help="set a user's password for the pages")
    set_password.add_argument("name")
    set_password.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    set_password.set_defaults(handler=_set_password)

    sessions = verbs.add_parser("sessions", help="list or revoke a user's page sessions")
    sessions.add_argument("name")
    ending = sessions.add_mutually_exclusive_group()
    ending.add_argument("--revoke", metavar="REF", help="end the session of this reference")
    ending.add_argument("--revoke-all", action="store_true", help="end every live session")
    sessions.set_defaults(handler=_sessions)

    listing = verbs.add_parser(
        "list", help="list users: id, name, role, districts, state (never their tokens)"
    )
    listing.set_defaults(handler=_list)

    revoke = verbs.add_parser("revoke", help="revoke a user's token")
    revoke.add_argument("name")
    revoke.set_defaults(handler=_revoke)


def _password_options(parser: argparse.ArgumentParser) -> None:
    given = parser.add_mutually_exclusive_group()
    given.add_argument("--password", action="store_true", help="ask for a password for the pages")
    given.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )


def _read_password(from_stdin: bool) -> str | None:
    """The password typed (twice) or read from standard input; None, after saying
    why, when the two typed differ."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        print("users: the two passwords differ", file=sys.stderr)
        return None
    return first


def _active(store: UserStore, name: str) -> User | None:
    """The active user of `name`; None, after saying so, when there is none."""
    user = store.active(name)
    if user is None:
        print(f"no active user named {name!r}", file=sys.stderr)
    return user


def _store() -> tuple[UserStore, Any]:
    settings = Settings()
    database = open_database(settings.database_url)
    return UserStore(database, settings.secret_key), database


def _add(arguments: argparse.Namespace) -> int:
    districts = _holdings(arguments.districts, arguments.regions)
    if districts is None:
        return EXIT_USAGE
    password = None
    if arguments.password or arguments.password_stdin:
        password = _read_password(arguments.password_stdin)
        if password is None:
            return EXIT_USAGE
    store, database = _store()
    try:
        passwords = PasswordStore(database)
        token = store.add(arguments.name, Role(arguments.role), districts)
        if password is not None:
            user = store.active(arguments.name)
            assert user is not None
            passwords.set(user.id, password)
    except UserExists:
        print(f"a user named {arguments.name!r} already exists", file=sys.stderr)
        return EXIT_FAILURE
    except WeakPassword as weak:
        print(f"users: {weak}; the user is added without one", file=sys.stderr)
        print(token)
        return EXIT_FAILURE
    finally:
        database.close()
    print(token)
    return EXIT_OK


def _set_password(arguments: argparse.Namespace) -> int:
    password = _read_password(arguments.password_stdin)
    if password is None:
        return EXIT_USAGE
    store, database = _store()
    try:
        user = _active(store, arguments.name)
        if user is None:
            return EXIT_FAILURE
        PasswordStore(database).set(user.id, password)
    except WeakPassword as weak:
        print(f"users: {weak}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        database.close()
    return EXIT_OK


def _sessions(arguments: argparse.Namespace) -> int:
    settings = Settings()
    store, database = _store()
    try:
        user = _active(store, arguments.name)
        if user is None:
            return EXIT_FAILURE
        sessions = SessionStore(
            database,
            settings.secret_key,
            idle=timedelta(minutes=settings.pages.session_idle_minutes),
        )
        if arguments.revoke or arguments.revoke_all:
            ended = sessions.revoke(user.id, arguments.revoke)
            print(f"{ended} session(s) ended")
            return EXIT_OK if ended or arguments.revoke_all else EXIT_FAILURE
        for listing in sessions.of_user(user.id):
            state = f"ended {listing.ended_at.isoformat()}" if listing.ended_at else "live"
            print(
                f"{listing.reference}\topened {listing.opened_at.isoformat()}"
                f"\tlast used {listing.last_used_at.isoformat()}\t{state}"
            )
    finally:
        database.close()
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
