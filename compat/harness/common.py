"""Shared pieces of the compatibility suite: the result table, child processes, test audio."""
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import traceback


class Results:
    """Named checks with PASS/FAIL and a one-line reason, printed as a table at the end."""

    def __init__(self, out=sys.stdout):
        self.rows = []
        self.out = out

    def add(self, direction, name, ok, reason=""):
        reason = " ".join(str(reason).split())
        if len(reason) > 400:
            reason = reason[:397] + "..."
        self.rows.append((direction, name, "PASS" if ok else "FAIL", reason))
        print(f"  [{direction}] {'PASS' if ok else 'FAIL'} {name}" + (f" -- {reason}" if reason and not ok else ""),
              file=sys.stderr, flush=True)
        return ok

    def check(self, direction, name, fn):
        """Runs fn() -> (ok, reason) or ok; an exception is a FAIL with its type and message."""
        try:
            r = fn()
            ok, reason = r if isinstance(r, tuple) else (bool(r), "")
        except Exception as e:
            ok, reason = False, f"{type(e).__name__}: {e}"
            traceback.print_exc(file=sys.stderr)
        return self.add(direction, name, ok, reason)

    def failed(self):
        return [r for r in self.rows if r[2] == "FAIL"]

    def table(self):
        w_dir = max([len("dir")] + [len(r[0]) for r in self.rows])
        w_name = max([len("check")] + [len(r[1]) for r in self.rows])
        lines = [f"{'dir':<{w_dir}}  {'check':<{w_name}}  result  reason",
                 f"{'-' * w_dir}  {'-' * w_name}  ------  {'-' * 6}"]
        for d, n, res, reason in self.rows:
            lines.append(f"{d:<{w_dir}}  {n:<{w_name}}  {res:<6}  {reason}".rstrip())
        by_dir = {}
        for d, _n, res, _r in self.rows:
            p, t = by_dir.get(d, (0, 0))
            by_dir[d] = (p + (res == "PASS"), t + 1)
        lines.append("")
        for d, (p, t) in by_dir.items():
            lines.append(f"direction {d}: {p} of {t} checks pass")
        total = sum(1 for r in self.rows if r[2] == "PASS")
        lines.append(f"total: {total} of {len(self.rows)} checks pass")
        return "\n".join(lines)


def _register(pid):
    """Notes a child's process-group id where compat/run's cleanup finds it (if this harness is killed hard)."""
    path = os.environ.get("COMPAT_PIDFILE")
    if path:
        with open(path, "a") as f:
            f.write(f"{pid}\n")


class Child:
    """A child process in its own process group (so stop() ends everything it started), output to a log file."""

    def __init__(self, name, argv, log_path, env=None, cwd=None):
        self.name = name
        self.log_path = log_path
        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen(argv, stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                     start_new_session=True)
        _register(self.proc.pid)

    def tail(self, n=2000):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")[-n:]
        except OSError:
            return ""

    def alive(self):
        return self.proc.poll() is None

    def wait_line(self, pattern, timeout):
        rx = re.compile(pattern)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            m = rx.search(self.tail(200000))
            if m:
                return m
            if not self.alive():
                return None
            time.sleep(0.2)
        return None

    def stop(self, grace=8.0):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(5)
        else:
            # the leader ended; its group may still hold children
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.log.close()


def run(argv, timeout, **kw):
    """subprocess.run with captured text output and a kill of the whole group on timeout."""
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, **kw)
    _register(p.pid)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        return subprocess.CompletedProcess(argv, None, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))
    return subprocess.CompletedProcess(argv, p.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))


# ---- test audio (flite speech, converted by sox) ----

SENTENCES = [
    "the weather is nice today",
    "please call one two three before four",
    "my brother was very cold",
    "the old train looks quite late",
]


def speech(workdir, name, text, voice="slt", rate=16000, pad_s=0.0):
    """A mono 16-bit WAV of flite speaking text, at rate, with pad_s seconds of silence after it."""
    raw = os.path.join(workdir, name + ".flite.wav")
    out = os.path.join(workdir, name + ".wav")
    subprocess.run(["flite", "-voice", voice, "-t", text, "-o", raw], check=True)
    cmd = ["sox", raw, "-r", str(rate), "-c", "1", "-b", "16", "-e", "signed-integer", out]
    if pad_s:
        cmd += ["pad", "0", str(pad_s)]
    subprocess.run(cmd, check=True)
    os.remove(raw)
    return out


def convert(src, dst, *extra):
    subprocess.run(["sox", src, *extra, dst], check=True)
    return dst


def concat(parts, dst, gap_s=0.6):
    """Joins WAVs (16 kHz mono s16, as speech() makes them) with gap_s of silence after each one."""
    sil = os.path.join(os.path.dirname(dst), f"silence-{gap_s}.wav")
    if not os.path.exists(sil):
        subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", sil,
                        "trim", "0", str(gap_s)], check=True)
    cmd = ["sox"]
    for p in parts:
        cmd += [p, sil]
    subprocess.run(cmd + [dst], check=True)
    return dst


def f32_48k(src, workdir):
    """Raw float32 little-endian mono 48 kHz samples of src (what the frontend's WebRTC path sends)."""
    dst = os.path.join(workdir, os.path.basename(src) + ".f32")
    subprocess.run(["sox", src, "-r", "48000", "-c", "1", "-b", "32", "-e", "floating-point", "-L", "-t", "raw", dst],
                   check=True)
    with open(dst, "rb") as f:
        return f.read()


def words(text):
    return re.findall(r"[a-z']+", (text or "").lower())


def overlap(expected, heard):
    """Share of the expected words found in what was heard (order-free; a coarse sanity measure)."""
    e = words(expected)
    h = set(words(heard))
    return (sum(1 for w in e if w in h) / len(e)) if e else 0.0


def save_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=2, sort_keys=False)
        f.write("\n")


class Pacer(threading.Thread):
    """Puts chunks into a queue at real-time pace (period seconds per chunk), then sets done."""

    def __init__(self, q, chunks, period, name="compat-audio-pacer"):
        super().__init__(name=name, daemon=True)
        self.q, self.chunks, self.period = q, chunks, period
        self.done = threading.Event()
        self.stopping = threading.Event()

    def run(self):
        start = time.monotonic()
        for i, c in enumerate(self.chunks):
            if self.stopping.is_set():
                break
            delay = start + i * self.period - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self.q.put(c)
        self.done.set()
