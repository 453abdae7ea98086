// Small progressive enhancements only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // On a phone the menu and the network's tabs are one scrolling row: show the current one.
  document.querySelectorAll(".main-nav [aria-current=page], .tabs [aria-current=page]").forEach((link) => {
    const row = link.closest("ul");
    if (row && row.scrollWidth > row.clientWidth) row.scrollLeft = link.offsetLeft - row.offsetLeft - 24;
  });
  // The server checks every form and answers in Dutch with a summary at the top (core/form.html); the
  // browser's own bubbles (in the browser's language, gone after a moment) would come first otherwise.
  document.querySelectorAll("form").forEach((form) => { form.noValidate = true; });
  // Errors are where the eye is: a form that came back with errors opens at its summary (core/form.html),
  // wherever the form sits on the page, and a link in the summary takes you into the field itself.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    // A form in a fold (such as "cancel this session") opens to show its errors.
    for (let fold = summary.closest("details"); fold; fold = fold.parentElement.closest("details")) fold.open = true;
    summary.scrollIntoView({ block: "start" });
    summary.focus({ preventScroll: true });
    summary.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      if (!link) return;
      const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!field) return;
      event.preventDefault();
      // Open a folded section the field is in, then show the field with its label and message above it.
      const fold = field.closest("details");
      if (fold) fold.open = true;
      const box = field.closest(".field, fieldset") || field;
      box.scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    });
  }
  // Prevent a double tap from submitting a form twice; the server also ignores duplicates.
  document.querySelectorAll("form[data-once]").forEach((form) => {
    form.addEventListener("submit", () => {
      form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; });
    });
  });
  // Confirm before a destructive action.
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
});
