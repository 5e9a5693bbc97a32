// page.js -- the playground's script: it runs the WebAssembly module (the
// lesson kernels of one implementation, the trainer's surfaces, optimizer
// table and trajectory loop) and draws what it returns. Plain JavaScript, no
// library. docs/playground/README.md describes the module's interface, the
// URL settings (#surface=valley&a=momentum&a.lr=0.05...) and the test hook
// (#selftest:...).
"use strict";

// ---- What the controls offer ------------------------------------------------

// Lesson 09's schedule kinds, in the order of enum schedule_kind (lesson09.h).
const SCHEDULES = ["constant", "step", "exponential", "inverse-time", "cosine", "warmup",
                   "warmup-cosine", "inverse-sqrt"];

// The hyperparameters each optimizer reads (lessons/00-trainer/optimizer.h).
const OPTIMIZER_USES = {
  "sgd": ["lr"], "momentum": ["lr", "momentum"], "nesterov": ["lr", "momentum"],
  "adagrad": ["lr", "eps"], "rmsprop": ["lr", "alpha", "eps"], "adadelta": ["lr", "rho", "eps"],
  "adam": ["lr", "beta1", "beta2", "eps"],
  "adam-l2": ["lr", "beta1", "beta2", "eps", "weight_decay"],
  "adamw": ["lr", "beta1", "beta2", "eps", "weight_decay"],
  "amsgrad": ["lr", "beta1", "beta2", "eps"],
  "nadam": ["lr", "beta1", "beta2", "eps", "momentum_decay"],
  "adamax": ["lr", "beta1", "beta2", "eps"],
};

// The settings each schedule reads (lesson09.h); an empty box means the
// default of `descent trajectory` (trajectory.h, trajectory_schedule).
const SCHEDULE_USES = {
  "constant": [], "step": ["gamma", "step_size"], "exponential": ["gamma"],
  "inverse-time": ["gamma"], "cosine": ["total_steps", "min_lr"], "warmup": ["warmup_steps"],
  "warmup-cosine": ["warmup_steps", "total_steps", "min_lr"],
  "inverse-sqrt": ["warmup_steps", "d_model"],
};

// Sliders: "log" moves the value by powers of ten, "linear" evenly, "beta"
// moves 1 - value by powers of ten (0.9, 0.99, 0.999 equally far apart). A
// slider spans the useful part (min to max); the box beside it takes
// whatever `descent trajectory` takes (`accepts`, below).
//
// `accepts` is what descent trajectory's option (`option`) accepts, in its
// words (lessons/00-trainer/main.c, parse_options): lo and hi, open or
// closed; `least`: the smallest a float holds, refused with its own words;
// `whole`: a whole number. The page refuses what the CLI refuses, with the
// same message, so the two never disagree about a setting.
const BELOW_ONE = { lo: 0, hi: 1, hiOpen: true, text: "a number in [0, 1)" };
const ZERO_TO_ONE = { lo: 0, hi: 1, text: "a number in [0, 1]" };
const COUNT = { lo: 1, hi: 100000000, whole: true, text: "a whole number from 1 to 100000000" };
const PARAMETERS = {
  lr: { label: "lr", option: "--lr", slider: "log", min: 1e-5, max: 10,
        accepts: { lo: 0, hi: 10, loOpen: true, text: "a number in (0, 10]",
                   least: 1e-30, leastText: "a number in [1e-30, 10] (a float holds no less)" } },
  momentum: { label: "mu", option: "--momentum", slider: "linear", min: 0, max: 0.999, accepts: BELOW_ONE },
  alpha: { label: "alpha", option: "--alpha", slider: "beta", min: 0, max: 0.9999, accepts: BELOW_ONE },
  rho: { label: "rho", option: "--rho", slider: "beta", min: 0, max: 0.9999, accepts: BELOW_ONE },
  beta1: { label: "beta1", option: "--beta1", slider: "linear", min: 0, max: 0.999, accepts: BELOW_ONE },
  beta2: { label: "beta2", option: "--beta2", slider: "beta", min: 0, max: 0.99999, accepts: BELOW_ONE },
  eps: { label: "eps", option: "--eps", slider: "log", min: 1e-12, max: 1,
         accepts: { lo: 0, hi: 1, loOpen: true, text: "a number in (0, 1]",
                    least: 1e-30, leastText: "a number in [1e-30, 1] (a float holds no less)" } },
  weight_decay: { label: "weight decay", option: "--weight-decay", slider: "linear", min: 0, max: 1,
                  accepts: ZERO_TO_ONE },
  momentum_decay: { label: "psi (nadam)", option: "--momentum-decay", slider: "linear", min: 0, max: 1,
                    accepts: ZERO_TO_ONE },
  gamma: { label: "gamma", option: "--gamma", accepts: { lo: 0, hi: 1e6, text: "a number in [0, 1e6]" } },
  step_size: { label: "step size", option: "--step-size", placeholder: "steps / 10", accepts: COUNT },
  warmup_steps: { label: "warmup", option: "--warmup", placeholder: "steps / 10", accepts: COUNT },
  total_steps: { label: "total steps", option: "--total-steps", placeholder: "all steps", accepts: COUNT },
  min_lr: { label: "min lr", option: "--min-lr", placeholder: "0",
            accepts: { lo: 0, hi: 10, text: "a number in [0, 10]" } },
  d_model: { label: "d_model", option: "--d-model", placeholder: "512",
             accepts: { lo: 1, hi: 1e6, text: "a number in [1, 1e6]" } },
};
// gamma's default depends on the schedule (trajectory.h, trajectory_schedule).
const GAMMA_DEFAULTS = { step: "0.5", exponential: "0.999", "inverse-time": "0.01" };
const SCHEDULE_DEFAULTS = { gamma: -1, step_size: 0, warmup_steps: 0, total_steps: 0,
                            min_lr: 0, d_model: 512 };
const SLIDER_STEPS = 1000;

// ---- The module ----------------------------------------------------------------

let compiled = null;   // WebAssembly.Module
let wasm = null;       // the instance's exports
let stopReason = null; // set by the module just before it traps

function text(pointer) {
  const bytes = new Uint8Array(wasm.memory.buffer);
  let end = pointer;
  while (bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(pointer, end));
}

function writeText(value, out, size) {
  const encoded = new TextEncoder().encode(value);
  const bytes = new Uint8Array(wasm.memory.buffer, out, size);
  const n = Math.min(encoded.length, size - 1);
  bytes.set(encoded.subarray(0, n));
  bytes[n] = 0;
  return encoded.length;
}

// C's %f, %e and %g for the module's printf (libc.c).
function formatNumber(value, conversion, precision) {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value < 0 ? "-inf" : "inf";
  const exponential = (v, p) => v.toExponential(p).replace(/e([+-])(\d)$/, "e$10$2");
  if (conversion === "f") return value.toFixed(precision);
  if (conversion === "e") return exponential(value, precision);
  const p = precision === 0 ? 1 : precision;
  const x = value === 0 ? 0 : Number(value.toExponential(p - 1).split("e")[1]);
  const shown = p > x && x >= -4 ? value.toFixed(p - 1 - x) : exponential(value, p - 1);
  return shown.replace(/\.?0+(e|$)/, "$1");
}

// Math in double from JavaScript; the float versions round to float
// (docs/playground/include/math.h says which functions come from here).
const f32 = (fn) => (...args) => Math.fround(fn(...args));
const roundHalfAway = (x) => (x < 0 ? -Math.round(-x) : Math.round(x));
const mathImports = {
  exp: Math.exp, expm1: Math.expm1, log: Math.log, log1p: Math.log1p, log2: Math.log2,
  log10: Math.log10, pow: Math.pow, cbrt: Math.cbrt, hypot: Math.hypot, sin: Math.sin,
  cos: Math.cos, tan: Math.tan, asin: Math.asin, acos: Math.acos, atan: Math.atan,
  atan2: Math.atan2, sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh,
  fmod: (x, y) => x % y, round: roundHalfAway,
  expf: f32(Math.exp), logf: f32(Math.log), powf: f32(Math.pow), sinf: f32(Math.sin),
  cosf: f32(Math.cos), tanhf: f32(Math.tanh), roundf: f32(roundHalfAway),
};

const pageImports = {
  not_implemented(fn, lesson, section) {
    stopReason = `${text(fn)} is not implemented yet: see lessons/${text(lesson)}/README.md, ` +
                 `section "${text(section)}".`;
  },
  print(pointer, length) {
    console.log(new TextDecoder().decode(new Uint8Array(wasm.memory.buffer, pointer, length)));
  },
  format_number(value, conversion, precision, out, size) {
    return writeText(formatNumber(value, String.fromCharCode(conversion), precision), out, size);
  },
  stop(why) { stopReason = `the run stopped: ${text(why)}`; },
};

async function instantiate() {
  if (compiled === null) {
    const bytes = Uint8Array.from(atob(PLAYGROUND_MODULE), (c) => c.charCodeAt(0));
    compiled = await WebAssembly.compile(bytes);
  }
  const instance = await WebAssembly.instantiate(compiled, { math: mathImports, page: pageImports });
  wasm = instance.exports;
}

function requestFields() {
  const names = [];
  for (let i = 0; i < wasm.playground_field_count(); i++) names.push(text(wasm.playground_field_name(i)));
  return names;
}

// Runs one trajectory; returns the path, or { error } with the module's
// message (a lesson function not written yet, a setting out of range).
async function runModule(fields) {
  const names = requestFields();
  const request = new Float64Array(wasm.memory.buffer, wasm.playground_request(), names.length);
  for (const [name, value] of Object.entries(fields)) request[names.indexOf(name)] = value;
  let count;
  stopReason = null;
  try {
    count = wasm.playground_run();
  } catch (trap) {
    const error = stopReason || `the run stopped: ${trap.message}`;
    await instantiate(); // a trap leaves the module's stack mid-way: start afresh
    return { error };
  }
  if (count < 0) return { error: text(wasm.playground_message()) };
  const buffer = wasm.memory.buffer;
  return {
    x: Array.from(new Float32Array(buffer, wasm.playground_path_x(), count)),
    y: Array.from(new Float32Array(buffer, wasm.playground_path_y(), count)),
    f: Array.from(new Float64Array(buffer, wasm.playground_path_f(), count)),
    norm: Array.from(new Float64Array(buffer, wasm.playground_path_gradient_norm(), count)),
  };
}

// ---- Surfaces and optimizers, as the module names them --------------------------

let surfaces = [];   // { name, formula, box: [x0, x1, y0, y1], start: [x, y], minimum: [x, y] }
let optimizers = []; // { name, lesson, defaults: { lr: ..., ... } }

function readCatalogue() {
  surfaces = [];
  for (let i = 0; i < wasm.playground_surface_count(); i++) {
    const n = new Float64Array(wasm.memory.buffer, wasm.playground_surface_numbers(i), 8);
    surfaces.push({ name: text(wasm.playground_surface_name(i)),
                    formula: text(wasm.playground_surface_formula(i)),
                    box: [n[0], n[1], n[2], n[3]], start: [n[4], n[5]], minimum: [n[6], n[7]] });
  }
  optimizers = [];
  const names = requestFields();
  for (let i = 0; i < wasm.playground_optimizer_count(); i++) {
    wasm.playground_load_defaults(i);
    const request = new Float64Array(wasm.memory.buffer, wasm.playground_request(), names.length);
    const defaults = {};
    for (const p of Object.keys(PARAMETERS)) {
      const k = names.indexOf(p);
      if (k >= 0 && !(p in SCHEDULE_DEFAULTS)) defaults[p] = shortest(request[k]);
    }
    optimizers.push({ name: text(wasm.playground_optimizer_name(i)),
                      lesson: text(wasm.playground_optimizer_lesson(i)), defaults });
  }
}

// The shortest decimal that rounds to the same float (0.1f -> "0.1").
function shortest(value) {
  const single = Math.fround(value);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return String(candidate);
  }
  return String(single);
}

// ---- The controls --------------------------------------------------------------

const $ = (id) => document.getElementById(id);

// A "beta" slider spans 1 - value from 1 down to 1 - max: this many decades.
const decades = (spec) => -Math.log10(1 - spec.max);

function sliderToValue(spec, position) {
  const t = position / SLIDER_STEPS;
  if (spec.slider === "log") return spec.min * Math.pow(spec.max / spec.min, t);
  if (spec.slider === "beta") return 1 - Math.pow(10, -decades(spec) * t);
  return spec.min + t * (spec.max - spec.min);
}

// The slider's position for a value; a value beyond the slider's span (or
// no number at all) puts it at the nearer end.
function valueToSlider(spec, value) {
  if (!(value > spec.min)) return 0;
  if (!(value < spec.max)) return SLIDER_STEPS;
  let t;
  if (spec.slider === "log") t = Math.log(value / spec.min) / Math.log(spec.max / spec.min);
  else if (spec.slider === "beta") t = -Math.log10(Math.max(1 - value, 1 - spec.max)) / decades(spec);
  else t = (value - spec.min) / (spec.max - spec.min);
  return Math.round(Math.min(1, Math.max(0, t)) * SLIDER_STEPS);
}

// A slider's value, shown with few digits so that it reads like a setting.
function roundForDisplay(spec, value) {
  if (spec.slider === "beta") {
    const gap = Number((1 - value).toPrecision(2));
    return String(Number((1 - gap).toPrecision(12)));
  }
  return String(Number(value.toPrecision(spec.slider === "log" ? 2 : 3)));
}

// Under a slider: its two ends and how it moves between them.
function scaleNote(spec) {
  const how = spec.slider === "log" ? "log scale" : spec.slider === "beta" ? "log(1 − v)"
                                                                           : "linear";
  const end = (v) => (v !== 0 && v < 1e-3 ? v.toExponential() : String(v));
  return `<span>${end(spec.min)}</span><span>${how}</span><span>${end(spec.max)}</span>`;
}

// What a setting's box takes, for its tooltip.
function acceptsNote(spec) {
  return `${spec.accepts.text}, as descent trajectory ${spec.option} takes`;
}

function buildPanel(side) {
  const panel = $(`panel-${side}`);
  const row = (html) => { const div = document.createElement("div"); div.className = "row";
                          div.innerHTML = html; panel.appendChild(div); return div; };
  const optimizerRow = row(`<label for="${side}-optimizer">optimizer</label>` +
                           `<select id="${side}-optimizer"></select>`);
  const select = optimizerRow.querySelector("select");
  if (side === "b") select.add(new Option("(none: A alone)", "none"));
  for (const o of optimizers) select.add(new Option(`${o.name} (lesson ${o.lesson.slice(0, 2)})`, o.name));
  const scheduleRow = row(`<label for="${side}-schedule">schedule</label>` +
                          `<select id="${side}-schedule"></select>`);
  for (const s of SCHEDULES) scheduleRow.querySelector("select").add(new Option(s, s));
  for (const [name, spec] of Object.entries(PARAMETERS)) {
    const id = `${side}-${name}`;
    if (spec.slider) {
      row(`<label for="${id}">${spec.label}</label>` +
          `<div class="slider"><input id="${id}-range" type="range" min="0" max="${SLIDER_STEPS}" ` +
          `aria-label="${spec.label} (slider, ${spec.min} to ${spec.max})" data-for="${id}">` +
          `<div class="scale" aria-hidden="true">${scaleNote(spec)}</div></div>` +
          `<input id="${id}" type="number" step="any" data-parameter="${name}" ` +
          `title="${acceptsNote(spec)}">`).dataset.parameter = name;
    } else {
      row(`<label for="${id}">${spec.label}</label>` +
          `<input id="${id}" class="wide" type="number" step="${spec.accepts.whole ? 1 : "any"}" ` +
          `placeholder="default: ${spec.placeholder || ""}" data-parameter="${name}" ` +
          `title="${acceptsNote(spec)}">`).dataset.parameter = name;
    }
  }
  select.addEventListener("change", () => { loadDefaults(side); showRelevant(side); update(); });
  scheduleRow.querySelector("select").addEventListener("change", () => { showRelevant(side); update(); });
  for (const range of panel.querySelectorAll("input[type=range]")) {
    range.addEventListener("input", () => {
      const spec = PARAMETERS[range.dataset.for.split("-").slice(1).join("-")];
      $(range.dataset.for).value = roundForDisplay(spec, sliderToValue(spec, Number(range.value)));
      update();
    });
  }
  for (const box of panel.querySelectorAll("input[type=number]")) {
    box.addEventListener("input", () => { syncSlider(box); update(); });
  }
}

function syncSlider(box) {
  const range = $(`${box.id}-range`);
  const spec = PARAMETERS[box.dataset.parameter];
  if (range && box.value.trim() !== "") range.value = valueToSlider(spec, Number(box.value));
}

function loadDefaults(side) {
  const o = optimizers.find((k) => k.name === $(`${side}-optimizer`).value);
  if (!o) return;
  for (const [name, value] of Object.entries(o.defaults)) {
    $(`${side}-${name}`).value = value;
    syncSlider($(`${side}-${name}`));
  }
}

function showRelevant(side) {
  const optimizer = $(`${side}-optimizer`).value;
  const used = new Set([...(OPTIMIZER_USES[optimizer] || []),
                        ...(SCHEDULE_USES[$(`${side}-schedule`).value] || [])]);
  for (const row of $(`panel-${side}`).querySelectorAll(".row[data-parameter]"))
    row.hidden = optimizer === "none" || !used.has(row.dataset.parameter);
  $(`${side}-schedule`).parentElement.hidden = optimizer === "none";
  $(`${side}-gamma`).placeholder = `default: ${GAMMA_DEFAULTS[$(`${side}-schedule`).value] || ""}`;
}

// A setting's box checked as descent trajectory checks its option: the
// message (the CLI's words), or null when the value is accepted.
function refusal(spec, text) {
  const a = spec.accepts;
  const value = Number(text);
  const inside = Number.isFinite(value) && (a.loOpen ? value > a.lo : value >= a.lo) &&
                 (a.hiOpen ? value < a.hi : value <= a.hi) && (!a.whole || Number.isInteger(value));
  const expected = !inside ? a.text : a.least !== undefined && value < a.least ? a.leastText : null;
  return expected && `${spec.label} (${spec.option}): expected ${expected}, got "${text}"`;
}

// The run's own settings (surface, start, steps), checked: a list of problems.
function runProblems() {
  const problems = [];
  const steps = $("steps").value.trim(), most = wasm.playground_max_steps();
  if (!(Number.isInteger(Number(steps)) && Number(steps) >= 1 && Number(steps) <= most))
    problems.push(`steps (--steps): expected a whole number from 1 to ${most} ` +
                  `(the page's limit), got "${steps}"`);
  const start = `${$("start-x").value.trim()},${$("start-y").value.trim()}`;
  const inBox = (v) => v !== "" && Number.isFinite(Number(v)) && Math.abs(Number(v)) <= 1e6;
  if (!start.split(",").every(inBox))
    problems.push(`start (--start): expected two numbers X,Y in [-1e6, 1e6], e.g. -10,1, got "${start}"`);
  $("steps").setAttribute("aria-invalid", problems.some((p) => p.startsWith("steps")) ? "true" : "false");
  for (const id of ["start-x", "start-y"])
    $(id).setAttribute("aria-invalid", inBox($(id).value.trim()) ? "false" : "true");
  return problems;
}

// The settings of one side, as the module's request fields; null for B off;
// { problems } when a box holds what descent trajectory would refuse (every
// such box is named, and marked).
function settingsOf(side) {
  const name = $(`${side}-optimizer`).value;
  if (name === "none") return null;
  const o = optimizers.find((k) => k.name === name);
  const surfaceIndex = surfaces.findIndex((s) => s.name === $("surface").value);
  const fields = {
    surface: surfaceIndex, optimizer: optimizers.indexOf(o),
    schedule: SCHEDULES.indexOf($(`${side}-schedule`).value), steps: Number($("steps").value),
    start_x: Number($("start-x").value), start_y: Number($("start-y").value),
  };
  const used = new Set([...OPTIMIZER_USES[name], ...SCHEDULE_USES[$(`${side}-schedule`).value]]);
  const problems = [];
  for (const [p, spec] of Object.entries(PARAMETERS)) {
    const box = $(`${side}-${p}`);
    const text = box.value.trim();
    const wrong = used.has(p) && text !== "" ? refusal(spec, text) : null;
    box.setAttribute("aria-invalid", wrong ? "true" : "false");
    box.title = wrong || acceptsNote(spec);
    if (wrong) problems.push(wrong);
    // An empty box: the optimizer's default, or the schedule's (trajectory.h).
    if (text !== "") fields[p] = Number(text);
    else fields[p] = p in SCHEDULE_DEFAULTS ? SCHEDULE_DEFAULTS[p] : Number(o.defaults[p] || 0);
  }
  return problems.length > 0 ? { problems } : fields;
}

// ---- URL settings: #surface=valley&start=-10,1&steps=100&a=momentum&a.lr=0.05 ----

const ALIASES = { mu: "momentum", psi: "momentum_decay", warmup: "warmup_steps" };

function applyPreset(preset) {
  const problems = [];
  const pairs = preset.split("&").filter((p) => p !== "").map((p) => {
    const [key, ...rest] = p.split("=");
    return [decodeURIComponent(key), decodeURIComponent(rest.join("="))];
  });
  const get = (key) => { const hit = pairs.find(([k]) => k === key); return hit ? hit[1] : null; };
  const surface = get("surface") || surfaces[0].name;
  if (!surfaces.some((s) => s.name === surface)) problems.push(`surface=${surface}: not a surface`);
  else $("surface").value = surface;
  const s = surfaces.find((k) => k.name === $("surface").value);
  const start = get("start");
  const [x, y] = start ? start.split(",") : [String(s.start[0]), String(s.start[1])];
  $("start-x").value = x;
  $("start-y").value = y;
  $("steps").value = get("steps") || "100";
  for (const side of ["a", "b"]) {
    const name = get(side) || (side === "a" ? "momentum" : "sgd");
    if (name !== "none" && !optimizers.some((o) => o.name === name)) {
      problems.push(`${side}=${name}: not an optimizer`);
      continue;
    }
    $(`${side}-optimizer`).value = name;
    loadDefaults(side);
    for (const p of Object.keys(SCHEDULE_DEFAULTS)) $(`${side}-${p}`).value = "";
    $(`${side}-schedule`).value = "constant";
    for (const [key, value] of pairs) {
      if (!key.startsWith(`${side}.`)) continue;
      let p = key.slice(2);
      p = ALIASES[p] || p;
      if (p === "schedule") {
        if (SCHEDULES.includes(value)) $(`${side}-schedule`).value = value;
        else problems.push(`${key}=${value}: not a schedule`);
      } else if (p in PARAMETERS) {
        $(`${side}-${p}`).value = value;
        syncSlider($(`${side}-${p}`));
      } else {
        problems.push(`${key}: not a setting`);
      }
    }
    showRelevant(side);
  }
  for (const [key] of pairs)
    if (!["surface", "start", "steps", "a", "b"].includes(key) && !/^[ab]\./.test(key))
      problems.push(`${key}: not a setting`);
  $("steps-range").value = Math.round(SLIDER_STEPS * Math.log(Number($("steps").value)) / Math.log(20000));
  return problems;
}

function presetString() {
  const parts = [`surface=${$("surface").value}`, `start=${$("start-x").value},${$("start-y").value}`,
                 `steps=${$("steps").value}`];
  for (const side of ["a", "b"]) {
    const name = $(`${side}-optimizer`).value;
    parts.push(`${side}=${name}`);
    if (name === "none") continue;
    const schedule = $(`${side}-schedule`).value;
    if (schedule !== "constant") parts.push(`${side}.schedule=${schedule}`);
    const used = [...OPTIMIZER_USES[name], ...SCHEDULE_USES[schedule]];
    for (const p of used) {
      const value = $(`${side}-${p}`).value.trim();
      if (value !== "") parts.push(`${side}.${p}=${value}`);
    }
  }
  return parts.join("&");
}

// ---- Drawing -------------------------------------------------------------------------

const SVG = "http://www.w3.org/2000/svg";
const PLOT = { left: 58, right: 628, top: 12, bottom: 396 };
const COLOURS = { a: "#0072B2", b: "#D55E00" };
const LEVELS = 14;           // as descent trajectory draws them (svg.c)
const LOG_LEVEL_DECADES = 4;

function element(name, attributes, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

// "Nice" ticks: steps of 1, 2 or 5 times a power of ten, about `target` of them.
function niceTicks(lo, hi, target) {
  const raw = (hi - lo) / target;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const ticks = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

// Six significant digits, as descent trajectory prints (%.6g), with an
// exponent for the very small and the very large.
function format(value) {
  if (!Number.isFinite(value)) return String(value);
  const size = Math.abs(value);
  if (value !== 0 && (size < 1e-4 || size >= 1e6)) return value.toExponential(5).replace(/\.?0+e/, "e");
  return String(Number(value.toPrecision(6)));
}

function scaleX(s, x) { return PLOT.left + (x - s.box[0]) / (s.box[1] - s.box[0]) * (PLOT.right - PLOT.left); }
function scaleY(s, y) { return PLOT.bottom - (y - s.box[2]) / (s.box[3] - s.box[2]) * (PLOT.bottom - PLOT.top); }
const clampPixel = (v) => Math.max(-1e4, Math.min(1e4, v));

// Contour lines by marching squares over a grid of the surface's values,
// at the levels descent trajectory uses: evenly spaced, or (all surfaces but
// the saddle) crowding towards the minimum.
const contourCache = {};
function contourPaths(s) {
  if (contourCache[s.name]) return contourCache[s.name];
  const index = surfaces.indexOf(s);
  const nx = 121, ny = 91;
  const grid = [];
  let lo = Infinity, hi = -Infinity;
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const x = s.box[0] + (s.box[1] - s.box[0]) * i / (nx - 1);
    const y = s.box[2] + (s.box[3] - s.box[2]) * j / (ny - 1);
    const f = wasm.playground_surface_value(index, x, y);
    grid.push(f);
    if (Number.isFinite(f)) { lo = Math.min(lo, f); hi = Math.max(hi, f); }
  }
  const logLevels = s.name !== "saddle";
  const paths = [];
  for (let k = 0; k < LEVELS; k++) {
    const t = (k + 1) / (LEVELS + 1);
    const level = logLevels ? lo + (hi - lo) * Math.pow(10, -LOG_LEVEL_DECADES * (1 - t)) : lo + t * (hi - lo);
    let d = "";
    const px = (i) => scaleX(s, s.box[0] + (s.box[1] - s.box[0]) * i / (nx - 1));
    const py = (j) => scaleY(s, s.box[2] + (s.box[3] - s.box[2]) * j / (ny - 1));
    const cross = (i0, j0, i1, j1) => {
      const a = grid[j0 * nx + i0], b = grid[j1 * nx + i1];
      const u = (level - a) / (b - a);
      return [px(i0) + u * (px(i1) - px(i0)), py(j0) + u * (py(j1) - py(j0))];
    };
    for (let j = 0; j + 1 < ny; j++) for (let i = 0; i + 1 < nx; i++) {
      const corners = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]];
      const above = corners.map(([ci, cj]) => grid[cj * nx + ci] >= level);
      const edges = [];
      for (let e = 0; e < 4; e++) {
        const [p, q] = [corners[e], corners[(e + 1) % 4]];
        if (above[e] !== above[(e + 1) % 4]) edges.push(cross(p[0], p[1], q[0], q[1]));
      }
      for (let e = 0; e + 1 < edges.length; e += 2)
        d += `M${edges[e][0].toFixed(1)} ${edges[e][1].toFixed(1)}L${edges[e + 1][0].toFixed(1)} ${edges[e + 1][1].toFixed(1)}`;
    }
    const grey = Math.round(100 + 110 * k / (LEVELS - 1)).toString(16).padStart(2, "0");
    paths.push({ d, colour: `#${grey}${grey}${grey}` });
  }
  contourCache[s.name] = paths;
  return paths;
}

function drawContour(s, runs) {
  const svg = $("contour");
  svg.replaceChildren();
  const clip = element("clipPath", { id: "plot-area" }, element("defs", {}, svg));
  element("rect", { x: PLOT.left, y: PLOT.top, width: PLOT.right - PLOT.left, height: PLOT.bottom - PLOT.top }, clip);
  element("rect", { x: PLOT.left, y: PLOT.top, width: PLOT.right - PLOT.left, height: PLOT.bottom - PLOT.top,
                    fill: "#fff", stroke: "#888" }, svg);
  const lines = element("g", { "clip-path": "url(#plot-area)", fill: "none", "stroke-width": 1 }, svg);
  for (const p of contourPaths(s)) element("path", { d: p.d, stroke: p.colour }, lines);
  for (const x of niceTicks(s.box[0], s.box[1], 6)) {
    element("line", { x1: scaleX(s, x), x2: scaleX(s, x), y1: PLOT.bottom, y2: PLOT.bottom + 5, stroke: "#555" }, svg);
    element("text", { x: scaleX(s, x), y: PLOT.bottom + 18, "text-anchor": "middle", "font-size": 12 }, svg).textContent = format(x);
  }
  for (const y of niceTicks(s.box[2], s.box[3], 6)) {
    element("line", { x1: PLOT.left - 5, x2: PLOT.left, y1: scaleY(s, y), y2: scaleY(s, y), stroke: "#555" }, svg);
    element("text", { x: PLOT.left - 8, y: scaleY(s, y) + 4, "text-anchor": "end", "font-size": 12 }, svg).textContent = format(y);
  }
  element("text", { x: (PLOT.left + PLOT.right) / 2, y: 432, "text-anchor": "middle", "font-size": 13 }, svg).textContent = `x (w0)   —   ${s.name}: ${s.formula}`;
  element("text", { x: 14, y: (PLOT.top + PLOT.bottom) / 2, "text-anchor": "middle", "font-size": 13,
                    transform: `rotate(-90 14 ${(PLOT.top + PLOT.bottom) / 2})` }, svg).textContent = "y (w1)";
  const marks = element("g", { "clip-path": "url(#plot-area)" }, svg);
  // The minimum's cross, named at the foot of the plot (a dotted line leads
  // down to the name), away from the paths that end at it.
  const [mx, my] = [scaleX(s, s.minimum[0]), scaleY(s, s.minimum[1])];
  element("path", { d: `M${mx - 6} ${my}L${mx + 6} ${my}M${mx} ${my - 6}L${mx} ${my + 6}`, stroke: "#000", "stroke-width": 2 }, marks);
  element("path", { d: `M${mx} ${my + 8}L${mx} ${PLOT.bottom - 16}`, stroke: "#777", "stroke-dasharray": "1 3" }, marks);
  element("text", { x: mx, y: PLOT.bottom - 5, "text-anchor": "middle", "font-size": 11, fill: "#333",
                    stroke: "#fff", "stroke-width": 3, "paint-order": "stroke" }, marks).textContent =
    `${s.name === "saddle" ? "saddle point" : "minimum"} (${format(s.minimum[0])}, ${format(s.minimum[1])})`;
  let below = 0;
  for (const side of ["b", "a"])
    if (runs[side] && runs[side].error) below += plotNote(svg, side, runs[side], below);
  for (const side of ["a", "b"]) {
    const run = runs[side];
    if (!run || run.error) continue;
    const points = [];
    for (let i = 0; i < run.x.length; i++)
      if (Number.isFinite(run.x[i]) && Number.isFinite(run.y[i]))
        points.push(`${clampPixel(scaleX(s, run.x[i])).toFixed(2)},${clampPixel(scaleY(s, run.y[i])).toFixed(2)}`);
    element("polyline", { points: points.join(" "), fill: "none", stroke: COLOURS[side], "stroke-width": 1.6,
                          "stroke-linejoin": "round", "stroke-dasharray": side === "b" ? "6 3" : "none" }, marks);
    const last = points[points.length - 1].split(",");
    element("circle", { cx: last[0], cy: last[1], r: 4.5, fill: COLOURS[side], stroke: "#fff" }, marks);
  }
  const start = [Number($("start-x").value), Number($("start-y").value)];
  element("circle", { cx: clampPixel(scaleX(s, start[0])), cy: clampPixel(scaleY(s, start[1])), r: 5,
                      fill: "none", stroke: "#000", "stroke-width": 2 }, marks);
}

// Where a side has no path (a function not written yet, a setting refused):
// its message in a box in its colour, near the foot of the plot (the start
// points of the surfaces lie higher up), B's below A's.
function plotNote(svg, side, run, below) {
  const words = `${side.toUpperCase()}: ${run.refused ? "not run: " : ""}${run.error}`.split(" ");
  const lines = [""];
  for (const word of words) {
    if (lines[lines.length - 1].length + word.length > 78) lines.push("");
    lines[lines.length - 1] += (lines[lines.length - 1] ? " " : "") + word;
  }
  const left = PLOT.left + 12, height = 10 + 15 * lines.length, top = PLOT.bottom - 24 - below - height;
  const note = element("g", { class: `note note-${side}` }, svg);
  element("rect", { x: left, y: top, width: PLOT.right - PLOT.left - 24, height, rx: 4,
                    fill: "#fff", "fill-opacity": 0.93, stroke: COLOURS[side], "stroke-width": 1.5,
                    "stroke-dasharray": side === "b" ? "6 3" : "none" }, note);
  lines.forEach((line, i) => {
    element("text", { x: left + 8, y: top + 18 + 15 * i, "font-size": 12.5, fill: COLOURS[side] }, note)
      .textContent = line;
  });
  return height + 8;
}

// A small line chart of one quantity for A and B against the step; log
// scale when every value is positive. On a log scale, a run that falls far
// below the other (Adam to 1e-68 while momentum stops at 1e-6) would squeeze
// the other into a flat line at the top: the chart then ends CLAMP_DECADES
// below the higher of the two runs' lowest values (and no less than
// RELATIVE_DECADES below its top), and says so.
const CLAMP_DECADES = 4, RELATIVE_DECADES = 12;
function drawChart(id, title, runs, key) {
  const svg = $(id);
  svg.replaceChildren();
  const box = { left: 46, right: 298, top: 22, bottom: 188 };
  const series = ["a", "b"].filter((side) => runs[side] && !runs[side].error)
                            .map((side) => ({ side, values: runs[side][key] }));
  const finite = series.flatMap((s) => s.values.filter(Number.isFinite));
  const log = finite.length > 0 && finite.every((v) => v > 0);
  const t = (v) => (log ? Math.log10(v) : v);
  let lo = Math.min(...finite.map(t)), hi = Math.max(...finite.map(t));
  let clamped = null; // the run cut off at the bottom, and its lowest value
  if (log && series.length === 2) {
    const lowest = series.map((s) => Math.min(...s.values.filter(Number.isFinite).map(t)));
    const floor = Math.floor(Math.min(Math.max(...lowest) - CLAMP_DECADES, hi - RELATIVE_DECADES));
    if (lo < floor) {
      const k = lowest[0] < lowest[1] ? 0 : 1;
      clamped = { side: series[k].side, lowest: Math.pow(10, lowest[k]) };
      lo = floor;
    }
  }
  if (!(hi > lo)) { lo -= 1; hi += 1; }
  const steps = Math.max(1, ...series.map((s) => s.values.length - 1));
  const px = (i) => box.left + i / steps * (box.right - box.left);
  const py = (v) => box.bottom - (t(v) - lo) / (hi - lo) * (box.bottom - box.top);
  element("text", { x: 160, y: 14, "text-anchor": "middle", "font-size": 12, "font-weight": 600 }, svg).textContent =
    `${title}${log ? " (log scale)" : ""}`;
  const clip = element("clipPath", { id: `${id}-area` }, element("defs", {}, svg));
  element("rect", { x: box.left, y: box.top, width: box.right - box.left, height: box.bottom - box.top }, clip);
  element("rect", { x: box.left, y: box.top, width: box.right - box.left, height: box.bottom - box.top, fill: "none", stroke: "#888" }, svg);
  for (const side of ["a", "b"]) {
    if (runs[side] && runs[side].error)
      element("text", { x: box.left + 6, y: box.top + (side === "a" ? 14 : 28), "font-size": 10,
                        fill: COLOURS[side] }, svg).textContent = `${side.toUpperCase()}: no run (see the plot)`;
  }
  if (finite.length === 0) return;
  const ticks = log ? niceTicks(Math.floor(lo), Math.ceil(hi), 4).filter((k) => Number.isInteger(k) && k >= lo - 1e-9 && k <= hi + 1e-9)
                    : niceTicks(lo, hi, 4);
  for (const k of ticks) {
    const y = box.bottom - (k - lo) / (hi - lo) * (box.bottom - box.top);
    element("line", { x1: box.left - 4, x2: box.left, y1: y, y2: y, stroke: "#555" }, svg);
    element("text", { x: box.left - 6, y: y + 4, "text-anchor": "end", "font-size": 10 }, svg).textContent = log ? `1e${k}` : format(k);
  }
  for (const k of niceTicks(0, steps, 4)) {
    element("text", { x: px(k), y: box.bottom + 14, "text-anchor": "middle", "font-size": 10 }, svg).textContent = format(k);
  }
  element("text", { x: 172, y: 216, "text-anchor": "middle", "font-size": 11 }, svg).textContent = "step";
  const lines = element("g", { "clip-path": `url(#${id}-area)` }, svg);
  for (const s of series) {
    const points = [];
    s.values.forEach((v, i) => { if (Number.isFinite(v) && (!log || v > 0)) points.push(`${px(i).toFixed(1)},${clampPixel(py(v)).toFixed(1)}`); });
    element("polyline", { points: points.join(" "), fill: "none", stroke: COLOURS[s.side], "stroke-width": 1.4,
                          "stroke-dasharray": s.side === "b" ? "5 3" : "none" }, lines);
  }
  if (clamped)
    element("text", { x: box.right - 4, y: box.bottom - 5, "text-anchor": "end", "font-size": 9.5,
                      fill: COLOURS[clamped.side], stroke: "#fff", "stroke-width": 3, "paint-order": "stroke" }, svg)
      .textContent = `cut at 1e${Math.round(lo)}: ${clamped.side.toUpperCase()} goes down to ${clamped.lowest.toExponential(1)}`;
}

// ---- Running and reporting ---------------------------------------------------------------

let latest = {};  // the runs last drawn: { a: ..., b: ... }

// One line of the results panel for one side: its settings, then what the
// run did, or why there is no run.
function describe(side, run) {
  const o = optimizers.find((k) => k.name === $(`${side}-optimizer`).value);
  const schedule = $(`${side}-schedule`).value;
  const settings = [...OPTIMIZER_USES[o.name], ...SCHEDULE_USES[schedule]]
    .filter((p) => $(`${side}-${p}`).value.trim() !== "")
    .map((p) => `${PARAMETERS[p].label} ${$(`${side}-${p}`).value.trim()}`).join(", ");
  const head = `${side.toUpperCase()}: ${o.name} (lesson ${o.lesson.slice(0, 2)}), ${settings}` +
               (schedule !== "constant" ? `, schedule ${schedule}` : "");
  if (run.refused) return { head, body: `not run: ${run.refused.join("; ")}`, todo: true };
  if (run.error) return { head, body: run.error, todo: true };
  const n = run.x.length - 1;
  const end = n;
  if (!Number.isFinite(run.f[end]))
    return { head, body: `diverged after ${n} steps (try a smaller lr)` };
  return { head, body: `after ${n} steps: end (${format(run.x[end])}, ${format(run.y[end])}), ` +
                       `f = ${format(run.f[end])}, gradient norm ${format(run.norm[end])}` };
}

// Runs A and B. A side whose settings descent trajectory would refuse (or
// when the run's own settings are refused) is not run: { error, refused }
// names every setting refused, the run's own ones (common) first.
async function runAll() {
  const runs = {};
  const common = runProblems();
  for (const side of ["a", "b"]) {
    const fields = settingsOf(side);
    if (!fields) continue;
    const own = fields.problems || [];
    if (common.length > 0 || own.length > 0)
      runs[side] = { error: [...common, ...own].join("; "), refused: own.length > 0 ? own : ["see above"] };
    else
      runs[side] = await runModule(fields);
  }
  return { runs, common };
}

// Runs A and B and shows them. A call while a run is going asks for one more
// pass, with the settings as they are then; `running` settles once the page
// shows the latest settings (the test hook waits on it after moving a slider).
let busy = false, again = false, running = Promise.resolve();
function update() {
  if (busy) { again = true; return running; }
  busy = true;
  running = runUntilCurrent();
  return running;
}

async function runUntilCurrent() {
  try {
    do {
      again = false;
      const { runs, common } = await runAll();
      latest = runs;
      show(runs, common);
    } while (again);
  } finally {
    busy = false;
  }
  if (!location.hash.startsWith("#selftest")) history.replaceState(null, "", `#${presetString()}`);
}

function show(runs, common) {
  const s = surfaces.find((k) => k.name === $("surface").value);
  $("formula").textContent = s.formula;
  drawContour(s, runs);
  drawChart("loss-chart", "loss f", runs, "f");
  drawChart("norm-chart", "gradient norm", runs, "norm");
  const results = $("results");
  results.replaceChildren();
  const spoken = [];
  if (common.length > 0) {
    const p = document.createElement("p");
    p.className = "todo";
    p.textContent = `Not run: ${common.join("; ")}`;
    results.appendChild(p);
    spoken.push(p.textContent);
  }
  for (const side of ["a", "b"]) {
    if (!runs[side]) continue;
    const d = describe(side, runs[side]);
    const p = document.createElement("p");
    p.innerHTML = `<span class="${side}"></span> <span></span>`;
    p.children[0].textContent = d.head;
    p.children[1].textContent = d.body;
    if (d.todo) p.children[1].className = "todo";
    results.appendChild(p);
    spoken.push(`${d.head}: ${d.body}`);
  }
  $("contour").setAttribute("aria-label", `Contour plot of ${s.name}, ${s.formula}, ` +
    `from (${$("start-x").value}, ${$("start-y").value}). ${spoken.join(". ")}`);
  tellFrameHeight();
}

// In a handout the page sits in an iframe: it tells the handout its height
// (docs/include-code.lua sizes the frame to it), here and on every resize.
function tellFrameHeight() {
  if (window.parent === window) return;
  window.parent.postMessage({ playgroundHeight: Math.ceil(document.body.getBoundingClientRect().height) }, "*");
}

// ---- The test hook: #selftest:PRESET|PRESET|... -------------------------------------------
// Each preset is applied to the controls and run through update(), the code
// every control uses; one line per optimizer goes into <pre id="selftest">:
//   case K SIDE NAME steps=N x=HEX y=HEX       (C's %a of the end point)
//   case K SIDE NAME error=MESSAGE
// and the last line is "selftest done: K cases". tools/checks/playground.sh
// reads them with chromium --dump-dom. A case slide:SIDE.SETTING=POSITION
// moves a slider instead (slide, below).

function hexFloat(value) {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value < 0 ? "-inf" : "inf";
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const high = view.getUint32(0), low = view.getUint32(4);
  const sign = high >>> 31 ? "-" : "";
  const exponent = (high >>> 20) & 0x7ff;
  const fraction = ((BigInt(high & 0xfffff) << 32n) | BigInt(low)).toString(16).padStart(13, "0").replace(/0+$/, "");
  if (exponent === 0 && fraction === "") return `${sign}0x0p+0`;
  const e = exponent === 0 ? -1022 : exponent - 1023;
  return `${sign}0x${exponent === 0 ? 0 : 1}${fraction ? "." + fraction : ""}p${e >= 0 ? "+" : ""}${e}`;
}

const endPoint = (run) => {
  const n = run.x.length - 1;
  return `steps=${n} x=${hexFloat(run.x[n])} y=${hexFloat(run.y[n])}`;
};

// slide:SIDE.SETTING=POSITION (e.g. slide:a.mu=700) moves the setting's
// slider, on the controls as the case before left them, to POSITION (0 to
// SLIDER_STEPS) and fires the event a drag fires; once the page has run
// again, one line: what the setting's box shows now, the end point after the
// move and the end point before it:
//   case K SIDE NAME slid SETTING=BOX steps=N x=HEX y=HEX was steps=N x=HEX y=HEX
async function slide(k, move) {
  const [key, position] = move.split("=");
  const side = key.slice(0, 1), setting = key.slice(2);
  const box = $(`${side}-${ALIASES[setting] || setting}`);
  const range = $(`${side}-${ALIASES[setting] || setting}-range`);
  const before = latest[side];
  if (!range || !before || before.error)
    return `case ${k} slide-error=${move}: no such slider, or no run before the move`;
  range.value = position;
  range.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
  await running;
  const name = $(`${side}-optimizer`).value, after = latest[side];
  if (after.error) return `case ${k} ${side} ${name} error=${after.error}`;
  return `case ${k} ${side} ${name} slid ${setting}=${box.value} ${endPoint(after)} was ${endPoint(before)}`;
}

async function selftest(cases) {
  const out = [];
  for (let k = 0; k < cases.length; k++) {
    if (cases[k].startsWith("slide:")) {
      out.push(await slide(k + 1, cases[k].slice("slide:".length)));
      continue;
    }
    const problems = applyPreset(cases[k]);
    if (problems.length > 0) { out.push(`case ${k + 1} preset-error=${problems.join("; ")}`); continue; }
    await update();
    for (const side of ["a", "b"]) {
      const run = latest[side];
      if (!run) continue;
      const name = $(`${side}-optimizer`).value;
      if (run.error) { out.push(`case ${k + 1} ${side} ${name} error=${run.error}`); continue; }
      out.push(`case ${k + 1} ${side} ${name} ${endPoint(run)}`);
    }
  }
  out.push(`selftest done: ${cases.length} cases`);
  const pre = $("selftest");
  pre.textContent = out.join("\n");
  pre.hidden = false;
}

// ---- Start ----------------------------------------------------------------------------------

function moveStart(dx, dy) {
  const s = surfaces.find((k) => k.name === $("surface").value);
  const grain = Math.pow(10, Math.floor(Math.log10(s.box[1] - s.box[0])) - 2);
  const snap = (v) => Number((Math.round(v / grain) * grain).toPrecision(10));
  $("start-x").value = snap(Number($("start-x").value) + dx * (s.box[1] - s.box[0]));
  $("start-y").value = snap(Number($("start-y").value) + dy * (s.box[3] - s.box[2]));
  update();
}

function wireControls() {
  for (const s of surfaces) $("surface").add(new Option(s.name, s.name));
  buildPanel("a");
  buildPanel("b");
  $("surface").addEventListener("change", () => {
    const s = surfaces.find((k) => k.name === $("surface").value);
    $("start-x").value = s.start[0];
    $("start-y").value = s.start[1];
    update();
  });
  for (const id of ["start-x", "start-y", "steps"]) $(id).addEventListener("input", () => {
    if (id === "steps") $("steps-range").value = Math.round(SLIDER_STEPS * Math.log(Math.max(1, Number($("steps").value))) / Math.log(20000));
    update();
  });
  $("steps").max = wasm.playground_max_steps();
  $("steps-range").addEventListener("input", () => {
    $("steps").value = Math.max(1, Math.round(Math.pow(20000, Number($("steps-range").value) / SLIDER_STEPS)));
    update();
  });
  const plot = $("contour");
  plot.addEventListener("click", (event) => {
    const s = surfaces.find((k) => k.name === $("surface").value);
    const r = plot.getBoundingClientRect();
    const vx = (event.clientX - r.left) / r.width * 640, vy = (event.clientY - r.top) / r.height * 440;
    if (vx < PLOT.left || vx > PLOT.right || vy < PLOT.top || vy > PLOT.bottom) return;
    const x = s.box[0] + (vx - PLOT.left) / (PLOT.right - PLOT.left) * (s.box[1] - s.box[0]);
    const y = s.box[2] + (PLOT.bottom - vy) / (PLOT.bottom - PLOT.top) * (s.box[3] - s.box[2]);
    $("start-x").value = x;
    $("start-y").value = y;
    moveStart(0, 0);
  });
  plot.addEventListener("keydown", (event) => {
    const d = event.shiftKey ? 0.002 : 0.02;
    const moves = { ArrowLeft: [-d, 0], ArrowRight: [d, 0], ArrowUp: [0, d], ArrowDown: [0, -d] };
    if (moves[event.key]) { event.preventDefault(); moveStart(...moves[event.key]); }
    else if (event.key === "Enter") { event.preventDefault(); update(); }
  });
  window.addEventListener("hashchange", () => {
    if (!location.hash.startsWith("#selftest")) { applyPreset(location.hash.slice(1)); update(); }
  });
}

async function start() {
  await instantiate();
  readCatalogue();
  wireControls();
  if (window.parent !== window) new ResizeObserver(tellFrameHeight).observe(document.body);
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash.startsWith("selftest:")) {
    await selftest(hash.slice("selftest:".length).split("|"));
    return;
  }
  const problems = applyPreset(location.hash.slice(1));
  await update();
  if (problems.length > 0) {
    const p = document.createElement("p");
    p.className = "todo";
    p.textContent = `Settings in the address not understood: ${problems.join("; ")}`;
    $("results").appendChild(p);
  }
}

start().catch((error) => {
  $("results").textContent = `The playground could not start: ${error.message}`;
});
