"""The editor-owned knowledge: schema, loading with file and line, validation (pure but loader)."""
