"""REST command endpoints under `/api/v1`, one module per aggregate.

Each router carries the full prefix itself, so a matched route's template is the
whole public path (`/api/v1/children/{child_id}/moves`), as metrics and logs show it.
"""

API_PREFIX = "/api/v1"
