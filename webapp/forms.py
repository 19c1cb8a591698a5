"""The staff pages' forms (Flask-WTF: every one carries its CSRF token, ``csrf_token``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import HiddenField, PasswordField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from search.fields import document_types, real_date, vocabulary
from webapp.accounts import MAX_NAME_CHARS, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, ROLES


class LoginForm(FlaskForm):
    username = StringField(_l("User name"), validators=[DataRequired(), Length(max=MAX_NAME_CHARS)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_PASSWORD_CHARS)])


class ActionForm(FlaskForm):
    """A button that changes something: only its CSRF token (and which file, if any)."""

    file = HiddenField()


class UploadForm(FlaskForm):
    file = MultipleFileField(_l("Files (PDF, DOCX, HTML, TXT; DOC and WPD where LibreOffice is installed)"))


def _real_date(_form: FlaskForm, field: StringField) -> None:
    if field.data and not real_date(field.data.strip()):
        raise ValidationError(_l("A real date written YYYY-MM-DD (for example 2020-02-28), or nothing."))


class MetadataForm(FlaskForm):
    """One catalog entry. Its names are the catalog's keys, so saving is one loop."""

    file = HiddenField()
    title = StringField(_l("Title"), validators=[Optional(), Length(max=500)])
    doc_type = SelectField(_l("Type"), validators=[Optional()])
    date = StringField(_l("Date (YYYY-MM-DD)"), validators=[Optional(), _real_date])
    court = StringField(_l("Court"), validators=[Optional(), Length(max=300)])
    case_name = StringField(_l("Case name"), validators=[Optional(), Length(max=300)])
    case_number = StringField(_l("Case number"), validators=[Optional(), Length(max=200)])
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=4000)])
    source_url = StringField(_l("Source URL"), validators=[Optional(), URL(require_tld=False), Length(max=2000)])
    language = SelectField(_l("Language"), validators=[Optional()])
    visibility = SelectField(_l("Visibility"))
    password = PasswordField(_l("PDF password (only for an encrypted PDF; kept in the catalog)"),
                             validators=[Optional(), Length(max=200)])

    #: The catalog keys this form writes (``password`` only when typed: it is never shown).
    KEYS = ("title", "doc_type", "date", "court", "case_name", "case_number", "summary", "source_url",
            "language", "visibility")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.doc_type.choices = [SelectChoice("", _l("(not set: guessed from the file)")),
                                 *(SelectChoice(name) for name in document_types())]
        self.language.choices = [SelectChoice("", _l("(not set: detected from the text)")),
                                 *(SelectChoice(code) for code in vocabulary("languages.txt"))]
        self.visibility.choices = [SelectChoice(name) for name in vocabulary("visibility.txt")]


class UserForm(FlaskForm):
    username = StringField(_l("User name"), validators=[DataRequired(), Length(max=MAX_NAME_CHARS)])
    role = SelectField(_l("Role"), choices=[SelectChoice(role) for role in ROLES])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=MIN_PASSWORD_CHARS,
                                                                                max=MAX_PASSWORD_CHARS)])


class PasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=MIN_PASSWORD_CHARS,
                                                                                    max=MAX_PASSWORD_CHARS)])
