// Progressive enhancement only: every form works without this script.
// Filters and the sort order apply as soon as they change, instead of after pressing the button.
document.addEventListener('DOMContentLoaded', () => {
  for (const form of document.querySelectorAll('form[data-auto-submit]')) {
    form.classList.add('js-auto-submit');
    form.addEventListener('change', (event) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) form.requestSubmit();
    });
  }
});
