// Saying a call out loud on the public screen: a chime, then the ticket spoken (Web Speech API).
// Invariants:
// - what is spoken is built from the ticket and the desk only, worded from the catalog (the
//   display's keys, i18n.js), or is the sentence the caller wrote in its page's language (call.text);
//   it is spoken in the page's language (<html lang>: the display's is its branch's);
// - sound needs the browser's permission (autoplay rules): until someone clicks "Turn on sound"
//   (or the kiosk allows autoplay, which tryStart finds out at load), calls are shown, not heard,
//   and nothing queues up meanwhile.

import { t } from '../i18n.js';

/** "A-042" → "A 42": the speech engine then says "A forty-two", not "A dash zero four two". */
export function spokenTicket(ticket) {
  return String(ticket).split('-').map(part => (/^\d+$/.test(part) ? String(Number(part)) : part)).join(' ');
}

export function spokenText(call) {
  const ticket = spokenTicket(call.ticket);
  const desk = call.desk || t('display.spoken.theDesk');
  return t(call.kind === 'recalled' ? 'display.spoken.recalled' : 'display.spoken.called', { ticket, desk });
}

export function createAnnouncer() {
  const AudioContextClass = window.AudioContext ?? window.webkitAudioContext;
  const state = { audio: null };

  function audio() {
    if (!state.audio && AudioContextClass) state.audio = new AudioContextClass();
    return state.audio;
  }

  /** Two soft notes; resolves when they have played. */
  function chime() {
    const ctx = audio();
    if (!ctx || ctx.state !== 'running') return Promise.resolve();
    const start = ctx.currentTime + 0.02;
    [[880, 0], [660, 0.32]].forEach(([frequency, at]) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + at);
      gain.gain.exponentialRampToValueAtTime(0.35, start + at + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + at + 0.6);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start + at);
      osc.stop(start + at + 0.65);
    });
    return new Promise(resolve => setTimeout(resolve, 900));
  }

  function speak(text) {
    const synth = window.speechSynthesis;
    if (!synth || typeof window.SpeechSynthesisUtterance !== 'function') return;
    const utterance = new window.SpeechSynthesisUtterance(text);
    utterance.lang = document.documentElement.lang || 'en';
    utterance.rate = 0.9;
    synth.speak(utterance);
  }

  return {
    /** Whether the browser lets this page make sound without a click first. */
    get needsPermission() {
      const ctx = audio();
      return !!ctx && ctx.state !== 'running';
    },
    /**
     * Starts sound without a click where the browser allows it (a kiosk started with autoplay
     * allowed). Asks the browser's autoplay policy where it has one; otherwise tries, briefly:
     * a refused resume never settles, so it is not waited for.
     */
    async tryStart() {
      const ctx = audio();
      if (!ctx || ctx.state === 'running') return;
      if (navigator.getAutoplayPolicy?.('audiocontext') === 'disallowed') return;
      await Promise.race([ctx.resume().catch(() => {}), new Promise(resolve => setTimeout(resolve, 400))]);
    },
    /** Calls back when sound starts or stops working (the audio context's state changed). */
    onChange(callback) {
      audio()?.addEventListener('statechange', callback);
    },
    /** Call from a click: unlocks audio (and speech) for the rest of the page's life. */
    async enable() {
      const ctx = audio();
      if (ctx && ctx.state !== 'running') await ctx.resume().catch(() => {});
    },
    async announce(call) {
      await chime();
      speak(call.text ?? spokenText(call));
    },
  };
}
