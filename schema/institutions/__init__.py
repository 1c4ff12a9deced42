"""GraphQL API of the institutions domain."""
