// A visit's "Edit details" form: name, phone, notes, priority, and a transfer to another service.
// Builds DOM only; the values go in as properties and text, never as markup.
import { h } from './dom.js';
import { t } from './i18n.js';
import { ltr } from './desk-words.js';

export function buildEditor(visit, services) {
  const id = suffix => `edit-${suffix}-${visit.id}`;
  const others = services.filter(s => s.id !== visit.serviceId);
  return h('form', { class: 'visit-edit', 'data-visit-id': visit.id, 'aria-label': t('desk.edit.form', { ticket: ltr(visit.ticket) }) },
    h('div', { class: 'field' }, h('label', { for: id('name') }, t('desk.field.name')),
      h('input', { id: id('name'), name: 'name', value: visit.name, required: true, maxlength: 200, autocomplete: 'off' })),
    h('div', { class: 'field' }, h('label', { for: id('phone') }, t('desk.field.phone')),
      h('input', { id: id('phone'), name: 'phone', type: 'tel', value: visit.phone ?? '', maxlength: 40, autocomplete: 'off', dir: 'ltr' })),
    h('div', { class: 'field wide' }, h('label', { for: id('notes') }, t('desk.field.notes')),
      h('textarea', { id: id('notes'), name: 'notes', rows: 2, maxlength: 2000 }, visit.notes ?? '')),
    h('div', { class: 'field check' },
      h('input', { id: id('priority'), name: 'priority', type: 'checkbox', checked: visit.priority === 1 }),
      h('label', { for: id('priority') }, t('desk.highPriority'))),
    h('div', { class: 'edit-buttons' },
      h('button', { type: 'submit' }, t('desk.edit.save')),
      h('button', { type: 'button', class: 'secondary', 'data-command': 'close-edit' }, t('desk.edit.close'))),
    others.length ? h('div', { class: 'transfer' },
      h('label', { for: id('service') }, t('desk.edit.transferTo')),
      h('select', { id: id('service'), name: 'transferTo', translate: 'no' }, others.map(s => h('option', { value: s.id }, s.name))),
      h('button', { type: 'button', class: 'secondary', 'data-command': 'transfer' }, t('desk.edit.transfer'))) : null);
}

/** The fields the receptionist changed (only those), or null after telling them what is wrong. */
export function readEditor(form, visit) {
  const name = form.elements.name.value.trim();
  if (!name) {
    form.elements.name.setCustomValidity(t('desk.edit.nameEmpty'));
    form.elements.name.reportValidity();
    form.elements.name.setCustomValidity('');
    return null;
  }
  const next = {
    name, phone: form.elements.phone.value.trim() || null, notes: form.elements.notes.value.trim() || null,
    priority: form.elements.priority.checked ? 1 : 0,
  };
  return Object.fromEntries(Object.entries(next).filter(([field, value]) => (visit[field] ?? null) !== value));
}
