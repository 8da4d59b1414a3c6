// Numbers, amounts, sizes and dates as a Flemish reader writes them: "€ 12.500", "0,5 VTE", "1,2 MB",
// "23 februari 2018". One place, so the page, the feed and the citation say them the same way.
import { dutchDayOf } from '../../domain/calendar.js';

const wholeEuro = new Intl.NumberFormat('nl-BE', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
const euroWithCents = new Intl.NumberFormat('nl-BE', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const decimal = new Intl.NumberFormat('nl-BE', { maximumFractionDigits: 2 });
const oneDecimal = new Intl.NumberFormat('nl-BE', { maximumFractionDigits: 1 });
const dayMonthYear = new Intl.DateTimeFormat('nl-BE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthYear = new Intl.DateTimeFormat('nl-BE', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "€ 12.500", or "€ 12.500,50" when there are cents. */
export function euro(amount: number): string {
  return (Number.isInteger(amount) ? wholeEuro : euroWithCents).format(amount);
}

/** "1.200", "0,5". */
export function dutchNumber(value: number): string {
  return decimal.format(value);
}

/** A file size as a reader expects it: "840 kB", "1,2 MB" (decimal units, as file managers show them). */
export function fileSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${Math.max(1, Math.round(bytes / 1000))} kB`;
  return `${oneDecimal.format(bytes / 1_000_000)} MB`;
}

/** A date as precise as the source gives it: "2018", "februari 2018", "23 februari 2018"; undefined when unreadable. */
export function partialDate(iso: string | undefined): { iso: string; label: string } | undefined {
  const match = iso === undefined ? null : /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso);
  if (!match || iso === undefined) return undefined;
  const [, year, month, day] = match;
  if (month === undefined) return { iso, label: year ?? iso };
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day ?? 1)));
  if (Number.isNaN(date.getTime())) return undefined;
  return { iso, label: (day === undefined ? monthYear : dayMonthYear).format(date) };
}

/** The year of a partial date ("2018-02" → "2018"). */
export function yearOf(iso: string | undefined): string | undefined {
  return iso === undefined ? undefined : /^(\d{4})/.exec(iso)?.[1];
}

/** An ISO timestamp as a Dutch date in Brussels ("25 november 2026"), with the machine-readable form for <time>. */
export function dateOfMoment(iso: string | undefined): { iso: string; label: string } | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : { iso: date.toISOString(), label: dutchDayOf(date) };
}
