// laborscreen's UI: keyboard shortcuts, and a screening's progress polled as JSON.
"use strict";

function typing(event) {
  const t = event.target;
  return t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement;
}

function queueKeys() {
  const rows = Array.from(document.querySelectorAll("#queue tbody tr"));
  if (!rows.length) return;
  let at = 0;
  const select = (i) => {
    rows[at].classList.remove("current");
    at = Math.max(0, Math.min(rows.length - 1, i));
    rows[at].classList.add("current");
    rows[at].focus({ preventScroll: true });
    rows[at].scrollIntoView({ block: "nearest" });
  };
  select(0);
  rows.forEach((row, i) => row.addEventListener("click", (e) => {
    if (!(e.target instanceof HTMLAnchorElement)) window.location.href = row.dataset.href;
    select(i);
  }));
  document.addEventListener("keydown", (e) => {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "j" || e.key === "ArrowDown") { select(at + 1); e.preventDefault(); }
    else if (e.key === "k" || e.key === "ArrowUp") { select(at - 1); e.preventDefault(); }
    else if (e.key === "Enter" || e.key === "o") { window.location.href = rows[at].dataset.href; e.preventDefault(); }
    else if (e.key === "/") { document.querySelector("#filters select")?.focus(); e.preventDefault(); }
  });
}

function alertKeys() {
  const page = document.querySelector(".alert-page");
  const form = document.getElementById("decide");
  const reason = document.getElementById("reason");
  document.addEventListener("keydown", (e) => {
    if (form && e.key === "Enter" && (e.ctrlKey || e.metaKey)) { form.requestSubmit(); e.preventDefault(); return; }
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    const choice = form ? form.querySelectorAll("input[name=outcome]")[Number(e.key) - 1] : null;
    if (choice) { choice.checked = true; reason.focus(); e.preventDefault(); }
    else if (e.key === "j" && page.dataset.next) { window.location.href = "/ui/alerts/" + page.dataset.next; }
    else if (e.key === "k" && page.dataset.previous) { window.location.href = "/ui/alerts/" + page.dataset.previous; }
    else if (e.key === "u") { window.location.href = "/ui/alerts"; }
  });
}

function globalKeys() {
  document.addEventListener("keydown", (e) => {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "u" && document.body.dataset.page === "queue") window.location.href = "/ui/upload";
  });
}

function pollScreening() {
  const box = document.getElementById("job");
  const set = (id, text) => { const el = document.getElementById(id); if (el) el.textContent = text; };
  const tick = async () => {
    const response = await fetch("/screenings/" + box.dataset.id, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const job = await response.json();
    box.dataset.status = job.status;
    const status = document.getElementById("job-status");
    status.textContent = job.status;
    status.className = "status status-" + job.status;
    set("job-stage", job.stage || "");
    set("job-matched", job.progress.matched);
    set("job-done", job.progress.done);
    document.getElementById("job-bar").value = job.progress.percent;
    for (const key of ["new", "reopened", "updated", "unchanged"]) set("count-" + key, job.counts[key]);
    if (job.error) { const el = document.getElementById("job-error"); el.textContent = job.error; el.hidden = false; }
    if (job.status === "queued" || job.status === "running") window.setTimeout(tick, 500);
  };
  if (box.dataset.status === "queued" || box.dataset.status === "running") window.setTimeout(tick, 300);
}

document.addEventListener("DOMContentLoaded", () => {
  const page = document.body.dataset.page;
  if (page === "queue") queueKeys();
  if (page === "alert") alertKeys();
  if (page === "screening") pollScreening();
  globalKeys();
});
