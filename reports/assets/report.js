/* Vigil HTML report: filters, search, lazy result rows and printing. Plain script, no network.
 * The rows it inserts were rendered and escaped by the report's templates; this script never
 * builds markup from the scanned estate's text itself. */
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
    return { q: q, element: document.getElementById('req-' + q.key), matched: true };
  });
  var printing = false;
  var rowsHtml = null;

  /* The rendered rows of one rule, when the page keeps them as data: parsed on first use. */
  function rowsOf(id) {
    if (!rowsHtml) rowsHtml = JSON.parse(document.getElementById('vigil-rows').textContent);
    return rowsHtml[id] || [];
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
      var html = rowsOf(id);
      body.innerHTML = visible.slice(0, limit).map(function (index) { return html[index]; }).join('');
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
