"""Persistence: the SQLAlchemy engine and sessions, the models, plain query functions."""
