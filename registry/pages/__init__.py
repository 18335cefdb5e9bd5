"""The pages at `/`: server-rendered HTML for officers and supervisors, on the same
commands, permission policy and audit trail as REST and GraphQL."""
