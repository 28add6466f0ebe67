// The Relevans console's only script: live program figures, the current value of an attribute being corrected,
// and a confirmation before a reload. Plain JavaScript, no build; the page works without it.
(function () {
  'use strict';
  var base = document.body.getAttribute('data-base') || '';

  function text(el, value) {
    if (el && el.textContent !== value) {
      el.textContent = value;
      el.classList.add('changed');
    }
  }

  function count(n) {
    return Number(n).toLocaleString('en-US');
  }

  function percent(rate) {
    return rate === null || rate === undefined ? '-' : (rate * 100).toFixed(1) + '%';
  }

  function signed(v) {
    return (v >= 0 ? '+' : '') + (v * 100).toFixed(1) + '%';
  }

  function uplift(group) {
    if (group.control) { return 'baseline'; }
    var u = group.uplift;
    if (!u) { return 'no control group'; }
    if (u.estimate === null) { return 'control converted nobody yet'; }
    if (u.lower === null) { return signed(u.estimate) + ' (no interval yet)'; }
    return signed(u.estimate) + ' (' + signed(u.lower) + ' .. ' + signed(u.upper) + ')' + (u.significant ? ' significant' : '');
  }

  // Programs: refresh the figures from the API every few seconds, in place.
  var live = document.querySelector('[data-live="programs"]');
  if (live && window.fetch) {
    var every = Math.max(5, parseInt(live.getAttribute('data-every'), 10) || 30) * 1000;
    var refresh = function () {
      fetch(base + '/api/programs', {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (doc) {
          if (!doc) { return; }
          doc.programs.forEach(function (p) {
            var card = document.querySelector('[data-program="' + CSS.escape(p.name) + '"]');
            if (!card) { return; }
            p.groups.forEach(function (g) {
              var row = card.querySelector('tr[data-group="' + CSS.escape(g.label) + '"]');
              if (!row) { return; }
              ['decided', 'sent', 'delivered', 'opened', 'clicked', 'converted'].forEach(function (f) {
                text(row.querySelector('[data-field="' + f + '"]'), count(g[f]));
              });
              text(row.querySelector('[data-field="conversionRate"]'), percent(g.conversionRate));
              text(row.querySelector('[data-field="uplift"]'), uplift(g));
            });
          });
        })
        .catch(function () { /* the next round tries again */ });
    };
    setInterval(refresh, every);
  }

  // Correction form: show the attribute's current value as the value field's placeholder.
  var attribute = document.getElementById('correct-attribute');
  var value = document.getElementById('correct-value');
  if (attribute && value) {
    attribute.addEventListener('input', function () {
      var option = document.querySelector('#attribute-names option[value="' + CSS.escape(attribute.value) + '"]');
      var current = option ? option.getAttribute('data-current') : '';
      value.placeholder = current ? 'now: ' + current : '';
    });
  }

  // Buttons that change what the engine runs ask first.
  document.querySelectorAll('button[data-confirm]').forEach(function (b) {
    b.addEventListener('click', function (e) {
      if (!window.confirm(b.getAttribute('data-confirm'))) { e.preventDefault(); }
    });
  });
}());
