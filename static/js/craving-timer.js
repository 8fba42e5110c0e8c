// Urge-surfing countdown for the craving tool. The page works without it (it says when the
// use started and until when to stay with the craving); this adds a clock, highlights one
// prompt a minute, tells screen readers every five minutes how long is left, and when the
// time is up moves focus to "How strong is the craving now?".
(function () {
  "use strict";
  var box = document.querySelector(".surf-timer");
  if (!box) {
    return;
  }
  var started = Date.parse(box.dataset.started);
  var minutes = parseInt(box.dataset.minutes, 10);
  if (isNaN(started) || isNaN(minutes)) {
    return;
  }
  var end = started + minutes * 60000;
  var clock = box.querySelector(".surf-clock");
  var status = box.querySelector(".surf-status");
  var prompts = box.querySelectorAll(".surf-prompts li");
  var endedOnLoad = Date.now() >= end;
  var announced = null;
  clock.hidden = false;

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function highlight(elapsedSeconds) {
    var current = Math.floor(elapsedSeconds / 60) % prompts.length;
    for (var i = 0; i < prompts.length; i++) {
      prompts[i].classList.toggle("current", i === current);
    }
  }

  function finished() {
    clock.textContent = "00:00";
    status.textContent = box.dataset.doneText;
    box.classList.add("done");
    var form = document.getElementById("finish");
    if (form && !endedOnLoad) {
      var first = form.querySelector("input");
      if (first) {
        first.focus();
      }
    }
  }

  function tick() {
    var now = Date.now();
    var left = Math.max(0, Math.round((end - now) / 1000));
    if (left === 0) {
      finished();
      return;
    }
    clock.textContent = pad(Math.floor(left / 60)) + ":" + pad(left % 60);
    highlight(Math.max(0, (now - started) / 1000));
    var wholeMinutes = Math.ceil(left / 60);
    if (wholeMinutes !== announced && (announced === null || wholeMinutes % 5 === 0)) {
      status.textContent = box.dataset.leftText.replace("%(minutes)s", wholeMinutes);
      announced = wholeMinutes;
    }
    window.setTimeout(tick, 1000);
  }

  tick();
})();
