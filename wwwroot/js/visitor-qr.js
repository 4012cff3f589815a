// The desk's "QR" button (card.js): a dialog with the QR code of a visitor's status page and its
// link, for the visitor to scan or be sent, and Print for a slip to hand over (desk-qr.css prints
// the dialog alone: the ticket in large type, the code, the link). Invariants:
// - the code comes from the card's data-code (the server's, never made up here); the picture is the
//   server's /v/{code}/qr.svg, for staff only;
// - one dialog for the page, built once, text through textContent only.
import { h } from './dom.js';
import { onLanguage, t } from './i18n.js';
import { ltr } from './desk-words.js';

let dialog = null;

function build() {
  const link = h('a', { class: 'qr-link', target: '_blank', rel: 'noreferrer noopener' });
  const image = h('img', { class: 'qr-image', width: '240', height: '240', alt: '' });
  const title = h('h2', { id: 'qr-title' });
  const ticket = h('p', { class: 'qr-ticket print-only', translate: 'no', dir: 'ltr' });
  const print = h('button', { type: 'button', class: 'secondary' });
  print.addEventListener('click', () => window.print());
  const close = h('button', { type: 'submit', value: 'close' });
  const hint = h('p', { class: 'qr-hint screen-only' });
  const printHint = h('p', { class: 'qr-hint print-only' });
  dialog = h('dialog', { id: 'qr-dialog', class: 'qr-dialog', 'aria-labelledby': 'qr-title' },
    h('form', { method: 'dialog' },
      title,
      ticket,
      hint,
      printHint,
      image,
      h('p', { class: 'qr-address', translate: 'no', dir: 'ltr' }, link),
      h('div', { class: 'qr-buttons' }, print, close)));
  document.body.append(dialog);
  return { link, image, title, ticket, close, print, hint, printHint };
}

let parts = null;
let shown = null;

// The dialog's words, in the desk's language (again after a change of language).
function word() {
  if (!parts || !shown) return;
  parts.title.textContent = t('desk.qr.title', { ticket: ltr(shown) });
  parts.image.alt = t('desk.qr.alt', { ticket: ltr(shown) });
  parts.print.textContent = t('desk.qr.print');
  parts.close.textContent = t('desk.qr.close');
  parts.hint.textContent = t('desk.qr.hint');
  parts.printHint.textContent = t('desk.qr.printHint');
}

onLanguage(word);

function open(code, ticket) {
  parts ??= build();
  shown = ticket;
  const address = `${location.origin}/v/${encodeURIComponent(code)}`;
  word();
  parts.ticket.textContent = ticket;
  parts.image.src = `/v/${encodeURIComponent(code)}/qr.svg`;
  parts.link.href = address;
  parts.link.textContent = address;
  dialog.showModal();
  parts.close.focus();
}

document.addEventListener('click', e => {
  const button = e.target.closest?.('button[data-command="qr"]');
  if (button) open(button.dataset.code, button.dataset.ticket);
});
