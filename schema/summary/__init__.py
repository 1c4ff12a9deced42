"""GraphQL API of the summary domain."""
