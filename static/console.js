// The console's only script: it adds nothing a page needs — every form works without it.
// After htmx swaps a fragment in, focus moves to it, so keyboard and screen-reader users land
// on what changed instead of at the top of the page.
// Not while the person is still typing in what asked for it (a picker's search box filling
// its list): the focus stays where they type.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
  var asking = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (asking && asking === document.activeElement && asking !== target) {
    return;
  }
  if (target && target.isConnected) {
    var focusable = target.querySelector("[data-focus-after-swap]") || target;
    if (!focusable.hasAttribute("tabindex")) {
      focusable.setAttribute("tabindex", "-1");
    }
    focusable.focus();
  }
});

// A button with data-copy="<id>" copies that field's value (a partner token, shown once) and says
// so in its data-status element. Without JavaScript it stays hidden: the field is read-only
// text, selected and copied by hand.
document.querySelectorAll("button[data-copy]").forEach(function (button) {
  var field = document.getElementById(button.getAttribute("data-copy"));
  var status = document.getElementById(button.getAttribute("data-status"));
  if (!field) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    var copied = function () {
      if (status) {
        status.textContent = button.getAttribute("data-copied");
      }
    };
    field.select();
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(field.value).then(copied, function () {
        if (document.execCommand("copy")) {
          copied();
        }
      });
    } else if (document.execCommand("copy")) {
      copied();
    }
  });
});

// Enter in a picker's search box does not send the whole form: the list beside it already
// follows what is typed. (Without JavaScript the box has a Find button, which Enter presses.)
document.addEventListener("keydown", function (event) {
  var box = event.target;
  if (event.key === "Enter" && box.matches && box.matches("input[type=search][hx-get]")) {
    event.preventDefault();
  }
});
