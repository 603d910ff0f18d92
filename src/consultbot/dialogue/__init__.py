"""The conversation state machine (pure)."""
