// A visit's "Edit details" form: name, phone, notes, priority, and a transfer to another service.
// Builds DOM only; the values go in as properties and text, never as markup.
import { h } from './dom.js';

export function buildEditor(visit, services) {
  const id = suffix => `edit-${suffix}-${visit.id}`;
  const others = services.filter(s => s.id !== visit.serviceId);
  return h('form', { class: 'visit-edit', 'data-visit-id': visit.id, 'aria-label': `Edit ${visit.ticket}` },
    h('div', { class: 'field' }, h('label', { for: id('name') }, 'Name'),
      h('input', { id: id('name'), name: 'name', value: visit.name, required: true, maxlength: 200, autocomplete: 'off' })),
    h('div', { class: 'field' }, h('label', { for: id('phone') }, 'Phone'),
      h('input', { id: id('phone'), name: 'phone', type: 'tel', value: visit.phone ?? '', maxlength: 40, autocomplete: 'off' })),
    h('div', { class: 'field wide' }, h('label', { for: id('notes') }, 'Notes'),
      h('textarea', { id: id('notes'), name: 'notes', rows: 2, maxlength: 2000 }, visit.notes ?? '')),
    h('div', { class: 'field check' },
      h('input', { id: id('priority'), name: 'priority', type: 'checkbox', checked: visit.priority === 1 }),
      h('label', { for: id('priority') }, 'High priority')),
    h('div', { class: 'edit-buttons' },
      h('button', { type: 'submit' }, 'Save changes'),
      h('button', { type: 'button', class: 'secondary', 'data-command': 'close-edit' }, 'Close')),
    others.length ? h('div', { class: 'transfer' },
      h('label', { for: id('service') }, 'Transfer to'),
      h('select', { id: id('service'), name: 'transferTo' }, others.map(s => h('option', { value: s.id }, s.name))),
      h('button', { type: 'button', class: 'secondary', 'data-command': 'transfer' }, 'Transfer')) : null);
}

/** The fields the receptionist changed (only those), or null after telling them what is wrong. */
export function readEditor(form, visit) {
  const name = form.elements.name.value.trim();
  if (!name) {
    form.elements.name.setCustomValidity('The name cannot be empty.');
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
