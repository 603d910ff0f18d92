"""The dashboard's forms (Flask-WTF: each POST form carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (  # type: ignore[attr-defined]  # SelectChoice: WTForms 3.3, not in its stubs
    DateField,
    EmailField,
    IntegerField,
    PasswordField,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from consultbot.accounts import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, email_problem
from consultbot.storage.models import LeadStatus, StaffRole

MAX_NOTE_CHARS = 5000
MAX_QUESTION_CHARS = 2000
ANY_STATUS = "any"
STATUS_CHOICES = [SelectChoice(status.value, status.value.capitalize()) for status in LeadStatus]
ROLE_CHOICES = [SelectChoice(role.value, role.value.capitalize()) for role in StaffRole]


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField("Email", validators=[DataRequired("Enter your email."), Length(max=254)])
    password = PasswordField(
        "Password", validators=[DataRequired("Enter your password."), Length(max=256)]
    )


class NoteForm(FlaskForm):
    """A note on a lead."""

    body = TextAreaField(
        "Add a note",
        validators=[
            DataRequired("Write something before saving the note."),
            Length(
                max=MAX_NOTE_CHARS,
                message=f"A note can be at most {MAX_NOTE_CHARS} characters; shorten it.",
            ),
        ],
    )


class StatusForm(FlaskForm):
    """A lead's new status."""

    status = SelectField("Status", choices=STATUS_CHOICES)


class LeadFilterForm(FlaskForm):
    """The leads list's search, filters and sort (a GET form: nothing to protect)."""

    class Meta:
        csrf = False

    q = SearchField("Search", validators=[Optional(), Length(max=200)])
    status = SelectField(
        "Status",
        choices=[
            SelectChoice("", "Any status but spam"),
            SelectChoice(ANY_STATUS, "Any status, spam too"),
            *STATUS_CHOICES,
        ],
        default="",
    )
    size = SelectField(
        "Size", choices=[SelectChoice("", "Any size")], default="", validate_choice=False
    )
    created_from = DateField("From", validators=[Optional()])
    created_to = DateField("To", validators=[Optional()])

    def validate_created_to(self, field: DateField) -> None:
        """Refuse a To before the From: the list would be empty without saying why."""
        start = self.created_from.data
        if field.data is not None and start is not None and field.data < start:
            raise ValidationError(f"To is before From ({start.isoformat()}).")

    # Scores are out of 100.
    score_min = IntegerField(
        "Score from", validators=[Optional(), NumberRange(0, 100, "Use a score from 0 to 100.")]
    )
    score_max = IntegerField(
        "Score to", validators=[Optional(), NumberRange(0, 100, "Use a score from 0 to 100.")]
    )
    sort = SelectField(
        "Sort",
        choices=[
            SelectChoice("newest", "Newest first"),
            SelectChoice("oldest", "Oldest first"),
            SelectChoice("score", "Highest score"),
            SelectChoice("name", "Name"),
            SelectChoice("status", "Status"),
        ],
        default="newest",
    )


class TryForm(FlaskForm):
    """A question to try against the knowledge in service (GET: nothing changes)."""

    class Meta:
        csrf = False

    question = StringField(
        "Question",
        validators=[
            DataRequired("Type a question to try."),
            Length(max=MAX_QUESTION_CHARS, message="Keep the question under 2000 characters."),
        ],
    )


class UserForm(FlaskForm):
    """A new staff account."""

    email = EmailField("Email", validators=[DataRequired()])
    role = SelectField("Role", choices=ROLE_CHOICES)
    password = PasswordField(
        "Password",
        validators=[
            DataRequired(),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=MAX_PASSWORD_LENGTH,
                message=f"Use {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters.",
            ),
        ],
    )

    def validate_email(self, field: EmailField) -> None:
        """Refuse what is not an email address."""
        problem = email_problem((field.data or "").strip())
        if problem:
            raise ValidationError(problem.capitalize() + ".")
