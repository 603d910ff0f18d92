"""Staff accounts for the dashboard."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from consultbot.storage.models.base import Base, string_enum, utcnow


class StaffRole(StrEnum):
    """What a staff account may do in the dashboard."""

    SALES = "sales"
    EDITOR = "editor"
    ADMIN = "admin"


class User(Base):
    """A staff account for the dashboard."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[StaffRole] = mapped_column(string_enum(StaffRole, "staff_role"))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    # Bumped on logout, password change and switch-off: every session signed in under an
    # older value (a copied cookie included) is no longer valid.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # The name visitors see when this person replies in a chat.
    display_name: Mapped[str | None] = mapped_column(sa.String(100))
    # Set in the Live page; counts only while that page keeps polling (chat_seen_at).
    chat_available: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    chat_seen_at: Mapped[datetime | None]


class LoginAttempt(Base):
    """A dashboard login attempt from a client address, for the failed-login limits.

    Written before the password is checked and struck out again when the login succeeds, so
    what stays are failures; kept for the longest window of the limits, then deleted. In the
    database rather than in a worker's memory, so every worker and host counts the same ones.
    """

    __tablename__ = "login_attempts"
    __table_args__ = (sa.Index("ix_login_attempts_address_at", "address", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(sa.String(64))
    # As typed (normalised), known to us or not: an unknown email is counted as a known one.
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    at: Mapped[datetime] = mapped_column(index=True)
