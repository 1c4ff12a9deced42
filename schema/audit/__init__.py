"""GraphQL API of the audit trail."""
