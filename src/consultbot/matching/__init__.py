"""Turn a visitor's text into the knowledge item it asks about, with an explanation (pure)."""
