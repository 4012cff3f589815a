// "It's your turn": every way a phone can get a visitor's attention, once per call. Invariants:
// - each call alerts once: a chime and the ticket spoken (Web Audio and speech, once the visitor
//   has allowed sound), a vibration where the phone has one, the title flashing until the page is
//   looked at, and a screen-reader announcement;
// - every alert is also told as a "visitor-alert" event on document, which the browser tests count;
// - nothing here reads anything but the ticket and the sentences the page wrote (shown and spoken).
import { createAnnouncer } from '../board/announce.js';

const FLASH_MS = 1_000;
const FLASH_FOR_MS = 60_000;
const VIBRATION = [400, 200, 400, 200, 400];

export function createAlert(announceNode) {
  const announcer = createAnnouncer();
  const s = { timer: 0, base: document.title, alerts: 0 };

  function stopFlashing() {
    clearInterval(s.timer);
    s.timer = 0;
    document.title = s.base;
  }

  function flash(text) {
    stopFlashing();
    const started = Date.now();
    let on = false;
    s.timer = setInterval(() => {
      on = !on;
      document.title = on ? `🔔 ${text}` : s.base;
      if (Date.now() - started > FLASH_FOR_MS || (document.visibilityState === 'visible' && document.hasFocus() && Date.now() - started > 5 * FLASH_MS)) {
        stopFlashing();
      }
    }, FLASH_MS);
  }

  return {
    /** Whether sound still waits for the visitor's tap (the browser's autoplay rules). */
    get needsPermission() { return announcer.needsPermission; },
    /** Call from a tap. */
    enableSound: () => announcer.enable(),
    /** What the title goes back to between flashes. */
    set title(value) {
      s.base = value;
      if (!s.timer) document.title = value;
    },
    /** spoken(kind): the sentence to say, for a first call or a recall. */
    call({ ticket, headline, spoken }) {
      const kind = s.alerts++ === 0 ? 'called' : 'recalled';
      document.dispatchEvent(new CustomEvent('visitor-alert', { detail: { kind } }));
      try { navigator.vibrate?.(VIBRATION); } catch { /* not allowed before a tap: the other alerts still run */ }
      announcer.announce({ ticket, kind, text: spoken(kind) }).catch(() => {});
      // Emptied first, so the same sentence (a recall) is announced again.
      announceNode.textContent = '';
      setTimeout(() => { announceNode.textContent = headline; }, 50);
      flash(headline);
    },
  };
}
