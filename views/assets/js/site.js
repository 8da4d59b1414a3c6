// Progressive enhancement only: every page and form works without this script.
// Filters and the sort order apply when the user presses their button, not on every change: a page
// that reloads while someone is still ticking boxes is a change of context they did not ask for
// (WCAG 3.2.2).
document.addEventListener('DOMContentLoaded', () => {
  // Move focus to an error summary, so screen-reader and keyboard users hear what went wrong first.
  const summary = document.querySelector('.error-summary');
  if (summary instanceof HTMLElement) summary.focus();

  showLookalikesWhileTyping();
});

// On the submission form: published practices that look like the one being typed ("bestaat deze
// praktijk al?"). Without this script the same list appears on the review step.
function showLookalikesWhileTyping() {
  const box = document.getElementById('lookalikes');
  const title = document.getElementById('title');
  const form = title && title.form;
  if (!box || !(title instanceof HTMLInputElement) || !form) return;

  let timer;
  let lastQuery = '';
  const update = async () => {
    const params = new URLSearchParams({ title: title.value.trim() });
    for (const m of form.querySelectorAll('input[name="municipalities"]:checked')) params.append('municipality', m.value);
    const query = params.toString();
    if (query === lastQuery) return;
    lastQuery = query;
    if (title.value.trim().length < 4) {
      box.hidden = true;
      box.replaceChildren();
      return;
    }
    try {
      const response = await fetch(`/indienen/gelijkaardig?${query}`, { headers: { Accept: 'application/json' } });
      if (!response.ok) return;
      const { items } = await response.json();
      if (query !== lastQuery) return;
      render(items);
    } catch {
      // Offline or the server is busy: the review step shows the list anyway.
    }
  };

  const render = (items) => {
    box.replaceChildren();
    box.hidden = items.length === 0;
    if (items.length === 0) return;
    const heading = document.createElement('p');
    heading.className = 'lookalikes__title';
    heading.textContent = 'Bestaat deze praktijk al? Deze gepubliceerde praktijken lijken erop. Is de uwe een andere, ga dan gewoon verder.';
    const list = document.createElement('ul');
    for (const item of items) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = item.url;
      a.textContent = item.title;
      a.target = '_blank';
      a.rel = 'noopener';
      const place = document.createElement('span');
      place.className = 'hint';
      place.textContent = ` (${item.place}, opent in een nieuw venster)`;
      li.append(a, place);
      list.append(li);
    }
    box.append(heading, list);
  };

  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(update, 400);
  };
  title.addEventListener('input', later);
  form.addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.name === 'municipalities') later();
  });
}

// Text areas with a limit (data-max-chars): how much room is left, while typing. The form works
// without this: the server refuses a text that is too long, with its length, and never cuts it.
// The visible count changes at once; a screen reader hears it once, when typing pauses.
document.addEventListener('DOMContentLoaded', countCharactersWhileTyping);

function countCharactersWhileTyping() {
  for (const area of document.querySelectorAll('textarea[data-max-chars]')) {
    const max = Number(area.getAttribute('data-max-chars'));
    if (!(area instanceof HTMLTextAreaElement) || !Number.isInteger(max) || max <= 0) continue;
    const always = area.hasAttribute('data-count-always');
    const shown = document.createElement('p');
    shown.className = 'hint char-count';
    shown.id = `${area.id}-count`;
    shown.setAttribute('aria-hidden', 'true');
    const spoken = document.createElement('p');
    spoken.className = 'visually-hidden';
    spoken.id = `${area.id}-count-status`;
    spoken.setAttribute('aria-live', 'polite');
    area.after(shown, spoken);

    let timer;
    const tekens = (n) => `${n} ${n === 1 ? 'teken' : 'tekens'}`;
    const update = (speak) => {
      // As the server counts: one character per line break (a form sends CR LF, the server reads LF).
      const length = area.value.length;
      const over = length - max;
      const message = over > 0 ? `${tekens(over)} te veel: maak de tekst korter, anders kunt u niet verder.` : `Nog ${tekens(-over)} over van de ${max}.`;
      const visible = always || length >= max * 0.8;
      shown.hidden = !visible;
      shown.textContent = message;
      shown.classList.toggle('field-error', over > 0);
      clearTimeout(timer);
      if (!speak) return;
      timer = setTimeout(() => {
        spoken.textContent = visible ? message : '';
      }, 1000);
    };
    area.addEventListener('input', () => update(true));
    update(false);
  }
}
