// Receipts' print buttons: hidden until a script can press them for the
// reader (without scripts the page says to press Ctrl+P).
document.querySelectorAll('[data-print]').forEach(function (button) {
  button.hidden = false;
  button.addEventListener('click', function () { window.print(); });
});
// Where the button works, the keyboard hint is not needed.
document.querySelectorAll('[data-print-hint]').forEach(function (hint) { hint.hidden = true; });
