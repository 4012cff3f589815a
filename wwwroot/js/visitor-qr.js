// The desk's "QR" button (card.js): a dialog with the QR code of a visitor's status page and its
// link, for the visitor to scan or be sent, and Print for a slip to hand over (desk-qr.css prints
// the dialog alone: the ticket in large type, the code, the link). Invariants:
// - the code comes from the card's data-code (the server's, never made up here); the picture is the
//   server's /v/{code}/qr.svg, for staff only;
// - one dialog for the page, built once, text through textContent only.
import { h } from './dom.js';

let dialog = null;

function build() {
  const link = h('a', { class: 'qr-link', target: '_blank', rel: 'noreferrer noopener' });
  const image = h('img', { class: 'qr-image', width: '240', height: '240', alt: '' });
  const title = h('h2', { id: 'qr-title' });
  const ticket = h('p', { class: 'qr-ticket print-only' });
  const print = h('button', { type: 'button', class: 'secondary' }, 'Print');
  print.addEventListener('click', () => window.print());
  const close = h('button', { type: 'submit', value: 'close' }, 'Close');
  dialog = h('dialog', { id: 'qr-dialog', class: 'qr-dialog', 'aria-labelledby': 'qr-title' },
    h('form', { method: 'dialog' },
      title,
      ticket,
      h('p', { class: 'qr-hint screen-only' }, 'The visitor scans this with their phone to follow their place in line.'),
      h('p', { class: 'qr-hint print-only' }, "Scan with your phone's camera to follow your place in line."),
      image,
      h('p', { class: 'qr-address' }, link),
      h('div', { class: 'qr-buttons' }, print, close)));
  document.body.append(dialog);
  return { link, image, title, ticket, close };
}

let parts = null;

function open(code, ticket) {
  parts ??= build();
  const address = `${location.origin}/v/${encodeURIComponent(code)}`;
  parts.title.textContent = `Status page of ${ticket}`;
  parts.ticket.textContent = ticket;
  parts.image.src = `/v/${encodeURIComponent(code)}/qr.svg`;
  parts.image.alt = `QR code of the link to ${ticket}'s status page`;
  parts.link.href = address;
  parts.link.textContent = address;
  dialog.showModal();
  parts.close.focus();
}

document.addEventListener('click', e => {
  const button = e.target.closest?.('button[data-command="qr"]');
  if (button) open(button.dataset.code, button.dataset.ticket);
});
