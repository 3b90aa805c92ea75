// The organiser's console dashboard: plain script, no build step, no external resources.
// It reads the web API (cycles, workshop, heat map, next contacts) with the sign-in cookie and draws inline SVG.
// Its text comes from the page (#dashboard-text, from the package's resource file).
(function () {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  const number = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  const value2 = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2, minimumFractionDigits: 2 });
  const percent = new Intl.NumberFormat("en-GB", { style: "percent", maximumFractionDigits: 0 });

  // A viridis-like scale: anchors of matplotlib's viridis, interpolated linearly in RGB.
  const VIRIDIS = ["#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725"];
  const BELIEF_COLOURS = ["#c0392b", "#e0a100", "#1e7b45"];

  const $ = (id) => document.getElementById(id);
  const TEXT = JSON.parse(document.getElementById("dashboard-text").textContent);
  const tx = (key, ...args) => TEXT[key].replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)] ?? ""));
  const API = document.getElementById("dashboard").dataset.api;

  function el(name, attributes, text) {
    const node = document.createElementNS(SVG, name);
    for (const [key, val] of Object.entries(attributes || {})) {
      node.setAttribute(key, String(val));
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function viridis(t) {
    const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
    const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
    const f = x - i;
    const a = hex(VIRIDIS[i]);
    const b = hex(VIRIDIS[i + 1]);
    const mix = a.map((c, k) => Math.round(c + (b[k] - c) * f));
    return `rgb(${mix[0]}, ${mix[1]}, ${mix[2]})`;
  }

  function hex(colour) {
    return [1, 3, 5].map((k) => parseInt(colour.slice(k, k + 2), 16));
  }

  // The antiforgery token: every unsafe request made with the sign-in cookie carries it.
  let csrf = null;

  async function api(path, options) {
    const init = Object.assign({ headers: { Accept: "application/json" }, credentials: "same-origin" }, options);
    if (init.method && init.method !== "GET" && csrf) {
      init.headers = Object.assign({}, init.headers, { [csrf.headerName]: csrf.token });
    }
    const response = await fetch(API + path.replace(/^\//, ""), init);
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const detail = body && (body.detail || body.title);
      throw new Error(`${response.status} ${detail || response.statusText} (${path})`);
    }
    return body;
  }

  function status(message, isError) {
    const node = $("status");
    node.textContent = message || "";
    node.classList.toggle("error", Boolean(isError));
  }

  // Rounds a step to 1, 2 or 5 times a power of ten, so that an axis gets about `count` ticks.
  function niceStep(range, count) {
    const raw = range / Math.max(1, count);
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const unit = raw / power;
    return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
  }

  function drawUtilityChart(history) {
    const figure = $("utility-chart");
    figure.querySelectorAll("svg, p.empty").forEach((n) => n.remove());
    const caption = figure.querySelector("figcaption");
    const cycles = history.cycles;
    if (cycles.length === 0) {
      const empty = document.createElement("p");
      empty.className = "empty";
      empty.textContent = tx("NoCycles");
      figure.insertBefore(empty, caption);
      figure.dataset.ready = "true";
      figure.dataset.points = "0";
      return;
    }

    const width = 580, height = 330;
    const m = { left: 62, right: 20, top: 18, bottom: 48 };
    const plotW = width - m.left - m.right, plotH = height - m.top - m.bottom;
    const lastWeek = cycles[cycles.length - 1].cycle;
    const firstWeek = Math.min(1, cycles[0].cycle);
    const totals = cycles.map((c) => c.totalExpectedUtility);
    const top = Math.max(history.threshold, ...totals) * 1.08;
    const bottom = Math.min(0, ...totals);
    const yStep = niceStep(top - bottom, 6);
    const yMax = Math.ceil(top / yStep) * yStep;
    const x = (week) => m.left + ((week - firstWeek) / Math.max(1, lastWeek - firstWeek)) * plotW;
    const y = (v) => m.top + plotH - ((v - bottom) / (yMax - bottom)) * plotH;

    const first = history.firstWeekAtThreshold;
    const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": "utility-svg-title utility-svg-desc" });
    svg.append(el("title", { id: "utility-svg-title" }, tx("ChartTitle", history.campaignName, firstWeek, lastWeek)));
    svg.append(el("desc", { id: "utility-svg-desc" },
      tx("ChartDesc", number.format(totals[0]), cycles[0].cycle, number.format(totals[totals.length - 1]), lastWeek, number.format(history.threshold)) + " " +
      (first ? tx("ChartReached", first) : tx("ChartNotReached"))));

    const grid = el("g", { class: "axis" });
    for (let v = bottom; v <= yMax + 1e-9; v += yStep) {
      grid.append(el("line", { class: "grid-line", x1: m.left, x2: width - m.right, y1: y(v), y2: y(v) }));
      grid.append(el("text", { x: m.left - 8, y: y(v) + 4, "text-anchor": "end", "font-size": 11 }, Math.round(v).toLocaleString("en-GB")));
    }
    const xStep = Math.max(1, Math.ceil((lastWeek - firstWeek + 1) / 12));
    for (let w = firstWeek; w <= lastWeek; w += xStep) {
      grid.append(el("line", { x1: x(w), x2: x(w), y1: m.top + plotH, y2: m.top + plotH + 5 }));
      grid.append(el("text", { x: x(w), y: m.top + plotH + 18, "text-anchor": "middle", "font-size": 11 }, String(w)));
    }
    grid.append(el("line", { x1: m.left, x2: width - m.right, y1: m.top + plotH, y2: m.top + plotH }));
    grid.append(el("line", { x1: m.left, x2: m.left, y1: m.top, y2: m.top + plotH }));
    grid.append(el("text", { x: m.left + plotW / 2, y: height - 8, "text-anchor": "middle", "font-size": 12 }, tx("AxisWeek")));
    grid.append(el("text", { x: 14, y: m.top + plotH / 2, "text-anchor": "middle", "font-size": 12, transform: `rotate(-90 14 ${m.top + plotH / 2})` }, tx("AxisUtility")));
    svg.append(grid);

    svg.append(el("line", { class: "threshold", x1: m.left, x2: width - m.right, y1: y(history.threshold), y2: y(history.threshold) }));
    svg.append(el("text", { class: "threshold-label", x: m.left + 6, y: y(history.threshold) - 6, "font-size": 12 }, tx("Threshold", number.format(history.threshold))));

    if (first) {
      svg.append(el("line", { class: "crossing", x1: x(first), x2: x(first), y1: m.top, y2: m.top + plotH }));
      const anchor = x(first) > m.left + plotW * 0.7 ? "end" : "start";
      svg.append(el("text", { class: "crossing-label", x: x(first) + (anchor === "end" ? -6 : 6), y: m.top + plotH - 8, "text-anchor": anchor, "font-size": 12 }, tx("ReachedIn", first)));
    }

    const path = cycles.map((c, i) => `${i === 0 ? "M" : "L"}${x(c.cycle).toFixed(1)},${y(c.totalExpectedUtility).toFixed(1)}`).join(" ");
    svg.append(el("path", { class: "series", d: path }));
    for (const c of cycles) {
      const point = el("circle", { class: "point", cx: x(c.cycle), cy: y(c.totalExpectedUtility), r: 4 });
      point.append(el("title", {}, tx("PointTitle", c.cycle, number.format(c.totalExpectedUtility), c.contacts, number.format(c.spend))));
      svg.append(point);
    }

    figure.insertBefore(svg, caption);
    figure.dataset.points = String(cycles.length);
    figure.dataset.ready = "true";
  }

  function drawHeatMap(map) {
    const figure = $("heatmap");
    figure.querySelectorAll("svg").forEach((n) => n.remove());
    const caption = figure.querySelector("figcaption");
    const width = 580, height = 336;
    const side = 320, left = 50, baseY = 306;
    const corners = [
      [left, baseY],                                   // states[0], e.g. poor
      [left + side, baseY],                            // states[1], e.g. fair
      [left + side / 2, baseY - side * Math.sqrt(3) / 2], // states[2], e.g. good
    ];
    const project = (b) => [
      b[0] * corners[0][0] + b[1] * corners[1][0] + b[2] * corners[2][0],
      b[0] * corners[0][1] + b[1] * corners[1][1] + b[2] * corners[2][1],
    ];
    const span = map.maximum - map.minimum || 1;
    const t = (v) => (v - map.minimum) / span;

    const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": "heatmap-svg-title heatmap-svg-desc" });
    svg.append(el("title", { id: "heatmap-svg-title" }, tx("HeatTitle", map.intervention, map.model)));
    const above = map.cells.filter((c) => c.value > map.cost).length;
    svg.append(el("desc", { id: "heatmap-svg-desc" },
      tx("HeatDesc", map.cells.length, value2.format(map.minimum), value2.format(map.maximum), above, value2.format(map.cost), map.states.join(", "))));

    const cells = el("g", { "aria-hidden": "true" });
    for (const cell of map.cells) {
      const points = cell.vertices.map((v) => project(v).map((n) => n.toFixed(2)).join(",")).join(" ");
      const colour = viridis(t(cell.value));
      const polygon = el("polygon", { class: "cell", points, fill: colour, stroke: colour });
      polygon.append(el("title", {}, `${map.states.map((s, i) => `${s} ${percent.format(cell.centroid[i])}`).join(", ")}: V = ${value2.format(cell.value)}`));
      cells.append(polygon);
    }
    svg.append(cells);
    svg.append(el("polygon", { points: corners.map((c) => c.join(",")).join(" "), fill: "none", stroke: "#1d2433", "stroke-width": 1.2 }));
    const labels = [
      { at: corners[0], dx: -6, dy: 18, anchor: "start" },
      { at: corners[1], dx: 6, dy: 18, anchor: "end" },
      { at: corners[2], dx: 0, dy: -8, anchor: "middle" },
    ];
    labels.forEach((l, i) => svg.append(el("text", { class: "corner", x: l.at[0] + l.dx, y: l.at[1] + l.dy, "text-anchor": l.anchor, "font-size": 13 }, `${map.states[i]} = 1`)));

    // Colour bar with the cost marked: contact where V exceeds it.
    const barX = 455, barY = 40, barW = 22, barH = 250;
    const gradient = el("linearGradient", { id: "viridis-gradient", x1: 0, y1: 1, x2: 0, y2: 0 });
    for (let i = 0; i <= 20; i++) {
      gradient.append(el("stop", { offset: `${i * 5}%`, "stop-color": viridis(i / 20) }));
    }
    const defs = el("defs");
    defs.append(gradient);
    svg.append(defs);
    svg.append(el("rect", { x: barX, y: barY, width: barW, height: barH, fill: "url(#viridis-gradient)", stroke: "#8a93a6" }));
    const barY0 = (v) => barY + barH - t(v) * barH;
    const ticks = 5;
    for (let i = 0; i <= ticks; i++) {
      const v = map.minimum + (span * i) / ticks;
      svg.append(el("line", { x1: barX + barW, x2: barX + barW + 5, y1: barY0(v), y2: barY0(v), stroke: "#8a93a6" }));
      svg.append(el("text", { x: barX + barW + 8, y: barY0(v) + 4, "font-size": 11 }, value2.format(v)));
    }
    if (map.cost >= map.minimum && map.cost <= map.maximum) {
      svg.append(el("line", { x1: barX - 6, x2: barX + barW + 4, y1: barY0(map.cost), y2: barY0(map.cost), stroke: "#c0392b", "stroke-width": 2 }));
      svg.append(el("text", { x: barX - 8, y: barY0(map.cost) + 4, "text-anchor": "end", "font-size": 11, class: "threshold-label" }, tx("Cost", value2.format(map.cost))));
    }
    svg.append(el("text", { x: barX + barW / 2, y: barY - 12, "text-anchor": "middle", "font-size": 12 }, tx("ColourBar", map.intervention)));

    figure.insertBefore(svg, caption);
    figure.dataset.cells = String(map.cells.length);
    figure.dataset.ready = "true";
  }

  function fillContacts(next, states) {
    const table = $("contacts-table");
    const body = table.querySelector("tbody");
    body.replaceChildren();
    const shown = next.contacts.slice(0, 15);
    for (const c of shown) {
      const row = document.createElement("tr");
      const cells = [
        [c.participantId, ""],
        [c.intervention, ""],
        [value2.format(c.value), "num"],
        [value2.format(c.cost), "num"],
        [value2.format(c.value - c.cost), "num"],
      ];
      for (const [text, cls] of cells) {
        const td = document.createElement("td");
        td.textContent = text;
        if (cls) td.className = cls;
        row.append(td);
      }
      const belief = document.createElement("td");
      const bar = document.createElement("span");
      bar.className = "belief-bar";
      bar.setAttribute("aria-hidden", "true");
      c.belief.forEach((p, i) => {
        const part = document.createElement("span");
        part.style.width = `${(p * 100).toFixed(1)}%`;
        part.style.background = BELIEF_COLOURS[i % BELIEF_COLOURS.length];
        bar.append(part);
      });
      belief.append(bar, document.createTextNode(c.belief.map((p) => percent.format(p)).join(" / ")));
      belief.title = states.map((s, i) => `${s}: ${percent.format(c.belief[i])}`).join(", ");
      row.append(belief);
      const why = document.createElement("td");
      why.textContent = `${c.bestActionWithoutContact} (MEU ${value2.format(c.expectedUtilityWithoutContact)})`;
      why.title = c.reason;
      row.append(why);
      body.append(row);
    }
    if (next.contacts.length === 0) {
      const row = document.createElement("tr");
      const td = document.createElement("td");
      td.colSpan = 7;
      td.textContent = tx("Nobody");
      row.append(td);
      body.append(row);
    }
    const more = next.contacts.length > shown.length ? tx("ShowingFirst", shown.length) : "";
    $("contacts-caption").textContent =
      tx("ContactsCaption", next.nextCycle, next.policy, next.contacts.length, next.participants, value2.format(next.spend), more, next.reportsApplied);
    table.dataset.rows = String(next.contacts.length);
    table.dataset.ready = "true";
  }

  function fillSummary(history, workshop, next) {
    $("stat-week").textContent = String(workshop.week);
    $("stat-crowd").textContent = String(workshop.participants);
    $("stat-total").textContent = number.format(workshop.totalExpectedUtility);
    $("stat-threshold").textContent = number.format(workshop.threshold);
    const hold = $("stat-hold");
    hold.textContent = workshop.hold ? tx("HoldIt") : tx("NotYet");
    const sub = document.createElement("span");
    sub.className = "sub";
    sub.textContent = tx("ToInvite", workshop.invitees.length);
    hold.append(sub);
    hold.className = workshop.hold ? "hold" : "wait";
    $("stat-contacts").textContent = `${next.contacts.length} (${value2.format(next.spend)})`;
  }

  async function show(campaignId) {
    ["utility-chart", "heatmap", "contacts-table"].forEach((id) => { $(id).dataset.ready = "false"; });
    status(tx("Loading", campaignId));
    const id = encodeURIComponent(campaignId);
    const [history, workshop, map, next] = await Promise.all([
      api(`/campaigns/${id}/cycles`),
      api(`/campaigns/${id}/workshop`),
      api(`/campaigns/${id}/heatmap?resolution=24`),
      api(`/campaigns/${id}/contacts/next`),
    ]);
    fillSummary(history, workshop, next);
    drawUtilityChart(history);
    drawHeatMap(map);
    fillContacts(next, map.states);
    status(tx("Updated", new Date().toLocaleTimeString("en-GB")));
  }

  async function start() {
    const campaign = $("dashboard").dataset.campaign;
    const button = $("run-cycle");
    try {
      csrf = await api("/antiforgery/token");
      button.addEventListener("click", async () => {
        button.disabled = true;
        try {
          const outcome = await api(`/campaigns/${encodeURIComponent(campaign)}/cycles`, { method: "POST" });
          await show(campaign);
          status(tx("CycleRan", outcome.cycle, outcome.contacts.length));
        } catch (e) {
          status(e.message, true);
        } finally {
          button.disabled = false;
        }
      });
      await show(campaign);
    } catch (e) {
      status(e.message, true);
    }
  }

  start();
})();
