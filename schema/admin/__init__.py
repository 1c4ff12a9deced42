"""GraphQL API of administration: accreditation, registration and tokens."""
