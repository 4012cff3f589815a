// The header's language picker, for signed-in staff (Pages/Shared/_Layout.cshtml): each language
// named in itself. Picking one changes the page at once (i18n.js rewrites what the server marked and
// modules render again), and saves it on the login (POST /account/language), so any computer the
// person signs in on speaks it. A page whose modules do not speak yet (no data-i18n-live) is loaded
// again, in the new language, once the choice is saved.
import { picker } from './i18n.js';

const select = document.getElementById('header-language');

async function save() {
  const form = select.form;
  try {
    const response = await fetch(form.action, {
      method: 'POST', body: new FormData(form), credentials: 'same-origin', headers: { Accept: 'application/json' },
    });
    document.documentElement.dataset.languageSaved = response.ok ? select.value : 'failed';
  } catch {
    // Offline: this browser's cookie holds the choice; the login's is saved the next time it is picked.
    document.documentElement.dataset.languageSaved = 'failed';
  }
  if (!document.documentElement.dataset.i18nLive) location.reload();
}

if (select && document.getElementById('i18n')) {
  picker(select);
  select.addEventListener('change', save);
}
