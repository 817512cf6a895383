"""Direction A: asr-test's original frontend code against a Hark server.

The REST functions of frontend/app-cb4945d.py and the streaming coroutine stream_audio_to_ws of
frontend/app-6cd623a.py are loaded from the reference files unchanged (frontend.py) and called the
way the page calls them; whole pages are run top to bottom under the stand-in streamlit."""
import ast
import asyncio
import json
import os
import queue
import re
import threading
import time

import requests
import websockets

import frontend
from common import Pacer, f32_48k, overlap, words

st = frontend.st
D = "A"
TRAIN_MODEL = "ctc"  # Hark's trainable model (v1's were conformer/realtime)
DATASET = "ljspeech"


def _err_summary(entry):
    """One line from the frontend's own error log entry (log_detailed_error)."""
    code = re.search(r"ステータスコード: (\d+)", entry)
    body = re.search(r"レスポンスボディ: (.*)", entry)
    msg = re.search(r"エラーメッセージ: (.*)", entry)
    parts = []
    if code:
        parts.append(f"HTTP {code.group(1)}")
    if body:
        parts.append(body.group(1)[:200])
    elif msg:
        parts.append(msg.group(1)[:200])
    return " ".join(parts) or entry.splitlines()[0][:200]


class FrontendA:
    def __init__(self, results, ref, host, port, workdir, hark_data):
        self.r = results
        self.ref = ref
        self.host, self.port = host, port
        self.base = f"http://{host}:{port}"
        self.work = workdir
        self.hark_data = hark_data
        self.cb_path = os.path.join(ref, "frontend", "app-cb4945d.py")
        self.rt_path = os.path.join(ref, "frontend", "app-6cd623a.py")
        self.cb = frontend.definitions(self.cb_path, host, port)
        self.rt = frontend.definitions(self.rt_path, host, port)
        self.audio = {}
        self.trained = []  # checkpoint names made by the training checks

    # ---- helpers ----
    def fresh(self):
        st.reset()
        self.cb["init_session_state"]()

    def logs_since(self, n):
        return st.session_state.logs[n:]

    def call(self, fn, *a, **k):
        """Calls a frontend function; returns (result, [errors it logged], [st.error texts])."""
        n = len(st.session_state.logs)
        e0 = len(st.messages("error"))
        res = self.cb[fn](*a, **k) if fn in self.cb else self.rt[fn](*a, **k)
        errs = [_err_summary(x) for x in self.logs_since(n) if x.startswith("❌")]
        return res, errs, st.messages("error")[e0:]

    def check(self, name, fn):
        return self.r.check(D, name, fn)

    # ---- the suite ----
    def run(self, audio):
        self.audio = audio
        self.rest_basics()
        self.training()
        self.inference()
        self.pages()
        self.model_page_flows()
        self.streaming()
        self.deletes()

    def rest_basics(self):
        self.fresh()

        def config():
            _r, errs, _e = self.call("get_config")
            if errs:
                return False, "get_config logged: " + errs[0]
            m, d = st.session_state.available_models, st.session_state.available_datasets
            return bool(m), f"available_models={m} available_datasets={d}"
        self.check("rest: get_config fills available_models", config)
        self.check("rest: get_config lists the dataset (ljspeech)",
                   lambda: (DATASET in st.session_state.available_datasets,
                            f"available_datasets={st.session_state.available_datasets}"))
        self.check(f"rest: get_config offers a trainable model ({TRAIN_MODEL})",
                   lambda: (TRAIN_MODEL in st.session_state.available_models,
                            f"available_models={st.session_state.available_models}; the UI's training picker offers only these"))

        def status():
            _r, errs, _e = self.call("get_status")
            if errs:
                return False, errs[0]
            return st.session_state.is_training is False, f"is_training={st.session_state.is_training}"
        self.check("rest: get_status idle", status)

        def progress_idle():
            p, errs, _e = self.call("get_training_progress")
            if p is None:
                return False, "get_training_progress returned None " + " ".join(errs)
            missing = [k for k in ("current_epoch", "current_step", "total_epochs", "total_steps", "progress") if k not in p]
            return not missing, f"missing keys {missing}" if missing else f"keys={sorted(p)[:12]}"
        self.check("rest: get_training_progress idle shape", progress_idle)

        def datasets():
            ds, _errs, e = self.call("get_datasets")
            if e:
                return False, e[0]
            lj = [d for d in ds if d.get("name") == DATASET]
            if not lj:
                return False, f"no {DATASET} in {[d.get('name') for d in ds]}"
            d = lj[0]
            need = [k for k in ("name", "status", "num_files", "size_mb", "path") if k not in d]
            if need:
                return False, f"missing keys {need}"
            return d["status"] == "downloaded" and d["num_files"] > 0, f"status={d['status']} num_files={d['num_files']}"
        self.check("rest: get_datasets shows ljspeech downloaded", datasets)

        def download_present():
            ok, errs, _e = self.call("download_dataset", DATASET)
            return ok, ("" if ok else (errs[0] if errs else "returned False"))
        self.check("rest: download_dataset of a present dataset succeeds", download_present)

        def models():
            ms, _errs, e = self.call("get_models")
            if e:
                return False, e[0]
            return isinstance(ms, list), f"{len(ms)} models: {[m.get('name') for m in ms][:6]}"
        self.check("rest: get_models answers a list", models)

    def _timestamps_ok(self, items, what):
        bad = []
        for it in items:
            try:
                self.cb["format_timestamp"](it.get("created_at"))
            except Exception as e:
                bad.append(f"{it.get('name')}: created_at={it.get('created_at')!r} ({type(e).__name__})")
        if not items:
            return False, f"no {what} to check"
        return not bad, ("; ".join(bad[:3]) if bad else f"{len(items)} {what} ok")

    def training(self):
        self.fresh()
        self.call("get_config")

        def start():
            ok, errs, _e = self.call("start_training", TRAIN_MODEL, DATASET, 30, 4, lightweight=True,
                                     resume_from_checkpoint=False)
            return ok, ("" if ok else (errs[0] if errs else "returned False"))
        started = self.check(f"rest: start_training({TRAIN_MODEL}, ljspeech, 30 epochs, lightweight)", start)

        def status_running():
            self.call("get_status")
            return st.session_state.is_training is True, f"is_training={st.session_state.is_training}"
        self.check("rest: get_status while training", status_running if started else lambda: (False, "training did not start"))

        seen_rows = False
        server_logs = []
        if started:
            end = time.monotonic() + 90
            while time.monotonic() < end:
                p = self.cb["get_training_progress"]()
                if p and p.get("latest_logs"):
                    server_logs = list(p["latest_logs"])
                self.cb["update_progress_from_backend"]()
                if not st.session_state.progress_df.empty and server_logs:
                    seen_rows = True
                    break
                if not st.session_state.progress_df.empty:
                    seen_rows = True
                if p and p.get("is_training") is False:
                    break
                time.sleep(1)
        self.check("rest: update_progress_from_backend adds loss rows while training",
                   lambda: (seen_rows, f"{len(st.session_state.progress_df)} loss rows, "
                            f"progress_text={st.session_state.progress_text!r}"))
        self.check("rest: /api/progress latest_logs reach the frontend's log",
                   lambda: (bool(server_logs) and all(x in st.session_state.logs for x in server_logs),
                            f"{len(server_logs)} latest_logs: {server_logs[-1:]}" if server_logs else "no latest_logs in /api/progress"))

        # let three epochs finish, then stop: the model page's delete, delete_model and the bulk download and
        # delete later each need a checkpoint of their own (on a loaded machine the first epoch alone left too few)
        if started:
            end = time.monotonic() + 180
            while time.monotonic() < end:
                if len([n for n in self._checkpoint_names() if "-epoch-" in n]) >= 3:
                    break
                p = self.cb["get_training_progress"]()
                # three epochs done is enough (a server may keep fewer checkpoints than that, and a 10-sample run
                # would otherwise finish before "stop" is tried)
                if p and (p.get("current_epoch") or 0) >= 3:
                    break
                if p and not p.get("is_training", True) and p.get("is_training") is not None:
                    break
                time.sleep(1.5)

        def stop():
            ok, errs, _e = self.call("stop_training")
            return ok, ("" if ok else (errs[0] if errs else "returned False"))
        self.check("rest: stop_training", stop if started else lambda: (False, "training did not start"))

        def stopped():
            end = time.monotonic() + 60
            while time.monotonic() < end:
                self.call("get_status")
                if st.session_state.is_training is False:
                    return True, ""
                time.sleep(1)
            return False, "is_training still true 60 s after stop"
        self.check("rest: get_status idle after stop", stopped)
        self.trained = self._checkpoint_names()

        def checkpoints():
            cps, _errs, e = self.call("get_checkpoints")
            if e:
                return False, e[0]
            need = ("name", "model_name", "dataset_name", "epoch", "size_mb", "file_count", "created_at", "path")
            bad = [f"{c.get('name')} lacks {[k for k in need if k not in c]}" for c in cps if any(k not in c for k in need)]
            if not cps:
                return False, "no checkpoints listed after a training run"
            return not bad, "; ".join(bad[:2]) or f"{len(cps)} checkpoints: {[c['name'] for c in cps][:4]}"
        self.check("rest: get_checkpoints lists the run's checkpoints with v1 fields", checkpoints)

        def checkpoints_filter():
            cps, _errs, e = self.call("get_checkpoints", TRAIN_MODEL, DATASET)
            if e:
                return False, e[0]
            return bool(cps) and all(c.get("model_name") == TRAIN_MODEL for c in cps), f"{len(cps)} for {TRAIN_MODEL}/{DATASET}"
        self.check("rest: get_checkpoints(model, dataset) filters", checkpoints_filter)
        self.check("rest: checkpoint created_at works with format_timestamp",
                   lambda: self._timestamps_ok(self.call("get_checkpoints")[0], "checkpoints"))
        self.check("rest: model created_at works with format_timestamp",
                   lambda: self._timestamps_ok(self.call("get_models")[0], "models"))

        def trained_only():
            names = [m.get("name") for m in self.call("get_models")[0]]
            builtin = [n for n in names if n and n not in self._checkpoint_names()]
            return not builtin, (f"lists non-trained entries {builtin}" if builtin else f"{names}")
        self.check("rest: get_models lists trained models only (v1)", trained_only)

        def resume():
            if not self.trained:
                return False, "no checkpoint to resume from"
            ok, errs, _e = self.call("resume_training", TRAIN_MODEL, DATASET, 60, 4, lightweight=True)
            if ok:
                time.sleep(2)
                self.call("stop_training")
                self._wait_idle(60)
            return ok, ("" if ok else (errs[0] if errs else "returned False"))
        self.check("rest: resume_training from the latest checkpoint", resume)

    def _checkpoint_names(self):
        try:
            r = requests.get(f"{self.base}/api/checkpoints", timeout=10)
            return [c.get("name") for c in r.json().get("checkpoints", [])] if r.ok else []
        except Exception:
            return []

    def _wait_idle(self, secs):
        end = time.monotonic() + secs
        while time.monotonic() < end:
            try:
                if not requests.get(f"{self.base}/api/status", timeout=5).json().get("is_training"):
                    return True
            except Exception:
                pass
            time.sleep(1)
        return False

    def inference(self):
        self.fresh()
        text = self.audio["text"]

        def infer(fmt, model, **k):
            def f():
                path = self.audio[fmt]
                with open(path, "rb") as fh:
                    data = fh.read()
                res, errs, _e = self.call("run_inference", data, os.path.basename(path), model, **k)
                if errs:
                    return False, errs[0]
                t = res.get("transcription", "")
                ov = overlap(text, t)
                return bool(t.strip()), f"{ov:.0%} of words heard: {t[:80]!r}"
            return f
        for fmt in ("wav", "flac", "mp3", "ogg"):
            self.check(f"rest: run_inference {fmt.upper()} upload (en-us)", infer(fmt, "en-us"))
        self.check("rest: run_inference with v1's default name 'conformer'", infer("wav", "conformer"))

        def timings():
            with open(self.audio["wav"], "rb") as fh:
                r = requests.post(f"{self.base}/api/inference", files={"file": ("a.wav", fh.read(), "application/octet-stream")},
                                  params={"model_name": "en-us"}, timeout=120)
            if not r.ok:
                return False, f"HTTP {r.status_code}"
            d = r.json()
            missing = [k for k in ("transcription", "first_token_time_ms", "inference_time_ms", "total_time_ms") if d.get(k) is None]
            return not missing, f"missing {missing}" if missing else ""
        self.check("rest: inference answers v1's three timings (else the frontend invents them)", timings)
        self.check(f"rest: run_inference by trainable model name ({TRAIN_MODEL}: latest checkpoint)", self._infer_latest)

        def by_path():
            models = self.call("get_models")[0]
            trained = [m for m in models if m.get("name") in self.trained] or models
            if not trained:
                return False, "no model listed"
            m = trained[0]
            name = m["name"]
            model_name = name.split("-")[0] if "-" in name else name
            dataset = name.split("-")[1] if len(name.split("-")) >= 2 else None
            with open(self.audio["wav"], "rb") as fh:
                data = fh.read()
            _res, errs, _e = self.call("run_inference", data, "speech.wav", model_name, checkpoint_path=m.get("path"),
                                       dataset_name=dataset)
            if errs:
                return False, errs[0]
            return self._recognized_with(name, data, model_name, m.get("path"), dataset)
        self.check("rest: run_inference with checkpoint_path = model's path (model page's call)", by_path)

    def _recognized_with(self, name, data, model_name, checkpoint_path, dataset):
        """The frontend's run_inference keeps only the text and timings; the same request made directly shows which
        checkpoint recognized (Hark's `checkpoint` field). A checkpoint trained for an epoch or three on 24 clips may
        answer blanks (CTC's early phase): what v1 promised is that the selected checkpoint is the one used."""
        params = {"model_name": model_name, "checkpoint_path": checkpoint_path}
        if dataset:
            params["dataset_name"] = dataset
        r = requests.post(f"{self.base}/api/inference", params=params,
                          files={"file": ("speech.wav", data, "application/octet-stream")}, timeout=120)
        if not r.ok:
            return False, f"HTTP {r.status_code} {r.text[:200]}"
        used = r.json().get("checkpoint")
        return used == name, f"recognized with {used!r} (selected {name!r}); transcription {r.json().get('transcription', '')[:40]!r}"

    def _infer_latest(self):
        """v1 promised that a trainable model's name infers with its latest checkpoint; it did not promise text from a
        model trained for a few epochs on 24 clips (it answers blanks: CTC's early phase). So: the frontend's call
        succeeds, the reply names the checkpoint that recognized, that is the newest epoch the server lists, and naming
        that checkpoint explicitly gives the same transcription."""
        with open(self.audio["wav"], "rb") as fh:
            data = fh.read()
        res, errs, _e = self.call("run_inference", data, "speech.wav", TRAIN_MODEL)
        if errs:
            return False, errs[0]
        r = requests.post(f"{self.base}/api/inference", params={"model_name": TRAIN_MODEL},
                          files={"file": ("speech.wav", data, "application/octet-stream")}, timeout=120)
        if not r.ok:
            return False, f"HTTP {r.status_code} {r.text[:200]}"
        used = r.json().get("checkpoint")
        cps = requests.get(f"{self.base}/api/checkpoints", params={"model_name": TRAIN_MODEL}, timeout=10).json().get("checkpoints", [])
        cps = [c for c in cps if c.get("epoch") is not None and not str(c.get("name", "")).endswith("-latest")]
        if not cps:
            return False, "no checkpoint listed"
        newest_ds = max(cps, key=lambda c: c.get("created_at") or 0).get("dataset_name")
        newest = max((c for c in cps if c.get("dataset_name") == newest_ds), key=lambda c: c["epoch"])["name"]
        if used != newest:
            return False, f"reply names checkpoint {used!r}; the newest listed is {newest!r}"
        explicit = requests.post(f"{self.base}/api/inference", params={"model_name": newest},
                                 files={"file": ("speech.wav", data, "application/octet-stream")}, timeout=120)
        if not explicit.ok:
            return False, f"naming {newest} explicitly: HTTP {explicit.status_code}"
        same = explicit.json().get("transcription") == res.get("transcription") == r.json().get("transcription")
        return same, (f"recognized with {used} (the newest of {len(cps)} listed); transcription {res.get('transcription', '')[:40]!r} "
                      + ("equals" if same else f"differs from {explicit.json().get('transcription', '')[:40]!r},") + f" naming {newest} explicitly")

    def pages(self):
        def page(p, **k):
            def f():
                run = frontend.run_page(self.cb_path, self.host, self.port, page=p, **k)
                if run.outcome == "crash":
                    return False, f"crashed: {type(run.error).__name__}: {run.error} at {run.where}"
                errs = run.errors()
                return not errs, (f"st.error: {errs[0]}" if errs else f"ran ({run.outcome})")
            return f
        for p in ("main", "model_management", "checkpoint_management", "dataset_management", "realtime"):
            self.check(f"page: {p} renders without error", page(p))

        def ui_training():
            run = frontend.run_page(self.cb_path, self.host, self.port, page="main", buttons={"🆕 新規学習開始"},
                                    numbers={"エポック数": 1})
            picked = [a[1] for (a, k) in run.called("selectbox") if k.get("key") == "training_model_selector"]
            errs = [_err_summary(x) for x in st.session_state.logs if x.startswith("❌")]
            ok = run.outcome != "crash" and any("学習を開始しました" in str(x) for x in st.session_state.logs)
            if ok:
                self.call("stop_training")
                self._wait_idle(60)
            return ok, (f"picker offered {picked[0] if picked else '?'}; "
                        + (errs[0] if errs else (f"crashed: {run.error}" if run.error else "started")))
        self.check("page: 'new training' button with the picker's default model starts training", ui_training)

    def model_page_flows(self):
        models = self.call("get_models")[0] if self.cb else []
        trained = [m["name"] for m in models if m.get("name") in self.trained]
        name = trained[0] if trained else (models[0]["name"] if models else None)

        def ui_infer():
            if not name:
                return False, "no model listed"
            with open(self.audio["wav"], "rb") as fh:
                up = st.UploadedFile("speech.wav", fh.read(), "audio/wav")
            run = frontend.run_page(self.cb_path, self.host, self.port, page="model_management",
                                    select={"model_detail_selector": name},
                                    files={f"inference_file_uploader_{name}": up},
                                    buttons={f"inference_execute_{name}"})
            if run.outcome == "crash":
                return False, f"crashed before inference: {type(run.error).__name__}: {run.error} at {run.where}"
            shown = [k.get("value") for (a, k) in run.called("text_area")
                     if k.get("key") in (f"inference_result_text_{name}", f"inference_result_text_empty_{name}")]
            errs = [_err_summary(x) for x in st.session_state.logs if x.startswith("❌")]
            if errs or not shown:
                return False, errs[0] if errs else "no result shown"
            # the page sends the model's path as checkpoint_path: the server must have recognized with that checkpoint
            model = next((m for m in self.call("get_models")[0] if m.get("name") == name), {})
            parts = name.split("-")
            ok, why = self._recognized_with(name, up.getvalue(), parts[0], model.get("path"), parts[1] if len(parts) >= 2 else None)
            return ok, f"page showed {shown[0][:40]!r}; {why}"
        self.check("page: model page 'run inference' on a trained model", ui_infer)

        def ui_delete():
            if not name:
                return False, "no model listed"
            frontend.run_page(self.cb_path, self.host, self.port, page="model_management",
                              select={"model_detail_selector": name}, buttons={f"delete_model_{name}"})
            run = frontend.run_page(self.cb_path, self.host, self.port, page="model_management", keep_session=True,
                                    select={"model_detail_selector": name}, buttons={f"delete_model_{name}"})
            gone = name not in [m.get("name") for m in self.call("get_models")[0]]
            if run.outcome == "crash" and not gone:
                return False, f"crashed: {type(run.error).__name__}: {run.error} at {run.where}"
            note = ""
            if run.outcome == "crash":
                note = f" (then the page's own bug: {type(run.error).__name__}: {run.error})"
            return gone, (f"deleted {name}" + note) if gone else f"{name} still listed; st.error={run.errors()[:1]}"
        self.check("page: model page delete (two clicks) removes the model", ui_delete)

    def deletes(self):
        self.fresh()

        def single():
            names = self._checkpoint_names()
            if not names:
                return False, "no checkpoint to delete"
            ok, msg = self.cb["delete_model"](names[-1])
            gone = names[-1] not in self._checkpoint_names()
            return ok and gone, msg
        self.check("rest: delete_model(name)", single)

        def bulk_download():
            names = self._checkpoint_names()
            if not names:
                return False, "no checkpoint left to download"
            ok, resp = self.cb["download_models_bulk"](names[:2])
            if not ok:
                return False, resp
            body = resp.content
            return body[:2] == b"PK", f"{len(body)} bytes, zip={body[:2] == b'PK'}"
        self.check("rest: download_models_bulk returns a zip", bulk_download)

        def bulk_delete():
            names = self._checkpoint_names()
            if not names:
                return False, "no checkpoint left to delete"
            ok, msg = self.cb["delete_models_bulk"](names)
            return ok and not self._checkpoint_names(), msg
        self.check("rest: delete_models_bulk", bulk_delete)

    # ---- streaming: the original coroutine ----
    def stream(self, model, pcm, trailing_s=2.0, timeout=120):
        coro = self.rt["stream_audio_to_ws"]
        q = queue.Queue(maxsize=1000)
        msgs = queue.Queue()
        running = threading.Event()
        running.set()
        step = 1920  # 10 ms of f32 at 48 kHz
        chunks = [pcm[i:i + step] for i in range(0, len(pcm), step)]
        chunks += [b"\0" * step] * int(trailing_s * 100)
        pacer = Pacer(q, chunks, 0.01)
        errors = []

        def loop():
            try:
                asyncio.run(coro(q, model, 48000, running, msgs))
            except asyncio.CancelledError:
                pass  # the original's own ending: `contextlib.suppress(Exception)` does not catch CancelledError
            except Exception as e:
                errors.append(e)
        t = threading.Thread(target=loop, name="compat-frontend-stream", daemon=True)
        t0 = time.monotonic()
        t.start()
        pacer.start()
        pacer.done.wait(timeout)
        end = time.monotonic() + 5
        while not q.empty() and time.monotonic() < end and t.is_alive():
            time.sleep(0.05)
        time.sleep(0.3)
        running.clear()
        pacer.stopping.set()
        t.join(30)
        out = []
        while not msgs.empty():
            out.append(msgs.get_nowait())
        return out, errors, time.monotonic() - t0

    def streaming(self):
        text = self.audio["stream_text"]
        pcm = f32_48k(self.audio["stream_wav"], self.work)
        # 5 s of silence after the speech, as a user who stops talking before pressing stop: the original coroutine
        # cancels its receiver right after sending "stop", so a server behind real time (a loaded machine) needs them
        msgs, errs, secs = self.stream("en-us", pcm, trailing_s=5.0)
        kinds = [m.get("type") for m in msgs]
        finals = [m.get("payload", {}).get("text", "") for m in msgs if m.get("type") == "final"]
        partials = [m for m in msgs if m.get("type") == "partial"]
        errors = [m for m in msgs if m.get("type") == "error"]
        self.check("stream: stream_audio_to_ws connects and is answered (status ready)",
                   lambda: (any(m.get("type") == "status" for m in msgs) and not errs,
                            f"first messages {kinds[:3]}, {len(msgs)} messages in {secs:.1f} s" + (f"; {errs[0]}" if errs else "")))
        self.check("stream: partials arrive", lambda: (bool(partials), f"{len(partials)} partials"))
        self.check("stream: non-empty finals arrive", lambda: (any(f.strip() for f in finals), f"finals={finals[:4]}"))
        self.check("stream: no error messages", lambda: (not errors, f"{len(errors)} errors: {errors[:1]}"))
        # a Hark v1 final carries the session's text so far in "text" (as v1's did) and the utterance in
        # "segment_text"; an asr-test final has only "text", one utterance each
        utterances = [m.get("payload", {}).get("segment_text", m.get("payload", {}).get("text", ""))
                      for m in msgs if m.get("type") == "final"]
        heard = " ".join(u for u in utterances if u)
        self.check("stream: finals hold the speech (>= 40% of words)",
                   lambda: (overlap(text, heard) >= 0.4, f"{overlap(text, heard):.0%} of {len(words(text))} words: {heard[:100]!r}"))

        def ui_final_box():
            drain = frontend.statement(self.rt_path, lambda n, s: isinstance(n, ast.While) and "realtime_msg_queue" in s)
            st.reset()
            mq = queue.Queue()
            for m in msgs:
                mq.put(m)
            st.session_state["realtime_msg_queue"] = mq
            exec(drain, {"st": st, "__name__": "drain"})
            box = st.session_state.get("realtime_final", "")
            ov_box, ov_all = overlap(heard, box), overlap(text, box)
            return ov_box >= 0.9 and len(words(box)) >= len(words(heard)) * 0.9, (
                f"final box {box[:80]!r} holds {len(words(box))} of the session's {len(words(heard))} final words "
                f"({len(finals)} finals; v1's final covered the session)")
        self.check("stream: UI final box (original drain loop) shows the session's text", ui_final_box)

        # an unknown model: the error should be said once, not per frame
        short = pcm[: 48000 * 4 * 2]
        m2, _e2, _s2 = self.stream("no-such-model", short, trailing_s=0.5, timeout=30)
        errors2 = [m for m in m2 if m.get("type") == "error"]
        self.check("stream: unknown model is reported once (not once per frame)",
                   lambda: (1 <= len(errors2) <= 2, f"{len(errors2)} error messages for 2 s of audio: "
                            f"{(errors2[0].get('payload') or {}).get('message', '')[:80] if errors2 else ''!r}"))

        # a trainable model by name (v1 streamed 'realtime' from its latest checkpoint)
        m3, _e3, _s3 = self.stream(TRAIN_MODEL, short, trailing_s=0.5, timeout=30)
        errors3 = [m for m in m3 if m.get("type") == "error"]
        self.check(f"stream: trainable model by name ({TRAIN_MODEL})",
                   lambda: (not errors3 and any(m.get("type") == "status" for m in m3),
                            f"{len(m3)} messages, {len(errors3)} errors " +
                            (f"{(errors3[0].get('payload') or {}).get('message', '')[:100]!r}" if errors3 else "")))

        self.check("stream (protocol): a second start in a session answers ready again", lambda: self.second_start(pcm))

    def second_start(self, pcm):
        async def go():
            got = []
            async with websockets.connect(f"ws://{self.host}:{self.port}/ws", open_timeout=10) as ws:
                async def reader():
                    try:
                        async for m in ws:
                            if isinstance(m, str):
                                got.append(json.loads(m))
                    except Exception:
                        pass
                rt = asyncio.create_task(reader())
                start = json.dumps({"type": "start", "model_name": "en-us", "sample_rate": 48000, "format": "f32"})
                await ws.send(start)
                for i in range(0, min(len(pcm), 48000 * 4 * 2), 1920):
                    await ws.send(pcm[i:i + 1920])
                    await asyncio.sleep(0.005)
                await ws.send(start)
                # the second ready comes after the first session's final: up to 30 s on a loaded machine (3 s idle)
                for _ in range(300):
                    if sum(1 for m in got if m.get("type") == "status" and (m.get("payload") or {}).get("status") == "ready") >= 2:
                        break
                    await asyncio.sleep(0.1)
                await ws.send(json.dumps({"type": "stop"}))
                await asyncio.sleep(1)
                rt.cancel()
            return got
        got = asyncio.run(go())
        ready = [m for m in got if m.get("type") == "status" and (m.get("payload") or {}).get("status") == "ready"]
        errors = [m for m in got if m.get("type") == "error"]
        return len(ready) >= 2 and not errors, (f"{len(ready)} ready answers, {len(errors)} errors "
                                                 + (repr((errors[0].get('payload') or {}).get('message', ''))[:100] if errors else ""))
