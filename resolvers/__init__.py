"""Data access for the API: async functions over the ORM, and per-request DataLoaders."""
