"""Login and change-password forms."""

from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from factcheck.auth.operations import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from factcheck.forms import WorkbenchForm


class LoginForm(WorkbenchForm):
    """Email and password."""

    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    remember = BooleanField("Keep me logged in on this computer")
    submit = SubmitField("Log in")


class ChangePasswordForm(WorkbenchForm):
    """The current password, and the new one twice."""

    current_password = PasswordField("Current password", validators=[DataRequired(), Length(max=1024)])
    new_password = PasswordField(
        "New password",
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH)],
        description=f"At least {MIN_PASSWORD_LENGTH} characters; a passphrase of several words is good.",
    )
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("new_password", message="The two new passwords differ.")],
    )
    submit = SubmitField("Change password")
