"""GraphQL API of the projects domain."""
