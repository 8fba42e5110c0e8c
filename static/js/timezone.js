// Sign-up: preselect the time zone this device uses (Intl API) in a select marked
// data-browser-zone, and say so next to it. A select the person already changed, or one the
// server filled with another zone, is left alone. No inline script: the CSP forbids it.
"use strict";

function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return "";
  }
}

function preselect(select) {
  const zone = browserZone();
  if (!zone || select.value !== select.dataset.browserZone) {
    return;
  }
  let option = Array.from(select.options).find((o) => o.value === zone);
  if (!option) {
    option = new Option(zone.replaceAll("_", " "), zone);
    select.add(option, 1);
  }
  select.value = zone;
  const note = document.createElement("p");
  note.className = "help confirm";
  note.setAttribute("role", "status");
  note.textContent = select.dataset.confirm.replace("{zone}", option.text);
  select.insertAdjacentElement("afterend", note);
  select.addEventListener("change", () => note.remove(), { once: true });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-browser-zone]").forEach(preselect);
});
