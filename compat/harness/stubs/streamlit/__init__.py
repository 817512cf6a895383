"""A stand-in for the `streamlit` package, for running asr-test's unmodified frontend scripts headless.

Streamlit runs a page by executing the script top to bottom; widgets return their current values.
This stub does the same with scripted values:
  - every st.* call is recorded in `calls` as (name, args, kwargs);
  - st.button / st.file_uploader / st.selectbox / st.number_input / st.checkbox return what the test
    put in `script` (by key or label), else the widget's default (button False, selectbox options[index]);
  - st.rerun() / st.stop() raise RerunRequested / StopRequested, as Streamlit's own control-flow exceptions do;
  - layout helpers (columns, sidebar, spinner, expander, container, tabs) are context managers.
Nothing here renders or talks to the network: what the page does over HTTP is the frontend's own code.
"""
import sys
import types


class RerunRequested(Exception):
    """st.rerun() was called: the page asked Streamlit to run it again."""


class StopRequested(Exception):
    """st.stop() was called."""


class SessionState(dict):
    """st.session_state: a dict with attribute access (AttributeError for a missing attribute, like Streamlit)."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"st.session_state has no attribute {name!r}") from None

    def __setattr__(self, name, value):
        self[name] = value

    def __delattr__(self, name):
        try:
            del self[name]
        except KeyError:
            raise AttributeError(name) from None


class UploadedFile:
    """What st.file_uploader returns: a name, a type and the bytes."""

    def __init__(self, name, data, type="application/octet-stream"):
        self.name = name
        self.type = type
        self._data = data
        self.size = len(data)

    def getvalue(self):
        return self._data

    def read(self):
        return self._data


class _Element:
    """A layout element or widget handle: a context manager whose st-like methods record calls too."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return globals()[name] if name in _WIDGETS else _recorder(name)

    def __call__(self, *a, **k):
        return _Element()

    def __iter__(self):
        return iter(())

    def __bool__(self):
        return True


# ---- what the test scripts, and what the page did ----
calls = []
script = {"buttons": set(), "files": {}, "select": {}, "numbers": {}, "checks": {}}
session_state = SessionState()


def reset(keep_session=False):
    """Clears the recorded calls and the script (and the session unless keep_session)."""
    calls.clear()
    script.update({"buttons": set(), "files": {}, "select": {}, "numbers": {}, "checks": {}})
    if not keep_session:
        session_state.clear()


def messages(kind):
    """The texts of the recorded st.<kind>(...) calls (error, warning, success, info)."""
    return [str(a[0]) if a else "" for (n, a, _k) in calls if n == kind]


def _record(name, a, k):
    calls.append((name, a, k))


def _recorder(name):
    def call(*a, **k):
        _record(name, a, k)
        return _Element()
    call.__name__ = name
    return call


def _wanted(kind, label, key):
    table = script[kind]
    if isinstance(table, set):
        return (key is not None and key in table) or label in table
    if key is not None and key in table:
        return table[key]
    return table.get(label, _MISSING)


_MISSING = object()


def button(label, *a, key=None, disabled=False, **k):
    _record("button", (label,), dict(k, key=key, disabled=disabled))
    return (not disabled) and _wanted("buttons", label, key)


def selectbox(label, options=(), index=0, *a, key=None, **k):
    options = list(options)
    _record("selectbox", (label, options), dict(k, key=key, index=index))
    want = _wanted("select", label, key)
    if want is not _MISSING:
        return want
    if not options or index is None:
        return None
    return options[index]


def number_input(label, *a, value=None, key=None, min_value=None, **k):
    _record("number_input", (label,), dict(k, key=key, value=value))
    want = _wanted("numbers", label, key)
    if want is not _MISSING:
        return want
    return value if value is not None else (min_value if min_value is not None else 0)


def checkbox(label, value=False, *a, key=None, **k):
    _record("checkbox", (label,), dict(k, key=key, value=value))
    want = _wanted("checks", label, key)
    return value if want is _MISSING else want


def file_uploader(label, *a, key=None, **k):
    _record("file_uploader", (label,), dict(k, key=key))
    want = _wanted("files", label, key)
    return None if want is _MISSING else want


def text_input(label, value="", *a, key=None, **k):
    _record("text_input", (label,), dict(k, key=key, value=value))
    return value


def text_area(label, value="", *a, key=None, **k):
    _record("text_area", (label,), dict(k, key=key, value=value))
    return value


def slider(label, min_value=None, max_value=None, value=None, *a, **k):
    _record("slider", (label,), k)
    return value if value is not None else min_value


def radio(label, options=(), index=0, *a, **k):
    _record("radio", (label,), k)
    options = list(options)
    return options[index] if options else None


def data_editor(data, *a, **k):
    _record("data_editor", (data,), k)
    return data


def columns(spec, *a, **k):
    _record("columns", (spec,), k)
    n = spec if isinstance(spec, int) else len(spec)
    return [_Element() for _ in range(n)]


def tabs(labels, *a, **k):
    _record("tabs", (labels,), k)
    return [_Element() for _ in labels]


def rerun(*a, **k):
    _record("rerun", a, k)
    raise RerunRequested()


experimental_rerun = rerun


def stop(*a, **k):
    _record("stop", a, k)
    raise StopRequested()


def cache_data(*a, **k):
    if a and callable(a[0]) and not k:
        return a[0]
    return lambda f: f


cache_resource = cache_data

_WIDGETS = {"button", "selectbox", "number_input", "checkbox", "file_uploader", "text_input", "text_area",
            "slider", "radio", "data_editor", "columns", "tabs", "rerun", "stop", "experimental_rerun"}

sidebar = _Element()
column_config = _Element()


def __getattr__(name):
    # any other st.xxx: record the call, return an inert element (markdown, header, info, error, spinner, ...)
    if name.startswith("__"):
        raise AttributeError(name)
    return _recorder(name)


from . import components  # noqa: E402  (st.components.v1.html)
