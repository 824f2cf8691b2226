// The live alerts page: alerts and sources from the server's event stream (/api/events), drawn
// pictures from /api/picture. No library: the page must work with nothing outside this server.
"use strict";

const MAX_ALERTS = 200;
const FILTERS = ["source", "label", "rule"];
const alertsById = new Map();
const alertsBox = document.getElementById("alerts");
const sourcesBox = document.getElementById("sources");
const form = document.getElementById("filters");
const statusLine = document.getElementById("status");
const count = document.getElementById("count");

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children) {
    if (child != null) node.append(child);
  }
  return node;
}

function terms(pairs) {
  const dl = el("dl");
  for (const [name, value] of pairs) {
    if (value == null || value === "") continue;
    dl.append(el("dt", { textContent: name }), el("dd", { textContent: String(value) }));
  }
  return dl;
}

function time(ms) {
  return new Date(ms).toLocaleTimeString();
}

// The picture of a frame; its card says whether it loaded, and why not when it did not (the
// server has not read the frame yet, or holds it no more). A redraw event loads it again.
function picture(src, card) {
  const img = el("img", { src: src, alt: "frame" });
  const missing = el("p", { className: "missing", textContent: "frame not read yet, or no longer held", hidden: true });
  img.addEventListener("load", () => {
    card.dataset.loaded = "true";
    img.hidden = false;
    missing.hidden = true;
  });
  img.addEventListener("error", () => {
    card.dataset.loaded = "false";
    img.hidden = true;
    missing.hidden = false;
  });
  return el("div", { className: "picture" }, img, missing);
}

// Filters: the form's selects, mirrored in the address (?source=..&label=..&rule=..) so that a
// filtered view can be bookmarked or shared.
function filters() {
  return Object.fromEntries(FILTERS.map((name) => [name, form.elements[name].value]));
}

function offer(name, value) {
  const select = form.elements[name];
  if (value && ![...select.options].some((o) => o.value === value)) {
    select.append(el("option", { value: value, textContent: value }));
  }
}

function matches(card, wanted) {
  return FILTERS.every((name) => !wanted[name] || card.dataset[name] === wanted[name]);
}

function applyFilters() {
  const wanted = filters();
  let shown = 0;
  for (const card of alertsBox.querySelectorAll(".alert")) {
    card.hidden = !matches(card, wanted);
    if (!card.hidden) shown++;
  }
  for (const card of sourcesBox.querySelectorAll(".source")) {
    card.hidden = !!wanted.source && card.dataset.source !== wanted.source;
  }
  count.textContent = alertsById.size ? `(${shown} shown of ${alertsById.size})` : "";
}

form.addEventListener("change", () => {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters())) if (value) query.set(name, value);
  history.replaceState(null, "", query.size ? `?${query}` : location.pathname);
  applyFilters();
});

const initial = new URLSearchParams(location.search);
for (const name of FILTERS) {
  offer(name, initial.get(name));
  form.elements[name].value = initial.get(name) || "";
}

function addAlert(alert) {
  // Alerts are delivered at least once, and a reconnected stream sends the held ones again.
  if (alertsById.has(alert.alertId)) return;
  const card = el("article", { className: "alert" });
  Object.assign(card.dataset, {
    alertId: alert.alertId, source: alert.sourceId, label: alert.label, rule: alert.rule,
    frame: `${alert.sourceId}#${alert.lastSequence}`,
  });
  card.append(
    picture(alert.picture, card),
    el("h3", {}, el("span", { className: "rule", textContent: alert.rule }), " · ",
      el("span", { className: "label", textContent: alert.label }),
      // Where a reading model landed: the text it read, and the watch-list entry it matched.
      alert.text ? el("span", { className: "text", textContent: ` “${alert.text}”` }) : null),
    terms([
      ["source", alert.sourceId],
      ["frames", `${alert.firstSequence}..${alert.lastSequence}`],
      ["track", alert.trackId],
      ["score", alert.score.toFixed(2)],
      ["watch entry", alert.watchEntry],
      ["model", alert.model],
      ["emitted", time(alert.emittedTime)],
    ]));
  card.dataset.emitted = alert.emittedTime;
  alertsById.set(alert.alertId, card);
  alertsBox.querySelector(".empty")?.remove();
  // Newest first by the time the job emitted them: a reader catching up reads the topic's
  // partitions one after the other, not in time order.
  const older = [...alertsBox.children].find((c) => Number(c.dataset.emitted) < alert.emittedTime);
  alertsBox.insertBefore(card, older || null);
  while (alertsById.size > MAX_ALERTS) {
    const oldest = alertsBox.lastElementChild;
    alertsById.delete(oldest.dataset.alertId);
    oldest.remove();
  }
  offer("source", alert.sourceId);
  offer("label", alert.label);
  offer("rule", alert.rule);
  applyFilters();
}

// The alerted frame or its detection record came: fetch its picture again.
function redraw(frame) {
  for (const card of alertsBox.querySelectorAll(".alert")) {
    if (card.dataset.frame === `${frame.sourceId}#${frame.sequence}`) {
      const img = card.querySelector("img");
      if (img) img.src = `${img.src.split("&v=")[0]}&v=${Date.now()}`;
    }
  }
}

function showSources(sources) {
  const cards = new Map([...sourcesBox.querySelectorAll(".source")].map((c) => [c.dataset.source, c]));
  if (sources.length) sourcesBox.querySelector(".empty")?.remove();
  for (const source of sources) {
    let card = cards.get(source.sourceId);
    if (!card) {
      card = el("article", { className: "source" });
      card.dataset.source = source.sourceId;
      sourcesBox.append(card);
      offer("source", source.sourceId);
    }
    // Only a new frame is fetched again.
    if (card.dataset.sequence !== String(source.lastSequence)) {
      card.dataset.sequence = source.lastSequence;
      delete card.dataset.loaded;
      const last = source.lastAlert;
      card.replaceChildren(
        source.picture ? picture(source.picture, card) : null,
        el("h3", { textContent: source.sourceId }),
        terms([
          ["frames/s", source.framesPerSecond.toFixed(1)],
          ["frames", source.frames],
          ["last frame", source.lastCapture ? `#${source.lastSequence} at ${time(source.lastCapture)}` : ""],
          ["last alert", last ? `${last.rule} · ${last.label} at ${time(last.emittedTime)}` : "none"],
        ]));
    }
  }
  applyFilters();
}

const events = new EventSource("/api/events");
events.addEventListener("open", () => {
  statusLine.dataset.state = "live";
  statusLine.textContent = "live";
});
events.addEventListener("error", () => {
  statusLine.dataset.state = "reconnecting";
  statusLine.textContent = "reconnecting… (is 'vigil ui' still running?)";
});
events.addEventListener("alert", (e) => addAlert(JSON.parse(e.data)));
events.addEventListener("redraw", (e) => redraw(JSON.parse(e.data)));
events.addEventListener("sources", (e) => showSources(JSON.parse(e.data)));
