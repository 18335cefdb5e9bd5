"""The GraphQL query API at `/graphql`: one small module per type, the root Query,
DataLoaders, limits, and the per-request context built from the API's dependencies."""

from __future__ import annotations

from strawberry.fastapi import GraphQLRouter

from registry.api.graphql.context import GraphQLContext, get_context
from registry.api.graphql.schema import schema


def make_graphql_router() -> GraphQLRouter[GraphQLContext, None]:
    """The router `create_app` mounts at `/graphql` (GraphiQL for browsers)."""
    return GraphQLRouter(schema, context_getter=get_context, graphql_ide="graphiql")


__all__ = ["GraphQLContext", "make_graphql_router", "schema"]
