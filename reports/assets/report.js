/* Vigil HTML report: filters, search, lazy result rows and printing. Plain script, no network.
 * Above a few thousand rows the report keeps its results as data and this script draws the rows
 * of a requirement when it opens. It builds them with DOM calls and puts every value from the
 * scanned estate in with textContent, never as markup, so nothing in the data can become HTML. */
(function () {
  'use strict';
  var dataElement = document.getElementById('vigil-data');
  var form = document.getElementById('filters');
  if (!dataElement || !form) return;
  var data = JSON.parse(dataElement.textContent);
  var PAGE = 100;
  var search = document.getElementById('f-search');
  var frameworkSelect = document.getElementById('f-framework');
  var accountSelect = document.getElementById('f-account');
  var regionSelect = document.getElementById('f-region');
  var shown = document.getElementById('shown');
  var requirements = data.requirements.map(function (q) {
    return { q: q, element: document.getElementById(q.anchor), matched: true };
  });
  var printing = false;
  var rowData = null;

  /* The results of one rule, when the page keeps them as data: parsed on first use. */
  function rowsOf(id) {
    if (!rowData) rowData = JSON.parse(document.getElementById('vigil-rows').textContent);
    return rowData[id] || [];
  }

  /* An element with a class and text; the text is never parsed as markup. */
  function el(tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined && text !== null) element.textContent = String(text);
    return element;
  }

  /* Text with a line-break opportunity after each ':', '/' and ',', as the templates' breakable helper. */
  function breakable(parent, text) {
    String(text).split(/(?<=[:/,])/).forEach(function (part, i) {
      if (i > 0) parent.appendChild(document.createElement('wbr'));
      parent.appendChild(document.createTextNode(part));
    });
    return parent;
  }

  function add(parent, child) {
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    return parent;
  }

  /* One result row, the same as the templates' partials/result.hbs draws it. */
  function drawRow(row) {
    var tr = el('tr', 'result st-' + row.status);
    tr.setAttribute('data-i', String(row.index));
    var pill = add(el('td'), el('span', 'pill st-' + row.status, data.labels[row.status] || row.status));
    if (row.baseline === 'new' || row.baseline === 'existing') { add(pill, el('span', 'baseline baseline-' + row.baseline, row.baseline)); }
    add(tr, pill);

    var r = row.resource;
    var what = el('td');
    if (row.root) { add(what, add(add(el('div', 'muted'), 'root '), el('code', null, row.root))); }
    add(what, el('code', 'addr', r.address || r.arn || r.name));
    add(what, el('div', 'muted', r.kind + (r.name ? ' \u00b7 ' + r.name : '')));
    if (r.tags) {
      var tags = el('div', 'tags');
      Object.keys(r.tags).forEach(function (key) { add(tags, el('span', 'tag', key + '=' + r.tags[key])); });
      add(what, tags);
    }
    add(tr, what);

    var where = el('td');
    if (row.location) {
      var l = row.location;
      if (l.address) { add(where, el('code', null, l.address)); add(where, ' '); }
      add(where, el('code', null, l.file + ':' + l.startLine + (l.endLine > l.startLine ? '\u2013' + l.endLine : '')));
      (row.relatedLocations || []).forEach(function (related) {
        var line = add(el('div', 'muted'), '+ ');
        add(line, el('code', null, related.address));
        add(line, ' ');
        add(line, el('code', null, related.file + ':' + related.startLine));
        add(where, line);
      });
    } else {
      if (r.account) { add(where, 'account '); add(where, el('code', null, r.account)); }
      if (r.region) { add(where, ' \u00b7 '); add(where, el('code', null, r.region)); }
    }
    add(tr, where);

    var evidence = el('td');
    if (row.status === 'unknown') add(evidence, el('div', 'why', row.message));
    else if (row.facts && row.facts.length > 0) {
      var facts = el('ul', 'facts');
      row.facts.forEach(function (fact) { add(facts, el('li', null, fact)); });
      add(evidence, facts);
    } else if (row.status === 'pass') add(evidence, el('span', 'muted', 'Meets the rule'));
    else if (!(row.observed && row.observed.length > 0)) add(evidence, row.message); // the observed values say it
    if (row.observed && row.observed.length > 0) {
      var observed = el('dl', 'observed');
      row.observed.forEach(function (o) {
        var dt = el('dt');
        if (o.field) { add(dt, el('code', null, o.field)); add(dt, ' '); add(dt, el('span', 'muted', '(' + o.attribute + ')')); }
        else add(dt, el('code', null, o.attribute));
        add(observed, add(add(el('div'), dt), add(el('dd'), breakable(el('code'), o.value))));
      });
      add(evidence, observed);
    }
    (row.configRules || []).forEach(function (v) {
      add(evidence, el('div', 'muted config-rule', 'AWS Config rule ' + v.rule + (v.conformancePack ? ' (pack ' + v.conformancePack + ')' : '') + ' says ' + v.compliance + (v.at ? ' at ' + v.at : '')));
    });
    /* The API calls, one line per answer time, as the result partial groups them. */
    var times = [];
    var callsAt = Object.create(null);
    (row.evidence || []).forEach(function (call) {
      if (!(call.at in callsAt)) { callsAt[call.at] = []; times.push(call.at); }
      callsAt[call.at].push(call.service + ' ' + call.operation);
    });
    times.forEach(function (at) {
      add(evidence, el('div', 'muted call', 'API answers at ' + at + ': ' + callsAt[at].join(', ')));
    });
    if (row.informational) add(evidence, el('div', 'informational', 'Not gating: ' + row.informational));
    var s = row.suppression;
    if (s) {
      add(evidence, el('div', 'suppression', 'Suppressed: ' + s.reason + (s.owner ? ' \u00b7 owner ' + s.owner : '') + (s.expires ? ' \u00b7 until ' + s.expires : '')));
    }
    add(tr, evidence);
    return tr;
  }
  form.hidden = false;

  function checked(name) {
    var out = {};
    form.querySelectorAll('input[name="' + name + '"]').forEach(function (box) {
      out[box.value] = box.checked;
    });
    return out;
  }

  function readState() {
    return {
      text: search ? search.value.trim().toLowerCase() : '',
      framework: frameworkSelect ? frameworkSelect.value : '',
      account: accountSelect ? accountSelect.value : '',
      region: regionSelect ? regionSelect.value : '',
      statuses: checked('status'),
      severities: checked('severity'),
    };
  }

  /* A row is [status, severity, account, region, search text]. */
  function rowVisible(row, state, requirementMatched) {
    return (
      state.statuses[row[0]] === true &&
      state.severities[row[1]] === true &&
      (!state.account || row[2] === state.account) &&
      (!state.region || row[3] === state.region) &&
      (!state.text || requirementMatched || row[4].indexOf(state.text) >= 0)
    );
  }

  function ruleRows(id) {
    var rule = data.rules[id];
    return rule ? rule.rows : [];
  }

  function requirementVisible(entry, state) {
    var q = entry.q;
    entry.matched = !state.text || q.text.indexOf(state.text) >= 0;
    if (state.framework && q.framework !== state.framework) return false;
    if (state.statuses[q.status] !== true) return false;
    if (q.rules.length > 0 && !q.rules.some(function (id) { return data.rules[id] && state.severities[data.rules[id].severity]; })) return false;
    if (state.account || state.region || !entry.matched) {
      return q.rules.some(function (id) {
        return ruleRows(id).some(function (row) { return rowVisible(row, state, entry.matched); });
      });
    }
    return true;
  }

  /* Shows the rows of one opened requirement that pass the filters; draws them if kept as data. */
  function refreshRows(entry, state) {
    entry.element.querySelectorAll('.rule').forEach(function (ruleElement) {
      var id = ruleElement.getAttribute('data-rule');
      var rule = data.rules[id];
      var body = ruleElement.querySelector('tbody');
      if (!rule || !body) return;
      var visible = [];
      rule.rows.forEach(function (row, index) {
        if (rowVisible(row, state, entry.matched)) visible.push(index);
      });
      var noRows = rule.rows.length === 0 ? !state.account && !state.region : visible.length > 0;
      ruleElement.hidden = !(state.severities[rule.severity] && noRows);
      var more = ruleElement.querySelector('.more');
      if (data.inline) {
        var wanted = {};
        visible.forEach(function (index) { wanted[index] = true; });
        Array.prototype.forEach.call(body.children, function (tr, index) { tr.hidden = !wanted[index]; });
        return;
      }
      var limit = printing ? Infinity : Number(body.getAttribute('data-limit') || PAGE);
      var rows = rowsOf(id);
      var fragment = document.createDocumentFragment();
      visible.slice(0, limit).forEach(function (index) { fragment.appendChild(drawRow(rows[index])); });
      body.textContent = '';
      body.appendChild(fragment);
      var left = visible.length - Math.min(limit, visible.length);
      if (more) {
        more.hidden = left <= 0;
        more.querySelector('button').textContent = 'Show ' + Math.min(left, PAGE) + ' more of ' + left;
      }
    });
  }

  function apply() {
    var state = readState();
    var count = 0;
    requirements.forEach(function (entry) {
      var visible = requirementVisible(entry, state);
      entry.element.hidden = !visible;
      if (visible) count++;
      var details = entry.element.querySelector('details');
      if (visible && details.open) refreshRows(entry, state);
    });
    document.querySelectorAll('.section').forEach(function (section) {
      section.hidden = !section.querySelector('.requirement:not([hidden])');
    });
    document.querySelectorAll('.framework').forEach(function (framework) {
      framework.hidden = !framework.querySelector('.requirement:not([hidden])');
    });
    shown.textContent = 'Showing ' + count + ' of ' + requirements.length + ' requirements';
  }

  function entryOf(element) {
    var key = Number(element.getAttribute('data-key'));
    return requirements.filter(function (entry) { return entry.q.key === key; })[0];
  }

  var timer;
  form.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 120);
  });
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  form.addEventListener('reset', function () { setTimeout(apply, 0); });

  document.addEventListener('toggle', function (event) {
    var details = event.target;
    if (!details.open || !details.parentElement || !details.parentElement.classList.contains('requirement')) return;
    refreshRows(entryOf(details.parentElement), readState());
  }, true);

  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('.show-more') : null;
    if (!button) return;
    var ruleElement = button.closest('.rule');
    var body = ruleElement.querySelector('tbody');
    body.setAttribute('data-limit', String(Number(body.getAttribute('data-limit') || PAGE) + PAGE));
    refreshRows(entryOf(ruleElement.closest('.requirement')), readState());
  });

  function setOpen(open) {
    requirements.forEach(function (entry) {
      if (!entry.element.hidden) entry.element.querySelector('details').open = open;
    });
  }
  document.getElementById('expand-all').addEventListener('click', function () { setOpen(true); });
  document.getElementById('collapse-all').addEventListener('click', function () { setOpen(false); });

  /* Printing opens what the filters show, with every row, and puts things back afterwards. */
  var before = [];
  window.addEventListener('beforeprint', function () {
    printing = true;
    before = Array.prototype.map.call(document.querySelectorAll('details'), function (d) { return [d, d.open]; });
    var state = readState();
    requirements.forEach(function (entry) {
      if (entry.element.hidden) return;
      entry.element.querySelectorAll('details').forEach(function (d) { d.open = true; });
      refreshRows(entry, state);
    });
  });
  window.addEventListener('afterprint', function () {
    printing = false;
    before.forEach(function (pair) { pair[0].open = pair[1]; });
    apply();
  });

  apply();
})();
