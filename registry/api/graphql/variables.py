"""A request's variables, checked before execution with messages that quote no value.

graphql-core coerces the variables as execution starts, and its refusal shows
what it found ("Variable '$f' has invalid value: Expected value of type
'ChildFilter' not to include unknown field 'familyName', found: {...}"). The value
may be a child's name or personal id, and the refusal was logged with it.

`VariableErrors` runs graphql-core's own check of each variable first, so what
counts as invalid stays graphql-core's (lists of one, required fields, one-of
inputs), and words each refusal from the types alone: the variable, the field or
item within it, and what was expected there. Any refusal answers the request with
these errors as BAD_USER_INPUT, and nothing is executed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLInputType,
    GraphQLSchema,
    OperationDefinitionNode,
    get_named_type,
    get_nullable_type,
    get_operation_ast,
    is_input_object_type,
    is_input_type,
    is_list_type,
    is_non_null_type,
    is_required_input_field,
    type_from_ast,
)
from graphql.utilities import validate_input_value
from strawberry.extensions import SchemaExtension

from registry.api.graphql.errors import BadUserInput, refuse_execution

MAX_ERRORS = 20
"""A list of a thousand wrong items is refused with this many errors, not a thousand."""
NAMED_FIELDS = 3
"""Unknown fields of one object named in its message; the rest are counted."""
GRAPHQL_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")

Path = tuple[str | int, ...]


class _Enough(Exception):
    """Stops graphql-core's check once MAX_ERRORS places are known to be wrong."""


class VariableErrors(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        operation = (
            get_operation_ast(context.graphql_document, context.operation_name)
            if context.graphql_document is not None
            else None
        )
        if operation is not None and context.result is None:
            problems = variable_problems(context.schema._schema, operation, context.variables or {})
            if problems:
                refuse_execution(context, [BadUserInput(problem) for problem in problems])
        yield


def variable_problems(
    schema: GraphQLSchema, operation: OperationDefinitionNode, values: Mapping[str, Any]
) -> list[str]:
    """One message per wrong place in the operation's variables, at most MAX_ERRORS."""
    problems: dict[tuple[str, Path], str] = {}
    try:
        for definition in operation.variable_definitions or ():
            name = definition.variable.name.value
            type_ = type_from_ast(schema, definition.type)
            if type_ is None or not is_input_type(type_):
                continue  # an unknown variable type was refused by validation
            if name not in values:
                if is_non_null_type(type_) and definition.default_value is None:
                    problems[name, ()] = (
                        f"Variable '${name}' of required type '{type_}' was not provided."
                    )
                continue
            _check(name, values[name], type_, problems)
    except _Enough:
        pass
    return list(problems.values())


def _check(
    name: str, value: Any, type_: GraphQLInputType, problems: dict[tuple[str, Path], str]
) -> None:
    def on_error(_: GraphQLError, path: list[str | int]) -> None:
        place = (name, tuple(path))
        if place not in problems:
            if len(problems) == MAX_ERRORS:
                raise _Enough
            problems[place] = _describe(name, value, type_, place[1])

    validate_input_value(value, type_, on_error, hide_suggestions=True)


def _describe(name: str, value: Any, type_: GraphQLInputType, path: Path) -> str:
    steps = "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path)
    where = f"Variable '${name}{steps}'"
    for step in path:
        value, type_ = _step(value, type_, step)
    return f"{where} {_fault(value, type_)}"


def _step(value: Any, type_: GraphQLInputType, step: str | int) -> tuple[Any, GraphQLInputType]:
    """The value and type one step down the path graphql-core reported."""
    inner = get_nullable_type(type_)
    while is_list_type(inner) and not (isinstance(step, int) and isinstance(value, list)):
        inner = get_nullable_type(inner.of_type)  # a lone value stands for a list of one
    if is_list_type(inner):
        return value[step], inner.of_type
    assert is_input_object_type(inner) and isinstance(step, str)
    return value[step], inner.fields[step].type


def _fault(value: Any, type_: GraphQLInputType) -> str:
    """What is wrong with `value` as a `type_`, said without the value."""
    if is_non_null_type(type_) and value is None:
        return f"must not be null ('{type_}' expected)."
    named = get_named_type(type_)
    if not is_input_object_type(named):
        return f"is not a valid '{named}'."
    if not isinstance(value, dict):
        return f"must be an object of type '{named}'."
    unknown = [key for key in value if key not in named.fields]
    missing = [
        field_name
        for field_name, field in named.fields.items()
        if is_required_input_field(field) and field_name not in value
    ]
    if unknown:
        return f"has fields '{named}' does not define: {_field_names(unknown)}."
    if missing:
        return f"lacks the required fields of '{named}': {', '.join(missing)}."
    if named.is_one_of:
        return f"must set exactly one field of '{named}'."
    return f"is not a valid '{named}'."


def _field_names(keys: list[str]) -> str:
    """The first few keys that look like field names; a key that does not is data, not
    a misspelt field, and is counted, never shown."""
    named = [key for key in keys if GRAPHQL_NAME.fullmatch(key)][:NAMED_FIELDS]
    others = len(keys) - len(named)
    shown = ", ".join(f"'{key}'" for key in named)
    if not others:
        return shown
    counted = f"{others} other{'s' if others > 1 else ''}"
    return f"{shown} and {counted}" if shown else counted
