// cybenko playground: the page. Plain JavaScript, no build step, no library.
// The server trains; this file only builds the controls from /api/options, sends the
// settings, polls the snapshot while playing and draws it on canvases.
"use strict";

(() => {
  const POLL_MS = 110; // about 9 snapshots a second while playing, one request at a time
  const IDLE_POLL_MS = 2000; // paused: a slow poll keeps the session alive (it ends after 15 s)
  const POS = [8, 119, 189]; // blue: positive weights, class 1
  const NEG = [245, 147, 34]; // orange: negative weights, class 0
  const MID = [245, 246, 247]; // the colour of 0 (or probability 0.5)
  const ENGINE_COLOURS = { cybenko: ["#1f2d3d", "#8a99a8"], torch: ["#8b3fb3", "#caa3df"] };
  const VIEW_KEYS = ["show_test", "discretize", "log_loss"]; // page-only, kept in the URL too
  const $ = (id) => document.getElementById(id);

  // What tests and curious learners can read: window.playground.updates counts the snapshots
  // drawn, so a test can measure the update rate inside the page.
  const exposed = { updates: 0, ready: false, sessionId: null, snapshot: null, settings: null };
  window.playground = exposed;

  let options = null; // /api/options
  let settings = {}; // every setting as the string the URL holds
  let good = {}; // the settings of the run the server is training now
  let view = { show_test: "1", discretize: "0", log_loss: "0" };
  let sessionId = null;
  let playing = false;
  let snapshot = null;
  let points = null; // {train, test}: fetched once per (re)build
  let generation = 0; // bumped by every change; replies to older requests are not drawn
  let queue = Promise.resolve(); // settings changes and controls, one after the other
  let wakePoll = null;
  let canonicalQuery = ""; // the running settings as the server encodes them

  // ---- small helpers ----------------------------------------------------------------------

  const sleep = (ms) =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakePoll = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  function asText(value) {
    if (Array.isArray(value)) return value.map(asText).join(",");
    if (value === null || value === undefined) return "";
    if (typeof value === "boolean") return value ? "true" : "false";
    return String(value);
  }

  function list(text) {
    return text === "" || text === undefined ? [] : String(text).split(",").map((s) => s.trim());
  }

  async function api(method, path, body) {
    const init = { method, headers: {} };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      return { ok: false, status: 0, data: { error: "the server does not answer: is it running?" } };
    }
    let data = null;
    const type = response.headers.get("Content-Type") || "";
    if (type.includes("json")) data = await response.json().catch(() => null);
    else data = await response.text();
    return { ok: response.ok, status: response.status, data };
  }

  function say(text, kind = "info") {
    const box = $("message");
    box.textContent = text || "";
    box.className = kind;
    box.hidden = !text;
  }

  function formatLoss(v) {
    if (v === null || v === undefined || Number.isNaN(v)) return "–";
    if (!Number.isFinite(v)) return String(v);
    if (v !== 0 && Math.abs(v) < 0.01) return v.toPrecision(3);
    return v.toFixed(4);
  }

  function mix(a, b, t) {
    return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t));
  }

  // A value in [-1, 1] (0 = neutral) as a colour: orange below 0, blue above.
  function signedColour(v) {
    const t = Math.max(-1, Math.min(1, v));
    return t >= 0 ? mix(MID, POS, t) : mix(MID, NEG, -t);
  }

  function rgb(c, alpha = 1) {
    return alpha === 1 ? `rgb(${c[0]},${c[1]},${c[2]})` : `rgba(${c[0]},${c[1]},${c[2]},${alpha})`;
  }

  // A canvas drawn at the screen's pixel density, measured in CSS pixels.
  function fitCanvas(canvas, width, height) {
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
    }
    const ctx = canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return ctx;
  }

  // A grid of values (row-major, top row first) as a small image on an offscreen canvas;
  // `rows` = 1 for a 1-D map (values along x, drawn as vertical stripes).
  const offscreen = {}; // one small canvas per grid shape, reused: a page draws hundreds a second
  function gridImage(values, size, colour, rows = size) {
    const shape = `${size}x${rows}`;
    if (!offscreen[shape]) {
      const c = document.createElement("canvas");
      c.width = size;
      c.height = rows;
      const cx = c.getContext("2d");
      offscreen[shape] = { c, cx, img: cx.createImageData(size, rows) };
    }
    const { c: off, cx: ctx, img } = offscreen[shape];
    for (let i = 0; i < size * rows; i++) {
      const c = colour(values[i]);
      img.data[4 * i] = c[0];
      img.data[4 * i + 1] = c[1];
      img.data[4 * i + 2] = c[2];
      img.data[4 * i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    return off;
  }

  // ---- names shown to people --------------------------------------------------------------

  const PRETTY = {
    relu: "ReLU", leaky_relu: "leaky ReLU", leakyrelu: "leaky ReLU", tanh: "tanh",
    sigmoid: "sigmoid", linear: "linear", identity: "linear", step: "step-like h(x)",
    mse: "MSE", bce: "BCE", cross_entropy: "cross-entropy", ce: "cross-entropy",
    crossentropy: "cross-entropy", default: "default", xavier: "Xavier", he: "He", zeros: "zeros",
    kaiming: "He", sgd: "SGD", adam: "Adam", adamw: "AdamW", rmsprop: "RMSprop",
    adagrad: "Adagrad", adadelta: "Adadelta", adamax: "Adamax", nadam: "NAdam", radam: "RAdam",
    asgd: "ASGD", rprop: "Rprop", lbfgs: "L-BFGS", sparseadam: "SparseAdam",
    cybenko: "cybenko", torch: "PyTorch", both: "both (overlaid)", none: "none", l1: "L1", l2: "L2",
  };
  const SHORT_DATASET = {
    xor: "XOR", circles: "circles", spirals: "two spirals", blobs: "Gaussian blobs",
    sin_exp: "sin + exp curve", dnnex0: "dnnex0", dnnex1: "dnnex1", dnnex2: "dnnex2",
    dnnex3: "dnnex3",
  };
  const pretty = (name) => PRETTY[String(name).toLowerCase()] || String(name);

  function featureKey(name) {
    return String(name).toLowerCase().replace(/[\s*·()^_]/g, "").replace("²", "2").replace("sq", "2");
  }
  const FEATURE_LABEL = {
    x1: "x₁", x2: "x₂", x12: "x₁²", x22: "x₂²", x1x2: "x₁·x₂", sinx1: "sin x₁", sinx2: "sin x₂",
  };
  const FEATURE_FN = {
    x1: (a) => a, x2: (a, b) => b, x12: (a) => a * a, x22: (a, b) => b * b,
    x1x2: (a, b) => a * b, sinx1: (a) => Math.sin(a), sinx2: (a, b) => Math.sin(b),
  };
  const featureLabel = (name) => FEATURE_LABEL[featureKey(name)] || String(name);

  // ---- the controls -----------------------------------------------------------------------

  const DEDICATED = [
    "engine", "loss", "opt", "lr", "batch", "init", "l1", "l2", "dropout", "seed",
    "dataset", "noise", "test_fraction", "points", "features", "hidden", "act",
  ];

  function optimizerParams(name) {
    const params = (options.optimizers && options.optimizers[name]) || {};
    return Object.keys(params).filter((k) => k !== "lr");
  }

  function allOptimizerParams() {
    const keys = new Set();
    for (const name of Object.keys(options.optimizers || {})) optimizerParams(name).forEach((k) => keys.add(k));
    return keys;
  }

  function fillSelect(select, values, prefix) {
    select.textContent = "";
    const titles = (options && options.titles) || {};
    for (const v of values) {
      const o = document.createElement("option");
      o.value = v;
      o.textContent = pretty(v);
      if (prefix && titles[`${prefix}:${v}`]) o.title = titles[`${prefix}:${v}`];
      select.appendChild(o);
    }
  }

  function limitText(limit, key) {
    if (limit === undefined || limit === null) return "";
    if (key === "lr" && Array.isArray(limit)) return `(${limit[0]}, ${limit[1]}]`;
    if (Array.isArray(limit)) return `${limit[0]}–${limit[1]}`;
    if (typeof limit === "object") {
      if ("min" in limit && "max" in limit) return `${limit.min}–${limit.max}`;
      if ("max" in limit) return `≤ ${limit.max}`;
      return "";
    }
    return `≤ ${limit}`;
  }

  function buildControls() {
    const d = options.defaults || {};
    const engines = [...(options.engines || ["cybenko"])];
    if (engines.includes("torch") && !engines.includes("both")) engines.push("both");
    fillSelect($("engine"), engines);
    fillSelect($("loss"), options.losses || [], "loss");
    fillSelect($("opt"), Object.keys(options.optimizers || {}));
    fillSelect($("init"), options.inits || [], "init");

    // Hide the controls whose setting the server does not know; show the ones it has that
    // this page has no dedicated control for as plain fields, so nothing is out of reach.
    for (const el of document.querySelectorAll("[data-key]")) {
      const key = el.dataset.key;
      if (!(key in d)) el.closest(".ctl").hidden = true;
    }
    const known = new Set([...DEDICATED, ...allOptimizerParams()]);
    const other = $("other-settings");
    for (const key of Object.keys(d)) {
      if (known.has(key)) continue;
      other.appendChild(textControl(key, key));
    }
    for (const el of document.querySelectorAll("[data-limit]")) {
      el.textContent = limitText((options.limits || {})[el.dataset.limit], el.dataset.limit);
      el.title = "the limits the server accepts";
    }
    const lim = options.limits || {};
    $("network-limits").textContent =
      `(up to ${limitText(lim.layers).replace("≤ ", "") || "?"} hidden layers, ` +
      `${limitText(lim.neurons).replace("≤ ", "") || "?"} neurons each)`;

    // the datasets, as buttons
    const box = $("datasets");
    for (const ds of options.datasets || []) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "dataset";
      b.dataset.name = ds.name;
      b.setAttribute("role", "radio");
      b.title = `${ds.title || ds.name} (${ds.kind === "regress" ? "regression" : "classification"})`;
      b.innerHTML = "";
      const name = document.createElement("span");
      name.textContent = SHORT_DATASET[ds.name] || (ds.title || ds.name).split(":")[0];
      const kind = document.createElement("small");
      const course = ds.name.startsWith("dnnex") ? "course CSV, " : "";
      kind.textContent = `${course}${ds.dims === 1 ? "1-D " : ""}${ds.kind === "regress" ? "regression" : "classes"}`;
      b.append(name, kind);
      b.addEventListener("click", () => {
        const patch = { dataset: ds.name };
        const before = datasetInfo(settings.dataset);
        if (!before || before.kind !== ds.kind) patch.loss = ds.kind === "regress" ? "mse" : "bce";
        change(patch);
      });
      box.appendChild(b);
    }

    // the input features, as toggles with a small picture of each
    const fbox = $("features");
    for (const f of options.features || []) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "feature";
      b.dataset.name = f;
      b.setAttribute("aria-pressed", "false");
      b.title = `feed ${featureLabel(f)} into the network`;
      const c = document.createElement("canvas");
      c.width = 24;
      c.height = 24;
      const label = document.createElement("span");
      label.textContent = featureLabel(f);
      b.append(c, label);
      drawFeatureThumb(c, f, [-6, 6, -6, 6]);
      b.addEventListener("click", () => {
        const now = list(settings.features);
        const next = now.includes(f) ? now.filter((x) => x !== f) : [...now, f];
        const ordered = (options.features || []).filter((x) => next.includes(x));
        change({ features: ordered.join(",") });
      });
      fbox.appendChild(b);
    }

    // fields and selects: a change is sent when the field is left or Enter is pressed
    for (const el of document.querySelectorAll("#trainbar [data-key], #problem [data-key]")) {
      el.addEventListener("change", () => change({ [el.dataset.key]: el.value.trim() }));
    }
    for (const [range, key] of [["noise-range", "noise"], ["test_fraction-range", "test_fraction"]]) {
      $(range).addEventListener("input", () => ($(key).value = $(range).value));
      $(range).addEventListener("change", () => change({ [key]: $(range).value }));
    }

    $("add-layer").addEventListener("click", () => {
      const sizes = list(settings.hidden);
      const acts = list(settings.act);
      const max = Number((options.limits || {}).layers) || 6;
      if (sizes.length >= max) return say(`at most ${max} hidden layers`, "warn");
      sizes.push(sizes.length ? sizes[sizes.length - 1] : "4");
      acts.push(acts.length ? acts[acts.length - 1] : (options.activations || ["tanh"])[0]);
      change({ hidden: sizes.join(","), act: acts.join(",") });
    });
    $("remove-layer").addEventListener("click", () => {
      const sizes = list(settings.hidden);
      const acts = list(settings.act);
      if (!sizes.length) return;
      sizes.pop();
      acts.pop();
      change({ hidden: sizes.join(","), act: acts.join(",") });
    });
    $("hidden-sizes").addEventListener("change", () => {
      const sizes = list($("hidden-sizes").value.replace(/\s+/g, ""));
      const acts = list(settings.act);
      while (acts.length < sizes.length) acts.push(acts.length ? acts[acts.length - 1] : "tanh");
      change({ hidden: sizes.join(","), act: acts.slice(0, sizes.length).join(","), typedSizes: 1 });
    });

    for (const key of VIEW_KEYS) {
      $(key).addEventListener("change", () => {
        view[key] = $(key).checked ? "1" : "0";
        writeURL();
        draw();
      });
    }

    $("play").addEventListener("click", () => control(playing ? "pause" : "play"));
    $("step").addEventListener("click", () => control("step"));
    $("reset").addEventListener("click", () => control("reset"));
    $("show-graph").addEventListener("click", showGraph);
    $("close-graph").addEventListener("click", () => ($("graph-panel").hidden = true));
    $("save-png").addEventListener("click", savePNG);
    $("copy-link").addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(location.href);
        say("The address is copied: it holds every setting.");
      } catch (e) {
        say(`Share this address: ${location.href}`);
      }
    });
    document.addEventListener("keydown", (e) => {
      if (e.target.closest("input, select, textarea")) return;
      if (e.key === " ") {
        e.preventDefault();
        control(playing ? "pause" : "play");
      } else if (e.key === "Escape") $("graph-panel").hidden = true;
    });
    setupHover();
  }

  function datasetInfo(name) {
    return (options.datasets || []).find((x) => x.name === name);
  }

  function textControl(key, labelText) {
    const div = document.createElement("div");
    div.className = "ctl";
    const id = `set-${key}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = labelText.replace(/_/g, " ");
    const input = document.createElement("input");
    input.id = id;
    input.type = "text";
    input.size = 6;
    input.dataset.key = key;
    input.addEventListener("change", () => change({ [key]: input.value.trim() }));
    const err = document.createElement("span");
    err.className = "err";
    err.dataset.errorFor = key;
    div.append(label, input, err);
    return div;
  }

  function checkControl(key, labelText) {
    const div = document.createElement("div");
    div.className = "ctl check";
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.dataset.key = key;
    input.dataset.check = "1";
    input.addEventListener("change", () => change({ [key]: input.checked ? "true" : "false" }));
    const err = document.createElement("span");
    err.className = "err";
    err.dataset.errorFor = key;
    label.append(input, ` ${labelText.replace(/_/g, " ")}`);
    div.append(label, err);
    return div;
  }

  // The optimizer's own hyper-parameters, generated from /api/options.
  function buildOptimizerParams() {
    const box = $("opt-params");
    box.textContent = "";
    const params = (options.optimizers || {})[settings.opt] || {};
    for (const key of optimizerParams(settings.opt)) {
      const isBool = typeof params[key] === "boolean";
      box.appendChild(isBool ? checkControl(key, key) : textControl(key, key));
    }
  }

  // Put every setting into its control.
  function showSettings() {
    if (!$("opt-params").dataset.opt || $("opt-params").dataset.opt !== settings.opt) {
      buildOptimizerParams();
      $("opt-params").dataset.opt = settings.opt;
    }
    for (const el of document.querySelectorAll("[data-key]")) {
      const v = settings[el.dataset.key];
      if (el.dataset.check) el.checked = v === "true" || v === "1";
      else if (document.activeElement !== el || el.tagName === "SELECT") el.value = v ?? "";
    }
    $("noise-range").value = settings.noise;
    $("test_fraction-range").value = settings.test_fraction;
    for (const b of document.querySelectorAll(".dataset")) {
      b.setAttribute("aria-checked", String(b.dataset.name === settings.dataset));
    }
    const active = list(settings.features);
    const oneInput = (datasetInfo(settings.dataset) || {}).dims === 1;
    for (const b of document.querySelectorAll(".feature")) {
      b.setAttribute("aria-pressed", String(active.includes(b.dataset.name)));
      const unused = oneInput && b.dataset.name.includes("x2");
      b.classList.toggle("unused", unused);
      b.title = unused
        ? "this dataset has one input, x1: features of x2 are left out"
        : `feed ${featureLabel(b.dataset.name)} into the network`;
    }
    for (const key of VIEW_KEYS) $(key).checked = view[key] === "1";
    $("layer-count").textContent = list(settings.hidden).length;
    $("hidden-sizes").value = settings.hidden;
    const ds = datasetInfo(settings.dataset);
    $("discretize").parentElement.hidden = ds && ds.kind === "regress";
    exposed.settings = { ...settings };
    layoutLayerControls();
  }

  // ---- the URL ----------------------------------------------------------------------------

  function readURL() {
    const q = new URLSearchParams(location.search);
    const known = new Set([...Object.keys(options.defaults || {}), ...allOptimizerParams()]);
    const fromURL = {};
    for (const [k, v] of q) {
      if (VIEW_KEYS.includes(k)) view[k] = v;
      else if (known.has(k)) fromURL[k] = v;
    }
    return fromURL;
  }

  // The address holds the running settings as the server writes them (its canonical query),
  // then the page's own view switches.
  function writeURL() {
    let query = canonicalQuery;
    if (!query) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(good)) q.set(k, v);
      query = q.toString().replace(/%2C/g, ",");
    }
    const viewPart = VIEW_KEYS.map((k) => `${k}=${view[k]}`).join("&");
    history.replaceState(null, "", `${location.pathname}?${query}&${viewPart}`);
  }

  function settingsFromQuery(query) {
    const out = {};
    for (const [k, v] of new URLSearchParams(query)) out[k] = v;
    return out;
  }

  function defaultsOf(opt) {
    const out = {};
    for (const [k, v] of Object.entries(options.defaults || {})) out[k] = asText(v);
    const params = (options.optimizers || {})[opt || out.opt] || {};
    for (const [k, v] of Object.entries(params)) if (k !== "lr") out[k] = asText(v);
    return out;
  }

  // The body sent to the server: the settings, with only the chosen optimizer's parameters.
  function bodyOf(s) {
    const others = allOptimizerParams();
    const mine = new Set(optimizerParams(s.opt));
    const out = {};
    for (const [k, v] of Object.entries(s)) if (!others.has(k) || mine.has(k)) out[k] = v;
    return out;
  }

  // ---- errors next to fields ----------------------------------------------------------------

  function clearErrors() {
    for (const el of document.querySelectorAll(".err")) el.textContent = "";
    for (const el of document.querySelectorAll(".invalid")) el.classList.remove("invalid");
  }

  function showError(data, lead = "Not applied") {
    const message = (data && data.error) || "the server refused these settings";
    const field = data && data.field;
    const spot = field && document.querySelector(`.err[data-error-for="${CSS.escape(field)}"]`);
    clearErrors();
    if (spot && !spot.closest("[hidden]")) {
      spot.textContent = message;
      const input = document.querySelector(`[data-key="${CSS.escape(field)}"]`);
      if (input) input.classList.add("invalid");
      if (field === "hidden") $("hidden-sizes").classList.add("invalid");
    }
    say(`${lead}${field ? ` (${field})` : ""}: ${message}. The last good run goes on.`, "error");
  }

  // After a refusal the settings go back to the running run's, so the next change is judged
  // on its own; a typed value stays in its field, marked, until it is corrected.
  function revert(patch) {
    const typed = {};
    for (const key of Object.keys(patch)) {
      const el = document.querySelector(`[data-key="${CSS.escape(key)}"]`);
      if (el && el.tagName === "INPUT" && el.type === "text") typed[key] = el.value;
      if (key in good) settings[key] = good[key];
    }
    const typedSizes = $("hidden-sizes").value;
    showSettings();
    for (const [key, value] of Object.entries(typed)) {
      document.querySelector(`[data-key="${CSS.escape(key)}"]`).value = value;
    }
    if (patch.typedSizes) $("hidden-sizes").value = typedSizes;
  }

  // ---- talking to the server ----------------------------------------------------------------

  function enqueue(task) {
    queue = queue.then(task, task);
    return queue;
  }

  // Changes and controls waiting or on their way (polls not counted): idle() is true when
  // what the page shows is what the server has, which tests wait for.
  let pending = 0;
  function enqueueChange(task) {
    pending++;
    return enqueue(async () => {
      try {
        await task();
      } finally {
        pending--;
      }
    });
  }
  exposed.idle = () => pending === 0 && sessionId !== null;

  // A change of one or more settings: sent to the server, which rebuilds the run; on a 400
  // the message goes next to the field and the running session is left as it was.
  function change(patch) {
    for (const [k, v] of Object.entries(patch)) if (k !== "typedSizes") settings[k] = v;
    if ("opt" in patch) {
      // the new optimizer's hyper-parameters start at its defaults
      for (const k of allOptimizerParams()) delete settings[k];
      const params = (options.optimizers || {})[settings.opt] || {};
      for (const [k, v] of Object.entries(params)) if (k !== "lr") settings[k] = asText(v);
    }
    showSettings();
    return enqueueChange(() => applySettings(patch));
  }

  async function applySettings(patch = {}) {
    if (!sessionId) return createSession();
    generation++;
    const wasPlaying = playing;
    const r = await api("POST", `/api/session/${sessionId}/settings`, bodyOf(settings));
    if (r.status === 404) return createSession();
    if (!r.ok) {
      showError(r.data);
      revert(patch);
      return;
    }
    accepted(r.data && r.data.query);
    if (r.data && typeof r.data === "object" && "step" in r.data) takeSnapshot(r.data, true);
    await refresh(true);
    if (wasPlaying && !playing) await control("play", true);
  }

  // The server took the settings: `query` is how it writes them (numbers made plain).
  function accepted(query) {
    canonicalQuery = query || "";
    if (query) {
      const fromServer = settingsFromQuery(query);
      settings = { ...settings, ...fromServer };
    }
    good = { ...settings };
    showSettings();
    clearErrors();
    say("");
    writeURL();
    points = null;
  }

  async function createSession() {
    generation++;
    let r = await api("POST", "/api/session", bodyOf(settings));
    let refused = null;
    let running = settings;
    if (r.status === 400) {
      // the address held a value the server refuses: say so, run the defaults meanwhile
      refused = r.data;
      running = defaultsOf();
      r = await api("POST", "/api/session", bodyOf(running));
    }
    if (!r.ok || !r.data || !r.data.id) {
      say(`Could not start a session: ${(r.data && r.data.error) || r.status}`, "error");
      return;
    }
    const shown = settings;
    settings = running;
    accepted(r.data.query);
    if (refused) settings = shown;
    if (refused) {
      showSettings();
      showError(refused, "The address holds a value the server refuses; running the defaults");
    }
    sessionId = r.data.id;
    exposed.sessionId = sessionId;
    playing = false;
    $("export-model").href = `/api/session/${sessionId}/export/model.safetensors`;
    $("export-script").href = `/api/session/${sessionId}/export/script.py`;
    await refresh(true);
    exposed.ready = true;
  }

  async function control(action, quiet) {
    const task = async () => {
      if (!sessionId) return;
      generation++;
      const body = { action };
      const r = await api("POST", `/api/session/${sessionId}/control`, body);
      if (r.status === 404) return createSession();
      if (!r.ok) return say((r.data && r.data.error) || `${action} failed`, "error");
      if (action === "reset") points = null;
      if (r.data && typeof r.data === "object" && "step" in r.data) {
        takeSnapshot(r.data, true);
      }
      if (action === "play") playing = true;
      if (action === "pause" || action === "step") playing = action === "step" ? playing : false;
      showPlaying();
      if (points === null) await refresh(true);
      if (wakePoll) wakePoll();
    };
    return quiet ? task() : enqueueChange(task);
  }

  function showPlaying() {
    const b = $("play");
    b.setAttribute("aria-label", playing ? "pause" : "play");
    b.classList.toggle("playing", playing);
  }

  // One snapshot: with the points when the data changed.
  async function refresh(withPoints) {
    if (!sessionId) return;
    const gen = generation;
    const want = withPoints || points === null;
    const asked = performance.now();
    const r = await api("GET", `/api/session/${sessionId}/state${want ? "?points=1" : ""}`);
    exposed.fetchMs = performance.now() - asked;
    if (r.status === 404) {
      say("The session ended (the page was away too long); starting a new one.", "info");
      sessionId = null;
      return createSession(); // already inside the queue
    }
    if (!r.ok || !r.data) return;
    if (gen !== generation) return; // a change happened meanwhile: this reply is out of date
    takeSnapshot(r.data, false);
  }

  function takeSnapshot(snap, fromControl) {
    snapshot = snap;
    if (snap.points) points = snap.points;
    if (!fromControl) playing = !!snap.running;
    exposed.snapshot = snap;
    exposed.updates += 1;
    showPlaying();
    draw();
  }

  async function pollLoop() {
    for (;;) {
      const started = performance.now();
      if (sessionId && playing) await enqueue(() => refresh(false));
      else if (sessionId && performance.now() - (pollLoop.last || 0) > IDLE_POLL_MS) {
        pollLoop.last = performance.now();
        await enqueue(() => refresh(false));
      }
      const wait = (playing ? POLL_MS : 250) - (performance.now() - started);
      await sleep(Math.max(0, wait));
    }
  }

  // ---- drawing --------------------------------------------------------------------------------

  function draw() {
    if (!snapshot) return;
    const began = performance.now();
    drawAll();
    exposed.drawMs = performance.now() - began;
  }

  function drawAll() {
    $("step-count").textContent = snapshot.step ?? 0;
    $("epoch-count").textContent = snapshot.epoch ?? 0;
    drawNumbers();
    drawLossChart();
    drawRegions();
    drawNetwork();
    if (snapshot.message && $("message").className !== "error") say(snapshot.message, "warn");
  }

  function engineNames() {
    return Object.keys((snapshot && snapshot.loss) || {});
  }

  function drawNumbers() {
    const body = $("loss-table").tBodies[0];
    body.textContent = "";
    const names = engineNames();
    for (const name of names) {
      const curves = snapshot.loss[name] || {};
      const last = (a) => (a && a.length ? a[a.length - 1] : null);
      let train = last(curves.train);
      let test = last(curves.test);
      if (names.length === 1 && snapshot.last) {
        train = snapshot.last.train;
        test = snapshot.last.test;
      }
      const tr = document.createElement("tr");
      tr.dataset.engine = name;
      tr.innerHTML = `<th><span class="dot" style="background:${ENGINE_COLOURS[name] ? ENGINE_COLOURS[name][0] : "#555"}"></span>${pretty(name)}</th>`;
      for (const [cls, v] of [["train-loss", train], ["test-loss", test]]) {
        const td = document.createElement("td");
        td.className = cls;
        td.textContent = formatLoss(v);
        td.dataset.value = v === null || v === undefined ? "" : String(v);
        td.title = td.dataset.value;
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
  }

  function drawLossChart() {
    const canvas = $("loss-chart");
    const W = 340;
    const H = 120;
    const ctx = fitCanvas(canvas, W, H);
    ctx.clearRect(0, 0, W, H);
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, W, H);
    const log = view.log_loss === "1";
    const f = (v) => (log ? Math.log10(Math.max(v, 1e-8)) : v);
    const series = [];
    for (const name of engineNames()) {
      const c = snapshot.loss[name] || {};
      const steps = c.steps || snapshot.loss.steps || (c.train || []).map((_, i) => i);
      const colours = ENGINE_COLOURS[name] || ["#333", "#999"];
      series.push({ ys: c.test || [], xs: steps, colour: colours[0], width: 2, label: `${pretty(name)} test` });
      series.push({ ys: c.train || [], xs: steps, colour: colours[1], width: 1.5, label: `${pretty(name)} train` });
    }
    let xmax = 1;
    let ymin = Infinity;
    let ymax = -Infinity;
    for (const s of series) {
      for (let i = 0; i < s.ys.length; i++) {
        const y = s.ys[i];
        if (y === null || !Number.isFinite(y)) continue;
        ymin = Math.min(ymin, f(y));
        ymax = Math.max(ymax, f(y));
        xmax = Math.max(xmax, s.xs[i] ?? i);
      }
    }
    const L = 38;
    const R = 6;
    const T = 8;
    const B = 18;
    ctx.strokeStyle = "#d8dde3";
    ctx.lineWidth = 1;
    ctx.strokeRect(L + 0.5, T + 0.5, W - L - R, H - T - B);
    if (!Number.isFinite(ymin)) {
      ctx.fillStyle = "#7a8794";
      ctx.font = "12px system-ui, sans-serif";
      ctx.fillText("press play: the loss curves appear here", L + 12, H / 2);
    } else {
      if (!log) ymin = Math.min(0, ymin);
      if (ymax - ymin < 1e-9) ymax = ymin + 1;
      const X = (x) => L + ((W - L - R) * x) / xmax;
      const Y = (y) => T + (H - T - B) * (1 - (f(y) - ymin) / (ymax - ymin));
      for (const s of series) {
        ctx.strokeStyle = s.colour;
        ctx.lineWidth = s.width;
        ctx.beginPath();
        let pen = false;
        for (let i = 0; i < s.ys.length; i++) {
          const y = s.ys[i];
          if (y === null || !Number.isFinite(y)) {
            pen = false;
            continue;
          }
          const px = X(s.xs[i] ?? i);
          const py = Y(y);
          if (pen) ctx.lineTo(px, py);
          else ctx.moveTo(px, py);
          pen = true;
        }
        ctx.stroke();
      }
      ctx.fillStyle = "#5b6875";
      ctx.font = "10px system-ui, sans-serif";
      ctx.textAlign = "right";
      const top = log ? 10 ** ymax : ymax;
      const bottom = log ? 10 ** ymin : ymin;
      ctx.fillText(top.toPrecision(2), L - 4, T + 8);
      ctx.fillText(bottom.toPrecision(2), L - 4, H - B);
      ctx.textAlign = "left";
      ctx.fillText("0", L, H - 5);
      ctx.textAlign = "right";
      ctx.fillText(`step ${xmax}`, W - R, H - 5);
      ctx.textAlign = "left";
    }
    const legend = $("loss-legend");
    legend.textContent = "";
    for (const s of series) {
      const span = document.createElement("span");
      span.innerHTML = `<i style="background:${s.colour}"></i>${s.label}`;
      legend.appendChild(span);
    }
  }

  const REG_SIZE = 340;

  function classColour(label) {
    const extra = [[46, 160, 67], [207, 34, 46], [130, 80, 223], [90, 90, 90]];
    if (label <= 0) return NEG;
    if (label === 1) return POS;
    return extra[(label - 2) % extra.length];
  }

  function drawRegions() {
    const canvas = $("regions");
    const ctx = fitCanvas(canvas, REG_SIZE, REG_SIZE);
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, REG_SIZE, REG_SIZE);
    if (snapshot.curve) {
      drawCurve(ctx);
      return;
    }
    const reg = snapshot.regions;
    if (!reg || !reg.values) return;
    const discrete = view.discretize === "1";
    const img = gridImage(reg.values, reg.size, (p) => {
      const t = discrete ? (p >= 0.5 ? 0.7 : -0.7) : 2 * p - 1;
      return signedColour(t * 0.85);
    });
    ctx.imageSmoothingEnabled = !discrete;
    ctx.drawImage(img, 0, 0, REG_SIZE, REG_SIZE);
    const [x0, x1, y0, y1] = reg.extent;
    const X = (x) => ((x - x0) / (x1 - x0)) * REG_SIZE;
    const Y = (y) => (1 - (y - y0) / (y1 - y0)) * REG_SIZE;
    if (points) {
      const sets = [["train", "#fff"]];
      if (view.show_test === "1") sets.push(["test", "#111"]);
      for (const [which, edge] of sets) {
        for (const p of points[which] || []) {
          ctx.beginPath();
          ctx.arc(X(p[0]), Y(p[1]), 3.2, 0, 2 * Math.PI);
          ctx.fillStyle = rgb(classColour(p[p.length - 1]));
          ctx.fill();
          ctx.lineWidth = 1;
          ctx.strokeStyle = edge;
          ctx.stroke();
        }
      }
    }
    drawAxes(ctx, x0, x1, y0, y1, "x₁", "x₂");
  }

  function drawAxes(ctx, x0, x1, y0, y1, xl, yl) {
    ctx.fillStyle = "rgba(40,50,60,0.75)";
    ctx.font = "10px system-ui, sans-serif";
    ctx.textAlign = "left";
    ctx.fillText(`${xl} ${+x0.toFixed(2)}`, 3, REG_SIZE - 4);
    ctx.textAlign = "right";
    ctx.fillText(`${+x1.toFixed(2)}`, REG_SIZE - 3, REG_SIZE - 4);
    ctx.fillText(`${yl} ${+y1.toFixed(2)}`, REG_SIZE - 3, 11);
    ctx.textAlign = "left";
  }

  function drawCurve(ctx) {
    const curve = snapshot.curve || { x: [], y: [] };
    const xy = (p) => [p[0], p[p.length - 1]];
    const all = [];
    const sets = [["train", [120, 130, 140]]];
    if (view.show_test === "1") sets.push(["test", NEG]);
    if (points) for (const [w] of sets) for (const p of points[w] || []) all.push(xy(p));
    curve.x.forEach((x, i) => all.push([x, curve.y[i]]));
    if (!all.length) return;
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const [x, y] of all) {
      if (!Number.isFinite(y)) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
    const pad = (y1 - y0) * 0.08 || 1;
    y0 -= pad;
    y1 += pad;
    const X = (x) => 6 + ((x - x0) / (x1 - x0 || 1)) * (REG_SIZE - 12);
    const Y = (y) => 6 + (1 - (y - y0) / (y1 - y0)) * (REG_SIZE - 12);
    if (points) {
      for (const [which, colour] of sets) {
        ctx.fillStyle = rgb(colour, which === "train" ? 0.55 : 0.8);
        for (const p of points[which] || []) {
          const [x, y] = xy(p);
          ctx.beginPath();
          ctx.arc(X(x), Y(y), 2.2, 0, 2 * Math.PI);
          ctx.fill();
        }
      }
    }
    ctx.strokeStyle = rgb(POS);
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    curve.x.forEach((x, i) => (i ? ctx.lineTo(X(x), Y(curve.y[i])) : ctx.moveTo(X(x), Y(curve.y[i]))));
    ctx.stroke();
    drawAxes(ctx, x0, x1, y0, y1, "x", "y");
  }

  // ---- the network --------------------------------------------------------------------------------

  const NET = { W: 600, H: 440, top: 8, left: 62, right: 62 };
  let netLayout = null; // where each neuron was drawn, for the hover card

  function plannedLayers() {
    const n = snapshot && snapshot.network;
    const hidden = list(settings.hidden).map(Number);
    const inputs = n ? n.layers[0] : list(settings.features).length;
    const outputs = n ? n.layers[n.layers.length - 1] : 1;
    return [inputs, ...hidden, outputs];
  }

  function columnX(i, count) {
    const usable = NET.W - NET.left - NET.right;
    return count === 1 ? NET.left : NET.left + (usable * i) / (count - 1);
  }

  function boxSize(n) {
    const s = (NET.H - NET.top - 6) / (n * 1.22);
    return Math.max(4, Math.min(34, s));
  }

  function layoutLayerControls() {
    const box = $("layer-controls");
    box.textContent = "";
    const sizes = list(settings.hidden);
    const acts = list(settings.act);
    const count = sizes.length + 2;
    const max = Number((options.limits || {}).neurons) || 64;
    const head = (i, text) => {
      const div = document.createElement("div");
      div.className = "layer-ctl io";
      div.style.left = `${columnX(i, count) - 60}px`;
      div.textContent = text;
      box.appendChild(div);
    };
    head(0, "inputs");
    sizes.forEach((size, i) => {
      const div = document.createElement("div");
      div.className = "layer-ctl";
      div.style.left = `${columnX(i + 1, count) - 60}px`;
      div.dataset.layer = String(i);
      const minus = document.createElement("button");
      minus.textContent = "−";
      minus.title = `one neuron fewer in hidden layer ${i + 1}`;
      minus.className = "neuron-minus";
      const plus = document.createElement("button");
      plus.textContent = "+";
      plus.title = `one neuron more in hidden layer ${i + 1} (at most ${max})`;
      plus.className = "neuron-plus";
      const n = document.createElement("span");
      n.className = "neuron-count";
      n.textContent = `${size} neuron${size === "1" ? "" : "s"}`;
      const set = (delta) => {
        const next = list(settings.hidden);
        const v = Number(next[i]) + delta;
        if (v < 1 || v > max) return say(`a hidden layer has 1 to ${max} neurons`, "warn");
        next[i] = String(v);
        change({ hidden: next.join(",") });
      };
      minus.addEventListener("click", () => set(-1));
      plus.addEventListener("click", () => set(+1));
      const sel = document.createElement("select");
      sel.className = "act";
      sel.title = `activation of hidden layer ${i + 1}`;
      sel.setAttribute("aria-label", `activation of hidden layer ${i + 1}`);
      fillSelect(sel, options.activations || [], "act");
      sel.value = acts[i] || "";
      sel.addEventListener("change", () => {
        const next = list(settings.act);
        while (next.length < sizes.length) next.push(sel.value);
        next[i] = sel.value;
        change({ act: next.join(",") });
      });
      const row = document.createElement("div");
      row.append(minus, n, plus);
      div.append(row, sel);
      box.appendChild(div);
    });
    head(count - 1, "output");
  }

  function drawNetwork() {
    const canvas = $("network");
    const area = $("network-area");
    NET.W = Math.max(420, Math.min(640, area.clientWidth || 600));
    const ctx = fitCanvas(canvas, NET.W, NET.H);
    ctx.clearRect(0, 0, NET.W, NET.H);
    const net = snapshot.network;
    if (!net) return;
    const layers = net.layers;
    const planned = plannedLayers();
    const count = layers.length;
    if (planned.length !== count) layoutLayerControls();
    const boxes = layers.map((n, i) => {
      const s = boxSize(n);
      const x = columnX(i, count) - s / 2;
      return Array.from({ length: n }, (_, k) => ({ x, y: NET.top + k * s * 1.22, s, layer: i, k }));
    });
    // the edges, thin ones first
    let wmax = 1e-9;
    for (const W of net.weights || []) for (const row of W) for (const w of row) wmax = Math.max(wmax, Math.abs(w));
    const edges = [];
    (net.weights || []).forEach((W, l) => {
      W.forEach((row, j) => {
        row.forEach((w, i) => {
          const a = boxes[l][i];
          const b = boxes[l + 1] && boxes[l + 1][j];
          if (a && b) edges.push([Math.abs(w) / wmax, w, a, b]);
        });
      });
    });
    // Edges are stroked in a few bands of |w| (one path per band and sign), thin bands
    // first: a 64-64 layer has 4096 edges, and one stroke each is too slow to redraw live.
    const dense = edges.length > 600;
    const BANDS = 12;
    const paths = Array.from({ length: 2 * BANDS }, () => []);
    for (const e of edges) {
      const band = Math.min(BANDS - 1, Math.floor(e[0] * BANDS));
      paths[(e[1] >= 0 ? 0 : BANDS) + band].push(e);
    }
    for (let band = 0; band < BANDS; band++) {
      const m = (band + 0.5) / BANDS;
      for (const sign of [0, 1]) {
        const group = paths[sign * BANDS + band];
        if (!group.length) continue;
        ctx.strokeStyle = rgb(sign ? NEG : POS, (dense ? 0.08 : 0.2) + 0.75 * m);
        ctx.lineWidth = (dense ? 0.3 : 0.5) + (dense ? 2.5 : 5) * m;
        ctx.beginPath();
        for (const [, , a, b] of group) {
          const ax = a.x + a.s;
          const ay = a.y + a.s / 2;
          const bx = b.x;
          const by = b.y + b.s / 2;
          const mid = (ax + bx) / 2;
          ctx.moveTo(ax, ay);
          ctx.bezierCurveTo(mid, ay, mid, by, bx, by);
        }
        ctx.stroke();
      }
    }
    // the neurons: each one's output over the plane
    const maps = net.neurons || [];
    boxes.forEach((col, l) => {
      col.forEach((b) => {
        const values = maps[l] && maps[l][b.k];
        if (values && values.length) {
          drawNeuron(ctx, values, l, b.x, b.y, b.s);
        } else {
          ctx.fillStyle = "#eef1f4";
          ctx.fillRect(b.x, b.y, b.s, b.s);
        }
        ctx.strokeStyle = "#9aa6b2";
        ctx.lineWidth = 0.8;
        ctx.strokeRect(b.x + 0.4, b.y + 0.4, b.s - 0.8, b.s - 0.8);
      });
    });
    // the input names
    ctx.fillStyle = "#34414e";
    ctx.font = "12px system-ui, sans-serif";
    ctx.textAlign = "right";
    (net.inputs || []).forEach((name, k) => {
      const b = boxes[0][k];
      if (b) ctx.fillText(featureLabel(name), b.x - 5, b.y + b.s / 2 + 4);
    });
    ctx.textAlign = "left";
    netLayout = boxes;
  }

  // One neuron's output map drawn into (x, y, side): a square heat map over the plane, or
  // for 1-D problems a stripe along x with the curve over it.
  function drawNeuron(ctx, values, layer, x, y, side) {
    const net = snapshot.network;
    const oneD = net.grid && net.grid.dims === 1;
    const last = net.layers.length - 1;
    const probability = layer === last && ["bce", "ce"].includes(good.loss);
    let vmax = 1;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) {
      if (!Number.isFinite(v)) continue;
      vmax = Math.max(vmax, Math.abs(v));
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const colour = (v) =>
      signedColour(!Number.isFinite(v) ? 0 : probability ? 2 * v - 1 : v / vmax);
    const size = oneD ? values.length : Math.round(Math.sqrt(values.length));
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(gridImage(values, size, colour, oneD ? 1 : size), x, y, side, side);
    if (oneD && side >= 12 && hi > lo) {
      ctx.strokeStyle = "rgba(31,45,61,0.8)";
      ctx.lineWidth = 1;
      ctx.beginPath();
      values.forEach((v, i) => {
        const px = x + ((i + 0.5) / values.length) * side;
        const py = y + side - 2 - ((v - lo) / (hi - lo)) * (side - 4);
        if (i) ctx.lineTo(px, py);
        else ctx.moveTo(px, py);
      });
      ctx.stroke();
    }
    return [lo, hi];
  }

  function setupHover() {
    const canvas = $("network");
    const card = $("hovercard");
    canvas.addEventListener("mousemove", (e) => {
      if (!netLayout || !snapshot || !snapshot.network) return;
      const rect = canvas.getBoundingClientRect();
      const x = e.clientX - rect.left;
      const y = e.clientY - rect.top;
      let hit = null;
      for (const col of netLayout) for (const b of col) if (x >= b.x && x <= b.x + b.s && y >= b.y && y <= b.y + b.s) hit = b;
      if (!hit) {
        card.hidden = true;
        return;
      }
      const net = snapshot.network;
      const last = net.layers.length - 1;
      const acts = list(settings.act);
      let title;
      if (hit.layer === 0) title = `input ${featureLabel((net.inputs || [])[hit.k] || hit.k)}`;
      else if (hit.layer === last) title = "output";
      else title = `hidden layer ${hit.layer}, neuron ${hit.k + 1} (${pretty(acts[hit.layer - 1] || "")})`;
      const bias = hit.layer > 0 && net.biases && net.biases[hit.layer - 1] ? net.biases[hit.layer - 1][hit.k] : null;
      card.textContent = "";
      const h = document.createElement("div");
      h.textContent = title + (bias !== null && bias !== undefined ? `, bias ${bias.toFixed(3)}` : "");
      const big = document.createElement("canvas");
      big.width = 120;
      big.height = 120;
      const values = (net.neurons[hit.layer] || [])[hit.k];
      if (values) {
        const [lo, hi] = drawNeuron(big.getContext("2d"), values, hit.layer, 0, 0, 120);
        const note = document.createElement("small");
        note.textContent = `output from ${lo.toFixed(2)} to ${hi.toFixed(2)}`;
        card.append(h, big, note);
      } else card.append(h);
      card.style.left = `${Math.min(hit.x + hit.s + 10, NET.W - 140)}px`;
      card.style.top = `${Math.max(0, hit.y + 40)}px`;
      card.hidden = false;
    });
    canvas.addEventListener("mouseleave", () => (card.hidden = true));
  }

  function drawFeatureThumb(canvas, name, extent) {
    const fn = FEATURE_FN[featureKey(name)];
    if (!fn) return;
    const n = 24;
    const [x0, x1, y0, y1] = extent;
    const values = [];
    let vmax = 1e-9;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const v = fn(x0 + ((x1 - x0) * (c + 0.5)) / n, y1 - ((y1 - y0) * (r + 0.5)) / n);
        values.push(v);
        vmax = Math.max(vmax, Math.abs(v));
      }
    }
    canvas.getContext("2d").drawImage(gridImage(values, n, (v) => signedColour(v / vmax)), 0, 0);
  }

  // ---- the autograd graph, PNG ------------------------------------------------------------------

  async function showGraph() {
    if (!sessionId) return;
    const panel = $("graph-panel");
    const body = $("graph-body");
    body.textContent = "drawing the graph…";
    panel.hidden = false;
    const r = await fetch(`/api/session/${sessionId}/graph`).catch(() => null);
    if (!r || !r.ok) {
      const data = r ? await r.json().catch(() => null) : null;
      body.textContent = (data && data.error) || "the graph could not be drawn";
      return;
    }
    const blob = await r.blob();
    const img = document.createElement("img");
    img.alt = "autograd graph of the current loss";
    img.src = URL.createObjectURL(blob);
    body.textContent = "";
    body.appendChild(img);
  }

  function settingsLine() {
    const s = good;
    const parts = [
      `dataset ${s.dataset}`, `features ${s.features}`, `hidden ${s.hidden || "none"} (${s.act})`,
      `loss ${s.loss}`, `${s.opt} lr ${s.lr}`, `batch ${s.batch}`, `seed ${s.seed}`,
    ];
    return parts.filter((p) => !p.includes("undefined")).join(" · ");
  }

  // The current view as one picture: the network, the regions and the curves, with numbers.
  function composeView() {
    const net = $("network");
    const reg = $("regions");
    const chart = $("loss-chart");
    const pad = 16;
    const width = NET.W + REG_SIZE + 3 * pad;
    const rows = $("loss-table").tBodies[0].rows.length;
    const height = 44 + Math.max(NET.H, REG_SIZE + 150 + 15 * rows) + pad;
    const out = document.createElement("canvas");
    out.width = width;
    out.height = height;
    const ctx = out.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = "#1f2d3d";
    ctx.font = "bold 15px system-ui, sans-serif";
    ctx.fillText(`cybenko playground, step ${snapshot ? snapshot.step : 0}`, pad, 22);
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillStyle = "#4a5866";
    ctx.fillText(settingsLine(), pad, 36);
    ctx.drawImage(net, pad, 44, NET.W, NET.H);
    const ox = NET.W + 2 * pad;
    ctx.drawImage(reg, ox, 44, REG_SIZE, REG_SIZE);
    ctx.drawImage(chart, ox, 44 + REG_SIZE + 10, 340, 120);
    ctx.fillStyle = "#1f2d3d";
    ctx.font = "12px system-ui, sans-serif";
    let y = 44 + REG_SIZE + 146;
    for (const tr of $("loss-table").tBodies[0].rows) {
      const [train, test] = [tr.querySelector(".train-loss"), tr.querySelector(".test-loss")];
      ctx.fillText(`${pretty(tr.dataset.engine)}: train ${train.textContent}, test ${test.textContent}`, ox, y);
      y += 15;
    }
    return out;
  }

  function savePNG() {
    const out = composeView();
    out.toBlob((blob) => {
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = `playground-step${snapshot ? snapshot.step : 0}.png`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 5000);
    }, "image/png");
  }
  exposed.composeView = () => composeView().toDataURL("image/png");

  // ---- start ------------------------------------------------------------------------------------

  async function start() {
    const r = await api("GET", "/api/options");
    if (!r.ok || !r.data) {
      say("The playground server does not answer /api/options.", "error");
      return;
    }
    options = r.data;
    exposed.options = options;
    const fromURL = readURL();
    const opt = fromURL.opt || asText((options.defaults || {}).opt);
    settings = { ...defaultsOf(opt), ...fromURL };
    buildControls();
    showSettings();
    await enqueue(() => createSession());
    pollLoop();
  }

  window.addEventListener("pagehide", () => {
    if (sessionId) navigator.sendBeacon(`/api/session/${sessionId}/close`);
  });
  window.addEventListener("pageshow", (e) => {
    // back from the back/forward cache: the old session was closed on pagehide
    if (e.persisted && options) {
      sessionId = null;
      enqueue(() => createSession());
    }
  });
  window.addEventListener("resize", () => {
    layoutLayerControls();
    draw();
  });
  start();
})();
