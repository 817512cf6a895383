"""Loads asr-test's unmodified frontend scripts (reference folder) and runs their code.

Two ways, both on the original source text (compiled with the original file name, so tracebacks
point at the reference file's own lines):
  - definitions(path): the script's top-level imports, function/class definitions and plain
    assignments that do not touch `st` (BACKEND_URL, WEBSOCKET_URL, proxies, ...); page code is not
    run. The REST functions and the streaming coroutine are then called as the page would call them.
  - run_page(path, page, ...): the whole script, top to bottom, as Streamlit runs it on each rerun,
    against the stand-in `streamlit` (stubs/streamlit) with scripted widget values.
  - statement(path, predicate): one top-level statement of the original, chosen by predicate
    (e.g. the loop that drains the streaming messages into the UI's partial/final boxes).
"""
import ast
import contextlib
import io
import logging
import os
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
STUBS = os.path.join(HERE, "stubs")
if STUBS not in sys.path:
    sys.path.insert(0, STUBS)

import streamlit as st  # noqa: E402  (the stand-in)

_KEEP = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _uses_st(node):
    return any(isinstance(n, ast.Name) and n.id == "st" for n in ast.walk(node))


def _source(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def definitions(path, backend_host, backend_port):
    """The script's definitions as a namespace dict (see module doc). BACKEND_HOST/PORT are read by
    the script itself from the environment, as in its Docker setup."""
    os.environ["BACKEND_HOST"] = backend_host
    os.environ["BACKEND_PORT"] = str(backend_port)
    tree = ast.parse(_source(path), filename=path)
    body = []
    for node in tree.body:
        if isinstance(node, _KEEP):
            body.append(node)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and not _uses_st(node):
            body.append(node)
    ns = {"__name__": "asr_test_frontend", "__file__": path}
    with _quiet_logging():
        exec(compile(ast.Module(body=body, type_ignores=[]), path, "exec"), ns)
    return ns


def statement(path, predicate):
    """Compiled code of the first top-level statement of the original script for which predicate(node, text) holds."""
    text = _source(path)
    tree = ast.parse(text, filename=path)
    for node in tree.body:
        if predicate(node, ast.get_source_segment(text, node) or ""):
            return compile(ast.Module(body=[node], type_ignores=[]), path, "exec")
    raise LookupError(f"no such statement in {path}")


class PageRun:
    """What one run of the whole page did: outcome ('done', 'rerun', 'stop' or 'crash'), the crash's
    exception and the frontend line it came from, and the st.* calls."""

    def __init__(self):
        self.outcome = "done"
        self.error = None
        self.where = ""
        self.calls = []

    def errors(self):
        return [str(a[0]) for (n, a, _k) in self.calls if n == "error" and a]

    def called(self, name):
        return [(a, k) for (n, a, k) in self.calls if n == name]


def run_page(path, backend_host, backend_port, page="main", session=None, buttons=(), files=None, select=None,
             numbers=None, checks=None, keep_session=False):
    """Runs the original script once, as Streamlit would for a browser session on `page`."""
    os.environ["BACKEND_HOST"] = backend_host
    os.environ["BACKEND_PORT"] = str(backend_port)
    st.reset(keep_session=keep_session)
    if not keep_session:
        st.session_state["current_page"] = page
        st.session_state.update(session or {})
    st.script["buttons"] = set(buttons)
    st.script["files"] = dict(files or {})
    st.script["select"] = dict(select or {})
    st.script["numbers"] = dict(numbers or {})
    st.script["checks"] = dict(checks or {})
    run = PageRun()
    code = compile(_source(path), path, "exec")
    ns = {"__name__": "__main__", "__file__": path}
    with _quiet_logging():
        try:
            exec(code, ns)
        except st.RerunRequested:
            run.outcome = "rerun"
        except st.StopRequested:
            run.outcome = "stop"
        except Exception as e:  # the page crashed: what a user sees as a red traceback
            run.outcome = "crash"
            run.error = e
            run.where = _frontend_frame(e, path)
    run.calls = list(st.calls)
    return run


def _frontend_frame(e, path):
    frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == path]
    if not frames:
        return ""
    f = frames[-1]
    return f"{os.path.basename(path)}:{f.lineno} `{(f.line or '').strip()[:90]}`"


@contextlib.contextmanager
def _quiet_logging():
    """The scripts reset the root logger to print JSON lines on stdout; keep the harness's stdout clean."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
