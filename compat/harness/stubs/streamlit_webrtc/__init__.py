"""streamlit_webrtc stand-in: asr-test's streaming page imports it; the tests feed audio to the frontend's
own streaming coroutine directly instead of through a browser, so the WebRTC context is never playing."""
import enum
import types


class WebRtcMode(enum.Enum):
    RECVONLY = "recvonly"
    SENDONLY = "sendonly"
    SENDRECV = "sendrecv"


class AudioProcessorBase:
    pass


def webrtc_streamer(*a, **k):
    return types.SimpleNamespace(state=types.SimpleNamespace(playing=False), audio_receiver=None)
