// tinhgon — the little script the pages need: the lazy unit tree and the import upload with progress.
// Pages work without it except for those two.
"use strict";

document.addEventListener("click", async (ev) => {
  const button = ev.target.closest("button.toggle");
  if (!button) return;
  const li = button.closest("li");
  const open = button.getAttribute("aria-expanded") === "true";
  const existing = li.querySelector(":scope > .children");
  if (open) {
    button.setAttribute("aria-expanded", "false");
    if (existing) existing.hidden = true;
    return;
  }
  button.setAttribute("aria-expanded", "true");
  if (existing) { existing.hidden = false; return; }
  const box = document.createElement("div");
  box.className = "children";
  box.setAttribute("aria-busy", "true");
  li.appendChild(box);
  const res = await fetch(button.dataset.src, { credentials: "same-origin" });
  box.innerHTML = await res.text();
  box.removeAttribute("aria-busy");
});

document.addEventListener("submit", (ev) => {
  const form = ev.target;
  if (form.id !== "import") return;
  ev.preventDefault();
  const file = form.querySelector("#file").files[0];
  const result = document.getElementById("import-result");
  if (!file) { form.querySelector("#file").focus(); return; }
  const kind = form.querySelector("#kind").value;
  const dry = form.querySelector("#dry").checked ? "?dry=1" : "";
  const bar = document.getElementById("progress");
  const text = document.getElementById("progress-text");
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "/import/" + encodeURIComponent(kind) + dry);
  xhr.setRequestHeader("X-CSRF-Token", form.dataset.csrf);
  xhr.setRequestHeader("Content-Type", "application/octet-stream");
  bar.hidden = false; bar.value = 0; result.innerHTML = "";
  xhr.upload.onprogress = (e) => {
    if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); text.textContent = bar.value + "%"; }
  };
  xhr.upload.onload = () => { bar.removeAttribute("value"); text.textContent = "…"; };
  xhr.onload = () => { bar.hidden = true; text.textContent = ""; result.innerHTML = xhr.responseText; result.focus(); };
  xhr.onerror = () => { bar.hidden = true; result.textContent = "✗"; };
  xhr.send(file);
});
