// The console's only script: it adds nothing a page needs — every form works without it.
// After htmx swaps a fragment in, focus moves to it, so keyboard and screen-reader users land
// on what changed instead of at the top of the page.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
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
