"""Flask extensions, created unbound and attached to the app in the factory."""

from typing import TYPE_CHECKING

import flask_sqlalchemy.model
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from factcheck.db import Base

db = SQLAlchemy(model_class=Base)

# The models' base class. db.Model is built at run time (Base's body on Flask-SQLAlchemy's mixins), so a type
# checker cannot use it as a base class; to one, a model is a Base with Flask-SQLAlchemy's Model attributes.
if TYPE_CHECKING:

    class Model(Base, flask_sqlalchemy.model.Model):
        pass

else:
    Model = db.Model

migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
