"""GraphQL API of the policies domain."""
