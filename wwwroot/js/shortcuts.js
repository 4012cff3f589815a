// The desk's keyboard shortcuts, shown on screen next to what they do:
// - Alt+N: Call next;  Alt+R: the Name field of "Register a visitor";
// - "/": the queue's search box, only when not typing in a field (it is a character there);
// - Escape: closes the edit form the focus is in, or clears the search box.
// Keys are read by their position (event.code), so a keyboard layout or Alt+letter composing
// (macOS) does not change them.

const typing = target => target instanceof HTMLElement
  && (target.isContentEditable || target.closest('input, textarea, select') !== null);

/** targets: { callNext(), name(), search() } give elements; closeEditor(form) closes a visit's edit form. */
export function bindShortcuts(root, targets) {
  document.addEventListener('keydown', event => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey) return;
    const { target } = event;
    if (event.altKey && event.code === 'KeyN') {
      event.preventDefault();
      const button = targets.callNext();
      if (!button.disabled) button.click();
      button.focus();
    } else if (event.altKey && event.code === 'KeyR') {
      event.preventDefault();
      targets.name().focus();
    } else if (!event.altKey && event.key === '/' && !typing(target)) {
      event.preventDefault();
      targets.search().focus();
    } else if (event.key === 'Escape') {
      const form = target instanceof HTMLElement ? target.closest('form.visit-edit') : null;
      if (form && root.contains(form)) {
        event.preventDefault();
        targets.closeEditor(form);
      } else if (target === targets.search() && targets.search().value) {
        event.preventDefault();
        targets.search().value = '';
        targets.search().dispatchEvent(new Event('input'));
      }
    }
  });
}
