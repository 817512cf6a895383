"""streamlit.components.v1 stand-in: html/iframe/declare_component are recorded and inert."""
import streamlit as _st


def html(*a, **k):
    _st._record("components.v1.html", a, k)


def iframe(*a, **k):
    _st._record("components.v1.iframe", a, k)


def declare_component(*a, **k):
    _st._record("components.v1.declare_component", a, k)
    return lambda *a2, **k2: None
