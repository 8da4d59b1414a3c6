// Days as Flanders counts them: a moment at 00:30 in Brussels belongs to that day, whatever UTC says.
// Imports nothing of ours, so the domain (a submission's date) and http (pages, exports) share it.

const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' });
const dutchDay = new Intl.DateTimeFormat('nl-BE', { timeZone: 'Europe/Brussels', day: 'numeric', month: 'long', year: 'numeric' });
const dutchDayAndTime = new Intl.DateTimeFormat('nl-BE', { timeZone: 'Europe/Brussels', dateStyle: 'long', timeStyle: 'short' });

/** The calendar day of a moment in Brussels, as ISO: "2026-12-01". */
export function calendarDayOf(moment: Date): string {
  return isoDay.format(moment);
}

/** The day of a moment in Brussels, as a Dutch reader writes it: "1 december 2026". */
export function dutchDayOf(moment: Date): string {
  return dutchDay.format(moment);
}

/** The day and time of a moment in Brussels: "1 december 2026 om 08:30". */
export function dutchDayAndTimeOf(moment: Date): string {
  return dutchDayAndTime.format(moment);
}
