"""Direction B: Hark's CLI against the real asr-test backend (backend-6cd623a, model `realtime`).

Also records the backend's REST and /ws shapes as JSON fixtures (compat/fixtures/) for Java unit tests."""
import asyncio
import datetime
import json
import os
import re
import threading
import time
import wave

import requests
import websockets

from common import Child, run, save_json, words

D = "B"


class WsObserver(threading.Thread):
    """A plain websockets client on the backend's /ws that only listens: it sees every training broadcast."""

    def __init__(self, url):
        super().__init__(name="compat-ws-observer", daemon=True)
        self.url = url
        self.messages = []  # (seconds since start, message)
        self.walls = []  # wall-clock time of each message (time.time())
        self.connected = threading.Event()
        self.stopping = threading.Event()
        self.error = None
        self.t0 = time.monotonic()

    def run(self):
        async def go():
            async with websockets.connect(self.url, open_timeout=10, ping_interval=None) as ws:
                self.connected.set()
                while not self.stopping.is_set():
                    try:
                        m = await asyncio.wait_for(ws.recv(), 0.5)
                    except asyncio.TimeoutError:
                        continue
                    if isinstance(m, str):
                        self.walls.append(time.time())
                        try:
                            self.messages.append((round(time.monotonic() - self.t0, 2), json.loads(m)))
                        except ValueError:
                            self.messages.append((round(time.monotonic() - self.t0, 2), {"raw": m}))
        try:
            asyncio.run(go())
        except Exception as e:
            self.error = e
            self.connected.set()

    def of(self, kind, status=None):
        return [m for _t, m in self.messages if m.get("type") == kind
                and (status is None or (m.get("payload") or {}).get("status") == status)]

    def wait_for(self, kind, timeout, status=None):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.of(kind, status):
                return True
            time.sleep(0.3)
        return False


class BackendB:
    def __init__(self, results, hark, port, workdir, fixtures, backend_log=None):
        self.r = results
        self.hark = hark
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.api = self.base + "/api"
        self.work = workdir
        self.fx = fixtures
        self.backend_log = backend_log

    def check(self, name, fn):
        return self.r.check(D, name, fn)

    def fixture(self, name, obj):
        save_json(os.path.join(self.fx, name), obj)

    def get(self, path, **k):
        return requests.get(self.api + path, timeout=15, **k)

    def run(self, audio):
        self.audio = audio
        self.rest_fixtures("idle")
        self.transcribe_plain()
        self.training_observed()
        self.training_while_streaming("ws://.../ws", f"ws://127.0.0.1:{self.port}/ws")
        self.training_while_streaming("http://...", f"http://127.0.0.1:{self.port}")
        self.rest_fixtures("after-training")

    # ---- REST shapes ----
    def rest_fixtures(self, phase):
        def shape(path, keys, name):
            def f():
                r = self.get(path)
                body = r.json() if r.headers.get("content-type", "").startswith("application/json") else r.text
                self.fixture(name, {"request": f"GET /api{path}", "status": r.status_code, "body": body})
                if r.status_code != 200:
                    return False, f"HTTP {r.status_code}"
                missing = [k for k in keys if k not in body]
                return not missing, (f"missing {missing}" if missing else f"saved fixtures/{name}")
            return f
        if phase == "idle":
            self.check("rest: /api/config shape (fixture)", shape("/config", ["available_models", "available_datasets", "training_config"], "config.json"))
            self.check("rest: /api/status shape (fixture)", shape("/status", ["is_training"], "status-idle.json"))
            self.check("rest: /api/progress idle shape (fixture)",
                       shape("/progress", ["is_training", "current_epoch", "current_step", "progress"], "progress-idle.json"))
            self.check("rest: /api/models shape (fixture)", shape("/models", ["models"], "models-idle.json"))
            self.check("rest: /api/checkpoints shape (fixture)", shape("/checkpoints", ["checkpoints"], "checkpoints-idle.json"))

            def missing_routes():
                out = {}
                for method, path in (("GET", "/datasets"), ("DELETE", "/models"), ("GET", "/models/bulk-download"),
                                     ("GET", "/events"), ("GET", "/nope")):
                    r = requests.request(method, self.api + path, timeout=15, json=[] if method == "DELETE" else None)
                    out[f"{method} /api{path}"] = {"status": r.status_code, "body": _body(r)}
                self.fixture("routes-missing.json", out)
                return True, "; ".join(f"{k} -> {v['status']}" for k, v in out.items())
            self.check("rest: routes the old backend lacks (fixture of their answers)", missing_routes)
        else:
            self.check("rest: /api/models after a run (fixture)", shape("/models", ["models"], "models-after-training.json"))
            self.check("rest: /api/checkpoints after a run (fixture)", shape("/checkpoints", ["checkpoints"], "checkpoints-after-training.json"))

            # the trainer writes *.pt files, the listings show folders: asr-test's own migration script
            # (backend-6cd623a/migrate_realtime_checkpoints.py, run from /app as its users do) makes folders
            def migrated():
                p = run(["/usr/bin/python3", "migrate_realtime_checkpoints.py"], 120, cwd="/app")
                if p.returncode != 0:
                    return False, f"migration exit {p.returncode}: {(p.stderr or p.stdout).strip()[-200:]}"
                r = self.get("/models")
                c = self.get("/checkpoints")
                self.fixture("models-after-migration.json", {"request": "GET /api/models", "status": r.status_code, "body": _body(r)})
                self.fixture("checkpoints-after-migration.json", {"request": "GET /api/checkpoints", "status": c.status_code, "body": _body(c)})
                models = (_body(r) or {}).get("models", []) if r.ok else []
                types = sorted({type(m.get("created_at")).__name__ for m in models})
                return bool(models), (f"{len(models)} models; created_at types {types}; epoch values "
                                      f"{sorted({repr(m.get('epoch')) for m in models})[:4]}")
            self.check("rest: /api/models and /api/checkpoints after asr-test's own checkpoint migration (fixtures)", migrated)

    # ---- hark transcribe ----
    def transcribe(self, server, path, extra=(), timeout=150):
        argv = [self.hark, "transcribe", "--server", server, "--model", "realtime", *extra, path]
        t0 = time.monotonic()
        p = run(argv, timeout)
        return p, time.monotonic() - t0

    @staticmethod
    def _why(p):
        lines = [l for l in (p.stderr or "").splitlines()
                 if l.strip() and not re.search(r"^WARNING:|:INFO :|^INFO:|^\w{3} \d+, \d{4} ", l)]
        return lines[-1][:220] if lines else ""

    def transcribe_plain(self):
        wav = self.audio["wav"]

        def http():
            p, secs = self.transcribe(self.base, wav)
            return p.returncode == 0, f"exit {p.returncode} in {secs:.0f} s; {self._why(p)}; out={p.stdout.strip()[:60]!r}"
        self.check("cli: hark transcribe --server http://127.0.0.1:PORT --model realtime FILE", http)

        def ws():
            p, secs = self.transcribe(f"ws://127.0.0.1:{self.port}/ws", wav)
            return p.returncode == 0, f"exit {p.returncode} in {secs:.0f} s; {self._why(p)}; out={p.stdout.strip()[:60]!r}"
        self.check("cli: hark transcribe --server ws://127.0.0.1:PORT/ws (explicit v1)", ws)

        def unloadable():
            # conformer needs Hugging Face weights (transformers is a stub here): the backend closes the
            # socket without a message, as for any unknown or broken model
            argv = [self.hark, "transcribe", "--server", f"ws://127.0.0.1:{self.port}/ws", "--model", "conformer", wav]
            t0 = time.monotonic()
            p = run(argv, 30)
            secs = time.monotonic() - t0
            if p.returncode is None:
                reconnects = len(re.findall(r"reconnect", p.stderr, re.I))
                return False, f"still running after {secs:.0f} s (killed); {reconnects} reconnect lines; {self._why(p)}"
            return p.returncode != 0 and "model" in p.stderr.lower(), f"exit {p.returncode} in {secs:.0f} s; {self._why(p)}"
        self.check("cli: an unloadable model (conformer) fails fast with a message", unloadable)

    # ---- training runs: one observed (fixtures), one while a transcription streams ----
    def safe_get(self, path, timeout=60):
        """GET that tolerates the backend's stalls (its /ws handler runs inference on the event loop)."""
        try:
            r = requests.get(self.api + path, timeout=timeout)
            return r.json() if r.ok else None
        except (requests.RequestException, ValueError):
            return None

    def post(self, path, **k):
        try:
            return requests.post(self.api + path, timeout=60, **k)
        except requests.RequestException as e:
            return _Failed(e)

    def wait_idle(self, secs):
        end = time.monotonic() + secs
        while time.monotonic() < end:
            p = self.safe_get("/status", 15)
            if p is not None and not p.get("is_training"):
                return True
            time.sleep(1)
        return False

    def training_observed(self):
        obs = WsObserver(f"ws://127.0.0.1:{self.port}/ws")
        obs.start()
        obs.connected.wait(15)
        self.check("ws: a listening /ws client connects", lambda: (obs.error is None and obs.connected.is_set(), str(obs.error or "")))
        follow = Child("hark-train-follow", [self.hark, "train", "follow", "--server", self.base],
                       os.path.join(self.work, "hark-train-follow.log"))
        # a v1 server keeps no history of its broadcasts: start the run once the follower listens
        listening = follow.wait_line(r"hark train follow: following", 90)
        params = {"model_name": "realtime", "dataset_name": "ljspeech", "epochs": 30, "batch_size": 4,
                  "lightweight": True, "resume_from_checkpoint": False}
        r = self.post("/train/start", json=params)
        self.fixture("train-start.json", {"request": {"method": "POST", "path": "/api/train/start", "json": params},
                                          "status": r.status_code, "body": _body(r)})
        self.check("rest: POST /api/train/start (realtime, ljspeech)", lambda: (r.status_code == 200, f"HTTP {r.status_code} {_body(r)}"))

        running = None
        end = time.monotonic() + 60
        while time.monotonic() < end:
            p = self.safe_get("/progress") or {}
            if p.get("is_training") and p.get("current_step", 0) > 0:
                running = p
                break
            running = running or (p if p.get("is_training") else None)
            time.sleep(0.5)
        if running:
            self.fixture("progress-running.json", {"request": "GET /api/progress", "status": 200, "body": running})
        self.check("rest: /api/progress while training (fixture)",
                   lambda: (bool(running) and running.get("is_training") is True,
                            f"epoch {running.get('current_epoch')} step {running.get('current_step')}" if running else "never is_training"))

        got_val = obs.wait_for("validation_result", 120)
        self.check("ws: training progress broadcasts", lambda: (bool(obs.of("progress")), f"{len(obs.of('progress'))} progress messages"))
        self.check("ws: validation_result broadcast", lambda: (got_val, f"{len(obs.of('validation_result'))} validation results"))
        self.check("ws: log broadcasts", lambda: (bool(obs.of("log")), f"{len(obs.of('log'))} log messages"))

        rs = self.post("/train/stop")
        self.fixture("train-stop.json", {"request": {"method": "POST", "path": "/api/train/stop"}, "status": rs.status_code, "body": _body(rs)})
        self.check("rest: POST /api/train/stop", lambda: (rs.status_code == 200, f"HTTP {rs.status_code} {_body(rs)}"))
        stopped = obs.wait_for("status", 90, status="stopped")
        self.check("ws: status 'stopped' (with message) broadcast to every /ws socket",
                   lambda: (stopped, str(obs.of("status", "stopped")[:1])))
        time.sleep(1)
        after = self.safe_get("/progress") or {}
        self.fixture("progress-after-stop.json", {"request": "GET /api/progress", "status": 200, "body": after})
        self.check("rest: /api/progress after stop (fixture)", lambda: (after.get("is_training") is False,
                   f"is_training={after.get('is_training')} current_step={after.get('current_step')} "
                   f"latest_logs={len(after.get('latest_logs') or [])} latest_error={after.get('latest_error')!r}"))

        time.sleep(1)
        fo = follow.tail(6000)
        follow_rc = follow.proc.poll()
        follow.stop()

        def follow_ok():
            low = fo.lower()
            # progress, validation results and log lines as they arrived, the run's end, and the run kept: no
            # progress line after the stop goes back to epoch 0 (the backend zeroes /api/progress)
            after_stop = low[low.rfind("status  stopped"):] if "status  stopped" in low else ""
            kept = "progress  epoch 0/" not in after_stop
            ok = ("progress  epoch" in low and "validation  epoch" in low and "log  " in low and "status  stopped" in low
                  and kept and follow_rc in (None, 0))
            last_line = [l for l in fo.splitlines() if l.strip()][-1:]
            note = " (no `hark train` command yet: the launcher hands 'train' to the workbench)" if follow_rc == 3 else ""
            missing = [k for k in ("progress  epoch", "validation  epoch", "log  ", "status  stopped") if k not in low]
            return ok, (f"exit {follow_rc}{note}; {'listening' if listening else 'not listening before the run'}; "
                        f"missing {missing}; kept={kept}; {last_line}")
        self.check("cli: hark train follow --server URL shows the run (progress, validation, logs)", follow_ok)

        obs.stopping.set()
        obs.join(5)
        self.fixture("ws-training-broadcasts.json", {
            "note": "every text message a listening /ws client received while POST /api/train/start ran and "
                    "POST /api/train/stop stopped it; t = seconds since the client connected",
            "params": params,
            "messages": [{"t": t, "message": m} for t, m in obs.messages]})
        self.check("ws: broadcasts saved (fixture)",
                   lambda: (bool(obs.messages), f"{len(obs.messages)} messages, types "
                            f"{sorted({m.get('type') for _t, m in obs.messages if isinstance(m, dict)})}"))
        self.wait_idle(60)

    def training_while_streaming(self, label, server):
        obs = WsObserver(f"ws://127.0.0.1:{self.port}/ws")
        obs.start()
        obs.connected.wait(15)
        wav = self.audio["stream_long_wav"]
        tx_start = time.time()
        tag = "ws" if label.startswith("ws") else "http"
        out_path = os.path.join(self.work, f"during-training-{tag}.txt")
        tx = Child("hark-transcribe", [self.hark, "transcribe", "--server", server, "--model",
                                       "realtime", "--realtime", "--out", out_path, wav],
                   os.path.join(self.work, f"hark-transcribe-during-training-{tag}.log"))
        # start the run only once the session streams (the CLI starts its OSGi runtime, connects, the model loads)
        streaming = tx.wait_line(r"([\d.]+)/[\d.?]+ s sent, \d+ segments, streaming", 90)
        streaming_wall = time.time()
        sent_then = float(streaming.group(1)) if streaming else 0.0
        self.check(f"cli: hark transcribe ({label}) streams before a run starts",
                   lambda: (bool(streaming), "" if streaming else f"not streaming after 90 s: {tx.tail(300)!r}"))
        params = {"model_name": "realtime", "dataset_name": "ljspeech", "epochs": 30, "batch_size": 4,
                  "lightweight": True, "resume_from_checkpoint": False}
        r = self.post("/train/start", json=params)
        # stop as soon as the run reports (the stop takes effect at its next step)
        end = time.monotonic() + 90
        while time.monotonic() < end and not [m for m in obs.of("progress") if (m.get("payload") or {}).get("loss") is not None]:
            if not tx.alive():
                break
            time.sleep(0.3)
        rs = self.post("/train/stop")
        obs.wait_for("status", 90, status="stopped")
        stopped_at = next((t for t, m in obs.messages if m.get("type") == "status"
                           and (m.get("payload") or {}).get("status") == "stopped"), None)
        end = time.monotonic() + 180
        while tx.alive() and time.monotonic() < end:
            time.sleep(0.1)
        tx_end = round(time.monotonic() - obs.t0, 2)
        tx_end_wall = time.time()
        stopped_wall = next((w for (t, m), w in zip(obs.messages, obs.walls) if m.get("type") == "status"
                             and (m.get("payload") or {}).get("status") == "stopped"), None)
        # when the backend handled this session's own stop (its log: "Stop streaming and cleared state")
        own_stop = [w for w in self._backend_session_stops() if w >= tx_start]
        answered = any(w <= tx_end_wall + 0.2 for w in own_stop)
        on_broadcast = stopped_wall is not None and 0 <= tx_end_wall - stopped_wall <= 1.5 and not answered
        rc = tx.proc.poll()
        out = ""
        try:
            with open(out_path, encoding="utf-8") as f:
                out = f.read()
        except OSError:
            pass
        log = tx.tail(20000)
        tx.stop()
        obs.stopping.set()
        obs.join(5)
        sent = re.findall(r"([\d.]+)/([\d.]+) s sent", log)
        last = sent[-1] if sent else ("?", "?")
        lines = [l for l in log.splitlines() if l.strip() and "INFO" not in l and "WARN" not in l]

        def survived():
            if r.status_code != 200 or rs.status_code != 200:
                return False, f"train start HTTP {r.status_code}, stop HTTP {rs.status_code}"
            if stopped_at is None:
                return False, f"no 'stopped' broadcast seen; exit {rc}"
            if rc is None:
                return False, f"still running 180 s after the stop; sent {last[0]}/{last[1]} s"
            # the whole file went out: --realtime paces it, so a session that lasted less than the file ended early
            # (the last progress line alone says too little: the CLI prints one every 5 s)
            with wave.open(wav, "rb") as w:
                duration = w.getnframes() / w.getframerate()
            whole = last[0] == last[1] or (streaming is not None and tx_end_wall - streaming_wall >= duration - sent_then - 0.5)
            why = (f"exit {rc}; sent {last[0]}/{last[1]} s; run stopped at t={stopped_at} s, stream ended t={tx_end} s; "
                   f"{len(out.split())} tokens out; last line: {lines[-1][:140] if lines else ''}")
            if tx_end < stopped_at:
                return False, "inconclusive (stream ended before the stop broadcast): " + why
            if on_broadcast:
                return False, (f"the session ended {tx_end_wall - stopped_wall:.2f} s after the training's 'stopped' "
                               f"broadcast, before the backend answered its own stop (its final is lost); " + why)
            return rc == 0 and whole, why
        self.check(f"cli: hark transcribe ({label}) streams on while a training run starts and stops", survived)
        self.wait_idle(60)


    def _backend_session_stops(self):
        """Wall-clock times of the backend's "Stop streaming and cleared state" log records (its JSON log lines)."""
        out = []
        if not self.backend_log:
            return out
        try:
            with open(self.backend_log, encoding="utf-8", errors="replace") as f:
                for line in f:
                    if "Stop streaming and cleared state" in line and line.startswith("{"):
                        try:
                            out.append(datetime.datetime.fromisoformat(json.loads(line)["timestamp"]).timestamp())
                        except (ValueError, KeyError):
                            pass
        except OSError:
            pass
        return out


class _Failed:
    """Stands for a response when the request itself failed."""

    def __init__(self, e):
        self.status_code = f"none ({type(e).__name__})"
        self.text = str(e)
        self.ok = False

    def json(self):
        raise ValueError(self.text)


def _body(r):
    try:
        return r.json()
    except ValueError:
        return r.text[:500]
