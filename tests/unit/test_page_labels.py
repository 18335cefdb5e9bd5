"""Every code a page shows has its label: each coded value of a decision, each
correctable field, each refusal of the rules. A code without one would reach an
officer untranslated."""

from __future__ import annotations

import inspect
from enum import Enum

import pytest

from registry.api.graphql.error_codes import DATABASE_UNAVAILABLE as GRAPHQL_DATABASE_UNAVAILABLE
from registry.api.graphql.error_codes import INTERNAL, PARSE_FAILED, VALIDATION_FAILED
from registry.api.graphql.error_language import MESSAGE_KEYS
from registry.api.problems import (
    HTTP_ERROR_CODES,
    PAYLOAD_TOO_LARGE,
    REFUSAL_STATUSES,
    UNSUPPORTED_MEDIA_TYPE,
)
from registry.domain import errors, values
from registry.domain.child_events import CHILD_EVENT_TYPES
from registry.domain.date_range import DateOutOfRange
from registry.outages import DATABASE_UNAVAILABLE
from registry.pages.corrections import NOT_TYPED_HERE, corrected_fields
from registry.pages.forms import REFUSAL_FIELDS
from registry.pages.labels import FIELD_TITLES, LABELS, REFUSALS
from registry.pages.timeline import NOT_CORRECTED_HERE

LABELLED_ENUMS: dict[type[Enum], str] = {
    values.Sex: "sex",
    values.ParentalStatus: "parental_status",
    values.ParentalRights: "parental_rights",
    values.AssessmentOutcome: "outcome",
    values.Setting: "setting",
    values.RemovalManner: "manner",
    values.PlacementEndReason: "placement_end",
    values.ExitReason: "exit_reason",
    values.AdoptionKind: "adoption_kind",
    values.ProviderKind: "provider_kind",
    values.ProviderStatus: "provider_status",
    values.ChildStatus: "status",
}


@pytest.mark.parametrize("enum, kind", LABELLED_ENUMS.items(), ids=lambda item: str(item))
def test_every_coded_value_has_a_label(enum: type[Enum], kind: str) -> None:
    assert {member.value for member in enum} <= {code for each, code in LABELS if each == kind}


def test_every_field_a_correction_offers_is_titled_and_its_codes_labelled() -> None:
    for event_type in CHILD_EVENT_TYPES:
        if event_type.__name__ in NOT_CORRECTED_HERE:
            continue
        for field in corrected_fields(event_type):
            assert field.name in FIELD_TITLES, (event_type.__name__, field.name)
            if field.kind == "choice":
                assert field.label_kind is not None, (event_type.__name__, field.name)
                labelled = {code for each, code in LABELS if each == field.label_kind}
                assert set(field.codes) <= labelled, (event_type.__name__, field.name)
    assert "goals" in NOT_TYPED_HERE


def test_every_refusal_of_the_rules_has_its_message() -> None:
    codes = {
        kind.code
        for _, kind in inspect.getmembers(errors, inspect.isclass)
        if issubclass(kind, errors.DomainError) and kind is not errors.DomainError
    }
    assert codes <= set(REFUSALS)
    assert set(REFUSAL_FIELDS) <= set(REFUSALS)


def test_every_error_code_of_the_apis_has_its_message() -> None:
    """REST's own codes (beside the rules') and GraphQL's, as `problem_language` and
    `error_language` translate them."""
    rest = {
        *HTTP_ERROR_CODES.values(),
        *REFUSAL_STATUSES,
        "unauthenticated",
        "forbidden",
        "validation",
        "internal_error",
        "http_error",
        PAYLOAD_TOO_LARGE,
        UNSUPPORTED_MEDIA_TYPE,
        DATABASE_UNAVAILABLE,
        "read_side_unavailable",
        "read_side_behind",
        DateOutOfRange.code,
    }
    assert rest <= set(REFUSALS)
    assert set(MESSAGE_KEYS.values()) <= set(REFUSALS)
    assert set(MESSAGE_KEYS) >= {
        INTERNAL,
        GRAPHQL_DATABASE_UNAVAILABLE,
        PARSE_FAILED,
        VALIDATION_FAILED,
    }
