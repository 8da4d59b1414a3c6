// Progressive enhancement only: every page and form works without this script.
// Filters and the sort order apply when the user presses their button, not on every change: a page
// that reloads while someone is still ticking boxes is a change of context they did not ask for
// (WCAG 3.2.2).
document.addEventListener('DOMContentLoaded', () => {
  // Move focus to an error summary, so screen-reader and keyboard users hear what went wrong first.
  const summary = document.querySelector('.error-summary');
  if (summary instanceof HTMLElement) summary.focus();
});
