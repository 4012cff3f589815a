// One time format everywhere: 24-hour HH:MM on the branch's wall clock (its IANA time zone), whatever
// the zone of the device showing it. The server's pages follow the same rule
// (Reception.Sync/Dashboard/BranchZone.cs, BranchZone.Clock).

const formats = new Map();

function formatIn(timeZone) {
  const zone = timeZone || 'UTC';
  let format = formats.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone });
    } catch {
      // An id this browser does not know counts as UTC, as on the server.
      format = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });
    }
    formats.set(zone, format);
  }
  return format;
}

/** "15:58": an ISO time (or Date) on the branch's clock; "—" for none. */
export function clock(at, timeZone) {
  if (at == null) return '—';
  const date = at instanceof Date ? at : new Date(at);
  return Number.isNaN(date.getTime()) ? '—' : formatIn(timeZone).format(date);
}
