"""GraphQL API of the evaluations domain."""
