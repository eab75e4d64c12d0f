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
