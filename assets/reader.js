// The reader page: opens the book with epub.js (vendored), lands where the
// reader last was (on any device), and saves the place as they read —
// with the reading time, so that the latest reading wins, not the last
// upload — and the whole minutes read.
(function () {
  var root = document.getElementById('reader');
  if (!root || !window.ePub) return;
  var status = document.getElementById('reader-status');
  var where = document.getElementById('reader-where');
  var book = window.ePub(root.dataset.epub);
  var rendition = book.renderTo('reader-page', { width: '100%', height: '70vh', spread: 'none', allowScriptedContent: false });
  var current = null;
  var timer = null;
  var since = Date.now();
  // Opening a book lands near the saved place (a KOReader position names
  // only its chapter): nothing is saved until the reader turns a page, so
  // that opening alone never moves the bookmark back.
  var moved = false;
  if (document.documentElement.classList.contains('large')) rendition.themes.fontSize('130%');

  function say(text) { if (status) status.textContent = text; }

  function minutes() {
    var whole = Math.floor((Date.now() - since) / 60000);
    since += whole * 60000;
    return Math.min(whole, 5);
  }

  function save() {
    if (!current) return;
    var body = Object.assign({}, current, { read_at: new Date().toISOString(), device: root.dataset.device, minutes: minutes() });
    fetch(root.dataset.position, {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': root.dataset.csrf },
      body: JSON.stringify(body)
    }).then(function (r) {
      say(r.ok ? root.dataset.saved : root.dataset.failed);
      if (r.ok) root.dataset.savedCfi = body.cfi;
    }).catch(function () { say(root.dataset.failed); });
  }

  rendition.on('relocated', function (location) {
    var start = location.start;
    var total = book.spine.length || 1;
    var progression = start.displayed && start.displayed.total > 0 ? (start.displayed.page - 1) / start.displayed.total : 0;
    current = {
      href: start.href,
      progression: progression,
      totalProgression: Math.min(1, (start.index + progression) / total),
      cfi: start.cfi
    };
    root.dataset.cfi = start.cfi;
    root.dataset.href = start.href;
    if (where) where.textContent = Math.round(current.totalProgression * 100) + '%';
    if (!moved) return;
    clearTimeout(timer);
    timer = setTimeout(save, 800);
  });

  function turn(forward) {
    moved = true;
    return forward ? rendition.next() : rendition.prev();
  }
  function onKey(e) {
    if (e.key === 'ArrowLeft') turn(false);
    if (e.key === 'ArrowRight') turn(true);
  }

  fetch(root.dataset.position, { credentials: 'same-origin', headers: { accept: 'application/json' } })
    .then(function (r) { return r.ok ? r.json() : null; })
    .catch(function () { return null; })
    .then(function (p) {
      root.dataset.opened = p && (p.cfi || p.href) ? 'saved' : 'start';
      return rendition.display(p ? (p.cfi || p.href) : undefined);
    })
    .then(function () { root.dataset.ready = 'yes'; });

  document.getElementById('prev').addEventListener('click', function () { turn(false); });
  document.getElementById('next').addEventListener('click', function () { turn(true); });
  document.addEventListener('keyup', onKey);
  // Keys pressed inside the book's frame.
  rendition.on('keyup', onKey);
  // A minute's reading is reported even without turning a page.
  setInterval(function () { if (moved && Date.now() - since >= 60000) save(); }, 15000);
  document.addEventListener('visibilitychange', function () { if (moved && document.visibilityState === 'hidden') save(); });
})();
