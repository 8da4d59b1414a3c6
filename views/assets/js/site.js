// Progressive enhancement only: every page and form works without this script.
// Filters and the sort order apply when the user presses their button, not on every change: a page
// that reloads while someone is still ticking boxes is a change of context they did not ask for
// (WCAG 3.2.2).
document.addEventListener('DOMContentLoaded', () => {
  // Move focus to an error summary, so screen-reader and keyboard users hear what went wrong first.
  const summary = document.querySelector('.error-summary');
  if (summary instanceof HTMLElement) summary.focus();

  showLookalikesWhileTyping();
  foldFiltersOnNarrowScreens();
  for (const box of document.querySelectorAll('.facet__combobox')) municipalityCombobox(box);
});

// On the results page, on a narrow screen: the filters fold behind a "Filters (n)" button above the
// results (a disclosure: the panel opens in place, focus stays on the button). Without this script the
// stylesheet shows the filters after the results.
function foldFiltersOnNarrowScreens() {
  const aside = document.querySelector('.facets');
  const toggle = aside && aside.querySelector('.facets__toggle');
  const title = aside && aside.querySelector('.facets__title-text');
  const panel = document.getElementById('facets-panel');
  if (!aside || !toggle || !panel) return;
  const narrow = window.matchMedia('(max-width: 49.99em)');
  let open = false;
  const apply = () => {
    const folding = narrow.matches;
    aside.classList.toggle('facets--drawer', folding);
    aside.classList.toggle('facets--open', folding && open);
    toggle.hidden = !folding;
    if (title) title.hidden = folding;
    panel.hidden = folding && !open;
    toggle.setAttribute('aria-expanded', String(open));
  };
  toggle.addEventListener('click', () => {
    open = !open;
    apply();
  });
  panel.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || event.defaultPrevented || !narrow.matches || !open) return;
    open = false;
    apply();
    toggle.focus();
  });
  narrow.addEventListener('change', apply);
  apply();
}

// A municipality filter you can type into: the WAI-ARIA APG combobox with a listbox popup (list
// autocomplete), the municipalities of the current result grouped by province. Choosing one ticks
// its checkbox (added to the list if it was not among the most frequent); Enter in the empty box then
// applies the filters, as the form's button does. The options come from the "toon alle" page, the
// same list a visitor without this script uses.
let comboboxes = 0;
function municipalityCombobox(box) {
  const fieldset = box.closest('fieldset');
  const list = fieldset && fieldset.querySelector('.facet__values');
  const source = box.dataset.source;
  if (!fieldset || !list || !source) return;
  const key = fieldset.dataset.facet;
  const id = `combobox-${++comboboxes}`;
  const make = (tag, attributes = {}, text) => {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    if (text !== undefined) element.textContent = text;
    return element;
  };
  const label = make('label', { for: id, class: 'combobox__label' }, box.dataset.label || 'Zoek een gemeente');
  const input = make('input', {
    id,
    type: 'text',
    class: 'combobox__input',
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': `${id}-listbox`,
    'aria-describedby': `${id}-hint`,
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const listbox = make('div', { id: `${id}-listbox`, role: 'listbox', class: 'combobox__listbox', 'aria-label': 'Gemeenten' });
  listbox.hidden = true;
  const hint = make('p', { id: `${id}-hint`, class: 'hint combobox__hint' }, 'Typ een naam, kies met de pijltjes en Enter. Nog eens Enter past de filters toe.');
  const status = make('p', { class: 'visually-hidden', role: 'status' });
  const wrapper = make('div', { class: 'combobox' });
  wrapper.append(input, listbox);
  box.append(label, wrapper, hint, status);

  let groups;
  let loading;
  let shown = [];
  let active = -1;
  const fold = (text) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const load = () => {
    loading ??= fetch(source, { headers: { Accept: 'text/html' } })
      .then((response) => (response.ok ? response.text() : Promise.reject(new Error(String(response.status)))))
      .then((html) => {
        const page = new DOMParser().parseFromString(html, 'text/html');
        groups = [...page.querySelectorAll('.facet-list__group')].map((group) => ({
          label: group.dataset.group,
          options: [...group.querySelectorAll('input[type=checkbox]')].map((c) => ({ value: c.value, label: c.dataset.label, count: c.dataset.count })),
        }));
        if (input.value.trim() !== '') update(true);
      })
      .catch(() => {
        groups = [];
        status.textContent = 'De lijst met gemeenten kon niet geladen worden. Gebruik de link Toon alle gemeenten.';
      });
    return loading;
  };

  const close = () => {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const setActive = (index) => {
    if (shown.length === 0) return;
    active = (index + shown.length) % shown.length;
    shown.forEach((o, i) => o.element.setAttribute('aria-selected', String(i === active)));
    input.setAttribute('aria-activedescendant', shown[active].element.id);
    shown[active].element.scrollIntoView({ block: 'nearest' });
  };
  // Lists the municipalities whose name holds the typed letters (all of them for an empty box), by province.
  const update = (announce) => {
    if (!groups) return;
    const typed = fold(input.value.trim());
    listbox.replaceChildren();
    shown = [];
    active = -1;
    input.removeAttribute('aria-activedescendant');
    for (const [g, group] of groups.entries()) {
      const options = group.options.filter((o) => fold(o.label).includes(typed));
      if (options.length === 0) continue;
      const heading = make('div', { id: `${id}-group-${g}`, role: 'presentation', class: 'combobox__group-label' }, group.label);
      const element = make('div', { role: 'group', 'aria-labelledby': heading.id, class: 'combobox__group' });
      element.append(heading);
      for (const option of options) {
        const row = make('div', { id: `${id}-option-${option.value}`, role: 'option', 'aria-selected': 'false', class: 'combobox__option' }, `${option.label} (${option.count})`);
        row.addEventListener('mousedown', (event) => event.preventDefault());
        row.addEventListener('click', () => choose(option));
        element.append(row);
        shown.push({ option, element: row });
      }
      listbox.append(element);
    }
    listbox.hidden = shown.length === 0;
    input.setAttribute('aria-expanded', String(shown.length > 0));
    if (announce) status.textContent = shown.length === 0 ? `Geen gemeente met “${input.value.trim()}” in deze resultaten.` : `${shown.length} ${shown.length === 1 ? 'gemeente' : 'gemeenten'} gevonden.`;
  };
  const choose = (option) => {
    let checkbox = [...fieldset.querySelectorAll(`input[type=checkbox][name="${key}"]`)].find((c) => c.value === option.value);
    if (!checkbox) {
      const item = make('li', { class: 'facet__value' });
      checkbox = make('input', { type: 'checkbox', id: `f-${key}-${option.value}`, name: key, value: option.value });
      const text = make('label', { for: checkbox.id }, `${option.label} `);
      text.append(make('span', { class: 'facet__count' }, `(${option.count})`));
      item.append(checkbox, text);
      list.prepend(item);
    }
    checkbox.checked = true;
    input.value = '';
    close();
    status.textContent = `${option.label} is aangevinkt. Druk op Enter of kies Filters toepassen om te filteren.`;
  };

  input.addEventListener('focus', () => void load());
  input.addEventListener('input', () => {
    void load();
    if (input.value.trim() === '') close();
    else update(true);
  });
  input.addEventListener('blur', close);
  input.addEventListener('keydown', (event) => {
    const open = !listbox.hidden;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      if (!open) {
        void load().then(() => {
          update(false);
          if (!event.altKey) setActive(step === 1 ? 0 : shown.length - 1);
        });
      } else if (!event.altKey) setActive(active === -1 ? (step === 1 ? 0 : shown.length - 1) : active + step);
    } else if (event.key === 'Enter') {
      // With an option chosen by the arrows, Enter ticks it; otherwise Enter submits the form as usual.
      if (open && active >= 0) {
        event.preventDefault();
        choose(shown[active].option);
      } else if (input.value.trim() !== '') {
        // A name typed in full, or the one municipality left, is taken as it is.
        event.preventDefault();
        const typed = fold(input.value.trim());
        const exact = shown.find((o) => fold(o.option.label) === typed) ?? (shown.length === 1 ? shown[0] : undefined);
        if (exact) choose(exact.option);
      }
    } else if (event.key === 'Escape') {
      if (open) {
        event.preventDefault();
        close();
      } else if (input.value !== '') {
        event.preventDefault();
        input.value = '';
      }
    }
  });
}

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
