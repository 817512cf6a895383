#!/usr/bin/python3
"""Hark <-> asr-test compatibility suite (issue 10, deliverable 2). Started by compat/run, which installs
what it needs and starts the asr-test backend; this program starts a Hark server itself, runs the checks
of both directions and prints a table: direction, check, PASS/FAIL, reason.

  A  asr-test's original frontend code (reference files, unchanged) against a Hark server
  B  Hark's CLI against the real asr-test backend (+ its REST and /ws shapes saved as fixtures)

Exit status: 0 when the suite ran (whatever the checks say), 1 with --strict when a check failed,
2 when the harness itself broke."""
import argparse
import datetime
import os
import platform
import re
import signal
import subprocess
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import Child, Results, SENTENCES, concat, convert, speech  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ref", required=True, help="the asr-test reference folder")
    ap.add_argument("--hark", required=True, help="the ./hark launcher of the worktree under test")
    ap.add_argument("--backend-port", type=int, help="port of the running asr-test backend (direction B)")
    ap.add_argument("--backend-log", help="the backend's output (to see when it handled a session's stop)")
    ap.add_argument("--work", required=True, help="scratch folder (audio, Hark data, logs)")
    ap.add_argument("--fixtures", required=True, help="where direction B writes its JSON fixtures")
    ap.add_argument("--report", help="also write the table here")
    ap.add_argument("--only", choices=["A", "B"], help="run one direction")
    ap.add_argument("--strict", action="store_true", help="exit 1 when any check fails")
    ap.add_argument("--samples", type=int, default=24, help="utterances in Hark's generated ljspeech set")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally blocks: stop what we started

    t0 = time.monotonic()
    started = datetime.datetime.now(datetime.timezone.utc)
    results = Results()
    broke = None
    hark_server = None
    try:
        os.makedirs(args.work, exist_ok=True)
        audio = make_audio(args.work)
        if args.only in (None, "A"):
            from direction_a import FrontendA
            hark_data = os.path.join(args.work, "hark-data")
            make_dataset(args.ref, os.path.join(hark_data, "datasets", "ljspeech"), args.samples)
            hark_server, port = start_hark_server(args.hark, hark_data, args.work)
            print(f"compat: Hark server on 127.0.0.1:{port} (data {hark_data})", file=sys.stderr, flush=True)
            FrontendA(results, args.ref, "127.0.0.1", port, args.work, hark_data).run(audio)
            hark_server.stop()
            hark_server = None
        if args.only in (None, "B"):
            if not args.backend_port:
                raise SystemExit("direction B needs --backend-port (compat/run starts the backend)")
            from direction_b import BackendB
            BackendB(results, args.hark, args.backend_port, args.work, args.fixtures, args.backend_log).run(audio)
    except Exception as e:
        broke = e
        traceback.print_exc()
    finally:
        if hark_server:
            hark_server.stop()

    secs = time.monotonic() - t0
    head = [f"Hark <-> asr-test compatibility suite  ({started:%Y-%m-%d %H:%M} UTC, {secs:.0f} s, "
            f"{platform.node() and 'Debian ' + _debian()} python {platform.python_version()}, commit {_commit(args.hark)})",
            "A = asr-test's original frontend code (frontend/app-cb4945d.py REST functions and pages, "
            "frontend/app-6cd623a.py stream_audio_to_ws) against a Hark server",
            "B = Hark's CLI against the asr-test backend (backend-6cd623a, model realtime); REST and /ws shapes saved to compat/fixtures/",
            ""]
    text = "\n".join(head) + results.table()
    if broke:
        text += f"\n\nHARNESS BROKE: {type(broke).__name__}: {broke}"
    print(text)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    if broke:
        return 2
    return 1 if (args.strict and results.failed()) else 0


def make_audio(work):
    """flite speech: a two-sentence file in WAV/FLAC/MP3/OGG and a three-sentence one with pauses for streaming."""
    a = {}
    parts = [speech(work, f"s{i}", s, voice=v) for i, (s, v) in enumerate(zip(SENTENCES, ["slt", "rms", "slt", "awb"]))]
    a["text"] = SENTENCES[0] + " " + SENTENCES[1]
    a["wav"] = concat(parts[:2], os.path.join(work, "speech.wav"), gap_s=0.3)
    a["flac"] = convert(a["wav"], os.path.join(work, "speech.flac"))
    a["mp3"] = convert(a["wav"], os.path.join(work, "speech.mp3"))
    a["ogg"] = convert(a["wav"], os.path.join(work, "speech.ogg"))
    a["stream_text"] = " ".join(SENTENCES[:3])
    a["stream_wav"] = concat(parts[:3], os.path.join(work, "stream.wav"), gap_s=1.2)  # pauses: one final each
    # B's streaming-while-training checks: 30 s, so the session is still streaming when the asr-test backend, slow
    # to load its model on a loaded machine (seen: over 10 s), finally answers ready and the run is started
    a["stream_long_wav"] = concat([a["stream_wav"]] * 3, os.path.join(work, "stream-long.wav"), gap_s=1.2)
    return a


def make_dataset(ref, root, n):
    if os.path.exists(os.path.join(root, "LJSpeech-1.1", "metadata.csv")):
        return
    subprocess.run(["/usr/bin/python3", os.path.join(ref, "run", "make_ljspeech.py"), root, str(n)], check=True,
                   stdout=subprocess.DEVNULL)


def start_hark_server(hark, data, work):
    os.makedirs(data, exist_ok=True)
    srv = Child("hark-serve", [hark, "serve", "--port", "0", "--data", data], os.path.join(work, "hark-serve.log"))
    m = srv.wait_line(r"Hark server listening on http://[^:/\s]+:(\d+)", 600)
    if not m:
        tail = srv.tail(1500)
        srv.stop()
        raise RuntimeError(f"the Hark server did not start: {tail}")
    return srv, int(m.group(1))


def _debian():
    try:
        with open("/etc/debian_version") as f:
            return f.read().strip() + ","
    except OSError:
        return ""


def _commit(hark):
    try:
        return subprocess.run(["git", "-C", os.path.dirname(os.path.abspath(hark)), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=10).stdout.strip()
    except Exception:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
