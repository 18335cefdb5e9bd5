"""The GraphQL query API at `/graphql`: one small module per type, the root Query,
DataLoaders, limits, and the per-request context built from the API's dependencies."""

from __future__ import annotations

from registry.api.graphql.context import GraphQLContext, get_context
from registry.api.graphql.schema import schema
from registry.api.graphql.transport import RegistryGraphQLRouter
from registry.api.media_types import GRAPHQL_BODY


def make_graphql_router() -> RegistryGraphQLRouter:
    """The router `create_app` mounts at `/graphql` (GraphiQL, vendored, for browsers)."""
    return RegistryGraphQLRouter(
        schema, context_getter=get_context, graphql_ide="graphiql", dependencies=[GRAPHQL_BODY]
    )


__all__ = ["GraphQLContext", "make_graphql_router", "schema"]
