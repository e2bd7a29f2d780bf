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
    place: $('place'),
    parameters: $('parameters'),
    parameterCount: $('parameter-count'),
    series: $('series'),
    investments: $('investments'),
    iterations: $('iterations'),
    mcYear: $('mc-year'),
    target: $('target'),
    runMc: $('run-mc'),
    stopMc: $('stop-mc'),
    mcProgress: $('mc-progress'),
    mcStatus: $('mc-status'),
    mcHint: $('mc-hint'),
    downloadScenario: $('download-scenario'),
  };

  /** Scenario summaries by id, and the detail (with assumptions) of scenario A. */
  const state = { scenarios: new Map(), detail: null, seq: 0, views: [], drawn: [], mc: null, runA: null, url: new URLSearchParams(location.search) };
  const MAX_DASHBOARD_ITERATIONS = 5000;

  const PAYMENT_NAMES = { tariff: 'tariff (Payment by Results)', block: 'a block contract', blended: 'a blended contract', 'cost-per-case': 'cost per case', none: 'no separate payment' };

  function setStatus(text) {
    els.status.textContent = text;
  }

  function showError(problem) {
    // Field errors mark the control they name.
    for (const el of [els.shift, els.inflation, els.payment, els.a, els.b, els.iterations, els.target, ...els.parameters.querySelectorAll('input'), ...els.series.querySelectorAll('input'), ...els.investments.querySelectorAll('input')]) el.removeAttribute('aria-invalid');
    if (!problem) {
      els.error.hidden = true;
      els.error.textContent = '';
      return;
    }
    els.error.hidden = false;
    els.error.textContent = problem.detail || problem.title || String(problem);
    const field = problem.field || (problem.errors && problem.errors[0] && problem.errors[0].field) || '';
    const param = /parameters\.([^.[\s:]+)/.exec(field + ' ' + (problem.detail || ''));
    // a series' year: in the field (…byYear.2025/26) or the loader's message ("$name in 2025/26")
    const year = /(?:byYear\.|\$[^\s]+ in )(\d{4}\/\d{2})/.exec(field + ' ' + (problem.detail || ''));
    const paramInput =
      param &&
      (els.parameters.querySelector(`input[data-name="${CSS.escape(param[1])}"]`) ||
        els.series.querySelector(`input[data-series="${CSS.escape(param[1])}"]${year ? `[data-year="${CSS.escape(year[1])}"]` : ''}`));
    // a scheme's investment sum: schemes[id].investment[i].oneOff.<year> or .recurrent, in the field or the message
    const inv = /schemes[[.]([\w-]+)\]?\.investment\[(\d+)\]\.(?:oneOff\.(\d{4}\/\d{2})|(recurrent))/.exec(field + ' ' + (problem.detail || ''));
    // the loader names a scheme by its place in the file's list
    const invScheme = inv && (/^\d+$/.test(inv[1]) && state.detail && state.detail.schemes[Number(inv[1])] ? state.detail.schemes[Number(inv[1])].id : inv[1]);
    const invInput = inv && els.investments.querySelector(`input[data-key="${CSS.escape(`${invScheme}.${inv[2]}.${inv[3] || 'recurrent'}`)}"]`);
    const control = paramInput ? paramInput : invInput ? invInput : field.includes('monteCarlo') ? els.iterations : field.includes('shiftFraction') || field.includes('fraction')
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
    const fromUrl = state.url.get('scenario');
    els.a.value = state.scenarios.has(fromUrl) ? fromUrl : state.scenarios.has(def) ? def : scenarios[0].id;
    const b = state.url.get('b');
    if (b && state.scenarios.has(b) && b !== els.a.value) els.b.value = b;
    else pickSecond(true);
    syncSecond();
    if (state.url.get('compare') === '1') els.compare.checked = true;
    els.b.disabled = !els.compare.checked;
    els.per.disabled = !els.compare.checked;
    if (['head', 'weighted-head'].includes(state.url.get('per'))) els.per.value = state.url.get('per');
  }

  /** A scenario cannot be compared with itself: the first scenario is not offered as the second. */
  function syncSecond() {
    for (const o of els.b.options) o.disabled = o.value === els.a.value;
  }

  /** A sensible second scenario, unless one other than A is chosen: A's parent, else its first child, else the next. */
  function pickSecond(force) {
    if (!force && els.b.value && els.b.value !== els.a.value) return;
    const all = [...state.scenarios.values()];
    const a = state.scenarios.get(els.a.value);
    const pick = (a && a.extends && state.scenarios.get(a.extends)) || all.find((s) => s.extends === els.a.value) || all.find((s) => s.id !== els.a.value);
    if (pick) els.b.value = pick.id;
    syncSecond();
  }

  async function loadDetail() {
    const d = await api(`/api/scenarios/${encodeURIComponent(els.a.value)}`);
    state.detail = d;
    els.aDesc.textContent = d.description || (d.extends ? `Extends ${d.extends}.` : '');
    setAssumptionControls(d.assumptions);
    setPlaces(d.placeList || []);
    setParameters(d.parameters || []);
    setSeries(d.series || []);
    setInvestments(d.investments || []);
    setMonteCarlo(d);
  }

  function setPlaces(list) {
    const keep = els.place.value;
    els.place.replaceChildren(option('', 'Whole system'), ...(list.length > 1 ? list.map((p) => option(p.id, p.name)) : []));
    els.place.disabled = list.length <= 1;
    els.place.value = list.some((p) => p.id === keep) && list.length > 1 ? keep : '';
  }

  /** A number for an input: enough digits, no float noise. */
  const inputNumber = (v) => String(Number(v.toPrecision(10)));

  /** A number input holding an assumption's value (kept as `data-original`), within its validated range. */
  function numberInput(id, { value, min, max }) {
    const input = document.createElement('input');
    input.type = 'number';
    input.id = id;
    input.step = 'any';
    input.inputMode = 'decimal';
    input.dataset.original = inputNumber(value);
    input.value = input.dataset.original;
    if (min !== undefined) input.min = String(min);
    if (max !== undefined) input.max = String(max);
    return input;
  }

  /** One input per one-number parameter, within its validated range, its source beside it. */
  function setParameters(list) {
    els.parameterCount.textContent = String(list.length);
    els.parameters.replaceChildren(
      ...list.map((p, i) => {
        const div = document.createElement('div');
        div.className = 'field';
        const id = `param-${i}`;
        const label = document.createElement('label');
        label.htmlFor = id;
        label.textContent = p.unit ? `${p.label} (${p.unit})` : p.label;
        const input = numberInput(id, p);
        input.dataset.name = p.name;
        const hint = document.createElement('p');
        hint.className = 'hint';
        hint.id = `${id}-hint`;
        const range = p.min !== undefined || p.max !== undefined ? `Range ${p.min ?? '−∞'} to ${p.max ?? '∞'}. ` : '';
        hint.textContent = `${range}${p.uncertain ? 'Uncertain (a distribution): a value here fixes it. ' : ''}Source: ${p.source || 'not stated in the scenario'}.`;
        input.setAttribute('aria-describedby', hint.id);
        input.addEventListener('change', () => update());
        div.append(label, input, hint);
        return div;
      }),
    );
  }

  /** One group of inputs per year-by-year parameter, a year each, within its validated range, its source beside it. */
  function setSeries(list) {
    els.parameterCount.textContent = String((state.detail.parameters || []).length + list.length);
    els.series.replaceChildren(
      ...list.map((sr, i) => {
        const set = document.createElement('fieldset');
        const legend = document.createElement('legend');
        legend.textContent = `${sr.label}, year by year${sr.unit ? ` (${sr.unit})` : ''}`;
        const hint = document.createElement('p');
        hint.className = 'hint';
        hint.id = `series-${i}-hint`;
        const y0 = sr.years[0];
        const range = y0 && (y0.min !== undefined || y0.max !== undefined) ? `Range ${y0.min ?? '−∞'} to ${y0.max ?? '∞'} each year. ` : '';
        hint.textContent = `${range}${sr.uncertain ? 'Uncertain (a distribution): a change here fixes every year at the values shown. ' : ''}${/a year/.test(sr.unit || '') ? 'Each year is the change into that year. ' : ''}Source: ${sr.source || 'not stated in the scenario'}.`;
        const grid = document.createElement('div');
        grid.className = 'series-years';
        for (const [t, y] of sr.years.entries()) {
          const id = `series-${i}-${t}`;
          const cell = document.createElement('div');
          const label = document.createElement('label');
          label.htmlFor = id;
          label.textContent = y.year;
          const input = numberInput(id, y);
          input.dataset.series = sr.name;
          input.dataset.year = y.year;
          input.setAttribute('aria-describedby', hint.id);
          input.addEventListener('change', () => update());
          cell.append(label, input);
          grid.append(cell);
        }
        set.append(legend, hint, grid);
        return set;
      }),
    );
  }

  /** One input per investment sum a scheme writes as a number (£, at least 0), its source beside it. */
  function setInvestments(list) {
    const sums = list.reduce((n, k) => n + k.sums.length, 0);
    els.parameterCount.textContent = String((state.detail.parameters || []).length + (state.detail.series || []).length + sums);
    els.investments.replaceChildren(
      ...list.map((k, i) => {
        const set = document.createElement('fieldset');
        const legend = document.createElement('legend');
        legend.textContent = `Investment in “${k.name}” (£, as spent)`;
        const grid = document.createElement('div');
        grid.className = 'parameters';
        k.sums.forEach((sum, j) => {
          const id = `investment-${i}-${j}`;
          const div = document.createElement('div');
          div.className = 'field';
          const label = document.createElement('label');
          label.htmlFor = id;
          label.textContent = `${sum.year ? `One-off in ${sum.year}` : 'Recurrent, £ a year at full effect'}, paid by ${sum.organisation}`;
          const input = numberInput(id, { value: sum.value, min: 0 });
          input.dataset.key = `${k.scheme}.${sum.index}.${sum.year || 'recurrent'}`;
          const hint = document.createElement('p');
          hint.className = 'hint';
          hint.id = `${id}-hint`;
          hint.textContent = `Source: ${sum.source || 'not stated in the scenario'}.`;
          input.setAttribute('aria-describedby', hint.id);
          input.addEventListener('change', () => update());
          div.append(label, input, hint);
          grid.append(div);
        });
        set.append(legend, grid);
        return set;
      }),
    );
  }

  /** Schemes whose investment sums were changed, each with its investment list as written and the changed sums in place. */
  function changedInvestments() {
    const out = [];
    for (const k of (state.detail && state.detail.investments) || []) {
      const list = JSON.parse(JSON.stringify(k.written));
      let changed = false;
      for (const sum of k.sums) {
        const input = els.investments.querySelector(`input[data-key="${CSS.escape(`${k.scheme}.${sum.index}.${sum.year || 'recurrent'}`)}"]`);
        const v = input && input.value !== '' ? Number(input.value) : sum.value;
        if (!Number.isFinite(v) || v === sum.value) continue;
        changed = true;
        if (sum.year) list[sum.index].oneOff[sum.year] = v;
        else list[sum.index].recurrent = v;
      }
      if (changed) out.push({ id: k.scheme, investment: list });
    }
    return out;
  }

  /** Each year-by-year parameter's inputs, by name, in year order. */
  function seriesInputs() {
    const by = new Map();
    for (const input of els.series.querySelectorAll('input')) {
      if (!by.has(input.dataset.series)) by.set(input.dataset.series, []);
      by.get(input.dataset.series).push(input);
    }
    return by;
  }

  function setMonteCarlo(d) {
    const n = d.monteCarlo ? d.monteCarlo.uncertainInputs : 0;
    for (const el of [els.iterations, els.mcYear, els.target, els.runMc]) el.disabled = n === 0;
    els.mcHint.textContent = n
      ? `${n} inputs of this scenario are written as distributions. Run up to ${MAX_DASHBOARD_ITERATIONS.toLocaleString('en-GB')} iterations on the server for the fan of the gap, its S-curve and the probability it meets the target.`
      : 'This scenario has no inputs written as distributions, so it has no Monte Carlo.';
    // offer the nearest scenario that has some: one of the same system, else any
    const here = state.scenarios.get(els.a.value);
    const all = [...state.scenarios.values()].filter((s) => s.uncertainInputs > 0);
    const near = n ? undefined : all.find((s) => here && s.system.id === here.system.id) || all[0];
    if (near) {
      const go = document.createElement('button');
      go.type = 'button';
      go.className = 'secondary';
      go.textContent = `Open “${near.name}” to run it`;
      go.addEventListener('click', () => {
        els.a.value = near.id;
        els.a.dispatchEvent(new Event('change', { bubbles: true }));
      });
      els.mcHint.append(' ', go);
    }
    const keep = els.mcYear.value;
    const years = [];
    for (let y = Number(d.baseYear.slice(0, 4)); y <= Number(d.horizon.slice(0, 4)); y++) years.push(`${y}/${String((y + 1) % 100).padStart(2, '0')}`);
    els.mcYear.replaceChildren(...years.map((y) => option(y, y)));
    els.mcYear.value = years.includes(keep) ? keep : d.horizon;
    if (!n) state.mc = null;
  }

  /** Parameters changed from the scenario's values, as overrides of the scenario file. */
  function changedParameters() {
    const out = {};
    for (const input of els.parameters.querySelectorAll('input')) {
      if (input.value === '' || input.value === input.dataset.original) continue;
      const v = Number(input.value);
      if (Number.isFinite(v) && v !== Number(input.dataset.original)) out[input.dataset.name] = { value: v };
    }
    // a changed series is sent whole (every year as shown): the file's years, or its table's, are replaced
    for (const [name, inputs] of seriesInputs()) {
      const changed = inputs.some((i) => i.value !== '' && i.value !== i.dataset.original && Number.isFinite(Number(i.value)) && Number(i.value) !== Number(i.dataset.original));
      if (changed) out[name] = { byYear: Object.fromEntries(inputs.map((i) => [i.dataset.year, i.value === '' ? Number(i.dataset.original) : Number(i.value)])) };
    }
    const schemes = changedInvestments();
    const overrides = { ...(Object.keys(out).length ? { parameters: out } : {}), ...(schemes.length ? { schemes } : {}) };
    return Object.keys(overrides).length ? overrides : undefined;
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
    // a wide table scrolls sideways on a phone: focusable, so the keyboard can scroll it too
    div.tabIndex = 0;
    div.setAttribute('role', 'region');
    const h = document.createElement('h3');
    h.textContent = `${label ? `${label}: ` : ''}${r.scenario} — ${r.places.length} place${r.places.length === 1 ? '' : 's'}`;
    div.setAttribute('aria-label', h.textContent);
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

  async function startRun(scenario, assumptions, overrides, monteCarlo, onProgress) {
    const body = { scenario };
    if (assumptions && Object.keys(assumptions).length) body.assumptions = assumptions;
    if (overrides) body.overrides = overrides;
    if (monteCarlo) body.monteCarlo = monteCarlo;
    const created = await api('/api/runs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    // The server accepts a run (202) and computes it on its worker pool: ask until it is done.
    for (let wait = 50; ; wait = Math.min(wait * 2, 500)) {
      const run = await api(created.links.self);
      if (onProgress) onProgress(run);
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
    const place = !label || label === 'A' ? els.place.value : '';
    const items = place && run.placeHeadlines && run.placeHeadlines[place] ? run.placeHeadlines[place] : run.headline;
    const extra = [];
    if (run.gapDistribution && (!label || label === 'A')) {
      const year = els.mcYear.value;
      const target = Number(els.target.value || 0) * 1e6;
      const p = probabilityAtMost(run.gapDistribution, year, target);
      if (p !== null) extra.push({ id: 'p-gap-at-most-target', label: `P(system gap ≤ ${fmtMoney(target)}) in ${year}, ${run.gapDistribution.iterations.toLocaleString('en-GB')} runs`, text: `${(p * 100).toFixed(1)}%` });
    }
    for (const item of [...items, ...extra]) {
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
    const params = run.request.overrides && run.request.overrides.parameters ? Object.keys(run.request.overrides.parameters) : [];
    const invested = run.request.overrides && run.request.overrides.schemes ? run.request.overrides.schemes.filter((k) => k.investment) : [];
    if (changed.length || params.length || invested.length) {
      const p = document.createElement('p');
      p.className = 'hint';
      const labels = params.map((n) => {
        const d = state.detail && state.detail.parameters.find((x) => x.name === n);
        const sr = !d && state.detail && (state.detail.series || []).find((x) => x.name === n);
        if (sr) return `${sr.label} changed year by year`;
        return `${d ? d.label : n} set to ${assumptionValue(run.request.overrides.parameters[n].value, d && d.unit)}`;
      });
      const investments = invested.map((k) => {
        const d = state.detail && (state.detail.investments || []).find((x) => x.scheme === k.id);
        return `investment in ${d ? d.name : k.id} changed`;
      });
      p.textContent = `With changed assumptions: ${[describeAssumptions(run.assumptions, changed), ...labels, ...investments].filter(Boolean).join('; ')}.`;
      div.append(p);
    }
    return div;
  }

  /** P(gap ≤ target) in a year from the run's quantiles of the gap (as the S-curve chart computes it). */
  function probabilityAtMost(d, year, target) {
    const q = d.quantiles[d.years.indexOf(year)];
    if (!q) return null;
    let k = -1;
    while (k < q.length - 1 && q[k + 1] <= target) k++;
    return k < 0 ? 0 : k / (q.length - 1);
  }

  const fmtMoney = (v) => {
    const r = Number((v / 1e6).toFixed(1));
    return `${r < 0 ? '−' : ''}£${Math.abs(r).toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}m`;
  };

  /** A value as set on the dashboard, in its unit: £ with thousands separators for money, else the number with separators. */
  function assumptionValue(v, unit) {
    if (typeof v !== 'number') return String(v);
    const text = v.toLocaleString('en-GB', { maximumFractionDigits: 6 });
    return unit && /GBP|£/.test(unit) ? (v < 0 ? `−£${text.slice(1)}` : `£${text}`) : text;
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
      ['scenario (YAML)', run.links.scenario],
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

  /** The most lines any label of a wrapped nominal axis needs at n characters (its labels are the axis's sort list), and how many labels it has. */
  function wrappedRows(spec, n) {
    let lines = 1;
    let rows = 0;
    const visit = (v) => {
      if (!v || typeof v !== 'object') return;
      const y = v.encoding && v.encoding.y;
      if (y && Array.isArray(y.sort) && y.axis && y.axis.labelExpr) {
        rows = Math.max(rows, y.sort.length);
        for (const label of y.sort) lines = Math.max(lines, wrapText(String(label), n).length);
      }
      for (const k of ['layer', 'vconcat', 'hconcat', 'concat']) if (Array.isArray(v[k])) v[k].forEach(visit);
    };
    visit(spec);
    return { lines, rows };
  }

  /** An encoding whose legends draw their labels by `labelExpr` (wrapped lines), unlimited in width. */
  function wrapLegends(encoding, labelExpr) {
    if (!encoding) return encoding;
    const out = { ...encoding };
    for (const ch of ['color', 'fill', 'stroke', 'shape', 'strokeDash', 'size', 'opacity']) {
      const c = out[ch];
      if (c && typeof c === 'object' && c.legend !== null && (c.field || c.datum !== undefined)) out[ch] = { ...c, legend: { ...(c.legend || {}), labelExpr, labelLimit: 0 } };
    }
    return out;
  }

  /** An encoding whose x and y axis titles longer than n characters are given as wrapped lines. */
  function wrapAxisTitles(encoding, n) {
    if (!encoding) return encoding;
    const out = { ...encoding };
    for (const ch of ['x', 'y']) {
      const c = out[ch];
      if (c && typeof c.title === 'string' && c.title.length > n) out[ch] = { ...c, title: wrapText(c.title, n) };
    }
    return out;
  }

  /** Lines of at most n characters, broken at spaces. */
  function wrapText(text, n) {
    const out = [];
    let line = '';
    for (const word of text.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > n) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) out.push(line);
    return out;
  }

  /**
   * The spec drawn to fill its box: width "container" (Vega-Lite reflows it
   * as the box changes) for a single or layered view; title and subtitle
   * wrapped to the box; on a narrow box, legends in one column. Stacked
   * panels are each as wide as the box leaves room for.
   */
  function fitted(spec, width, shrink = 0) {
    // on a narrow box, wrap long axis labels (see wrapLabel in src/charts/common.ts) into shorter lines
    const narrow = width < 640;
    const wrapsLabels = /labelExpr/.test(JSON.stringify(spec));
    const n = Math.max(14, Math.floor(width / 16));
    if (narrow && wrapsLabels) spec = JSON.parse(JSON.stringify(spec).replace(/\{1,(\d+)\}/g, (m, k) => `{1,${Math.min(Number(k), n)}}`));
    // on a narrow box, each view (the chart, or each stacked panel): every row as tall as its longest wrapped label needs (no two overlap),
    // axis titles wrapped rather than cut (an x title is centred under the plot, which labels on the left may make half the box),
    // and legend labels wrapped into lines (Vega-Lite's legend config has no labelExpr, so it is set on each legend)
    const titleChars = Math.max(20, Math.floor(width / 13));
    const legendChars = Math.max(16, Math.floor((width - 70) / 6.4));
    const legendExpr = `split(trim(replace(datum.label, regexp('(.{1,${legendChars}})(\\\\s+|$)', 'g'), '$1\\n')), '\\n')`;
    const fitView = (view) => {
      if (!narrow) return view;
      const out = mapEncodings(view, (e) => wrapLegends(wrapAxisTitles(e, titleChars), legendExpr));
      if (/labelExpr/.test(JSON.stringify(view.encoding || view.layer || {}))) {
        const { lines, rows } = wrappedRows(view, n);
        const row = lines * 13 + 10;
        if (out.height && typeof out.height === 'object' && out.height.step) out.height = { step: Math.max(out.height.step, row) };
        else if (typeof out.height === 'number') out.height = Math.max(out.height, rows * row);
      }
      return out;
    };
    const out = { ...fitView(spec), config: { ...(spec.config || {}) } };
    // panels stacked one above another are narrowed to the box (room kept for wrapped labels on the left), not shrunk with their text
    if (Array.isArray(out.vconcat)) {
      // a wrapped label axis takes about 6.5 px for each character of its lines ({1,k} in its labelExpr); stacked panels
      // line up their plots' left edges, so every panel leaves room for the widest labels of any
      // (read from the panels as drawn before their legends were given a labelExpr too)
      const wrapAt = /labelExpr[^}]*\{1,(\d+)\}/.exec(JSON.stringify(spec.vconcat));
      const labelPx = wrapAt ? Number(wrapAt[1]) * 6.5 : 0;
      const room = Math.max(100, Math.floor(width - 80 - labelPx));
      out.vconcat = out.vconcat.map((v) => {
        const panel = fitView(v);
        // as wide as the box allows, wider or narrower than drawn (a laptop's card is wider than the chart's own width)
        if (typeof v.width === 'number') panel.width = Math.max(60, room - shrink);
        // a panel's title starts where its plot does (lined up with the others'), so it wraps within what is left of the box
        if (v.title && typeof v.title === 'object') panel.title = { ...v.title, anchor: 'start', text: wrapText([].concat(v.title.text).join(' '), Math.max(16, Math.floor((width - 24 - labelPx) / 7.5))) };
        return panel;
      });
    }
    // the title over the whole chart, axis labels included, not just the plot
    out.config.title = { ...(out.config.title || {}), frame: 'bounds' };
    const chars = Math.max(28, Math.floor((width - 24) / 6.4));
    if (out.title && typeof out.title === 'object') {
      const sub = out.title.subtitle;
      out.title = {
        ...out.title,
        // the title's bold, larger letters take about 9.5 px each
        text: wrapText([].concat(out.title.text).join(' '), Math.max(20, Math.floor((width - 24) / 9.5))),
        ...(sub ? { subtitle: [].concat(sub).flatMap((line) => wrapText(line, chars)) } : {}),
      };
    }
    if (typeof spec.width === 'number' && !spec.vconcat && !spec.hconcat && !spec.concat && !spec.facet && !spec.repeat) {
      out.width = 'container';
    }
    if (narrow) {
      // legends at the bottom stacked one above another (Vega's legend layout), not side by side past the box's edge
      out.config.legend = { ...(out.config.legend || {}), direction: 'vertical', columns: 1, layout: { bottom: { direction: 'vertical', anchor: 'start' } } };
      // year labels that would overlap on a narrow plot are thinned (every other year), not drawn over each other
      out.config.axisX = { ...(out.config.axisX || {}), labelOverlap: 'greedy' };
    }
    return out;
  }

  /** A view with `f` applied to its encoding and to each of its layers'. */
  function mapEncodings(view, f) {
    const out = { ...view };
    if (out.encoding) out.encoding = f(out.encoding);
    if (Array.isArray(out.layer)) out.layer = out.layer.map((l) => (l.encoding ? { ...l, encoding: f(l.encoding) } : l));
    return out;
  }

  async function draw(box, url) {
    const spec = await api(url);
    const title = chartTitle(spec);
    box.setAttribute('aria-label', [title, spec.description].filter(Boolean).join('. '));
    const width = box.clientWidth || box.parentElement.clientWidth || 600;
    let result = await window.vegaEmbed(box.querySelector('.vega-target'), fitted(spec, width), { ast: true, actions: false, renderer: 'svg' });
    // stacked panels whose labels and axes came out wider than the estimate: drawn again, each narrower by the excess
    const drawnAt = Number(box.querySelector('svg')?.getAttribute('width') || 0);
    if (Array.isArray(spec.vconcat) && drawnAt > width + 1) {
      result.finalize();
      result = await window.vegaEmbed(box.querySelector('.vega-target'), fitted(spec, width, Math.ceil(drawnAt - width)), { ast: true, actions: false, renderer: 'svg' });
    }
    box.dataset.width = String(width);
    state.views.push(result);
    state.drawn.push({ box, url, result });
  }

  /** When a box's width has changed much (a phone turned, a window resized), draw its chart again with titles and legends fitted. */
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(async () => {
      const stale = state.drawn.filter((d) => d.box.isConnected && Math.abs(d.box.clientWidth - Number(d.box.dataset.width)) > 40);
      for (const d of stale) {
        d.result.finalize();
        state.drawn = state.drawn.filter((x) => x !== d);
        state.views = state.views.filter((v) => v !== d.result);
        await draw(d.box, d.url);
      }
    }, 250);
  });

  function clearCharts() {
    for (const v of state.views) v.finalize();
    state.views = [];
    state.drawn = [];
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
      const overrides = changedParameters();
      const mc = state.mc;
      if (mc) {
        els.mcProgress.hidden = false;
        els.mcProgress.value = 0;
        els.mcStatus.textContent = `Monte Carlo: ${mc.iterations.toLocaleString('en-GB')} iterations queued…`;
      }
      const onProgress = mc
        ? (run) => {
            if (seq !== state.seq) return;
            const it = run.progress && run.progress.iterations;
            if (run.status === 'done') {
              els.mcProgress.value = 1;
              els.mcStatus.textContent = `Monte Carlo: ${mc.iterations.toLocaleString('en-GB')} iterations done.`;
            } else if (it) {
              els.mcProgress.value = it.total ? it.done / it.total : 0;
              els.mcStatus.textContent = `Monte Carlo: ${it.done.toLocaleString('en-GB')} of ${it.total.toLocaleString('en-GB')} iterations (${run.status}).`;
            } else els.mcStatus.textContent = `Monte Carlo: projecting first (${run.status})…`;
          }
        : undefined;
      writeUrl(assumptions, overrides);
      const [runA, runB] = await Promise.all([startRun(els.a.value, assumptions, overrides, mc || undefined, onProgress), comparing ? startRun(els.b.value) : null]);
      if (seq !== state.seq) return;
      state.runA = runA;
      els.downloadScenario.href = runA.links.scenario;
      els.stopMc.hidden = !mc;
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
          const f = figure(name === 's-curve' || name === 'tornado' ? yearLinks(c) : c, label);
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

  /** The S-curve in the chosen year with the chosen target. */
  /** A chart's links with the chosen year (the S-curve's and the tornado's) and, for the S-curve, the target. */
  function yearLinks(c) {
    const target = c.name === 's-curve' ? `&target=${encodeURIComponent(String(Number(els.target.value || 0) * 1e6))}` : '';
    const q = `?year=${encodeURIComponent(els.mcYear.value)}${target}`;
    return { ...c, svg: c.svg + q, png: c.png + q, 'vl.json': c['vl.json'] + q };
  }

  // --- the view in the URL ---------------------------------------------------------

  /** The dashboard's state as the page's query string, so that a link reproduces the view. */
  function writeUrl(assumptions, overrides) {
    const q = new URLSearchParams();
    q.set('scenario', els.a.value);
    if (els.compare.checked) {
      q.set('compare', '1');
      q.set('b', els.b.value);
      q.set('per', els.per.value);
    }
    if (els.place.value) q.set('place', els.place.value);
    if (assumptions.shiftFraction !== undefined) q.set('shift', els.shift.value);
    if (assumptions.costInflationThereafter !== undefined) q.set('inflation', els.inflation.value);
    if (assumptions.acutePayment !== undefined) q.set('payment', els.payment.value);
    for (const [name, v] of Object.entries((overrides && overrides.parameters) || {})) {
      if (v.byYear) q.set(`s.${name}`, Object.values(v.byYear).join(','));
      else q.set(`p.${name}`, String(v.value));
    }
    for (const input of els.investments.querySelectorAll('input')) if (input.value !== input.dataset.original) q.set(`i.${input.dataset.key}`, input.value);
    if (state.mc) {
      q.set('mc', String(state.mc.iterations));
      q.set('year', els.mcYear.value);
      q.set('target', els.target.value || '0');
    }
    const next = `${location.pathname}?${q}`;
    if (next !== `${location.pathname}${location.search}`) history.replaceState(null, '', next);
  }

  /** The controls as a link set them (once, at start, after the scenario's own values are in place). */
  function readUrl() {
    const q = state.url;
    if (q.get('place') && [...els.place.options].some((o) => o.value === q.get('place'))) els.place.value = q.get('place');
    if (q.has('shift') && !els.shift.disabled) els.shift.value = q.get('shift');
    if (q.has('inflation') && !els.inflation.disabled) els.inflation.value = q.get('inflation');
    if (q.has('payment') && !els.payment.disabled && [...els.payment.options].some((o) => o.value === q.get('payment'))) els.payment.value = q.get('payment');
    for (const input of els.parameters.querySelectorAll('input')) {
      const v = q.get(`p.${input.dataset.name}`);
      if (v !== null) input.value = v;
    }
    for (const [name, inputs] of seriesInputs()) {
      const v = q.get(`s.${name}`);
      if (v !== null) v.split(',').forEach((x, t) => inputs[t] && (inputs[t].value = x));
    }
    for (const input of els.investments.querySelectorAll('input')) {
      const v = q.get(`i.${input.dataset.key}`);
      if (v !== null) input.value = v;
    }
    if (q.has('year') && [...els.mcYear.options].some((o) => o.value === q.get('year'))) els.mcYear.value = q.get('year');
    if (q.has('target')) els.target.value = q.get('target');
    const mc = Number(q.get('mc'));
    if (mc && !els.runMc.disabled) {
      els.iterations.value = String(Math.min(MAX_DASHBOARD_ITERATIONS, Math.max(100, Math.round(mc))));
      state.mc = { iterations: Number(els.iterations.value) };
    }
  }

  // --- wiring -------------------------------------------------------------------

  els.form.addEventListener('submit', (e) => {
    e.preventDefault();
    update();
  });
  els.a.addEventListener('change', async () => {
    pickSecond();
    syncSecond();
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
  els.place.addEventListener('change', () => update());
  els.runMc.addEventListener('click', () => {
    const n = Math.round(Number(els.iterations.value));
    if (!Number.isFinite(n) || n < 100 || n > MAX_DASHBOARD_ITERATIONS) {
      showError({ detail: `monteCarlo.iterations: from 100 to ${MAX_DASHBOARD_ITERATIONS.toLocaleString('en-GB')} iterations on the dashboard (got ${els.iterations.value || 'nothing'})`, field: 'monteCarlo.iterations' });
      return;
    }
    state.mc = { iterations: n };
    update();
  });
  els.stopMc.addEventListener('click', () => {
    state.mc = null;
    els.mcProgress.hidden = true;
    els.mcStatus.textContent = '';
    update();
  });
  // the S-curve's year and target: the same run (cached on the server), the chart and probability redrawn
  for (const el of [els.mcYear, els.target]) el.addEventListener('change', () => update());
  els.reset.addEventListener('click', () => {
    if (state.detail) {
      setAssumptionControls(state.detail.assumptions);
      setParameters(state.detail.parameters || []);
      setSeries(state.detail.series || []);
      setInvestments(state.detail.investments || []);
    }
    update();
  });

  async function start() {
    try {
      await loadScenarios();
      await loadDetail();
      readUrl();
      await update();
    } catch (e) {
      setStatus('The dashboard could not start.');
      showError(e.problem || { detail: e.message });
    }
  }
  start();
})();
