// The report form: only the chosen category's extra fields are shown and
// sent (without scripts every category's fields show, each under its name,
// and the server reads only the chosen one's).
(function () {
  var select = document.getElementById('category');
  if (!select) return;
  function show() {
    document.querySelectorAll('[data-category]').forEach(function (set) {
      var on = set.getAttribute('data-category') === select.value;
      set.hidden = !on;
      set.disabled = !on;
    });
  }
  select.addEventListener('change', show);
  show();
})();

// Where it is: the community's buildings, then the building's houses,
// fetched when the choice above changes (without scripts the page lists
// the first community's buildings, and a building's houses once sent).
(function () {
  var community = document.getElementById('community');
  var building = document.getElementById('building_id');
  var house = document.getElementById('house');
  if (!community || !building || !house) return;
  function fill(select, places) {
    var blank = select.options[0];
    select.replaceChildren(blank);
    places.forEach(function (p) {
      var o = document.createElement('option');
      o.value = p.id;
      o.textContent = p.name;
      select.appendChild(o);
    });
    select.value = '';
  }
  function load(select, url) {
    fetch(url, { headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (places) { fill(select, places); })
      .catch(function () { fill(select, []); });
  }
  community.addEventListener('change', function () {
    // The list shown is already this community's: keep what was chosen.
    if (community.value === building.dataset.community) return;
    building.dataset.community = community.value;
    fill(house, []);
    load(building, building.dataset.source + '?community=' + encodeURIComponent(community.value));
  });
  building.addEventListener('change', function () {
    if (!building.value) { fill(house, []); return; }
    load(house, house.dataset.source + '?community=' + encodeURIComponent(community.value) +
      '&building=' + encodeURIComponent(building.value));
  });
})();
