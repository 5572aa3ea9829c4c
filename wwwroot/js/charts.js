// A thin layer over window.ApexCharts (the UMD build App.razor loads) for the ApexChart component.
// The module keeps each chart's data itself, so the server only ever sends what is new, and it
// writes the number of points a chart holds into the container's data-points attribute for the
// browser tests (data-series counts the series).

const charts = new Map();
let lastId = 0;

/**
 * dotnet: the component, when it re-buckets on zoom: it is told the visible x range (null, null on a reset) and
 * answers with a replace of the series, downsampled for that range.
 */
export function create(element, options, series, dotnet) {
  const state = {
    element,
    dotnet: dotnet ?? null,
    zoom: null,
    options: { ...options },
    series: [],
    chart: null,
    ready: Promise.resolve(),
    pending: false,
    restyle: false,
    destroyed: false,
  };
  for (const s of series ?? []) merge(state, s);
  state.chart = new window.ApexCharts(element, config(state));
  state.ready = state.chart.render().catch(report);
  const id = ++lastId;
  charts.set(id, state);
  count(state);
  return id;
}

/** Adds points to the series of the same name, creating the series (in order) when it is new. */
export function append(id, additions) {
  const state = charts.get(id);
  if (!state) return;
  for (const s of additions) merge(state, s);
  count(state);
  schedule(state);
}

/** Replaces every series (a recomputed histogram, a cleared chart). */
export function replace(id, series) {
  const state = charts.get(id);
  if (!state) return;
  state.series = [];
  state.restyle = true;
  for (const s of series) merge(state, s);
  count(state);
  schedule(state);
}

/** New titles, axis kinds or texts; the data stays. */
export function update(id, options) {
  const state = charts.get(id);
  if (!state) return;
  state.options = { ...options };
  state.restyle = true;
  schedule(state);
}

export function destroy(id) {
  const state = charts.get(id);
  if (!state) return;
  charts.delete(id);
  state.destroyed = true;
  state.ready.then(() => state.chart.destroy()).catch(report);
}

/**
 * Saves the chart as drawn: "png" (twice the screen's resolution, white background) or "svg", through
 * ApexCharts' own dataURI and getSvgString (the toolbar menu's exports, with our file name).
 */
export async function exportImage(id, format, fileName) {
  const state = charts.get(id);
  if (!state) return;
  await state.ready;
  if (format === 'svg') {
    const svg = await state.chart.getSvgString();
    save(URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' })), fileName, true);
  } else {
    const { imgURI } = await state.chart.dataURI({ scale: 2 });
    save(imgURI, fileName, false);
  }
}

/**
 * The plotted points as CSV, one row per point: series,x,y (with bands, y_high too: a band's y is its low end). These are the
 * values the server sent (downsampled, smoothed as shown), not their log10 on a log axis.
 */
export function exportCsv(id, fileName) {
  const state = charts.get(id);
  if (!state) return;
  const bands = state.series.some(s => s.band);
  const rows = [bands ? 'series,x,y,y_high' : 'series,x,y'];
  for (const s of state.series) for (const p of s.points) rows.push([csvField(s.name), ...p.map(String)].join(','));
  save(URL.createObjectURL(new Blob([rows.join('\n') + '\n'], { type: 'text/csv;charset=utf-8' })), fileName, true);
}

function csvField(text) {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function save(href, fileName, revoke) {
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  if (revoke) setTimeout(() => URL.revokeObjectURL(href), 10000);
}

function merge(state, addition) {
  let target = state.series.find(s => s.name === addition.name);
  if (!target) {
    target = {
      name: addition.name,
      color: addition.color ?? null,
      pointsOnly: !!addition.pointsOnly,
      band: !!addition.band,
      dashed: !!addition.dashed,
      markers: !!addition.markers,
      hiddenFromLegend: !!addition.hiddenFromLegend,
      square: !!addition.squareMarkers,
      secondAxis: !!addition.secondAxis,
      points: [],
    };
    state.series.push(target);
    state.restyle = true;
  }
  for (const p of addition.points) target.points.push(p);
}

function count(state) {
  state.element.dataset.points = String(state.series.reduce((n, s) => n + s.points.length, 0));
  state.element.dataset.series = String(state.series.length);
}

// The server already sends at most ~10 batches a second; this only folds together the batches
// that arrive while ApexCharts is still drawing the previous one.
function schedule(state) {
  if (state.pending) return;
  state.pending = true;
  state.ready = state.ready.then(() => {
    state.pending = false;
    if (state.destroyed) return;
    const next = config(state);
    const axes = JSON.stringify([next.xaxis.min, next.xaxis.max, next.yaxis.min, next.yaxis.max]);
    if (state.restyle || axes !== state.axes) {
      // Axis ranges and per-series styles (colours, markers) live in the options.
      state.restyle = false;
      state.axes = axes;
      return state.chart.updateOptions(next, false, false);
    }
    return state.chart.updateSeries(next.series, false);
  }).catch(report);
}

// The visible x range after a zoom (null, null: the whole chart again). A component that re-buckets is asked for the
// range's points at full resolution (it answers with a replace); the others keep the range through later updates.
function zoomTo(state, min, max) {
  const zoomed = Number.isFinite(min) && Number.isFinite(max);
  state.zoom = zoomed ? [min, max] : null;
  state.element.dataset.zoom = zoomed ? `${min},${max}` : '';
  if (state.dotnet) state.dotnet.invokeMethodAsync('OnZoomedAsync', zoomed ? min : null, zoomed ? max : null).catch(report);
}

// ApexCharts' own logarithmic axis mis-draws values below 1, so a log axis is drawn here as
// log10|y| on a linear axis with ticks at powers of ten. |y|: negative values are plotted by
// magnitude and zeros are left out (the component's axis title says so). A band's points are
// [x, low, high]; every coordinate after x is a y value.
function project(state) {
  const log = state.options.logY;
  return state.series.map(s => ({
    name: s.name,
    data: log
      ? s.points.filter(p => p.every((v, i) => i === 0 || v !== 0)).map(p => p.map((v, i) => (i === 0 ? v : Math.log10(Math.abs(v)))))
      : s.points,
  }));
}

// [lo, hi] over the x values (coordinate 0) or over every y value (coordinate 1).
function extent(series, coordinate) {
  let lo = Infinity, hi = -Infinity;
  for (const s of series) for (const p of s.data) {
    const last = coordinate === 0 ? 0 : p.length - 1;
    for (let i = coordinate; i <= last; i++) { if (p[i] < lo) lo = p[i]; if (p[i] > hi) hi = p[i]; }
  }
  return lo <= hi ? [lo, hi] : null;
}

// ApexCharts' range-area chart takes {x, y: [low, high]} for a band and {x, y} for a line beside it.
function toRangeArea(state, series) {
  return series.map((s, i) => state.series[i].band
    ? { name: s.name, type: 'rangeArea', data: s.data.map(p => ({ x: p[0], y: [Math.min(p[1], p[2]), Math.max(p[1], p[2])] })) }
    : { name: s.name, type: 'line', data: s.data.map(p => ({ x: p[0], y: p[1] })) });
}

// Round ticks (1, 2, 2.5 or 5 × 10^k apart, about six of them) over [lo, hi].
function niceAxis(lo, hi, integer) {
  if (hi === lo) { lo -= 1; hi += 1; }
  const raw = (hi - lo) / 6;
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  let step = [1, 2, 2.5, 5, 10].map(f => f * magnitude).find(c => c >= raw);
  if (integer) step = Math.max(1, Math.round(step));
  const min = Math.floor(lo / step) * step;
  const max = Math.ceil(hi / step) * step;
  return { min, max, tickAmount: Math.round((max - min) / step) };
}

// One tick per named position 0 … n − 1 (checkpoints along training).
function labelAxis(n) {
  return n > 1 ? { min: 0, max: n - 1, tickAmount: n - 1 } : { min: -1, max: 1, tickAmount: 2 };
}

// Whole decades, about eight ticks.
function logAxis(lo, hi) {
  const min = Math.floor(lo);
  let max = Math.ceil(hi);
  if (max === min) max = min + 1;
  const step = Math.max(1, Math.ceil((max - min) / 8));
  max = min + step * Math.ceil((max - min) / step);
  return { min, max, tickAmount: (max - min) / step };
}

function config(state) {
  const o = state.options;
  const scatter = o.type === 'scatter';
  const bar = o.type === 'bar';
  const bands = o.type === 'rangeArea';
  const log = !!o.logY;
  let series = project(state);
  const colors = state.series.map((s, i) => s.color ?? palette[i % palette.length]);
  const xs = extent(series, 0);
  const ys = extent(series, 1);
  // A zoomed chart keeps its range through live appends and re-bucketed data.
  const x = state.zoom ? { min: state.zoom[0], max: state.zoom[1], tickAmount: 6 }
    : o.xLabels ? labelAxis(o.xLabels.length) : xs ? niceAxis(xs[0], xs[1], !!o.integerX) : {};
  let y = {};
  // Bars grow from 0, so on a log axis they are drawn from a baseline one decade below the
  // smallest value (a count of one still shows) and the labels add the baseline back.
  let base = 0;
  if (log && ys) {
    y = logAxis(ys[0], ys[1]);
    if (bar) {
      base = y.min - 1;
      series = series.map(s => ({ name: s.name, data: s.data.map(p => [p[0], p[1] - base]) }));
      y = { min: 0, max: y.max - base, tickAmount: y.max - base };
    }
  } else if (!log) {
    y = { min: o.yMin ?? undefined, max: o.yMax ?? undefined };
  }
  const yLabel = log ? v => power(v + base) : tick(ys);
  const xLabel = o.xLabels ? v => o.xLabels[Math.round(v)] ?? '' : o.integerX ? integer : tick(xs);
  if (bands) series = toRangeArea(state, series);
  const lineWidth = s => (s.pointsOnly || s.band ? 0 : 2);
  return {
    chart: {
      type: o.type,
      height: o.height,
      fontFamily: 'inherit',
      animations: { enabled: false },
      zoom: { enabled: !bar, type: scatter ? 'xy' : 'x' },
      toolbar: { show: true, tools: { download: true, selection: false, zoom: !bar, zoomin: !bar, zoomout: !bar, pan: false, reset: !bar } },
      events: {
        zoomed: (_, range) => {
          // A reset reports the range it leaves as a zoom (ApexCharts' handleZoomReset): not one.
          if (state.resetting) { state.resetting = false; return; }
          zoomTo(state, range?.xaxis?.min, range?.xaxis?.max);
        },
        beforeResetZoom: () => { state.resetting = true; zoomTo(state, null, null); },
      },
    },
    series,
    colors,
    title: { text: o.title, style: { fontSize: '15px', fontWeight: 600 } },
    xaxis: {
      type: 'numeric',
      title: { text: o.xTitle },
      min: x.min,
      max: x.max,
      tickAmount: x.tickAmount,
      labels: { formatter: xLabel, hideOverlappingLabels: true },
      tooltip: { enabled: false },
    },
    yaxis: twoAxes(state, {
      title: { text: o.yTitle },
      min: y.min,
      max: y.max,
      tickAmount: y.tickAmount,
      forceNiceScale: !log && y.min === undefined,
      labels: { formatter: yLabel },
    }),
    stroke: {
      width: bar || scatter ? 0 : state.series.map(lineWidth),
      dashArray: state.series.map(s => (s.dashed ? 5 : 0)),
      curve: 'straight',
    },
    markers: {
      size: scatter ? 3 : state.series.map(s => (s.pointsOnly || s.markers ? 5 : 0)),
      shape: state.series.map(s => (s.square ? 'square' : 'circle')),
      strokeWidth: 0,
    },
    fill: { opacity: bar ? 0.75 : bands ? state.series.map(s => (s.band ? 0.18 : 1)) : 1 },
    annotations: {
      xaxis: (o.xLines ?? []).map(markLine),
      // A level on a log axis sits where the series' logarithms put it (a bar chart's baseline shift included).
      yaxis: (o.yLines ?? []).filter(l => !log || l.y > 0).map(l => levelLine(l, log ? Math.log10(l.y) - base : l.y)),
    },
    plotOptions: { bar: { columnWidth: '95%' } },
    dataLabels: { enabled: false },
    legend: legend(state, colors),
    tooltip: {
      shared: false,
      intersect: scatter || bar,
      x: { formatter: xLabel },
      y: { formatter: log ? v => number(Math.pow(10, v + base)) : number },
    },
    noData: { text: o.noDataText, style: { fontSize: '14px' } },
    grid: { borderColor: '#e0e0e0' },
  };
}

// Series hidden from the legend (a raw curve behind its smoothed one) leave it a key of the others: ApexCharts
// links legend item i to series i, so a legend without them lists names and colours and toggles nothing.
function legend(state, colors) {
  const base = { show: true, showForSingleSeries: true, position: 'top', horizontalAlign: 'right' };
  const keyed = state.series.map((s, i) => ({ s, color: colors[i] })).filter(k => !k.s.hiddenFromLegend);
  if (keyed.length === state.series.length) return base;
  return {
    ...base,
    customLegendItems: keyed.map(k => k.s.name),
    markers: { fillColors: keyed.map(k => k.color) },
    onItemClick: { toggleDataSeries: false },
    onItemHover: { highlightDataSeries: false },
  };
}

// Series marked secondAxis are drawn against a right-hand axis of their own (linear charts only). ApexCharts takes one
// y axis entry per series; the entries of a group name the group's first series, and only that one shows.
function twoAxes(state, main) {
  if (state.options.logY || !state.series.some(s => s.secondAxis)) return main;
  const lead = second => state.series.find(s => !!s.secondAxis === second)?.name;
  return state.series.map(s => {
    const group = lead(s.secondAxis);
    const axis = s.secondAxis
      ? { opposite: true, title: { text: state.options.y2Title ?? '' }, forceNiceScale: true, labels: { formatter: number } }
      : { ...main };
    return { ...axis, seriesName: group, show: s.name === group };
  });
}

// Lines at nearly the same x would print their labels over each other: each label sits a row lower.
function levelLine(line, y) {
  const color = line.color ?? '#616161';
  return {
    y,
    borderColor: color,
    strokeDashArray: 4,
    label: {
      text: line.label,
      position: 'left',
      textAnchor: 'start',
      borderColor: color,
      style: { color: '#fff', background: color, fontSize: '11px' },
    },
  };
}

function markLine(line, index) {
  const color = line.color ?? '#616161';
  return {
    x: line.x,
    borderColor: color,
    strokeDashArray: 4,
    label: {
      text: line.label,
      orientation: 'horizontal',
      offsetY: 20 * index,
      borderColor: color,
      style: { color: '#fff', background: color, fontSize: '11px' },
    },
  };
}

const palette = ['#1e88e5', '#e65100', '#43a047', '#8e24aa', '#6d4c41', '#00897b'];

function integer(v) {
  return v === undefined || v === null ? '' : String(Math.round(v));
}

// Short labels over many decades: plain digits in [1e-3, 1e5), else scientific notation.
function number(v) {
  if (v === undefined || v === null || Number.isNaN(v)) return '';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(4)));
  return v.toExponential(2);
}

// Axis labels: a tick that should sit at 0 lands at -2.8e-17 by rounding; call it 0 when it is that far
// below the data's scale (the tooltips keep every digit).
function tick(extent) {
  const scale = extent ? Math.max(Math.abs(extent[0]), Math.abs(extent[1])) : 0;
  return v => (v !== undefined && v !== null && Math.abs(v) < 1e-9 * scale ? '0' : number(v));
}

// A tick at log10|y| = k reads 10^k: "1", "10", "0.01", "1e-5".
function power(v) {
  if (v === undefined || v === null || Number.isNaN(v)) return '';
  const k = Math.round(v);
  if (Math.abs(v - k) > 1e-9) return number(Math.pow(10, v));
  return k >= -3 && k <= 4 ? String(Number(Math.pow(10, k).toPrecision(1))) : `1e${k}`;
}

function report(error) {
  console.error('chart update failed', error);
}
