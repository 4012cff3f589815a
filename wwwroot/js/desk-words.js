// The desk's words: every text the desk's modules show, from the catalog (i18n.js) in the language
// picked in the header. Invariants:
// - modules keep keys and values (a note's { key, args }, a status, an action type), never sentences;
//   they call these functions when they render, so a change of language renders them again;
// - a note from the server is worded by its code (`reasons.<reasonCode>` with its args) when the
//   catalog has it, else by the server's own sentence (an older server, a code not known yet);
// - tickets, phone numbers and times inside a sentence stay left to right in a right-to-left
//   language (Unicode isolates; none in a left-to-right one, so English texts are unchanged).
import { language, languages, t } from './i18n.js';

const LRI = '\u2066';
const PDI = '\u2069';

const rtl = () => languages().find(l => l.tag === language())?.dir === 'rtl';

/** Data that reads left to right (a ticket, a phone number, a time), kept so inside a right-to-left sentence. */
export const ltr = text => (text != null && rtl() ? `${LRI}${text}${PDI}` : text);

/** Whether the catalog has `key` (t shows an unknown key as itself). */
export const known = key => t(key) !== key;

/** A place in line: "1st", "2nd" in English, "1." in German, by the language's ordinal rules. */
export function ordinal(n) {
  const tag = languages().find(l => l.tag === language())?.plural ?? 'en';
  const category = new Intl.PluralRules(tag, { type: 'ordinal' }).select(n);
  return t(known(`desk.ordinal-${category}`) ? `desk.ordinal-${category}` : 'desk.ordinal-other', { count: n });
}

/** "A-003 Ada Lovelace": how a visit is named in a sentence. */
export const visitName = visit => `${ltr(visit.ticket)} ${visit.name}`;

export const verb = type => (known(`desk.verb.${type}`) ? t(`desk.verb.${type}`) : type);

export const statusText = status => (known(`desk.status.${status}`) ? t(`desk.status.${status}`) : status);

export const fieldName = field => (known(`desk.field.${field}`) ? t(`desk.field.${field}`) : field);

export const fieldInSentence = field => (known(`desk.fieldLower.${field}`) ? t(`desk.fieldLower.${field}`) : field);

/** A list of names, as the language joins them. */
export const list = names => names.join(t('desk.list.separator'));

/** "name and phone". */
export const fieldsInSentence = fields => fields.map(fieldInSentence)
  .reduce((all, next, i) => (i === 0 ? next : t('desk.fields.and', { first: all, second: next })), '');

/** A field's value as the desk shows it in a conflict or a notice. */
export function fieldValue(field, value, quoted = false) {
  if (field === 'priority') return t(Number(value) === 1 ? 'desk.priority.high' : 'desk.priority.normal');
  if (field === 'status') return statusText(value);
  if (value === null || value === undefined || value === '') return t('desk.value.empty');
  const text = field === 'phone' ? ltr(String(value)) : String(value);
  return quoted ? `"${text}"` : text;
}

/**
 * A note's sentence (a rejection's reason, a notice): its { key, args } from the catalog, else the
 * server's sentence. `reasonCode` rejections: the catalog's `reasons.<code>`.
 */
export function noteText(note) {
  const m = note.message;
  if (m?.key && known(m.key)) return t(m.key, wordArgs(m.args ?? {}));
  return note.reason ?? '';
}

// Arguments a note keeps as keys or raw values, worded when shown: a field's name and value, the
// fields a reason names (the engine's "name, phone"), a ticket (left to right).
function wordArgs(args) {
  const worded = { ...args };
  if (typeof args.fields === 'string') worded.fields = fieldsInSentence(args.fields.split(',').map(f => f.trim()).filter(Boolean));
  if (args.field) {
    worded.field = fieldInSentence(args.field);
    if ('value' in args) worded.value = fieldValue(args.field, args.value, true);
  }
  for (const name of ['ticket', 'now', 'was']) if (args[name] != null) worded[name] = ltr(args[name]);
  return worded;
}

export function ago(ms) {
  if (ms == null) return t('desk.ago.never');
  const s = Math.round(ms / 1000);
  if (s < 5) return t('desk.ago.justNow');
  if (s < 60) return t('desk.ago.seconds', { count: s });
  const m = Math.floor(s / 60);
  if (m < 60) return t('desk.ago.minutes', { count: m });
  return t('desk.ago.hours', { hours: Math.floor(m / 60), minutes: m % 60 });
}

export function duration(ms) {
  if (ms == null) return t('desk.none');
  const s = Math.round(ms / 1000);
  if (s < 60) return t('desk.duration.seconds', { count: s });
  const m = Math.floor(s / 60);
  return m < 60 ? t('desk.duration.minutes', { count: m }) : t('desk.duration.hours', { hours: Math.floor(m / 60), minutes: m % 60 });
}

/**
 * A refusal of the whole outbox ({ code, message } from sync.js): the desk's own words for its code
 * (desk.refusal.<code>: an unexpected error, whose only words are the SignalR client's English), else
 * the catalog's problems.<code>, else the server's words (in the language the connection was opened in).
 */
export function problemText(error) {
  if (typeof error === 'string') return error;
  if (error.code && known(`desk.refusal.${error.code}`)) return t(`desk.refusal.${error.code}`);
  return error.code && known(`problems.${error.code}`) ? t(`problems.${error.code}`) : error.message ?? '';
}
