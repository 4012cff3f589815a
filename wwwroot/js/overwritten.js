// Telling the desk whose value was overwritten. The desk that loses a conflict is told by its result;
// the desk whose earlier value another desk then replaced is told here, from the change feed:
// "Desk 2 changed the phone of A-003 to 555 0101." (kept as a message: { key, args })
// Invariants:
// - only fields this desk set itself (its applied register or edit, within MINE_KEPT_MS) count, and
//   only when the change came from another client;
// - these functions only touch the stores of the caller's transaction (metadata, notifications),
//   and await nothing else.
import { FIELDS } from './model.js';

const MINE_KEPT_MS = 30 * 60_000;
const mineKey = owner => `mine:${owner}`;

/** After an accepted register or edit: remember the stamps this desk's values got. */
export async function rememberMine(meta, owner, record, result) {
  const visit = result.visit;
  if (!visit || !['register', 'updateDetails'].includes(record.type)) return;
  const lost = new Set((result.conflicts ?? []).map(c => c.field));
  const fields = FIELDS.filter(f => f in record.args && !lost.has(f));
  if (!fields.length) return;
  const now = Date.now();
  const held = (await meta.get(mineKey(owner)))?.fields ?? [];
  const kept = held.filter(m => now - m.at < MINE_KEPT_MS && !(m.visitId === visit.id && fields.includes(m.field)));
  for (const field of fields) kept.push({ visitId: visit.id, field, version: visit.fieldVersions[field], at: now });
  await meta.put({ key: mineKey(owner), fields: kept });
}

/** Notes for the fields of `before` (this desk's values) that another client's `change` replaced. */
export async function overwrittenNotes(meta, owner, clientId, before, change, desks) {
  if (!before || change.clientId === clientId) return [];
  const mine = (await meta.get(mineKey(owner)))?.fields ?? [];
  const after = change.visit;
  const who = desks?.find(d => d.id === change.deskId)?.name ?? change.by ?? null;
  const scope = `owner:${owner}`;
  return mine
    .filter(m => m.visitId === after.id && before.fieldVersions?.[m.field] === m.version
      && after.fieldVersions?.[m.field] > m.version && after[m.field] !== before[m.field])
    .map(m => ({
      key: `${scope}:overwritten:${change.version}:${m.field}`, scope, kind: 'info', visitId: after.id,
      type: 'overwritten', at: new Date().toISOString(),
      // Worded when shown (desk-words.js): the field's name and value, in the desk's language.
      message: {
        key: who ? 'desk.notice.overwritten' : 'desk.notice.overwrittenByAnother',
        args: { who, field: m.field, ticket: after.ticket, name: after.name, value: after[m.field] ?? null },
      },
    }));
}
