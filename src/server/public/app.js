// popshift board dashboard: pick a scenario (and optionally a second to
// compare), change headline assumptions, and see the charts redrawn. Charts are
// Vega-Lite specs from the API drawn with vega-embed ({ ast: true }: no eval,
// so the page runs under a strict Content-Security-Policy).
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const els = {
    form: $('controls'),
    a: $('scenario-a'),
    aDesc: $('scenario-a-description'),
    compare: $('compare'),
    b: $('scenario-b'),
    shift: $('shift'),
    shiftHint: $('shift-hint'),
    inflation: $('inflation'),
    inflationHint: $('inflation-hint'),
    payment: $('payment'),
    paymentHint: $('payment-hint'),
    reset: $('reset'),
    status: $('status'),
    error: $('error'),
    headline: $('headline-columns'),
    charts: $('chart-list'),
    downloads: $('downloads'),
    per: $('per'),
    perHead: $('per-head'),
    perHeadTable: $('per-head-table'),
    places: $('places-columns'),
  };

  /** Scenario summaries by id, and the detail (with assumptions) of scenario A. */
  const state = { scenarios: new Map(), detail: null, seq: 0, views: [] };

  const PAYMENT_NAMES = { tariff: 'tariff (Payment by Results)', block: 'a block contract', blended: 'a blended contract', 'cost-per-case': 'cost per case', none: 'no separate payment' };

  function setStatus(text) {
    els.status.textContent = text;
  }

  function showError(problem) {
    // Field errors mark the control they name.
    for (const el of [els.shift, els.inflation, els.payment, els.a, els.b]) el.removeAttribute('aria-invalid');
    if (!problem) {
      els.error.hidden = true;
      els.error.textContent = '';
      return;
    }
    els.error.hidden = false;
    els.error.textContent = problem.detail || problem.title || String(problem);
    const field = problem.field || '';
    const control = field.includes('shiftFraction') || field.includes('fraction')
      ? els.shift
      : field.includes('costInflation') || field.includes('cii')
        ? els.inflation
        : field.includes('acutePayment') || field.includes('contracts')
          ? els.payment
          : null;
    if (control) control.setAttribute('aria-invalid', 'true');
  }

  async function api(path, init) {
    const res = await fetch(path, init);
    const type = res.headers.get('content-type') || '';
    const body = type.includes('json') ? await res.json() : await res.text();
    if (!res.ok) {
      const err = new Error(body && body.detail ? body.detail : `${res.status} ${res.statusText}`);
      err.problem = typeof body === 'object' ? body : { detail: String(body) };
      throw err;
    }
    return body;
  }

  function option(value, text) {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = text;
    return o;
  }

  const pct = (v, digits) => (v * 100).toFixed(digits);

  // --- scenarios and their assumptions --------------------------------------

  async function loadScenarios() {
    const { default: def, scenarios } = await api('/api/scenarios');
    // one group per system (the scenario at the root of each extends chain), saying how many places it has
    const groups = new Map();
    for (const s of scenarios) {
      state.scenarios.set(s.id, s);
      const key = s.system ? s.system.id : s.id;
      if (!groups.has(key)) groups.set(key, { name: s.system ? s.system.name : s.name, places: s.places || 1, items: [] });
      groups.get(key).items.push(s);
    }
    for (const select of [els.a, els.b]) {
      for (const g of groups.values()) {
        const og = document.createElement('optgroup');
        og.label = `${g.name} (${g.places} place${g.places === 1 ? '' : 's'})`;
        for (const s of g.items) og.append(option(s.id, s.name));
        select.append(og);
      }
    }
    const fromUrl = new URLSearchParams(location.search).get('scenario');
    els.a.value = state.scenarios.has(fromUrl) ? fromUrl : state.scenarios.has(def) ? def : scenarios[0].id;
    pickSecond(true);
  }

  /** A sensible second scenario, unless one other than A is chosen: A's parent, else its first child, else the next. */
  function pickSecond(force) {
    if (!force && els.b.value && els.b.value !== els.a.value) return;
    const all = [...state.scenarios.values()];
    const a = state.scenarios.get(els.a.value);
    const pick = (a && a.extends && state.scenarios.get(a.extends)) || all.find((s) => s.extends === els.a.value) || all.find((s) => s.id !== els.a.value);
    if (pick) els.b.value = pick.id;
  }

  async function loadDetail() {
    const d = await api(`/api/scenarios/${encodeURIComponent(els.a.value)}`);
    state.detail = d;
    els.aDesc.textContent = d.description || (d.extends ? `Extends ${d.extends}.` : '');
    setAssumptionControls(d.assumptions);
  }

  function setAssumptionControls(a) {
    const shift = a.shiftFraction;
    els.shift.disabled = !shift;
    els.shift.value = shift ? pct(shift.value, 0) : '';
    els.shiftHint.textContent = shift
      ? `Scheme “${shift.name}”; the scenario assumes ${pct(shift.value, 0)}%.`
      : 'This scenario has no scheme shifting admissions: choose an integrated-care scenario to change it.';
    const inf = a.costInflationThereafter;
    els.inflation.disabled = !inf;
    els.inflation.value = inf ? pct(inf.value, 1) : '';
    els.inflationHint.textContent = inf
      ? `The NHS Cost Inflation Index from ${inf.from} on; the scenario assumes ${pct(inf.value, 1)}% a year.`
      : 'This scenario does not use the Cost Inflation Index.';
    const pay = a.acutePayment;
    els.payment.disabled = !pay;
    if (pay) {
      if (![...els.payment.options].some((o) => o.value === pay.value)) els.payment.append(option(pay.value, pay.value));
      els.payment.value = pay.value;
    }
    const orgName = (id) => {
      const o = state.detail && state.detail.organisations.find((x) => x.id === id);
      return o ? o.name : id;
    };
    els.paymentHint.textContent = pay
      ? `How ${orgName(pay.commissioner)} pays ${orgName(pay.provider)} for its acute services; the scenario uses ${PAYMENT_NAMES[pay.value] || pay.value}.`
      : 'This scenario has no acute services.';
  }

  /** The assumptions that differ from scenario A's own (so an unchanged form shares the scenario's cached run). */
  function changedAssumptions() {
    const a = state.detail ? state.detail.assumptions : {};
    const out = {};
    if (a.shiftFraction && els.shift.value !== '') {
      const v = Number(els.shift.value) / 100;
      if (Math.abs(v - a.shiftFraction.value) > 1e-9 && els.shift.value !== pct(a.shiftFraction.value, 0)) out.shiftFraction = v;
    }
    if (a.costInflationThereafter && els.inflation.value !== '') {
      const v = Number(els.inflation.value) / 100;
      if (Math.abs(v - a.costInflationThereafter.value) > 1e-9 && els.inflation.value !== pct(a.costInflationThereafter.value, 1)) out.costInflationThereafter = v;
    }
    if (a.acutePayment && els.payment.value !== a.acutePayment.value) out.acutePayment = els.payment.value;
    return out;
  }

  // --- tables: places, roll-ups and systems per head -------------------------

  const fmtM = (v) => `${v < 0 ? '−' : ''}${(Math.abs(v) / 1e6).toFixed(1)}`;
  const fmtN = (v) => Math.round(v).toLocaleString('en-GB');
  const fmtP = (v) => `${v < 0 ? '−' : ''}£${fmtN(Math.abs(v))}`;
  const MAX_ROWS = 30;

  /** A table of figures: a caption, a header row and body rows (the last may be a total). */
  function figuresTable(caption, head, rows, total) {
    const t = document.createElement('table');
    t.className = 'figures';
    const c = document.createElement('caption');
    c.textContent = caption;
    t.append(c);
    const thead = document.createElement('thead');
    const hr = document.createElement('tr');
    for (const h of head) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = h;
      hr.append(th);
    }
    thead.append(hr);
    const tbody = document.createElement('tbody');
    rows.forEach((r, i) => {
      const tr = document.createElement('tr');
      if (total && i === rows.length - 1) tr.className = 'total';
      r.forEach((v, j) => {
        const cell = document.createElement(j === 0 ? 'th' : 'td');
        if (j === 0) cell.scope = 'row';
        cell.textContent = v;
        tr.append(cell);
      });
      tbody.append(tr);
    });
    t.append(thead, tbody);
    return t;
  }

  /** The year the headline focuses on (the calibration year, else the horizon). */
  function focusYear(run) {
    const h = run.headline.find((x) => x.id === 'gap-focus') || run.headline.find((x) => x.id === 'gap-horizon');
    return h ? h.year : run.results.horizon;
  }

  /** A run's places and roll-ups (by council, by area): population, funding and gap in the focus year, gap at the horizon. */
  function placesBlock(run, label) {
    const r = run.results;
    const div = document.createElement('div');
    div.className = 'places-block';
    const h = document.createElement('h3');
    h.textContent = `${label ? `${label}: ` : ''}${r.scenario} — ${r.places.length} place${r.places.length === 1 ? '' : 's'}`;
    div.append(h);
    const y = focusYear(run);
    const t = r.years.indexOf(y);
    const H = r.years.length - 1;
    const head = (first) => [first, `Population ${y}`, `Funding ${y} £m`, `Gap ${y} £m`, `Gap ${r.horizon} £m`];
    const row = (name, g, pop) => [name, fmtN(pop), fmtM(g.funding[t]), fmtM(g.gap[t]), fmtM(g.gap[H])];
    const system = row('System', r.system, r.population.total[t]);
    const orgName = (id) => (r.organisations.find((o) => o.id === id) || { name: id }).name;
    for (const by of ['council', 'area']) {
      const groups = r.rollups.filter((g) => g.by === by);
      if (!groups.length || groups.length > MAX_ROWS) continue;
      const rows = groups.map((g) => row(`${by === 'council' ? orgName(g.id) : g.name} (${g.places.length})`, g, g.population[t]));
      div.append(figuresTable(`By ${by === 'council' ? "council's area" : 'area'}, £m (places in brackets): the groups sum to the system`, head(by === 'council' ? 'Council area' : 'Area'), [...rows, system], true));
    }
    const placeRows = r.places.map((p) => row(p.name, p, p.population.total[t]));
    const table = figuresTable('By place, £m: the places sum to the system', head('Place'), [...placeRows, system], true);
    if (r.places.length <= MAX_ROWS) div.append(table);
    else {
      const d = document.createElement('details');
      const sum = document.createElement('summary');
      sum.textContent = `All ${r.places.length} places`;
      d.append(sum, table);
      div.append(d);
    }
    return div;
  }

  /** Two runs side by side per head (or per weighted head) in the last year both project, and their first common year. */
  function perHeadTable(runA, runB, per) {
    const years = runA.results.years.filter((y) => runB.results.years.includes(y));
    if (!years.length) return document.createTextNode('The two scenarios share no year.');
    const picks = [...new Set([years[0], years[years.length - 1]])];
    const unit = per === 'head' ? '£ per head' : '£ per weighted head';
    const head = ['', ...picks.flatMap((y) => [`A ${y}`, `B ${y}`])];
    const val = (run, y, f) => {
      const r = run.results;
      const t = r.years.indexOf(y);
      const heads = per === 'head' ? r.population.total[t] : r.population.weighted[t];
      return f(r, t, heads);
    };
    const line = (label, f) => [label, ...picks.flatMap((y) => [val(runA, y, f), val(runB, y, f)])];
    const rows = [
      line('Population', (r, t) => fmtN(r.population.total[t])),
      line('Weighted population', (r, t) => fmtN(r.population.weighted[t])),
      line('Funding', (r, t, n) => fmtP(r.system.funding[t] / n)),
      line('Cost', (r, t, n) => fmtP(r.system.cost[t] / n)),
      line('Gap', (r, t, n) => fmtP(r.system.gap[t] / n)),
      line('Gap, % of funding', (r, t) => `${((r.system.gap[t] / r.system.funding[t]) * 100).toFixed(1)}%`),
    ];
    return figuresTable(`A = ${runA.scenario.name}; B = ${runB.scenario.name}. ${unit}, ${runA.results.priceBase === runB.results.priceBase ? runA.results.priceBase : 'each in its own price base'}`, head, rows, false);
  }

  // --- runs -------------------------------------------------------------------

  async function startRun(scenario, assumptions) {
    const body = { scenario };
    if (assumptions && Object.keys(assumptions).length) body.assumptions = assumptions;
    const created = await api('/api/runs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    // The server accepts a run (202) and computes it on its worker pool: ask until it is done.
    for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
      const run = await api(created.links.self);
      if (run.status === 'done') return run;
      if (run.status === 'failed') {
        const err = new Error(run.error || 'the run failed');
        err.problem = run.problem || { detail: run.error };
        throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  function chartTitle(spec) {
    const t = spec.title;
    if (!t) return '';
    return typeof t === 'string' ? t : Array.isArray(t.text) ? t.text.join(' ') : t.text || '';
  }

  function headlineBlock(run, label) {
    const div = document.createElement('div');
    div.className = 'headline';
    const h = document.createElement('h3');
    h.textContent = label ? `${label}: ${run.scenario.name}` : run.scenario.name;
    const dl = document.createElement('dl');
    for (const item of run.headline) {
      const dt = document.createElement('dt');
      dt.textContent = item.label;
      const dd = document.createElement('dd');
      dd.textContent = item.text;
      dd.dataset.id = item.id;
      const pair = document.createElement('div');
      pair.append(dt, dd);
      dl.append(pair);
    }
    div.append(h, dl);
    const changed = run.request.assumptions ? Object.keys(run.request.assumptions) : [];
    if (changed.length) {
      const p = document.createElement('p');
      p.className = 'hint';
      p.textContent = `With changed assumptions: ${describeAssumptions(run.assumptions, changed)}.`;
      div.append(p);
    }
    return div;
  }

  function describeAssumptions(a, changed) {
    const parts = [];
    if (changed.includes('shiftFraction') && a.shiftFraction) parts.push(`${pct(a.shiftFraction.value, 0)}% of avoidable admissions shifted`);
    if (changed.includes('costInflationThereafter') && a.costInflationThereafter) parts.push(`cost inflation ${pct(a.costInflationThereafter.value, 1)}% a year from ${a.costInflationThereafter.from}`);
    if (changed.includes('acutePayment') && a.acutePayment) parts.push(`acute services on ${PAYMENT_NAMES[a.acutePayment.value] || a.acutePayment.value}`);
    return parts.join('; ');
  }

  function downloadLinks(run, label) {
    const span = document.createElement('span');
    const links = [
      ['JSON', run.links.self + '?format=json'],
      ['CSV', run.links.csv],
      ['Excel', run.links.xlsx],
    ];
    span.append(`${label} `);
    links.forEach(([text, href], i) => {
      const a = document.createElement('a');
      a.href = href;
      a.textContent = text;
      if (i) span.append(', ');
      span.append(a);
    });
    return span;
  }

  /** One chart in a figure: container with role=img and the chart's title and description as its label. */
  function figure(chart, label) {
    const fig = document.createElement('figure');
    fig.className = 'chart-figure';
    const box = document.createElement('div');
    box.className = 'chart';
    box.setAttribute('role', 'img');
    box.dataset.chart = chart.name;
    box.setAttribute('aria-label', chart.title);
    // Vega marks its own element as a graphics document: draw into an inner
    // element hidden from assistive technology, the outer one is the image.
    const target = document.createElement('div');
    target.className = 'vega-target';
    target.setAttribute('aria-hidden', 'true');
    box.append(target);
    const cap = document.createElement('figcaption');
    const strong = document.createElement('strong');
    strong.textContent = label ? `${label}: ${chart.title}` : chart.title;
    cap.append(strong, ' ');
    for (const [text, key] of [['SVG', 'svg'], ['PNG', 'png'], ['Vega-Lite', 'vl.json']]) {
      const a = document.createElement('a');
      a.href = chart[key];
      a.textContent = text;
      a.className = 'download';
      a.setAttribute('aria-label', `${chart.title}${label ? ` (${label})` : ''} as ${text}`);
      cap.append(a, ' ');
    }
    fig.append(box, cap);
    return { fig, box, url: chart['vl.json'] };
  }

  async function draw(box, url) {
    const spec = await api(url);
    const title = chartTitle(spec);
    box.setAttribute('aria-label', [title, spec.description].filter(Boolean).join('. '));
    const result = await window.vegaEmbed(box.querySelector('.vega-target'), spec, { ast: true, actions: false, renderer: 'svg' });
    state.views.push(result);
  }

  function clearCharts() {
    for (const v of state.views) v.finalize();
    state.views = [];
    els.charts.replaceChildren();
  }

  async function update() {
    const seq = ++state.seq;
    showError(null);
    const comparing = els.compare.checked;
    setStatus('Running the projection…');
    els.form.setAttribute('aria-busy', 'true');
    try {
      const assumptions = changedAssumptions();
      const [runA, runB] = await Promise.all([startRun(els.a.value, assumptions), comparing ? startRun(els.b.value) : null]);
      if (seq !== state.seq) return;
      els.headline.replaceChildren(headlineBlock(runA, comparing ? 'A' : ''), ...(runB ? [headlineBlock(runB, 'B')] : []));
      els.headline.classList.toggle('two', Boolean(runB));
      els.downloads.replaceChildren(downloadLinks(runA, comparing ? 'A —' : ''), ...(runB ? ['; ', downloadLinks(runB, 'B —')] : []));
      els.places.replaceChildren(placesBlock(runA, runB ? 'A' : ''), ...(runB ? [placesBlock(runB, 'B')] : []));
      els.places.classList.toggle('two', Boolean(runB));
      els.perHead.hidden = !runB;
      els.perHeadTable.replaceChildren(...(runB ? [perHeadTable(runA, runB, els.per.value)] : []));

      clearCharts();
      const jobs = [];
      const byName = new Map(runA.links.charts.map((c) => [c.name, c]));
      const namesB = runB ? new Map(runB.links.charts.map((c) => [c.name, c])) : new Map();
      const names = [...new Set([...byName.keys(), ...namesB.keys()])];
      for (const name of names) {
        const row = document.createElement('div');
        row.className = runB ? 'chart-row two' : 'chart-row';
        for (const [run, charts, label] of [[runA, byName, runB ? 'A' : ''], ...(runB ? [[runB, namesB, 'B']] : [])]) {
          const c = charts.get(name);
          if (!c) {
            const p = document.createElement('p');
            p.className = 'hint not-applicable';
            p.textContent = `${label}: ${run.scenario.name} has no ${name} chart.`;
            row.append(p);
            continue;
          }
          const f = figure(c, label);
          row.append(f.fig);
          jobs.push(draw(f.box, f.url));
        }
        els.charts.append(row);
      }
      if (runB) {
        // B − A, drawn from run B against run A.
        const row = document.createElement('div');
        row.className = 'chart-row';
        const base = `${runB.links.self}/charts/comparison`;
        const q = `?against=${runA.id}`;
        const f = figure({ name: 'comparison', title: 'Scenario comparison (B − A)', svg: `${base}.svg${q}`, png: `${base}.png${q}`, 'vl.json': `${base}.vl.json${q}` }, '');
        row.append(f.fig);
        // both systems per head (or per weighted head), whatever their sizes
        const perBase = `${runB.links.self}/charts/per-head`;
        const pq = `${q}&per=${encodeURIComponent(els.per.value)}`;
        const g = figure({ name: 'per-head', title: `Funding gap ${els.per.value === 'head' ? 'per head' : 'per weighted head'}, A and B`, svg: `${perBase}.svg${pq}`, png: `${perBase}.png${pq}`, 'vl.json': `${perBase}.vl.json${pq}` }, '');
        row.className = 'chart-row two';
        row.append(g.fig);
        els.charts.append(row);
        jobs.push(draw(f.box, f.url), draw(g.box, g.url));
      }
      await Promise.all(jobs);
      if (seq !== state.seq) return;
      els.charts.dataset.runs = [runA.id, runB ? runB.id : ''].join(',');
      setStatus(`Showing ${runA.scenario.name}${runB ? ` against ${runB.scenario.name}` : ''}: ${els.charts.querySelectorAll('.chart').length} charts.`);
    } catch (e) {
      if (seq !== state.seq) return;
      setStatus('The charts could not be updated.');
      showError(e.problem || { detail: e.message });
    } finally {
      if (seq === state.seq) els.form.removeAttribute('aria-busy');
    }
  }

  // --- wiring -------------------------------------------------------------------

  els.form.addEventListener('submit', (e) => {
    e.preventDefault();
    update();
  });
  els.a.addEventListener('change', async () => {
    pickSecond();
    try {
      await loadDetail();
      update();
    } catch (e) {
      showError(e.problem || { detail: e.message });
    }
  });
  els.b.addEventListener('change', () => update());
  els.payment.addEventListener('change', () => update());
  els.compare.addEventListener('change', () => {
    els.b.disabled = !els.compare.checked;
    els.per.disabled = !els.compare.checked;
    update();
  });
  els.per.addEventListener('change', () => update());
  els.reset.addEventListener('click', () => {
    if (state.detail) setAssumptionControls(state.detail.assumptions);
    update();
  });

  async function start() {
    try {
      await loadScenarios();
      await loadDetail();
      await update();
    } catch (e) {
      setStatus('The dashboard could not start.');
      showError(e.problem || { detail: e.message });
    }
  }
  start();
})();
