"""streamlit.components stand-in (see streamlit/__init__.py)."""
from . import v1  # noqa: F401
