// How the board pages write durations, in the page's language (the catalog's board.duration.*);
// the server's first paint uses the same rules (Reception.Web/Pages/Dashboard/Format.cs). Times of
// day are clock.js's (24-hour, the branch's clock); counts are i18n.js's number().
import { t } from '../i18n.js';

/** Seconds as a person reads a wait: "—", "< 1 min", "12 min", "1 h 05 min" (in the page's language). */
export function duration(seconds) {
  if (seconds == null) return t('board.duration.none');
  if (seconds < 60) return t('board.duration.underMinute');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t('board.duration.minutes', { minutes });
  return t('board.duration.hours', { hours: Math.floor(minutes / 60), minutes: String(minutes % 60).padStart(2, '0') });
}
