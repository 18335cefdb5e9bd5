"""The HTTP interface: REST commands, authentication and authorisation, problem details."""
