// The hall's big screen: refreshes its figures in place from its JSON (no
// reload, so no flicker), its right-hand panels take turns, and it reloads
// itself cleanly every six hours so that a screen left on for days holds no
// more than it did at the start. Lists are rebuilt from text only.
(function () {
  'use strict';
  var body = document.body;
  var source = body.getAttribute('data-source');
  var every = Number(body.getAttribute('data-refresh') || 60) * 1000;
  var turn = Number(body.getAttribute('data-turn') || 15) * 1000;
  var started = Date.now();
  var RELOAD_AFTER = 6 * 3600 * 1000;

  function text(id, value) {
    var el = document.getElementById(id);
    var v = String(value);
    if (el && el.textContent !== v) el.textContent = v;
  }

  function list(id, items, fields) {
    var ol = document.getElementById(id);
    if (!ol) return;
    var frag = document.createDocumentFragment();
    items.forEach(function (item) {
      var li = document.createElement('li');
      fields.forEach(function (f) {
        var span = document.createElement('span');
        span.className = f;
        span.textContent = item[f] == null ? '' : String(item[f]);
        li.appendChild(span);
      });
      frag.appendChild(li);
    });
    if (!items.length) {
      var none = document.createElement('li');
      none.className = 'none';
      none.textContent = ol.getAttribute('data-none');
      frag.appendChild(none);
    }
    ol.replaceChildren(frag);
  }

  function show(d) {
    text('bs-name', d.name);
    text('bs-updated', d.updated);
    text('bs-reported', d.reported_today);
    text('bs-open', d.open);
    text('bs-overdue', d.overdue);
    text('bs-closed', d.closed_today);
    for (var i = 0; i < 3; i++) text('bs-zero-' + i, d.zero[i]);
    var badge = document.getElementById('bs-zero-all');
    badge.classList.toggle('ok', d.zero_all);
    text('bs-zero-all', badge.getAttribute(d.zero_all ? 'data-yes' : 'data-no'));
    list('bs-events', d.events, ['at', 'category', 'grid', 'state']);
    list('bs-wishes', d.wishes, ['needed_by', 'category', 'state']);
    list('bs-activities', d.activities, ['when', 'what', 'place']);
    list('bs-bookings', d.bookings, ['when', 'what', 'place']);
  }

  function refresh() {
    if (Date.now() - started > RELOAD_AFTER) {
      location.reload();
      return;
    }
    fetch(source, { cache: 'no-store', credentials: 'same-origin' })
      .then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.json();
      })
      .then(function (d) {
        show(d);
        document.getElementById('bs-offline').hidden = true;
        body.setAttribute('data-refreshed', String(Number(body.getAttribute('data-refreshed') || 0) + 1));
      })
      .catch(function () {
        document.getElementById('bs-offline').hidden = false;
      })
      .then(function () {
        setTimeout(refresh, every);
      });
  }

  var panels = document.querySelectorAll('.bs-turn');
  var at = 0;
  setInterval(function () {
    if (panels.length < 2) return;
    panels[at].hidden = true;
    at = (at + 1) % panels.length;
    panels[at].hidden = false;
  }, turn);
  setTimeout(refresh, every);
})();
