// «Phòng thu lời dẫn»: a teleprompter over the script's lines, recorded from the keyboard.
// Space: record / stop (stopping saves the take); Enter: listen; ← →: previous / next line.
"use strict";

(() => {
  const booth = document.querySelector("[data-booth]");
  if (!booth) return;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const lines = [...document.querySelectorAll("[data-line]")];
  const prompter = booth.querySelector("[data-prompter]");
  const where = booth.querySelector("[data-where]");
  const words = booth.querySelector("[data-words]");
  const state = booth.querySelector("[data-state]");
  const status = booth.querySelector("[data-status]");
  const meter = booth.querySelector("[data-meter]");
  const player = booth.querySelector("[data-player]");
  const recordButton = booth.querySelector('[data-act="record"]');
  const recordedCount = document.querySelector("[data-recorded]");
  const recordedLength = document.querySelector("[data-recorded-length]");
  let at = Math.min(Number(booth.dataset.start) || 0, lines.length - 1);
  let recorder = null;
  let busy = false;

  const clock = (seconds) => {
    const whole = Math.round(seconds);
    return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
  };

  const totals = () => {
    const done = lines.filter((line) => line.dataset.state === "da-thu");
    recordedCount.textContent = String(done.length);
    recordedLength.textContent = clock(done.reduce((sum, line) => sum + Number(line.dataset.seconds || 0), 0));
  };

  const show = (index) => {
    if (recorder || busy || !lines.length) return;
    at = Math.max(0, Math.min(index, lines.length - 1));
    const line = lines[at];
    lines.forEach((other) => other.classList.toggle("dang-doc", other === line));
    where.textContent = `Dòng ${line.dataset.number}/${lines.length} · mã ${line.dataset.code} · ${line.querySelector(".muted").textContent}`;
    words.textContent = line.querySelector("[data-words]").textContent;
    state.textContent = line.dataset.stateLabel;
    state.className = `badge ${line.dataset.state}`;
    recordButton.textContent = line.dataset.state === "da-thu" ? "Thu lại (Space)" : "Thu (Space)";
    player.hidden = true;
    player.removeAttribute("src");
    status.textContent = "";
    line.scrollIntoView({ block: "nearest" });
  };

  const mark = (line, take, seconds) => {
    line.dataset.state = "da-thu";
    line.dataset.stateLabel = "Đã thu";
    line.dataset.current = take;
    line.dataset.seconds = String(seconds);
    const badge = line.querySelector("[data-badge]");
    badge.textContent = "Đã thu";
    badge.className = "badge da-thu";
  };

  const listen = () => {
    const line = lines[at];
    if (recorder || busy) return;
    if (!line.dataset.current) { status.textContent = "Dòng này chưa có bản thu để nghe."; return; }
    player.hidden = false;
    player.src = `${booth.dataset.listen}&ma=${encodeURIComponent(line.dataset.code)}&t=${Date.now()}`;
    player.play().catch(() => { status.textContent = "Không phát được bản thu."; });
  };

  const levels = (stream) => {
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const draw = () => {
      if (!recorder) { meter.value = 0; context.close(); return; }
      analyser.getFloatTimeDomainData(samples);
      let peak = 0;
      for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
      meter.value = peak;
      requestAnimationFrame(draw);
    };
    requestAnimationFrame(draw);
  };

  const save = async (line, chunks) => {
    busy = true;
    status.textContent = "Đang làm sạch và lưu bản thu…";
    const data = new FormData();
    data.append("ghi-am", new Blob(chunks, { type: chunks[0]?.type || "audio/webm" }), "ghi-am.webm");
    data.append("ma", line.dataset.code);
    data.append("loi", line.querySelector("[data-words]").textContent);
    try {
      const response = await fetch(booth.dataset.record, { method: "POST", body: data, headers: { "X-CSRF-Token": csrf } });
      const answer = response.headers.get("content-type")?.includes("json")
        ? await response.json() : { ok: false, message: await response.text() };
      if (answer.ok) {
        mark(line, answer.take, Number(answer.seconds));
        totals();
      }
      busy = false;
      const message = answer.message;
      show(at);
      status.textContent = message;
    } catch (error) {
      busy = false;
      status.textContent = "Không gửi được bản thu (mất kết nối?); hãy thu lại.";
    }
  };

  const toggle = async () => {
    if (busy) return;
    if (recorder) { recorder.stop(); return; }
    busy = true;  // until the microphone answers: a second Space must not open another
    const stream = await openMicrophone(status);  // studio.js
    busy = false;
    if (!stream) return;
    const line = lines[at];
    const chunks = [];
    recorder = new MediaRecorder(stream);
    recorder.addEventListener("dataavailable", (event) => chunks.push(event.data));
    recorder.addEventListener("stop", () => {
      stream.getTracks().forEach((track) => track.stop());
      recorder = null;
      recordButton.classList.remove("dang-thu");
      save(line, chunks);
    });
    recorder.start();
    levels(stream);
    player.hidden = true;
    recordButton.textContent = "Dừng và lưu (Space)";
    recordButton.classList.add("dang-thu");
    status.textContent = "Đang thu… đọc lời trên màn hình, xong bấm Space.";
  };

  const actions = {
    record: toggle,
    listen,
    prev: () => show(at - 1),
    next: () => show(at + 1),
  };
  for (const button of booth.querySelectorAll("[data-act]")) {
    button.addEventListener("click", () => { actions[button.dataset.act](); prompter.focus(); });
  }
  for (const button of document.querySelectorAll("[data-goto]")) {
    button.addEventListener("click", () => { show(Number(button.dataset.goto)); prompter.focus(); });
  }
  prompter.addEventListener("keydown", (event) => {
    const key = { " ": "record", Enter: "listen", ArrowLeft: "prev", ArrowUp: "prev", ArrowRight: "next", ArrowDown: "next" }[event.key];
    if (!key || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    actions[key]();
  });

  show(at);
  prompter.focus();
})();
