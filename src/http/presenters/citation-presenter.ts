// How to cite a practice, APA-style, in Dutch: who, when, what, where, and the day it was consulted.
// "When" is the year of the source text, not the day the record reached the database.
import type { Practice } from '../../domain/practice.js';
import { paths } from '../../paths.js';
import { absoluteUrl } from '../public-url.js';
import { yearOf } from './dutch-format.js';
import { SITE_NAME } from './linked-data.js';
import { dutchDayOf } from '../../domain/calendar.js';


export interface CitationView {
  /** The organisation behind the practice: its contact organisation, else the source's publisher, else Praktijkbank. */
  readonly author: string;
  /** Year of the source text (source.date); "z.d." (zonder datum) when the source has no date. */
  readonly year: string;
  readonly title: string;
  /** The full stop after the title, unless the title ends in one of its own. */
  readonly titleEnd: string;
  readonly site: string;
  readonly url: string;
  /** Today, in Dutch ("5 maart 2026"). */
  readonly consultedOn: string;
  /** The whole citation as one line of text, ready to copy. */
  readonly text: string;
}

export function citationOf(practice: Practice, origin: string, now: Date = new Date()): CitationView {
  const author = practice.contactOrganisation ?? practice.source.publisher ?? SITE_NAME;
  const year = yearOf(practice.source.date) ?? 'z.d.';
  const url = absoluteUrl(origin, paths.practice(practice.slug));
  const consultedOn = dutchDayOf(now);
  // An author ending in a full stop ("vzw.") gets no second one.
  const authorPart = /[.!?]$/.test(author) ? author : `${author}.`;
  const titleEnd = /[.!?]$/.test(practice.title) ? '' : '.';
  return {
    author: authorPart,
    year,
    title: practice.title,
    titleEnd,
    site: `${SITE_NAME}.`,
    url,
    consultedOn,
    text: `${authorPart} (${year}). ${practice.title}${titleEnd} ${SITE_NAME}. Geraadpleegd op ${consultedOn}, van ${url}`,
  };
}
