// How the board pages write times and durations; the server's first paint uses the same rules
// (Reception.Web/Pages/Dashboard/Format.cs).

/** HH:MM on this screen's clock. */
export const clock = iso => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });

/** Seconds as a person reads a wait: "—", "< 1 min", "12 min", "1 h 05 min". */
export function duration(seconds) {
  if (seconds == null) return '—';
  if (seconds < 60) return '< 1 min';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
