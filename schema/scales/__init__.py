"""GraphQL API of the scales domain."""
