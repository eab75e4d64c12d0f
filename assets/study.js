// A recording (有声党建): the button that earns the points waits until the
// player reaches the end. Without scripts it is always there, and the
// server still refuses a finish sooner than the recording can be heard.
(function () {
  var audio = document.getElementById('study-audio');
  var button = document.getElementById('study-finish');
  if (!audio || !button) return;
  button.disabled = true;
  audio.addEventListener('ended', function () {
    button.disabled = false;
    button.focus();
  });
})();
