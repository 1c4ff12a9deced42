"""The fixed vocabularies (cities, fields, stages, statuses, ...) with their names in both languages."""
