// Studio: small progressive enhancements. Every form also works without this script.
"use strict";

const csrf = () => document.querySelector('meta[name="csrf-token"]').content;

function setupUpload() {
  const form = document.getElementById("tai-len");
  if (!form) return;
  const input = form.querySelector('input[type="file"]');
  const out = document.getElementById("ket-qua-tai-len");
  const send = async (files) => {
    if (!files.length) return;
    const data = new FormData();
    for (const file of files) data.append("tep", file);
    out.textContent = `Đang tải lên ${files.length} tệp…`;
    try {
      const response = await fetch(form.action, {
        method: "POST", body: data,
        headers: { "X-CSRF-Token": csrf(), "Accept": "application/json" },
      });
      const answer = response.headers.get("content-type")?.includes("json")
        ? await response.json() : { ok: false, lines: [await response.text()] };
      out.textContent = answer.lines.join("\n");
      if (answer.ok) window.setTimeout(() => window.location.reload(), 600);
    } catch (error) {
      out.textContent = "Không tải lên được: mất kết nối tới Studio.";
    }
  };
  form.addEventListener("submit", (event) => { event.preventDefault(); send(input.files); });
  input.addEventListener("change", () => send(input.files));
  for (const name of ["dragenter", "dragover"]) {
    form.addEventListener(name, (event) => { event.preventDefault(); form.classList.add("keo"); });
  }
  form.addEventListener("dragleave", () => form.classList.remove("keo"));
  form.addEventListener("drop", (event) => {
    event.preventDefault();
    form.classList.remove("keo");
    send(event.dataTransfer.files);
  });
}

function setupClips() {
  for (const item of document.querySelectorAll(".item")) {
    const video = item.querySelector("video[data-clip]");
    if (!video) continue;
    const field = (name) => item.querySelector(`input[name="${name}"]`);
    const seconds = (name) => parseFloat((field(name).value || "").replace(",", "."));
    for (const button of item.querySelectorAll("[data-mark]")) {
      button.addEventListener("click", () => {
        field(button.dataset.mark).value = video.currentTime.toFixed(1);
      });
    }
    const play = item.querySelector("[data-play-range]");
    play?.addEventListener("click", () => {
      const start = seconds("clip_start");
      video.currentTime = Number.isFinite(start) ? start : 0;
      video.play();
    });
    video.addEventListener("timeupdate", () => {
      const end = seconds("clip_end");
      if (Number.isFinite(end) && video.currentTime >= end && !video.paused) video.pause();
    });
  }
}

function setupConfirm() {
  for (const button of document.querySelectorAll("[data-confirm]")) {
    button.addEventListener("click", (event) => {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  }
}

function setupResults() {
  for (const row of document.querySelectorAll("tr[data-indicator]")) {
    const cell = row.querySelector(".live");
    const update = async () => {
      const query = new URLSearchParams({ chi_tieu: row.dataset.indicator });
      for (const input of row.querySelectorAll("input[data-live]")) {
        query.set(input.name.split(".").pop(), input.value);
      }
      const response = await fetch(`${document.body.dataset.root}/api/danh-gia?${query}`);
      if (!response.ok) return;
      const live = await response.json();
      cell.className = `live ${live.status}`;
      cell.querySelector("strong").textContent = live.text;
      cell.querySelector("span").textContent = live.label;
      cell.querySelector("div").textContent = live.margin || "";
    };
    for (const input of row.querySelectorAll("input[data-live]")) input.addEventListener("input", update);
  }
}

// The microphone, as a recording wants it (the studio's own cleaning evens out the level, so
// the browser's processing is off); null, with the reason said in ``status``, when there is none.
async function openMicrophone(status) {
  if (!navigator.mediaDevices?.getUserMedia || !window.MediaRecorder) {
    status.textContent = "Trình duyệt này không cho thu âm.";
    return null;
  }
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
  } catch (error) {
    status.textContent = "Không dùng được micrô (chưa cho phép, hoặc máy không có micrô).";
    return null;
  }
}

function setupNarration() {
  for (const item of document.querySelectorAll(".item")) {
    const text = item.querySelector('textarea[name="narration"]');
    const player = item.querySelector("audio[data-player]");
    const status = item.querySelector("output[data-record-status]");
    const form = item.querySelector("form.fields");
    item.querySelector("[data-listen]")?.addEventListener("click", () => {
      if (!text.value.trim()) { status.textContent = "Chưa có lời dẫn để nghe."; return; }
      status.textContent = "";
      player.hidden = false;
      player.src = `${document.body.dataset.root}/nghe?loi-dan=${encodeURIComponent(text.value)}`;
      player.play().catch(() => { status.textContent = "Không phát được lời dẫn."; });
    });
    const button = item.querySelector("[data-record]");
    let recorder = null;
    button?.addEventListener("click", async () => {
      if (recorder) { recorder.stop(); return; }
      const stream = await openMicrophone(status);
      if (!stream) return;
      const chunks = [];
      recorder = new MediaRecorder(stream);
      recorder.addEventListener("dataavailable", (event) => chunks.push(event.data));
      recorder.addEventListener("stop", async () => {
        stream.getTracks().forEach((track) => track.stop());
        recorder = null;
        button.textContent = "Thu âm lời dẫn";
        button.classList.remove("dang-thu");
        status.textContent = "Đang lưu bản thu…";
        const data = new FormData();
        data.append("ghi-am", new Blob(chunks, { type: chunks[0]?.type || "audio/webm" }), "ghi-am.webm");
        data.append("digest", form.querySelector('input[name="digest"]').value);
        data.append("file", form.querySelector('input[name="file"]').value);
        data.append("loi", text.value);
        const response = await fetch(button.dataset.record, {
          method: "POST", body: data, headers: { "X-CSRF-Token": csrf() },
        });
        const answer = response.headers.get("content-type")?.includes("json")
          ? await response.json() : { ok: false, message: await response.text() };
        status.textContent = answer.message;
        if (answer.ok) {
          // Keep what is typed on the page: only the file's digest changed.
          for (const digest of document.querySelectorAll('input[name="digest"]')) digest.value = answer.digest;
          player.hidden = false;
          player.src = `${document.body.dataset.root}/tep/${answer.voiceover}`;
        }
      });
      recorder.start();
      button.textContent = "Dừng thu và lưu";
      button.classList.add("dang-thu");
      status.textContent = "Đang thu…";
    });
  }
}

function setupStoryboard() {
  for (const button of document.querySelectorAll("[data-listen-text]")) {
    const player = button.parentElement.querySelector("audio[data-player]");
    button.addEventListener("click", () => {
      player.hidden = false;
      // an editable line is heard as typed, before it is saved
      const typed = button.closest("form")?.querySelector('textarea[name="loi-dan"]');
      const line = typed && typed.value.trim() ? typed.value : button.dataset.listenText;
      player.src = `${document.body.dataset.root}/nghe?loi-dan=${encodeURIComponent(line)}`;
      player.play().catch(() => {});
    });
  }
}

// A hidden file input (its label is the button) says, in Vietnamese, which file was chosen.
function setupChosenFile() {
  for (const input of document.querySelectorAll("input[type=file][data-shows]")) {
    const shown = document.getElementById(input.dataset.shows);
    input.addEventListener("change", () => {
      shown.textContent = input.files.length ? `Đã chọn: ${input.files[0].name}` : "Chưa chọn tệp.";
    });
  }
}

// Typed text not yet saved is not lost by leaving the page without a word: the browser asks
// first. Saving a form (its own «Lưu», not a button with another action) makes it clean.
const unsaved = new Set();

function setupUnsaved() {
  for (const form of document.querySelectorAll("form[data-edits]")) {
    form.addEventListener("input", () => unsaved.add(form));
    form.addEventListener("change", () => unsaved.add(form));
    form.addEventListener("submit", (event) => {
      if (!event.submitter || !event.submitter.hasAttribute("formaction")) unsaved.delete(form);
    });
  }
  window.addEventListener("beforeunload", (event) => {
    if (unsaved.size) event.preventDefault();
  });
}

// Drag an item by its handle onto another item: it takes that item's place (the «Lên»/«Xuống»
// buttons do the same from the keyboard). A file dropped outside the upload zone is ignored
// rather than opened by the browser in place of the page.
const MOVING = "application/x-baocao-item";

function setupReorder() {
  const isFile = (event) => event.dataTransfer && [...event.dataTransfer.types].includes("Files");
  for (const name of ["dragover", "drop"]) {
    document.addEventListener(name, (event) => { if (isFile(event)) event.preventDefault(); });
  }
  const items = [...document.querySelectorAll("li.item[data-index]")];
  for (const item of items) {
    const handle = item.querySelector("[data-drag]");
    handle.addEventListener("dragstart", (event) => {
      event.dataTransfer.setData(MOVING, item.dataset.index);
      event.dataTransfer.effectAllowed = "move";
      item.classList.add("dang-keo");
    });
    handle.addEventListener("dragend", () => item.classList.remove("dang-keo"));
    const carries = (event) => [...event.dataTransfer.types].includes(MOVING);
    item.addEventListener("dragover", (event) => {
      if (!carries(event)) return;
      event.preventDefault();
      item.classList.add("tha-vao");
    });
    item.addEventListener("dragleave", () => item.classList.remove("tha-vao"));
    item.addEventListener("drop", (event) => {
      if (!carries(event)) return;
      event.preventDefault();
      item.classList.remove("tha-vao");
      const source = items.find((i) => i.dataset.index === event.dataTransfer.getData(MOVING));
      if (!source || source === item) return;
      const form = source.querySelector("form.fields");
      const place = document.createElement("input");
      Object.assign(place, { type: "hidden", name: "den", value: item.dataset.index });
      form.append(place);
      form.action = source.dataset.move;
      form.submit();
    });
  }
}

// A draft of the whole video, or of one scene: started on the server, its progress polled,
// then played here.
function setupPreview() {
  for (const box of document.querySelectorAll("[data-preview]")) {
    const [base, query] = box.dataset.preview.split("?");
    const bar = box.querySelector("progress");
    const said = box.querySelector("[data-preview-state]");
    const player = box.querySelector("[data-preview-video]");
    const button = box.querySelector("[data-preview-start]");
    button.addEventListener("click", async () => {
      button.disabled = true;  // one click, one draft
      const started = await fetch(`${base}?${query}`, {
        method: "POST", headers: { "X-CSRF-Token": csrf() },
      });
      if (!started.ok) {
        button.disabled = false;
        said.textContent = `Không dựng được: ${await started.text()}`;
        return;
      }
      bar.hidden = false;
      bar.removeAttribute("value");  // indeterminate until the encoder reports
      said.textContent = "Đang chuẩn bị (lời dẫn, thẻ chữ)…";
      const poll = async () => {
        const job = await (await fetch(`${base}/tien-do?${query}`)).json();
        if (job.state === "dang-dung") {
          if (job.total) {
            bar.max = job.total;
            bar.value = job.done;
            said.textContent = `Đang dựng: ${Math.floor((100 * job.done) / job.total)}%`;
          } else if (job.message) {
            said.textContent = `Đang chờ: ${job.message}…`;
          }
          setTimeout(poll, 700);
          return;
        }
        button.disabled = false;
        bar.hidden = true;
        if (job.state === "xong") {
          said.textContent = "Đã dựng xong bản xem trước.";
          player.src = `${base}.mp4?${query}&t=${Date.now()}`;
          player.hidden = false;
        } else {
          said.textContent = `Không dựng được: ${job.message || "hãy bấm lại"}`;
        }
      };
      poll();
    });
  }
}

setupUpload();
setupUnsaved();
setupReorder();
setupChosenFile();
setupPreview();
setupStoryboard();
setupNarration();
setupClips();
setupConfirm();
setupResults();
