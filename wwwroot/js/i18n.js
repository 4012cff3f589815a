// Every word a page shows, in the visitor's language. The page carries its catalogs
// (<script type="application/json" id="i18n">, Reception.Web/Languages/PageLanguages.cs), so picking
// a language works at once and offline. Invariants:
// - a text is a catalog key and its arguments; `t` never invents words: a key it does not know
//   shows as the key (the catalog tests keep that from happening);
// - a plural text's form is chosen by its `count` with Intl.PluralRules, as the server chooses it
//   (Reception.Web/Languages/PluralRules.cs); numbers are written with Intl.NumberFormat, in Western
//   digits in every language, as the times are (clock.js);
// - elements the server marked with data-i18n (text, data-i18n-args its arguments) or
//   data-i18n-attr-{attribute} (Reception.Web/Languages/TextTagHelper.cs) are written again on
//   a change of language, and so is <html lang dir>; modules that write text themselves listen with
//   onLanguage and render again;
// - the choice is remembered in the cookie the server reads first (ASP.NET Core's culture cookie),
//   unless the page asks not to (a kiosk goes back to its own language for the next visitor).

const COOKIE = '.AspNetCore.Culture';
const YEAR_S = 365 * 24 * 3600;
// A page without a catalog still loads modules that word things (a test opening leases.js on the
// sign-in page): there `t` answers keys, as it does for a key it does not know.
const data = JSON.parse(document.getElementById('i18n')?.textContent ?? '{"lang":"en","languages":[],"catalogs":{}}');
const offered = [...data.languages, ...(data.pseudo ? [data.pseudo] : [])];
const s = { lang: data.lang };
const listeners = new Set();
const formats = new Map();

const languageOf = tag => offered.find(l => l.tag === tag) ?? offered[0];

function formatter(kind, locale, make) {
  const key = `${kind}:${locale}`;
  if (!formats.has(key)) formats.set(key, make());
  return formats.get(key);
}

/** A number as the language writes it. */
export function number(n) {
  const { plural } = languageOf(s.lang);
  return formatter('number', plural, () => new Intl.NumberFormat(plural, { numberingSystem: 'latn', maximumFractionDigits: 0 })).format(n);
}

/** The form of a plural text for `count` (zero, one, two, few, many, other). */
export function pluralCategory(count, tag = s.lang) {
  const { plural } = languageOf(tag);
  return formatter('plural', plural, () => new Intl.PluralRules(plural)).select(count);
}

/** The text of `key` with its {arguments}; `args.count` picks a plural form. */
export function t(key, args = {}) {
  const entry = data.catalogs[s.lang]?.[key];
  let text = typeof entry === 'object' && entry ? (entry[pluralCategory(args.count ?? 0)] ?? entry.other) : entry;
  if (text == null) return key;
  return text.replace(/\{([A-Za-z]+)\}/g, (whole, name) => {
    const value = args[name];
    if (value == null) return whole;
    // A phrase inside a sentence, itself a text of the catalog ({ key, args }), in the same language.
    if (typeof value === 'object' && value.key) return t(value.key, value.args ?? {});
    // A value the server wrote in each language (a day), by tag.
    if (typeof value === 'object') return value[s.lang] ?? value.en ?? whole;
    return typeof value === 'number' ? number(value) : String(value);
  });
}

/** A text the server sent as { key, args }; null stays null. */
export const message = m => (m ? t(m.key, m.args ?? {}) : null);

export const language = () => s.lang;

/** The languages the picker offers: { tag, name (in itself), dir }. */
export const languages = () => data.languages;

const ATTR = 'data-i18n-attr-';

/** Writes again every element the server marked with data-i18n / data-i18n-attr-{attribute}. */
export function apply(root = document) {
  for (const node of root.querySelectorAll('[data-i18n]')) {
    node.textContent = t(node.dataset.i18n, node.dataset.i18nArgs ? JSON.parse(node.dataset.i18nArgs) : {});
  }
  for (const node of root.querySelectorAll('*')) {
    for (const { name, value } of [...node.attributes]) {
      if (name.startsWith(ATTR)) node.setAttribute(name.slice(ATTR.length), t(value));
    }
  }
}

/** Calls `listener(tag)` after every change of language. */
export function onLanguage(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function setLanguage(tag, { remember = true } = {}) {
  if (!data.catalogs[tag] || tag === s.lang) return;
  s.lang = tag;
  document.documentElement.lang = tag;
  document.documentElement.dir = languageOf(tag).dir;
  if (remember) {
    const value = encodeURIComponent(`c=${tag}|uic=${tag}`);
    document.cookie = `${COOKIE}=${value}; path=/; max-age=${YEAR_S}; samesite=lax`;
  }
  apply();
  for (const listener of listeners) listener(tag);
}

/** A <select> becomes the language picker: each language named in itself, the current one chosen. */
export function picker(select, options = {}) {
  const fill = () => {
    select.replaceChildren(...offered.filter(l => data.catalogs[l.tag]).map(l => {
      const option = document.createElement('option');
      option.value = l.tag;
      option.lang = l.tag;
      option.textContent = l.name;
      option.selected = l.tag === s.lang;
      return option;
    }));
  };
  fill();
  select.addEventListener('change', () => setLanguage(select.value, options));
  onLanguage(() => { select.value = s.lang; });
}
